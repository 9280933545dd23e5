/*
 * pdf_book.h - book.yaml: what a PDF book holds.
 *
 *   # content/guides/participation-guidebook/book.yaml
 *   title: {ka: ..., en: ...}          # default: the _index page's title
 *   subtitle: {ka: ..., en: ...}
 *   authors: [{ka: ..., en: ...}]      # or {ka: [...], en: [...]}, or text
 *   languages: [ka, en]                # default: every site language
 *   introduction: _index               # optional, unnumbered; or
 *                                      # {page: _index, title: {...},
 *                                      #  omit: [contents, sarchevi]}
 *   chapters: [01-why-participation, 02-legal-framework]
 *                                      # <dir>/<name>.<lang>.md
 *   cover: cover.jpg                   # optional, beside book.yaml
 *   page: A4                           # A4, A5, B5, letter, or
 *                                      # {width: 170mm, height: 240mm}
 *   output: participation-guidebook    # out/pdf/<output>.<lang>.pdf;
 *                                      # default: the directory's name
 *   date: 2023-09-30                   # edition date: the PDF's dates
 *   numbering: 2                       # number headings down to h2
 *   colophon:
 *     project: {ka: ..., en: ...}      # default: the site's title
 *     partners: [{ka: ..., en: ...}]
 *     donor: {ka: ..., en: ...}
 *     licence: {ka: ..., en: ...}
 *     edition: {ka: ..., en: ...}
 *     note: {ka: ..., en: ...}
 *
 * Texts are plain strings or per-language maps.  Problems are errors at
 * book.yaml:line:col (a missing chapter file, an unknown language, a bad
 * page size or date); unknown keys are warnings.
 */
#ifndef CSO_PDF_BOOK_H
#define CSO_PDF_BOOK_H

#include "err.h"
#include "site.h"
#include "value.h"

typedef struct pdf_book {
	char *path;        /* "content/guides/x/book.yaml", for errors */
	char *dir;         /* "guides/x": the page dir of its chapters */
	char *output;      /* file name base */
	value *raw;        /* the file (owned); texts are read from it */
	int langs[CFG_MAX_LANGS];   /* indexes into the site's languages */
	size_t nlangs;
	char **chapters;   /* names, in order */
	size_t nchapters;
	char *intro;       /* page name of the introduction, or NULL */
	double width, height;  /* page size in points */
	char *date;        /* "2023-09-30", or NULL */
	char *cover;       /* image path, or NULL */
	int numbering;     /* deepest numbered heading level (1: chapters) */
} pdf_book;

/* Every content/<...>/book.yaml, in path order, checked against the
 * site (languages, chapter pages).  A book with errors is left out and
 * its problems go to errs.  *n gets the count. */
pdf_book **pdf_books_load(const site *s, size_t *n, err_list *errs);
/* Free the books and the array. */
void pdf_books_free(pdf_book **b, size_t n);

/* A text of the book in language lang: raw[key] (a dotted path, e.g.
 * "colophon.donor"), as text or picked from a {ka, en} map.  NULL when
 * absent. */
const char *pdf_book_text(const pdf_book *b, const char *key, const char *lang);

/* The list at key in language lang: a list of texts or maps, or a map
 * of lists per language, or one text.  Returns a new list of strings
 * (caller unrefs); empty when absent. */
value *pdf_book_list(const pdf_book *b, const char *key, const char *lang);

/* The page of chapter name in language lang, or NULL. */
page *pdf_book_page(const site *s, const pdf_book *b, const char *name, int lang);

/* The output file, relative to the output root: "pdf/NAME.LANG.pdf".
 * Caller frees. */
char *pdf_book_file(const pdf_book *b, const char *lang);

/* A text of a value that may be a per-language map (NULL otherwise). */
const char *pdf_lang_text(const value *v, const char *lang);

#endif

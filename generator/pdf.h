/*
 * pdf.h - PDF guidebooks typeset by csogen itself (Pango + Cairo, no
 * TeX, no browser) from the same Markdown as the site.
 *
 * content/<section>/<book>/book.yaml names a book (see pdf_book.h); each
 * becomes out/pdf/<output>.<lang>.pdf: a cover, a title page with the
 * colophon, a table of contents with page numbers, then the chapters
 * with numbered headings, justified and hyphenated text, lists, quotes,
 * code, tables (GFM and ```table; the header row repeats after a page
 * break), images (JPEG embedded as it is), charts (vector, from
 * chart.h), footnotes at the page foot, links (inside the book they go
 * to the place in the book), running heads, page numbers, bookmarks
 * and document metadata.  The same input gives the same bytes.
 *
 * Modules: pdf_book.c reads book.yaml, pdf_doc.c turns Markdown into
 * blocks, pdf_layout.c sets blocks into lines, boxes and pages,
 * pdf_draw.c draws pages, pdf.c puts a book together; hyphen.c gives
 * hyphenation points.
 */
#ifndef CSO_PDF_H
#define CSO_PDF_H

#include <cairo.h>
#include <pango/pango.h>

#include "err.h"
#include "hyphen.h"
#include "output.h"
#include "site.h"
#include "tables.h"
#include "value.h"

/* Write every book in every one of its languages into o->tmp/pdf/.
 * Books are typeset one after another (see pdf.c).  Problems in
 * book.yaml are errors at book.yaml:line:col, problems in a chapter at
 * the chapter's path:line:col.  Returns the number of files written, or
 * -1 when there was an error. */
long pdf_write_books(const site *s, outdir *o, err_list *errs);

struct pdf_book;

/* Typeset one book (pdf_book.h) in language lang (an index into the
 * site's languages) and hand the PDF, as Cairo writes it, to
 * write(closure, ...): what pdf_write_books does for each file before
 * its repairs and out_write (and what tests/fuzz/fuzz_pdf.c drives).
 * hy: the language's hyphenation patterns, or NULL; fm: the font map
 * to lay out with (see pl_book_layout).  Returns 0, or -1 when Cairo
 * could not make the file (an error in errs); problems of the chapters
 * go to errs either way. */
int pdf_typeset(const site *s, const struct pdf_book *b, int lang, const hyph *hy,
		PangoFontMap *fm, cairo_write_func_t write, void *closure, err_list *errs);

/* What the site links to: a map from page URL to {url, size_kb, pages,
 * title, lang} of the PDF of the book that page belongs to, in the
 * page's language.  Pages that belong to a book are its chapters and
 * the index page of its directory.  Reads the sizes of the files
 * pdf_write_books wrote into o->tmp (so call it after that; a book not
 * written has no entry).  Caller unrefs.  For a template:
 *
 *   value *links = pdf_book_links(s, o);
 *   value *pdf = val_get(links, p->url);   -- NULL: no book
 */
value *pdf_book_links(const site *s, const outdir *o);

/* The chart spec of a ```chart block, with its data bound the way the
 * site binds it (figures.c): when the spec has a 'source', the rows are
 * found as ```table finds them (computed results first, or data.NAME),
 * 'filter' ({key: text}) keeps some, 'limit' the first N, and each row
 * gives a label ('label': a key) and one value per series ('series':
 * [{key: p2.index_1, name: ...}]; values that are not numbers are
 * "no data").  Texts ({ka, en} maps) are picked for env->lang; a spec
 * without 'source' has only its texts picked.  Returns a new spec for
 * chart_new (caller unrefs), or NULL with errors at path:line:col.
 * (One binder for both would be better: see the notes in pdf.c.) */
value *pdf_chart_spec(const value *spec, const tbl_env *env, const char *path,
		      err_list *errs);

#endif

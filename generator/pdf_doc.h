/*
 * pdf_doc.h - a book's content as blocks: the Markdown of its pages
 * (through cmark-gfm's tree, not HTML) turned into headings, paragraphs
 * of styled text, lists, quotes, code, tables, images, charts and
 * footnotes, with every link resolved either to a destination inside
 * the book or to an absolute URL.  Nothing here knows about pages or
 * fonts: pdf_layout.c sets these blocks on pages.
 */
#ifndef CSO_PDF_DOC_H
#define CSO_PDF_DOC_H

#include <cairo.h>
#include <stddef.h>

#include "buf.h"
#include "chart.h"
#include "err.h"
#include "hyphen.h"
#include "site.h"
#include "tables.h"

/* ---- styled text ---- */

enum {
	ST_BOLD = 1,
	ST_ITALIC = 2,
	ST_CODE = 4,
	ST_LINK = 8,
	ST_STRIKE = 16,
	ST_SUP = 32      /* footnote marks */
};

typedef struct rt_span {
	size_t start, end;   /* bytes of rtext.text */
	int style;
	int link;            /* index into the doc's links, or -1 */
} rt_span;

/* A paragraph's text: UTF-8 with soft hyphens already in place, and the
 * styled ranges over it. */
typedef struct rtext {
	buf text;
	rt_span *spans;
	size_t nspans, capspans;
	int *fns;            /* footnotes (doc indexes) marked in the text */
	size_t *fn_at;       /* byte offset of each mark */
	size_t nfns, capfns;
} rtext;

/* ---- links ---- */

typedef struct pdf_link {
	char *url;           /* as written */
	char *uri;           /* resolved: an absolute URL, or NULL */
	char *dest;          /* resolved: a destination in the book, or NULL */
	int chapter;         /* where it was written, for relative URLs */
} pdf_link;

/* ---- blocks ---- */

typedef enum {
	BK_PARA, BK_HEADING, BK_LIST, BK_QUOTE, BK_CODE, BK_TABLE, BK_IMAGE, BK_CHART, BK_RULE
} block_kind;

typedef struct block block;

typedef struct b_heading {
	int level;           /* 2.. (the chapter title is level 1) */
	rtext text;
	char *number;        /* "4.1", or NULL */
	char *id;            /* the id the site gives it */
	char *dest;          /* "c4-<id>" */
	char *plain;         /* the text without marks, for the outline and TOC */
} b_heading;

typedef struct b_list {
	int ordered, start, tight;
	size_t nitems;
	block ***items;      /* per item: its blocks */
	size_t *nblocks;
	int *task;           /* per item: -1 none, 0 open, 1 done */
} b_list;

typedef struct p_table {
	size_t ncols, nrows;   /* rows include the header rows */
	size_t nhead;          /* header rows, repeated after a page break */
	size_t nfoot;          /* total rows at the end (bold) */
	rtext *cells;          /* nrows * ncols */
	char *align;           /* ncols: 'l', 'c', 'r' */
	char *caption;         /* or NULL */
} p_table;

typedef struct p_image {
	cairo_surface_t *surface;
	double w, h;           /* pixels */
	char *alt, *title;
} p_image;

typedef struct p_chart {
	chart *c;
	char *title;           /* for the alt text of the figure */
} p_chart;

struct block {
	block_kind kind;
	int line;              /* in the source file */
	union {
		rtext para;
		b_heading head;
		b_list list;
		struct { block **kids; size_t n; } quote;
		char *code;
		p_table table;
		p_image image;
		p_chart chart;
	} u;
};

/* ---- chapters and the document ---- */

typedef struct pdf_chapter {
	const page *pg;
	int number;            /* 0 for the introduction */
	char *title;           /* without a leading "N. " */
	char *dest;            /* "c4" */
	block **blocks;
	size_t nblocks;
	char **ids;            /* heading ids, to resolve url#id links */
	size_t nids, capids;
} pdf_chapter;

typedef struct pdf_doc {
	const site *s;
	int lang;
	const char *code;      /* "ka" */
	const hyph *hy;
	const tbl_env *tenv;
	int smart;
	int numbering;
	pdf_chapter *chapters;
	size_t nchapters;
	pdf_link *links;
	size_t nlinks, caplinks;
	rtext *fns;            /* footnote texts, numbered per chapter */
	int *fn_number;        /* the number shown */
	size_t nfns, capfns;
} pdf_doc;

/* Start a document in language lang of s.  hy may be NULL (no
 * hyphenation); tenv gives ```table and ```chart blocks their data. */
void pdf_doc_init(pdf_doc *d, const site *s, int lang, const hyph *hy,
		  const tbl_env *tenv, int numbering);

/* Add page p as a chapter (number 0: unnumbered introduction; omit:
 * heading ids whose sections are left out, may be NULL).  Problems go
 * to errs at the page's path:line:col. */
void pdf_doc_add(pdf_doc *d, const page *p, int number, const char *title,
		 const value *omit, err_list *errs);

/* Resolve every link once all chapters are in: a link to a page of the
 * book (or a heading on it) becomes a destination, anything else an
 * absolute URL. */
void pdf_doc_resolve(pdf_doc *d);

void pdf_doc_free(pdf_doc *d);
void pdf_block_free(block *b);

/* Load a PNG, or a JPEG to be embedded as it is (its bytes attached as
 * CAIRO_MIME_TYPE_JPEG).  NULL and *why (caller frees) on failure. */
cairo_surface_t *pdf_load_image(const char *file, char **why);

/* Build a chart from a ```chart block's YAML text (its first line is
 * file line `line` of path; langs: the site's language codes, NULL-
 * terminated, for picking texts); NULL and errors when it is wrong. */
chart *pdf_doc_chart(const char *yaml, const char *path, int line, const tbl_env *env,
		     const char *const *langs, err_list *errs);

#endif

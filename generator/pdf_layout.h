/*
 * pdf_layout.h - setting a book's blocks on pages, and drawing them.
 *
 * Layout (pdf_layout.c) turns blocks into a flow of items: one item per
 * text line (a line of a Pango layout), per table row, per figure, and
 * vertical glue between them.  Items carry what the page breaker needs
 * (height, keep-with-next, forced new page, footnotes they call) and
 * what the drawing needs (the Pango line, link rectangles, destination).
 * The page breaker cuts the flow into pages: headings stay with what
 * follows, no paragraph leaves a single line at either side of a break,
 * a table that breaks repeats its header rows, footnotes go to the foot
 * of the page that calls them.  Drawing (pdf_draw.c) then only paints
 * placed items: layout never draws and drawing never measures, which is
 * what lets the table of contents show page numbers known only after
 * the body is laid out.
 */
#ifndef CSO_PDF_LAYOUT_H
#define CSO_PDF_LAYOUT_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "pdf_doc.h"

typedef struct pl_rgb {
	double r, g, b;
} pl_rgb;

/* Page geometry and type, in points. */
typedef struct pl_style {
	double pw, ph;            /* page */
	double ml, mr, mt, mb;    /* margins */
	double tw, th;            /* the text block */
	double size;              /* body font size */
	double lead;              /* body line height */
	double gap;               /* space between paragraphs */
	double max_stretch;       /* widest word gap of a justified line, as
				   * a multiple of the natural space */
	char serif[128], sans[128], mono[128];  /* family lists */
	pl_rgb ink, muted, primary, accent, rule, tint, codebg;
} pl_style;

typedef enum { IT_GLUE, IT_LINE, IT_ROW, IT_IMAGE, IT_CHART, IT_RULE } it_kind;

/* A link area of an item, relative to the item's top left. */
typedef struct pl_rect {
	double x, w;
	int link;                 /* index into the doc's links */
} pl_rect;

typedef struct pl_table pl_table;

typedef struct pl_item {
	it_kind kind;
	double h;                 /* height on the page */
	double x;                 /* indent from the text block's left */
	unsigned keep : 1;        /* no page break between this and the next */
	unsigned newpage : 1;     /* a page break before this */
	unsigned code : 1;        /* code background */
	unsigned toc_last : 1;    /* TOC entry: the line that gets the number */
	int quote;                /* blockquote depth (a bar at the left) */
	double qx;                /* the bar's x */
	double bx;                /* code background's left edge */
	int chapter;              /* index into the doc's chapters, -1 */
	int head;                 /* index into the book's heads, or -1 */
	/* IT_LINE */
	PangoLayout *lay;
	int line;
	double lx, base;          /* x of the line in its layout; baseline */
	PangoLayout *marker;      /* list marker left of the first line */
	pl_rgb color;
	pl_rect *rects;
	size_t nrects;
	int *fns;                 /* footnotes called on this line */
	size_t nfns;
	/* IT_ROW */
	pl_table *tbl;
	size_t row;
	/* IT_IMAGE, IT_CHART: the block and its box */
	const block *fig;
	double fw;
} pl_item;

/* A link in a table cell: its rectangle from the cell's top left inside
 * the padding, and the doc's link. */
typedef struct pl_cell_link {
	size_t cell;              /* row * ncols + column */
	double x, y, w, h;
	int link;
} pl_cell_link;

struct pl_table {
	const p_table *t;
	double *colw;             /* per column */
	double width;
	PangoLayout **cells;      /* nrows * ncols */
	double *rowh;
	double pad;
	double hdr_h;             /* height of the header rows together */
	double x;                 /* indent */
	pl_cell_link *links;      /* the links of every cell, row by row */
	size_t nlinks;
};

/* A heading of the book: the TOC, bookmarks and running heads. */
typedef struct pl_head {
	int level;                /* 1: chapter */
	char *text;               /* with its number */
	char *label;              /* the number alone, or NULL */
	char *title;              /* the text alone */
	const char *dest;
	int chapter;
	int page;                 /* physical page, once paginated */
	PangoLayout *num;         /* the page number as the TOC shows it */
} pl_head;

typedef struct pl_page {
	size_t first, n;          /* its items */
	double *y;                /* top of each item in the text block */
	pl_table *repeat;         /* header rows drawn first, or NULL */
	int *fns;                 /* footnotes at its foot */
	size_t nfns;
	int chapter;              /* for the running head, -1 for none */
	int opens;                /* the page opens a chapter: no head */
} pl_page;

typedef struct pl_flow {
	pl_item *items;
	size_t n, cap;
	pl_page *pages;
	size_t npages;
} pl_flow;

typedef struct pl_book {
	pl_style st;
	PangoFontMap *fm;
	PangoContext *pc;
	const pdf_doc *doc;
	double space;             /* natural word space of the body font */
	pl_flow toc, body;
	pl_head *heads;
	size_t nheads, capheads;
	pl_table **tables;
	size_t ntables, captables;
	PangoLayout **fn;         /* per doc footnote */
	double *fnh;
	PangoLayout **owned;      /* every layout made, to free */
	size_t nowned, capowned;
	const char *toc_title;
	const char *chapter_word; /* "Chapter" / "თავი" */
	int first_body_page;      /* physical number of the first body page */
} pl_book;

/* The style for a page size (points): margins, type sizes, colours. */
void pl_style_init(pl_style *st, double pw, double ph);

/* Lay out doc: the TOC flow and the body flow, paginated, with the
 * heads' page numbers known.  The TOC's pages start at physical page
 * first_page; the body follows it.  fm is the font map to lay out with
 * (a pango_cairo_font_map_new(); books share one, so fonts found for one
 * are not looked up again for the next). */
void pl_book_layout(pl_book *bk, const pdf_doc *doc, const pl_style *st, PangoFontMap *fm,
		    int first_page, const char *toc_title, const char *chapter_word);
void pl_book_free(pl_book *bk);

/* A layout of plain text (kept by bk and freed with it). */
PangoLayout *pl_text(pl_book *bk, const char *text, const char *family, double size,
		     int bold, int italic, double width, PangoAlignment align);

/* The logical height of a layout, in points. */
double pl_height(PangoLayout *l);
double pl_width(PangoLayout *l);

/* ---- drawing (pdf_draw.c) ---- */

/* Draw page pg of flow f (bk->toc or bk->body) on cr: its items, the
 * repeated table header, its footnotes, destinations and bookmarks (the
 * last bookmark id of each level is kept in outline[0..5] between
 * calls, so that sections go under their chapter). */
void pl_draw_page(const pl_book *bk, cairo_t *cr, const pl_flow *f, const pl_page *pg,
		  int *outline);

/* The running head (left and right texts, either may be NULL) and the
 * page number at the foot. */
void pl_draw_furniture(pl_book *bk, cairo_t *cr, const char *left, const char *right,
		       int pageno);

/* Escape a text for a cairo tag attribute string ('...'). */
void pl_attr_escape(buf *b, const char *s);

void pl_set_rgb(cairo_t *cr, pl_rgb c);

#endif

/* pdf_draw.c - painting laid-out pages (see pdf_layout.h).  Nothing is
 * measured here: every position comes from the layout. */
#include "pdf_layout.h"
#include "util.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define PT(x) ((double)(x) / PANGO_SCALE)

void pl_set_rgb(cairo_t *cr, pl_rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

void pl_attr_escape(buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
}

static void hline(cairo_t *cr, double x0, double x1, double y, double w, pl_rgb c)
{
	pl_set_rgb(cr, c);
	cairo_set_line_width(cr, w);
	cairo_move_to(cr, x0, y);
	cairo_line_to(cr, x1, y);
	cairo_stroke(cr);
}

static void dest(cairo_t *cr, const char *name, double x, double y)
{
	buf a = BUF_INIT;
	buf_puts(&a, "name='");
	pl_attr_escape(&a, name);
	buf_printf(&a, "' x=%.2f y=%.2f", x, y);
	cairo_tag_begin(cr, CAIRO_TAG_DEST, buf_cstr(&a));
	cairo_tag_end(cr, CAIRO_TAG_DEST);
	buf_free(&a);
}

/* A link area: to a destination in the book, or to a URL. */
static void link_rect(cairo_t *cr, const pdf_link *l, double x, double y, double w, double h)
{
	buf a = BUF_INIT;
	if (!l->dest && !l->uri)
		return;
	buf_printf(&a, "rect=[%.2f %.2f %.2f %.2f] ", x, y, w, h);
	buf_puts(&a, l->dest ? "dest='" : "uri='");
	pl_attr_escape(&a, l->dest ? l->dest : l->uri);
	buf_putc(&a, '\'');
	cairo_tag_begin(cr, CAIRO_TAG_LINK, buf_cstr(&a));
	cairo_tag_end(cr, CAIRO_TAG_LINK);
	buf_free(&a);
}

static void draw_line(const pl_book *bk, cairo_t *cr, const pl_item *it, double X, double Y)
{
	PangoLayoutLine *line = pango_layout_get_line_readonly(it->lay, it->line);
	size_t i;
	if (it->marker) {
		double mw = PT(pango_layout_get_width(it->marker));
		double mb = PT(pango_layout_get_baseline(it->marker));
		pl_set_rgb(cr, bk->st.primary);
		cairo_move_to(cr, X - mw - bk->st.size * 0.45, Y + it->base - mb);
		pango_cairo_show_layout(cr, it->marker);
	}
	pl_set_rgb(cr, it->color);
	cairo_move_to(cr, X + it->lx, Y + it->base);
	pango_cairo_show_layout_line(cr, line);
	for (i = 0; i < it->nrects; i++)
		link_rect(cr, &bk->doc->links[it->rects[i].link], X + it->rects[i].x, Y,
			  it->rects[i].w, it->h);
}

static void draw_row(const pl_book *bk, cairo_t *cr, const pl_table *pt, size_t r, double X,
		     double Y)
{
	const p_table *t = pt->t;
	double x = X, h = pt->rowh[r];
	size_t k;
	int head = r < t->nhead, foot = r >= t->nrows - t->nfoot;
	if (head) {
		pl_set_rgb(cr, bk->st.tint);
		cairo_rectangle(cr, X, Y, pt->width, h);
		cairo_fill(cr);
	}
	for (k = 0; k < t->ncols; k++) {
		size_t c = r * t->ncols + k, i;
		pl_set_rgb(cr, head ? bk->st.primary : bk->st.ink);
		cairo_move_to(cr, x + pt->pad, Y + pt->pad);
		pango_cairo_show_layout(cr, pt->cells[c]);
		/* its links, clickable as in running text */
		for (i = 0; i < pt->nlinks; i++)
			if (pt->links[i].cell == c)
				link_rect(cr, &bk->doc->links[pt->links[i].link], x + pt->pad + pt->links[i].x,
					  Y + pt->pad + pt->links[i].y, pt->links[i].w, pt->links[i].h);
		x += pt->colw[k];
	}
	if (r == 0)
		hline(cr, X, X + pt->width, Y, 0.9, bk->st.primary);
	if (foot && r == t->nrows - t->nfoot)
		hline(cr, X, X + pt->width, Y, 0.6, bk->st.ink);
	if (r + 1 == t->nhead)
		hline(cr, X, X + pt->width, Y + h, 0.6, bk->st.primary);
	else if (r + 1 == t->nrows)
		hline(cr, X, X + pt->width, Y + h, 0.9, bk->st.primary);
	else if (!head)
		hline(cr, X, X + pt->width, Y + h, 0.3, bk->st.rule);
}

static void draw_figure(cairo_t *cr, const pl_item *it, double X, double Y)
{
	const block *b = it->fig;
	if (b->kind == BK_IMAGE) {
		cairo_save(cr);
		cairo_rectangle(cr, X, Y, it->fw, it->h);
		cairo_clip(cr);
		cairo_translate(cr, X, Y);
		cairo_scale(cr, it->fw / b->u.image.w, it->h / b->u.image.h);
		cairo_set_source_surface(cr, b->u.image.surface, 0, 0);
		cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
		cairo_paint(cr);
		cairo_restore(cr);
	} else {
		chart_draw(b->u.chart.c, cr, X, Y, it->fw, it->h);
	}
}

/* A bookmark for a heading, under the last bookmark one level up. */
static void outline_entry(cairo_t *cr, const pl_head *h, int *outline)
{
	int lv = h->level < 1 ? 1 : h->level > 5 ? 5 : h->level, parent = CAIRO_PDF_OUTLINE_ROOT, k;
	buf a = BUF_INIT;
	for (k = lv - 1; k >= 1; k--)
		if (outline[k] > 0) {
			parent = outline[k];
			break;
		}
	buf_puts(&a, "dest='");
	pl_attr_escape(&a, h->dest);
	buf_putc(&a, '\'');
	outline[lv] = cairo_pdf_surface_add_outline(cairo_get_target(cr), parent, h->text,
						    buf_cstr(&a), 0);
	for (k = lv + 1; k <= 5; k++)
		outline[k] = 0;
	buf_free(&a);
}

/* A TOC line: a link to the heading, and on its last line the page
 * number with dot leaders. */
static void draw_toc_line(const pl_book *bk, cairo_t *cr, const pl_item *it, double X, double Y)
{
	const pl_head *h = &bk->heads[it->head];
	double right = bk->st.ml + bk->st.tw;
	buf a = BUF_INIT;
	draw_line(bk, cr, it, X, Y);
	if (it->toc_last) {
		PangoLayout *l = h->num;
		PangoRectangle r;
		double nw = pl_width(l), end, x;
		pl_set_rgb(cr, bk->st.ink);
		cairo_move_to(cr, right - nw, Y + it->base - PT(pango_layout_get_baseline(l)));
		pango_cairo_show_layout(cr, l);
		/* leaders from the end of the text to the number */
		pango_layout_line_get_extents(pango_layout_get_line_readonly(it->lay, it->line), NULL, &r);
		end = X + it->lx + PT(r.width) + bk->st.size * 0.6;
		pl_set_rgb(cr, bk->st.rule);
		/* on a grid from the right margin, so that dots line up from
		 * entry to entry whatever the width of the number */
		for (x = right - bk->st.size * 2.4; x > end; x -= bk->st.size * 0.55) {
			cairo_new_path(cr); /* no line from the current point */
			cairo_arc(cr, x, Y + it->base - 0.6, 0.55, 0, 6.283185307179586);
			cairo_fill(cr);
		}
	}
	buf_puts(&a, "dest='");
	pl_attr_escape(&a, h->dest);
	buf_putc(&a, '\'');
	{
		buf r = BUF_INIT;
		buf_printf(&r, "rect=[%.2f %.2f %.2f %.2f] %s", X, Y, right - X, it->h, buf_cstr(&a));
		cairo_tag_begin(cr, CAIRO_TAG_LINK, buf_cstr(&r));
		cairo_tag_end(cr, CAIRO_TAG_LINK);
		buf_free(&r);
	}
	buf_free(&a);
}

static void draw_footnotes(const pl_book *bk, cairo_t *cr, const pl_page *pg)
{
	double h = bk->st.lead, y;
	size_t i;
	if (!pg->nfns)
		return;
	for (i = 0; i < pg->nfns; i++)
		h += bk->fnh[pg->fns[i]];
	y = bk->st.mt + bk->st.th - h;
	hline(cr, bk->st.ml, bk->st.ml + bk->st.tw * 0.25, y + bk->st.lead * 0.5, 0.5, bk->st.muted);
	y += bk->st.lead;
	for (i = 0; i < pg->nfns; i++) {
		char name[32];
		snprintf(name, sizeof name, "fn-%d", pg->fns[i]);
		dest(cr, name, bk->st.ml, y);
		pl_set_rgb(cr, bk->st.ink);
		cairo_move_to(cr, bk->st.ml, y);
		pango_cairo_show_layout(cr, bk->fn[pg->fns[i]]);
		y += bk->fnh[pg->fns[i]];
	}
}

void pl_draw_page(const pl_book *bk, cairo_t *cr, const pl_flow *f, const pl_page *pg,
		  int *outline)
{
	const pl_style *st = &bk->st;
	int is_toc = f == &bk->toc;
	size_t m;
	if (pg->repeat) {
		/* the header rows of a table that goes on from the last page */
		double y = st->mt;
		size_t r;
		for (r = 0; r < pg->repeat->t->nhead; r++) {
			draw_row(bk, cr, pg->repeat, r, st->ml + pg->repeat->x, y);
			y += pg->repeat->rowh[r];
		}
	}
	/* backgrounds first: code blocks and quote bars run across items */
	for (m = 0; m < pg->n; m++) {
		const pl_item *it = &f->items[pg->first + m];
		double Y = st->mt + pg->y[m];
		if (it->code) {
			pl_set_rgb(cr, st->codebg);
			cairo_rectangle(cr, st->ml + it->bx, Y, st->tw - it->bx, it->h);
			cairo_fill(cr);
		}
		if (it->quote && (it->kind != IT_GLUE || (m > 0 && m + 1 < pg->n &&
				f->items[pg->first + m + 1].quote))) {
			pl_set_rgb(cr, st->rule);
			cairo_rectangle(cr, st->ml + it->qx, Y, 2, it->h);
			cairo_fill(cr);
		}
	}
	for (m = 0; m < pg->n; m++) {
		const pl_item *it = &f->items[pg->first + m];
		double X = st->ml + it->x, Y = st->mt + pg->y[m];
		if (!is_toc && it->head >= 0) {
			dest(cr, bk->heads[it->head].dest, st->ml, Y);
			outline_entry(cr, &bk->heads[it->head], outline);
		}
		switch (it->kind) {
		case IT_GLUE:
			break;
		case IT_LINE:
			if (is_toc && it->head >= 0)
				draw_toc_line(bk, cr, it, X, Y);
			else
				draw_line(bk, cr, it, X, Y);
			break;
		case IT_ROW:
			draw_row(bk, cr, it->tbl, it->row, X, Y);
			break;
		case IT_IMAGE:
		case IT_CHART:
			draw_figure(cr, it, X, Y);
			break;
		case IT_RULE:
			hline(cr, X + (st->tw - it->x) / 3, X + (st->tw - it->x) * 2 / 3, Y + it->h / 2, 0.6,
			      st->rule);
			break;
		}
	}
	draw_footnotes(bk, cr, pg);
}

void pl_draw_furniture(pl_book *bk, cairo_t *cr, const char *left, const char *right, int pageno)
{
	const pl_style *st = &bk->st;
	double sz = st->size * 0.78, y = st->mt - st->lead * 1.6;
	if (left || right) {
		double half = st->tw / 2 - st->size;
		if (left) {
			PangoLayout *l = pl_text(bk, left, st->sans, sz, 0, 0, half, PANGO_ALIGN_LEFT);
			pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
			pango_layout_set_height(l, 0);
			pl_set_rgb(cr, st->muted);
			cairo_move_to(cr, st->ml, y);
			pango_cairo_show_layout(cr, l);
		}
		if (right) {
			PangoLayout *l = pl_text(bk, right, st->sans, sz, 1, 0, half, PANGO_ALIGN_RIGHT);
			pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
			pango_layout_set_height(l, 0);
			pl_set_rgb(cr, st->primary);
			cairo_move_to(cr, st->ml + st->tw - half, y);
			pango_cairo_show_layout(cr, l);
		}
		hline(cr, st->ml, st->ml + st->tw, st->mt - st->lead * 0.55, 0.4, st->rule);
	}
	if (pageno > 0) {
		char num[16];
		PangoLayout *l;
		snprintf(num, sizeof num, "%d", pageno);
		l = pl_text(bk, num, st->sans, sz, 0, 0, st->tw, PANGO_ALIGN_CENTER);
		pl_set_rgb(cr, st->muted);
		cairo_move_to(cr, st->ml, st->ph - st->mb + st->mb * 0.4);
		pango_cairo_show_layout(cr, l);
	}
}

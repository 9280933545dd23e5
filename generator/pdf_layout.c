/* pdf_layout.c - see pdf_layout.h */
#include "pdf_layout.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PU(x) ((int)lround((x) * PANGO_SCALE))
#define PT(x) ((double)(x) / PANGO_SCALE)

static pl_rgb rgb(unsigned hex)
{
	pl_rgb c = {((hex >> 16) & 255) / 255.0, ((hex >> 8) & 255) / 255.0, (hex & 255) / 255.0};
	return c;
}

void pl_style_init(pl_style *st, double pw, double ph)
{
	double k = pw / 595.276;
	memset(st, 0, sizeof *st);
	st->pw = pw;
	st->ph = ph;
	/* margins grow with the page; about 25 mm at the sides of A4 */
	st->ml = st->mr = pw * 0.12;
	st->mt = ph * 0.09;
	st->mb = ph * 0.10;
	st->tw = pw - st->ml - st->mr;
	st->th = ph - st->mt - st->mb;
	/* smaller pages get slightly smaller type, to keep about 60-75
	 * characters a line */
	st->size = 10.5 * (k < 0.85 ? 0.85 : k > 1 ? 1 : k);
	st->lead = st->size * 1.45;
	st->gap = st->lead * 0.5;
	/* a justified gap may grow to twice the natural space; looser lines
	 * read badly, and the paragraph is set ragged-right instead */
	st->max_stretch = 2.0;
	snprintf(st->serif, sizeof st->serif, "Noto Serif Georgian, Noto Serif, DejaVu Serif");
	snprintf(st->sans, sizeof st->sans, "Noto Sans Georgian, Noto Sans, DejaVu Sans");
	snprintf(st->mono, sizeof st->mono, "DejaVu Sans Mono, Noto Sans Mono, Noto Sans Georgian");
	/* the site's palette (themes/csogeorgia) */
	st->ink = rgb(0x1b2a2f);
	st->muted = rgb(0x4d5f64);
	st->primary = rgb(0x0a5866);
	st->accent = rgb(0x9a3f0c);
	st->rule = rgb(0xb8c7c9);
	st->tint = rgb(0xe7f1f2);
	st->codebg = rgb(0xf1f4f4);
}

/* ---- layouts ---- */

static void own(pl_book *bk, PangoLayout *l)
{
	xgrow(&bk->owned, &bk->capowned, bk->nowned + 1, sizeof *bk->owned);
	bk->owned[bk->nowned++] = l;
}

static PangoFontDescription *font(const char *family, double size, int bold, int italic)
{
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, family);
	pango_font_description_set_size(fd, PU(size));
	if (bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	if (italic)
		pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
	return fd;
}

static PangoLayout *new_layout(pl_book *bk, const char *family, double size, int bold,
			       int italic, double width, PangoAlignment align)
{
	PangoLayout *l = pango_layout_new(bk->pc);
	PangoFontDescription *fd = font(family, size, bold, italic);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (width > 0)
		pango_layout_set_width(l, PU(width));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align);
	own(bk, l);
	return l;
}

PangoLayout *pl_text(pl_book *bk, const char *text, const char *family, double size, int bold,
		     int italic, double width, PangoAlignment align)
{
	PangoLayout *l = new_layout(bk, family, size, bold, italic, width, align);
	pango_layout_set_text(l, text, -1);
	return l;
}

double pl_height(PangoLayout *l)
{
	PangoRectangle r;
	pango_layout_get_extents(l, NULL, &r);
	return PT(r.height);
}

double pl_width(PangoLayout *l)
{
	PangoRectangle r;
	pango_layout_get_extents(l, NULL, &r);
	return PT(r.width);
}

typedef struct tstyle {
	const char *family;
	double size;
	int bold, italic;
	pl_rgb link;
	const char *mono;
} tstyle;

/* Styled text as a layout: spans become Pango attributes. */
static PangoLayout *rt_layout(pl_book *bk, const rtext *t, const tstyle *ts, double width,
			      PangoAlignment align)
{
	PangoLayout *l = new_layout(bk, ts->family, ts->size, ts->bold, ts->italic, width, align);
	PangoAttrList *al = pango_attr_list_new();
	size_t i;
	pango_layout_set_text(l, t->text.ptr ? t->text.ptr : "", (int)t->text.len);
	for (i = 0; i < t->nspans; i++) {
		const rt_span *sp = &t->spans[i];
		PangoAttribute *a[8]; /* one per style bit, two for code and marks */
		int n = 0, k;
		if (sp->style & ST_BOLD)
			a[n++] = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
		if (sp->style & ST_ITALIC)
			a[n++] = pango_attr_style_new(PANGO_STYLE_ITALIC);
		if (sp->style & ST_CODE) {
			a[n++] = pango_attr_family_new(ts->mono);
			a[n++] = pango_attr_size_new(PU(ts->size * 0.88));
		}
		if (sp->style & ST_LINK)
			a[n++] = pango_attr_foreground_new((guint16)(ts->link.r * 65535),
							   (guint16)(ts->link.g * 65535),
							   (guint16)(ts->link.b * 65535));
		if (sp->style & ST_STRIKE)
			a[n++] = pango_attr_strikethrough_new(TRUE);
		if (sp->style & ST_SUP) {
			a[n++] = pango_attr_rise_new(PU(ts->size * 0.33));
			a[n++] = pango_attr_size_new(PU(ts->size * 0.68));
		}
		for (k = 0; k < n; k++) {
			a[k]->start_index = (guint)sp->start;
			a[k]->end_index = (guint)sp->end;
			pango_attr_list_insert(al, a[k]);
		}
	}
	pango_layout_set_attributes(l, al);
	pango_attr_list_unref(al);
	return l;
}

static int is_last_in_paragraph(PangoLayout *l, int i, int n)
{
	PangoLayoutLine *next;
	if (i + 1 >= n)
		return 1;
	next = pango_layout_get_line_readonly(l, i + 1);
	return next->is_paragraph_start;
}

/* Would justifying l leave any word gap wider than max_stretch times a
 * space?  Measured on the ragged lines: their breaks are the ones the
 * justified text will have. */
static int too_loose(const pl_book *bk, PangoLayout *l, double width)
{
	const char *text = pango_layout_get_text(l);
	int n = pango_layout_get_line_count(l), i;
	for (i = 0; i < n; i++) {
		PangoLayoutLine *line = pango_layout_get_line_readonly(l, i);
		int s = line->start_index, e = s + line->length, k, gaps = 0;
		PangoRectangle r;
		double natural, stretch;
		if (is_last_in_paragraph(l, i, n))
			continue;
		/* the words alone: not a trailing space, nor the hyphen Pango
		 * draws at a soft hyphen (it hangs in the margin: justification
		 * does not count it) */
		while (e > s && text[e - 1] == ' ')
			e--;
		if (e - s >= 2 && (unsigned char)text[e - 2] == 0xC2 && (unsigned char)text[e - 1] == 0xAD)
			e -= 2;
		for (k = s; k < e; k++)
			if (text[k] == ' ')
				gaps++;
		pango_layout_line_get_extents(line, NULL, &r);
		natural = PT(r.width);
		if (e < s + line->length) {
			int x;
			pango_layout_line_index_to_x(line, e, FALSE, &x);
			natural = PT(x);
		}
		if (!gaps)
			continue; /* one long word: Pango leaves it as it is */
		stretch = (width - natural) / gaps;
		if (bk->space + stretch > bk->space * bk->st.max_stretch)
			return 1;
	}
	return 0;
}

/* ---- the flow ---- */

typedef struct ctx {
	pl_book *bk;
	pl_flow *f;
	int chapter;
	int quote;           /* blockquote depth */
	double qx;           /* its bar's x */
	int list_depth;
} ctx;

static pl_item *push(ctx *c, it_kind k, double h)
{
	pl_flow *f = c->f;
	pl_item *it;
	xgrow(&f->items, &f->cap, f->n + 1, sizeof *f->items);
	it = &f->items[f->n++];
	memset(it, 0, sizeof *it);
	it->kind = k;
	it->h = h;
	it->chapter = c->chapter;
	it->head = -1;
	it->quote = c->quote;
	it->qx = c->qx;
	return it;
}

static pl_item *last(ctx *c)
{
	return c->f->n ? &c->f->items[c->f->n - 1] : NULL;
}

/* Vertical space; two in a row make the larger one.  Space after an item
 * that keeps with the next keeps too, so a heading's space below does not
 * become a break point. */
static void glue(ctx *c, double h)
{
	pl_item *l = last(c), *g;
	if (!l)
		return;
	if (l->kind == IT_GLUE) {
		if (h > l->h)
			l->h = h;
		return;
	}
	{
		/* push may move the items: read the last one first */
		unsigned keep = l->keep;
		int quote = c->quote < l->quote ? c->quote : l->quote;
		g = push(c, IT_GLUE, h);
		g->keep = keep;
		g->quote = quote;
	}
}

static void add_rects(pl_item *it, const rtext *t, PangoLayoutLine *line, double lx)
{
	size_t i;
	int s = line->start_index, e = s + line->length;
	PangoRectangle r;
	pango_layout_line_get_extents(line, NULL, &r);
	for (i = 0; i < t->nspans; i++) {
		const rt_span *sp = &t->spans[i];
		int a, b, xa, xb;
		if (sp->link < 0 || (int)sp->end <= s || (int)sp->start >= e)
			continue;
		a = (int)sp->start > s ? (int)sp->start : s;
		b = (int)sp->end < e ? (int)sp->end : e;
		pango_layout_line_index_to_x(line, a, FALSE, &xa);
		if (b >= e)
			xb = r.x + r.width;
		else
			pango_layout_line_index_to_x(line, b, FALSE, &xb);
		if (xb <= xa)
			continue;
		it->rects = xrealloc(it->rects, (it->nrects + 1) * sizeof *it->rects);
		it->rects[it->nrects].x = lx + PT(xa);
		it->rects[it->nrects].w = PT(xb - xa);
		it->rects[it->nrects].link = sp->link;
		it->nrects++;
	}
	for (i = 0; i < t->nfns; i++)
		if ((int)t->fn_at[i] >= s && (int)t->fn_at[i] < e) {
			it->fns = xrealloc(it->fns, (it->nfns + 1) * sizeof *it->fns);
			it->fns[it->nfns++] = t->fns[i];
		}
}

/* One item per line of l.  lead: the least line height; widow and
 * orphan control keeps the first two and the last two lines together;
 * keep_all keeps every line with the next (headings). */
static void add_lines(ctx *c, PangoLayout *l, const rtext *t, double x, double lead,
		      int keep_all, pl_rgb color)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	int n = pango_layout_get_line_count(l), i = 0;
	do {
		PangoRectangle log;
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		double h, base;
		pl_item *item;
		pango_layout_iter_get_line_extents(it, NULL, &log);
		base = PT(pango_layout_iter_get_baseline(it) - log.y);
		h = PT(log.height) > lead ? PT(log.height) : lead;
		item = push(c, IT_LINE, h);
		item->x = x;
		item->lay = l;
		item->line = i;
		item->lx = PT(log.x);
		item->base = (h - PT(log.height)) / 2 + base;
		item->color = color;
		item->keep = keep_all || (i == 0 && n > 1) || (i == n - 2 && n > 2);
		if (t)
			add_rects(item, t, line, item->lx);
		i++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

static tstyle body_style(const pl_book *bk)
{
	tstyle ts;
	ts.family = bk->st.serif;
	ts.size = bk->st.size;
	ts.bold = ts.italic = 0;
	ts.link = bk->st.primary;
	ts.mono = bk->st.mono;
	return ts;
}

/* A paragraph: justified when that keeps the word gaps even. */
static PangoLayout *para(ctx *c, const rtext *t, double x, pl_item **first)
{
	pl_book *bk = c->bk;
	double w = bk->st.tw - x;
	tstyle ts = body_style(bk);
	PangoLayout *l;
	size_t before = c->f->n;
	if (c->quote)
		ts.italic = 0;
	l = rt_layout(bk, t, &ts, w, PANGO_ALIGN_LEFT);
	if (bk->doc->hy && !too_loose(bk, l, w))
		pango_layout_set_justify(l, TRUE);
	add_lines(c, l, t, x, bk->st.lead, 0, c->quote ? bk->st.muted : bk->st.ink);
	if (first)
		*first = c->f->n > before ? &c->f->items[before] : NULL;
	return l;
}

static void add_blocks(ctx *c, block **v, size_t n, double x);

static int add_head(pl_book *bk, int level, const char *label, const char *title,
		    const char *dest, int chapter)
{
	pl_head *h;
	xgrow(&bk->heads, &bk->capheads, bk->nheads + 1, sizeof *bk->heads);
	h = &bk->heads[bk->nheads];
	memset(h, 0, sizeof *h);
	h->level = level;
	h->label = label ? xstrdup(label) : NULL;
	h->title = xstrdup(title);
	h->text = label ? xasprintf("%s %s", label, title) : xstrdup(title);
	h->dest = dest;
	h->chapter = chapter;
	return (int)bk->nheads++;
}

static void heading(ctx *c, const b_heading *hd, double x)
{
	pl_book *bk = c->bk;
	static const double size[] = {0, 22, 14.5, 12, 10.5, 10.5, 10.5};
	int lv = hd->level > 6 ? 6 : hd->level;
	double sz = size[lv] * bk->st.size / 10.5;
	tstyle ts;
	rtext t;
	PangoLayout *l;
	size_t first = c->f->n;
	pl_item *it;
	memset(&t, 0, sizeof t);
	if (hd->number) {
		buf_puts(&t.text, hd->number);
		buf_puts(&t.text, "\xe2\x80\x82"); /* en space */
	}
	{
		/* the heading's own spans, shifted past the number */
		size_t off = t.text.len, i;
		buf_put(&t.text, hd->text.text.ptr ? hd->text.text.ptr : "", hd->text.text.len);
		t.spans = xcalloc(hd->text.nspans + 1, sizeof *t.spans);
		for (i = 0; i < hd->text.nspans; i++) {
			t.spans[i] = hd->text.spans[i];
			t.spans[i].start += off;
			t.spans[i].end += off;
		}
		t.nspans = hd->text.nspans;
		/* and its footnote marks */
		if (hd->text.nfns) {
			t.fns = xcalloc(hd->text.nfns, sizeof *t.fns);
			t.fn_at = xcalloc(hd->text.nfns, sizeof *t.fn_at);
			for (i = 0; i < hd->text.nfns; i++) {
				t.fns[i] = hd->text.fns[i];
				t.fn_at[i] = hd->text.fn_at[i] + off;
			}
			t.nfns = hd->text.nfns;
		}
	}
	glue(c, lv == 2 ? bk->st.lead * 1.4 : bk->st.lead * 0.9);
	ts.family = bk->st.sans;
	ts.size = sz;
	ts.bold = 1;
	ts.italic = lv >= 5;
	ts.link = bk->st.primary;
	ts.mono = bk->st.mono;
	l = rt_layout(bk, &t, &ts, bk->st.tw - x, PANGO_ALIGN_LEFT);
	add_lines(c, l, &t, x, sz * 1.3, 1, lv == 2 ? bk->st.primary : bk->st.ink);
	it = &c->f->items[first];
	if (it->kind == IT_GLUE)
		it++;
	it->head = add_head(bk, lv, hd->number, hd->plain, hd->dest, c->chapter);
	glue(c, bk->st.lead * 0.35);
	buf_free(&t.text);
	free(t.spans);
	free(t.fns);
	free(t.fn_at);
}

static const char *bullet(int depth)
{
	static const char *const b[] = {"\xe2\x80\xa2", "\xe2\x80\x93", "\xe2\x97\xa6"};
	return b[depth % 3];
}

static void list(ctx *c, const b_list *l, double x)
{
	pl_book *bk = c->bk;
	double indent = bk->st.size * 1.7;
	/* a list inside a list item sits close to its item */
	double around = c->list_depth ? bk->st.lead * 0.15 : bk->st.gap;
	size_t i;
	glue(c, around);
	c->list_depth++;
	for (i = 0; i < l->nitems; i++) {
		char mark[32];
		size_t first = c->f->n, k;
		PangoLayout *m;
		if (l->task[i] >= 0)
			snprintf(mark, sizeof mark, "%s", l->task[i] ? "\xe2\x98\x91" : "\xe2\x98\x90");
		else if (l->ordered)
			snprintf(mark, sizeof mark, "%d.", l->start + (int)i);
		else
			snprintf(mark, sizeof mark, "%s", bullet(c->list_depth - 1));
		if (i > 0)
			glue(c, l->tight ? bk->st.lead * 0.15 : bk->st.gap);
		add_blocks(c, l->items[i], l->nblocks[i], x + indent);
		/* the marker goes on the item's first line */
		m = pl_text(bk, mark, bk->st.serif, bk->st.size, 0, 0, indent - bk->st.size * 0.45,
			    PANGO_ALIGN_RIGHT);
		for (k = first; k < c->f->n; k++)
			if (c->f->items[k].kind == IT_LINE && !c->f->items[k].marker) {
				c->f->items[k].marker = m;
				break;
			}
	}
	c->list_depth--;
	glue(c, around);
}

static void code(ctx *c, const char *text, double x)
{
	pl_book *bk = c->bk;
	double pad = bk->st.size * 0.6, sz = bk->st.size * 0.82;
	PangoLayout *l = pl_text(bk, text, bk->st.mono, sz, 0, 0, bk->st.tw - x - 2 * pad,
				 PANGO_ALIGN_LEFT);
	size_t first, i, n;
	pl_item *g;
	glue(c, bk->st.gap);
	g = push(c, IT_GLUE, pad);
	g->code = 1;
	g->bx = x;
	first = c->f->n;
	add_lines(c, l, NULL, x + pad, sz * 1.35, 0, bk->st.ink);
	n = c->f->n;
	for (i = first; i < n; i++) {
		c->f->items[i].code = 1;
		c->f->items[i].bx = x;
	}
	g = push(c, IT_GLUE, pad);
	g->code = 1;
	g->bx = x;
	/* a code block of up to five lines is not broken */
	if (n - first <= 5)
		for (i = first - 1; i < n; i++)
			c->f->items[i].keep = 1;
	else
		c->f->items[first - 1].keep = 1;
	glue(c, bk->st.gap);
}

/* A copy of t without its soft hyphens (spans moved to match): for text
 * that is not justified and has room for its words, where a break
 * between syllables would only be a worse break than one between words. */
/* The rectangles of the links in a cell laid out as l from text t,
 * line by line (a link may wrap), into pt->links. */
static void cell_links(pl_table *pt, size_t cell, PangoLayout *l, const rtext *t)
{
	PangoLayoutIter *it;
	size_t i;
	for (i = 0; i < t->nspans && t->spans[i].link < 0; i++)
		;
	if (i == t->nspans)
		return; /* no links: the common case */
	it = pango_layout_get_iter(l);
	do {
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		PangoRectangle lr;
		int s = line->start_index, e = s + line->length;
		pango_layout_iter_get_line_extents(it, NULL, &lr);
		for (i = 0; i < t->nspans; i++) {
			const rt_span *sp = &t->spans[i];
			int a, b, xa, xb;
			pl_cell_link *cl;
			if (sp->link < 0 || (int)sp->end <= s || (int)sp->start >= e)
				continue;
			a = (int)sp->start > s ? (int)sp->start : s;
			b = (int)sp->end < e ? (int)sp->end : e;
			pango_layout_line_index_to_x(line, a, FALSE, &xa);
			if (b >= e) {
				PangoRectangle ink;
				pango_layout_line_get_extents(line, NULL, &ink);
				xb = ink.x + ink.width;
			} else
				pango_layout_line_index_to_x(line, b, FALSE, &xb);
			if (xb <= xa)
				continue;
			pt->links = xrealloc(pt->links, (pt->nlinks + 1) * sizeof *pt->links);
			cl = &pt->links[pt->nlinks++];
			cl->cell = cell;
			cl->x = PT(lr.x + xa);
			cl->y = PT(lr.y);
			cl->w = PT(xb - xa);
			cl->h = PT(lr.height);
			cl->link = sp->link;
		}
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

static void strip_shy(const rtext *t, rtext *out, size_t **map)
{
	size_t i, *m = xcalloc(t->text.len + 1, sizeof *m);
	memset(out, 0, sizeof *out);
	for (i = 0; i < t->text.len; i++) {
		m[i] = out->text.len;
		if ((unsigned char)t->text.ptr[i] == 0xC2 && i + 1 < t->text.len &&
		    (unsigned char)t->text.ptr[i + 1] == 0xAD) {
			m[++i] = out->text.len;
			continue;
		}
		buf_putc(&out->text, t->text.ptr[i]);
	}
	m[t->text.len] = out->text.len;
	out->spans = xcalloc(t->nspans + 1, sizeof *out->spans);
	for (i = 0; i < t->nspans; i++) {
		out->spans[i] = t->spans[i];
		out->spans[i].start = m[t->spans[i].start];
		out->spans[i].end = m[t->spans[i].end];
	}
	out->nspans = t->nspans;
	*map = m;
}

/* The widest word of a cell, soft hyphens taken out: each word set on
 * its own (a layout narrower than a word would break it anywhere). */
static double word_width(pl_book *bk, const rtext *cell, const tstyle *ts)
{
	buf word = BUF_INIT;
	size_t i;
	PangoLayout *l = pango_layout_new(bk->pc);
	double w = 0;
	{
		PangoFontDescription *fd = font(ts->family, ts->size, ts->bold, ts->italic);
		pango_layout_set_font_description(l, fd);
		pango_font_description_free(fd);
	}
	for (i = 0; i <= cell->text.len; i++) {
		unsigned char ch = i < cell->text.len ? (unsigned char)cell->text.ptr[i] : ' ';
		if (ch == 0xC2 && i + 1 < cell->text.len && (unsigned char)cell->text.ptr[i + 1] == 0xAD) {
			i++;
			continue;
		}
		if (ch != ' ' && ch != '\n') {
			buf_putc(&word, (char)ch);
			continue;
		}
		if (word.len) {
			pango_layout_set_text(l, word.ptr, (int)word.len);
			if (pl_width(l) > w)
				w = pl_width(l);
			buf_reset(&word);
		}
	}
	g_object_unref(l);
	buf_free(&word);
	return w;
}

/* Column widths from the content: each column gets at least its longest
 * unbreakable piece, and what is left goes where the text is longest. */
static void table(ctx *c, const p_table *t, double x)
{
	pl_book *bk = c->bk;
	pl_table *pt = xcalloc(1, sizeof *pt);
	double avail = bk->st.tw - x, pad = bk->st.size * 0.45, sz = bk->st.size * 0.86;
	double *minw = xcalloc(t->ncols + 1, sizeof *minw), *maxw = xcalloc(t->ncols + 1, sizeof *maxw);
	double smin = 0, smax = 0;
	size_t r, k;
	tstyle ts;
	ts.family = bk->st.sans;
	ts.size = sz;
	ts.italic = 0;
	ts.link = bk->st.primary;
	ts.mono = bk->st.mono;
	pt->t = t;
	pt->pad = pad;
	pt->x = x;
	pt->colw = xcalloc(t->ncols + 1, sizeof *pt->colw);
	pt->cells = xcalloc(t->nrows * t->ncols + 1, sizeof *pt->cells);
	pt->rowh = xcalloc(t->nrows + 1, sizeof *pt->rowh);
	xgrow(&bk->tables, &bk->captables, bk->ntables + 1, sizeof *bk->tables);
	bk->tables[bk->ntables++] = pt;

	/* a table whose longest words do not fit side by side gets smaller
	 * type (down to about 80%) before words have to be broken */
	for (;;) {
		smin = smax = 0;
		for (k = 0; k < t->ncols; k++)
			minw[k] = maxw[k] = 0;
		for (r = 0; r < t->nrows; r++)
			for (k = 0; k < t->ncols; k++) {
				const rtext *cell = &t->cells[r * t->ncols + k];
				PangoLayout *l;
				double w;
				ts.bold = r < t->nhead || r >= t->nrows - t->nfoot;
				l = rt_layout(bk, cell, &ts, -1, PANGO_ALIGN_LEFT);
				pango_layout_set_width(l, -1);
				w = pl_width(l) + 2 * pad;
				if (w > maxw[k])
					maxw[k] = w;
				/* the widest word is the narrowest the column should be:
				 * hyphenation is for even word gaps, not for squeezing
				 * columns; numbers are never broken; a word wider than a
				 * third of the table may be */
				if (t->align[k] == 'r' && r >= t->nhead)
					w = pl_width(l) + 2 * pad;
				else
					w = word_width(bk, cell, &ts) + 2 * pad;
				if (w > avail / 3)
					w = avail / 3;
				if (w > minw[k])
					minw[k] = w;
				pt->cells[r * t->ncols + k] = l;
			}
		for (k = 0; k < t->ncols; k++) {
			smin += minw[k];
			smax += maxw[k];
		}
		if (smin <= avail || ts.size < sz * 0.82)
			break;
		ts.size *= 0.94;
		pad *= 0.94;
	}
	pt->pad = pad;
	for (k = 0; k < t->ncols; k++) {
		if (smax <= avail)
			pt->colw[k] = maxw[k] + (avail - smax) * (smax > 0 ? maxw[k] / smax : 1.0 / t->ncols);
		else if (smin <= avail)
			pt->colw[k] = minw[k] + (avail - smin) * (smax - smin > 0 ? (maxw[k] - minw[k]) / (smax - smin) : 0);
		else
			pt->colw[k] = minw[k] * avail / smin;
		pt->width += pt->colw[k];
	}
	for (r = 0; r < t->nrows; r++) {
		double h = 0;
		for (k = 0; k < t->ncols; k++) {
			const rtext *cell = &t->cells[r * t->ncols + k];
			PangoLayout *l = pt->cells[r * t->ncols + k];
			char al = t->align[k];
			ts.bold = r < t->nhead || r >= t->nrows - t->nfoot;
			rtext plain;
			size_t *map = NULL;
			const rtext *set = cell; /* the text the layout shows */
			if (word_width(bk, cell, &ts) + 2 * pad <= pt->colw[k] + 0.01 &&
			    strstr(cell->text.ptr ? cell->text.ptr : "", "\xc2\xad")) {
				/* every word fits: break between words only */
				strip_shy(cell, &plain, &map);
				l = pt->cells[r * t->ncols + k] = rt_layout(bk, &plain, &ts, -1, PANGO_ALIGN_LEFT);
				set = &plain;
			}
			pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
			pango_layout_set_width(l, PU(pt->colw[k] - 2 * pad));
			pango_layout_set_alignment(l, al == 'r' ? PANGO_ALIGN_RIGHT
						     : al == 'c' ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
			cell_links(pt, r * t->ncols + k, l, set);
			if (map) {
				buf_free(&plain.text);
				free(plain.spans);
				free(map);
			}
			if (pl_height(l) > h)
				h = pl_height(l);
		}
		pt->rowh[r] = h + 2 * pad;
		if (r < t->nhead)
			pt->hdr_h += pt->rowh[r];
	}
	free(minw);
	free(maxw);

	glue(c, bk->st.gap * 1.2);
	if (t->caption) {
		PangoLayout *cl = pl_text(bk, t->caption, bk->st.sans, sz, 1, 0, avail, PANGO_ALIGN_LEFT);
		add_lines(c, cl, NULL, x, sz * 1.4, 1, bk->st.muted);
		glue(c, sz * 0.3);
		last(c)->keep = 1;
	}
	for (r = 0; r < t->nrows; r++) {
		pl_item *it = push(c, IT_ROW, pt->rowh[r]);
		it->x = x;
		it->tbl = pt;
		it->row = r;
		/* notes called in its cells go to the foot of its page */
		for (k = 0; k < t->ncols; k++) {
			const rtext *cell = &t->cells[r * t->ncols + k];
			size_t q;
			for (q = 0; q < cell->nfns; q++) {
				it->fns = xrealloc(it->fns, (it->nfns + 1) * sizeof *it->fns);
				it->fns[it->nfns++] = cell->fns[q];
			}
		}
		/* the header stays with the first row; the last row is not
		 * left alone on a page */
		it->keep = r < t->nhead || (r + 2 == t->nrows && r > t->nhead);
	}
	glue(c, bk->st.gap * 1.2);
}

static void figure(ctx *c, const block *b, double x)
{
	pl_book *bk = c->bk;
	double w = bk->st.tw - x, h, maxh = bk->st.th * 0.6;
	pl_item *it;
	const char *cap = NULL;
	if (b->kind == BK_IMAGE) {
		double scale = w / b->u.image.w;
		if (b->u.image.h * scale > maxh)
			scale = maxh / b->u.image.h;
		/* never larger than the size a browser shows (96 px an inch):
		 * small pictures stay small rather than blur */
		if (scale > 0.75)
			scale = 0.75;
		w = b->u.image.w * scale;
		h = b->u.image.h * scale;
		cap = b->u.image.title;
	} else {
		h = w * chart_height(b->u.chart.c) / chart_width(b->u.chart.c);
		if (h > maxh)
			h = maxh;
	}
	glue(c, bk->st.gap * 1.5);
	it = push(c, b->kind == BK_IMAGE ? IT_IMAGE : IT_CHART, h);
	it->x = x + (bk->st.tw - x - w) / 2;
	it->fw = w;
	it->fig = b;
	if (cap) {
		PangoLayout *cl = pl_text(bk, cap, bk->st.sans, bk->st.size * 0.82, 0, 1, bk->st.tw - x,
					  PANGO_ALIGN_CENTER);
		it->keep = 1;
		glue(c, bk->st.size * 0.4);
		last(c)->keep = 1;
		add_lines(c, cl, NULL, x, bk->st.size * 1.2, 0, bk->st.muted);
	}
	glue(c, bk->st.gap * 1.5);
}

static void add_blocks(ctx *c, block **v, size_t n, double x)
{
	pl_book *bk = c->bk;
	size_t i;
	for (i = 0; i < n; i++) {
		const block *b = v[i];
		switch (b->kind) {
		case BK_PARA:
			if (i > 0)
				glue(c, bk->st.gap);
			para(c, &b->u.para, x, NULL);
			break;
		case BK_HEADING:
			heading(c, &b->u.head, x);
			break;
		case BK_LIST:
			list(c, &b->u.list, x);
			break;
		case BK_QUOTE: {
			double qx = c->qx;
			glue(c, bk->st.gap);
			c->quote++;
			c->qx = x + bk->st.size * 0.4;
			add_blocks(c, b->u.quote.kids, b->u.quote.n, x + bk->st.size * 1.6);
			c->quote--;
			c->qx = qx;
			glue(c, bk->st.gap);
			break;
		}
		case BK_CODE:
			code(c, b->u.code, x);
			break;
		case BK_TABLE:
			table(c, &b->u.table, x);
			break;
		case BK_IMAGE:
		case BK_CHART:
			figure(c, b, x);
			break;
		case BK_RULE: {
			pl_item *it;
			glue(c, bk->st.gap);
			it = push(c, IT_RULE, bk->st.lead);
			it->x = x;
			glue(c, bk->st.gap);
			break;
		}
		}
	}
}

/* The chapter's opening: "Chapter 4" over the title, on a new page. */
static void chapter_open(ctx *c, const pdf_chapter *ch)
{
	pl_book *bk = c->bk;
	double k = bk->st.size / 10.5;
	PangoLayout *l;
	size_t first = c->f->n;
	pl_item *g = push(c, IT_GLUE, bk->st.lead * 2.5);
	g->newpage = 1;
	g->keep = 1;
	if (ch->number > 0) {
		char *label = xasprintf("%s %d", bk->chapter_word, ch->number);
		l = pl_text(bk, label, bk->st.sans, 11 * k, 1, 0, bk->st.tw, PANGO_ALIGN_LEFT);
		free(label);
		add_lines(c, l, NULL, 0, 11 * k * 1.6, 1, bk->st.accent);
	}
	l = pl_text(bk, ch->title, bk->st.sans, 22 * k, 1, 0, bk->st.tw, PANGO_ALIGN_LEFT);
	add_lines(c, l, NULL, 0, 22 * k * 1.25, 1, bk->st.primary);
	{
		char num[16];
		pl_item *it = &c->f->items[first + 1];
		snprintf(num, sizeof num, "%d", ch->number);
		it->head = add_head(bk, 1, ch->number > 0 ? num : NULL, ch->title, ch->dest,
				    c->chapter);
	}
	glue(c, bk->st.lead * 1.6);
	last(c)->keep = 1;
}

/* ---- the table of contents ---- */

static void toc(pl_book *bk)
{
	ctx c = {bk, &bk->toc, -1, 0, 0, 0};
	double k = bk->st.size / 10.5, numw = bk->st.size * 3;
	PangoLayout *l;
	size_t i;
	l = pl_text(bk, bk->toc_title, bk->st.sans, 22 * k, 1, 0, bk->st.tw, PANGO_ALIGN_LEFT);
	{
		pl_item *g = push(&c, IT_GLUE, bk->st.lead * 2.5);
		g->keep = 1;
		g->newpage = 1;
	}
	add_lines(&c, l, NULL, 0, 22 * k * 1.25, 1, bk->st.primary);
	glue(&c, bk->st.lead * 1.2);
	for (i = 0; i < bk->nheads; i++) {
		const pl_head *h = &bk->heads[i];
		double x = h->level == 1 ? 0 : bk->st.size * 2.2;
		size_t first;
		if (h->level > 2)
			continue;
		if (h->level == 1)
			glue(&c, bk->st.lead * 0.6);
		first = c.f->n;
		l = pl_text(bk, h->text, h->level == 1 ? bk->st.sans : bk->st.serif,
			    h->level == 1 ? bk->st.size * 1.02 : bk->st.size, h->level == 1, 0,
			    bk->st.tw - x - numw, PANGO_ALIGN_LEFT);
		add_lines(&c, l, NULL, x, bk->st.lead * (h->level == 1 ? 1.1 : 1.0), 0, bk->st.ink);
		for (; first < c.f->n; first++) {
			pl_item *it = &c.f->items[first];
			it->head = (int)i;
			it->keep = first + 1 < c.f->n;
		}
		c.f->items[c.f->n - 1].toc_last = 1;
		/* an entry stays with the first section listed after it */
		if (h->level == 1)
			c.f->items[c.f->n - 1].keep = 1;
	}
}

/* ---- pages ---- */

/* The height the footnotes called by it add to the page being filled:
 * notes already placed on an earlier page (mark -1) or already counted
 * for this page (mark == stamp) add nothing; the first note of a page
 * brings the rule above the notes.  A note called twice is set once. */
static double fn_need(const pl_book *bk, const pl_item *it, int *mark, int stamp, size_t *have)
{
	double h = 0;
	size_t i;
	for (i = 0; i < it->nfns; i++) {
		int f = it->fns[i];
		if (mark[f] == -1 || mark[f] == stamp)
			continue;
		mark[f] = stamp;
		h += bk->fnh[f];
		if (!(*have)++)
			h += bk->st.lead;
	}
	return h;
}

static int continues_table(const pl_item *it)
{
	return it->kind == IT_ROW && it->row >= it->tbl->t->nhead;
}

static void paginate(pl_book *bk, pl_flow *f)
{
	size_t i = 0, cap = 0;
	const double avail = bk->st.th;
	int *mark = xcalloc(bk->doc->nfns + 1, sizeof *mark);
	while (i < f->n) {
		size_t j, k, nf = 0, m;
		double y = 0, fh = 0;
		int over = 0, stamp = (int)f->npages + 1;
		pl_page *pg;
		/* space at the top of a page goes, unless a chapter opens */
		while (i < f->n && f->items[i].kind == IT_GLUE && !f->items[i].newpage)
			i++;
		if (i >= f->n)
			break;
		if (continues_table(&f->items[i]))
			y = f->items[i].tbl->hdr_h;
		for (j = i; j < f->n; j++) {
			const pl_item *it = &f->items[j];
			double need;
			if (j > i && it->newpage)
				break;
			need = fn_need(bk, it, mark, stamp, &nf);
			if (j > i && y + it->h + need + fh > avail + 0.01) {
				over = 1;
				break;
			}
			y += it->h;
			fh += need;
		}
		k = j;
		if (over) {
			/* back to the last place a break is allowed */
			while (k > i + 1 && f->items[k - 1].keep)
				k--;
			if (k == i + 1 && f->items[i].keep)
				k = j; /* a chain longer than a page: break where it is full */
		}
		if (k == i)
			k = i + 1;
		xgrow(&f->pages, &cap, f->npages + 1, sizeof *f->pages);
		pg = &f->pages[f->npages++];
		memset(pg, 0, sizeof *pg);
		pg->first = i;
		pg->n = k - i;
		pg->y = xcalloc(pg->n + 1, sizeof *pg->y);
		pg->chapter = f->items[i].chapter;
		pg->opens = f->items[i].newpage;
		y = 0;
		if (continues_table(&f->items[i])) {
			pg->repeat = f->items[i].tbl;
			y = pg->repeat->hdr_h;
		}
		for (m = 0; m < pg->n; m++) {
			const pl_item *it = &f->items[i + m];
			size_t q;
			pg->y[m] = y;
			y += it->h;
			for (q = 0; q < it->nfns; q++) {
				if (mark[it->fns[q]] == -1)
					continue;
				mark[it->fns[q]] = -1;
				pg->fns = xrealloc(pg->fns, (pg->nfns + 1) * sizeof *pg->fns);
				pg->fns[pg->nfns++] = it->fns[q];
			}
		}
		i = k;
	}
	free(mark);
}

static void footnote_layouts(pl_book *bk)
{
	const pdf_doc *d = bk->doc;
	size_t i;
	tstyle ts = body_style(bk);
	ts.size = bk->st.size * 0.8;
	bk->fn = xcalloc(d->nfns + 1, sizeof *bk->fn);
	bk->fnh = xcalloc(d->nfns + 1, sizeof *bk->fnh);
	for (i = 0; i < d->nfns; i++) {
		/* "1 text", the number as a link target */
		rtext t;
		size_t k;
		char num[16];
		memset(&t, 0, sizeof t);
		snprintf(num, sizeof num, "%d\xe2\x80\x82", d->fn_number[i]);
		buf_puts(&t.text, num);
		buf_put(&t.text, d->fns[i].text.ptr ? d->fns[i].text.ptr : "", d->fns[i].text.len);
		t.spans = xcalloc(d->fns[i].nspans + 2, sizeof *t.spans);
		t.spans[0].start = 0;
		t.spans[0].end = strlen(num);
		t.spans[0].style = ST_BOLD;
		t.spans[0].link = -1;
		for (k = 0; k < d->fns[i].nspans; k++) {
			t.spans[k + 1] = d->fns[i].spans[k];
			t.spans[k + 1].start += strlen(num);
			t.spans[k + 1].end += strlen(num);
		}
		t.nspans = d->fns[i].nspans + 1;
		bk->fn[i] = rt_layout(bk, &t, &ts, bk->st.tw, PANGO_ALIGN_LEFT);
		pango_layout_set_spacing(bk->fn[i], PU(ts.size * 0.25));
		bk->fnh[i] = pl_height(bk->fn[i]) + ts.size * 0.35;
		buf_free(&t.text);
		free(t.spans);
	}
}

void pl_book_layout(pl_book *bk, const pdf_doc *doc, const pl_style *st, PangoFontMap *fm,
		    int first_page, const char *toc_title, const char *chapter_word)
{
	size_t i, p, m;
	ctx c;
	memset(bk, 0, sizeof *bk);
	bk->st = *st;
	bk->doc = doc;
	bk->toc_title = toc_title;
	bk->chapter_word = chapter_word;
	bk->fm = g_object_ref(fm);
	bk->pc = pango_font_map_create_context(bk->fm);
	/* 72 dpi: one point of type is one unit of PDF user space */
	pango_cairo_context_set_resolution(bk->pc, 72);
	pango_context_set_language(bk->pc, pango_language_from_string(doc->code));
	/* glyph positions as the font has them: Pango rounds them to whole
	 * units by default, which on a 72-unit-per-inch page makes word and
	 * letter spacing visibly uneven */
	pango_context_set_round_glyph_positions(bk->pc, FALSE);
	{
		/* metrics-hinting off: positions are PDF coordinates, not pixels */
		cairo_font_options_t *fo = cairo_font_options_create();
		cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
		cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
		pango_cairo_context_set_font_options(bk->pc, fo);
		cairo_font_options_destroy(fo);
	}
	{
		/* the space of the face the language's text is set in */
		int ka = !strcmp(doc->code, "ka");
		PangoLayout *a = pl_text(bk, ka ? "ა ა" : "x x", st->serif, st->size, 0, 0, -1,
					 PANGO_ALIGN_LEFT);
		PangoLayout *b = pl_text(bk, ka ? "აა" : "xx", st->serif, st->size, 0, 0, -1,
					 PANGO_ALIGN_LEFT);
		bk->space = pl_width(a) - pl_width(b);
		if (bk->space <= 0)
			bk->space = st->size * 0.25;
	}
	footnote_layouts(bk);

	memset(&c, 0, sizeof c);
	c.bk = bk;
	c.f = &bk->body;
	for (i = 0; i < doc->nchapters; i++) {
		c.chapter = (int)i;
		chapter_open(&c, &doc->chapters[i]);
		add_blocks(&c, doc->chapters[i].blocks, doc->chapters[i].nblocks, 0);
	}
	toc(bk);
	paginate(bk, &bk->toc);
	paginate(bk, &bk->body);
	bk->first_body_page = first_page + (int)bk->toc.npages;
	for (p = 0; p < bk->body.npages; p++) {
		const pl_page *pg = &bk->body.pages[p];
		for (m = 0; m < pg->n; m++) {
			const pl_item *it = &bk->body.items[pg->first + m];
			if (it->head >= 0 && !bk->heads[it->head].page)
				bk->heads[it->head].page = bk->first_body_page + (int)p;
		}
	}
	/* the TOC's numbers, now that they are known */
	for (i = 0; i < bk->nheads; i++) {
		char num[16];
		snprintf(num, sizeof num, "%d", bk->heads[i].page);
		bk->heads[i].num = pl_text(bk, num, st->serif, st->size, bk->heads[i].level == 1, 0,
					   -1, PANGO_ALIGN_LEFT);
	}
}

static void flow_free(pl_flow *f)
{
	size_t i;
	for (i = 0; i < f->n; i++) {
		free(f->items[i].rects);
		free(f->items[i].fns);
	}
	free(f->items);
	for (i = 0; i < f->npages; i++) {
		free(f->pages[i].y);
		free(f->pages[i].fns);
	}
	free(f->pages);
}

void pl_book_free(pl_book *bk)
{
	size_t i;
	flow_free(&bk->toc);
	flow_free(&bk->body);
	for (i = 0; i < bk->nheads; i++) {
		free(bk->heads[i].text);
		free(bk->heads[i].label);
		free(bk->heads[i].title);
	}
	free(bk->heads);
	for (i = 0; i < bk->ntables; i++) {
		free(bk->tables[i]->colw);
		free(bk->tables[i]->cells);
		free(bk->tables[i]->rowh);
		free(bk->tables[i]->links);
		free(bk->tables[i]);
	}
	free(bk->tables);
	for (i = 0; i < bk->nowned; i++)
		g_object_unref(bk->owned[i]);
	free(bk->owned);
	free(bk->fn);
	free(bk->fnh);
	if (bk->pc)
		g_object_unref(bk->pc);
	if (bk->fm)
		g_object_unref(bk->fm);
	memset(bk, 0, sizeof *bk);
}

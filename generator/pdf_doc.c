/* pdf_doc.c - see pdf_doc.h */
#include "pdf_doc.h"
#include "bench.h"
#include "htab.h"
#include "pdf.h"
#include "pdf_book.h"
#include "slug.h"
#include "util.h"
#include "yamlval.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- styled text ---- */

static void rt_free(rtext *t)
{
	buf_free(&t->text);
	free(t->spans);
	free(t->fns);
	free(t->fn_at);
	memset(t, 0, sizeof *t);
}

/* Append s[0..len) in style (hyphenated when hy is given), extending
 * the last span when it has the same style and link. */
static void rt_put(rtext *t, const char *s, size_t len, int style, int link, const hyph *hy)
{
	size_t start = t->text.len;
	if (!len)
		return;
	if (hy)
		hyph_text(hy, s, len, &t->text);
	else
		buf_put(&t->text, s, len);
	if (!style && link < 0)
		return;
	if (t->nspans && t->spans[t->nspans - 1].end == start &&
	    t->spans[t->nspans - 1].style == style && t->spans[t->nspans - 1].link == link) {
		t->spans[t->nspans - 1].end = t->text.len;
		return;
	}
	xgrow(&t->spans, &t->capspans, t->nspans + 1, sizeof *t->spans);
	t->spans[t->nspans].start = start;
	t->spans[t->nspans].end = t->text.len;
	t->spans[t->nspans].style = style;
	t->spans[t->nspans].link = link;
	t->nspans++;
}

static void rt_puts(rtext *t, const char *s, int style, int link)
{
	rt_put(t, s, strlen(s), style, link, NULL);
}

/* Drop spaces at the end (a trailing soft break or a hard break). */
static void rt_trim(rtext *t)
{
	size_t i;
	while (t->text.len && (t->text.ptr[t->text.len - 1] == ' ' || t->text.ptr[t->text.len - 1] == '\n'))
		t->text.ptr[--t->text.len] = '\0';
	for (i = 0; i < t->nspans; i++)
		if (t->spans[i].end > t->text.len)
			t->spans[i].end = t->text.len;
}

/* ---- the walk over one page ---- */

typedef struct fnode {
	cmark_node *n;
	char *id;
} fnode;

typedef struct walker {
	pdf_doc *d;
	int chapter;           /* index into d->chapters */
	const char *path;
	int line_off;
	err_list *errs;
	fnode *heads;          /* heading nodes and their site ids, in document order */
	size_t nheads, capheads, head_at;
	htab *used;            /* heading ids given so far */
	htab *next_n;          /* base id -> the last suffix given */
	size_t fn_base;        /* doc index of this page's footnote 1 */
	size_t nfn_defs;
	int h2, h3, h4;        /* section counters for numbering */
} walker;

static void plain_text(cmark_node *n, buf *out)
{
	cmark_node *c;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
	case CMARK_NODE_CODE:
		buf_puts(out, cmark_node_get_literal(n));
		return;
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
		buf_putc(out, ' ');
		return;
	default:
		break;
	}
	for (c = cmark_node_first_child(n); c; c = cmark_node_next(c))
		plain_text(c, out);
}

/* The same ids markdown.c gives headings on the site, so that a link to
 * page/#id finds the heading in the book too: the slug, then slug-1,
 * slug-2...  The next suffix of each base is remembered, so a thousand
 * equal headings cost a thousand steps (as in markdown.c), not a
 * thousand million. */
static void collect_ids(walker *w, cmark_node *n)
{
	cmark_node *c;
	if (cmark_node_get_type(n) == CMARK_NODE_HEADING) {
		buf text = BUF_INIT;
		char *base, *id;
		size_t k;
		plain_text(n, &text);
		base = slug_make(buf_cstr(&text));
		buf_free(&text);
		if (!base[0]) {
			free(base);
			base = xstrdup("section");
		}
		id = xstrdup(base);
		k = (size_t)htab_get(w->next_n, base);
		while (htab_get(w->used, id)) {
			free(id);
			id = xasprintf("%s-%zu", base, ++k);
		}
		htab_put(w->next_n, base, (void *)k);
		htab_put(w->used, id, (void *)1);
		free(base);
		xgrow(&w->heads, &w->capheads, w->nheads + 1, sizeof *w->heads);
		w->heads[w->nheads].n = n;
		w->heads[w->nheads++].id = id;
	}
	for (c = cmark_node_first_child(n); c; c = cmark_node_next(c))
		collect_ids(w, c);
}

/* The id of heading node n.  blocks() meets headings in the order
 * collect_ids did (a document walk, less footnote definitions), so the
 * search goes on from the last one found. */
static const char *head_id(walker *w, cmark_node *n)
{
	size_t i;
	for (i = w->head_at; i < w->nheads; i++)
		if (w->heads[i].n == n) {
			w->head_at = i + 1;
			return w->heads[i].id;
		}
	for (i = 0; i < w->head_at && i < w->nheads; i++)
		if (w->heads[i].n == n)
			return w->heads[i].id;
	return "section";
}

static int add_link(pdf_doc *d, const char *url, int chapter)
{
	pdf_link *l;
	xgrow(&d->links, &d->caplinks, d->nlinks + 1, sizeof *d->links);
	l = &d->links[d->nlinks];
	memset(l, 0, sizeof *l);
	l->url = xstrdup(url ? url : "");
	l->chapter = chapter;
	return (int)d->nlinks++;
}

static int type_is(cmark_node *n, const char *name)
{
	const char *t = cmark_node_get_type_string(n);
	return t && !strcmp(t, name);
}

/* Inline content of n into t.  hyphenate: body text (not headings). */
static void inlines(walker *w, cmark_node *n, rtext *t, int style, int link, int hyphenate)
{
	cmark_node *c;
	const hyph *hy = hyphenate ? w->d->hy : NULL;
	for (c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		const char *lit = cmark_node_get_literal(c);
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
			rt_put(t, lit, strlen(lit), style, link, hy);
			break;
		case CMARK_NODE_SOFTBREAK:
			rt_put(t, " ", 1, style, link, NULL);
			break;
		case CMARK_NODE_LINEBREAK:
			/* a paragraph break for Pango, so that the line before it
			 * is not justified */
			rt_put(t, "\n", 1, style, link, NULL);
			break;
		case CMARK_NODE_CODE:
			rt_put(t, lit, strlen(lit), style | ST_CODE, link, NULL);
			break;
		case CMARK_NODE_EMPH:
			inlines(w, c, t, style | ST_ITALIC, link, hyphenate);
			break;
		case CMARK_NODE_STRONG:
			inlines(w, c, t, style | ST_BOLD, link, hyphenate);
			break;
		case CMARK_NODE_LINK: {
			int l = link >= 0 ? link : add_link(w->d, cmark_node_get_url(c), w->chapter);
			inlines(w, c, t, style | ST_LINK, l, hyphenate);
			break;
		}
		case CMARK_NODE_IMAGE:
			/* an image inside text: its description stands in */
			inlines(w, c, t, style | ST_ITALIC, link, hyphenate);
			break;
		case CMARK_NODE_FOOTNOTE_REFERENCE: {
			int num = lit ? atoi(lit) : 0;
			if (num >= 1 && (size_t)num <= w->nfn_defs) {
				size_t idx = w->fn_base + (size_t)num - 1;
				char *dest = xasprintf("fn-%zu", idx);
				int l = add_link(w->d, "", w->chapter);
				char mark[16];
				w->d->links[l].dest = dest;
				xgrow(&t->fns, &t->capfns, t->nfns + 1, sizeof *t->fns);
				t->fn_at = xrealloc(t->fn_at, t->capfns * sizeof *t->fn_at);
				t->fns[t->nfns] = (int)idx;
				t->fn_at[t->nfns++] = t->text.len;
				snprintf(mark, sizeof mark, "%d", num);
				rt_puts(t, mark, style | ST_SUP | ST_LINK, l);
			}
			break;
		}
		case CMARK_NODE_HTML_INLINE:
			break; /* raw HTML has no place in a book (the site warns) */
		default:
			if (type_is(c, "strikethrough"))
				inlines(w, c, t, style | ST_STRIKE, link, hyphenate);
			else
				inlines(w, c, t, style, link, hyphenate);
			break;
		}
	}
}

/* ---- blocks ---- */

static block *new_block(block_kind k, int line)
{
	block *b = xcalloc(1, sizeof *b);
	b->kind = k;
	b->line = line;
	return b;
}

static void push_block(block ***v, size_t *n, block *b)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = b;
}

static void blocks(walker *w, cmark_node *parent, block ***out, size_t *n);

/* A paragraph that holds only an image is a figure. */
static cmark_node *lone_image(cmark_node *para)
{
	cmark_node *c = cmark_node_first_child(para);
	if (c && cmark_node_get_type(c) == CMARK_NODE_IMAGE && !cmark_node_next(c))
		return c;
	return NULL;
}

/* The file an image URL names: /x/y.png is content/x/y.png (or
 * content/static/x/y.png), a relative name sits beside the page. */
static char *image_file(walker *w, const char *url)
{
	const page *p = w->d->chapters[w->chapter].pg;
	char *f;
	if (!url || !*url || strstr(url, "..") || strchr(url, ':') || strchr(url, '?'))
		return NULL;
	if (url[0] == '/') {
		f = xasprintf("content%s", url);
		if (is_file(f))
			return f;
		free(f);
		f = xasprintf("content/static%s", url);
	} else {
		f = xasprintf("content/%s%s%s", p->dir, p->dir[0] ? "/" : "", url);
	}
	if (is_file(f))
		return f;
	free(f);
	return NULL;
}

/* Width and height of a JPEG, from its first frame header. */
static int jpeg_size(const unsigned char *p, size_t n, int *wd, int *ht, int *comps)
{
	size_t i = 2;
	if (n < 4 || p[0] != 0xFF || p[1] != 0xD8)
		return -1;
	while (i + 4 <= n) {
		unsigned m;
		size_t len;
		if (p[i] != 0xFF) {
			i++;
			continue;
		}
		m = p[i + 1];
		if (m == 0xFF) {
			i++;
			continue;
		}
		if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
			i += 2;
			continue;
		}
		len = (size_t)p[i + 2] << 8 | p[i + 3];
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			if (i + 9 >= n)
				return -1;
			*ht = p[i + 5] << 8 | p[i + 6];
			*wd = p[i + 7] << 8 | p[i + 8];
			*comps = p[i + 9];
			return *wd > 0 && *ht > 0 ? 0 : -1;
		}
		i += 2 + len;
	}
	return -1;
}

/* Load a PNG, or a JPEG that the PDF will carry as it is (DCT data:
 * no re-encoding, no loss, smaller files). */
cairo_surface_t *pdf_load_image(const char *file, char **why)
{
	size_t n = strlen(file), len;
	cairo_surface_t *s;
	*why = NULL;
	if (n > 4 && !strcasecmp(file + n - 4, ".png")) {
		s = cairo_image_surface_create_from_png(file);
		if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
			/* Cairo says "out of memory" for a file that is not a PNG */
			char *head = file_read(file, &len);
			if (head && (len < 8 || memcmp(head, "\x89PNG\r\n\x1a\n", 8)))
				*why = xasprintf("%s is not a PNG image", file);
			else
				*why = xasprintf("cannot read PNG %s: %s", file,
						 cairo_status_to_string(cairo_surface_status(s)));
			free(head);
			cairo_surface_destroy(s);
			return NULL;
		}
		return s;
	}
	if ((n > 4 && !strcasecmp(file + n - 4, ".jpg")) || (n > 5 && !strcasecmp(file + n - 5, ".jpeg"))) {
		unsigned char *data = (unsigned char *)file_read(file, &len);
		int wd, ht, comps;
		if (!data) {
			*why = xasprintf("cannot read %s", file);
			return NULL;
		}
		if (jpeg_size(data, len, &wd, &ht, &comps) < 0 || wd > 20000 || ht > 20000 ||
		    (comps != 1 && comps != 3 && comps != 4)) {
			free(data);
			*why = xasprintf("%s is not a JPEG image this writer can embed", file);
			return NULL;
		}
		/* the pixels are never used: the PDF carries the JPEG */
		s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, wd, ht);
		if (cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, data, len, free, data) !=
		    CAIRO_STATUS_SUCCESS) {
			free(data);
			cairo_surface_destroy(s);
			*why = xasprintf("cannot embed %s", file);
			return NULL;
		}
		return s;
	}
	*why = xasprintf("%s: only PNG and JPEG images go into PDF books", file);
	return NULL;
}

static block *image_block(walker *w, cmark_node *img, int line)
{
	const char *url = cmark_node_get_url(img), *title = cmark_node_get_title(img);
	char *file = image_file(w, url), *why = NULL;
	buf alt = BUF_INIT;
	cairo_surface_t *s;
	block *b;
	plain_text(img, &alt);
	if (!file) {
		err_warn(w->errs, w->path, line, cmark_node_get_start_column(img),
			 "image '%s' is not a file of the site; the book shows its description",
			 url ? url : "");
		buf_free(&alt);
		return NULL;
	}
	s = pdf_load_image(file, &why);
	free(file);
	if (!s) {
		err_warn(w->errs, w->path, line, cmark_node_get_start_column(img), "%s", why);
		free(why);
		buf_free(&alt);
		return NULL;
	}
	b = new_block(BK_IMAGE, line);
	b->u.image.surface = s;
	b->u.image.w = cairo_image_surface_get_width(s);
	b->u.image.h = cairo_image_surface_get_height(s);
	b->u.image.alt = buf_detach(&alt);
	b->u.image.title = title && *title ? xstrdup(title) : NULL;
	return b;
}

/* A GFM table: header row(s), then body rows. */
static block *gfm_table(walker *w, cmark_node *n, int line)
{
	block *b = new_block(BK_TABLE, line);
	p_table *t = &b->u.table;
	uint8_t *al = cmark_gfm_extensions_get_table_alignments(n);
	cmark_node *r, *c;
	size_t i, row = 0;
	t->ncols = cmark_gfm_extensions_get_table_columns(n);
	for (r = cmark_node_first_child(n); r; r = cmark_node_next(r))
		t->nrows++;
	t->cells = xcalloc(t->nrows * t->ncols + 1, sizeof *t->cells);
	t->align = xcalloc(t->ncols + 1, 1);
	for (i = 0; i < t->ncols; i++)
		t->align[i] = al && al[i] == 'r' ? 'r' : al && al[i] == 'c' ? 'c' : 'l';
	for (r = cmark_node_first_child(n); r; r = cmark_node_next(r), row++) {
		if (cmark_gfm_extensions_get_table_row_is_header(r) && row == t->nhead)
			t->nhead++;
		for (i = 0, c = cmark_node_first_child(r); c && i < t->ncols; c = cmark_node_next(c), i++) {
			rtext *cell = &t->cells[row * t->ncols + i];
			/* soft hyphens everywhere: columns are sized to whole
			 * words (pdf_layout.c), and only a column too narrow for
			 * its longest word breaks it, between syllables */
			inlines(w, c, cell, 0, -1, 1);
			rt_trim(cell);
		}
	}
	return b;
}

/* A ```table block: the same table model the site draws (tables.c). */
static block *data_table(walker *w, const char *spec, int line)
{
	tbl *tb = tbl_build(spec, w->path, line, w->d->tenv, w->errs);
	block *b;
	p_table *t;
	size_t i, k;
	if (!tb)
		return NULL;
	b = new_block(BK_TABLE, line);
	t = &b->u.table;
	t->ncols = tb->ncols;
	t->nhead = 1;
	t->nfoot = tb->totals ? 1 : 0;
	t->nrows = 1 + tb->nrows + t->nfoot;
	t->cells = xcalloc(t->nrows * t->ncols + 1, sizeof *t->cells);
	t->align = xcalloc(t->ncols + 1, 1);
	t->caption = tb->caption && tb->caption[0] ? xstrdup(tb->caption) : NULL;
	for (i = 0; i < t->ncols; i++) {
		t->align[i] = tb->numeric[i] ? 'r' : 'l';
		rt_put(&t->cells[i], tb->headers[i], strlen(tb->headers[i]), 0, -1, w->d->hy);
	}
	for (k = 0; k < tb->nrows; k++)
		for (i = 0; i < t->ncols; i++) {
			const char *s = tb->cells[k * tb->ncols + i].text;
			rt_put(&t->cells[(k + 1) * t->ncols + i], s, strlen(s), 0, -1,
			       tb->numeric[i] ? NULL : w->d->hy);
		}
	if (tb->totals)
		for (i = 0; i < t->ncols; i++)
			rt_puts(&t->cells[(t->nrows - 1) * t->ncols + i], tb->totals[i].text, 0, -1);
	tbl_free(tb);
	return b;
}

static block *chart_block(walker *w, const char *spec, int line)
{
	const char *langs[CFG_MAX_LANGS + 1] = {0};
	chart *c;
	block *b;
	size_t i;
	for (i = 0; i < w->d->s->cfg->nlangs; i++)
		langs[i] = w->d->s->cfg->langs[i].code;
	c = pdf_doc_chart(spec, w->path, line, w->d->tenv, langs, w->errs);
	if (!c)
		return NULL;
	b = new_block(BK_CHART, line);
	b->u.chart.c = c;
	b->u.chart.title = chart_alt(c);
	return b;
}

static char *heading_number(walker *w, int level)
{
	pdf_chapter *ch = &w->d->chapters[w->chapter];
	if (!ch->number || level > w->d->numbering)
		return NULL;
	if (level == 2)
		return xasprintf("%d.%d", ch->number, w->h2);
	if (level == 3)
		return xasprintf("%d.%d.%d", ch->number, w->h2, w->h3);
	return xasprintf("%d.%d.%d.%d", ch->number, w->h2, w->h3, w->h4);
}

static block *heading_block(walker *w, cmark_node *n, int line)
{
	block *b = new_block(BK_HEADING, line);
	b_heading *h = &b->u.head;
	buf plain = BUF_INIT;
	int level = cmark_node_get_heading_level(n);
	h->level = level < 2 ? 2 : level;
	if (h->level == 2)
		w->h2++, w->h3 = w->h4 = 0;
	else if (h->level == 3)
		w->h3++, w->h4 = 0;
	else if (h->level == 4)
		w->h4++;
	h->number = heading_number(w, h->level);
	h->id = xstrdup(head_id(w, n));
	h->dest = xasprintf("%s-%s", w->d->chapters[w->chapter].dest, h->id);
	inlines(w, n, &h->text, 0, -1, 0);
	rt_trim(&h->text);
	plain_text(n, &plain);
	h->plain = buf_detach(&plain);
	return b;
}

static void list_block(walker *w, cmark_node *n, block *b)
{
	b_list *l = &b->u.list;
	cmark_node *it;
	size_t i = 0;
	l->ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
	l->start = cmark_node_get_list_start(n);
	l->tight = cmark_node_get_list_tight(n);
	for (it = cmark_node_first_child(n); it; it = cmark_node_next(it))
		l->nitems++;
	l->items = xcalloc(l->nitems + 1, sizeof *l->items);
	l->nblocks = xcalloc(l->nitems + 1, sizeof *l->nblocks);
	l->task = xcalloc(l->nitems + 1, sizeof *l->task);
	for (it = cmark_node_first_child(n); it; it = cmark_node_next(it), i++) {
		l->task[i] = type_is(it, "tasklist") ? cmark_gfm_extensions_get_tasklist_item_checked(it) : -1;
		blocks(w, it, &l->items[i], &l->nblocks[i]);
	}
}

static int omitted(const value *omit, const char *id)
{
	size_t i;
	for (i = 0; omit && i < val_len(omit); i++)
		if (val_cstr(val_at(omit, i)) && !strcmp(val_cstr(val_at(omit, i)), id))
			return 1;
	return 0;
}

static void blocks(walker *w, cmark_node *parent, block ***out, size_t *n)
{
	cmark_node *c;
	for (c = cmark_node_first_child(parent); c; c = cmark_node_next(c)) {
		int line = cmark_node_get_start_line(c) + w->line_off;
		block *b = NULL;
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_PARAGRAPH: {
			cmark_node *img = lone_image(c);
			if (img && (b = image_block(w, img, line)))
				break;
			b = new_block(BK_PARA, line);
			inlines(w, c, &b->u.para, 0, -1, 1);
			rt_trim(&b->u.para);
			if (!b->u.para.text.len) {
				rt_free(&b->u.para);
				free(b);
				b = NULL;
			}
			break;
		}
		case CMARK_NODE_HEADING:
			b = heading_block(w, c, line);
			break;
		case CMARK_NODE_LIST:
			b = new_block(BK_LIST, line);
			list_block(w, c, b);
			break;
		case CMARK_NODE_BLOCK_QUOTE:
			b = new_block(BK_QUOTE, line);
			blocks(w, c, &b->u.quote.kids, &b->u.quote.n);
			break;
		case CMARK_NODE_CODE_BLOCK: {
			const char *info = cmark_node_get_fence_info(c);
			const char *lit = cmark_node_get_literal(c);
			/* the block's first body line is the line after the fence */
			if (info && !strcmp(info, "table"))
				b = data_table(w, lit, line + 1);
			else if (info && !strcmp(info, "chart"))
				b = chart_block(w, lit, line + 1);
			else {
				size_t len = strlen(lit);
				while (len && lit[len - 1] == '\n')
					len--;
				b = new_block(BK_CODE, line);
				b->u.code = xstrndup(lit, len);
			}
			break;
		}
		case CMARK_NODE_THEMATIC_BREAK:
			b = new_block(BK_RULE, line);
			break;
		case CMARK_NODE_FOOTNOTE_DEFINITION:
		case CMARK_NODE_HTML_BLOCK:
			break;
		default:
			if (type_is(c, "table"))
				b = gfm_table(w, c, line);
			break;
		}
		if (b)
			push_block(out, n, b);
	}
}

/* Leave out the sections whose heading id is in omit: from the heading
 * to the next heading of the same or a higher level. */
static void omit_sections(block **v, size_t *n, const value *omit)
{
	size_t i, k = 0;
	int skip = 0;
	for (i = 0; i < *n; i++) {
		block *b = v[i];
		if (b->kind == BK_HEADING) {
			if (skip && b->u.head.level <= skip)
				skip = 0;
			if (!skip && omitted(omit, b->u.head.id))
				skip = b->u.head.level;
		}
		if (skip) {
			pdf_block_free(b);
			continue;
		}
		v[k++] = b;
	}
	*n = k;
}

/* The footnote definitions of the page, in the order cmark numbered
 * them (first reference first), as flat texts. */
static void footnotes(walker *w, cmark_node *root)
{
	pdf_doc *d = w->d;
	cmark_node *c;
	int num = 0;
	w->fn_base = d->nfns;
	for (c = cmark_node_first_child(root); c; c = cmark_node_next(c))
		if (cmark_node_get_type(c) == CMARK_NODE_FOOTNOTE_DEFINITION)
			w->nfn_defs++;
	for (c = cmark_node_first_child(root); c; c = cmark_node_next(c)) {
		cmark_node *p;
		rtext *t;
		if (cmark_node_get_type(c) != CMARK_NODE_FOOTNOTE_DEFINITION)
			continue;
		xgrow(&d->fns, &d->capfns, d->nfns + 1, sizeof *d->fns);
		d->fn_number = xrealloc(d->fn_number, d->capfns * sizeof *d->fn_number);
		t = &d->fns[d->nfns];
		memset(t, 0, sizeof *t);
		d->fn_number[d->nfns++] = ++num;
		for (p = cmark_node_first_child(c); p; p = cmark_node_next(p)) {
			if (t->text.len)
				rt_puts(t, " ", 0, -1);
			inlines(w, p, t, 0, -1, 1);
			rt_trim(t);
		}
	}
}

static void block_ids(pdf_chapter *ch, block **v, size_t n)
{
	size_t i, k;
	for (i = 0; i < n; i++) {
		const block *b = v[i];
		if (b->kind == BK_HEADING) {
			xgrow(&ch->ids, &ch->capids, ch->nids + 1, sizeof *ch->ids);
			ch->ids[ch->nids++] = xstrdup(b->u.head.id);
		} else if (b->kind == BK_QUOTE) {
			block_ids(ch, b->u.quote.kids, b->u.quote.n);
		} else if (b->kind == BK_LIST) {
			for (k = 0; k < b->u.list.nitems; k++)
				block_ids(ch, b->u.list.items[k], b->u.list.nblocks[k]);
		}
	}
}

void pdf_doc_init(pdf_doc *d, const site *s, int lang, const hyph *hy, const tbl_env *tenv,
		  int numbering)
{
	memset(d, 0, sizeof *d);
	d->s = s;
	d->lang = lang;
	d->code = s->cfg->langs[lang].code;
	d->hy = hy;
	d->tenv = tenv;
	d->smart = s->cfg->smart;
	d->numbering = numbering;
}

/* "4. Title" -> "Title" when 4 is the chapter's number: the pages carry
 * their number for the site's lists; the book numbers chapters itself. */
static char *chapter_title(const char *t, int number)
{
	const char *p = t;
	if (number > 0 && isdigit((unsigned char)*p)) {
		int k = 0;
		/* (a number longer than any chapter's is not one: no overflow) */
		while (isdigit((unsigned char)*p) && k < 100000)
			k = k * 10 + (*p++ - '0');
		if (k == number && *p == '.' && p[1] == ' ')
			return xstrdup(p + 2);
	}
	return xstrdup(t);
}

void pdf_doc_add(pdf_doc *d, const page *p, int number, const char *title,
		 const value *omit, err_list *errs)
{
	int options = CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8;
	static const char *const exts[] = {"table", "strikethrough", "autolink", "tasklist"};
	cmark_parser *parser;
	cmark_node *root;
	pdf_chapter *ch;
	walker w;
	size_t i;

	if (d->smart)
		options |= CMARK_OPT_SMART;
	d->chapters = xrealloc(d->chapters, (d->nchapters + 1) * sizeof *d->chapters);
	ch = &d->chapters[d->nchapters];
	memset(ch, 0, sizeof *ch);
	ch->pg = p;
	ch->number = number;
	ch->title = chapter_title(title ? title : p->title ? p->title : "", number);
	ch->dest = xasprintf("c%zu", d->nchapters);

	memset(&w, 0, sizeof w);
	w.d = d;
	w.chapter = (int)d->nchapters++;
	w.path = p->src;
	w.line_off = p->body_line;
	w.errs = errs;

	parser = cmark_parser_new(options);
	for (i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
		if (e)
			cmark_parser_attach_syntax_extension(parser, e);
	}
	cmark_parser_feed(parser, p->body ? p->body : "", p->body ? p->body_len : 0);
	root = cmark_parser_finish(parser);

	w.used = htab_new();
	w.next_n = htab_new();
	collect_ids(&w, root);
	footnotes(&w, root);
	blocks(&w, root, &ch->blocks, &ch->nblocks);
	if (omit)
		omit_sections(ch->blocks, &ch->nblocks, omit);

	/* the ids a link may go to: those of the headings the book sets
	 * (an omitted section's heading gets no destination) */
	block_ids(ch, ch->blocks, ch->nblocks);
	htab_free(w.used);
	htab_free(w.next_n);
	for (i = 0; i < w.nheads; i++)
		free(w.heads[i].id);
	free(w.heads);
	cmark_node_free(root);
	cmark_parser_free(parser);
}

/* ---- links ---- */

/* path (no fragment) of url joined to the page URL base when relative */
static char *join_url(const char *base, const char *rel)
{
	buf b = BUF_INIT;
	const char *p;
	char *out, **parts = NULL;
	size_t n = 0, cap = 0, i;
	if (rel[0] == '/')
		return xstrdup(rel);
	buf_puts(&b, base);
	if (!b.len || b.ptr[b.len - 1] != '/')
		buf_putc(&b, '/');
	buf_puts(&b, rel);
	/* fold "." and ".." */
	for (p = buf_cstr(&b); *p;) {
		const char *q = strchr(p, '/');
		size_t len = q ? (size_t)(q - p) : strlen(p);
		if (len == 2 && !strncmp(p, "..", 2)) {
			if (n)
				free(parts[--n]);
		} else if (len && !(len == 1 && *p == '.')) {
			xgrow(&parts, &cap, n + 1, sizeof *parts);
			parts[n++] = xstrndup(p, len);
		}
		p += len;
		if (*p == '/')
			p++;
	}
	buf_reset(&b);
	for (i = 0; i < n; i++) {
		buf_putc(&b, '/');
		buf_puts(&b, parts[i]);
		free(parts[i]);
	}
	free(parts);
	if (!b.len || rel[strlen(rel) - 1] == '/')
		buf_putc(&b, '/');
	out = buf_detach(&b);
	return out;
}

static int has_id(const pdf_chapter *ch, const char *id)
{
	size_t i;
	for (i = 0; i < ch->nids; i++)
		if (!strcmp(ch->ids[i], id))
			return 1;
	return 0;
}

static void resolve(pdf_doc *d, pdf_link *l)
{
	const pdf_chapter *from = &d->chapters[l->chapter];
	const char *url = l->url, *hash;
	char *path, *frag = NULL;
	size_t i;
	if (l->dest || l->uri)
		return;
	if (!strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8) ||
	    !strncasecmp(url, "mailto:", 7) || !strncasecmp(url, "tel:", 4)) {
		l->uri = xstrdup(url);
		return;
	}
	if (!*url || strchr(url, ':'))
		return; /* no target, or a scheme a book cannot open */
	hash = strchr(url, '#');
	if (hash) {
		frag = xstrdup(hash + 1);
		path = hash == url ? xstrdup(from->pg->url) : xstrndup(url, (size_t)(hash - url));
	} else {
		path = xstrdup(url);
	}
	{
		char *q = strchr(path, '?');
		char *abs;
		if (q)
			*q = '\0';
		abs = join_url(from->pg->url, path);
		free(path);
		path = abs;
	}
	for (i = 0; i < d->nchapters; i++) {
		const pdf_chapter *ch = &d->chapters[i];
		if (ch->pg->url && !strcmp(ch->pg->url, path)) {
			if (frag && has_id(ch, frag))
				l->dest = xasprintf("%s-%s", ch->dest, frag);
			else
				l->dest = xstrdup(ch->dest);
			break;
		}
	}
	if (!l->dest) {
		/* a page of the site that is not in the book: its web address */
		char *abs = site_permalink(d->s, path);
		l->uri = frag ? xasprintf("%s#%s", abs, frag) : xstrdup(abs);
		free(abs);
	}
	free(path);
	free(frag);
}

void pdf_doc_resolve(pdf_doc *d)
{
	size_t i;
	for (i = 0; i < d->nlinks; i++)
		resolve(d, &d->links[i]);
}

/* ---- freeing ---- */

void pdf_block_free(block *b)
{
	size_t i, k;
	if (!b)
		return;
	switch (b->kind) {
	case BK_PARA:
		rt_free(&b->u.para);
		break;
	case BK_HEADING:
		rt_free(&b->u.head.text);
		free(b->u.head.number);
		free(b->u.head.id);
		free(b->u.head.dest);
		free(b->u.head.plain);
		break;
	case BK_LIST:
		for (i = 0; i < b->u.list.nitems; i++) {
			for (k = 0; k < b->u.list.nblocks[i]; k++)
				pdf_block_free(b->u.list.items[i][k]);
			free(b->u.list.items[i]);
		}
		free(b->u.list.items);
		free(b->u.list.nblocks);
		free(b->u.list.task);
		break;
	case BK_QUOTE:
		for (i = 0; i < b->u.quote.n; i++)
			pdf_block_free(b->u.quote.kids[i]);
		free(b->u.quote.kids);
		break;
	case BK_CODE:
		free(b->u.code);
		break;
	case BK_TABLE:
		for (i = 0; i < b->u.table.nrows * b->u.table.ncols; i++)
			rt_free(&b->u.table.cells[i]);
		free(b->u.table.cells);
		free(b->u.table.align);
		free(b->u.table.caption);
		break;
	case BK_IMAGE:
		cairo_surface_destroy(b->u.image.surface);
		free(b->u.image.alt);
		free(b->u.image.title);
		break;
	case BK_CHART:
		chart_free(b->u.chart.c);
		free(b->u.chart.title);
		break;
	case BK_RULE:
		break;
	}
	free(b);
}

void pdf_doc_free(pdf_doc *d)
{
	size_t i, k;
	for (i = 0; i < d->nchapters; i++) {
		pdf_chapter *ch = &d->chapters[i];
		for (k = 0; k < ch->nblocks; k++)
			pdf_block_free(ch->blocks[k]);
		free(ch->blocks);
		for (k = 0; k < ch->nids; k++)
			free(ch->ids[k]);
		free(ch->ids);
		free(ch->title);
		free(ch->dest);
	}
	free(d->chapters);
	for (i = 0; i < d->nlinks; i++) {
		free(d->links[i].url);
		free(d->links[i].uri);
		free(d->links[i].dest);
	}
	free(d->links);
	for (i = 0; i < d->nfns; i++)
		rt_free(&d->fns[i]);
	free(d->fns);
	free(d->fn_number);
	memset(d, 0, sizeof *d);
}

/* ---- charts over data ---- */

static char *text_of(const value *v)
{
	buf b = BUF_INIT;
	val_to_text(v, &b);
	return buf_detach(&b);
}

static const char *const text_keys[] = {"title", "subtitle", "x_label", "y_label", "unit", "note", NULL};
static const char *const bind_keys[] = {"source", "filter", "limit", "label", "series", NULL};

static int in_list(const char *k, const char *const *l)
{
	for (; *l; l++)
		if (!strcmp(*l, k))
			return 1;
	return 0;
}

value *pdf_chart_spec(const value *spec, const tbl_env *env, const char *path, err_list *errs)
{
	int before = errs->nerrors;
	const value *src, *rows, *lab, *ser, *flt, *v;
	value *out, *labels, *series;
	size_t i, k, n, limit = (size_t)-1;
	const char *lang = env && env->lang ? env->lang : "en";

	if (!spec || spec->kind != VAL_MAP)
		return spec ? val_ref((value *)spec) : NULL;
	out = val_map();
	out->line = spec->line;
	out->col = spec->col;
	src = val_get(spec, "source");
	for (i = 0; i < spec->u.map.len; i++) {
		const char *key = spec->u.map.keys[i];
		const value *x = spec->u.map.vals[i];
		if (src && in_list(key, bind_keys))
			continue;
		if (in_list(key, text_keys) && x->kind == VAL_MAP && pdf_lang_text(x, lang)) {
			value *t = val_str(pdf_lang_text(x, lang));
			t->line = x->line;
			t->col = x->col;
			val_set(out, key, t);
		} else {
			val_set(out, key, val_ref((value *)x));
		}
	}
	if (!src)
		return out;

	if (!val_cstr(src)) {
		err_add(errs, path, src->line, src->col,
			"'source' names the data (e.g. benchmarking.ranking)");
		val_unref(out);
		return NULL;
	}
	rows = env ? tbl_source(env->results, env->data, src->u.str.s) : NULL;
	if (!rows || rows->kind != VAL_LIST) {
		err_add(errs, path, src->line, src->col, "no list of rows at source '%s'", src->u.str.s);
		val_unref(out);
		return NULL;
	}
	lab = val_get(spec, "label");
	ser = val_get(spec, "series");
	if (!val_cstr(lab) || !ser || ser->kind != VAL_LIST || !ser->u.list.len) {
		err_add(errs, path, spec->line, spec->col,
			"a chart with a source needs 'label' (a key) and 'series' ([{key: ..., name: ...}])");
		val_unref(out);
		return NULL;
	}
	/* a key no row has is a typo: say so rather than draw nothing */
	if (rows->u.list.len && !val_path(rows->u.list.items[0], lab->u.str.s))
		err_add(errs, path, lab->line, lab->col, "the rows have no '%s'", lab->u.str.s);
	for (k = 0; k < ser->u.list.len; k++) {
		const value *s = ser->u.list.items[k];
		const char *key = val_get_str(s, "key", NULL);
		if (!key)
			err_add(errs, path, s->line, s->col, "each series needs a 'key'");
		else if (rows->u.list.len && !val_path(rows->u.list.items[0], key))
			err_add(errs, path, s->line, s->col, "the rows have no '%s'", key);
	}
	if ((v = val_get(spec, "limit"))) {
		if (v->kind != VAL_NUM || v->u.n < 1)
			err_add(errs, path, v->line, v->col, "limit must be a positive number");
		else
			limit = (size_t)v->u.n;
	}
	flt = val_get(spec, "filter");
	if (flt && flt->kind != VAL_MAP)
		err_add(errs, path, flt->line, flt->col, "filter is a mapping of key: value");
	if (errs->nerrors > before) {
		val_unref(out);
		return NULL;
	}

	/* one label and one value per series for each row the filter keeps */
	labels = val_list();
	labels->line = lab->line;
	labels->col = lab->col;
	series = val_list();
	series->line = ser->line;
	series->col = ser->col;
	for (k = 0; k < ser->u.list.len; k++) {
		const value *s = ser->u.list.items[k];
		value *m = val_map(), *vals = val_list();
		const char *name = pdf_lang_text(val_get(s, "name"), lang);
		m->line = vals->line = s->line;
		m->col = vals->col = s->col;
		if (name)
			val_set_str(m, "name", name);
		val_set(m, "values", vals);
		val_push(series, m);
	}
	for (i = 0, n = 0; i < rows->u.list.len && n < limit; i++) {
		const value *row = rows->u.list.items[i];
		int keep = 1;
		for (k = 0; flt && k < flt->u.map.len && keep; k++) {
			char *a = text_of(val_path(row, flt->u.map.keys[k]));
			char *b = text_of(flt->u.map.vals[k]);
			keep = !strcmp(a, b);
			free(a);
			free(b);
		}
		if (!keep)
			continue;
		n++;
		val_push(labels, val_str_take(text_of(val_path(row, lab->u.str.s))));
		for (k = 0; k < ser->u.list.len; k++) {
			double x;
			value *vals = val_get(val_at(series, k), "values");
			if (tbl_number(val_path(row, val_get_str(ser->u.list.items[k], "key", "")), &x) == 0)
				val_push(vals, val_num(x));
			else
				val_push(vals, val_null());
		}
	}
	val_set(out, "labels", labels);
	val_set(out, "series", series);
	return out;
}

chart *pdf_doc_chart(const char *yaml, const char *path, int line, const tbl_env *env,
		     const char *const *langs, err_list *errs)
{
	value *spec = yv_parse(yaml, strlen(yaml), path, line - 1, errs), *loc, *bound;
	chart *c = NULL;
	if (!spec)
		return NULL;
	if (spec->kind != VAL_MAP) {
		err_add(errs, path, line, 1, "a chart block holds a YAML mapping (type:, title:, ...)");
		val_unref(spec);
		return NULL;
	}
	/* every {ka: .., en: ..} in the spec in the book's language, as the
	 * site's figures.c does, then the data bound */
	loc = bench_localize(spec, env->lang, langs);
	bound = pdf_chart_spec(loc, env, path, errs);
	if (bound)
		c = chart_new(bound, path, env->lang, errs);
	val_unref(bound);
	val_unref(loc);
	val_unref(spec);
	return c;
}

/* markdown.c - see markdown.h */
#include "markdown.h"
#include "htab.h"
#include "slug.h"
#include "util.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const exts[] = {"table", "strikethrough", "autolink",
				   "tagfilter", "tasklist"};

void md_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

/* ---- cmark's memory ----
 *
 * cmark allocates a thousand small blocks for a page (nodes, strings,
 * buffers) and frees them all before md_render returns: malloc and free
 * were a fifth of a build's instructions, half of it cmark's.  Through
 * cmark_mem they
 * come from an arena that lives for one md_render instead: bump
 * allocation, free does nothing, and the arena goes at the end in a few
 * free()s.  Blocks of ARENA_BIG bytes and more still come from malloc
 * and go back on free, so growing buffers (the page's HTML) waste no
 * more than before.  cmark_mem passes no context, so the arena of the
 * render running on this thread is found in a thread-local pointer
 * (saved and restored around each render: a fence hook may render). */
#define ARENA_CHUNK 65536
#define ARENA_BIG 16384

typedef struct arena_chunk {
	struct arena_chunk *next;
	size_t used, cap;
	/* the blocks: each a 16-byte header (its size, and 1 if it is a
	 * malloc'd big block) then its bytes, 16-byte aligned */
	_Alignas(16) unsigned char data[];
} arena_chunk;

typedef struct arena {
	arena_chunk *chunks; /* newest first */
} arena;

static _Thread_local arena *cur_arena;

#define AH 16 /* header bytes */

static void *arena_alloc(size_t size)
{
	arena *a = cur_arena;
	arena_chunk *c = a->chunks;
	size_t need;
	unsigned char *p;
	if (size >= ARENA_BIG) {
		if (size > (size_t)-1 - AH)
			return NULL;
		p = malloc(AH + size);
		if (!p)
			return NULL;
		((size_t *)p)[0] = size;
		((size_t *)p)[1] = 1;
		return p + AH;
	}
	need = (AH + size + 15) & ~(size_t)15;
	if (!c || c->cap - c->used < need) {
		c = malloc(sizeof *c + ARENA_CHUNK);
		if (!c)
			return NULL;
		c->next = a->chunks;
		c->used = 0;
		c->cap = ARENA_CHUNK;
		a->chunks = c;
	}
	p = c->data + c->used;
	c->used += need;
	((size_t *)p)[0] = size;
	((size_t *)p)[1] = 0;
	return p + AH;
}

static void arena_free(void *ptr)
{
	unsigned char *p = ptr;
	if (p && ((size_t *)(p - AH))[1])
		free(p - AH);
}

static void *arena_realloc(void *ptr, size_t size)
{
	unsigned char *p = ptr, *q;
	size_t old;
	if (!p)
		return arena_alloc(size);
	old = ((size_t *)(p - AH))[0];
	if (((size_t *)(p - AH))[1] && size >= ARENA_BIG) {
		q = realloc(p - AH, AH + size);
		if (!q)
			return NULL;
		((size_t *)q)[0] = size;
		return q + AH;
	}
	if (size <= old && !((size_t *)(p - AH))[1])
		return p;
	q = arena_alloc(size);
	if (!q)
		return NULL;
	memcpy(q, p, old < size ? old : size);
	arena_free(p);
	return q;
}

static void *arena_calloc(size_t n, size_t size)
{
	void *p;
	if (size && n > (size_t)-1 / size)
		return NULL;
	p = arena_alloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

static cmark_mem arena_mem = {arena_calloc, arena_realloc, arena_free};

static void arena_release(arena *a)
{
	arena_chunk *c = a->chunks, *next;
	for (; c; c = next) {
		next = c->next;
		free(c);
	}
	a->chunks = NULL;
}

typedef struct heading {
	int line, col, level;
	char *id;
	cmark_node *node;
} heading;

typedef struct walk {
	const md_opts *opts;
	const char *path;
	int line_off;
	err_list *errs;
	heading *heads;
	size_t nheads, capheads;
	htab *ids;      /* ids used so far, to make repeats unique */
	htab *next_n;   /* base id -> the next suffix to try (as a number) */
	size_t next_head; /* where find_id looks first */
	/* HTML written as is (raw, when allowed, or a hook's) mentions
	 * sourcepos: render with source positions and rewrite them (see
	 * md_render) */
	int raw_sourcepos;
	md_doc *doc;
	int failed;
} walk;

/* Plain text of a node's descendants (iterative: documents may nest
 * deeply). */
static void plain_text(cmark_node *n, buf *out)
{
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			buf_puts(out, cmark_node_get_literal(c));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(out, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

/* A unique id for a heading text: its slug, then slug-1, slug-2...  The
 * next suffix of each base is remembered, so a thousand equal headings
 * cost a thousand steps, not a million. */
static char *unique_id(walk *w, const char *text)
{
	char *base = slug_make(text), *id;
	size_t n;
	if (!base[0]) {
		free(base);
		base = xstrdup("section");
	}
	id = xstrdup(base);
	n = (size_t)htab_get(w->next_n, base);
	while (htab_get(w->ids, id)) {
		free(id);
		id = xasprintf("%s-%zu", base, ++n);
	}
	htab_put(w->next_n, base, (void *)n);
	htab_put(w->ids, id, (void *)1);
	free(base);
	return id;
}

static int unsafe_url(const char *url, int image)
{
	while (*url == ' ' || *url == '\t')
		url++;
	if (!strncasecmp(url, "javascript:", 11) || !strncasecmp(url, "vbscript:", 9) ||
	    !strncasecmp(url, "file:", 5))
		return 1;
	if (!strncasecmp(url, "data:", 5)) {
		/* inline raster images are harmless; anything else is not */
		return !(image && (!strncasecmp(url + 5, "image/png", 9) ||
				   !strncasecmp(url + 5, "image/gif", 9) ||
				   !strncasecmp(url + 5, "image/jpeg", 10) ||
				   !strncasecmp(url + 5, "image/webp", 10)));
	}
	return 0;
}

/* Words: runs of bytes other than space, newline and tab, counted as
 * the bytes that start one, eight at a time.  A byte's top bit in
 * zero_bytes() is set exactly when the byte is 0 (no borrow crosses
 * bytes, unlike the quicker test in buf.c, so it is a mask, not just a
 * yes/no). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define W_SWAR 1
#define W_ONES 0x0101010101010101ULL
#define W_LOW7 0x7F7F7F7F7F7F7F7FULL

static uint64_t zero_bytes(uint64_t y)
{
	return ~(((y & W_LOW7) + W_LOW7) | y | W_LOW7);
}
#endif

static size_t count_words(const char *text)
{
	size_t n = strlen(text), i = 0, words = 0;
	uint64_t prev = 0x80; /* "the byte before was a space", in byte 0 */
	unsigned in = 0;
#ifdef W_SWAR
	for (; i + 8 <= n; i += 8) {
		uint64_t x, sp, start;
		memcpy(&x, text + i, sizeof x);
		sp = zero_bytes(x ^ (W_ONES * ' ')) | zero_bytes(x ^ (W_ONES * '\n')) |
		     zero_bytes(x ^ (W_ONES * '\t'));
		/* little-endian: byte k is bits 8k..8k+7, so the byte before
		 * byte k is 8 bits lower */
		start = ~sp & ((sp << 8) | prev) & ~W_LOW7;
		words += (size_t)__builtin_popcountll(start);
		prev = sp >> 56;
	}
#endif
	in = !(prev & 0x80);
	for (; i < n; i++) {
		unsigned c = (unsigned char)text[i];
		unsigned space = (c == ' ') | (c == '\n') | (c == '\t');
		words += !space & !in;
		in = !space;
	}
	return words;
}

/* Look at one node on entering it.  Returns 1 when the node was replaced
 * (a fenced block a hook claimed): the caller must not descend. */
static int visit(walk *w, cmark_node *n)
{
	int line = cmark_node_get_start_line(n) + w->line_off;
	int col = cmark_node_get_start_column(n);
	cmark_node_type t = cmark_node_get_type(n);

	if (t == CMARK_NODE_HEADING) {
		buf text = BUF_INIT;
		heading *h;
		int level = cmark_node_get_heading_level(n);
		plain_text(n, &text);
		xgrow(&w->heads, &w->capheads, w->nheads + 1, sizeof *w->heads);
		h = &w->heads[w->nheads++];
		h->line = cmark_node_get_start_line(n);
		h->col = col;
		h->level = level;
		h->node = n;
		h->id = unique_id(w, buf_cstr(&text));
		if (level >= 2 && level <= 4) {
			value *e = val_map();
			val_set_num(e, "level", level);
			val_set_str(e, "id", h->id);
			val_set_str(e, "text", buf_cstr(&text));
			val_push(w->doc->toc, e);
		}
		buf_free(&text);
	} else if ((t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE) &&
		   !w->opts->unsafe_html) {
		err_warn(w->errs, w->path, line, col,
			 "raw HTML is off (set markdown.unsafe: true in site.yaml to allow it); omitted");
		cmark_node_set_literal(n, t == CMARK_NODE_HTML_BLOCK
					      ? "<!-- raw HTML omitted -->\n"
					      : "<!-- raw HTML omitted -->");
	} else if (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE) {
		const char *lit = cmark_node_get_literal(n);
		if (lit && strstr(lit, "sourcepos"))
			w->raw_sourcepos = 1;
	} else if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
		const char *url = cmark_node_get_url(n);
		if (url && unsafe_url(url, t == CMARK_NODE_IMAGE)) {
			err_warn(w->errs, w->path, line, col,
				 "dropped an unsafe URL (%.20s...)", url);
			cmark_node_set_url(n, "");
		} else if (url) {
			value *l = val_map();
			val_set_str(l, "url", url);
			val_set_num(l, "line", line);
			val_set_num(l, "col", col);
			val_set_bool(l, "image", t == CMARK_NODE_IMAGE);
			val_push(w->doc->links, l);
		}
	} else if (t == CMARK_NODE_TEXT) {
		w->doc->words += count_words(cmark_node_get_literal(n));
	} else if (t == CMARK_NODE_PARAGRAPH && !w->doc->summary) {
		cmark_node *parent = cmark_node_parent(n);
		if (parent && cmark_node_get_type(parent) == CMARK_NODE_DOCUMENT) {
			buf text = BUF_INIT;
			plain_text(n, &text);
			if (text.len > 200) {
				/* cut at a space, on a UTF-8 boundary */
				size_t cut = 200;
				while (cut > 100 && text.ptr[cut] != ' ')
					cut--;
				while (cut > 0 && (text.ptr[cut] & 0xC0) == 0x80)
					cut--;
				text.len = cut;
				text.ptr[cut] = '\0';
				buf_puts(&text, "…");
			}
			w->doc->summary = buf_detach(&text);
		}
	} else if (t == CMARK_NODE_CODE_BLOCK && w->opts->fence) {
		const char *info = cmark_node_get_fence_info(n);
		buf out = BUF_INIT;
		if (info && info[0] &&
		    w->opts->fence(w->opts->fence_ctx, info, cmark_node_get_literal(n),
				   w->path, line + 1, &out, w->errs)) {
			cmark_node *html = cmark_node_new_with_mem(CMARK_NODE_HTML_BLOCK, &arena_mem);
			if (strstr(buf_cstr(&out), "sourcepos"))
				w->raw_sourcepos = 1;
			cmark_node_set_literal(html, buf_cstr(&out));
			cmark_node_replace(n, html);
			cmark_node_free(n);
			buf_free(&out);
			return 1;
		}
		buf_free(&out);
	}
	return 0;
}

/* Walk the tree without recursion (editors' documents may nest block
 * quotes and lists thousands deep).  Nodes to replace are collected
 * first, because an iterator must not lose the node it stands on. */
static void walk_tree(walk *w, cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	cmark_node **blocks = NULL;
	size_t nb = 0, cap = 0, i;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK) {
			xgrow(&blocks, &cap, nb + 1, sizeof *blocks);
			blocks[nb++] = n;
			continue;
		}
		visit(w, n);
	}
	cmark_iter_free(it);
	/* code blocks have no children: visiting them after is equivalent */
	for (i = 0; i < nb; i++)
		visit(w, blocks[i]);
	free(blocks);
}

/* The id of the heading that starts at line:col (positions are unique).
 * cmark writes headings in document order, the order of heads, so the
 * search starts where the last one was found: linear in all. */
static const char *find_id(walk *w, int line, int col)
{
	size_t i, k;
	for (k = 0; k < w->nheads; k++) {
		i = w->next_head + k;
		if (i >= w->nheads)
			i -= w->nheads;
		if (w->heads[i].line == line && w->heads[i].col == col) {
			w->next_head = i + 1;
			return w->heads[i].id;
		}
	}
	return NULL;
}

/* ---- the HTML cmark wrote, rewritten in one pass ----
 *
 * Three rewrites, defined as if done one after the other:
 *  1. with source positions on (only when HTML written as is mentions
 *     them, see md_render), cmark writes data-sourcepos="L:C-L:C" on
 *     block elements; every such attribute is removed, and a heading's
 *     is replaced by its id;
 *  2. with a footnote label, each aria-label="Back to content" (cmark's
 *     English on footnote back-links) becomes aria-label="<label>";
 *  3. each <table>...</table> is wrapped in <div class="table-wrap"
 *     role="region" tabindex="0" aria-label="<label>">...</div>, so that
 *     a wide table scrolls on a phone and keyboard users can scroll it
 *     too: from a "<table>" to the first "</table>" after it; a
 *     "<table>" with no "</table>" after it, and everything after that,
 *     is left as it is.  cmark writes exactly "<table>" and "</table>"
 *     for GFM tables (once the attribute is gone; raw HTML tables, when
 *     allowed, are written as the editor typed them and left alone
 *     unless they match exactly).
 * The first runs over cmark's HTML and hands what it keeps, in pieces,
 * to a sink that does the other two on the fly, matches that span two
 * pieces included, so the result is byte for byte that of three passes
 * while the page is read and written once.  Only one character of each
 * pattern is searched for (memchr), so no scan is quadratic, under
 * sanitizers either. */

static const char attr_sp[] = " data-sourcepos=\"";        /* '=' at 15 */
static const char fn_en[] = "aria-label=\"Back to content\""; /* '=' at 10 */
#define FN_LEN (sizeof fn_en - 1)

typedef struct sink {
	buf *out;
	const char *fn_to;  /* rewrite 2's replacement, or NULL: none */
	size_t fn_to_len;
	const char *wrap;   /* rewrite 3's opening <div ...> */
	size_t wrap_len;
	int inside;         /* a wrapper is open: waiting for "</table>" */
	size_t wrap_at;     /* where that wrapper starts in out */
	size_t tail;        /* bytes at the end of out that are text as is,
			     * after the last match (a match may start there) */
} sink;

static const char *tab_pat(const sink *k, size_t *len)
{
	*len = k->inside ? 8 : 7;
	return k->inside ? "</table>" : "<table>";
}

/* The first "<table>" (or "</table>") wholly in [p, end). */
static const char *find_tab(const char *p, const char *end, const char *pat, size_t len)
{
	while (p < end && (p = memchr(p, '<', (size_t)(end - p)))) {
		if ((size_t)(end - p) < len)
			return NULL;
		if (!memcmp(p, pat, len))
			return p;
		p++;
	}
	return NULL;
}

/* The first fn_en wholly in [p, end). */
static const char *find_fn(const char *p, const char *end)
{
	const char *e;
	if ((size_t)(end - p) < FN_LEN)
		return NULL;
	for (e = p + 10; e < end && (e = memchr(e, '=', (size_t)(end - e))); e++) {
		if ((size_t)(end - e) < FN_LEN - 10)
			return NULL;
		if (!memcmp(e - 10, fn_en, FN_LEN))
			return e - 10;
	}
	return NULL;
}

/* A match of pattern pat (len bytes) begins: the first j bytes of it are
 * the last j of out (j > 0 only across pieces). */
static void sink_match(sink *k, int is_fn, size_t j)
{
	buf *o = k->out;
	if (is_fn) {
		o->len -= j;
		buf_put(o, k->fn_to, k->fn_to_len);
	} else if (!k->inside) {
		o->len -= j;
		k->wrap_at = o->len;
		buf_put(o, k->wrap, k->wrap_len);
		buf_put(o, "<table>", 7);
		k->inside = 1;
	} else {
		o->len -= j;
		buf_put(o, "</table></div>", 14);
		k->inside = 0;
	}
	k->tail = 0;
}

/* Does out end with the first j bytes of pat while s[0..m) starts with
 * the rest?  (For j from 1 to len - 1: none of the patterns has a
 * proper prefix that is also its suffix, so at most one j fits.) */
static size_t straddles(const sink *k, const char *pat, size_t len, const char *s, size_t m)
{
	size_t j;
	const buf *o = k->out;
	for (j = 1; j < len && j <= k->tail; j++)
		if (len - j <= m && !memcmp(o->ptr + o->len - j, pat, j) &&
		    !memcmp(s, pat + j, len - j))
			return j;
	return 0;
}

static void sink_put(sink *k, const char *s, size_t m)
{
	const char *p = s, *end = s + m, *t, *f;
	size_t tlen, j;
	const char *tpat = tab_pat(k, &tlen);
	if (!m)
		return;
	/* a match that began in the last piece (the patterns do not
	 * overlap one another, so at most one can) */
	if (k->tail) {
		if (k->fn_to && (j = straddles(k, fn_en, FN_LEN, s, m))) {
			sink_match(k, 1, j);
			p = s + (FN_LEN - j);
		} else if ((j = straddles(k, tpat, tlen, s, m))) {
			sink_match(k, 0, j);
			p = s + (tlen - j);
		}
		tpat = tab_pat(k, &tlen);
	}
	t = find_tab(p, end, tpat, tlen);
	f = k->fn_to ? find_fn(p, end) : NULL;
	while (t || f) {
		if (t && (!f || t < f)) {
			buf_put(k->out, p, (size_t)(t - p));
			sink_match(k, 0, 0);
			p = t + tlen;
			tpat = tab_pat(k, &tlen);
			t = find_tab(p, end, tpat, tlen);
		} else {
			buf_put(k->out, p, (size_t)(f - p));
			sink_match(k, 1, 0);
			p = f + FN_LEN;
			f = find_fn(p, end);
		}
	}
	buf_put(k->out, p, (size_t)(end - p));
	k->tail += (size_t)(end - p);
}

/* The end: a wrapper still open had no "</table>" after it, so that
 * table is not wrapped after all. */
static void sink_end(sink *k)
{
	buf *o = k->out;
	if (!k->inside)
		return;
	memmove(o->ptr + k->wrap_at, o->ptr + k->wrap_at + k->wrap_len,
		o->len - k->wrap_at - k->wrap_len);
	o->len -= k->wrap_len;
	o->ptr[o->len] = '\0';
	k->inside = 0;
}

/* The first attr_sp wholly in [p, end). */
static const char *find_attr(const char *p, const char *end)
{
	const char *e;
	if ((size_t)(end - p) < sizeof attr_sp - 1)
		return NULL;
	for (e = p + 15; e < end && (e = memchr(e, '=', (size_t)(end - e))); e++)
		if (e[1] == '"' && !memcmp(e - 15, attr_sp, 15))
			return e - 15;
	return NULL;
}

/* Give each heading its id in the tree: the heading becomes a custom
 * block holding "<hN id=\"...\">" (raw inline HTML), the heading's
 * inlines and "</hN>".  cmark writes a custom block as a line break
 * (unless at the start of a line), its opening (empty here), its
 * children, its closing (empty) and a line break: the bytes it writes
 * for a heading, with the id in.  Returns 0, or -1 (tree untouched) if
 * this cmark will not put inlines in a custom block. */
static int ids_in_tree(walk *w)
{
	buf tag = BUF_INIT;
	size_t i;
	for (i = 0; i < w->nheads; i++) {
		heading *h = &w->heads[i];
		cmark_node *cb = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, &arena_mem);
		cmark_node *open = cmark_node_new_with_mem(CMARK_NODE_HTML_INLINE, &arena_mem);
		cmark_node *close = cmark_node_new_with_mem(CMARK_NODE_HTML_INLINE, &arena_mem), *c;
		buf_reset(&tag);
		buf_printf(&tag, "<h%d id=\"", h->level);
		buf_put_escaped(&tag, h->id, strlen(h->id));
		buf_puts(&tag, "\">");
		cmark_node_set_literal(open, tag.ptr);
		buf_reset(&tag);
		buf_printf(&tag, "</h%d>", h->level);
		cmark_node_set_literal(close, tag.ptr);
		if (!cmark_node_append_child(cb, open)) {
			/* only ever on the first heading: the rule is by type */
			cmark_node_free(open);
			cmark_node_free(close);
			cmark_node_free(cb);
			buf_free(&tag);
			return -1;
		}
		while ((c = cmark_node_first_child(h->node)))
			if (!cmark_node_append_child(cb, c))
				break; /* cannot be: inlines go where the first did */
		cmark_node_append_child(cb, close);
		cmark_node_replace(h->node, cb);
		cmark_node_free(h->node);
		h->node = NULL;
	}
	buf_free(&tag);
	return 0;
}

static char *rewrite_html(walk *w, const char *html, const md_opts *opts, int sourcepos)
{
	buf out = BUF_INIT, wrap = BUF_INIT, fn = BUF_INIT, id = BUF_INIT;
	size_t n = strlen(html);
	const char *p = html, *end = html + n, *q;
	const char *label = opts->table_label ? opts->table_label : "Table";
	sink k;

	buf_puts(&wrap, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"");
	buf_put_escaped(&wrap, label, strlen(label));
	buf_puts(&wrap, "\">");
	memset(&k, 0, sizeof k);
	k.out = &out;
	k.wrap = wrap.ptr;
	k.wrap_len = wrap.len;
	if (opts->footnote_back_label) {
		buf_puts(&fn, "aria-label=\"");
		buf_put_escaped(&fn, opts->footnote_back_label, strlen(opts->footnote_back_label));
		buf_putc(&fn, '"');
		k.fn_to = fn.ptr;
		k.fn_to_len = fn.len;
	}
	/* the attributes go, so the page never grows much past this */
	buf_grow(&out, n + wrap.len + 64);

	while (sourcepos && (q = find_attr(p, end))) {
		const char *v = q + sizeof attr_sp - 1;
		const char *vend = memchr(v, '"', (size_t)(end - v));
		long line, col = 0;
		char *e1, *e2;
		if (!vend)
			break;
		sink_put(&k, p, (size_t)(q - p));
		/* strtol, not sscanf: sscanf measures the rest of the string on
		 * every call, which made this quadratic */
		line = strtol(v, &e1, 10);
		if (*e1 == ':')
			col = strtol(e1 + 1, &e2, 10);
		/* a heading's own attribute: "<hN" just before it */
		if ((int)line > 0 && (int)col > 0 && q - html >= 3 && q[-3] == '<' &&
		    q[-2] == 'h' && q[-1] >= '1' && q[-1] <= '6') {
			const char *hid = find_id(w, (int)line, (int)col);
			if (hid) {
				buf_reset(&id);
				buf_puts(&id, " id=\"");
				buf_put_escaped(&id, hid, strlen(hid));
				buf_putc(&id, '"');
				sink_put(&k, id.ptr, id.len);
			}
		}
		p = vend + 1;
	}
	sink_put(&k, p, (size_t)(end - p));
	sink_end(&k);
	out.ptr[out.len] = '\0'; /* also when nothing was put */
	buf_free(&wrap);
	buf_free(&fn);
	buf_free(&id);
	return buf_detach(&out);
}

static char *toc_html(const value *toc)
{
	buf out = BUF_INIT;
	size_t i, n = val_len(toc);
	int cur = 0, base = 7;
	if (n < 2)
		return xstrdup("");
	for (i = 0; i < n; i++) {
		int l = (int)val_get(val_at(toc, i), "level")->u.n;
		if (l < base)
			base = l;
	}
	for (i = 0; i < n; i++) {
		const value *e = val_at(toc, i);
		int level = (int)val_get(e, "level")->u.n - base + 1;
		const char *id = val_get_str(e, "id", ""), *text = val_get_str(e, "text", "");
		if (level > cur) {
			/* deeper: open lists down to this level */
			for (; cur < level; cur++)
				buf_puts(&out, "<ul><li>");
		} else {
			for (; cur > level; cur--)
				buf_puts(&out, "</li></ul>");
			buf_puts(&out, "</li><li>");
		}
		buf_puts(&out, "<a href=\"#");
		buf_put_escaped(&out, id, strlen(id));
		buf_puts(&out, "\">");
		buf_put_escaped(&out, text, strlen(text));
		buf_puts(&out, "</a>");
	}
	for (; cur > 0; cur--)
		buf_puts(&out, "</li></ul>");
	return buf_detach(&out);
}

/* The deepest nesting of block containers (block quotes, list items) a
 * line opens, measured on its leading markers.  cmark-gfm's parser slows
 * down with the square of the depth, so an absurd depth is refused
 * before parsing instead of hanging the build.  Returns the line (file
 * line) of the first line over the limit, or 0. */
static int too_deep(const char *text, size_t len, int line_offset)
{
	size_t i = 0;
	int line = 1;
	while (i < len) {
		int depth = 0;
		size_t j = i;
		for (; j < len && text[j] != '\n'; j++) {
			char c = text[j];
			/* a list marker is followed by a space ("---" is a rule) */
			int spaced = j + 1 < len && (text[j + 1] == ' ' || text[j + 1] == '\t');
			if (c == '>' || ((c == '-' || c == '*' || c == '+') && spaced))
				depth++;
			else if (c >= '0' && c <= '9') {
				while (j + 1 < len && text[j + 1] >= '0' && text[j + 1] <= '9')
					j++;
				if (j + 2 < len && (text[j + 1] == '.' || text[j + 1] == ')') &&
				    (text[j + 2] == ' ' || text[j + 2] == '\t'))
					depth++, j++;
				else
					break;
			} else if (c != ' ' && c != '\t')
				break;
		}
		if (depth > MD_MAX_NESTING)
			return line + line_offset;
		while (j < len && text[j] != '\n')
			j++;
		i = j + 1;
		line++;
	}
	return 0;
}

int md_render(const char *text, size_t len, const md_opts *opts,
	      const char *path, int line_offset, md_doc *doc, err_list *errs)
{
	/* no CMARK_OPT_VALIDATE_UTF8: text is valid UTF-8 without NUL bytes
	 * already (content.c checks every file before its body comes here,
	 * the only caller), and validating again cost 2 % of a build */
	int options = CMARK_OPT_FOOTNOTES | CMARK_OPT_SOURCEPOS | CMARK_OPT_UNSAFE;
	cmark_parser *parser;
	cmark_node *root;
	char *html;
	walk w;
	size_t i;
	int nerr = errs->nerrors;
	arena ar = {NULL}, *saved_arena = cur_arena;

	if (opts->smart)
		options |= CMARK_OPT_SMART;
	memset(doc, 0, sizeof *doc);
	doc->toc = val_list();
	doc->links = val_list();
	{
		int deep = too_deep(text, len, line_offset);
		if (deep) {
			err_add(errs, path, deep, 1,
				"Markdown nested more than %d levels deep (block quotes and lists)",
				MD_MAX_NESTING);
			doc->html = xstrdup("");
			doc->toc_html = xstrdup("");
			doc->summary = xstrdup("");
			return -1;
		}
	}
	cur_arena = &ar;
	parser = cmark_parser_new_with_mem(options, &arena_mem);
	for (i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
		if (e)
			cmark_parser_attach_syntax_extension(parser, e);
	}
	cmark_parser_feed(parser, text, len);
	root = cmark_parser_finish(parser);

	memset(&w, 0, sizeof w);
	w.opts = opts;
	w.path = path;
	w.line_off = line_offset;
	w.errs = errs;
	w.doc = doc;
	w.ids = htab_new();
	w.next_n = htab_new();
	walk_tree(&w, root);

	/* Heading ids: normally put in the tree (ids_in_tree), and cmark
	 * writes no source positions.  Only when HTML written as is might
	 * hold a data-sourcepos attribute of its own (which the rewrite
	 * removes) does cmark write them on every block, for the rewrite
	 * to turn the headings' into ids; both ways give the same bytes. */
	if (!w.raw_sourcepos && ids_in_tree(&w) == 0)
		options &= ~CMARK_OPT_SOURCEPOS;
	html = cmark_render_html(root, options, cmark_parser_get_syntax_extensions(parser));
	doc->html = rewrite_html(&w, html, opts, (options & CMARK_OPT_SOURCEPOS) != 0);
	arena_free(html);
	doc->toc_html = toc_html(doc->toc);
	if (!doc->summary)
		doc->summary = xstrdup("");

	for (i = 0; i < w.nheads; i++)
		free(w.heads[i].id);
	free(w.heads);
	htab_free(w.ids);
	htab_free(w.next_n);
	cmark_node_free(root);
	cmark_parser_free(parser);
	arena_release(&ar);
	cur_arena = saved_arena;
	return errs->nerrors > nerr ? -1 : 0;
}

void md_doc_free(md_doc *doc)
{
	free(doc->html);
	free(doc->toc_html);
	free(doc->summary);
	val_unref(doc->toc);
	val_unref(doc->links);
	memset(doc, 0, sizeof *doc);
}

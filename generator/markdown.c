/* markdown.c - see markdown.h */
#include "markdown.h"
#include "htab.h"
#include "slug.h"
#include "util.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const exts[] = {"table", "strikethrough", "autolink",
				   "tagfilter", "tasklist"};

void md_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

typedef struct heading {
	int line, col;
	char *id;
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
		/* words: runs separated by spaces */
		const char *s = cmark_node_get_literal(n);
		int in = 0;
		for (; *s; s++) {
			int sp = *s == ' ' || *s == '\n' || *s == '\t';
			if (!sp && !in)
				w->doc->words++;
			in = !sp;
		}
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
			cmark_node *html = cmark_node_new(CMARK_NODE_HTML_BLOCK);
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

static const char *find_id(walk *w, int line, int col)
{
	size_t i;
	for (i = 0; i < w->nheads; i++)
		if (w->heads[i].line == line && w->heads[i].col == col)
			return w->heads[i].id;
	return NULL;
}

/* strstr for a short needle that only looks as far as it needs:
 * sanitizer builds check the whole haystack on every strstr call, which
 * made scanning a long page quadratic there. */
static const char *find(const char *p, const char *needle)
{
	size_t n = strlen(needle);
	for (; *p; p++)
		if (*p == needle[0] && !strncmp(p, needle, n))
			return p;
	return NULL;
}

/* cmark writes data-sourcepos="L:C-L:C" on block elements; headings get
 * their id from it, and every such attribute is then removed. */
static char *place_ids(walk *w, const char *html)
{
	static const char attr[] = " data-sourcepos=\"";
	buf out = BUF_INIT;
	const char *p = html, *q;
	while ((q = find(p, attr))) {
		const char *v = q + sizeof attr - 1, *end = strchr(v, '"');
		int line = 0, col = 0;
		const char *tag = q;
		if (!end)
			break;
		while (tag > html && *tag != '<')
			tag--;
		buf_put(&out, p, (size_t)(q - p));
		/* strtol, not sscanf: sscanf measures the rest of the string on
		 * every call, which made this quadratic */
		{
			char *e1, *e2;
			line = (int)strtol(v, &e1, 10);
			col = *e1 == ':' ? (int)strtol(e1 + 1, &e2, 10) : 0;
		}
		if (line > 0 && col > 0 && tag[0] == '<' &&
		    tag[1] == 'h' && tag[2] >= '1' && tag[2] <= '6' && q == tag + 3) {
			const char *id = find_id(w, line, col);
			if (id) {
				buf_puts(&out, " id=\"");
				buf_put_escaped(&out, id, strlen(id));
				buf_putc(&out, '"');
			}
		}
		p = end + 1;
	}
	buf_puts(&out, p);
	return buf_detach(&out);
}

/* <table> -> <div class="table-wrap" role="region" tabindex="0"
 * aria-label="..."><table>, and the closing tag to match.  cmark writes
 * exactly "<table>" and "</table>" for GFM tables (raw HTML tables, when
 * allowed, are written as the editor typed them and left alone unless
 * they match exactly). */
static char *wrap_tables(const char *html, const char *label)
{
	buf out = BUF_INIT;
	const char *p = html, *q;
	while ((q = find(p, "<table>"))) {
		const char *end = find(q, "</table>");
		if (!end)
			break;
		buf_put(&out, p, (size_t)(q - p));
		buf_puts(&out, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"");
		buf_put_escaped(&out, label, strlen(label));
		buf_puts(&out, "\">");
		buf_put(&out, q, (size_t)(end - q) + 8);
		buf_puts(&out, "</div>");
		p = end + 8;
	}
	buf_puts(&out, p);
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
	int options = CMARK_OPT_FOOTNOTES | CMARK_OPT_SOURCEPOS | CMARK_OPT_UNSAFE |
		      CMARK_OPT_VALIDATE_UTF8;
	cmark_parser *parser;
	cmark_node *root;
	char *html;
	walk w;
	size_t i;
	int nerr = errs->nerrors;

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
	parser = cmark_parser_new(options);
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

	html = cmark_render_html(root, options, cmark_parser_get_syntax_extensions(parser));
	doc->html = place_ids(&w, html);
	free(html);
	if (opts->footnote_back_label && strstr(doc->html, "aria-label=\"Back to content\"")) {
		buf b = BUF_INIT;
		const char *p = doc->html, *q;
		static const char en[] = "aria-label=\"Back to content\"";
		while ((q = find(p, en))) {
			buf_put(&b, p, (size_t)(q - p));
			buf_puts(&b, "aria-label=\"");
			buf_put_escaped(&b, opts->footnote_back_label, strlen(opts->footnote_back_label));
			buf_putc(&b, '"');
			p = q + sizeof en - 1;
		}
		buf_puts(&b, p);
		free(doc->html);
		doc->html = buf_detach(&b);
	}
	if (strstr(doc->html, "<table>")) {
		char *wrapped = wrap_tables(doc->html, opts->table_label ? opts->table_label : "Table");
		free(doc->html);
		doc->html = wrapped;
	}
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

/* tmpl.c - see tmpl.h
 *
 * Compilation runs in three passes over the source:
 *
 *  1. tokenize: split the source into text and tags, following
 *     set-delimiter tags as they come (they only affect what follows);
 *  2. match: pair every section, parent and block with its closing tag
 *     and report structural errors (all of them, not just the first);
 *  3. standalone: find tags that are alone on their line, so the line
 *     can be removed and, for partials, parents and blocks, its leading
 *     whitespace used as indentation;
 *
 * and then builds a flat node array in pre-order: each node records the
 * index just past its subtree, so children are walked by a simple loop
 * and the tree needs no pointers.  All strings (text, names, indentation)
 * live in one pool per template.
 *
 * Indentation (of standalone partials, parents and blocks) is applied at
 * render time instead of by copying the included template per call site:
 * every text node knows where its source lines start, and a tag that
 * opens a source line carries F_BOL, so the renderer writes the current
 * indentation there.  The spec describes indentation as "prepended to
 * each line of the partial"; this gives the same result without
 * recompiling anything per render.
 *
 * Rendering only reads the set, the templates and the values, and keeps
 * its state (context stack, inheritance arguments, indentation) in
 * locals, so one set can serve many threads at once.
 */
#include "tmpl.h"
#include "util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- compiled form ---------------------------------------------------- */

enum {
	N_TEXT,
	N_VAR,      /* {{name}}: escaped */
	N_RAW,      /* {{{name}}} or {{&name}} */
	N_SECTION,  /* {{#name}} */
	N_INVERTED, /* {{^name}} */
	N_PARTIAL,  /* {{>name}} */
	N_PARENT,   /* {{<name}}: children are the block arguments */
	N_BLOCK     /* {{$name}} */
};

#define F_BOL 1          /* the tag opens a source line: indent before it */
#define F_STANDALONE 2   /* partial/parent/block tag alone on its line */
#define F_DYNAMIC 4      /* partial/parent name is *dotted.name */
/* Block content had its common indentation removed.  Such content was
 * written on lines of its own, so it also begins at a line start. */
#define F_DEDENTED 8

typedef struct node {
	uint8_t kind, flags;
	uint32_t next;    /* index just past this node's subtree */
	uint32_t str, len; /* text or name: offset and length in the pool */
	/* N_TEXT: first index and count in bols; N_PARTIAL, N_PARENT and
	 * N_BLOCK: their indentation (offset and length in the pool). */
	uint32_t ind, indlen;
	uint32_t hash; /* of the name, for partials and parents */
	int line, col;
} node;

struct tmpl {
	char *name;
	char *path;
	uint32_t hash;
	char *pool;
	node *nodes;
	size_t nnodes;
	/* Offsets within a text node where a source line begins (blank lines
	 * excluded): where indentation goes. */
	uint32_t *bols;
};

struct tmpl_set {
	tmpl **slots; /* open addressing, linear probing; cap is a power of 2 */
	size_t cap, len;
};

static uint32_t hash_name(const char *s, size_t n)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	size_t i;
	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

/* ---- parsing ---------------------------------------------------------- */

typedef enum {
	K_TEXT,
	K_VAR,
	K_RAW,
	K_COMMENT,
	K_SECTION,
	K_INVERTED,
	K_CLOSE,
	K_PARTIAL,
	K_SETDELIM,
	K_PARENT,
	K_BLOCK
} tkind;

typedef struct tok {
	tkind kind;
	/* Text: its bytes (narrowed when a neighbouring standalone line is
	 * removed).  Tag: the whole tag, delimiters included. */
	size_t start, end;
	size_t name, namelen; /* tag content, trimmed */
	int line, col;
	int dynamic; /* {{>*name}} or {{<*name}}: the '*' is not in name */
	int standalone;
	size_t ws, wslen; /* standalone tag: the whitespace before it */
	long match;       /* opening tag: its closing tag; closing: its opener */
} tok;

typedef struct parser {
	const char *src;
	size_t len;
	const char *path;
	err_list *errs;
	int nerr;
	int truncated; /* an unclosed tag swallowed the rest of the source */
	tok *toks;
	size_t ntok, tokcap;
	/* output */
	buf pool;
	node *nodes;
	size_t nnodes, nodecap;
	uint32_t *bols;
	size_t nbols, bolcap;
} parser;

static void perr(parser *p, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void perr(parser *p, int line, int col, const char *fmt, ...)
{
	buf b = BUF_INIT;
	va_list ap;
	p->nerr++;
	if (!p->errs)
		return;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	err_add(p->errs, p->path, line, col, "%s", buf_cstr(&b));
	buf_free(&b);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* First occurrence of needle[0..m) in hay[from..n), or n when absent. */
static size_t find(const char *hay, size_t from, size_t n, const char *needle,
		   size_t m)
{
	size_t i;
	if (m == 0 || n < m)
		return n;
	for (i = from; i + m <= n; i++) {
		const char *c = memchr(hay + i, needle[0], n - m + 1 - i);
		if (!c)
			return n;
		i = (size_t)(c - hay);
		if (memcmp(c, needle, m) == 0)
			return i;
	}
	return n;
}

/* Where ctag occurs preceded by the character pre, searching from
 * 'from' (the pre character must itself be at or after 'from'); n when
 * absent.  Used for the closing "}}}" and "=}}" of triple mustaches and
 * set-delimiter tags, which end in the current closing delimiter. */
static size_t find_after(const char *s, size_t from, size_t n, char pre,
			 const char *ctag, size_t clen)
{
	size_t q = from + 1;
	for (;;) {
		q = find(s, q, n, ctag, clen);
		if (q >= n)
			return n;
		if (s[q - 1] == pre)
			return q;
		q++;
	}
}

static tok *push_tok(parser *p, tkind k, size_t start, size_t end)
{
	tok *t;
	xgrow(&p->toks, &p->tokcap, p->ntok + 1, sizeof *p->toks);
	t = &p->toks[p->ntok++];
	memset(t, 0, sizeof *t);
	t->kind = k;
	t->start = start;
	t->end = end;
	t->match = -1;
	return t;
}

static void trim(const char *s, size_t *a, size_t *b)
{
	while (*a < *b && is_space(s[*a]))
		(*a)++;
	while (*b > *a && is_space(s[*b - 1]))
		(*b)--;
}

/* Parse the content of {{=open close=}} found in src[a..b). */
static int set_delims(parser *p, size_t a, size_t b, const char **otag,
		      size_t *olen, const char **ctag, size_t *clen)
{
	const char *s = p->src;
	size_t o0, o1, c0, c1;
	trim(s, &a, &b);
	o0 = a;
	while (a < b && !is_space(s[a]))
		a++;
	o1 = a;
	while (a < b && is_space(s[a]))
		a++;
	c0 = a;
	while (a < b && !is_space(s[a]))
		a++;
	c1 = a;
	if (o1 == o0 || c1 == c0 || a != b)
		return -1;
	*otag = s + o0;
	*olen = o1 - o0;
	*ctag = s + c0;
	*clen = c1 - c0;
	return 0;
}

static void tokenize(parser *p)
{
	const char *s = p->src;
	size_t n = p->len, pos = 0, scanned = 0;
	const char *otag = "{{", *ctag = "}}";
	size_t olen = 2, clen = 2;
	int line = 1;
	size_t line_start = 0;

	while (pos < n) {
		size_t ts = find(s, pos, n, otag, olen), q, cs, ce, te;
		char sig;
		tkind k;
		tok *t;
		int tl, tc;

		if (ts > pos)
			push_tok(p, K_TEXT, pos, ts);
		if (ts >= n)
			break;
		/* line and column of the tag: count the newlines since the
		 * last tag (each byte is scanned once). */
		for (; scanned < ts; scanned++) {
			if (s[scanned] == '\n') {
				line++;
				line_start = scanned + 1;
			}
		}
		tl = line;
		tc = (int)(ts - line_start) + 1;
		cs = ts + olen;
		sig = cs < n ? s[cs] : '\0';
		switch (sig) {
		case '{': k = K_RAW; break;
		case '&': k = K_RAW; break;
		case '#': k = K_SECTION; break;
		case '^': k = K_INVERTED; break;
		case '/': k = K_CLOSE; break;
		case '!': k = K_COMMENT; break;
		case '>': k = K_PARTIAL; break;
		case '<': k = K_PARENT; break;
		case '$': k = K_BLOCK; break;
		case '=': k = K_SETDELIM; break;
		default: k = K_VAR; break;
		}
		if (k != K_VAR)
			cs++;
		if (sig == '{' || sig == '=') {
			q = find_after(s, cs, n, sig == '{' ? '}' : '=', ctag, clen);
			if (q < n) {
				ce = q - 1;
				te = q + clen;
			} else {
				/* "{{{name}}" or "{{=a b}}": end at the plain
				 * closing delimiter so the rest still parses. */
				q = find(s, cs, n, ctag, clen);
				if (q >= n) {
					perr(p, tl, tc, "unclosed tag: missing '%s%.*s'",
					     sig == '{' ? "}" : "=", (int)clen, ctag);
					p->truncated = 1;
					return;
				}
				if (sig == '{')
					perr(p, tl, tc, "unclosed tag: missing '}%.*s'",
					     (int)clen, ctag);
				else
					perr(p, tl, tc, "bad set-delimiter tag: missing '=' before '%.*s'",
					     (int)clen, ctag);
				ce = q;
				te = q + clen;
				if (sig == '=')
					k = K_COMMENT;
			}
		} else {
			q = find(s, cs, n, ctag, clen);
			if (q >= n) {
				perr(p, tl, tc, "unclosed tag: missing '%.*s'", (int)clen,
				     ctag);
				p->truncated = 1;
				return;
			}
			ce = q;
			te = q + clen;
		}

		t = push_tok(p, k, ts, te);
		t->line = tl;
		t->col = tc;
		if (k == K_SETDELIM) {
			if (set_delims(p, cs, ce, &otag, &olen, &ctag, &clen) < 0)
				perr(p, tl, tc, "bad set-delimiter tag: want two delimiters separated by a space, as in {{=<%% %%>=}}");
		} else if (k != K_COMMENT) {
			size_t a = cs, b = ce, i;
			trim(s, &a, &b);
			if ((k == K_PARTIAL || k == K_PARENT) && a < b && s[a] == '*') {
				t->dynamic = 1;
				a++;
				trim(s, &a, &b);
			}
			t->name = a;
			t->namelen = b - a;
			if (k == K_CLOSE && a < b && s[a] == '*') {
				/* closing a dynamic parent: blanks may follow the star */
				a++;
				trim(s, &a, &b);
			}
			if (a == b) {
				perr(p, tl, tc, "empty tag name");
			} else {
				for (i = a; i < b; i++) {
					if (is_space(s[i])) {
						perr(p, tl, tc, "tag name '%.*s' contains whitespace",
						     (int)(b - a), s + a);
						break;
					}
				}
			}
		}
		pos = te;
	}
}

/* Does closing tag c close the opening tag o?  A dynamic parent
 * {{<*name}} is closed by a closing tag naming "*name" (blanks may
 * follow the star). */
static int closes(const parser *p, const tok *o, const tok *c)
{
	size_t a = c->name, b = c->name + c->namelen;
	if (o->dynamic) {
		if (a == b || p->src[a] != '*')
			return 0;
		a++;
		trim(p->src, &a, &b);
	}
	return b - a == o->namelen && memcmp(p->src + a, p->src + o->name, b - a) == 0;
}

static const char *kind_word(tkind k)
{
	return k == K_PARENT ? "parent" : k == K_BLOCK ? "block" : "section";
}

/* Pair opening and closing tags.  A closing tag that does not match the
 * innermost open section is one error; the matcher then resynchronises
 * (closing through to a matching outer section, or treating the tag as
 * a misspelt close of the innermost one) so a single typo does not
 * produce a cascade. */
static void match(parser *p)
{
	long *stack = xmalloc((p->ntok + 1) * sizeof *stack);
	size_t depth = 0, i;
	int too_deep = 0;
	const char *s = p->src;

	for (i = 0; i < p->ntok; i++) {
		tok *t = &p->toks[i];
		switch (t->kind) {
		case K_SECTION:
		case K_INVERTED:
		case K_PARENT:
		case K_BLOCK:
			if (depth >= TMPL_MAX_NESTING) {
				if (!too_deep)
					perr(p, t->line, t->col,
					     "sections nested more than %d deep",
					     TMPL_MAX_NESTING);
				too_deep = 1;
			}
			stack[depth++] = (long)i;
			break;
		case K_CLOSE: {
			tok *top;
			size_t j;
			if (depth == 0) {
				perr(p, t->line, t->col,
				     "closing tag '/%.*s' has no open section",
				     (int)t->namelen, s + t->name);
				break;
			}
			top = &p->toks[stack[depth - 1]];
			if (closes(p, top, t)) {
				top->match = (long)i;
				t->match = stack[--depth];
				break;
			}
			perr(p, t->line, t->col,
			     "closing tag '/%.*s' does not match open %s '%.*s' (opened at %d:%d)",
			     (int)t->namelen, s + t->name, kind_word(top->kind),
			     (int)top->namelen, s + top->name, top->line, top->col);
			for (j = depth - 1; j > 0; j--)
				if (closes(p, &p->toks[stack[j - 1]], t))
					break;
			depth = j > 0 ? j - 1 : depth - 1;
			break;
		}
		default:
			break;
		}
	}
	/* After an unclosed tag the closing tags were never seen: reporting
	 * the sections as unclosed too would only repeat that error. */
	if (!p->truncated) {
		for (i = 0; i < depth; i++) {
			tok *t = &p->toks[stack[i]];
			perr(p, t->line, t->col, "unclosed %s '%.*s' (opened here)",
			     kind_word(t->kind), (int)t->namelen, s + t->name);
		}
	}
	free(stack);
}

static int can_standalone(tkind k)
{
	return k != K_TEXT && k != K_VAR && k != K_RAW;
}

/* Parent and block tags may share a standalone line with each other:
 * "{{<parent}}{{$block}}", "{{/block}}{{/parent}}", an empty
 * "{{<parent}}{{/parent}}" or "{{$block}}{{/block}}" (the inheritance
 * spec's "Standalone parent/block" cases).  Other tags stand alone only
 * one to a line, as in the core spec. */
static int pairs(const parser *p, size_t i)
{
	const tok *a = &p->toks[i], *b = &p->toks[i + 1];
	const tok *ao, *bo;
	if (a->end != b->start)
		return 0;
	ao = a->kind == K_CLOSE && a->match >= 0 ? &p->toks[a->match] : NULL;
	bo = b->kind == K_CLOSE && b->match >= 0 ? &p->toks[b->match] : NULL;
	if (a->kind == K_PARENT)
		return (b->kind == K_BLOCK) || (bo && b->match == (long)i);
	if (a->kind == K_BLOCK)
		return bo && b->match == (long)i;
	if (ao && ao->kind == K_BLOCK)
		return (bo && bo->kind == K_PARENT) || b->kind == K_BLOCK;
	return 0;
}

/* Is the text before token i on its line only blanks?  *ls gets where
 * that line starts. */
static int line_before(const parser *p, size_t i, size_t *ls)
{
	const tok *prev;
	size_t k;
	if (i == 0) {
		*ls = p->toks[0].start;
		return 1;
	}
	prev = &p->toks[i - 1];
	if (prev->kind != K_TEXT)
		return 0;
	for (k = prev->end; k > prev->start; k--) {
		char c = p->src[k - 1];
		if (c == '\n') {
			*ls = k;
			return 1;
		}
		if (!is_blank(c))
			return 0;
	}
	/* no newline in the text: it must itself begin a line (the template
	 * start, or just after a removed standalone line) */
	if (prev->start == 0 || p->src[prev->start - 1] == '\n') {
		*ls = prev->start;
		return 1;
	}
	return 0;
}

/* Is the rest of token j's line only blanks?  *nl gets the position just
 * past the line's end ("\n", "\r\n" or the end of the source). */
static int line_after(const parser *p, size_t j, size_t *nl)
{
	const tok *next;
	size_t k;
	if (j + 1 == p->ntok) {
		*nl = p->len;
		return 1;
	}
	next = &p->toks[j + 1];
	if (next->kind != K_TEXT)
		return 0;
	for (k = next->start; k < next->end && is_blank(p->src[k]); k++)
		;
	if (k < next->end && p->src[k] == '\n') {
		*nl = k + 1;
		return 1;
	}
	if (k + 1 < next->end && p->src[k] == '\r' && p->src[k + 1] == '\n') {
		*nl = k + 2;
		return 1;
	}
	if (k == p->len) {
		*nl = k;
		return 1;
	}
	return 0;
}

static void standalone(parser *p)
{
	size_t i, j, k, ls, nl;
	for (i = 0; i < p->ntok; i = j + 1) {
		j = i;
		if (!can_standalone(p->toks[i].kind))
			continue;
		while (j + 1 < p->ntok && pairs(p, j))
			j++;
		if (!line_before(p, i, &ls) || !line_after(p, j, &nl))
			continue;
		for (k = i; k <= j; k++) {
			p->toks[k].standalone = 1;
			p->toks[k].ws = ls;
			p->toks[k].wslen = p->toks[i].start - ls;
		}
		if (i > 0)
			p->toks[i - 1].end = ls;
		/* An empty block "  {{$b}}{{/b}}\n" keeps its newline: its
		 * closing tag is not standalone by itself (the discussion of
		 * mustache/spec#131 settles it this way). */
		if (j == i + 1 && p->toks[i].kind == K_BLOCK)
			continue;
		if (j + 1 < p->ntok)
			p->toks[j + 1].start = nl;
	}
}

/* ---- building nodes --------------------------------------------------- */

/* While compiling the content of a standalone block, its common
 * indentation is removed from each line (and put back, as the block's
 * indentation where it is expanded).  strip is how much to remove. */
typedef struct dedent {
	int active;
	size_t strip;
} dedent;

static uint32_t pool_put(parser *p, const char *s, size_t n)
{
	uint32_t off = (uint32_t)p->pool.len;
	buf_put(&p->pool, s, n);
	return off;
}

static size_t new_node(parser *p, int kind, const tok *t)
{
	node *nd;
	xgrow(&p->nodes, &p->nodecap, p->nnodes + 1, sizeof *p->nodes);
	nd = &p->nodes[p->nnodes];
	memset(nd, 0, sizeof *nd);
	nd->kind = (uint8_t)kind;
	if (t) {
		nd->line = t->line;
		nd->col = t->col;
		if (t->kind != K_TEXT) {
			nd->str = pool_put(p, p->src + t->name, t->namelen);
			nd->len = (uint32_t)t->namelen;
			nd->hash = hash_name(p->src + t->name, t->namelen);
		}
	}
	nd->next = (uint32_t)(p->nnodes + 1);
	return p->nnodes++;
}

static int at_line_start(const parser *p, size_t pos)
{
	return pos == 0 || p->src[pos - 1] == '\n';
}

static int is_newline_at(const char *s, size_t k, size_t e)
{
	return k < e && (s[k] == '\n' || (s[k] == '\r' && k + 1 < e && s[k + 1] == '\n'));
}

static void add_bol(parser *p, uint32_t off)
{
	xgrow(&p->bols, &p->bolcap, p->nbols + 1, sizeof *p->bols);
	p->bols[p->nbols++] = off;
}

/* A text node: the bytes of t, minus the dedent, with the offsets where
 * its source lines begin. */
static void build_text(parser *p, const tok *t, dedent d)
{
	const char *s = p->src;
	size_t k = t->start, e = t->end;
	size_t i = new_node(p, N_TEXT, t);
	uint32_t off = (uint32_t)p->pool.len;
	size_t first = p->nbols;

	while (k < e) {
		const char *nlp;
		size_t stop;
		if (at_line_start(p, k)) {
			if (d.active) {
				size_t w = k;
				while (w < e && is_blank(s[w]))
					w++;
				/* a line of blanks only is emptied entirely */
				if (is_newline_at(s, w, e) || w - k <= d.strip)
					k = w;
				else
					k += d.strip;
			}
			if (!is_newline_at(s, k, e))
				add_bol(p, (uint32_t)(p->pool.len - off));
		}
		nlp = k < e ? memchr(s + k, '\n', e - k) : NULL;
		stop = nlp ? (size_t)(nlp - s) + 1 : e;
		buf_put(&p->pool, s + k, stop - k);
		k = stop;
	}
	p->nodes[i].str = off;
	p->nodes[i].len = (uint32_t)(p->pool.len - off);
	p->nodes[i].ind = (uint32_t)first;
	p->nodes[i].indlen = (uint32_t)(p->nbols - first);
}

/* An empty text node that only marks a line start: for a tag that
 * renders nothing ({{! }}, {{= =}}, a closing tag) but begins a line,
 * where the spec's "prepend the indentation to each line" still puts
 * the indentation. */
static void build_bol_mark(parser *p, const tok *t)
{
	size_t i = new_node(p, N_TEXT, NULL);
	p->nodes[i].line = t->line;
	p->nodes[i].col = t->col;
	p->nodes[i].str = (uint32_t)p->pool.len;
	p->nodes[i].len = 0;
	p->nodes[i].ind = (uint32_t)p->nbols;
	p->nodes[i].indlen = 1;
	add_bol(p, 0);
}

/* Store t's indentation (the blanks before it on its standalone line,
 * less what the enclosing dedent removes) in node i. */
static void set_indent(parser *p, size_t i, const tok *t, dedent d)
{
	size_t cut = d.strip < t->wslen ? d.strip : t->wslen;
	p->nodes[i].ind = pool_put(p, p->src + t->ws + cut, t->wslen - cut);
	p->nodes[i].indlen = (uint32_t)(t->wslen - cut);
}

static void build(parser *p, size_t lo, size_t hi, dedent d);

/* The content of a standalone block is dedented: its lines lose the
 * blanks they all share (lines of blanks only do not count), measured on
 * the raw source.  The block's own indentation, used where it is
 * expanded, is that common indentation (beyond what an enclosing block
 * already removes), or if it has none the blanks before the tag. */
static void build_block(parser *p, size_t i, dedent d)
{
	const tok *t = &p->toks[i];
	const char *s = p->src;
	size_t close = (size_t)t->match;
	size_t n = new_node(p, N_BLOCK, t);
	size_t cs, ce, pos, ms = 0, mlen = 0;
	int have = 0;
	dedent inner = d;

	if (!t->standalone) {
		build(p, i + 1, close, d);
		goto done;
	}
	cs = p->toks[i + 1].start;
	ce = p->toks[close - 1].kind == K_TEXT && close - 1 > i ?
		p->toks[close - 1].end : p->toks[close].start;
	for (pos = cs; pos < ce;) {
		size_t w = pos;
		const char *nlp;
		while (w < ce && is_blank(s[w]))
			w++;
		if (w < ce && !is_newline_at(s, w, ce)) {
			if (!have) {
				ms = pos;
				mlen = w - pos;
				have = 1;
			} else {
				size_t m = 0;
				while (m < mlen && pos + m < w && s[pos + m] == s[ms + m])
					m++;
				mlen = m;
			}
		}
		nlp = memchr(s + w, '\n', ce - w);
		if (!nlp)
			break;
		pos = (size_t)(nlp - s) + 1;
	}
	p->nodes[n].flags |= F_STANDALONE | F_DEDENTED;
	if (have && mlen > d.strip) {
		p->nodes[n].ind = pool_put(p, s + ms + d.strip, mlen - d.strip);
		p->nodes[n].indlen = (uint32_t)(mlen - d.strip);
		inner.strip = mlen;
	} else {
		set_indent(p, n, t, d);
	}
	inner.active = 1;
	build(p, i + 1, close, inner);
done:
	p->nodes[n].next = (uint32_t)p->nnodes;
}

/* The arguments of a parent: only its direct blocks matter (the spec
 * says other text inside a parent tag is ignored), so nothing else is
 * compiled. */
static void build_parent_args(parser *p, size_t lo, size_t hi, dedent d)
{
	size_t i;
	for (i = lo; i < hi; i++) {
		const tok *t = &p->toks[i];
		if (t->kind == K_BLOCK)
			build_block(p, i, d);
		if (t->match > (long)i)
			i = (size_t)t->match;
	}
}

static void build(parser *p, size_t lo, size_t hi, dedent d)
{
	size_t i, n;
	for (i = lo; i < hi; i++) {
		const tok *t = &p->toks[i];
		int bol = !t->standalone && t->kind != K_TEXT &&
			  at_line_start(p, t->start);
		switch (t->kind) {
		case K_TEXT:
			if (t->end > t->start)
				build_text(p, t, d);
			break;
		case K_COMMENT:
		case K_SETDELIM:
		case K_CLOSE: /* stray: only after errors, never built */
			if (bol)
				build_bol_mark(p, t);
			break;
		case K_VAR:
		case K_RAW:
			n = new_node(p, t->kind == K_VAR ? N_VAR : N_RAW, t);
			if (bol)
				p->nodes[n].flags |= F_BOL;
			break;
		case K_SECTION:
		case K_INVERTED:
			n = new_node(p, t->kind == K_SECTION ? N_SECTION : N_INVERTED, t);
			if (bol)
				p->nodes[n].flags |= F_BOL;
			build(p, i + 1, (size_t)t->match, d);
			p->nodes[n].next = (uint32_t)p->nnodes;
			i = (size_t)t->match;
			break;
		case K_PARTIAL:
		case K_PARENT:
			n = new_node(p, t->kind == K_PARTIAL ? N_PARTIAL : N_PARENT, t);
			if (bol)
				p->nodes[n].flags |= F_BOL;
			if (t->dynamic)
				p->nodes[n].flags |= F_DYNAMIC;
			if (t->standalone) {
				p->nodes[n].flags |= F_STANDALONE;
				set_indent(p, n, t, d);
			}
			if (t->kind == K_PARENT) {
				build_parent_args(p, i + 1, (size_t)t->match, d);
				p->nodes[n].next = (uint32_t)p->nnodes;
				i = (size_t)t->match;
			}
			break;
		case K_BLOCK:
			n = p->nnodes;
			build_block(p, i, d);
			if (bol)
				p->nodes[n].flags |= F_BOL;
			i = (size_t)t->match;
			break;
		}
	}
	/* a closing tag that is not standalone but begins a line: its
	 * indentation belongs inside the section */
	if (hi < p->ntok && p->toks[hi].kind == K_CLOSE && !p->toks[hi].standalone &&
	    at_line_start(p, p->toks[hi].start))
		build_bol_mark(p, &p->toks[hi]);
}

static void parser_free(parser *p)
{
	free(p->toks);
	buf_free(&p->pool);
	free(p->nodes);
	free(p->bols);
}

/* Compile src into a new template (caller frees with tmpl_free), or
 * report every error found to errs and return NULL. */
static tmpl *compile(const char *name, const char *src, size_t len,
		     const char *path, err_list *errs)
{
	parser p;
	tmpl *t;
	dedent d = {0, 0};

	memset(&p, 0, sizeof p);
	p.src = src;
	p.len = len;
	p.path = path ? path : name;
	p.errs = errs;
	if (len >= UINT32_MAX / 2) {
		perr(&p, 0, 0, "template too large");
		return NULL;
	}
	tokenize(&p);
	match(&p);
	if (p.nerr) {
		parser_free(&p);
		return NULL;
	}
	standalone(&p);
	build(&p, 0, p.ntok, d);

	t = xcalloc(1, sizeof *t);
	t->name = xstrdup(name);
	t->path = xstrdup(path ? path : name);
	t->hash = hash_name(name, strlen(name));
	/* never NULL, even for an empty template */
	t->pool = buf_detach(&p.pool);
	t->nodes = p.nodes;
	t->nnodes = p.nnodes;
	t->bols = p.bols;
	free(p.toks);
	return t;
}

static void tmpl_free(tmpl *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->path);
	free(t->pool);
	free(t->nodes);
	free(t->bols);
	free(t);
}

/* ---- the set ---------------------------------------------------------- */

tmpl_set *tmpl_set_new(void)
{
	tmpl_set *s = xcalloc(1, sizeof *s);
	s->cap = 64;
	s->slots = xcalloc(s->cap, sizeof *s->slots);
	return s;
}

void tmpl_set_free(tmpl_set *s)
{
	size_t i;
	if (!s)
		return;
	for (i = 0; i < s->cap; i++)
		tmpl_free(s->slots[i]);
	free(s->slots);
	free(s);
}

static const tmpl *set_find(const tmpl_set *s, const char *name, size_t n,
			    uint32_t h)
{
	size_t i;
	if (!s)
		return NULL;
	for (i = h & (s->cap - 1); s->slots[i]; i = (i + 1) & (s->cap - 1)) {
		const tmpl *t = s->slots[i];
		if (t->hash == h && strncmp(t->name, name, n) == 0 && t->name[n] == '\0')
			return t;
	}
	return NULL;
}

static void set_put(tmpl_set *s, tmpl *t)
{
	size_t i;
	if ((s->len + 1) * 2 > s->cap) {
		tmpl **old = s->slots;
		size_t oldcap = s->cap;
		s->cap *= 2;
		s->slots = xcalloc(s->cap, sizeof *s->slots);
		s->len = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i])
				set_put(s, old[i]);
		free(old);
	}
	for (i = t->hash & (s->cap - 1); s->slots[i]; i = (i + 1) & (s->cap - 1)) {
		if (strcmp(s->slots[i]->name, t->name) == 0) {
			tmpl_free(s->slots[i]);
			s->slots[i] = t;
			return;
		}
	}
	s->slots[i] = t;
	s->len++;
}

int tmpl_set_add(tmpl_set *s, const char *name, const char *src, size_t len,
		 const char *path, err_list *errs)
{
	tmpl *t = compile(name, src, len, path, errs);
	if (!t)
		return -1;
	set_put(s, t);
	return 0;
}

const tmpl *tmpl_set_get(const tmpl_set *s, const char *name)
{
	size_t n = strlen(name);
	return set_find(s, name, n, hash_name(name, n));
}

/* ---- rendering -------------------------------------------------------- */

typedef struct indent {
	const char *s;
	size_t len;
} indent;

/* The arguments of one parent tag being expanded.  Frames link from the
 * innermost parent call outwards; a block takes the outermost override
 * of its name (the spec: top-level substitutions take precedence). */
typedef struct argframe {
	const tmpl *t;   /* template holding the parent tag */
	size_t parent;   /* index of the N_PARENT node in t */
	indent def;      /* indentation in force where the arguments were written */
	const struct argframe *next;
} argframe;

typedef struct rstate {
	const tmpl_set *set;
	err_list *errs;
	buf *out;
	const value **stack; /* the context stack; top is stack[n - 1] */
	size_t n, cap;
	const value *local[32]; /* the stack's first home, to avoid a malloc */
	int depth;               /* partials, parents and overrides in progress */
	int failed;
	size_t steps;            /* nodes rendered, against TMPL_MAX_STEPS */
	size_t out0;             /* out->len when the render began */
	const tmpl_watch *w;     /* or NULL */
} rstate;

/* Tell the watcher when v is one of its values. */
static void watched(const rstate *rs, const value *v, size_t at, int escaped, int dep)
{
	size_t k;
	for (k = 0; k < rs->w->n; k++)
		if (rs->w->v[k] == v)
			rs->w->hit(rs->w->ctx, rs->w->id[k], at - rs->out0, rs->out->len - at, escaped,
				   dep);
}

static void push_ctx(rstate *rs, const value *v)
{
	if (rs->n == rs->cap) {
		size_t cap = rs->cap * 2;
		if (rs->stack == rs->local) {
			rs->stack = xmalloc(cap * sizeof *rs->stack);
			memcpy(rs->stack, rs->local, rs->n * sizeof *rs->stack);
		} else {
			rs->stack = xrealloc(rs->stack, cap * sizeof *rs->stack);
		}
		rs->cap = cap;
	}
	rs->stack[rs->n++] = v;
}

/* Resolve a (dotted) name: the first part up the context stack, the rest
 * inside what it found, with no backtracking (the spec's "Dotted Names -
 * Context Precedence").  A key that is present stops the search even if
 * its value is null. */
static const value *lookup(const rstate *rs, const char *name, size_t len)
{
	const char *dot, *end = name + len;
	const value *v = NULL;
	size_t i;

	if (len == 1 && name[0] == '.')
		return rs->n ? rs->stack[rs->n - 1] : NULL;
	dot = memchr(name, '.', len);
	for (i = rs->n; i-- > 0;) {
		v = val_getn(rs->stack[i], name, dot ? (size_t)(dot - name) : len);
		if (v)
			break;
	}
	while (v && dot) {
		const char *part = dot + 1;
		dot = memchr(part, '.', (size_t)(end - part));
		v = val_getn(v, part, (size_t)((dot ? dot : end) - part));
	}
	return v;
}

static void render(rstate *rs, const tmpl *t, size_t lo, size_t hi, indent ind,
		   const argframe *args);

static void put_text(rstate *rs, const tmpl *t, const node *nd, indent ind)
{
	const char *s = t->pool + nd->str;
	size_t prev = 0, j;
	if (!ind.len || !nd->indlen) {
		buf_put(rs->out, s, nd->len);
		return;
	}
	for (j = 0; j < nd->indlen; j++) {
		size_t b = t->bols[nd->ind + j];
		buf_put(rs->out, s + prev, b - prev);
		buf_put(rs->out, ind.s, ind.len);
		prev = b;
	}
	buf_put(rs->out, s + prev, nd->len - prev);
}

/* a followed by b: one of them when the other is empty, else a new
 * string in *heap (which the caller frees). */
static indent join(indent a, indent b, char **heap)
{
	indent r;
	char *s;
	if (!a.len)
		return b;
	if (!b.len)
		return a;
	s = xmalloc(a.len + b.len);
	memcpy(s, a.s, a.len);
	memcpy(s + a.len, b.s, b.len);
	*heap = s;
	r.s = s;
	r.len = a.len + b.len;
	return r;
}

static int enter(rstate *rs, const tmpl *t, const node *nd)
{
	if (rs->depth < TMPL_MAX_DEPTH) {
		rs->depth++;
		return 1;
	}
	if (rs->errs)
		err_add(rs->errs, t->path, nd->line, nd->col,
			"'%.*s' nested more than %d deep (does a partial include itself?)",
			(int)nd->len, t->pool + nd->str, TMPL_MAX_DEPTH);
	rs->failed = 1;
	return 0;
}

/* {{>name}} and {{<name}}. */
static void include(rstate *rs, const tmpl *t, size_t i, indent ind,
		    const argframe *args)
{
	const node *nd = &t->nodes[i];
	const char *name = t->pool + nd->str;
	const tmpl *target;
	indent own, sub = {NULL, 0};
	char *heap = NULL;
	argframe fr;

	if (nd->flags & F_DYNAMIC) {
		/* the name is the value of a dotted name, resolved like an
		 * interpolation (numbers and booleans as their text) */
		const value *v = lookup(rs, name, nd->len);
		buf tmp = BUF_INIT;
		if (v && rs->w)
			watched(rs, v, rs->out->len, 0, TMPL_WHOLE);
		if (!v || (v->kind != VAL_STR && v->kind != VAL_NUM && v->kind != VAL_BOOL))
			return;
		val_to_text(v, &tmp);
		target = set_find(rs->set, buf_cstr(&tmp), tmp.len,
				  hash_name(buf_cstr(&tmp), tmp.len));
		buf_free(&tmp);
	} else {
		target = set_find(rs->set, name, nd->len, nd->hash);
	}
	if (!target || !enter(rs, t, nd))
		return;
	if (nd->flags & F_STANDALONE) {
		own.s = t->pool + nd->ind;
		own.len = nd->indlen;
		sub = join(ind, own, &heap);
	}
	if (nd->kind == N_PARENT) {
		fr.t = t;
		fr.parent = i;
		fr.def = ind;
		fr.next = args;
		args = &fr;
	}
	render(rs, target, 0, target->nnodes, sub, args);
	rs->depth--;
	free(heap);
}

/* {{$name}}: the outermost override if any, else the default content. */
static void block(rstate *rs, const tmpl *t, size_t i, indent ind,
		  const argframe *args)
{
	const node *nd = &t->nodes[i];
	const tmpl *ct = t;
	size_t ci = i;
	const argframe *found = NULL, *f;
	indent cind = ind, own, none = {NULL, 0};
	char *heap = NULL, *heap2 = NULL;
	const node *c;

	for (f = args; f; f = f->next) {
		const node *pn = &f->t->nodes[f->parent];
		size_t j;
		for (j = f->parent + 1; j < pn->next; j = f->t->nodes[j].next) {
			const node *b = &f->t->nodes[j];
			if (b->kind == N_BLOCK && b->len == nd->len &&
			    memcmp(f->t->pool + b->str, t->pool + nd->str, nd->len) == 0) {
				found = f;
				ct = f->t;
				ci = j;
			}
		}
	}
	c = &ct->nodes[ci];
	if (found) {
		/* an override's lines were written in the child template:
		 * unless dedented they carry the indentation in force there */
		cind = (c->flags & F_DEDENTED) ? none : found->def;
		if (!enter(rs, t, nd))
			return;
	}
	if (nd->flags & F_STANDALONE) {
		indent bi;
		own.s = t->pool + nd->ind;
		own.len = nd->indlen;
		bi = join(ind, own, &heap);
		cind = found ? join(bi, cind, &heap2) : bi;
		/* the content replaces a whole line: indent its first line
		 * even when it did not begin one where it was written (when
		 * it did, its line starts carry the indentation already) */
		if (bi.len && ci + 1 < c->next && !(c->flags & F_DEDENTED)) {
			const node *first = &ct->nodes[ci + 1];
			const char *fs = ct->pool + first->str;
			if (!(first->kind == N_TEXT &&
			      is_newline_at(fs, 0, first->len)))
				buf_put(rs->out, bi.s, bi.len);
		}
	}
	render(rs, ct, ci + 1, c->next, cind, args);
	if (found)
		rs->depth--;
	free(heap);
	free(heap2);
}

static void render(rstate *rs, const tmpl *t, size_t lo, size_t hi, indent ind,
		   const argframe *args)
{
	size_t i, j;
	for (i = lo; i < hi && !rs->failed; i = t->nodes[i].next) {
		const node *nd = &t->nodes[i];
		const value *v;
		/* Depth alone does not bound the work: partials that include
		 * the next one twice, 40 deep, are 2^40 renders.  Bound the
		 * nodes rendered and the output written. */
		if (++rs->steps > TMPL_MAX_STEPS || rs->out->len - rs->out0 > TMPL_MAX_OUTPUT) {
			if (rs->errs)
				err_add(rs->errs, t->path ? t->path : t->name, nd->line ? nd->line : 1,
					nd->line ? nd->col : 1,
					"rendering stopped: more than %d million steps or %d MiB of output "
					"(partials that include each other?)",
					TMPL_MAX_STEPS / 1000000, TMPL_MAX_OUTPUT >> 20);
			rs->failed = 1;
			break;
		}
		if ((nd->flags & F_BOL) && ind.len)
			buf_put(rs->out, ind.s, ind.len);
		switch (nd->kind) {
		case N_TEXT:
			put_text(rs, t, nd, ind);
			break;
		case N_VAR:
		case N_RAW:
			v = lookup(rs, t->pool + nd->str, nd->len);
			if (!v)
				break;
			j = rs->out->len;
			if (nd->kind == N_VAR && v->kind == VAL_STR)
				buf_put_escaped(rs->out, v->u.str.s, v->u.str.len);
			else
				val_to_text(v, rs->out); /* no markup in numbers */
			if (rs->w)
				watched(rs, v, j, nd->kind == N_VAR && v->kind == VAL_STR, TMPL_WRITTEN);
			break;
		case N_SECTION:
			v = lookup(rs, t->pool + nd->str, nd->len);
			if (v && rs->w)
				watched(rs, v, rs->out->len, 0,
					v->kind == VAL_LIST || v->kind == VAL_MAP ? TMPL_WHOLE : TMPL_TRUTH);
			if (!val_truthy(v))
				break;
			if (v->kind == VAL_LIST) {
				for (j = 0; j < v->u.list.len && !rs->failed; j++) {
					push_ctx(rs, v->u.list.items[j]);
					render(rs, t, i + 1, nd->next, ind, args);
					rs->n--;
				}
			} else {
				push_ctx(rs, v);
				render(rs, t, i + 1, nd->next, ind, args);
				rs->n--;
			}
			break;
		case N_INVERTED:
			v = lookup(rs, t->pool + nd->str, nd->len);
			if (v && rs->w)
				watched(rs, v, rs->out->len, 0, TMPL_TRUTH);
			if (!val_truthy(v))
				render(rs, t, i + 1, nd->next, ind, args);
			break;
		case N_PARTIAL:
		case N_PARENT:
			include(rs, t, i, ind, args);
			break;
		case N_BLOCK:
			block(rs, t, i, ind, args);
			break;
		}
	}
}

int tmpl_render(const tmpl_set *s, const tmpl *t, const value *ctx, buf *out,
		err_list *errs)
{
	return tmpl_render_watch(s, t, ctx, out, errs, NULL);
}

int tmpl_render_watch(const tmpl_set *s, const tmpl *t, const value *ctx, buf *out,
		      err_list *errs, const tmpl_watch *w)
{
	rstate rs;
	indent none = {NULL, 0};
	if (!t)
		return 0;
	memset(&rs, 0, sizeof rs);
	rs.set = s;
	rs.errs = errs;
	rs.out = out;
	rs.out0 = out->len;
	rs.w = w && w->n ? w : NULL;
	rs.stack = rs.local;
	rs.cap = sizeof rs.local / sizeof rs.local[0];
	if (ctx)
		push_ctx(&rs, ctx);
	render(&rs, t, 0, t->nnodes, none, NULL);
	if (rs.stack != rs.local)
		free(rs.stack);
	return rs.failed ? -1 : 0;
}

int tmpl_render_string(const tmpl_set *s, const char *src, const value *ctx,
		       buf *out, err_list *errs)
{
	tmpl *t = compile("(string)", src, strlen(src), NULL, errs);
	int rc;
	if (!t)
		return -1;
	rc = tmpl_render(s, t, ctx, out, errs);
	tmpl_free(t);
	return rc;
}

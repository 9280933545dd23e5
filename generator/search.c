/* search.c - see search.h */
#include "search.h"
#include "patch.h"
#include "pool.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* What search_plain_text does with each byte. */
enum { C_TEXT, C_END, C_TAG, C_AMP, C_SPACE };

static const unsigned char byte_class[256] = {
	[0] = C_END, ['<'] = C_TAG, ['&'] = C_AMP,
	[' '] = C_SPACE, ['\n'] = C_SPACE, ['\t'] = C_SPACE, ['\r'] = C_SPACE,
};

void search_plain_text(const char *html, size_t max, buf *out)
{
	static const struct { const char *ent; size_t len; char ch; } ents[] = {
		{"&amp;", 5, '&'}, {"&lt;", 4, '<'}, {"&gt;", 4, '>'},
		{"&quot;", 6, '"'}, {"&#39;", 5, '\''}};
	const unsigned char *p = (const unsigned char *)html;
	size_t start = out->len;
	char *o, *lim;
	int space = 1;
	/* every step writes at most one byte, and never past max: room for
	 * all of it at once, then plain stores */
	buf_grow(out, max);
	o = out->ptr + start;
	lim = o + max;
	while (o < lim) {
		switch (byte_class[*p]) {
		case C_TEXT:
			/* a run of ordinary bytes (most of the page), and single
			 * spaces between them, which stay as they are */
			do
				*o++ = (char)*p++;
			while (o < lim && (byte_class[*p] == C_TEXT ||
					   (*p == ' ' && byte_class[p[1]] == C_TEXT)));
			space = 0;
			break;
		case C_END:
			goto done;
		case C_TAG: {
			const char *e = strchr((const char *)p, '>');
			if (!e)
				goto done;
			p = (const unsigned char *)e + 1;
			if (!space) {
				*o++ = ' ';
				space = 1;
			}
			break;
		}
		case C_AMP: {
			size_t i;
			for (i = 0; i < sizeof ents / sizeof ents[0]; i++)
				if (!strncmp((const char *)p, ents[i].ent, ents[i].len))
					break;
			if (i < sizeof ents / sizeof ents[0]) {
				*o++ = ents[i].ch;
				p += ents[i].len;
			} else {
				*o++ = '&';
				p++;
			}
			space = 0;
			break;
		}
		default: /* C_SPACE: runs of white space fold into one space */
			if (!space) {
				*o++ = ' ';
				space = 1;
			}
			p++;
			break;
		}
	}
done:
	out->len = (size_t)(o - out->ptr);
	/* never end inside a UTF-8 sequence: a lead byte cut off from its
	 * continuation bytes goes too */
	if (out->len > start && ((unsigned char)out->ptr[out->len - 1] & 0xC0) == 0xC0)
		out->len--;
	while (out->len > start && ((unsigned char)out->ptr[out->len - 1] & 0xC0) == 0x80) {
		size_t k = out->len - 1;
		while (k > start && ((unsigned char)out->ptr[k] & 0xC0) == 0x80)
			k--;
		/* k is the lead byte; keep the sequence only if complete */
		{
			unsigned char lead = (unsigned char)out->ptr[k];
			size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
			if (out->len - k == need)
				break;
			out->len = k;
		}
	}
	while (out->len > start && out->ptr[out->len - 1] == ' ')
		out->len--;
	out->ptr[out->len] = '\0';
}

/* The entries of one language are made on the pool's threads, a chunk
 * of pages at a time, each into its own buffer; the main thread then
 * appends the chunk to the index in page order.  The index is the same
 * bytes whatever the number of threads, and only one chunk of entries is
 * held besides it. */
#define CHUNK 128

typedef struct entry_job {
	const page *const *pages; /* this chunk's pages */
	buf *entries;             /* one JSON object per page */
	buf *texts;               /* scratch: each page's plain text */
	size_t *xoff;             /* where each entry's text begins */
} entry_job;

static const char *str_or_empty(const char *s)
{
	return s ? s : "";
}

/* {"t":title,"u":url,"s":summary,"x":text}: the keys and order the
 * theme's script reads. */
static void entry_one(void *ctx, size_t i)
{
	entry_job *j = ctx;
	const page *p = j->pages[i];
	buf *e = &j->entries[i], *text = &j->texts[i];
	const char *t = str_or_empty(p->title), *u = str_or_empty(p->url),
		   *s = str_or_empty(p->summary);
	buf_reset(e);
	buf_reset(text);
	search_plain_text(str_or_empty(p->md.html), SEARCH_TEXT_MAX, text);
	buf_puts(e, "{\"t\":");
	buf_put_json(e, t, strlen(t));
	buf_puts(e, ",\"u\":");
	buf_put_json(e, u, strlen(u));
	buf_puts(e, ",\"s\":");
	buf_put_json(e, s, strlen(s));
	buf_puts(e, ",\"x\":");
	j->xoff[i] = e->len;
	buf_put_json(e, text->ptr, text->len);
	buf_putc(e, '}');
}

typedef struct lang_job {
	const site *s;
	outdir *o;
	err_list *errs;
	int jobs;    /* threads for each language's entries */
	long files;  /* added atomically */
} lang_job;

/* The index of language l. */
static void lang_one(void *ctx, size_t l)
{
	lang_job *lj = ctx;
	const site *s = lj->s;
	size_t i, k, n;
	const page **pages = xcalloc(s->npages ? s->npages : 1, sizeof *pages);
	buf entries[CHUNK], texts[CHUNK];
	size_t xoff[CHUNK];
	buf json = BUF_INIT;
	patch_spans spans = PATCH_SPANS_INIT;
	char *rel;
	memset(entries, 0, sizeof entries);
	memset(texts, 0, sizeof texts);
	for (i = n = 0; i < s->npages; i++) {
		const page *p = s->pages[i];
		if (p->lang != (int)l || p->kind == PAGE_404 || p->kind == PAGE_TAXONOMY ||
		    page_is_search(p))
			continue;
		pages[n++] = p;
	}
	/* room for it all at once (a close estimate: the text is at most
	 * SEARCH_TEXT_MAX bytes and seldom needs escapes), so that the
	 * index is not copied as it grows */
	{
		size_t est = 4;
		for (i = 0; i < n; i++)
			est += 40 + SEARCH_TEXT_MAX + strlen(str_or_empty(pages[i]->title)) +
			       strlen(str_or_empty(pages[i]->url)) +
			       strlen(str_or_empty(pages[i]->summary));
		buf_grow(&json, est);
	}
	buf_putc(&json, '[');
	for (i = 0; i < n; i += CHUNK) {
		size_t m = n - i < CHUNK ? n - i : CHUNK;
		entry_job j = {pages + i, entries, texts, xoff};
		pool_run(lj->jobs, m, entry_one, &j);
		for (k = 0; k < m; k++) {
			const page *p = pages[i + k];
			if (i + k)
				buf_putc(&json, ',');
			/* the text, for a patch of the page's body */
			if (p->src)
				patch_spans_add(&spans, patch_page_id(p->src), json.len + xoff[k],
						entries[k].len - 1 - xoff[k], PATCH_F_SEARCH_TEXT,
						PATCH_E_JSON, PATCH_D_WRITTEN);
			buf_put(&json, entries[k].ptr, entries[k].len);
		}
	}
	buf_puts(&json, "]\n");
	rel = xasprintf("search/index.%s.json", s->cfg->langs[l].code);
	if (out_write_spans(lj->o, rel, json.ptr, json.len, 0, spans.v, spans.n, lj->errs) == 0)
		__atomic_add_fetch(&lj->files, 1, __ATOMIC_RELAXED);
	patch_spans_free(&spans);
	free(rel);
	buf_free(&json);
	for (k = 0; k < CHUNK; k++) {
		buf_free(&entries[k]);
		buf_free(&texts[k]);
	}
	free(pages);
}

long search_write(const site *s, outdir *o, err_list *errs)
{
	lang_job lj = {s, o, errs, 1, 0};
	size_t nl = s->cfg->nlangs;
	int jobs = s->jobs > 0 ? s->jobs : 1;
	/* the languages side by side, each with its share of the threads
	 * for its entries (the main loop of one language is serial) */
	lj.jobs = nl && (size_t)jobs > nl ? jobs / (int)nl : 1;
	pool_run(jobs, nl, lang_one, &lj);
	return lj.files;
}

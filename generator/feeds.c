/* feeds.c - see feeds.h */
#include "feeds.h"
#include "patch.h"
#include "pool.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static void esc(buf *b, const char *s)
{
	buf_put_escaped(b, s, strlen(s));
}

static const date *updated(const page *p)
{
	return p->has_lastmod ? &p->lastmod : p->has_date ? &p->date : NULL;
}

static int write_feed(const site *s, const page *list, outdir *o, err_list *errs)
{
	const lang_cfg *l = &s->cfg->langs[list->lang];
	buf b = BUF_INIT;
	size_t i, n = list->nmembers < FEED_ENTRIES ? list->nmembers : FEED_ENTRIES;
	const date *newest = NULL;
	char *self = xasprintf("%satom.xml", list->url), *file, *link;
	int rc;
	size_t at;
	patch_spans spans = PATCH_SPANS_INIT;

	for (i = 0; i < n; i++) {
		const date *d = updated(list->members[i]);
		if (d && (!newest || date_cmp(d, newest) > 0))
			newest = d;
	}
	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		     "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
	esc(&b, l->code);
	buf_puts(&b, "\">\n  <title>");
	esc(&b, l->title);
	if (list->kind == PAGE_SECTION) {
		buf_puts(&b, " – ");
		esc(&b, list->title);
	}
	buf_puts(&b, "</title>\n");
	if (l->description[0]) {
		buf_puts(&b, "  <subtitle>");
		esc(&b, l->description);
		buf_puts(&b, "</subtitle>\n");
	}
	link = site_permalink(s, list->url);
	buf_puts(&b, "  <id>");
	esc(&b, link);
	buf_puts(&b, "</id>\n  <link rel=\"alternate\" type=\"text/html\" href=\"");
	esc(&b, link);
	free(link);
	link = site_permalink(s, self);
	buf_puts(&b, "\"/>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"");
	esc(&b, link);
	free(link);
	buf_puts(&b, "\"/>\n  <updated>");
	if (newest)
		date_rfc3339(newest, &b);
	buf_puts(&b, "</updated>\n  <author><name>");
	esc(&b, l->title);
	buf_puts(&b, "</name></author>\n");
	if (l->copyright[0]) {
		buf_puts(&b, "  <rights>");
		esc(&b, l->copyright);
		buf_puts(&b, "</rights>\n");
	}
	buf_puts(&b, "  <generator>csogen</generator>\n");
	for (i = 0; i < n; i++) {
		const page *p = list->members[i];
		char *pl = site_permalink(s, p->url);
		buf_puts(&b, "  <entry>\n    <title>");
		esc(&b, p->title);
		buf_puts(&b, "</title>\n    <id>");
		esc(&b, pl);
		buf_puts(&b, "</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"");
		esc(&b, pl);
		buf_puts(&b, "\"/>\n    <published>");
		date_rfc3339(&p->date, &b);
		buf_puts(&b, "</published>\n    <updated>");
		date_rfc3339(updated(p), &b);
		buf_puts(&b, "</updated>\n");
		if (p->summary && p->summary[0]) {
			buf_puts(&b, "    <summary>");
			esc(&b, p->summary);
			buf_puts(&b, "</summary>\n");
		}
		buf_puts(&b, "    <content type=\"html\">");
		at = b.len;
		esc(&b, p->md.html ? p->md.html : "");
		if (p->src)
			patch_spans_add(&spans, patch_page_id(p->src), at, b.len - at, PATCH_F_CONTENT,
					PATCH_E_HTML, PATCH_D_WRITTEN);
		buf_puts(&b, "</content>\n  </entry>\n");
		free(pl);
	}
	buf_puts(&b, "</feed>\n");
	file = out_file_for_url(self);
	rc = file ? out_write_spans(o, file, b.ptr, b.len, 0, spans.v, spans.n, errs) : -1;
	patch_spans_free(&spans);
	free(file);
	free(self);
	buf_free(&b);
	return rc;
}

static int cmp_url(const void *a, const void *b)
{
	const page *x = *(page *const *)a, *y = *(page *const *)b;
	return strcmp(x->url, y->url);
}

static int write_sitemap(const site *s, outdir *o, err_list *errs)
{
	page **ps = xcalloc(s->npages + 1, sizeof *ps);
	size_t i, n = 0, l;
	buf b = BUF_INIT;
	int rc;
	for (i = 0; i < s->npages; i++)
		if (s->pages[i]->kind != PAGE_404 && !page_is_search(s->pages[i]))
			ps[n++] = s->pages[i];
	xsort(ps, n, sizeof *ps, cmp_url);
	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		     "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
		     "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
	for (i = 0; i < n; i++) {
		const page *p = ps[i];
		char *pl = site_permalink(s, p->url);
		const date *d = updated(p);
		size_t ntr = 0;
		buf_puts(&b, "  <url>\n    <loc>");
		esc(&b, pl);
		buf_puts(&b, "</loc>\n");
		free(pl);
		if (d) {
			buf_puts(&b, "    <lastmod>");
			date_iso(d, &b);
			buf_puts(&b, "</lastmod>\n");
		}
		for (l = 0; l < s->cfg->nlangs; l++)
			ntr += p->trans[l] != NULL;
		if (ntr > 1) {
			for (l = 0; l < s->cfg->nlangs; l++) {
				char *tl;
				if (!p->trans[l])
					continue;
				tl = site_permalink(s, p->trans[l]->url);
				buf_puts(&b, "    <xhtml:link rel=\"alternate\" hreflang=\"");
				esc(&b, s->cfg->langs[l].code);
				buf_puts(&b, "\" href=\"");
				esc(&b, tl);
				buf_puts(&b, "\"/>\n");
				free(tl);
			}
		}
		buf_puts(&b, "  </url>\n");
	}
	buf_puts(&b, "</urlset>\n");
	rc = out_write(o, "sitemap.xml", b.ptr, b.len, errs);
	buf_free(&b);
	free(ps);
	return rc;
}

static int write_alias(const site *s, const page *p, const char *alias, outdir *o,
		       err_list *errs)
{
	buf b = BUF_INIT;
	char *pl = site_permalink(s, p->url), *file = out_file_for_url(alias);
	int rc;
	buf_puts(&b, "<!doctype html>\n<html lang=\"");
	esc(&b, s->cfg->langs[p->lang].code);
	buf_puts(&b, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	esc(&b, p->title);
	buf_puts(&b, "</title>\n<link rel=\"canonical\" href=\"");
	esc(&b, pl);
	buf_puts(&b, "\">\n<meta name=\"robots\" content=\"noindex\">\n"
		     "<meta http-equiv=\"refresh\" content=\"0; url=");
	esc(&b, p->url);
	buf_puts(&b, "\">\n</head>\n<body>\n<p><a href=\"");
	esc(&b, p->url);
	buf_puts(&b, "\">");
	esc(&b, p->title);
	buf_puts(&b, "</a></p>\n</body>\n</html>\n");
	rc = file ? out_write(o, file, b.ptr, b.len, errs) : -1;
	free(file);
	free(pl);
	buf_free(&b);
	return rc;
}

typedef struct feeds_job {
	const site *s;
	outdir *o;
	err_list *errs;
	long files; /* added atomically */
} feeds_job;

/* The sitemap (i == 0, the longest: first), or page i - 1's feed and
 * aliases: each file on its own, so on every thread. */
static void feeds_one(void *ctx, size_t i)
{
	feeds_job *j = ctx;
	const page *p;
	const value *al;
	size_t k;
	long n = 0;
	if (i == 0) {
		n = write_sitemap(j->s, j->o, j->errs) == 0;
	} else {
		p = j->s->pages[i - 1];
		al = val_get(p->fm, "aliases");
		if ((p->kind == PAGE_HOME || p->kind == PAGE_SECTION) && p->nmembers > 0 &&
		    write_feed(j->s, p, j->o, j->errs) == 0)
			n++;
		for (k = 0; k < val_len(al); k++)
			if (write_alias(j->s, p, val_cstr(val_at(al, k)), j->o, j->errs) == 0)
				n++;
	}
	if (n)
		__atomic_add_fetch(&j->files, n, __ATOMIC_RELAXED);
}

long feeds_write(const site *s, outdir *o, err_list *errs)
{
	feeds_job j = {s, o, errs, 0};
	int before = errs->nerrors;
	buf robots = BUF_INIT;

	pool_run(s->jobs, s->npages + 1, feeds_one, &j);
	buf_printf(&robots, "User-agent: *\nAllow: /\n\nSitemap: %s/sitemap.xml\n",
		   s->cfg->base_url);
	if (out_write(o, "robots.txt", robots.ptr, robots.len, errs) == 0)
		j.files++;
	buf_free(&robots);
	return errs->nerrors > before ? -1 : j.files;
}

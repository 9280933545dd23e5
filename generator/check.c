/* check.c - see check.h */
#include "check.h"
#include "htab.h"
#include "site.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Is url for another site (has a scheme such as https: or mailto:)? */
static int is_external(const char *url)
{
	const char *p = url;
	if (url[0] == '/' && url[1] == '/')
		return 1;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	       (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	return p > url && *p == ':';
}

/* The output file a site URL (path part only) names, or NULL. */
static char *resolve(const outdir *o, const char *path)
{
	size_t n = strlen(path);
	char *rel;
	if (n == 0 || path[0] != '/')
		return NULL;
	if (path[n - 1] == '/')
		rel = xasprintf("%sindex.html", path + 1);
	else
		rel = xstrdup(path + 1);
	if (out_mem_get(o, rel))
		return rel;
	free(rel);
	rel = xasprintf("%s/index.html", path + 1);
	if (out_mem_get(o, rel))
		return rel;
	free(rel);
	return NULL;
}

/* Split url into a site path (made absolute against base, the URL of
 * the page it is on) and a fragment.  Caller frees both. */
static void split(const char *base, const char *url, char **path, char **frag)
{
	const char *hash = strchr(url, '#'), *q = strchr(url, '?');
	size_t n = hash ? (size_t)(hash - url) : strlen(url);
	if (q && (size_t)(q - url) < n)
		n = (size_t)(q - url);
	*frag = hash ? xstrdup(hash + 1) : NULL;
	if (n == 0)
		*path = xstrdup(base);
	else if (url[0] == '/')
		*path = xstrndup(url, n);
	else {
		/* relative: against the directory of base */
		const char *slash = strrchr(base, '/');
		buf b = BUF_INIT;
		buf_put(&b, base, (size_t)(slash - base) + 1);
		buf_put(&b, url, n);
		*path = buf_detach(&b);
	}
}

/* ids of an HTML file, cached. */
static htab *ids_of(htab *cache, const outdir *o, const char *rel)
{
	htab *ids = htab_get(cache, rel);
	const memfile *f;
	const char *p;
	if (ids)
		return ids;
	ids = htab_new();
	f = out_mem_get(o, rel);
	for (p = f ? f->data : ""; (p = strstr(p, " id=\"")); ) {
		const char *v = p + 5, *e = strchr(v, '"');
		char *id;
		if (!e)
			break;
		id = xstrndup(v, (size_t)(e - v));
		htab_put(ids, id, (void *)1);
		free(id);
		p = e;
	}
	htab_put(cache, rel, ids);
	return ids;
}

/* 0 when url (on the page at base) resolves; else a message. */
static const char *check_url(const outdir *o, htab *cache, const char *base,
			     const char *url, char **target)
{
	char *path, *frag, *rel;
	const char *why = NULL;
	split(base, url, &path, &frag);
	rel = resolve(o, path);
	if (!rel)
		why = "no such page or file";
	else if (frag && frag[0] && strlen(rel) > 5 && !strcmp(rel + strlen(rel) - 5, ".html") &&
		 !htab_get(ids_of(cache, o, rel), frag))
		why = "no such anchor there";
	*target = rel;
	free(path);
	free(frag);
	return why;
}

static char *page_rel(const page *p)
{
	return out_file_for_url(p->url);
}

/* Every href and src of an HTML text, in order. */
typedef void (*link_fn)(void *ctx, const char *url);

static void each_link(const char *html, link_fn fn, void *ctx)
{
	const char *p = html;
	while ((p = strpbrk(p, " \n"))) {
		const char *a = p + 1, *v, *e;
		size_t skip;
		p++;
		if (!strncmp(a, "href=\"", 6))
			skip = 6;
		else if (!strncmp(a, "src=\"", 5))
			skip = 5;
		else
			continue;
		v = a + skip;
		e = strchr(v, '"');
		if (!e)
			return;
		{
			char *url = xstrndup(v, (size_t)(e - v));
			/* attribute values are HTML-escaped: &amp; is & */
			char *amp;
			while ((amp = strstr(url, "&amp;")))
				memmove(amp + 1, amp + 5, strlen(amp + 5) + 1);
			fn(ctx, url);
			free(url);
		}
		p = e;
	}
}

typedef struct walk {
	const outdir *o;
	htab *cache, *reported, *reached;
	const char *rel, *base;
	err_list *errs;
	check_report *rep;
	char **queue;
	size_t nq, capq;
	int follow;     /* reachability pass: queue what is linked */
} walk;

static void theme_link(void *ctx, const char *url)
{
	walk *w = ctx;
	char *target = NULL;
	const char *why;
	if (is_external(url) || !url[0])
		return;
	w->rep->links++;
	why = check_url(w->o, w->cache, w->base, url, &target);
	if (why && !htab_get(w->reported, url)) {
		err_add(w->errs, w->rel, 0, 0, "broken link %s: %s (made by the theme or csogen)", url, why);
		htab_put(w->reported, url, (void *)1);
	}
	if (w->follow && target && !htab_get(w->reached, target)) {
		htab_put(w->reached, target, (void *)1);
		xgrow(&w->queue, &w->capq, w->nq + 1, sizeof *w->queue);
		w->queue[w->nq++] = xstrdup(target);
	}
	free(target);
}

static int cmp_ext(const void *a, const void *b)
{
	const value *x = *(value *const *)a, *y = *(value *const *)b;
	int c = strcmp(val_get_str(x, "url", ""), val_get_str(y, "url", ""));
	return c ? c : strcmp(val_get_str(x, "file", ""), val_get_str(y, "file", ""));
}

void check_inspect(const site *s, const outdir *o, void *ctx, err_list *errs)
{
	check_report *rep = ctx;
	walk w;
	size_t i, l, npaths, qi;
	const char **paths;

	memset(&w, 0, sizeof w);
	w.o = o;
	w.cache = htab_new();
	w.reported = htab_new();
	w.reached = htab_new();
	w.errs = errs;
	w.rep = rep;
	rep->external = val_list();

	/* 1. links written in content, at their file:line:col */
	for (i = 0; i < s->npages; i++) {
		const page *p = s->pages[i];
		size_t k;
		for (k = 0; p->src && k < val_len(p->md.links); k++) {
			const value *lk = val_at(p->md.links, k);
			const char *url = val_get_str(lk, "url", "");
			int line = (int)val_get(lk, "line")->u.n, col = (int)val_get(lk, "col")->u.n;
			char *target = NULL;
			const char *why;
			if (is_external(url)) {
				value *e = val_map();
				val_set_str(e, "url", url);
				val_set_str(e, "file", p->src);
				val_set_num(e, "line", line);
				val_set_num(e, "col", col);
				val_push(rep->external, e);
				continue;
			}
			rep->links++;
			why = check_url(o, w.cache, p->url, url, &target);
			if (why) {
				err_add(errs, p->src, line, col, "broken link %s: %s", url, why);
				htab_put(w.reported, url, (void *)1);
			}
			free(target);
		}
	}
	xsort(rep->external->u.list.items, val_len(rep->external), sizeof(value *), cmp_ext);

	/* 2. every link of every HTML file (the theme's links too) */
	paths = out_mem_paths(o, &npaths);
	for (i = 0; i < npaths; i++) {
		size_t n = strlen(paths[i]);
		char *base;
		if (n < 5 || strcmp(paths[i] + n - 5, ".html"))
			continue;
		rep->pages++;
		/* the URL of this file, for relative links */
		base = n >= 10 && !strcmp(paths[i] + n - 10, "index.html")
			       ? xasprintf("/%.*s", (int)(n - 10), paths[i])
			       : xasprintf("/%s", paths[i]);
		w.rel = paths[i];
		w.base = base;
		each_link(out_mem_get(o, paths[i])->data, theme_link, &w);
		free(base);
	}

	/* breadth-first from the homes: what a reader can reach by links
	 * (the broken ones were reported above; say nothing twice) */
	{
		err_list quiet;
		err_init(&quiet);
		w.errs = &quiet;
		w.follow = 1;
		for (l = 0; l < s->cfg->nlangs; l++) {
			char *home = xasprintf("%s/", s->cfg->langs[l].prefix), *rel = resolve(o, home);
			if (rel && !htab_get(w.reached, rel)) {
				htab_put(w.reached, rel, (void *)1);
				xgrow(&w.queue, &w.capq, w.nq + 1, sizeof *w.queue);
				w.queue[w.nq++] = rel;
			} else
				free(rel);
			free(home);
		}
		for (qi = 0; qi < w.nq; qi++) {
			const memfile *f = out_mem_get(o, w.queue[qi]);
			size_t n = strlen(w.queue[qi]);
			char *base;
			if (!f || n < 5 || strcmp(w.queue[qi] + n - 5, ".html"))
				continue;
			base = n >= 10 && !strcmp(w.queue[qi] + n - 10, "index.html")
				       ? xasprintf("/%.*s", (int)(n - 10), w.queue[qi])
				       : xasprintf("/%s", w.queue[qi]);
			w.rel = w.queue[qi];
			w.base = base;
			each_link(f->data, theme_link, &w);
			free(base);
		}
		err_free(&quiet);
		w.errs = errs;
	}

	/* 3. warnings: translations missing, pages nothing reaches */
	for (i = 0; i < s->npages; i++) {
		const page *p = s->pages[i];
		char *rel;
		if (!p->src)
			continue;
		for (l = 0; l < s->cfg->nlangs; l++)
			if (!p->trans[l])
				err_warn(errs, p->src, 0, 0, "no %s translation", s->cfg->langs[l].code);
		rel = page_rel(p);
		if (rel && !htab_get(w.reached, rel))
			err_warn(errs, p->src, 0, 0,
				 "no menu, list or link reaches this page (%s)", p->url);
		free(rel);
	}

	for (qi = 0; qi < w.nq; qi++)
		free(w.queue[qi]);
	free(w.queue);
	{
		size_t it = 0;
		void *v;
		while (htab_iter(w.cache, &it, NULL, &v))
			htab_free(v);
	}
	htab_free(w.cache);
	htab_free(w.reported);
	htab_free(w.reached);
	free(paths);
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", f);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

void check_print_json(err_list *errs, const check_report *rep, FILE *f)
{
	size_t i;
	buf ext = BUF_INIT;
	/* sort the same way err_print does, by printing nothing */
	FILE *null = fopen("/dev/null", "w");
	if (null) {
		err_print(errs, null, 0);
		fclose(null);
	}
	fputs("{\"diagnostics\": [\n", f);
	for (i = 0; i < errs->len; i++) {
		const err_item *it = &errs->items[i];
		fputs("  {\"file\": ", f);
		json_str(f, it->path);
		fprintf(f, ", \"line\": %d, \"col\": %d, \"severity\": \"%s\", \"message\": ", it->line,
			it->col, it->sev == ERR_ERROR ? "error" : "warning");
		json_str(f, it->msg);
		fputs(i + 1 < errs->len ? "},\n" : "}\n", f);
	}
	val_to_json(rep->external ? rep->external : NULL, &ext);
	/* totals count every problem, also those past the per-file cap */
	fprintf(f, "],\n\"errors\": %d,\n\"warnings\": %d,\n\"not_listed\": %d,\n"
		   "\"external\": %s,\n\"pages\": %ld,\n\"links\": %ld}\n",
		errs->nerrors, errs->nwarnings, errs->dropped_errors + errs->dropped_warnings,
		rep->external ? ext.ptr : "[]", rep->pages, rep->links);
	buf_free(&ext);
}

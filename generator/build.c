/* build.c - see build.h */
#include "build.h"
#include "bench.h"
#include "cache.h"
#include "config.h"
#include "content.h"
#include "data.h"
#include "datapages.h"
#include "feeds.h"
#include "figures.h"
#include "htab.h"
#include "markdown.h"
#include "output.h"
#include "patch.h"
#include "pdf.h"
#include "progress.h"
#include "pool.h"
#include "render.h"
#include "search.h"
#include "site.h"
#include "theme.h"
#include "util.h"
#include "xlsx.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Copy the files that sit beside content pages (images, PDFs) to the
 * same path under the output. */
static long copy_assets(const site *s, outdir *o, err_list *errs)
{
	size_t i;
	long n = 0;
	for (i = 0; i < s->nassets; i++) {
		const char *rel = s->assets[i] + strlen("content/");
		if (out_copy(o, s->assets[i], rel, errs) == 0)
			n++;
	}
	return n;
}

/* Every file under dir, relative to it, into h (value: owner path). */
static void list_tree(htab *h, const char *dir, const char *rel, int depth)
{
	size_t n, i;
	char **names = dir_list(dir, &n);
	for (i = 0; names && i < n; i++) {
		char *path = path_join(dir, names[i]);
		char *r = rel[0] ? xasprintf("%s/%s", rel, names[i]) : xstrdup(names[i]);
		if (is_dir(path) && depth < 32)
			list_tree(h, path, r, depth + 1);
		else if (!htab_get(h, r))
			htab_put(h, r, xasprintf("the static file %s", path));
		free(path);
		free(r);
	}
	dir_list_free(names);
}

/* An image file must be the image its name says: a broken picture on
 * the site (or in a PDF book) is better caught at build time. */
static void check_image(const char *path, err_list *errs)
{
	static const struct { const char *ext, *magic, *kind; size_t n; } kinds[] = {
		{".png", "\x89PNG\r\n\x1a\n", "PNG", 8}, {".jpg", "\xff\xd8\xff", "JPEG", 3},
		{".jpeg", "\xff\xd8\xff", "JPEG", 3}, {".gif", "GIF8", "GIF", 4},
		{".webp", "RIFF", "WebP", 4}};
	const char *dot = strrchr(path, '.');
	size_t k;
	if (!dot)
		return;
	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		char head[8] = {0};
		FILE *f;
		size_t got;
		if (strcasecmp(dot, kinds[k].ext))
			continue;
		f = fopen(path, "rb");
		got = f ? fread(head, 1, kinds[k].n, f) : 0;
		if (f)
			fclose(f);
		if (got < kinds[k].n || memcmp(head, kinds[k].magic, kinds[k].n))
			err_add(errs, path, 0, 0, "not a %s image, though its name says so",
				kinds[k].kind);
		return;
	}
}

/* A page's URL or alias must not land on a static file or on a name
 * csogen writes itself: either would silently replace the other.  The
 * error is at the url or alias in the page's front matter. */
static void check_collisions(const site *s, const char *theme_dir, err_list *errs)
{
	static const char *const reserved[] = {"sitemap.xml", "robots.txt", "data/", "charts/",
					       "reports/", "pdf/", "search/index."};
	htab *st = htab_new();
	char *ts = path_join(theme_dir, "static");
	size_t i, k, r;
	void *v;
	list_tree(st, ts, "", 0);
	list_tree(st, "content/static", "", 0);
	for (i = 0; i < s->nassets; i++) {
		char *u = xasprintf("/%s", s->assets[i] + 8);
		const char *why = url_problem(u);
		if (why)
			err_add(errs, s->assets[i], 0, 0, "this file name cannot be published: its path %s", why);
		else {
			check_image(s->assets[i], errs);
			if (!htab_get(st, s->assets[i] + 8))
				htab_put(st, s->assets[i] + 8,
					 xasprintf("the static file %s", s->assets[i]));
		}
		free(u);
	}
	/* the Atom feeds of the home pages and sections (feeds.c) */
	for (i = 0; i < s->npages; i++) {
		const page *p = s->pages[i];
		if ((p->kind == PAGE_HOME || p->kind == PAGE_SECTION) && p->nmembers > 0) {
			char *u = xasprintf("%satom.xml", p->url), *f = out_file_for_url(u);
			if (f && !htab_get(st, f))
				htab_put(st, f, xasprintf("the feed %s", u));
			free(f);
			free(u);
		}
	}
	for (i = 0; i < s->npages; i++) {
		const page *p = s->pages[i];
		const value *al = val_get(p->fm, "aliases");
		if (!p->src)
			continue;
		for (k = 0; k <= val_len(al); k++) {
			const value *at = k < val_len(al) ? val_at(al, k) : val_get(p->fm, "url");
			const char *url = k < val_len(al) ? val_cstr(at) : p->url;
			char *file = url ? out_file_for_url(url) : NULL;
			const char *owner;
			if (!file)
				continue;
			if ((owner = htab_get(st, file)))
				err_add(errs, p->src, at ? at->line : 1, at ? at->col : 1,
					"%s would write %s, which is also %s", url, file,
					owner);
			for (r = 0; r < sizeof reserved / sizeof reserved[0]; r++) {
				size_t n = strlen(reserved[r]);
				if (!strncmp(file, reserved[r], n) &&
				    (reserved[r][n - 1] == '/' || reserved[r][n - 1] == '.' || !file[n]))
					err_add(errs, p->src, at ? at->line : 1, at ? at->col : 1,
						"%s would write %s, which csogen writes itself", url, file);
			}
			free(file);
		}
	}
	i = 0;
	while (htab_iter(st, &i, NULL, &v))
		free(v);
	htab_free(st);
	free(ts);
}

/* datasets/ into site data and computed results, once per language too
 * (names picked from their {ka, en} maps). */
static void load_data(site *s, err_list *errs)
{
	const char *langs[CFG_MAX_LANGS + 1] = {0};
	size_t l;
	if (!is_dir("datasets"))
		return;
	for (l = 0; l < s->cfg->nlangs; l++)
		langs[l] = s->cfg->langs[l].code;
	s->data = data_load_dir("datasets", bench_headers, errs);
	s->results = bench_compute(s->data, "datasets", errs);
	for (l = 0; l < s->cfg->nlangs; l++) {
		s->data_l[l] = bench_localize(s->data, langs[l], langs);
		if (s->results)
			s->results_l[l] = bench_localize(s->results, langs[l], langs);
	}
}

static void *free_site(void *s)
{
	site_free(s);
	return NULL;
}

int build_run(const build_opts *bo, build_stats *st, err_list *errs)
{
	double t0 = now_seconds(), tp = t0;
	site_cfg cfg;
	theme th;
	site s;
	outdir out;
	render_opts ro;
	long n;
	int rc = -1;
	value *pdfs = NULL;
	pthread_t freer;
	int freeing = 0;

	memset(st, 0, sizeof *st);
	memset(&s, 0, sizeof s);
	memset(&th, 0, sizeof th);
	memset(&out, 0, sizeof out);
	md_init();
	s.cfg = &cfg;
	s.figs = fig_new();
	s.drafts = bo->drafts;
	s.keep_links = bo->inspect != NULL;
	s.jobs = bo->jobs > 0 ? bo->jobs : pool_cpus();
	memset(&ro, 0, sizeof ro);
	ro.serve = bo->serve;
	ro.jobs = s.jobs;

	if (bo->memory && bo->mem_cache) {
		s.cache = bo->mem_cache;
		cache_scan_inputs(s.cache, s.jobs);
	} else if (!bo->memory) {
		/* the build cache: is there anything to do, and what? */
		const char *outname = bo->out ? bo->out : "out";
		char *opts = xasprintf("drafts=%d base_url=%s", bo->drafts,
				       bo->base_url ? bo->base_url : "");
		int changed;
		s.cache = cache_open(outname, opts);
		free(opts);
		timing_step("cache open", &tp);
		if (bo->clean)
			cache_forget(s.cache, 1);
		changed = cache_scan_inputs(s.cache, s.jobs);
		timing_step("cache scan", &tp);
		if (!changed && cache_outputs_intact(s.cache, outname)) {
			cache_stats cs;
			cache_get_stats(s.cache, &cs);
			st->up_to_date = 1;
			cache_free(s.cache);
			fig_free(s.figs);
			st->seconds = now_seconds() - t0;
			return 0;
		}
		cache_load_records(s.cache);
		timing_step("cache records", &tp);
		if (!cache_has_records(s.cache) || !is_dir(outname))
			cache_forget(s.cache, 0);
		else
			st->incremental = 1;
	}
	if (cfg_load(&cfg, "site.yaml", bo->base_url, errs) < 0) {
		cfg_free(&cfg);
		fig_free(s.figs);
		if (!bo->mem_cache)
			cache_free(s.cache);
		return -1;
	}
	s.prog = prog_new(stderr, bo->progress, prog_color(2));
	/* Read and check everything before writing anything, and go on
	 * after a failed step so one build reports every problem. */
	theme_load(&th, &cfg, errs);
	timing_step("theme", &tp);
	if (st->incremental && !bo->memory && !cache_verifying(s.cache) && errs->nerrors == 0) {
		/* an edit of page bodies only: patched in, no build (patch.h) */
		patch_stats ps;
		int pr = patch_try(s.cache, bo->out ? bo->out : "out", &cfg, &th, bo->drafts, &ps,
				   errs);
		if (pr != 0) {
			/* its steps were timed by patch_try */
			tp = now_seconds();
			st->patched = ps.pages;
			st->written = ps.files;
			st->kept = ps.kept;
			st->files = ps.files + ps.kept;
			rc = pr > 0 ? 0 : -1;
			goto done;
		}
		timing_step("patch, tried", &tp);
	}
	load_data(&s, errs);
	timing_step("data", &tp);
	content_load(&s, (const value *const *)th.i18n, errs, s.jobs);
	timing_step("content", &tp);
	if (errs->nerrors == 0) {
		datapages_add(&s, errs);
		datapages_add_search(&s, tmpl_set_get(th.set, "_default/search") != NULL);
	}
	timing_step("data pages", &tp);
	if (errs->nerrors == 0)
		site_link(&s, errs);
	timing_step("link", &tp);
	if (errs->nerrors == 0) {
		size_t l;
		for (l = 0; l < cfg.nlangs; l++)
			s.reports_l[l] = xlsx_report_links(&s, (int)l);
	}
	if (errs->nerrors == 0)
		render_check_layouts(&s, &th, errs);
	if (errs->nerrors == 0)
		check_collisions(&s, th.dir, errs);
	timing_step("checks", &tp);
	if (errs->nerrors > 0)
		goto done;

	if (bo->memory) {
		out_begin_memory(&out);
		out.prev = bo->prev;
	}
	else if (out_begin(&out, bo->out ? bo->out : "out", errs) < 0)
		goto done;
	out.cache = s.cache;
	out.incremental = st->incremental;
	/* the books first: pages link their PDF with its size */
	n = pdf_write_books(&s, &out, errs);
	if (n > 0)
		st->files += n;
	pdfs = pdf_book_links(&s, &out);
	timing_step("pdf", &tp);
	ro.pdfs = pdfs;
	/* the search index before the pages: its buffers are gone by the
	 * time rendering reaches its peak memory */
	n = search_write(&s, &out, errs);
	if (n > 0)
		st->files += n;
	timing_step("search", &tp);
	n = render_pages(&s, &th, &out, &ro, errs);
	timing_step("render", &tp);
	if (n >= 0) {
		st->pages = n;
		st->files += n;
	}
	{
		char *ts = path_join(th.dir, "static");
		st->files += out_copy_tree(&out, ts, errs);
		free(ts);
	}
	st->files += out_copy_tree(&out, "content/static", errs);
	st->files += copy_assets(&s, &out, errs);
	timing_step("static", &tp);
	n = feeds_write(&s, &out, errs);
	if (n > 0)
		st->files += n;
	st->files += datapages_write(&s, &out, errs);
	timing_step("feeds+data", &tp);
	n = xlsx_write_reports(&s, &out, errs);
	if (n > 0)
		st->files += n;
	st->files += fig_write(s.figs, &out, s.jobs, s.prog, errs);
	timing_step("xlsx+charts", &tp);
	if (errs->nerrors > 0) {
		out_abort(&out);
		goto done;
	}
	if (bo->memory) {
		if (bo->mem_cache)
			cache_rotate(bo->mem_cache);
		if (bo->inspect)
			bo->inspect(&s, &out, bo->inspect_ctx, errs);
		if (bo->keep) {
			*bo->keep = out;
			memset(&out, 0, sizeof out);
		}
		rc = errs->nerrors > 0 ? -1 : 0;
		goto done;
	}
	/* nothing reads the site any more: it is freed (millions of small
	 * blocks) on a thread of its own while the output is committed */
	if (s.jobs > 1) {
		s.jobs = 1;
		freeing = pthread_create(&freer, NULL, free_site, &s) == 0;
	}
	if (out_commit(&out, errs) < 0) {
		out_abort(&out);
		goto done;
	}
	rc = 0;
	timing_step("commit", &tp);
	if (s.cache) {
		cache_stats cs;
		cache_get_stats(s.cache, &cs);
		st->written = (long)cs.written;
		st->kept = (long)cs.kept;
		st->removed = (long)cs.removed;
	}
done:
	st->seconds = now_seconds() - t0;
	val_unref(pdfs);
	out_free(&out);
	timing_step("free output", &tp);
	if (!bo->mem_cache)
		cache_free(s.cache);
	s.cache = NULL;
	timing_step("free cache", &tp);
	prog_free(s.prog);
	s.prog = NULL;
	if (freeing)
		pthread_join(freer, NULL);
	else
		site_free(&s);
	timing_step("free site", &tp);
	theme_free(&th);
	cfg_free(&cfg);
	timing_step("free", &tp);
	return rc;
}

/* build.c - see build.h */
#include "build.h"
#include "bench.h"
#include "config.h"
#include "data.h"
#include "datapages.h"
#include "feeds.h"
#include "figures.h"
#include "markdown.h"
#include "output.h"
#include "pool.h"
#include "render.h"
#include "search.h"
#include "site.h"
#include "theme.h"
#include "util.h"
#include "xlsx.h"

#include <stdlib.h>
#include <string.h>

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

int build_run(const build_opts *bo, build_stats *st, err_list *errs)
{
	double t0 = now_seconds();
	site_cfg cfg;
	theme th;
	site s;
	outdir out;
	render_opts ro;
	long n;
	int rc = -1;

	memset(st, 0, sizeof *st);
	memset(&s, 0, sizeof s);
	memset(&th, 0, sizeof th);
	memset(&out, 0, sizeof out);
	md_init();
	s.cfg = &cfg;
	s.figs = fig_new();
	s.drafts = bo->drafts;
	s.jobs = bo->jobs > 0 ? bo->jobs : pool_cpus();
	ro.serve = bo->serve;
	ro.jobs = s.jobs;

	if (cfg_load(&cfg, "site.yaml", bo->base_url, errs) < 0) {
		cfg_free(&cfg);
		fig_free(s.figs);
		return -1;
	}
	/* Read and check everything before writing anything, and go on
	 * after a failed step so one build reports every problem. */
	theme_load(&th, &cfg, errs);
	load_data(&s, errs);
	content_load(&s, (const value *const *)th.i18n, errs, s.jobs);
	if (errs->nerrors == 0) {
		datapages_add(&s, errs);
		datapages_add_search(&s, tmpl_set_get(th.set, "_default/search") != NULL);
	}
	if (errs->nerrors == 0)
		site_link(&s, errs);
	if (errs->nerrors == 0) {
		size_t l;
		for (l = 0; l < cfg.nlangs; l++)
			s.reports_l[l] = xlsx_report_links(&s, (int)l);
	}
	if (errs->nerrors == 0)
		render_check_layouts(&s, &th, errs);
	if (errs->nerrors > 0)
		goto done;

	if (bo->memory)
		out_begin_memory(&out);
	else if (out_begin(&out, bo->out ? bo->out : "out", errs) < 0)
		goto done;
	n = render_pages(&s, &th, &out, &ro, errs);
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
	n = feeds_write(&s, &out, errs);
	if (n > 0)
		st->files += n;
	st->files += datapages_write(&s, &out, errs);
	n = xlsx_write_reports(&s, &out, errs);
	if (n > 0)
		st->files += n;
	st->files += fig_write(s.figs, &out, s.jobs, errs);
	n = search_write(&s, &out, errs);
	if (n > 0)
		st->files += n;
	if (errs->nerrors > 0) {
		out_abort(&out);
		goto done;
	}
	if (bo->memory) {
		if (bo->inspect)
			bo->inspect(&s, &out, bo->inspect_ctx, errs);
		if (bo->keep) {
			*bo->keep = out;
			memset(&out, 0, sizeof out);
		}
		rc = errs->nerrors > 0 ? -1 : 0;
		goto done;
	}
	if (out_commit(&out, errs) < 0) {
		out_abort(&out);
		goto done;
	}
	rc = 0;
done:
	st->seconds = now_seconds() - t0;
	out_free(&out);
	site_free(&s);
	theme_free(&th);
	cfg_free(&cfg);
	return rc;
}

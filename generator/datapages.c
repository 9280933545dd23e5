/* datapages.c - see datapages.h */
#define _DEFAULT_SOURCE
#include "datapages.h"
#include "bench.h"
#include "buf.h"
#include "data.h"
#include "figures.h"
#include "htab.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static page *find(const site *s, int lang, const char *dir, const char *name)
{
	size_t i;
	for (i = 0; i < s->npages; i++) {
		const page *p = s->pages[i];
		if (p->lang == lang && !strcmp(p->dir, dir) && !strcmp(p->name, name))
			return s->pages[i];
	}
	return NULL;
}

static page *made_in(const char *dir, int lang, page_kind kind, const char *name,
		     const char *title, const char *layout, int weight)
{
	page *p = page_new(kind, lang);
	p->dir = xstrdup(dir);
	p->name = xstrdup(name);
	p->section = xstrdup(dir);
	p->title = xstrdup(title);
	p->summary = xstrdup("");
	p->layout = layout ? xstrdup(layout) : NULL;
	p->weight = weight;
	p->fm = val_map();
	p->md.html = xstrdup("");
	p->md.toc = val_list();
	p->md.toc_html = xstrdup("");
	p->md.summary = xstrdup("");
	p->md.links = val_list();
	return p;
}

static page *made(int lang, page_kind kind, const char *name, const char *title,
		  const char *layout, int weight)
{
	return made_in("benchmarking", lang, kind, name, title, layout, weight);
}

void datapages_add_search(site *s, int theme_has_layout)
{
	size_t l;
	if (!theme_has_layout)
		return;
	for (l = 0; l < s->cfg->nlangs; l++) {
		int ka = !strcmp(s->cfg->langs[l].code, "ka");
		page *p = made_in("", (int)l, PAGE_SINGLE, "search", ka ? "ძიება" : "Search",
				  "search", 0);
		/* at /search/ (and /en/search/), not under a section */
		p->url = xasprintf("%s/search/", s->cfg->langs[l].prefix);
		site_add(s, p);
	}
	s->has_search = 1;
}

/* A figure for page p: the HTML at p->extra[key], and the first PNG as
 * the page's social-card image. */
static void add_figure(site *s, page *p, const char *key, value *spec, const char *name,
		       err_list *errs)
{
	const char *langs[CFG_MAX_LANGS + 1] = {0};
	fig_env env;
	buf html = BUF_INIT;
	char *png = NULL;
	size_t l;
	int ka = !strcmp(s->cfg->langs[p->lang].code, "ka");
	for (l = 0; l < s->cfg->nlangs; l++)
		langs[l] = s->cfg->langs[l].code;
	memset(&env, 0, sizeof env);
	env.reg = s->figs;
	env.results = s->results_l[p->lang];
	env.data = s->data_l[p->lang];
	env.lang = s->cfg->langs[p->lang].code;
	env.langs = langs;
	env.data_label = ka ? "მონაცემები" : "Data";
	env.png_label = ka ? "PNG-ის ჩამოტვირთვა" : "Download PNG";
	if (fig_chart(&env, spec, "datasets/benchmarking", name, &html, &png, errs) == 0) {
		if (!p->extra)
			p->extra = val_map();
		val_set(p->extra, key, val_str_take(buf_detach(&html)));
		if (!val_get(p->extra, "og_image"))
			val_set(p->extra, "og_image", val_str_take(site_permalink(s, png)));
	}
	free(png);
	buf_free(&html);
	val_unref(spec);
}

static value *series(const char *name, value *values)
{
	value *s = val_map();
	val_set_str(s, "name", name);
	val_set(s, "values", values);
	return s;
}

/* The overview's charts: the phase 2 ranking and phase 1 against 2. */
static void overview_figures(site *s, page *p, const value *b, err_list *errs)
{
	const value *rank = val_get(b, "ranking"), *munis = val_get(b, "municipalities");
	int ka = !strcmp(s->cfg->langs[p->lang].code, "ka");
	value *spec = val_map(), *labels = val_list(), *vals = val_list(), *ser = val_list();
	value *v1 = val_list(), *v2 = val_list();
	size_t i;
	char *name;
	for (i = 0; i < val_len(rank); i++) {
		val_push(labels, val_str(val_get_str(val_at(rank, i), "name", "")));
		val_push(vals, val_num(val_path(val_at(rank, i), "p2.index")->u.n));
	}
	val_set_str(spec, "type", "hbar");
	val_set_str(spec, "title", ka ? "სამოქალაქო ჩართულობის ინდექსი, ფაზა 2 (2023)"
				      : "Civic engagement index, phase 2 (2023)");
	val_set_str(spec, "note", ka ? "წყარო: ბენჩმარკინგი; საილუსტრაციო მონაცემები"
				     : "Source: benchmarking; illustrative sample data");
	val_set_num(spec, "max", 100);
	val_set_num(spec, "decimals", 1);
	val_set(spec, "labels", labels);
	val_push(ser, series(ka ? "ინდექსი" : "Index", vals));
	val_set(spec, "series", ser);
	name = xasprintf("benchmarking-ranking");
	add_figure(s, p, "chart_ranking", spec, name, errs);
	free(name);

	spec = val_map();
	labels = val_list();
	ser = val_list();
	for (i = 0; i < val_len(munis); i++) {
		val_push(labels, val_str(val_get_str(val_at(munis, i), "name", "")));
		val_push(v1, val_num(val_path(val_at(munis, i), "p1.index")->u.n));
		val_push(v2, val_num(val_path(val_at(munis, i), "p2.index")->u.n));
	}
	val_set_str(spec, "type", "grouped");
	val_set_str(spec, "title", ka ? "ინდექსი: ფაზა 1 (2021) და ფაზა 2 (2023)"
				      : "Index: phase 1 (2021) and phase 2 (2023)");
	val_set_str(spec, "note", ka ? "წყარო: ბენჩმარკინგი; საილუსტრაციო მონაცემები"
				     : "Source: benchmarking; illustrative sample data");
	val_set_num(spec, "max", 100);
	val_set_num(spec, "decimals", 0);
	val_set_num(spec, "height", 440);
	val_set(spec, "labels", labels);
	val_push(ser, series(ka ? "ფაზა 1" : "Phase 1", v1));
	val_push(ser, series(ka ? "ფაზა 2" : "Phase 2", v2));
	val_set(spec, "series", ser);
	add_figure(s, p, "chart_phases", spec, "benchmarking-phases", errs);
}

/* A municipality's radar: its five areas in both phases. */
static void municipality_figure(site *s, page *p, const value *mv, err_list *errs)
{
	const value *ac = val_get(mv, "area_changes");
	int ka = !strcmp(s->cfg->langs[p->lang].code, "ka");
	value *spec = val_map(), *labels = val_list(), *ser = val_list();
	value *v1 = val_list(), *v2 = val_list();
	size_t i;
	char *title, *name;
	for (i = 0; i < val_len(ac); i++) {
		val_push(labels, val_str(val_get_str(val_at(ac, i), "name", "")));
		val_push(v1, val_num(val_get(val_at(ac, i), "p1")->u.n));
		val_push(v2, val_num(val_get(val_at(ac, i), "p2")->u.n));
	}
	title = xasprintf(ka ? "%s: შედეგები სფეროების მიხედვით, %%" : "%s: results by area, %%",
			  val_get_str(mv, "name", ""));
	/* a radar needs three axes; with fewer areas, bars say the same */
	val_set_str(spec, "type", val_len(ac) >= 3 ? "radar" : "grouped");
	val_set_str(spec, "title", title);
	val_set_num(spec, "max", 100);
	val_set_num(spec, "decimals", 0);
	val_set_num(spec, "height", 480);
	val_set(spec, "labels", labels);
	val_push(ser, series(ka ? "ფაზა 1" : "Phase 1", v1));
	val_push(ser, series(ka ? "ფაზა 2" : "Phase 2", v2));
	val_set(spec, "series", ser);
	name = xasprintf("benchmarking-%s", val_get_str(mv, "id", ""));
	add_figure(s, p, "chart_areas", spec, name, errs);
	free(name);
	free(title);
}

int datapages_add(site *s, err_list *errs)
{
	size_t l, m;
	for (l = 0; l < s->cfg->nlangs; l++) {
		const value *b = val_get(s->results_l[l], "benchmarking");
		const value *munis = val_get(b, "municipalities");
		const char *code = s->cfg->langs[l].code;
		int ka = !strcmp(code, "ka");
		page *p;
		if (!b)
			continue;
		if (!(p = find(s, (int)l, "benchmarking", "_index"))) {
			p = made((int)l, PAGE_SECTION, "_index",
				 val_get_str(b, "title", ka ? "ბენჩმარკინგი" : "Benchmarking"), NULL, 0);
			site_add(s, p);
		}
		overview_figures(s, p, b, errs);
		p = made((int)l, PAGE_SINGLE, "methodology", ka ? "მეთოდოლოგია" : "Methodology",
			 "methodology", 1);
		free(p->summary);
		p->summary = xstrdup(val_get_str(b, "description", ""));
		site_add(s, p);
		for (m = 0; m < val_len(munis); m++) {
			const value *mv = val_at(munis, m);
			buf sum = BUF_INIT;
			double i2 = val_path(mv, "p2.index_1")->u.n;
			double ch = val_path(mv, "change.points_1")->u.n;
			p = made((int)l, PAGE_SINGLE, val_get_str(mv, "id", ""),
				 val_get_str(mv, "name", ""), "municipality", 2 + (int)m);
			if (ka)
				buf_printf(&sum, "სამოქალაქო ჩართულობის ინდექსი: %.1f (ფაზა 2), ცვლილება: %+.1f ქულა.",
					   i2, ch);
			else
				buf_printf(&sum, "Civic engagement index %.1f in phase 2 (%+.1f points since phase 1).",
					   i2, ch);
			free(p->summary);
			p->summary = buf_detach(&sum);
			val_set_str(p->fm, "municipality", val_get_str(mv, "id", ""));
			municipality_figure(s, p, mv, errs);
			site_add(s, p);
		}
	}
	return 0;
}

static void csv_cell(buf *b, const char *s)
{
	if (strpbrk(s, ",\"\n\r")) {
		buf_putc(b, '"');
		for (; *s; s++) {
			if (*s == '"')
				buf_putc(b, '"');
			buf_putc(b, *s);
		}
		buf_putc(b, '"');
	} else
		buf_puts(b, s);
}

static void csv_num(buf *b, const value *v)
{
	if (v && v->kind == VAL_NUM)
		buf_printf(b, "%.4f", v->u.n);
}

/* Copy every file under datasets/ to data/raw/, as published sources.
 * Symbolic links are followed only when they resolve inside datasets/,
 * as data_load_dir follows them (which makes the others errors, so a
 * build with one never gets this far). */
static long copy_raw(outdir *o, err_list *errs)
{
	return out_copy_tree_linked(o, "datasets", "data/raw", errs);
}

long datapages_write(const site *s, outdir *o, err_list *errs)
{
	const value *b = val_get(s->results, "benchmarking");
	const value *munis = val_get(b, "municipalities"), *areas = val_get(b, "areas");
	buf csv = BUF_INIT, json = BUF_INIT;
	size_t m, a, l;
	long files = 0;
	if (!s->results)
		return 0;
	val_to_json(s->results, &json);
	buf_putc(&json, '\n');
	if (out_write(o, "data/results.json", json.ptr, json.len, errs) == 0)
		files++;
	buf_free(&json);
	if (b) {
		buf_puts(&csv, "municipality,region");
		for (l = 0; l < s->cfg->nlangs; l++)
			buf_printf(&csv, ",name_%s", s->cfg->langs[l].code);
		buf_puts(&csv, ",index_phase1,index_phase2,change_points,rank_phase1,rank_phase2");
		for (a = 0; a < val_len(areas); a++) {
			const char *id = val_get_str(val_at(areas, a), "id", "");
			buf_printf(&csv, ",%s_phase1,%s_phase2", id, id);
		}
		buf_puts(&csv, "\r\n");
		for (m = 0; m < val_len(munis); m++) {
			const value *mv = val_at(munis, m);
			csv_cell(&csv, val_get_str(mv, "id", ""));
			buf_putc(&csv, ',');
			csv_cell(&csv, val_get_str(mv, "region", ""));
			for (l = 0; l < s->cfg->nlangs; l++) {
				buf_putc(&csv, ',');
				csv_cell(&csv, val_get_str(val_get(mv, "name"), s->cfg->langs[l].code, ""));
			}
			buf_putc(&csv, ',');
			csv_num(&csv, val_path(mv, "p1.index"));
			buf_putc(&csv, ',');
			csv_num(&csv, val_path(mv, "p2.index"));
			buf_putc(&csv, ',');
			csv_num(&csv, val_path(mv, "change.points"));
			buf_printf(&csv, ",%g,%g", val_path(mv, "p1.rank")->u.n, val_path(mv, "p2.rank")->u.n);
			for (a = 0; a < val_len(areas); a++) {
				buf_putc(&csv, ',');
				csv_num(&csv, val_get(val_at(val_path(mv, "p1.areas"), a), "pct"));
				buf_putc(&csv, ',');
				csv_num(&csv, val_get(val_at(val_path(mv, "p2.areas"), a), "pct"));
			}
			buf_puts(&csv, "\r\n");
		}
		if (out_write(o, "data/benchmarking-results.csv", csv.ptr, csv.len, errs) == 0)
			files++;
	}
	buf_free(&csv);
	return files + copy_raw(o, errs);
}

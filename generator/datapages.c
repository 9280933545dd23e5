/* datapages.c - see datapages.h */
#include "datapages.h"
#include "bench.h"
#include "buf.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

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

int datapages_add(site *s, err_list *errs)
{
	size_t l, m;
	(void)errs;
	for (l = 0; l < s->cfg->nlangs; l++) {
		const value *b = val_get(s->results_l[l], "benchmarking");
		const value *munis = val_get(b, "municipalities");
		const char *code = s->cfg->langs[l].code;
		int ka = !strcmp(code, "ka");
		page *p;
		if (!b)
			continue;
		if (!find(s, (int)l, "benchmarking", "_index")) {
			p = made((int)l, PAGE_SECTION, "_index",
				 val_get_str(b, "title", ka ? "ბენჩმარკინგი" : "Benchmarking"), NULL, 0);
			site_add(s, p);
		}
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

/* Copy every file under datasets/ to data/raw/, as published sources. */
static long copy_raw(outdir *o, err_list *errs)
{
	long n = 0;
	if (!is_dir("datasets"))
		return 0;
	n = out_copy_tree_at(o, "datasets", "data/raw", errs);
	return n;
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

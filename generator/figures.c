/* figures.c - see figures.h */
#include "figures.h"
#include "cache.h"
#include "bench.h"
#include "pool.h"
#include "progress.h"
#include "chart.h"
#include "htab.h"
#include "slug.h"
#include "tables.h"
#include "util.h"
#include "yamlval.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Charts are drawn when the output is written, all at once on every
 * thread, not while pages are read: drawing is most of a chart's cost. */
typedef struct entry {
	char *name;   /* "charts/NAME.LANG" */
	chart *c;
	uint64_t key; /* build cache key: a hash of the full spec */
} entry;

struct figures {
	pthread_mutex_t lock;
	htab *names;  /* name -> entry* */
};

figures *fig_new(void)
{
	figures *f = xcalloc(1, sizeof *f);
	pthread_mutex_init(&f->lock, NULL);
	f->names = htab_new();
	return f;
}

void fig_free(figures *f)
{
	size_t i = 0;
	void *v;
	if (!f)
		return;
	while (htab_iter(f->names, &i, NULL, &v)) {
		entry *e = v;
		chart_free(e->c);
		free(e->name);
		free(e);
	}
	htab_free(f->names);
	pthread_mutex_destroy(&f->lock);
	free(f);
}

/* Register c under name (the registry owns it from now on). */
static void add_chart(figures *f, const char *name, chart *c, uint64_t key)
{
	entry *e = xcalloc(1, sizeof *e), *old;
	e->name = xstrdup(name);
	e->c = c;
	e->key = key;
	pthread_mutex_lock(&f->lock);
	old = htab_put(f->names, name, e);
	pthread_mutex_unlock(&f->lock);
	if (old) {
		chart_free(old->c);
		free(old->name);
		free(old);
	}
}

/* Turn {source, label, series: [{key, name}]} into labels and series
 * values; other specs are returned as they are (a new reference). */
static value *resolve_source(const fig_env *env, const value *spec, const char *path,
			     err_list *errs)
{
	const value *src = val_get(spec, "source"), *rows = NULL, *ser, *flt;
	const char *name = val_cstr(src), *label;
	value *out, *labels, *series;
	size_t i, k, n, limit = (size_t)-1;
	if (!src)
		return val_ref((value *)spec);
	if (!name) {
		err_add(errs, path, src->line, src->col, "'source' names the data (e.g. benchmarking.ranking)");
		return NULL;
	}
	rows = tbl_source(env->results, env->data, name);
	if (!rows || rows->kind != VAL_LIST) {
		err_add(errs, path, src->line, src->col, "no list of rows at source '%s'", name);
		return NULL;
	}
	label = val_get_str(spec, "label", NULL);
	ser = val_get(spec, "series");
	if (!label || !ser || ser->kind != VAL_LIST || !ser->u.list.len) {
		err_add(errs, path, spec->line, spec->col,
			"a chart with a source needs 'label' (a key) and 'series' ([{key: ..., name: ...}])");
		return NULL;
	}
	if (val_get(spec, "limit") && val_get(spec, "limit")->kind == VAL_NUM)
		limit = (size_t)val_get(spec, "limit")->u.n;
	flt = val_get(spec, "filter");
	out = val_map();
	out->line = spec->line;
	out->col = spec->col;
	for (i = 0; i < spec->u.map.len; i++) {
		const char *key = spec->u.map.keys[i];
		if (strcmp(key, "source") && strcmp(key, "label") && strcmp(key, "series") &&
		    strcmp(key, "limit") && strcmp(key, "filter"))
			val_set(out, key, val_ref(spec->u.map.vals[i]));
	}
	labels = val_list();
	series = val_list();
	for (k = 0; k < ser->u.list.len; k++) {
		const value *sv = ser->u.list.items[k];
		value *s = val_map();
		s->line = sv->line;
		s->col = sv->col;
		if (val_get(sv, "name"))
			val_set(s, "name", val_ref(val_get(sv, "name")));
		val_set(s, "values", val_list());
		val_push(series, s);
		if (!val_cstr(val_get(sv, "key")))
			err_add(errs, path, sv->line, sv->col, "each series needs a 'key'");
	}
	for (i = 0, n = 0; i < rows->u.list.len && n < limit; i++) {
		const value *row = rows->u.list.items[i];
		int keep = 1;
		for (k = 0; flt && flt->kind == VAL_MAP && k < flt->u.map.len && keep; k++) {
			buf a = BUF_INIT, b = BUF_INIT;
			val_to_text(val_path(row, flt->u.map.keys[k]), &a);
			val_to_text(flt->u.map.vals[k], &b);
			keep = !strcmp(buf_cstr(&a), buf_cstr(&b));
			buf_free(&a);
			buf_free(&b);
		}
		if (!keep)
			continue;
		n++;
		{
			buf lb = BUF_INIT;
			val_to_text(val_path(row, label), &lb);
			val_push(labels, val_str_take(buf_detach(&lb)));
		}
		for (k = 0; k < ser->u.list.len; k++) {
			const char *key = val_get_str(ser->u.list.items[k], "key", "");
			double x;
			value *vals = val_get(val_at(series, k), "values");
			val_push(vals, tbl_number(val_path(row, key), &x) == 0 ? val_num(x) : val_null());
		}
	}
	val_set(out, "labels", labels);
	val_set(out, "series", series);
	return out;
}

int fig_chart(const fig_env *env, const value *spec, const char *path,
	      const char *name, buf *html, char **png_url, err_list *errs)
{
	value *loc = bench_localize(spec, env->lang, env->langs), *full;
	chart *c;
	char *rel_svg, *rel_png, *alt;
	int before = errs->nerrors;
	uint64_t key;

	full = resolve_source(env, loc, path, errs);
	val_unref(loc);
	if (!full || errs->nerrors > before) {
		val_unref(full);
		return -1;
	}
	if (!val_get(full, "id")) {
		/* ids unique in the page and stable across builds */
		char *id = xasprintf("chart-%s", name);
		val_set_str(full, "id", id);
		free(id);
	}
	{
		/* a chart is drawn from its full spec (data bound) and language
		 * alone, so their hash is its build cache key */
		buf js = BUF_INIT;
		cache_key k = CACHE_KEY_INIT;
		val_to_json(full, &js);
		cache_key_str(&k, "chart");
		cache_key_str(&k, env->lang);
		cache_key_str(&k, js.ptr ? js.ptr : "");
		key = cache_key_end(&k);
		buf_free(&js);
	}
	c = chart_new(full, path, env->lang, errs);
	val_unref(full);
	if (!c)
		return -1;
	rel_svg = xasprintf("charts/%s.%s.svg", name, env->lang);
	rel_png = xasprintf("charts/%s.%s.png", name, env->lang);
	alt = chart_alt(c);
	/* figcaption first: the HTML content model allows it only as the
	 * first or last child, and the data table follows the image */
	buf_puts(html, "<figure class=\"chart\">\n<figcaption>");
	{
		const value *t = val_get(spec, "title");
		const char *title = t && t->kind == VAL_MAP ? val_get_str(t, env->lang, "")
							    : val_cstr(t);
		buf_put_escaped(html, title ? title : "", title ? strlen(title) : 0);
	}
	buf_printf(html, " <a class=\"chart-png\" href=\"/%s\" download>", rel_png);
	buf_put_escaped(html, env->png_label, strlen(env->png_label));
	buf_printf(html, "</a></figcaption>\n<img src=\"/%s\" width=\"%.0f\" height=\"%.0f\" alt=\"",
		   rel_svg, chart_width(c), chart_height(c));
	buf_put_escaped(html, alt, strlen(alt));
	buf_puts(html, "\" loading=\"lazy\">\n<details>\n<summary>");
	buf_put_escaped(html, env->data_label, strlen(env->data_label));
	buf_puts(html, "</summary>\n");
	chart_table_html(c, html);
	buf_puts(html, "\n</details>\n</figure>\n");
	if (png_url)
		*png_url = xasprintf("/%s", rel_png);
	{
		char *nm = xasprintf("charts/%s.%s", name, env->lang);
		add_chart(env->reg, nm, c, key);
		free(nm);
	}
	free(alt);
	free(rel_svg);
	free(rel_png);
	return 0;
}

int fig_fence(void *ctx, const char *info, const char *body, const char *path,
	      int line, buf *out, err_list *errs)
{
	const fig_env *env = ctx;
	value *spec;
	char *name, *base;
	const char *rel = strncmp(path, "content/", 8) ? path : path + 8;
	int rc;
	if (strcmp(info, "chart") != 0)
		return 0;
	spec = yv_parse(body, strlen(body), path, line - 1, errs);
	if (!spec)
		return 1;
	if (spec->kind != VAL_MAP) {
		err_add(errs, path, line, 1, "a chart block holds a YAML mapping (type:, title:, ...)");
		val_unref(spec);
		return 1;
	}
	/* a stable name: the file (without language and extension) and line */
	base = xstrdup(rel);
	if (strlen(base) > 3)
		base[strlen(base) - 3] = '\0';
	if (strrchr(base, '.') && strrchr(base, '.') > strrchr(base, '/'))
		*strrchr(base, '.') = '\0';
	{
		char *sl = slug_make(base);
		name = xasprintf("%s-%d", sl, line);
		free(sl);
	}
	rc = fig_chart(env, spec, path, name, out, NULL, errs);
	if (rc < 0)
		buf_puts(out, "<p class=\"error\">chart error</p>\n");
	free(base);
	free(name);
	val_unref(spec);
	return 1;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp((*(entry *const *)a)->name, (*(entry *const *)b)->name);
}

typedef struct draw_job {
	entry **v;
	outdir *o;
	err_list *errs;
	struct progress *prog;
	long files; /* added atomically */
} draw_job;

static void draw_one(void *ctx, size_t i)
{
	draw_job *j = ctx;
	entry *e = j->v[i];
	buf svg = BUF_INIT, png = BUF_INIT;
	char *rel = xasprintf("%s.svg", e->name), *rel2 = xasprintf("%s.png", e->name);
	int kept = out_keep(j->o, rel, e->key) + out_keep(j->o, rel2, e->key);
	free(rel);
	free(rel2);
	if (kept == 2) {
		/* both files are as the last build drew them */
		__atomic_add_fetch(&j->files, 2, __ATOMIC_RELAXED);
		prog_add(j->prog, 1);
		return;
	}
	if (chart_missing_glyphs(e->c))
		err_warn(j->errs, e->name, 0, 0,
			 "the installed fonts cannot draw some of this chart's text (install fonts-noto-core)");
	if (chart_svg(e->c, &svg) < 0 || chart_png(e->c, 2.0, &png) < 0) {
		err_add(j->errs, e->name, 0, 0, "the chart could not be drawn");
	} else {
		rel = xasprintf("%s.svg", e->name);
		if (out_write_key(j->o, rel, svg.ptr ? svg.ptr : "", svg.len, e->key, j->errs) == 0)
			__atomic_add_fetch(&j->files, 1, __ATOMIC_RELAXED);
		free(rel);
		rel = xasprintf("%s.png", e->name);
		if (out_write_key(j->o, rel, png.ptr ? png.ptr : "", png.len, e->key, j->errs) == 0)
			__atomic_add_fetch(&j->files, 1, __ATOMIC_RELAXED);
		free(rel);
	}
	buf_free(&svg);
	buf_free(&png);
	prog_add(j->prog, 1);
}

long fig_write(figures *f, outdir *o, int jobs, struct progress *prog, err_list *errs)
{
	draw_job j;
	size_t i = 0, n = 0;
	void *v;
	memset(&j, 0, sizeof j);
	j.v = xcalloc(htab_len(f->names) + 1, sizeof *j.v);
	while (htab_iter(f->names, &i, NULL, &v))
		j.v[n++] = v;
	xsort(j.v, n, sizeof *j.v, cmp_entry);
	j.o = o;
	j.errs = errs;
	j.prog = prog;
	if (n)
		prog_phase(prog, "charts", n);
	pool_run(jobs, n, draw_one, &j);
	free(j.v);
	return j.files;
}

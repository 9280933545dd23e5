/* tables.c - see tables.h */
#include "tables.h"
#include "util.h"
#include "yamlval.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct col {
	const char *key;
	const char *header;
	int format;  /* 0 text, 1 number, 2 percent, 3 integer */
	int decimals;
	int sign;
} col;

/* Text of a spec value that may be a per-language map. */
static const char *lang_text(const value *v, const char *lang)
{
	if (!v)
		return NULL;
	if (v->kind == VAL_STR)
		return v->u.str.s;
	if (v->kind == VAL_MAP) {
		const char *s = val_cstr(val_get(v, lang));
		return s ? s : v->u.map.len ? val_cstr(v->u.map.vals[0]) : NULL;
	}
	return NULL;
}

static void fmt_num(buf *b, double x, const col *c)
{
	int d = c->format == 3 ? 0 : c->decimals;
	double m = pow(10, d);
	x = (x < 0 ? -1 : 1) * floor(fabs(x) * m + 0.5 + 1e-9) / m;
	if (x == 0)
		x = 0;
	buf_printf(b, c->sign && x > 0 ? "+%.*f" : "%.*f", d, x);
	if (c->format == 2)
		buf_putc(b, '%');
}

static int cmp_rows(const value *a, const value *b, const char *key, int desc)
{
	const value *x = val_path(a, key), *y = val_path(b, key);
	int c;
	if (x && y && x->kind == VAL_NUM && y->kind == VAL_NUM)
		c = x->u.n < y->u.n ? -1 : x->u.n > y->u.n;
	else {
		buf bx = BUF_INIT, by = BUF_INIT;
		val_to_text(x, &bx);
		val_to_text(y, &by);
		c = strcmp(buf_cstr(&bx), buf_cstr(&by));
		buf_free(&bx);
		buf_free(&by);
	}
	return desc ? -c : c;
}

/* A stable merge sort of v[0..n) (equal keys keep the source order);
 * tmp has room for n. */
static void sort_rows(value **v, value **tmp, size_t n, const char *key, int desc)
{
	size_t h = n / 2, i = 0, j = h, k = 0;
	if (n < 2)
		return;
	sort_rows(v, tmp, h, key, desc);
	sort_rows(v + h, tmp, n - h, key, desc);
	while (i < h && j < n)
		tmp[k++] = cmp_rows(v[j], v[i], key, desc) < 0 ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof *v);
}

int tbl_number(const value *v, double *out)
{
	char *end;
	if (!v)
		return -1;
	if (v->kind == VAL_NUM) {
		*out = v->u.n;
		return 0;
	}
	if (v->kind == VAL_STR && v->u.str.len) {
		*out = strtod(v->u.str.s, &end);
		return *end ? -1 : 0;
	}
	return -1;
}

const value *tbl_source(const value *results, const value *data, const char *name)
{
	const value *rows;
	if (!strncmp(name, "data.", 5))
		return val_path(data, name + 5);
	rows = val_path(results, !strncmp(name, "results.", 8) ? name + 8 : name);
	return rows ? rows : val_path(data, name);
}

tbl *tbl_build(const char *spec, const char *path, int line, const tbl_env *env,
	       err_list *errs)
{
	int before = errs->nerrors;
	value *sp = yv_parse(spec, strlen(spec), path, line - 1, errs);
	const value *src, *cols, *v, *rows = NULL;
	col *cs = NULL;
	value **rv = NULL;
	size_t nc, nr = 0, i, k, limit = (size_t)-1;
	tbl *t;
	const char *srcname;

	if (!sp)
		return NULL;
	if (sp->kind != VAL_MAP) {
		err_add(errs, path, line, 1, "a table block holds a YAML mapping (source:, columns:)");
		val_unref(sp);
		return NULL;
	}
	src = val_get(sp, "source");
	srcname = val_cstr(src);
	if (!srcname) {
		err_add(errs, path, src ? src->line : line, src ? src->col : 1,
			"'source' names the data: a computed result (benchmarking.ranking) or data.NAME");
	} else {
		rows = tbl_source(env->results, env->data, srcname);
		if (!rows || rows->kind != VAL_LIST)
			err_add(errs, path, src->line, src->col, "no list of rows at source '%s'", srcname);
	}
	cols = val_get(sp, "columns");
	if (!cols || cols->kind != VAL_LIST || !cols->u.list.len) {
		err_add(errs, path, cols ? cols->line : line, cols ? cols->col : 1,
			"'columns' must list the columns ({key: ..., header: ...})");
		val_unref(sp);
		return NULL;
	}
	nc = cols->u.list.len;
	cs = xcalloc(nc, sizeof *cs);
	for (i = 0; i < nc; i++) {
		const value *c = val_at(cols, i), *f;
		cs[i].key = val_get_str(c, "key", NULL);
		if (c->kind == VAL_STR)
			cs[i].key = c->u.str.s;
		if (!cs[i].key) {
			err_add(errs, path, c->line, c->col, "column %zu needs a 'key'", i + 1);
			continue;
		}
		cs[i].header = lang_text(val_get(c, "header"), env->lang);
		if (!cs[i].header)
			cs[i].header = cs[i].key;
		cs[i].decimals = 0;
		if ((f = val_get(c, "format"))) {
			const char *fs = val_cstr(f);
			if (fs && !strcmp(fs, "text"))
				cs[i].format = 0;
			else if (fs && !strcmp(fs, "number"))
				cs[i].format = 1;
			else if (fs && !strcmp(fs, "percent"))
				cs[i].format = 2;
			else if (fs && !strcmp(fs, "integer"))
				cs[i].format = 3;
			else
				err_add(errs, path, f->line, f->col,
					"format must be text, number, percent or integer");
		}
		if ((f = val_get(c, "decimals"))) {
			if (f->kind != VAL_NUM || f->u.n < 0 || f->u.n > 6)
				err_add(errs, path, f->line, f->col, "decimals must be 0 to 6");
			else
				cs[i].decimals = (int)f->u.n;
		}
		cs[i].sign = val_truthy(val_get(c, "sign"));
	}
	if ((v = val_get(sp, "limit"))) {
		if (v->kind != VAL_NUM || v->u.n < 1)
			err_add(errs, path, v->line, v->col, "limit must be a positive number");
		else
			limit = (size_t)v->u.n;
	}
	if (errs->nerrors > before || !rows) {
		free(cs);
		val_unref(sp);
		return NULL;
	}
	/* filter */
	rv = xcalloc(rows->u.list.len + 1, sizeof *rv);
	v = val_get(sp, "filter");
	if (v && v->kind != VAL_MAP)
		err_add(errs, path, v->line, v->col, "filter is a mapping of key: value");
	for (i = 0; i < rows->u.list.len; i++) {
		value *row = rows->u.list.items[i];
		int keep = 1;
		for (k = 0; v && v->kind == VAL_MAP && k < v->u.map.len && keep; k++) {
			buf a = BUF_INIT, b = BUF_INIT;
			val_to_text(val_path(row, v->u.map.keys[k]), &a);
			val_to_text(v->u.map.vals[k], &b);
			keep = !strcmp(buf_cstr(&a), buf_cstr(&b));
			buf_free(&a);
			buf_free(&b);
		}
		if (keep)
			rv[nr++] = row;
	}
	/* sort */
	if ((v = val_get(sp, "sort"))) {
		const char *key = val_cstr(v);
		if (!key || !key[0] || !key[key[0] == '-'] ||
		    (nr && !val_path(rv[0], key + (key[0] == '-'))))
			err_add(errs, path, v->line, v->col, "sort names a key of the rows ('-' first for descending)");
		else {
			value **tmp = xcalloc(nr + 1, sizeof *tmp);
			sort_rows(rv, tmp, nr, key + (key[0] == '-'), key[0] == '-');
			free(tmp);
		}
	}
	if (nr > limit)
		nr = limit;
	/* every column key must exist in the rows */
	for (i = 0; nr && i < nc; i++)
		if (cs[i].key && !val_path(rv[0], cs[i].key)) {
			const value *c = val_at(cols, i);
			err_add(errs, path, c->line, c->col, "the rows have no '%s'", cs[i].key);
		}
	if (errs->nerrors > before) {
		free(rv);
		free(cs);
		val_unref(sp);
		return NULL;
	}
	t = xcalloc(1, sizeof *t);
	t->caption = xstrdup(lang_text(val_get(sp, "caption"), env->lang)
				     ? lang_text(val_get(sp, "caption"), env->lang) : "");
	t->ncols = nc;
	t->nrows = nr;
	t->headers = xcalloc(nc, sizeof *t->headers);
	t->numeric = xcalloc(nc, sizeof *t->numeric);
	t->cells = xcalloc(nr * nc + 1, sizeof *t->cells);
	for (i = 0; i < nc; i++) {
		t->headers[i] = xstrdup(cs[i].header);
		t->numeric[i] = cs[i].format != 0;
	}
	for (k = 0; k < nr; k++)
		for (i = 0; i < nc; i++) {
			buf b = BUF_INIT;
			const value *cv = val_path(rv[k], cs[i].key);
			double x;
			if (cs[i].format && tbl_number(cv, &x) == 0)
				fmt_num(&b, x, &cs[i]);
			else
				val_to_text(cv, &b);
			t->cells[k * nc + i].text = buf_detach(&b);
			t->cells[k * nc + i].numeric = t->numeric[i];
		}
	if (val_truthy(val_get(sp, "totals"))) {
		t->totals = xcalloc(nc, sizeof *t->totals);
		for (i = 0; i < nc; i++) {
			buf b = BUF_INIT;
			if (cs[i].format) {
				double sum = 0, x;
				for (k = 0; k < nr; k++)
					if (tbl_number(val_path(rv[k], cs[i].key), &x) == 0)
						sum += x;
				fmt_num(&b, sum, &cs[i]);
			} else if (i == 0)
				buf_puts(&b, env->total_label ? env->total_label : "Total");
			t->totals[i].text = buf_detach(&b);
			t->totals[i].numeric = t->numeric[i];
		}
	}
	free(rv);
	free(cs);
	val_unref(sp);
	return t;
}

void tbl_free(tbl *t)
{
	size_t i;
	if (!t)
		return;
	for (i = 0; i < t->ncols; i++) {
		free(t->headers[i]);
		if (t->totals)
			free(t->totals[i].text);
	}
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i].text);
	free(t->headers);
	free(t->numeric);
	free(t->cells);
	free(t->totals);
	free(t->caption);
	free(t);
}

static void esc(buf *b, const char *s)
{
	buf_put_escaped(b, s, strlen(s));
}

static void row_html(buf *out, const tbl_cell *cells, size_t n)
{
	size_t i;
	buf_puts(out, "<tr>");
	for (i = 0; i < n; i++) {
		const char *tag = i == 0 ? "th scope=\"row\"" : "td";
		buf_printf(out, "<%s%s>", tag, cells[i].numeric ? " class=\"num\"" : "");
		esc(out, cells[i].text);
		buf_printf(out, "</%s>", i == 0 ? "th" : "td");
	}
	buf_puts(out, "</tr>\n");
}

void tbl_html(const tbl *t, const char *id, buf *out)
{
	size_t i, k;
	buf_printf(out, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"%s\">\n"
			"<table class=\"data\">\n<caption id=\"%s\">", id, id);
	esc(out, t->caption);
	buf_puts(out, "</caption>\n<thead>\n<tr>");
	for (i = 0; i < t->ncols; i++) {
		buf_printf(out, "<th scope=\"col\"%s>", t->numeric[i] ? " class=\"num\"" : "");
		esc(out, t->headers[i]);
		buf_puts(out, "</th>");
	}
	buf_puts(out, "</tr>\n</thead>\n<tbody>\n");
	for (k = 0; k < t->nrows; k++)
		row_html(out, &t->cells[k * t->ncols], t->ncols);
	buf_puts(out, "</tbody>\n");
	if (t->totals) {
		buf_puts(out, "<tfoot>\n");
		row_html(out, t->totals, t->ncols);
		buf_puts(out, "</tfoot>\n");
	}
	buf_puts(out, "</table>\n</div>\n");
}

int tbl_fence(void *ctx, const char *info, const char *body, const char *path,
	      int line, buf *out, err_list *errs)
{
	const tbl_env *env = ctx;
	tbl *t;
	char id[32];
	if (strcmp(info, "table") != 0)
		return 0;
	t = tbl_build(body, path, line, env, errs);
	if (!t) {
		/* the error is reported; keep the page readable meanwhile */
		buf_puts(out, "<p class=\"error\">table error</p>\n");
		return 1;
	}
	snprintf(id, sizeof id, "table-%d", line);
	tbl_html(t, id, out);
	tbl_free(t);
	return 1;
}

/* chart.c - see chart.h
 *
 * One drawing routine (render) serves every output: it draws in CSS
 * pixels onto any cairo_t, and chart_svg, chart_png and chart_draw only
 * set up the surface and the scale.  All text goes through Pango with a
 * font map made for the render, so threads share nothing but the caches
 * of fontconfig and cairo.
 *
 * The file is in this order: the chart and its spec (validation), number
 * formatting, the render state with its text, axis and legend helpers,
 * one drawing function per chart type, then the outputs (SVG with its id
 * renumbering pass, PNG, cairo), alt text and the HTML table.
 */
#include "chart.h"
#include "util.h"

#include <cairo-svg.h>
#include <png.h>
#include <setjmp.h>
#include <math.h>
#include <pthread.h>
#include <pango/pangocairo.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* The chart                                                           */

typedef enum { T_BAR, T_HBAR, T_GROUPED, T_STACKED, T_LINE, T_RADAR, T_DONUT } chart_type;

static const char *const type_names[] = {"bar",  "hbar",  "grouped", "stacked",
					 "line", "radar", "donut"};
#define NTYPES 7
#define MAX_SERIES 7
#define PI 3.14159265358979323846

typedef struct {
	char *name; /* "" when the spec gave none */
	double *v;  /* one per label; NAN is "no data" */
} series;

struct chart {
	chart_type type;
	int ka;
	char *title, *subtitle, *x_label, *y_label, *unit, *note;
	char **labels;
	size_t nlabels;
	series *ser;
	size_t nser;
	double width, height;
	double max; /* NAN when the spec set none */
	int decimals;
	char *id;
};

void chart_free(chart *c)
{
	size_t i;
	if (!c)
		return;
	free(c->title);
	free(c->subtitle);
	free(c->x_label);
	free(c->y_label);
	free(c->unit);
	free(c->note);
	for (i = 0; i < c->nlabels; i++)
		free(c->labels[i]);
	free(c->labels);
	for (i = 0; i < c->nser; i++) {
		free(c->ser[i].name);
		free(c->ser[i].v);
	}
	free(c->ser);
	free(c->id);
	free(c);
}

double chart_width(const chart *c)
{
	return c->width;
}

double chart_height(const chart *c)
{
	return c->height;
}

/* ------------------------------------------------------------------ */
/* Reading the spec                                                    */

typedef struct {
	const char *path;
	err_list *errs;
	int bad;
} spec_ctx;

static void serr(spec_ctx *s, const value *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void serr(spec_ctx *s, const value *at, const char *fmt, ...)
{
	buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	err_add(s->errs, s->path, at ? at->line : 0, at ? at->col : 0, "%s", b.ptr);
	buf_free(&b);
	s->bad++;
}

/* An optional string at key (numbers are taken as text); NULL when
 * absent or null. */
static char *spec_text(spec_ctx *s, const value *spec, const char *key)
{
	const value *v = val_get(spec, key);
	buf b = BUF_INIT;
	if (!v || v->kind == VAL_NULL)
		return NULL;
	if (v->kind != VAL_STR && v->kind != VAL_NUM) {
		serr(s, v, "%s must be a string", key);
		return NULL;
	}
	val_to_text(v, &b);
	return buf_detach(&b);
}

/* An optional number at key within [lo, hi]; def when absent. */
static double spec_num(spec_ctx *s, const value *spec, const char *key, double lo,
		       double hi, double def)
{
	const value *v = val_get(spec, key);
	if (!v || v->kind == VAL_NULL)
		return def;
	if (v->kind != VAL_NUM || !isfinite(v->u.n) || v->u.n < lo || v->u.n > hi) {
		serr(s, v, "%s must be a number from %g to %g", key, lo, hi);
		return def;
	}
	return v->u.n;
}

static int valid_id(const char *s)
{
	const char *p;
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return 0;
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return 0;
	return p - s <= 64;
}

/* The decimals a number needs, at most 3. */
static int decimals_of(double x)
{
	int d;
	for (d = 0; d < 3; d++) {
		double m = pow(10, d);
		if (fabs(round(x * m) / m - x) < 1e-9 * fmax(1, fabs(x)))
			return d;
	}
	return 3;
}

static const char *const spec_keys[] = {"type",  "title",  "subtitle", "x_label", "y_label",
					"unit",  "note",   "labels",   "series",  "width",
					"height", "max",   "decimals", "id",      NULL};

static int known_key(const char *k, const char *const *keys)
{
	for (; *keys; keys++)
		if (strcmp(k, *keys) == 0)
			return 1;
	return 0;
}

/* labels: a list of strings (or numbers, as text). */
static void read_labels(spec_ctx *s, chart *c, const value *spec)
{
	const value *l = val_get(spec, "labels");
	size_t i;
	if (!l || l->kind == VAL_NULL) {
		serr(s, spec, "a chart needs labels (a list of category labels)");
		return;
	}
	if (l->kind != VAL_LIST) {
		serr(s, l, "labels must be a list of category labels");
		return;
	}
	if (l->u.list.len == 0) {
		serr(s, l, "a chart needs at least one label");
		return;
	}
	if (l->u.list.len > 200) {
		serr(s, l, "a chart can show at most 200 labels");
		return;
	}
	c->labels = xcalloc(l->u.list.len, sizeof *c->labels);
	c->nlabels = l->u.list.len;
	for (i = 0; i < c->nlabels; i++) {
		const value *it = l->u.list.items[i];
		buf b = BUF_INIT;
		if (it->kind != VAL_STR && it->kind != VAL_NUM)
			serr(s, it, "labels must be strings");
		val_to_text(it, &b);
		c->labels[i] = buf_detach(&b);
	}
	if (c->type == T_RADAR && c->nlabels < 3)
		serr(s, l, "a radar chart needs at least 3 labels (its axes)");
	if (c->type == T_RADAR && c->nlabels > 12)
		serr(s, l, "a radar chart has at most 12 axes (a bar chart shows more)");
	if (c->type == T_DONUT && c->nlabels > MAX_SERIES)
		serr(s, l, "a donut chart has at most %d slices (one per colour)", MAX_SERIES);
}

static const char *const series_keys[] = {"name", "values", NULL};

/* One series: {name, values}; n is its 1-based number. */
static void read_series(spec_ctx *s, chart *c, const value *m, size_t n)
{
	series *se = &c->ser[n - 1];
	const value *vals, *name;
	size_t i;
	se->v = xmalloc((c->nlabels ? c->nlabels : 1) * sizeof *se->v);
	for (i = 0; i < c->nlabels; i++)
		se->v[i] = NAN;
	if (m->kind != VAL_MAP) {
		se->name = xstrdup("");
		serr(s, m, "series %zu must be a map with a name and values", n);
		return;
	}
	for (i = 0; i < m->u.map.len; i++)
		if (!known_key(m->u.map.keys[i], series_keys))
			err_warn(s->errs, s->path, m->u.map.vals[i]->line, m->u.map.vals[i]->col,
				 "unknown series key '%s' (known: name, values)", m->u.map.keys[i]);
	name = val_get(m, "name");
	if (name && name->kind != VAL_STR && name->kind != VAL_NUM && name->kind != VAL_NULL)
		serr(s, name, "a series name must be a string");
	{
		buf b = BUF_INIT;
		if (name && (name->kind == VAL_STR || name->kind == VAL_NUM))
			val_to_text(name, &b);
		se->name = buf_detach(&b);
	}
	vals = val_get(m, "values");
	if (!vals || vals->kind == VAL_NULL) {
		serr(s, m, "series %zu needs values (a list of numbers)", n);
		return;
	}
	if (vals->kind != VAL_LIST) {
		serr(s, vals, "values must be a list of numbers");
		return;
	}
	if (c->nlabels && vals->u.list.len != c->nlabels) {
		serr(s, vals, "series %zu has %zu values but there are %zu labels", n,
		     vals->u.list.len, c->nlabels);
		return;
	}
	for (i = 0; i < vals->u.list.len && i < c->nlabels; i++) {
		const value *x = vals->u.list.items[i];
		if (x->kind == VAL_NULL)
			continue;
		if (x->kind != VAL_NUM) {
			serr(s, x, "values must be numbers");
			continue;
		}
		if (!isfinite(x->u.n) || fabs(x->u.n) > 1e15) {
			serr(s, x, "values must be finite numbers (at most 1e15)");
			continue;
		}
		if (x->u.n < 0 && (c->type == T_STACKED || c->type == T_DONUT)) {
			serr(s, x, "negative values cannot be drawn in a stacked or donut chart");
			continue;
		}
		if (x->u.n < 0 && c->type == T_RADAR) {
			serr(s, x, "negative values cannot be drawn in a radar chart");
			continue;
		}
		se->v[i] = x->u.n;
	}
}

static void read_all_series(spec_ctx *s, chart *c, const value *spec)
{
	const value *l = val_get(spec, "series");
	size_t i, j, nvals = 0;
	int one = c->type == T_BAR || c->type == T_HBAR || c->type == T_DONUT;
	int bad0 = s->bad;
	if (!l || l->kind == VAL_NULL) {
		serr(s, spec, "a chart needs series (a list of {name, values})");
		return;
	}
	if (l->kind != VAL_LIST) {
		serr(s, l, "series must be a list of {name, values}");
		return;
	}
	if (l->u.list.len == 0) {
		serr(s, l, "a chart needs at least one series");
		return;
	}
	if (one && l->u.list.len != 1) {
		serr(s, l, "a %s chart takes exactly one series", type_names[c->type]);
		return;
	}
	if (l->u.list.len > MAX_SERIES) {
		serr(s, l, "a chart takes at most %d series (one per colour)", MAX_SERIES);
		return;
	}
	if (!c->labels)
		return; /* the labels are wrong: the counts cannot be checked */
	c->ser = xcalloc(l->u.list.len, sizeof *c->ser);
	c->nser = l->u.list.len;
	for (i = 0; i < c->nser; i++) {
		read_series(s, c, l->u.list.items[i], i + 1);
		if (c->nser > 1 && !c->ser[i].name[0] && l->u.list.items[i]->kind == VAL_MAP)
			serr(s, l->u.list.items[i], "series %zu needs a name (for the legend)", i + 1);
	}
	if (s->bad > bad0)
		return;
	for (i = 0; i < c->nser; i++)
		for (j = 0; j < c->nlabels; j++)
			nvals += !isnan(c->ser[i].v[j]);
	if (nvals == 0) {
		serr(s, l, "a chart needs at least one value");
		return;
	}
	if (c->type == T_DONUT) {
		double sum = 0;
		for (j = 0; j < c->nlabels; j++)
			sum += isnan(c->ser[0].v[j]) ? 0 : c->ser[0].v[j];
		if (!(sum > 0))
			serr(s, l, "a donut chart needs a total above zero");
	}
}

/* The smallest and largest value drawn (stacked: of the totals). */
static void data_range(const chart *c, double *lo, double *hi)
{
	size_t i, j;
	*lo = INFINITY;
	*hi = -INFINITY;
	for (j = 0; j < c->nlabels; j++) {
		double tot = 0;
		int any = 0;
		for (i = 0; i < c->nser; i++) {
			double v = c->ser[i].v[j];
			if (isnan(v))
				continue;
			any = 1;
			tot += v;
			if (c->type != T_STACKED) {
				*lo = fmin(*lo, v);
				*hi = fmax(*hi, v);
			}
		}
		if (c->type == T_STACKED && any) {
			*lo = fmin(*lo, tot);
			*hi = fmax(*hi, tot);
		}
	}
}

static double default_height(const chart *c);

static uint32_t fnv1a(const char *s, size_t n, uint32_t h)
{
	size_t i;
	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

chart *chart_new(const value *spec, const char *path, const char *lang, err_list *errs)
{
	spec_ctx s = {path, errs, 0};
	chart *c;
	const value *t, *v;
	size_t i, j;
	int dec = 0, type_ok = 0;

	if (!spec || spec->kind != VAL_MAP) {
		serr(&s, spec, "a chart spec must be a map (type, title, labels, series...)");
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	c->ka = lang && strcmp(lang, "ka") == 0;
	c->max = NAN;
	for (i = 0; i < spec->u.map.len; i++)
		if (!known_key(spec->u.map.keys[i], spec_keys))
			err_warn(errs, path, spec->u.map.vals[i]->line, spec->u.map.vals[i]->col,
				 "unknown chart key '%s'", spec->u.map.keys[i]);

	t = val_get(spec, "type");
	if (!t || t->kind == VAL_NULL) {
		serr(&s, spec, "a chart needs a type (bar, hbar, grouped, stacked, line, radar or donut)");
	} else {
		for (i = 0; i < NTYPES; i++)
			if (t->kind == VAL_STR && strcmp(t->u.str.s, type_names[i]) == 0)
				break;
		if (i == NTYPES)
			serr(&s, t, "chart type must be one of bar, hbar, grouped, stacked, line, radar, donut");
		else
			c->type = (chart_type)i, type_ok = 1;
	}
	v = val_get(spec, "title");
	c->title = spec_text(&s, spec, "title");
	if (!v || v->kind == VAL_NULL)
		serr(&s, v ? v : spec, "a chart needs a title");
	else if (c->title && !c->title[0])
		serr(&s, v, "the chart title must not be empty");
	c->subtitle = spec_text(&s, spec, "subtitle");
	c->x_label = spec_text(&s, spec, "x_label");
	c->y_label = spec_text(&s, spec, "y_label");
	c->unit = spec_text(&s, spec, "unit");
	c->note = spec_text(&s, spec, "note");
	read_labels(&s, c, spec);
	if (type_ok)
		read_all_series(&s, c, spec);

	c->width = spec_num(&s, spec, "width", 200, 4000, 720);
	c->height = spec_num(&s, spec, "height", 150, 4000, NAN);

	v = val_get(spec, "decimals");
	if (v && v->kind != VAL_NULL) {
		if (v->kind != VAL_NUM || v->u.n != floor(v->u.n) || v->u.n < 0 || v->u.n > 3)
			serr(&s, v, "decimals must be a whole number from 0 to 3");
		else
			dec = (int)v->u.n + 10; /* + 10: set by the spec */
	}

	v = val_get(spec, "max");
	if (v && v->kind != VAL_NULL) {
		if (v->kind != VAL_NUM || !isfinite(v->u.n) || v->u.n <= 0 || v->u.n > 1e15)
			serr(&s, v, "max must be a number above zero");
		else
			c->max = v->u.n;
		if (!s.bad && c->nser && c->labels) {
			double lo, hi;
			data_range(c, &lo, &hi);
			if (c->type == T_DONUT)
				serr(&s, v, "a donut chart has no axis: max does not apply");
			else if (c->max < hi)
				serr(&s, v, "max (%g) is below the largest value (%g)", c->max, hi);
		}
	}

	v = val_get(spec, "id");
	if (v && v->kind != VAL_NULL) {
		if (v->kind != VAL_STR || !valid_id(v->u.str.s))
			serr(&s, v, "id must start with a letter and have only letters, digits, '-' and '_' (at most 64)");
		else
			c->id = xstrdup(v->u.str.s);
	}

	if (s.bad) {
		chart_free(c);
		return NULL;
	}

	if (dec >= 10) {
		c->decimals = dec - 10;
	} else {
		for (i = 0; i < c->nser; i++)
			for (j = 0; j < c->nlabels; j++)
				if (!isnan(c->ser[i].v[j]) && decimals_of(c->ser[i].v[j]) > dec)
					dec = decimals_of(c->ser[i].v[j]);
		c->decimals = dec;
	}
	if (!c->id) {
		buf b = BUF_INIT;
		val_to_json(spec, &b);
		buf_puts(&b, c->ka ? "ka" : "en");
		c->id = xasprintf("chart-%08x", (unsigned)fnv1a(b.ptr, b.len, 2166136261u));
		buf_free(&b);
	}
	if (isnan(c->height))
		c->height = default_height(c);
	return c;
}

/* ------------------------------------------------------------------ */
/* Numbers                                                             */

static double round_half_away(double x, int d)
{
	double m = pow(10, d);
	/* the nudge keeps 62.25 (stored as 62.2499999...) rounding up */
	return (x < 0 ? -1 : 1) * floor(fabs(x) * m + 0.5 + 1e-9) / m;
}

enum { NUM_PLAIN = 0, NUM_UNIT = 1, NUM_ASCII = 2, NUM_SIGN = 4 };

/* Append x with d decimals, thousands grouped ("," in English, a
 * no-break space in Georgian).  NUM_UNIT adds the unit ("%" without a
 * space, others after a no-break space); NUM_ASCII writes '-' instead of
 * the minus sign U+2212; NUM_SIGN puts '+' before positive numbers. */
static void put_num(const chart *c, buf *out, double x, int d, int flags)
{
	char tmp[64], *p, *dot;
	size_t n, i, lead;
	double r = round_half_away(x, d);
	if (r == 0)
		r = 0; /* no "-0" */
	snprintf(tmp, sizeof tmp, "%.*f", d, fabs(r));
	if (r < 0)
		buf_puts(out, (flags & NUM_ASCII) ? "-" : "\xe2\x88\x92");
	else if (r > 0 && (flags & NUM_SIGN))
		buf_putc(out, '+');
	dot = strchr(tmp, '.');
	n = dot ? (size_t)(dot - tmp) : strlen(tmp);
	lead = n % 3 ? n % 3 : 3;
	for (i = 0, p = tmp; i < n; i++, p++) {
		if (i >= lead && (i - lead) % 3 == 0)
			buf_puts(out, c->ka ? "\xc2\xa0" : ",");
		buf_putc(out, *p);
	}
	if (dot)
		buf_puts(out, dot);
	if ((flags & NUM_UNIT) && c->unit && c->unit[0]) {
		if (strcmp(c->unit, "%") != 0)
			buf_puts(out, "\xc2\xa0");
		buf_puts(out, c->unit);
	}
}

static char *fmt_num(const chart *c, double x, int d, int flags)
{
	buf b = BUF_INIT;
	put_num(c, &b, x, d, flags);
	return buf_detach(&b);
}

static int unit_is_pct(const chart *c)
{
	return c->unit && strcmp(c->unit, "%") == 0;
}

/* ------------------------------------------------------------------ */
/* The render state, and text                                          */

typedef struct {
	double r, g, b;
} rgb;

#define RGB(x) {((x) >> 16 & 255) / 255.0, ((x) >> 8 & 255) / 255.0, ((x) & 255) / 255.0}

/* Okabe-Ito, safe for colour-blind readers */
static const rgb palette[MAX_SERIES] = {RGB(0x0072B2), RGB(0xE69F00), RGB(0x009E73),
					RGB(0xD55E00), RGB(0xCC79A7), RGB(0x56B4E9),
					RGB(0xF0E442)};
static const rgb C_TEXT = RGB(0x333333), C_SUB = RGB(0x555555), C_NOTE = RGB(0x666666),
		 C_GRID = RGB(0xE3E3E3), C_AXIS = RGB(0x8C8C8C), C_WHITE = RGB(0xFFFFFF);

#define FONT_FAMILY "Noto Sans Georgian, Noto Sans, DejaVu Sans"
/* Few sizes: an SVG carries the outlines of each glyph once per size */
#define FS_TITLE 18.0
#define FS_SUB 13.0
#define FS_AXIS 12.0
#define FS_TICK 12.0
#define FS_VALUE 12.0
#define FS_LEGEND 12.0
#define FS_NOTE 11.0

typedef struct {
	const chart *c;
	cairo_t *cr;
	PangoFontMap *fm;
	PangoContext *pc;
	double W, H, m;                  /* size and outer margin */
	double left, top, right, bottom; /* the room left for the plot */
} rd;

static void set_rgb(rd *r, rgb c)
{
	cairo_set_source_rgb(r->cr, c.r, c.g, c.b);
}

/* A layout of s at size (CSS px), wrapped to width (none when <= 0) and
 * cut to at most lines lines with an ellipsis (0: no limit; a width is
 * needed).  Words too long for a line are broken between characters. */
static PangoLayout *tlayout(rd *r, const char *s, double size, int bold, double width,
			    int lines, PangoAlignment align)
{
	PangoLayout *l = pango_layout_new(r->pc);
	PangoFontDescription *fd = pango_font_description_from_string(FONT_FAMILY);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
		if (lines > 0) {
			pango_layout_set_height(l, -lines);
			pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		}
	}
	pango_layout_set_alignment(l, align);
	pango_layout_set_text(l, s, -1);
	return l;
}

/* The logical size of a layout in CSS px. */
static void tsize(PangoLayout *l, double *w, double *h)
{
	PangoRectangle lr;
	pango_layout_get_extents(l, NULL, &lr);
	if (w)
		*w = lr.width / (double)PANGO_SCALE;
	if (h)
		*h = lr.height / (double)PANGO_SCALE;
}

/* Draw l so that the point (ha, va) of its box - (0, 0) top left, (1, 1)
 * bottom right - is at (x, y), turned by angle (radians) around it. */
static void tdraw(rd *r, PangoLayout *l, double x, double y, double ha, double va,
		  double angle, rgb col)
{
	PangoRectangle lr;
	pango_layout_get_extents(l, NULL, &lr);
	cairo_save(r->cr);
	cairo_translate(r->cr, x, y);
	if (angle != 0)
		cairo_rotate(r->cr, angle);
	cairo_move_to(r->cr, -ha * lr.width / (double)PANGO_SCALE - lr.x / (double)PANGO_SCALE,
		      -va * lr.height / (double)PANGO_SCALE - lr.y / (double)PANGO_SCALE);
	set_rgb(r, col);
	pango_cairo_show_layout(r->cr, l);
	cairo_new_path(r->cr); /* show_layout leaves a current point */
	cairo_restore(r->cr);
}

/* Lay out, draw and free in one go; returns the height drawn. */
static double text(rd *r, const char *s, double size, int bold, double width, int lines,
		   double x, double y, double ha, double va, rgb col)
{
	PangoLayout *l;
	double h;
	if (!s || !s[0])
		return 0;
	l = tlayout(r, s, size, bold, width, lines,
		    ha == 0 ? PANGO_ALIGN_LEFT : ha == 1 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_CENTER);
	tsize(l, NULL, &h);
	tdraw(r, l, x, y, ha, va, 0, col);
	g_object_unref(l);
	return h;
}

static double text_width(rd *r, const char *s, double size, int bold)
{
	PangoLayout *l = tlayout(r, s, size, bold, 0, 0, PANGO_ALIGN_LEFT);
	double w;
	tsize(l, &w, NULL);
	g_object_unref(l);
	return w;
}

static double text_height(rd *r, const char *s, double size, int bold, double width,
			  int lines)
{
	PangoLayout *l;
	double h;
	if (!s || !s[0])
		return 0;
	l = tlayout(r, s, size, bold, width, lines, PANGO_ALIGN_LEFT);
	tsize(l, NULL, &h);
	g_object_unref(l);
	return h;
}

/* ------------------------------------------------------------------ */
/* Frame: title, subtitle, legend, note                                */

static int has_legend(const chart *c)
{
	return c->nser > 1 && c->type != T_DONUT;
}

/* The legend's swatch for series i at (x, y), 14 x 14. */
static void swatch(rd *r, int i, double x, double y)
{
	cairo_t *cr = r->cr;
	set_rgb(r, palette[i]);
	if (r->c->type == T_LINE || r->c->type == T_RADAR) {
		cairo_set_line_width(cr, 2.5);
		cairo_move_to(cr, x, y + 7);
		cairo_line_to(cr, x + 16, y + 7);
		cairo_stroke(cr);
		cairo_arc(cr, x + 8, y + 7, 3.5, 0, 2 * PI);
		cairo_fill(cr);
	} else {
		cairo_rectangle(cr, x + 1, y + 1, 13, 13);
		cairo_fill(cr);
	}
}

/* Legend items flow left to right from (x0, y0) and wrap within w.
 * Returns the height used.  Draws only when draw is set. */
static double legend(rd *r, double x0, double y0, double w, int draw)
{
	const chart *c = r->c;
	double x = x0, y = y0, rowh = 0;
	size_t i;
	for (i = 0; i < c->nser; i++) {
		PangoLayout *l = tlayout(r, c->ser[i].name, FS_LEGEND, 0, fmin(w - 24, 260), 1,
					 PANGO_ALIGN_LEFT);
		double tw, th, iw;
		tsize(l, &tw, &th);
		iw = 22 + tw;
		if (x > x0 && x + iw > x0 + w) {
			x = x0;
			y += rowh + 4;
			rowh = 0;
		}
		if (draw) {
			swatch(r, (int)i, x, y + (th - 14) / 2);
			tdraw(r, l, x + 22, y, 0, 0, 0, C_TEXT);
		}
		rowh = fmax(rowh, th);
		x += iw + 18;
		g_object_unref(l);
	}
	return y + rowh - y0;
}

/* What the frame shows; a small chart sheds lines until its plot has
 * room: the title's second line, the note's second line, the subtitle,
 * then the legend (the table and the alt text still name the series). */
typedef struct {
	int title_lines, note_lines, subtitle, legend;
} frame_plan;

static double frame_height(rd *r, const frame_plan *f)
{
	const chart *c = r->c;
	double w = r->W - 2 * r->m;
	double h = text_height(r, c->title, FS_TITLE, 1, w, f->title_lines) + 12;
	if (f->subtitle)
		h += 2 + text_height(r, c->subtitle, FS_SUB, 0, w, 2);
	if (f->legend)
		h += legend(r, r->m, 0, w, 0) + 10;
	if (c->note && c->note[0])
		h += text_height(r, c->note, FS_NOTE, 0, w, f->note_lines) + 10;
	return h;
}

static void frame(rd *r)
{
	const chart *c = r->c;
	double w = r->W - 2 * r->m, y = r->m, bottom = r->H - r->m;
	double avail = r->H - 2 * r->m, need = fmax(60, 0.45 * avail);
	frame_plan f = {2, 2, c->subtitle && c->subtitle[0], has_legend(c)};
	while (avail - frame_height(r, &f) < need) {
		if (f.title_lines == 2)
			f.title_lines = 1;
		else if (f.note_lines == 2)
			f.note_lines = 1;
		else if (f.subtitle)
			f.subtitle = 0;
		else if (f.legend)
			f.legend = 0;
		else
			break;
	}
	y += text(r, c->title, FS_TITLE, 1, w, f.title_lines, r->m, y, 0, 0, C_TEXT);
	if (f.subtitle)
		y += 2 + text(r, c->subtitle, FS_SUB, 0, w, 2, r->m, y + 2, 0, 0, C_SUB);
	y += 12;
	if (f.legend)
		y += legend(r, r->m, y, w, 1) + 10;
	if (c->note && c->note[0]) {
		double h = text_height(r, c->note, FS_NOTE, 0, w, f.note_lines);
		text(r, c->note, FS_NOTE, 0, w, f.note_lines, r->m, bottom, 0, 1, C_NOTE);
		bottom -= h + 10;
	}
	r->left = r->m;
	r->right = r->W - r->m;
	r->top = y;
	r->bottom = bottom;
}

/* ------------------------------------------------------------------ */
/* Value axes                                                          */

typedef struct {
	double lo, hi, step;
	int dec;
} vscale;

/* Round numbers for about n intervals over [lo, hi] (which always takes
 * in 0), in steps of 1, 2 or 5 times a power of ten; fixed_hi (when not
 * NAN) is the top. */
static vscale nice_scale(double lo, double hi, double fixed_hi, int n)
{
	vscale s;
	double raw, mag, norm;
	lo = fmin(lo, 0);
	hi = fmax(hi, 0);
	if (!isnan(fixed_hi))
		hi = fixed_hi;
	if (hi - lo <= 0)
		hi = lo + 1;
	if (n < 1)
		n = 1;
	raw = (hi - lo) / n;
	mag = pow(10, floor(log10(raw)));
	norm = raw / mag;
	s.step = (norm <= 1.0001 ? 1 : norm <= 2.0001 ? 2 : norm <= 5.0001 ? 5 : 10) * mag;
	s.lo = floor(lo / s.step + 1e-9) * s.step;
	s.hi = isnan(fixed_hi) ? ceil(hi / s.step - 1e-9) * s.step : fixed_hi;
	s.dec = s.step >= 1 ? 0 : (int)ceil(-log10(s.step) - 1e-9);
	if (s.dec > 6)
		s.dec = 6;
	return s;
}

/* Position of v on an axis from a (at s->lo) to b (at s->hi). */
static double vmap(const vscale *s, double v, double a, double b)
{
	return a + (v - s->lo) / (s->hi - s->lo) * (b - a);
}

/* The ticks: lo, lo + step, ... up to hi. */
static int nticks(const vscale *s)
{
	return (int)floor((s->hi - s->lo) / s->step + 1e-9) + 1;
}

static double tick(const vscale *s, int i)
{
	double t = s->lo + i * s->step;
	return fabs(t) < s->step * 1e-9 ? 0 : t;
}

static char *tick_text(const chart *c, const vscale *s, double t)
{
	return fmt_num(c, t, s->dec, unit_is_pct(c) ? NUM_UNIT : 0);
}

/* The title of the value axis: its label, with a unit other than "%" in
 * brackets; NULL when there is nothing to say.  Caller frees. */
static char *value_axis_title(const chart *c, const char *label)
{
	int unit = c->unit && c->unit[0] && !unit_is_pct(c);
	if (label && label[0])
		return unit ? xasprintf("%s (%s)", label, c->unit) : xstrdup(label);
	return unit ? xstrdup(c->unit) : NULL;
}

/* A value label ("72.5%", "1,250"): the unit only when it is "%". */
static char *value_text(const chart *c, double v)
{
	return fmt_num(c, v, c->decimals, unit_is_pct(c) ? NUM_UNIT : 0);
}

static void line(rd *r, double x0, double y0, double x1, double y1, double w, rgb col)
{
	set_rgb(r, col);
	cairo_set_line_width(r->cr, w);
	cairo_move_to(r->cr, x0, y0);
	cairo_line_to(r->cr, x1, y1);
	cairo_stroke(r->cr);
}

/* ------------------------------------------------------------------ */
/* The category axis of column and line charts                         */

/* The width of the widest word of s. */
static double widest_word(rd *r, const char *s, double size)
{
	char *t = xstrdup(s), *p = t, *sp;
	double w = 0;
	for (;;) {
		sp = strchr(p, ' ');
		if (sp)
			*sp = 0;
		if (*p)
			w = fmax(w, text_width(r, p, size, 0));
		if (!sp)
			break;
		p = sp + 1;
	}
	free(t);
	return w;
}

#define CAT_LINES 2
#define SIN45 0.70710678118654752

typedef struct {
	double x0, x1, y0, y1; /* the plot box: y0 is at s.hi, y1 at s.lo */
	vscale s;
	double band;           /* the width of one category */
	int rot;               /* category labels turned by 45 degrees */
	double rot_w;          /* their length limit */
	double cat_h;          /* the height the category labels take */
	double foot;           /* room below y1 for labels of negative bars */
} vplot;

static PangoLayout *cat_layout(rd *r, const vplot *p, size_t i)
{
	if (p->rot)
		return tlayout(r, r->c->labels[i], FS_TICK, 0, p->rot_w, 1, PANGO_ALIGN_RIGHT);
	return tlayout(r, r->c->labels[i], FS_TICK, 0, p->band - 4, CAT_LINES, PANGO_ALIGN_CENTER);
}

/* Decide how the category labels go: straight (wrapped in their band,
 * at most two lines) when every word fits, else turned.  Sets rot,
 * rot_w and cat_h; returns how far the first label reaches left of the
 * centre of its band. */
static double cat_measure(rd *r, vplot *p)
{
	const chart *c = r->c;
	double reach = 0, w, h;
	size_t i;
	p->rot = 0;
	p->cat_h = 0;
	for (i = 0; i < c->nlabels && !p->rot; i++) {
		PangoLayout *l;
		if (widest_word(r, c->labels[i], FS_TICK) > p->band - 4) {
			p->rot = 1;
			break;
		}
		l = tlayout(r, c->labels[i], FS_TICK, 0, p->band - 4, 0, PANGO_ALIGN_CENTER);
		if (pango_layout_get_line_count(l) > CAT_LINES)
			p->rot = 1;
		g_object_unref(l);
	}
	if (!p->rot) {
		for (i = 0; i < c->nlabels; i++) {
			PangoLayout *l = cat_layout(r, p, i);
			tsize(l, &w, &h);
			p->cat_h = fmax(p->cat_h, h);
			g_object_unref(l);
		}
		return 0;
	}
	p->rot_w = fmin(160, fmax(24, (r->bottom - r->top) * 0.35));
	for (i = 0; i < c->nlabels; i++) {
		PangoLayout *l = cat_layout(r, p, i);
		tsize(l, &w, &h);
		p->cat_h = fmax(p->cat_h, SIN45 * (w + h / 2));
		if (i == 0)
			reach = SIN45 * (w + h / 2);
		g_object_unref(l);
	}
	return reach;
}

static void cat_draw(rd *r, const vplot *p)
{
	size_t i, step = 1;
	if (p->rot) {
		/* turned labels need a line's height between them: with too
		 * many categories only every step-th is named */
		double lh = text_height(r, "0", FS_TICK, 0, 0, 0);
		step = (size_t)ceil(lh / (p->band * SIN45) - 1e-9);
		if (step < 1)
			step = 1;
	}
	for (i = 0; i < r->c->nlabels; i += step) {
		PangoLayout *l = cat_layout(r, p, i);
		double x = p->x0 + (i + 0.5) * p->band;
		if (p->rot)
			tdraw(r, l, x + 3, p->y1 + p->foot + 8, 1, 0.5, -PI / 4, C_TEXT);
		else
			tdraw(r, l, x, p->y1 + p->foot + 6, 0.5, 0, 0, C_TEXT);
		g_object_unref(l);
	}
}

/* The widest tick label of s. */
static double ticks_width(rd *r, const vscale *s)
{
	double w = 0;
	int i;
	for (i = 0; i < nticks(s); i++) {
		char *t = tick_text(r->c, s, tick(s, i));
		w = fmax(w, text_width(r, t, FS_TICK, 0));
		free(t);
	}
	return w;
}

/* Lay out a column or line chart over values lo..hi, leaving head
 * pixels above the top and foot below the bottom for value labels. */
static void vplot_setup(rd *r, vplot *p, double lo, double hi, double head, double foot)
{
	const chart *c = r->c;
	char *yt = value_axis_title(c, c->y_label);
	double top = r->top, bottom = r->bottom, tw = 0, reach;
	int pass;
	if (yt) {
		top += text_height(r, yt, FS_AXIS, 0, r->right - r->left, 1) + 8;
		free(yt);
	}
	if (c->x_label && c->x_label[0])
		bottom -= text_height(r, c->x_label, FS_AXIS, 0, r->right - r->left, 1) + 6;
	for (pass = 0; pass < 3; pass++) {
		p->x0 = r->left + tw + 8;
		p->x1 = r->right;
		p->band = (p->x1 - p->x0) / c->nlabels;
		reach = cat_measure(r, p);
		if (p->rot && p->x0 + p->band / 2 - reach < 2) {
			/* move the plot right so that the first label is in */
			p->x0 = 2 + reach - p->band / 2;
			p->band = (p->x1 - p->x0) / c->nlabels;
		}
		p->foot = foot;
		p->y1 = bottom - p->cat_h - 8 - foot;
		p->y0 = top + fmax(head, 10); /* room for the top tick label too */
		if (p->y1 - p->y0 < 20) /* a chart too small for its text */
			p->y0 = p->y1 - 20;
		p->s = nice_scale(lo, hi, c->max, (int)((p->y1 - p->y0) / 42));
		tw = ticks_width(r, &p->s);
	}
}

/* The axis titles, gridlines, tick labels and category labels. */
static void vplot_axes(rd *r, const vplot *p)
{
	const chart *c = r->c;
	char *yt = value_axis_title(c, c->y_label);
	int i;
	if (yt) {
		text(r, yt, FS_AXIS, 0, r->right - r->left, 1, r->left, r->top, 0, 0, C_SUB);
		free(yt);
	}
	for (i = 0; i < nticks(&p->s); i++) {
		double t = tick(&p->s, i), y = vmap(&p->s, t, p->y1, p->y0);
		char *tt = tick_text(c, &p->s, t);
		if (t != 0)
			line(r, p->x0, y, p->x1, y, 1, C_GRID);
		text(r, tt, FS_TICK, 0, 0, 0, p->x0 - 8, y, 1, 0.5, C_SUB);
		free(tt);
	}
	cat_draw(r, p);
	if (c->x_label && c->x_label[0])
		text(r, c->x_label, FS_AXIS, 0, r->right - r->left, 1, (p->x0 + p->x1) / 2,
		     r->bottom, 0.5, 1, C_SUB);
}

/* The zero line, drawn over the bars. */
static void vplot_base(rd *r, const vplot *p)
{
	double y = vmap(&p->s, 0, p->y1, p->y0);
	line(r, p->x0, y, p->x1, y, 1.2, C_AXIS);
}

/* ------------------------------------------------------------------ */
/* Column charts: bar, grouped, stacked                                */

enum { VL_NONE, VL_ABOVE, VL_TURNED };

/* How value labels of bars slot pixels apart go: above the bar when
 * they fit, turned upright when they are too wide, none when even that
 * does not fit.  *room gets the space they need beyond the bar's end.
 * totals: label the stacks' totals instead of the values. */
static int vlabel_mode(rd *r, double slot, int totals, double *room)
{
	const chart *c = r->c;
	double w = 0, h = 0;
	size_t i, j;
	for (j = 0; j < c->nlabels; j++) {
		double tot = 0;
		int any = 0;
		for (i = 0; i < c->nser; i++) {
			double v = c->ser[i].v[j];
			if (isnan(v))
				continue;
			any = 1;
			tot += v;
			if (!totals) {
				char *t = value_text(c, v);
				w = fmax(w, text_width(r, t, FS_VALUE, 0));
				free(t);
			}
		}
		if (totals && any) {
			char *t = value_text(c, tot);
			w = fmax(w, text_width(r, t, FS_VALUE, 1));
			free(t);
		}
	}
	h = text_height(r, "0", FS_VALUE, 0, 0, 0);
	if (w <= slot - 2) {
		*room = h + 4;
		return VL_ABOVE;
	}
	if (slot >= h) {
		*room = w + 6;
		return VL_TURNED;
	}
	*room = 0;
	return VL_NONE;
}

/* A value label at the end (x, y) of a bar; neg: the bar goes down. */
static void vlabel(rd *r, int mode, double x, double y, int neg, const char *s, int bold)
{
	PangoLayout *l;
	if (mode == VL_NONE)
		return;
	l = tlayout(r, s, FS_VALUE, bold, 0, 0, PANGO_ALIGN_LEFT);
	if (mode == VL_ABOVE)
		tdraw(r, l, x, neg ? y + 3 : y - 3, 0.5, neg ? 0 : 1, 0, C_TEXT);
	else
		tdraw(r, l, x, neg ? y + 4 : y - 4, neg ? 1 : 0, 0.5, -PI / 2, C_TEXT);
	g_object_unref(l);
}

/* A bar from value 0 to v, x..x+w wide, in colour col. */
static void vbar(rd *r, const vplot *p, double x, double w, double v, rgb col)
{
	double y0 = vmap(&p->s, 0, p->y1, p->y0), y = vmap(&p->s, v, p->y1, p->y0);
	set_rgb(r, col);
	cairo_rectangle(r->cr, x, fmin(y0, y), w, fabs(y - y0));
	cairo_fill(r->cr);
}

/* "no data": a dash on the zero line. */
static void no_data(rd *r, const vplot *p, double x)
{
	text(r, "\xe2\x80\x93", FS_VALUE, 0, 0, 0, x, vmap(&p->s, 0, p->y1, p->y0) - 3, 0.5, 1,
	     C_NOTE);
}

/* The estimated width of one category before the layout is known. */
static double band_guess(rd *r)
{
	return (r->right - r->left - 70) / r->c->nlabels;
}

#define BAR_FILL 0.62   /* share of its band a single bar fills */
#define GROUP_FILL 0.8  /* share of its band a group of bars fills */

/* The width one bar (and its label) has in a band. */
static double bar_slot(const chart *c, double band)
{
	if (c->type == T_GROUPED)
		return fmin(band * GROUP_FILL, 60.0 * c->nser) / c->nser;
	return band;
}

/* vplot_setup with room for value labels (totals: of the stacks): how
 * they go is first guessed, then checked against the real bar width.
 * Returns the VL_ mode. */
static int vplot_labelled(rd *r, vplot *p, int totals)
{
	double lo, hi, room;
	int mode, m2;
	data_range(r->c, &lo, &hi);
	mode = vlabel_mode(r, bar_slot(r->c, band_guess(r)), totals, &room);
	vplot_setup(r, p, lo, hi, room, lo < 0 ? room : 0);
	m2 = vlabel_mode(r, bar_slot(r->c, p->band), totals, &room);
	if (m2 != mode)
		vplot_setup(r, p, lo, hi, room, lo < 0 ? room : 0);
	return m2;
}

static void draw_bar(rd *r)
{
	const chart *c = r->c;
	const double *v = c->ser[0].v;
	vplot p;
	size_t i;
	int mode = vplot_labelled(r, &p, 0);
	vplot_axes(r, &p);
	for (i = 0; i < c->nlabels; i++) {
		double cx = p.x0 + (i + 0.5) * p.band, w = fmin(p.band * BAR_FILL, 90);
		char *t;
		if (isnan(v[i])) {
			no_data(r, &p, cx);
			continue;
		}
		vbar(r, &p, cx - w / 2, w, v[i], palette[0]);
		t = value_text(c, v[i]);
		vlabel(r, mode, cx, vmap(&p.s, v[i], p.y1, p.y0), v[i] < 0, t, 0);
		free(t);
	}
	vplot_base(r, &p);
}

static void draw_grouped(rd *r)
{
	const chart *c = r->c;
	vplot p;
	size_t i, j;
	int mode = vplot_labelled(r, &p, 0);
	vplot_axes(r, &p);
	for (j = 0; j < c->nlabels; j++) {
		double gw = fmin(p.band * GROUP_FILL, 60.0 * c->nser), bw = gw / c->nser;
		double gx = p.x0 + (j + 0.5) * p.band - gw / 2;
		for (i = 0; i < c->nser; i++) {
			double v = c->ser[i].v[j], cx = gx + (i + 0.5) * bw;
			char *t;
			if (isnan(v)) {
				no_data(r, &p, cx);
				continue;
			}
			/* a hairline of white between neighbours */
			vbar(r, &p, gx + i * bw + 0.5, bw - 1, v, palette[i]);
			t = value_text(c, v);
			vlabel(r, mode, cx, vmap(&p.s, v, p.y1, p.y0), v < 0, t, 0);
			free(t);
		}
	}
	vplot_base(r, &p);
}

/* Text on a colour: dark on light colours, white on dark ones. */
static rgb ink_on(rgb bg)
{
	double lum = 0.2126 * bg.r + 0.7152 * bg.g + 0.0722 * bg.b;
	return lum > 0.45 ? C_TEXT : C_WHITE;
}

static void draw_stacked(rd *r)
{
	const chart *c = r->c;
	vplot p;
	size_t i, j;
	int mode = vplot_labelled(r, &p, 1);
	vplot_axes(r, &p);
	for (j = 0; j < c->nlabels; j++) {
		double cx = p.x0 + (j + 0.5) * p.band, w = fmin(p.band * BAR_FILL, 90);
		double tot = 0;
		int any = 0;
		char *t;
		for (i = 0; i < c->nser; i++) {
			double v = c->ser[i].v[j], ya, yb;
			PangoLayout *l;
			double tw, th;
			if (isnan(v) || v == 0) {
				any |= !isnan(v);
				continue;
			}
			any = 1;
			ya = vmap(&p.s, tot, p.y1, p.y0);
			yb = vmap(&p.s, tot + v, p.y1, p.y0);
			set_rgb(r, palette[i]);
			cairo_rectangle(r->cr, cx - w / 2, yb, w, ya - yb);
			cairo_fill(r->cr);
			/* a white line between segments */
			if (tot > 0)
				line(r, cx - w / 2, ya, cx + w / 2, ya, 1, C_WHITE);
			tot += v;
			/* the value inside its segment when it fits */
			t = value_text(c, v);
			l = tlayout(r, t, FS_NOTE, 0, 0, 0, PANGO_ALIGN_LEFT);
			tsize(l, &tw, &th);
			if (tw <= w - 4 && th <= ya - yb - 2)
				tdraw(r, l, cx, (ya + yb) / 2, 0.5, 0.5, 0, ink_on(palette[i]));
			g_object_unref(l);
			free(t);
		}
		if (!any) {
			no_data(r, &p, cx);
			continue;
		}
		t = value_text(c, tot);
		vlabel(r, mode, cx, vmap(&p.s, tot, p.y1, p.y0), 0, t, 1);
		free(t);
	}
	vplot_base(r, &p);
}

/* ------------------------------------------------------------------ */
/* Line chart                                                          */

static void marker(rd *r, double x, double y, double rad, rgb col)
{
	cairo_new_path(r->cr);
	cairo_arc(r->cr, x, y, rad, 0, 2 * PI);
	set_rgb(r, col);
	cairo_fill_preserve(r->cr);
	set_rgb(r, C_WHITE);
	cairo_set_line_width(r->cr, 1.5);
	cairo_stroke(r->cr);
}

static void draw_line(rd *r)
{
	const chart *c = r->c;
	double lo, hi, room = 8, lh;
	vplot p;
	size_t i, j;
	int mode = VL_NONE, below;
	cairo_t *cr = r->cr;
	data_range(c, &lo, &hi);
	/* one series: its values over the markers when they fit */
	if (c->nser == 1 && vlabel_mode(r, band_guess(r), 0, &room) == VL_ABOVE)
		mode = VL_ABOVE, room += 6;
	else
		room = 8;
	vplot_setup(r, &p, lo, hi, room, lo < 0 ? room : 0);
	vplot_axes(r, &p);
	vplot_base(r, &p);
	lh = text_height(r, "0", FS_VALUE, 0, 0, 0);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	for (i = 0; i < c->nser; i++) {
		const double *v = c->ser[i].v;
		int open = 0;
		for (j = 0; j < c->nlabels; j++) {
			double x = p.x0 + (j + 0.5) * p.band, y;
			if (isnan(v[j])) {
				open = 0;
				continue;
			}
			y = vmap(&p.s, v[j], p.y1, p.y0);
			if (open)
				cairo_line_to(cr, x, y);
			else
				cairo_move_to(cr, x, y);
			open = 1;
		}
		set_rgb(r, palette[i]);
		cairo_set_line_width(cr, 2.5);
		cairo_stroke(cr);
		for (j = 0; j < c->nlabels; j++) {
			double x = p.x0 + (j + 0.5) * p.band, y;
			char *t;
			if (isnan(v[j]))
				continue;
			y = vmap(&p.s, v[j], p.y1, p.y0);
			marker(r, x, y, 4, palette[i]);
			if (mode == VL_NONE)
				continue;
			/* below the marker at a low point (so the line does not
			 * cross it), when there is room above the zero line */
			{
				double pv = j > 0 ? v[j - 1] : NAN;
				double nv = j + 1 < c->nlabels ? v[j + 1] : NAN;
				below = (!isnan(pv) || !isnan(nv)) && !(pv <= v[j]) &&
					!(nv <= v[j]) &&
					(v[j] < 0 || y + 5 + lh < vmap(&p.s, 0, p.y1, p.y0) - 2);
			}
			t = value_text(c, v[j]);
			vlabel(r, mode, x, below ? y + 5 : y - 5, below, t, 0);
			free(t);
		}
	}
}

/* ------------------------------------------------------------------ */
/* Horizontal bars (rankings): labels left, bars right                 */

#define HBAR_ROW 30.0 /* the row height of a default-height hbar chart */

static void draw_hbar(rd *r)
{
	const chart *c = r->c;
	const double *v = c->ser[0].v;
	double lo, hi, lw = 0, vw = 0, th, x0, x1, y0, y1, band, top = r->top, bottom = r->bottom;
	char *xt = value_axis_title(c, c->x_label);
	vscale s;
	size_t i, step;
	int n, k;

	data_range(c, &lo, &hi);
	for (i = 0; i < c->nlabels; i++) {
		char *t;
		lw = fmax(lw, text_width(r, c->labels[i], FS_TICK, 0));
		if (isnan(v[i]))
			continue;
		t = value_text(c, v[i]);
		vw = fmax(vw, text_width(r, t, FS_VALUE, 0));
		free(t);
	}
	lw = fmin(lw, (r->right - r->left) * 0.34);
	if (c->y_label && c->y_label[0])
		top += text(r, c->y_label, FS_AXIS, 0, r->right - r->left, 1, r->left, top, 0, 0,
			    C_SUB) + 6;
	if (xt) {
		text(r, xt, FS_AXIS, 0, r->right - r->left, 1, r->left + lw + 10 +
		     (r->right - r->left - lw - 10) / 2, bottom, 0.5, 1, C_SUB);
		bottom -= text_height(r, xt, FS_AXIS, 0, 0, 0) + 6;
		free(xt);
	}
	th = text_height(r, "0", FS_TICK, 0, 0, 0);
	x0 = r->left + lw + 10 + (lo < 0 ? vw + 6 : 0);
	x1 = r->right - vw - 6;
	y0 = top;
	y1 = bottom - th - 6;
	if (y1 - y0 < 20)
		y0 = y1 - 20;
	band = (y1 - y0) / c->nlabels;

	/* ticks far enough apart for their labels */
	for (n = (int)((x1 - x0) / 70); ; n--) {
		s = nice_scale(lo, hi, c->max, n);
		if (n <= 2 || (x1 - x0) * s.step / (s.hi - s.lo) >= ticks_width(r, &s) + 12)
			break;
	}
	for (k = 0; k < nticks(&s); k++) {
		double t = tick(&s, k), x = vmap(&s, t, x0, x1);
		char *tt = tick_text(c, &s, t);
		if (t != 0)
			line(r, x, y0, x, y1, 1, C_GRID);
		text(r, tt, FS_TICK, 0, 0, 0, x, y1 + 6, 0.5, 0, C_SUB);
		free(tt);
	}
	step = (size_t)ceil(th / band - 1e-9);
	if (step < 1)
		step = 1;
	for (i = 0; i < c->nlabels; i++) {
		double cy = y0 + (i + 0.5) * band, bh = fmin(band * 0.68, 32);
		double xz = vmap(&s, 0, x0, x1), xv;
		char *t;
		/* two lines when the row has room for them; with rows thinner
		 * than a line, every step-th label */
		if (i % step == 0)
			text(r, c->labels[i], FS_TICK, 0, lw, band >= 2.4 * th ? 2 : 1, r->left + lw, cy,
			     1, 0.5, C_TEXT);
		if (isnan(v[i])) {
			text(r, "\xe2\x80\x93", FS_VALUE, 0, 0, 0, xz + 4, cy, 0, 0.5, C_NOTE);
			continue;
		}
		xv = vmap(&s, v[i], x0, x1);
		set_rgb(r, palette[0]);
		cairo_rectangle(r->cr, fmin(xz, xv), cy - bh / 2, fabs(xv - xz), bh);
		cairo_fill(r->cr);
		if (step > 1)
			continue; /* value labels would overlap too */
		t = value_text(c, v[i]);
		text(r, t, FS_VALUE, 0, 0, 0, v[i] < 0 ? xv - 4 : xv + 4, cy, v[i] < 0 ? 1 : 0, 0.5,
		     C_TEXT);
		free(t);
	}
	{
		double xz = vmap(&s, 0, x0, x1);
		line(r, xz, y0, xz, y1, 1.2, C_AXIS);
	}
}

/* ------------------------------------------------------------------ */
/* Radar                                                               */

/* Largest r such that a*(r + g) <= b holds, or INFINITY. */
static double radius_limit(double a, double b, double g)
{
	return a > 1e-9 ? b / a - g : INFINITY;
}

/* The radius of the largest web whose labels (lab, anchored at ha, va;
 * NULL: none) stay inside, trying centres up and down (the web is not
 * symmetric top to bottom); *cy gets the best centre. */
static double radar_fit(rd *r, PangoLayout **lab, const double *ha, const double *va,
			size_t n, double top, double gap, double *cy)
{
	double cx = (r->left + r->right) / 2, best = -1;
	size_t i;
	int k;
	for (k = 0; k <= 40; k++) {
		double y = top + (r->bottom - top) * (0.2 + 0.6 * k / 40);
		double rr = fmin(r->right - r->left, r->bottom - top) / 2 - 4;
		for (i = 0; i < n && lab[i]; i++) {
			double a = -PI / 2 + 2 * PI * i / n, ux = cos(a), uy = sin(a), w, h;
			tsize(lab[i], &w, &h);
			rr = fmin(rr, radius_limit(-ux, cx - r->left - ha[i] * w, gap));
			rr = fmin(rr, radius_limit(ux, r->right - cx - (1 - ha[i]) * w, gap));
			rr = fmin(rr, radius_limit(-uy, y - top - va[i] * h, gap));
			rr = fmin(rr, radius_limit(uy, r->bottom - y - (1 - va[i]) * h, gap));
		}
		if (rr > best + 0.01)
			best = rr, *cy = y;
	}
	return best;
}

static void draw_radar(rd *r)
{
	const chart *c = r->c;
	size_t n = c->nlabels, i, j;
	double lo, hi, cx = (r->left + r->right) / 2, cy, R, gap = 10;
	double lw = fmin(170, (r->right - r->left) * 0.24), top = r->top;
	PangoLayout **lab = xcalloc(n, sizeof *lab);
	double *ha = xcalloc(n, sizeof *ha), *va = xcalloc(n, sizeof *va);
	char *yt = value_axis_title(c, c->y_label);
	cairo_t *cr = r->cr;
	vscale s;
	int k, nt, extra, lines;

	if (yt) {
		top += text(r, yt, FS_AXIS, 0, r->right - r->left, 1, r->left, top, 0, 0, C_SUB) + 6;
		free(yt);
	}
	data_range(c, &lo, &hi);
	for (i = 0; i < n; i++) {
		double a = -PI / 2 + 2 * PI * i / n, ux = cos(a), uy = sin(a);
		ha[i] = ux > 0.1 ? 0 : ux < -0.1 ? 1 : 0.5;
		va[i] = uy > 0.3 ? 0 : uy < -0.3 ? 1 : 0.5;
	}
	cy = (top + r->bottom) / 2;
	/* labels of up to three lines; fewer when the web gets too small */
	for (lines = 3; lines >= 0; lines--) {
		for (i = 0; i < n; i++) {
			if (lab[i])
				g_object_unref(lab[i]);
			lab[i] = !lines ? NULL
					: tlayout(r, c->labels[i], FS_TICK, 0, lw, lines,
						  ha[i] == 0   ? PANGO_ALIGN_LEFT
						  : ha[i] == 1 ? PANGO_ALIGN_RIGHT
							       : PANGO_ALIGN_CENTER);
		}
		R = radar_fit(r, lab, ha, va, n, top, gap, &cy);
		if (R >= fmin(60, fmin(r->right - r->left, r->bottom - top) / 4))
			break;
	}
	R = fmax(R, 10);
	s = nice_scale(0, hi, c->max, R > 120 ? 5 : 4);

	/* the web: rings at the ticks, spokes, tick values up the first spoke */
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	nt = nticks(&s);
	extra = s.hi - tick(&s, nt - 1) > s.step * 1e-6;
	for (k = 1; k < nt + extra; k++) {
		double t = k < nt ? tick(&s, k) : s.hi, rr = R * t / s.hi;
		for (i = 0; i < n; i++) {
			double a = -PI / 2 + 2 * PI * i / n;
			if (i == 0)
				cairo_move_to(cr, cx + rr * cos(a), cy + rr * sin(a));
			else
				cairo_line_to(cr, cx + rr * cos(a), cy + rr * sin(a));
		}
		cairo_close_path(cr);
		set_rgb(r, k == nt + extra - 1 ? C_AXIS : C_GRID);
		cairo_set_line_width(cr, 1);
		cairo_stroke(cr);
	}
	for (i = 0; i < n; i++) {
		double a = -PI / 2 + 2 * PI * i / n;
		line(r, cx, cy, cx + R * cos(a), cy + R * sin(a), 1, C_GRID);
		if (lab[i])
			tdraw(r, lab[i], cx + (R + gap) * cos(a), cy + (R + gap) * sin(a), ha[i],
			      va[i], 0, C_TEXT);
	}

	/* tick values up the first spoke, under the series, on a white halo */
	for (k = 1; k < nt && R >= 60; k++) {
		double t = tick(&s, k), rr = R * t / s.hi;
		char *tt = tick_text(c, &s, t);
		PangoLayout *l = tlayout(r, tt, FS_NOTE, 0, 0, 0, PANGO_ALIGN_LEFT);
		double w, h;
		tsize(l, &w, &h);
		cairo_set_source_rgba(cr, 1, 1, 1, 0.8);
		cairo_rectangle(cr, cx + 3, cy - rr - h / 2, w + 2, h);
		cairo_fill(cr);
		tdraw(r, l, cx + 4, cy - rr, 0, 0.5, 0, C_SUB);
		g_object_unref(l);
		free(tt);
	}
	/* the series: translucent areas, outlines and markers */
	for (j = 0; j < c->nser; j++) {
		const double *v = c->ser[j].v;
		int first = 1;
		for (i = 0; i < n; i++) {
			double a = -PI / 2 + 2 * PI * i / n, rr;
			if (isnan(v[i]))
				continue;
			rr = R * v[i] / s.hi;
			if (first)
				cairo_move_to(cr, cx + rr * cos(a), cy + rr * sin(a));
			else
				cairo_line_to(cr, cx + rr * cos(a), cy + rr * sin(a));
			first = 0;
		}
		cairo_close_path(cr);
		cairo_set_source_rgba(cr, palette[j].r, palette[j].g, palette[j].b, 0.14);
		cairo_fill_preserve(cr);
		set_rgb(r, palette[j]);
		cairo_set_line_width(cr, 2.2);
		cairo_stroke(cr);
		for (i = 0; i < n; i++) {
			double a = -PI / 2 + 2 * PI * i / n, rr;
			if (isnan(v[i]))
				continue;
			rr = R * v[i] / s.hi;
			marker(r, cx + rr * cos(a), cy + rr * sin(a), 3.5, palette[j]);
		}
	}
	/* one series: its values by the markers */
	if (c->nser == 1) {
		const double *v = c->ser[0].v;
		for (i = 0; i < n; i++) {
			double a = -PI / 2 + 2 * PI * i / n, rr, ux = cos(a), uy = sin(a);
			char *t;
			if (isnan(v[i]))
				continue;
			rr = R * v[i] / s.hi + 8;
			t = value_text(c, v[i]);
			text(r, t, FS_VALUE, 1, 0, 0, cx + rr * ux, cy + rr * uy,
			     ux > 0.3 ? 0 : ux < -0.3 ? 1 : 0.5, uy > 0.3 ? 0 : uy < -0.3 ? 1 : 0.5,
			     C_TEXT);
			free(t);
		}
	}
	for (i = 0; i < n; i++)
		if (lab[i])
			g_object_unref(lab[i]);
	free(lab);
	free(ha);
	free(va);
}

/* ------------------------------------------------------------------ */
/* Donut                                                               */

static double donut_total(const chart *c)
{
	double sum = 0;
	size_t i;
	for (i = 0; i < c->nlabels; i++)
		if (!isnan(c->ser[0].v[i]))
			sum += c->ser[0].v[i];
	return sum;
}

/* Decimals for shares: none when every share is whole, else one. */
static int share_decimals(const chart *c)
{
	double sum = donut_total(c);
	size_t i;
	for (i = 0; i < c->nlabels; i++) {
		double v = c->ser[0].v[i];
		if (!isnan(v) && decimals_of(round_half_away(100 * v / sum, 1)) > 0)
			return 1;
	}
	return 0;
}

static char *share_text(const chart *c, double v, int dec)
{
	buf b = BUF_INIT;
	put_num(c, &b, 100 * v / donut_total(c), dec, 0);
	buf_putc(&b, '%');
	return buf_detach(&b);
}

/* The donut's legend in the column from x, w wide, centred on cy: a
 * swatch, the name with the value under it, the share on the right.
 * When that is too tall: the name on one line and no value. */
static void donut_legend(rd *r, double x, double w, double cy)
{
	const chart *c = r->c;
	const double *v = c->ser[0].v;
	size_t n = c->nlabels, i;
	PangoLayout **ln = xcalloc(n, sizeof *ln), **lv = xcalloc(n, sizeof *lv);
	PangoLayout **ls = xcalloc(n, sizeof *ls);
	double *rowh = xcalloc(n, sizeof *rowh), sw = text_width(r, "100.0%", FS_LEGEND, 1);
	double y, toth = 0, gap = 10, tw = w - 22 - sw - 8;
	int sd = share_decimals(c), compact;
	char *t;
	for (compact = 0; compact < 2; compact++) {
		toth = 0;
		gap = compact ? 4 : 10;
		for (i = 0; i < n; i++) {
			double h1, h2 = 0, h3;
			if (ln[i])
				g_object_unref(ln[i]);
			ln[i] = tlayout(r, c->labels[i], FS_LEGEND, 0, tw, compact ? 1 : 2,
					PANGO_ALIGN_LEFT);
			tsize(ln[i], NULL, &h1);
			if (!compact) {
				t = isnan(v[i]) ? xstrdup(c->ka ? "მონაცემი არ არის" : "no data")
						: fmt_num(c, v[i], c->decimals, NUM_UNIT);
				lv[i] = tlayout(r, t, FS_TICK, 0, tw, 1, PANGO_ALIGN_LEFT);
				free(t);
				tsize(lv[i], NULL, &h2);
				t = isnan(v[i]) ? xstrdup("") : share_text(c, v[i], sd);
				ls[i] = tlayout(r, t, FS_LEGEND, 1, 0, 0, PANGO_ALIGN_LEFT);
				free(t);
			}
			tsize(ls[i], NULL, &h3);
			rowh[i] = fmax(h1 + h2, h3);
			toth += rowh[i] + (i + 1 < n ? gap : 0);
		}
		if (toth <= r->bottom - r->top)
			break;
		for (i = 0; i < n; i++) {
			if (lv[i])
				g_object_unref(lv[i]);
			lv[i] = NULL;
		}
	}
	y = fmax(r->top, cy - toth / 2);
	for (i = 0; i < n; i++) {
		double h1;
		tsize(ln[i], NULL, &h1);
		if (y + rowh[i] > r->bottom + 2) {
			/* a legend taller than the chart: the rest stays unsaid
			 * here (the table and the alt text have it) */
			y = INFINITY;
			g_object_unref(ln[i]);
			if (lv[i])
				g_object_unref(lv[i]);
			g_object_unref(ls[i]);
			continue;
		}
		set_rgb(r, palette[i]);
		cairo_rectangle(r->cr, x, y + 3, 13, 13);
		cairo_fill(r->cr);
		tdraw(r, ln[i], x + 22, y, 0, 0, 0, C_TEXT);
		if (lv[i])
			tdraw(r, lv[i], x + 22, y + h1, 0, 0, 0, C_SUB);
		tdraw(r, ls[i], r->right, y, 1, 0, 0, C_TEXT);
		y += rowh[i] + gap;
		g_object_unref(ln[i]);
		if (lv[i])
			g_object_unref(lv[i]);
		g_object_unref(ls[i]);
	}
	free(ln);
	free(lv);
	free(ls);
	free(rowh);
}

static void draw_donut(rd *r)
{
	const chart *c = r->c;
	const double *v = c->ser[0].v;
	size_t n = c->nlabels, i;
	double sum = donut_total(c), a = -PI / 2, cx, cy, R, ri, lx, lw;
	double rw = r->right - r->left, rh = r->bottom - r->top;
	int sd = share_decimals(c);
	cairo_t *cr = r->cr;
	char *t;

	lw = fmin(320, rw * 0.46);
	R = fmax(30, fmin(rh, rw - lw - 24) / 2);
	ri = R * 0.58;
	cx = r->left + (rw - lw - 24 - 2 * R) / 2 + R;
	cy = (r->top + r->bottom) / 2;
	lx = r->right - lw;

	for (i = 0; i < n; i++) {
		double da;
		if (isnan(v[i]) || v[i] <= 0)
			continue;
		da = 2 * PI * v[i] / sum;
		cairo_new_path(cr);
		cairo_arc(cr, cx, cy, R, a, a + da);
		cairo_arc_negative(cr, cx, cy, ri, a + da, a);
		cairo_close_path(cr);
		set_rgb(r, palette[i]);
		cairo_fill_preserve(cr);
		set_rgb(r, C_WHITE);
		cairo_set_line_width(cr, 1.5);
		cairo_stroke(cr);
		/* the share on the ring when the slice has room for it */
		{
			PangoLayout *l;
			double w, h, m = a + da / 2, rm = (R + ri) / 2, chord;
			t = share_text(c, v[i], sd);
			l = tlayout(r, t, FS_VALUE, 1, 0, 0, PANGO_ALIGN_LEFT);
			tsize(l, &w, &h);
			chord = da < PI ? 2 * rm * sin(da / 2) : 2 * rm;
			if (chord > hypot(w, h) + 4 && R - ri > fmax(w, h) * 0.9)
				tdraw(r, l, cx + rm * cos(m), cy + rm * sin(m), 0.5, 0.5, 0,
				      ink_on(palette[i]));
			g_object_unref(l);
			free(t);
		}
		a += da;
	}

	/* the total in the hole */
	{
		char *tot = fmt_num(c, sum, c->decimals, NUM_UNIT);
		PangoLayout *l1 = tlayout(r, tot, FS_TITLE, 1, 2 * ri - 12, 1, PANGO_ALIGN_CENTER);
		PangoLayout *l2 = tlayout(r, c->ka ? "სულ" : "Total", FS_AXIS, 0, 2 * ri - 12, 1,
					  PANGO_ALIGN_CENTER);
		double h1, h2;
		tsize(l1, NULL, &h1);
		tsize(l2, NULL, &h2);
		/* only when the hole has room for it */
		if (!pango_layout_is_ellipsized(l1) && h1 + h2 < 1.4 * ri) {
			tdraw(r, l1, cx, cy - (h1 + h2) / 2, 0.5, 0, 0, C_TEXT);
			tdraw(r, l2, cx, cy - (h1 + h2) / 2 + h1, 0.5, 0, 0, C_SUB);
		}
		g_object_unref(l1);
		g_object_unref(l2);
		free(tot);
	}

	donut_legend(r, lx, lw, cy);
}

/* ------------------------------------------------------------------ */
/* Rendering                                                           */

static void rd_begin(rd *r, const chart *c, cairo_t *cr)
{
	cairo_font_options_t *fo = cairo_font_options_create();
	memset(r, 0, sizeof *r);
	r->c = c;
	r->cr = cr;
	r->W = c->width;
	r->H = c->height;
	r->m = c->width < 400 ? 10 : 16;
	/* a font map of our own: Pango's default one is per thread and
	 * lives for ever; this one goes with the render */
	r->fm = pango_cairo_font_map_new();
	r->pc = pango_font_map_create_context(r->fm);
	/* the same glyph shapes and advances at every scale and on every
	 * surface, so that the layout and the PNG bytes never vary */
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_subpixel_order(fo, CAIRO_SUBPIXEL_ORDER_DEFAULT);
	pango_cairo_context_set_font_options(r->pc, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(r->pc, FALSE);
	pango_context_set_language(r->pc, pango_language_from_string(c->ka ? "ka" : "en"));
	pango_context_set_base_dir(r->pc, PANGO_DIRECTION_LTR);
	pango_cairo_update_context(cr, r->pc);
}

static void rd_end(rd *r)
{
	g_object_unref(r->pc);
	g_object_unref(r->fm);
}

/* Draw c in CSS pixels from (0, 0) onto cr. */
static void render(const chart *c, cairo_t *cr)
{
	rd r;
	cairo_save(cr);
	cairo_new_path(cr); /* not the caller's path in our fills */
	rd_begin(&r, c, cr);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	frame(&r);
	switch (c->type) {
	case T_BAR: draw_bar(&r); break;
	case T_HBAR: draw_hbar(&r); break;
	case T_GROUPED: draw_grouped(&r); break;
	case T_STACKED: draw_stacked(&r); break;
	case T_LINE: draw_line(&r); break;
	case T_RADAR: draw_radar(&r); break;
	case T_DONUT: draw_donut(&r); break;
	}
	rd_end(&r);
	cairo_restore(cr);
}

/* An hbar chart without a height: HBAR_ROW per row plus what the frame
 * and the axis take. */
static double default_height(const chart *c)
{
	double h;
	if (c->type != T_HBAR)
		return 405;
	h = 2 * (c->width < 400 ? 10 : 16) + 26 + 12 + 20 + c->nlabels * HBAR_ROW;
	if (c->subtitle && c->subtitle[0])
		h += 20;
	if (c->note && c->note[0])
		h += 26;
	if ((c->x_label && c->x_label[0]) || (c->unit && c->unit[0] && !unit_is_pct(c)))
		h += 22;
	if (c->y_label && c->y_label[0])
		h += 22;
	return fmin(4000, fmax(200, ceil(h)));
}

static void draw_locked(const chart *c, cairo_t *cr, double x, double y, double w, double h)
{
	double s = fmin(w / c->width, h / c->height);
	if (!(s > 0))
		return;
	cairo_save(cr);
	cairo_translate(cr, x + (w - c->width * s) / 2, y + (h - c->height * s) / 2);
	cairo_scale(cr, s, s);
	render(c, cr);
	cairo_restore(cr);
}

static void truncate_buf(buf *b, size_t len)
{
	b->len = len;
	if (b->ptr)
		b->ptr[len] = 0;
}

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	buf_put(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static void png_to_buf(png_structp png, png_bytep data, png_size_t len)
{
	buf_put(png_get_io_ptr(png), data, len);
}

/* Encode an RGB24 image surface as PNG with libpng.  Cairo's own writer
 * compresses at zlib's default level, which made PNGs most of a chart's
 * cost; level 3 with the "up" filter is several times faster and, on
 * flat-coloured charts, hardly larger.  The bytes depend only on the
 * pixels, so the output stays deterministic. */
static int encode_png(cairo_surface_t *s, buf *out)
{
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s), y, x;
	const unsigned char *px = cairo_image_surface_get_data(s);
	unsigned char *row;
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	if (!png || !info) {
		png_destroy_write_struct(&png, &info);
		return -1;
	}
	row = xmalloc((size_t)w * 3);
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		free(row);
		return -1;
	}
	png_set_write_fn(png, out, png_to_buf, NULL);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_set_compression_level(png, 3);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
	png_write_info(png, info);
	for (y = 0; y < h; y++) {
		const uint32_t *src = (const uint32_t *)(const void *)(px + (size_t)y * (size_t)stride);
		for (x = 0; x < w; x++) {
			/* RGB24 is one native-endian 32-bit word: xRGB */
			row[3 * x] = (unsigned char)(src[x] >> 16);
			row[3 * x + 1] = (unsigned char)(src[x] >> 8);
			row[3 * x + 2] = (unsigned char)src[x];
		}
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	free(row);
	return 0;
}

static int png_locked(const chart *c, double scale, buf *out)
{
	cairo_surface_t *s;
	cairo_t *cr;
	int w, h, rc = 0;
	size_t len0 = out->len;
	if (!(scale > 0 && scale <= 8))
		return -1;
	w = (int)ceil(c->width * scale - 1e-9);
	h = (int)ceil(c->height * scale - 1e-9);
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	render(c, cr);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		rc = -1;
	cairo_destroy(cr);
	cairo_surface_flush(s);
	if (rc == 0 && encode_png(s, out) < 0)
		rc = -1;
	cairo_surface_destroy(s);
	if (rc)
		truncate_buf(out, len0);
	return rc;
}

/* ------------------------------------------------------------------ */
/* SVG                                                                 */

/* cairo numbers the ids of glyphs, clip paths and surfaces it writes
 * from counters of its own, some of them global, so two renders of one
 * chart may differ and two charts in one HTML page may clash.  This
 * pass renames every id to PREFIX-N, N counting from 1 in the order of
 * the document, and every reference to it (href="#..", url(#..)). */

typedef struct {
	const char **name; /* into the source text */
	size_t *len;
	size_t n, cap, lcap;
} idmap;

static long idmap_find(const idmap *m, const char *s, size_t len)
{
	size_t i;
	for (i = 0; i < m->n; i++)
		if (m->len[i] == len && memcmp(m->name[i], s, len) == 0)
			return (long)i;
	return -1;
}

/* Where an id or a reference to one starts at p, its length (up to the
 * closing quote or bracket) in *len, or NULL. */
static const char *id_at(const char *p, const char *end, const char *pre, char close,
			 size_t *len)
{
	size_t n = strlen(pre);
	const char *q;
	if ((size_t)(end - p) < n || memcmp(p, pre, n) != 0)
		return NULL;
	for (q = p + n; q < end && *q != close && *q != '"' && *q != '<'; q++)
		;
	if (q == end || *q != close)
		return NULL;
	*len = (size_t)(q - (p + n));
	return p + n;
}

/* Copy the number at *pp (digits with an optional sign and fraction)
 * rounded to two decimals: cairo writes six, which only makes the file
 * bigger (a hundredth of a CSS pixel is below any screen's resolution).
 * Done on the digits, so the locale cannot change the decimal point. */
static void put_short_num(const char **pp, const char *end, buf *out)
{
	const char *p = *pp;
	long long q = 0;
	int neg = 0, d = 0;
	if (p < end && *p == '-')
		neg = 1, p++;
	while (p < end && *p >= '0' && *p <= '9' && q < 100000000000LL)
		q = q * 10 + (*p++ - '0');
	q *= 100;
	if (p < end && *p == '.') {
		p++;
		for (; p < end && *p >= '0' && *p <= '9'; p++, d++) {
			if (d == 0)
				q += (*p - '0') * 10;
			else if (d == 1)
				q += *p - '0';
			else if (d == 2 && *p >= '5')
				q += 1;
		}
	}
	*pp = p;
	if (q == 0)
		neg = 0;
	buf_printf(out, "%s%lld", neg ? "-" : "", q / 100);
	if (q % 100)
		buf_printf(out, q % 10 ? ".%02lld" : ".%lld", q % 10 ? q % 100 : q % 100 / 10);
}

/* Copy an attribute value from p (after its opening quote) to its
 * closing quote, numbers shortened. */
static const char *put_short_attr(const char *p, const char *end, buf *out)
{
	while (p < end && *p != '"') {
		if ((*p >= '0' && *p <= '9') || (*p == '-' && p + 1 < end && p[1] >= '0' && p[1] <= '9'))
			put_short_num(&p, end, out);
		else
			buf_putc(out, *p++);
	}
	return p;
}

static void svg_rename_ids(const chart *c, const char *s, const char *end, buf *out)
{
	static const struct {
		const char *pre;
		char close;
	} refs[] = {{" id=\"", '"'}, {"href=\"#", '"'}, {"url(#", ')'}};
	idmap m = {NULL, NULL, 0, 0, 0};
	const char *p, *name;
	size_t len, k;

	for (p = s; p < end; p++)
		if ((name = id_at(p, end, refs[0].pre, '"', &len)) && idmap_find(&m, name, len) < 0) {
			xgrow(&m.name, &m.cap, m.n + 1, sizeof *m.name);
			xgrow(&m.len, &m.lcap, m.n + 1, sizeof *m.len);
			m.name[m.n] = name;
			m.len[m.n++] = len;
		}
	for (p = s; p < end;) {
		for (k = 0; k < 3; k++) {
			long i;
			if (!(name = id_at(p, end, refs[k].pre, refs[k].close, &len)))
				continue;
			if ((i = idmap_find(&m, name, len)) < 0)
				continue;
			buf_put(out, p, (size_t)(name - p));
			buf_printf(out, "%s-%ld", c->id, i + 1);
			p = name + len;
			break;
		}
		if (k < 3)
			continue;
		if ((size_t)(end - p) > 4 && (memcmp(p, " d=\"", 4) == 0 || memcmp(p, " x=\"", 4) == 0 ||
					      memcmp(p, " y=\"", 4) == 0)) {
			buf_put(out, p, 4);
			p = put_short_attr(p + 4, end, out);
		} else {
			buf_putc(out, *p++);
		}
	}
	free(m.name);
	free(m.len);
}

static int svg_locked(const chart *c, buf *out)
{
	buf raw = BUF_INIT;
	cairo_surface_t *s;
	cairo_t *cr;
	const char *body, *end;
	char *alt;
	int rc = 0;

	s = cairo_svg_surface_create_for_stream(write_buf, &raw, c->width, c->height);
	cairo_svg_surface_restrict_to_version(s, CAIRO_SVG_VERSION_1_1);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	render(c, cr);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		rc = -1;
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		rc = -1;
	cairo_surface_destroy(s);

	/* cairo's root element gives way to ours; the rest is kept */
	body = rc ? NULL : strstr(buf_cstr(&raw), "<svg");
	body = body ? strchr(body, '>') : NULL;
	end = body ? strstr(body, "</svg>") : NULL;
	if (!end) {
		buf_free(&raw);
		return -1;
	}
	body++;
	buf_printf(out,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		   "xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"%g\" height=\"%g\" "
		   "viewBox=\"0 0 %g %g\" role=\"img\" aria-labelledby=\"%s-title %s-desc\">\n",
		   c->width, c->height, c->width, c->height, c->id, c->id);
	buf_printf(out, "<title id=\"%s-title\">", c->id);
	buf_put_escaped(out, c->title, strlen(c->title));
	buf_printf(out, "</title>\n<desc id=\"%s-desc\">", c->id);
	alt = chart_alt(c);
	buf_put_escaped(out, alt, strlen(alt));
	free(alt);
	buf_puts(out, "</desc>");
	svg_rename_ids(c, body, end, out);
	buf_puts(out, "</svg>\n");
	buf_free(&raw);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Alt text                                                            */

static const char *const type_en[] = {"Bar chart",   "Horizontal bar chart", "Grouped bar chart",
				       "Stacked bar chart", "Line chart", "Radar chart",
				       "Donut chart"};
static const char *const type_ka[] = {
	"სვეტოვანი დიაგრამა",           "ჰორიზონტალური სვეტოვანი დიაგრამა",
	"დაჯგუფებული სვეტოვანი დიაგრამა", "დაგროვებითი სვეტოვანი დიაგრამა",
	"ხაზოვანი დიაგრამა",             "რადარული დიაგრამა",
	"რგოლური დიაგრამა"};

/* The value of series si at label j; stacked charts (si < 0): the total. */
static double point_value(const chart *c, int si, size_t j)
{
	double t = 0;
	size_t i;
	int any = 0;
	if (si >= 0)
		return c->ser[si].v[j];
	for (i = 0; i < c->nser; i++)
		if (!isnan(c->ser[i].v[j]))
			t += c->ser[i].v[j], any = 1;
	return any ? t : NAN;
}

/* The first largest and first smallest value; returns how many there are. */
static size_t extremes(const chart *c, int si, size_t *imax, size_t *imin)
{
	size_t j, n = 0;
	for (j = 0; j < c->nlabels; j++) {
		double v = point_value(c, si, j);
		if (isnan(v))
			continue;
		if (!n++ || v > point_value(c, si, *imax))
			*imax = j;
		if (n == 1 || v < point_value(c, si, *imin))
			*imin = j;
	}
	return n;
}

/* "X is highest at 72.5%, Y lowest at 31.0%" (stacked: totals). */
static void alt_extremes(const chart *c, int si, buf *b)
{
	size_t imax = 0, imin = 0, n = extremes(c, si, &imax, &imin);
	char *hi = n ? fmt_num(c, point_value(c, si, imax), c->decimals, NUM_UNIT) : NULL;
	char *lo = n ? fmt_num(c, point_value(c, si, imin), c->decimals, NUM_UNIT) : NULL;
	const char *total = si < 0 ? " ჯამი" : "";
	if (n == 0)
		buf_puts(b, c->ka ? "მონაცემები არ არის" : "no data");
	else if (n == 1)
		buf_printf(b, c->ka ? "%s — %s" : "%s is %s", c->labels[imax], hi);
	else if (point_value(c, si, imax) == point_value(c, si, imin))
		buf_printf(b, c->ka ? "ყველა %s — %s" : "all %s are %s",
			   si < 0 ? (c->ka ? "ჯამი" : "totals") : (c->ka ? "მნიშვნელობა" : "values"),
			   hi);
	else if (c->ka)
		buf_printf(b, "ყველაზე მაღალი%s — %s, %s; ყველაზე დაბალი — %s, %s", total,
			   c->labels[imax], hi, c->labels[imin], lo);
	else if (si < 0)
		buf_printf(b, "%s has the highest total at %s, %s the lowest at %s",
			   c->labels[imax], hi, c->labels[imin], lo);
	else
		buf_printf(b, "%s is highest at %s, %s lowest at %s", c->labels[imax], hi,
			   c->labels[imin], lo);
	free(hi);
	free(lo);
}

/* grouped: the category whose value changes most from the first series
 * to the last; 0 when no category has both. */
static int alt_change(const chart *c, buf *b)
{
	size_t j, best = 0, last = c->nser - 1;
	double d = -1;
	char *a, *z;
	for (j = 0; j < c->nlabels; j++) {
		double v0 = c->ser[0].v[j], v1 = c->ser[last].v[j];
		if (!isnan(v0) && !isnan(v1) && fabs(v1 - v0) > d)
			d = fabs(v1 - v0), best = j;
	}
	if (d < 0)
		return 0;
	a = fmt_num(c, c->ser[0].v[best], c->decimals, NUM_UNIT);
	z = fmt_num(c, c->ser[last].v[best], c->decimals, NUM_UNIT);
	if (c->ka)
		buf_printf(b, "ყველაზე დიდი ცვლილება — %s: %s – %s, %s – %s", c->labels[best],
			   c->ser[0].name, a, c->ser[last].name, z);
	else
		buf_printf(b, "the biggest change from %s to %s is in %s, from %s to %s",
			   c->ser[0].name, c->ser[last].name, c->labels[best], a, z);
	free(a);
	free(z);
	return 1;
}

/* line: each series from its first value to its last. */
static void alt_trends(const chart *c, buf *b)
{
	size_t i, j, f, l;
	for (i = 0; i < c->nser; i++) {
		const double *v = c->ser[i].v;
		const char *name = c->ser[i].name[0] ? c->ser[i].name
						     : c->ka ? "მნიშვნელობა" : "the value";
		char *a, *z;
		for (f = 0; f < c->nlabels && isnan(v[f]); f++)
			;
		if (f == c->nlabels)
			continue;
		for (l = f, j = f; j < c->nlabels; j++)
			if (!isnan(v[j]))
				l = j;
		if (b->len && b->ptr[b->len - 1] != ' ')
			buf_puts(b, "; ");
		a = fmt_num(c, v[f], c->decimals, NUM_UNIT);
		z = fmt_num(c, v[l], c->decimals, NUM_UNIT);
		if (l == f)
			buf_printf(b, c->ka ? "%s: %s — %s" : "%s: %s in %s", name,
				   c->ka ? c->labels[f] : a, c->ka ? a : c->labels[f]);
		else if (c->ka)
			buf_printf(b, "%s: %s — %s, %s — %s (%s)", name, c->labels[f], a,
				   c->labels[l], z,
				   v[l] > v[f] ? "ზრდა" : v[l] < v[f] ? "კლება" : "უცვლელი");
		else
			buf_printf(b, "%s %s from %s (%s) to %s (%s)", name,
				   v[l] > v[f] ? "rose" : v[l] < v[f] ? "fell" : "stayed the same",
				   a, c->labels[f], z, c->labels[l]);
		free(a);
		free(z);
	}
}

/* donut: the largest and smallest slice with its share. */
static void alt_shares(const chart *c, buf *b)
{
	size_t imax = 0, imin = 0, n = extremes(c, 0, &imax, &imin);
	int sd = share_decimals(c);
	char *hv = fmt_num(c, c->ser[0].v[imax], c->decimals, NUM_UNIT);
	char *lv = fmt_num(c, c->ser[0].v[imin], c->decimals, NUM_UNIT);
	char *hs = share_text(c, c->ser[0].v[imax], sd), *ls = share_text(c, c->ser[0].v[imin], sd);
	if (n == 1 || imax == imin)
		buf_printf(b, c->ka ? "%s — %s (%s)" : "%s is %s (%s)", c->labels[imax], hs, hv);
	else if (c->ka)
		buf_printf(b, "ყველაზე დიდი წილი — %s, %s (%s); ყველაზე მცირე — %s, %s (%s)",
			   c->labels[imax], hs, hv, c->labels[imin], ls, lv);
	else
		buf_printf(b, "%s has the largest share at %s (%s), %s the smallest at %s (%s)",
			   c->labels[imax], hs, hv, c->labels[imin], ls, lv);
	free(hv);
	free(lv);
	free(hs);
	free(ls);
}

char *chart_alt(const chart *c)
{
	buf b = BUF_INIT;
	size_t n0;
	int rs = 0;
	buf_puts(&b, (c->ka ? type_ka : type_en)[c->type]);
	if (c->type == T_RADAR) {
		/* the last series that has values */
		size_t imax, imin;
		for (rs = (int)c->nser - 1; rs > 0 && !extremes(c, rs, &imax, &imin); rs--)
			;
		if (c->nser > 1)
			buf_printf(&b, " (%s)", c->ser[rs].name);
	}
	buf_puts(&b, ": ");
	n0 = b.len;
	switch (c->type) {
	case T_BAR:
	case T_HBAR:
		alt_extremes(c, 0, &b);
		break;
	case T_GROUPED:
		if (c->nser < 2 || !alt_change(c, &b))
			alt_extremes(c, 0, &b);
		break;
	case T_STACKED:
		alt_extremes(c, -1, &b);
		break;
	case T_LINE:
		alt_trends(c, &b);
		break;
	case T_RADAR:
		alt_extremes(c, rs, &b);
		break;
	case T_DONUT:
		alt_shares(c, &b);
		break;
	}
	/* English sentences start with a capital */
	if (!c->ka && (strncmp(b.ptr + n0, "the ", 4) == 0 || strncmp(b.ptr + n0, "all ", 4) == 0 ||
		       strncmp(b.ptr + n0, "no data", 7) == 0))
		b.ptr[n0] = (char)(b.ptr[n0] - 'a' + 'A');
	buf_putc(&b, '.');
	return buf_detach(&b);
}

/* ------------------------------------------------------------------ */
/* The data table                                                      */

static void th_col(buf *out, const char *s)
{
	buf_puts(out, "<th scope=\"col\">");
	buf_put_escaped(out, s, strlen(s));
	buf_puts(out, "</th>");
}

static void td_num(const chart *c, buf *out, double v, int dec, int share)
{
	buf t = BUF_INIT;
	if (isnan(v)) {
		buf_puts(out, "<td class=\"num na\">");
		buf_puts(out, c->ka ? "მონაცემი არ არის" : "no data");
		buf_puts(out, "</td>");
		return;
	}
	if (share) {
		put_num(c, &t, v, dec, NUM_ASCII);
		buf_putc(&t, '%');
	} else {
		put_num(c, &t, v, dec, NUM_UNIT | NUM_ASCII);
	}
	buf_puts(out, "<td class=\"num\">");
	buf_put_escaped(out, t.ptr, t.len);
	buf_puts(out, "</td>");
	buf_free(&t);
}

void chart_table_html(const chart *c, buf *out)
{
	size_t i, j;
	int sd = c->type == T_DONUT ? share_decimals(c) : 0;
	buf_puts(out, "<table class=\"chart-data\">\n<caption>");
	buf_put_escaped(out, c->title, strlen(c->title));
	buf_puts(out, "</caption>\n<thead><tr>");
	th_col(out, c->x_label && c->x_label[0] && c->type != T_HBAR ? c->x_label
		    : c->y_label && c->y_label[0] && c->type == T_HBAR ? c->y_label
		    : c->ka ? "კატეგორია" : "Category");
	for (i = 0; i < c->nser; i++) {
		const char *h = c->ser[i].name;
		const char *axis = c->type == T_HBAR ? c->x_label : c->y_label;
		if (!h[0])
			h = axis && axis[0] ? axis : c->ka ? "მნიშვნელობა" : "Value";
		th_col(out, h);
	}
	if (c->type == T_STACKED)
		th_col(out, c->ka ? "სულ" : "Total");
	if (c->type == T_DONUT)
		th_col(out, c->ka ? "წილი" : "Share");
	buf_puts(out, "</tr></thead>\n<tbody>\n");
	for (j = 0; j < c->nlabels; j++) {
		buf_puts(out, "<tr><th scope=\"row\">");
		buf_put_escaped(out, c->labels[j], strlen(c->labels[j]));
		buf_puts(out, "</th>");
		for (i = 0; i < c->nser; i++)
			td_num(c, out, c->ser[i].v[j], c->decimals, 0);
		if (c->type == T_STACKED)
			td_num(c, out, point_value(c, -1, j), c->decimals, 0);
		if (c->type == T_DONUT)
			td_num(c, out,
			       isnan(c->ser[0].v[j]) ? NAN : 100 * c->ser[0].v[j] / donut_total(c),
			       sd, 1);
		buf_puts(out, "</tr>\n");
	}
	buf_puts(out, "</tbody>\n</table>\n");
}

/* ------------------------------------------------------------------ */
/* Fonts                                                               */

static int unknown_glyphs(rd *r, const char *s, int bold)
{
	PangoLayout *l;
	int n;
	if (!s || !s[0])
		return 0;
	l = tlayout(r, s, 12, bold, 0, 0, PANGO_ALIGN_LEFT);
	n = pango_layout_get_unknown_glyphs_count(l);
	g_object_unref(l);
	return n;
}

static int missing_locked(const chart *c)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
	cairo_t *cr = cairo_create(s);
	char *alt = chart_alt(c);
	rd r;
	size_t i;
	int n;
	rd_begin(&r, c, cr);
	n = unknown_glyphs(&r, c->title, 1) + unknown_glyphs(&r, c->subtitle, 0) +
	    unknown_glyphs(&r, c->x_label, 0) + unknown_glyphs(&r, c->y_label, 0) +
	    unknown_glyphs(&r, c->unit, 0) + unknown_glyphs(&r, c->note, 0) +
	    unknown_glyphs(&r, alt, 0) + unknown_glyphs(&r, alt, 1);
	for (i = 0; i < c->nlabels; i++)
		n += unknown_glyphs(&r, c->labels[i], 0);
	for (i = 0; i < c->nser; i++)
		n += unknown_glyphs(&r, c->ser[i].name, 0);
	rd_end(&r);
	free(alt);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return n;
}

/* ------------------------------------------------------------------ */
/* One chart drawn at a time                                           */

/* Charts are made on the build's threads, but drawing is done under
 * one lock.  Each drawing has its own Pango font map, yet Cairo 1.16
 * shares FreeType faces and glyph caches between all its surfaces
 * (the SVG surface writes glyph outlines when it is finished), and a
 * build crashed once in libcairo with two charts drawn at the same
 * time, as the PDF books did before them (pdf.c).  The lock costs
 * little: a chart draws in milliseconds, and the build cache (cache.h)
 * draws only the charts whose data changed. */
static pthread_mutex_t draw_lock = PTHREAD_MUTEX_INITIALIZER;

void chart_draw(const chart *c, cairo_t *cr, double x, double y, double w, double h)
{
	pthread_mutex_lock(&draw_lock);
	draw_locked(c, cr, x, y, w, h);
	pthread_mutex_unlock(&draw_lock);
}

int chart_png(const chart *c, double scale, buf *out)
{
	int rc;
	pthread_mutex_lock(&draw_lock);
	rc = png_locked(c, scale, out);
	pthread_mutex_unlock(&draw_lock);
	return rc;
}

int chart_svg(const chart *c, buf *out)
{
	int rc;
	pthread_mutex_lock(&draw_lock);
	rc = svg_locked(c, out);
	pthread_mutex_unlock(&draw_lock);
	return rc;
}

int chart_missing_glyphs(const chart *c)
{
	int n;
	pthread_mutex_lock(&draw_lock);
	n = missing_locked(c);
	pthread_mutex_unlock(&draw_lock);
	return n;
}

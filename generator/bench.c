/*
 * bench.c - see bench.h.
 *
 * The benchmarking index of a municipality in a phase:
 *   area %  = 100 * sum(score * weight) / sum(max * weight)
 *             over the indicators of the area that were assessed
 *   index   = sum(area weight * area %) / sum(area weight)
 *             over the areas with at least one assessed indicator
 * A score cell left empty means "not assessed": it counts in neither sum
 * and lowers the completeness (assessed indicators / all indicators).
 * Ranks are competition ranks (1, 2, 2, 4), highest index first, like
 * Excel's RANK, so the workbook's formulas give the same ranks.
 */
#include "bench.h"
#include "buf.h"
#include "htab.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const h_phase[] = {"municipality", "indicator", "score", "evidence", "note", NULL};
static const char *const h_pb[] = {"municipality", "year", "proposals", "votes",
				   "participants_women", "participants_men",
				   "participants_under30", "participants_30to64",
				   "participants_65plus", "funded_projects", "amount_gel", NULL};
static const char *const h_contests[] = {"year", "category", "entries", "winners", NULL};
static const char *const h_forums[] = {"year", "actor_type", "region", "participants", NULL};
static const char *const h_trainings[] = {"course", "year", "participants", "completed", NULL};
static const char *const h_legal[] = {"type", "year", "count", NULL};

const char *const *bench_headers(const char *rel)
{
	if (!strcmp(rel, "benchmarking/phase-1.csv") || !strcmp(rel, "benchmarking/phase-2.csv"))
		return h_phase;
	if (!strcmp(rel, "pb.csv"))
		return h_pb;
	if (!strcmp(rel, "contests.csv"))
		return h_contests;
	if (!strcmp(rel, "forums.csv"))
		return h_forums;
	if (!strcmp(rel, "trainings.csv"))
		return h_trainings;
	if (!strcmp(rel, "legal.csv"))
		return h_legal;
	return NULL;
}

double bench_round(double x, int d)
{
	double m = pow(10, d);
	/* the small nudge keeps 62.25 (stored as 62.2499999...) rounding up */
	return (x < 0 ? -1 : 1) * floor(fabs(x) * m + 0.5 + 1e-9) / m;
}

/* key: x rounded to d decimals, and key_t: the same as text with exactly
 * d decimals ("62.0"), so templates show the numbers the tables and the
 * workbook show.  signed_ puts a + before positive numbers. */
static void put_fixed(value *m, const char *key, double x, int d, int signed_)
{
	char k[64], t[64];
	double r = bench_round(x, d);
	if (r == 0)
		r = 0; /* no "-0.0" */
	val_set_num(m, key, r);
	snprintf(k, sizeof k, "%s_t", key);
	snprintf(t, sizeof t, signed_ && r > 0 ? "+%.*f" : "%.*f", d, r);
	val_set_str(m, k, t);
}

typedef struct ctx {
	const char *dir;
	err_list *errs;
	int before;
} ctx;

static char *fpath(ctx *c, const char *rel)
{
	return xasprintf("%s/%s", c->dir, rel);
}

/* A {ka, en} name map is required to have string values. */
static int check_names(ctx *c, const char *path, const value *owner, const char *key)
{
	const value *n = val_get(owner, key);
	size_t i;
	if (!n || n->kind != VAL_MAP || n->u.map.len == 0) {
		err_add(c->errs, path, n ? n->line : owner->line, n ? n->col : owner->col,
			"'%s' must map languages to text ({ka: ..., en: ...})", key);
		return -1;
	}
	for (i = 0; i < n->u.map.len; i++)
		if (n->u.map.vals[i]->kind != VAL_STR) {
			err_add(c->errs, path, n->u.map.vals[i]->line, n->u.map.vals[i]->col,
				"'%s.%s' must be text", key, n->u.map.keys[i]);
			return -1;
		}
	return 0;
}

static int get_num(ctx *c, const char *path, const value *m, const char *key,
		   double *out, int required)
{
	const value *v = val_get(m, key);
	if (!v || v->kind == VAL_NULL) {
		if (required)
			err_add(c->errs, path, m->line, m->col, "'%s' is required", key);
		return -1;
	}
	if (v->kind != VAL_NUM) {
		err_add(c->errs, path, v->line, v->col, "'%s' must be a number", key);
		return -1;
	}
	*out = v->u.n;
	return 0;
}

static const char *get_id(ctx *c, const char *path, const value *m, htab *seen, const char *what)
{
	const value *v = val_get(m, "id");
	const char *s = val_cstr(v), *p;
	if (!s || !*s) {
		err_add(c->errs, path, m->line, m->col, "every %s needs an 'id'", what);
		return NULL;
	}
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_')) {
			err_add(c->errs, path, v->line, v->col,
				"%s id '%s' must be lowercase Latin letters, digits and '-'", what, s);
			return NULL;
		}
	if (seen && htab_put(seen, s, (void *)m)) {
		err_add(c->errs, path, v->line, v->col, "%s id '%s' is used twice", what, s);
		return NULL;
	}
	return s;
}

/* ---- municipalities and instrument ---- */

typedef struct indicator {
	const char *id;
	const value *src;
	double max, weight;
	int area;
} indicator;

typedef struct area {
	const char *id;
	const value *src;
	double weight;
	size_t first, n; /* its indicators */
} area;

typedef struct muni {
	const char *id;
	const value *src;
	const char *region;
	double population;
} muni;

typedef struct model {
	muni *m;
	size_t nm;
	area *a;
	size_t na;
	indicator *ind;
	size_t nind;
	const value *regions;
	htab *mh, *ih, *rh; /* id -> index + 1 */
} model;

static void model_free(model *md)
{
	free(md->m);
	free(md->a);
	free(md->ind);
	htab_free(md->mh);
	htab_free(md->ih);
	htab_free(md->rh);
}

static int load_munis(ctx *c, const value *data, model *md)
{
	char *path = fpath(c, "municipalities.yaml");
	const value *root = val_get(data, "municipalities");
	const value *list = val_get(root, "municipalities");
	const value *regs = val_get(root, "regions");
	htab *seen = htab_new();
	size_t i;
	md->mh = htab_new();
	md->rh = htab_new();
	if (!root) {
		free(path);
		htab_free(seen);
		return -1;
	}
	if (!regs || regs->kind != VAL_LIST)
		err_add(c->errs, path, root->line, root->col, "'regions' must be a list");
	for (i = 0; i < val_len(regs); i++) {
		const value *r = val_at(regs, i);
		const char *id = get_id(c, path, r, NULL, "region");
		if (id && htab_put(md->rh, id, (void *)(i + 1)))
			err_add(c->errs, path, r->line, r->col, "region id '%s' is used twice", id);
		check_names(c, path, r, "name");
	}
	md->regions = regs;
	if (!list || list->kind != VAL_LIST) {
		err_add(c->errs, path, root->line, root->col, "'municipalities' must be a list");
		free(path);
		htab_free(seen);
		return -1;
	}
	md->m = xcalloc(val_len(list) + 1, sizeof *md->m);
	for (i = 0; i < val_len(list); i++) {
		const value *mv = val_at(list, i);
		muni *m = &md->m[md->nm];
		const value *rv = val_get(mv, "region");
		const char *id = get_id(c, path, mv, seen, "municipality");
		if (!id)
			continue;
		check_names(c, path, mv, "name");
		m->id = id;
		m->src = mv;
		m->region = val_cstr(rv);
		if (!m->region || !htab_get(md->rh, m->region))
			err_add(c->errs, path, rv ? rv->line : mv->line, rv ? rv->col : mv->col,
				"unknown region '%s'", m->region ? m->region : "");
		if (get_num(c, path, mv, "population", &m->population, 1) == 0 && m->population <= 0)
			err_add(c->errs, path, val_get(mv, "population")->line,
				val_get(mv, "population")->col, "population must be positive");
		md->nm++;
		htab_put(md->mh, id, (void *)(md->nm));
	}
	htab_free(seen);
	free(path);
	return 0;
}

static int load_instrument(ctx *c, const value *data, model *md)
{
	char *path = fpath(c, "benchmarking/instrument.yaml");
	const value *root = val_path(data, "benchmarking.instrument");
	const value *areas = val_get(root, "areas");
	htab *aseen = htab_new();
	size_t i, k, total = 0;
	md->ih = htab_new();
	if (!root) {
		free(path);
		htab_free(aseen);
		return -1;
	}
	if (!areas || areas->kind != VAL_LIST || areas->u.list.len == 0) {
		err_add(c->errs, path, root->line, root->col, "'areas' must be a non-empty list");
		free(path);
		htab_free(aseen);
		return -1;
	}
	for (i = 0; i < val_len(areas); i++)
		total += val_len(val_get(val_at(areas, i), "indicators"));
	md->a = xcalloc(val_len(areas) + 1, sizeof *md->a);
	md->ind = xcalloc(total + 1, sizeof *md->ind);
	for (i = 0; i < val_len(areas); i++) {
		const value *av = val_at(areas, i), *inds = val_get(av, "indicators");
		area *a = &md->a[md->na];
		a->id = get_id(c, path, av, aseen, "area");
		a->src = av;
		check_names(c, path, av, "name");
		if (get_num(c, path, av, "weight", &a->weight, 1) == 0 && a->weight <= 0)
			err_add(c->errs, path, val_get(av, "weight")->line,
				val_get(av, "weight")->col, "an area weight must be positive");
		if (!inds || inds->kind != VAL_LIST || inds->u.list.len == 0) {
			err_add(c->errs, path, av->line, av->col, "area '%s' needs a list of indicators",
				a->id ? a->id : "");
			continue;
		}
		a->first = md->nind;
		for (k = 0; k < val_len(inds); k++) {
			const value *iv = val_at(inds, k);
			indicator *in = &md->ind[md->nind];
			in->id = get_id(c, path, iv, NULL, "indicator");
			in->src = iv;
			in->area = (int)md->na;
			in->weight = 1;
			check_names(c, path, iv, "name");
			if (get_num(c, path, iv, "max", &in->max, 1) == 0 &&
			    (in->max <= 0 || in->max != floor(in->max)))
				err_add(c->errs, path, val_get(iv, "max")->line, val_get(iv, "max")->col,
					"'max' must be a positive whole number");
			if (val_get(iv, "weight") && get_num(c, path, iv, "weight", &in->weight, 0) == 0 &&
			    in->weight <= 0)
				err_add(c->errs, path, val_get(iv, "weight")->line,
					val_get(iv, "weight")->col, "an indicator weight must be positive");
			if (!in->id)
				continue;
			if (htab_put(md->ih, in->id, (void *)(md->nind + 1))) {
				const value *idv = val_get(iv, "id");
				err_add(c->errs, path, idv->line, idv->col, "indicator id '%s' is used twice",
					in->id);
				continue;
			}
			md->nind++;
		}
		a->n = md->nind - a->first;
		md->na++;
	}
	htab_free(aseen);
	free(path);
	return 0;
}

/* The number in a CSV cell, or -1 when it is not one. */
static int num_of(const value *cell, double *out)
{
	const char *s = val_cstr(cell);
	char *end;
	if (!s || !*s || *s == ' ')
		return -1;
	*out = strtod(s, &end);
	return *end || !isfinite(*out) ? -1 : 0;
}

/* ---- phases ---- */

typedef struct cell {
	double score;
	int assessed;      /* 0: left empty */
	int present;       /* a row exists */
	const value *row;
} cell;

/* Read one phase file into cells[m * nind + i]. */
static void load_phase(ctx *c, const value *data, model *md, int phase, cell *cells)
{
	char rel[64];
	const value *rows;
	char *path;
	size_t r;
	snprintf(rel, sizeof rel, "phase-%d", phase);
	rows = val_get(val_get(data, "benchmarking"), rel);
	snprintf(rel, sizeof rel, "benchmarking/phase-%d.csv", phase);
	path = fpath(c, rel);
	if (!rows) {
		err_add(c->errs, path, 0, 0, "missing: the benchmarking needs both phases");
		free(path);
		return;
	}
	for (r = 0; r < val_len(rows); r++) {
		const value *row = val_at(rows, r);
		const value *mv = val_get(row, "municipality"), *iv = val_get(row, "indicator");
		const value *sv = val_get(row, "score");
		size_t mi = (size_t)htab_get(md->mh, val_cstr(mv) ? val_cstr(mv) : "");
		size_t ii = (size_t)htab_get(md->ih, val_cstr(iv) ? val_cstr(iv) : "");
		cell *ce;
		double score;
		if (!mi)
			err_add(c->errs, path, mv->line, mv->col, "unknown municipality '%s'", val_cstr(mv));
		if (!ii)
			err_add(c->errs, path, iv->line, iv->col, "unknown indicator '%s'", val_cstr(iv));
		if (!mi || !ii)
			continue;
		ce = &cells[(mi - 1) * md->nind + (ii - 1)];
		if (ce->present) {
			err_add(c->errs, path, row->line, 1,
				"duplicate row: %s / %s is already scored at line %d",
				val_cstr(mv), val_cstr(iv), ce->row->line);
			continue;
		}
		ce->present = 1;
		ce->row = row;
		if (!val_cstr(sv) || !val_cstr(sv)[0])
			continue; /* not assessed */
		if (num_of(sv, &score) < 0) {
			err_add(c->errs, path, sv->line, sv->col, "score '%s' is not a number", val_cstr(sv));
			continue;
		}
		if (score < 0)
			err_add(c->errs, path, sv->line, sv->col, "score %s is negative", val_cstr(sv));
		else if (score > md->ind[ii - 1].max)
			err_add(c->errs, path, sv->line, sv->col,
				"score %s is above the maximum %g of indicator '%s'", val_cstr(sv),
				md->ind[ii - 1].max, md->ind[ii - 1].id);
		else {
			ce->score = score;
			ce->assessed = 1;
		}
	}
	/* every pair must have a row (an empty score says "not assessed") */
	{
		size_t m, i;
		int last = val_len(rows) ? val_at(rows, val_len(rows) - 1)->line + 1 : 2;
		for (m = 0; m < md->nm; m++)
			for (i = 0; i < md->nind; i++)
				if (!cells[m * md->nind + i].present)
					err_add(c->errs, path, last, 1,
						"missing row for municipality '%s', indicator '%s'",
						md->m[m].id, md->ind[i].id);
	}
	free(path);
}

/* ---- computing ---- */

typedef struct result {
	double area_pct[64];
	int area_ok[64];
	double index;
	int has_index;
	double completeness;
	int rank, region_rank;
} result;

static void compute_phase(const model *md, const cell *cells, result *res)
{
	size_t m, a, i, k;
	for (m = 0; m < md->nm; m++) {
		result *r = &res[m];
		double wsum = 0, isum = 0;
		size_t assessed = 0;
		memset(r, 0, sizeof *r);
		for (a = 0; a < md->na && a < 64; a++) {
			double earned = 0, possible = 0;
			for (i = md->a[a].first; i < md->a[a].first + md->a[a].n; i++) {
				const cell *ce = &cells[m * md->nind + i];
				if (!ce->assessed)
					continue;
				earned += ce->score * md->ind[i].weight;
				possible += md->ind[i].max * md->ind[i].weight;
				assessed++;
			}
			if (possible > 0) {
				r->area_pct[a] = 100.0 * earned / possible;
				r->area_ok[a] = 1;
				wsum += md->a[a].weight;
				isum += md->a[a].weight * r->area_pct[a];
			}
		}
		r->has_index = wsum > 0;
		r->index = wsum > 0 ? isum / wsum : 0;
		r->completeness = md->nind ? 100.0 * (double)assessed / (double)md->nind : 0;
	}
	/* competition ranks, overall and within the region */
	for (m = 0; m < md->nm; m++) {
		int rank = 1, rrank = 1;
		if (!res[m].has_index)
			continue;
		for (k = 0; k < md->nm; k++) {
			if (!res[k].has_index || res[k].index <= res[m].index)
				continue;
			rank++;
			if (!strcmp(md->m[k].region, md->m[m].region))
				rrank++;
		}
		res[m].rank = rank;
		res[m].region_rank = rrank;
	}
}

static value *name_of(const value *src)
{
	const value *n = val_get(src, "name");
	return n ? val_ref((value *)n) : val_str("");
}

static value *phase_value(const model *md, const cell *cells, const result *r, size_t m)
{
	value *pv = val_map(), *areas = val_list(), *scores = val_list();
	size_t a, i, best = (size_t)-1, worst = (size_t)-1;
	val_set_num(pv, "index", r->index);
	put_fixed(pv, "index_1", r->index, 1, 0);
	val_set_bool(pv, "has_index", r->has_index);
	val_set_num(pv, "rank", r->rank);
	val_set_num(pv, "region_rank", r->region_rank);
	put_fixed(pv, "completeness", r->completeness, 1, 0);
	for (a = 0; a < md->na && a < 64; a++) {
		value *av = val_map();
		val_set_str(av, "id", md->a[a].id ? md->a[a].id : "");
		val_set(av, "name", name_of(md->a[a].src));
		val_set_bool(av, "assessed", r->area_ok[a]);
		val_set_num(av, "pct", r->area_pct[a]);
		put_fixed(av, "pct_1", r->area_pct[a], 1, 0);
		val_push(areas, av);
		if (!r->area_ok[a])
			continue;
		if (best == (size_t)-1 || r->area_pct[a] > r->area_pct[best])
			best = a;
		if (worst == (size_t)-1 || r->area_pct[a] < r->area_pct[worst])
			worst = a;
	}
	val_set(pv, "areas", areas);
	if (best != (size_t)-1) {
		val_set(pv, "strongest", val_ref(val_at(areas, best)));
		val_set(pv, "weakest", val_ref(val_at(areas, worst)));
	}
	for (i = 0; i < md->nind; i++) {
		const cell *ce = &cells[m * md->nind + i];
		value *sv = val_map();
		val_set_str(sv, "indicator", md->ind[i].id);
		val_set(sv, "name", name_of(md->ind[i].src));
		val_set_str(sv, "area", md->a[md->ind[i].area].id ? md->a[md->ind[i].area].id : "");
		val_set_num(sv, "max", md->ind[i].max);
		val_set_bool(sv, "assessed", ce->assessed);
		if (ce->assessed)
			val_set_num(sv, "score", ce->score);
		val_set_str(sv, "evidence", ce->row ? val_get_str(ce->row, "evidence", "") : "");
		val_set_str(sv, "note", ce->row ? val_get_str(ce->row, "note", "") : "");
		val_push(scores, sv);
	}
	val_set(pv, "scores", scores);
	return pv;
}

static int cmp_rank(const void *a, const void *b)
{
	const value *x = *(value *const *)a, *y = *(value *const *)b;
	double ix = val_path(x, "p2.index")->u.n, iy = val_path(y, "p2.index")->u.n;
	if (ix != iy)
		return ix > iy ? -1 : 1;
	return strcmp(val_get_str(x, "id", ""), val_get_str(y, "id", ""));
}

static value *benchmarking(ctx *c, const value *data, model *md)
{
	cell *cells[2];
	result *res[2];
	value *out = val_map(), *munis = val_list(), *areas = val_list(), *regions = val_list();
	value *ranking;
	size_t m, a, i, p;
	const value *inst = val_path(data, "benchmarking.instrument");

	for (p = 0; p < 2; p++) {
		cells[p] = xcalloc(md->nm * md->nind + 1, sizeof *cells[p]);
		res[p] = xcalloc(md->nm + 1, sizeof *res[p]);
		load_phase(c, data, md, (int)p + 1, cells[p]);
		compute_phase(md, cells[p], res[p]);
	}
	for (a = 0; a < md->na; a++) {
		value *av = val_map(), *inds = val_list();
		double wmax = 0;
		val_set_str(av, "id", md->a[a].id ? md->a[a].id : "");
		val_set(av, "name", name_of(md->a[a].src));
		if (val_get(md->a[a].src, "description"))
			val_set(av, "description", val_ref(val_get(md->a[a].src, "description")));
		val_set_num(av, "weight", md->a[a].weight);
		put_fixed(av, "weight_pct", md->a[a].weight * 100, 1, 0);
		for (i = md->a[a].first; i < md->a[a].first + md->a[a].n; i++) {
			value *iv = val_map();
			val_set_str(iv, "id", md->ind[i].id);
			val_set(iv, "name", name_of(md->ind[i].src));
			if (val_get(md->ind[i].src, "description"))
				val_set(iv, "description", val_ref(val_get(md->ind[i].src, "description")));
			val_set_num(iv, "max", md->ind[i].max);
			val_set_num(iv, "weight", md->ind[i].weight);
			wmax += md->ind[i].max * md->ind[i].weight;
			val_push(inds, iv);
		}
		val_set_num(av, "weighted_max", wmax);
		val_set_num(av, "indicator_count", (double)md->a[a].n);
		val_set(av, "indicators", inds);
		val_push(areas, av);
	}
	for (m = 0; m < md->nm; m++) {
		value *mv = val_map(), *ch = val_map(), *ac = val_list();
		const value *src = md->m[m].src;
		double i1 = res[0][m].index, i2 = res[1][m].index;
		val_set_str(mv, "id", md->m[m].id);
		val_set(mv, "name", name_of(src));
		val_set_str(mv, "region", md->m[m].region ? md->m[m].region : "");
		{
			size_t ri = (size_t)htab_get(md->rh, md->m[m].region ? md->m[m].region : "");
			if (ri)
				val_set(mv, "region_name", name_of(val_at(md->regions, ri - 1)));
		}
		val_set_num(mv, "population", md->m[m].population);
		if (val_cstr(val_get(src, "website")))
			val_set_str(mv, "website", val_cstr(val_get(src, "website")));
		val_set(mv, "p1", phase_value(md, cells[0], &res[0][m], m));
		val_set(mv, "p2", phase_value(md, cells[1], &res[1][m], m));
		val_set_num(ch, "points", i2 - i1);
		put_fixed(ch, "points_1", i2 - i1, 1, 1);
		val_set_bool(ch, "up", bench_round(i2 - i1, 1) > 0);
		val_set_bool(ch, "down", bench_round(i2 - i1, 1) < 0);
		if (i1 > 0) {
			val_set_num(ch, "percent", 100 * (i2 - i1) / i1);
			put_fixed(ch, "percent_1", 100 * (i2 - i1) / i1, 1, 1);
		}
		val_set(mv, "change", ch);
		for (a = 0; a < md->na && a < 64; a++) {
			value *e = val_map();
			val_set_str(e, "id", md->a[a].id ? md->a[a].id : "");
			val_set(e, "name", name_of(md->a[a].src));
			put_fixed(e, "p1", res[0][m].area_pct[a], 1, 0);
			put_fixed(e, "p2", res[1][m].area_pct[a], 1, 0);
			put_fixed(e, "change", res[1][m].area_pct[a] - res[0][m].area_pct[a], 1, 1);
			val_push(ac, e);
		}
		val_set(mv, "area_changes", ac);
		val_set_str(mv, "url_slug", md->m[m].id);
		val_push(munis, mv);
	}
	/* region averages of the index, per phase */
	for (i = 0; i < val_len(md->regions); i++) {
		const value *rv = val_at(md->regions, i);
		const char *rid = val_get_str(rv, "id", "");
		value *e = val_map();
		double s1 = 0, s2 = 0;
		size_t n = 0;
		for (m = 0; m < md->nm; m++)
			if (md->m[m].region && !strcmp(md->m[m].region, rid)) {
				s1 += res[0][m].index;
				s2 += res[1][m].index;
				n++;
			}
		val_set_str(e, "id", rid);
		val_set(e, "name", name_of(rv));
		val_set_num(e, "municipalities", (double)n);
		if (n) {
			val_set_num(e, "p1", s1 / (double)n);
			val_set_num(e, "p2", s2 / (double)n);
			put_fixed(e, "p1_1", s1 / (double)n, 1, 0);
			put_fixed(e, "p2_1", s2 / (double)n, 1, 0);
			put_fixed(e, "change_1", (s2 - s1) / (double)n, 1, 1);
		}
		val_push(regions, e);
	}
	/* the ranking: phase 2 index, highest first */
	ranking = val_list();
	for (m = 0; m < md->nm; m++)
		val_push(ranking, val_ref(val_at(munis, m)));
	xsort(ranking->u.list.items, ranking->u.list.len, sizeof(value *), cmp_rank);

	if (val_get(inst, "title"))
		val_set(out, "title", val_ref(val_get(inst, "title")));
	if (val_get(inst, "description"))
		val_set(out, "description", val_ref(val_get(inst, "description")));
	if (val_get(inst, "note"))
		val_set(out, "note", val_ref(val_get(inst, "note")));
	val_set(out, "areas", areas);
	val_set(out, "municipalities", munis);
	val_set(out, "ranking", ranking);
	val_set(out, "regions", regions);
	val_set_num(out, "indicator_count", (double)md->nind);
	val_set_num(out, "municipality_count", (double)md->nm);
	for (p = 0; p < 2; p++) {
		free(cells[p]);
		free(res[p]);
	}
	return out;
}

/* ---- participatory budgeting ---- */

static value *pb(ctx *c, const value *data, model *md)
{
	const value *rows = val_get(data, "pb");
	char *path = fpath(c, "pb.csv");
	value *out = val_list();
	htab *seen = htab_new();
	size_t r, k;
	static const char *const cols[] = {"year", "proposals", "votes", "participants_women",
					   "participants_men", "participants_under30",
					   "participants_30to64", "participants_65plus",
					   "funded_projects", "amount_gel"};
	for (r = 0; r < val_len(rows); r++) {
		const value *row = val_at(rows, r), *mv = val_get(row, "municipality");
		double v[10];
		int ok = 1;
		size_t mi = (size_t)htab_get(md->mh, val_cstr(mv) ? val_cstr(mv) : "");
		value *e;
		char key[128];
		if (!mi) {
			err_add(c->errs, path, mv->line, mv->col, "unknown municipality '%s'", val_cstr(mv));
			ok = 0;
		}
		for (k = 0; k < 10; k++) {
			const value *cv = val_get(row, cols[k]);
			if (num_of(cv, &v[k]) < 0 || v[k] < 0 || v[k] != floor(v[k])) {
				err_add(c->errs, path, cv->line, cv->col,
					"%s '%s' must be a whole number, 0 or more", cols[k], val_cstr(cv));
				ok = 0;
			}
		}
		if (!ok)
			continue;
		snprintf(key, sizeof key, "%s/%g", val_cstr(mv), v[0]);
		if (htab_put(seen, key, (void *)row)) {
			err_add(c->errs, path, row->line, 1, "duplicate row for %s in %g", val_cstr(mv), v[0]);
			continue;
		}
		if (v[3] + v[4] != v[5] + v[6] + v[7]) {
			const value *cv = val_get(row, "participants_women");
			err_add(c->errs, path, cv->line, cv->col,
				"participants by gender (%g) and by age (%g) do not add up to the same total",
				v[3] + v[4], v[5] + v[6] + v[7]);
			continue;
		}
		if (v[8] > v[1]) {
			const value *cv = val_get(row, "funded_projects");
			err_add(c->errs, path, cv->line, cv->col,
				"more funded projects (%g) than proposals (%g)", v[8], v[1]);
			continue;
		}
		e = val_map();
		val_set_str(e, "municipality", val_cstr(mv));
		val_set(e, "name", name_of(md->m[mi - 1].src));
		for (k = 0; k < 10; k++)
			val_set_num(e, cols[k], v[k]);
		{
			double total = v[3] + v[4], pop = md->m[mi - 1].population;
			val_set_num(e, "participants", total);
			put_fixed(e, "per_1000", pop > 0 ? 1000 * total / pop : 0, 1, 0);
			put_fixed(e, "women_pct", total > 0 ? 100 * v[3] / total : 0, 1, 0);
			put_fixed(e, "youth_pct", total > 0 ? 100 * v[5] / total : 0, 1, 0);
			put_fixed(e, "funded_pct", v[1] > 0 ? 100 * v[8] / v[1] : 0, 1, 0);
		}
		val_push(out, e);
	}
	htab_free(seen);
	free(path);
	return out;
}

/* ---- activity figures ---- */

static int cmp_text(const void *a, const void *b)
{
	return strcmp(val_get_str(*(value *const *)a, "key", ""),
		      val_get_str(*(value *const *)b, "key", ""));
}

/* Rows of a data set summed by the column `by` (groups sorted by its
 * text): each group gets {by: ..., total: sum of val} and, when pivot is
 * given, one more key per pivot value (its sum of val).  Also sums the
 * extra columns in sums[] (NULL-terminated) under their own names.
 * Numbers must be whole and not negative; ids in pivot must be among
 * known (when known is a list of {id}).  Problems go to errs. */
static value *group(ctx *c, const value *rows, const char *rel, const char *by,
		    const char *pivot, const char *val, const char *const *sums,
		    const value *known)
{
	char *path = fpath(c, rel);
	htab *groups = htab_new();
	value *list = val_list();
	size_t r, k;
	for (r = 0; r < val_len(rows); r++) {
		const value *row = val_at(rows, r), *bv = val_get(row, by);
		const char *key = val_cstr(bv);
		value *g;
		double x;
		int ok = 1;
		if (!key || !*key) {
			err_add(c->errs, path, row->line, 1, "'%s' is missing", by);
			continue;
		}
		if (pivot && known) {
			const char *pv = val_get_str(row, pivot, "");
			int found = 0;
			for (k = 0; k < val_len(known) && !found; k++)
				found = !strcmp(val_get_str(val_at(known, k), "id", ""), pv);
			if (!found) {
				const value *pc = val_get(row, pivot);
				err_add(c->errs, path, pc->line, pc->col, "unknown %s '%s'", pivot, pv);
				ok = 0;
			}
		}
		for (k = 0; (val && k == 0) || (sums && sums[k]); k++) {
			const char *col = k == 0 && val ? val : sums[k - (val ? 1 : 0)];
			const value *cv = val_get(row, col);
			if (!col)
				break;
			if (num_of(cv, &x) < 0 || x < 0 || x != floor(x)) {
				err_add(c->errs, path, cv ? cv->line : row->line, cv ? cv->col : 1,
					"%s '%s' must be a whole number, 0 or more", col, val_cstr(cv));
				ok = 0;
			}
		}
		if (!ok)
			continue;
		if (!(g = htab_get(groups, key))) {
			g = val_map();
			val_set_str(g, "key", key);
			val_set_str(g, by, key);
			val_set_num(g, "total", 0);
			if (pivot && known)
				for (k = 0; k < val_len(known); k++)
					val_set_num(g, val_get_str(val_at(known, k), "id", ""), 0);
			htab_put(groups, key, g);
			val_push(list, g);
		}
		if (val) {
			num_of(val_get(row, val), &x);
			val_get(g, "total")->u.n += x;
			if (pivot) {
				const char *pv = val_get_str(row, pivot, "");
				value *pvv = val_get(g, pv);
				if (pvv)
					pvv->u.n += x;
				else
					val_set_num(g, pv, x);
			}
		}
		for (k = 0; sums && sums[k]; k++) {
			value *sv = val_get(g, sums[k]);
			num_of(val_get(row, sums[k]), &x);
			if (sv)
				sv->u.n += x;
			else
				val_set_num(g, sums[k], x);
		}
	}
	xsort(list->u.list.items, list->u.list.len, sizeof(value *), cmp_text);
	htab_free(groups);
	free(path);
	return list;
}

/* Forums, contests, trainings and legal consultations, summed by year
 * (and the like) for tables, charts and the donor report. */
static value *activities(ctx *c, const value *data)
{
	value *out = val_map();
	const value *v;
	size_t i;
	if ((v = val_get(data, "forums"))) {
		const value *known = val_get(val_get(data, "actor-types"), "actor_types");
		val_set(out, "forums_by_year",
			group(c, v, "forums.csv", "year", "actor_type", "participants", NULL,
			      val_len(known) ? known : NULL));
		val_set(out, "forums_by_region",
			group(c, v, "forums.csv", "region", NULL, "participants", NULL, NULL));
	}
	if ((v = val_get(data, "contests"))) {
		static const char *const sums[] = {"entries", "winners", NULL};
		val_set(out, "contests_by_year",
			group(c, v, "contests.csv", "year", NULL, NULL, sums, NULL));
	}
	if ((v = val_get(data, "trainings"))) {
		static const char *const sums[] = {"participants", "completed", NULL};
		value *by = group(c, v, "trainings.csv", "year", NULL, NULL, sums, NULL);
		for (i = 0; i < val_len(by); i++) {
			value *g = val_at(by, i);
			double p = val_get(g, "participants")->u.n, d = val_get(g, "completed")->u.n;
			put_fixed(g, "completed_pct", p > 0 ? 100 * d / p : 0, 1, 0);
		}
		val_set(out, "trainings_by_year", by);
		val_set(out, "trainings_by_course",
			group(c, v, "trainings.csv", "course", NULL, NULL, sums, NULL));
	}
	if ((v = val_get(data, "legal"))) {
		const value *known = val_get(val_get(data, "legal-types"), "types");
		val_set(out, "legal_by_year",
			group(c, v, "legal.csv", "year", "type", "count", NULL,
			      val_len(known) ? known : NULL));
		val_set(out, "legal_by_type", group(c, v, "legal.csv", "type", NULL, "count", NULL, NULL));
	}
	return out;
}

/* PB summed over municipalities, by year. */
static value *pb_by_year(const value *pbrows)
{
	value *list = val_list();
	htab *groups = htab_new();
	size_t r;
	static const char *const cols[] = {"participants", "proposals", "funded_projects",
					   "amount_gel", "participants_women", "participants_under30"};
	for (r = 0; r < val_len(pbrows); r++) {
		const value *row = val_at(pbrows, r);
		char key[32];
		value *g;
		size_t k;
		snprintf(key, sizeof key, "%g", val_get(row, "year")->u.n);
		if (!(g = htab_get(groups, key))) {
			g = val_map();
			val_set_str(g, "key", key);
			val_set_str(g, "year", key);
			val_set_num(g, "municipalities", 0);
			for (k = 0; k < 6; k++)
				val_set_num(g, cols[k], 0);
			htab_put(groups, key, g);
			val_push(list, g);
		}
		val_get(g, "municipalities")->u.n += 1;
		for (k = 0; k < 6; k++)
			val_get(g, cols[k])->u.n += val_get(row, cols[k])->u.n;
	}
	for (r = 0; r < val_len(list); r++) {
		value *g = val_at(list, r);
		double t = val_get(g, "participants")->u.n;
		put_fixed(g, "women_pct", t > 0 ? 100 * val_get(g, "participants_women")->u.n / t : 0, 1, 0);
		put_fixed(g, "youth_pct", t > 0 ? 100 * val_get(g, "participants_under30")->u.n / t : 0, 1, 0);
	}
	xsort(list->u.list.items, list->u.list.len, sizeof(value *), cmp_text);
	htab_free(groups);
	return list;
}

/* ---- logframe ---- */

static value *logframe(ctx *c, const value *data)
{
	const value *lf = val_get(data, "logframe"), *inds = val_get(lf, "indicators");
	char *path = fpath(c, "logframe.yaml");
	value *out = val_list();
	size_t i, k;
	for (i = 0; i < val_len(inds); i++) {
		const value *iv = val_at(inds, i), *t = val_get(iv, "targets"), *a = val_get(iv, "actuals");
		value *e = val_map(), *years = val_list();
		double base;
		if (!get_id(c, path, iv, NULL, "indicator")) {
			val_unref(e);
			val_unref(years);
			continue;
		}
		check_names(c, path, iv, "name");
		get_num(c, path, iv, "baseline", &base, 1);
		val_set_str(e, "id", val_get_str(iv, "id", ""));
		val_set_str(e, "level", val_get_str(iv, "level", "output"));
		val_set(e, "name", name_of(iv));
		if (val_get(iv, "result"))
			val_set(e, "result", val_ref(val_get(iv, "result")));
		if (val_get(iv, "unit"))
			val_set(e, "unit", val_ref(val_get(iv, "unit")));
		val_set_num(e, "baseline", base);
		for (k = 0; k < val_len(t); k++) {
			const char *year = t->u.map.keys[k];
			const value *tv = t->u.map.vals[k], *av = val_get(a, year);
			value *y = val_map();
			val_set_str(y, "year", year);
			if (tv->kind == VAL_NUM)
				val_set_num(y, "target", tv->u.n);
			else
				err_add(c->errs, path, tv->line, tv->col, "target for %s must be a number", year);
			if (av && av->kind == VAL_NUM) {
				val_set_num(y, "actual", av->u.n);
				if (tv->kind == VAL_NUM && tv->u.n != 0)
					put_fixed(y, "achieved_pct", 100 * av->u.n / tv->u.n, 1, 0);
			}
			val_push(years, y);
		}
		val_set(e, "years", years);
		val_push(out, e);
	}
	free(path);
	return out;
}

/* Each municipality of the benchmarking carries its own PB rows, so its
 * page shows them without a lookup in the template. */
static void attach_pb(value *out)
{
	value *ms = val_path(out, "benchmarking.municipalities");
	const value *rows = val_get(out, "pb");
	size_t m, r;
	for (m = 0; m < val_len(ms); m++) {
		value *mv = val_at(ms, m), *list = val_list();
		const char *id = val_get_str(mv, "id", "");
		for (r = 0; r < val_len(rows); r++)
			if (!strcmp(val_get_str(val_at(rows, r), "municipality", ""), id))
				val_push(list, val_ref(val_at(rows, r)));
		val_set_bool(mv, "has_pb", val_len(list) > 0);
		val_set(mv, "pb", list);
	}
}

value *bench_compute(const value *data, const char *dir, err_list *errs)
{
	ctx c = {dir, errs, errs->nerrors};
	model md;
	value *out = val_map();
	memset(&md, 0, sizeof md);
	if (val_get(data, "municipalities")) {
		load_munis(&c, data, &md);
		if (val_path(data, "benchmarking.instrument") && load_instrument(&c, data, &md) == 0)
			val_set(out, "benchmarking", benchmarking(&c, data, &md));
		if (val_get(data, "pb")) {
			val_set(out, "pb", pb(&c, data, &md));
			val_set(out, "pb_by_year", pb_by_year(val_get(out, "pb")));
		}
		attach_pb(out);
	}
	if (val_get(data, "logframe"))
		val_set(out, "logframe", logframe(&c, data));
	{
		value *act = activities(&c, data);
		size_t k;
		for (k = 0; k < act->u.map.len; k++)
			val_set(out, act->u.map.keys[k], val_ref(act->u.map.vals[k]));
		val_unref(act);
	}
	model_free(&md);
	if (errs->nerrors > c.before) {
		val_unref(out);
		return NULL;
	}
	return out;
}

static int is_lang_map(const value *v, const char *const *langs)
{
	size_t i, k;
	if (v->kind != VAL_MAP || v->u.map.len == 0)
		return 0;
	for (i = 0; i < v->u.map.len; i++) {
		int found = 0;
		if (v->u.map.vals[i]->kind != VAL_STR)
			return 0;
		for (k = 0; langs[k] && !found; k++)
			found = !strcmp(langs[k], v->u.map.keys[i]);
		if (!found)
			return 0;
	}
	return 1;
}

value *bench_localize(const value *v, const char *lang, const char *const *langs)
{
	value *c;
	size_t i;
	if (!v)
		return NULL;
	if (is_lang_map(v, langs)) {
		const value *s = val_get(v, lang);
		return val_ref((value *)(s ? s : v->u.map.vals[0]));
	}
	/* copies keep their source position, for errors about them */
	if (v->kind == VAL_LIST) {
		c = val_list();
		for (i = 0; i < v->u.list.len; i++)
			val_push(c, bench_localize(v->u.list.items[i], lang, langs));
		c->line = v->line;
		c->col = v->col;
		return c;
	}
	if (v->kind == VAL_MAP) {
		c = val_map();
		for (i = 0; i < v->u.map.len; i++)
			val_set(c, v->u.map.keys[i], bench_localize(v->u.map.vals[i], lang, langs));
		c->line = v->line;
		c->col = v->col;
		return c;
	}
	return val_ref((value *)v);
}

/* Unit tests: CSV loading and the benchmarking computation, on a small
 * data set whose results are worked out by hand below. */
#include "bench.h"
#include "data.h"
#include "t.h"
#include "yamlval.h"

#include <math.h>
#include <stdlib.h>

static const char munis_yaml[] =
	"regions:\n"
	"  - {id: r1, name: {ka: რ1, en: R1}}\n"
	"  - {id: r2, name: {ka: რ2, en: R2}}\n"
	"municipalities:\n"
	"  - {id: a, name: {ka: ა, en: A}, region: r1, population: 1000}\n"
	"  - {id: b, name: {ka: ბ, en: B}, region: r1, population: 2000}\n"
	"  - {id: c, name: {ka: ც, en: C}, region: r2, population: 500}\n";

static const char instrument_yaml[] =
	"title: {ka: ტ, en: T}\n"
	"areas:\n"
	"  - id: x\n"
	"    name: {ka: x, en: X}\n"
	"    weight: 0.6\n"
	"    indicators:\n"
	"      - {id: x1, name: {ka: x1, en: X1}, max: 2, weight: 1}\n"
	"      - {id: x2, name: {ka: x2, en: X2}, max: 4}\n"
	"  - id: y\n"
	"    name: {ka: y, en: Y}\n"
	"    weight: 0.4\n"
	"    indicators:\n"
	"      - {id: y1, name: {ka: y1, en: Y1}, max: 5, weight: 2}\n";

/* By hand (area % = earned/possible with weights; index = 0.6 x + 0.4 y):
 * phase 1: a: x (1+2)/6 = 50, y 10/10 = 100 -> 70
 *          b: x 6/6 = 100, y 0 -> 60
 *          c: x 0, y not assessed -> index 0 (x alone), completeness 66.7
 * phase 2: a: 100, 100 -> 100
 *          b: x 2/6 = 33.33, y 8/10 = 80 -> 20 + 32 = 52
 *          c: x 4/6 = 66.67, y 2/10 = 20 -> 40 + 8 = 48 */
static const char phase1_csv[] =
	"municipality,indicator,score,evidence,note\r\n"
	"a,x1,1,\"Budget online, on time\",\r\n"
	"a,x2,2,,\r\n"
	"a,y1,5,,\r\n"
	"b,x1,2,,\r\nb,x2,4,,\r\nb,y1,0,,\r\n"
	"c,x1,0,,\r\nc,x2,0,,\r\nc,y1,,,not assessed\r\n";
static const char phase2_csv[] =
	"\xEF\xBB\xBFmunicipality,indicator,score,evidence,note\n"
	"a,x1,2,\"multi\nline\",\na,x2,4,,\na,y1,5,,\n"
	"b,x1,1,,\nb,x2,1,,\nb,y1,4,,\n"
	"c,x1,2,,\nc,x2,2,,\nc,y1,1,,\n";

static value *dataset(const char *p1, const char *p2, err_list *e)
{
	value *d = val_map(), *b = val_map(), *v;
	const char *const *h = bench_headers("benchmarking/phase-1.csv");
	val_set(d, "municipalities", yv_parse(munis_yaml, strlen(munis_yaml), "m.yaml", 0, e));
	val_set(b, "instrument", yv_parse(instrument_yaml, strlen(instrument_yaml), "i.yaml", 0, e));
	if ((v = data_parse_csv(p1, strlen(p1), "datasets/benchmarking/phase-1.csv", h, e)))
		val_set(b, "phase-1", v);
	if ((v = data_parse_csv(p2, strlen(p2), "datasets/benchmarking/phase-2.csv", h, e)))
		val_set(b, "phase-2", v);
	val_set(d, "benchmarking", b);
	return d;
}

static double num(const value *v, const char *path)
{
	const value *n = val_path(v, path);
	return n && n->kind == VAL_NUM ? n->u.n : NAN;
}

static const value *muni(const value *r, const char *id)
{
	const value *ms = val_path(r, "benchmarking.municipalities");
	for (size_t i = 0; i < val_len(ms); i++)
		if (!strcmp(val_get_str(val_at(ms, i), "id", ""), id))
			return val_at(ms, i);
	return NULL;
}

static int near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

static void test_compute(void)
{
	err_list e;
	err_init(&e);
	value *d = dataset(phase1_csv, phase2_csv, &e);
	value *r = bench_compute(d, "datasets", &e);
	T_OK(r != NULL && e.nerrors == 0, "fixture computes without errors");
	if (!r) {
		err_print(&e, stderr, 0);
		return;
	}
	const value *a = muni(r, "a"), *b = muni(r, "b"), *c = muni(r, "c");
	T_OK(near(num(a, "p1.index"), 70), "a phase 1 index 70");
	T_OK(near(num(b, "p1.index"), 60), "b phase 1 index 60");
	T_OK(near(num(c, "p1.index"), 0), "c phase 1 index 0 (area y not assessed)");
	T_OK(near(num(c, "p1.completeness"), 66.7), "c phase 1 completeness 2/3");
	T_OK(near(num(a, "p2.index"), 100), "a phase 2 index 100");
	T_OK(near(num(b, "p2.index"), 52), "b phase 2 index 52");
	T_OK(near(num(c, "p2.index"), 48), "c phase 2 index 48");
	T_OK(near(num(val_at(val_path(b, "p2.areas"), 0), "pct"), 100.0 / 3), "b phase 2 area x 33.33%");
	T_NUMEQ(num(a, "p2.rank"), 1, "a first");
	T_NUMEQ(num(b, "p2.rank"), 2, "b second");
	T_NUMEQ(num(c, "p2.rank"), 3, "c third");
	T_NUMEQ(num(c, "p2.region_rank"), 1, "c first in its region");
	T_NUMEQ(num(b, "p2.region_rank"), 2, "b second in its region");
	T_OK(near(num(a, "change.points"), 30), "a +30 points");
	T_OK(near(num(a, "change.percent"), 300.0 / 7), "a +42.86%");
	T_STREQ(val_path(b, "change.points_1_t")->u.str.s, "-8.0", "b change shown as -8.0");
	T_STREQ(val_path(a, "change.points_1_t")->u.str.s, "+30.0", "a change shown as +30.0");
	T_OK(val_path(c, "change.percent") == NULL, "no percent change from 0");
	T_STREQ(val_get_str(val_path(a, "p2.strongest"), "id", ""), "x", "a strongest: first of equal areas");
	T_STREQ(val_get_str(val_path(b, "p2.weakest"), "id", ""), "x", "b weakest area x");
	const value *regions = val_path(r, "benchmarking.regions");
	T_OK(near(num(val_at(regions, 0), "p1"), 65) && near(num(val_at(regions, 0), "p2"), 76), "region r1 averages 65 -> 76");
	T_OK(near(num(val_at(regions, 1), "p2"), 48), "region r2 average 48");
	const value *rk = val_path(r, "benchmarking.ranking");
	T_STREQ(val_get_str(val_at(rk, 0), "id", ""), "a", "ranking starts with a");
	T_STREQ(val_get_str(val_at(rk, 2), "id", ""), "c", "ranking ends with c");
	const value *sc = val_at(val_path(a, "p1.scores"), 0);
	T_STREQ(val_get_str(sc, "evidence", ""), "Budget online, on time", "quoted field with a comma");
	sc = val_at(val_path(a, "p2.scores"), 0);
	T_STREQ(val_get_str(sc, "evidence", ""), "multi\nline", "field with a newline");

	const char *langs[] = {"ka", "en", NULL};
	value *ka = bench_localize(r, "ka", langs);
	T_STREQ(val_get_str(muni(ka, "a"), "name", ""), "ა", "localized name");
	val_unref(ka);
	val_unref(r);
	val_unref(d);
	err_free(&e);

	/* ties share a rank (competition ranking, like Excel's RANK) */
	err_init(&e);
	char *tie = strdup(phase2_csv);
	char *p = strstr(tie, "c,x1,2,,\nc,x2,2,,\nc,y1,1,,");
	memcpy(p, "c,x1,1,,\nc,x2,1,,\nc,y1,4,,", 27); /* c now scores as b: 52 */
	d = dataset(phase1_csv, tie, &e);
	r = bench_compute(d, "datasets", &e);
	T_OK(r && near(num(muni(r, "c"), "p2.index"), 52), "c ties with b at 52");
	T_NUMEQ(num(muni(r, "b"), "p2.rank"), 2, "b shares rank 2");
	T_NUMEQ(num(muni(r, "c"), "p2.rank"), 2, "c shares rank 2");
	val_unref(r);
	val_unref(d);
	free(tie);
	err_free(&e);
	T_OK(near(bench_round(62.25, 1), 62.3) && near(bench_round(-0.05, 1), -0.1), "round half away from zero");
}

/* errors: each with its exact path:row:col */
static void expect(const char *p1, const char *path, int line, int col, const char *msg)
{
	err_list e;
	err_init(&e);
	value *d = dataset(p1, phase2_csv, &e);
	value *r = bench_compute(d, "datasets", &e);
	int found = 0;
	for (size_t i = 0; i < e.len; i++)
		if (!strcmp(e.items[i].path, path) && e.items[i].line == line &&
		    e.items[i].col == col && strstr(e.items[i].msg, msg))
			found = 1;
	if (!found) {
		fprintf(stderr, "want %s:%d:%d: %s; got:\n", path, line, col, msg);
		err_print(&e, stderr, 0);
	}
	T_OK(found && r == NULL, msg);
	val_unref(r);
	val_unref(d);
	err_free(&e);
}

static void test_errors(void)
{
	const char *P = "datasets/benchmarking/phase-1.csv";
	const char *h = "municipality,indicator,score,evidence,note\n";
	char buf[2048];
	const char *rest = "a,x2,2,,\na,y1,5,,\nb,x1,2,,\nb,x2,4,,\nb,y1,0,,\nc,x1,0,,\nc,x2,0,,\nc,y1,,,\n";
	snprintf(buf, sizeof buf, "%sz,x1,1,,\na,x1,1,,\n%s", h, rest);
	expect(buf, P, 2, 1, "unknown municipality 'z'");
	snprintf(buf, sizeof buf, "%sa,x9,1,,\na,x1,1,,\n%s", h, rest);
	expect(buf, P, 2, 3, "unknown indicator 'x9'");
	snprintf(buf, sizeof buf, "%sa,x1,3,,\n%s", h, rest);
	expect(buf, P, 2, 6, "score 3 is above the maximum 2");
	snprintf(buf, sizeof buf, "%sa,x1,-1,,\n%s", h, rest);
	expect(buf, P, 2, 6, "score -1 is negative");
	snprintf(buf, sizeof buf, "%sa,x1,two,,\n%s", h, rest);
	expect(buf, P, 2, 6, "score 'two' is not a number");
	snprintf(buf, sizeof buf, "%sa,x1,1,,\n%sa,x1,1,,\n", h, rest);
	expect(buf, P, 11, 1, "duplicate row: a / x1 is already scored at line 2");
	snprintf(buf, sizeof buf, "%s%s", h, rest);
	expect(buf, P, 10, 1, "missing row for municipality 'a', indicator 'x1'");
	snprintf(buf, sizeof buf, "municipality,indicator,points,evidence,note\na,x1,1,,\n%s", rest);
	expect(buf, P, 1, 1, "wrong header: expected municipality,indicator,score,evidence,note");
	snprintf(buf, sizeof buf, "%sa,x1,1,\"open,\n%s", h, rest);
	expect(buf, P, 2, 1, "malformed CSV");
	snprintf(buf, sizeof buf, "%sa,x1,1,,,extra\n%s", h, rest);
	expect(buf, P, 2, 10, "more fields than the 5 columns");
	snprintf(buf, sizeof buf, "%sa,x1,1\n%s", h, rest);
	expect(buf, P, 2, 1, "3 fields, but the header has 5 columns");
}

int main(void)
{
	t_name = "bench";
	test_compute();
	test_errors();
	return t_done();
}

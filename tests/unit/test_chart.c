/* Unit tests: chart (validation, SVG, PNG, geometry, alt text, table,
 * determinism across runs and threads).
 *
 * One PNG per chart type and language goes to /tmp/charts/ for a look. */
#include "buf.h"
#include "chart.h"
#include "err.h"
#include "util.h"
#include "value.h"
#include "yamlval.h"
#include "t.h"

#include <cairo-pdf.h>
#include <glib.h>

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

/* Under LeakSanitizer (tests/run.sh runs the ASan build with
 * detect_leaks=1): fontconfig loses a few bytes of its parsed
 * configuration once per process, in its own code.  Only stacks
 * through libfontconfig are excused; chart.c's own memory is not. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

static value *parse(const char *s, err_list *e)
{
	return yv_parse(s, strlen(s), "c.yaml", 0, e);
}

/* A chart from YAML text; NULL (and the errors in e) when it is wrong. */
static chart *mk(const char *yaml, const char *lang, err_list *e)
{
	value *v = parse(yaml, e);
	chart *c;
	if (!v)
		return NULL;
	c = chart_new(v, "c.yaml", lang, e);
	val_unref(v);
	return c;
}

/* ------------------------------------------------------------------ */
/* Sample specs, one per type and language                             */

static const char *const sample_en[] = {
	/* bar */
	"type: bar\n"
	"title: Civic engagement index, 2023\n"
	"subtitle: Share of the 40 benchmark criteria met by each municipality\n"
	"y_label: Index\n"
	"unit: '%'\n"
	"note: 'Source: CSO benchmarking survey, phase 2 (2023)'\n"
	"labels: [Batumi, Kobuleti, Khelvachauri, Keda, Shuakhevi, Khulo, Ozurgeti]\n"
	"series:\n"
	"  - values: [64.2, 55.0, 48.7, 31.0, 38.5, 35.2, 72.5]\n",
	/* hbar */
	"type: hbar\n"
	"title: Ranking of municipalities by the civic engagement index\n"
	"unit: '%'\n"
	"x_label: Index\n"
	"note: 'Source: CSO benchmarking survey, 2023'\n"
	"labels: [Ozurgeti, Batumi, Kobuleti, Lanchkhuti, Khelvachauri, Gori, Chokhatauri,"
	" Kareli, Shuakhevi, Kaspi, Khulo, Khashuri, Keda]\n"
	"series:\n"
	"  - values: [72.5, 64.2, 55.0, 51.3, 48.7, 46.0, 42.1, 40.0, 38.5, 37.2, 35.2, 33.8,"
	" 31.0]\n",
	/* grouped */
	"type: grouped\n"
	"title: Civic engagement index, phase 1 and phase 2\n"
	"y_label: Index\n"
	"unit: '%'\n"
	"note: 'Source: CSO benchmarking survey'\n"
	"labels: [Batumi, Kobuleti, Khelvachauri, Keda, Shuakhevi, Khulo, Ozurgeti]\n"
	"series:\n"
	"  - name: Phase 1\n"
	"    values: [50.1, 41.0, 40.2, 28.5, 30.0, null, 40.0]\n"
	"  - name: Phase 2\n"
	"    values: [64.2, 55.0, 48.7, 31.0, 38.5, 35.2, 72.5]\n",
	/* stacked */
	"type: stacked\n"
	"title: Participatory budgeting, funds by source\n"
	"subtitle: Thousands of lari allocated to citizen projects, 2023\n"
	"unit: GEL\n"
	"y_label: Amount, thousand\n"
	"note: 'Source: municipal budget reports'\n"
	"labels: [Batumi, Kobuleti, Khelvachauri, Keda, Shuakhevi]\n"
	"series:\n"
	"  - name: Municipal budget\n"
	"    values: [1250, 640, 410, 120, 95]\n"
	"  - name: Donor co-funding\n"
	"    values: [300, 210, 150, 80, 60]\n"
	"  - name: Community contribution\n"
	"    values: [90, 45, 30, 25, 12]\n",
	/* line */
	"type: line\n"
	"title: Turnout at participatory budgeting votes\n"
	"unit: '%'\n"
	"y_label: Turnout\n"
	"x_label: Year\n"
	"note: 'Source: municipal PB platforms'\n"
	"labels: [2018, 2019, 2020, 2021, 2022, 2023]\n"
	"series:\n"
	"  - name: Batumi\n"
	"    values: [4.1, 5.6, 3.2, 6.8, 8.9, 11.4]\n"
	"  - name: Ozurgeti\n"
	"    values: [null, 2.3, 2.9, 4.4, 6.0, 9.7]\n",
	/* radar */
	"type: radar\n"
	"title: Ozurgeti by benchmarking area\n"
	"unit: '%'\n"
	"note: 'Source: CSO benchmarking survey'\n"
	"labels: [Access to information, Participation mechanisms, Participatory budgeting,"
	" Feedback and accountability, Inclusiveness]\n"
	"series:\n"
	"  - name: Phase 1\n"
	"    values: [55, 40, 20, 35, 30]\n"
	"  - name: Phase 2\n"
	"    values: [80, 65, 60, 50, 45]\n",
	/* donut */
	"type: donut\n"
	"title: Participatory budgeting projects by area\n"
	"note: 'Source: municipal PB platforms, 2023'\n"
	"labels: [Roads and lighting, Schools and kindergartens, Parks and sport, Water supply,"
	" Culture]\n"
	"series:\n"
	"  - values: [42, 25, 18, 10, 5]\n",
};

static const char *const sample_ka[] = {
	"type: bar\n"
	"title: სამოქალაქო ჩართულობის ინდექსი, 2023\n"
	"subtitle: ბენჩმარკინგის 40 კრიტერიუმიდან შესრულებულის წილი\n"
	"y_label: ინდექსი\n"
	"unit: '%'\n"
	"note: 'წყარო: სამოქალაქო ორგანიზაციების ბენჩმარკინგი, მე-2 ფაზა (2023)'\n"
	"labels: [ბათუმი, ქობულეთი, ხელვაჩაური, ქედა, შუახევი, ხულო, ოზურგეთი]\n"
	"series:\n"
	"  - values: [64.2, 55.0, 48.7, 31.0, 38.5, 35.2, 72.5]\n",
	"type: hbar\n"
	"title: მუნიციპალიტეტების რეიტინგი სამოქალაქო ჩართულობის ინდექსით\n"
	"unit: '%'\n"
	"x_label: ინდექსი\n"
	"note: 'წყარო: ბენჩმარკინგის კვლევა, 2023'\n"
	"labels: [ოზურგეთი, ბათუმი, ქობულეთი, ლანჩხუთი, ხელვაჩაური, გორი, ჩოხატაური, ქარელი,"
	" შუახევი, კასპი, ხულო, ხაშური, ქედა]\n"
	"series:\n"
	"  - values: [72.5, 64.2, 55.0, 51.3, 48.7, 46.0, 42.1, 40.0, 38.5, 37.2, 35.2, 33.8,"
	" 31.0]\n",
	"type: grouped\n"
	"title: სამოქალაქო ჩართულობის ინდექსი, ფაზა 1 და ფაზა 2\n"
	"y_label: ინდექსი\n"
	"unit: '%'\n"
	"note: 'წყარო: ბენჩმარკინგის კვლევა'\n"
	"labels: [ბათუმი, ქობულეთი, ხელვაჩაური, ქედა, შუახევი, ხულო, ოზურგეთი]\n"
	"series:\n"
	"  - name: ფაზა 1\n"
	"    values: [50.1, 41.0, 40.2, 28.5, 30.0, null, 40.0]\n"
	"  - name: ფაზა 2\n"
	"    values: [64.2, 55.0, 48.7, 31.0, 38.5, 35.2, 72.5]\n",
	"type: stacked\n"
	"title: მონაწილეობითი ბიუჯეტირება, სახსრები წყაროების მიხედვით\n"
	"subtitle: მოქალაქეთა პროექტებზე გამოყოფილი თანხა, ათასი ლარი, 2023\n"
	"unit: ლარი\n"
	"y_label: თანხა, ათასი\n"
	"note: 'წყარო: მუნიციპალიტეტების ბიუჯეტის ანგარიშები'\n"
	"labels: [ბათუმი, ქობულეთი, ხელვაჩაური, ქედა, შუახევი]\n"
	"series:\n"
	"  - name: მუნიციპალური ბიუჯეტი\n"
	"    values: [1250, 640, 410, 120, 95]\n"
	"  - name: დონორის თანადაფინანსება\n"
	"    values: [300, 210, 150, 80, 60]\n"
	"  - name: თემის წვლილი\n"
	"    values: [90, 45, 30, 25, 12]\n",
	"type: line\n"
	"title: მონაწილეობითი ბიუჯეტირების კენჭისყრაში მონაწილეობა\n"
	"unit: '%'\n"
	"y_label: აქტივობა\n"
	"x_label: წელი\n"
	"note: 'წყარო: მუნიციპალიტეტების პლატფორმები'\n"
	"labels: [2018, 2019, 2020, 2021, 2022, 2023]\n"
	"series:\n"
	"  - name: ბათუმი\n"
	"    values: [4.1, 5.6, 3.2, 6.8, 8.9, 11.4]\n"
	"  - name: ოზურგეთი\n"
	"    values: [null, 2.3, 2.9, 4.4, 6.0, 9.7]\n",
	"type: radar\n"
	"title: ოზურგეთი ბენჩმარკინგის სფეროების მიხედვით\n"
	"unit: '%'\n"
	"note: 'წყარო: ბენჩმარკინგის კვლევა'\n"
	"labels: [ინფორმაციის ხელმისაწვდომობა, მონაწილეობის მექანიზმები,"
	" მონაწილეობითი ბიუჯეტირება, უკუკავშირი და ანგარიშვალდებულება, ინკლუზიურობა]\n"
	"series:\n"
	"  - name: ფაზა 1\n"
	"    values: [55, 40, 20, 35, 30]\n"
	"  - name: ფაზა 2\n"
	"    values: [80, 65, 60, 50, 45]\n",
	"type: donut\n"
	"title: მონაწილეობითი ბიუჯეტირების პროექტები სფეროების მიხედვით\n"
	"note: 'წყარო: მუნიციპალიტეტების პლატფორმები, 2023'\n"
	"labels: [გზები და განათება, სკოლები და ბაღები, პარკები და სპორტი, წყალმომარაგება,"
	" კულტურა]\n"
	"series:\n"
	"  - values: [42, 25, 18, 10, 5]\n",
};

static const char *const type_names[] = {"bar",  "hbar",  "grouped", "stacked",
					 "line", "radar", "donut"};
#define NSAMPLES 7

/* Every sample builds without errors or warnings, draws without boxes,
 * and goes to /tmp/charts/TYPE-LANG.png at 2x. */
static void test_samples(void)
{
	int i, k;
	mkdir_p("/tmp/charts");
	for (k = 0; k < 2; k++) {
		for (i = 0; i < NSAMPLES; i++) {
			const char *lang = k ? "ka" : "en";
			err_list e;
			chart *c;
			buf png = BUF_INIT;
			char what[128], *path;
			err_init(&e);
			c = mk((k ? sample_ka : sample_en)[i], lang, &e);
			snprintf(what, sizeof what, "%s sample (%s) builds", type_names[i], lang);
			T_OK(c && e.len == 0, what);
			if (!c) {
				err_print(&e, stderr, 0);
				err_free(&e);
				continue;
			}
			snprintf(what, sizeof what, "%s sample (%s) has no missing glyphs",
				 type_names[i], lang);
			T_NUMEQ(chart_missing_glyphs(c), 0, what);
			snprintf(what, sizeof what, "%s sample (%s) renders a PNG", type_names[i], lang);
			T_OK(chart_png(c, 2.0, &png) == 0 && png.len > 1000, what);
			path = xasprintf("/tmp/charts/%s-%s.png", type_names[i], lang);
			file_write(path, png.ptr, png.len);
			free(path);
			buf_free(&png);
			chart_free(c);
			err_free(&e);
		}
	}
}

/* Harder cases for the eye: many labels, narrow charts, negative
 * values, long labels, small slices.  They go to /tmp/charts/extra-*. */
static const char *const extra[] = {
	"type: bar\n"
	"title: ჩართულობის ინდექსი, 13 მუნიციპალიტეტი\n"
	"unit: '%'\n"
	"labels: [ბათუმი, ქობულეთი, ხელვაჩაური, ქედა, შუახევი, ხულო, ოზურგეთი, ლანჩხუთი,"
	" ჩოხატაური, გორი, ქარელი, კასპი, ხაშური]\n"
	"series:\n"
	"  - values: [64.2, 55, 48.7, 31, 38.5, 35.2, 72.5, 51.3, 42.1, 46, 40, 37.2, 33.8]\n",
	"type: grouped\n"
	"title: ჩართულობის ინდექსი ფაზების მიხედვით\n"
	"subtitle: სამი ფაზა, 13 მუნიციპალიტეტი\n"
	"unit: '%'\n"
	"labels: [ბათუმი, ქობულეთი, ხელვაჩაური, ქედა, შუახევი, ხულო, ოზურგეთი, ლანჩხუთი,"
	" ჩოხატაური, გორი, ქარელი, კასპი, ხაშური]\n"
	"series:\n"
	"  - name: ფაზა 1\n"
	"    values: [50, 41, 40, 28, 30, 25, 40, 44, 38, 41, 33, 30, 29]\n"
	"  - name: ფაზა 2\n"
	"    values: [64, 55, 48, 31, 38, 35, 72, 51, 42, 46, 40, 37, 33]\n"
	"  - name: ფაზა 3\n"
	"    values: [70, 60, 52, 35, 44, 39, 75, 55, 47, 50, 41, 42, 36]\n",
	"type: bar\n"
	"title: ინდექსი\n"
	"width: 360\n"
	"height: 300\n"
	"unit: '%'\n"
	"note: 'წყარო: ბენჩმარკინგის კვლევა, მეორე ფაზა, 2023 წლის შემოდგომა'\n"
	"labels: [ბათუმი, ქობულეთი, ხელვაჩაური, ქედა]\n"
	"series:\n"
	"  - values: [64.2, 55, 48.7, 31]\n",
	"type: bar\n"
	"title: Change in the participatory budget, 2022 to 2023\n"
	"unit: GEL\n"
	"y_label: Change\n"
	"labels: [Batumi, Kobuleti, Khelvachauri, Keda, Shuakhevi]\n"
	"series:\n"
	"  - values: [250000, -120000, 45000, -30500, 1250000]\n",
	"type: hbar\n"
	"title: ოზურგეთი, სფეროების მიხედვით\n"
	"unit: '%'\n"
	"labels: [ინფორმაციის ხელმისაწვდომობა, მონაწილეობის მექანიზმები,"
	" მონაწილეობითი ბიუჯეტირება, უკუკავშირი და ანგარიშვალდებულება, ინკლუზიურობა]\n"
	"series:\n"
	"  - values: [80, 65, 60, 50, null]\n",
	"type: radar\n"
	"title: Batumi by benchmarking criterion\n"
	"unit: '%'\n"
	"max: 100\n"
	"labels: [Open data, Council sessions online, Petitions, Public hearings,"
	" Youth councils, Budget hearings, Complaints answered in time, Disability access]\n"
	"series:\n"
	"  - values: [80, 65, 60, 50, 45, 70, 30, 25]\n",
	"type: donut\n"
	"title: Participatory budget by municipality\n"
	"unit: GEL\n"
	"labels: [Batumi, Kobuleti, Khelvachauri, Keda, Shuakhevi, Khulo,"
	" Ozurgeti municipality and its villages]\n"
	"series:\n"
	"  - values: [1250000, 640000, 410000, 120000, 95000, 30000, 12500]\n",
	"type: stacked\n"
	"title: Stacked, many categories\n"
	"labels: [Batumi, Kobuleti, Khelvachauri, Keda, Shuakhevi, Khulo, Ozurgeti, Lanchkhuti,"
	" Chokhatauri, Gori, Kareli, Kaspi, Khashuri]\n"
	"series:\n"
	"  - name: A\n"
	"    values: [5, 4, 3, 2, 1, 2, 3, 4, 5, 4, 3, 2, 1]\n"
	"  - name: B\n"
	"    values: [1, 2, 3, 4, 5, 4, 3, 2, 1, 2, 3, 4, 5]\n",
	"type: line\n"
	"title: One series with labels\n"
	"unit: '%'\n"
	"labels: [2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023]\n"
	"series:\n"
	"  - name: Turnout\n"
	"    values: [4.1, 5.6, 3.2, null, 6.8, 8.9, 11.4, 10.2]\n",
};

static void test_extra(void)
{
	size_t i;
	for (i = 0; i < sizeof extra / sizeof *extra; i++) {
		err_list e;
		chart *c;
		buf png = BUF_INIT;
		char what[64], *path;
		err_init(&e);
		c = mk(extra[i], i == 3 || i >= 5 ? "en" : "ka", &e);
		snprintf(what, sizeof what, "extra chart %zu builds", i + 1);
		T_OK(c && e.len == 0, what);
		if (!c) {
			err_print(&e, stderr, 0);
			err_free(&e);
			continue;
		}
		T_OK(chart_png(c, 2.0, &png) == 0, "extra chart renders");
		path = xasprintf("/tmp/charts/extra-%zu.png", i + 1);
		file_write(path, png.ptr, png.len);
		free(path);
		buf_free(&png);
		chart_free(c);
		err_free(&e);
	}
}

/* ------------------------------------------------------------------ */
/* Validation: each error, its message and its line:col                */

static void expect_error(const char *yaml, int line, int col, const char *msg)
{
	err_list e;
	chart *c;
	char what[256];
	err_init(&e);
	c = mk(yaml, "en", &e);
	snprintf(what, sizeof what, "rejected: %s", msg);
	T_OK(c == NULL && e.nerrors == 1, what);
	if (e.nerrors >= 1) {
		size_t i;
		for (i = 0; i < e.len && e.items[i].sev != ERR_ERROR; i++)
			;
		T_STREQ(e.items[i].msg, msg, "error message");
		snprintf(what, sizeof what, "%s: at %d:%d (got %d:%d)", msg, line, col,
			 e.items[i].line, e.items[i].col);
		T_OK(e.items[i].line == line && e.items[i].col == col, what);
		T_STREQ(e.items[i].path, "c.yaml", "error path");
	}
	if (e.nerrors != 1)
		err_print(&e, stderr, 0);
	chart_free(c);
	err_free(&e);
}

static void test_validation(void)
{
	err_list e;
	chart *c;

	expect_error("type: pie\ntitle: T\nlabels: [a, b]\nseries:\n  - values: [1, 2]\n", 1, 7,
		     "chart type must be one of bar, hbar, grouped, stacked, line, radar, donut");
	expect_error("title: T\nlabels: [a, b]\nseries:\n  - values: [1, 2]\n", 1, 1,
		     "a chart needs a type (bar, hbar, grouped, stacked, line, radar or donut)");
	expect_error("type: bar\nlabels: [a, b]\nseries:\n  - values: [1, 2]\n", 1, 1,
		     "a chart needs a title");
	expect_error("type: bar\ntitle: [x]\nlabels: [a, b]\nseries:\n  - values: [1, 2]\n", 2, 8,
		     "title must be a string");
	expect_error("type: grouped\ntitle: T\nlabels: [a, b, c, d, e]\nseries:\n"
		     "  - name: A\n    values: [1, 2, 3, 4, 5]\n"
		     "  - name: B\n    values: [1, 2, 3, 4]\n",
		     8, 13, "series 2 has 4 values but there are 5 labels");
	expect_error("type: bar\ntitle: T\nlabels: [a, b]\nseries:\n  - values: [null, null]\n", 5, 3,
		     "a chart needs at least one value");
	expect_error("type: bar\ntitle: T\nlabels: [a, b]\nseries:\n  - values: [1, '2']\n", 5, 17,
		     "values must be numbers");
	expect_error("type: line\ntitle: T\nlabels: [a, b]\nseries:\n  - values: [1, .inf]\n", 5, 17,
		     "values must be finite numbers (at most 1e15)");
	expect_error("type: stacked\ntitle: T\nlabels: [a, b]\nseries:\n"
		     "  - name: A\n    values: [1, 2]\n  - name: B\n    values: [-1, 2]\n",
		     8, 14, "negative values cannot be drawn in a stacked or donut chart");
	expect_error("type: donut\ntitle: T\nlabels: [a, b]\nseries:\n  - values: [3, -2]\n", 5, 17,
		     "negative values cannot be drawn in a stacked or donut chart");
	expect_error("type: radar\ntitle: T\nlabels: [a, b, c]\nseries:\n  - values: [3, -2, 1]\n",
		     5, 17, "negative values cannot be drawn in a radar chart");
	expect_error("type: donut\ntitle: T\nlabels: [a, b]\nseries:\n  - values: [0, 0]\n", 5, 3,
		     "a donut chart needs a total above zero");
	expect_error("type: bar\ntitle: T\nlabels: [a, b]\nseries:\n  - values: [1, 2]\n"
		     "  - values: [1, 2]\n", 5, 3, "a bar chart takes exactly one series");
	expect_error("type: grouped\ntitle: T\nlabels: [a, b]\nseries:\n  - name: A\n"
		     "    values: [1, 2]\n  - values: [1, 2]\n", 7, 5,
		     "series 2 needs a name (for the legend)");
	expect_error("type: bar\ntitle: T\nlabels: a\nseries:\n  - values: [1, 2]\n", 3, 9,
		     "labels must be a list of category labels");
	expect_error("type: bar\ntitle: T\nlabels: []\nseries:\n  - values: [1, 2]\n", 3, 9,
		     "a chart needs at least one label");
	expect_error("type: bar\ntitle: T\nlabels: [a, [b]]\nseries:\n  - values: [1, 2]\n", 3, 13,
		     "labels must be strings");
	expect_error("type: radar\ntitle: T\nlabels: [a, b]\nseries:\n  - values: [1, 2]\n", 3, 9,
		     "a radar chart needs at least 3 labels (its axes)");
	expect_error("type: radar\ntitle: T\nlabels: [a, b, c, d, e, f, g, h, i, j, k, l, m]\n"
		     "series:\n  - values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]\n", 3, 9,
		     "a radar chart has at most 12 axes (a bar chart shows more)");
	expect_error("type: donut\ntitle: T\nlabels: [a, b, c, d, e, f, g, h]\n"
		     "series:\n  - values: [1, 2, 3, 4, 5, 6, 7, 8]\n", 3, 9,
		     "a donut chart has at most 7 slices (one per colour)");
	expect_error("type: line\ntitle: T\nlabels: [a]\nseries:\n"
		     "  - {name: a, values: [1]}\n  - {name: b, values: [1]}\n  - {name: c, values: [1]}\n"
		     "  - {name: d, values: [1]}\n  - {name: e, values: [1]}\n  - {name: f, values: [1]}\n"
		     "  - {name: g, values: [1]}\n  - {name: h, values: [1]}\n", 5, 3,
		     "a chart takes at most 7 series (one per colour)");
	expect_error("type: bar\ntitle: T\nlabels: [a, b]\n", 1, 1,
		     "a chart needs series (a list of {name, values})");
	expect_error("type: bar\ntitle: T\nlabels: [a, b]\nseries:\n  - name: x\n", 5, 5,
		     "series 1 needs values (a list of numbers)");
	expect_error("type: bar\ntitle: T\nlabels: [a, b]\nseries:\n  - values: [1, 2]\nmax: 1\n",
		     6, 6, "max (1) is below the largest value (2)");
	expect_error("type: bar\ntitle: T\nlabels: [a, b]\nseries:\n  - values: [1, 2]\nmax: -3\n",
		     6, 6, "max must be a number above zero");
	expect_error("type: bar\ntitle: T\nlabels: [a, b]\nseries:\n  - values: [1, 2]\n"
		     "decimals: 1.5\n", 6, 11, "decimals must be a whole number from 0 to 3");
	expect_error("type: bar\ntitle: T\nlabels: [a, b]\nseries:\n  - values: [1, 2]\n"
		     "width: 50\n", 6, 8, "width must be a number from 200 to 4000");
	expect_error("type: bar\ntitle: T\nlabels: [a, b]\nseries:\n  - values: [1, 2]\n"
		     "id: 9 lives\n", 6, 5,
		     "id must start with a letter and have only letters, digits, '-' and '_' (at most 64)");
	expect_error("- type: bar\n", 1, 1,
		     "a chart spec must be a map (type, title, labels, series...)");

	/* every error at once, in one pass */
	err_init(&e);
	c = mk("type: bar\ntitle: 5\nlabels: [a, b]\nseries:\n  - values: [x, 2]\nwidth: 1\n",
	       "en", &e);
	T_OK(c == NULL && e.nerrors == 2, "two errors reported together");
	err_free(&e);

	/* unknown keys are warnings, not errors */
	err_init(&e);
	c = mk("type: bar\ntitle: T\ncolour: red\nlabels: [a, 2021]\nseries:\n"
	       "  - values: [1, 2]\n    colour: red\n", "en", &e);
	T_OK(c != NULL && e.nerrors == 0 && e.nwarnings == 2, "unknown keys warn");
	T_OK(e.len == 2 && e.items[0].line == 3 && e.items[0].col == 9, "warning at the value");
	T_STREQ(e.len ? e.items[0].msg : NULL, "unknown chart key 'colour'", "warning text");
	chart_free(c);
	err_free(&e);
}

/* ------------------------------------------------------------------ */
/* SVG                                                                 */

static int have(const char *tool)
{
	char *cmd = xasprintf("command -v %s >/dev/null 2>&1", tool);
	int ok = system(cmd) == 0;
	free(cmd);
	return ok;
}

/* Every id once, every reference to a known id, all under the prefix. */
static void check_ids(const char *svg, const char *prefix, const char *what)
{
	const char *p = svg;
	char **ids = NULL;
	size_t n = 0, cap = 0, i, j, plen = strlen(prefix);
	int dup = 0, foreign = 0, dangling = 0;
	char msg[200];
	while ((p = strstr(p, " id=\"")) != NULL) {
		const char *q;
		p += 5;
		q = strchr(p, '"');
		xgrow(&ids, &cap, n + 1, sizeof *ids);
		ids[n++] = xstrndup(p, (size_t)(q - p));
		if (strncmp(p, prefix, plen) != 0)
			foreign = 1;
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (strcmp(ids[i], ids[j]) == 0)
				dup = 1;
	for (p = svg; (p = strstr(p, "href=\"#")) != NULL;) {
		const char *q;
		int found = 0;
		p += 7;
		q = strchr(p, '"');
		for (i = 0; i < n && !found; i++)
			found = strlen(ids[i]) == (size_t)(q - p) && memcmp(ids[i], p, q - p) == 0;
		dangling += !found;
	}
	snprintf(msg, sizeof msg, "%s: ids unique, prefixed and resolved", what);
	T_OK(n > 2 && !dup && !foreign && !dangling, msg);
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

/* The root element and its first children. */
static void check_svg_head(const char *svg, const chart *c, const char *what)
{
	char *want, *alt = chart_alt(c);
	char msg[200];
	buf d = BUF_INIT;
	snprintf(msg, sizeof msg, "%s: root has role, size, viewBox", what);
	want = xasprintf("<svg xmlns=\"http://www.w3.org/2000/svg\" "
			 "xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"%g\" height=\"%g\" "
			 "viewBox=\"0 0 %g %g\" role=\"img\" aria-labelledby=\"",
			 chart_width(c), chart_height(c), chart_width(c), chart_height(c));
	T_OK(strncmp(svg, want, strlen(want)) == 0, msg);
	free(want);
	/* <title> then <desc>, right after the root's start tag */
	{
		const char *p = strchr(svg, '>') + 1;
		while (*p == '\n')
			p++;
		snprintf(msg, sizeof msg, "%s: <title> is the first child", what);
		T_OK(strncmp(p, "<title id=\"", 11) == 0, msg);
		p = strstr(p, "</title>") + 8;
		while (*p == '\n')
			p++;
		snprintf(msg, sizeof msg, "%s: <desc> comes next", what);
		T_OK(strncmp(p, "<desc id=\"", 10) == 0, msg);
		buf_puts(&d, "\">");
		buf_put_escaped(&d, alt, strlen(alt));
		buf_puts(&d, "</desc>");
		snprintf(msg, sizeof msg, "%s: <desc> is the alt text", what);
		T_OK(strstr(p, d.ptr) != NULL, msg);
	}
	buf_free(&d);
	free(alt);
}

static void test_svg(void)
{
	int xml = have("xmllint"), rsvg = have("rsvg-convert");
	int i, k;
	if (!xml)
		printf("chart: xmllint not found, SVG well-formedness not checked\n");
	if (!rsvg)
		printf("chart: rsvg-convert not found, SVG rendering not checked\n");
	for (k = 0; k < 2; k++)
		for (i = 0; i < NSAMPLES; i++) {
			err_list e;
			chart *c;
			buf svg = BUF_INIT;
			char what[64], *path, *cmd;
			err_init(&e);
			c = mk((k ? sample_ka : sample_en)[i], k ? "ka" : "en", &e);
			snprintf(what, sizeof what, "%s svg (%s)", type_names[i], k ? "ka" : "en");
			if (!c || chart_svg(c, &svg) != 0) {
				T_OK(0, what);
				chart_free(c);
				err_free(&e);
				continue;
			}
			check_svg_head(svg.ptr, c, what);
			check_ids(svg.ptr, "chart-", what);
			T_OK(strstr(svg.ptr, "<image") == NULL, "no bitmaps in the SVG");
			path = xasprintf("/tmp/charts/%s-%s.svg", type_names[i], k ? "ka" : "en");
			file_write(path, svg.ptr, svg.len);
			if (xml) {
				cmd = xasprintf("xmllint --noout %s", path);
				T_OK(system(cmd) == 0, "SVG is well-formed (xmllint)");
				free(cmd);
			}
			if (rsvg) {
				cmd = xasprintf("rsvg-convert -o /tmp/charts/%s-%s.rsvg.png %s",
						type_names[i], k ? "ka" : "en", path);
				T_OK(system(cmd) == 0, "SVG renders (rsvg-convert)");
				free(cmd);
			}
			free(path);
			buf_free(&svg);
			chart_free(c);
			err_free(&e);
		}
}

/* The id prefix: from the spec, or a hash that differs between charts. */
static void test_svg_ids(void)
{
	err_list e;
	chart *a, *b, *d;
	buf sa = BUF_INIT, sb = BUF_INIT, sd = BUF_INIT;
	err_init(&e);
	a = mk(sample_en[0], "en", &e);
	b = mk(sample_en[2], "en", &e);
	d = mk("type: bar\ntitle: T\nid: budget-2023\nlabels: [a, b]\nseries:\n  - values: [1, 2]\n",
	       "en", &e);
	T_OK(a && b && d, "charts for the id test");
	if (a && b && d) {
		chart_svg(a, &sa);
		chart_svg(b, &sb);
		chart_svg(d, &sd);
		T_OK(strstr(sd.ptr, "aria-labelledby=\"budget-2023-title budget-2023-desc\"") != NULL,
		     "spec id names the title and desc");
		check_ids(sd.ptr, "budget-2023-", "spec id");
		T_OK(strncmp(strstr(sa.ptr, " id=\""), strstr(sb.ptr, " id=\""), 20) != 0,
		     "two charts get different id prefixes");
	}
	buf_free(&sa);
	buf_free(&sb);
	buf_free(&sd);
	chart_free(a);
	chart_free(b);
	chart_free(d);
	err_free(&e);
}

/* ------------------------------------------------------------------ */
/* Determinism: the same bytes every time, in every thread             */

typedef struct {
	const chart *c;
	const buf *svg, *png; /* the reference output */
	int same;             /* renders that matched */
} job;

static void *render_job(void *arg)
{
	job *j = arg;
	int i;
	for (i = 0; i < 5; i++) {
		buf s = BUF_INIT, p = BUF_INIT;
		if (chart_svg(j->c, &s) == 0 && s.len == j->svg->len &&
		    memcmp(s.ptr, j->svg->ptr, s.len) == 0)
			j->same++;
		if (chart_png(j->c, 2.0, &p) == 0 && p.len == j->png->len &&
		    memcmp(p.ptr, j->png->ptr, p.len) == 0)
			j->same++;
		buf_free(&s);
		buf_free(&p);
	}
	return NULL;
}

static void test_determinism(void)
{
	err_list e;
	chart *c, *other;
	buf ref = BUF_INIT, refpng = BUF_INIT, s = BUF_INIT;
	int i, same = 0;
	pthread_t th[2];
	job jobs[2];

	err_init(&e);
	c = mk(sample_ka[2], "ka", &e);
	other = mk(sample_en[5], "en", &e);
	T_OK(c && other, "charts for the determinism test");
	if (!c || !other) {
		chart_free(c);
		chart_free(other);
		err_free(&e);
		return;
	}
	T_OK(chart_svg(c, &ref) == 0 && chart_png(c, 2.0, &refpng) == 0, "reference renders");
	for (i = 0; i < 20; i++) {
		/* another chart in between moves cairo's global counters */
		buf_reset(&s);
		chart_svg(other, &s);
		buf_reset(&s);
		chart_svg(c, &s);
		same += s.len == ref.len && memcmp(s.ptr, ref.ptr, s.len) == 0;
	}
	T_NUMEQ(same, 20, "one chart 20 times: the same SVG bytes");
	for (i = 0; i < 2; i++) {
		jobs[i].c = c;
		jobs[i].svg = &ref;
		jobs[i].png = &refpng;
		jobs[i].same = 0;
		pthread_create(&th[i], NULL, render_job, &jobs[i]);
	}
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	T_NUMEQ(jobs[0].same + jobs[1].same, 20, "two threads: the same SVG and PNG bytes");

	/* appending: output goes after what the buffer had */
	buf_reset(&s);
	buf_puts(&s, "<p>");
	chart_svg(c, &s);
	T_OK(s.len == ref.len + 3 && memcmp(s.ptr + 3, ref.ptr, ref.len) == 0, "chart_svg appends");

	buf_free(&ref);
	buf_free(&refpng);
	buf_free(&s);
	chart_free(c);
	chart_free(other);
	err_free(&e);
}

/* ------------------------------------------------------------------ */
/* Geometry: what is drawn matches the data                            */

typedef struct {
	const unsigned char *p;
	size_t left;
} png_src;

static cairo_status_t read_png(void *closure, unsigned char *data, unsigned int len)
{
	png_src *s = closure;
	if (len > s->left)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, s->p, len);
	s->p += len;
	s->left -= len;
	return CAIRO_STATUS_SUCCESS;
}

/* The chart as a PNG at scale, decoded again. */
static cairo_surface_t *png_of(const chart *c, double scale)
{
	buf b = BUF_INIT;
	png_src src;
	cairo_surface_t *s;
	if (chart_png(c, scale, &b) != 0)
		return NULL;
	src.p = (const unsigned char *)b.ptr;
	src.left = b.len;
	s = cairo_image_surface_create_from_png_stream(read_png, &src);
	buf_free(&b);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return NULL;
	}
	return s;
}

static int is_rgb(cairo_surface_t *s, int x, int y, unsigned rgb)
{
	const unsigned char *d = cairo_image_surface_get_data(s);
	uint32_t px = *(const uint32_t *)(d + y * cairo_image_surface_get_stride(s) + x * 4);
	return (px & 0xFFFFFF) == rgb;
}

/* Runs of columns (vertical: 1) or rows (0) holding colour rgb; for each
 * run the longest stretch of that colour across it.  Returns the number
 * of runs (at most max). */
static int runs_of(cairo_surface_t *s, unsigned rgb, int vertical, double *len, int max)
{
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int a, b, n = 0, in = 0, outer = vertical ? w : h, inner = vertical ? h : w;
	cairo_surface_flush(s);
	for (a = 0; a < outer; a++) {
		int count = 0;
		for (b = 0; b < inner; b++)
			count += vertical ? is_rgb(s, a, b, rgb) : is_rgb(s, b, a, rgb);
		if (count > 0 && !in) {
			in = 1;
			if (n < max)
				len[n] = 0;
			n++;
		}
		if (count == 0)
			in = 0;
		if (count > 0 && n <= max && count > len[n - 1])
			len[n - 1] = count;
	}
	return n;
}

static void test_geometry(void)
{
	err_list e;
	chart *c;
	cairo_surface_t *s;
	double len[8];
	int n;

	err_init(&e);
	c = mk("type: bar\ntitle: Geometry\nlabels: [a, b, c]\nseries:\n  - values: [10, 20, 40]\n",
	       "en", &e);
	s = c ? png_of(c, 2.0) : NULL;
	T_OK(s != NULL, "bar PNG decodes");
	if (s) {
		T_NUMEQ(cairo_image_surface_get_width(s), 1440, "2x PNG is 1440 wide");
		T_NUMEQ(cairo_image_surface_get_height(s), 810, "2x PNG is 810 high");
		n = runs_of(s, 0x0072B2, 1, len, 8);
		T_NUMEQ(n, 3, "three bars");
		if (n == 3) {
			T_OK(fabs(len[1] / len[0] - 2) < 0.04, "bar b is twice bar a (2%)");
			T_OK(fabs(len[2] / len[0] - 4) < 0.08, "bar c is four times bar a (2%)");
		}
		cairo_surface_destroy(s);
	}
	chart_free(c);

	c = mk("type: hbar\ntitle: Geometry\nlabels: [a, b, c, d]\nseries:\n"
	       "  - values: [50, 12.5, 25, 37.5]\n", "en", &e);
	s = c ? png_of(c, 1.0) : NULL;
	T_OK(s != NULL, "hbar PNG decodes");
	if (s) {
		n = runs_of(s, 0x0072B2, 0, len, 8);
		T_NUMEQ(n, 4, "four rows");
		if (n == 4) {
			T_OK(fabs(len[1] / len[0] - 0.25) < 0.005, "hbar b is a quarter of a");
			T_OK(fabs(len[2] / len[0] - 0.5) < 0.01, "hbar c is half of a");
			T_OK(fabs(len[3] / len[0] - 0.75) < 0.015, "hbar d is three quarters of a");
		}
		cairo_surface_destroy(s);
	}
	chart_free(c);

	/* stacked: segment heights in the second colour follow the data */
	c = mk("type: stacked\ntitle: Geometry\nlabels: [a, b]\nseries:\n"
	       "  - name: x\n    values: [10, 10]\n  - name: y\n    values: [10, 30]\n", "en", &e);
	s = c ? png_of(c, 2.0) : NULL;
	T_OK(s != NULL, "stacked PNG decodes");
	if (s) {
		double base[4];
		/* one run of columns: the legend swatch, then the two bars */
		n = runs_of(s, 0xE69F00, 1, len, 8);
		T_NUMEQ(n, 3, "legend swatch and two segments");
		T_NUMEQ(runs_of(s, 0x0072B2, 1, base, 4), 3, "legend swatch and two base segments");
		if (n == 3) {
			T_OK(fabs(len[2] / len[1] - 3) < 0.06, "top segment b is three times a");
			T_OK(fabs(base[2] / len[1] - 1) < 0.04, "base segment equals the top one");
		}
		cairo_surface_destroy(s);
	}
	chart_free(c);
	err_free(&e);
}

/* ------------------------------------------------------------------ */
/* Alt text and the data table                                         */

static char *alt_of(const char *yaml, const char *lang)
{
	err_list e;
	chart *c;
	char *a;
	err_init(&e);
	c = mk(yaml, lang, &e);
	a = c ? chart_alt(c) : xstrdup("(no chart)");
	chart_free(c);
	err_free(&e);
	return a;
}

static void alt_is(const char *yaml, const char *lang, const char *want, const char *what)
{
	char *a = alt_of(yaml, lang);
	T_STREQ(a, want, what);
	free(a);
}

static void alt_has(const char *yaml, const char *lang, const char *part, const char *what)
{
	char *a = alt_of(yaml, lang);
	T_OK(strstr(a, part) != NULL, what);
	if (!strstr(a, part))
		fprintf(stderr, "  alt: %s\n  want part: %s\n", a, part);
	free(a);
}

static void test_alt(void)
{
	alt_is(sample_en[0], "en", "Bar chart: Ozurgeti is highest at 72.5%, Keda lowest at 31.0%.",
	       "bar alt (en)");
	alt_is(sample_ka[0], "ka",
	       "სვეტოვანი დიაგრამა: ყველაზე მაღალი — ოზურგეთი, 72.5%; ყველაზე დაბალი — ქედა, 31.0%.",
	       "bar alt (ka)");
	alt_is(sample_en[1], "en",
	       "Horizontal bar chart: Ozurgeti is highest at 72.5%, Keda lowest at 31.0%.",
	       "hbar alt (en)");
	alt_is(sample_en[2], "en",
	       "Grouped bar chart: The biggest change from Phase 1 to Phase 2 is in Ozurgeti, "
	       "from 40.0% to 72.5%.",
	       "grouped alt names the biggest change");
	alt_has(sample_ka[2], "ka", "ოზურგეთი", "grouped alt (ka) names the biggest change");
	alt_is(sample_en[3], "en",
	       "Stacked bar chart: Batumi has the highest total at 1,640\xc2\xa0GEL, "
	       "Shuakhevi the lowest at 167\xc2\xa0GEL.",
	       "stacked alt uses totals");
	alt_is(sample_en[4], "en",
	       "Line chart: Batumi rose from 4.1% (2018) to 11.4% (2023); "
	       "Ozurgeti rose from 2.3% (2019) to 9.7% (2023).",
	       "line alt follows each series");
	alt_is(sample_en[5], "en",
	       "Radar chart (Phase 2): Access to information is highest at 80%, "
	       "Inclusiveness lowest at 45%.",
	       "radar alt: strongest and weakest area");
	alt_is(sample_en[6], "en",
	       "Donut chart: Roads and lighting has the largest share at 42% (42), "
	       "Culture the smallest at 5% (5).",
	       "donut alt: largest and smallest share");
	alt_has(sample_ka[6], "ka", "ყველაზე დიდი წილი — გზები და განათება", "donut alt (ka)");
	alt_is("type: bar\ntitle: T\nlabels: [a, b]\nseries:\n  - values: [3, 3]\n", "en",
	       "Bar chart: All values are 3.", "alt for equal values");
	alt_is("type: bar\ntitle: T\nlabels: [a, b]\nseries:\n  - values: [null, 3]\n", "en",
	       "Bar chart: b is 3.", "alt for a single value");
	alt_is("type: bar\ntitle: T\nunit: GEL\nlabels: [a, b]\nseries:\n"
	       "  - values: [1250000, -3.5]\n", "en",
	       "Bar chart: a is highest at 1,250,000.0\xc2\xa0GEL, b lowest at \xe2\x88\x92"
	       "3.5\xc2\xa0GEL.", "alt numbers: grouping, minus sign, unit");
	alt_is("type: bar\ntitle: T\nunit: ლარი\ndecimals: 0\nlabels: [ა, ბ]\nseries:\n"
	       "  - values: [1250000, 2.5]\n", "ka",
	       "სვეტოვანი დიაგრამა: ყველაზე მაღალი — ა, 1\xc2\xa0" "250\xc2\xa0" "000\xc2\xa0ლარი; "
	       "ყველაზე დაბალი — ბ, 3\xc2\xa0ლარი.", "Georgian numbers: no-break spaces, rounding");
}

static int count(const char *s, const char *what)
{
	int n = 0;
	while ((s = strstr(s, what)) != NULL)
		n++, s++;
	return n;
}

static void test_table(void)
{
	err_list e;
	chart *c;
	buf b = BUF_INIT;
	err_init(&e);
	c = mk(sample_en[2], "en", &e);
	if (c) {
		chart_table_html(c, &b);
		T_OK(strncmp(b.ptr, "<table class=\"chart-data\">\n<caption>Civic engagement index, "
				    "phase 1 and phase 2</caption>", 79) == 0, "table starts with the caption");
		T_NUMEQ(count(b.ptr, "<tr>"), 8, "a header row and one row per label");
		T_NUMEQ(count(b.ptr, "<th scope=\"row\">"), 7, "row headers");
		T_NUMEQ(count(b.ptr, "<th scope=\"col\">"), 3, "column headers");
		T_NUMEQ(count(b.ptr, "<td class=\"num\">"), 13, "number cells");
		T_OK(strstr(b.ptr, "<td class=\"num na\">no data</td>") != NULL, "null is no data");
		T_OK(strstr(b.ptr, "<th scope=\"col\">Phase 2</th>") != NULL, "series heads a column");
		T_OK(strstr(b.ptr, "<th scope=\"row\">Ozurgeti</th><td class=\"num\">40.0%</td>"
				   "<td class=\"num\">72.5%</td></tr>") != NULL, "a row");
		T_OK(strstr(b.ptr, "<thead>") && strstr(b.ptr, "</tbody>\n</table>\n"), "thead, tbody");
	}
	chart_free(c);
	buf_reset(&b);

	c = mk("type: stacked\ntitle: 'A & B <x>'\nunit: GEL\nlabels: ['Tom & \"Jerry\"', b]\n"
	       "series:\n  - name: '<s>'\n    values: [1200, -0]\n  - name: t\n    values: [1, 2]\n",
	       "en", &e);
	T_OK(c != NULL, "stacked table chart");
	if (c) {
		chart_table_html(c, &b);
		T_OK(strstr(b.ptr, "<caption>A &amp; B &lt;x&gt;</caption>") != NULL, "caption escaped");
		T_OK(strstr(b.ptr, "Tom &amp; &quot;Jerry&quot;") != NULL, "label escaped");
		T_OK(strstr(b.ptr, "<th scope=\"col\">&lt;s&gt;</th>") != NULL, "series escaped");
		T_OK(strstr(b.ptr, "<th scope=\"col\">Total</th>") != NULL, "stacked: total column");
		T_OK(strstr(b.ptr, "<td class=\"num\">1,201\xc2\xa0GEL</td>") != NULL, "total cell");
	}
	chart_free(c);
	buf_reset(&b);

	c = mk(sample_ka[6], "ka", &e);
	if (c) {
		chart_table_html(c, &b);
		T_NUMEQ(count(b.ptr, "<tr>"), 6, "donut: one row per slice");
		T_OK(strstr(b.ptr, "<th scope=\"col\">წილი</th>") != NULL, "donut: share column (ka)");
		T_OK(strstr(b.ptr, "<td class=\"num\">42%</td>") != NULL, "donut: share cell");
	}
	chart_free(c);
	buf_free(&b);
	err_free(&e);
}

/* ------------------------------------------------------------------ */
/* Drawing onto a caller's cairo_t (PDF), sizes, fonts                 */

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	buf_put(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static int has_bytes(const buf *b, const char *what)
{
	size_t n = strlen(what), i;
	for (i = 0; i + n <= b->len; i++)
		if (memcmp(b->ptr + i, what, n) == 0)
			return 1;
	return 0;
}

static void test_draw(void)
{
	err_list e;
	chart *c, *h13, *h3;
	buf pdf = BUF_INIT, b = BUF_INIT;
	cairo_surface_t *s;
	cairo_t *cr;
	cairo_matrix_t m0, m1;
	err_init(&e);
	c = mk(sample_ka[5], "ka", &e);
	T_OK(c != NULL, "chart for the PDF test");
	if (c) {
		s = cairo_pdf_surface_create_for_stream(write_buf, &pdf, 595, 842);
		cr = cairo_create(s);
		cairo_translate(cr, 3, 4);
		cairo_set_source_rgb(cr, 1, 0, 0);
		cairo_get_matrix(cr, &m0);
		chart_draw(c, cr, 40, 60, 515, 300);
		cairo_get_matrix(cr, &m1);
		T_OK(memcmp(&m0, &m1, sizeof m0) == 0, "chart_draw leaves the matrix as it was");
		{
			double r, g, bl, a;
			cairo_pattern_get_rgba(cairo_get_source(cr), &r, &g, &bl, &a);
			T_OK(r == 1 && g == 0 && bl == 0, "chart_draw leaves the source as it was");
		}
		T_OK(cairo_status(cr) == CAIRO_STATUS_SUCCESS, "PDF drawing succeeds");
		cairo_destroy(cr);
		cairo_surface_finish(s);
		cairo_surface_destroy(s);
		T_OK(pdf.len > 1000 && memcmp(pdf.ptr, "%PDF", 4) == 0, "a PDF came out");
		T_OK(pdf.len && !has_bytes(&pdf, "/Subtype /Image"),
		     "the PDF has no bitmaps: the chart stays vector");
		T_OK(has_bytes(&pdf, "/FontFile"),
		     "the PDF embeds fonts (text, not outlines)");
		T_OK(chart_png(c, 0, &b) == -1 && b.len == 0, "scale 0 is refused");
		T_OK(chart_png(c, 1.5, &b) == 0, "scale 1.5 renders");
	}
	chart_free(c);

	h3 = mk("type: hbar\ntitle: T\nlabels: [a, b, c]\nseries:\n  - values: [1, 2, 3]\n", "en", &e);
	h13 = mk(sample_en[1], "en", &e);
	T_OK(h3 && h13 && chart_height(h13) > chart_height(h3) + 250,
	     "an hbar chart grows with its rows");
	T_OK(h3 && chart_width(h3) == 720, "default width");
	chart_free(h3);
	chart_free(h13);

	c = mk("type: bar\ntitle: T\nlabels: [\"a\\uE000\\uE001\", b]\nseries:\n  - values: [1, 2]\n",
	       "en", &e);
	T_OK(c && chart_missing_glyphs(c) >= 2, "characters no font has are counted");
	chart_free(c);
	buf_free(&pdf);
	buf_free(&b);
	err_free(&e);
}

/* ------------------------------------------------------------------ */
/* Odd but valid charts: each draws (no cairo error, no NaN) as SVG    */
/* and PNG.  They go to /tmp/charts/odd-N.png.                         */

/* labels: [...] (values < 0), or the values: [...] of a series. */
static void add_list(buf *b, int n, int values)
{
	int i;
	buf_puts(b, values >= 0 ? "    values: [" : "labels: [");
	for (i = 0; i < n; i++)
		if (values >= 0)
			buf_printf(b, "%s%d", i ? ", " : "", (i * 37 + values * 11) % 101);
		else
			buf_printf(b, "%sმუნიციპალიტეტი %d", i ? ", " : "", i + 1);
	buf_puts(b, "]\n");
}

static void test_odd(void)
{
	static const char *const types[] = {"bar", "hbar", "grouped", "stacked", "line", "radar",
					    "donut"};
	static const char *const fixed[] = {
		"type: bar\ntitle: Zeros\nlabels: [a, b]\nseries:\n  - values: [0, 0]\n",
		"type: bar\ntitle: Tiny\nlabels: [a, b]\nseries:\n  - values: [0.001, 0.0042]\n",
		"type: hbar\ntitle: Huge\nunit: GEL\nlabels: [a, b]\nseries:\n"
		"  - values: [1e15, -9.5e14]\n",
		"type: line\ntitle: One point\nlabels: [a, b, c]\nseries:\n"
		"  - values: [null, 5, null]\n",
		"type: line\ntitle: Negative\nlabels: [a, b, c, d]\nseries:\n"
		"  - values: [-5, -2, -8, -1]\n",
		"type: bar\ntitle: One\nmax: 100\nunit: '%'\nlabels: [Only one]\nseries:\n"
		"  - values: [42]\n",
		"type: donut\ntitle: One slice\nlabels: [a, b]\nseries:\n  - values: [5, null]\n",
		"type: radar\ntitle: Max 75\nmax: 75\nlabels: [a, b, c]\nseries:\n"
		"  - values: [10, 50, 70]\n",
	};
	size_t i, k = 0;
	buf spec = BUF_INIT;
	for (i = 0; i < 7 * 3 + sizeof fixed / sizeof *fixed; i++) {
		err_list e;
		chart *c;
		buf out = BUF_INIT;
		char what[96], *path;
		buf_reset(&spec);
		if (i < 7 * 3) {
			const char *t = types[i % 7];
			int many = i / 7 == 1, n = many ? (i % 7 == 5 ? 12 : i % 7 == 6 ? 7 : 200) : 5;
			buf_printf(&spec, "type: %s\ntitle: %s chart with a very long title that goes on "
				   "and on and has to wrap onto a second line or be cut short at the "
				   "end of it\n", t, t);
			if (i / 7 == 0)
				buf_puts(&spec, "width: 200\nheight: 150\n"
						"note: a note long enough to wrap at this size\n");
			if (i / 7 == 1 && i % 7 == 1)
				buf_puts(&spec, "height: 300\n");
			if (i / 7 == 2)
				buf_puts(&spec, "width: 4000\nheight: 150\nsubtitle: wide and flat\n");
			add_list(&spec, n, -1);
			buf_puts(&spec, "series:\n  - name: s\n");
			add_list(&spec, n, 0);
			if (strcmp(t, "grouped") == 0 || strcmp(t, "stacked") == 0 ||
			    strcmp(t, "line") == 0 || strcmp(t, "radar") == 0) {
				int j;
				for (j = 1; j < 7; j++) {
					buf_printf(&spec, "  - name: series number %d with a long name\n", j + 1);
					add_list(&spec, n, j);
				}
			}
		} else {
			buf_puts(&spec, fixed[i - 21]);
		}
		err_init(&e);
		c = mk(spec.ptr, "ka", &e);
		snprintf(what, sizeof what, "odd chart %zu builds", i + 1);
		T_OK(c != NULL && e.nerrors == 0, what);
		if (!c) {
			err_print(&e, stderr, 0);
			err_free(&e);
			continue;
		}
		snprintf(what, sizeof what, "odd chart %zu draws as SVG", i + 1);
		T_OK(chart_svg(c, &out) == 0 && !strstr(out.ptr, "nan"), what);
		buf_reset(&out);
		snprintf(what, sizeof what, "odd chart %zu draws as PNG", i + 1);
		T_OK(chart_png(c, 1.0, &out) == 0, what);
		path = xasprintf("/tmp/charts/odd-%zu.png", ++k);
		file_write(path, out.ptr, out.len);
		free(path);
		buf_free(&out);
		chart_free(c);
		err_free(&e);
	}
	buf_free(&spec);
}

int main(void)
{
	t_name = "chart";
	/* a GLib critical (say, a bad g_object_unref) fails the run */
	g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
	test_validation();
	test_samples();
	test_extra();
	test_svg();
	test_svg_ids();
	test_determinism();
	test_geometry();
	test_alt();
	test_table();
	test_draw();
	test_odd();
	return t_done();
}

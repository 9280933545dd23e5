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

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

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

int main(void)
{
	t_name = "chart";
	test_samples();
	return t_done();
}

/*
 * xlsx.c - see xlsx.h.
 *
 * Workbooks written with libxlsxwriter.  Three rules shape the code:
 *
 *  - Every computed cell is a live formula over the sheets of the same
 *    workbook, so a reader can follow and audit each number, and it also
 *    stores the value bench.c computed for the site as the formula's
 *    cached result: viewers that do not recalculate show the site's
 *    numbers.  The formulas mirror bench.c operation by operation, so a
 *    recalculation gives the same digits (tests/e2e/test_xlsx.sh checks
 *    this with LibreOffice).  A cached value of NAN stands for an empty
 *    result ("").
 *  - Nothing depends on the clock or the machine: the document date
 *    comes from the report's YAML, so two builds give the same bytes.
 *  - Each sheet is written by one function; cells go through the put_*
 *    helpers, which pick the shared formats and measure the text so that
 *    columns fit and wrapped rows get their height.
 */
#include "xlsx.h"
#include "cache.h"
#include "bench.h"
#include "buf.h"
#include "data.h"
#include "date.h"
#include "progress.h"
#include "util.h"
#include "yamlval.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include <xlsxwriter.h>

#define REPORTS_DIR "content/reports"
#define DATA_DIR "datasets"

/* ---- labels ---- */

enum {
	/* sheet names (at most 31 characters, none of []:*?/\) */
	L_ABOUT, L_SUMMARY, L_RANKING, L_CHARTS, L_REGIONS, L_AREAS, L_INSTRUMENT,
	L_PHASE_SHEET, L_LOGFRAME, L_LEGAL, L_TRAININGS, L_FORUMS, L_CONTESTS, L_PB,
	/* column headers */
	L_MUNICIPALITY, L_REGION, L_AREA, L_INDICATOR, L_INDICATOR_ID, L_MAX, L_WEIGHT,
	L_SCORE, L_SHARE, L_EVIDENCE, L_NOTE, L_SCALE, L_INDEX, L_RANK, L_PHASE,
	L_PHASE_YEAR, L_CHANGE, L_CHANGE_POINTS, L_CHANGE_PCT, L_AREA_WEIGHT, L_AVERAGE,
	L_TOTAL, L_MUNICIPALITIES, L_PHASE_AVG, L_INDICATORS, L_WEIGHTED_MAX,
	L_DESCRIPTION, L_ALL_MUNIS, L_UNIT, L_BASELINE, L_TARGET, L_ACTUAL,
	L_ACHIEVED, L_STATUS, L_ST_ACHIEVED, L_ST_LARGELY, L_ST_NOT, L_OUTCOME,
	L_OUTPUT, L_GOAL, L_TYPE, L_COURSE, L_ACTOR, L_CATEGORY, L_YEAR,
	L_POPULATION, L_PROPOSALS, L_FUNDED, L_FUNDED_SHARE, L_WOMEN, L_MEN,
	L_PARTICIPANTS, L_UNDER30, L_30TO64, L_65PLUS, L_PER_1000, L_WOMEN_PCT,
	L_UNDER30_PCT, L_AMOUNT,
	/* titles and notes */
	L_SUMMARY_TITLE, L_SUMMARY_SUB, L_RANKING_TITLE, L_RANKING_SUB, L_REGIONS_TITLE,
	L_AREAS_TITLE, L_AREAS_SUB, L_INSTRUMENT_SUB, L_PHASE_TITLE, L_PHASE_SUB,
	L_CHARTS_TITLE, L_CHARTS_SUB, L_CHART_RANK, L_CHART_CMP, L_AXIS_INDEX, L_LOGFRAME_TITLE,
	L_LOGFRAME_SUB, L_LEGAL_TITLE, L_TRAININGS_TITLE, L_ENROLLED, L_COMPLETED,
	L_COMPLETION_RATE, L_FORUMS_TITLE, L_BY_ACTOR, L_BY_REGION, L_CONTESTS_TITLE,
	L_ENTRIES, L_WINNERS, L_WIN_RATE, L_PB_TITLE, L_PB_SUB,
	/* the about sheet */
	L_PERIOD, L_AUTHOR, L_COMPANY, L_DATE, L_SOURCE, L_CONTENTS, L_SHEET,
	L_HOW_INDEX, L_HOW_INDEX_TEXT, L_FORMULAS_NOTE, L_FORMULAS_NOTE_PR, L_PAGE,
	L_D_SUMMARY, L_D_RANKING, L_D_CHARTS, L_D_REGIONS, L_D_AREAS, L_D_INSTRUMENT,
	L_D_PHASE, L_D_LOGFRAME, L_D_LEGAL, L_D_TRAININGS, L_D_FORUMS, L_D_CONTESTS,
	L_D_PB,
	L_COUNT
};

/* [English, Georgian]; the Georgian terms follow the theme's i18n. */
static const char *const labels[L_COUNT][2] = {
	[L_ABOUT] = {"About", "შესავალი"},
	[L_SUMMARY] = {"Summary", "შეჯამება"},
	[L_RANKING] = {"Ranking", "რეიტინგი"},
	[L_CHARTS] = {"Charts", "დიაგრამები"},
	[L_REGIONS] = {"Regions", "რეგიონები"},
	[L_AREAS] = {"Areas", "სფეროები"},
	[L_INSTRUMENT] = {"Instrument", "ინსტრუმენტი"},
	[L_PHASE_SHEET] = {"Phase %d scores", "ფაზა %d – ქულები"},
	[L_LOGFRAME] = {"Logframe", "ლოგიკური ჩარჩო"},
	[L_LEGAL] = {"Legal consultations", "სამართლებრივი კონსულტაციები"},
	[L_TRAININGS] = {"Online courses", "ონლაინ კურსები"},
	[L_FORUMS] = {"Forums", "ფორუმები"},
	[L_CONTESTS] = {"Contests", "კონკურსები"},
	[L_PB] = {"Participatory budgeting", "მონაწილეობითი ბიუჯეტირება"},

	[L_MUNICIPALITY] = {"Municipality", "მუნიციპალიტეტი"},
	[L_REGION] = {"Region", "რეგიონი"},
	[L_AREA] = {"Area", "სფერო"},
	[L_INDICATOR] = {"Indicator", "ინდიკატორი"},
	[L_INDICATOR_ID] = {"Indicator id", "ინდიკატორის კოდი"},
	[L_MAX] = {"Maximum points", "მაქსიმალური ქულა"},
	[L_WEIGHT] = {"Weight", "წონა"},
	[L_SCORE] = {"Score", "ქულა"},
	[L_SHARE] = {"Share of maximum", "წილი მაქსიმუმიდან"},
	[L_EVIDENCE] = {"Evidence", "მტკიცებულება"},
	[L_NOTE] = {"Note", "შენიშვნა"},
	[L_SCALE] = {"Scoring scale", "შეფასების სკალა"},
	[L_INDEX] = {"Index", "ინდექსი"},
	[L_RANK] = {"Rank", "ადგილი"},
	[L_PHASE] = {"Phase %d", "ფაზა %d"},
	[L_PHASE_YEAR] = {"Phase %d (%s)", "ფაზა %d (%s)"},
	[L_CHANGE] = {"Change, phase 1 to 2", "ცვლილება, ფაზა 1-დან 2-მდე"},
	[L_CHANGE_POINTS] = {"Points", "ქულა"},
	[L_CHANGE_PCT] = {"Per cent", "პროცენტი"},
	[L_AREA_WEIGHT] = {"Area weight", "სფეროს წონა"},
	[L_AVERAGE] = {"Average", "საშუალო"},
	[L_TOTAL] = {"Total", "სულ"},
	[L_MUNICIPALITIES] = {"Municipalities", "მუნიციპალიტეტები"},
	[L_PHASE_AVG] = {"Phase %d average", "ფაზა %d – საშუალო"},
	[L_INDICATORS] = {"Indicators", "ინდიკატორები"},
	[L_WEIGHTED_MAX] = {"Weighted maximum", "შეწონილი მაქსიმუმი"},
	[L_DESCRIPTION] = {"Description", "აღწერა"},
	[L_ALL_MUNIS] = {"All target municipalities", "ყველა სამიზნე მუნიციპალიტეტი"},
	[L_UNIT] = {"Unit", "ერთეული"},
	[L_BASELINE] = {"Baseline", "საბაზისო"},
	[L_TARGET] = {"Target", "მიზნობრივი"},
	[L_ACTUAL] = {"Actual", "ფაქტობრივი"},
	[L_ACHIEVED] = {"% of target", "მიზნის %"},
	[L_STATUS] = {"Status", "სტატუსი"},
	[L_ST_ACHIEVED] = {"Achieved", "მიღწეულია"},
	[L_ST_LARGELY] = {"Largely achieved", "ძირითადად მიღწეულია"},
	[L_ST_NOT] = {"Not achieved", "არ არის მიღწეული"},
	[L_OUTCOME] = {"Outcome", "შედეგი"},
	[L_OUTPUT] = {"Output", "პროდუქტი"},
	[L_GOAL] = {"Goal", "მიზანი"},
	[L_TYPE] = {"Type of question", "საკითხის ტიპი"},
	[L_COURSE] = {"Course", "კურსი"},
	[L_ACTOR] = {"Type of actor", "აქტორის ტიპი"},
	[L_CATEGORY] = {"Category", "კატეგორია"},
	[L_YEAR] = {"Year", "წელი"},
	[L_POPULATION] = {"Population", "მოსახლეობა"},
	[L_PROPOSALS] = {"Proposals", "წინადადებები"},
	[L_FUNDED] = {"Funded projects", "დაფინანსებული პროექტები"},
	[L_FUNDED_SHARE] = {"Funded share", "დაფინანსებულის წილი"},
	[L_WOMEN] = {"Women", "ქალები"},
	[L_MEN] = {"Men", "კაცები"},
	[L_PARTICIPANTS] = {"Participants", "მონაწილეები"},
	[L_UNDER30] = {"Under 30", "30 წლამდე"},
	[L_30TO64] = {"30–64", "30–64"},
	[L_65PLUS] = {"65 and over", "65 და მეტი"},
	[L_PER_1000] = {"Per 1,000 inhabitants", "1 000 მცხოვრებზე"},
	[L_WOMEN_PCT] = {"Women, %", "ქალები, %"},
	[L_UNDER30_PCT] = {"Under 30, %", "30 წლამდე, %"},
	[L_AMOUNT] = {"Amount (GEL)", "თანხა (ლარი)"},

	[L_SUMMARY_TITLE] = {"Civic engagement index by municipality",
			     "სამოქალაქო ჩართულობის ინდექსი მუნიციპალიტეტების მიხედვით"},
	[L_SUMMARY_SUB] = {"Area results: share of the possible points, in per cent (0–100). "
			   "Index: weighted average of the areas, with the area weights shown above them.",
			   "სფეროს შედეგი: შესაძლო ქულების წილი პროცენტებში (0–100). "
			   "ინდექსი: სფეროების შეწონილი საშუალო, სფეროების თავზე მითითებული წონებით."},
	[L_RANKING_TITLE] = {"Ranking by the phase 2 index", "რეიტინგი ფაზა 2-ის ინდექსის მიხედვით"},
	[L_RANKING_SUB] = {"Equal indexes share a rank. The rows follow the summary sheet.",
			   "თანაბარი ინდექსის მქონე მუნიციპალიტეტები ერთ ადგილს იყოფენ. "
			   "მონაცემები შეჯამების ფურცლიდან მოდის."},
	[L_REGIONS_TITLE] = {"Region averages", "საშუალო მაჩვენებლები რეგიონების მიხედვით"},
	[L_AREAS_TITLE] = {"Areas and their weights in the index", "სფეროები და მათი წონა ინდექსში"},
	[L_AREAS_SUB] = {"Weighted maximum: the points an area can give, each indicator's maximum times its weight.",
			 "შეწონილი მაქსიმუმი: სფეროს შესაძლო ქულები, თითოეული ინდიკატორის მაქსიმუმი გამრავლებული მის წონაზე."},
	[L_INSTRUMENT_SUB] = {"Each indicator is scored in whole points from 0 to its maximum; its weight "
			      "says how much it counts within its area.",
			      "თითოეული ინდიკატორი მთელი ქულებით ფასდება 0-დან მაქსიმუმამდე; წონა "
			      "გვიჩვენებს, რამდენად ითვლება ის თავის სფეროში."},
	[L_PHASE_TITLE] = {"%s: scores by municipality and indicator",
			   "%s: ქულები მუნიციპალიტეტებისა და ინდიკატორების მიხედვით"},
	[L_PHASE_SUB] = {"An empty score means that the indicator was not assessed: it counts neither "
			 "in the points earned nor in the points possible.",
			 "ცარიელი ქულა ნიშნავს, რომ ინდიკატორი არ შეფასებულა: ის არც მიღებულ და "
			 "არც შესაძლო ქულებში არ ითვლება."},
	[L_CHARTS_TITLE] = {"Civic engagement index in charts", "სამოქალაქო ჩართულობის ინდექსი დიაგრამებზე"},
	[L_CHARTS_SUB] = {"The charts show the figures of the ranking sheet and change with them.",
			   "დიაგრამები რეიტინგის ფურცლის მონაცემებს ასახავს და მათთან ერთად იცვლება."},
	[L_CHART_RANK] = {"Civic engagement index, %s", "სამოქალაქო ჩართულობის ინდექსი, %s"},
	[L_CHART_CMP] = {"%s and %s compared", "%s და %s: შედარება"},
	[L_AXIS_INDEX] = {"Index (0–100)", "ინდექსი (0–100)"},
	[L_LOGFRAME_TITLE] = {"Logframe: progress against targets",
			      "ლოგიკური ჩარჩო: პროგრესი მიზნობრივ მაჩვენებლებთან შედარებით"},
	[L_LOGFRAME_SUB] = {"Status compares the latest actual value with its target: achieved from 100 %, "
			    "largely achieved from 80 %. Cumulative indicators count from the start of the project.",
			    "სტატუსი ბოლო ფაქტობრივ მაჩვენებელს მიზნობრივს ადარებს: მიღწეულია – 100 %-დან, "
			    "ძირითადად მიღწეულია – 80 %-დან. ჯამური ინდიკატორები პროექტის დაწყებიდან ითვლება."},
	[L_LEGAL_TITLE] = {"Free legal consultations by type of question and year",
			   "უფასო სამართლებრივი კონსულტაციები საკითხის ტიპისა და წლის მიხედვით"},
	[L_TRAININGS_TITLE] = {"Online courses: enrolments and completions",
			       "ონლაინ კურსები: ჩარიცხულები და კურსდამთავრებულები"},
	[L_ENROLLED] = {"Enrolled", "ჩარიცხულები"},
	[L_COMPLETED] = {"Completed (certificate)", "დაასრულეს (სერტიფიკატით)"},
	[L_COMPLETION_RATE] = {"Completion rate", "დასრულების მაჩვენებელი"},
	[L_FORUMS_TITLE] = {"National forums: participants", "ეროვნული ფორუმები: მონაწილეები"},
	[L_BY_ACTOR] = {"By type of actor", "აქტორის ტიპის მიხედვით"},
	[L_BY_REGION] = {"By region", "რეგიონის მიხედვით"},
	[L_CONTESTS_TITLE] = {"Annual contests: applications and winners",
			      "ყოველწლიური კონკურსები: განაცხადები და გამარჯვებულები"},
	[L_ENTRIES] = {"Applications", "განაცხადები"},
	[L_WINNERS] = {"Winners", "გამარჯვებულები"},
	[L_WIN_RATE] = {"Share of applications that won", "გამარჯვებული განაცხადების წილი"},
	[L_PB_TITLE] = {"Participatory budgeting by municipality and year",
			"მონაწილეობითი ბიუჯეტირება მუნიციპალიტეტებისა და წლების მიხედვით"},
	[L_PB_SUB] = {"Every participant casts one vote. Shares are of all participants; "
		      "per 1,000 inhabitants uses the municipality's population.",
		      "თითოეული მონაწილე ერთ ხმას აძლევს. წილები ყველა მონაწილიდან არის "
		      "გამოთვლილი; 1 000 მცხოვრებზე – მუნიციპალიტეტის მოსახლეობიდან."},

	[L_PERIOD] = {"Period", "პერიოდი"},
	[L_AUTHOR] = {"Prepared by", "მოამზადა"},
	[L_COMPANY] = {"Organisation", "ორგანიზაცია"},
	[L_DATE] = {"Date", "თარიღი"},
	[L_SOURCE] = {"Source", "წყარო"},
	[L_CONTENTS] = {"Contents", "შინაარსი"},
	[L_SHEET] = {"Sheet", "ფურცელი"},
	[L_HOW_INDEX] = {"How the index is calculated", "როგორ გამოითვლება ინდექსი"},
	[L_HOW_INDEX_TEXT] = {"Each indicator is scored from 0 to its maximum. An area's result is the share of "
			      "its possible points (indicator weights applied), and the index is the weighted "
			      "average of the areas, from 0 to 100. Ranks put the highest index first; equal "
			      "indexes share a rank.",
			      "თითოეული ინდიკატორი ფასდება 0-დან მის მაქსიმუმამდე. სფეროს შედეგი არის მისი "
			      "შესაძლო ქულების წილი (ინდიკატორების წონების გათვალისწინებით), ხოლო ინდექსი — "
			      "სფეროების შეწონილი საშუალო, 0-დან 100-მდე. რეიტინგში პირველია უმაღლესი ინდექსი; "
			      "თანაბარი ინდექსის მქონე მუნიციპალიტეტები ერთსა და იმავე ადგილს იყოფენ."},
	[L_FORMULAS_NOTE] = {"Computed cells are formulas over the other sheets: change a score and the "
			     "results follow.",
			     "გამოთვლილი უჯრები სხვა ფურცლებზე დაფუძნებული ფორმულებია: ქულის "
			     "შეცვლისას შედეგებიც შეიცვლება."},
	[L_FORMULAS_NOTE_PR] = {"Totals, shares and statuses are formulas: change a figure and they follow.",
				"ჯამები, წილები და სტატუსები ფორმულებია: რიცხვის შეცვლისას ისინიც შეიცვლება."},
	[L_PAGE] = {"Page &P of &N", "გვერდი &P / &N"},
	[L_D_SUMMARY] = {"Area results, index and rank of each municipality in both phases, and the change",
			 "თითოეული მუნიციპალიტეტის სფეროების შედეგები, ინდექსი და ადგილი ორივე ფაზაში, ცვლილება"},
	[L_D_RANKING] = {"Municipalities ordered by the phase 2 index", "მუნიციპალიტეტები ფაზა 2-ის ინდექსის მიხედვით"},
	[L_D_CHARTS] = {"The ranking and the comparison of the phases as charts",
			"რეიტინგი და ფაზების შედარება დიაგრამებზე"},
	[L_D_REGIONS] = {"Average index of the municipalities of each region",
			 "თითოეული რეგიონის მუნიციპალიტეტების საშუალო ინდექსი"},
	[L_D_AREAS] = {"The areas and their weights in the index", "სფეროები და მათი წონა ინდექსში"},
	[L_D_INSTRUMENT] = {"Indicators with their maximum points, weights and scoring scales",
			    "ინდიკატორები მაქსიმალური ქულით, წონითა და შეფასების სკალით"},
	[L_D_PHASE] = {"Scores of phase %d with their evidence", "ფაზა %d-ის ქულები მტკიცებულებებით"},
	[L_D_LOGFRAME] = {"Indicators: baseline, targets, actual values and the share of the target achieved",
			  "ინდიკატორები: საბაზისო, მიზნობრივი და ფაქტობრივი მნიშვნელობები, მიღწევის პროცენტი"},
	[L_D_LEGAL] = {"Free legal consultations by type of question and year",
		       "უფასო სამართლებრივი კონსულტაციები საკითხის ტიპისა და წლის მიხედვით"},
	[L_D_TRAININGS] = {"Online course enrolments and completions by year",
			   "ონლაინ კურსების ჩარიცხულები და კურსდამთავრებულები წლების მიხედვით"},
	[L_D_FORUMS] = {"National forum participants by type of actor and region",
			"ეროვნული ფორუმის მონაწილეები აქტორის ტიპისა და რეგიონის მიხედვით"},
	[L_D_CONTESTS] = {"Contest applications and winners by category",
			  "კონკურსის განაცხადები და გამარჯვებულები კატეგორიების მიხედვით"},
	[L_D_PB] = {"Participatory budgeting cycles by municipality and year",
		    "მონაწილეობითი ბიუჯეტირება მუნიციპალიტეტებისა და წლების მიხედვით"},
};

/* ---- report declarations ---- */

enum { WB_BENCHMARKING, WB_PROGRESS };

typedef struct report {
	char *path;                /* content/reports/x.yaml */
	value *doc;                /* the parsed file (owned) */
	const char *name;
	int kind;
	int langs[CFG_MAX_LANGS];  /* indexes into cfg->langs */
	size_t nlangs;
	time_t created;            /* from date: */
	const value *kind_node;    /* for errors about missing data */
} report;

static const char *const report_keys[] = {
	"name", "workbook", "language", "languages", "title", "subject", "period", "author",
	"company", "keywords", "date", "phase_years", NULL};
static const char *const text_keys[] = {"title", "subject", "period", "author", "company",
					"keywords", NULL};

/* Days since 1970-01-01 of a proleptic Gregorian date (no timegm, which
 * is not POSIX, and no TZ dependence). */
static long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int is_slug(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

/* A text field: a string, or a map from site language codes to strings. */
static int check_text(const site *s, const char *path, const value *doc, const char *key,
		      err_list *errs)
{
	const value *v = val_get(doc, key);
	size_t i;
	if (!v || v->kind == VAL_STR)
		return 0;
	if (v->kind != VAL_MAP || v->u.map.len == 0) {
		err_add(errs, path, v->line, v->col,
			"'%s' must be text or text per language ({ka: ..., en: ...})", key);
		return -1;
	}
	for (i = 0; i < v->u.map.len; i++) {
		const value *e = v->u.map.vals[i];
		if (cfg_lang(s->cfg, v->u.map.keys[i]) < 0) {
			err_add(errs, path, e->line, e->col, "'%s': '%s' is not a language of the site",
				key, v->u.map.keys[i]);
			return -1;
		}
		if (e->kind != VAL_STR) {
			err_add(errs, path, e->line, e->col, "'%s.%s' must be text", key,
				v->u.map.keys[i]);
			return -1;
		}
	}
	return 0;
}

/* The text of a field in language code (its first language when that
 * one is missing), or def. */
static const char *text_in(const value *doc, const char *key, const char *code, const char *def)
{
	const value *v = val_get(doc, key);
	if (v && v->kind == VAL_STR)
		return v->u.str.s;
	if (v && v->kind == VAL_MAP && v->u.map.len) {
		const value *e = val_get(v, code);
		e = e ? e : v->u.map.vals[0];
		if (e->kind == VAL_STR)
			return e->u.str.s;
	}
	return def;
}

static int add_lang(const site *s, report *r, const char *path, const value *v, err_list *errs)
{
	const char *code = val_cstr(v);
	int l = code ? cfg_lang(s->cfg, code) : -1;
	size_t i;
	if (l < 0) {
		buf all = BUF_INIT;
		for (i = 0; i < s->cfg->nlangs; i++)
			buf_printf(&all, "%s%s", i ? ", " : "", s->cfg->langs[i].code);
		err_add(errs, path, v->line, v->col, "bad language '%s' (the site's languages: %s)",
			code ? code : "", buf_cstr(&all));
		buf_free(&all);
		return -1;
	}
	for (i = 0; i < r->nlangs; i++)
		if (r->langs[i] == l) {
			err_add(errs, path, v->line, v->col, "language '%s' is listed twice", code);
			return -1;
		}
	r->langs[r->nlangs++] = l;
	return 0;
}

/* Check one report file; 0 and *r filled, or -1 with errors. */
static int report_load(const site *s, const char *path, report *r, err_list *errs)
{
	int before = errs->nerrors;
	const value *v, *doc;
	size_t i, k;
	memset(r, 0, sizeof *r);
	r->path = xstrdup(path);
	r->doc = yv_load_file(path, errs);
	doc = r->doc;
	if (!doc)
		return -1;
	if (doc->kind != VAL_MAP) {
		err_add(errs, path, doc->line ? doc->line : 1, doc->col ? doc->col : 1,
			"a report is a map (name:, workbook:, title:, ...)");
		return -1;
	}
	for (i = 0; i < doc->u.map.len; i++) {
		int known = 0;
		for (k = 0; report_keys[k] && !known; k++)
			known = !strcmp(report_keys[k], doc->u.map.keys[i]);
		if (!known)
			err_add(errs, path, doc->u.map.vals[i]->line, doc->u.map.vals[i]->col,
				"unknown key '%s'", doc->u.map.keys[i]);
	}
	v = val_get(doc, "name");
	if (!v)
		err_add(errs, path, doc->line, doc->col, "missing 'name' (the file name of the workbook)");
	else if (!val_cstr(v) || !is_slug(val_cstr(v)))
		err_add(errs, path, v->line, v->col,
			"'name' must be lowercase Latin letters, digits and '-'");
	else
		r->name = val_cstr(v);

	v = val_get(doc, "workbook");
	r->kind_node = v ? v : doc;
	if (!v)
		err_add(errs, path, doc->line, doc->col,
			"missing 'workbook' (benchmarking or progress)");
	else if (val_cstr(v) && !strcmp(val_cstr(v), "benchmarking"))
		r->kind = WB_BENCHMARKING;
	else if (val_cstr(v) && !strcmp(val_cstr(v), "progress"))
		r->kind = WB_PROGRESS;
	else
		err_add(errs, path, v->line, v->col,
			"unknown workbook type '%s' (benchmarking or progress)",
			val_cstr(v) ? val_cstr(v) : "");

	if (val_get(doc, "language") && val_get(doc, "languages"))
		err_add(errs, path, doc->line, doc->col, "give 'language' or 'languages', not both");
	else if ((v = val_get(doc, "language")) != NULL)
		add_lang(s, r, path, v, errs);
	else if ((v = val_get(doc, "languages")) != NULL) {
		if (v->kind != VAL_LIST || v->u.list.len == 0)
			err_add(errs, path, v->line, v->col, "'languages' must be a list such as [ka, en]");
		for (i = 0; i < val_len(v) && r->nlangs < CFG_MAX_LANGS; i++)
			add_lang(s, r, path, val_at(v, i), errs);
	} else
		for (i = 0; i < s->cfg->nlangs; i++)
			r->langs[r->nlangs++] = (int)i;

	if (!val_get(doc, "title"))
		err_add(errs, path, doc->line, doc->col, "missing 'title'");
	for (k = 0; text_keys[k]; k++)
		check_text(s, path, doc, text_keys[k], errs);

	v = val_get(doc, "date");
	if (!v)
		err_add(errs, path, doc->line, doc->col,
			"missing 'date' (the document date, e.g. 2023-09-30, which keeps builds reproducible)");
	else {
		date d;
		if (!val_cstr(v) || date_parse(val_cstr(v), &d) < 0 || d.has_time)
			err_add(errs, path, v->line, v->col, "'date' must be a date such as 2023-09-30");
		else
			r->created = (time_t)days_from_civil(d.year, d.month, d.day) * 86400;
	}

	v = val_get(doc, "phase_years");
	if (v && (v->kind != VAL_LIST || v->u.list.len != 2 ||
		  val_at(v, 0)->kind == VAL_LIST || val_at(v, 0)->kind == VAL_MAP ||
		  val_at(v, 1)->kind == VAL_LIST || val_at(v, 1)->kind == VAL_MAP))
		err_add(errs, path, v->line, v->col, "'phase_years' must be a list of two years");
	return errs->nerrors > before ? -1 : 0;
}

static void report_free(report *r)
{
	free(r->path);
	val_unref(r->doc);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every content/reports/NAME.yaml that checks out, sorted by file name.
 * Names used twice are an error at the second file. */
static size_t reports_load(const site *s, report **out, err_list *errs)
{
	DIR *d = opendir(REPORTS_DIR);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i, k, nr = 0;
	report *rs;
	*out = NULL;
	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".yaml"))
			continue;
		xgrow(&names, &cap, n + 1, sizeof *names);
		names[n++] = xasprintf("%s/%s", REPORTS_DIR, e->d_name);
	}
	closedir(d);
	xsort(names, n, sizeof *names, cmp_str);
	rs = xcalloc(n + 1, sizeof *rs);
	for (i = 0; i < n; i++) {
		report *r = &rs[nr];
		int ok = report_load(s, names[i], r, errs) == 0;
		for (k = 0; ok && k < nr; k++)
			if (!strcmp(rs[k].name, r->name)) {
				const value *v = val_get(r->doc, "name");
				err_add(errs, r->path, v->line, v->col,
					"report name '%s' is already used by %s", r->name, rs[k].path);
				ok = 0;
			}
		if (ok)
			nr++;
		else
			report_free(r);
		free(names[i]);
	}
	free(names);
	*out = rs;
	return nr;
}

value *xlsx_report_links(const site *s, int lang)
{
	err_list scratch;
	report *rs;
	size_t n, i, k;
	value *out = val_list();
	const char *code = s->cfg->langs[lang].code;
	err_init(&scratch);
	n = reports_load(s, &rs, &scratch);
	for (i = 0; i < n; i++) {
		for (k = 0; k < rs[i].nlangs; k++)
			if (rs[i].langs[k] == lang) {
				value *e = val_map();
				val_set_str(e, "title", text_in(rs[i].doc, "title", code, rs[i].name));
				val_set_str(e, "name", rs[i].name);
				val_set_str(e, "workbook",
					    rs[i].kind == WB_BENCHMARKING ? "benchmarking" : "progress");
				val_set_str(e, "lang", code);
				val_set(e, "url", val_str_take(xasprintf("/reports/%s.%s.xlsx", rs[i].name, code)));
				val_push(out, e);
			}
		report_free(&rs[i]);
	}
	free(rs);
	err_free(&scratch);
	return out;
}

/* ---- workbooks, formats and measured cells ---- */

enum { /* the shared formats */
	F_TITLE, F_SUBTITLE, F_PARA, F_SECTION, F_HEAD, F_HEAD_GROUP, F_LABEL, F_LINK, F_URL,
	F_TEXT, F_WRAP, F_CENTER, F_GEN, F_INT, F_RANK, F_DEC1, F_INDEX, F_PCT1, F_CHANGE,
	F_CHANGE_PCT,
	F_WEIGHT, F_WEIGHT_LABEL,
	F_TOT_TEXT, F_TOT_INT, F_TOT_DEC1, F_TOT_PCT1, F_TOT_CHANGE, F_TOT_BLANK,
	F_CF_UP, F_CF_MID, F_CF_DOWN,
	F_COUNT
};

/* Colours of the site's theme (themes/csogeorgia/static/css). */
#define C_HEADER 0x0B4450
#define C_PRIMARY 0x0A5866
#define C_TINT 0xE7F1F2
#define C_LINE 0xD5DFE0
#define C_MUTED 0x4D5F64
/* The site's chart palette (chart.c): phase 2 first, phase 1 second. */
#define C_SERIES1 0x0072B2
#define C_SERIES2 0xE69F00

#define MAX_COLS 32
#define PRINT_MARGIN 0.5     /* inches, left and right */
#define A4_LANDSCAPE 841.9   /* points wide */
#define HEAD_ROW 3  /* simple sheets: title, subtitle, gap, header, data */
#define FIRST_ROW 4

typedef struct wrapcell {
	int row, c1, c2;
	char *text;
	double scale;    /* of the text's width (bold, large) */
	double line;     /* points per line */
} wrapcell;

typedef struct sheet {
	struct wbk *w;
	lxw_worksheet *ws;
	char *name;      /* on the tab */
	char *ref;       /* quoted for formulas: 'Phase 1 scores' */
	double width[MAX_COLS];  /* the widest content, in characters */
	double cap[MAX_COLS];    /* the widest a column may get (0: no limit) */
	int hidden[MAX_COLS];
	wrapcell *wraps;  /* cells whose text wraps: they set row heights */
	size_t nwraps, capwraps;
} sheet;

typedef struct wbk {
	lxw_workbook *wb;
	lxw_format *f[F_COUNT];
	const site *s;
	const report *r;
	err_list *errs;
	int lang, ka;
	const char *code;
	const value *res;   /* computed results, names in this language */
	const value *data;  /* the data sets, names in this language */
	const char *title, *period, *author, *company;
	sheet **sheets;     /* in tab order */
	size_t nsheets, capsheets;
	char **strs;        /* strings kept until the workbook is written */
	size_t nstrs, capstrs;
	int failed;
} wbk;

static const char *T(const wbk *w, int id)
{
	return labels[id][w->ka];
}

/* Formula pieces are built as short-lived strings; they live until the
 * workbook is closed, which keeps the sheet functions free of frees. */
static const char *keep(wbk *w, char *s)
{
	xgrow(&w->strs, &w->capstrs, w->nstrs + 1, sizeof *w->strs);
	w->strs[w->nstrs++] = s;
	return s;
}

static const char *vfmt(wbk *w, const char *f, va_list ap)
{
	buf b = BUF_INIT;
	buf_vprintf(&b, f, ap);
	return keep(w, buf_detach(&b));
}

static const char *sf(wbk *w, const char *f, ...) __attribute__((format(printf, 2, 3)));
static const char *sf(wbk *w, const char *f, ...)
{
	va_list ap;
	const char *s;
	va_start(ap, f);
	s = vfmt(w, f, ap);
	va_end(ap);
	return s;
}

enum { REL = 0, ABS_R = 1, ABS_C = 2, ABS = 3 };

static void col_letters(buf *b, int c)
{
	char tmp[8];
	int n = 0;
	c++;
	while (c > 0 && n < 7) {
		tmp[n++] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	while (n > 0)
		buf_putc(b, tmp[--n]);
}

static void cellref(buf *b, int r, int c, int abs)
{
	if (abs & ABS_C)
		buf_putc(b, '$');
	col_letters(b, c);
	buf_printf(b, "%s%d", abs & ABS_R ? "$" : "", r + 1);
}

/* A cell: "C6", "$C6", "C$6" or "$C$6". */
static const char *A(wbk *w, int r, int c, int abs)
{
	buf b = BUF_INIT;
	cellref(&b, r, c, abs);
	return keep(w, buf_detach(&b));
}

/* An absolute range, with its sheet when on is not NULL:
 * 'Phase 1 scores'!$E$5:$E$303. */
static const char *RNG(wbk *w, const sheet *on, int r1, int c1, int r2, int c2)
{
	buf b = BUF_INIT;
	if (on)
		buf_printf(&b, "%s!", on->ref);
	cellref(&b, r1, c1, ABS);
	buf_putc(&b, ':');
	cellref(&b, r2, c2, ABS);
	return keep(w, buf_detach(&b));
}

/* A range on this sheet with the given $ flags: C6:G6, $C$4:$G$4. */
static const char *RREL(wbk *w, int r1, int c1, int r2, int c2, int abs)
{
	buf b = BUF_INIT;
	cellref(&b, r1, c1, abs);
	buf_putc(&b, ':');
	cellref(&b, r2, c2, abs);
	return keep(w, buf_detach(&b));
}

static lxw_format *fmt_new(wbk *w, int kind)
{
	lxw_format *f = workbook_add_format(w->wb);
	w->f[kind] = f;
	return f;
}

/* A cell of a table: thin light borders, top aligned. */
static lxw_format *cell_fmt(wbk *w, int kind, const char *num)
{
	lxw_format *f = fmt_new(w, kind);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_border_color(f, C_LINE);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	if (num)
		format_set_num_format(f, num);
	return f;
}

static lxw_format *total_fmt(wbk *w, int kind, const char *num)
{
	lxw_format *f = cell_fmt(w, kind, num);
	format_set_bold(f);
	format_set_bg_color(f, C_TINT);
	format_set_top(f, LXW_BORDER_THIN);
	format_set_top_color(f, C_HEADER);
	return f;
}

static void formats_init(wbk *w)
{
	lxw_format *f;
	f = fmt_new(w, F_TITLE);
	format_set_bold(f);
	format_set_font_size(f, 14);
	format_set_font_color(f, C_HEADER);
	format_set_text_wrap(f);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	f = fmt_new(w, F_SUBTITLE);
	format_set_italic(f);
	format_set_font_color(f, C_MUTED);
	format_set_text_wrap(f);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	f = fmt_new(w, F_PARA);
	format_set_text_wrap(f);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	f = fmt_new(w, F_URL);
	format_set_font_color(f, C_PRIMARY);
	format_set_underline(f, LXW_UNDERLINE_SINGLE);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	f = fmt_new(w, F_SECTION);
	format_set_bold(f);
	format_set_font_color(f, C_HEADER);
	format_set_bg_color(f, C_TINT);
	format_set_text_wrap(f);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_border_color(f, C_LINE);
	f = fmt_new(w, F_HEAD);
	format_set_bold(f);
	format_set_font_color(f, 0xFFFFFF);
	format_set_bg_color(f, C_HEADER);
	format_set_text_wrap(f);
	format_set_align(f, LXW_ALIGN_CENTER);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_border_color(f, 0xFFFFFF);
	f = fmt_new(w, F_HEAD_GROUP);
	format_set_bold(f);
	format_set_font_color(f, 0xFFFFFF);
	format_set_bg_color(f, C_PRIMARY);
	format_set_text_wrap(f);
	format_set_align(f, LXW_ALIGN_CENTER);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_border_color(f, 0xFFFFFF);
	f = fmt_new(w, F_LABEL);
	format_set_bold(f);
	format_set_font_color(f, C_HEADER);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	f = cell_fmt(w, F_LINK, NULL);
	format_set_font_color(f, C_PRIMARY);
	format_set_underline(f, LXW_UNDERLINE_SINGLE);
	cell_fmt(w, F_TEXT, NULL);
	f = cell_fmt(w, F_WRAP, NULL);
	format_set_text_wrap(f);
	f = cell_fmt(w, F_CENTER, NULL);
	format_set_align(f, LXW_ALIGN_CENTER);
	cell_fmt(w, F_GEN, "General");
	cell_fmt(w, F_INT, "#,##0");
	f = cell_fmt(w, F_RANK, "0");
	format_set_align(f, LXW_ALIGN_CENTER);
	cell_fmt(w, F_DEC1, "0.0");
	f = cell_fmt(w, F_INDEX, "0.0");
	format_set_bold(f);
	cell_fmt(w, F_PCT1, "0.0%");
	cell_fmt(w, F_CHANGE, "+0.0;-0.0;0.0");
	cell_fmt(w, F_CHANGE_PCT, "+0.0%;-0.0%;0.0%");
	f = cell_fmt(w, F_WEIGHT, "0.0%");
	format_set_italic(f);
	format_set_font_color(f, C_MUTED);
	format_set_bg_color(f, C_TINT);
	format_set_align(f, LXW_ALIGN_CENTER);
	f = cell_fmt(w, F_WEIGHT_LABEL, NULL);
	format_set_italic(f);
	format_set_font_color(f, C_MUTED);
	format_set_bg_color(f, C_TINT);
	format_set_align(f, LXW_ALIGN_RIGHT);
	total_fmt(w, F_TOT_TEXT, NULL);
	total_fmt(w, F_TOT_INT, "#,##0");
	total_fmt(w, F_TOT_DEC1, "0.0");
	total_fmt(w, F_TOT_PCT1, "0.0%");
	total_fmt(w, F_TOT_CHANGE, "+0.0;-0.0;0.0");
	total_fmt(w, F_TOT_BLANK, NULL);
	/* conditional formats: Excel's "good", "neutral" and "bad" styles */
	f = fmt_new(w, F_CF_UP);
	format_set_font_color(f, 0x006100);
	format_set_bg_color(f, 0xC6EFCE);
	f = fmt_new(w, F_CF_MID);
	format_set_font_color(f, 0x9C5700);
	format_set_bg_color(f, 0xFFEB9C);
	f = fmt_new(w, F_CF_DOWN);
	format_set_font_color(f, 0x9C0006);
	format_set_bg_color(f, 0xFFC7CE);
}

/* Width of the first n bytes of s in the column unit, which is the width
 * of a digit of the default font: Calibri 11 in Excel; LibreOffice
 * without Calibri draws with Noto Sans (DejaVu Sans for Georgian) and
 * measures columns in its digits.  Measured with Pango on the sample's
 * texts, this is about 1.05 times the real width there, and Calibri's
 * letters are narrower still, so text fits in both. */
static double width_n(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	double w = 0;
	while (p < end && *p) {
		unsigned cp = *p;
		size_t n = cp < 0x80 ? 1 : cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4, k;
		if (n > 1) {
			cp &= n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07;
			for (k = 1; k < n && p + k < end && (p[k] & 0xC0) == 0x80; k++)
				cp = cp << 6 | (p[k] & 0x3F);
			n = k;
		}
		if (cp >= 0x10A0 && cp <= 0x10FF)
			w += 1.15; /* Georgian */
		else if (cp == 'm' || cp == 'w' || cp == 'M' || cp == 'W')
			w += 1.4;
		else if (cp >= 'A' && cp <= 'Z')
			w += 1.2;
		else if (cp < 0x80 && strchr("ijl.,:;'|!", (int)cp))
			w += 0.53;
		else if (cp < 0x80 && strchr("tfr ()-/", (int)cp))
			w += 0.7;
		else
			w += 1.0;
		p += n;
	}
	return w;
}

/* Bold and large text is wider. */
static double kind_scale(int kind)
{
	switch (kind) {
	case F_TITLE:
		return 1.4;
	case F_HEAD:
	case F_HEAD_GROUP:
	case F_SECTION:
	case F_LABEL:
	case F_INDEX:
	case F_TOT_TEXT:
	case F_TOT_INT:
	case F_TOT_DEC1:
	case F_TOT_PCT1:
	case F_TOT_CHANGE:
		return 1.08;
	default:
		return 1.0;
	}
}

/* The widest line. */
static double text_width(const char *s)
{
	double best = 0;
	while (*s) {
		size_t n = strcspn(s, "\n");
		double w = width_n(s, n);
		best = w > best ? w : best;
		s += n;
		if (*s)
			s++;
	}
	return best;
}

/* The widest word: a wrapped header is never narrower. */
static double longest_word(const char *s)
{
	double best = 0;
	while (*s) {
		size_t n = strcspn(s, " \n");
		double w = width_n(s, n);
		best = w > best ? w : best;
		s += n;
		s += strspn(s, " \n");
	}
	return best;
}

/* Lines that s takes in a column avail wide, wrapped at spaces the way
 * spreadsheets do (a word too long for a line is broken). */
static int wrap_lines(const char *s, double avail, double scale)
{
	int lines = 1;
	double x = 0, space = 0.7 * scale;
	if (avail < 1)
		avail = 1;
	while (*s) {
		size_t n;
		double ww;
		if (*s == '\n') {
			lines++;
			x = 0;
			s++;
			continue;
		}
		if (*s == ' ') {
			s++;
			continue;
		}
		n = strcspn(s, " \n");
		ww = width_n(s, n) * scale;
		if (x > 0 && x + space + ww > avail) {
			lines++;
			x = 0;
		}
		x += (x > 0 ? space : 0) + ww;
		for (; x > avail; x -= avail)
			lines++;
		s += n;
	}
	return lines;
}

static int wraps(int kind)
{
	return kind == F_TITLE || kind == F_SUBTITLE || kind == F_PARA || kind == F_SECTION ||
	       kind == F_HEAD || kind == F_HEAD_GROUP || kind == F_WRAP;
}

static void note_width(sheet *sh, int c, double wd)
{
	if (c >= 0 && c < MAX_COLS && wd > sh->width[c])
		sh->width[c] = wd;
}

/* Explicit row heights, because LibreOffice does not fit rows to wrapped
 * text when it opens a workbook (Excel would). */
static void note_wrap(sheet *sh, int r, int c1, int c2, int kind, const char *s)
{
	wrapcell *wc;
	xgrow(&sh->wraps, &sh->capwraps, sh->nwraps + 1, sizeof *sh->wraps);
	wc = &sh->wraps[sh->nwraps++];
	wc->row = r;
	wc->c1 = c1;
	wc->c2 = c2;
	wc->text = xstrdup(s);
	wc->scale = kind_scale(kind);
	/* points per line of 11 pt text (14 pt for titles) */
	wc->line = kind == F_TITLE ? 20.0 : 15.5;
}

/* Account for text written at (r, c): the column grows to fit it, up to
 * its cap, and wrapped text asks for row height. */
static void measure(sheet *sh, int r, int c, int kind, const char *s)
{
	double wd = text_width(s) * kind_scale(kind);
	if (kind == F_HEAD || kind == F_HEAD_GROUP) {
		/* headers wrap onto up to three lines rather than widen a number
		 * column (Georgian words are long: the widest word decides) */
		double third = wd / 3 + 1, word = longest_word(s) * kind_scale(kind);
		wd = third > word ? third : word;
	}
	note_width(sh, c, wd);
	if (wraps(kind))
		note_wrap(sh, r, c, c, kind, s);
}

/* A cell libxlsxwriter refused (text over Excel's 32,767 characters). */
static void written(sheet *sh, int r, int c, lxw_error e)
{
	if (e == LXW_NO_ERROR)
		return;
	err_add(sh->w->errs, sh->w->r->path, 0, 0, "cannot write cell %d:%d of sheet '%s': %s", r + 1,
		c + 1, sh->name, lxw_strerror(e));
	sh->w->failed = 1;
}

static void put_text(sheet *sh, int r, int c, int kind, const char *s)
{
	written(sh, r, c,
		worksheet_write_string(sh->ws, (lxw_row_t)r, (lxw_col_t)c, s ? s : "", sh->w->f[kind]));
	measure(sh, r, c, kind, s ? s : "");
}

/* Text over the columns c1..c2 (titles, notes, result statements): it
 * wraps within them and does not widen any. */
static void put_merged(sheet *sh, int r, int c1, int c2, int kind, const char *s)
{
	if (c2 <= c1)
		worksheet_write_string(sh->ws, (lxw_row_t)r, (lxw_col_t)c1, s, sh->w->f[kind]);
	else
		worksheet_merge_range(sh->ws, (lxw_row_t)r, (lxw_col_t)c1, (lxw_row_t)r,
				      (lxw_col_t)c2, s, sh->w->f[kind]);
	if (wraps(kind))
		note_wrap(sh, r, c1, c2, kind, s);
}

/* How wide a number is as its format shows it. */
static double num_width(int kind, double x)
{
	char t[64];
	double wd;
	switch (kind) {
	case F_INT:
	case F_TOT_INT: {
		int digits = snprintf(t, sizeof t, "%.0f", fabs(x));
		wd = digits + (digits - 1) / 3 + (x < 0);
		break;
	}
	case F_PCT1:
	case F_TOT_PCT1:
	case F_WEIGHT:
		wd = snprintf(t, sizeof t, "%.1f%%", x * 100);
		break;
	case F_CHANGE_PCT:
		wd = snprintf(t, sizeof t, "%+.1f%%", x * 100);
		break;
	case F_CHANGE:
	case F_TOT_CHANGE:
		wd = snprintf(t, sizeof t, "%+.1f", x);
		break;
	case F_DEC1:
	case F_INDEX:
	case F_TOT_DEC1:
		wd = snprintf(t, sizeof t, "%.1f", x);
		break;
	default:
		wd = snprintf(t, sizeof t, "%.10g", x);
	}
	return wd + 0.5;
}

static void put_num(sheet *sh, int r, int c, int kind, double x)
{
	worksheet_write_number(sh->ws, (lxw_row_t)r, (lxw_col_t)c, x, sh->w->f[kind]);
	note_width(sh, c, num_width(kind, x));
}

static void put_blank(sheet *sh, int r, int c, int kind)
{
	worksheet_write_blank(sh->ws, (lxw_row_t)r, (lxw_col_t)c, sh->w->f[kind]);
}

/* A formula with its computed value v (NAN: the formula gives ""). */
static void put_fx(sheet *sh, int r, int c, int kind, double v, const char *f, ...)
	__attribute__((format(printf, 6, 7)));
static void put_fx(sheet *sh, int r, int c, int kind, double v, const char *f, ...)
{
	va_list ap;
	const char *fx;
	va_start(ap, f);
	fx = vfmt(sh->w, f, ap);
	va_end(ap);
	if (isnan(v))
		written(sh, r, c, worksheet_write_formula_str(sh->ws, (lxw_row_t)r, (lxw_col_t)c, fx,
							      sh->w->f[kind], ""));
	else {
		written(sh, r, c, worksheet_write_formula_num(sh->ws, (lxw_row_t)r, (lxw_col_t)c, fx,
							      sh->w->f[kind], v));
		note_width(sh, c, num_width(kind, v));
	}
}

/* A formula whose value is text. */
static void put_fx_text(sheet *sh, int r, int c, int kind, const char *v, const char *f, ...)
	__attribute__((format(printf, 6, 7)));
static void put_fx_text(sheet *sh, int r, int c, int kind, const char *v, const char *f, ...)
{
	va_list ap;
	const char *fx;
	va_start(ap, f);
	fx = vfmt(sh->w, f, ap);
	va_end(ap);
	written(sh, r, c,
		worksheet_write_formula_str(sh->ws, (lxw_row_t)r, (lxw_col_t)c, fx, sh->w->f[kind], v));
	measure(sh, r, c, kind, v);
}

static void put_headers(sheet *sh, int r, int c0, const char *const *hs, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		put_text(sh, r, c0 + (int)i, F_HEAD, hs[i]);
}

/* The title (and a subtitle) over the columns of the sheet's table. */
static void put_title(sheet *sh, int ncols, const char *title, const char *sub)
{
	put_merged(sh, 0, 0, ncols - 1, F_TITLE, title);
	if (sub)
		put_merged(sh, 1, 0, ncols - 1, F_SUBTITLE, sub);
}

static void cap_col(sheet *sh, int c, double cap)
{
	if (c >= 0 && c < MAX_COLS)
		sh->cap[c] = cap;
}

static sheet *sheet_add(wbk *w, const char *name)
{
	sheet *sh = xcalloc(1, sizeof *sh);
	buf ref = BUF_INIT;
	const char *p;
	lxw_error e = workbook_validate_sheet_name(w->wb, name);
	if (e != LXW_NO_ERROR) {
		err_add(w->errs, w->r->path, 0, 0, "sheet name '%s' is not allowed in Excel: %s", name,
			lxw_strerror(e));
		w->failed = 1;
		name = sf(w, "Sheet%zu", w->nsheets + 1);
	}
	sh->w = w;
	sh->name = xstrdup(name);
	buf_putc(&ref, '\'');
	for (p = name; *p; p++) {
		if (*p == '\'')
			buf_putc(&ref, '\'');
		buf_putc(&ref, *p);
	}
	buf_putc(&ref, '\'');
	sh->ref = buf_detach(&ref);
	sh->ws = workbook_add_worksheet(w->wb, name);
	xgrow(&w->sheets, &w->capsheets, w->nsheets + 1, sizeof *w->sheets);
	w->sheets[w->nsheets++] = sh;
	return sh;
}

/* Header and footer text: '&' starts a code there, and digits right
 * after a font size code ("&8") would be read as part of the size. */
static void hf_escape(buf *b, const char *s)
{
	if (s && *s >= '0' && *s <= '9')
		buf_putc(b, ' ');
	for (; s && *s; s++) {
		if (*s == '&')
			buf_putc(b, '&');
		buf_putc(b, *s);
	}
}

/* A4, fit to the page width (or at scale per cent when scale is not 0),
 * the table's header repeated on every page, the report's title and
 * period at the top, the organisation, sheet and page number at the
 * bottom. */
static void sheet_print_at(sheet *sh, int landscape, int rep_first, int rep_last, int scale)
{
	wbk *w = sh->w;
	buf h = BUF_INIT, f = BUF_INIT;
	worksheet_set_paper(sh->ws, 9);
	if (landscape)
		worksheet_set_landscape(sh->ws);
	else
		worksheet_set_portrait(sh->ws);
	if (scale)
		worksheet_set_print_scale(sh->ws, (uint16_t)scale);
	else
		worksheet_fit_to_pages(sh->ws, 1, 0);
	worksheet_set_margins(sh->ws, PRINT_MARGIN, PRINT_MARGIN, 0.75, 0.75);
	if (rep_last >= rep_first && rep_first >= 0)
		worksheet_repeat_rows(sh->ws, (lxw_row_t)rep_first, (lxw_row_t)rep_last);
	buf_puts(&h, "&L&8");
	hf_escape(&h, w->title);
	if (w->period && *w->period) {
		buf_puts(&h, "&R&8");
		hf_escape(&h, w->period);
	}
	buf_puts(&f, "&L&8");
	hf_escape(&f, w->company);
	buf_puts(&f, "&C&8&A&R&8");
	buf_puts(&f, T(w, L_PAGE));
	/* Excel allows 255 characters: a long title gives way to the sheet name */
	if (worksheet_set_header(sh->ws, buf_cstr(&h)) != LXW_NO_ERROR)
		worksheet_set_header(sh->ws, "&L&8&A");
	if (worksheet_set_footer(sh->ws, buf_cstr(&f)) != LXW_NO_ERROR)
		worksheet_set_footer(sh->ws, "&C&8&A&R&8&P / &N");
	buf_free(&h);
	buf_free(&f);
}

static void sheet_print(sheet *sh, int landscape, int rep_first, int rep_last)
{
	sheet_print_at(sh, landscape, rep_first, rep_last, 0);
}

/* The width a column gets: its widest content and a little room, within
 * its cap (Excel's default for empty columns). */
static double col_width(const sheet *sh, int c)
{
	double wd = sh->width[c] > 0 ? sh->width[c] + 1.5 : 8.43;
	if (wd < 6)
		wd = 6;
	if (sh->cap[c] > 0 && wd > sh->cap[c])
		wd = sh->cap[c];
	return wd;
}

/* Widths and heights, once every cell is written. */
static void sheet_finish(sheet *sh)
{
	double colw[MAX_COLS];
	double *rowh = NULL;
	size_t i, nrows = 0;
	int c;
	for (c = 0; c < MAX_COLS; c++) {
		double wd = col_width(sh, c);
		colw[c] = wd;
		if (sh->hidden[c]) {
			lxw_row_col_options o = {1, 0, 0};
			worksheet_set_column_opt(sh->ws, (lxw_col_t)c, (lxw_col_t)c, wd, NULL, &o);
			colw[c] = 0;
		} else if (sh->width[c] > 0)
			worksheet_set_column(sh->ws, (lxw_col_t)c, (lxw_col_t)c, wd, NULL);
	}
	for (i = 0; i < sh->nwraps; i++)
		if ((size_t)sh->wraps[i].row + 1 > nrows)
			nrows = (size_t)sh->wraps[i].row + 1;
	rowh = xcalloc(nrows + 1, sizeof *rowh);
	for (i = 0; i < sh->nwraps; i++) {
		const wrapcell *wc = &sh->wraps[i];
		double avail = 0, need;
		for (c = wc->c1; c <= wc->c2 && c < MAX_COLS; c++)
			avail += colw[c];
		/* the cell's padding takes about half a character */
		need = wrap_lines(wc->text, avail - 0.5, wc->scale) * wc->line + 2;
		if (need > rowh[wc->row])
			rowh[wc->row] = need;
	}
	for (i = 0; i < nrows; i++)
		if (rowh[i] > 17)
			worksheet_set_row(sh->ws, (lxw_row_t)i, rowh[i], NULL);
	free(rowh);
}

static void sheet_free(sheet *sh)
{
	size_t i;
	free(sh->name);
	free(sh->ref);
	for (i = 0; i < sh->nwraps; i++)
		free(sh->wraps[i].text);
	free(sh->wraps);
	free(sh);
}

/* ---- conditional formats and names ---- */

/* Red - yellow - green from lo to hi (fixed numbers, so that both phases
 * and all sheets use the same colours for the same result). */
static void cf_scale(sheet *sh, int r1, int c1, int r2, int c2, double lo, double mid, double hi)
{
	lxw_conditional_format cf;
	if (r2 < r1)
		return;
	memset(&cf, 0, sizeof cf);
	cf.type = LXW_CONDITIONAL_3_COLOR_SCALE;
	cf.min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
	cf.min_value = lo;
	cf.min_color = 0xF8696B;
	cf.mid_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
	cf.mid_value = mid;
	cf.mid_color = 0xFFEB84;
	cf.max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
	cf.max_value = hi;
	cf.max_color = 0x63BE7B;
	worksheet_conditional_format_range(sh->ws, (lxw_row_t)r1, (lxw_col_t)c1, (lxw_row_t)r2,
					   (lxw_col_t)c2, &cf);
}

/* The same scale from the lowest to the highest value shown. */
static void cf_scale_auto(sheet *sh, int r1, int c1, int r2, int c2)
{
	lxw_conditional_format cf;
	if (r2 < r1)
		return;
	memset(&cf, 0, sizeof cf);
	cf.type = LXW_CONDITIONAL_3_COLOR_SCALE;
	cf.min_color = 0xF8696B;
	cf.mid_color = 0xFFEB84;
	cf.max_color = 0x63BE7B;
	worksheet_conditional_format_range(sh->ws, (lxw_row_t)r1, (lxw_col_t)c1, (lxw_row_t)r2,
					   (lxw_col_t)c2, &cf);
}

static void cf_cell(sheet *sh, int r1, int c1, int r2, int c2, uint8_t criteria, double v,
		    const char *vs, int kind)
{
	lxw_conditional_format cf;
	if (r2 < r1)
		return;
	memset(&cf, 0, sizeof cf);
	cf.type = LXW_CONDITIONAL_TYPE_CELL;
	cf.criteria = criteria;
	cf.value = v;
	cf.value_string = (char *)vs;
	cf.format = sh->w->f[kind];
	worksheet_conditional_format_range(sh->ws, (lxw_row_t)r1, (lxw_col_t)c1, (lxw_row_t)r2,
					   (lxw_col_t)c2, &cf);
}

/* A rule as a formula over the range's first cell (relative, so it
 * moves with each cell).  Used for numbers because a plain "greater than"
 * rule also colours blank cells and "" results: Excel takes text as
 * greater than any number and blank as 0. */
static void cf_test(sheet *sh, int r1, int c1, int r2, int c2, const char *test, int kind)
{
	wbk *w = sh->w;
	lxw_conditional_format cf;
	const char *x = A(w, r1, c1, REL);
	if (r2 < r1)
		return;
	memset(&cf, 0, sizeof cf);
	cf.type = LXW_CONDITIONAL_TYPE_FORMULA;
	cf.value_string = (char *)sf(w, "=AND(ISNUMBER(%s),%s%s)", x, x, test);
	cf.format = w->f[kind];
	worksheet_conditional_format_range(sh->ws, (lxw_row_t)r1, (lxw_col_t)c1, (lxw_row_t)r2,
					   (lxw_col_t)c2, &cf);
}

/* Change: green when up, red when down. */
static void cf_sign(sheet *sh, int r1, int c1, int r2, int c2)
{
	cf_test(sh, r1, c1, r2, c2, ">0", F_CF_UP);
	cf_test(sh, r1, c1, r2, c2, "<0", F_CF_DOWN);
}

/* Share of a target: green from 100 %, amber from 80 %, red below. */
static void cf_target(sheet *sh, int r1, int c1, int r2, int c2)
{
	cf_test(sh, r1, c1, r2, c2, ">=1", F_CF_UP);
	cf_test(sh, r1, c1, r2, c2, ">=0.8", F_CF_MID);
	cf_test(sh, r1, c1, r2, c2, "<0.8", F_CF_DOWN);
}

/* A workbook-wide name for a range, for readers who build on the sheets
 * (=AVERAGE(Index_Phase2)). */
static void define(wbk *w, const char *name, const sheet *sh, int r1, int c1, int r2, int c2)
{
	if (r2 < r1)
		return;
	workbook_define_name(w->wb, name, sf(w, "=%s", RNG(w, sh, r1, c1, r2, c2)));
}

/* Report an error about the workbook's data at the report's workbook: key. */
static void wb_error(wbk *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void wb_error(wbk *w, const char *fmt, ...)
{
	buf msg = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	err_add(w->errs, w->r->path, w->r->kind_node->line, w->r->kind_node->col, "%s",
		buf_cstr(&msg));
	buf_free(&msg);
	w->failed = 1;
}

/* Names that formulas match on (SUMPRODUCT, COUNTIF, AVERAGEIF) must be
 * unique in the workbook's language. */
static int unique_names(wbk *w, const value *list, const char *key, const char *what)
{
	size_t i, k;
	for (i = 0; i < val_len(list); i++)
		for (k = 0; k < i; k++)
			if (!strcmp(val_get_str(val_at(list, i), key, ""),
				    val_get_str(val_at(list, k), key, ""))) {
				wb_error(w, "two %s have the same name in this language; the workbook's "
					 "formulas match on names", what);
				return -1;
			}
	return 0;
}

static double num_at(const value *m, const char *path)
{
	const value *v = val_path(m, path);
	return v && v->kind == VAL_NUM ? v->u.n : NAN;
}

/* ---- the benchmarking workbook ---- */

/* Where everything is, so that one sheet's formulas can point at another's
 * cells.  Indicator i (in instrument order) is on row FIRST_ROW + i of the
 * instrument; municipality m's score for it on row FIRST_ROW + m * ni + i
 * of each phase sheet; municipality m on row S_FIRST + m of the summary. */
enum { S_GROUP = 2, S_WEIGHT = 3, S_HEAD = 4, S_FIRST = 5 };
enum { I_AREA, I_ID, I_NAME, I_MAX, I_WEIGHT, I_SCALE, I_NCOLS };
enum { P_MUNI, P_ID, P_NAME, P_AREA, P_SCORE, P_MAX, P_WEIGHT, P_SHARE, P_EVIDENCE, P_NOTE,
       P_NCOLS };
enum { A_NAME, A_WEIGHT, A_COUNT, A_WMAX, A_DESC, A_NCOLS };
enum { R_RANK, R_MUNI, R_REGION, R_P1, R_P2, R_CHANGE, R_NCOLS };
enum { G_NAME, G_COUNT, G_P1, G_P2, G_CHANGE, G_NCOLS };

typedef struct bm {
	const value *b, *areas, *munis, *regions;
	size_t na, nm, ni;
	const value **ind;      /* the indicators in instrument order */
	size_t *ind_area;       /* the area of each */
	sheet *about, *summary, *ranking, *charts, *regs, *areas_sh, *instr, *phase[2];
	const char *phase_name[2];
	/* summary columns */
	int c_area[2], c_index[2], c_rank[2], c_chg, c_chgpct, c_ord;
	/* the phase 2 ranking as the summary's formulas compute it */
	int *rank2;             /* 0: not ranked */
	size_t *pos;            /* position of each municipality (1-based, 0: none) */
	size_t *at;             /* municipality + 1 at each position (0: none) */
} bm;

static const value *phase_of(const value *m, int p)
{
	return val_get(m, p ? "p2" : "p1");
}

/* One phase's formula for the share of the points an area gave: over the
 * rows of the phase sheet for this municipality and area, the weighted
 * points earned over the weighted points possible of the indicators
 * assessed, exactly as bench.c adds them up. */
static const char *area_formula(wbk *w, const bm *g, int p, int row, int col)
{
	const sheet *ph = g->phase[p];
	int r1 = FIRST_ROW, r2 = FIRST_ROW + (int)(g->nm * g->ni) - 1;
	const char *mun = RNG(w, ph, r1, P_MUNI, r2, P_MUNI), *area = RNG(w, ph, r1, P_AREA, r2, P_AREA);
	const char *score = RNG(w, ph, r1, P_SCORE, r2, P_SCORE), *max = RNG(w, ph, r1, P_MAX, r2, P_MAX);
	const char *weight = RNG(w, ph, r1, P_WEIGHT, r2, P_WEIGHT);
	const char *m = A(w, row, 0, ABS_C), *a = A(w, S_HEAD, col, ABS_R);
	return sf(w, "=IFERROR(100*SUMPRODUCT((%s=%s)*(%s=%s)*%s*%s)/"
		  "SUMPRODUCT((%s=%s)*(%s=%s)*(%s<>\"\")*%s*%s),\"\")",
		  mun, m, area, a, score, weight, mun, m, area, a, score, max, weight);
}

static void bm_instrument(wbk *w, bm *g)
{
	sheet *sh = g->instr;
	const char *hs[I_NCOLS] = {T(w, L_AREA), T(w, L_INDICATOR_ID), T(w, L_INDICATOR), T(w, L_MAX),
				   T(w, L_WEIGHT), T(w, L_SCALE)};
	int last = FIRST_ROW + (int)g->ni - 1;
	size_t i;
	put_title(sh, I_NCOLS, val_get_str(g->b, "title", T(w, L_INSTRUMENT)), T(w, L_INSTRUMENT_SUB));
	put_headers(sh, HEAD_ROW, 0, hs, I_NCOLS);
	for (i = 0; i < g->ni; i++) {
		const value *in = g->ind[i], *a = val_at(g->areas, g->ind_area[i]);
		int r = FIRST_ROW + (int)i;
		put_text(sh, r, I_AREA, F_WRAP, val_get_str(a, "name", ""));
		put_text(sh, r, I_ID, F_TEXT, val_get_str(in, "id", ""));
		put_text(sh, r, I_NAME, F_WRAP, val_get_str(in, "name", ""));
		put_num(sh, r, I_MAX, F_GEN, num_at(in, "max"));
		put_num(sh, r, I_WEIGHT, F_GEN, num_at(in, "weight"));
		put_text(sh, r, I_SCALE, F_WRAP, val_get_str(in, "description", ""));
	}
	cap_col(sh, I_AREA, 24);
	cap_col(sh, I_NAME, 40);
	cap_col(sh, I_SCALE, 70);
	worksheet_freeze_panes(sh->ws, FIRST_ROW, 0);
	worksheet_autofilter(sh->ws, HEAD_ROW, 0, (lxw_row_t)last, I_NCOLS - 1);
	sheet_print(sh, 1, HEAD_ROW, HEAD_ROW);
	define(w, "Instrument_Ids", sh, FIRST_ROW, I_ID, last, I_ID);
	define(w, "Instrument_Max", sh, FIRST_ROW, I_MAX, last, I_MAX);
	define(w, "Instrument_Weights", sh, FIRST_ROW, I_WEIGHT, last, I_WEIGHT);
}

static void bm_areas(wbk *w, bm *g)
{
	sheet *sh = g->areas_sh;
	const sheet *in = g->instr;
	const char *hs[A_NCOLS] = {T(w, L_AREA), T(w, L_WEIGHT), T(w, L_INDICATORS),
				   T(w, L_WEIGHTED_MAX), T(w, L_DESCRIPTION)};
	int i1 = FIRST_ROW, i2 = FIRST_ROW + (int)g->ni - 1, last = FIRST_ROW + (int)g->na - 1;
	const char *iarea = RNG(w, in, i1, I_AREA, i2, I_AREA);
	double wsum = 0, nsum = 0;
	size_t a;
	put_title(sh, A_NCOLS, T(w, L_AREAS_TITLE), T(w, L_AREAS_SUB));
	put_headers(sh, HEAD_ROW, 0, hs, A_NCOLS);
	for (a = 0; a < g->na; a++) {
		const value *av = val_at(g->areas, a);
		int r = FIRST_ROW + (int)a;
		const char *me = A(w, r, A_NAME, REL);
		put_text(sh, r, A_NAME, F_WRAP, val_get_str(av, "name", ""));
		put_num(sh, r, A_WEIGHT, F_PCT1, num_at(av, "weight"));
		put_fx(sh, r, A_COUNT, F_INT, num_at(av, "indicator_count"), "=COUNTIF(%s,%s)", iarea, me);
		put_fx(sh, r, A_WMAX, F_GEN, num_at(av, "weighted_max"),
		       "=SUMPRODUCT((%s=%s)*%s*%s)", iarea, me, RNG(w, in, i1, I_MAX, i2, I_MAX),
		       RNG(w, in, i1, I_WEIGHT, i2, I_WEIGHT));
		put_text(sh, r, A_DESC, F_WRAP, val_get_str(av, "description", ""));
		wsum += num_at(av, "weight");
		nsum += num_at(av, "indicator_count");
	}
	put_text(sh, last + 1, A_NAME, F_TOT_TEXT, T(w, L_TOTAL));
	put_fx(sh, last + 1, A_WEIGHT, F_TOT_PCT1, wsum, "=SUM(%s)",
	       RREL(w, FIRST_ROW, A_WEIGHT, last, A_WEIGHT, REL));
	put_fx(sh, last + 1, A_COUNT, F_TOT_INT, nsum, "=SUM(%s)",
	       RREL(w, FIRST_ROW, A_COUNT, last, A_COUNT, REL));
	put_blank(sh, last + 1, A_WMAX, F_TOT_BLANK);
	put_blank(sh, last + 1, A_DESC, F_TOT_BLANK);
	cap_col(sh, A_NAME, 26);
	cap_col(sh, A_DESC, 70);
	worksheet_freeze_panes(sh->ws, FIRST_ROW, 0);
	sheet_print(sh, 1, HEAD_ROW, HEAD_ROW);
	define(w, "Area_Weights", sh, FIRST_ROW, A_WEIGHT, last, A_WEIGHT);
}

static void bm_phase(wbk *w, bm *g, int p)
{
	sheet *sh = g->phase[p];
	const sheet *in = g->instr;
	const char *hs[P_NCOLS] = {T(w, L_MUNICIPALITY), T(w, L_INDICATOR_ID), T(w, L_INDICATOR),
				   T(w, L_AREA), T(w, L_SCORE), T(w, L_MAX), T(w, L_WEIGHT),
				   T(w, L_SHARE), T(w, L_EVIDENCE), T(w, L_NOTE)};
	int i1 = FIRST_ROW, i2 = FIRST_ROW + (int)g->ni - 1;
	int last = FIRST_ROW + (int)(g->nm * g->ni) - 1;
	const char *ids = RNG(w, in, i1, I_ID, i2, I_ID);
	const char *maxs = RNG(w, in, i1, I_MAX, i2, I_MAX), *ws = RNG(w, in, i1, I_WEIGHT, i2, I_WEIGHT);
	size_t m, i;
	put_title(sh, P_NCOLS, sf(w, T(w, L_PHASE_TITLE), g->phase_name[p]), T(w, L_PHASE_SUB));
	put_headers(sh, HEAD_ROW, 0, hs, P_NCOLS);
	for (m = 0; m < g->nm; m++) {
		const value *mv = val_at(g->munis, m);
		const value *scores = val_get(phase_of(mv, p), "scores");
		for (i = 0; i < g->ni; i++) {
			const value *sc = val_at(scores, i), *in_v = g->ind[i];
			int r = FIRST_ROW + (int)(m * g->ni + i);
			const char *id = A(w, r, P_ID, REL), *score = A(w, r, P_SCORE, REL);
			int assessed = val_truthy(val_get(sc, "assessed"));
			double max = num_at(in_v, "max");
			put_text(sh, r, P_MUNI, F_TEXT, val_get_str(mv, "name", ""));
			put_text(sh, r, P_ID, F_TEXT, val_get_str(in_v, "id", ""));
			put_text(sh, r, P_NAME, F_WRAP, val_get_str(in_v, "name", ""));
			put_text(sh, r, P_AREA, F_WRAP,
				 val_get_str(val_at(g->areas, g->ind_area[i]), "name", ""));
			if (assessed)
				put_num(sh, r, P_SCORE, F_GEN, num_at(sc, "score"));
			else
				put_blank(sh, r, P_SCORE, F_GEN);
			/* max and weight come from the instrument, so that a change
			 * there reaches every score */
			put_fx(sh, r, P_MAX, F_GEN, max, "=INDEX(%s,MATCH(%s,%s,0))", maxs, id, ids);
			put_fx(sh, r, P_WEIGHT, F_GEN, num_at(in_v, "weight"), "=INDEX(%s,MATCH(%s,%s,0))",
			       ws, id, ids);
			put_fx(sh, r, P_SHARE, F_PCT1, assessed ? num_at(sc, "score") / max : NAN,
			       "=IF(%s=\"\",\"\",%s/%s)", score, score, A(w, r, P_MAX, REL));
			put_text(sh, r, P_EVIDENCE, F_WRAP, val_get_str(sc, "evidence", ""));
			put_text(sh, r, P_NOTE, F_WRAP, val_get_str(sc, "note", ""));
		}
	}
	cap_col(sh, P_NAME, 34);
	cap_col(sh, P_AREA, 22);
	cap_col(sh, P_EVIDENCE, 60);
	cap_col(sh, P_NOTE, 22);
	cf_scale(sh, FIRST_ROW, P_SHARE, last, P_SHARE, 0, 0.5, 1);
	worksheet_freeze_panes(sh->ws, FIRST_ROW, 1);
	worksheet_autofilter(sh->ws, HEAD_ROW, 0, (lxw_row_t)last, P_NCOLS - 1);
	sheet_print(sh, 1, HEAD_ROW, HEAD_ROW);
	define(w, p ? "Scores_Phase2" : "Scores_Phase1", sh, FIRST_ROW, P_SCORE, last, P_SCORE);
}

/* The phase 2 ranking as the summary's formulas compute it: RANK gives
 * competition ranks over the index column, and the hidden order column
 * adds the equal indexes above (COUNTIF), which breaks ties by row, the
 * site's order of municipalities.  The ranking sheet finds position k
 * with MATCH(k, order). */
static void bm_rank(bm *g)
{
	size_t m, k, dup;
	g->rank2 = xcalloc(g->nm + 1, sizeof *g->rank2);
	g->pos = xcalloc(g->nm + 1, sizeof *g->pos);
	g->at = xcalloc(g->nm + 1, sizeof *g->at);
	for (m = 0; m < g->nm; m++) {
		const value *p2 = phase_of(val_at(g->munis, m), 1);
		double x = num_at(p2, "index");
		int r = 1;
		if (!val_truthy(val_get(p2, "has_index")))
			continue;
		for (k = 0, dup = 0; k < g->nm; k++) {
			double y = num_at(phase_of(val_at(g->munis, k), 1), "index");
			r += y > x;
			dup += k < m && y == x;
		}
		g->rank2[m] = r;
		g->pos[m] = (size_t)r + dup;
		if (g->pos[m] <= g->nm && !g->at[g->pos[m] - 1])
			g->at[g->pos[m] - 1] = m + 1;
	}
}

/* Points that columns c1..c2 take on paper at 100 %, as LibreOffice
 * draws them (its Noto Sans digit is wider than Calibri's 7 pixels, so
 * Excel's pages have room to spare). */
static double cols_points(const sheet *sh, int c1, int c2)
{
	double pt = 0;
	int c;
	for (c = c1; c <= c2 && c < MAX_COLS; c++)
		if (!sh->hidden[c])
			pt += (col_width(sh, c) + 0.75) * 6.3;
	return pt;
}

/* How the summary prints on A4 landscape: 0 when it fits the page at 60 %
 * of its size or more; wider (the long Georgian area names), one phase a
 * page with the municipality and region repeated, and the scale that the
 * wider page needs is returned (Excel ignores page breaks when it fits
 * to pages, so the scale is fixed). */
static int summary_scale(const sheet *sh, const bm *g)
{
	double page = A4_LANDSCAPE - 2 * 72 * PRINT_MARGIN - 4;
	double names = cols_points(sh, 0, 1), p1, p2, wide;
	if (cols_points(sh, 0, g->c_chgpct) * 0.6 <= page)
		return 0;
	p1 = names + cols_points(sh, g->c_area[0], g->c_rank[0]);
	p2 = names + cols_points(sh, g->c_area[1], g->c_chgpct);
	wide = p1 > p2 ? p1 : p2;
	return wide > page ? (int)floor(100 * page / wide) : 100;
}

static void bm_summary(wbk *w, bm *g)
{
	sheet *sh = g->summary;
	int first = S_FIRST, last = S_FIRST + (int)g->nm - 1, avg = last + 2;
	int p, c, scale;
	size_t a, m;
	/* three header rows: phases, area weights, columns */
	put_blank(sh, S_GROUP, 0, F_HEAD_GROUP);
	put_blank(sh, S_GROUP, 1, F_HEAD_GROUP);
	put_merged(sh, S_WEIGHT, 0, 1, F_WEIGHT_LABEL, T(w, L_AREA_WEIGHT));
	put_text(sh, S_HEAD, 0, F_HEAD, T(w, L_MUNICIPALITY));
	put_text(sh, S_HEAD, 1, F_HEAD, T(w, L_REGION));
	for (p = 0; p < 2; p++) {
		put_merged(sh, S_GROUP, g->c_area[p], g->c_rank[p], F_HEAD_GROUP, g->phase_name[p]);
		for (a = 0; a < g->na; a++) {
			const value *av = val_at(g->areas, a);
			c = g->c_area[p] + (int)a;
			put_fx(sh, S_WEIGHT, c, F_WEIGHT, num_at(av, "weight"), "=%s",
			       RNG(w, g->areas_sh, FIRST_ROW + (int)a, A_WEIGHT, FIRST_ROW + (int)a, A_WEIGHT));
			put_text(sh, S_HEAD, c, F_HEAD, val_get_str(av, "name", ""));
		}
		put_blank(sh, S_WEIGHT, g->c_index[p], F_WEIGHT);
		put_blank(sh, S_WEIGHT, g->c_rank[p], F_WEIGHT);
		put_text(sh, S_HEAD, g->c_index[p], F_HEAD, T(w, L_INDEX));
		put_text(sh, S_HEAD, g->c_rank[p], F_HEAD, T(w, L_RANK));
	}
	put_merged(sh, S_GROUP, g->c_chg, g->c_chgpct, F_HEAD_GROUP, T(w, L_CHANGE));
	put_blank(sh, S_WEIGHT, g->c_chg, F_WEIGHT);
	put_blank(sh, S_WEIGHT, g->c_chgpct, F_WEIGHT);
	put_text(sh, S_HEAD, g->c_chg, F_HEAD, T(w, L_CHANGE_POINTS));
	put_text(sh, S_HEAD, g->c_chgpct, F_HEAD, T(w, L_CHANGE_PCT));
	put_text(sh, S_HEAD, g->c_ord, F_HEAD, "#");

	for (m = 0; m < g->nm; m++) {
		const value *mv = val_at(g->munis, m);
		int r = first + (int)m;
		double idx[2];
		put_text(sh, r, 0, F_TEXT, val_get_str(mv, "name", ""));
		put_text(sh, r, 1, F_TEXT, val_get_str(mv, "region_name", ""));
		for (p = 0; p < 2; p++) {
			const value *pv = phase_of(mv, p);
			const char *areas = RREL(w, r, g->c_area[p], r, g->c_index[p] - 1, REL);
			const char *weights = RREL(w, S_WEIGHT, g->c_area[p], S_WEIGHT, g->c_index[p] - 1, ABS);
			for (a = 0; a < g->na; a++) {
				const value *av = val_at(val_get(pv, "areas"), a);
				c = g->c_area[p] + (int)a;
				put_fx(sh, r, c, F_DEC1,
				       val_truthy(val_get(av, "assessed")) ? num_at(av, "pct") : NAN, "%s",
				       area_formula(w, g, p, r, c));
			}
			/* bench.c: sum(area weight * area %) / sum(area weight) over
			 * the areas assessed; 0 when none was */
			idx[p] = num_at(pv, "index");
			put_fx(sh, r, g->c_index[p], F_INDEX, idx[p],
			       "=IFERROR(SUMPRODUCT(%s,%s)/SUMPRODUCT(%s*ISNUMBER(%s)),0)", weights, areas,
			       weights, areas);
			put_fx(sh, r, g->c_rank[p], F_RANK,
			       val_truthy(val_get(pv, "has_index")) ? num_at(pv, "rank") : NAN,
			       "=IF(COUNT(%s)=0,\"\",RANK(%s,%s))", areas, A(w, r, g->c_index[p], REL),
			       RNG(w, NULL, first, g->c_index[p], last, g->c_index[p]));
		}
		put_fx(sh, r, g->c_chg, F_CHANGE, num_at(mv, "change.points"), "=%s-%s",
		       A(w, r, g->c_index[1], REL), A(w, r, g->c_index[0], REL));
		put_fx(sh, r, g->c_chgpct, F_CHANGE_PCT, idx[0] > 0 ? (idx[1] - idx[0]) / idx[0] : NAN,
		       "=IF(%s>0,(%s-%s)/%s,\"\")", A(w, r, g->c_index[0], REL), A(w, r, g->c_index[1], REL),
		       A(w, r, g->c_index[0], REL), A(w, r, g->c_index[0], REL));
		/* position in the ranking: rank, plus the equal indexes above */
		put_fx(sh, r, g->c_ord, F_INT, g->pos[m] ? (double)g->pos[m] : NAN,
		       "=IF(%s=\"\",\"\",%s+COUNTIF(%s:%s,%s))", A(w, r, g->c_rank[1], REL),
		       A(w, r, g->c_rank[1], REL), A(w, S_HEAD, g->c_index[1], ABS),
		       A(w, r - 1, g->c_index[1], REL), A(w, r, g->c_index[1], REL));
	}

	/* averages of the municipalities, as the site shows them */
	put_text(sh, avg, 0, F_TOT_TEXT, T(w, L_AVERAGE));
	put_blank(sh, avg, 1, F_TOT_BLANK);
	for (c = g->c_area[0]; c <= g->c_chgpct; c++) {
		double sum = 0;
		size_t n = 0;
		int is_rank = c == g->c_rank[0] || c == g->c_rank[1], kind = F_TOT_DEC1;
		if (is_rank || c == g->c_chgpct) {
			put_blank(sh, avg, c, F_TOT_BLANK);
			continue;
		}
		for (m = 0; m < g->nm; m++) {
			const value *mv = val_at(g->munis, m);
			double x = NAN;
			for (p = 0; p < 2; p++) {
				if (c >= g->c_area[p] && c < g->c_index[p]) {
					const value *av = val_at(val_get(phase_of(mv, p), "areas"),
								 (size_t)(c - g->c_area[p]));
					if (val_truthy(val_get(av, "assessed")))
						x = num_at(av, "pct");
				} else if (c == g->c_index[p])
					x = num_at(phase_of(mv, p), "index");
			}
			if (c == g->c_chg)
				x = num_at(mv, "change.points");
			if (!isnan(x)) {
				sum += x;
				n++;
			}
		}
		if (c == g->c_chg)
			kind = F_TOT_CHANGE;
		put_fx(sh, avg, c, kind, n ? sum / (double)n : NAN, "=IFERROR(AVERAGE(%s),\"\")",
		       RREL(w, first, c, last, c, REL));
	}

	for (p = 0; p < 2; p++)
		cf_scale(sh, first, g->c_area[p], last, g->c_index[p], 0, 50, 100);
	cf_sign(sh, first, g->c_chg, avg, g->c_chgpct);
	sh->hidden[g->c_ord] = 1;
	worksheet_freeze_panes(sh->ws, S_FIRST, 1);
	worksheet_autofilter(sh->ws, S_HEAD, 0, (lxw_row_t)last, (lxw_col_t)g->c_chgpct);
	/* now that the columns are measured: the title over the table, or,
	 * when each phase prints on a page of its own, over the repeated
	 * municipality and region columns, with the explanation over each
	 * phase (no text may run from them into a phase's columns) */
	scale = summary_scale(sh, g);
	if (!scale)
		put_title(sh, g->c_chgpct + 1, T(w, L_SUMMARY_TITLE), T(w, L_SUMMARY_SUB));
	else {
		put_merged(sh, 0, 0, 1, F_TITLE, T(w, L_SUMMARY_TITLE));
		put_merged(sh, 0, g->c_area[0], g->c_rank[0], F_SUBTITLE, T(w, L_SUMMARY_SUB));
		put_merged(sh, 0, g->c_area[1], g->c_chgpct, F_SUBTITLE, T(w, L_SUMMARY_SUB));
	}
	sheet_print_at(sh, 1, S_GROUP, S_HEAD, scale);
	if (scale) {
		lxw_col_t breaks[2] = {(lxw_col_t)g->c_area[1], 0};
		worksheet_set_v_pagebreaks(sh->ws, breaks);
		worksheet_repeat_columns(sh->ws, 0, 1);
	}
	define(w, "Municipality_Names", sh, first, 0, last, 0);
	define(w, "Index_Phase1", sh, first, g->c_index[0], last, g->c_index[0]);
	define(w, "Index_Phase2", sh, first, g->c_index[1], last, g->c_index[1]);
	define(w, "Rank_Phase1", sh, first, g->c_rank[0], last, g->c_rank[0]);
	define(w, "Rank_Phase2", sh, first, g->c_rank[1], last, g->c_rank[1]);
	define(w, "Change_Points", sh, first, g->c_chg, last, g->c_chg);
}

static void bm_regions(wbk *w, bm *g)
{
	sheet *sh = g->regs;
	const sheet *su = g->summary;
	const char *hs[G_NCOLS] = {T(w, L_REGION), T(w, L_MUNICIPALITIES), sf(w, T(w, L_PHASE_AVG), 1),
				   sf(w, T(w, L_PHASE_AVG), 2), T(w, L_CHANGE_POINTS)};
	int s1 = S_FIRST, s2 = S_FIRST + (int)g->nm - 1, last = FIRST_ROW + (int)val_len(g->regions) - 1;
	const char *sreg = RNG(w, su, s1, 1, s2, 1);
	const char *sidx[2] = {RNG(w, su, s1, g->c_index[0], s2, g->c_index[0]),
			       RNG(w, su, s1, g->c_index[1], s2, g->c_index[1])};
	double mean[2] = {0, 0};
	size_t i, m;
	int p;
	put_title(sh, G_NCOLS, T(w, L_REGIONS_TITLE), NULL);
	put_headers(sh, HEAD_ROW, 0, hs, G_NCOLS);
	for (i = 0; i < val_len(g->regions); i++) {
		const value *rv = val_at(g->regions, i);
		int r = FIRST_ROW + (int)i;
		double n = num_at(rv, "municipalities"), v[2];
		const char *me = A(w, r, G_NAME, ABS_C);
		put_text(sh, r, G_NAME, F_TEXT, val_get_str(rv, "name", ""));
		put_fx(sh, r, G_COUNT, F_INT, n, "=COUNTIF(%s,%s)", sreg, me);
		for (p = 0; p < 2; p++) {
			v[p] = n > 0 ? num_at(rv, p ? "p2" : "p1") : NAN;
			put_fx(sh, r, G_P1 + p, F_DEC1, v[p], "=IFERROR(AVERAGEIF(%s,%s,%s),\"\")", sreg, me,
			       sidx[p]);
		}
		put_fx(sh, r, G_CHANGE, F_CHANGE, n > 0 ? v[1] - v[0] : NAN, "=IFERROR(%s-%s,\"\")",
		       A(w, r, G_P2, REL), A(w, r, G_P1, REL));
	}
	for (m = 0; m < g->nm; m++)
		for (p = 0; p < 2; p++)
			mean[p] += num_at(phase_of(val_at(g->munis, m), p), "index");
	put_text(sh, last + 1, G_NAME, F_TOT_TEXT, T(w, L_ALL_MUNIS));
	put_fx(sh, last + 1, G_COUNT, F_TOT_INT, (double)g->nm, "=SUM(%s)",
	       RREL(w, FIRST_ROW, G_COUNT, last, G_COUNT, REL));
	for (p = 0; p < 2; p++) {
		mean[p] = g->nm ? mean[p] / (double)g->nm : NAN;
		put_fx(sh, last + 1, G_P1 + p, F_TOT_DEC1, mean[p], "=IFERROR(AVERAGE(%s),\"\")", sidx[p]);
	}
	put_fx(sh, last + 1, G_CHANGE, F_TOT_CHANGE, mean[1] - mean[0], "=IFERROR(%s-%s,\"\")",
	       A(w, last + 1, G_P2, REL), A(w, last + 1, G_P1, REL));
	cf_scale(sh, FIRST_ROW, G_P1, last + 1, G_P2, 0, 50, 100);
	cf_sign(sh, FIRST_ROW, G_CHANGE, last + 1, G_CHANGE);
	worksheet_freeze_panes(sh->ws, FIRST_ROW, 1);
	worksheet_autofilter(sh->ws, HEAD_ROW, 0, (lxw_row_t)last, G_NCOLS - 1);
	sheet_print(sh, 0, HEAD_ROW, HEAD_ROW);
	define(w, "Region_Averages", sh, FIRST_ROW, G_P1, last, G_P2);
}

static void bm_ranking(wbk *w, bm *g)
{
	sheet *sh = g->ranking;
	const sheet *su = g->summary;
	const char *hs[R_NCOLS] = {T(w, L_RANK), T(w, L_MUNICIPALITY), T(w, L_REGION), g->phase_name[0],
				   g->phase_name[1], T(w, L_CHANGE_POINTS)};
	int s1 = S_FIRST, s2 = S_FIRST + (int)g->nm - 1, last = FIRST_ROW + (int)g->nm - 1;
	const char *ord = RNG(w, su, s1, g->c_ord, s2, g->c_ord);
	const int src[R_NCOLS] = {g->c_rank[1], 0, 1, g->c_index[0], g->c_index[1], g->c_chg};
	const int kinds[R_NCOLS] = {F_RANK, F_TEXT, F_TEXT, F_DEC1, F_INDEX, F_CHANGE};
	size_t k;
	int c;
	put_title(sh, R_NCOLS, T(w, L_RANKING_TITLE), T(w, L_RANKING_SUB));
	put_headers(sh, HEAD_ROW, 0, hs, R_NCOLS);
	for (k = 0; k < g->nm; k++) {
		int r = FIRST_ROW + (int)k, ok = g->at[k] != 0;
		const value *mv = ok ? val_at(g->munis, g->at[k] - 1) : NULL;
		const char *match = sf(w, "MATCH(%zu,%s,0)", k + 1, ord);
		for (c = 0; c < R_NCOLS; c++) {
			const char *col = RNG(w, su, s1, src[c], s2, src[c]);
			if (kinds[c] == F_TEXT) {
				const char *v = !ok ? "" : val_get_str(mv, c == R_MUNI ? "name" : "region_name", "");
				put_fx_text(sh, r, c, F_TEXT, v, "=IFERROR(INDEX(%s,%s),\"\")", col, match);
			} else {
				double v = NAN;
				if (ok && c == R_RANK)
					v = g->rank2[g->at[k] - 1];
				else if (ok && c == R_CHANGE)
					v = num_at(mv, "change.points");
				else if (ok)
					v = num_at(phase_of(mv, c == R_P2), "index");
				put_fx(sh, r, c, kinds[c], v, "=IFERROR(INDEX(%s,%s),\"\")", col, match);
			}
		}
	}
	cf_scale(sh, FIRST_ROW, R_P1, last, R_P2, 0, 50, 100);
	cf_sign(sh, FIRST_ROW, R_CHANGE, last, R_CHANGE);
	worksheet_freeze_panes(sh->ws, FIRST_ROW, 0);
	sheet_print(sh, 0, HEAD_ROW, HEAD_ROW);
}

/* In libxlsxwriter a bar chart's value axis is its x axis (horizontal),
 * a column chart's its y axis. */
static void chart_common(wbk *w, lxw_chart *ch, lxw_chart_axis *values, const char *title)
{
	lxw_chart_font tf = {0};
	tf.size = 12;
	tf.bold = 1;
	tf.color = C_HEADER;
	chart_title_set_name(ch, title);
	chart_title_set_name_font(ch, &tf);
	chart_axis_set_name(values, T(w, L_AXIS_INDEX));
	chart_axis_set_min(values, 0);
	chart_axis_set_max(values, 100);
	chart_axis_set_major_unit(values, 20);
	chart_axis_set_num_format(values, "0");
}

static void bm_charts(wbk *w, bm *g)
{
	sheet *sh = g->charts;
	const char *rk = g->ranking->name;
	int r1 = FIRST_ROW, r2 = FIRST_ROW + (int)g->nm - 1;
	lxw_chart *bar = workbook_add_chart(w->wb, LXW_CHART_BAR);
	lxw_chart *col = workbook_add_chart(w->wb, LXW_CHART_COLUMN);
	lxw_chart_series *se;
	lxw_chart_fill fill = {0};
	lxw_chart_font small = {0};
	lxw_chart_options opt = {0};
	int p;

	put_merged(sh, 0, 0, 14, F_TITLE, T(w, L_CHARTS_TITLE));
	put_merged(sh, 1, 0, 14, F_SUBTITLE, T(w, L_CHARTS_SUB));

	/* the ranking: the best at the top, the value axis below */
	se = chart_add_series(bar, NULL, NULL);
	chart_series_set_categories(se, rk, (lxw_row_t)r1, R_MUNI, (lxw_row_t)r2, R_MUNI);
	chart_series_set_values(se, rk, (lxw_row_t)r1, R_P2, (lxw_row_t)r2, R_P2);
	chart_series_set_name_range(se, rk, HEAD_ROW, R_P2);
	fill.color = C_SERIES1;
	chart_series_set_fill(se, &fill);
	chart_series_set_labels(se);
	chart_series_set_labels_num_format(se, "0.0");
	chart_common(w, bar, bar->x_axis, sf(w, T(w, L_CHART_RANK), g->phase_name[1]));
	chart_axis_set_reverse(bar->y_axis);
	chart_axis_set_crossing_max(bar->y_axis);
	chart_legend_set_position(bar, LXW_CHART_LEGEND_NONE);
	chart_set_series_gap(bar, 60);
	opt.x_scale = 2.0;
	opt.y_scale = 1.5;
	opt.description = (char *)sf(w, T(w, L_CHART_RANK), g->phase_name[1]);
	worksheet_insert_chart_opt(sh->ws, 3, 0, bar, &opt);

	/* the two phases side by side, in ranking order */
	for (p = 0; p < 2; p++) {
		se = chart_add_series(col, NULL, NULL);
		chart_series_set_categories(se, rk, (lxw_row_t)r1, R_MUNI, (lxw_row_t)r2, R_MUNI);
		chart_series_set_values(se, rk, (lxw_row_t)r1, R_P1 + p, (lxw_row_t)r2, R_P1 + p);
		chart_series_set_name_range(se, rk, HEAD_ROW, (lxw_col_t)(R_P1 + p));
		fill.color = p ? C_SERIES1 : C_SERIES2;
		chart_series_set_fill(se, &fill);
	}
	chart_common(w, col, col->y_axis, sf(w, T(w, L_CHART_CMP), g->phase_name[0], g->phase_name[1]));
	small.rotation = -45;
	chart_axis_set_num_font(col->x_axis, &small);
	chart_legend_set_position(col, LXW_CHART_LEGEND_BOTTOM);
	opt.description = (char *)sf(w, T(w, L_CHART_CMP), g->phase_name[0], g->phase_name[1]);
	worksheet_insert_chart_opt(sh->ws, 26, 0, col, &opt);

	sheet_print(sh, 1, -1, -1);
	worksheet_fit_to_pages(sh->ws, 1, 1);
}

/* The first sheet: what the workbook is, who made it, and its sheets. */
static int about_head(wbk *w, sheet *sh, const char *note)
{
	const char *keys[] = {T(w, L_PERIOD), T(w, L_AUTHOR), T(w, L_COMPANY), T(w, L_DATE),
			      T(w, L_SOURCE), T(w, L_NOTE)};
	const char *vals[6];
	buf d = BUF_INIT;
	date dt;
	int r = 2;
	size_t i;
	memset(&dt, 0, sizeof dt);
	date_parse(val_get_str(w->r->doc, "date", ""), &dt);
	date_display(&dt, w->code, &d);
	vals[0] = w->period;
	vals[1] = w->author;
	vals[2] = w->company;
	vals[3] = keep(w, buf_detach(&d));
	vals[4] = w->s->cfg->base_url;
	vals[5] = note;
	put_merged(sh, 0, 0, 1, F_TITLE, w->title);
	for (i = 0; i < 6; i++) {
		if (!vals[i] || !*vals[i])
			continue;
		put_text(sh, r, 0, F_LABEL, keys[i]);
		if (i == 4) {
			worksheet_write_url_opt(sh->ws, (lxw_row_t)r, 1, vals[i], w->f[F_URL], vals[i],
						NULL);
			measure(sh, r, 1, F_URL, vals[i]);
		} else
			put_text(sh, r, 1, F_PARA, vals[i]);
		r++;
	}
	cap_col(sh, 0, 28);
	cap_col(sh, 1, 90);
	return r + 1;
}

/* The table of contents: each sheet, linked, with what it holds. */
static int about_contents(wbk *w, sheet *sh, int r, sheet *const *sheets, const char *const *desc,
			  size_t n)
{
	const char *hs[2] = {T(w, L_SHEET), T(w, L_CONTENTS)};
	size_t i;
	put_headers(sh, r++, 0, hs, 2);
	for (i = 0; i < n; i++, r++) {
		worksheet_write_url_opt(sh->ws, (lxw_row_t)r, 0,
					sf(w, "internal:%s!A1", sheets[i]->ref), w->f[F_LINK],
					sheets[i]->name, NULL);
		measure(sh, r, 0, F_TEXT, sheets[i]->name);
		put_text(sh, r, 1, F_WRAP, desc[i]);
	}
	return r + 1;
}

static void bm_about(wbk *w, bm *g)
{
	sheet *sh = g->about;
	sheet *list[] = {g->summary, g->ranking, g->charts, g->regs, g->areas_sh, g->instr,
			 g->phase[0], g->phase[1]};
	const char *desc[] = {T(w, L_D_SUMMARY), T(w, L_D_RANKING), T(w, L_D_CHARTS),
			      T(w, L_D_REGIONS), T(w, L_D_AREAS), T(w, L_D_INSTRUMENT),
			      sf(w, T(w, L_D_PHASE), 1), sf(w, T(w, L_D_PHASE), 2)};
	int r = about_head(w, sh, val_get_str(g->b, "note", ""));
	r = about_contents(w, sh, r, list, desc, sizeof list / sizeof *list);
	put_merged(sh, r++, 0, 1, F_SECTION, T(w, L_HOW_INDEX));
	put_merged(sh, r++, 0, 1, F_PARA, val_get_str(g->b, "description", ""));
	put_merged(sh, r++, 0, 1, F_PARA, T(w, L_HOW_INDEX_TEXT));
	put_merged(sh, r++, 0, 1, F_SUBTITLE, T(w, L_FORMULAS_NOTE));
	sheet_print(sh, 0, -1, -1);
}

static void bm_write(wbk *w)
{
	bm g;
	size_t a, k, n = 0;
	int p;
	memset(&g, 0, sizeof g);
	g.b = val_get(w->res, "benchmarking");
	if (!g.b) {
		wb_error(w, "no benchmarking data for this workbook (%s/benchmarking/)", DATA_DIR);
		return;
	}
	g.areas = val_get(g.b, "areas");
	g.munis = val_get(g.b, "municipalities");
	g.regions = val_get(g.b, "regions");
	g.na = val_len(g.areas);
	g.nm = val_len(g.munis);
	g.ni = (size_t)num_at(g.b, "indicator_count");
	if (unique_names(w, g.munis, "name", "municipalities") < 0 ||
	    unique_names(w, g.areas, "name", "areas") < 0 ||
	    unique_names(w, g.regions, "name", "regions") < 0)
		return;
	g.ind = xcalloc(g.ni + 1, sizeof *g.ind);
	g.ind_area = xcalloc(g.ni + 1, sizeof *g.ind_area);
	for (a = 0; a < g.na; a++) {
		const value *inds = val_get(val_at(g.areas, a), "indicators");
		for (k = 0; k < val_len(inds) && n < g.ni; k++, n++) {
			g.ind[n] = val_at(inds, k);
			g.ind_area[n] = a;
		}
	}
	for (p = 0; p < 2; p++) {
		const value *yrs = val_get(w->r->doc, "phase_years");
		buf y = BUF_INIT;
		val_to_text(val_at(yrs, (size_t)p), &y);
		g.phase_name[p] = y.len ? sf(w, T(w, L_PHASE_YEAR), p + 1, buf_cstr(&y))
					: sf(w, T(w, L_PHASE), p + 1);
		buf_free(&y);
		g.c_area[p] = 2 + p * ((int)g.na + 2);
		g.c_index[p] = g.c_area[p] + (int)g.na;
		g.c_rank[p] = g.c_index[p] + 1;
	}
	g.c_chg = 2 + 2 * ((int)g.na + 2);
	g.c_chgpct = g.c_chg + 1;
	g.c_ord = g.c_chg + 2;
	if (g.c_ord >= MAX_COLS) {
		wb_error(w, "too many areas for the summary sheet (at most %d)", (MAX_COLS - 5) / 2 - 2);
		free(g.ind);
		free(g.ind_area);
		return;
	}
	bm_rank(&g);

	/* the tabs in reading order; the sheets are filled in the order their
	 * formulas depend on each other */
	g.about = sheet_add(w, T(w, L_ABOUT));
	g.summary = sheet_add(w, T(w, L_SUMMARY));
	g.ranking = sheet_add(w, T(w, L_RANKING));
	g.charts = sheet_add(w, T(w, L_CHARTS));
	g.regs = sheet_add(w, T(w, L_REGIONS));
	g.areas_sh = sheet_add(w, T(w, L_AREAS));
	g.instr = sheet_add(w, T(w, L_INSTRUMENT));
	for (p = 0; p < 2; p++)
		g.phase[p] = sheet_add(w, sf(w, T(w, L_PHASE_SHEET), p + 1));
	bm_instrument(w, &g);
	bm_areas(w, &g);
	for (p = 0; p < 2; p++)
		bm_phase(w, &g, p);
	bm_summary(w, &g);
	bm_regions(w, &g);
	bm_ranking(w, &g);
	bm_charts(w, &g);
	bm_about(w, &g);
	worksheet_activate(g.summary->ws);
	free(g.ind);
	free(g.ind_area);
	free(g.rank2);
	free(g.pos);
	free(g.at);
}

/* ---- the donor progress report ---- */

enum { LF_GROUP = 3, LF_HEAD = 4, LF_FIRST = 5 };
enum { LF_NAME, LF_UNIT, LF_BASE, LF_YEARS };
#define MAX_YEARS 9

typedef struct cat {
	const char *id, *name;
} cat;

/* One table of a data set: a row per category (in the order of its YAML
 * list), a column per year, the sum of field over the CSV's records, and
 * SUM totals.  The counts are the data; the totals are formulas. */
typedef struct pivot {
	const char *title;   /* a section row above the table, or NULL */
	const char *head;    /* the header of the first column */
	const value *rows;   /* the CSV's records */
	const char *csv;     /* "datasets/legal.csv", for errors */
	const char *key;     /* the column naming the category */
	const cat *cats;
	size_t ncats;
	const char *field;   /* the column summed */
	const int *years;
	size_t ny;
	/* out */
	int total_row;
	double totals[MAX_COLS];
} pivot;

/* The sheets of the donor progress report.  (Not named `progress`:
 * that is the progress line of site.h and progress.h.) */
typedef struct pr_report {
	sheet *about, *logframe, *legal, *trainings, *forums, *contests, *pb;
	sheet *list[8];
	const char *desc[8];
	size_t nlist;
} pr_report;

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* The years of a data set's records, sorted; more than MAX_YEARS is an
 * error (the tables would leave some out). */
static size_t years_of(wbk *w, const value *rows, int *years)
{
	size_t i, k, n = 0;
	int more = 0;
	for (i = 0; i < val_len(rows); i++) {
		const char *s = val_get_str(val_at(rows, i), "year", "");
		char *end;
		long y = strtol(s, &end, 10);
		if (!*s || *end)
			continue;
		for (k = 0; k < n && years[k] != (int)y; k++)
			;
		if (k == n && n < MAX_YEARS)
			years[n++] = (int)y;
		else if (k == n)
			more = 1;
	}
	if (more)
		wb_error(w, "the data sets span more than %d years, too many for one table", MAX_YEARS);
	xsort(years, n, sizeof *years, cmp_int);
	return n;
}

/* {id, name} pairs of a YAML list. */
static cat *cats_of(const value *list, size_t *n)
{
	cat *c = xcalloc(val_len(list) + 2, sizeof *c);
	size_t i;
	for (i = 0; i < val_len(list); i++) {
		c[i].id = val_get_str(val_at(list, i), "id", "");
		c[i].name = val_get_str(val_at(list, i), "name", c[i].id);
	}
	*n = val_len(list);
	return c;
}

static int put_pivot(wbk *w, sheet *sh, int row, pivot *pv)
{
	int ncols = (int)pv->ny + 2, tcol = (int)pv->ny + 1, first, last;
	double *sum = xcalloc(pv->ncats * pv->ny + 1, sizeof *sum);
	char *has = xcalloc(pv->ncats * pv->ny + 1, 1);
	size_t i, k, y;
	for (i = 0; i < val_len(pv->rows); i++) {
		const value *rec = val_at(pv->rows, i), *kv = val_get(rec, pv->key);
		const char *id = val_cstr(kv);
		double yr, x;
		if (!kv)
			continue;
		for (k = 0; k < pv->ncats && strcmp(pv->cats[k].id, id); k++)
			;
		if (k == pv->ncats) {
			err_add(w->errs, pv->csv, kv->line, kv->col, "unknown %s '%s'", pv->key, id);
			w->failed = 1;
			continue;
		}
		if (data_number(val_get(rec, "year"), pv->csv, "year", &yr, w->errs) < 0 ||
		    data_number(val_get(rec, pv->field), pv->csv, pv->field, &x, w->errs) < 0) {
			w->failed = 1;
			continue;
		}
		for (y = 0; y < pv->ny && pv->years[y] != (int)yr; y++)
			;
		if (y < pv->ny) {
			sum[k * pv->ny + y] += x;
			has[k * pv->ny + y] = 1;
		}
	}
	if (pv->title)
		put_merged(sh, row++, 0, ncols - 1, F_SECTION, pv->title);
	put_text(sh, row, 0, F_HEAD, pv->head);
	for (y = 0; y < pv->ny; y++)
		put_text(sh, row, 1 + (int)y, F_HEAD, sf(w, "%d", pv->years[y]));
	put_text(sh, row, tcol, F_HEAD, T(w, L_TOTAL));
	first = ++row;
	last = first + (int)pv->ncats - 1;
	memset(pv->totals, 0, sizeof pv->totals);
	for (k = 0; k < pv->ncats; k++, row++) {
		double rt = 0;
		put_text(sh, row, 0, F_WRAP, pv->cats[k].name);
		for (y = 0; y < pv->ny; y++)
			if (has[k * pv->ny + y]) {
				put_num(sh, row, 1 + (int)y, F_INT, sum[k * pv->ny + y]);
				rt += sum[k * pv->ny + y];
				pv->totals[1 + y] += sum[k * pv->ny + y];
			} else
				put_blank(sh, row, 1 + (int)y, F_INT);
		put_fx(sh, row, tcol, F_TOT_INT, rt, "=SUM(%s)", RREL(w, row, 1, row, tcol - 1, REL));
		pv->totals[tcol] += rt;
	}
	put_text(sh, row, 0, F_TOT_TEXT, T(w, L_TOTAL));
	for (y = 1; y <= pv->ny + 1; y++)
		put_fx(sh, row, (int)y, F_TOT_INT, pv->totals[y], "=SUM(%s)",
		       RREL(w, first, (int)y, last, (int)y, REL));
	pv->total_row = row;
	free(sum);
	free(has);
	return row + 2;
}

/* A row of shares: numerator total over denominator total, per year. */
static int put_rate(wbk *w, sheet *sh, int row, const char *label, const pivot *num,
		    const pivot *den)
{
	size_t c;
	put_text(sh, row, 0, F_TOT_TEXT, label);
	for (c = 1; c <= num->ny + 1; c++)
		put_fx(sh, row, (int)c, F_TOT_PCT1,
		       den->totals[c] != 0 ? num->totals[c] / den->totals[c] : NAN,
		       "=IF(%s=0,\"\",%s/%s)", A(w, den->total_row, (int)c, REL),
		       A(w, num->total_row, (int)c, REL), A(w, den->total_row, (int)c, REL));
	return row + 2;
}

static void pivot_sheet_finish(sheet *sh, int freeze_row)
{
	cap_col(sh, 0, 40);
	worksheet_freeze_panes(sh->ws, (lxw_row_t)freeze_row, 1);
	sheet_print(sh, 0, -1, -1);
}

static const char *dpath(wbk *w, const char *rel)
{
	return sf(w, "%s/%s", DATA_DIR, rel);
}

static void pr_legal(wbk *w, sheet *sh)
{
	int years[MAX_YEARS];
	pivot pv;
	size_t n;
	cat *cats = cats_of(val_path(w->data, "legal-types.types"), &n);
	memset(&pv, 0, sizeof pv);
	pv.rows = val_get(w->data, "legal");
	pv.ny = years_of(w, pv.rows, years);
	pv.years = years;
	pv.head = T(w, L_TYPE);
	pv.csv = dpath(w, "legal.csv");
	pv.key = "type";
	pv.cats = cats;
	pv.ncats = n;
	pv.field = "count";
	put_title(sh, (int)pv.ny + 2, T(w, L_LEGAL_TITLE), NULL);
	put_pivot(w, sh, 2, &pv);
	pivot_sheet_finish(sh, 3);
	free(cats);
}

static void pr_trainings(wbk *w, sheet *sh)
{
	int years[MAX_YEARS], r;
	pivot en, co;
	size_t n;
	cat *cats = cats_of(val_path(w->data, "courses.courses"), &n);
	memset(&en, 0, sizeof en);
	en.rows = val_get(w->data, "trainings");
	en.ny = years_of(w, en.rows, years);
	en.years = years;
	en.head = T(w, L_COURSE);
	en.csv = dpath(w, "trainings.csv");
	en.key = "course";
	en.cats = cats;
	en.ncats = n;
	co = en;
	en.title = T(w, L_ENROLLED);
	en.field = "participants";
	co.title = T(w, L_COMPLETED);
	co.field = "completed";
	put_title(sh, (int)en.ny + 2, T(w, L_TRAININGS_TITLE), NULL);
	r = put_pivot(w, sh, 2, &en);
	r = put_pivot(w, sh, r, &co);
	put_rate(w, sh, r, T(w, L_COMPLETION_RATE), &co, &en);
	pivot_sheet_finish(sh, 4);
	free(cats);
}

static void pr_forums(wbk *w, sheet *sh)
{
	int years[MAX_YEARS], r;
	pivot by_actor, by_region;
	size_t n, nr, i;
	cat *actors = cats_of(val_path(w->data, "actor-types.actor_types"), &n);
	cat *regions = cats_of(val_path(w->data, "municipalities.regions"), &nr);
	const value *other = val_path(w->data, "actor-types.other_regions");
	/* participants from elsewhere in Georgia have region ids of their own */
	regions = xrealloc(regions, (nr + val_len(other) + 1) * sizeof *regions);
	for (i = 0; i < val_len(other); i++, nr++) {
		regions[nr].id = other->u.map.keys[i];
		regions[nr].name = val_cstr(other->u.map.vals[i]) ? val_cstr(other->u.map.vals[i])
								   : other->u.map.keys[i];
	}
	memset(&by_actor, 0, sizeof by_actor);
	by_actor.rows = val_get(w->data, "forums");
	by_actor.ny = years_of(w, by_actor.rows, years);
	by_actor.years = years;
	by_actor.csv = dpath(w, "forums.csv");
	by_actor.field = "participants";
	by_region = by_actor;
	by_actor.title = T(w, L_BY_ACTOR);
	by_actor.head = T(w, L_ACTOR);
	by_actor.key = "actor_type";
	by_actor.cats = actors;
	by_actor.ncats = n;
	by_region.title = T(w, L_BY_REGION);
	by_region.head = T(w, L_REGION);
	by_region.key = "region";
	by_region.cats = regions;
	by_region.ncats = nr;
	put_title(sh, (int)by_actor.ny + 2, T(w, L_FORUMS_TITLE), NULL);
	r = put_pivot(w, sh, 2, &by_actor);
	put_pivot(w, sh, r, &by_region);
	pivot_sheet_finish(sh, 4);
	free(actors);
	free(regions);
}

static void pr_contests(wbk *w, sheet *sh)
{
	int years[MAX_YEARS], r;
	pivot en, wi;
	size_t n;
	cat *cats = cats_of(val_path(w->data, "contest-categories.categories"), &n);
	memset(&en, 0, sizeof en);
	en.rows = val_get(w->data, "contests");
	en.ny = years_of(w, en.rows, years);
	en.years = years;
	en.head = T(w, L_CATEGORY);
	en.csv = dpath(w, "contests.csv");
	en.key = "category";
	en.cats = cats;
	en.ncats = n;
	wi = en;
	en.title = T(w, L_ENTRIES);
	en.field = "entries";
	wi.title = T(w, L_WINNERS);
	wi.field = "winners";
	put_title(sh, (int)en.ny + 2, T(w, L_CONTESTS_TITLE), NULL);
	r = put_pivot(w, sh, 2, &en);
	r = put_pivot(w, sh, r, &wi);
	put_rate(w, sh, r, T(w, L_WIN_RATE), &wi, &en);
	pivot_sheet_finish(sh, 4);
	free(cats);
}

enum { B_MUNI, B_YEAR, B_POP, B_PROPOSALS, B_FUNDED, B_FUNDED_SHARE, B_WOMEN, B_MEN, B_TOTAL,
       B_U30, B_30_64, B_65, B_PER_1000, B_WOMEN_PCT, B_U30_PCT, B_AMOUNT, B_NCOLS };

/* Participatory budgeting: the rates are formulas over the counts, with
 * bench.c's rules (a rate of nothing is 0). */
static void pr_pb(wbk *w, sheet *sh)
{
	const value *rows = val_get(w->res, "pb");
	const value *munis = val_path(w->data, "municipalities.municipalities");
	const char *hs[B_NCOLS] = {T(w, L_MUNICIPALITY), T(w, L_YEAR), T(w, L_POPULATION),
				   T(w, L_PROPOSALS), T(w, L_FUNDED), T(w, L_FUNDED_SHARE),
				   T(w, L_WOMEN), T(w, L_MEN), T(w, L_PARTICIPANTS), T(w, L_UNDER30),
				   T(w, L_30TO64), T(w, L_65PLUS), T(w, L_PER_1000), T(w, L_WOMEN_PCT),
				   T(w, L_UNDER30_PCT), T(w, L_AMOUNT)};
	static const char *const count_keys[] = {
		[B_PROPOSALS] = "proposals", [B_FUNDED] = "funded_projects",
		[B_WOMEN] = "participants_women", [B_MEN] = "participants_men",
		[B_U30] = "participants_under30", [B_30_64] = "participants_30to64",
		[B_65] = "participants_65plus", [B_AMOUNT] = "amount_gel"};
	static const int summed[] = {B_PROPOSALS, B_FUNDED, B_WOMEN, B_MEN, B_TOTAL, B_U30,
				     B_30_64, B_65, B_AMOUNT};
	int last = FIRST_ROW + (int)val_len(rows) - 1, tot = last + 1, c;
	double totals[B_NCOLS];
	size_t i, k;
	memset(totals, 0, sizeof totals);
	put_title(sh, B_NCOLS, T(w, L_PB_TITLE), T(w, L_PB_SUB));
	put_headers(sh, HEAD_ROW, 0, hs, B_NCOLS);
	for (i = 0; i < val_len(rows); i++) {
		const value *e = val_at(rows, i);
		int r = FIRST_ROW + (int)i;
		double pop = NAN, v[B_NCOLS], total;
		const char *id = val_get_str(e, "municipality", "");
		for (k = 0; k < val_len(munis); k++)
			if (!strcmp(val_get_str(val_at(munis, k), "id", ""), id))
				pop = num_at(val_at(munis, k), "population");
		for (c = 0; c < B_NCOLS; c++)
			v[c] = c < (int)(sizeof count_keys / sizeof *count_keys) && count_keys[c]
				       ? num_at(e, count_keys[c])
				       : NAN;
		total = v[B_WOMEN] + v[B_MEN];
		put_text(sh, r, B_MUNI, F_TEXT, val_get_str(e, "name", id));
		put_num(sh, r, B_YEAR, F_GEN, num_at(e, "year"));
		put_num(sh, r, B_POP, F_INT, pop);
		for (c = 0; c < B_NCOLS; c++)
			if (!isnan(v[c])) {
				put_num(sh, r, c, F_INT, v[c]);
				totals[c] += v[c];
			}
		totals[B_TOTAL] += total;
		put_fx(sh, r, B_TOTAL, F_INT, total, "=%s+%s", A(w, r, B_WOMEN, REL), A(w, r, B_MEN, REL));
		put_fx(sh, r, B_FUNDED_SHARE, F_PCT1, v[B_PROPOSALS] > 0 ? v[B_FUNDED] / v[B_PROPOSALS] : 0,
		       "=IF(%s>0,%s/%s,0)", A(w, r, B_PROPOSALS, REL), A(w, r, B_FUNDED, REL),
		       A(w, r, B_PROPOSALS, REL));
		put_fx(sh, r, B_PER_1000, F_DEC1, pop > 0 ? 1000 * total / pop : 0, "=IF(%s>0,1000*%s/%s,0)",
		       A(w, r, B_POP, REL), A(w, r, B_TOTAL, REL), A(w, r, B_POP, REL));
		put_fx(sh, r, B_WOMEN_PCT, F_PCT1, total > 0 ? v[B_WOMEN] / total : 0, "=IF(%s>0,%s/%s,0)",
		       A(w, r, B_TOTAL, REL), A(w, r, B_WOMEN, REL), A(w, r, B_TOTAL, REL));
		put_fx(sh, r, B_U30_PCT, F_PCT1, total > 0 ? v[B_U30] / total : 0, "=IF(%s>0,%s/%s,0)",
		       A(w, r, B_TOTAL, REL), A(w, r, B_U30, REL), A(w, r, B_TOTAL, REL));
	}
	/* all cycles together */
	put_text(sh, tot, B_MUNI, F_TOT_TEXT, T(w, L_TOTAL));
	for (c = 1; c < B_NCOLS; c++)
		put_blank(sh, tot, c, F_TOT_BLANK);
	for (k = 0; k < sizeof summed / sizeof *summed; k++)
		put_fx(sh, tot, summed[k], F_TOT_INT, totals[summed[k]], "=SUM(%s)",
		       RREL(w, FIRST_ROW, summed[k], last, summed[k], REL));
	put_fx(sh, tot, B_FUNDED_SHARE, F_TOT_PCT1,
	       totals[B_PROPOSALS] > 0 ? totals[B_FUNDED] / totals[B_PROPOSALS] : 0, "=IF(%s>0,%s/%s,0)",
	       A(w, tot, B_PROPOSALS, REL), A(w, tot, B_FUNDED, REL), A(w, tot, B_PROPOSALS, REL));
	put_fx(sh, tot, B_WOMEN_PCT, F_TOT_PCT1, totals[B_TOTAL] > 0 ? totals[B_WOMEN] / totals[B_TOTAL] : 0,
	       "=IF(%s>0,%s/%s,0)", A(w, tot, B_TOTAL, REL), A(w, tot, B_WOMEN, REL),
	       A(w, tot, B_TOTAL, REL));
	put_fx(sh, tot, B_U30_PCT, F_TOT_PCT1, totals[B_TOTAL] > 0 ? totals[B_U30] / totals[B_TOTAL] : 0,
	       "=IF(%s>0,%s/%s,0)", A(w, tot, B_TOTAL, REL), A(w, tot, B_U30, REL),
	       A(w, tot, B_TOTAL, REL));
	cf_scale_auto(sh, FIRST_ROW, B_PER_1000, last, B_PER_1000);
	worksheet_freeze_panes(sh->ws, FIRST_ROW, 2);
	worksheet_autofilter(sh->ws, HEAD_ROW, 0, (lxw_row_t)last, B_NCOLS - 1);
	sheet_print(sh, 1, HEAD_ROW, HEAD_ROW);
	define(w, "PB_Per_1000", sh, FIRST_ROW, B_PER_1000, last, B_PER_1000);
	define(w, "PB_Women_Share", sh, FIRST_ROW, B_WOMEN_PCT, last, B_WOMEN_PCT);
	define(w, "PB_Under30_Share", sh, FIRST_ROW, B_U30_PCT, last, B_U30_PCT);
}

static const value *year_entry(const value *ind, const char *year)
{
	const value *ys = val_get(ind, "years");
	size_t i;
	for (i = 0; i < val_len(ys); i++)
		if (!strcmp(val_get_str(val_at(ys, i), "year", ""), year))
			return val_at(ys, i);
	return NULL;
}

static int cmp_year(const void *a, const void *b)
{
	long x = atol(*(const char *const *)a), y = atol(*(const char *const *)b);
	return (x > y) - (x < y);
}

static void pr_logframe(wbk *w, sheet *sh)
{
	const value *lf = val_get(w->res, "logframe");
	const char *years[MAX_YEARS];
	const char *hs[3] = {T(w, L_TARGET), T(w, L_ACTUAL), T(w, L_ACHIEVED)};
	size_t ny = 0, i, k, y;
	int r = LF_FIRST, st, ncols, first = LF_FIRST;
	const char *prev = NULL;
	for (i = 0; i < val_len(lf); i++) {
		const value *ys = val_get(val_at(lf, i), "years");
		for (k = 0; k < val_len(ys); k++) {
			const char *yr = val_get_str(val_at(ys, k), "year", "");
			for (y = 0; y < ny && strcmp(years[y], yr); y++)
				;
			if (y == ny && ny < MAX_YEARS)
				years[ny++] = yr;
			else if (y == ny) {
				wb_error(w, "the logframe spans more than %d years", MAX_YEARS);
				return;
			}
		}
	}
	xsort(years, ny, sizeof *years, cmp_year);
	st = LF_YEARS + 3 * (int)ny;
	ncols = st + 1;

	put_title(sh, ncols, T(w, L_LOGFRAME_TITLE), NULL);
	put_merged(sh, 1, 0, ncols - 1, F_PARA,
		   sf(w, "%s: %s", T(w, L_GOAL), val_get_str(val_get(w->data, "logframe"), "goal", "")));
	put_merged(sh, 2, 0, ncols - 1, F_SUBTITLE, T(w, L_LOGFRAME_SUB));
	for (k = 0; k < LF_YEARS; k++)
		put_blank(sh, LF_GROUP, (int)k, F_HEAD_GROUP);
	put_blank(sh, LF_GROUP, st, F_HEAD_GROUP);
	put_text(sh, LF_HEAD, LF_NAME, F_HEAD, T(w, L_INDICATOR));
	put_text(sh, LF_HEAD, LF_UNIT, F_HEAD, T(w, L_UNIT));
	put_text(sh, LF_HEAD, LF_BASE, F_HEAD, T(w, L_BASELINE));
	for (y = 0; y < ny; y++) {
		put_merged(sh, LF_GROUP, LF_YEARS + 3 * (int)y, LF_YEARS + 3 * (int)y + 2, F_HEAD_GROUP,
			   years[y]);
		put_headers(sh, LF_HEAD, LF_YEARS + 3 * (int)y, hs, 3);
	}
	put_text(sh, LF_HEAD, st, F_HEAD, T(w, L_STATUS));

	for (i = 0; i < val_len(lf); i++) {
		const value *ind = val_at(lf, i);
		const char *result = val_get_str(ind, "result", "");
		int outcome = !strcmp(val_get_str(ind, "level", ""), "outcome"), last_y = -1;
		double last_ach = NAN;
		/* the indicators of one outcome or output under its statement */
		if (!prev || strcmp(prev, result)) {
			put_merged(sh, r++, 0, ncols - 1, F_SECTION,
				   sf(w, "%s: %s", T(w, outcome ? L_OUTCOME : L_OUTPUT), result));
			prev = result;
		}
		put_text(sh, r, LF_NAME, F_WRAP, val_get_str(ind, "name", ""));
		put_text(sh, r, LF_UNIT, F_WRAP, val_get_str(ind, "unit", ""));
		put_num(sh, r, LF_BASE, F_GEN, num_at(ind, "baseline"));
		for (y = 0; y < ny; y++) {
			const value *e = year_entry(ind, years[y]);
			int c = LF_YEARS + 3 * (int)y;
			double t = num_at(e, "target"), a = num_at(e, "actual");
			double ach = !isnan(t) && t != 0 && !isnan(a) ? a / t : NAN;
			const char *tc = A(w, r, c, REL), *ac = A(w, r, c + 1, REL);
			if (isnan(t))
				put_blank(sh, r, c, F_GEN);
			else
				put_num(sh, r, c, F_GEN, t);
			if (isnan(a))
				put_blank(sh, r, c + 1, F_GEN);
			else
				put_num(sh, r, c + 1, F_GEN, a);
			put_fx(sh, r, c + 2, F_PCT1, ach, "=IF(OR(%s=\"\",%s=0,%s=\"\"),\"\",%s/%s)", tc, tc,
			       ac, ac, tc);
			if (!isnan(ach)) {
				last_y = (int)y;
				last_ach = ach;
			}
		}
		if (last_y >= 0) {
			const char *x = A(w, r, LF_YEARS + 3 * last_y + 2, REL);
			int s = last_ach >= 1 ? L_ST_ACHIEVED : last_ach >= 0.8 ? L_ST_LARGELY : L_ST_NOT;
			put_fx_text(sh, r, st, F_CENTER, T(w, s),
				    "=IF(%s=\"\",\"\",IF(%s>=1,\"%s\",IF(%s>=0.8,\"%s\",\"%s\")))", x, x,
				    T(w, L_ST_ACHIEVED), x, T(w, L_ST_LARGELY), T(w, L_ST_NOT));
		} else
			put_text(sh, r, st, F_CENTER, "–");
		r++;
	}
	for (y = 0; y < ny; y++)
		cf_target(sh, first, LF_YEARS + 3 * (int)y + 2, r - 1, LF_YEARS + 3 * (int)y + 2);
	cf_cell(sh, first, st, r - 1, st, LXW_CONDITIONAL_CRITERIA_EQUAL_TO, 0,
		sf(w, "\"%s\"", T(w, L_ST_ACHIEVED)), F_CF_UP);
	cf_cell(sh, first, st, r - 1, st, LXW_CONDITIONAL_CRITERIA_EQUAL_TO, 0,
		sf(w, "\"%s\"", T(w, L_ST_LARGELY)), F_CF_MID);
	cf_cell(sh, first, st, r - 1, st, LXW_CONDITIONAL_CRITERIA_EQUAL_TO, 0,
		sf(w, "\"%s\"", T(w, L_ST_NOT)), F_CF_DOWN);
	cap_col(sh, LF_NAME, 46);
	cap_col(sh, LF_UNIT, 16);
	worksheet_freeze_panes(sh->ws, LF_FIRST, 1);
	sheet_print(sh, 1, LF_GROUP, LF_HEAD);
	define(w, "Logframe_Table", sh, LF_HEAD, 0, r - 1, st);
}

static void pr_about(wbk *w, pr_report *g)
{
	sheet *sh = g->about;
	const value *lf = val_get(w->data, "logframe");
	int r = about_head(w, sh, val_get_str(lf, "note", ""));
	r = about_contents(w, sh, r, g->list, g->desc, g->nlist);
	put_merged(sh, r++, 0, 1, F_SECTION, T(w, L_GOAL));
	put_merged(sh, r++, 0, 1, F_PARA, val_get_str(lf, "goal", ""));
	put_merged(sh, r++, 0, 1, F_SUBTITLE, T(w, L_FORMULAS_NOTE_PR));
	sheet_print(sh, 0, -1, -1);
}

static sheet *pr_sheet(wbk *w, pr_report *g, int name, int desc)
{
	sheet *sh = sheet_add(w, T(w, name));
	g->list[g->nlist] = sh;
	g->desc[g->nlist++] = T(w, desc);
	return sh;
}

static void pr_write(wbk *w)
{
	pr_report g;
	const value *d = w->data;
	memset(&g, 0, sizeof g);
	if (!val_get(w->res, "logframe")) {
		wb_error(w, "no logframe for this workbook (%s/logframe.yaml)", DATA_DIR);
		return;
	}
	g.about = sheet_add(w, T(w, L_ABOUT));
	g.logframe = pr_sheet(w, &g, L_LOGFRAME, L_D_LOGFRAME);
	/* a sheet for each activity data set the site has */
	if (val_get(d, "legal") && val_get(d, "legal-types"))
		g.legal = pr_sheet(w, &g, L_LEGAL, L_D_LEGAL);
	if (val_get(d, "trainings") && val_get(d, "courses"))
		g.trainings = pr_sheet(w, &g, L_TRAININGS, L_D_TRAININGS);
	if (val_get(d, "forums") && val_get(d, "actor-types") && val_get(d, "municipalities"))
		g.forums = pr_sheet(w, &g, L_FORUMS, L_D_FORUMS);
	if (val_get(d, "contests") && val_get(d, "contest-categories"))
		g.contests = pr_sheet(w, &g, L_CONTESTS, L_D_CONTESTS);
	if (val_get(w->res, "pb"))
		g.pb = pr_sheet(w, &g, L_PB, L_D_PB);
	pr_logframe(w, g.logframe);
	if (g.legal)
		pr_legal(w, g.legal);
	if (g.trainings)
		pr_trainings(w, g.trainings);
	if (g.forums)
		pr_forums(w, g.forums);
	if (g.contests)
		pr_contests(w, g.contests);
	if (g.pb)
		pr_pb(w, g.pb);
	pr_about(w, &g);
	worksheet_activate(g.logframe->ws);
}

/* ---- writing ---- */

static int write_workbook(const site *s, const report *r, int lang, const char *file,
			  err_list *errs)
{
	wbk w;
	lxw_doc_properties props;
	lxw_error e;
	const value *params = s->cfg->langs[lang].params;
	size_t i;
	memset(&w, 0, sizeof w);
	w.s = s;
	w.r = r;
	w.errs = errs;
	w.lang = lang;
	w.code = s->cfg->langs[lang].code;
	w.ka = !strcmp(w.code, "ka");
	w.res = s->results_l[lang];
	w.data = s->data_l[lang];
	w.title = text_in(r->doc, "title", w.code, r->name);
	w.period = text_in(r->doc, "period", w.code, "");
	w.author = text_in(r->doc, "author", w.code, val_get_str(params, "organisation", ""));
	w.company = text_in(r->doc, "company", w.code, w.author);
	w.wb = workbook_new(file);
	if (!w.wb) {
		err_add(errs, file, 0, 0, "cannot create the workbook: %s", strerror(errno));
		return -1;
	}
	memset(&props, 0, sizeof props);
	props.title = (char *)w.title;
	props.subject = (char *)text_in(r->doc, "subject", w.code, NULL);
	props.author = (char *)w.author;
	props.company = (char *)w.company;
	props.keywords = (char *)text_in(r->doc, "keywords", w.code, NULL);
	/* the only time in the file: without it, libxlsxwriter uses the clock */
	props.created = r->created;
	workbook_set_properties(w.wb, &props);
	formats_init(&w);
	if (r->kind == WB_BENCHMARKING)
		bm_write(&w);
	else
		pr_write(&w);
	for (i = 0; i < w.nsheets; i++)
		sheet_finish(w.sheets[i]);
	e = workbook_close(w.wb);
	if (e != LXW_NO_ERROR) {
		err_add(errs, file, 0, 0, "cannot write the workbook: %s", lxw_strerror(e));
		w.failed = 1;
	}
	if (w.failed)
		remove(file);
	for (i = 0; i < w.nsheets; i++)
		sheet_free(w.sheets[i]);
	free(w.sheets);
	for (i = 0; i < w.nstrs; i++)
		free(w.strs[i]);
	free(w.strs);
	return w.failed ? -1 : 0;
}

long xlsx_write_reports(const site *s, outdir *o, err_list *errs)
{
	report *rs;
	int before = errs->nerrors, bad;
	size_t n = reports_load(s, &rs, errs), i, k;
	long files = 0;
	/* libxlsxwriter writes files by name: write them to a private
	 * temporary directory, then hand their bytes to the output (which
	 * keeps them in memory for check and serve, and writes only what
	 * changed in an incremental build) */
	char tmpl[] = "/tmp/csogen-xlsx-XXXXXX";
	char *dir = mkdtemp(tmpl) ? xstrdup(tmpl) : xstrdup("/nonexistent");
	uint64_t inputs = 0;
	/* a workbook reads the data sets, site.yaml and its own report
	 * files, never the pages */
	if (s->cache) {
		inputs = cache_nonpage_digest(s->cache);
	}
	bad = errs->nerrors > before;
	if (n && mkdir_p(dir) < 0) {
		err_add(errs, dir, 0, 0, "cannot create: %s", strerror(errno));
		bad = 1;
		n = 0;
	}
	{
		size_t total = 0;
		for (i = 0; i < n; i++)
			total += rs[i].nlangs;
		if (total)
			prog_phase(s->prog, "workbooks", total);
	}
	for (i = 0; i < n; i++)
		for (k = 0; k < rs[i].nlangs; k++) {
			int l = rs[i].langs[k];
			char *file = xasprintf("%s/%s.%s.xlsx", dir, rs[i].name, s->cfg->langs[l].code);
			char *rel = xasprintf("reports/%s.%s.xlsx", rs[i].name, s->cfg->langs[l].code);
			uint64_t key = 0;
			int wrote;
			if (inputs) {
				cache_key ck = CACHE_KEY_INIT;
				cache_key_str(&ck, "xlsx");
				cache_key_str(&ck, rel);
				cache_key_u64(&ck, inputs);
				key = cache_key_end(&ck);
			}
			if (out_keep(o, rel, key)) {
				files++;
				prog_add(s->prog, 1);
				free(rel);
				free(file);
				continue;
			}
			wrote = write_workbook(s, &rs[i], l, file, errs);
			prog_add(s->prog, 1);
			if (wrote == 0) {
				size_t len;
				char *data = file_read(file, &len);
				files++;
				if (!data || out_write_key(o, rel, data, len, key, errs) < 0)
					bad = 1;
				free(data);
				remove(file);
			} else
				bad = 1;
			free(rel);
			free(file);
		}
	for (i = 0; i < n; i++)
		report_free(&rs[i]);
	free(rs);
	rmdir(dir);
	free(dir);
	return bad ? -1 : files;
}

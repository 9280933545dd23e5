/*
 * fuzz_chart.c - chart specs: YAML -> chart_new -> chart_svg (and the
 * alt text and data table).  Optional: tools/fuzz.sh skips it while
 * generator/chart.c is missing.
 *
 * Checked besides memory safety:
 *   - chart_new returns NULL exactly when it reports an error, and every
 *     error names the spec's file;
 *   - the size is finite and positive; chart_svg succeeds and gives an
 *     <svg> document; the alt text is not empty;
 *   - text from the spec is escaped: "<script" (or any other markup the
 *     spec carries) never comes out as a tag in the SVG or the table.
 */
#include "buf.h"
#include "chart.h"
#include "err.h"
#include "value.h"
#include "yamlval.h"

#include <math.h>

#include "fuzz_common.h"

#define PATH "content/news/c.en.md"

/* Draw one chart in each language before fuzzing: Pango sets up
 * fontconfig on a thread of its own the first time, and its one-time
 * allocations would otherwise be blamed on whichever input came first. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char spec[] = "type: bar\ntitle: Warm-up ქართული\nlabels: [a, ბ]\n"
				   "series:\n  - values: [1, 2.5]\n";
	const char *langs[] = {"en", "ka"};
	int i;
	(void)argc;
	(void)argv;
	for (i = 0; i < 2; i++) {
		err_list e;
		value *v;
		chart *c;
		buf b = BUF_INIT;
		char *alt;
		err_init(&e);
		v = yv_parse(spec, sizeof spec - 1, "warm-up", 0, &e);
		c = v ? chart_new(v, "warm-up", langs[i], &e) : NULL;
		if (c) {
			chart_svg(c, &b);
			chart_table_html(c, &b);
			alt = chart_alt(c);
			free(alt);
			(void)chart_missing_glyphs(c);
			chart_free(c);
		}
		buf_free(&b);
		val_unref(v);
		err_free(&e);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	err_list e;
	value *spec;
	chart *c;
	const char *lang;

	if (size > 16 * 1024)
		return 0;
	err_init(&e);
	spec = yv_parse((const char *)data, size, PATH, 5, &e);
	if (!spec) {
		err_free(&e);
		return 0;
	}
	/* the language from the input, so both number formats are reached */
	lang = size && (data[size - 1] & 1) ? "ka" : "en";
	c = chart_new(spec, PATH, lang, &e);
	fz_check_errs(&e, PATH);
	FZ_ASSERT((c == NULL) == (e.nerrors > 0), "chart_new result and errors disagree");
	if (c) {
		buf svg = BUF_INIT, tbl = BUF_INIT;
		double w = chart_width(c), h = chart_height(c);
		char *alt;
		FZ_ASSERT(isfinite(w) && isfinite(h) && w > 0 && h > 0, "chart size");
		FZ_ASSERT(chart_svg(c, &svg) == 0, "chart_svg failed on a valid chart");
		FZ_ASSERT(svg.len > 0 && !strncmp(buf_cstr(&svg), "<svg", 4), "not an SVG document");
		FZ_ASSERT(!strstr(buf_cstr(&svg), "<script") && !strstr(buf_cstr(&svg), "<x"),
			  "spec text reached the SVG as markup");
		chart_table_html(c, &tbl);
		FZ_ASSERT(!strstr(buf_cstr(&tbl), "<script") && !strstr(buf_cstr(&tbl), "<x"),
			  "spec text reached the table as markup");
		alt = chart_alt(c);
		FZ_ASSERT(alt && alt[0], "empty alt text");
		free(alt);
		(void)chart_missing_glyphs(c);
		buf_free(&svg);
		buf_free(&tbl);
		chart_free(c);
	}
	val_unref(spec);
	err_free(&e);
	return 0;
}

/*
 * fuzz_markdown.c - a page body: Markdown (cmark-gfm with the GFM
 * extensions and footnotes), heading ids, the table of contents, the
 * summary, link safety, and ```table blocks (tables.c) over a small
 * data set.
 *
 * Checked besides memory safety:
 *   - md_render returns -1 exactly when it reports an error;
 *   - raw HTML is off, so no "<script", "<iframe" or event handler from
 *     the input reaches the HTML, and no link or image keeps a
 *     javascript:, vbscript: or data:text URL;
 *   - the summary is valid UTF-8 and at most ~200 characters long;
 *   - every heading id in the table of contents is unique.
 */
#include "buf.h"
#include "content.h"
#include "err.h"
#include "markdown.h"
#include "tables.h"
#include "value.h"

#include <ctype.h>
#include <strings.h>

#include "fuzz_common.h"

#define PATH "content/news/m.en.md"

static value *rows;
static value *data;

static void setup(void)
{
	int i;
	static const char *const names[] = {"Ozurgeti", "Batumi", "Keda", "Gori"};
	if (data)
		return;
	rows = val_list();
	for (i = 0; i < 4; i++) {
		value *r = val_map(), *p2 = val_map();
		val_set_str(r, "name", names[i]);
		val_set_str(r, "region", i % 2 ? "adjara" : "guria");
		val_set_num(p2, "index", 30.5 + 11.25 * i);
		val_set(r, "p2", p2);
		val_set_str(r, "women_pct", i == 2 ? "n/a" : "48.5");
		val_push(rows, r);
	}
	data = val_map();
	{
		value *b = val_map();
		val_set(b, "ranking", val_ref(rows));
		val_set(data, "benchmarking", b);
	}
}

/* case-insensitive search */
static const char *find_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return hay;
	return NULL;
}

static void check_attr_urls(const char *html, const char *attr)
{
	const char *p = html;
	size_t n = strlen(attr);
	while ((p = strstr(p, attr))) {
		const char *u = p + n;
		while (*u == ' ' || *u == '\t')
			u++;
		FZ_ASSERT(strncasecmp(u, "javascript:", 11) && strncasecmp(u, "vbscript:", 9) &&
				  strncasecmp(u, "data:text", 9),
			  "a dangerous URL reached an attribute");
		p = u;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data_, size_t size)
{
	md_opts o;
	tbl_env env;
	md_doc doc;
	err_list e;
	int rc;
	size_t i, k;

	if (size > 64 * 1024)
		return 0;
	setup();
	memset(&o, 0, sizeof o);
	memset(&env, 0, sizeof env);
	env.results = data;
	env.data = data;
	env.lang = "en";
	env.total_label = "Total";
	o.smart = size & 1;
	o.fence = tbl_fence;
	o.fence_ctx = &env;
	o.table_label = "Table \"<x>\"";
	err_init(&e);
	/* content.c hands over a NUL-terminated body */
	{
		char *text = fz_cstr(data_, size);
		rc = md_render(text, size, &o, PATH, 7, &doc, &e);
		free(text);
	}
	fz_check_errs(&e, PATH);
	FZ_ASSERT((rc != 0) == (e.nerrors > 0), "md_render status and errors disagree");
	FZ_ASSERT(doc.html && doc.toc_html && doc.summary, "md_doc field missing");
	FZ_ASSERT(!find_ci(doc.html, "<script") && !find_ci(doc.html, "<iframe") &&
			  !find_ci(doc.html, "<img src=x") && !find_ci(doc.html, "<svg"),
		  "raw HTML reached the output");
	check_attr_urls(doc.html, "href=\"");
	check_attr_urls(doc.html, "src=\"");
	FZ_ASSERT(utf8_invalid_at(doc.summary, strlen(doc.summary)) == strlen(doc.summary) ||
			  utf8_invalid_at(data_, size) < size,
		  "summary is not valid UTF-8");
	{
		/* at most ~200 characters and the ellipsis */
		size_t chars = 0;
		const char *s;
		for (s = doc.summary; *s; s++)
			chars += ((unsigned char)*s & 0xC0) != 0x80;
		FZ_ASSERT(chars <= 202, "summary too long");
	}
	for (i = 0; i < val_len(doc.toc); i++)
		for (k = 0; k < i && val_len(doc.toc) < 300; k++)
			FZ_ASSERT(strcmp(val_get_str(val_at(doc.toc, i), "id", ""),
					 val_get_str(val_at(doc.toc, k), "id", "")) != 0,
				  "repeated heading id");
	md_doc_free(&doc);
	err_free(&e);
	return 0;
}

/* Unit tests of patch.c: the fields a patch writes must be exactly what
 * the page template, the feeds and the search index write for the same
 * body (tests/e2e/test_patch.sh checks whole builds). */
#include "t.h"

#include "buf.h"
#include "markdown.h"
#include "patch.h"
#include "search.h"
#include "value.h"

#include <stdlib.h>

static char *field(const md_doc *md, int f, int esc)
{
	buf b = BUF_INIT;
	patch_field(md, f, esc, &b);
	return buf_detach(&b);
}

int main(void)
{
	md_doc md;
	err_list e;
	const char *src = "Some *text* & more \"quoted\" — ქართული.\n\n## A heading\n\nword word\n";
	char *s;
	buf want = BUF_INIT;
	value *v;
	t_name = "patch";
	err_init(&e);
	md_init();
	{
		md_opts o;
		memset(&o, 0, sizeof o);
		md_render(src, strlen(src), &o, "x.md", 0, &md, &e);
	}
	s = field(&md, PATCH_F_CONTENT, PATCH_E_RAW);
	T_STREQ(s, md.html, "raw content is the HTML");
	free(s);
	s = field(&md, PATCH_F_CONTENT, PATCH_E_HTML);
	buf_put_escaped(&want, md.html, strlen(md.html));
	T_STREQ(s, want.ptr, "escaped content, as {{page.content}} and the feeds write it");
	T_OK(strstr(s, "&lt;p&gt;") != NULL, "really escaped");
	free(s);
	buf_reset(&want);
	s = field(&md, PATCH_F_SEARCH_TEXT, PATCH_E_JSON);
	{
		buf t = BUF_INIT;
		search_plain_text(md.html, SEARCH_TEXT_MAX, &t);
		buf_put_json(&want, t.ptr, t.len);
		buf_free(&t);
	}
	T_STREQ(s, want.ptr, "search text as the index writes it: a JSON string");
	T_OK(s[0] == '"' && strstr(s, "\\\"quoted\\\"") && !strstr(s, "<p>"),
	     "quoted, escaped, without markup");
	free(s);
	buf_reset(&want);
	md.words = 401;
	s = field(&md, PATCH_F_READING_TIME, PATCH_E_RAW);
	v = val_num(patch_reading_time(&md));
	val_to_text(v, &want);
	T_STREQ(s, want.ptr, "reading time as a number is written");
	T_STREQ(s, "3", "401 words: 3 minutes");
	val_unref(v);
	free(s);
	md.words = 0;
	s = field(&md, PATCH_F_READING_TIME, PATCH_E_RAW);
	T_STREQ(s, "0", "no words: 0");
	free(s);
	T_OK(patch_page_id("content/a.md") == patch_page_id("content/a.md") &&
	     patch_page_id("content/a.md") != patch_page_id("content/b.md"), "page ids");
	{
		patch_spans sp = PATCH_SPANS_INIT;
		size_t i;
		for (i = 0; i < 100; i++)
			patch_spans_add(&sp, 7, i * 10, 5, PATCH_F_CONTENT, PATCH_E_HTML, PATCH_D_WRITTEN);
		T_OK(sp.n == 100 && sp.v[99].off == 990 && sp.v[99].len == 5 && sp.v[0].page == 7 &&
		     sp.v[5].esc == PATCH_E_HTML, "spans collected");
		patch_spans_free(&sp);
		T_OK(sp.n == 0 && sp.v == NULL, "spans freed");
	}
	md_doc_free(&md);
	buf_free(&want);
	err_free(&e);
	return t_done();
}

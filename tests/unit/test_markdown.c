/* Unit tests: Markdown rendering, heading ids, toc, safety. */
#include "markdown.h"
#include "t.h"

#include <stdlib.h>

static md_opts opts = {1, 0, NULL, NULL, "Table", "Back"};

static void render(const char *src, md_doc *d, err_list *e)
{
	md_render(src, strlen(src), &opts, "content/x.ka.md", 3, d, e);
}

static void test_headings(void)
{
	md_doc d;
	err_list e;
	err_init(&e);
	render("# Title\n\nFirst paragraph here.\n\n## მონაწილეობითი ბიუჯეტირება\n\ntext\n\n"
	       "### Sub *one*\n\n## მონაწილეობითი ბიუჯეტირება\n", &d, &e);
	T_OK(strstr(d.html, "<h2 id=\"monatsileobiti-biujetireba\">") != NULL, "Georgian heading id");
	T_OK(strstr(d.html, "<h2 id=\"monatsileobiti-biujetireba-1\">") != NULL, "repeated heading id made unique");
	T_OK(strstr(d.html, "<h3 id=\"sub-one\">Sub <em>one</em></h3>") != NULL, "inline markup kept in heading");
	T_OK(strstr(d.html, "data-sourcepos") == NULL, "no sourcepos left");
	T_OK(val_len(d.toc) == 3, "toc has h2/h3 entries");
	T_STREQ(d.toc_html,
		"<ul><li><a href=\"#monatsileobiti-biujetireba\">მონაწილეობითი ბიუჯეტირება</a>"
		"<ul><li><a href=\"#sub-one\">Sub one</a></li></ul></li>"
		"<li><a href=\"#monatsileobiti-biujetireba-1\">მონაწილეობითი ბიუჯეტირება</a></li></ul>",
		"nested toc");
	T_STREQ(d.summary, "First paragraph here.", "summary is the first paragraph");
	T_OK(d.words == 11, "word count");
	md_doc_free(&d);
	err_free(&e);
}

static void test_gfm(void)
{
	md_doc d;
	err_list e;
	err_init(&e);
	render("| a | b |\n|---|--:|\n| 1 | 2 |\n\n~~gone~~ www.example.org\n\n"
	       "- [x] done\n\nNote.[^1]\n\n[^1]: The footnote.\n\n\"quoted\" -- dash\n", &d, &e);
	T_OK(strstr(d.html, "<table>") != NULL, "table");
	T_OK(strstr(d.html, "<del>gone</del>") != NULL, "strikethrough");
	T_OK(strstr(d.html, "href=\"http://www.example.org\"") != NULL, "autolink");
	T_OK(strstr(d.html, "type=\"checkbox\"") != NULL, "tasklist");
	T_OK(strstr(d.html, "class=\"footnotes\"") != NULL, "footnotes");
	T_OK(strstr(d.html, "aria-label=\"Back\"") != NULL &&
	     strstr(d.html, "Back to content") == NULL, "footnote back-link label from the page's language");
	T_OK(strstr(d.html, "“quoted”") != NULL && strstr(d.html, "–") != NULL, "smart punctuation");
	T_OK(e.len == 0, "no warnings");
	md_doc_free(&d);
	err_free(&e);
}

static void test_safety(void)
{
	md_doc d;
	err_list e;
	err_init(&e);
	render("Text <script>alert(1)</script>\n\n<div>block</div>\n\n"
	       "[x](javascript:alert(1)) [y](https://ok.example/)\n", &d, &e);
	T_OK(strstr(d.html, "<script>") == NULL, "inline script removed");
	T_OK(strstr(d.html, "<div>") == NULL, "raw block removed");
	T_OK(strstr(d.html, "javascript:") == NULL, "javascript URL dropped");
	T_OK(strstr(d.html, "https://ok.example/") != NULL, "good link kept");
	T_OK(e.nwarnings == 4 && e.nerrors == 0, "three raw HTML warnings and one URL warning");
	T_OK(e.len > 0 && e.items[0].line == 4, "warning line counts the front matter offset");
	md_doc_free(&d);
	err_free(&e);

	opts.unsafe_html = 1;
	err_init(&e);
	render("<div>block</div>\n\n<script>x</script>\n", &d, &e);
	T_OK(strstr(d.html, "<div>block</div>") != NULL, "raw HTML allowed when configured");
	T_OK(strstr(d.html, "<script>") == NULL, "tagfilter still applies");
	md_doc_free(&d);
	err_free(&e);
	opts.unsafe_html = 0;
}

static int fence(void *ctx, const char *info, const char *body, const char *path,
		 int line, buf *out, err_list *errs)
{
	(void)ctx;
	(void)path;
	(void)errs;
	if (strcmp(info, "demo"))
		return 0;
	buf_printf(out, "<p class=\"demo\">%d:%s</p>\n", line, body);
	return 1;
}

static void test_fence(void)
{
	md_doc d;
	err_list e;
	err_init(&e);
	opts.fence = fence;
	render("Intro\n\n```demo\nabc\n```\n\n```c\nint x;\n```\n", &d, &e);
	T_OK(strstr(d.html, "<p class=\"demo\">7:abc\n</p>") != NULL, "fence hook output, line of the body");
	T_OK(strstr(d.html, "language-c") != NULL, "other fences stay code");
	opts.fence = NULL;
	md_doc_free(&d);
	err_free(&e);
}

static void test_limits(void)
{
	md_doc d;
	err_list e;
	buf b = BUF_INIT;
	err_init(&e);
	for (int i = 0; i < 100000; i++)
		buf_puts(&b, "> ");
	buf_puts(&b, "x\n");
	render(b.ptr, &d, &e);
	T_OK(e.nerrors == 1 && e.items[0].line == 4, "100000 nested quotes: an error at the line, no crash");
	md_doc_free(&d);
	err_free(&e);
	err_init(&e);
	buf_reset(&b);
	for (int i = 0; i < 3000; i++)
		buf_puts(&b, "## Same\n\n");
	buf_puts(&b, "---------------------------------------------------------------------"
		     "------------------------------------------------------------------------\n");
	render(b.ptr, &d, &e);
	T_OK(e.nerrors == 0 && strstr(d.html, "id=\"same-2999\"") != NULL,
	     "3000 equal headings get unique ids (quickly); a long rule is not nesting");
	md_doc_free(&d);
	err_free(&e);
	buf_free(&b);
}

/* The exact bytes, as the three-pass rewrite of csogen 0.1 wrote them
 * (heading ids from cmark's source positions, then footnote labels,
 * then table wrappers): ids now go into the tree, and the rest is one
 * pass, with the same result. */
static void test_exact(void)
{
	md_doc d;
	err_list e;
	err_init(&e);
	render("# One\n\n- ## In a list `code`\n\n> ### Quoted [link](/x/)[^n]\n\nSetext\n------\n\n"
	       "| a |\n|---|\n| b |\n\n[^n]: Note.\n", &d, &e);
	T_STREQ(d.html,
		"<h1 id=\"one\">One</h1>\n"
		"<ul>\n"
		"<li>\n"
		"<h2 id=\"in-a-list-code\">In a list <code>code</code></h2>\n"
		"</li>\n"
		"</ul>\n"
		"<blockquote>\n"
		"<h3 id=\"quoted-link\">Quoted <a href=\"/x/\">link</a><sup class=\"footnote-ref\"><a href=\"#fn-n\" id=\"fnref-n\" data-footnote-ref>1</a></sup></h3>\n"
		"</blockquote>\n"
		"<h2 id=\"setext\">Setext</h2>\n"
		"<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Table\"><table>\n"
		"<thead>\n"
		"<tr>\n"
		"<th>a</th>\n"
		"</tr>\n"
		"</thead>\n"
		"<tbody>\n"
		"<tr>\n"
		"<td>b</td>\n"
		"</tr>\n"
		"</tbody>\n"
		"</table></div>\n"
		"<section class=\"footnotes\" data-footnotes>\n"
		"<ol>\n"
		"<li id=\"fn-n\">\n"
		"<p>Note. <a href=\"#fnref-n\" class=\"footnote-backref\" data-footnote-backref aria-label=\"Back\">↩</a></p>\n"
		"</li>\n"
		"</ol>\n"
		"</section>\n",
		"headings in lists and quotes, table, footnote: exact bytes");
	md_doc_free(&d);
	err_free(&e);

	/* raw HTML with an attribute of that name: rendered with source
	 * positions, and every such attribute goes, as before */
	opts.unsafe_html = 1;
	err_init(&e);
	render("<div data-sourcepos=\"9:9-9:9\">raw</div>\n\n## Two\n\n| a |\n|---|\n| b |\n", &d, &e);
	T_STREQ(d.html,
		"<div>raw</div>\n"
		"<h2 id=\"two\">Two</h2>\n"
		"<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Table\"><table>\n"
		"<thead>\n"
		"<tr>\n"
		"<th>a</th>\n"
		"</tr>\n"
		"</thead>\n"
		"<tbody>\n"
		"<tr>\n"
		"<td>b</td>\n"
		"</tr>\n"
		"</tbody>\n"
		"</table></div>\n",
		"source positions when raw HTML has them: exact bytes");
	md_doc_free(&d);
	err_free(&e);

	/* matches that the removal of an attribute completes, and a
	 * <table> with no </table> after it (left alone) */
	err_init(&e);
	render("<p><a aria-label=\"Back to data-sourcepos=\"1:1-1:1\" content\">x</a></p>\n\n"
	       "<p><tab data-sourcepos=\"1:1-1:1\"le data-sourcepos=\"3:3-3:3\">x</table>\n<table>\n", &d, &e);
	T_STREQ(d.html,
		"<p><a aria-label=\"Back\">x</a></p>\n"
		"<p><div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Table\"><table>x</table></div>\n"
		"<table>\n",
		"rewrites see the text without the attributes");
	md_doc_free(&d);
	err_free(&e);
	opts.unsafe_html = 0;
}

int main(void)
{
	t_name = "markdown";
	md_init();
	test_headings();
	test_gfm();
	test_safety();
	test_fence();
	test_limits();
	test_exact();
	return t_done();
}

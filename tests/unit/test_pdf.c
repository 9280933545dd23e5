/* Unit tests of the PDF books: hyphenation points, charts bound to data,
 * book.yaml checks, Markdown to blocks (links, footnotes, heading ids),
 * and the page breaker's rules (no heading at a page foot, no single
 * line of a paragraph left at either side of a break, table headers
 * repeated, footnotes on the page that calls them). */
#include "hyphen.h"
#include "pdf.h"
#include "pdf_book.h"
#include "pdf_doc.h"
#include "pdf_layout.h"
#include "t.h"
#include "util.h"
#include "yamlval.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SHY "\xc2\xad"

static char *hyph_str(const hyph *h, const char *s)
{
	buf b = BUF_INIT;
	hyph_text(h, s, strlen(s), &b);
	return buf_detach(&b);
}

static void test_hyphen(void)
{
	hyph *ka = hyph_load("ka"), *en = hyph_load("en");
	char *s;
	T_OK(ka != NULL, "Georgian patterns found (make builds build/hyph/hyph_ka.dic)");
	T_OK(en != NULL, "English patterns found (hyphen-en-us)");
	if (ka) {
		s = hyph_str(ka, "მონაწილეობითი ბიუჯეტირება");
		T_STREQ(s, "მო" SHY "ნა" SHY "წი" SHY "ლე" SHY "ო" SHY "ბი" SHY "თი ბი" SHY "უ" SHY "ჯე" SHY
			   "ტი" SHY "რე" SHY "ბა", "Georgian words broken between syllables");
		free(s);
		s = hyph_str(ka, "და ის");
		T_STREQ(s, "და ის", "short words stay whole");
		free(s);
	}
	if (en) {
		s = hyph_str(en, "Participation, (municipality)");
		T_STREQ(s, "Par" SHY "tic" SHY "i" SHY "pa" SHY "tion, (mu" SHY "nic" SHY "i" SHY "pal" SHY "ity)",
			"English words, capitals and punctuation");
		free(s);
		s = hyph_str(en, "see https://example.org/participation or info@municipality.ge 2023-participation");
		T_STREQ(s, "see https://example.org/participation or info@municipality.ge 2023-participation",
			"addresses and words with digits stay whole");
		free(s);
	}
	s = hyph_str(NULL, "municipality");
	T_STREQ(s, "municipality", "no patterns: the text as it was");
	free(s);
	hyph_free(ka);
	hyph_free(en);
}

/* ---- charts bound to data ---- */

static value *yaml(const char *s)
{
	err_list e;
	value *v;
	err_init(&e);
	v = yv_parse(s, strlen(s), "t.yaml", 0, &e);
	err_free(&e);
	return v;
}

static char *json(const value *v)
{
	buf b = BUF_INIT;
	val_to_json(v, &b);
	return buf_detach(&b);
}

static void test_chart_spec(void)
{
	value *results = yaml("rows:\n"
			      "  - {name: A, year: 2021, v: 1, w: 10}\n"
			      "  - {name: B, year: 2021, v: '2', w: 20}\n"
			      "  - {name: C, year: 2022, v: 3}\n");
	tbl_env env = {results, NULL, "ka", "სულ"};
	err_list e;
	value *spec, *out;
	char *j;
	err_init(&e);

	spec = yaml("type: grouped\ntitle: {ka: სათაური, en: Title}\nsource: rows\nlabel: name\n"
		    "series: [{key: v, name: {ka: ვ, en: V}}, {key: w, name: W}]\n");
	out = pdf_chart_spec(spec, &env, "c.md", &e);
	j = json(out);
	T_STREQ(j, "{\"type\":\"grouped\",\"title\":\"სათაური\",\"labels\":[\"A\",\"B\",\"C\"],"
		   "\"series\":[{\"name\":\"ვ\",\"values\":[1,2,3]},{\"name\":\"W\",\"values\":[10,20,null]}]}",
		"a label and a value per row; numbers from text; missing values null; texts in the language");
	free(j);
	val_unref(out);
	val_unref(spec);

	spec = yaml("type: bar\ntitle: T\nsource: results.rows\nfilter: {year: 2021}\nlimit: 1\nlabel: name\n"
		    "series: [{key: v}]\n");
	out = pdf_chart_spec(spec, &env, "c.md", &e);
	j = json(out);
	T_STREQ(j, "{\"type\":\"bar\",\"title\":\"T\",\"labels\":[\"A\"],\"series\":[{\"values\":[1]}]}",
		"filter and limit, as the site's charts");
	free(j);
	val_unref(out);
	val_unref(spec);
	T_NUMEQ(e.nerrors, 0, "no errors so far");

	spec = yaml("type: bar\ntitle: T\nlabels: [a]\nseries: [{values: [1]}]\n");
	out = pdf_chart_spec(spec, &env, "c.md", &e);
	T_OK(out && val_get(out, "labels") && val_len(val_get(out, "labels")) == 1,
	     "a spec without source passes through");
	val_unref(out);
	val_unref(spec);

	spec = yaml("type: bar\ntitle: T\nsource: nothing\nlabel: x\nseries: [{key: v}]\n");
	T_OK(pdf_chart_spec(spec, &env, "c.md", &e) == NULL, "unknown source: NULL");
	T_OK(e.nerrors == 1 && e.items[0].line == 3 && e.items[0].col == 9 &&
		     strstr(e.items[0].msg, "no list of rows at source 'nothing'"),
	     "unknown source: error at its value");
	val_unref(spec);
	err_free(&e);
	err_init(&e);
	spec = yaml("type: bar\ntitle: T\nsource: rows\nlabel: nope\nseries: [{key: v}]\n");
	T_OK(pdf_chart_spec(spec, &env, "c.md", &e) == NULL, "unknown label key: NULL");
	T_OK(e.nerrors == 1 && e.items[0].line == 4 && strstr(e.items[0].msg, "the rows have no 'nope'"),
	     "unknown label key: error at line 4");
	val_unref(spec);
	err_free(&e);
	err_init(&e);
	spec = yaml("type: bar\ntitle: T\nsource: rows\nseries: [{key: v}]\n");
	T_OK(pdf_chart_spec(spec, &env, "c.md", &e) == NULL && e.nerrors == 1 &&
		     strstr(e.items[0].msg, "needs 'label'"),
	     "no label: error");
	val_unref(spec);
	err_free(&e);
	val_unref(results);
}

/* ---- a small site ---- */

typedef struct fixture {
	site_cfg cfg;
	site s;
} fixture;

static page *add_page(site *s, int lang, const char *dir, const char *name, const char *url,
		      const char *title, const char *body)
{
	page *p = page_new(PAGE_SINGLE, lang);
	p->dir = xstrdup(dir);
	p->name = xstrdup(name);
	p->src = xasprintf("content/%s/%s.%s.md", dir, name, s->cfg->langs[lang].code);
	p->url = xstrdup(url);
	p->title = xstrdup(title);
	p->body = xstrdup(body);
	p->body_len = strlen(body);
	site_add(s, p);
	return p;
}

static void fixture_init(fixture *f)
{
	memset(f, 0, sizeof *f);
	f->cfg.base_url = "https://example.org";
	f->cfg.nlangs = 2;
	f->cfg.langs[0].code = "ka";
	f->cfg.langs[1].code = "en";
	f->cfg.smart = 1;
	f->s.cfg = &f->cfg;
}

static void fixture_free(fixture *f)
{
	size_t i;
	for (i = 0; i < f->s.npages; i++)
		page_free(f->s.pages[i]);
	free(f->s.pages);
}

/* ---- Markdown to blocks ---- */

static void test_doc(void)
{
	fixture f;
	pdf_doc d;
	page *a, *b;
	size_t i;
	int seen_dest = 0, seen_uri = 0, seen_rel = 0, seen_frag = 0;
	err_list e;
	fixture_init(&f);
	err_init(&e);
	a = add_page(&f.s, 1, "book", "01-a", "/en/book/01-a/", "1. First",
		     "Text with a note.[^n] See [the second](/en/book/02-b/#a-section), "
		     "[relative](../02-b/), [outside](https://example.com/) and [a site page](/en/other/).\n\n"
		     "## A heading\n\n## A heading\n\n[^n]: The note.\n");
	b = add_page(&f.s, 1, "book", "02-b", "/en/book/02-b/", "Second",
		     "## A section\n\n| H1 | H2 |\n|---|--:|\n| x | 1 |\n");
	pdf_doc_init(&d, &f.s, 1, NULL, NULL, 2);
	pdf_doc_add(&d, a, 1, NULL, NULL, &e);
	pdf_doc_add(&d, b, 2, NULL, NULL, &e);
	pdf_doc_resolve(&d);
	T_NUMEQ(e.nerrors, 0, "no errors");
	T_STREQ(d.chapters[0].title, "First", "the page's own number goes: the book numbers chapters");
	T_STREQ(d.chapters[1].title, "Second", "a title without a number stays");
	T_NUMEQ(d.nfns, 1, "one footnote");
	T_STREQ(d.fns[0].text.ptr, "The note.", "footnote text");
	T_NUMEQ(d.chapters[0].nblocks, 3, "paragraph and two headings");
	T_STREQ(d.chapters[0].blocks[1]->u.head.id, "a-heading", "heading id as on the site");
	T_STREQ(d.chapters[0].blocks[2]->u.head.id, "a-heading-1", "repeated heading id as on the site");
	T_STREQ(d.chapters[0].blocks[2]->u.head.number, "1.2", "section numbers");
	T_OK(d.chapters[1].blocks[1]->kind == BK_TABLE, "GFM table");
	T_NUMEQ(d.chapters[1].blocks[1]->u.table.nhead, 1, "one header row");
	T_OK(d.chapters[1].blocks[1]->u.table.align[1] == 'r', "column alignment from the table");
	for (i = 0; i < d.nlinks; i++) {
		const pdf_link *l = &d.links[i];
		if (l->dest && !strcmp(l->dest, "c1-a-section"))
			seen_frag = 1;
		if (l->dest && !strcmp(l->dest, "c1") && !strcmp(l->url, "../02-b/"))
			seen_rel = 1;
		if (l->uri && !strcmp(l->uri, "https://example.com/"))
			seen_uri = 1;
		if (l->uri && !strcmp(l->uri, "https://example.org/en/other/"))
			seen_dest = 1;
	}
	T_OK(seen_frag, "a link to a heading of a chapter is a destination");
	T_OK(seen_rel, "a relative link to a chapter is a destination");
	T_OK(seen_uri, "an outside link stays a URL");
	T_OK(seen_dest, "a site page not in the book becomes its web address");
	pdf_doc_free(&d);

	/* an omitted section: no destination for its heading */
	{
		value *omit = yaml("[gone]");
		page *c = add_page(&f.s, 1, "book", "_index", "/en/book/", "Book",
				   "Intro.\n\n## Gone\n\nLeft out.\n\n## Kept\n\nKept.\n");
		page *g = add_page(&f.s, 1, "book", "03-c", "/en/book/03-c/", "C",
				   "[to gone](/en/book/#gone) and [to kept](/en/book/#kept)\n");
		pdf_doc_init(&d, &f.s, 1, NULL, NULL, 2);
		pdf_doc_add(&d, c, 0, "Introduction", omit, &e);
		pdf_doc_add(&d, g, 1, NULL, NULL, &e);
		pdf_doc_resolve(&d);
		T_NUMEQ(d.chapters[0].nblocks, 3, "the omitted section is left out");
		T_STREQ(d.links[0].dest, "c0", "a link to an omitted heading goes to its chapter");
		T_STREQ(d.links[1].dest, "c0-kept", "a link to a kept heading goes to it");
		pdf_doc_free(&d);
		val_unref(omit);
	}
	fixture_free(&f);
	err_free(&e);
}

/* ---- the page breaker ---- */

static int is_heading_line(const pl_book *bk, const pl_item *it)
{
	return it->kind == IT_LINE && it->head >= 0 && bk->heads[it->head].level >= 2;
}

static void test_pages(void)
{
	fixture f;
	pdf_doc d;
	pl_style st;
	pl_book bk;
	PangoFontMap *fm = pango_cairo_font_map_new();
	buf md = BUF_INIT;
	page *p;
	size_t i, k, m;
	int bad_head = 0, widow = 0, orphan = 0, repeats = 0, fn_ok = 0, order = 1;
	err_list e;
	fixture_init(&f);
	err_init(&e);
	/* sections of paragraphs of varied length, so that breaks fall in
	 * every kind of place */
	for (i = 0; i < 40; i++) {
		buf_printf(&md, "## Section %zu\n\n", i);
		for (k = 0; k < 1 + i % 4; k++) {
			size_t w;
			for (w = 0; w < 12 + (i * 7 + k * 13) % 60; w++)
				buf_puts(&md, "participation matters ");
			buf_puts(&md, (i == 20 || i == 30) && k == 0 ? "end.[^f]\n\n" : "end.\n\n");
		}
	}
	buf_puts(&md, "## Table\n\n| Name | Value |\n|---|---:|\n");
	for (i = 0; i < 90; i++)
		buf_printf(&md, i == 45 ? "| row %zu[^g] | %zu |\n" : "| row %zu | %zu |\n", i, i * 3);
	buf_puts(&md, "\n[^f]: The footnote.\n[^g]: A note from a table cell.\n");
	p = add_page(&f.s, 1, "book", "01-a", "/en/book/01-a/", "Chapter", buf_cstr(&md));
	pdf_doc_init(&d, &f.s, 1, NULL, NULL, 2);
	pdf_doc_add(&d, p, 1, NULL, NULL, &e);
	pdf_doc_resolve(&d);
	pl_style_init(&st, 595.276, 841.89);
	pl_book_layout(&bk, &d, &st, fm, 3, "Contents", "Chapter");
	T_OK(bk.body.npages >= 8, "several pages");
	for (i = 0; i < bk.body.npages; i++) {
		const pl_page *pg = &bk.body.pages[i];
		const pl_item *lastl = NULL, *firstl = NULL;
		for (m = pg->n; m-- > 0;)
			if (bk.body.items[pg->first + m].kind != IT_GLUE) {
				lastl = &bk.body.items[pg->first + m];
				break;
			}
		if (i + 1 < bk.body.npages) {
			const pl_page *nx = &bk.body.pages[i + 1];
			for (m = 0; m < nx->n; m++)
				if (bk.body.items[nx->first + m].kind != IT_GLUE) {
					firstl = &bk.body.items[nx->first + m];
					break;
				}
		}
		if (lastl && is_heading_line(&bk, lastl) && i + 1 < bk.body.npages)
			bad_head++;
		if (lastl && firstl && lastl->kind == IT_LINE && firstl->kind == IT_LINE &&
		    lastl->lay == firstl->lay) {
			if (lastl->line < 1)
				orphan++;
			if (pango_layout_get_line_count(firstl->lay) - firstl->line < 2)
				widow++;
		}
		if (pg->repeat)
			repeats++;
		for (m = 0; m < pg->nfns; m++)
			for (k = 0; k < pg->n; k++) {
				const pl_item *it = &bk.body.items[pg->first + k];
				if (it->nfns && it->fns[0] == pg->fns[m])
					fn_ok = 1;
			}
	}
	{
		/* every note once, on some page */
		int count[2] = {0, 0};
		for (i = 0; i < bk.body.npages; i++)
			for (m = 0; m < bk.body.pages[i].nfns; m++)
				if (bk.body.pages[i].fns[m] < 2)
					count[bk.body.pages[i].fns[m]]++;
		T_NUMEQ(d.nfns, 2, "two notes");
		T_NUMEQ(count[0], 1, "a note called twice is set once");
		T_NUMEQ(count[1], 1, "a note called from a table cell is set");
	}
	for (i = 1; i < bk.nheads; i++)
		if (bk.heads[i].page < bk.heads[i - 1].page || bk.heads[i].page < 4)
			order = 0;
	T_NUMEQ(bad_head, 0, "no heading at the foot of a page");
	T_NUMEQ(orphan, 0, "no single first line of a paragraph at a page foot");
	T_NUMEQ(widow, 0, "no single last line of a paragraph at a page head");
	T_OK(repeats >= 1, "a table across pages repeats its header");
	T_OK(fn_ok, "a footnote is on the page of the line that calls it");
	T_OK(order, "heading pages known, in order, after the contents");
	T_NUMEQ(bk.first_body_page, 3 + (int)bk.toc.npages, "body after the contents");
	pl_book_free(&bk);
	pdf_doc_free(&d);
	fixture_free(&f);
	buf_free(&md);
	err_free(&e);
	g_object_unref(fm);
}

/* ---- book.yaml ---- */

static void put_file(const char *path, const char *text)
{
	T_OK(file_write(path, text, strlen(text)) == 0, path);
}

static void test_books(void)
{
	char tmpl[] = "/tmp/csogen-pdf-XXXXXX", old[4096];
	fixture f;
	err_list e;
	pdf_book **books;
	size_t n, i;
	int found = 0;
	T_OK(getcwd(old, sizeof old) != NULL, "cwd");
	T_OK(mkdtemp(tmpl) != NULL, "temp dir");
	T_OK(chdir(tmpl) == 0, "chdir");
	fixture_init(&f);
	add_page(&f.s, 0, "g/good", "01-a", "/g/good/01-a/", "A", "a");
	add_page(&f.s, 1, "g/good", "01-a", "/en/g/good/01-a/", "A", "a");
	put_file("content/g/good/book.yaml",
	      "title: {ka: წ, en: B}\nchapters: [01-a]\npage: {width: 148mm, height: 210mm}\nfoo: 1\n");
	put_file("content/g/bad/book.yaml",
	      "title: B\nlanguages: [ka, de]\nchapters: [01-a, 02-b]\npage: A9\ndate: May\n");
	put_file("content/static/x/book.yaml", "title: not a book\n");
	err_init(&e);
	books = pdf_books_load(&f.s, &n, &e);
	T_NUMEQ(n, 1, "the good book only");
	if (n == 1) {
		T_STREQ(books[0]->output, "good", "output named after the directory");
		T_NUMEQ(books[0]->nlangs, 2, "every site language by default");
		T_OK(books[0]->width > 419 && books[0]->width < 420, "page width from mm");
		T_STREQ(pdf_book_text(books[0], "title", "en"), "B", "text in a language");
	}
	for (i = 0; i < e.len; i++) {
		const err_item *it = &e.items[i];
		if (!strcmp(it->path, "content/g/bad/book.yaml") && it->line == 2 && it->col == 17 &&
		    strstr(it->msg, "unknown language 'de'"))
			found |= 1;
		if (!strcmp(it->path, "content/g/bad/book.yaml") && it->line == 3 && it->col == 12 &&
		    strstr(it->msg, "chapter '01-a' has no file content/g/bad/01-a.ka.md"))
			found |= 2;
		if (it->line == 4 && it->col == 7 && strstr(it->msg, "bad page size"))
			found |= 4;
		if (it->line == 5 && it->col == 7 && strstr(it->msg, "YYYY-MM-DD"))
			found |= 8;
		if (it->sev == ERR_WARNING && !strcmp(it->path, "content/g/good/book.yaml") && it->line == 4 &&
		    strstr(it->msg, "unknown key 'foo'"))
			found |= 16;
	}
	T_NUMEQ(found, 31, "every book.yaml problem at its line and column");
	{
		/* what the site links to: the written file's URL, size, pages */
		outdir o;
		value *links, *l;
		char big[3000];
		memset(&o, 0, sizeof o);
		o.final = "out";
		o.tmp = "out.tmp";
		memset(big, ' ', sizeof big);
		memcpy(big, "/Type /Pages /Type /Page\n/Type /Page\n", 38);
		T_OK(file_write("out.tmp/pdf/good.en.pdf", big, sizeof big) == 0, "fake PDF");
		links = pdf_book_links(&f.s, &o);
		l = val_get(links, "/en/g/good/01-a/");
		T_STREQ(val_get_str(l, "url", NULL), "/pdf/good.en.pdf", "link to the book of a chapter");
		T_NUMEQ(val_get(l, "size_kb") ? val_get(l, "size_kb")->u.n : -1, 3, "size in kB, rounded up");
		T_NUMEQ(val_get(l, "pages") ? val_get(l, "pages")->u.n : -1, 2, "pages");
		T_STREQ(val_get_str(l, "title", NULL), "B", "the book's title in the page's language");
		T_OK(val_get(links, "/g/good/01-a/") == NULL, "no entry for a PDF not written");
		val_unref(links);
		/* memory mode (csogen check and serve): the same from memory */
		out_begin_memory(&o);
		T_OK(out_write(&o, "pdf/good.ka.pdf", big, 1500, &e) == 0, "PDF in memory");
		links = pdf_book_links(&f.s, &o);
		l = val_get(links, "/g/good/01-a/");
		T_STREQ(val_get_str(l, "url", NULL), "/pdf/good.ka.pdf", "memory mode: link");
		T_NUMEQ(val_get(l, "size_kb") ? val_get(l, "size_kb")->u.n : -1, 2, "memory mode: size");
		val_unref(links);
		out_free(&o);
	}
	if (found != 31)
		err_print(&e, stderr, 0);
	pdf_books_free(books, n);
	err_free(&e);
	fixture_free(&f);
	T_OK(chdir(old) == 0, "back");
	rm_rf(tmpl);
}

int main(void)
{
	t_name = "pdf";
	md_init();
	test_hyphen();
	test_chart_spec();
	test_doc();
	test_pages();
	test_books();
	return t_done();
}

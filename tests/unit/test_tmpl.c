/* Unit tests: tmpl, beyond what the Mustache spec checks (see
 * test_mustache.c): escaping, errors and their positions, runaway
 * recursion, layouts, reuse of compiled templates, threads. */
#include "buf.h"
#include "err.h"
#include "tmpl.h"
#include "value.h"
#include "yamlval.h"
#include "t.h"

#include <pthread.h>
#include <stdlib.h>

static value *data(const char *yaml)
{
	err_list e;
	value *v;
	err_init(&e);
	v = yv_parse(yaml, strlen(yaml), "data.yaml", 0, &e);
	if (!v && e.len)
		err_print(&e, stderr, 0);
	err_free(&e);
	return v;
}

static int add(tmpl_set *s, const char *name, const char *src, err_list *e)
{
	return tmpl_set_add(s, name, src, strlen(src), NULL, e);
}

/* Render src with the YAML context yaml against set s (may be NULL) and
 * compare with want; there must be no errors. */
static void check(tmpl_set *s, const char *src, const char *yaml,
		  const char *want, const char *what)
{
	value *ctx = data(yaml);
	buf out = BUF_INIT;
	err_list e;
	err_init(&e);
	T_OK(tmpl_render_string(s, src, ctx, &out, &e) == 0 && e.nerrors == 0, what);
	T_STREQ(buf_cstr(&out), want, what);
	if (e.nerrors)
		err_print(&e, stderr, 0);
	err_free(&e);
	buf_free(&out);
	val_unref(ctx);
}

static void test_escaping(void)
{
	check(NULL, "{{x}}", "x: a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&#39;f",
	      "{{x}} escapes & < > \" '");
	check(NULL, "{{{x}}}|{{&x}}|{{& x }}", "x: <b>&</b>",
	      "<b>&</b>|<b>&</b>|<b>&</b>", "{{{x}}} and {{&x}} do not escape");
	check(NULL, "{{n}} {{m}} {{f}} {{t}} [{{z}}]",
	      "n: 3\nm: 1.210\nf: -0.5\nt: true\nz: ~",
	      "3 1.21 -0.5 true []", "scalars print in their shortest form");
	check(NULL, "[{{list}}][{{map}}]", "list: [1]\nmap: {a: 1}", "[][]",
	      "lists and maps interpolate as nothing");
}

static void test_names(void)
{
	const char *d = "site:\n  title: T\n  author:\n    name: Ann\n"
			"page:\n  title: P\n  tags: [a, b]\n";
	check(NULL, "{{site.title}}/{{site.author.name}}/{{page.title}}", d,
	      "T/Ann/P", "dotted names descend into maps");
	check(NULL, "{{site.nope.name}}|{{nope.title}}", d, "|",
	      "broken chains are empty");
	check(NULL, "{{#page}}{{title}} by {{site.author.name}}{{/page}}", d,
	      "P by Ann", "first part resolves up the context stack");
	check(NULL, "{{#page.tags}}<{{.}}>{{/page.tags}}", d, "<a><b>",
	      "'.' is the current item");
	check(NULL, "{{#a}}{{#b}}{{#c}}{{x}}{{y}}{{z}}{{/c}}{{/b}}{{/a}}",
	      "x: 1\na: {y: 2, b: {c: {z: 3}}}", "123",
	      "nested maps push and pop");
	check(NULL, "{{^e}}none{{/e}}{{#e}}some{{/e}}|{{^s}}empty{{/s}}|{{#z}}zero{{/z}}",
	      "e: []\ns: ''\nz: 0", "none|empty|zero",
	      "empty list and empty string are false, 0 is true");
}

/* Compile src and check that the errors found are exactly want (each
 * "line:col: message", in order). */
static int by_position(const void *a, const void *b)
{
	const err_item *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

static void check_errors(const char *src, const char *const *want, size_t n,
			 const char *what)
{
	tmpl_set *s = tmpl_set_new();
	err_list e;
	size_t i;
	err_init(&e);
	T_OK(add(s, "bad", src, &e) == -1, what);
	T_OK(tmpl_set_get(s, "bad") == NULL, "a template with errors is not added");
	T_NUMEQ((double)e.len, (double)n, what);
	/* the list keeps the order found (err_print sorts) */
	if (e.len)
		qsort(e.items, e.len, sizeof *e.items, by_position);
	for (i = 0; i < e.len && i < n; i++) {
		char got[300];
		snprintf(got, sizeof got, "%s:%d:%d: %s", e.items[i].path,
			 e.items[i].line, e.items[i].col, e.items[i].msg);
		T_STREQ(got, want[i], what);
	}
	if (e.len != n && e.len)
		err_print(&e, stderr, 0);
	err_free(&e);
	tmpl_set_free(s);
}

static void test_errors(void)
{
	static const char *const unclosed_tag[] = {
		"bad:3:5: unclosed tag: missing '}}'",
	};
	static const char *const unclosed_sec[] = {
		"bad:2:3: unclosed section 'items' (opened here)",
	};
	static const char *const mismatch[] = {
		"bad:1:7: closing tag '/b' does not match open section 'a' (opened at 1:1)",
	};
	static const char *const several[] = {
		"bad:1:7: closing tag '/b' does not match open section 'a' (opened at 1:1)",
		"bad:2:1: bad set-delimiter tag: want two delimiters separated by a space, as in {{=<% %>=}}",
		"bad:3:1: closing tag '/x' has no open section",
		"bad:4:3: empty tag name",
		"bad:5:1: unclosed block 'main' (opened here)",
	};
	static const char *const stray_close[] = {
		"bad:1:4: closing tag '/a' has no open section",
	};
	static const char *const triple[] = {
		"bad:1:3: unclosed tag: missing '}}}'",
	};
	static const char *const delims[] = {
		"bad:1:25: unclosed tag: missing '%>'",
	};
	static const char *const inner[] = {
		"bad:1:13: closing tag '/a' does not match open section 'b' (opened at 1:7)",
	};
	err_list e;
	tmpl_set *s;
	buf deep = BUF_INIT;
	int i;

	check_errors("line one\nline two\nab: {{name\nmore text\n", unclosed_tag, 1,
		     "unclosed tag at its own position");
	check_errors("x\n  {{#items}}\n  {{.}}\n", unclosed_sec, 1,
		     "unclosed section at its opening tag");
	check_errors("{{#a}}{{/b}}", mismatch, 1, "mismatched close at the closing tag");
	check_errors("{{#a}}{{#b}}{{/a}}", inner, 1,
		     "closing an outer section reports the inner one once");
	check_errors("{{#a}}{{/b}}\n{{=<%>=}}\n{{/x}}\n  {{}}\n{{$main}}\n",
		     several, 5, "several errors all reported");
	check_errors("ab {{/a}}", stray_close, 1, "closing tag without a section");
	check_errors("x {{{raw}} y", triple, 1, "triple mustache without its third brace");
	check_errors("{{=<% %>=}} <%a%> {{b}} <%c", delims, 1,
		     "unclosed tag names the current delimiter");

	/* the path given is used in errors, and a failed add keeps the old
	 * template of that name */
	s = tmpl_set_new();
	err_init(&e);
	T_OK(add(s, "page", "old {{x}}", &e) == 0, "good template added");
	T_OK(tmpl_set_add(s, "page", "{{#x}}", 6, "layouts/page.html", &e) == -1,
	     "bad replacement refused");
	T_OK(e.nerrors == 1 && strcmp(e.items[0].path, "layouts/page.html") == 0,
	     "error names the file path");
	T_OK(tmpl_set_get(s, "page") != NULL, "old template kept");
	err_free(&e);
	tmpl_set_free(s);

	/* nesting is bounded at compile time (rendering recurses) */
	for (i = 0; i < TMPL_MAX_NESTING + 5; i++)
		buf_puts(&deep, "{{#a}}");
	for (i = 0; i < TMPL_MAX_NESTING + 5; i++)
		buf_puts(&deep, "{{/a}}");
	s = tmpl_set_new();
	err_init(&e);
	T_OK(add(s, "deep", deep.ptr, &e) == -1 && e.nerrors == 1,
	     "sections nested too deeply is one error");
	err_free(&e);
	tmpl_set_free(s);
	buf_free(&deep);
}

static void test_partials(void)
{
	tmpl_set *s = tmpl_set_new();
	err_list e;
	buf out = BUF_INIT;
	value *ctx = data("name: N\nitems: [a, b]\n");
	int rc;

	err_init(&e);
	add(s, "self", "x{{>self}}", &e);
	add(s, "ping", "{{#items}}{{>pong}}{{/items}}", &e);
	add(s, "pong", "{{>ping}}", &e);
	add(s, "hello", "Hello {{name}}!", &e);
	add(s, "list", "<ul>\n  {{#items}}\n  <li>{{>item}}</li>\n  {{/items}}\n</ul>\n", &e);
	add(s, "item", "{{.}}", &e);
	add(s, "bye", "Bye {{name}}", &e);
	add(s, "box", "<div>\n  {{>inner}}\n</div>\n", &e);
	add(s, "inner", "<p>\n  {{name}}\n</p>\n", &e);
	T_OK(e.nerrors == 0, "partials compile");

	rc = tmpl_render(s, tmpl_set_get(s, "self"), ctx, &out, &e);
	T_OK(rc == -1 && e.nerrors == 1, "endless self-inclusion is an error");
	T_OK(e.nerrors == 1 && strstr(e.items[0].msg, "'self' nested more than") != NULL,
	     "the error names the partial");
	T_OK(e.nerrors == 1 && e.items[0].line == 1 && e.items[0].col == 2,
	     "the error is at the partial tag");
	T_OK(out.len == TMPL_MAX_DEPTH + 1, "output stops at the depth bound");
	err_free(&e);

	err_init(&e);
	buf_reset(&out);
	rc = tmpl_render(s, tmpl_set_get(s, "ping"), ctx, &out, &e);
	T_OK(rc == -1 && e.nerrors == 1, "mutual recursion is stopped too");
	err_free(&e);

	check(s, "[{{>nope}}]", "{}", "[]", "undefined partial renders empty");
	check(s, "[{{>*which}}]", "which: nope", "[]", "undefined dynamic partial renders empty");
	check(s, "{{>hello}} {{>*which}}", "name: Bo\nwhich: hello",
	      "Hello Bo! Hello Bo!", "dynamic partial name");
	check(s, "{{#pages}}{{>*kind}};{{/pages}}",
	      "pages: [{kind: hello, name: A}, {kind: bye, name: B}, {kind: 3}]",
	      "Hello A!;Bye B;;", "dynamic partial name per item");
	check(s, "{{>list}}", "items: [a, b]",
	      "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n",
	      "standalone section lines vanish");
	check(s, "<body>\n  {{>box}}\n</body>\n", "name: N",
	      "<body>\n  <div>\n    <p>\n      N\n    </p>\n  </div>\n</body>\n",
	      "indentation of nested standalone partials adds up");
	check(s, "a\r\n  {{>hello}}\r\nb", "name: W", "a\r\n  Hello W!b",
	      "CRLF standalone lines");

	buf_free(&out);
	val_unref(ctx);
	tmpl_set_free(s);
}

static void test_inheritance(void)
{
	tmpl_set *s = tmpl_set_new();
	err_list e;
	buf out = BUF_INIT;
	value *ctx;

	err_init(&e);
	add(s, "base",
	    "<html>\n"
	    "<head><title>{{$title}}{{site}}{{/title}}</title></head>\n"
	    "<body>\n"
	    "  {{>header}}\n"
	    "  <main>\n"
	    "    {{$main}}\n"
	    "    <p>nothing here</p>\n"
	    "    {{/main}}\n"
	    "  </main>\n"
	    "</body>\n"
	    "</html>\n", &e);
	add(s, "header", "<h1>{{$heading}}{{site}}{{/heading}}</h1>\n", &e);
	add(s, "single",
	    "{{<base}}\n"
	    "{{$title}}{{title}} - {{site}}{{/title}}\n"
	    "{{$heading}}{{title}}{{/heading}}\n"
	    "{{$main}}\n"
	    "<article>\n"
	    "  {{{body}}}\n"
	    "</article>\n"
	    "{{/main}}\n"
	    "{{/base}}\n", &e);
	add(s, "list", "{{<base}}{{/base}}", &e);
	add(s, "loop", "{{<loop}}{{/loop}}", &e);
	add(s, "p", "[{{$a}}d{{/a}}]", &e);
	T_OK(e.nerrors == 0, "layouts compile");

	ctx = data("site: Site\ntitle: Post\nbody: <p>Hi</p>\n");
	T_OK(tmpl_render(s, tmpl_set_get(s, "single"), ctx, &out, &e) == 0, "layout renders");
	T_STREQ(buf_cstr(&out),
		"<html>\n"
		"<head><title>Post - Site</title></head>\n"
		"<body>\n"
		"  <h1>Post</h1>\n"
		"  <main>\n"
		"    <article>\n"
		"      <p>Hi</p>\n"
		"    </article>\n"
		"  </main>\n"
		"</body>\n"
		"</html>\n",
		"blocks override a base layout, through its partials too, reindented");
	buf_reset(&out);
	T_OK(tmpl_render(s, tmpl_set_get(s, "list"), ctx, &out, &e) == 0, "defaults render");
	T_STREQ(buf_cstr(&out),
		"<html>\n"
		"<head><title>Site</title></head>\n"
		"<body>\n"
		"  <h1>Site</h1>\n"
		"  <main>\n"
		"    <p>nothing here</p>\n"
		"  </main>\n"
		"</body>\n"
		"</html>\n",
		"without overrides the defaults render");
	T_OK(e.nerrors == 0, "no errors");

	buf_reset(&out);
	T_OK(tmpl_render(s, tmpl_set_get(s, "loop"), ctx, &out, &e) == -1 && e.nerrors == 1,
	     "a parent that is its own parent is stopped");
	err_free(&e);
	err_init(&e);
	buf_reset(&out);
	T_OK(tmpl_render_string(s, "{{<p}}{{$a}}<{{$a}}x{{/a}}>{{/a}}{{/p}}", ctx, &out, &e) == -1 &&
	     e.nerrors == 1, "a block whose override expands itself is stopped");
	err_free(&e);

	check(s, "{{<*layout}}{{$a}}dyn{{/a}}{{/*layout}}", "layout: p", "[dyn]",
	      "dynamic parent name");
	check(s, "{{< * layout }}{{$a}}dyn{{/a}}{{/* layout}}", "layout: p", "[dyn]",
	      "dynamic parent name with blanks");
	check(s, "{{#*a}}yes{{/*a}}", "'*a': true", "yes",
	      "a section name may begin with '*'");
	check(s, "{{<nope}}{{$a}}x{{/a}}{{/nope}}|{{$a}}own{{/a}}", "{}", "|own",
	      "unknown parent renders nothing; blocks outside parents show their default");

	val_unref(ctx);
	buf_free(&out);
	tmpl_set_free(s);
}

static void test_reuse(void)
{
	tmpl_set *s = tmpl_set_new();
	err_list e;
	buf first = BUF_INIT, out = BUF_INIT;
	value *ctx = data("items: [{n: 1, tags: [x, y]}, {n: 2, tags: []}, {n: 3.5}]\nsep: ', '\n");
	const tmpl *t;
	int i, same = 1;
	char name[32];

	err_init(&e);
	add(s, "row", "  <li>{{n}}{{#tags}} #{{.}}{{/tags}}{{^tags}} -{{/tags}}</li>\n", &e);
	add(s, "page", "<ul>\n{{#items}}\n{{>row}}\n{{/items}}\n</ul>\n", &e);
	t = tmpl_set_get(s, "page");
	tmpl_render(s, t, ctx, &first, &e);
	T_STREQ(buf_cstr(&first),
		"<ul>\n  <li>1 #x #y</li>\n  <li>2 -</li>\n  <li>3.5 -</li>\n</ul>\n",
		"list page");
	for (i = 0; i < 1000; i++) {
		buf_reset(&out);
		tmpl_render(s, t, ctx, &out, &e);
		if (strcmp(buf_cstr(&out), buf_cstr(&first)) != 0)
			same = 0;
	}
	T_OK(same, "the same compiled template renders the same 1000 times");

	/* many templates: the set grows and every name stays findable */
	for (i = 0; i < 500; i++) {
		snprintf(name, sizeof name, "partials/p%d", i);
		add(s, name, name, &e);
	}
	same = 1;
	for (i = 0; i < 500; i++) {
		snprintf(name, sizeof name, "partials/p%d", i);
		buf_reset(&out);
		tmpl_render(s, tmpl_set_get(s, name), NULL, &out, &e);
		if (strcmp(buf_cstr(&out), name) != 0)
			same = 0;
	}
	T_OK(same, "500 templates all found by name");
	T_OK(tmpl_set_get(s, "partials/p500") == NULL, "absent name is NULL");
	add(s, "row", "[{{n}}]\n", &e);
	buf_reset(&out);
	tmpl_render(s, t, ctx, &out, &e);
	T_STREQ(buf_cstr(&out), "<ul>\n[1]\n[2]\n[3.5]\n</ul>\n",
		"adding a name again replaces the template");
	T_OK(e.nerrors == 0, "no errors");

	buf_reset(&out);
	T_OK(tmpl_render(s, t, NULL, &out, &e) == 0, "NULL context is fine");
	T_STREQ(buf_cstr(&out), "<ul>\n</ul>\n", "NULL context renders no data");

	err_free(&e);
	buf_free(&first);
	buf_free(&out);
	val_unref(ctx);
	tmpl_set_free(s);
}

/* Many threads render from one set and one context at once; each must
 * get exactly the single-threaded output. */
typedef struct job {
	const tmpl_set *s;
	const value *ctx;
	const char *want;
	int ok;
} job;

static void *worker(void *arg)
{
	job *j = arg;
	buf out = BUF_INIT;
	int i;
	j->ok = 1;
	for (i = 0; i < 200; i++) {
		buf_reset(&out);
		tmpl_render(j->s, tmpl_set_get(j->s, "page"), j->ctx, &out, NULL);
		if (strcmp(buf_cstr(&out), j->want) != 0)
			j->ok = 0;
	}
	buf_free(&out);
	return NULL;
}

static void test_threads(void)
{
	tmpl_set *s = tmpl_set_new();
	err_list e;
	buf want = BUF_INIT;
	/* c needs its own (empty) kids: a missing name is looked up the
	 * context stack, and would find b's kids again */
	value *ctx = data("title: T\nitems: [{n: a}, {n: b, kids: [{n: c, kids: []}]}]\n");
	pthread_t th[8];
	job jobs[8];
	int i, ok = 1;

	err_init(&e);
	add(s, "base", "<h1>{{$h}}{{title}}{{/h}}</h1>\n  {{$body}}\n  {{/body}}\n", &e);
	add(s, "tree", "<li>{{n}}{{#kids}}\n  <ul>\n    {{>tree}}\n  </ul>\n{{/kids}}</li>\n", &e);
	add(s, "page", "{{<base}}{{$body}}\n{{#items}}\n{{>tree}}\n{{/items}}\n{{/body}}{{/base}}\n", &e);
	T_OK(e.nerrors == 0, "thread templates compile");
	tmpl_render(s, tmpl_set_get(s, "page"), ctx, &want, &e);
	T_STREQ(buf_cstr(&want),
		"<h1>T</h1>\n  <li>a</li>\n  <li>b\n    <ul>\n      <li>c</li>\n    </ul>\n  </li>\n",
		"recursive partial inside a block");
	for (i = 0; i < 8; i++) {
		jobs[i].s = s;
		jobs[i].ctx = ctx;
		jobs[i].want = buf_cstr(&want);
		pthread_create(&th[i], NULL, worker, &jobs[i]);
	}
	for (i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		ok = ok && jobs[i].ok;
	}
	T_OK(ok, "8 threads rendering from one set agree");
	err_free(&e);
	buf_free(&want);
	val_unref(ctx);
	tmpl_set_free(s);
}

/* tmpl_render_watch: where watched values are written, and where they
 * decide sections (patch.h builds on this). */
typedef struct hits {
	char log[512];
} hits;

static void on_hit(void *ctx, int id, size_t off, size_t len, int escaped, int dep)
{
	hits *h = ctx;
	size_t n = strlen(h->log);
	snprintf(h->log + n, sizeof h->log - n, "[%d %zu+%zu %s %d]", id, off, len,
		 escaped ? "esc" : "raw", dep);
}

static void test_watch(void)
{
	tmpl_set *s = tmpl_set_new();
	err_list e;
	value *ctx = data("page: {content: \"<p>a&b</p>\", minutes: 3, tags: [x, y], "
			  "name: body, other: \"<p>a&b</p>\"}\n");
	value *pm = val_get(ctx, "page");
	buf out = BUF_INIT;
	hits h;
	tmpl_watch w;
	err_init(&e);
	add(s, "body", "B", &e);
	add(s, "t", "x{{{page.content}}}|{{page.content}}|{{page.other}}|"
		    "{{#page.content}}[{{.}}]{{/page.content}}{{^page.content}}none{{/page.content}}"
		    "|{{page.minutes}}{{#page.tags}}{{.}}{{/page.tags}}{{>*page.name}}", &e);
	memset(&h, 0, sizeof h);
	memset(&w, 0, sizeof w);
	w.v[0] = val_get(pm, "content");
	w.id[0] = 1;
	w.v[1] = val_get(pm, "minutes");
	w.id[1] = 2;
	w.v[2] = val_get(pm, "tags");
	w.id[2] = 3;
	w.v[3] = val_get(pm, "name");
	w.id[3] = 4;
	w.n = 4;
	w.hit = on_hit;
	w.ctx = &h;
	buf_puts(&out, "prefix:");
	T_OK(tmpl_render_watch(s, tmpl_set_get(s, "t"), ctx, &out, &e, &w) == 0, "watched render");
	T_STREQ(out.ptr, "prefix:x<p>a&b</p>|&lt;p&gt;a&amp;b&lt;/p&gt;|&lt;p&gt;a&amp;b&lt;/p&gt;|"
			 "[&lt;p&gt;a&amp;b&lt;/p&gt;]|3xyB", "watching changes nothing written");
	/* offsets from where the render began (after "prefix:") */
	T_STREQ(h.log, "[1 1+10 raw 0][1 12+26 esc 0][1 66+0 raw 1][1 67+26 esc 0][1 94+0 raw 1]"
		       "[2 95+1 raw 0][3 96+0 raw 2][4 98+0 raw 2]",
		"hits: raw and escaped writes, sections' truth, a list and a partial name whole; "
		"an equal value elsewhere is not the watched node");
	memset(&h, 0, sizeof h);
	buf_reset(&out);
	T_OK(tmpl_render(s, tmpl_set_get(s, "t"), ctx, &out, &e) == 0 && !h.log[0],
	     "no watch: no hits");
	buf_free(&out);
	err_free(&e);
	val_unref(ctx);
	tmpl_set_free(s);
}

int main(void)
{
	t_name = "tmpl";
	test_watch();
	test_escaping();
	test_names();
	test_errors();
	test_partials();
	test_inheritance();
	test_reuse();
	test_threads();
	{
		/* partials that include the next one twice, 40 deep: 2^40
		 * renders; the step bound stops it with an error */
		tmpl_set *bs = tmpl_set_new();
		err_list be;
		buf bb = BUF_INIT;
		char nm[16], src[64];
		value *ctxv = val_map();
		err_init(&be);
		for (int i = 0; i < 40; i++) {
			snprintf(nm, sizeof nm, "p%d", i);
			snprintf(src, sizeof src, "{{>p%d}}{{>p%d}}", i + 1, i + 1);
			tmpl_set_add(bs, nm, src, strlen(src), nm, &be);
		}
		tmpl_set_add(bs, "p40", "x", 1, "p40.mustache", &be);
		T_OK(tmpl_render(bs, tmpl_set_get(bs, "p0"), ctxv, &bb, &be) == -1 && be.nerrors == 1,
		     "exponential partials stop with one error");
		T_OK(be.nerrors == 1 && be.items[0].line >= 1, "the error has a position");
		buf_free(&bb);
		val_unref(ctxv);
		err_free(&be);
		tmpl_set_free(bs);
	}
	return t_done();
}

/* Unit tests: buf, value, err and yamlval. */
#include "buf.h"
#include "err.h"
#include "value.h"
#include "yamlval.h"
#include "t.h"

#include <math.h>
#include <stdlib.h>

static value *parse(const char *s, err_list *e)
{
	return yv_parse(s, strlen(s), "x.yaml", 0, e);
}

static void test_buf(void)
{
	buf b = BUF_INIT;
	T_STREQ(buf_cstr(&b), "", "empty buf is an empty string");
	buf_puts(&b, "a<b>&\"'");
	T_STREQ(b.ptr, "a<b>&\"'", "puts");
	buf_reset(&b);
	buf_put_escaped(&b, "a<b>&\"'", 7);
	T_STREQ(b.ptr, "a&lt;b&gt;&amp;&quot;&#39;", "escaped");
	buf_reset(&b);
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	T_OK(b.len == 3890, "printf grows");
	char *d = buf_detach(&b);
	T_OK(b.ptr == NULL && b.len == 0, "detach empties");
	free(d);
}

static void text_of(const value *v, const char *want, const char *what)
{
	buf b = BUF_INIT;
	val_to_text(v, &b);
	T_STREQ(buf_cstr(&b), want, what);
	buf_free(&b);
}

static void test_scalars(void)
{
	err_list e;
	err_init(&e);
	value *v = parse("a: 1\nb: 1.210\nc: true\nd: ~\ne: '1'\nf: hello world\n"
			 "g: -0x10\nh: 2021-10-05\ni: 1e3\nj: \"\"\nk:\n", &e);
	T_OK(v && v->kind == VAL_MAP, "map parsed");
	T_OK(val_get(v, "a")->kind == VAL_NUM, "int is a number");
	text_of(val_get(v, "a"), "1", "int text");
	text_of(val_get(v, "b"), "1.21", "decimal text is shortest");
	T_OK(val_get(v, "c")->kind == VAL_BOOL && val_get(v, "c")->u.b, "bool");
	T_OK(val_get(v, "d")->kind == VAL_NULL, "tilde is null");
	T_OK(val_get(v, "e")->kind == VAL_STR, "quoted stays a string");
	T_STREQ(val_get_str(v, "f", NULL), "hello world", "plain string");
	T_NUMEQ(val_get(v, "g")->u.n, -16, "hex");
	T_STREQ(val_get_str(v, "h", NULL), "2021-10-05", "dates stay strings");
	T_NUMEQ(val_get(v, "i")->u.n, 1000, "exponent");
	T_OK(val_get(v, "j")->kind == VAL_STR && !val_truthy(val_get(v, "j")),
	     "empty string is falsey");
	T_OK(val_get(v, "k")->kind == VAL_NULL, "empty value is null");
	T_OK(val_get(v, "f")->line == 6 && val_get(v, "f")->col == 4, "positions kept");
	T_OK(e.nerrors == 0, "no errors");
	val_unref(v);
	err_free(&e);
}

static void test_nested(void)
{
	err_list e;
	err_init(&e);
	value *v = parse("menu:\n  - name: Home\n    url: /\n  - name: News\n    url: /news/\n", &e);
	T_OK(val_len(val_get(v, "menu")) == 2, "list of maps");
	T_STREQ(val_cstr(val_path(val_at(val_get(v, "menu"), 1), "url")), "/news/", "path lookup");
	value *c = val_copy(v);
	val_unref(v);
	T_STREQ(val_get_str(val_at(val_get(c, "menu"), 0), "name", NULL), "Home", "deep copy survives");
	val_unref(c);
	err_free(&e);
}

static void test_errors(void)
{
	err_list e;
	err_init(&e);
	value *v = yv_parse("a: 1\nb: [1, 2\n", 14, "bad.yaml", 1, &e);
	T_OK(v == NULL, "unclosed flow list fails");
	T_OK(e.nerrors == 1 && e.items[0].line >= 2, "error has a line (offset applied)");
	T_STREQ(e.items[0].path, "bad.yaml", "error has the path");
	err_free(&e);

	err_init(&e);
	v = parse("a: 1\nb: 2\na: 3\n", &e);
	T_OK(v == NULL && e.nerrors == 1, "duplicate key is an error");
	T_OK(e.nerrors == 1 && e.items[0].line == 3 && e.items[0].col == 1, "at the second key");
	err_free(&e);

	err_init(&e);
	v = parse("x: *nope\n", &e);
	T_OK(v == NULL && e.nerrors == 1, "unknown alias");
	err_free(&e);

	/* billion laughs: shared nodes, bounded expansion */
	err_init(&e);
	buf b = BUF_INIT;
	buf_puts(&b, "a: &a [x, x, x, x, x, x, x, x, x, x]\n");
	for (char c = 'b'; c <= 'j'; c++) {
		buf_printf(&b, "%c: &%c [", c, c);
		for (int i = 0; i < 10; i++)
			buf_printf(&b, "%s*%c", i ? ", " : "", c - 1);
		buf_puts(&b, "]\n");
	}
	v = parse(b.ptr, &e);
	T_OK(v == NULL && e.nerrors >= 1, "alias bomb rejected");
	buf_free(&b);
	err_free(&e);

	/* deep nesting */
	err_init(&e);
	buf_reset(&b);
	for (int i = 0; i < 500; i++)
		buf_putc(&b, '[');
	v = parse(b.ptr, &e);
	T_OK(v == NULL && e.nerrors >= 1, "deep nesting rejected");
	buf_free(&b);
	err_free(&e);

	err_init(&e);
	v = parse("", &e);
	T_OK(v && v->kind == VAL_NULL, "empty document is null");
	val_unref(v);
	err_free(&e);
}

int main(void)
{
	t_name = "value";
	test_buf();
	test_scalars();
	test_nested();
	test_errors();
	return t_done();
}

/* Unit tests: buf, value, err and yamlval. */
#include "buf.h"
#include "err.h"
#include "value.h"
#include "yamlval.h"
#include "t.h"

#include <math.h>
#include <stdio.h>
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
	T_OK(strlen(d) == 3890 && !strcmp(d + 3886, "999,"), "detached text intact");
	free(d);

	/* escapers work eight bytes at a time: specials at every offset */
	for (int at = 0; at < 20; at++) {
		char in[21], want[64], wantj[64];
		memset(in, 'a', 20);
		in[20] = '\0';
		in[at] = '<';
		snprintf(want, sizeof want, "%.*s&lt;%s", at, in, in + at + 1);
		buf_reset(&b);
		buf_put_escaped(&b, in, 20);
		T_STREQ(buf_cstr(&b), want, "escape at any offset");
		in[at] = '\x1f';
		snprintf(wantj, sizeof wantj, "\"%.*s\\u001f%s\"", at, in, in + at + 1);
		buf_reset(&b);
		buf_put_json(&b, in, 20);
		T_STREQ(buf_cstr(&b), wantj, "JSON escape at any offset");
	}
	buf_reset(&b);
	buf_put_escaped(&b, "\xe1\x83\x90 & \xe1\x83\x91 \x80\xff", 12);
	T_STREQ(buf_cstr(&b), "\xe1\x83\x90 &amp; \xe1\x83\x91 \x80\xff", "high bytes are not special");
	buf_reset(&b);
	buf_put_json(&b, "\"\\\n\r\x7f\xc3\xa9", 7);
	T_STREQ(buf_cstr(&b), "\"\\\"\\\\\\n\\u000d\x7f\xc3\xa9\"", "JSON specials");
	buf_free(&b);
	buf_put_escaped(&b, "", 0);
	T_STREQ(b.ptr, "", "escaping nothing gives an empty string");
	buf_free(&b);
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

/* Maps of every size: small ones are searched in order, larger ones
 * (more than 16 keys) through a hash index that grows with them. */
static void test_large_maps(void)
{
	char key[64];
	int n, i, ok;
	for (n = 0; n <= 3000; n = n < 40 ? n + 1 : n * 3) {
		value *m = val_map();
		for (i = 0; i < n; i++) {
			snprintf(key, sizeof key, "k%d", i);
			val_set_num(m, key, i);
		}
		T_OK(val_len(m) == (size_t)n, "one entry per key");
		/* order of insertion, every key found */
		ok = 1;
		for (i = 0; i < n; i++) {
			snprintf(key, sizeof key, "k%d", i);
			ok &= strcmp(m->u.map.keys[i], key) == 0 && m->u.map.vals[i]->u.n == i;
			ok &= val_get(m, key) == m->u.map.vals[i];
			ok &= val_getn(m, key, strlen(key)) == m->u.map.vals[i];
		}
		T_OK(ok, "keys in order, each found");
		/* absent keys, including prefixes and extensions of present ones */
		ok = val_get(m, "k") == NULL && val_get(m, "") == NULL && val_get(m, "x") == NULL;
		for (i = 0; i < n; i += 7) {
			snprintf(key, sizeof key, "k%dx", i);
			ok &= val_get(m, key) == NULL;
			ok &= val_getn(m, key, strlen(key) - 1) == m->u.map.vals[i];
		}
		T_OK(ok, "absent keys are absent; getn uses exactly keylen bytes");
		/* replacing keeps the place and the count */
		for (i = 0; i < n; i += 3) {
			snprintf(key, sizeof key, "k%d", i);
			val_set_str(m, key, "new");
		}
		ok = val_len(m) == (size_t)n;
		for (i = 0; i < n; i++) {
			snprintf(key, sizeof key, "k%d", i);
			ok &= strcmp(m->u.map.keys[i], key) == 0;
			ok &= i % 3 ? m->u.map.vals[i]->kind == VAL_NUM && m->u.map.vals[i]->u.n == i
				    : m->u.map.vals[i]->kind == VAL_STR &&
					      !strcmp(val_cstr(m->u.map.vals[i]), "new");
		}
		T_OK(ok, "replace keeps position and count");
		/* a copy is the same map */
		value *c = val_copy(m);
		buf a = BUF_INIT, b = BUF_INIT;
		val_to_json(m, &a);
		val_to_json(c, &b);
		T_STREQ(buf_cstr(&b), buf_cstr(&a), "copy of a large map");
		buf_free(&a);
		buf_free(&b);
		val_unref(c);
		val_unref(m);
	}

	/* keys of odd lengths and bytes; the empty key; long keys */
	value *m = val_map();
	char big[300];
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	val_set_num(m, "", 1);
	val_set_num(m, big, 2);
	val_set_num(m, "\xe1\x83\x90", 3);
	for (i = 0; i < 40; i++) {
		snprintf(key, sizeof key, "%.*s", i + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
		val_set_num(m, key, 10 + i);
	}
	T_OK(val_get(m, "")->u.n == 1 && val_get(m, big)->u.n == 2 &&
	     val_get(m, "\xe1\x83\x90")->u.n == 3, "empty, long and UTF-8 keys");
	T_OK(val_get(m, "abc")->u.n == 12 && val_getn(m, "abcdef", 3)->u.n == 12, "prefix keys");
	T_OK(val_getn(m, "a\0b", 3) == NULL && val_getn(m, "", 0)->u.n == 1, "NUL within keylen");
	val_set_num(m, "", 5);
	T_OK(val_len(m) == 43 && val_get(m, "")->u.n == 5 && !strcmp(m->u.map.keys[0], ""),
	     "replace the empty key in place");
	buf j = BUF_INIT;
	value *sm = val_map();
	val_set_str(sm, "b", "x\"\\\n\t\x01");
	val_set_num(sm, "a", 1);
	val_set(sm, "b", val_str("y"));
	val_to_json(sm, &j);
	T_STREQ(buf_cstr(&j), "{\"b\":\"y\",\"a\":1}", "JSON keeps insertion order after replace");
	buf_reset(&j);
	val_set_str(sm, "c", "q\"\\\n\t\x01\x7f\xe1\x83\x90");
	val_to_json(val_get(sm, "c"), &j);
	T_STREQ(buf_cstr(&j), "\"q\\\"\\\\\\n\\u0009\\u0001\x7f\xe1\x83\x90\"", "JSON escapes");
	buf_free(&j);
	val_unref(sm);
	val_unref(m);

	/* a value shared by two maps, replaced in one */
	value *x = val_str("shared"), *m1 = val_map(), *m2 = val_map();
	for (i = 0; i < 20; i++) {
		snprintf(key, sizeof key, "s%d", i);
		val_set(m1, key, val_ref(x));
		val_set(m2, key, val_ref(x));
	}
	val_set_num(m1, "s5", 0);
	T_OK(x->refs == 40, "references counted across maps");
	val_unref(m1);
	T_STREQ(val_cstr(val_get(m2, "s5")), "shared", "the other map keeps it");
	val_unref(m2);
	T_OK(x->refs == 1, "all references returned");
	val_unref(x);

	/* set on something that is not a map drops the value */
	value *l = val_list();
	val_set_num(l, "a", 1);
	T_OK(val_len(l) == 0 && val_get(l, "a") == NULL, "val_set on a list");
	val_unref(l);
}

static void test_strings(void)
{
	value *s = val_strn("abc\0def", 7);
	T_OK(s->u.str.len == 7 && !memcmp(s->u.str.s, "abc\0def", 8), "strn keeps NULs and ends in one");
	value *c = val_copy(s);
	T_OK(c->u.str.len == 7 && !memcmp(c->u.str.s, "abc\0def", 8), "copy of a string");
	val_unref(s);
	val_unref(c);
	char *own = malloc(4);
	memcpy(own, "own", 4);
	s = val_str_take(own);
	T_OK(val_cstr(s) == own && s->u.str.len == 3, "take keeps the caller's block");
	val_unref(s);
	s = val_str("");
	T_OK(val_cstr(s) && !val_cstr(s)[0] && !val_truthy(s), "empty string");
	val_unref(s);
}

int main(void)
{
	t_name = "value";
	test_buf();
	test_scalars();
	test_nested();
	test_errors();
	test_large_maps();
	test_strings();
	return t_done();
}

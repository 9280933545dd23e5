/*
 * fuzz_tmpl.c - Mustache: compile (tokenize, match, standalone lines,
 * inheritance) and render (partials, parents, blocks, dynamic names).
 *
 * Input: parts separated by "\n%%\n":
 *   part 0   the template "main"
 *   part 1   a YAML context (a default context when absent or invalid)
 *   part 2.. templates "p", "q", "r", "s" (partials or parents)
 * so "main" may include itself or the others, and they each other.
 * Checked besides memory safety:
 *   - tmpl_set_add fails exactly when it reports an error;
 *   - tmpl_render returns -1 exactly when it reports one (self-inclusion
 *     is an error, never a stack overflow);
 *   - compiling the same source twice renders the same bytes;
 *   - a context string holding markup comes out escaped by {{name}}.
 */
#include "buf.h"
#include "err.h"
#include "tmpl.h"
#include "value.h"
#include "yamlval.h"

#include "fuzz_common.h"

#define SEP "\n%%\n"
#define MAXPARTS 6

static const char *const names[MAXPARTS] = {"main", NULL, "p", "q", "r", "s"};

static value *default_ctx(void)
{
	value *m = val_map(), *l = val_list(), *it;
	int i;
	val_set_str(m, "name", "<b>&\"'</b>");
	val_set_num(m, "n", 3);
	val_set_bool(m, "t", 1);
	val_set_bool(m, "f", 0);
	val_set_str(m, "dyn", "p");
	for (i = 0; i < 3; i++) {
		it = val_map();
		val_set_num(it, "i", i);
		val_set_str(it, "name", i == 1 ? "q" : "x");
		val_push(l, it);
	}
	val_set(m, "list", l);
	it = val_map();
	val_set_str(it, "b", "c");
	val_set(m, "a", it);
	return m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off[MAXPARTS], len[MAXPARTS], n = 0, pos = 0, a, b, i;
	tmpl_set *set;
	err_list e;
	value *ctx = NULL;
	int ok_main, before;

	if (size > 64 * 1024)
		return 0;
	/* split into parts */
	while (n < MAXPARTS) {
		int found = fz_split(data + pos, size - pos, SEP, &a, &b);
		off[n] = pos;
		len[n] = a;
		n++;
		if (!found)
			break;
		pos += b;
	}
	err_init(&e);
	if (n > 1 && len[1]) {
		err_list ye;
		err_init(&ye);
		ctx = yv_parse((const char *)data + off[1], len[1], "ctx.yaml", 0, &ye);
		err_free(&ye);
	}
	if (!ctx)
		ctx = default_ctx();

	set = tmpl_set_new();
	ok_main = 0;
	for (i = 0; i < n; i++) {
		if (!names[i])
			continue;
		before = e.nerrors;
		if (tmpl_set_add(set, names[i], (const char *)data + off[i], len[i],
				 names[i], &e) == 0) {
			FZ_ASSERT(e.nerrors == before, "template added but errors reported");
			FZ_ASSERT(tmpl_set_get(set, names[i]) != NULL, "added template not found");
			if (i == 0)
				ok_main = 1;
		} else {
			FZ_ASSERT(e.nerrors > before, "template refused without an error");
		}
	}
	fz_check_errs(&e, NULL);
	if (ok_main) {
		buf out = BUF_INIT, again = BUF_INIT;
		err_list re, re2;
		int rc, rc2;
		err_init(&re);
		err_init(&re2);
		rc = tmpl_render(set, tmpl_set_get(set, "main"), ctx, &out, &re);
		FZ_ASSERT((rc != 0) == (re.nerrors > 0), "render status and errors disagree");
		fz_check_errs(&re, NULL);
		/* rendering only reads: a second render gives the same bytes */
		rc2 = tmpl_render(set, tmpl_set_get(set, "main"), ctx, &again, &re2);
		FZ_ASSERT(rc == rc2 && out.len == again.len &&
				  !memcmp(buf_cstr(&out), buf_cstr(&again), out.len),
			  "two renders differ");
		/* and a NULL error list is allowed */
		buf_reset(&again);
		tmpl_render(set, tmpl_set_get(set, "main"), ctx, &again, NULL);
		buf_free(&out);
		buf_free(&again);
		err_free(&re);
		err_free(&re2);
	}
	/* {{name}} escapes: never the raw markup of the default context */
	{
		value *d = default_ctx();
		buf out = BUF_INIT;
		tmpl_render_string(set, "{{name}}|{{#list}}{{name}}{{/list}}|{{a.b}}", d, &out, NULL);
		FZ_ASSERT(!strstr(buf_cstr(&out), "<b>"), "{{name}} not escaped");
		buf_free(&out);
		val_unref(d);
	}
	tmpl_set_free(set);
	val_unref(ctx);
	err_free(&e);
	return 0;
}

/*
 * The official Mustache spec as a test: every case of every spec file
 * (lambdas excepted: tmpl does not support them) is loaded at run time
 * from the directory given as argv[1], default ../shared/spec/mustache
 * (relative to the repository root, where tests run).  The spec files
 * are not copied into the repository.
 */
#include "buf.h"
#include "err.h"
#include "tmpl.h"
#include "util.h"
#include "value.h"
#include "yamlval.h"
#include "t.h"

#include <stdlib.h>

static const char *const spec_files[] = {
	"comments.yml", "delimiters.yml", "interpolation.yml", "inverted.yml",
	"partials.yml", "sections.yml", "~inheritance.yml", "~dynamic-names.yml",
};

/* s with newlines, tabs and CRs made visible, for failure messages
 * (whitespace is what most spec cases are about).  Caller frees. */
static char *visible(const char *s)
{
	buf b = BUF_INIT;
	for (; *s; s++) {
		if (*s == '\n')
			buf_puts(&b, "\\n");
		else if (*s == '\r')
			buf_puts(&b, "\\r");
		else if (*s == '\t')
			buf_puts(&b, "\\t");
		else
			buf_putc(&b, *s);
	}
	return buf_detach(&b);
}

static void run_case(const char *file, const value *tc)
{
	const char *name = val_get_str(tc, "name", "(unnamed)");
	const char *src = val_get_str(tc, "template", NULL);
	const char *want = val_get_str(tc, "expected", NULL);
	const value *partials = val_get(tc, "partials");
	tmpl_set *set = tmpl_set_new();
	buf out = BUF_INIT;
	err_list errs;
	char what[512];
	int ok;
	size_t i;

	err_init(&errs);
	snprintf(what, sizeof what, "%s: %s", file, name);
	if (!src || !want) {
		fprintf(stderr, "%s: case without template or expected\n", what);
		T_OK(0, what);
		goto done;
	}
	if (partials && partials->kind == VAL_MAP) {
		for (i = 0; i < partials->u.map.len; i++) {
			const char *pname = partials->u.map.keys[i];
			const char *psrc = val_cstr(partials->u.map.vals[i]);
			if (psrc)
				tmpl_set_add(set, pname, psrc, strlen(psrc), pname, &errs);
		}
	}
	tmpl_render_string(set, src, val_get(tc, "data"), &out, &errs);
	ok = errs.nerrors == 0 && strcmp(buf_cstr(&out), want) == 0;
	if (!ok) {
		char *g = visible(buf_cstr(&out)), *w = visible(want);
		fprintf(stderr, "FAIL %s\n  got:  [%s]\n  want: [%s]\n", what, g, w);
		if (errs.nerrors)
			err_print(&errs, stderr, 0);
		free(g);
		free(w);
	}
	T_OK(ok, what);
done:
	buf_free(&out);
	err_free(&errs);
	tmpl_set_free(set);
}

static void run_file(const char *dir, const char *file)
{
	char *path = path_join(dir, file);
	err_list errs;
	value *doc;
	const value *tests;
	size_t i;

	err_init(&errs);
	doc = yv_load_file(path, &errs);
	tests = val_get(doc, "tests");
	if (!doc || !tests || tests->kind != VAL_LIST || tests->u.list.len == 0) {
		fprintf(stderr, "FAIL cannot load the spec cases in %s\n", path);
		if (errs.len)
			err_print(&errs, stderr, 0);
		T_OK(0, "spec file loads");
	} else {
		for (i = 0; i < tests->u.list.len; i++)
			run_case(file, tests->u.list.items[i]);
	}
	val_unref(doc);
	err_free(&errs);
	free(path);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "../shared/spec/mustache";
	size_t i;

	t_name = "mustache";
	if (!is_dir(dir)) {
		fprintf(stderr, "FAIL the Mustache spec directory %s is missing "
			"(give its path as the first argument)\n", dir);
		T_OK(0, "spec directory exists");
		return t_done();
	}
	for (i = 0; i < sizeof spec_files / sizeof spec_files[0]; i++)
		run_file(dir, spec_files[i]);
	return t_done();
}

/*
 * fuzz_yaml.c - YAML (front matter, site.yaml, data sets, table and chart
 * specs) to the value tree: yamlval.c over libyaml.
 *
 * The input is a YAML document, read as the front matter of a content
 * file (lines offset by 1).  Checked besides memory safety:
 *   - a NULL result comes with at least one error, a tree with none;
 *   - every error names the file;
 *   - the tree, with its aliases expanded, stays within YV_MAX_NODES
 *     (the alias-bomb bound), and nests at most YV_MAX_DEPTH deep;
 *   - maps have no repeated keys;
 *   - JSON of the tree and of a deep copy agree;
 *   - every string that url_problem() accepts maps to an output file
 *     that stays inside the output directory, and every slug made from
 *     a string is [a-z0-9-] without leading, trailing or double '-';
 *   - a date that parses prints back as one that parses to the same day.
 */
#include "buf.h"
#include "content.h"
#include "date.h"
#include "err.h"
#include "output.h"
#include "slug.h"
#include "value.h"
#include "yamlval.h"

#include "fuzz_common.h"

#define PATH "content/news/f.en.md"

typedef struct walk {
	size_t nodes;   /* expanded */
	size_t strings; /* strings checked, to bound the work per input */
	int too_big;
} walk;

static void check_out_file(const char *url)
{
	char *f = out_file_for_url(url);
	const char *seg;
	FZ_ASSERT(f != NULL, "url_problem accepted a URL that out_file_for_url refuses");
	FZ_ASSERT(f[0] && f[0] != '/', "output file is absolute or empty");
	FZ_ASSERT(!strchr(f, '\\') && !strchr(f, '%'), "output file has '\\' or '%'");
	for (seg = f;;) {
		const char *e = strchr(seg, '/');
		size_t n = e ? (size_t)(e - seg) : strlen(seg);
		FZ_ASSERT(n > 0, "empty segment in an output file");
		FZ_ASSERT(!(n == 1 && seg[0] == '.') && !(n == 2 && seg[0] == '.' && seg[1] == '.'),
			  "'.' or '..' segment in an output file");
		if (!e)
			break;
		seg = e + 1;
	}
	free(f);
}

static void check_slug(const char *s)
{
	char *sl = slug_make(s);
	size_t i, n = strlen(sl);
	for (i = 0; i < n; i++)
		FZ_ASSERT((sl[i] >= 'a' && sl[i] <= 'z') || (sl[i] >= '0' && sl[i] <= '9') ||
				  sl[i] == '-',
			  "slug has a character outside [a-z0-9-]");
	if (n) {
		FZ_ASSERT(sl[0] != '-' && sl[n - 1] != '-', "slug starts or ends with '-'");
		FZ_ASSERT(!strstr(sl, "--"), "slug has '--'");
	}
	free(sl);
}

static void check_date(const char *s)
{
	date d, d2;
	buf b = BUF_INIT;
	if (date_parse(s, &d) != 0)
		return;
	FZ_ASSERT(d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= 31, "date out of range");
	date_iso(&d, &b);
	FZ_ASSERT(date_parse(buf_cstr(&b), &d2) == 0, "date_iso output does not parse");
	FZ_ASSERT(d2.year == d.year && d2.month == d.month && d2.day == d.day,
		  "date does not round-trip");
	buf_reset(&b);
	date_display(&d, "ka", &b);
	date_display(&d, "en", &b);
	date_rfc3339(&d, &b);
	buf_free(&b);
}

static void check_string(walk *w, const value *v)
{
	const char *s = v->u.str.s;
	if (w->strings++ > 2000)
		return;
	FZ_ASSERT(strlen(s) == v->u.str.len, "string with an inner NUL");
	if (!url_problem(s))
		check_out_file(s);
	check_slug(s);
	check_date(s);
}

static void visit(walk *w, const value *v, int depth)
{
	size_t i;
	if (w->too_big)
		return;
	if (++w->nodes > YV_MAX_NODES + 1) {
		w->too_big = 1;
		return;
	}
	FZ_ASSERT(depth <= YV_MAX_DEPTH + 1, "tree deeper than YV_MAX_DEPTH");
	FZ_ASSERT(v->line >= 0 && v->col >= 0, "negative position");
	FZ_ASSERT(v->refs > 0, "node without a reference");
	switch (v->kind) {
	case VAL_STR:
		check_string(w, v);
		break;
	case VAL_LIST:
		for (i = 0; i < v->u.list.len; i++)
			visit(w, v->u.list.items[i], depth + 1);
		break;
	case VAL_MAP:
		for (i = 0; i < v->u.map.len; i++) {
			size_t k;
			if (v->u.map.len < 200)
				for (k = 0; k < i; k++)
					FZ_ASSERT(strcmp(v->u.map.keys[k], v->u.map.keys[i]) != 0,
						  "repeated map key");
			FZ_ASSERT(val_get(v, v->u.map.keys[i]) == v->u.map.vals[i],
				  "val_get does not find a key");
			visit(w, v->u.map.vals[i], depth + 1);
		}
		break;
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	err_list e;
	value *v;
	walk w = {0, 0, 0};

	err_init(&e);
	v = yv_parse((const char *)data, size, PATH, 1, &e);
	fz_check_errs(&e, PATH);
	FZ_ASSERT((v == NULL) == (e.nerrors > 0), "result and errors disagree");
	if (v) {
		visit(&w, v, 0);
		FZ_ASSERT(!w.too_big, "alias expansion exceeds YV_MAX_NODES");
		if (w.nodes < 20000) {
			buf a = BUF_INIT, b = BUF_INIT;
			value *c = val_copy(v);
			val_to_json(v, &a);
			val_to_json(c, &b);
			FZ_ASSERT(a.len == b.len && !memcmp(buf_cstr(&a), buf_cstr(&b), a.len),
				  "a deep copy differs");
			buf_reset(&a);
			val_to_text(v, &a);
			buf_free(&a);
			buf_free(&b);
			val_unref(c);
		}
		val_unref(v);
	}
	/* the same bytes as text, as content.c sees a whole file */
	{
		size_t bad = utf8_invalid_at((const char *)data, size);
		int line, col;
		FZ_ASSERT(bad <= size, "utf8_invalid_at past the end");
		if (bad < size) {
			text_position((const char *)data, bad, &line, &col);
			FZ_ASSERT(line >= 1 && col >= 1, "text_position below 1");
		}
	}
	err_free(&e);
	return 0;
}

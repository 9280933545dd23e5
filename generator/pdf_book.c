/* pdf_book.c - see pdf_book.h */
#include "pdf_book.h"
#include "util.h"
#include "yamlval.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static void book_free(pdf_book *b);

static const char *const known_keys[] = {
	"title", "subtitle", "authors", "languages", "introduction", "chapters", "cover",
	"page", "output", "date", "numbering", "colophon", "keywords", NULL};

const char *pdf_lang_text(const value *v, const char *lang)
{
	if (!v)
		return NULL;
	if (v->kind == VAL_STR)
		return v->u.str.s;
	if (v->kind == VAL_MAP) {
		const char *s = val_cstr(val_get(v, lang));
		return s ? s : v->u.map.len ? val_cstr(v->u.map.vals[0]) : NULL;
	}
	return NULL;
}

const char *pdf_book_text(const pdf_book *b, const char *key, const char *lang)
{
	return pdf_lang_text(val_path(b->raw, key), lang);
}

value *pdf_book_list(const pdf_book *b, const char *key, const char *lang)
{
	const value *v = val_path(b->raw, key);
	value *out = val_list();
	size_t i;
	if (v && v->kind == VAL_MAP && val_get(v, lang) && val_get(v, lang)->kind == VAL_LIST)
		v = val_get(v, lang);
	if (v && v->kind == VAL_LIST) {
		for (i = 0; i < v->u.list.len; i++) {
			const char *s = pdf_lang_text(v->u.list.items[i], lang);
			if (s)
				val_push(out, val_str(s));
		}
	} else if (pdf_lang_text(v, lang)) {
		val_push(out, val_str(pdf_lang_text(v, lang)));
	}
	return out;
}

page *pdf_book_page(const site *s, const pdf_book *b, const char *name, int lang)
{
	size_t i;
	for (i = 0; i < s->npages; i++) {
		page *p = s->pages[i];
		if (p->src && p->lang == lang && p->dir && p->name && !strcmp(p->dir, b->dir) &&
		    !strcmp(p->name, name))
			return p;
	}
	return NULL;
}

char *pdf_book_file(const pdf_book *b, const char *lang)
{
	return xasprintf("pdf/%s.%s.pdf", b->output, lang);
}

/* ---- reading one book.yaml ---- */

/* A length: "170mm", "17cm", "6.5in", "480pt" or a number of points. */
static int length(const value *v, double *out)
{
	char *end;
	double x;
	if (v && v->kind == VAL_NUM) {
		*out = v->u.n;
		return *out > 0 ? 0 : -1;
	}
	if (!v || v->kind != VAL_STR)
		return -1;
	x = strtod(v->u.str.s, &end);
	if (end == v->u.str.s || x <= 0)
		return -1;
	if (!strcmp(end, "mm"))
		x *= 72 / 25.4;
	else if (!strcmp(end, "cm"))
		x *= 72 / 2.54;
	else if (!strcmp(end, "in"))
		x *= 72;
	else if (strcmp(end, "pt") != 0 && *end)
		return -1;
	*out = x;
	return 0;
}

static void page_size(pdf_book *b, const value *v, err_list *errs)
{
	static const struct {
		const char *name;
		double w, h;
	} sizes[] = {{"A4", 595.276, 841.890}, {"A5", 419.528, 595.276},
		     {"B5", 498.898, 708.661}, {"letter", 612, 792}};
	size_t i;
	b->width = sizes[0].w;
	b->height = sizes[0].h;
	if (!v)
		return;
	if (v->kind == VAL_STR) {
		for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
			if (!strcasecmp(v->u.str.s, sizes[i].name)) {
				b->width = sizes[i].w;
				b->height = sizes[i].h;
				return;
			}
	} else if (v->kind == VAL_MAP) {
		double w, h;
		if (length(val_get(v, "width"), &w) == 0 && length(val_get(v, "height"), &h) == 0) {
			/* small pages cannot hold the margins and a line */
			if (w >= 200 && h >= 280 && w <= 2000 && h <= 3000) {
				b->width = w;
				b->height = h;
				return;
			}
		}
	}
	err_add(errs, b->path, v->line, v->col,
		"bad page size: A4, A5, B5, letter or {width: 170mm, height: 240mm} "
		"(between 71 x 99 mm and 705 x 1058 mm)");
}

static int valid_name(const char *s)
{
	if (!s || !*s || *s == '.' || *s == '-')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_' || *s == '.'))
			return 0;
	return 1;
}

static int valid_date(const char *s)
{
	int i;
	if (!s || strlen(s) != 10)
		return 0;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return 0;
	return atoi(s + 5) >= 1 && atoi(s + 5) <= 12 && atoi(s + 8) >= 1 && atoi(s + 8) <= 31;
}

/* The chapter page must exist in every language of the book. */
static void check_chapter(const site *s, pdf_book *b, const char *name, const value *at,
			  err_list *errs)
{
	size_t l;
	for (l = 0; l < b->nlangs; l++) {
		const char *code = s->cfg->langs[b->langs[l]].code;
		if (!pdf_book_page(s, b, name, b->langs[l])) {
			char *f = xasprintf("content/%s/%s.%s.md", b->dir, name, code);
			if (is_file(f))
				err_add(errs, b->path, at->line, at->col,
					"chapter '%s' (%s) is not in the site (a draft?)", name, f);
			else
				err_add(errs, b->path, at->line, at->col,
					"chapter '%s' has no file %s", name, f);
			free(f);
		}
	}
}

static pdf_book *book_load(const site *s, const char *path, err_list *errs)
{
	int before = errs->nerrors;
	value *raw = yv_load_file(path, errs), *v;
	pdf_book *b;
	size_t i, l;
	if (!raw)
		return NULL;
	b = xcalloc(1, sizeof *b);
	b->path = xstrdup(path);
	b->raw = raw;
	/* "content/guides/x/book.yaml" -> "guides/x" */
	b->dir = xstrndup(path + strlen("content/"),
			  strlen(path) - strlen("content/") - strlen("/book.yaml"));
	if (raw->kind != VAL_MAP) {
		err_add(errs, path, raw->line ? raw->line : 1, raw->col ? raw->col : 1,
			"book.yaml holds a mapping (title:, chapters:, ...)");
		goto fail;
	}
	for (i = 0; i < raw->u.map.len; i++) {
		size_t k;
		for (k = 0; known_keys[k] && strcmp(known_keys[k], raw->u.map.keys[i]); k++)
			;
		if (!known_keys[k])
			err_warn(errs, path, raw->u.map.vals[i]->line, raw->u.map.vals[i]->col,
				 "unknown key '%s'", raw->u.map.keys[i]);
	}

	/* languages */
	v = val_get(raw, "languages");
	if (!v) {
		for (l = 0; l < s->cfg->nlangs; l++)
			b->langs[b->nlangs++] = (int)l;
	} else if (v->kind != VAL_LIST || !v->u.list.len) {
		err_add(errs, path, v->line, v->col, "'languages' lists language codes: [ka, en]");
	} else {
		for (i = 0; i < v->u.list.len; i++) {
			const value *c = v->u.list.items[i];
			int li = val_cstr(c) ? cfg_lang(s->cfg, c->u.str.s) : -1;
			if (li < 0) {
				buf t = BUF_INIT;
				val_to_text(c, &t);
				err_add(errs, path, c->line, c->col,
					"unknown language '%s' (site.yaml has no such language)", buf_cstr(&t));
				buf_free(&t);
				continue;
			}
			for (l = 0; l < b->nlangs && b->langs[l] != li; l++)
				;
			if (l < b->nlangs) {
				err_add(errs, path, c->line, c->col, "language '%s' listed twice", c->u.str.s);
				continue;
			}
			if (b->nlangs < CFG_MAX_LANGS)
				b->langs[b->nlangs++] = li;
		}
	}

	/* introduction and chapters */
	v = val_get(raw, "introduction");
	if (v) {
		const value *pg = v->kind == VAL_MAP ? val_get(v, "page") : v;
		if (!val_cstr(pg) || !valid_name(pg->u.str.s))
			err_add(errs, path, v->line, v->col,
				"'introduction' names a page of the book's directory (_index)");
		else {
			b->intro = xstrdup(pg->u.str.s);
			check_chapter(s, b, b->intro, pg, errs);
		}
	}
	v = val_get(raw, "chapters");
	if (!v || v->kind != VAL_LIST || !v->u.list.len) {
		err_add(errs, path, v ? v->line : 1, v ? v->col : 1,
			"'chapters' lists the chapter files by name: [01-why, 02-how]");
	} else {
		b->chapters = xcalloc(v->u.list.len, sizeof *b->chapters);
		for (i = 0; i < v->u.list.len; i++) {
			const value *c = v->u.list.items[i];
			size_t k;
			if (!val_cstr(c) || !valid_name(c->u.str.s)) {
				err_add(errs, path, c->line, c->col,
					"a chapter is a file name without .LANG.md (01-why-participation)");
				continue;
			}
			for (k = 0; k < b->nchapters && strcmp(b->chapters[k], c->u.str.s); k++)
				;
			if (k < b->nchapters || (b->intro && !strcmp(b->intro, c->u.str.s))) {
				err_add(errs, path, c->line, c->col, "chapter '%s' listed twice", c->u.str.s);
				continue;
			}
			check_chapter(s, b, c->u.str.s, c, errs);
			b->chapters[b->nchapters++] = xstrdup(c->u.str.s);
		}
	}

	page_size(b, val_get(raw, "page"), errs);

	v = val_get(raw, "output");
	if (v) {
		if (!val_cstr(v) || !valid_name(v->u.str.s))
			err_add(errs, path, v->line, v->col,
				"'output' is a file name base (letters, digits, '-', '_')");
		else
			b->output = xstrdup(v->u.str.s);
	}
	if (!b->output) {
		const char *slash = strrchr(b->dir, '/');
		b->output = xstrdup(slash ? slash + 1 : b->dir);
	}

	v = val_get(raw, "date");
	if (v) {
		buf t = BUF_INIT;
		val_to_text(v, &t);
		if (!valid_date(buf_cstr(&t)))
			err_add(errs, path, v->line, v->col, "'date' must be YYYY-MM-DD");
		else
			b->date = xstrdup(buf_cstr(&t));
		buf_free(&t);
	}

	v = val_get(raw, "cover");
	if (v) {
		if (!val_cstr(v)) {
			err_add(errs, path, v->line, v->col, "'cover' names an image file");
		} else {
			char *d = xasprintf("content/%s", b->dir);
			char *f = path_join(d, v->u.str.s);
			size_t n = strlen(f);
			free(d);
			if (strstr(v->u.str.s, "..") || v->u.str.s[0] == '/')
				err_add(errs, path, v->line, v->col,
					"'cover' is a file beside book.yaml");
			else if (!is_file(f))
				err_add(errs, path, v->line, v->col, "cover image %s not found", f);
			else if (!(n > 4 && (!strcasecmp(f + n - 4, ".png") || !strcasecmp(f + n - 4, ".jpg") ||
					      (n > 5 && !strcasecmp(f + n - 5, ".jpeg")))))
				err_add(errs, path, v->line, v->col, "the cover must be a PNG or JPEG image");
			else
				b->cover = xstrdup(f);
			free(f);
		}
	}

	b->numbering = 2;
	v = val_get(raw, "numbering");
	if (v) {
		if (v->kind == VAL_BOOL)
			b->numbering = v->u.b ? 2 : 0;
		else if (v->kind == VAL_NUM && v->u.n >= 0 && v->u.n <= 4 && v->u.n == (int)v->u.n)
			b->numbering = (int)v->u.n;
		else
			err_add(errs, path, v->line, v->col,
				"'numbering' is the deepest numbered heading level, 0 to 4");
	}

	v = val_get(raw, "colophon");
	if (v && v->kind != VAL_MAP)
		err_add(errs, path, v->line, v->col,
			"'colophon' is a mapping (partners:, donor:, licence:, edition:)");
	if (errs->nerrors > before)
		goto fail;
	return b;
fail:
	book_free(b);
	return NULL;
}

/* ---- finding the books ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every book.yaml under dir, sorted; content/static is not content. */
static void scan(const char *dir, int depth, char ***out, size_t *n, size_t *cap)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t nn = 0, cn = 0, i;
	if (!d || depth > 32) {
		if (d)
			closedir(d);
		return;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		xgrow(&names, &cn, nn + 1, sizeof *names);
		names[nn++] = xstrdup(e->d_name);
	}
	closedir(d);
	xsort(names, nn, sizeof *names, cmp_str);
	for (i = 0; i < nn; i++) {
		char *p = path_join(dir, names[i]);
		if (depth == 0 && !strcmp(names[i], "static")) {
			free(p);
		} else if (is_dir(p)) {
			scan(p, depth + 1, out, n, cap);
			free(p);
		} else if (depth > 0 && !strcmp(names[i], "book.yaml")) {
			xgrow(out, cap, *n + 1, sizeof **out);
			(*out)[(*n)++] = p;
		} else {
			free(p);
		}
		free(names[i]);
	}
	free(names);
}

pdf_book **pdf_books_load(const site *s, size_t *n, err_list *errs)
{
	char **paths = NULL;
	size_t np = 0, cap = 0, i, k;
	pdf_book **books;
	if (s->scanned) {
		/* the content reader has found them (and made a looping link
		 * an error): no second walk of the tree */
		paths = xcalloc(s->nbook_files + 1, sizeof *paths);
		for (np = 0; np < s->nbook_files; np++)
			paths[np] = xstrdup(s->book_files[np]);
	} else
		scan("content", 0, &paths, &np, &cap);
	books = xcalloc(np + 1, sizeof *books);
	*n = 0;
	for (i = 0; i < np; i++) {
		pdf_book *b = book_load(s, paths[i], errs);
		free(paths[i]);
		if (!b)
			continue;
		for (k = 0; k < *n && strcmp(books[k]->output, b->output); k++)
			;
		if (k < *n) {
			const value *o = val_get(b->raw, "output");
			err_add(errs, b->path, o ? o->line : 1, o ? o->col : 1,
				"output '%s' is also the output of %s", b->output, books[k]->path);
			book_free(b);
			continue;
		}
		books[(*n)++] = b;
	}
	free(paths);
	return books;
}

void pdf_books_free(pdf_book **books, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		book_free(books[i]);
	free(books);
}

static void book_free(pdf_book *b)
{
	size_t k;
	if (!b)
		return;
	{
		free(b->path);
		free(b->dir);
		free(b->output);
		val_unref(b->raw);
		for (k = 0; k < b->nchapters; k++)
			free(b->chapters[k]);
		free(b->chapters);
		free(b->intro);
		free(b->date);
		free(b->cover);
		free(b);
	}
}

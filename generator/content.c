/*
 * content.c - read content/ into pages: find the files, split front
 * matter from Markdown, check every front matter field, render the
 * Markdown.  Files are parsed on several threads; each writes only its
 * own page, and problems go to the shared (locked) error list.
 */
#define _DEFAULT_SOURCE
#include "content.h"
#include "cache.h"
#include "pool.h"
#include "site.h"
#include "slug.h"
#include "figures.h"
#include "htab.h"
#include "tables.h"
#include "util.h"
#include "yamlval.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FRONT_MATTER (256 * 1024)

const char *url_problem(const char *url)
{
	const char *p, *seg;
	if (url[0] != '/')
		return "must start with '/'";
	for (p = url; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f)
			return "has a control character";
		if (c == '\\')
			return "has a backslash";
		if (c == '%')
			return "has percent-encoding; write the characters themselves";
		if (c == '?' || c == '#')
			return "has a query or fragment";
	}
	seg = url + 1;
	for (;;) {
		const char *end = strchr(seg, '/');
		size_t n = end ? (size_t)(end - seg) : strlen(seg);
		if (n == 0 && end)
			return "has an empty segment ('//')";
		if ((n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return "has a '.' or '..' segment";
		if (!end)
			break;
		seg = end + 1;
	}
	return NULL;
}

/* ---- finding files ---- */

typedef struct found {
	char **md;     /* content/...md */
	size_t nmd, capmd;
	htab *book_dirs; /* "guides/x" for content/guides/x/book.yaml */
	htab *seen;    /* "dev:inode" of directories walked: links may loop */
} found;

/* Walk dir (a path under content/) in sorted order.  Symbolic links are
 * followed only when they stay inside content/, so that a link cannot
 * publish a file from elsewhere on the machine. */
static void scan(site *s, found *f, const char *dir, const char *root_real,
		 int depth, err_list *errs)
{
	size_t n, i;
	char **names;
	unsigned char *types;
	if (depth > 32) {
		err_add(errs, dir, 0, 0, "directories nested too deeply");
		return;
	}
	/* hidden files such as .DS_Store are left out */
	if (!(names = dir_list_types(dir, &n, &types))) {
		err_add(errs, dir, 0, 0, "cannot read directory: %s", strerror(errno));
		return;
	}
	for (i = 0; i < n; i++) {
		char *path = path_join(dir, names[i]);
		struct stat st;
		int reg = types[i] == DT_REG;
		/* a regular file (readdir says so) needs no stat: only links
		 * and directories do (and entries of unknown type) */
		if (!reg && lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
			char real[PATH_MAX];
			size_t rl = strlen(root_real);
			if (!realpath(path, real) || strncmp(real, root_real, rl) != 0 ||
			    (real[rl] != '/' && real[rl] != '\0')) {
				err_add(errs, path, 0, 0,
					"symbolic link points outside content/; not followed");
				free(path);
				continue;
			}
		}
		if (!reg && stat(path, &st) < 0) {
			err_add(errs, path, 0, 0, "cannot read: %s", strerror(errno));
			free(path);
			continue;
		}
		if (!reg && S_ISDIR(st.st_mode)) {
			char key[64];
			snprintf(key, sizeof key, "%lu:%lu", (unsigned long)st.st_dev,
				 (unsigned long)st.st_ino);
			if (htab_get(f->seen, key)) {
				err_add(errs, path, 0, 0,
					"this directory is reached twice (a symbolic link loop?); not walked again");
				free(path);
				continue;
			}
			htab_put(f->seen, key, (void *)1);
			if (depth == 0 && !strcmp(names[i], "static")) {
				free(path); /* content/static is copied by the output stage */
				continue;
			}
			scan(s, f, path, root_real, depth + 1, errs);
			free(path);
		} else if (reg || S_ISREG(st.st_mode)) {
			size_t len = strlen(names[i]);
			if (len > 3 && !strcmp(names[i] + len - 3, ".md")) {
				xgrow(&f->md, &f->capmd, f->nmd + 1, sizeof *f->md);
				f->md[f->nmd++] = path;
			} else if (!strcmp(names[i], "book.yaml") ||
				   !strcmp(names[i] + (len > 5 ? len - 5 : 0), ".yaml")) {
				if (!strcmp(names[i], "book.yaml"))
					htab_put(f->book_dirs, dir[7] ? dir + 8 : "", (void *)1);
				if (!strcmp(names[i], "book.yaml") && depth > 0) {
					xgrow(&s->book_files, &s->capbook_files, s->nbook_files + 1,
					      sizeof *s->book_files);
					s->book_files[s->nbook_files++] = xstrdup(path);
				}
				free(path); /* configuration for other writers */
			} else {
				xgrow(&s->assets, &s->capassets, s->nassets + 1, sizeof *s->assets);
				s->assets[s->nassets++] = path;
			}
		} else {
			free(path);
		}
	}
	dir_list_free(names);
	free(types);
}

/* ---- one file ---- */

typedef struct parse_job {
	site *s;
	char **paths;
	page **out;   /* one slot per path; NULL when the file was rejected */
	err_list *errs;
	md_opts mdo[CFG_MAX_LANGS]; /* per language: labels differ */
	struct fences {
		tbl_env t;
		fig_env f;
	} fenv[CFG_MAX_LANGS];
	const char *langs[CFG_MAX_LANGS + 1];
	htab *book_dirs;  /* page dirs holding a book.yaml (pdf_book.h) */
	int refuse_hooked; /* content_reread: stop before a hooked body */
	int hooked;        /* ... and say so here */
} parse_job;

/* ```table and ```chart blocks. */
static int fence(void *ctx, const char *info, const char *body, const char *path,
		 int line, buf *out, err_list *errs)
{
	struct fences *fe = ctx;
	return tbl_fence(&fe->t, info, body, path, line, out, errs) ||
	       fig_fence(&fe->f, info, body, path, line, out, errs);
}

/* Strings from a scalar; NULL (and an error) for lists and maps. */
static char *scalar_text(const char *path, const value *v, const char *key,
			 err_list *errs)
{
	buf b = BUF_INIT;
	if (v->kind == VAL_LIST || v->kind == VAL_MAP) {
		err_add(errs, path, v->line, v->col, "'%s' must be text", key);
		return NULL;
	}
	val_to_text(v, &b);
	return buf_detach(&b);
}

static void check_list_of_strings(const char *path, value *fm, const char *key,
				  err_list *errs)
{
	value *v = val_get(fm, key);
	size_t i;
	if (!v || v->kind == VAL_NULL)
		return;
	if (v->kind == VAL_STR) {
		/* a single term is a list of one */
		value *l = val_list();
		l->line = v->line;
		l->col = v->col;
		val_push(l, val_ref(v));
		val_set(fm, key, l);
		return;
	}
	if (v->kind != VAL_LIST) {
		err_add(errs, path, v->line, v->col, "'%s' must be a list of strings", key);
		return;
	}
	for (i = 0; i < v->u.list.len; i++) {
		value *it = v->u.list.items[i];
		if (it->kind == VAL_NUM) {
			/* tags: [2021] means the text "2021" */
			buf b = BUF_INIT;
			value *sv;
			val_to_text(it, &b);
			sv = val_str_take(buf_detach(&b));
			sv->line = it->line;
			sv->col = it->col;
			val_unref(it);
			v->u.list.items[i] = sv;
			it = sv;
		}
		if (it->kind != VAL_STR || !it->u.str.len)
			err_add(errs, path, it->line, it->col,
				"each entry of '%s' must be a non-empty string", key);
		else if (strcmp(key, "aliases") == 0) {
			const char *why = url_problem(it->u.str.s);
			if (why)
				err_add(errs, path, it->line, it->col, "alias '%s' %s",
					it->u.str.s, why);
		} else {
			char *sl = slug_make(it->u.str.s);
			if (!sl[0])
				err_add(errs, path, it->line, it->col,
					"'%s' entry '%s' has no letters or digits", key,
					it->u.str.s);
			free(sl);
		}
	}
}

static int get_date(const char *path, value *fm, const char *key, date *d,
		    err_list *errs)
{
	value *v = val_get(fm, key);
	if (!v || v->kind == VAL_NULL)
		return 0;
	if (v->kind != VAL_STR || date_parse(v->u.str.s, d) < 0) {
		err_add(errs, path, v->line, v->col,
			"'%s' must be a date like 2021-10-05 (or 2021-10-05T14:30:00+04:00)",
			key);
		return 0;
	}
	return 1;
}

/* Split name.lang.md; returns the language index or -1 (with error). */
static int split_name(site *s, const char *path, char **name, err_list *errs)
{
	const char *base = strrchr(path, '/');
	size_t len;
	const char *dot;
	base = base ? base + 1 : path;
	len = strlen(base) - 3; /* without .md */
	dot = memchr(base, '.', len);
	if (!dot) {
		*name = xstrndup(base, len);
		return 0; /* the default language */
	}
	{
		const char *ld = base + len;
		const char *p = ld;
		char code[16];
		int li;
		while (p > base && p[-1] != '.')
			p--;
		if ((size_t)(ld - p) >= sizeof code || p - 1 == base) {
			err_add(errs, path, 0, 0, "content file names are NAME.LANG.md");
			return -1;
		}
		memcpy(code, p, (size_t)(ld - p));
		code[ld - p] = '\0';
		li = cfg_lang(s->cfg, code);
		if (li < 0) {
			err_add(errs, path, 0, 0,
				"language '%s' is not in site.yaml languages", code);
			return -1;
		}
		*name = xstrndup(base, (size_t)(p - 1 - base));
		if (strchr(*name, '.')) {
			err_add(errs, path, 0, 0, "content file names are NAME.LANG.md");
			free(*name);
			*name = NULL;
			return -1;
		}
		return li;
	}
}

/* Does body have a fenced block a hook claims (```chart, ```table)?
 * Those read data sets and register charts while rendering, so their
 * page is rendered every build, not taken from the build cache.  Any
 * fence followed by one of the words counts: a false alarm only costs
 * a parse. */
static int hooked_fence(const char *body)
{
	const char *p = body;
	while ((p = strpbrk(p, "`~")) != NULL) {
		char c = *p;
		const char *q = p;
		while (*q == c)
			q++;
		if (q - p >= 3) {
			while (*q == ' ' || *q == '\t')
				q++;
			if (!strncmp(q, "chart", 5) || !strncmp(q, "table", 5))
				return 1;
		}
		p = q;
	}
	return 0;
}

/* The Markdown options of language lang, as part of a cache key. */
static void key_md_opts(cache_key *k, const parse_job *j, int lang)
{
	const md_opts *o = &j->mdo[lang];
	cache_key_str(k, j->langs[lang]);
	cache_key_u64(k, (uint64_t)o->smart);
	cache_key_u64(k, (uint64_t)o->unsafe_html);
	cache_key_str(k, o->table_label);
	cache_key_str(k, o->footnote_back_label);
}

/* The build cache key of a page body's HTML: the text, where it starts
 * (links remember file lines) and the Markdown options of its language. */
static uint64_t md_key(const parse_job *j, const page *pg)
{
	cache_key k = CACHE_KEY_INIT;
	cache_key_str(&k, "md");
	key_md_opts(&k, j, pg->lang);
	cache_key_u64(&k, (uint64_t)pg->body_line);
	cache_key_str(&k, pg->body);
	return cache_key_end(&k);
}

/* The build cache key of a content file as read: its path and content,
 * and the Markdown options its body was rendered with. */
static uint64_t page_rec_key(const parse_job *j, const char *path, uint64_t hash, int lang)
{
	cache_key k = CACHE_KEY_INIT;
	cache_key_str(&k, "page");
	cache_key_str(&k, path);
	cache_key_u64(&k, hash);
	key_md_opts(&k, j, lang);
	return cache_key_end(&k);
}

/* Is path in a directory that holds a book.yaml? */
static int in_book_dir(const parse_job *j, const char *path)
{
	const char *rel = path + strlen("content/"), *slash = strrchr(rel, '/');
	char *dir = slash ? xstrndup(rel, (size_t)(slash - rel)) : xstrdup("");
	int in = htab_get(j->book_dirs, dir) != NULL;
	free(dir);
	return in;
}

/* Read one content file into a page.  With use_records, a file that did
 * not change since the last build is taken from the build cache (its
 * front matter and rendered body) instead of being read and parsed. */
static page *parse_file(parse_job *j, const char *path, int use_records)
{
	err_list *errs = j->errs;
	size_t len = 0, bad, i, o;
	char *text = NULL, *p = NULL, *fm_end = NULL;
	int before = errs->nerrors, lang, line = 0, col;
	char *name = NULL;
	page *pg;
	value *fm = NULL, *v;
	uint64_t rec_key = 0, body_key = 0;
	int cached = 0;

	lang = split_name(j->s, path, &name, errs);
	if (lang < 0)
		return NULL;
	if (j->s->cache && !in_book_dir(j, path)) {
		uint64_t h = cache_input_hash(j->s->cache, path);
		if (h) {
			rec_key = page_rec_key(j, path, h, lang);
			if (use_records)
				cached = cache_page_get(j->s->cache, rec_key, &fm, &line, &body_key);
		}
	}
	if (cached)
		goto have_fm;
	if (!(text = file_read(path, &len))) {
		err_add(errs, path, 0, 0, "cannot read: %s", strerror(errno));
		free(name);
		return NULL;
	}
	bad = utf8_invalid_at(text, len);
	if (bad < len) {
		text_position(text, bad, &line, &col);
		err_add(errs, path, line, col, text[bad] ? "invalid UTF-8" : "NUL byte in text");
		free(text);
		free(name);
		return NULL;
	}
	/* a byte-order mark and CRLF line ends are accepted and dropped */
	p = text;
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
		memmove(p, p + 3, len - 2);
		len -= 3;
	}
	for (i = o = 0; i < len; i++)
		if (!(p[i] == '\r' && i + 1 < len && p[i + 1] == '\n'))
			p[o++] = p[i];
	len = o;
	p[len] = '\0';

	if (strncmp(p, "---\n", 4) != 0) {
		err_add(errs, path, 1, 1, len == 0 ? "empty file: a content file starts with '---' front matter"
						   : "a content file starts with '---' front matter");
		free(text);
		free(name);
		return NULL;
	}
	fm_end = NULL;
	line = 2;
	for (i = 4; i < len;) {
		char *nl = memchr(p + i, '\n', len - i);
		size_t ll = nl ? (size_t)(nl - (p + i)) : len - i;
		if ((ll == 3 && (!memcmp(p + i, "---", 3) || !memcmp(p + i, "...", 3)))) {
			fm_end = p + i;
			break;
		}
		line++;
		i += ll + 1;
	}
	if (!fm_end) {
		err_add(errs, path, 1, 1, "front matter opened here is never closed with '---'");
		free(text);
		free(name);
		return NULL;
	}
	if ((size_t)(fm_end - p) > MAX_FRONT_MATTER) {
		err_add(errs, path, 1, 1, "front matter is larger than %d KiB", MAX_FRONT_MATTER / 1024);
		free(text);
		free(name);
		return NULL;
	}
	fm = yv_parse(p + 4, (size_t)(fm_end - p - 4), path, 1, errs);
	if (!fm) {
		free(text);
		free(name);
		return NULL;
	}
	if (fm->kind != VAL_MAP) {
		err_add(errs, path, 2, 1, "front matter must be a mapping of keys to values (title: ...)");
		val_unref(fm);
		free(text);
		free(name);
		return NULL;
	}

have_fm:
	pg = page_new(PAGE_SINGLE, lang);
	pg->src = xstrdup(path);
	pg->name = name;
	pg->fm = fm;
	pg->body_line = line; /* the closing fence's line; the body starts after */
	if (!cached) {
		char *body = fm_end + 3;
		if (*body == '\n')
			body++;
		pg->body_len = len - (size_t)(body - p);
		pg->body = xstrndup(body, pg->body_len);
		free(text);
	}
	{
		/* dir: path without "content/" and the file name */
		const char *rel = path + strlen("content/");
		const char *slash = strrchr(rel, '/');
		pg->dir = slash ? xstrndup(rel, (size_t)(slash - rel)) : xstrdup("");
		slash = strchr(pg->dir, '/');
		pg->section = slash ? xstrndup(pg->dir, (size_t)(slash - pg->dir)) : xstrdup(pg->dir);
	}
	if (!strcmp(name, "_index"))
		pg->kind = pg->dir[0] ? PAGE_SECTION : PAGE_HOME;

	/* front matter fields */
	v = val_get(fm, "title");
	if (!v || v->kind == VAL_NULL)
		err_add(errs, path, 2, 1, "front matter needs a 'title'");
	else
		pg->title = scalar_text(path, v, "title", errs);
	if ((v = val_get(fm, "summary")) && v->kind != VAL_NULL)
		pg->summary = scalar_text(path, v, "summary", errs);
	pg->has_date = get_date(path, fm, "date", &pg->date, errs);
	pg->has_lastmod = get_date(path, fm, "lastmod", &pg->lastmod, errs);
	if ((v = val_get(fm, "draft")) && v->kind != VAL_NULL) {
		if (v->kind != VAL_BOOL)
			err_add(errs, path, v->line, v->col, "'draft' must be true or false");
		else
			pg->draft = v->u.b;
	}
	if ((v = val_get(fm, "weight")) && v->kind != VAL_NULL) {
		if (v->kind != VAL_NUM || v->u.n != (int)v->u.n)
			err_add(errs, path, v->line, v->col, "'weight' must be a whole number");
		else
			pg->weight = (int)v->u.n;
	}
	if ((v = val_get(fm, "layout")) && v->kind != VAL_NULL) {
		const char *l = val_cstr(v);
		size_t k;
		int ok = l && l[0];
		for (k = 0; ok && l[k]; k++)
			ok = (l[k] >= 'a' && l[k] <= 'z') || (l[k] >= '0' && l[k] <= '9') ||
			     l[k] == '-' || l[k] == '_';
		if (!ok)
			err_add(errs, path, v->line, v->col,
				"'layout' is a template name of letters, digits, '-' and '_'");
		else
			pg->layout = xstrdup(l);
	}
	if ((v = val_get(fm, "translation_key")) && v->kind != VAL_NULL)
		pg->tkey = scalar_text(path, v, "translation_key", errs);
	if ((v = val_get(fm, "slug")) && v->kind != VAL_NULL) {
		const char *sl = val_cstr(v);
		if (!sl || !sl[0] || strchr(sl, '/') || strchr(sl, '\\') || strchr(sl, '%') ||
		    !strcmp(sl, ".") || !strcmp(sl, ".."))
			err_add(errs, path, v->line, v->col,
				"'slug' is one URL segment: no '/', '\\', '%%', '.' or '..'");
	}
	if ((v = val_get(fm, "url")) && v->kind != VAL_NULL) {
		const char *u = val_cstr(v), *why;
		if (!u)
			err_add(errs, path, v->line, v->col, "'url' must be text");
		else if ((why = url_problem(u)))
			err_add(errs, path, v->line, v->col, "url '%s' %s", u, why);
	}
	if ((v = val_get(fm, "params")) && v->kind != VAL_NULL && v->kind != VAL_MAP)
		err_add(errs, path, v->line, v->col, "'params' must be a mapping");
	check_list_of_strings(path, fm, "aliases", errs);
	for (i = 0; i < j->s->cfg->ntax; i++)
		check_list_of_strings(path, fm, j->s->cfg->taxonomies[i], errs);

	if (errs->nerrors > before) {
		/* keep going with other files, but not with this one */
		return pg; /* freed by the caller, which sees the error count */
	}
	if (pg->draft && !j->s->drafts)
		return pg;
	if (j->refuse_hooked && !cached && hooked_fence(pg->body)) {
		j->hooked = 1;
		return pg;
	}
	if (cached) {
		if (!cache_md_fetch(j->s->cache, body_key, &pg->md, j->s->keep_links)) {
			/* the record of its body is gone: read the file after all */
			page_free(pg);
			return parse_file(j, path, 0);
		}
	} else if (j->s->cache && !hooked_fence(pg->body)) {
		uint64_t key = md_key(j, pg);
		int clean = cache_md_get(j->s->cache, key, &pg->md);
		if (!clean) {
			int w = errs->nwarnings;
			md_render(pg->body, pg->body_len, &j->mdo[lang], path, pg->body_line, &pg->md,
				  errs);
			/* warnings are said again each build: keep only clean pages */
			clean = errs->nwarnings == w && errs->nerrors == before;
			if (clean)
				cache_md_put(j->s->cache, key, &pg->md);
		}
		if (clean && rec_key)
			cache_page_put(j->s->cache, rec_key, pg->fm, pg->body_line, key);
	} else
		md_render(pg->body, pg->body_len, &j->mdo[lang], path, pg->body_line, &pg->md, errs);
	if (!pg->summary)
		pg->summary = xstrdup(pg->md.summary);
	if (!j->s->keep_links) {
		/* only `csogen check` reads them; freed here, on this thread */
		val_unref(pg->md.links);
		pg->md.links = NULL;
	}
	if (!htab_get(j->book_dirs, pg->dir)) {
		/* only the PDF writer reads the Markdown again, and only that of
		 * book chapters: the rest need not stay in memory */
		free(pg->body);
		pg->body = NULL;
		pg->body_len = 0;
	}
	return pg;
}

static void parse_one(void *ctx, size_t i)
{
	parse_job *j = ctx, jj = *j;
	err_list local;
	page *pg;
	/* collect this file's problems apart, to know whether to keep it */
	err_init(&local);
	jj.errs = &local;
	pg = parse_file(&jj, j->paths[i], 1);
	if (pg && (local.nerrors > 0 || (pg->draft && !j->s->drafts))) {
		page_free(pg);
		pg = NULL;
	}
	j->out[i] = pg;
	err_merge(j->errs, &local);
	err_free(&local);
}

/* The Markdown options and fence hooks of each language. */
static void job_init(parse_job *jp, site *s, const value *const *i18n)
{
	size_t i;
	memset(jp, 0, sizeof *jp);
	jp->s = s;
	for (i = 0; i < s->cfg->nlangs; i++) {
		jp->mdo[i].smart = s->cfg->smart;
		jp->mdo[i].unsafe_html = s->cfg->unsafe_html;
		jp->mdo[i].table_label = val_get_str(i18n ? i18n[i] : NULL, "table_label",
						   !strcmp(s->cfg->langs[i].code, "ka") ? "ცხრილი" : "Table");
		int ka = !strcmp(s->cfg->langs[i].code, "ka");
		jp->langs[i] = s->cfg->langs[i].code;
		jp->fenv[i].t.results = s->results_l[i];
		jp->fenv[i].t.data = s->data_l[i];
		jp->fenv[i].t.lang = s->cfg->langs[i].code;
		jp->fenv[i].t.total_label = val_get_str(i18n ? i18n[i] : NULL, "total",
						      ka ? "სულ" : "Total");
		jp->fenv[i].f.reg = s->figs;
		jp->fenv[i].f.results = s->results_l[i];
		jp->fenv[i].f.data = s->data_l[i];
		jp->fenv[i].f.lang = s->cfg->langs[i].code;
		jp->fenv[i].f.langs = jp->langs;
		jp->fenv[i].f.data_label = val_get_str(i18n ? i18n[i] : NULL, "chart_data",
						     ka ? "მონაცემები" : "Data");
		jp->fenv[i].f.png_label = val_get_str(i18n ? i18n[i] : NULL, "chart_png",
						    ka ? "PNG-ის ჩამოტვირთვა" : "Download PNG");
		jp->mdo[i].footnote_back_label = val_get_str(i18n ? i18n[i] : NULL, "footnote_back",
							   ka ? "ტექსტში დაბრუნება" : "Back to content");
		jp->mdo[i].fence = fence;
		jp->mdo[i].fence_ctx = &jp->fenv[i];
	}
}

int content_load(site *s, const value *const *i18n, err_list *errs, int jobs)
{
	found f = {0};
	parse_job j;
	size_t i;
	int before = errs->nerrors;
	char real[PATH_MAX];

	if (!is_dir("content")) {
		err_add(errs, "content", 0, 0, "no content/ directory here");
		return -1;
	}
	if (!realpath("content", real)) {
		err_add(errs, "content", 0, 0, "cannot resolve: %s", strerror(errno));
		return -1;
	}
	f.seen = htab_new();
	{
		struct stat st;
		char key[64];
		if (stat("content", &st) == 0) {
			snprintf(key, sizeof key, "%lu:%lu", (unsigned long)st.st_dev,
				 (unsigned long)st.st_ino);
			htab_put(f.seen, key, (void *)1);
		}
	}
	f.book_dirs = htab_new();
	scan(s, &f, "content", real, 0, errs);
	s->scanned = 1;
	htab_free(f.seen);

	job_init(&j, s, i18n);
	j.paths = f.md;
	j.book_dirs = f.book_dirs;
	j.out = xcalloc(f.nmd + 1, sizeof *j.out);
	j.errs = errs;
	pool_run(jobs, f.nmd, parse_one, &j);
	for (i = 0; i < f.nmd; i++) {
		if (j.out[i])
			site_add(s, j.out[i]);
		free(f.md[i]);
	}
	free(f.md);
	free(j.out);
	htab_free(j.book_dirs);
	return errs->nerrors > before ? -1 : 0;
}

/* Are the two trees the same (as JSON: kinds, keys in order, values)? */
static int same_value(const value *a, const value *b)
{
	buf x = BUF_INIT, y = BUF_INIT;
	int same;
	if (a)
		val_to_json(a, &x);
	if (b)
		val_to_json(b, &y);
	same = x.len == y.len && (!x.len || !memcmp(x.ptr, y.ptr, x.len));
	buf_free(&x);
	buf_free(&y);
	return same;
}

static int same_str(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

int content_reread(site *s, const value *const *i18n, const char *path, uint64_t old_hash,
		   page **now, md_doc *before)
{
	parse_job j;
	err_list local;
	page *pg = NULL;
	value *ofm = NULL;
	int oline = 0, lang, ok = 0, have_old = 0;
	uint64_t omd = 0;
	char *name = NULL;
	const value *sv;

	*now = NULL;
	memset(before, 0, sizeof *before);
	if (!s->cache)
		return 0;
	err_init(&local);
	job_init(&j, s, i18n);
	j.book_dirs = htab_new();
	j.errs = &local;
	j.refuse_hooked = 1;
	lang = split_name(s, path, &name, &local);
	free(name);
	if (lang < 0 ||
	    !cache_page_get(s->cache, page_rec_key(&j, path, old_hash, lang), &ofm, &oline, &omd))
		goto done;
	if (!(have_old = cache_md_fetch(s->cache, omd, before, 0)))
		goto done;
	pg = parse_file(&j, path, 0);
	/* problems are reported by the full build the caller falls back to */
	if (!pg || j.hooked || local.nerrors || local.nwarnings || (pg->draft && !s->drafts))
		goto done;
	sv = val_get(pg->fm, "summary");
	ok = pg->body_line == oline && same_value(pg->fm, ofm) &&
	     same_value(pg->md.toc, before->toc) && same_str(pg->md.toc_html, before->toc_html) &&
	     ((sv && sv->kind != VAL_NULL) || same_str(pg->md.summary, before->summary));
done:
	if (ok) {
		*now = pg;
	} else {
		page_free(pg);
		if (have_old)
			md_doc_free(before);
		memset(before, 0, sizeof *before);
	}
	val_unref(ofm);
	htab_free(j.book_dirs);
	err_free(&local);
	return ok;
}

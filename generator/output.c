/* output.c - see output.h */
#define _GNU_SOURCE
#include "output.h"
#include "cache.h"
#include "content.h"
#include "htab.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The absolute, symlink-free form of path, which need not exist yet
 * (its parent must).  Caller frees; NULL when it cannot be resolved. */
static char *resolve_path(const char *path)
{
	char real[PATH_MAX], *dir, *slash;
	const char *base;
	if (realpath(path, real))
		return xstrdup(real);
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		base = path + (slash - dir) + 1;
	} else if (slash) {
		dir[1] = '\0';
		base = path + 1;
	} else {
		strcpy(dir, ".");
		base = path;
	}
	if (!realpath(dir, real)) {
		free(dir);
		return NULL;
	}
	free(dir);
	if (!strcmp(base, "..") || !strcmp(base, "."))
		return NULL;
	return xasprintf("%s/%s", strcmp(real, "/") ? real : "", base);
}

/* Is a the same as b, or inside it? */
static int within(const char *a, const char *b)
{
	size_t n = strlen(b);
	return !strncmp(a, b, n) && (a[n] == '\0' || a[n] == '/' || !strcmp(b, "/"));
}

int out_begin(outdir *o, const char *final, err_list *errs)
{
	struct stat st;
	char *abs, root[PATH_MAX];
	static const char *const sources[] = {"content", "themes", "datasets", "generator",
					      "tests", ".git"};
	size_t i;
	int bad = 0;
	memset(o, 0, sizeof *o);
	o->final = xstrdup(final);
	while (strlen(o->final) > 1 && o->final[strlen(o->final) - 1] == '/')
		o->final[strlen(o->final) - 1] = '\0';
	/* The output is replaced whole, so it must not be, hold or sit in
	 * the sources: compare real paths, not spellings ("./content",
	 * "content/..", a symlink). */
	abs = o->final[0] ? resolve_path(o->final) : NULL;
	if (!abs || !realpath(".", root) || within(root, abs))
		bad = 1;
	for (i = 0; !bad && i < sizeof sources / sizeof sources[0]; i++) {
		char *src = xasprintf("%s/%s", root, sources[i]);
		bad = within(abs, src);
		free(src);
	}
	free(abs);
	if (bad) {
		err_add(errs, o->final, 0, 0,
			"refusing to use this as the output directory: it is or holds the site's "
			"sources, or lies inside them");
		return -1;
	}
	if (lstat(o->final, &st) == 0 && !S_ISDIR(st.st_mode)) {
		err_add(errs, o->final, 0, 0, "output path exists and is not a directory");
		return -1;
	}
	o->tmp = xasprintf("%s.tmp-%ld", o->final, (long)getpid());
	rm_rf(o->tmp);
	if (mkdir_p(o->tmp) < 0) {
		err_add(errs, o->tmp, 0, 0, "cannot create: %s", strerror(errno));
		return -1;
	}
	return 0;
}

void out_begin_memory(outdir *o)
{
	memset(o, 0, sizeof *o);
	o->final = xstrdup("(memory)");
	o->mem = htab_new();
	pthread_mutex_init(&o->lock, NULL);
}

const memfile *out_mem_get(const outdir *o, const char *rel)
{
	return o->mem ? htab_get(o->mem, rel) : NULL;
}

typedef struct collect {
	const char **v;
	size_t n;
} collect;

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char **out_mem_paths(const outdir *o, size_t *n)
{
	const char **v;
	size_t i, k = 0;
	*n = 0;
	if (!o->mem)
		return xcalloc(1, sizeof *v);
	v = xcalloc(htab_len(o->mem) + 1, sizeof *v);
	for (i = 0; htab_iter(o->mem, &i, &v[k], NULL);)
		k++;
	xsort(v, k, sizeof *v, cmp_cstr);
	*n = k;
	return v;
}

char *out_file_for_url(const char *url)
{
	size_t n = strlen(url);
	const char *last;
	if (url_problem(url))
		return NULL;
	if (url[n - 1] == '/')
		return xasprintf("%sindex.html", url + 1);
	last = strrchr(url, '/');
	if (!strchr(last, '.'))
		return xasprintf("%s/index.html", url + 1); /* "/about" is a directory */
	return xstrdup(url + 1);
}

static char *safe_path(outdir *o, const char *rel)
{
	char *u = xasprintf("/%s", rel), *p = NULL;
	if (!url_problem(u) && rel[0])
		p = path_join(o->tmp, rel);
	free(u);
	return p;
}

/* Memory mode: keep a copy of data as the file rel. */
static void mem_put(outdir *o, const char *rel, const char *data, size_t len, uint64_t key)
{
	memfile *f = xmalloc(sizeof *f), *old;
	f->data = xmalloc(len + 1);
	memcpy(f->data, data, len);
	f->data[len] = '\0';
	f->len = len;
	f->key = key;
	pthread_mutex_lock(&o->lock);
	old = htab_put(o->mem, rel, f);
	pthread_mutex_unlock(&o->lock);
	if (old) {
		free(old->data);
		free(old);
	}
}

int out_write(outdir *o, const char *rel, const char *data, size_t len, err_list *errs)
{
	return out_write_key(o, rel, data, len, 0, errs);
}

int out_keep(outdir *o, const char *rel, uint64_t key)
{
	if (o->mem) {
		/* the preview: take the last build's bytes over */
		const memfile *m = o->prev && key ? out_mem_get(o->prev, rel) : NULL;
		if (!m || m->key != key)
			return 0;
		mem_put(o, rel, m->data, m->len, key);
		return 1;
	}
	return o->cache && o->incremental && cache_out_keep(o->cache, o->final, rel, key);
}

int out_direct(const outdir *o)
{
	return !o->mem && !o->incremental;
}

char *out_disk_path(const outdir *o, const char *rel)
{
	char *p;
	if (o->mem)
		return NULL;
	p = path_join(o->tmp, rel);
	if (o->incremental && !is_file(p)) {
		free(p);
		p = path_join(o->final, rel);
	}
	return p;
}

int out_write_key(outdir *o, const char *rel, const char *data, size_t len, uint64_t key,
		  err_list *errs)
{
	return out_write_spans(o, rel, data, len, key, NULL, 0, errs);
}

int out_write_spans(outdir *o, const char *rel, const char *data, size_t len, uint64_t key,
		    const struct cache_span *spans, size_t nspans, err_list *errs)
{
	struct stat st;
	char *p;
	if (o->mem) {
		char *u = xasprintf("/%s", rel);
		int bad = url_problem(u) != NULL;
		free(u);
		if (bad) {
			err_add(errs, rel, 0, 0, "refusing to write outside the output directory");
			return -1;
		}
		mem_put(o, rel, data, len, key);
		return 0;
	}
	p = safe_path(o, rel);
	if (!p) {
		err_add(errs, rel, 0, 0, "refusing to write outside the output directory");
		return -1;
	}
	/* unchanged bytes are not written again (incremental builds) */
	if (o->cache) {
		int same = cache_out_made(o->cache, o->final, rel, cache_hash(data, len), key, errs);
		cache_out_spans(o->cache, rel, spans, nspans);
		if (same && o->incremental) {
			free(p);
			return 0;
		}
	}
	if (file_write_stat(p, data, len, &st) < 0) {
		err_add(errs, p, 0, 0, "cannot write: %s", strerror(errno));
		free(p);
		return -1;
	}
	if (o->cache)
		cache_out_written(o->cache, rel, &st);
	free(p);
	return 0;
}

int out_copy(outdir *o, const char *src, const char *rel, err_list *errs)
{
	size_t len;
	char *data;
	int rc;
	uint64_t key = 0;
	if (o->cache) {
		/* an input copied as it is: its content hash is the key */
		uint64_t h = cache_input_hash(o->cache, src);
		if (h) {
			cache_key k = CACHE_KEY_INIT;
			cache_key_str(&k, "copy");
			cache_key_str(&k, src);
			cache_key_u64(&k, h);
			key = cache_key_end(&k);
			if (out_keep(o, rel, key))
				return 0;
		}
	}
	if (!(data = file_read(src, &len))) {
		err_add(errs, src, 0, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	rc = out_write_key(o, rel, data, len, key, errs);
	free(data);
	return rc;
}

/* Copy the tree under dir to rel/.  With root_real (the real path of
 * the tree's top), symbolic links are followed when they resolve inside
 * it and skipped otherwise (the reader of that tree reports them);
 * without, links are never followed, with a warning.  Directories are
 * read once each: links may loop. */
static long copy_tree(outdir *o, const char *dir, const char *rel, const char *root_real,
		      htab *seen, int depth, err_list *errs)
{
	char **names;
	size_t n, i;
	long files = 0;
	if (depth > 32) {
		err_add(errs, dir, 0, 0, "directories nested too deeply");
		return 0;
	}
	if (!(names = dir_list(dir, &n))) {
		err_add(errs, dir, 0, 0, "cannot read: %s", strerror(errno));
		return 0;
	}
	for (i = 0; i < n; i++) {
		char *src = path_join(dir, names[i]);
		char *r = rel[0] ? xasprintf("%s/%s", rel, names[i]) : xstrdup(names[i]);
		struct stat st;
		if (lstat(src, &st) == 0 && S_ISLNK(st.st_mode) &&
		    (!root_real || path_inside(src, root_real) != 1)) {
			if (!root_real)
				err_warn(errs, src, 0, 0,
					 "symbolic link; not copied (links are not followed when copying files)");
		} else if (stat(src, &st) < 0)
			err_add(errs, src, 0, 0, "cannot read: %s", strerror(errno));
		else if (S_ISDIR(st.st_mode)) {
			char key[64];
			snprintf(key, sizeof key, "%lu:%lu", (unsigned long)st.st_dev,
				 (unsigned long)st.st_ino);
			if (!htab_get(seen, key)) {
				htab_put(seen, key, (void *)1);
				files += copy_tree(o, src, r, root_real, seen, depth + 1, errs);
			}
		} else if (S_ISREG(st.st_mode) && out_copy(o, src, r, errs) == 0)
			files++;
		free(src);
		free(r);
	}
	dir_list_free(names);
	return files;
}

static long copy_top(outdir *o, const char *dir, const char *prefix, int follow,
		     err_list *errs)
{
	char real[PATH_MAX], key[64];
	struct stat st;
	htab *seen;
	long n;
	if (!realpath(dir, real) || stat(real, &st) < 0 || !S_ISDIR(st.st_mode))
		return 0;
	seen = htab_new();
	snprintf(key, sizeof key, "%lu:%lu", (unsigned long)st.st_dev, (unsigned long)st.st_ino);
	htab_put(seen, key, (void *)1);
	n = copy_tree(o, dir, prefix, follow ? real : NULL, seen, 0, errs);
	htab_free(seen);
	return n;
}

long out_copy_tree(outdir *o, const char *dir, err_list *errs)
{
	return copy_top(o, dir, "", 0, errs);
}

long out_copy_tree_at(outdir *o, const char *dir, const char *prefix, err_list *errs)
{
	return copy_top(o, dir, prefix, 0, errs);
}

long out_copy_tree_linked(outdir *o, const char *dir, const char *prefix, err_list *errs)
{
	return copy_top(o, dir, prefix, 1, errs);
}

/* Swap the new tree in.  *old gets the path of the tree it replaced,
 * to remove (caller frees), or NULL. */
static int swap_in(outdir *o, char **old, err_list *errs)
{
	*old = NULL;
	if (!is_dir(o->final)) {
		if (rename(o->tmp, o->final) < 0) {
			err_add(errs, o->final, 0, 0, "cannot move the new site in place: %s",
				strerror(errno));
			return -1;
		}
		return 0;
	}
#ifdef SYS_renameat2
	/* One atomic step where the kernel allows it: no moment without a site. */
	if (syscall(SYS_renameat2, AT_FDCWD, o->tmp, AT_FDCWD, o->final, 2 /* RENAME_EXCHANGE */) == 0) {
		*old = xstrdup(o->tmp);
		return 0;
	}
#endif
	*old = xasprintf("%s.old-%ld", o->final, (long)getpid());
	rm_rf(*old);
	if (rename(o->final, *old) < 0 || rename(o->tmp, o->final) < 0) {
		err_add(errs, o->final, 0, 0, "cannot swap the new site in: %s", strerror(errno));
		free(*old);
		*old = NULL;
		return -1;
	}
	return 0;
}

static void *remove_tree(void *path)
{
	rm_rf(path);
	return NULL;
}

int out_commit(outdir *o, err_list *errs)
{
	char *old;
	pthread_t th;
	int threaded;
	if (o->incremental)
		return cache_commit(o->cache, o->final, o->tmp, errs);
	if (swap_in(o, &old, errs) < 0)
		return -1;
	/* the old site goes while the cache records the new one (both are
	 * tens of thousands of small file-system calls) */
	threaded = old && pthread_create(&th, NULL, remove_tree, old) == 0;
	if (old && !threaded)
		rm_rf(old);
	if (o->cache)
		cache_record_all(o->cache, o->final, errs);
	if (threaded)
		pthread_join(th, NULL);
	free(old);
	return 0;
}

void out_abort(outdir *o)
{
	if (o->tmp)
		rm_rf(o->tmp);
}

void out_free(outdir *o)
{
	if (o->mem) {
		size_t i = 0;
		void *v;
		while (htab_iter(o->mem, &i, NULL, &v)) {
			memfile *f = v;
			free(f->data);
			free(f);
		}
		htab_free(o->mem);
		pthread_mutex_destroy(&o->lock);
	}
	free(o->final);
	free(o->tmp);
	memset(o, 0, sizeof *o);
}

/* err.c - see err.h */
#include "err.h"
#include "buf.h"
#include "htab.h"
#include "util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* What a list keeps of one path: where its items are in e->items (at
 * most ERR_MAX_PER_FILE), which of them sorts last, and how many were
 * not kept. */
typedef struct err_file {
	size_t idx[ERR_MAX_PER_FILE];
	size_t n;
	size_t worst;     /* position in idx of the last-sorting item, or SIZE_MAX: not known */
	int drop_err, drop_warn;
} err_file;

void err_init(err_list *e)
{
	memset(e, 0, sizeof *e);
	pthread_mutex_init(&e->lock, NULL);
}

static void free_files(err_list *e)
{
	size_t pos = 0;
	void *v;
	if (!e->files)
		return;
	while (htab_iter(e->files, &pos, NULL, &v))
		free(v);
	htab_free(e->files);
	e->files = NULL;
}

void err_free(err_list *e)
{
	size_t i;
	for (i = 0; i < e->len; i++) {
		free(e->items[i].path);
		free(e->items[i].msg);
	}
	free(e->items);
	free_files(e);
	pthread_mutex_destroy(&e->lock);
	memset(e, 0, sizeof *e);
}

/* The order of err_print, for two items of the same path. */
static int cmp_same_path(const err_item *x, const err_item *y)
{
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	if (x->sev != y->sev)
		return x->sev < y->sev ? -1 : 1;
	return strcmp(x->msg, y->msg);
}

static int cmp_item(const void *a, const void *b)
{
	const err_item *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	return c ? c : cmp_same_path(x, y);
}

static err_file *file_of(err_list *e, const char *path)
{
	err_file *f;
	if (!e->files)
		e->files = htab_new();
	f = htab_get(e->files, path);
	if (!f) {
		f = xcalloc(1, sizeof *f);
		f->worst = SIZE_MAX;
		htab_put(e->files, path, f);
	}
	return f;
}

static void count_dropped(err_list *e, err_file *f, err_severity sev)
{
	if (sev == ERR_ERROR) {
		f->drop_err++;
		e->dropped_errors++;
	} else {
		f->drop_warn++;
		e->dropped_warnings++;
	}
}

/* Add an item (msg is taken over) to e, whose lock is held.  A path
 * keeps the ERR_MAX_PER_FILE items that sort first: once it has that
 * many, a new item replaces the last-sorting one when it sorts before
 * it, and is only counted otherwise.  So what is kept does not depend
 * on the order items come in. */
static void push_locked(err_list *e, err_severity sev, const char *path, int line, int col,
			char *msg)
{
	err_item cand;
	err_file *f;
	err_item *old;
	size_t k;
	if (!path)
		path = "";
	if (sev == ERR_ERROR)
		e->nerrors++;
	else
		e->nwarnings++;
	f = file_of(e, path);
	if (f->n < ERR_MAX_PER_FILE) {
		err_item *it;
		xgrow(&e->items, &e->cap, e->len + 1, sizeof *e->items);
		it = &e->items[e->len];
		it->sev = sev;
		it->path = xstrdup(path);
		it->line = line;
		it->col = col;
		it->msg = msg;
		f->idx[f->n++] = e->len++;
		f->worst = SIZE_MAX;
		return;
	}
	if (f->worst == SIZE_MAX) {
		f->worst = 0;
		for (k = 1; k < f->n; k++)
			if (cmp_same_path(&e->items[f->idx[k]], &e->items[f->idx[f->worst]]) > 0)
				f->worst = k;
	}
	cand.sev = sev;
	cand.path = (char *)path;
	cand.line = line;
	cand.col = col;
	cand.msg = msg;
	old = &e->items[f->idx[f->worst]];
	if (cmp_same_path(&cand, old) < 0) {
		count_dropped(e, f, old->sev);
		free(old->msg);
		old->sev = sev; /* old->path is the same text */
		old->line = line;
		old->col = col;
		old->msg = msg;
		f->worst = SIZE_MAX;
	} else {
		count_dropped(e, f, sev);
		free(msg);
	}
}

static void push(err_list *e, err_severity sev, const char *path, int line,
		 int col, char *msg)
{
	pthread_mutex_lock(&e->lock);
	push_locked(e, sev, path, line, col, msg);
	pthread_mutex_unlock(&e->lock);
}

void err_add(err_list *e, const char *path, int line, int col,
	     const char *fmt, ...)
{
	buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	push(e, ERR_ERROR, path, line, col, buf_detach(&b));
}

void err_warn(err_list *e, const char *path, int line, int col,
	      const char *fmt, ...)
{
	buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	push(e, ERR_WARNING, path, line, col, buf_detach(&b));
}

/* After sorting: where each path's items are now. */
static void reindex(err_list *e)
{
	size_t pos = 0, i;
	void *v;
	if (!e->files)
		return;
	while (htab_iter(e->files, &pos, NULL, &v)) {
		err_file *f = v;
		f->n = 0;
		f->worst = SIZE_MAX;
	}
	for (i = 0; i < e->len; i++) {
		err_file *f = htab_get(e->files, e->items[i].path);
		if (f && f->n < ERR_MAX_PER_FILE)
			f->idx[f->n++] = i;
	}
}

static void print_dropped(FILE *f, const char *path, const err_file *ef)
{
	fprintf(f, "%s: ", path[0] ? path : "csogen");
	if (ef->drop_err)
		fprintf(f, "%d more error%s", ef->drop_err, ef->drop_err == 1 ? "" : "s");
	if (ef->drop_err && ef->drop_warn)
		fputs(" and ", f);
	if (ef->drop_warn)
		fprintf(f, "%d more warning%s", ef->drop_warn, ef->drop_warn == 1 ? "" : "s");
	fprintf(f, " not shown (only the first %d problems of a file are listed)\n",
		ERR_MAX_PER_FILE);
}

void err_print(err_list *e, FILE *f, int color)
{
	size_t i;
	pthread_mutex_lock(&e->lock);
	xsort(e->items, e->len, sizeof *e->items, cmp_item);
	reindex(e);
	for (i = 0; i < e->len; i++) {
		err_item *it = &e->items[i];
		const char *kind = it->sev == ERR_ERROR ? "error" : "warning";
		if (i > 0 && !cmp_item(it, &e->items[i - 1]))
			goto next; /* the same problem found twice */
		if (it->path[0]) {
			fputs(it->path, f);
			if (it->line > 0) {
				fprintf(f, ":%d", it->line);
				fprintf(f, ":%d", it->col > 0 ? it->col : 1);
			}
			fputs(": ", f);
		} else {
			fputs("csogen: ", f);
		}
		if (color)
			fprintf(f, "\033[%sm%s\033[0m: %s\n",
				it->sev == ERR_ERROR ? "1;31" : "1;33", kind, it->msg);
		else
			fprintf(f, "%s: %s\n", kind, it->msg);
	next:
		/* after the last item of a path: what was not kept */
		if (e->files && (i + 1 == e->len || strcmp(it->path, e->items[i + 1].path))) {
			const err_file *ef = htab_get(e->files, it->path);
			if (ef && (ef->drop_err || ef->drop_warn))
				print_dropped(f, it->path, ef);
		}
	}
	pthread_mutex_unlock(&e->lock);
}

void err_merge(err_list *dst, err_list *src)
{
	size_t i, pos = 0;
	const char *path;
	void *v;
	pthread_mutex_lock(&src->lock);
	pthread_mutex_lock(&dst->lock);
	for (i = 0; i < src->len; i++) {
		err_item *it = &src->items[i];
		push_locked(dst, it->sev, it->path, it->line, it->col, it->msg);
		free(it->path);
	}
	/* what src did not keep sorts after what it kept, so after what
	 * dst keeps now: only counted */
	while (src->files && htab_iter(src->files, &pos, &path, &v)) {
		err_file *sf = v, *df;
		if (!sf->drop_err && !sf->drop_warn)
			continue;
		df = file_of(dst, path);
		df->drop_err += sf->drop_err;
		df->drop_warn += sf->drop_warn;
		dst->dropped_errors += sf->drop_err;
		dst->dropped_warnings += sf->drop_warn;
		dst->nerrors += sf->drop_err;
		dst->nwarnings += sf->drop_warn;
	}
	pthread_mutex_unlock(&dst->lock);
	free_files(src);
	src->len = 0;
	src->nerrors = src->nwarnings = 0;
	src->dropped_errors = src->dropped_warnings = 0;
	pthread_mutex_unlock(&src->lock);
}

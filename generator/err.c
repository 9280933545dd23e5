/* err.c - see err.h */
#include "err.h"
#include "buf.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void err_init(err_list *e)
{
	memset(e, 0, sizeof *e);
	pthread_mutex_init(&e->lock, NULL);
}

void err_free(err_list *e)
{
	size_t i;
	for (i = 0; i < e->len; i++) {
		free(e->items[i].path);
		free(e->items[i].msg);
	}
	free(e->items);
	pthread_mutex_destroy(&e->lock);
	memset(e, 0, sizeof *e);
}

static void push(err_list *e, err_severity sev, const char *path, int line,
		 int col, char *msg)
{
	err_item *it;
	pthread_mutex_lock(&e->lock);
	xgrow(&e->items, &e->cap, e->len + 1, sizeof *e->items);
	it = &e->items[e->len++];
	it->sev = sev;
	it->path = xstrdup(path ? path : "");
	it->line = line;
	it->col = col;
	it->msg = msg;
	if (sev == ERR_ERROR)
		e->nerrors++;
	else
		e->nwarnings++;
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

static int cmp_item(const void *a, const void *b)
{
	const err_item *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	if (x->sev != y->sev)
		return x->sev < y->sev ? -1 : 1;
	return strcmp(x->msg, y->msg);
}

void err_print(err_list *e, FILE *f, int color)
{
	size_t i;
	pthread_mutex_lock(&e->lock);
	xsort(e->items, e->len, sizeof *e->items, cmp_item);
	for (i = 0; i < e->len; i++) {
		err_item *it = &e->items[i];
		const char *kind = it->sev == ERR_ERROR ? "error" : "warning";
		if (i > 0 && !cmp_item(it, &e->items[i - 1]))
			continue; /* the same problem found twice */
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
	}
	pthread_mutex_unlock(&e->lock);
}

void err_merge(err_list *dst, err_list *src)
{
	size_t i;
	pthread_mutex_lock(&src->lock);
	for (i = 0; i < src->len; i++) {
		err_item *it = &src->items[i];
		push(dst, it->sev, it->path, it->line, it->col, it->msg);
		free(it->path);
	}
	src->len = 0;
	src->nerrors = src->nwarnings = 0;
	pthread_mutex_unlock(&src->lock);
}

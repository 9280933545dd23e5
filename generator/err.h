/*
 * err.h - diagnostics that name path:line:col.
 *
 * A build collects every error and warning it meets into one err_list
 * (so editors see all their mistakes at once, not just the first) and
 * prints them sorted by path, line and column, which keeps the output
 * the same from run to run even when pages are read in parallel.
 * Adding to a list is thread-safe.
 */
#ifndef CSO_ERR_H
#define CSO_ERR_H

#include <pthread.h>
#include <stdio.h>

typedef enum { ERR_ERROR, ERR_WARNING } err_severity;

typedef struct err_item {
	err_severity sev;
	char *path;   /* may be "" for errors about no file */
	int line, col; /* 1-based; 0 when not known */
	char *msg;
} err_item;

typedef struct err_list {
	err_item *items;
	size_t len, cap;
	int nerrors, nwarnings;
	pthread_mutex_t lock;
} err_list;

void err_init(err_list *e);
void err_free(err_list *e);

/* Record an error or warning at path:line:col (line/col 0 = unknown). */
void err_add(err_list *e, const char *path, int line, int col,
	     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void err_warn(err_list *e, const char *path, int line, int col,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Print every item as "path:line:col: error: msg", sorted, to f.
 * An item repeated exactly (same place, same message) prints once. */
void err_print(err_list *e, FILE *f, int color);

/* Move all items of src into dst (src becomes empty). */
void err_merge(err_list *dst, err_list *src);

#endif

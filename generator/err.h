/*
 * err.h - diagnostics that name path:line:col.
 *
 * A build collects every error and warning it meets into one err_list
 * (so editors see all their mistakes at once, not just the first) and
 * prints them sorted by path, line and column, which keeps the output
 * the same from run to run even when pages are read in parallel.
 * Adding to a list is thread-safe.
 *
 * A list keeps at most ERR_MAX_PER_FILE items (errors and warnings
 * together) per path, so that a data file with a million bad rows
 * costs neither a million allocations nor a million lines: the ones
 * kept are those that sort first (path, line, column, severity,
 * message), whatever order they came in, so the output does not depend
 * on thread timing.  nerrors and nwarnings still count every one, and
 * err_print says after a path's items how many more it did not show.
 */
#ifndef CSO_ERR_H
#define CSO_ERR_H

#include <pthread.h>
#include <stdio.h>

/* Items kept per path; the rest are only counted. */
#define ERR_MAX_PER_FILE 50

typedef enum { ERR_ERROR, ERR_WARNING } err_severity;

typedef struct err_item {
	err_severity sev;
	char *path;   /* may be "" for errors about no file */
	int line, col; /* 1-based; 0 when not known */
	char *msg;
} err_item;

typedef struct err_list {
	err_item *items;      /* the items kept */
	size_t len, cap;
	int nerrors, nwarnings;        /* every item added, kept or not */
	int dropped_errors, dropped_warnings;  /* of those, not kept */
	struct htab *files;   /* path -> what is kept of it (err.c) */
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
 * An item repeated exactly (same place, same message) prints once.
 * After the items of a path that had more than ERR_MAX_PER_FILE, one
 * line "path: N more errors and M more warnings not shown". */
void err_print(err_list *e, FILE *f, int color);

/* Move all items of src into dst (src becomes empty); the cap per path
 * applies to dst, and what src did not keep is counted in dst. */
void err_merge(err_list *dst, err_list *src);

#endif

/*
 * output.h - the output directory, written safely.
 *
 * A build writes into a fresh temporary directory beside the output
 * directory and swaps it in only when everything succeeded, so a failed
 * build leaves the previous site untouched and a reader never sees a
 * half-written one.  Every path written is checked to stay inside it.
 */
#ifndef CSO_OUTPUT_H
#define CSO_OUTPUT_H

#include <stddef.h>

#include <pthread.h>

#include "err.h"

typedef struct memfile {
	char *data;
	size_t len;
} memfile;

typedef struct outdir {
	char *final;  /* "out" */
	char *tmp;    /* "out.tmp-1234"; NULL in memory mode */
	struct htab *mem;      /* memory mode: rel path -> memfile */
	pthread_mutex_t lock;  /* guards mem */
} outdir;

/* Make the temporary directory for final.  Returns 0, or -1 with an
 * error in errs. */
int out_begin(outdir *o, const char *final, err_list *errs);

/* Memory mode: files are kept in memory instead of written, for `csogen
 * check` (which must not write) and `csogen serve` (which serves the
 * last good build from memory).  Free with out_free. */
void out_begin_memory(outdir *o);

/* Memory mode: the file at rel, or NULL. */
const memfile *out_mem_get(const outdir *o, const char *rel);

/* Memory mode: every path, sorted (caller frees the array, not the
 * strings, which o owns); *n gets the count. */
const char **out_mem_paths(const outdir *o, size_t *n);

/* The file a URL path is written to, relative to the output root:
 * "/en/news/x/" -> "en/news/x/index.html", "/404.html" -> "404.html".
 * Caller frees.  NULL when the URL could leave the output directory. */
char *out_file_for_url(const char *url);

/* Write data to rel (relative to the output root) in the temporary
 * directory.  Thread-safe. */
int out_write(outdir *o, const char *rel, const char *data, size_t len, err_list *errs);

/* Copy the file src to rel. */
int out_copy(outdir *o, const char *src, const char *rel, err_list *errs);

/* Copy the tree under dir to the output root (for static/); a missing
 * dir copies nothing.  Returns the number of files copied; problems go
 * to errs. */
long out_copy_tree(outdir *o, const char *dir, err_list *errs);

/* The same, to prefix/ under the output root. */
long out_copy_tree_at(outdir *o, const char *dir, const char *prefix, err_list *errs);

/* Swap the finished temporary directory in place of the output
 * directory and remove the old one. */
int out_commit(outdir *o, err_list *errs);

/* Remove the temporary directory (after a failure). */
void out_abort(outdir *o);

void out_free(outdir *o);

#endif

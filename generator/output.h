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
#include <stdint.h>

#include <pthread.h>

#include "err.h"

typedef struct memfile {
	char *data;
	size_t len;
	uint64_t key;  /* the build cache key it was made from, or 0 */
} memfile;

struct cache;

typedef struct outdir {
	char *final;  /* "out" */
	char *tmp;    /* "out.tmp-1234"; NULL in memory mode */
	/* With a build cache (cache.h) every file made is recorded.  In an
	 * incremental build, tmp holds only the files that changed, which
	 * out_commit moves into final one by one; a clean build swaps tmp
	 * in whole. */
	struct cache *cache;
	int incremental;
	/* Memory mode: the last good build (csogen serve), whose files
	 * out_keep may take over when their key is unchanged; or NULL. */
	const struct outdir *prev;
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

/* The same, for a file made from inputs whose hash is key (0: none):
 * recorded so that the next build can keep it (out_keep). */
int out_write_key(outdir *o, const char *rel, const char *data, size_t len, uint64_t key,
		  err_list *errs);

/* The same, recording where page bodies show in the file (patch.h);
 * spans sorted by offset. */
struct cache_span;
int out_write_spans(outdir *o, const char *rel, const char *data, size_t len, uint64_t key,
		    const struct cache_span *spans, size_t nspans, err_list *errs);

/* In an incremental build: is rel in the output, made last time from
 * the same key?  Then it is kept as it is and 1 is returned, and the
 * caller skips making it; otherwise 0 (make and write it). */
int out_keep(outdir *o, const char *rel, uint64_t key);

/* Where the current bytes of rel are on disk (the temporary directory
 * when it was written this build, else the output directory), or NULL
 * in memory mode.  Caller frees. */
char *out_disk_path(const outdir *o, const char *rel);

/* May a writer put files into o->tmp itself (a clean build on disk)?
 * Otherwise it must go through out_write (memory mode, incremental). */
int out_direct(const outdir *o);

/* Copy the file src to rel. */
int out_copy(outdir *o, const char *src, const char *rel, err_list *errs);

/* Copy the tree under dir to the output root (for static/); a missing
 * dir copies nothing.  Returns the number of files copied; problems go
 * to errs. */
long out_copy_tree(outdir *o, const char *dir, err_list *errs);

/* The same, to prefix/ under the output root. */
long out_copy_tree_at(outdir *o, const char *dir, const char *prefix, err_list *errs);

/* The same, following symbolic links that resolve inside dir (and only
 * those: a link cannot publish a file from elsewhere on the machine). */
long out_copy_tree_linked(outdir *o, const char *dir, const char *prefix, err_list *errs);

/* Swap the finished temporary directory in place of the output
 * directory and remove the old one. */
int out_commit(outdir *o, err_list *errs);

/* Remove the temporary directory (after a failure). */
void out_abort(outdir *o);

void out_free(outdir *o);

#endif

/*
 * build.h - one whole build: site.yaml, theme, content, then every
 * output written to a temporary directory that replaces out/ only when
 * nothing failed.
 */
#ifndef CSO_BUILD_H
#define CSO_BUILD_H

#include "err.h"
#include "output.h"

struct site;

typedef struct build_opts {
	const char *out;       /* output directory, relative to the site root */
	const char *base_url;  /* overrides site.yaml, or NULL */
	int drafts;
	int jobs;              /* threads; 0 = the number of processors */
	int serve;             /* inject the live-reload script */
	int memory;            /* keep the output in memory (see output.h) */
	int clean;             /* ignore the build cache (cache.h) and rebuild all */
	int progress;          /* draw a progress line on stderr (progress.h) */
	/* Memory mode: called with the finished site and output before they
	 * are freed (csogen check inspects them here). */
	void (*inspect)(const struct site *s, const outdir *o, void *ctx, err_list *errs);
	void *inspect_ctx;
	/* Memory mode: when not NULL, the output is handed over here instead
	 * of freed (csogen serve keeps it); the caller frees it. */
	outdir *keep;
	/* Memory mode (csogen serve): a build cache kept from one build to
	 * the next (cache_open_memory), and the last good output, whose
	 * files are taken over when their key is unchanged.  Both may be
	 * NULL. */
	struct cache *mem_cache;
	const outdir *prev;
} build_opts;

typedef struct build_stats {
	long pages;            /* HTML pages made (written or kept) */
	long files;            /* all files made (written or kept) */
	double seconds;
	/* with the build cache (cache.h): */
	int up_to_date;        /* nothing changed: nothing was done */
	int incremental;       /* the output was updated in place */
	long written, kept, removed; /* files, in an incremental build */
	long patched;          /* pages whose body edit was patched into the
				* output (patch.h); 0: not a patch */
} build_stats;

/* Build the site in the current directory.  All problems go to errs.
 * Returns 0 when the new site is in place, -1 when nothing was changed. */
int build_run(const build_opts *o, build_stats *st, err_list *errs);

#endif

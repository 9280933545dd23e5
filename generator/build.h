/*
 * build.h - one whole build: site.yaml, theme, content, then every
 * output written to a temporary directory that replaces out/ only when
 * nothing failed.
 */
#ifndef CSO_BUILD_H
#define CSO_BUILD_H

#include "err.h"

typedef struct build_opts {
	const char *out;       /* output directory, relative to the site root */
	const char *base_url;  /* overrides site.yaml, or NULL */
	int drafts;
	int jobs;              /* threads; 0 = the number of processors */
	int serve;             /* inject the live-reload script */
} build_opts;

typedef struct build_stats {
	long pages;            /* HTML pages written */
	long files;            /* all files written */
	double seconds;
} build_stats;

/* Build the site in the current directory.  All problems go to errs.
 * Returns 0 when the new site is in place, -1 when nothing was changed. */
int build_run(const build_opts *o, build_stats *st, err_list *errs);

#endif

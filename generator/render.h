/*
 * render.h - HTML pages: the template context of each page (see
 * doc/templates.md), its layout, and the files written.
 */
#ifndef CSO_RENDER_H
#define CSO_RENDER_H

#include "err.h"
#include "output.h"
#include "site.h"
#include "theme.h"

typedef struct render_opts {
	int serve;       /* add the live-reload script */
	int jobs;
	const value *pdfs;  /* page URL -> {url, size_kb, pages} of its book's PDF */
} render_opts;

/* Check that every page has a layout (errors name the page file). */
int render_check_layouts(const site *s, const theme *t, err_list *errs);

/* Render every page of s (and the pages of paginated lists) into o, on
 * opts->jobs threads.  Returns the number of files written, or -1. */
long render_pages(const site *s, const theme *t, outdir *o,
		  const render_opts *opts, err_list *errs);

/* The context of page p, paginator page number pn (1-based) - exposed
 * for tests and for other writers.  Caller unrefs. */
value *render_context(const site *s, const theme *t, const page *p, size_t pn,
		      const render_opts *opts);

#endif

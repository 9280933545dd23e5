/*
 * check.h - `csogen check`: everything a build would reject, without
 * writing anything, plus what a build lets through but a reader would
 * trip on: every internal link and #anchor of every page (those written
 * in content are reported at their file:line:col), missing translations
 * and pages that nothing links to (warnings).  External links are
 * listed, never fetched.
 */
#ifndef CSO_CHECK_H
#define CSO_CHECK_H

#include "err.h"
#include "output.h"
#include "value.h"

struct site;

typedef struct check_report {
	value *external;  /* list of {url, file, line, col}, sorted */
	long links;       /* internal links checked */
	long pages;       /* HTML files checked */
} check_report;

/* A build_opts.inspect callback; ctx is a check_report (zeroed). */
void check_inspect(const struct site *s, const outdir *o, void *ctx, err_list *errs);

/* Print {"diagnostics": [{file, line, col, severity, message}, ...],
 * "external": [{url, file, line, col}, ...], "pages": N, "links": N}. */
void check_print_json(err_list *errs, const check_report *rep, FILE *f);

#endif

/*
 * tables.h - ```table blocks: data quoted in prose without copying
 * numbers by hand.  The block holds a YAML spec:
 *
 *   source: benchmarking.ranking    # a computed result, or data.pb for a
 *                                   # raw data set (results are tried first)
 *   caption: {ka: ..., en: ...}     # or plain text
 *   columns:
 *     - {key: name, header: {ka: ..., en: ...}}
 *     - {key: p2.index, header: ..., format: number, decimals: 1}
 *     - {key: change.points, format: number, decimals: 1, sign: true}
 *     - {key: women_pct, format: percent, decimals: 1}
 *   filter: {region: guria}         # keep rows whose key equals the text
 *   sort: -p2.index                 # a key; '-' for descending
 *   limit: 5
 *   totals: true                    # a sum row under number columns
 *
 * The spec becomes a table model that the HTML writer (here) and the
 * PDF writer both draw, so the site and the books show the same table.
 */
#ifndef CSO_TABLES_H
#define CSO_TABLES_H

#include "buf.h"
#include "err.h"
#include "value.h"

typedef struct tbl_cell {
	char *text;    /* formatted */
	int numeric;
} tbl_cell;

typedef struct tbl {
	char *caption;
	size_t ncols, nrows;
	char **headers;      /* ncols */
	int *numeric;        /* ncols: right-aligned number columns */
	tbl_cell *cells;     /* nrows * ncols */
	tbl_cell *totals;    /* ncols, or NULL */
} tbl;

/* What a table may draw from, in one language. */
typedef struct tbl_env {
	const value *results;  /* localized computed results, may be NULL */
	const value *data;     /* localized raw data sets, may be NULL */
	const char *lang;
	const char *total_label;
} tbl_env;

/* The rows a `source:` names, the same for tables, charts and PDF books:
 * "data.NAME" is a raw data set, "results.NAME" a computed result, and
 * a bare name is looked up in the results first, then in the data sets.
 * Borrowed; NULL when nothing is there. */
const value *tbl_source(const value *results, const value *data, const char *name);

/* A cell as a number: a number, or a string that is wholly one.
 * Returns 0 and sets *out, or -1. */
int tbl_number(const value *v, double *out);

/* Build the table of spec text (the block body; its first line is file
 * line `line` of path).  Errors go to errs at path:line:col; returns
 * NULL then.  Free with tbl_free. */
tbl *tbl_build(const char *spec, const char *path, int line, const tbl_env *env,
	       err_list *errs);
void tbl_free(tbl *t);

/* Append the accessible HTML table (caption, th scope, numbers right
 * aligned, wrapped in a focusable region); id makes its ids unique. */
void tbl_html(const tbl *t, const char *id, buf *out);

/* A markdown.h fence hook for info string "table"; ctx is a tbl_env. */
int tbl_fence(void *ctx, const char *info, const char *body, const char *path,
	      int line, buf *out, err_list *errs);

#endif

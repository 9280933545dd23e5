/*
 * bench.h - the computed results: civic-engagement benchmarking (area
 * percentages, weighted index, ranks, region averages, phase change,
 * strongest and weakest area, completeness), participatory-budgeting
 * rates, and the project's activity figures and logframe.
 *
 * This is the one place where numbers are computed; the site, charts,
 * PDF books and workbooks all read the tree bench_compute returns, so
 * they always agree.
 */
#ifndef CSO_BENCH_H
#define CSO_BENCH_H

#include "err.h"
#include "value.h"

/* The header each known CSV data set must have (for data_load_dir). */
const char *const *bench_headers(const char *rel);

/* Check the data sets (as data_load_dir read them from dir, normally
 * "datasets") and compute the results.  Every problem goes to errs as
 * path:row:col.  Returns the results tree (caller unrefs) or NULL.
 * Names in the tree are still {ka: ..., en: ...} maps; see bench_localize.
 * A site without benchmarking data sets gets an empty map. */
value *bench_compute(const value *data, const char *dir, err_list *errs);

/* A deep copy of v in which every map whose keys are all language codes
 * of langs (e.g. {ka: .., en: ..}) is replaced by its lang entry (or the
 * first one).  Caller unrefs. */
value *bench_localize(const value *v, const char *lang, const char *const *langs);

/* Round half away from zero to d decimals (0-6), the rounding shown
 * everywhere (site, PDF, workbook number formats). */
double bench_round(double x, int d);

#endif

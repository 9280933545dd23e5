/*
 * pool.h - run n independent jobs on up to `jobs` threads.
 *
 * Jobs are taken in index order from a shared counter, so the work
 * spreads evenly; results must go to per-index slots (or thread-safe
 * sinks such as err_list) so that output never depends on timing.
 */
#ifndef CSO_POOL_H
#define CSO_POOL_H

#include <stddef.h>

typedef void (*pool_fn)(void *ctx, size_t i);

/* Call fn(ctx, i) for every i in [0, n); returns when all are done. */
void pool_run(int jobs, size_t n, pool_fn fn, void *ctx);

/* The number of online processors (at least 1). */
int pool_cpus(void);

#endif

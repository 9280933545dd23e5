/*
 * fuzz_common.h - helpers shared by the libFuzzer harnesses (tests/fuzz).
 *
 * Each harness is one LLVMFuzzerTestOneInput over one generator module,
 * compiled by tools/fuzz.sh with -fsanitize=fuzzer,address,undefined.
 * Besides "no crash, no leak, no UB" the harnesses check invariants with
 * FZ_ASSERT, which aborts (a finding libFuzzer saves) when one fails.
 */
#ifndef CSO_FUZZ_COMMON_H
#define CSO_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

#define FZ_ASSERT(cond, what)                                                  \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n",  \
				what, __FILE__, __LINE__);                     \
			abort();                                               \
		}                                                              \
	} while (0)

/* A NUL-terminated copy of the input (the generator reads files into
 * such buffers). */
static inline char *fz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Every error must name a place: a non-NULL path and a message, and a
 * line/column that are not negative.  This is the "path:line:col"
 * promise in the README, checked on whatever the fuzzer makes. */
static inline void fz_check_errs(const err_list *e, const char *path)
{
	size_t i;
	int nerr = 0, nwarn = 0;
	for (i = 0; i < e->len; i++) {
		const err_item *it = &e->items[i];
		FZ_ASSERT(it->path && it->msg && it->msg[0], "error without a message");
		FZ_ASSERT(it->line >= 0 && it->col >= 0, "negative line or column");
		if (path && it->sev == ERR_ERROR)
			FZ_ASSERT(!strcmp(it->path, path), "error names another file");
		if (it->sev == ERR_ERROR)
			nerr++;
		else
			nwarn++;
	}
	/* nerrors/nwarnings count every item, also those past the cap
	 * per path (ERR_MAX_PER_FILE) that the list did not keep */
	FZ_ASSERT(nerr + e->dropped_errors == e->nerrors &&
			  nwarn + e->dropped_warnings == e->nwarnings,
		  "error counts disagree");
}

/* Split data at the first occurrence of sep: [0, *a) and [*b, size).
 * Returns 0 when sep is absent (then *a = *b = size). */
static inline int fz_split(const uint8_t *data, size_t size, const char *sep,
			   size_t *a, size_t *b)
{
	size_t m = strlen(sep), i;
	for (i = 0; i + m <= size; i++)
		if (!memcmp(data + i, sep, m)) {
			*a = i;
			*b = i + m;
			return 1;
		}
	*a = *b = size;
	return 0;
}

#endif

/*
 * htab.h - a string-keyed hash table (open addressing).
 *
 * Keys are copied; values are borrowed pointers.  Used where a pass
 * over all pages would otherwise be quadratic: URLs, translation keys,
 * taxonomy terms.
 */
#ifndef CSO_HTAB_H
#define CSO_HTAB_H

#include <stddef.h>

typedef struct htab htab;

htab *htab_new(void);
/* Frees the table and its key copies, not the values. */
void htab_free(htab *h);
/* The value for key, or NULL. */
void *htab_get(const htab *h, const char *key);
/* Set key to v; returns the previous value (NULL if new). */
void *htab_put(htab *h, const char *key, void *v);
size_t htab_len(const htab *h);

/* Iterate: start with *pos = 0; each call fills *key and *val (either
 * may be NULL) with the next entry and returns 1, or returns 0 at the
 * end.  The order is the table's, not sorted. */
int htab_iter(const htab *h, size_t *pos, const char **key, void **val);

#endif

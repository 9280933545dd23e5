/*
 * slug.h - URL slugs and anchor ids, with Georgian romanised.
 *
 * Georgian (Mkhedruli, and Mtavruli capitals) is written in Latin by
 * Georgia's national romanisation system of 2002, with its apostrophes
 * (marking the ejectives k' p' t' ts' ch' q') dropped, so
 * "მონაწილეობითი ბიუჯეტირება" becomes "monatsileobiti-biujetireba".
 * Latin letters and digits are kept (lowercased); every other run of
 * characters becomes one '-'.
 */
#ifndef CSO_SLUG_H
#define CSO_SLUG_H

#include <stddef.h>

#include "buf.h"

/* Append the romanisation of UTF-8 text s[0..len) to out, keeping all
 * other characters as they are. */
void slug_romanise(const char *s, size_t len, buf *out);

/* A new slug for s (caller frees).  Never NULL; "" when s has no letters
 * or digits. */
char *slug_make(const char *s);

#endif

/*
 * search.h - the client-side search index.
 *
 * One JSON file per language, search/index.<lang>.json: a list of
 * {t: title, u: url, s: summary, x: plain text (the first few thousand
 * characters of the page)}.  The theme's small script matches substrings,
 * which finds Georgian and English words and parts of words alike, with
 * no stemmer and no service; without JavaScript the search page links the
 * sitemap instead.
 */
#ifndef CSO_SEARCH_H
#define CSO_SEARCH_H

#include "err.h"
#include "output.h"
#include "site.h"

#define SEARCH_TEXT_MAX 3000 /* bytes of page text kept per page */

/* Write the indexes; returns the number of files, or -1. */
long search_write(const site *s, outdir *o, err_list *errs);

/* Append the visible text of HTML (tags dropped, entities &amp; &lt;
 * &gt; &quot; &#39; decoded, white space folded) to out, at most max
 * bytes, cut on a UTF-8 boundary. */
void search_plain_text(const char *html, size_t max, buf *out);

#endif

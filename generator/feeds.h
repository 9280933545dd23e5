/*
 * feeds.h - the machine-readable files: Atom feeds (per language, and
 * per top-level section), sitemap.xml with hreflang alternates,
 * robots.txt, and the redirect pages of aliases.  Written by csogen
 * itself rather than through templates, so they are always well-formed.
 */
#ifndef CSO_FEEDS_H
#define CSO_FEEDS_H

#include "err.h"
#include "output.h"
#include "site.h"

#define FEED_ENTRIES 20

/* Write all of them into o; returns the number of files, or -1. */
long feeds_write(const site *s, outdir *o, err_list *errs);

#endif

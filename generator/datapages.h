/*
 * datapages.h - pages made from data rather than from content files:
 * the benchmarking overview (the benchmarking section), its methodology
 * page (from the instrument), and one page per municipality, in every
 * language; and the data downloads under out/data/.
 */
#ifndef CSO_DATAPAGES_H
#define CSO_DATAPAGES_H

#include "err.h"
#include "output.h"
#include "site.h"

/* Add the data pages to s (before site_link).  A content file at the
 * same place (content/benchmarking/_index.ka.md) supplies the overview's
 * title and text.  Returns 0 or -1. */
int datapages_add(site *s, err_list *errs);

/* Add a search page per language (/search/, layout "search") when the
 * theme has the layout _default/search. */
void datapages_add_search(site *s, int theme_has_layout);

/* Write the downloads: data/benchmarking-results.csv and .json, and the
 * raw data sets under data/raw/.  Returns the number of files. */
long datapages_write(const site *s, outdir *o, err_list *errs);

#endif

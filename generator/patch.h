/*
 * patch.h - an edit of page bodies only, patched into the last build's
 * output instead of building the site again.
 *
 * The commonest edit is a fix in the text of one page.  Its front
 * matter, and so its title, URL, date, terms and list entries, stays
 * the same; what changes is the page's HTML, and the places other files
 * show that HTML: the page itself, the search index of its language and
 * the Atom feeds that carry it in full.  Every build records those
 * places as spans of its output files (cache.h: cache_span), where the
 * template engine wrote the watched values (tmpl.h: tmpl_watch) and
 * where the search and feed writers wrote a page's text.  The next
 * build, when only such edits happened, rewrites those spans in the
 * files that have them and nothing else: a few files, in the time it
 * takes to read the cache.
 *
 * It is an optimisation with a strict guard, never a different result:
 * the patch is taken only when
 *   - the inputs that changed are Markdown pages, none added or
 *     removed, none a PDF book's chapter, none with ```chart or
 *     ```table blocks (they read data sets and make charts);
 *   - each changed page reads without errors or warnings and has the
 *     same front matter, body line, summary and table of contents as
 *     the last build's record of it;
 *   - every output is as the last build left it;
 *   - a value that decided a section (`{{#page.content}}`) decides it
 *     the same way, and the old bytes of every span are the old value;
 * otherwise the build goes the usual way.  Its output is byte for byte
 * a full build's (tests/e2e/test_incremental.sh compares).
 * CSOGEN_CACHE_VERIFY=1 and `--clean` never patch.
 */
#ifndef CSO_PATCH_H
#define CSO_PATCH_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "cache.h"
#include "err.h"
#include "markdown.h"

/* cache_span.field: which part of a page's body */
enum {
	PATCH_F_CONTENT = 1,  /* the body's HTML */
	PATCH_F_READING_TIME, /* minutes, from the word count */
	PATCH_F_SEARCH_TEXT   /* the search index's plain text */
};

/* cache_span.esc: how it was written */
enum {
	PATCH_E_RAW,  /* as it is */
	PATCH_E_HTML, /* HTML/XML-escaped (buf_put_escaped) */
	PATCH_E_JSON  /* a quoted JSON string (buf_put_json) */
};

/* cache_span.dep: as tmpl.h's TMPL_WRITTEN, TMPL_TRUTH, TMPL_WHOLE */
enum { PATCH_D_WRITTEN, PATCH_D_TRUTH, PATCH_D_WHOLE };

/* A page's id in spans: the hash of its source path. */
uint64_t patch_page_id(const char *src);

/* The reading time, in minutes, the site shows for a body. */
double patch_reading_time(const md_doc *md);

/* Append field of md, escaped as esc, to b. */
void patch_field(const md_doc *md, int field, int esc, buf *b);

/* Spans being collected for one output file. */
typedef struct patch_spans {
	cache_span *v;
	size_t n, cap;
} patch_spans;
#define PATCH_SPANS_INIT {NULL, 0, 0}
void patch_spans_add(patch_spans *s, uint64_t page, size_t off, size_t len, int field,
		     int esc, int dep);
void patch_spans_free(patch_spans *s);

/* What a patch did. */
typedef struct patch_stats {
	long pages;   /* pages whose body changed */
	long files;   /* output files rewritten */
	long kept;    /* output files left as they were */
} patch_stats;

struct site_cfg;
struct theme;

/* Try to patch the output directory out after the inputs scanned into
 * c changed (cache_scan_inputs returned 1), for the site in the current
 * directory (its config and theme loaded; drafts as the build's
 * --drafts).  Returns 1 when the output
 * and the cache are up to date, 0 when the build must go the usual way
 * (nothing was changed), -1 when writing failed (errors in errs; the
 * manifest is gone, so the next build is clean). */
int patch_try(cache *c, const char *out, const struct site_cfg *cfg, const struct theme *th,
	      int drafts, patch_stats *st, err_list *errs);

#endif

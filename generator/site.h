/*
 * site.h - the site model: every page of every language, with its URL,
 * section, translations and taxonomy terms, built from content/ in one
 * pass and then only read (by the HTML, feed and sitemap writers, and
 * later by the PDF and XLSX writers).
 *
 * content.c reads files into pages; site.c links them (sections,
 * translations, taxonomies, lists, pagination) and checks URLs.
 */
#ifndef CSO_SITE_H
#define CSO_SITE_H

#include "config.h"
#include "date.h"
#include "err.h"
#include "markdown.h"
#include "value.h"

#include <stdint.h>

typedef enum {
	PAGE_HOME,
	PAGE_SECTION,
	PAGE_SINGLE,
	PAGE_TAXONOMY,
	PAGE_TERM,
	PAGE_404
} page_kind;

typedef struct page page;

struct page {
	page_kind kind;
	int lang;              /* index into cfg->langs */
	char *src;             /* "content/news/x.ka.md", or NULL when made */
	char *dir;             /* "news/forum" ("" for home), relative to content/ */
	char *name;            /* file name without .lang.md ("_index" for lists) */
	char *section;         /* first part of dir ("" for home) */
	value *fm;             /* front matter (a map; owned) */
	int body_line;         /* file line where the Markdown starts, minus 1 */
	char *body;            /* Markdown text (owned), NULL for made pages */
	size_t body_len;

	char *title;
	char *summary;         /* front matter summary, or from the body */
	char *layout;
	char *tkey;            /* translation key */
	date date, lastmod;
	int has_date, has_lastmod, draft, weight;
	char *url;             /* "/en/news/x/" */
	md_doc md;

	page *parent;          /* enclosing section (home for top level) */
	page **children;       /* for lists: sub-sections and pages, sorted */
	size_t nchildren, capchildren;
	page *trans[CFG_MAX_LANGS]; /* the same page in each language */
	page *prev, *next;     /* neighbours among the parent's single pages */
	size_t nsingles;       /* children that are single pages (site_link) */

	/* taxonomy and term pages */
	int tax;               /* index into cfg->taxonomies */
	char *term;            /* term as written in front matter */
	page **members;        /* term: pages carrying it; taxonomy: its terms;
				* home and top-level sections: their dated pages,
				* newest first (what feeds and the home page list) */
	size_t nmembers, capmembers;

	value *item;           /* the summary map lists show (owned) */
	value *extra;          /* more page.* keys for templates (data pages'
				* figures), or NULL (owned) */
	size_t order;          /* stable index, for deterministic sorting */
	uint64_t meta_key;     /* build cache: what other pages show of this
				* one (render.c); 0 without a cache */
};

typedef struct site {
	site_cfg *cfg;
	page **pages;          /* every page, in a deterministic order */
	size_t npages, cappages;
	char **assets;         /* other files under content/ ("content/x/a.png"), sorted */
	size_t nassets, capassets;
	char **book_files;     /* "content/guides/x/book.yaml" (pdf_book.h), sorted */
	size_t nbook_files, capbook_files;
	int scanned;           /* content_load has filled book_files */
	int drafts;            /* build drafts too */
	int keep_links;        /* keep pages' md.links (csogen check reads them) */
	int has_search;        /* the theme has a search page (search.h) */
	int jobs;              /* threads */
	struct htab *urls;     /* url -> page, for the duplicate check */
	page **tax_pages;      /* [lang * ntax + tax]: taxonomy list page or NULL */
	value *data;           /* datasets/ as read (site data), or NULL (owned) */
	value *results;        /* computed results (bench.h), or NULL (owned) */
	value *data_l[CFG_MAX_LANGS];    /* the same with names in one language */
	value *results_l[CFG_MAX_LANGS];
	struct figures *figs;  /* chart files made while reading (figures.h) */
	value *reports_l[CFG_MAX_LANGS]; /* workbooks to link, per language */
	struct progress *prog; /* progress line (progress.h), or NULL */
	struct cache *cache;   /* the build cache (cache.h), or NULL */
} site;

/* Read every content file under content/ into s (content.c).  Files are
 * visited in sorted order.  i18n (the theme's strings per language, may
 * be NULL) gives labels the Markdown renderer writes.  Bad front matter and files go to errs; the
 * rest are still read, so one build reports every error. */
int content_load(site *s, const value *const *i18n, err_list *errs, int jobs);

/* For a patch (patch.h): read the content file path again and compare
 * it with the build cache's record of the version whose content hash
 * was old_hash.  Returns 1 when they differ only in the body's HTML
 * and word count (same front matter, body line, summary, table of
 * contents; no errors or warnings; no ```chart or ```table blocks),
 * with *now the page as read (its URL and links not set; caller frees
 * with page_free) and *before the old body (caller md_doc_free's).
 * Returns 0 when the file needs a full build, which reports any
 * problem in it. */
int content_reread(site *s, const value *const *i18n, const char *path, uint64_t old_hash,
		   page **now, md_doc *before);

/* Link the pages: make missing list pages, sections, translations,
 * taxonomies, URLs, and check that no two pages claim one URL
 * (site.c).  Returns 0 or -1. */
int site_link(site *s, err_list *errs);

/* The search page (made when the theme has one): not indexed, not in
 * the sitemap. */
int page_is_search(const page *p);

/* Free one page that is in no site. */
void page_free(page *p);

/* Free all pages. */
void site_free(site *s);

/* Add a page to s (takes ownership). */
void site_add(site *s, page *p);

/* A new empty page (caller adds it to a site). */
page *page_new(page_kind kind, int lang);

/* How many paginator pages the list p has (1 for other pages). */
size_t site_list_pages(const site *s, const page *p);

/* The terms of taxonomy number tax on p: a list of {name, url}. */
value *site_terms(const site *s, const page *p, size_t tax);

/* Absolute URL: base_url + url. Caller frees. */
char *site_permalink(const site *s, const char *url);

#endif

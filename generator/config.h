/*
 * config.h - site.yaml: the site's languages, menus, taxonomies and
 * settings.
 *
 *   base_url: https://csogeorgia.org
 *   theme: csogeorgia
 *   pagination: 10
 *   markdown: {smart: true, unsafe: false}
 *   taxonomies: [tags, regions, municipalities, actors]
 *   params: {...}
 *   languages:            # in order; the first is the default, at /
 *     ka:
 *       name: ქართული
 *       title: ...
 *       description: ...
 *       copyright: ...
 *       menu: [{name: ..., url: /project/}]
 *       taxonomies: {tags: ტეგები}        # taxonomy titles
 *       terms: {regions: {guria: გურია}}  # display names of terms
 *       params: {...}                     # merged over the site params
 */
#ifndef CSO_CONFIG_H
#define CSO_CONFIG_H

#include "err.h"
#include "value.h"

#define CFG_MAX_LANGS 8

typedef struct lang_cfg {
	char *code;        /* "ka" */
	char *name;        /* "ქართული" */
	char *prefix;      /* "" for the default language, "/en" otherwise */
	char *title;
	char *description;
	char *copyright;
	value *menu;       /* list of {name, url} (borrowed from raw) */
	value *tax_titles; /* map taxonomy -> title, or NULL (borrowed) */
	value *terms;      /* map taxonomy -> map term -> name (borrowed) */
	value *params;     /* site params with this language's merged (owned) */
} lang_cfg;

typedef struct site_cfg {
	char *path;        /* "site.yaml", for errors */
	char *base_url;    /* without a trailing slash */
	char *theme;
	int page_size;
	int smart, unsafe_html;
	char **taxonomies;
	size_t ntax;
	lang_cfg langs[CFG_MAX_LANGS];
	size_t nlangs;
	value *raw;        /* the whole file (owned) */
} site_cfg;

/* Load path (normally "site.yaml").  base_url, when not NULL, overrides
 * the file's.  Every problem goes to errs; returns 0 or -1.  Free with
 * cfg_free even after a failure. */
int cfg_load(site_cfg *c, const char *path, const char *base_url, err_list *errs);
void cfg_free(site_cfg *c);

/* Index of language code, or -1. */
int cfg_lang(const site_cfg *c, const char *code);

#endif

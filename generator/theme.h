/*
 * theme.h - a theme: its Mustache layouts (compiled once), its interface
 * strings per language, and which layout each page uses.
 *
 * Layouts are read from themes/<name>/layouts/ and named by their path
 * there without ".mustache" ("_default/single", "partials/header").
 */
#ifndef CSO_THEME_H
#define CSO_THEME_H

#include "config.h"
#include "err.h"
#include "site.h"
#include "tmpl.h"

typedef struct theme {
	char *dir;                  /* "themes/csogeorgia" */
	tmpl_set *set;
	value *i18n[CFG_MAX_LANGS]; /* maps of strings (owned) */
} theme;

/* Load the theme named in c.  Template syntax errors and bad i18n files
 * go to errs (all of them); returns 0 or -1.  Free with theme_free. */
int theme_load(theme *t, const site_cfg *c, err_list *errs);
void theme_free(theme *t);

/* The layout for p, by the lookup order in doc/templates.md; when none
 * exists, NULL and *tried gets the names looked for ("a, b, c"; caller
 * frees). */
const tmpl *theme_layout(const theme *t, const site *s, const page *p, char **tried);

#endif

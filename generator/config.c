/* config.c - see config.h */
#include "config.h"
#include "util.h"
#include "yamlval.h"

#include <stdlib.h>
#include <string.h>

static const char *const default_tax[] = {"tags", "regions", "municipalities", "actors"};

/* A string at key, checked; NULL (and an error) when present but not a
 * string, def when absent. */
static char *get_string(site_cfg *c, const value *map, const char *key,
			const char *def, int required, err_list *errs)
{
	const value *v = val_get(map, key);
	if (!v || v->kind == VAL_NULL) {
		if (required)
			err_add(errs, c->path, map ? map->line : 0, map ? map->col : 0,
				"'%s' is required", key);
		return def ? xstrdup(def) : NULL;
	}
	if (v->kind != VAL_STR) {
		err_add(errs, c->path, v->line, v->col, "'%s' must be a string", key);
		return def ? xstrdup(def) : NULL;
	}
	return xstrdup(v->u.str.s);
}

/* Lowercase Latin letters and '-', between min and max bytes: language
 * codes (2-12) and taxonomy names (1-40) alike, since both become URL
 * segments. */
static int valid_name(const char *s, size_t min, size_t max)
{
	size_t i, n = strlen(s);
	if (n < min || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
			return 0;
	return 1;
}

static void check_menu(site_cfg *c, const value *menu, err_list *errs)
{
	size_t i;
	if (!menu)
		return;
	if (menu->kind != VAL_LIST) {
		err_add(errs, c->path, menu->line, menu->col, "menu must be a list");
		return;
	}
	for (i = 0; i < menu->u.list.len; i++) {
		const value *it = menu->u.list.items[i];
		if (it->kind != VAL_MAP || !val_cstr(val_get(it, "name")) ||
		    !val_cstr(val_get(it, "url")))
			err_add(errs, c->path, it->line, it->col,
				"a menu entry needs 'name' and 'url' strings");
	}
}

int cfg_load(site_cfg *c, const char *path, const char *base_url, err_list *errs)
{
	const value *v, *langs;
	int before = errs->nerrors;
	size_t i;

	memset(c, 0, sizeof *c);
	c->path = xstrdup(path);
	c->raw = yv_load_file(path, errs);
	if (!c->raw)
		return -1;
	if (c->raw->kind != VAL_MAP) {
		err_add(errs, path, c->raw->line ? c->raw->line : 1, c->raw->col ? c->raw->col : 1,
			c->raw->kind == VAL_NULL ? "site.yaml is empty: it needs at least 'languages'"
						 : "site.yaml must be a mapping of settings");
		return -1;
	}
	c->base_url = base_url ? xstrdup(base_url)
			       : get_string(c, c->raw, "base_url", "", 0, errs);
	if (c->base_url) {
		size_t n = strlen(c->base_url);
		while (n > 0 && c->base_url[n - 1] == '/')
			c->base_url[--n] = '\0';
	}
	c->theme = get_string(c, c->raw, "theme", "csogeorgia", 0, errs);
	if (strchr(c->theme, '/') || c->theme[0] == '.' || !c->theme[0])
		err_add(errs, path, 0, 0, "theme must be a plain directory name under themes/");

	c->page_size = 10;
	if ((v = val_get(c->raw, "pagination"))) {
		if (v->kind != VAL_NUM || v->u.n < 1 || v->u.n > 1000)
			err_add(errs, path, v->line, v->col, "pagination must be a number from 1 to 1000");
		else
			c->page_size = (int)v->u.n;
	}
	c->smart = 1;
	if ((v = val_get(c->raw, "markdown"))) {
		const value *s = val_get(v, "smart"), *u = val_get(v, "unsafe");
		if (s)
			c->smart = val_truthy(s);
		if (u)
			c->unsafe_html = val_truthy(u);
	}

	v = val_get(c->raw, "taxonomies");
	if (v && v->kind == VAL_LIST) {
		c->taxonomies = xcalloc(v->u.list.len + 1, sizeof(char *));
		for (i = 0; i < v->u.list.len; i++) {
			const char *t = val_cstr(v->u.list.items[i]);
			if (!t || !valid_name(t, 1, 40) || !strcmp(t, "page")) {
				err_add(errs, path, v->u.list.items[i]->line,
					v->u.list.items[i]->col,
					"a taxonomy name is lowercase Latin letters and '-'");
				continue;
			}
			c->taxonomies[c->ntax++] = xstrdup(t);
		}
	} else {
		if (v)
			err_add(errs, path, v->line, v->col, "taxonomies must be a list");
		c->taxonomies = xcalloc(4, sizeof(char *));
		for (i = 0; i < 4; i++)
			c->taxonomies[c->ntax++] = xstrdup(default_tax[i]);
	}

	langs = val_get(c->raw, "languages");
	if (!langs || langs->kind != VAL_MAP || langs->u.map.len == 0) {
		err_add(errs, path, langs ? langs->line : 1, langs ? langs->col : 1,
			"'languages' must map language codes (ka, en, ...) to their settings");
		return -1;
	}
	for (i = 0; i < langs->u.map.len && i < CFG_MAX_LANGS; i++) {
		lang_cfg *l = &c->langs[c->nlangs];
		const char *code = langs->u.map.keys[i];
		const value *lv = langs->u.map.vals[i];
		const value *p;
		if (!valid_name(code, 2, 12)) {
			err_add(errs, path, lv->line, lv->col, "bad language code '%s'", code);
			continue;
		}
		if (lv->kind != VAL_MAP) {
			err_add(errs, path, lv->line, lv->col, "language '%s' needs a mapping", code);
			continue;
		}
		c->nlangs++;
		l->code = xstrdup(code);
		l->prefix = c->nlangs == 1 ? xstrdup("") : xasprintf("/%s", code);
		l->name = get_string(c, lv, "name", code, 0, errs);
		l->title = get_string(c, lv, "title", "", 1, errs);
		l->description = get_string(c, lv, "description", "", 0, errs);
		l->copyright = get_string(c, lv, "copyright", "", 0, errs);
		l->menu = val_get(lv, "menu");
		check_menu(c, l->menu, errs);
		l->tax_titles = val_get(lv, "taxonomies");
		l->terms = val_get(lv, "terms");
		/* language params over site params, one level deep */
		l->params = val_map();
		if ((p = val_get(c->raw, "params")) && p->kind == VAL_MAP) {
			size_t k;
			for (k = 0; k < p->u.map.len; k++)
				val_set(l->params, p->u.map.keys[k], val_ref(p->u.map.vals[k]));
		}
		if ((p = val_get(lv, "params")) && p->kind == VAL_MAP) {
			size_t k;
			for (k = 0; k < p->u.map.len; k++)
				val_set(l->params, p->u.map.keys[k], val_ref(p->u.map.vals[k]));
		}
	}
	if (langs->u.map.len > CFG_MAX_LANGS)
		err_add(errs, path, langs->line, langs->col, "at most %d languages", CFG_MAX_LANGS);
	return errs->nerrors > before ? -1 : 0;
}

void cfg_free(site_cfg *c)
{
	size_t i;
	for (i = 0; i < c->nlangs; i++) {
		lang_cfg *l = &c->langs[i];
		free(l->code);
		free(l->name);
		free(l->prefix);
		free(l->title);
		free(l->description);
		free(l->copyright);
		val_unref(l->params);
	}
	for (i = 0; i < c->ntax; i++)
		free(c->taxonomies[i]);
	free(c->taxonomies);
	free(c->path);
	free(c->base_url);
	free(c->theme);
	val_unref(c->raw);
	memset(c, 0, sizeof *c);
}

int cfg_lang(const site_cfg *c, const char *code)
{
	size_t i;
	for (i = 0; i < c->nlangs; i++)
		if (!strcmp(c->langs[i].code, code))
			return (int)i;
	return -1;
}

/* theme.c - see theme.h */
#define _DEFAULT_SOURCE
#include "theme.h"
#include "buf.h"
#include "util.h"
#include "yamlval.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Add every *.mustache under dir (path relative to layouts/ in rel). */
static void load_dir(theme *t, const char *dir, const char *rel, int depth,
		     err_list *errs)
{
	size_t n, i;
	char **names = dir_list(dir, &n);
	if (!names) {
		err_add(errs, dir, 0, 0, "cannot read: %s", strerror(errno));
		return;
	}
	for (i = 0; i < n; i++) {
		char *path = path_join(dir, names[i]);
		char *name = rel[0] ? xasprintf("%s/%s", rel, names[i]) : xstrdup(names[i]);
		size_t len = strlen(name);
		if (is_dir(path) && depth < 8) {
			load_dir(t, path, name, depth + 1, errs);
		} else if (len > 9 && !strcmp(name + len - 9, ".mustache")) {
			size_t sl;
			char *src = file_read(path, &sl);
			if (!src)
				err_add(errs, path, 0, 0, "cannot read: %s", strerror(errno));
			else if (text_check(src, sl, path, errs) < 0)
				free(src);
			else {
				name[len - 9] = '\0';
				tmpl_set_add(t->set, name, src, sl, path, errs);
				free(src);
			}
		}
		free(path);
		free(name);
	}
	dir_list_free(names);
}

int theme_load(theme *t, const site_cfg *c, err_list *errs)
{
	int before = errs->nerrors;
	size_t l;
	char *layouts;
	memset(t, 0, sizeof *t);
	t->dir = xasprintf("themes/%s", c->theme);
	t->set = tmpl_set_new();
	if (!is_dir(t->dir)) {
		const value *v = val_get(c->raw, "theme");
		err_add(errs, c->path, v ? v->line : 0, v ? v->col : 0,
			"theme '%s' not found (no %s/)", c->theme, t->dir);
		return -1;
	}
	layouts = path_join(t->dir, "layouts");
	if (is_dir(layouts))
		load_dir(t, layouts, "", 0, errs);
	else
		err_add(errs, layouts, 0, 0, "the theme has no layouts/ directory");
	free(layouts);
	for (l = 0; l < c->nlangs; l++) {
		char *p = xasprintf("%s/i18n/%s.yaml", t->dir, c->langs[l].code);
		if (is_file(p)) {
			value *v = yv_load_file(p, errs);
			if (v && v->kind != VAL_MAP && v->kind != VAL_NULL) {
				err_add(errs, p, v->line, v->col, "i18n strings must be a mapping");
				val_unref(v);
				v = NULL;
			}
			if (v && v->kind == VAL_MAP) {
				size_t k;
				for (k = 0; k < v->u.map.len; k++)
					if (v->u.map.vals[k]->kind == VAL_LIST ||
					    v->u.map.vals[k]->kind == VAL_MAP)
						err_add(errs, p, v->u.map.vals[k]->line,
							v->u.map.vals[k]->col,
							"i18n '%s' must be text", v->u.map.keys[k]);
			}
			t->i18n[l] = v && v->kind == VAL_MAP ? v : (val_unref(v), val_map());
		} else {
			t->i18n[l] = val_map();
		}
		free(p);
	}
	return errs->nerrors > before ? -1 : 0;
}

void theme_free(theme *t)
{
	size_t l;
	free(t->dir);
	tmpl_set_free(t->set);
	for (l = 0; l < CFG_MAX_LANGS; l++)
		val_unref(t->i18n[l]);
	memset(t, 0, sizeof *t);
}

const tmpl *theme_layout(const theme *t, const site *s, const page *p, char **tried)
{
	const char *cand[6];
	char *own[6] = {0};
	size_t n = 0, i;
	const tmpl *found = NULL;
	const char *tax = p->tax >= 0 ? s->cfg->taxonomies[p->tax] : "";
	switch (p->kind) {
	case PAGE_HOME:
		cand[n++] = "index";
		cand[n++] = "_default/list";
		break;
	case PAGE_SECTION:
		cand[n] = own[n] = xasprintf("%s/list", p->section);
		n++;
		cand[n++] = "_default/list";
		break;
	case PAGE_SINGLE:
		/* a layout the editor names must exist: no silent fallback */
		if (p->layout) {
			cand[n] = own[n] = xasprintf("%s/%s", p->section[0] ? p->section : "_root", p->layout);
			n++;
			cand[n] = own[n] = xasprintf("_default/%s", p->layout);
			n++;
			break;
		}
		cand[n] = own[n] = xasprintf("%s/single", p->section[0] ? p->section : "_root");
		n++;
		cand[n++] = "_default/single";
		break;
	case PAGE_TAXONOMY:
		cand[n] = own[n] = xasprintf("%s/taxonomy", tax);
		n++;
		cand[n++] = "_default/taxonomy";
		break;
	case PAGE_TERM:
		cand[n] = own[n] = xasprintf("%s/term", tax);
		n++;
		cand[n++] = "_default/term";
		break;
	case PAGE_404:
		cand[n++] = "404";
		break;
	}
	for (i = 0; i < n && !found; i++)
		found = tmpl_set_get(t->set, cand[i]);
	if (!found && tried) {
		buf b = BUF_INIT;
		for (i = 0; i < n; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", cand[i]);
		*tried = buf_detach(&b);
	}
	for (i = 0; i < n; i++)
		free(own[i]);
	return found;
}

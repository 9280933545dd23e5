/*
 * site.c - link the pages read from content/ into a site: list pages,
 * parents and children, URLs, translations, taxonomies, neighbours, and
 * the summary items lists show.  Every step is one pass over the pages
 * with hash tables, so a large site links in linear time.
 */
#include "site.h"
#include "pool.h"
#include "content.h"
#include "figures.h"
#include "htab.h"
#include "output.h"
#include "slug.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

page *page_new(page_kind kind, int lang)
{
	page *p = xcalloc(1, sizeof *p);
	p->kind = kind;
	p->lang = lang;
	p->tax = -1;
	return p;
}

int page_is_search(const page *p)
{
	return !p->src && p->layout && !strcmp(p->layout, "search");
}

void page_free(page *p)
{
	if (!p)
		return;
	free(p->src);
	free(p->dir);
	free(p->name);
	free(p->section);
	val_unref(p->fm);
	free(p->body);
	free(p->title);
	free(p->summary);
	free(p->layout);
	free(p->tkey);
	free(p->url);
	if (p->md.html || p->md.toc)
		md_doc_free(&p->md);
	free(p->children);
	free(p->term);
	free(p->members);
	val_unref(p->item);
	val_unref(p->extra);
	free(p);
}

void site_add(site *s, page *p)
{
	xgrow(&s->pages, &s->cappages, s->npages + 1, sizeof *s->pages);
	p->order = s->npages;
	s->pages[s->npages++] = p;
}

static void free_one(void *ctx, size_t i)
{
	page_free(((page **)ctx)[i]);
}

void site_free(site *s)
{
	size_t i;
	/* pages share nothing but reference-counted values (atomic), so
	 * they are freed on every thread: at 10,000 pages that is millions
	 * of free()s */
	pool_run(s->jobs, s->npages, free_one, s->pages);
	free(s->pages);
	for (i = 0; i < s->nassets; i++)
		free(s->assets[i]);
	free(s->assets);
	for (i = 0; i < s->nbook_files; i++)
		free(s->book_files[i]);
	free(s->book_files);
	htab_free(s->urls);
	free(s->tax_pages);
	val_unref(s->data);
	val_unref(s->results);
	fig_free(s->figs);
	s->figs = NULL;
	for (i = 0; i < CFG_MAX_LANGS; i++) {
		val_unref(s->data_l[i]);
		val_unref(s->results_l[i]);
		val_unref(s->reports_l[i]);
		s->data_l[i] = s->results_l[i] = s->reports_l[i] = NULL;
	}
	s->data = s->results = NULL;
	s->tax_pages = NULL;
	s->pages = NULL;
	s->assets = NULL;
	s->urls = NULL;
	s->npages = s->nassets = s->cappages = s->capassets = 0;
}

char *site_permalink(const site *s, const char *url)
{
	return xasprintf("%s%s", s->cfg->base_url, url);
}

static void add_child(page *parent, page *child)
{
	xgrow(&parent->children, &parent->capchildren, parent->nchildren + 1,
	      sizeof *parent->children);
	parent->children[parent->nchildren++] = child;
}

static void add_member(page *list, page *p)
{
	xgrow(&list->members, &list->capmembers, list->nmembers + 1, sizeof *list->members);
	list->members[list->nmembers++] = p;
}

static char *key2(int lang, const char *s)
{
	return xasprintf("%d\x1f%s", lang, s);
}

/* The last component of a directory path. */
static const char *base_name(const char *dir)
{
	const char *s = strrchr(dir, '/');
	return s ? s + 1 : dir;
}

/* Find or make the list page of dir in lang (and, recursively, of the
 * directories above it). */
static page *section_of(site *s, htab *secs, int lang, const char *dir)
{
	char *k = key2(lang, dir);
	page *p = htab_get(secs, k);
	if (!p) {
		const char *slash;
		p = page_new(dir[0] ? PAGE_SECTION : PAGE_HOME, lang);
		p->dir = xstrdup(dir);
		p->name = xstrdup("_index");
		slash = strchr(dir, '/');
		p->section = slash ? xstrndup(dir, (size_t)(slash - dir)) : xstrdup(dir);
		p->title = xstrdup(dir[0] ? base_name(dir) : s->cfg->langs[lang].title);
		p->summary = xstrdup("");
		p->fm = val_map();
		p->md.html = xstrdup("");
		p->md.toc = val_list();
		p->md.toc_html = xstrdup("");
		p->md.summary = xstrdup("");
		p->md.links = val_list();
		site_add(s, p);
		htab_put(secs, k, p);
	}
	free(k);
	return p;
}

static char *parent_dir(const char *dir)
{
	const char *s = strrchr(dir, '/');
	return s ? xstrndup(dir, (size_t)(s - dir)) : xstrdup("");
}

/* "guides/pb-monitoring" with each segment made a slug. */
static char *slug_path(const char *dir)
{
	buf b = BUF_INIT;
	const char *p = dir;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *seg = xstrndup(p, n), *sl = slug_make(seg);
		if (b.len)
			buf_putc(&b, '/');
		buf_puts(&b, sl[0] ? sl : "x");
		free(seg);
		free(sl);
		p += n;
		if (*p == '/')
			p++;
	}
	return buf_detach(&b);
}

static int fm_line(const page *p, const char *key, int *col)
{
	const value *v = val_get(p->fm, key);
	*col = v ? v->col : 1;
	return v ? v->line : (p->src ? 1 : 0);
}

/* Sort order of a list: weighted pages first (lower weight first), then
 * newest first, then by title, then by file; every key is part of the
 * content, so the order is the same on every run. */
static int cmp_pages(const void *a, const void *b)
{
	const page *x = *(page *const *)a, *y = *(page *const *)b;
	int c;
	if ((x->kind == PAGE_SECTION) != (y->kind == PAGE_SECTION))
		return x->kind == PAGE_SECTION ? 1 : -1;
	if (x->weight != y->weight) {
		if (!x->weight || !y->weight)
			return x->weight ? -1 : 1;
		return x->weight < y->weight ? -1 : 1;
	}
	if (x->has_date != y->has_date)
		return x->has_date ? -1 : 1;
	if (x->has_date && (c = date_cmp(&x->date, &y->date)))
		return -c;
	if ((c = strcmp(x->title ? x->title : "", y->title ? y->title : "")))
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Newest first, for term pages and feeds. */
static int cmp_date(const void *a, const void *b)
{
	const page *x = *(page *const *)a, *y = *(page *const *)b;
	int c;
	if (x->has_date != y->has_date)
		return x->has_date ? -1 : 1;
	if (x->has_date && (c = date_cmp(&x->date, &y->date)))
		return -c;
	if ((c = strcmp(x->title ? x->title : "", y->title ? y->title : "")))
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int cmp_terms(const void *a, const void *b)
{
	const page *x = *(page *const *)a, *y = *(page *const *)b;
	return strcmp(x->url, y->url);
}

size_t site_list_pages(const site *s, const page *p)
{
	size_t n = 0, i, per = (size_t)s->cfg->page_size;
	(void)i;
	if (p->kind == PAGE_SECTION)
		n = p->nsingles; /* counted once: this is asked for every paginator page */
	else if (p->kind == PAGE_TERM)
		n = p->nmembers;
	return n ? (n + per - 1) / per : 1;
}

/* Claim url for p; two pages may not claim one URL. */
static void claim(site *s, page *p, const char *url, const char *key, err_list *errs)
{
	char *file = out_file_for_url(url);
	page *other = file ? htab_get(s->urls, file) : NULL;
	if (other && other != p) {
		int col, line;
		if (other->src && val_get(other->fm, "url") && !val_get(p->fm, "url")) {
			/* blame the page that chose its URL by hand */
			page *t = other;
			other = p;
			p = t;
		}
		line = p->src ? fm_line(p, key, &col) : 0;
		if (!p->src) {
			/* a made page (term, list) lost to a content file */
			page *t = other;
			other = p;
			p = t;
			line = p->src ? fm_line(p, key, &col) : 0;
		}
		if (!p->src)
			col = 0;
		err_add(errs, p->src ? p->src : "content", line, line ? col : 0,
			"URL %s is claimed by both %s and %s", url,
			other->src ? other->src : "a generated list page",
			p->src ? p->src : "a generated list page");
		free(file);
		return;
	}
	if (file)
		htab_put(s->urls, file, p);
	free(file);
}

typedef struct url_job {
	site *s;
	err_list *errs;
} url_job;

/* A page's URL from its front matter, section and name: each page on
 * its own, so on every thread. */
static void url_one(void *ctx, size_t i)
{
	url_job *j = ctx;
	site *s = j->s;
	err_list *errs = j->errs;
	{
		page *p = s->pages[i];
		const lang_cfg *l = &s->cfg->langs[p->lang];
		const char *fixed = val_cstr(val_get(p->fm, "url"));
		if (p->url)
			return; /* taxonomy pages have theirs */
		if (fixed)
			p->url = xstrdup(fixed);
		else if (p->kind == PAGE_HOME)
			p->url = xasprintf("%s/", l->prefix);
		else if (p->kind == PAGE_SECTION) {
			char *sp = slug_path(p->dir);
			p->url = xasprintf("%s/%s/", l->prefix, sp);
			free(sp);
		} else if (p->kind == PAGE_SINGLE) {
			const char *fs = val_cstr(val_get(p->fm, "slug"));
			char *sl = slug_make(fs ? fs : p->name);
			char *sp = slug_path(p->dir);
			if (!sl[0]) {
				int col, line = fm_line(p, "slug", &col);
				err_add(errs, p->src, line, col,
					"cannot make a URL from '%s': give a Latin 'slug'",
					fs ? fs : p->name);
				free(sl);
				sl = xstrdup("page");
			}
			p->url = sp[0] ? xasprintf("%s/%s/%s/", l->prefix, sp, sl)
				       : xasprintf("%s/%s/", l->prefix, sl);
			free(sl);
			free(sp);
		}
	}
}

/* The slugs of every page's terms, taxonomy after taxonomy in the
 * order of its front matter (NULL for a term that is not text): made on
 * every thread before the taxonomies are built in order. */
typedef struct term_slugs {
	site *s;
	char ***v;  /* per page */
	size_t *n;  /* how many in v[i] */
} term_slugs;

static void slugs_one(void *ctx, size_t i)
{
	term_slugs *ts = ctx;
	const page *p = ts->s->pages[i];
	size_t t, k, n = 0, at = 0;
	if (p->kind != PAGE_SINGLE)
		return;
	for (t = 0; t < ts->s->cfg->ntax; t++)
		n += val_len(val_get(p->fm, ts->s->cfg->taxonomies[t]));
	ts->v[i] = xcalloc(n + 1, sizeof **ts->v);
	ts->n[i] = n;
	for (t = 0; t < ts->s->cfg->ntax; t++) {
		const value *list = val_get(p->fm, ts->s->cfg->taxonomies[t]);
		for (k = 0; k < val_len(list); k++) {
			const char *term = val_cstr(val_at(list, k));
			ts->v[i][at++] = term ? slug_make(term) : NULL;
		}
	}
}

/* Build the taxonomy and term pages of one language (slugs: of the
 * first n pages' terms, see slugs_one). */
struct tax_job;
static void made(struct tax_job *j, size_t ti, page *p);

typedef struct tax_job {
	site *s;
	page **homes;    /* per language */
	char ***slugs;   /* slugs_one's */
	size_t n;        /* pages slugs has */
	page ***made;    /* per (language, taxonomy): the pages made, in order */
	size_t *nmade, *capmade;
} tax_job;

/* The taxonomy page and term pages of one taxonomy in one language
 * (i = lang * ntax + tax), into j->made[i]: each pair is on its own, so
 * on every thread; the caller adds the pages in pair order. */
static void made(tax_job *j, size_t ti, page *p)
{
	xgrow(&j->made[ti], &j->capmade[ti], j->nmade[ti] + 1, sizeof *j->made[ti]);
	j->made[ti][j->nmade[ti]++] = p;
}

static void tax_one(void *ctx, size_t ti)
{
	tax_job *j = ctx;
	site *s = j->s;
	int lang = (int)(ti / s->cfg->ntax);
	size_t t = ti % s->cfg->ntax, i, n = j->n;
	const lang_cfg *l = &s->cfg->langs[lang];
	page *home = j->homes[lang];
	char ***slugs = j->slugs;
	{
		const char *tax = s->cfg->taxonomies[t];
		htab *terms = htab_new();
		page *tp = NULL;
		for (i = 0; i < n; i++) {
			page *p = s->pages[i];
			const value *list;
			size_t k;
			size_t at = 0, u;
			if (p->lang != lang || p->kind != PAGE_SINGLE)
				continue;
			for (u = 0; u < t; u++)
				at += val_len(val_get(p->fm, s->cfg->taxonomies[u]));
			list = val_get(p->fm, tax);
			for (k = 0; k < val_len(list); k++) {
				const char *term = val_cstr(val_at(list, k));
				const char *sl = slugs[i][at + k];
				page *tm;
				if (!term || !sl || !sl[0])
					continue;
				tm = htab_get(terms, sl);
				if (!tm) {
					const char *name;
					if (!tp) {
						const char *title = val_get_str(l->tax_titles, tax, tax);
						tp = page_new(PAGE_TAXONOMY, lang);
						tp->tax = (int)t;
						tp->dir = xstrdup(tax);
						tp->name = xstrdup("_index");
						tp->section = xstrdup(tax);
						tp->title = xstrdup(title);
						tp->summary = xstrdup("");
						tp->url = xasprintf("%s/%s/", l->prefix, tax);
						tp->fm = val_map();
						tp->tkey = xasprintf("\x1ftax/%s", tax);
						/* a parent for breadcrumbs, not a child of home's list */
						tp->parent = home;
						made(j, ti, tp);
						s->tax_pages[ti] = tp;
					}
					name = val_cstr(val_get(val_get(l->terms, tax), term));
					if (!name)
						name = val_cstr(val_get(val_get(l->terms, tax), sl));
					tm = page_new(PAGE_TERM, lang);
					tm->tax = (int)t;
					tm->term = xstrdup(term);
					tm->dir = xasprintf("%s/%s", tax, sl);
					tm->name = xstrdup("_index");
					tm->section = xstrdup(tax);
					tm->title = xstrdup(name ? name : term);
					tm->summary = xstrdup("");
					tm->url = xasprintf("%s/%s/%s/", l->prefix, tax, sl);
					tm->fm = val_map();
					tm->tkey = xasprintf("\x1ftax/%s/%s", tax, sl);
					tm->parent = tp;
					made(j, ti, tm);
					add_member(tp, tm);
					htab_put(terms, sl, tm);
				}
				/* a page listing one term twice is shown once */
				if (!tm->nmembers || tm->members[tm->nmembers - 1] != p)
					add_member(tm, p);
			}
		}
		if (tp) {
			xsort(tp->members, tp->nmembers, sizeof *tp->members, cmp_terms);
			for (i = 0; i < tp->nmembers; i++)
				xsort(tp->members[i]->members, tp->members[i]->nmembers,
				      sizeof(page *), cmp_date);
		}
		htab_free(terms);
	}
}

value *site_terms(const site *s, const page *p, size_t tax)
{
	const lang_cfg *l = &s->cfg->langs[p->lang];
	const char *t = s->cfg->taxonomies[tax];
	const value *list = val_get(p->fm, t);
	value *out = val_list();
	size_t k;
	for (k = 0; k < val_len(list); k++) {
		const char *term = val_cstr(val_at(list, k));
		const char *name;
		char *sl;
		value *e;
		if (!term)
			continue;
		sl = slug_make(term);
		name = val_cstr(val_get(val_get(l->terms, t), term));
		e = val_map();
		val_set_str(e, "name", name ? name : term);
		val_set(e, "url", val_str_take(xasprintf("%s/%s/%s/", l->prefix, t, sl)));
		free(sl);
		val_push(out, e);
	}
	return out;
}

static value *item_of(const site *s, const page *p)
{
	value *it = val_map();
	const char *kinds[] = {"home", "section", "page", "taxonomy", "term", "404"};
	char *pl = site_permalink(s, p->url);
	buf b = BUF_INIT;
	val_set_str(it, "kind", kinds[p->kind]);
	val_set_str(it, "title", p->title ? p->title : "");
	val_set_str(it, "url", p->url);
	val_set(it, "permalink", val_str_take(pl));
	val_set_bool(it, "has_date", p->has_date);
	if (p->has_date) {
		date_iso(&p->date, &b);
		val_set_str(it, "date", b.ptr);
		buf_reset(&b);
		date_display(&p->date, s->cfg->langs[p->lang].code, &b);
		val_set_str(it, "date_display", b.ptr);
	}
	buf_free(&b);
	val_set_str(it, "summary", p->summary ? p->summary : "");
	val_set_str(it, "section", p->section ? p->section : "");
	if (p->parent && p->parent->kind == PAGE_SECTION)
		val_set_str(it, "section_title", p->parent->title);
	if (s->cfg->ntax > 0)
		val_set(it, "tags", site_terms(s, p, 0));
	return it;
}

typedef struct trans_job {
	site *s;
	htab *trans;  /* key2(lang, key) -> page; only read by trans_find */
	char **keys;  /* per page */
} trans_job;

static void trans_key(void *ctx, size_t i)
{
	trans_job *j = ctx;
	const page *p = j->s->pages[i];
	j->keys[i] = p->tkey ? xasprintf("k:%s", p->tkey) : xasprintf("p:%s/%s", p->dir, p->name);
}

static void trans_find(void *ctx, size_t i)
{
	trans_job *j = ctx;
	page *p = j->s->pages[i];
	size_t l;
	for (l = 0; l < j->s->cfg->nlangs; l++) {
		char *k = key2((int)l, j->keys[i]);
		p->trans[l] = htab_get(j->trans, k);
		free(k);
	}
}

static void item_one(void *ctx, size_t i)
{
	site *s = ctx;
	s->pages[i]->item = item_of(s, s->pages[i]);
}

int site_link(site *s, err_list *errs)
{
	htab *secs = htab_new(), *trans = htab_new();
	size_t i, n0 = s->npages, l;
	int before = errs->nerrors;

	s->urls = htab_new();
	s->tax_pages = xcalloc(s->cfg->nlangs * s->cfg->ntax + 1, sizeof *s->tax_pages);
	/* list pages from _index files */
	for (i = 0; i < n0; i++) {
		page *p = s->pages[i];
		if (p->kind == PAGE_HOME || p->kind == PAGE_SECTION) {
			char *k = key2(p->lang, p->dir);
			htab_put(secs, k, p);
			free(k);
		}
	}
	for (l = 0; l < s->cfg->nlangs; l++)
		section_of(s, secs, (int)l, "");
	/* parents (making the missing list pages on the way) */
	for (i = 0; i < s->npages; i++) {
		page *p = s->pages[i];
		char *pd;
		if (p->kind == PAGE_HOME)
			continue;
		pd = p->kind == PAGE_SINGLE ? xstrdup(p->dir) : parent_dir(p->dir);
		p->parent = section_of(s, secs, p->lang, pd);
		add_child(p->parent, p);
		free(pd);
	}
	{
		size_t n = s->npages, k;
		term_slugs ts;
		ts.s = s;
		ts.v = xcalloc(n + 1, sizeof *ts.v);
		ts.n = xcalloc(n + 1, sizeof *ts.n);
		pool_run(s->jobs, n, slugs_one, &ts);
		size_t np = s->cfg->nlangs * s->cfg->ntax;
		tax_job tj;
		page *homes[CFG_MAX_LANGS];
		for (l = 0; l < s->cfg->nlangs; l++)
			homes[l] = section_of(s, secs, (int)l, "");
		tj.s = s;
		tj.homes = homes;
		tj.slugs = ts.v;
		tj.n = n;
		tj.made = xcalloc(np + 1, sizeof *tj.made);
		tj.nmade = xcalloc(np + 1, sizeof *tj.nmade);
		tj.capmade = xcalloc(np + 1, sizeof *tj.capmade);
		pool_run(s->jobs, np, tax_one, &tj);
		for (i = 0; i < np; i++) {
			for (k = 0; k < tj.nmade[i]; k++)
				site_add(s, tj.made[i][k]);
			free(tj.made[i]);
		}
		free(tj.made);
		free(tj.nmade);
		free(tj.capmade);
		for (i = 0; i < n; i++) {
			for (k = 0; k < ts.n[i]; k++)
				free(ts.v[i][k]);
			free(ts.v[i]);
		}
		free(ts.v);
		free(ts.n);
	}
	pool_run(s->jobs, s->npages, url_one, &(url_job){s, errs});

	/* translations: pages of one key in each language */
	{
		trans_job tj;
		tj.s = s;
		tj.trans = trans;
		tj.keys = xcalloc(s->npages + 1, sizeof *tj.keys);
		pool_run(s->jobs, s->npages, trans_key, &tj);
		for (i = 0; i < s->npages; i++) {
			page *p = s->pages[i];
			char *k = key2(p->lang, tj.keys[i]);
			page *other = htab_put(trans, k, p);
			if (other && p->src && other->src) {
				int col, line = fm_line(p, "translation_key", &col);
				err_add(errs, p->src, line, col,
					"%s and this page are both the '%s' translation of one page",
					other->src, s->cfg->langs[p->lang].code);
			}
			free(k);
		}
		pool_run(s->jobs, s->npages, trans_find, &tj);
		for (i = 0; i < s->npages; i++)
			free(tj.keys[i]);
		free(tj.keys);
	}

	/* 404 pages */
	for (l = 0; l < s->cfg->nlangs; l++) {
		page *p = page_new(PAGE_404, (int)l);
		p->dir = xstrdup("");
		p->name = xstrdup("404");
		p->section = xstrdup("");
		p->title = xstrdup("404");
		p->summary = xstrdup("");
		p->url = xasprintf("%s/404.html", s->cfg->langs[l].prefix);
		p->fm = val_map();
		p->tkey = xstrdup("\x1f" "404");
		site_add(s, p);
	}
	for (i = 0; i < s->npages; i++) {
		page *p = s->pages[i];
		if (p->kind == PAGE_404)
			for (l = 0; l < s->cfg->nlangs; l++)
				p->trans[l] = s->pages[s->npages - s->cfg->nlangs + l];
	}

	/* order lists; neighbours */
	for (i = 0; i < s->npages; i++) {
		page *p = s->pages[i], *last = NULL;
		size_t k;
		xsort(p->children, p->nchildren, sizeof *p->children, cmp_pages);
		p->nsingles = 0;
		for (k = 0; k < p->nchildren; k++) {
			page *c = p->children[k];
			if (c->kind != PAGE_SINGLE)
				continue;
			p->nsingles++;
			if (last) {
				last->next = c;
				c->prev = last;
			}
			last = c;
		}
	}

	/* what feeds and the home page list: dated pages, newest first; the
	 * home page takes all of its language, a top-level section its own */
	for (i = 0; i < s->npages; i++) {
		page *p = s->pages[i], *list;
		if (p->kind != PAGE_SINGLE || !p->has_date)
			continue;
		for (list = p->parent; list; list = list->parent)
			if (list->kind == PAGE_HOME ||
			    (list->kind == PAGE_SECTION && !strchr(list->dir, '/')))
				add_member(list, p);
	}
	for (i = 0; i < s->npages; i++) {
		page *p = s->pages[i];
		if (p->kind == PAGE_HOME || p->kind == PAGE_SECTION)
			xsort(p->members, p->nmembers, sizeof *p->members, cmp_date);
	}

	/* every output file once: pages and paginator pages first, then
	 * aliases (so that a clash is reported at the alias).  Files, not
	 * URLs, are compared: /x, /x/ and /x/index.html are one file. */
	for (i = 0; i < s->npages; i++) {
		page *p = s->pages[i];
		size_t np = site_list_pages(s, p), k;
		claim(s, p, p->url, "url", errs);
		for (k = 2; k <= np && p->kind != PAGE_HOME; k++) {
			char *u = xasprintf("%spage/%zu/", p->url, k);
			claim(s, p, u, "url", errs);
			free(u);
		}
	}
	for (i = 0; i < s->npages; i++) {
		page *p = s->pages[i];
		const value *al = val_get(p->fm, "aliases");
		size_t k;
		for (k = 0; k < val_len(al); k++) {
			const value *a = val_at(al, k);
			char *file = out_file_for_url(a->u.str.s);
			page *other = file ? htab_get(s->urls, file) : NULL;
			if (other && other != p)
				err_add(errs, p->src, a->line, a->col,
					"alias %s is already the URL of %s", a->u.str.s,
					other->src ? other->src : "a generated page");
			else if (file)
				htab_put(s->urls, file, p);
			free(file);
		}
	}

	/* each page's list item reads only that page: on every thread */
	pool_run(s->jobs, s->npages, item_one, s);

	htab_free(secs);
	htab_free(trans);
	return errs->nerrors > before ? -1 : 0;
}


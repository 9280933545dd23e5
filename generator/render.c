/*
 * render.c - build each page's template context and render its layout.
 *
 * Contexts are built per page from shared, finished values (the page
 * items made by site.c), so rendering needs no lock: each thread only
 * makes new maps and takes references.
 */
#include "render.h"
#include "patch.h"
#include "cache.h"
#include "progress.h"
#include "pool.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"home", "section", "page",
					  "taxonomy", "term", "404"};

static void set_take(value *m, const char *k, char *s)
{
	val_set(m, k, val_str_take(s));
}

static value *link_map(const char *title, const char *url)
{
	value *m = val_map();
	val_set_str(m, "title", title);
	val_set_str(m, "url", url);
	return m;
}

/* The top-level section page above p, or NULL. */
static const page *top_section(const page *p)
{
	const page *q = p;
	while (q && q->kind != PAGE_SECTION)
		q = q->parent;
	while (q && q->parent && q->parent->kind == PAGE_SECTION)
		q = q->parent;
	return q;
}

static int has_feed(const page *p)
{
	return (p->kind == PAGE_HOME || p->kind == PAGE_SECTION) && p->nmembers > 0;
}

static value *site_map(const site *s, const theme *t, const page *p)
{
	const lang_cfg *l = &s->cfg->langs[p->lang];
	value *m = val_map(), *langs = val_list(), *menu = val_list(), *tax = val_list();
	size_t i;
	(void)t;
	val_set_str(m, "title", l->title);
	val_set_str(m, "description", l->description);
	val_set_str(m, "base_url", s->cfg->base_url);
	set_take(m, "home_url", xasprintf("%s/", l->prefix));
	set_take(m, "feed_url", xasprintf("%s/atom.xml", l->prefix));
	val_set_str(m, "sitemap_url", "/sitemap.xml");
	val_set_str(m, "copyright", l->copyright);
	val_set(m, "params", val_ref(l->params));
	for (i = 0; i < s->cfg->nlangs; i++) {
		value *e = val_map();
		const page *tr = p->trans[i];
		val_set_str(e, "code", s->cfg->langs[i].code);
		val_set_str(e, "name", s->cfg->langs[i].name);
		if (tr)
			val_set_str(e, "url", tr->url);
		else
			set_take(e, "url", xasprintf("%s/", s->cfg->langs[i].prefix));
		val_set_bool(e, "current", (int)i == p->lang);
		val_set_bool(e, "has_translation", tr != NULL);
		val_push(langs, e);
	}
	val_set(m, "languages", langs);
	for (i = 0; i < val_len(l->menu); i++) {
		const value *it = val_at(l->menu, i);
		const char *url = val_get_str(it, "url", "/");
		size_t ul = strlen(url);
		int active = !strcmp(url, p->url) ||
			     (ul > 1 + strlen(l->prefix) && !strncmp(p->url, url, ul) &&
			      url[ul - 1] == '/');
		value *e = val_map();
		val_set_str(e, "name", val_get_str(it, "name", ""));
		val_set_str(e, "url", url);
		val_set_bool(e, "active", active);
		val_push(menu, e);
	}
	val_set(m, "menu", menu);
	for (i = 0; i < s->cfg->ntax; i++) {
		const char *name = s->cfg->taxonomies[i];
		value *e;
		if (!s->tax_pages || !s->tax_pages[(size_t)p->lang * s->cfg->ntax + i])
			continue; /* no terms in this language: no page to link */
		e = val_map();
		val_set_str(e, "name", name);
		val_set_str(e, "title", val_get_str(l->tax_titles, name, name));
		set_take(e, "url", xasprintf("%s/%s/", l->prefix, name));
		val_push(tax, e);
	}
	val_set(m, "taxonomies", tax);
	return m;
}

/* Items i0..i1 of the list of pages ps. */
static value *items(page *const *ps, size_t i0, size_t i1)
{
	value *l = val_list();
	size_t i;
	for (i = i0; i < i1; i++)
		val_push(l, val_ref(ps[i]->item));
	return l;
}

/* What the paginator pages of one list share: its single pages, and
 * the paginator's entries (each page number, plain and current).  Made
 * once per list by render_one: a list of P pages shows P entries on
 * each of its P pages, so making them per page would cost P squared
 * maps (100,000 pages: millions). */
typedef struct pager {
	page **singles;   /* a section's single pages, in order */
	size_t ns;
	value **entries;  /* entry k (1-based): [2(k-1)] plain, [2(k-1)+1] current */
	size_t total;
} pager;

static value *pager_entry(const page *p, size_t k, int current)
{
	value *e = val_map();
	val_set_num(e, "number", (double)k);
	val_set_bool(e, "current", current);
	set_take(e, "url", k == 1 ? xstrdup(p->url) : xasprintf("%spage/%zu/", p->url, k));
	return e;
}

static void pager_init(pager *pg, const page *p, size_t total)
{
	size_t i, k;
	memset(pg, 0, sizeof *pg);
	if (p->kind == PAGE_SECTION) {
		pg->singles = xcalloc(p->nchildren + 1, sizeof *pg->singles);
		for (i = 0; i < p->nchildren; i++)
			if (p->children[i]->kind == PAGE_SINGLE)
				pg->singles[pg->ns++] = p->children[i];
	}
	if (total > 1) {
		pg->total = total;
		pg->entries = xcalloc(2 * total, sizeof *pg->entries);
		for (k = 1; k <= total; k++) {
			pg->entries[2 * (k - 1)] = pager_entry(p, k, 0);
			pg->entries[2 * (k - 1) + 1] = pager_entry(p, k, 1);
		}
	}
}

static void pager_free(pager *pg)
{
	size_t k;
	for (k = 0; k < 2 * pg->total; k++)
		val_unref(pg->entries[k]);
	free(pg->entries);
	free(pg->singles);
	memset(pg, 0, sizeof *pg);
}

static void paginate(const site *s, const page *p, value *pm, page *const *ps,
		     size_t n, size_t pn, const pager *pgr)
{
	size_t per = (size_t)s->cfg->page_size;
	size_t total = n ? (n + per - 1) / per : 1, i0, i1, k;
	if (pn < 1)
		pn = 1;
	i0 = (pn - 1) * per;
	i1 = i0 + per < n ? i0 + per : n;
	if (i0 > n)
		i0 = n;
	val_set(pm, "pages", items(ps, i0, i1));
	val_set_bool(pm, "has_pages", i1 > i0);
	if (total > 1) {
		value *pg = val_map(), *list = val_list();
		val_set_num(pg, "number", (double)pn);
		val_set_num(pg, "total", (double)total);
		for (k = 1; k <= total; k++) {
			value *e = pgr && pgr->total == total
					   ? val_ref(pgr->entries[2 * (k - 1) + (k == pn)])
					   : pager_entry(p, k, k == pn);
			if (k == pn - 1)
				val_set_str(pg, "prev_url", val_get_str(e, "url", ""));
			if (k == pn + 1)
				val_set_str(pg, "next_url", val_get_str(e, "url", ""));
			val_push(list, e);
		}
		val_set(pg, "pages", list);
		val_set(pm, "paginator", pg);
	}
}

/* The pages of lang carrying municipality id (from the municipalities
 * term page), or NULL. */
static const page *muni_term(const site *s, int lang, const char *id)
{
	size_t t, i;
	const page *tp;
	for (t = 0; t < s->cfg->ntax; t++)
		if (!strcmp(s->cfg->taxonomies[t], "municipalities"))
			break;
	if (t == s->cfg->ntax || !s->tax_pages)
		return NULL;
	tp = s->tax_pages[(size_t)lang * s->cfg->ntax + t];
	for (i = 0; tp && i < tp->nmembers; i++)
		if (!strcmp(tp->members[i]->term, id))
			return tp->members[i];
	return NULL;
}

static const value *muni_result(const site *s, int lang, const char *id)
{
	const value *ms = val_path(s->results_l[lang], "benchmarking.municipalities");
	size_t i;
	for (i = 0; i < val_len(ms); i++)
		if (!strcmp(val_get_str(val_at(ms, i), "id", ""), id))
			return val_at(ms, i);
	return NULL;
}

/* Benchmarking pages link to the action plans (roadmaps) that name their
 * municipality, and pages that name municipalities link to their
 * benchmarking pages: the links both ways come from the same front
 * matter. */
static void add_data_links(const site *s, const page *p, value *pm)
{
	const char *id = val_get_str(p->fm, "municipality", NULL);
	const value *ms;
	size_t i;
	if (!s->results_l[p->lang])
		return;
	if (id && p->kind == PAGE_SINGLE && !p->src) {
		const page *term = muni_term(s, p->lang, id);
		value *plans = val_list(), *related = val_list();
		const value *mr = muni_result(s, p->lang, id);
		if (mr)
			val_set(pm, "municipality", val_ref((value *)mr));
		for (i = 0; term && i < term->nmembers; i++) {
			const page *q = term->members[i];
			val_push(!strcmp(q->section, "roadmaps") ? plans : related,
				 link_map(q->title, q->url));
		}
		val_set_bool(pm, "has_action_plans", val_len(plans) > 0);
		val_set(pm, "action_plans", plans);
		val_set_bool(pm, "has_related", val_len(related) > 0);
		val_set(pm, "related", related);
	}
	ms = val_get(p->fm, "municipalities");
	if (ms && val_len(ms)) {
		value *links = val_list();
		for (i = 0; i < val_len(ms); i++) {
			const char *mid = val_cstr(val_at(ms, i));
			const value *mr = mid ? muni_result(s, p->lang, mid) : NULL;
			value *e;
			if (!mr)
				continue;
			e = val_map();
			val_set_str(e, "title", val_get_str(mr, "name", mid));
			val_set(e, "url", val_str_take(xasprintf("%s/benchmarking/%s/",
								 s->cfg->langs[p->lang].prefix, mid)));
			val_set(e, "index", val_ref(val_path(mr, "p2.index_1")));
			val_push(links, e);
		}
		val_set_bool(pm, "has_benchmark_links", val_len(links) > 0);
		val_set(pm, "benchmark_links", links);
	}
}

static value *site_v(value *root)
{
	return val_get(root, "site");
}

/* Structured data for search engines: the organisation on every page,
 * and an Article for dated pages.  JSON made here, not in a template,
 * so that it is escaped as JSON (and "</" cannot end the script). */
static void add_json_ld(const site *s, const page *p, value *pm)
{
	const lang_cfg *l = &s->cfg->langs[p->lang];
	value *org = val_map(), *doc;
	buf b = BUF_INIT, out = BUF_INIT;
	const char *q;
	val_set_str(org, "@type", "Organization");
	val_set_str(org, "name", val_get_str(l->params, "organisation", l->title));
	set_take(org, "url", xasprintf("%s/", s->cfg->base_url));
	if (p->kind == PAGE_SINGLE && p->has_date) {
		doc = val_map();
		val_set_str(doc, "@context", "https://schema.org");
		val_set_str(doc, "@type", "Article");
		val_set_str(doc, "headline", p->title ? p->title : "");
		val_set_str(doc, "description", p->summary ? p->summary : "");
		val_set_str(doc, "inLanguage", l->code);
		set_take(doc, "url", site_permalink(s, p->url));
		date_iso(&p->date, &b);
		val_set_str(doc, "datePublished", b.ptr);
		if (p->has_lastmod) {
			buf_reset(&b);
			date_iso(&p->lastmod, &b);
			val_set_str(doc, "dateModified", b.ptr);
		}
		val_set(doc, "publisher", org);
	} else {
		doc = org;
		val_set_str(doc, "@context", "https://schema.org");
	}
	buf_reset(&b);
	val_to_json(doc, &b);
	for (q = b.ptr; *q; q++) {
		if (q[0] == '<' && q[1] == '/')
			buf_puts(&out, "<\\/");
		else
			buf_putc(&out, *q);
		if (q[0] == '<' && q[1] == '/')
			q++;
	}
	val_set(pm, "json_ld", val_str_take(buf_detach(&out)));
	buf_free(&b);
	val_unref(doc);
}

static value *context(const site *s, const theme *t, const page *p, size_t pn,
		      const render_opts *opts, const pager *pgr);

value *render_context(const site *s, const theme *t, const page *p, size_t pn,
		      const render_opts *opts)
{
	return context(s, t, p, pn, opts, NULL);
}

/* render_context, with what the paginator pages of a list share (or
 * NULL: made here). */
static value *context(const site *s, const theme *t, const page *p, size_t pn,
		      const render_opts *opts, const pager *pgr)
{
	const lang_cfg *l = &s->cfg->langs[p->lang];
	value *root = val_map(), *pm = val_map();
	const page *top = top_section(p);
	size_t i, k;
	buf b = BUF_INIT;
	char *url = pn > 1 ? xasprintf("%spage/%zu/", p->url, pn) : xstrdup(p->url);
	int any_terms = 0;

	val_set_str(root, "lang", l->code);
	val_set_str(root, "dir", "ltr");
	val_set_bool(root, "serve", opts && opts->serve);
	val_set(root, "site", site_map(s, t, p));
	val_set(root, "i18n", val_ref(t->i18n[p->lang]));
	if (s->data_l[p->lang])
		val_set(root, "data", val_ref(s->data_l[p->lang]));
	if (s->results_l[p->lang])
		val_set(root, "results", val_ref(s->results_l[p->lang]));
	if (s->reports_l[p->lang]) {
		val_set(root, "reports", val_ref(s->reports_l[p->lang]));
		val_set_bool(root, "has_reports", val_len(s->reports_l[p->lang]) > 0);
	}

	val_set_str(pm, "kind", kind_names[p->kind]);
	val_set_bool(pm, "is_home", p->kind == PAGE_HOME);
	val_set_bool(pm, "is_section", p->kind == PAGE_SECTION);
	val_set_bool(pm, "is_page", p->kind == PAGE_SINGLE);
	val_set_bool(pm, "is_taxonomy", p->kind == PAGE_TAXONOMY);
	val_set_bool(pm, "is_term", p->kind == PAGE_TERM);
	val_set_bool(pm, "is_404", p->kind == PAGE_404);
	val_set_str(pm, "title", p->title ? p->title : "");
	val_set_str(pm, "description", p->summary && p->summary[0] ? p->summary : l->description);
	val_set_str(pm, "url", url);
	set_take(pm, "permalink", site_permalink(s, url));
	val_set_str(pm, "lang", l->code);
	val_set_str(pm, "section", p->section ? p->section : "");
	if (top) {
		val_set_str(pm, "section_title", top->title);
		val_set_str(pm, "section_url", top->url);
	}
	val_set_bool(pm, "has_date", p->has_date);
	if (p->has_date) {
		date_iso(&p->date, &b);
		val_set_str(pm, "date", b.ptr);
		buf_reset(&b);
		date_display(&p->date, l->code, &b);
		val_set_str(pm, "date_display", b.ptr);
		buf_reset(&b);
	}
	if (p->has_lastmod) {
		date_iso(&p->lastmod, &b);
		val_set_str(pm, "lastmod", b.ptr);
		buf_reset(&b);
		date_display(&p->lastmod, l->code, &b);
		val_set_str(pm, "lastmod_display", b.ptr);
		buf_reset(&b);
	}
	buf_free(&b);
	val_set_str(pm, "summary", p->summary ? p->summary : "");
	val_set_str(pm, "content", p->md.html ? p->md.html : "");
	val_set(pm, "toc", p->md.toc ? val_ref(p->md.toc) : val_list());
	val_set_str(pm, "toc_html", p->md.toc_html ? p->md.toc_html : "");
	val_set_bool(pm, "has_toc", val_len(p->md.toc) >= 2);
	val_set_num(pm, "reading_time", patch_reading_time(&p->md));
	for (i = 0; i < s->cfg->ntax; i++) {
		value *terms = site_terms(s, p, i);
		any_terms |= val_len(terms) > 0;
		val_set(pm, s->cfg->taxonomies[i], terms);
	}
	val_set_bool(pm, "has_terms", any_terms);
	if (p->kind == PAGE_TERM)
		val_set_str(pm, "term", p->term);

	/* params: front matter `params` and any key csogen does not know */
	{
		static const char *const known[] = {
			"title", "date", "lastmod", "draft", "summary", "weight", "slug",
			"url", "aliases", "layout", "translation_key", "params", NULL};
		value *params = val_map(), *fp = val_get(p->fm, "params");
		for (k = 0; k < val_len(fp) && fp->kind == VAL_MAP; k++)
			val_set(params, fp->u.map.keys[k], val_ref(fp->u.map.vals[k]));
		for (k = 0; p->fm && k < p->fm->u.map.len; k++) {
			const char *key = p->fm->u.map.keys[k];
			size_t j;
			int skip = 0;
			for (j = 0; known[j] && !skip; j++)
				skip = !strcmp(key, known[j]);
			for (j = 0; j < s->cfg->ntax && !skip; j++)
				skip = !strcmp(key, s->cfg->taxonomies[j]);
			if (!skip)
				val_set(params, key, val_ref(p->fm->u.map.vals[k]));
		}
		val_set(pm, "params", params);
	}

	/* translations and hreflang alternates */
	{
		value *tr = val_list(), *alt = val_list();
		const page *xdef = p->trans[0] ? p->trans[0] : p;
		for (i = 0; i < s->cfg->nlangs; i++) {
			const page *q = p->trans[i];
			value *e;
			char *qurl;
			/* page N of a list pairs with page N of its translation */
			if (!q || (pn > 1 && site_list_pages(s, q) < pn))
				continue;
			if ((int)i != p->lang) {
				e = val_map();
				val_set_str(e, "lang", s->cfg->langs[i].code);
				val_set_str(e, "lang_name", s->cfg->langs[i].name);
				val_set_str(e, "url", q->url);
				val_set_str(e, "title", q->title ? q->title : "");
				val_push(tr, e);
			}
			e = val_map();
			val_set_str(e, "hreflang", s->cfg->langs[i].code);
			qurl = pn > 1 ? xasprintf("%spage/%zu/", q->url, pn) : xstrdup(q->url);
			set_take(e, "permalink", site_permalink(s, qurl));
			free(qurl);
			val_push(alt, e);
		}
		if (val_len(alt) > 1) {
			value *e = val_map();
			char *xurl = pn > 1 && site_list_pages(s, xdef) >= pn
					     ? xasprintf("%spage/%zu/", xdef->url, pn)
					     : xstrdup(xdef->url);
			val_set_str(e, "hreflang", "x-default");
			set_take(e, "permalink", site_permalink(s, xurl));
			free(xurl);
			val_push(alt, e);
		} else {
			/* a page alone in its language has no alternates */
			val_unref(alt);
			alt = val_list();
		}
		val_set_bool(pm, "has_translations", val_len(tr) > 0);
		val_set(pm, "translations", tr);
		val_set(pm, "alternates", alt);
	}

	/* breadcrumbs: home down to the parent */
	{
		const page *chain[64];
		size_t n = 0;
		const page *q;
		value *bc = val_list();
		for (q = p->parent; q && n < 64; q = q->parent)
			chain[n++] = q;
		while (n > 0) {
			q = chain[--n];
			val_push(bc, link_map(q->kind == PAGE_HOME ? l->title : q->title, q->url));
		}
		val_set(pm, "breadcrumbs", bc);
	}
	if (p->prev)
		val_set(pm, "prev", link_map(p->prev->title, p->prev->url));
	if (p->next)
		val_set(pm, "next", link_map(p->next->title, p->next->url));
	if (has_feed(p))
		set_take(pm, "feed_url", xasprintf("%satom.xml", p->url));

	/* lists */
	if (p->kind == PAGE_SECTION || p->kind == PAGE_HOME) {
		pager own = {NULL, 0, NULL, 0};
		value *secs = val_list();
		if (!pgr) {
			pager_init(&own, p, 0);
			pgr = &own;
		}
		for (i = 0; i < p->nchildren; i++)
			if (p->children[i]->kind == PAGE_SECTION)
				val_push(secs, val_ref(p->children[i]->item));
		val_set_bool(pm, "has_sections", val_len(secs) > 0);
		val_set(pm, "sections", secs);
		if (p->kind == PAGE_SECTION) {
			paginate(s, p, pm, pgr->singles, pgr->ns, pn, pgr);
		} else {
			/* home: the newest dated pages of this language */
			size_t nl = p->nmembers < (size_t)s->cfg->page_size
					    ? p->nmembers : (size_t)s->cfg->page_size;
			val_set(pm, "pages", items(p->members, 0, nl));
			val_set_bool(pm, "has_pages", nl > 0);
		}
		pager_free(&own);
	} else if (p->kind == PAGE_TERM) {
		paginate(s, p, pm, p->members, p->nmembers, pn, pgr);
	} else if (p->kind == PAGE_TAXONOMY) {
		value *terms = val_list();
		for (i = 0; i < p->nmembers; i++) {
			value *e = val_map();
			val_set_str(e, "name", p->members[i]->title);
			val_set_str(e, "url", p->members[i]->url);
			val_set_num(e, "count", (double)p->members[i]->nmembers);
			val_push(terms, e);
		}
		val_set_bool(pm, "has_terms_list", val_len(terms) > 0);
		val_set(pm, "terms", terms);
	}

	{
		/* a social-card image named in front matter: image or og_image,
		 * a site path made absolute */
		const char *img = val_get_str(p->fm, "og_image", val_get_str(p->fm, "image", NULL));
		if (img && img[0] == '/')
			set_take(pm, "og_image", site_permalink(s, img));
		else if (img && !strncmp(img, "https://", 8))
			val_set_str(pm, "og_image", img);
	}
	if (opts && opts->pdfs && val_get(opts->pdfs, p->url))
		val_set(pm, "pdf", val_ref(val_get(opts->pdfs, p->url)));
	add_data_links(s, p, pm);
	for (k = 0; p->extra && k < p->extra->u.map.len; k++)
		val_set(pm, p->extra->u.map.keys[k], val_ref(p->extra->u.map.vals[k]));
	add_json_ld(s, p, pm);
	set_take(root, "search_index", xasprintf("/search/index.%s.json", l->code));
	if (s->has_search)
		set_take(site_v(root), "search_url", xasprintf("%s/search/", l->prefix));
	val_set(root, "page", pm);
	free(url);
	return root;
}

int render_check_layouts(const site *s, const theme *t, err_list *errs)
{
	size_t i;
	int before = errs->nerrors;
	for (i = 0; i < s->npages; i++) {
		const page *p = s->pages[i];
		char *tried = NULL;
		if (theme_layout(t, s, p, &tried))
			continue;
		if (p->layout) {
			const value *v = val_get(p->fm, "layout");
			err_add(errs, p->src, v ? v->line : 0, v ? v->col : 0,
				"unknown layout '%s' (looked for %s in %s/layouts)", p->layout,
				tried, t->dir);
		} else {
			err_add(errs, p->src ? p->src : t->dir, 0, 0,
				"no layout for this %s page (looked for %s in %s/layouts)",
				kind_names[p->kind], tried, t->dir);
		}
		free(tried);
		if (errs->nerrors - before > 20)
			break; /* one missing layout fails every page alike */
	}
	return errs->nerrors > before ? -1 : 0;
}

/* The live-reload script: only under `csogen serve`. */
static const char reload_js[] =
	"<script>(function(){var v=null;function poll(){fetch('/__csogen/version')"
	".then(function(r){return r.text()}).then(function(t){if(v!==null&&t!==v)"
	"location.reload();v=t;setTimeout(poll,500)}).catch(function(){setTimeout(poll,2000)})}"
	"poll()})();</script>\n";

typedef struct job {
	const site *s;
	const theme *t;
	outdir *o;
	const render_opts *opts;
	err_list *errs;
	long files; /* added atomically */
	int failed; /* a render failed: the build fails, stop early */
	uint64_t global; /* build cache: what every page depends on */
} job;

/* ---- build cache keys ----
 *
 * A page's key is a hash of everything render_context reads for it, so
 * that a page whose key did not change is kept as the last build wrote
 * it.  What the context reads, and where it is in the key:
 *   site.yaml, the theme (layouts, partials, i18n), data sets, reports,
 *   books, images: the global part (every input that is not a page);
 *   the page itself: its source file's hash, or for pages csogen makes,
 *   their fields;
 *   other pages (breadcrumbs, previous/next, translations, the items of
 *   lists, term pages, action plans): their meta key, a hash of what is
 *   shown of them (title, URL, the list item, counts).
 * CSOGEN_CACHE_VERIFY=1 makes every kept page again and compares, which
 * is how the tests catch a dependency missing here. */

static void key_json(cache_key *k, const value *v)
{
	buf b = BUF_INIT;
	if (v)
		val_to_json(v, &b);
	cache_key_str(k, b.ptr ? b.ptr : "-");
	buf_free(&b);
}

static void meta_one(void *ctx, size_t i)
{
	const site *s = ctx;
	page *p = s->pages[i];
	cache_key k = CACHE_KEY_INIT;
	cache_key_u64(&k, (uint64_t)p->kind);
	cache_key_str(&k, p->url);
	cache_key_str(&k, p->title);
	cache_key_u64(&k, (uint64_t)p->nmembers);
	cache_key_u64(&k, (uint64_t)p->nchildren);
	cache_key_u64(&k, (uint64_t)p->nsingles);
	key_json(&k, p->item);
	p->meta_key = cache_key_end(&k);
}

static void key_page(cache_key *k, const page *q)
{
	cache_key_u64(k, q ? q->meta_key : 0);
}

/* The pages whose list items page pn of p shows, as render_context and
 * paginate choose them: a list's sections on every page, its pages (or
 * a term's) only in pn's slice.  Every page of every list would make
 * the keys of a list of P pages cost P times its length. */
static void key_lists(cache_key *k, const site *s, const page *p, size_t pn)
{
	size_t per = (size_t)s->cfg->page_size, i, i0, i1, ns = 0;
	if (pn < 1)
		pn = 1;
	i0 = (pn - 1) * per;
	i1 = i0 + per;
	switch (p->kind) {
	case PAGE_SECTION:
		for (i = 0; i < p->nchildren; i++) {
			const page *c = p->children[i];
			if (c->kind == PAGE_SECTION)
				key_page(k, c);
			else if (c->kind == PAGE_SINGLE && ns++ >= i0 && ns <= i1)
				key_page(k, c);
		}
		break;
	case PAGE_HOME:
		for (i = 0; i < p->nchildren; i++)
			if (p->children[i]->kind == PAGE_SECTION)
				key_page(k, p->children[i]);
		for (i = 0; i < p->nmembers && i < per; i++)
			key_page(k, p->members[i]);
		break;
	case PAGE_TERM:
		for (i = i0; i < p->nmembers && i < i1; i++)
			key_page(k, p->members[i]);
		break;
	default:
		/* taxonomy pages list every term; others list nothing */
		for (i = 0; i < p->nchildren; i++)
			key_page(k, p->children[i]);
		for (i = 0; i < p->nmembers; i++)
			key_page(k, p->members[i]);
	}
}

static uint64_t page_key(const job *j, const page *p, size_t pn)
{
	const site *s = j->s;
	cache_key k = CACHE_KEY_INIT;
	const page *q;
	size_t i;
	cache_key_u64(&k, j->global);
	cache_key_u64(&k, (uint64_t)pn);
	cache_key_u64(&k, p->meta_key);
	cache_key_u64(&k, (uint64_t)p->kind);
	cache_key_u64(&k, (uint64_t)p->lang);
	cache_key_str(&k, p->url);
	cache_key_str(&k, p->title);
	cache_key_str(&k, p->summary);
	cache_key_str(&k, p->term);
	cache_key_str(&k, p->section);
	cache_key_str(&k, p->layout);
	if (p->src && cache_input_hash(s->cache, p->src)) {
		cache_key_str(&k, p->src);
		cache_key_u64(&k, cache_input_hash(s->cache, p->src));
	} else {
		/* made pages, and any file the input scan did not see */
		key_json(&k, p->fm);
		key_json(&k, p->extra);
		cache_key_str(&k, p->md.html);
		cache_key_str(&k, p->md.toc_html);
	}
	for (q = p->parent; q; q = q->parent)
		key_page(&k, q);
	key_page(&k, p->prev);
	key_page(&k, p->next);
	for (i = 0; i < CFG_MAX_LANGS; i++)
		key_page(&k, p->trans[i]);
	key_lists(&k, s, p, pn);
	for (i = 0; i < s->cfg->ntax; i++) {
		value *terms = site_terms(s, p, i);
		key_json(&k, terms);
		val_unref(terms);
	}
	if (j->opts && j->opts->pdfs)
		key_json(&k, val_get(j->opts->pdfs, p->url));
	{
		/* a municipality's page lists the pages naming it */
		const char *id = val_get_str(p->fm, "municipality", NULL);
		const page *term = id ? muni_term(s, p->lang, id) : NULL;
		for (i = 0; term && i < term->nmembers; i++)
			key_page(&k, term->members[i]);
	}
	return cache_key_end(&k);
}

static uint64_t global_key(const site *s, const render_opts *opts)
{
	cache_key k = CACHE_KEY_INIT;
	size_t i;
	cache_key_str(&k, "page");
	cache_key_u64(&k, cache_nonpage_digest(s->cache));
	cache_key_u64(&k, (uint64_t)(opts && opts->serve));
	cache_key_u64(&k, (uint64_t)s->has_search);
	for (i = 0; s->tax_pages && i < s->cfg->nlangs * s->cfg->ntax; i++)
		cache_key_u64(&k, s->tax_pages[i] != NULL);
	return cache_key_end(&k);
}

/* Where a page's body shows in its HTML (patch.h). */
typedef struct watch_ctx {
	patch_spans *sp;
	uint64_t page;
} watch_ctx;

static void watch_hit(void *ctx, int id, size_t off, size_t len, int escaped, int dep)
{
	watch_ctx *w = ctx;
	patch_spans_add(w->sp, w->page, off, len, id, escaped ? PATCH_E_HTML : PATCH_E_RAW, dep);
}

static void render_one(void *ctx, size_t i)
{
	job *j = ctx;
	const page *p = j->s->pages[i];
	const tmpl *lay = theme_layout(j->t, j->s, p, NULL);
	size_t pn, np = site_list_pages(j->s, p);
	pager pgr;
	int have_pager = 0;
	buf out = BUF_INIT;
	patch_spans spans = PATCH_SPANS_INIT;
	tmpl_watch w;
	watch_ctx wc;
	prog_add(j->s->prog, 1);
	if (!lay || __atomic_load_n(&j->failed, __ATOMIC_RELAXED))
		return;
	for (pn = 1; pn <= np; pn++) {
		value *ctxv;
		char *url = pn > 1 ? xasprintf("%spage/%zu/", p->url, pn) : xstrdup(p->url);
		char *file = out_file_for_url(url);
		uint64_t key = j->s->cache ? page_key(j, p, pn) : 0;
		if (file && out_keep(j->o, file, key)) {
			__atomic_add_fetch(&j->files, 1, __ATOMIC_RELAXED);
			free(file);
			free(url);
			continue;
		}
		if (!have_pager && np > 1) {
			pager_init(&pgr, p, np);
			have_pager = 1;
		}
		ctxv = context(j->s, j->t, p, pn, j->opts, have_pager ? &pgr : NULL);
		buf_reset(&out);
		spans.n = 0;
		memset(&w, 0, sizeof w);
		if (p->src && j->s->cache && !(j->opts && j->opts->serve)) {
			/* the page's own body: its HTML and reading time */
			const value *pm = val_get(ctxv, "page");
			w.v[0] = val_get(pm, "content");
			w.id[0] = PATCH_F_CONTENT;
			w.v[1] = val_get(pm, "reading_time");
			w.id[1] = PATCH_F_READING_TIME;
			w.n = 2;
			w.hit = watch_hit;
			w.ctx = &wc;
			wc.sp = &spans;
			wc.page = patch_page_id(p->src);
		}
		if (tmpl_render_watch(j->t->set, lay, ctxv, &out, j->errs, &w) != 0) {
			/* the same template would fail on every page */
			__atomic_store_n(&j->failed, 1, __ATOMIC_RELAXED);
		} else {
			if (j->opts && j->opts->serve) {
				char *body = strstr(out.ptr ? out.ptr : "", "</body>");
				if (body) {
					size_t at = (size_t)(body - out.ptr);
					buf tail = BUF_INIT;
					buf_puts(&tail, body);
					out.len = at;
					buf_puts(&out, reload_js);
					buf_put(&out, tail.ptr, tail.len);
					buf_free(&tail);
				}
			}
			if (!file)
				err_add(j->errs, p->src ? p->src : "", 0, 0,
					"URL %s would leave the output directory", url);
			else if (out_write_spans(j->o, file, out.ptr ? out.ptr : "", out.len, key,
						 spans.v, spans.n, j->errs) == 0)
				__atomic_add_fetch(&j->files, 1, __ATOMIC_RELAXED);
		}
		free(file);
		free(url);
		val_unref(ctxv);
	}
	if (have_pager)
		pager_free(&pgr);
	patch_spans_free(&spans);
	buf_free(&out);
}

long render_pages(const site *s, const theme *t, outdir *o,
		  const render_opts *opts, err_list *errs)
{
	job j = {s, t, o, opts, errs, 0, 0, 0};
	int before = errs->nerrors;
	if (s->cache) {
		pool_run(opts ? opts->jobs : 1, s->npages, meta_one, (void *)s);
		j.global = global_key(s, opts);
	}
	prog_phase(s->prog, "pages", s->npages);
	pool_run(opts ? opts->jobs : 1, s->npages, render_one, &j);
	return errs->nerrors > before ? -1 : j.files;
}

/* pdf.c - see pdf.h.  A book is put together here: its chapters into a
 * pdf_doc, the doc laid out (pdf_layout.c), then the cover, the title
 * page, the contents and the body drawn onto a Cairo PDF surface. */
#include "pdf.h"
#include "cache.h"
#include "hyphen.h"
#include "pdf_book.h"
#include "pdf_doc.h"
#include "pdf_layout.h"
#include "progress.h"
#include "util.h"

#include <cairo-pdf.h>
#include <stdlib.h>
#include <string.h>

/* Words the book itself writes, in the languages the site has. */
typedef struct labels {
	const char *lang;
	const char *contents, *chapter, *intro, *authors, *partners, *donor, *licence, *edition,
		*project, *web;
} labels;

static const labels label_table[] = {
	{"ka", "სარჩევი", "თავი", "შესავალი", "ავტორები", "პარტნიორები", "დონორი", "ლიცენზია",
	 "გამოცემა", "პროექტი", "ვებგვერდი"},
	{"en", "Contents", "Chapter", "Introduction", "Authors", "Partners", "Donor", "Licence",
	 "Edition", "Project", "Website"},
};

static const labels *labels_for(const char *lang)
{
	size_t i;
	for (i = 0; i < sizeof label_table / sizeof label_table[0]; i++)
		if (!strcmp(label_table[i].lang, lang))
			return &label_table[i];
	return &label_table[1];
}

typedef struct job {
	const site *s;
	outdir *o;
	const pdf_book *b;
	int lang;
	const hyph *hy;
	PangoFontMap *fm;
	err_list *errs;
	int ok;
	uint64_t key;      /* build cache key (cache.h), 0 without a cache */
} job;

/* The build cache key of one book in one language: what it is typeset
 * from.  That is its own chapters (the .md files in its directory), and
 * of the rest only what is not a page: book.yaml, images, data sets,
 * site.yaml, the theme (never another page's text). */
static uint64_t book_key(const site *s, const pdf_book *b, const char *rel)
{
	char *dir = xasprintf("content/%s/", b->dir);
	const char *own[2];
	cache_key k = CACHE_KEY_INIT;
	own[0] = dir;
	own[1] = NULL;
	cache_key_str(&k, "pdf");
	cache_key_str(&k, rel);
	cache_key_u64(&k, cache_nonpage_digest(s->cache));
	cache_key_u64(&k, cache_inputs_digest(s->cache, own, 0));
	free(dir);
	return cache_key_end(&k);
}

/* ---- texts of the book in one language ---- */

static const char *book_title(const site *s, const pdf_book *b, int lang)
{
	const char *t = pdf_book_text(b, "title", s->cfg->langs[lang].code);
	const page *p;
	if (t)
		return t;
	p = pdf_book_page(s, b, "_index", lang);
	return p && p->title ? p->title : b->output;
}

static char *joined(const value *list, const char *sep)
{
	buf b = BUF_INIT;
	size_t i;
	for (i = 0; i < val_len(list); i++) {
		if (i)
			buf_puts(&b, sep);
		buf_puts(&b, val_cstr(val_at(list, i)));
	}
	return buf_detach(&b);
}

/* The edition date for the PDF's metadata: book.yaml's date, else the
 * newest date of its pages, so that the same content gives the same
 * bytes (the clock is never read). */
static char *meta_date(const pdf_doc *d, const pdf_book *b)
{
	const date *best = NULL;
	size_t i;
	buf o = BUF_INIT;
	if (b->date)
		return xasprintf("%sT00:00:00", b->date);
	for (i = 0; i < d->nchapters; i++) {
		const page *p = d->chapters[i].pg;
		if (p->has_lastmod && (!best || date_cmp(&p->lastmod, best) > 0))
			best = &p->lastmod;
		if (p->has_date && (!best || date_cmp(&p->date, best) > 0))
			best = &p->date;
	}
	if (!best)
		return xstrdup("2000-01-01T00:00:00");
	date_iso(best, &o);
	buf_puts(&o, "T00:00:00");
	return buf_detach(&o);
}

/* ---- cover and title page ---- */

static double put(pl_book *bk, cairo_t *cr, const char *text, const char *family, double size,
		  int bold, double x, double y, double w, pl_rgb c, PangoAlignment al)
{
	PangoLayout *l;
	if (!text || !*text)
		return 0;
	l = pl_text(bk, text, family, size, bold, 0, w, al);
	pango_layout_set_spacing(l, (int)(size * 0.2 * PANGO_SCALE));
	pl_set_rgb(cr, c);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
	return pl_height(l);
}

static void draw_cover(pl_book *bk, cairo_t *cr, const site *s, const pdf_book *b, int lang,
		       cairo_surface_t *cover)
{
	const pl_style *st = &bk->st;
	const char *code = s->cfg->langs[lang].code;
	const char *sub = pdf_book_text(b, "subtitle", code);
	const char *project = pdf_book_text(b, "colophon.project", code);
	const char *donor = pdf_book_text(b, "colophon.donor", code);
	value *authors = pdf_book_list(b, "authors", code);
	char *who = joined(authors, ", ");
	double k = st->pw / 595.276, band = st->ph * 0.58, x = st->ml, w = st->tw, y;
	pl_rgb white = {1, 1, 1};
	if (!project)
		project = s->cfg->langs[lang].title;
	pl_set_rgb(cr, st->primary);
	cairo_rectangle(cr, 0, 0, st->pw, band);
	cairo_fill(cr);
	pl_set_rgb(cr, st->accent);
	cairo_rectangle(cr, 0, band, st->pw, 5 * k);
	cairo_fill(cr);
	y = st->mt * 0.9;
	y += put(bk, cr, project, st->sans, 10 * k, 1, x, y, w, st->tint, PANGO_ALIGN_LEFT);
	y = band * 0.36;
	y += put(bk, cr, book_title(s, b, lang), st->sans, 27 * k, 1, x, y, w, white, PANGO_ALIGN_LEFT);
	y += 14 * k;
	put(bk, cr, sub, st->sans, 13.5 * k, 0, x, y, w, st->tint, PANGO_ALIGN_LEFT);
	y = band + 28 * k;
	y += put(bk, cr, who, st->sans, 12 * k, 1, x, y, w, st->ink, PANGO_ALIGN_LEFT);
	if (cover) {
		/* the picture between the authors and the credits, fitted */
		double iw = cairo_image_surface_get_width(cover), ih = cairo_image_surface_get_height(cover);
		double top = y + 18 * k, bottom = st->ph - st->mb - 30 * k, sc = w / iw;
		if (ih * sc > bottom - top)
			sc = (bottom - top) / ih;
		if (sc > 0) {
			cairo_save(cr);
			cairo_translate(cr, x + (w - iw * sc) / 2, top);
			cairo_scale(cr, sc, sc);
			cairo_set_source_surface(cr, cover, 0, 0);
			cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
			cairo_paint(cr);
			cairo_restore(cr);
		}
	}
	{
		const char *org = val_get_str(s->cfg->langs[lang].params, "organisation", NULL);
		double h = 0;
		PangoLayout *l = NULL;
		if (donor) {
			l = pl_text(bk, donor, st->sans, 9 * k, 0, 0, w, PANGO_ALIGN_LEFT);
			h = pl_height(l);
		}
		y = st->ph - st->mb * 0.9 - h;
		if (org)
			put(bk, cr, org, st->sans, 11 * k, 1, x, y - 18 * k, w, st->primary, PANGO_ALIGN_LEFT);
		if (l) {
			pl_set_rgb(cr, st->muted);
			cairo_move_to(cr, x, y);
			pango_cairo_show_layout(cr, l);
		}
	}
	free(who);
	val_unref(authors);
}

/* The title page's back: who made the book, who paid for it, under
 * what licence, which edition. */
static void draw_colophon(pl_book *bk, cairo_t *cr, const site *s, const pdf_book *b, int lang)
{
	const pl_style *st = &bk->st;
	const char *code = s->cfg->langs[lang].code;
	const labels *lb = labels_for(code);
	double k = st->size / 10.5, x = st->ml, w = st->tw, y = st->mt, sz = 9 * k;
	value *authors = pdf_book_list(b, "authors", code);
	value *partners = pdf_book_list(b, "colophon.partners", code);
	char *who = joined(authors, ", "), *part = joined(partners, "\n");
	const char *project = pdf_book_text(b, "colophon.project", code);
	struct {
		const char *label, *text;
	} rows[8];
	size_t n = 0, i;
	double total = 0;
	if (!project)
		project = s->cfg->langs[lang].title;
	y += put(bk, cr, book_title(s, b, lang), st->sans, 16 * k, 1, x, y, w, st->primary, PANGO_ALIGN_LEFT);
	y += 6 * k;
	y += put(bk, cr, pdf_book_text(b, "subtitle", code), st->sans, 11 * k, 0, x, y, w, st->muted,
		 PANGO_ALIGN_LEFT);
	rows[n].label = lb->authors, rows[n++].text = who;
	rows[n].label = lb->project, rows[n++].text = project;
	rows[n].label = lb->partners, rows[n++].text = part;
	rows[n].label = lb->donor, rows[n++].text = pdf_book_text(b, "colophon.donor", code);
	rows[n].label = lb->licence, rows[n++].text = pdf_book_text(b, "colophon.licence", code);
	rows[n].label = lb->edition, rows[n++].text = pdf_book_text(b, "colophon.edition", code);
	rows[n].label = NULL, rows[n++].text = pdf_book_text(b, "colophon.note", code);
	rows[n].label = lb->web, rows[n++].text = s->cfg->base_url;
	/* set from the foot of the page upwards: measure first */
	for (i = 0; i < n; i++) {
		if (!rows[i].text || !*rows[i].text)
			continue;
		if (rows[i].label)
			total += pl_height(pl_text(bk, rows[i].label, st->sans, sz * 0.9, 1, 0, w, PANGO_ALIGN_LEFT));
		total += pl_height(pl_text(bk, rows[i].text, st->serif, sz, 0, 0, w, PANGO_ALIGN_LEFT)) + 9 * k;
	}
	y = st->mt + st->th - total;
	for (i = 0; i < n; i++) {
		double h;
		if (!rows[i].text || !*rows[i].text)
			continue;
		if (rows[i].label)
			y += put(bk, cr, rows[i].label, st->sans, sz * 0.9, 1, x, y, w, st->primary, PANGO_ALIGN_LEFT);
		h = put(bk, cr, rows[i].text, st->serif, sz, 0, x, y, w, st->ink, PANGO_ALIGN_LEFT);
		if (rows[i].text == s->cfg->base_url) {
			buf a = BUF_INIT;
			buf_printf(&a, "rect=[%.2f %.2f %.2f %.2f] uri='", x, y, w, h);
			pl_attr_escape(&a, s->cfg->base_url);
			buf_putc(&a, '\'');
			cairo_tag_begin(cr, CAIRO_TAG_LINK, buf_cstr(&a));
			cairo_tag_end(cr, CAIRO_TAG_LINK);
			buf_free(&a);
		}
		y += h + 9 * k;
	}
	free(who);
	free(part);
	val_unref(authors);
	val_unref(partners);
}

/* ---- the file ---- */

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	buf_put(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* Byte search that, unlike strstr, goes past the NULs of binary streams. */
static const char *find(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;
	for (i = 0; n <= len && i <= len - n; i++)
		if (hay[i] == needle[0] && !memcmp(hay + i, needle, n))
			return hay + i;
	return NULL;
}

static const char *rfind(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;
	for (i = len >= n ? len - n + 1 : 0; i-- > 0;)
		if (hay[i] == needle[0] && !memcmp(hay + i, needle, n))
			return hay + i;
	return NULL;
}

/* Two repairs of what Cairo 1.16 writes, as one incremental update (new
 * objects, an xref section for them, a trailer pointing back at the old
 * one), so the bytes Cairo wrote stay as they are:
 *  - Cairo reserves an object for each link annotation's structure
 *    entry and never writes it, leaving xref entries that point at other
 *    objects (qpdf: "file is damaged"); each such number is defined as
 *    null.
 *  - Cairo cannot set the document language, which screen readers need
 *    to pick a voice: the catalog is written again with /Lang.
 * The file is left as it is when it is not laid out as Cairo writes it. */
static void fix_pdf(buf *pdf, const char *lang)
{
	const char *p = pdf->ptr, *tr, *sx, *o, *e, *xr;
	size_t len = pdf->len, at, xref, i, nbad = 0, *offs;
	long size, root, info = -1, prev, *bad;
	char key[40], *obj, *end;
	if (!p || !(tr = rfind(p, len, "\ntrailer")))
		return;
	if (!(sx = strstr(tr, "/Size ")) || (size = strtol(sx + 6, NULL, 10)) <= 0)
		return;
	if (!(sx = strstr(tr, "/Root ")) || (root = strtol(sx + 6, NULL, 10)) <= 0 || root >= size)
		return;
	if ((sx = strstr(tr, "/Info ")))
		info = strtol(sx + 6, NULL, 10);
	if (!(sx = strstr(tr, "startxref\n")) || (prev = strtol(sx + 10, NULL, 10)) <= 0 ||
	    (size_t)prev >= len)
		return;
	/* the xref table: "xref\n0 SIZE\n" and 20-byte entries */
	snprintf(key, sizeof key, "xref\n0 %ld\n", size);
	xr = p + prev;
	if (strncmp(xr, key, strlen(key)) != 0 || (size_t)(xr - p) + strlen(key) + 20 * (size_t)size > len)
		return;
	xr += strlen(key);
	bad = xcalloc((size_t)size, sizeof *bad);
	for (i = 1; i < (size_t)size; i++) {
		const char *ent = xr + 20 * i;
		size_t off = (size_t)strtol(ent, NULL, 10);
		int n;
		if (ent[17] != 'n')
			continue;
		n = snprintf(key, sizeof key, "%zu 0 obj", i);
		if (off + (size_t)n > len || memcmp(p + off, key, (size_t)n) != 0)
			bad[nbad++] = (long)i;
	}
	snprintf(key, sizeof key, "\n%ld 0 obj", root);
	if (!(o = find(p, len, key)) || !(e = find(o, len - (size_t)(o - p), "endobj"))) {
		free(bad);
		return;
	}
	o += strlen(key);
	obj = xstrndup(o, (size_t)(e - o));
	if (!(end = strrchr(obj, '>')) || end == obj || end[-1] != '>' || strstr(obj, "/Lang")) {
		free(obj);
		free(bad);
		return;
	}
	end[-1] = '\0';
	offs = xcalloc(nbad + 1, sizeof *offs);
	if (pdf->ptr[pdf->len - 1] != '\n')
		buf_putc(pdf, '\n');
	at = pdf->len;
	buf_printf(pdf, "%ld 0 obj%s   /Lang (%s)\n>>\nendobj\n", root, obj, lang);
	free(obj);
	for (i = 0; i < nbad; i++) {
		offs[i] = pdf->len;
		buf_printf(pdf, "%ld 0 obj\nnull\nendobj\n", bad[i]);
	}
	xref = pdf->len;
	buf_printf(pdf, "xref\n%ld 1\n%010zu 00000 n \n", root, at);
	for (i = 0; i < nbad; i++)
		buf_printf(pdf, "%ld 1\n%010zu 00000 n \n", bad[i], offs[i]);
	buf_printf(pdf, "trailer\n<< /Size %ld\n   /Root %ld 0 R\n", size, root);
	if (info > 0)
		buf_printf(pdf, "   /Info %ld 0 R\n", info);
	buf_printf(pdf, "   /Prev %ld\n>>\nstartxref\n%zu\n%%%%EOF\n", prev, xref);
	free(offs);
	free(bad);
}

int pdf_typeset(const site *s, const pdf_book *b, int lang, const hyph *hy, PangoFontMap *fm,
		cairo_write_func_t write, void *closure, err_list *errs)
{
	const char *code = s->cfg->langs[lang].code;
	const labels *lb = labels_for(code);
	tbl_env tenv;
	pdf_doc d;
	pl_style st;
	pl_book bk;
	cairo_surface_t *surf, *cover = NULL;
	cairo_t *cr;
	char *date, *who, *why = NULL;
	value *authors;
	size_t i;
	int outline[6] = {0}, pageno = 1, rc = 0;
	const char *title = book_title(s, b, lang);

	memset(&tenv, 0, sizeof tenv);
	tenv.results = s->results_l[lang];
	tenv.data = s->data_l[lang];
	tenv.lang = code;
	tenv.total_label = !strcmp(code, "ka") ? "სულ" : "Total";
	pdf_doc_init(&d, s, lang, hy, &tenv, b->numbering);
	if (b->intro) {
		const value *in = val_get(b->raw, "introduction");
		const char *t = pdf_lang_text(val_get(in, "title"), code);
		const page *p = pdf_book_page(s, b, b->intro, lang);
		if (p)
			pdf_doc_add(&d, p, 0, t ? t : lb->intro,
				    in && in->kind == VAL_MAP ? val_get(in, "omit") : NULL, errs);
	}
	for (i = 0; i < b->nchapters; i++) {
		const page *p = pdf_book_page(s, b, b->chapters[i], lang);
		if (p)
			pdf_doc_add(&d, p, (int)i + 1, NULL, NULL, errs);
	}
	pdf_doc_resolve(&d);

	pl_style_init(&st, b->width, b->height);
	/* cover and title page come first: the contents start on page 3 */
	pl_book_layout(&bk, &d, &st, fm, 3, lb->contents, lb->chapter);

	if (b->cover && !(cover = pdf_load_image(b->cover, &why))) {
		err_add(errs, b->path, 1, 1, "%s", why);
		free(why);
	}
	surf = cairo_pdf_surface_create_for_stream(write, closure, st.pw, st.ph);
	cairo_pdf_surface_restrict_to_version(surf, CAIRO_PDF_VERSION_1_5);
	authors = pdf_book_list(b, "authors", code);
	who = joined(authors, ", ");
	date = meta_date(&d, b);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR,
				       *who ? who : val_get_str(s->cfg->langs[lang].params,
								 "organisation", ""));
	if (pdf_book_text(b, "subtitle", code))
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_SUBJECT,
					       pdf_book_text(b, "subtitle", code));
	if (pdf_book_text(b, "keywords", code))
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_KEYWORDS,
					       pdf_book_text(b, "keywords", code));
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "csogen");
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, date);
	cr = cairo_create(surf);

	draw_cover(&bk, cr, s, b, lang, cover);
	cairo_show_page(cr);
	pageno++;
	draw_colophon(&bk, cr, s, b, lang);
	cairo_show_page(cr);
	pageno++;
	/* the contents get a bookmark of their own */
	cairo_tag_begin(cr, CAIRO_TAG_DEST, "name='contents' x=0 y=0");
	cairo_tag_end(cr, CAIRO_TAG_DEST);
	cairo_pdf_surface_add_outline(surf, CAIRO_PDF_OUTLINE_ROOT, lb->contents, "dest='contents'", 0);
	for (i = 0; i < bk.toc.npages; i++) {
		pl_draw_page(&bk, cr, &bk.toc, &bk.toc.pages[i], outline);
		pl_draw_furniture(&bk, cr, i ? title : NULL, i ? lb->contents : NULL, pageno++);
		cairo_show_page(cr);
	}
	for (i = 0; i < bk.body.npages; i++) {
		const pl_page *pg = &bk.body.pages[i];
		const char *chap = pg->chapter >= 0 ? d.chapters[pg->chapter].title : NULL;
		pl_draw_page(&bk, cr, &bk.body, pg, outline);
		pl_draw_furniture(&bk, cr, pg->opens ? NULL : title, pg->opens ? NULL : chap, pageno++);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_finish(surf);
	if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
		char *file = pdf_book_file(b, code);
		err_add(errs, b->path, 0, 0, "%s: cannot write the PDF: %s", file,
			cairo_status_to_string(cairo_surface_status(surf)));
		free(file);
		rc = -1;
	}
	cairo_surface_destroy(surf);
	if (cover)
		cairo_surface_destroy(cover);
	free(date);
	free(who);
	val_unref(authors);
	pl_book_free(&bk);
	pdf_doc_free(&d);
	return rc;
}

static void write_book(job *j)
{
	const char *code = j->s->cfg->langs[j->lang].code;
	buf out = BUF_INIT;
	char *file;
	if (pdf_typeset(j->s, j->b, j->lang, j->hy, j->fm, to_buf, &out, j->errs) == 0) {
		file = pdf_book_file(j->b, code);
		fix_pdf(&out, code);
		if (out_write_key(j->o, file, out.ptr, out.len, j->key, j->errs) == 0)
			j->ok = 1;
		free(file);
	}
	buf_free(&out);
}

long pdf_write_books(const site *s, outdir *o, err_list *errs)
{
	int before = errs->nerrors;
	size_t nb, i, l;
	pdf_book **books = pdf_books_load(s, &nb, errs);
	hyph *hy[CFG_MAX_LANGS] = {0};
	int used[CFG_MAX_LANGS] = {0};
	PangoFontMap *fm;
	long n = 0;
	size_t total = 0;

	for (i = 0; i < nb; i++)
		for (l = 0; l < books[i]->nlangs; l++) {
			used[books[i]->langs[l]] = 1;
			total++;
		}
	/* hyphenation patterns, loaded once and shared (read-only) */
	for (l = 0; l < s->cfg->nlangs; l++) {
		if (!used[l])
			continue;
		hy[l] = hyph_load(s->cfg->langs[l].code);
		if (!hy[l])
			err_warn(errs, "", 0, 0,
				 "no hyphenation patterns for '%s' (hyph_%s.dic; see tools/hyphen/mkdic.sh): "
				 "its books are set ragged-right",
				 s->cfg->langs[l].code, s->cfg->langs[l].code);
	}
	/* One book after another, in this thread.  Drawing books in parallel
	 * was tried: Cairo 1.16 and Pango 1.50 share FreeType faces and font
	 * caches between threads, and it crashed in FreeType and changed glyph
	 * advances from run to run.  A book takes a fraction of a second. */
	fm = pango_cairo_font_map_new();
	if (total)
		prog_phase(s->prog, "PDF books", total);
	for (i = 0; i < nb; i++)
		for (l = 0; l < books[i]->nlangs; l++) {
			job j;
			memset(&j, 0, sizeof j);
			j.s = s;
			j.o = o;
			j.b = books[i];
			j.lang = books[i]->langs[l];
			j.hy = hy[j.lang];
			j.fm = fm;
			j.errs = errs;
			if (s->cache) {
				char *rel = pdf_book_file(books[i], s->cfg->langs[j.lang].code);
				j.key = book_key(s, books[i], rel);
				j.ok = out_keep(o, rel, j.key);
				free(rel);
			}
			if (!j.ok)
				write_book(&j);
			n += j.ok;
			prog_add(s->prog, 1);
		}
	g_object_unref(fm);
	for (l = 0; l < CFG_MAX_LANGS; l++)
		hyph_free(hy[l]);
	pdf_books_free(books, nb);
	return errs->nerrors > before ? -1 : n;
}

/* ---- links from the site ---- */

static int count_pages(const char *pdf, size_t len)
{
	/* cairo writes one "/Type /Page\n" per page (and "/Type /Pages" once) */
	size_t i;
	int n = 0;
	for (i = 0; i + 12 <= len; i++)
		if (pdf[i] == '/' && !memcmp(pdf + i, "/Type /Page", 11) && pdf[i + 11] != 's')
			n++;
	return n;
}

value *pdf_book_links(const site *s, const outdir *o)
{
	err_list quiet;
	size_t nb, i, l, k;
	pdf_book **books;
	value *map = val_map();
	err_init(&quiet);
	books = pdf_books_load(s, &nb, &quiet); /* problems were reported by the build */
	for (i = 0; i < nb; i++) {
		const pdf_book *b = books[i];
		for (l = 0; l < b->nlangs; l++) {
			int lang = b->langs[l];
			const char *code = s->cfg->langs[lang].code;
			char *rel = pdf_book_file(b, code), *data = NULL;
			const char *bytes = NULL;
			size_t len = 0;
			const page *idx;
			value *e;
			/* the file as written: on disk, or in memory (check, serve) */
			if (o->tmp) {
				char *path = out_disk_path(o, rel);
				bytes = data = file_read(path, &len);
				free(path);
			} else {
				const memfile *m = out_mem_get(o, rel);
				if (m) {
					bytes = m->data;
					len = m->len;
				}
			}
			if (!bytes) {
				free(rel);
				continue;
			}
			e = val_map();
			val_set(e, "url", val_str_take(xasprintf("/%s", rel)));
			val_set_num(e, "size_kb", (double)((len + 1023) / 1024));
			val_set_num(e, "pages", count_pages(bytes, len));
			val_set_str(e, "title", book_title(s, b, lang));
			val_set_str(e, "lang", code);
			idx = pdf_book_page(s, b, "_index", lang);
			if (idx && idx->url)
				val_set(map, idx->url, val_ref(e));
			if (b->intro && pdf_book_page(s, b, b->intro, lang))
				val_set(map, pdf_book_page(s, b, b->intro, lang)->url, val_ref(e));
			for (k = 0; k < b->nchapters; k++) {
				const page *p = pdf_book_page(s, b, b->chapters[k], lang);
				if (p && p->url)
					val_set(map, p->url, val_ref(e));
			}
			val_unref(e);
			free(data);
			free(rel);
		}
	}
	pdf_books_free(books, nb);
	err_free(&quiet);
	return map;
}

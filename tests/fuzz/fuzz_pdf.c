/*
 * fuzz_pdf.c - Markdown typeset as a PDF book: pdf_doc.c (cmark-gfm's
 * tree to blocks: headings, lists, quotes, code, GFM and ```table
 * tables, ```chart blocks, images, footnotes, links), hyphen.c,
 * pdf_layout.c (lines, tables, figures, the page breaker, the contents),
 * pdf_draw.c, and pdf.c's cover and title page, into a Cairo PDF
 * surface whose stream only counts and hashes the bytes (pdf_typeset).
 *
 * An input is
 *
 *     [---\n BOOK-YAML ---\n] [%% OPTIONS\n] CHAPTER [\n%%%\n CHAPTER]...
 *
 * BOOK-YAML stands for book.yaml's texts (title, subtitle, authors,
 * colophon, introduction: {title, omit}, keywords), and its titles: [...]
 * for the chapters' own titles (front matter).  OPTIONS are words:
 * ka or en (the language; en by default), a4 a5 b5 letter small large
 * (the page), n0..n4 (heading numbering; n2 by default), intro (the
 * first chapter is the unnumbered introduction), smart, nohy (no
 * hyphenation), cover, date.  Up to four chapters.  As in a build,
 * only Markdown that md_render accepts reaches a book (content.c
 * refuses the rest first), so other inputs are skipped.
 *
 * The harness works in a temporary directory under $FUZZ_TMPDIR
 * (default /tmp) holding content/book/pic.png, photo.jpg, bad.png (not
 * a PNG) and content/static/img/logo.png, so image links find files,
 * broken files and no file.
 *
 * Checked besides memory safety:
 *   - pdf_typeset succeeds and writes a whole PDF ("%PDF-" to "%%EOF");
 *   - every error names a chapter's file or the book, at line >= 0;
 *   - the same small input typeset twice gives the same bytes.
 *
 * FUZZ_PDF_VERBOSE=1 prints the problems reported and the PDF's size.
 */
#define _GNU_SOURCE
#include "err.h"
#include "hyphen.h"
#include "markdown.h"
#include "pdf.h"
#include "pdf_book.h"
#include "site.h"
#include "util.h"
#include "value.h"
#include "yamlval.h"

#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <unistd.h>

#include "fuzz_common.h"

#define MAX_INPUT 12288
#define MAX_CHAPTERS 4
#define BOOK_PATH "content/book/book.yaml"

static char tmpdir[4096];
static site_cfg cfg;
static value *data;
static hyph *hy[2];
static PangoFontMap *fm;

/* ---- the sink: counts, hashes and keeps both ends of the stream ---- */

typedef struct sink {
	size_t len;
	unsigned long long hash;
	char head[8];
	char tail[16];
} sink;

static cairo_status_t sink_write(void *closure, const unsigned char *d, unsigned int n)
{
	sink *k = closure;
	unsigned int i;
	for (i = 0; i < n; i++) {
		if (k->len + i < sizeof k->head)
			k->head[k->len + i] = (char)d[i];
		k->hash = (k->hash ^ d[i]) * 1099511628211ULL;
	}
	if (n >= sizeof k->tail) {
		memcpy(k->tail, d + n - sizeof k->tail, sizeof k->tail);
	} else {
		memmove(k->tail, k->tail + n, sizeof k->tail - n);
		memcpy(k->tail + sizeof k->tail - n, d, n);
	}
	k->len += n;
	return CAIRO_STATUS_SUCCESS;
}

/* ---- set-up ---- */

static void cleanup(void)
{
	char cmd[4200];
	if (chdir("/") == 0) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "fuzz_pdf: could not remove %s\n", tmpdir);
	}
}

static void write_png(const char *path, int w, int h)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 0.2, 0.5, 0.6);
	cairo_paint(cr);
	cairo_destroy(cr);
	if (cairo_surface_write_to_png(s, path) != CAIRO_STATUS_SUCCESS)
		abort();
	cairo_surface_destroy(s);
}

static void setup_files(void)
{
	/* a JPEG's markers up to its frame header: all the writer reads */
	static const unsigned char jpeg[] = {
		0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01, 0x01, 0x00, 0x00,
		0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x20, 0x00, 0x30,
		0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xFF, 0xD9};
	const char *base = getenv("FUZZ_TMPDIR");
	char cwd[4096];
	snprintf(tmpdir, sizeof tmpdir, "%s/csogen-fuzz-pdf.XXXXXX", base && base[0] ? base : "/tmp");
	if (base && base[0])
		mkdir_p(base);
	if (!getcwd(cwd, sizeof cwd) || !mkdtemp(tmpdir) || chdir(tmpdir) != 0)
		abort();
	atexit(cleanup);
	if (mkdir_p("content/book") != 0 || mkdir_p("content/static/img") != 0)
		abort();
	write_png("content/book/pic.png", 60, 40);
	write_png("content/book/tall.png", 3, 900);
	write_png("content/static/img/logo.png", 400, 20);
	if (file_write("content/book/photo.jpg", (const char *)jpeg, sizeof jpeg) != 0 ||
	    file_write("content/book/bad.png", "not a PNG\n", 10) != 0 ||
	    file_write("content/book/bad.jpg", "\xFF\xD8nothing", 9) != 0)
		abort();
}

static void setup_site(void)
{
	static const char *const names[] = {"Ozurgeti", "ბათუმი", "Keda", "Lanchkhuti"};
	value *rows, *b;
	int i;
	memset(&cfg, 0, sizeof cfg);
	cfg.base_url = "https://example.org";
	cfg.nlangs = 2;
	cfg.langs[0].code = "ka";
	cfg.langs[0].prefix = "";
	cfg.langs[0].title = "ძლიერი კავშირები ადგილობრივი განვითარების აქტორებს შორის";
	cfg.langs[1].code = "en";
	cfg.langs[1].prefix = "/en";
	cfg.langs[1].title = "Strong links between local development actors";
	for (i = 0; i < 2; i++) {
		cfg.langs[i].params = val_map();
		val_set_str(cfg.langs[i].params, "organisation", i ? "Civil Society Institute"
								   : "სამოქალაქო საზოგადოების ინსტიტუტი");
	}
	rows = val_list();
	for (i = 0; i < 4; i++) {
		value *r = val_map(), *p2 = val_map();
		val_set_str(r, "name", names[i]);
		val_set_str(r, "region", i % 2 ? "adjara" : "guria");
		val_set_num(p2, "index", 30.5 + 11.25 * i);
		val_set(r, "p2", p2);
		val_set_str(r, "women_pct", i == 2 ? "n/a" : "48.5");
		val_set_num(r, "year", 2021 + i % 2);
		val_push(rows, r);
	}
	data = val_map();
	b = val_map();
	val_set(b, "ranking", rows);
	val_set(data, "benchmarking", b);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	md_init();
	/* patterns are found beside the program (build/hyph/) or in
	 * /usr/share/hyphen: look before leaving the repository */
	hy[0] = hyph_load("ka");
	hy[1] = hyph_load("en");
	setup_files();
	setup_site();
	fm = pango_cairo_font_map_new();
	return 0;
}

/* ---- one input ---- */

typedef struct opts {
	int lang, numbering, intro, smart, nohy, cover, date;
	double w, h;
} opts;

static int has_word(const char *line, size_t len, const char *w)
{
	size_t n = strlen(w), i;
	for (i = 0; i + n <= len; i++)
		if (!memcmp(line + i, w, n) && (i == 0 || line[i - 1] == ' ') &&
		    (i + n == len || line[i + n] == ' '))
			return 1;
	return 0;
}

static void parse_opts(const char *line, size_t len, opts *o)
{
	static const struct {
		const char *w;
		double pw, ph;
	} sizes[] = {{"a4", 595.276, 841.890}, {"a5", 419.528, 595.276}, {"b5", 498.898, 708.661},
		     {"letter", 612, 792}, {"small", 200, 280}, {"large", 2000, 3000}};
	size_t i;
	if (has_word(line, len, "ka"))
		o->lang = 0;
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		if (has_word(line, len, sizes[i].w)) {
			o->w = sizes[i].pw;
			o->h = sizes[i].ph;
		}
	for (i = 0; i <= 4; i++) {
		char w[4] = {'n', (char)('0' + i), 0, 0};
		if (has_word(line, len, w))
			o->numbering = (int)i;
	}
	o->intro = has_word(line, len, "intro");
	o->smart = has_word(line, len, "smart");
	o->nohy = has_word(line, len, "nohy");
	o->cover = has_word(line, len, "cover");
	o->date = has_word(line, len, "date");
}

static const char *const titles[2][MAX_CHAPTERS] = {
	{"1. რატომ მონაწილეობა", "თვითმმართველობისმონაწილეობითიბიუჯეტირებისსახელმძღვანელო",
	 "3. სამართლებრივი ჩარჩო", "4"},
	{"1. Why participation", "2. The legal framework of local self-government in Georgia",
	 "Participatorybudgetingguidebookforlocalcivilsocietyorganisations", ""}};

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
	char *text, *p, *end, *chap[MAX_CHAPTERS];
	size_t nchap = 0, i;
	opts o;
	site s;
	pdf_book b;
	err_list e;
	sink k1, k2;
	char *names[MAX_CHAPTERS];
	int rc, skip = 0;

	if (size > MAX_INPUT)
		return 0;
	text = fz_cstr(in, size);
	p = text;
	end = text + size;
	memset(&o, 0, sizeof o);
	o.lang = 1;
	o.numbering = 2;
	o.w = 595.276;
	o.h = 841.890;
	memset(&b, 0, sizeof b);
	b.raw = NULL;
	/* the book's texts */
	if (!strncmp(p, "---\n", 4)) {
		char *close = strstr(p + 4, "\n---\n");
		if (close) {
			err_list ye;
			err_init(&ye);
			b.raw = yv_parse(p + 4, (size_t)(close + 1 - (p + 4)), BOOK_PATH, 1, &ye);
			err_free(&ye);
			p = close + 5;
		}
	}
	if (!b.raw || b.raw->kind != VAL_MAP) {
		val_unref(b.raw);
		b.raw = val_map();
	}
	if (!strncmp(p, "%% ", 3)) {
		char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		parse_opts(p + 3, len - 3, &o);
		p = nl ? nl + 1 : end;
	}
	/* the chapters */
	chap[nchap++] = p;
	while (nchap < MAX_CHAPTERS && (p = strstr(p, "\n%%%\n"))) {
		*p = '\0';
		p += 5;
		chap[nchap++] = p;
	}

	memset(&s, 0, sizeof s);
	s.cfg = &cfg;
	cfg.smart = o.smart;
	s.data_l[0] = s.data_l[1] = data;
	s.results_l[0] = s.results_l[1] = data;
	err_init(&e);
	for (i = 0; i < nchap; i++) {
		page *pg = page_new(PAGE_SINGLE, o.lang);
		md_opts mo;
		const char *code = cfg.langs[o.lang].code;
		int intro = o.intro && i == 0;
		names[i] = intro ? xstrdup("_index") : xasprintf("%02zu-chapter", i + (o.intro ? 0 : 1));
		pg->dir = xstrdup("book");
		pg->name = xstrdup(names[i]);
		pg->src = xasprintf("content/book/%s.%s.md", names[i], code);
		pg->url = intro ? xasprintf("%s/book/", cfg.langs[o.lang].prefix)
				: xasprintf("%s/book/%s/", cfg.langs[o.lang].prefix, names[i]);
		{
			/* titles: [...] in the header gives the pages' own titles */
			const char *t = val_cstr(val_at(val_get(b.raw, "titles"), i));
			pg->title = xstrdup(t ? t : titles[o.lang][i]);
		}
		pg->body = xstrdup(chap[i]);
		pg->body_len = strlen(chap[i]);
		pg->body_line = 4; /* three lines of front matter */
		if (o.date && i == 1) {
			pg->has_date = 1;
			pg->date.year = 2022;
			pg->date.month = 3;
			pg->date.day = 8;
		}
		site_add(&s, pg);
		/* what content.c does first: a page it refuses is in no book */
		memset(&mo, 0, sizeof mo);
		mo.smart = o.smart;
		if (md_render(pg->body, pg->body_len, &mo, pg->src, pg->body_line, &pg->md, &e) != 0)
			skip = 1;
	}
	if (skip && getenv("FUZZ_PDF_VERBOSE")) {
		fprintf(stderr, "fuzz_pdf: md_render refuses the input:\n");
		err_print(&e, stderr, 0);
	}
	if (!skip) {
		err_free(&e);
		err_init(&e);
		b.path = BOOK_PATH;
		b.dir = "book";
		b.output = "book";
		b.langs[0] = o.lang;
		b.nlangs = 1;
		b.intro = o.intro ? names[0] : NULL;
		b.chapters = o.intro ? names + 1 : names;
		b.nchapters = o.intro ? nchap - 1 : nchap;
		b.width = o.w;
		b.height = o.h;
		b.date = o.date ? "2023-09-30" : NULL;
		b.cover = o.cover ? "content/book/pic.png" : NULL;
		b.numbering = o.numbering;

		memset(&k1, 0, sizeof k1);
		rc = pdf_typeset(&s, &b, o.lang, o.nohy ? NULL : hy[o.lang], fm, sink_write, &k1, &e);
		if (getenv("FUZZ_PDF_VERBOSE")) {
			fprintf(stderr, "fuzz_pdf: %zu bytes of PDF\n", k1.len);
			err_print(&e, stderr, 0);
		}
		fz_check_errs(&e, NULL);
		FZ_ASSERT(rc == 0, "pdf_typeset failed");
		FZ_ASSERT(k1.len > 100 && !memcmp(k1.head, "%PDF-", 5), "not a PDF");
		FZ_ASSERT(memmem(k1.tail, sizeof k1.tail, "%%EOF", 5) != NULL, "the PDF does not end");
		for (i = 0; i < e.len; i++) {
			const err_item *it = &e.items[i];
			size_t c;
			int known = !strcmp(it->path, BOOK_PATH);
			for (c = 0; c < nchap; c++)
				if (!strcmp(it->path, s.pages[c]->src))
					known = 1;
			if (!known)
				fprintf(stderr, "error about %s: %s\n", it->path, it->msg);
			FZ_ASSERT(known, "an error names neither a chapter nor the book");
		}
		if (size < 1024) {
			err_list e2;
			err_init(&e2);
			memset(&k2, 0, sizeof k2);
			pdf_typeset(&s, &b, o.lang, o.nohy ? NULL : hy[o.lang], fm, sink_write, &k2, &e2);
			FZ_ASSERT(k1.len == k2.len && k1.hash == k2.hash,
				  "the same book typeset twice differs");
			err_free(&e2);
		}
	}
	err_free(&e);
	for (i = 0; i < s.npages; i++)
		page_free(s.pages[i]);
	free(s.pages);
	for (i = 0; i < nchap; i++)
		free(names[i]);
	val_unref(b.raw);
	free(text);
	return 0;
}

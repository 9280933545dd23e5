/* patch.c - see patch.h */
#include "patch.h"
#include "config.h"
#include "search.h"
#include "site.h"
#include "theme.h"
#include "util.h"
#include "value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* At most this many pages in one patch: more is not "an edit" but a
 * change of many pages, which a full build handles as well. */
#define PATCH_MAX_PAGES 16

uint64_t patch_page_id(const char *src)
{
	return cache_hash(src, strlen(src));
}

double patch_reading_time(const md_doc *md)
{
	return md->words ? (double)((md->words + 199) / 200) : 0;
}

void patch_field(const md_doc *md, int field, int esc, buf *b)
{
	buf t = BUF_INIT;
	const char *s;
	size_t n;
	switch (field) {
	case PATCH_F_CONTENT:
		s = md->html ? md->html : "";
		n = strlen(s);
		break;
	case PATCH_F_READING_TIME: {
		value *v = val_num(patch_reading_time(md));
		val_to_text(v, &t);
		val_unref(v);
		s = t.ptr ? t.ptr : "";
		n = t.len;
		break;
	}
	case PATCH_F_SEARCH_TEXT:
		search_plain_text(md->html ? md->html : "", SEARCH_TEXT_MAX, &t);
		s = t.ptr ? t.ptr : "";
		n = t.len;
		break;
	default:
		s = "";
		n = 0;
	}
	if (esc == PATCH_E_HTML)
		buf_put_escaped(b, s, n);
	else if (esc == PATCH_E_JSON)
		buf_put_json(b, s, n);
	else
		buf_put(b, s, n);
	buf_free(&t);
}

void patch_spans_add(patch_spans *s, uint64_t page, size_t off, size_t len, int field,
		     int esc, int dep)
{
	cache_span *sp;
	xgrow(&s->v, &s->cap, s->n + 1, sizeof *s->v);
	sp = &s->v[s->n++];
	memset(sp, 0, sizeof *sp);
	sp->page = page;
	sp->off = (uint32_t)off;
	sp->len = (uint32_t)len;
	sp->field = (uint8_t)field;
	sp->esc = (uint8_t)esc;
	sp->dep = (uint8_t)dep;
}

void patch_spans_free(patch_spans *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* ---- the patch ---- */

typedef struct edited {
	uint64_t id;
	page *now;      /* the page as read now */
	md_doc before;  /* its body at the last build */
} edited;

static const edited *find(const edited *ed, size_t n, uint64_t id)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (ed[i].id == id)
			return &ed[i];
	return NULL;
}

static int truthy(const md_doc *md, int field)
{
	if (field == PATCH_F_READING_TIME)
		return patch_reading_time(md) != 0;
	if (field == PATCH_F_CONTENT)
		return md->html && md->html[0];
	return 1; /* search text is never a section's value */
}

/* The bytes of one output file with the edited pages' spans rewritten,
 * into *data, and the spans where they are now into *ns.  Returns 0, or
 * -1 when this file cannot be patched (the build goes the usual way). */
static int patch_file(const char *out, const char *rel, uint64_t hash, const cache_span *sp,
		      size_t nsp, const edited *ed, size_t ned, buf *data, patch_spans *ns)
{
	char *path = path_join(out, rel), *old;
	size_t len, at = 0, i;
	buf was = BUF_INIT, now = BUF_INIT;
	int rc = 0;
	old = file_read(path, &len);
	free(path);
	if (!old || cache_hash(old, len) != hash) {
		free(old);
		return -1;
	}
	for (i = 0; i < nsp && rc == 0; i++) {
		const edited *e = find(ed, ned, sp[i].page);
		size_t start;
		if (sp[i].off < at || sp[i].off > len || sp[i].len > len - sp[i].off) {
			rc = -1; /* overlapping or out of the file: not ours */
			break;
		}
		buf_put(data, old + at, sp[i].off - at);
		start = data->len;
		at = sp[i].off + sp[i].len;
		if (!e) {
			buf_put(data, old + sp[i].off, sp[i].len);
		} else if (sp[i].dep == PATCH_D_TRUTH) {
			if (truthy(&e->before, sp[i].field) != truthy(&e->now->md, sp[i].field))
				rc = -1;
		} else {
			buf_reset(&was);
			buf_reset(&now);
			patch_field(&e->before, sp[i].field, sp[i].esc, &was);
			patch_field(&e->now->md, sp[i].field, sp[i].esc, &now);
			if (sp[i].dep == PATCH_D_WHOLE) {
				if (was.len != now.len || (was.len && memcmp(was.ptr, now.ptr, was.len)))
					rc = -1;
			} else if (was.len != sp[i].len ||
				   (was.len && memcmp(was.ptr, old + sp[i].off, was.len))) {
				rc = -1; /* the file does not say what the record says */
			} else {
				buf_put(data, now.ptr, now.len);
			}
		}
		if (rc == 0)
			patch_spans_add(ns, sp[i].page, start, data->len - start, sp[i].field,
					sp[i].esc, sp[i].dep);
	}
	if (rc == 0)
		buf_put(data, old + at, len - at);
	buf_free(&was);
	buf_free(&now);
	free(old);
	return rc;
}

/* Can a change of input path be patched at all? */
static int candidate(const cache *c, const char *path)
{
	size_t n = strlen(path);
	const char *slash;
	char *book;
	int ok;
	if (strncmp(path, "content/", 8) || n < 4 || strcmp(path + n - 3, ".md"))
		return 0;
	/* chapters of PDF books are typeset again: the usual way */
	slash = strrchr(path, '/');
	book = xasprintf("%.*s/book.yaml", (int)(slash - path), path);
	ok = !cache_input_hash(c, book) && !cache_old_input_hash(c, book);
	free(book);
	return ok;
}

int patch_try(cache *c, const char *out, const site_cfg *cfg, const theme *th,
	      patch_stats *st, err_list *errs)
{
	const char **paths = NULL;
	long n = cache_changed_inputs(c, &paths), i;
	edited ed[PATCH_MAX_PAGES];
	size_t ned = 0, k, nout, nfiles = 0, cap = 0;
	cache_patched *files = NULL;
	buf *datas = NULL;
	patch_spans *spans = NULL;
	site s;
	int rc = 0;

	double t0 = now_seconds();
#define STEP(what) do { if (getenv("CSOGEN_TIMING")) { double t1 = now_seconds(); \
	fprintf(stderr, "timing:   patch %-10s %6.3f s\n", what, t1 - t0); t0 = t1; } } while (0)
	memset(st, 0, sizeof *st);
	memset(&s, 0, sizeof s);
	if (n <= 0 || n > PATCH_MAX_PAGES || !cache_md_appendable(c))
		goto done;
	for (i = 0; i < n; i++)
		if (!candidate(c, paths[i]))
			goto done;
	if (!cache_outputs_intact(c, out))
		goto done; /* the usual build repairs them */
	STEP("intact");
	s.cfg = (site_cfg *)cfg;
	s.cache = c;
	for (i = 0; i < n; i++) {
		edited *e = &ed[ned];
		if (!content_reread(&s, (const value *const *)th->i18n, paths[i],
				    cache_old_input_hash(c, paths[i]), &e->now, &e->before))
			goto done;
		e->id = patch_page_id(paths[i]);
		ned++;
	}

	STEP("reread");
	/* every output showing an edited page, patched in memory */
	nout = cache_old_outputs(c);
	for (k = 0; k < nout; k++) {
		uint64_t h;
		const cache_span *sp;
		size_t nsp, j;
		const char *rel = cache_old_output(c, k, &h, &sp, &nsp);
		for (j = 0; j < nsp && !find(ed, ned, sp[j].page); j++)
			;
		if (j == nsp)
			continue;
		if (nfiles == cap) {
			cap = cap ? 2 * cap : 8;
			files = xrealloc(files, cap * sizeof *files);
			datas = xrealloc(datas, cap * sizeof *datas);
			spans = xrealloc(spans, cap * sizeof *spans);
		}
		memset(&datas[nfiles], 0, sizeof *datas);
		memset(&spans[nfiles], 0, sizeof *spans);
		files[nfiles].rel = rel;
		if (patch_file(out, rel, h, sp, nsp, ed, ned, &datas[nfiles], &spans[nfiles]) < 0) {
			nfiles++;
			goto done;
		}
		nfiles++;
	}
	for (k = 0; k < nfiles; k++) {
		files[k].data = datas[k].ptr ? datas[k].ptr : "";
		files[k].len = datas[k].len;
		files[k].spans = spans[k].v;
		files[k].nspans = spans[k].n;
	}
	STEP("files");
	rc = cache_patch_commit(c, out, files, nfiles, errs) < 0 ? -1 : 1;
	STEP("commit");
	if (rc == 1) {
		st->pages = (long)ned;
		st->files = (long)nfiles;
		st->kept = (long)(nout - nfiles);
	}
done:
	for (k = 0; k < nfiles; k++) {
		buf_free(&datas[k]);
		patch_spans_free(&spans[k]);
	}
	free(files);
	free(datas);
	free(spans);
	for (k = 0; k < ned; k++) {
		page_free(ed[k].now);
		md_doc_free(&ed[k].before);
	}
	free(paths);
	return rc;
}

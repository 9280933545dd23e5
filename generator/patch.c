/* patch.c - see patch.h */
#include "patch.h"
#include "config.h"
#include "search.h"
#include "site.h"
#include "theme.h"
#include "util.h"
#include "value.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

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

/* One output file being patched: the old file mapped, and the new one
 * as pieces of it and of new text. */
typedef struct piece {
	int fresh;        /* from texts, else from the old file */
	size_t off, len;
} piece;

typedef struct pfile {
	const char *rel;
	char *map;        /* the old file (munmap) */
	size_t maplen;
	buf texts;        /* the new spans' bytes */
	piece *pc;
	size_t npc, cappc;
	struct iovec *iov;
	patch_spans spans;
} pfile;

static void put_piece(pfile *f, int fresh, size_t off, size_t len)
{
	if (!len)
		return;
	if (f->npc && f->pc[f->npc - 1].fresh == fresh &&
	    f->pc[f->npc - 1].off + f->pc[f->npc - 1].len == off) {
		f->pc[f->npc - 1].len += len; /* adjoining: one piece */
		return;
	}
	xgrow(&f->pc, &f->cappc, f->npc + 1, sizeof *f->pc);
	f->pc[f->npc].fresh = fresh;
	f->pc[f->npc].off = off;
	f->pc[f->npc++].len = len;
}

static void pfile_free(pfile *f)
{
	if (f->map && f->map != MAP_FAILED && f->maplen)
		munmap(f->map, f->maplen);
	buf_free(&f->texts);
	free(f->pc);
	free(f->iov);
	patch_spans_free(&f->spans);
}

/* The new bytes of one output file, with the edited pages' spans
 * rewritten, as pieces (f->iov) and the spans where they are now.
 * Returns 0, or -1 when this file cannot be patched (the build goes
 * the usual way).  The file's stat was checked (cache_outputs_intact):
 * it is what the last build wrote. */
static int patch_file(const char *out, pfile *f, const cache_span *sp, size_t nsp,
		      const edited *ed, size_t ned)
{
	char *path = path_join(out, f->rel);
	size_t at = 0, i, pos = 0;
	buf was = BUF_INIT, now = BUF_INIT;
	int rc = 0, fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	const char *old;
	free(path);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || st.st_size < 0) {
		close(fd);
		return -1;
	}
	f->maplen = (size_t)st.st_size;
	f->map = f->maplen ? mmap(NULL, f->maplen, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
	close(fd);
	if (f->map == MAP_FAILED)
		return -1;
	old = f->map;
	for (i = 0; i < nsp && rc == 0; i++) {
		const edited *e = find(ed, ned, sp[i].page);
		size_t start;
		if (sp[i].off < at || sp[i].off > f->maplen || sp[i].len > f->maplen - sp[i].off) {
			rc = -1; /* overlapping or out of the file: not ours */
			break;
		}
		put_piece(f, 0, at, sp[i].off - at);
		pos += sp[i].off - at;
		start = pos;
		at = sp[i].off + sp[i].len;
		if (!e) {
			put_piece(f, 0, sp[i].off, sp[i].len);
			pos += sp[i].len;
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
				put_piece(f, 1, f->texts.len, now.len);
				buf_put(&f->texts, now.ptr, now.len);
				pos += now.len;
			}
		}
		if (rc == 0)
			patch_spans_add(&f->spans, sp[i].page, start, pos - start, sp[i].field,
					sp[i].esc, sp[i].dep);
	}
	buf_free(&was);
	buf_free(&now);
	if (rc < 0)
		return -1;
	put_piece(f, 0, at, f->maplen - at);
	/* the texts stopped moving: the pieces as addresses */
	f->iov = xcalloc(f->npc + 1, sizeof *f->iov);
	for (i = 0; i < f->npc; i++) {
		f->iov[i].iov_base = (f->pc[i].fresh ? f->texts.ptr : f->map) + f->pc[i].off;
		f->iov[i].iov_len = f->pc[i].len;
	}
	return 0;
}

/* Can a change of input path be patched at all? */
static int candidate(const cache *c, const char *path)
{
	size_t n = strlen(path);
	const char *slash;
	char *book;
	int ok;
	if (strncmp(path, "content/", 8) || !strncmp(path, "content/static/", 15) || n < 4 ||
	    strcmp(path + n - 3, ".md"))
		return 0; /* content/static/ is copied as it is, not read */
	/* chapters of PDF books are typeset again: the usual way */
	slash = strrchr(path, '/');
	book = xasprintf("%.*s/book.yaml", (int)(slash - path), path);
	ok = !cache_input_hash(c, book) && !cache_old_input_hash(c, book);
	free(book);
	return ok;
}

int patch_try(cache *c, const char *out, const site_cfg *cfg, const theme *th, int drafts,
	      patch_stats *st, err_list *errs)
{
	const char **paths = NULL;
	long n = cache_changed_inputs(c, &paths), i;
	edited ed[PATCH_MAX_PAGES];
	size_t ned = 0, k, nout, nfiles = 0, cap = 0;
	cache_patched *files = NULL;
	pfile *pf = NULL;
	site s;
	int rc = 0;

	double t0 = now_seconds();
	memset(st, 0, sizeof *st);
	memset(&s, 0, sizeof s);
	if (n <= 0 || n > PATCH_MAX_PAGES || !cache_md_appendable(c))
		goto done;
	for (i = 0; i < n; i++)
		if (!candidate(c, paths[i]))
			goto done;
	if (!cache_outputs_intact(c, out))
		goto done; /* the usual build repairs them */
	timing_step("  patch intact", &t0);
	s.cfg = (site_cfg *)cfg;
	s.cache = c;
	s.drafts = drafts;
	for (i = 0; i < n; i++) {
		edited *e = &ed[ned];
		if (!content_reread(&s, (const value *const *)th->i18n, paths[i],
				    cache_old_input_hash(c, paths[i]), &e->now, &e->before))
			goto done;
		e->id = patch_page_id(paths[i]);
		ned++;
	}

	timing_step("  patch reread", &t0);
	/* every output showing an edited page, patched as pieces */
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
			pf = xrealloc(pf, cap * sizeof *pf);
		}
		memset(&pf[nfiles], 0, sizeof *pf);
		pf[nfiles].rel = rel;
		if (patch_file(out, &pf[nfiles++], sp, nsp, ed, ned) < 0)
			goto done;
	}
	timing_step("  patch files", &t0);
	files = xcalloc(nfiles + 1, sizeof *files);
	for (k = 0; k < nfiles; k++) {
		files[k].rel = pf[k].rel;
		files[k].iov = pf[k].iov;
		files[k].niov = pf[k].npc;
		files[k].spans = pf[k].spans.v;
		files[k].nspans = pf[k].spans.n;
	}
	rc = cache_patch_commit(c, out, files, nfiles, errs) < 0 ? -1 : 1;
	timing_step("  patch commit", &t0);
	if (rc == 1) {
		st->pages = (long)ned;
		st->files = (long)nfiles;
		st->kept = (long)(nout - nfiles);
	}
done:
	for (k = 0; k < nfiles; k++)
		pfile_free(&pf[k]);
	free(pf);
	free(files);
	for (k = 0; k < ned; k++) {
		page_free(ed[k].now);
		md_doc_free(&ed[k].before);
	}
	free(paths);
	return rc;
}

/*
 * cache.h - the build cache: what the last build of an output directory
 * read and wrote, so that the next `csogen build` redoes only what an
 * edit affects, and does nothing at all when nothing changed.
 *
 * It lives in .csogen-cache/ in the site root (never published; one set
 * of files per output directory) and holds:
 *
 *   - every input file (site.yaml, content/, themes/, datasets/) with
 *     its size, modification time, inode and content hash: a build whose
 *     inputs all stat the same, by the same csogen with the same options,
 *     and whose outputs are all still as it left them, is up to date;
 *   - every output file with its content hash and the key it was made
 *     from: a hash of everything its generator reads (a page's source,
 *     the summaries of the pages its lists show, the templates...).
 *     A generator whose key is unchanged keeps the file (out_keep in
 *     output.h) instead of making it again;
 *   - the HTML cmark-gfm made of each page body, by a hash of the body
 *     and the Markdown options, so unchanged pages are not parsed again.
 *
 * Correctness does not hang on the keys alone: files that are made
 * anyway are written only when their bytes changed, and with
 * CSOGEN_CACHE_VERIFY=1 every kept file is made again and compared (the
 * tests build that way).  An incremental build's output is byte for
 * byte the clean build's; `csogen build --clean` ignores the cache.
 *
 * A corrupt or foreign cache file is ignored (a clean build follows),
 * never trusted.
 */
#ifndef CSO_CACHE_H
#define CSO_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "markdown.h"

typedef struct cache cache;

/* Where a page's body shows in an output file: the bytes off..off+len
 * are field of the page (its HTML, reading time, search text), written
 * with escape esc; or, with dep set, a place where the field's value
 * decided what was written (a section), which a patch cannot redo.
 * Recorded with each output, so that an edit of a page's body alone
 * can be patched into the last build's files (patch.h). */
typedef struct cache_span {
	uint64_t page;     /* cache_hash of the page's source path */
	uint32_t off, len;
	uint8_t field;     /* PATCH_F_* (patch.h) */
	uint8_t esc;       /* PATCH_E_* */
	uint8_t dep;       /* PATCH_D_* (0: the value itself is here) */
} cache_span;

/* 64-bit hash of data (XXH3). */
uint64_t cache_hash(const void *data, size_t len);

/* A key being put together: append the parts, then cache_key_end. */
typedef struct cache_key {
	buf b;
} cache_key;
#define CACHE_KEY_INIT {BUF_INIT}
void cache_key_str(cache_key *k, const char *s);   /* NULL is a part too */
void cache_key_u64(cache_key *k, uint64_t v);
/* The key's hash (never 0: 0 means "no key"); frees the parts. */
uint64_t cache_key_end(cache_key *k);

/* Open the cache of the output directory out for a build of the site
 * in the current directory; options names everything else that changes
 * the output (drafts, base URL...).  Reads the last build's records
 * when they were made by this csogen with these options.  Never fails:
 * a missing or unreadable cache is an empty one.  Free with
 * cache_free. */
cache *cache_open(const char *out, const char *options);
void cache_free(cache *c);

/* A cache that lives in memory only, from one build to the next (csogen
 * serve: output is in memory, see output.h's prev).  Free with
 * cache_free. */
cache *cache_open_memory(void);

/* After a good build of a memory cache: this build's inputs and
 * rendered Markdown become what the next build compares with. */
void cache_rotate(cache *c);

/* Walk the inputs (site.yaml, content/, themes/, datasets/), stat each
 * file and hash the ones whose stat changed (on jobs threads).  Returns
 * 1 when anything differs from the last build (or there was none), 0
 * when every input is the same. */
int cache_scan_inputs(cache *c, int jobs);

/* Read the last build's rendered Markdown and page records (once the
 * build knows it has work to do). */
void cache_load_records(cache *c);

/* After cache_scan_inputs returned 0: are all outputs of the last build
 * still in out/ as it left them (and nothing was half-committed)? */
int cache_outputs_intact(cache *c, const char *out);

/* CSOGEN_CACHE_VERIFY=1: every file is made again and compared. */
int cache_verifying(const cache *c);

/* Did the last build leave records (so this one can be incremental)? */
int cache_has_records(const cache *c);

/* Forget the last build's outputs (a clean build follows); with
 * forget_md also the rendered Markdown (`--clean`). */
void cache_forget(cache *c, int forget_md);

/* The content hash of input path as scanned (0 when it is not one). */
uint64_t cache_input_hash(const cache *c, const char *path);

/* A digest of the inputs whose path starts with one of the prefixes
 * (NULL-terminated list) and, when skip_md is set, that are not .md
 * files: what a generator that reads those trees depends on. */
uint64_t cache_inputs_digest(const cache *c, const char *const *prefixes, int skip_md);

/* The digest of every input that is not a page (.md): site.yaml, the
 * themes, the data sets, and content's other files (book.yaml, report
 * files, images).  What page keys, PDF books and workbooks share; made
 * once per scan.  Not thread-safe the first time: call it on the
 * building thread. */
uint64_t cache_nonpage_digest(cache *c);

/* Rendered Markdown: fill doc from the record for key (and keep the
 * record for the next build) and return 1, or return 0 when there is
 * none.  Thread-safe. */
int cache_md_get(cache *c, uint64_t key, md_doc *doc);
/* The same; without links, doc->links stays NULL (and is not decoded:
 * only `csogen check` reads them). */
int cache_md_fetch(cache *c, uint64_t key, md_doc *doc, int links);
/* Remember doc under key for the next build.  Thread-safe. */
void cache_md_put(cache *c, uint64_t key, const md_doc *doc);

/* A content file as read last time (key: its path, content hash and
 * the Markdown options): its front matter (*fm: a new tree, caller
 * unrefs), the line its body starts after, and the key of its rendered
 * body.  Returns 1, or 0 when there is no such record.  Saves reading
 * and parsing files that did not change.  Thread-safe. */
int cache_page_get(cache *c, uint64_t key, value **fm, int *body_line, uint64_t *md_key);
void cache_page_put(cache *c, uint64_t key, const value *fm, int body_line, uint64_t md_key);

/* ---- outputs (used by output.c) ---- */

/* Is rel in the output as the last build left it, with this key (a
 * key of 0 never matches)?  Records it as kept and returns 1; returns
 * 0 when the caller must make the file.  In verify mode always 0, and
 * the file made must then be the same (cache_out_made checks). */
int cache_out_keep(cache *c, const char *out, const char *rel, uint64_t key);

/* The caller made rel with these bytes (hash h) and key.  Returns 1
 * when the output already holds exactly these bytes (nothing to write),
 * 0 when it must be written.  In verify mode, a file the cache would
 * have kept but whose bytes differ is an error in errs. */
int cache_out_made(cache *c, const char *out, const char *rel, uint64_t h, uint64_t key,
		   err_list *errs);

/* Output rel was written (to the stage, moved into place unchanged)
 * with this stat: saving the records need not stat it again. */
struct stat;
void cache_out_written(cache *c, const char *rel, const struct stat *st);

/* The spans of output rel as made this build (after cache_out_made);
 * copies v.  Thread-safe. */
void cache_out_spans(cache *c, const char *rel, const cache_span *v, size_t n);

/* The last build's outputs, sorted by path: how many, and the i-th with
 * its content hash (path valid while c lives) and spans (valid until
 * the next call). */
size_t cache_old_outputs(const cache *c);
const char *cache_old_output(cache *c, size_t i, uint64_t *hash, const cache_span **spans,
			     size_t *nspans);

/* After cache_scan_inputs: the inputs whose content changed since the
 * last build, into *paths (a new array the caller frees; the strings
 * are c's), and how many.  -1 (and no array) when there was no last
 * build or an input was added or removed. */
long cache_changed_inputs(const cache *c, const char ***paths);

/* The content hash input path had at the last build (0: none). */
uint64_t cache_old_input_hash(const cache *c, const char *path);

/* After cache_load_records: can records made now be appended to the
 * last build's (a patch keeps all of them)? */
int cache_md_appendable(const cache *c);

/* A patch (patch.h): every output of the last build stays as it is
 * except the files v, which are written in place (each through a new
 * file and a rename, from the pieces given: a patch of a large file
 * writes it from the old one mapped, with no copy in memory) and recorded with their spans; then the records
 * are saved (this scan's inputs, the Markdown records made added to the
 * last build's).  The caller checked cache_outputs_intact first.
 * Returns 0, or -1 with errors (the cache is then left for a clean
 * build). */
struct iovec;
typedef struct cache_patched {
	const char *rel;
	const struct iovec *iov; /* the new bytes, in pieces */
	size_t niov;
	const cache_span *spans;
	size_t nspans;
} cache_patched;
int cache_patch_commit(cache *c, const char *out, const cache_patched *v, size_t n,
		       err_list *errs);

/* Move the files written to stage into out, remove the outputs this
 * build did not make (and any stray file in out), and save the records.
 * Returns 0, or -1 with errors. */
int cache_commit(cache *c, const char *out, const char *stage, err_list *errs);

/* After a clean build swapped in the whole directory out: record every
 * file in it and save. */
int cache_record_all(cache *c, const char *out, err_list *errs);

/* Numbers for the summary line. */
typedef struct cache_stats {
	size_t kept, written, removed, md_hits, md_misses;
} cache_stats;
void cache_get_stats(const cache *c, cache_stats *st);

#endif

/* cache.c - see cache.h */
#define _GNU_SOURCE
#include "cache.h"
#include "htab.h"
#include "pool.h"
#include "util.h"
#include "value.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <xxhash.h>

#define CACHE_DIR ".csogen-cache"
#define MAGIC "csogen-cache 4\n"
#define MD_MAGIC "csogen-md 2\n"
#define MDX_MAGIC "csogen-mdx 1\n"
/* A file modified this close (ns) before the records were saved may have
 * changed again within the same clock tick: its stat is not trusted and
 * its content is hashed again (git's "racy" entries). */
#define RACY_NS 2000000000ULL

typedef struct rec {
	char *path;
	uint64_t size, mtime, ino, hash, key;
	int staged;   /* outputs: written to the stage this build */
	int statted;  /* outputs: size, mtime and inode are as written */
	unsigned char *spans; /* outputs: where page bodies show, as on
			       * disk (SPAN_BYTES each) */
	uint32_t nspans;
} rec;

/* Records in an array sorted by path (found by binary search).  The
 * last build's point into the manifest as read (borrowed: no copies of
 * 30,000 paths for a build that may have nothing to do). */
typedef struct recs {
	rec *v;
	size_t n, cap;
	int borrowed;   /* paths and spans are in c->mf_data */
} recs;

/* The md file's records by key: an open-addressing table (keys are
 * hashes already), with a flag per record set when this build uses it. */
typedef struct mdrec {
	uint64_t key;
	const char *p;  /* the record's length, then its bytes */
} mdrec;

struct cache {
	char *manifest, *mdfile, *mdxfile;
	char *out;                      /* the output directory, as given */
	uint64_t ident;
	int verify;
	/* the last build */
	uint64_t saved_at;  /* ns since the epoch */
	int had_records;
	char *mf_data;                  /* the manifest as read */
	recs old_in, old_out, old_dirs; /* sorted by path */
	char *md_data;                  /* the md file as read */
	int md_mapped;                  /* md_data is the file mapped (munmap) */
	size_t md_len;
	mdrec *md_v;                    /* the md file's records, in file order */
	unsigned char *md_used;         /* per record: used this build */
	uint32_t *md_tab;               /* key -> index + 1 into md_v (0: free) */
	size_t md_mask;                 /* md_tab's size - 1 */
	size_t md_records;              /* records in the md file as read */
	size_t md_used_n;               /* records used this build */
	int md_append;                  /* the md file may be appended to */
	/* this build */
	recs in;                        /* sorted by path after the scan */
	uint64_t nonpage;               /* cache_nonpage_digest, 0: not made yet */
	pthread_mutex_t lock;           /* guards what follows */
	htab *out_ix;                   /* rel -> rec* (this build's outputs) */
	htab *expect;                   /* verify mode: rel -> old rec* */
	buf md_new;                     /* records made this build (memory cache) */
	FILE *md_side;                  /* records made this build (on disk): */
	char *md_side_path;             /* streamed here, not held in memory */
	size_t md_new_n;
	uint64_t *md_new_kl;            /* key and length of each record made */
	size_t md_new_cap;
	htab *md_seen;                  /* hex keys of records made this build */
	size_t kept, written, removed, md_hits, md_misses;
	int jobs;                       /* threads (cache_scan_inputs) */
	int patching;                   /* cache_patch_commit: see there */
	htab *patch_dirs;               /* patching: output dirs written to */
	cache_span *scratch;            /* cache_old_output's spans */
	size_t scratch_cap;
};

uint64_t cache_hash(const void *data, size_t len)
{
	return XXH3_64bits(data, len);
}

void cache_key_str(cache_key *k, const char *s)
{
	if (!s) {
		buf_putc(&k->b, '\x01');
		return;
	}
	buf_puts(&k->b, s);
	buf_putc(&k->b, '\0');
}

void cache_key_u64(cache_key *k, uint64_t v)
{
	buf_put(&k->b, (const char *)&v, sizeof v);
}

uint64_t cache_key_end(cache_key *k)
{
	uint64_t h = XXH3_64bits(k->b.ptr ? k->b.ptr : "", k->b.len);
	buf_free(&k->b);
	return h ? h : 1;
}

static void hex(char out[17], uint64_t v)
{
	snprintf(out, 17, "%016llx", (unsigned long long)v);
}

/* ---- reading and writing records ---- */

static void put_u32(buf *b, uint32_t v)
{
	buf_put(b, (const char *)&v, sizeof v);
}

static void put_u64(buf *b, uint64_t v)
{
	buf_put(b, (const char *)&v, sizeof v);
}

static void put_str(buf *b, const char *s, size_t n)
{
	put_u32(b, (uint32_t)n);
	buf_put(b, s, n);
}

/* a span on disk: page, offset, length, field, escape, dependency */
#define SPAN_BYTES (8 + 4 + 4 + 3)

typedef struct rd {
	const char *p, *end;
	int bad;
} rd;

static int get(rd *r, void *out, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		memset(out, 0, n);
		return -1;
	}
	memcpy(out, r->p, n);
	r->p += n;
	return 0;
}

static uint32_t get_u32(rd *r)
{
	uint32_t v;
	get(r, &v, sizeof v);
	return v;
}

static uint64_t get_u64(rd *r)
{
	uint64_t v;
	get(r, &v, sizeof v);
	return v;
}

/* A string of the record (new copy), or NULL when the record is short. */
static char *get_str(rd *r, size_t *len)
{
	uint32_t n = get_u32(r);
	char *s;
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		return NULL;
	}
	s = xstrndup(r->p, n);
	r->p += n;
	if (len)
		*len = n;
	return s;
}

static void put_val(buf *b, const value *v)
{
	size_t i;
	unsigned char k = v ? (unsigned char)v->kind : VAL_NULL;
	buf_putc(b, (char)k);
	put_u32(b, v ? (uint32_t)v->line : 0);
	put_u32(b, v ? (uint32_t)v->col : 0);
	if (!v)
		return;
	switch (v->kind) {
	case VAL_NULL:
		break;
	case VAL_BOOL:
		buf_putc(b, v->u.b ? 1 : 0);
		break;
	case VAL_NUM:
		buf_put(b, (const char *)&v->u.n, sizeof v->u.n);
		break;
	case VAL_STR:
		put_str(b, v->u.str.s, v->u.str.len);
		break;
	case VAL_LIST:
		put_u32(b, (uint32_t)v->u.list.len);
		for (i = 0; i < v->u.list.len; i++)
			put_val(b, v->u.list.items[i]);
		break;
	case VAL_MAP:
		put_u32(b, (uint32_t)v->u.map.len);
		for (i = 0; i < v->u.map.len; i++) {
			put_str(b, v->u.map.keys[i], strlen(v->u.map.keys[i]));
			put_val(b, v->u.map.vals[i]);
		}
		break;
	}
}

static value *get_val(rd *r, int depth)
{
	unsigned char k = 0;
	value *v = NULL;
	uint32_t n, i, line, col;
	get(r, &k, 1);
	line = get_u32(r);
	col = get_u32(r);
	if (r->bad || depth > 64)
		goto bad;
	switch (k) {
	case VAL_NULL:
		v = val_null();
		break;
	case VAL_BOOL: {
		unsigned char b = 0;
		get(r, &b, 1);
		v = val_bool(b);
		break;
	}
	case VAL_NUM: {
		double d = 0;
		get(r, &d, sizeof d);
		v = val_num(d);
		break;
	}
	case VAL_STR: {
		size_t len = 0;
		char *s = get_str(r, &len);
		if (!s)
			goto bad;
		v = val_str_own(s, len);
		break;
	}
	case VAL_LIST:
		n = get_u32(r);
		v = val_list();
		for (i = 0; i < n && !r->bad; i++) {
			value *it = get_val(r, depth + 1);
			if (!it)
				goto bad;
			val_push(v, it);
		}
		break;
	case VAL_MAP:
		n = get_u32(r);
		v = val_map();
		for (i = 0; i < n && !r->bad; i++) {
			char *key = get_str(r, NULL);
			value *it = key ? get_val(r, depth + 1) : NULL;
			if (!it) {
				free(key);
				goto bad;
			}
			val_set(v, key, it);
			free(key);
		}
		break;
	default:
		goto bad;
	}
	if (r->bad)
		goto bad;
	v->line = (int)line;
	v->col = (int)col;
	return v;
bad:
	r->bad = 1;
	val_unref(v);
	return NULL;
}

static void recs_add(recs *rs, const rec *r)
{
	xgrow(&rs->v, &rs->cap, rs->n + 1, sizeof *rs->v);
	rs->v[rs->n++] = *r;
}

static void recs_free(recs *rs)
{
	size_t i;
	for (i = 0; i < rs->n && !rs->borrowed; i++) {
		free(rs->v[i].path);
		free(rs->v[i].spans);
	}
	free(rs->v);
	memset(rs, 0, sizeof *rs);
}

/* Records as written by write_recs, borrowing paths and spans from the
 * data r reads (which must outlive them). */
static int read_recs(rd *r, recs *rs)
{
	uint32_t n = get_u32(r), i;
	rs->borrowed = 1;
	for (i = 0; i < n && !r->bad; i++) {
		rec e;
		uint32_t len = get_u32(r);
		memset(&e, 0, sizeof e);
		/* the path with its NUL */
		if (r->bad || len == 0 || (size_t)(r->end - r->p) < len || r->p[len - 1])
			return -1;
		e.path = (char *)r->p;
		r->p += len;
		e.size = get_u64(r);
		e.mtime = get_u64(r);
		e.ino = get_u64(r);
		e.hash = get_u64(r);
		e.key = get_u64(r);
		e.nspans = get_u32(r);
		if (r->bad || e.nspans > (size_t)(r->end - r->p) / SPAN_BYTES)
			return -1;
		e.spans = e.nspans ? (unsigned char *)r->p : NULL;
		r->p += (size_t)e.nspans * SPAN_BYTES;
		if (rs->n && strcmp(rs->v[rs->n - 1].path, e.path) >= 0)
			return -1; /* not sorted: not ours */
		recs_add(rs, &e);
	}
	return r->bad ? -1 : 0;
}

static int cmp_rec_path(const void *a, const void *b)
{
	return strcmp(((const rec *)a)->path, ((const rec *)b)->path);
}

static int cmp_path(const void *key, const void *e)
{
	return strcmp(key, ((const rec *)e)->path);
}

/* The record of path in rs (sorted), or NULL. */
static rec *find_rec(const recs *rs, const char *path)
{
	return rs->n ? bsearch(path, rs->v, rs->n, sizeof *rs->v, cmp_path) : NULL;
}

/* Spans, packed as on disk. */
static void pack_span(unsigned char *o, const cache_span *sp)
{
	memcpy(o, &sp->page, 8);
	memcpy(o + 8, &sp->off, 4);
	memcpy(o + 12, &sp->len, 4);
	o[16] = sp->field;
	o[17] = sp->esc;
	o[18] = sp->dep;
}

static void unpack_span(cache_span *sp, const unsigned char *o)
{
	memcpy(&sp->page, o, 8);
	memcpy(&sp->off, o + 8, 4);
	memcpy(&sp->len, o + 12, 4);
	sp->field = o[16];
	sp->esc = o[17];
	sp->dep = o[18];
}

static void write_recs(buf *b, rec *const *v, size_t n)
{
	size_t i;
	put_u32(b, (uint32_t)n);
	for (i = 0; i < n; i++) {
		put_str(b, v[i]->path, strlen(v[i]->path) + 1);
		put_u64(b, v[i]->size);
		put_u64(b, v[i]->mtime);
		put_u64(b, v[i]->ino);
		put_u64(b, v[i]->hash);
		put_u64(b, v[i]->key);
		put_u32(b, v[i]->nspans);
		if (v[i]->nspans)
			buf_put(b, (const char *)v[i]->spans, (size_t)v[i]->nspans * SPAN_BYTES);
	}
}

/* csogen itself, the options and the output directory: a cache made
 * under any other is not this build's. */
static uint64_t identity(const char *out, const char *options)
{
	cache_key k = CACHE_KEY_INIT;
	struct stat st;
	char cwd[4096];
	if (stat("/proc/self/exe", &st) == 0) {
		cache_key_u64(&k, (uint64_t)st.st_size);
		cache_key_u64(&k, (uint64_t)st.st_mtim.tv_sec * 1000000000ULL +
					  (uint64_t)st.st_mtim.tv_nsec);
		cache_key_u64(&k, (uint64_t)st.st_ino);
	}
	cache_key_str(&k, MAGIC);
	cache_key_str(&k, out);
	cache_key_str(&k, getcwd(cwd, sizeof cwd) ? cwd : "");
	cache_key_str(&k, options);
	return cache_key_end(&k);
}

static void drop_old(cache *c)
{
	recs_free(&c->old_in);
	recs_free(&c->old_out);
	recs_free(&c->old_dirs);
	free(c->mf_data);
	c->mf_data = NULL;
	c->had_records = 0;
}

/* The md file: a header, then records (key, length, bytes) until the
 * end.  New records are appended; the file is written afresh when most
 * of it is records no page uses any more. */
static void drop_md_data(cache *c)
{
	if (c->md_mapped)
		munmap(c->md_data, c->md_len);
	else
		free(c->md_data);
	c->md_data = NULL;
	c->md_mapped = 0;
}

static void md_index_free(cache *c)
{
	free(c->md_v);
	free(c->md_used);
	free(c->md_tab);
	c->md_v = NULL;
	c->md_used = NULL;
	c->md_tab = NULL;
	c->md_mask = 0;
	c->md_records = c->md_used_n = 0;
}

/* The index of the record with key in md_v, or -1. */
static long md_find(const cache *c, uint64_t key)
{
	size_t h;
	if (!c->md_tab)
		return -1;
	for (h = (size_t)key & c->md_mask; c->md_tab[h]; h = (h + 1) & c->md_mask)
		if (c->md_v[c->md_tab[h] - 1].key == key)
			return (long)c->md_tab[h] - 1;
	return -1;
}

/* Add record i (its key, and its length's place in md_data) to md_v. */
static void md_add(cache *c, size_t *cap, uint64_t key, const char *p)
{
	xgrow(&c->md_v, cap, c->md_records + 1, sizeof *c->md_v);
	c->md_v[c->md_records].key = key;
	c->md_v[c->md_records++].p = p;
}

/* The records the index file (.mdx) lists, when it describes this md
 * file or the start of it; returns how far into md_data they reach, or
 * 0 when there is no usable index.  Saves reading through the whole md
 * file (tens of MB) to find a few records. */
static size_t read_mdx(cache *c, size_t *cap, size_t start)
{
	size_t len, n, i, reach = 0;
	char *d;
	rd r;
	if (!c->mdxfile || !c->md_mapped || !(d = file_read(c->mdxfile, &len)))
		return 0;
	r.p = d;
	r.end = d + len;
	r.bad = 0;
	if (len < strlen(MDX_MAGIC) || memcmp(d, MDX_MAGIC, strlen(MDX_MAGIC)))
		goto bad;
	r.p += strlen(MDX_MAGIC);
	if (get_u64(&r) != c->ident)
		goto bad;
	reach = (size_t)get_u64(&r);
	n = (size_t)get_u64(&r);
	if (r.bad || reach < start || reach > c->md_len || n > (size_t)(r.end - r.p) / 16)
		goto bad;
	for (i = 0; i < n; i++) {
		uint64_t key = get_u64(&r), off = get_u64(&r);
		if (off < start || off > reach - sizeof(uint32_t))
			goto bad;
		md_add(c, cap, key, c->md_data + off);
	}
	free(d);
	return reach;
bad:
	c->md_records = 0;
	free(d);
	return 0;
}

/* Index the records of c->md_data. */
static void index_md(cache *c)
{
	rd r;
	size_t cap = 0, i, size, start = strlen(MD_MAGIC) + sizeof(uint64_t), reach;
	md_index_free(c);
	c->md_append = 0;
	if (c->md_len < start || memcmp(c->md_data, MD_MAGIC, strlen(MD_MAGIC)))
		return;
	r.p = c->md_data + strlen(MD_MAGIC);
	r.end = c->md_data + c->md_len;
	r.bad = 0;
	if (get_u64(&r) != c->ident)
		return;
	c->md_append = 1;
	/* what the index lists, then any records past it */
	if ((reach = read_mdx(c, &cap, start)) > 0)
		r.p = c->md_data + reach;
	while (r.p < r.end) {
		uint64_t key = get_u64(&r);
		uint32_t len = get_u32(&r);
		if (r.bad || (size_t)(r.end - r.p) < len || c->md_records >= UINT32_MAX / 4) {
			c->md_append = 0; /* a torn append: rewrite the file this time */
			break;
		}
		md_add(c, &cap, key, r.p - sizeof len);
		r.p += len;
	}
	for (size = 16; size < 2 * c->md_records; size *= 2)
		;
	c->md_tab = xcalloc(size, sizeof *c->md_tab);
	c->md_mask = size - 1;
	c->md_used = xcalloc(c->md_records + 1, 1);
	for (i = 0; i < c->md_records; i++) {
		size_t h = (size_t)c->md_v[i].key & c->md_mask;
		if (md_find(c, c->md_v[i].key) >= 0)
			continue; /* the first of a key is the one used */
		while (c->md_tab[h])
			h = (h + 1) & c->md_mask;
		c->md_tab[h] = (uint32_t)i + 1;
	}
}

/* Write the index of the md file as md_save left it: the last build's
 * records (all, or with only_used those in use) at their place in
 * md_data when old_at is 0, else one after the other from old_at, then
 * the records made this build, from new_at; md_len is the file's size. */
static void mdx_save(cache *c, int with_old, int only_used, uint64_t old_at, uint64_t new_at,
		     uint64_t md_len)
{
	buf b = BUF_INIT;
	size_t i, n = 0, at;
	char *tmp;
	buf_puts(&b, MDX_MAGIC);
	put_u64(&b, c->ident);
	put_u64(&b, md_len);
	at = b.len;
	put_u64(&b, 0);
	for (i = 0; with_old && i < c->md_records; i++) {
		uint32_t len;
		if (only_used && !c->md_used[i])
			continue;
		put_u64(&b, c->md_v[i].key);
		if (old_at) {
			memcpy(&len, c->md_v[i].p, sizeof len);
			put_u64(&b, old_at + sizeof(uint64_t));
			old_at += sizeof(uint64_t) + sizeof len + len;
		} else {
			/* in place: the record itself is not read (it is mapped:
			 * reading would bring the whole file in) */
			put_u64(&b, (uint64_t)(c->md_v[i].p - c->md_data));
		}
		n++;
	}
	for (i = 0; i < c->md_new_n; i++) {
		put_u64(&b, c->md_new_kl[2 * i]);
		put_u64(&b, new_at + sizeof(uint64_t));
		new_at += sizeof(uint64_t) + sizeof(uint32_t) + c->md_new_kl[2 * i + 1];
		n++;
	}
	memcpy(b.ptr + at, &n, sizeof(uint64_t));
	tmp = xasprintf("%s.tmp-%ld", c->mdxfile, (long)getpid());
	if (new_at != md_len || file_write(tmp, b.ptr, b.len) < 0 || rename(tmp, c->mdxfile) < 0) {
		/* no index is better than a wrong one: the md file is read */
		unlink(tmp);
		unlink(c->mdxfile);
	}
	free(tmp);
	buf_free(&b);
}

static void load_md(cache *c)
{
	/* mapped, not read: the records are taken from the page cache as
	 * they are decoded, with no copy of the whole file */
	int fd = open(c->mdfile, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && st.st_size > 0) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m != MAP_FAILED) {
			c->md_data = m;
			c->md_len = (size_t)st.st_size;
			c->md_mapped = 1;
			index_md(c);
		}
	}
	close(fd);
}

static int md_live(cache *c, FILE *f);

/* An empty cache, with no records of a last build. */
static cache *cache_new(void)
{
	cache *c = xcalloc(1, sizeof *c);
	c->verify = getenv("CSOGEN_CACHE_VERIFY") && strcmp(getenv("CSOGEN_CACHE_VERIFY"), "0");
	pthread_mutex_init(&c->lock, NULL);
	c->out_ix = htab_new();
	c->expect = htab_new();
	c->md_seen = htab_new();
	drop_old(c);
	return c;
}

cache *cache_open(const char *out, const char *options)
{
	cache *c = cache_new();
	char *name, *data, *p;
	size_t len;
	rd r;
	/* one set of files per output directory */
	name = xstrdup(out);
	for (p = name; *p; p++)
		if (*p == '/' || *p == '.')
			*p = '_';
	c->manifest = xasprintf("%s/%s.manifest", CACHE_DIR, name);
	c->mdfile = xasprintf("%s/%s.md", CACHE_DIR, name);
	c->mdxfile = xasprintf("%s/%s.mdx", CACHE_DIR, name);
	free(name);
	c->ident = identity(out, options);
	c->out = xstrdup(out);
	data = file_read(c->manifest, &len);
	if (data && len > strlen(MAGIC) && !memcmp(data, MAGIC, strlen(MAGIC))) {
		char *o;
		r.p = data + strlen(MAGIC);
		r.end = data + len;
		r.bad = 0;
		o = get_str(&r, NULL);
		if (o && !strcmp(o, out) && get_u64(&r) == c->ident) {
			c->saved_at = get_u64(&r);
			if (read_recs(&r, &c->old_in) < 0 || read_recs(&r, &c->old_out) < 0 ||
			    read_recs(&r, &c->old_dirs) < 0 || r.p != r.end) {
				drop_old(c);
			} else {
				c->had_records = 1;
				c->mf_data = data; /* the records' paths */
				data = NULL;
			}
		}
		free(o);
	}
	free(data);
	return c;
}

void cache_load_records(cache *c)
{
	/* not in cache_open: a build with nothing to do never needs them */
	if (c->had_records && c->mdfile && !c->md_data)
		load_md(c);
}

cache *cache_open_memory(void)
{
	return cache_new();
}

void cache_rotate(cache *c)
{
	char *data = NULL;
	size_t len = 0;
	FILE *m;
	size_t i = 0;
	void *v;
	/* this build's inputs are the next one's old ones */
	recs_free(&c->old_in);
	c->old_in = c->in;
	memset(&c->in, 0, sizeof c->in);
	/* the Markdown records in use, and no others */
	if ((m = open_memstream(&data, &len)) != NULL) {
		md_live(c, m);
		fclose(m);
	}
	drop_md_data(c);
	c->md_len = data ? len : 0;
	c->md_data = data;
	index_md(c);
	htab_free(c->md_seen);
	c->md_seen = htab_new();
	buf_free(&c->md_new);
	c->md_new_n = 0;
	i = 0;
	while (htab_iter(c->out_ix, &i, NULL, &v)) {
		rec *e = v;
		free(e->path);
		free(e->spans);
		free(e);
	}
	htab_free(c->out_ix);
	c->out_ix = htab_new();
	c->kept = c->written = c->removed = c->md_hits = c->md_misses = 0;
}

void cache_free(cache *c)
{
	size_t i = 0;
	void *v;
	if (!c)
		return;
	drop_old(c);
	recs_free(&c->in);
	while (htab_iter(c->out_ix, &i, NULL, &v)) {
		rec *e = v;
		free(e->path);
		free(e->spans);
		free(e);
	}
	htab_free(c->out_ix);
	htab_free(c->expect);
	md_index_free(c);
	free(c->scratch);
	htab_free(c->md_seen);
	drop_md_data(c);
	buf_free(&c->md_new);
	if (c->md_side) {
		fclose(c->md_side);
		unlink(c->md_side_path);
	}
	free(c->md_side_path);
	free(c->manifest);
	free(c->mdfile);
	free(c->mdxfile);
	free(c->md_new_kl);
	free(c->out);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* ---- inputs ---- */

static uint64_t mtime_ns(const struct stat *st)
{
	return (uint64_t)st->st_mtim.tv_sec * 1000000000ULL + (uint64_t)st->st_mtim.tv_nsec;
}

static int racy(const cache *c, uint64_t mtime)
{
	return mtime + RACY_NS >= c->saved_at;
}

/* Fill e (path set) from the stat of its file; its content is hashed
 * later (stat_one) unless the stat is the last build's. */
static void scan_file(const cache *c, rec *e, const struct stat *st)
{
	const rec *old = find_rec(&c->old_in, e->path);
	e->size = (uint64_t)st->st_size;
	e->mtime = mtime_ns(st);
	e->ino = (uint64_t)st->st_ino;
	if (old && old->size == e->size && old->mtime == e->mtime && old->ino == e->ino &&
	    !racy(c, e->mtime))
		e->hash = old->hash;
	else
		e->staged = 1; /* to hash (stat_one) */
}

/* Stat input i (found by the walk, maybe not a regular file after
 * all), then hash its content when its stat changed. */
static void stat_one(void *ctx, size_t i)
{
	cache *c = ctx;
	rec *e = &c->in.v[i];
	struct stat st;
	size_t len;
	char *data;
	/* symbolic links count as what they point to; the content reader
	 * decides whether they may be followed */
	if (stat(e->path, &st) < 0 || !S_ISREG(st.st_mode)) {
		e->size = UINT64_MAX; /* dropped after the walk */
		return;
	}
	scan_file(c, e, &st);
	if (!e->staged)
		return;
	data = file_read(e->path, &len);
	e->hash = data ? cache_hash(data, len) : 0;
	e->staged = 0;
	free(data);
}

/* Every file under dir, in name order, into c->in (paths only: stat_one
 * fills in the rest on every thread).  Directories are visited once
 * each (by device and inode), since symbolic links may loop or branch
 * into loops; the content reader reports those, the scan only must not
 * follow them.  The type readdir gives spares a stat per file. */
static void scan_tree(cache *c, htab *seen, const char *dir, int depth)
{
	char **names;
	unsigned char *types;
	size_t n, i;
	struct stat ds;
	char id[64];
	if (depth > 32 || stat(dir, &ds) < 0)
		return;
	snprintf(id, sizeof id, "%llu:%llu", (unsigned long long)ds.st_dev,
		 (unsigned long long)ds.st_ino);
	if (htab_get(seen, id) || !(names = dir_list_types(dir, &n, &types)))
		return;
	htab_put(seen, id, (void *)1);
	for (i = 0; i < n; i++) {
		char *path = path_join(dir, names[i]);
		int is_dir = types[i] == DT_DIR, is_reg = types[i] == DT_REG;
		struct stat st;
		if (!is_dir && !is_reg && stat(path, &st) == 0) {
			is_dir = S_ISDIR(st.st_mode);
			is_reg = S_ISREG(st.st_mode);
		}
		if (is_dir) {
			scan_tree(c, seen, path, depth + 1);
			free(path);
		} else if (is_reg) {
			rec e;
			memset(&e, 0, sizeof e);
			e.path = path;
			recs_add(&c->in, &e);
		} else
			free(path);
	}
	dir_list_free(names);
	free(types);
}

int cache_scan_inputs(cache *c, int jobs)
{
	static const char *const trees[] = {"content", "themes", "datasets"};
	size_t i, o;
	int changed;
	recs_free(&c->in);
	c->nonpage = 0;
	c->jobs = jobs;
	if (is_file("site.yaml")) {
		rec e;
		memset(&e, 0, sizeof e);
		e.path = xstrdup("site.yaml");
		recs_add(&c->in, &e);
	}
	for (i = 0; i < sizeof trees / sizeof trees[0]; i++) {
		htab *seen = htab_new();
		scan_tree(c, seen, trees[i], 0);
		htab_free(seen);
	}
	/* stat calls and reading files are most of a scan: on every thread */
	pool_run(jobs, c->in.n, stat_one, c);
	for (i = o = 0; i < c->in.n; i++) {
		if (c->in.v[i].size == UINT64_MAX) {
			free(c->in.v[i].path);
			continue;
		}
		c->in.v[o++] = c->in.v[i];
	}
	c->in.n = o;
	/* by path, as the last build's are: found by binary search */
	xsort(c->in.v, c->in.n, sizeof *c->in.v, cmp_rec_path);
	changed = !c->had_records || c->in.n != c->old_in.n;
	for (i = 0; !changed && i < c->in.n; i++)
		changed = strcmp(c->in.v[i].path, c->old_in.v[i].path) ||
			  c->in.v[i].hash != c->old_in.v[i].hash;
	return changed;
}

long cache_changed_inputs(const cache *c, const char ***paths)
{
	size_t i, n = 0;
	*paths = NULL;
	if (!c->had_records || c->in.n != c->old_in.n)
		return -1;
	for (i = 0; i < c->in.n; i++)
		if (strcmp(c->in.v[i].path, c->old_in.v[i].path))
			return -1;
	*paths = xcalloc(c->in.n + 1, sizeof **paths);
	for (i = 0; i < c->in.n; i++)
		if (c->in.v[i].hash != c->old_in.v[i].hash)
			(*paths)[n++] = c->in.v[i].path;
	return (long)n;
}

uint64_t cache_old_input_hash(const cache *c, const char *path)
{
	const rec *e = find_rec(&c->old_in, path);
	return e ? e->hash : 0;
}

uint64_t cache_input_hash(const cache *c, const char *path)
{
	const rec *e = find_rec(&c->in, path);
	return e ? e->hash : 0;
}

uint64_t cache_inputs_digest(const cache *c, const char *const *prefixes, int skip_md)
{
	cache_key k = CACHE_KEY_INIT;
	size_t i, j;
	for (i = 0; i < c->in.n; i++) {
		const rec *e = &c->in.v[i];
		size_t n = strlen(e->path);
		int in = 0;
		for (j = 0; prefixes[j] && !in; j++)
			in = !strncmp(e->path, prefixes[j], strlen(prefixes[j]));
		if (!in || (skip_md && n > 3 && !strcmp(e->path + n - 3, ".md")))
			continue;
		cache_key_str(&k, e->path);
		cache_key_u64(&k, e->hash);
	}
	return cache_key_end(&k);
}

uint64_t cache_nonpage_digest(cache *c)
{
	/* the scan reads only these trees, so this is every input but pages */
	static const char *const all[] = {"site.yaml", "themes/", "datasets/", "content/", NULL};
	if (!c->nonpage)
		c->nonpage = cache_inputs_digest(c, all, 1);
	return c->nonpage;
}

/* ---- outputs ---- */

/* The stat of rel ("" for out itself) under the output directory
 * out, looked up from dfd (out, opened) when it is not -1: a relative
 * lookup walks fewer components than the whole path.  0 or -1. */
static int stat_under(int dfd, const char *out, const char *rel, struct stat *st)
{
	char *p;
	int rc;
	if (dfd >= 0)
		return fstatat(dfd, rel[0] ? rel : ".", st, 0);
	p = rel[0] ? path_join(out, rel) : xstrdup(out);
	rc = stat(p, st);
	free(p);
	return rc;
}

/* Is the output file of record e still as the last build left it?
 * Outputs are csogen's own, so their stat is trusted (no racy check:
 * every output is written just before the records are saved). */
static int intact_at(int dfd, const char *out, const rec *e)
{
	struct stat st;
	return stat_under(dfd, out, e->path, &st) == 0 && S_ISREG(st.st_mode) &&
	       (uint64_t)st.st_size == e->size && mtime_ns(&st) == e->mtime &&
	       (uint64_t)st.st_ino == e->ino;
}

/* Is the output directory of record e as the last build left it?  A
 * file added or removed by hand changes its directory's mtime. */
static int dir_intact(int dfd, const char *out, const rec *e)
{
	struct stat st;
	return stat_under(dfd, out, e->path, &st) == 0 && S_ISDIR(st.st_mode) &&
	       mtime_ns(&st) == e->mtime && (uint64_t)st.st_ino == e->ino;
}

typedef struct intact_job {
	const cache *c;
	const char *out;
	int dfd;  /* out, opened: shorter lookups than whole paths */
	int bad;  /* set by any thread that finds a change */
} intact_job;

static void intact_one(void *ctx, size_t i)
{
	intact_job *j = ctx;
	const cache *c = j->c;
	if (__atomic_load_n(&j->bad, __ATOMIC_RELAXED))
		return;
	if (i < c->old_out.n ? !intact_at(j->dfd, j->out, &c->old_out.v[i])
			     : !dir_intact(j->dfd, j->out, &c->old_dirs.v[i - c->old_out.n]))
		__atomic_store_n(&j->bad, 1, __ATOMIC_RELAXED);
}

int cache_outputs_intact(cache *c, const char *out)
{
	intact_job j = {c, out, -1, 0};
	if (!c->had_records)
		return 0;
	j.dfd = open(out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	/* one stat per output file and directory: on every thread */
	pool_run(c->jobs > 0 ? c->jobs : 1, c->old_out.n + c->old_dirs.n, intact_one, &j);
	if (j.dfd >= 0)
		close(j.dfd);
	return !j.bad;
}

int cache_verifying(const cache *c)
{
	return c && c->verify;
}

int cache_has_records(const cache *c)
{
	return c->had_records;
}

void cache_forget(cache *c, int forget_md)
{
	drop_old(c);
	if (forget_md) {
		md_index_free(c);
		c->md_append = 0;
	}
}

static void record_out(cache *c, const char *rel, const rec *from, uint64_t h, uint64_t key,
		       int staged)
{
	rec *e = xcalloc(1, sizeof *e), *old;
	if (from) {
		*e = *from;
		if (from->nspans) {
			e->spans = xmalloc((size_t)from->nspans * SPAN_BYTES);
			memcpy(e->spans, from->spans, (size_t)from->nspans * SPAN_BYTES);
		}
	}
	e->path = xstrdup(rel);
	if (!from) {
		e->hash = h;
		e->key = key;
	}
	e->staged = staged;
	old = htab_put(c->out_ix, rel, e);
	if (old) {
		free(old->path);
		free(old->spans);
		free(old);
	}
}

int cache_out_keep(cache *c, const char *out, const char *rel, uint64_t key)
{
	const rec *old = find_rec(&c->old_out, rel);
	int ok = key && old && old->key == key && intact_at(-1, out, old);
	if (!ok)
		return 0;
	pthread_mutex_lock(&c->lock);
	if (c->verify) {
		htab_put(c->expect, rel, (void *)old);
		ok = 0;
	} else {
		record_out(c, rel, old, 0, 0, 0);
		c->kept++;
	}
	pthread_mutex_unlock(&c->lock);
	return ok;
}

int cache_out_made(cache *c, const char *out, const char *rel, uint64_t h, uint64_t key,
		   err_list *errs)
{
	const rec *old = find_rec(&c->old_out, rel);
	int same = old && old->hash == h && intact_at(-1, out, old);
	pthread_mutex_lock(&c->lock);
	if (c->verify && htab_get(c->expect, rel) && !same)
		err_add(errs, rel, 0, 0,
			"build cache: this file would have been kept though it changed "
			"(a missing dependency in its key)");
	if (same) {
		record_out(c, rel, old, 0, 0, 0);
		/* the key may be new (an older build made the file without one) */
		((rec *)htab_get(c->out_ix, rel))->key = key;
		c->kept++;
	} else {
		record_out(c, rel, NULL, h, key, 1);
		c->written++;
	}
	pthread_mutex_unlock(&c->lock);
	return same;
}

void cache_out_written(cache *c, const char *rel, const struct stat *st)
{
	rec *e;
	pthread_mutex_lock(&c->lock);
	if ((e = htab_get(c->out_ix, rel)) != NULL) {
		e->size = (uint64_t)st->st_size;
		e->mtime = mtime_ns(st);
		e->ino = (uint64_t)st->st_ino;
		e->statted = 1;
	}
	pthread_mutex_unlock(&c->lock);
}

void cache_out_spans(cache *c, const char *rel, const cache_span *v, size_t n)
{
	rec *e;
	pthread_mutex_lock(&c->lock);
	if ((e = htab_get(c->out_ix, rel)) != NULL) {
		size_t k;
		free(e->spans);
		e->spans = NULL;
		e->nspans = (uint32_t)n;
		if (n) {
			e->spans = xmalloc(n * SPAN_BYTES);
			for (k = 0; k < n; k++)
				pack_span(e->spans + k * SPAN_BYTES, &v[k]);
		}
	}
	pthread_mutex_unlock(&c->lock);
}

size_t cache_old_outputs(const cache *c)
{
	return c->had_records ? c->old_out.n : 0;
}

const char *cache_old_output(cache *c, size_t i, uint64_t *hash, const cache_span **spans,
			     size_t *nspans)
{
	const rec *e = &c->old_out.v[i];
	size_t k;
	*hash = e->hash;
	*nspans = e->nspans;
	if (e->nspans > c->scratch_cap) {
		c->scratch_cap = 2 * e->nspans;
		c->scratch = xrealloc(c->scratch, c->scratch_cap * sizeof *c->scratch);
	}
	for (k = 0; k < e->nspans; k++)
		unpack_span(&c->scratch[k], e->spans + k * SPAN_BYTES);
	*spans = c->scratch;
	return e->path;
}

int cache_md_appendable(const cache *c)
{
	return c->md_append;
}

/* ---- Markdown ---- */

/* The records (the md file) hold blobs by key: rendered Markdown, and
 * pages as read.  A record found is in use and is kept for the next
 * build; a record put is added. */
static long blob_get(cache *c, uint64_t key, rd *r)
{
	long i = md_find(c, key);
	uint32_t len;
	if (i < 0)
		return -1;
	memcpy(&len, c->md_v[i].p, sizeof len);
	/* an index (.mdx) that says more than the file holds is not trusted */
	if (len > c->md_len - (size_t)(c->md_v[i].p - c->md_data) - sizeof len)
		return -1;
	r->p = c->md_v[i].p + sizeof len;
	r->end = r->p + len;
	r->bad = 0;
	return i;
}

/* Record i of the md file is in use: kept for the next build. */
static void blob_used(cache *c, long i)
{
	if (!__atomic_exchange_n(&c->md_used[i], 1, __ATOMIC_RELAXED))
		__atomic_add_fetch(&c->md_used_n, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&c->md_hits, 1, __ATOMIC_RELAXED);
}

static void blob_put(cache *c, uint64_t key, const buf *b)
{
	char h[17];
	long i = md_find(c, key);
	if (i >= 0) {
		blob_used(c, i); /* the same key is the same bytes */
		return;
	}
	hex(h, key);
	pthread_mutex_lock(&c->lock);
	if (!htab_get(c->md_seen, h)) {
		htab_put(c->md_seen, h, (void *)1);
		uint32_t len = (uint32_t)b->len;
		if (c->mdfile && !c->md_side && mkdir_p(CACHE_DIR) == 0) {
			c->md_side_path = xasprintf("%s.new-%ld", c->mdfile, (long)getpid());
			/* with the file's header: it may become the file */
			if ((c->md_side = fopen(c->md_side_path, "w+b"))) {
				fputs(MD_MAGIC, c->md_side);
				fwrite(&c->ident, sizeof c->ident, 1, c->md_side);
			}
		}
		if (c->md_side) {
			fwrite(&key, sizeof key, 1, c->md_side);
			fwrite(&len, sizeof len, 1, c->md_side);
			fwrite(b->ptr ? b->ptr : "", 1, b->len, c->md_side);
		} else {
			put_u64(&c->md_new, key);
			put_u32(&c->md_new, len);
			buf_put(&c->md_new, b->ptr ? b->ptr : "", b->len);
		}
		xgrow(&c->md_new_kl, &c->md_new_cap, 2 * c->md_new_n + 2, sizeof *c->md_new_kl);
		c->md_new_kl[2 * c->md_new_n] = key;
		c->md_new_kl[2 * c->md_new_n + 1] = len;
		c->md_new_n++;
		c->md_misses++;
	}
	pthread_mutex_unlock(&c->lock);
}

int cache_md_get(cache *c, uint64_t key, md_doc *doc)
{
	return cache_md_fetch(c, key, doc, 1);
}

int cache_md_fetch(cache *c, uint64_t key, md_doc *doc, int links)
{
	rd r;
	long i = blob_get(c, key, &r);
	if (i < 0)
		return 0;
	memset(doc, 0, sizeof *doc);
	doc->html = get_str(&r, NULL);
	doc->toc = get_val(&r, 0);
	doc->toc_html = get_str(&r, NULL);
	doc->summary = get_str(&r, NULL);
	doc->words = (size_t)get_u64(&r);
	if (links)
		doc->links = get_val(&r, 0);
	else
		r.p = r.end; /* the links are last: not decoded */
	if (r.bad || r.p != r.end) {
		md_doc_free(doc);
		memset(doc, 0, sizeof *doc);
		return 0;
	}
	blob_used(c, i);
	return 1;
}

void cache_md_put(cache *c, uint64_t key, const md_doc *doc)
{
	buf b = BUF_INIT;
	const char *html = doc->html ? doc->html : "", *th = doc->toc_html ? doc->toc_html : "",
		   *sum = doc->summary ? doc->summary : "";
	put_str(&b, html, strlen(html));
	put_val(&b, doc->toc);
	put_str(&b, th, strlen(th));
	put_str(&b, sum, strlen(sum));
	put_u64(&b, (uint64_t)doc->words);
	put_val(&b, doc->links);
	blob_put(c, key, &b);
	buf_free(&b);
}

int cache_page_get(cache *c, uint64_t key, value **fm, int *body_line, uint64_t *md_key)
{
	rd r;
	long i = blob_get(c, key, &r);
	if (i < 0)
		return 0;
	*fm = get_val(&r, 0);
	*body_line = (int)get_u32(&r);
	*md_key = get_u64(&r);
	if (r.bad || r.p != r.end || !*fm) {
		val_unref(*fm);
		*fm = NULL;
		return 0;
	}
	blob_used(c, i);
	return 1;
}

void cache_page_put(cache *c, uint64_t key, const value *fm, int body_line, uint64_t md_key)
{
	buf b = BUF_INIT;
	put_val(&b, fm);
	put_u32(&b, (uint32_t)body_line);
	put_u64(&b, md_key);
	blob_put(c, key, &b);
	buf_free(&b);
}

/* ---- saving ---- */

static int cmp_rec(const void *a, const void *b)
{
	return strcmp((*(rec *const *)a)->path, (*(rec *const *)b)->path);
}

/* Write path through a temporary file and a rename, so a crash leaves
 * the old file or the new one, never half of one. */
static int save_file(const char *path, const char *data, size_t len)
{
	char *tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
	int rc = file_write(tmp, data, len);
	if (rc == 0 && rename(tmp, path) < 0)
		rc = -1;
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* Copy the records made this build to f. */
static int copy_new(cache *c, FILE *f)
{
	char chunk[65536];
	size_t n;
	int rc = 0;
	if (!c->md_side)
		return c->md_new.len && fwrite(c->md_new.ptr, 1, c->md_new.len, f) != c->md_new.len
			       ? -1 : 0;
	if (fflush(c->md_side) != 0 ||
	    fseek(c->md_side, (long)(strlen(MD_MAGIC) + sizeof c->ident), SEEK_SET) != 0)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, c->md_side)) > 0)
		if (fwrite(chunk, 1, n, f) != n)
			rc = -1;
	return ferror(c->md_side) ? -1 : rc;
}

/* Remove the cache files of output directories that are gone (builds
 * into temporary directories would otherwise leave theirs behind for
 * ever), and those of older versions of the cache. */
static void prune(cache *c)
{
	size_t n, i;
	char **names = dir_list(CACHE_DIR, &n);
	for (i = 0; names && i < n; i++) {
		size_t l = strlen(names[i]);
		char *path, head[4096];
		FILE *f;
		size_t got;
		int stale = 0;
		if (l < 10 || strcmp(names[i] + l - 9, ".manifest"))
			continue;
		path = path_join(CACHE_DIR, names[i]);
		if (!strcmp(path, c->manifest) || !(f = fopen(path, "rb"))) {
			free(path);
			continue;
		}
		got = fread(head, 1, sizeof head, f);
		fclose(f);
		if (got >= strlen(MAGIC) && !memcmp(head, MAGIC, strlen(MAGIC))) {
			rd r;
			char *o;
			r.p = head + strlen(MAGIC);
			r.end = head + got;
			r.bad = 0;
			o = get_str(&r, NULL);
			stale = o && !is_dir(o);
			free(o);
		} else if (got >= 13 && !memcmp(head, "csogen-cache ", 13))
			stale = 1; /* another version's */
		if (stale) {
			char *md = xasprintf("%.*s.md", (int)(strlen(path) - 9), path);
			char *mdx = xasprintf("%sx", md);
			unlink(path);
			unlink(md);
			unlink(mdx);
			free(md);
			free(mdx);
		}
		free(path);
	}
	dir_list_free(names);
}

/* Write an md file of the records in use this build, old and new, to f
 * (the file itself, or memory for a memory cache). */
static int md_live(cache *c, FILE *f)
{
	size_t i;
	fputs(MD_MAGIC, f);
	fwrite(&c->ident, sizeof c->ident, 1, f);
	for (i = 0; i < c->md_records; i++) {
		uint32_t len;
		if (!c->md_used[i])
			continue;
		memcpy(&len, c->md_v[i].p, sizeof len);
		fwrite(&c->md_v[i].key, sizeof c->md_v[i].key, 1, f);
		fwrite(c->md_v[i].p, 1, sizeof len + len, f);
	}
	return copy_new(c, f) < 0 || ferror(f) ? -1 : 0;
}

/* Save the rendered Markdown and page records: appended to the file
 * when it is mostly records still in use, else written afresh (the
 * records in use only), through a temporary file and a rename. */
static int md_save(cache *c)
{
	FILE *f;
	int rc = 0;
	if (c->md_append &&
	    (c->patching || c->md_records + c->md_new_n <= 2 * (c->md_used_n + c->md_new_n) + 64)) {
		struct stat st;
		uint64_t base;
		if (!c->md_new_n)
			return 0;
		if (!(f = fopen(c->mdfile, "ab")))
			return -1;
		/* the index keeps the old records' places; the new ones follow */
		base = fstat(fileno(f), &st) == 0 ? (uint64_t)st.st_size : 0;
		rc = copy_new(c, f);
		if (fclose(f) != 0)
			rc = -1;
		if (rc == 0 && base == c->md_len && stat(c->mdfile, &st) == 0)
			mdx_save(c, 1, 0, 0, base, (uint64_t)st.st_size);
		else
			unlink(c->mdxfile);
		return rc;
	} else if (c->md_side && c->md_hits == 0) {
		struct stat st;
		/* nothing old is in use: the records made are the file */
		if (fflush(c->md_side) != 0 || rename(c->md_side_path, c->mdfile) < 0)
			return -1;
		if (fstat(fileno(c->md_side), &st) == 0)
			mdx_save(c, 0, 0, 0, strlen(MD_MAGIC) + sizeof c->ident, (uint64_t)st.st_size);
		fclose(c->md_side);
		c->md_side = NULL;
		return 0;
	} else {
		struct stat st;
		char *tmp = xasprintf("%s.tmp-%ld", c->mdfile, (long)getpid());
		if (!(f = fopen(tmp, "wb"))) {
			free(tmp);
			return -1;
		}
		if (md_live(c, f) < 0)
			rc = -1;
		if (fclose(f) != 0)
			rc = -1;
		if (rc == 0 && rename(tmp, c->mdfile) < 0)
			rc = -1;
		if (rc < 0) {
			unlink(tmp);
		} else if (stat(c->mdfile, &st) == 0) {
			uint64_t at = strlen(MD_MAGIC) + sizeof c->ident, end = at;
			size_t i;
			for (i = 0; i < c->md_records; i++) {
				uint32_t len;
				if (!c->md_used[i])
					continue;
				memcpy(&len, c->md_v[i].p, sizeof len);
				end += sizeof(uint64_t) + sizeof len + len;
			}
			mdx_save(c, 1, 1, at, end, (uint64_t)st.st_size);
		}
		free(tmp);
		return rc;
	}
}

typedef struct stat_job {
	rec **v;
	size_t n;
	const char *out;
	int dfd;     /* out, opened (or -1) */
	int dirs;    /* v are directories: all are statted */
} stat_job;

/* Stat output (or directory) i unless its stat is known already. */
static void stat_out(void *ctx, size_t i)
{
	stat_job *j = ctx;
	rec *e = j->v[i];
	struct stat st;
	if (!j->dirs && !(e->staged && !e->statted) && e->ino)
		return;
	if (stat_under(j->dfd, j->out, e->path, &st) == 0) {
		e->size = j->dirs ? 0 : (uint64_t)st.st_size;
		e->mtime = mtime_ns(&st);
		e->ino = (uint64_t)st.st_ino;
	}
}

/* Save the records: this scan's inputs, the outputs v (n of them,
 * sorted by path; frees v) and their directories. */
static int save_outputs(cache *c, const char *out, rec **v, size_t n, err_list *errs)
{
	buf b = BUF_INIT;
	size_t i;
	struct timespec ts;
	int rc = 0, dfd = open(out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	/* stat what was written this build: the next build compares */
	{
		stat_job j = {v, n, out, dfd, 0};
		pool_run(c->jobs > 0 ? c->jobs : 1, n, stat_out, &j);
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	buf_puts(&b, MAGIC);
	put_str(&b, c->out, strlen(c->out));
	put_u64(&b, c->ident);
	put_u64(&b, (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec);
	{
		rec **iv = xcalloc(c->in.n + 1, sizeof *iv);
		for (i = 0; i < c->in.n; i++)
			iv[i] = &c->in.v[i];
		write_recs(&b, iv, c->in.n);
		free(iv);
	}
	write_recs(&b, v, n);
	if (c->patching) {
		/* a patch wrote only into the directories of its files, all of
		 * which were as the last build left them: only those changed */
		rec **dv = xcalloc(c->old_dirs.n + 1, sizeof *dv);
		for (i = 0; i < c->old_dirs.n; i++) {
			rec *d = &c->old_dirs.v[i];
			struct stat st;
			if (htab_get(c->patch_dirs, d->path) &&
			    stat_under(dfd, out, d->path, &st) == 0) {
				d->mtime = mtime_ns(&st);
				d->ino = (uint64_t)st.st_ino;
			}
			dv[i] = d;
		}
		write_recs(&b, dv, c->old_dirs.n);
		free(dv);
	} else {
		/* the directories holding the outputs, with their stat */
		htab *seen = htab_new();
		recs dirs = {0};
		rec **dv;
		size_t k, o;
		rec top;
		memset(&top, 0, sizeof top);
		top.path = xstrdup("");
		recs_add(&dirs, &top);
		htab_put(seen, "", (void *)1);
		for (i = 0; i < n; i++) {
			char *d = xstrdup(v[i]->path), *slash;
			/* up from the file's directory until one already listed */
			while ((slash = strrchr(d, '/')) != NULL) {
				rec e;
				*slash = '\0';
				if (htab_get(seen, d))
					break;
				htab_put(seen, d, (void *)1);
				memset(&e, 0, sizeof e);
				e.path = xstrdup(d);
				recs_add(&dirs, &e);
			}
			free(d);
		}
		dv = xcalloc(dirs.n + 1, sizeof *dv);
		for (k = 0; k < dirs.n; k++)
			dv[k] = &dirs.v[k];
		{
			stat_job j = {dv, dirs.n, out, dfd, 1};
			pool_run(c->jobs > 0 ? c->jobs : 1, dirs.n, stat_out, &j);
		}
		/* a directory that is gone is not recorded */
		for (k = o = 0; k < dirs.n; k++)
			if (dv[k]->ino)
				dv[o++] = dv[k];
		xsort(dv, o, sizeof *dv, cmp_rec);
		write_recs(&b, dv, o);
		free(dv);
		recs_free(&dirs);
		htab_free(seen);
	}
	if (dfd >= 0)
		close(dfd);
	free(v);
	if (mkdir_p(CACHE_DIR) < 0) {
		err_warn(errs, CACHE_DIR, 0, 0, "cannot create the build cache: %s", strerror(errno));
		buf_free(&b);
		return -1;
	}
	/* the Markdown records first: the manifest says they belong */
	if (md_save(c) < 0)
		rc = -1;
	if (rc == 0 && save_file(c->manifest, b.ptr, b.len) < 0)
		rc = -1;
	prune(c);
	if (rc < 0)
		err_warn(errs, c->manifest, 0, 0, "cannot save the build cache: %s", strerror(errno));
	buf_free(&b);
	return rc;
}

static int save(cache *c, const char *out, err_list *errs)
{
	rec **v = xcalloc(htab_len(c->out_ix) + 1, sizeof *v);
	size_t n = 0, i = 0;
	void *val;
	while (htab_iter(c->out_ix, &i, NULL, &val))
		v[n++] = val;
	xsort(v, n, sizeof *v, cmp_rec);
	return save_outputs(c, out, v, n, errs);
}

int cache_record_all(cache *c, const char *out, err_list *errs)
{
	return save(c, out, errs);
}

/* Remove the last build's outputs that this one did not make, and the
 * directories they leave empty.  (Files put into the output by hand are
 * not csogen's: they stay until a clean build replaces the directory.) */
static void remove_stale(cache *c, const char *out)
{
	size_t i;
	for (i = 0; i < c->old_out.n; i++) {
		char *p, *slash;
		if (htab_get(c->out_ix, c->old_out.v[i].path))
			continue;
		p = path_join(out, c->old_out.v[i].path);
		if (unlink(p) == 0)
			c->removed++;
		while ((slash = strrchr(p, '/')) && (size_t)(slash - p) > strlen(out)) {
			*slash = '\0';
			if (rmdir(p) < 0)
				break;
		}
		free(p);
	}
}

/* Make the directories above path, removing a file that stands where a
 * directory must go (an output that became a directory). */
static int make_parent(char *path)
{
	char *slash = strrchr(path, '/'), *s;
	int rc;
	if (!slash)
		return 0;
	*slash = '\0';
	rc = mkdir_p(path);
	for (s = path; rc < 0 && (s = strchr(s + 1, '/')) != NULL;) {
		struct stat st;
		*s = '\0';
		if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
			unlink(path);
			*s = '/';
			rc = mkdir_p(path);
			break;
		}
		*s = '/';
	}
	if (rc < 0) {
		struct stat st;
		if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
			unlink(path);
			rc = mkdir_p(path);
		}
	}
	*slash = '/';
	return rc;
}

/* Files put into the output by hand are not the site's: remove them, as
 * a clean build would.  Only directories whose stat changed since the
 * last build can hold one. */
static void remove_strays(cache *c, const char *out)
{
	size_t i, n, k;
	for (i = 0; i < c->old_dirs.n; i++) {
		const rec *d = &c->old_dirs.v[i];
		char *dir;
		char **names;
		if (dir_intact(-1, out, d))
			continue;
		dir = d->path[0] ? path_join(out, d->path) : xstrdup(out);
		names = dir_list(dir, &n);
		for (k = 0; names && k < n; k++) {
			char *r = d->path[0] ? xasprintf("%s/%s", d->path, names[k]) : xstrdup(names[k]);
			char *p = path_join(dir, names[k]);
			struct stat st;
			if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
				if (!find_rec(&c->old_dirs, r))
					rm_rf(p);
			} else if (!find_rec(&c->old_out, r) && !htab_get(c->out_ix, r)) {
				if (unlink(p) == 0)
					c->removed++;
			}
			free(p);
			free(r);
		}
		dir_list_free(names);
		free(dir);
	}
}

int cache_commit(cache *c, const char *out, const char *stage, err_list *errs)
{
	size_t i = 0;
	void *val;
	int rc = 0;
	/* without a manifest an interrupted commit is rebuilt clean */
	unlink(c->manifest);
	remove_strays(c, out);
	while (htab_iter(c->out_ix, &i, NULL, &val)) {
		rec *e = val;
		char *from, *to;
		if (!e->staged)
			continue;
		from = path_join(stage, e->path);
		to = path_join(out, e->path);
		make_parent(to);
		if (rename(from, to) < 0) {
			/* a directory where a file goes (or the reverse) */
			rm_rf(to);
			if (rename(from, to) < 0) {
				err_add(errs, to, 0, 0, "cannot move the new file in place: %s",
					strerror(errno));
				rc = -1;
			}
		}
		free(from);
		free(to);
	}
	remove_stale(c, out);
	rm_rf(stage);
	if (rc == 0)
		save(c, out, errs);
	return rc;
}

/* Write the pieces to a new file path; their hash into *h.  0 or -1. */
static int write_pieces(const char *path, const struct iovec *iov, size_t n, uint64_t *h)
{
	XXH3_state_t *st = XXH3_createState();
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), rc = 0;
	size_t i = 0, off = 0;
	if (!st || fd < 0) {
		if (fd >= 0)
			close(fd);
		XXH3_freeState(st);
		return -1;
	}
	XXH3_64bits_reset(st);
	for (i = 0; i < n; i++)
		XXH3_64bits_update(st, iov[i].iov_base, iov[i].iov_len);
	*h = XXH3_64bits_digest(st);
	XXH3_freeState(st);
	/* writev takes at most IOV_MAX pieces and may write fewer bytes */
	i = 0;
	while (i < n && rc == 0) {
		struct iovec part[64];
		size_t k, m = 0;
		ssize_t w;
		for (k = i; k < n && m < 64; k++, m++) {
			part[m] = iov[k];
			if (k == i) {
				part[m].iov_base = (char *)part[m].iov_base + off;
				part[m].iov_len -= off;
			}
		}
		w = writev(fd, part, (int)m);
		if (w < 0) {
			if (errno != EINTR)
				rc = -1;
			continue;
		}
		/* past the pieces written whole */
		while (i < n && (size_t)w >= iov[i].iov_len - off) {
			w -= (ssize_t)(iov[i].iov_len - off);
			off = 0;
			i++;
		}
		off += (size_t)w;
	}
	if (close(fd) != 0)
		rc = -1;
	return rc;
}

int cache_patch_commit(cache *c, const char *out, const cache_patched *v, size_t n,
		       err_list *errs)
{
	uint64_t h = 0;
	size_t i, k;
	int rc = 0;
	/* the last build's output records, the patched ones replaced */
	rec **all = xcalloc(c->old_out.n + 1, sizeof *all), *made = xcalloc(n + 1, sizeof *made);
	c->patching = 1;
	c->patch_dirs = htab_new();
	for (i = 0; i < c->old_out.n; i++)
		all[i] = &c->old_out.v[i];
	c->kept = c->old_out.n - n;
	/* without a manifest an interrupted patch is rebuilt clean */
	unlink(c->manifest);
	for (i = 0; i < n && rc == 0; i++) {
		char *to = path_join(out, v[i].rel), *slash = strrchr(v[i].rel, '/');
		char *tmp = xasprintf("%s.csogen-%ld", to, (long)getpid());
		char *dir = slash ? xstrndup(v[i].rel, (size_t)(slash - v[i].rel)) : xstrdup("");
		rec *old = find_rec(&c->old_out, v[i].rel);
		/* a new file then a rename: a reader sees the old file or the
		 * new one, never half of one */
		if (!old || write_pieces(tmp, v[i].iov, v[i].niov, &h) < 0 || rename(tmp, to) < 0) {
			err_add(errs, to, 0, 0, "cannot write: %s", old ? strerror(errno) : "not an output");
			unlink(tmp);
			rc = -1;
		} else {
			rec *e = &made[i];
			e->path = old->path;
			e->hash = h;
			e->staged = 1;
			e->nspans = (uint32_t)v[i].nspans;
			e->spans = v[i].nspans ? xmalloc(v[i].nspans * SPAN_BYTES) : NULL;
			for (k = 0; k < v[i].nspans; k++)
				pack_span(e->spans + k * SPAN_BYTES, &v[i].spans[k]);
			all[old - c->old_out.v] = e;
			c->written++;
		}
		if (!htab_get(c->patch_dirs, dir))
			htab_put(c->patch_dirs, dir, (void *)1);
		free(dir);
		free(tmp);
		free(to);
	}
	if (rc == 0)
		rc = save_outputs(c, out, all, c->old_out.n, errs);
	else
		free(all);
	for (i = 0; i < n; i++)
		free(made[i].spans);
	free(made);
	htab_free(c->patch_dirs);
	c->patch_dirs = NULL;
	c->patching = 0;
	return rc;
}

void cache_get_stats(const cache *c, cache_stats *st)
{
	st->kept = c->kept;
	st->written = c->written;
	st->removed = c->removed;
	st->md_hits = c->md_hits;
	st->md_misses = c->md_misses;
}

/* value.c - see value.h */
#include "value.h"
#include "buf.h"
#include "util.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static value *mk(val_kind k)
{
	value *v = xcalloc(1, sizeof *v);
	v->kind = k;
	v->refs = 1;
	return v;
}

value *val_null(void) { return mk(VAL_NULL); }

value *val_bool(int b)
{
	value *v = mk(VAL_BOOL);
	v->u.b = b != 0;
	return v;
}

value *val_num(double n)
{
	value *v = mk(VAL_NUM);
	v->u.n = n;
	return v;
}

/* A copied string lives in the node's own block: one allocation, not two. */
value *val_strn(const char *s, size_t len)
{
	value *v = xmalloc(sizeof *v + len + 1);
	memset(v, 0, sizeof *v);
	v->kind = VAL_STR;
	v->refs = 1;
	v->u.str.s = (char *)(v + 1);
	v->u.str.len = len;
	v->u.str.inl = 1;
	memcpy(v->u.str.s, s, len);
	v->u.str.s[len] = '\0';
	return v;
}

value *val_str(const char *s)
{
	return val_strn(s, strlen(s));
}

value *val_str_own(char *s, size_t len)
{
	value *v = mk(VAL_STR);
	v->u.str.s = s;
	v->u.str.len = len;
	return v;
}

value *val_str_take(char *s)
{
	return val_str_own(s, strlen(s));
}

value *val_list(void) { return mk(VAL_LIST); }
value *val_map(void) { return mk(VAL_MAP); }

/* Reference counts change atomically: pages rendered on several threads
 * share list items and take references to them. */
value *val_ref(value *v)
{
	if (v)
		__atomic_add_fetch(&v->refs, 1, __ATOMIC_RELAXED);
	return v;
}

static void map_free(value *v);

void val_unref(value *v)
{
	size_t i;
	if (!v || __atomic_sub_fetch(&v->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	switch (v->kind) {
	case VAL_STR:
		if (!v->u.str.inl)
			free(v->u.str.s);
		break;
	case VAL_LIST:
		for (i = 0; i < v->u.list.len; i++)
			val_unref(v->u.list.items[i]);
		free(v->u.list.items);
		break;
	case VAL_MAP:
		map_free(v);
		break;
	default:
		break;
	}
	free(v);
}

void val_push(value *list, value *item)
{
	if (list->kind != VAL_LIST) {
		val_unref(item);
		return;
	}
	/* from 2 items up, not xgrow's 8: most lists are short (a page's
	 * tags, its headings) and stay for the whole build */
	if (list->u.list.len == list->u.list.cap) {
		size_t cap = list->u.list.cap ? list->u.list.cap * 2 : 2;
		list->u.list.items = xrealloc(list->u.list.items, cap * sizeof(value *));
		list->u.list.cap = cap;
	}
	list->u.list.items[list->u.list.len++] = item;
}

/* ---- maps ----
 *
 * keys[] and vals[] are one block of cap entries each, after a small
 * header (map_head: cap, and the key strings' memory).  A map with more
 * than MAP_SMALL slots (so more than 16 keys) has a hash index after
 * them in the same block: 2 * cap slots of uint32, each 0 (free) or an
 * entry number + 1, linear probing.  Smaller maps are searched in order,
 * which is as fast for them.  The index is made and updated by val_set
 * only, so lookups never write and finished maps can be read by many
 * threads (value.h).
 *
 * Key strings are copied into blocks of kmem (a chain, newest first,
 * each at least twice the size of the one before), each key preceded by
 * its length (4 bytes, aligned): no allocation per key, and comparing a
 * key starts with its length.  Keys are never removed.  (Keeping each
 * key's hash beside it, so that a search in a small map touches no key,
 * cost 3 MB at 10,000 pages and saved no measurable time.) */
#define MAP_SMALL 16

typedef struct keymem {
	struct keymem *next;
	size_t used, cap;
	char data[];
} keymem;

typedef struct map_head {
	size_t cap;
	keymem *kmem;
} map_head;

/* The header of a map's block; NULL for a map that never had a key. */
static map_head *map_hd(const value *map)
{
	return map->u.map.keys ? (map_head *)(void *)map->u.map.keys - 1 : NULL;
}

static size_t map_cap(const value *map)
{
	return map->u.map.keys ? map_hd(map)->cap : 0;
}

static uint32_t key_hash(const char *k, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;
	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)k[i]) * 16777619u;
	return h;
}

/* A key's length (keys of 4 GiB and more store UINT32_MAX: measured). */
static size_t key_len(const char *k)
{
	uint32_t n;
	memcpy(&n, k - sizeof n, sizeof n);
	return n == UINT32_MAX ? strlen(k) : n;
}

static int key_is(const char *k, const char *key, size_t n)
{
	/* the first byte here, to skip most calls to memcmp */
	return key_len(k) == n && (n == 0 || (k[0] == key[0] && memcmp(k + 1, key + 1, n - 1) == 0));
}

static char *key_store(value *map, const char *key, size_t n)
{
	map_head *hd = map_hd(map);
	keymem *m = hd->kmem;
	size_t need = (sizeof(uint32_t) + n + 1 + 3) & ~(size_t)3;
	uint32_t n32 = n >= UINT32_MAX ? UINT32_MAX : (uint32_t)n;
	char *k;
	if (!m || m->cap - m->used < need) {
		size_t cap = m ? m->cap * 2 : 40;
		keymem *b;
		if (cap < need)
			cap = need;
		b = xmalloc(sizeof *b + cap);
		b->next = m;
		b->used = 0;
		b->cap = cap;
		hd->kmem = m = b;
	}
	k = m->data + m->used;
	memcpy(k, &n32, sizeof n32);
	k += sizeof n32;
	memcpy(k, key, n);
	k[n] = '\0';
	m->used += need;
	return k;
}

static uint32_t *map_index(const value *map)
{
	size_t cap = map_cap(map);
	return cap > MAP_SMALL ? (uint32_t *)(map->u.map.vals + cap) : NULL;
}

static void index_put(uint32_t *idx, size_t nslots, uint32_t h, size_t entry)
{
	size_t mask = nslots - 1, j = h & mask;
	while (idx[j])
		j = (j + 1) & mask;
	idx[j] = (uint32_t)(entry + 1);
}
/* The entry of key, or (size_t)-1; *h gets the key's hash when the map
 * is indexed. */
static size_t map_find(const value *map, const char *key, size_t n, uint32_t *h)
{
	const uint32_t *idx = map_index(map);
	char *const *keys = map->u.map.keys;
	size_t i;
	if (!idx) {
		for (i = 0; i < map->u.map.len; i++)
			if (key_is(keys[i], key, n))
				return i;
		return (size_t)-1;
	} else {
		size_t mask = map_cap(map) * 2 - 1, j;
		uint32_t hh = key_hash(key, n);
		if (h)
			*h = hh;
		for (j = hh & mask; idx[j]; j = (j + 1) & mask)
			if (key_is(keys[idx[j] - 1], key, n))
				return idx[j] - 1;
		return (size_t)-1;
	}
}

static void map_grow(value *map)
{
	map_head *old = map_hd(map), *hd;
	size_t cap = old ? old->cap * 2 : 4, i, len = map->u.map.len;
	size_t size = sizeof *hd + cap * (sizeof(char *) + sizeof(value *));
	char **keys;
	value **vals;
	uint32_t *idx;
	if (cap > MAP_SMALL)
		size += 2 * cap * sizeof(uint32_t);
	if (cap > (size_t)UINT32_MAX / 4)
		xmalloc((size_t)-1); /* index entries are 32-bit: out of memory */
	hd = xmalloc(size);
	hd->cap = cap;
	hd->kmem = old ? old->kmem : NULL;
	keys = (char **)(void *)(hd + 1);
	vals = (value **)(keys + cap);
	if (len) {
		memcpy(keys, map->u.map.keys, len * sizeof *keys);
		memcpy(vals, map->u.map.vals, len * sizeof *vals);
	}
	free(old);
	map->u.map.keys = keys;
	map->u.map.vals = vals;
	idx = map_index(map);
	if (idx) {
		memset(idx, 0, 2 * cap * sizeof *idx);
		for (i = 0; i < len; i++)
			index_put(idx, 2 * cap, key_hash(keys[i], key_len(keys[i])), i);
	}
}

static void map_free(value *v)
{
	map_head *hd = map_hd(v);
	keymem *m, *next;
	size_t i;
	for (i = 0; i < v->u.map.len; i++)
		val_unref(v->u.map.vals[i]);
	if (!hd)
		return;
	for (m = hd->kmem; m; m = next) {
		next = m->next;
		free(m);
	}
	free(hd);
}

void val_set(value *map, const char *key, value *v)
{
	size_t n, i;
	uint32_t h = 0;
	uint32_t *idx;
	if (map->kind != VAL_MAP) {
		val_unref(v);
		return;
	}
	n = strlen(key);
	i = map_find(map, key, n, &h);
	if (i != (size_t)-1) {
		val_unref(map->u.map.vals[i]);
		map->u.map.vals[i] = v;
		return;
	}
	if (map->u.map.len == map_cap(map)) {
		int was_indexed = map_index(map) != NULL;
		map_grow(map);
		if (!was_indexed && map_index(map))
			h = key_hash(key, n);
	}
	i = map->u.map.len++;
	map->u.map.keys[i] = key_store(map, key, n);
	map->u.map.vals[i] = v;
	idx = map_index(map);
	if (idx)
		index_put(idx, 2 * map_cap(map), h, i);
}

void val_set_str(value *map, const char *key, const char *s)
{
	val_set(map, key, val_str(s ? s : ""));
}

void val_set_num(value *map, const char *key, double n)
{
	val_set(map, key, val_num(n));
}

void val_set_bool(value *map, const char *key, int b)
{
	val_set(map, key, val_bool(b));
}

value *val_getn(const value *map, const char *key, size_t keylen)
{
	size_t i;
	if (!map || map->kind != VAL_MAP)
		return NULL;
	/* key_is compares lengths first, then bytes (memcmp, not strncmp: a
	 * key with a NUL in it must not end the comparison early) */
	i = map_find(map, key, keylen, NULL);
	return i == (size_t)-1 ? NULL : map->u.map.vals[i];
}

value *val_get(const value *map, const char *key)
{
	return val_getn(map, key, strlen(key));
}

value *val_at(const value *list, size_t i)
{
	if (!list || list->kind != VAL_LIST || i >= list->u.list.len)
		return NULL;
	return list->u.list.items[i];
}

value *val_path(const value *v, const char *path)
{
	const char *p = path;
	value *cur = (value *)v;
	while (cur) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		cur = val_getn(cur, p, n);
		if (!dot)
			break;
		p = dot + 1;
	}
	return cur;
}

const char *val_cstr(const value *v)
{
	return v && v->kind == VAL_STR ? v->u.str.s : NULL;
}

const char *val_get_str(const value *map, const char *key, const char *def)
{
	const char *s = val_cstr(val_get(map, key));
	return s ? s : def;
}

size_t val_len(const value *v)
{
	if (!v)
		return 0;
	if (v->kind == VAL_LIST)
		return v->u.list.len;
	if (v->kind == VAL_MAP)
		return v->u.map.len;
	return 0;
}

int val_truthy(const value *v)
{
	if (!v)
		return 0;
	switch (v->kind) {
	case VAL_NULL: return 0;
	case VAL_BOOL: return v->u.b;
	case VAL_NUM: return 1;
	case VAL_STR: return v->u.str.len > 0;
	case VAL_LIST: return v->u.list.len > 0;
	case VAL_MAP: return 1;
	}
	return 0;
}

void val_to_text(const value *v, buf *out)
{
	char tmp[64];
	if (!v)
		return;
	switch (v->kind) {
	case VAL_BOOL:
		buf_puts(out, v->u.b ? "true" : "false");
		break;
	case VAL_NUM: {
		double n = v->u.n;
		if (n == floor(n) && fabs(n) < 1e15) {
			snprintf(tmp, sizeof tmp, "%.0f", n);
		} else {
			int prec;
			for (prec = 6; prec <= 17; prec++) {
				snprintf(tmp, sizeof tmp, "%.*g", prec, n);
				if (strtod(tmp, NULL) == n)
					break;
			}
		}
		if (strcmp(tmp, "-0") == 0)
			strcpy(tmp, "0");
		buf_puts(out, tmp);
		break;
	}
	case VAL_STR:
		buf_put(out, v->u.str.s, v->u.str.len);
		break;
	default:
		break;
	}
}

void val_to_json(const value *v, buf *out)
{
	size_t i;
	if (!v) {
		buf_puts(out, "null");
		return;
	}
	switch (v->kind) {
	case VAL_NULL:
		buf_puts(out, "null");
		break;
	case VAL_BOOL:
	case VAL_NUM:
		if (v->kind == VAL_NUM && !isfinite(v->u.n))
			buf_puts(out, "null");
		else
			val_to_text(v, out);
		break;
	case VAL_STR:
		buf_put_json(out, v->u.str.s, v->u.str.len);
		break;
	case VAL_LIST:
		buf_putc(out, '[');
		for (i = 0; i < v->u.list.len; i++) {
			if (i)
				buf_putc(out, ',');
			val_to_json(v->u.list.items[i], out);
		}
		buf_putc(out, ']');
		break;
	case VAL_MAP:
		buf_putc(out, '{');
		for (i = 0; i < v->u.map.len; i++) {
			if (i)
				buf_putc(out, ',');
			buf_put_json(out, v->u.map.keys[i], key_len(v->u.map.keys[i]));
			buf_putc(out, ':');
			val_to_json(v->u.map.vals[i], out);
		}
		buf_putc(out, '}');
		break;
	}
}

value *val_copy(const value *v)
{
	value *c;
	size_t i;
	if (!v)
		return NULL;
	switch (v->kind) {
	case VAL_NULL: c = val_null(); break;
	case VAL_BOOL: c = val_bool(v->u.b); break;
	case VAL_NUM: c = val_num(v->u.n); break;
	case VAL_STR: c = val_strn(v->u.str.s, v->u.str.len); break;
	case VAL_LIST:
		c = val_list();
		for (i = 0; i < v->u.list.len; i++)
			val_push(c, val_copy(v->u.list.items[i]));
		break;
	default:
		c = val_map();
		for (i = 0; i < v->u.map.len; i++)
			val_set(c, v->u.map.keys[i], val_copy(v->u.map.vals[i]));
		break;
	}
	c->line = v->line;
	c->col = v->col;
	return c;
}

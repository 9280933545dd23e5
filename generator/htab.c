/* htab.c - see htab.h */
#include "htab.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct slot {
	char *key;
	void *val;
	uint64_t hash;
} slot;

struct htab {
	slot *slots;
	size_t cap, len; /* cap is a power of two */
};

/* FNV-1a: simple and good enough for paths and words. */
static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

htab *htab_new(void)
{
	htab *h = xcalloc(1, sizeof *h);
	h->cap = 64;
	h->slots = xcalloc(h->cap, sizeof *h->slots);
	return h;
}

void htab_free(htab *h)
{
	size_t i;
	if (!h)
		return;
	for (i = 0; i < h->cap; i++)
		free(h->slots[i].key);
	free(h->slots);
	free(h);
}

static slot *find(const htab *h, const char *key, uint64_t hv)
{
	size_t i = (size_t)hv & (h->cap - 1);
	for (;;) {
		slot *s = &h->slots[i];
		if (!s->key || (s->hash == hv && !strcmp(s->key, key)))
			return s;
		i = (i + 1) & (h->cap - 1);
	}
}

void *htab_get(const htab *h, const char *key)
{
	slot *s = find(h, key, hash(key));
	return s->key ? s->val : NULL;
}

static void grow(htab *h)
{
	slot *old = h->slots;
	size_t i, oldcap = h->cap;
	h->cap *= 2;
	h->slots = xcalloc(h->cap, sizeof *h->slots);
	for (i = 0; i < oldcap; i++) {
		if (old[i].key) {
			slot *s = find(h, old[i].key, old[i].hash);
			*s = old[i];
		}
	}
	free(old);
}

void *htab_put(htab *h, const char *key, void *v)
{
	uint64_t hv = hash(key);
	slot *s = find(h, key, hv);
	void *prev;
	if (s->key) {
		prev = s->val;
		s->val = v;
		return prev;
	}
	if ((h->len + 1) * 4 > h->cap * 3) {
		grow(h);
		s = find(h, key, hv);
	}
	s->key = xstrdup(key);
	s->hash = hv;
	s->val = v;
	h->len++;
	return NULL;
}

size_t htab_len(const htab *h)
{
	return h->len;
}

int htab_iter(const htab *h, size_t *pos, const char **key, void **val)
{
	while (*pos < h->cap) {
		const slot *s = &h->slots[(*pos)++];
		if (s->key) {
			if (key)
				*key = s->key;
			if (val)
				*val = s->val;
			return 1;
		}
	}
	return 0;
}

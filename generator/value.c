/* value.c - see value.h */
#include "value.h"
#include "buf.h"
#include "util.h"

#include <math.h>
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

value *val_strn(const char *s, size_t len)
{
	return val_str_own(xstrndup(s, len), len);
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

void val_unref(value *v)
{
	size_t i;
	if (!v || __atomic_sub_fetch(&v->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	switch (v->kind) {
	case VAL_STR:
		free(v->u.str.s);
		break;
	case VAL_LIST:
		for (i = 0; i < v->u.list.len; i++)
			val_unref(v->u.list.items[i]);
		free(v->u.list.items);
		break;
	case VAL_MAP:
		for (i = 0; i < v->u.map.len; i++) {
			free(v->u.map.keys[i]);
			val_unref(v->u.map.vals[i]);
		}
		free(v->u.map.keys);
		free(v->u.map.vals);
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
	xgrow(&list->u.list.items, &list->u.list.cap, list->u.list.len + 1,
	      sizeof(value *));
	list->u.list.items[list->u.list.len++] = item;
}

void val_set(value *map, const char *key, value *v)
{
	size_t i, cap;
	if (map->kind != VAL_MAP) {
		val_unref(v);
		return;
	}
	for (i = 0; i < map->u.map.len; i++) {
		if (strcmp(map->u.map.keys[i], key) == 0) {
			val_unref(map->u.map.vals[i]);
			map->u.map.vals[i] = v;
			return;
		}
	}
	cap = map->u.map.cap;
	xgrow(&map->u.map.keys, &cap, map->u.map.len + 1, sizeof(char *));
	cap = map->u.map.cap;
	xgrow(&map->u.map.vals, &cap, map->u.map.len + 1, sizeof(value *));
	map->u.map.cap = cap;
	map->u.map.keys[map->u.map.len] = xstrdup(key);
	map->u.map.vals[map->u.map.len] = v;
	map->u.map.len++;
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
	for (i = 0; i < map->u.map.len; i++) {
		const char *k = map->u.map.keys[i];
		/* memcmp, not strncmp: a key with a NUL in it must not end the
		 * comparison early and read past k */
		if (strlen(k) == keylen && memcmp(k, key, keylen) == 0)
			return map->u.map.vals[i];
	}
	return NULL;
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

static void json_string(const char *s, size_t n, buf *out)
{
	size_t i;
	buf_putc(out, '"');
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\')
			buf_printf(out, "\\%c", ch);
		else if (ch == '\n')
			buf_puts(out, "\\n");
		else if (ch < 0x20)
			buf_printf(out, "\\u%04x", ch);
		else
			buf_putc(out, (char)ch);
	}
	buf_putc(out, '"');
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
		json_string(v->u.str.s, v->u.str.len, out);
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
			json_string(v->u.map.keys[i], strlen(v->u.map.keys[i]), out);
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

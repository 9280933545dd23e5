/*
 * value.h - the one value tree: YAML documents, CSV rows, computed
 * results and template contexts are all made of these nodes.
 *
 * Nodes are reference counted so that one page summary can sit in many
 * lists (a section, a tag, the feed) without copies.  Counts change
 * atomically, so threads may share finished trees and take references;
 * a tree must not be modified while other threads read it.
 *
 * Each node remembers where it came from (line and column, 1-based, 0
 * when computed) so errors about a value can name file:line:col.
 */
#ifndef CSO_VALUE_H
#define CSO_VALUE_H

#include <stddef.h>

typedef enum {
	VAL_NULL,
	VAL_BOOL,
	VAL_NUM,
	VAL_STR,
	VAL_LIST,
	VAL_MAP
} val_kind;

typedef struct value value;

struct value {
	val_kind kind;
	int refs;
	int line, col;
	union {
		int b;
		double n;
		struct {
			char *s;
			size_t len;
			int inl;  /* private (value.c): s is in the node's own block */
		} str;
		struct {
			value **items;
			size_t len, cap;
		} list;
		/* Readers may use keys[i], vals[i] and len directly (keys in
		 * insertion order); only value.c writes.  keys and vals share
		 * one block, which also holds the capacity, where the key
		 * strings are kept, and in a map of more than 16 keys a hash
		 * index (value.c); so a node is 40 bytes whatever its kind.
		 * Key strings never move while the map lives. */
		struct {
			char **keys;
			value **vals;
			size_t len;
		} map;
	} u;
};

/* Constructors return a new node with one reference (the caller's). */
value *val_null(void);
value *val_bool(int b);
value *val_num(double n);
value *val_str(const char *s);
value *val_strn(const char *s, size_t len);
/* Takes ownership of s (a malloc'd NUL-terminated string of length len). */
value *val_str_own(char *s, size_t len);
/* Takes ownership of the NUL-terminated malloc'd string s. */
value *val_str_take(char *s);
value *val_list(void);
value *val_map(void);

/* Reference counting.  val_ref returns v for convenience; val_unref frees
 * the node and its children when the last reference goes. NULL is ok. */
value *val_ref(value *v);
void val_unref(value *v);

/* Append to a list; takes the caller's reference to item. */
void val_push(value *list, value *item);
/* Set key in a map, replacing an earlier value (which keeps its place);
 * new keys go after the others.  Takes the reference to v.  Amortised
 * O(1) in maps of any size (maps of more than 16 keys are indexed). */
void val_set(value *map, const char *key, value *v);
/* Shorthands for val_set(map, key, val_str(s)) and friends. */
void val_set_str(value *map, const char *key, const char *s);
void val_set_num(value *map, const char *key, double n);
void val_set_bool(value *map, const char *key, int b);

/* Lookups; they return borrowed pointers (NULL when absent or when v is
 * not of the right kind). */
value *val_get(const value *map, const char *key);
value *val_getn(const value *map, const char *key, size_t keylen);
value *val_at(const value *list, size_t i);
/* Follow a dotted path ("a.b.c") through maps. */
value *val_path(const value *v, const char *path);
/* The string of a VAL_STR, or NULL. */
const char *val_cstr(const value *v);
/* String at key, or def when absent or not a string. */
const char *val_get_str(const value *map, const char *key, const char *def);
/* Number of list items or map entries; 0 otherwise. */
size_t val_len(const value *v);

/* Mustache truthiness: null, false, empty list and empty string are
 * false; numbers are true (the spec treats 0 as truthy too). */
int val_truthy(const value *v);

/* Append the text form of a scalar: numbers in the shortest form that
 * reads back the same (integers without a decimal point), booleans as
 * true/false, null as nothing. Lists and maps append nothing. */
struct buf;
void val_to_text(const value *v, struct buf *out);

/* Append v as JSON (UTF-8, keys in their order, numbers in the shortest
 * form that reads back the same; NaN and infinities as null). */
void val_to_json(const value *v, struct buf *out);

/* Deep copy (new tree, one reference). */
value *val_copy(const value *v);

#endif

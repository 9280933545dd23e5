/*
 * util.h - allocation that never returns NULL, and small file helpers.
 *
 * Every module allocates through these so that an out-of-memory
 * condition has one exit path (a message and exit status 1) instead of a
 * NULL check at every call site.
 */
#ifndef CSO_UTIL_H
#define CSO_UTIL_H

#include <stddef.h>

/* Allocate, or print "out of memory" and exit(1).  Caller frees. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Copy of s (or of its first n bytes, NUL-terminated).  Caller frees. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string.  Caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow an array *p of *cap elements of size sz so that it holds at least
 * need elements.  Doubles, so appends are amortised O(1). */
void xgrow(void *pp, size_t *cap, size_t need, size_t sz);

/* qsort that accepts an empty (even NULL) array: qsort's pointer must
 * not be NULL even when n is 0. */
void xsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

/* Read a whole file into a new NUL-terminated buffer (caller frees);
 * *len gets its size.  Returns NULL and sets errno on failure. */
char *file_read(const char *path, size_t *len);

/* Write len bytes to path, creating parent directories.  Returns 0, or -1
 * with errno set. */
int file_write(const char *path, const char *data, size_t len);
/* The same, with the file's stat as written (for the build cache: a
 * file's size, mtime and inode without a stat of its path later). */
struct stat;
int file_write_stat(const char *path, const char *data, size_t len, struct stat *st);

/* mkdir -p.  Returns 0 or -1 with errno. */
int mkdir_p(const char *path);

/* rm -rf.  Returns 0 or -1. Refuses "" and "/". */
int rm_rf(const char *path);

/* The names in directory dir, sorted bytewise, without "." and ".."
 * and without hidden names (starting with '.'): every tree csogen
 * walks is walked in this order, so output never depends on the file
 * system's.  Returns a NULL-terminated array (free with dir_list_free)
 * and sets *n, or returns NULL with errno set. */
char **dir_list(const char *dir, size_t *n);
/* The same, with each entry's type as readdir gives it (DT_REG,
 * DT_DIR, DT_LNK, DT_UNKNOWN...) in *types (caller frees): a walk need
 * not stat every file to tell files from directories. */
char **dir_list_types(const char *dir, size_t *n, unsigned char **types);
void dir_list_free(char **names);

/* Join two path parts with one '/'.  Caller frees. */
char *path_join(const char *a, const char *b);

/* Does path (a link, say) resolve to root_real (a real path) or below
 * it?  1 yes, 0 no, -1 when it cannot be resolved (dangling, a loop). */
int path_inside(const char *path, const char *root_real);

/* 1 if path names an existing directory / regular file. */
int is_dir(const char *path);
int is_file(const char *path);

/* Find the first byte of s[0..len) that is not valid UTF-8 (or is NUL);
 * returns its offset, or len when all is well. */
size_t utf8_invalid_at(const char *s, size_t len);

/* Line and column (1-based, column in characters) of offset off in s. */
void text_position(const char *s, size_t off, int *line, int *col);

/* Check that text[0..len) is UTF-8 without NUL bytes; if not, add an
 * error at path:line:col of the first bad byte and return -1. */
struct err_list;
int text_check(const char *text, size_t len, const char *path, struct err_list *errs);

/* Monotonic seconds, for the build summary only (never in output). */
double now_seconds(void);

/* CSOGEN_TIMING=1: print what took since *t (wall time, and the CPU
 * time of all threads since the last step: -j times the wall time when
 * a step keeps every core busy) on stderr, and set *t to now. */
void timing_step(const char *what, double *t);

#endif

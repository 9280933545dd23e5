/* util.c - see util.h */
#define _GNU_SOURCE
#include "util.h"
#include "err.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void oom(void)
{
	fputs("csogen: out of memory\n", stderr);
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		oom();
	va_end(ap);
	return s;
}

void xgrow(void *pp, size_t *cap, size_t need, size_t sz)
{
	void **p = pp;
	size_t c = *cap;
	if (need <= c)
		return;
	if (c < 8)
		c = 8;
	while (c < need)
		c *= 2;
	*p = xrealloc(*p, c * sz);
	*cap = c;
}

void xsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

char *file_read(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf;
	size_t cap, n = 0;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		errno = EISDIR;
		return NULL;
	}
	cap = (size_t)st.st_size + 1;
	buf = xmalloc(cap);
	for (;;) {
		ssize_t r;
		if (n + 1 >= cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			close(fd);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

/* Make the directory p[0..n) (p[n] is its NUL) after mkdir said
 * ENOENT: make its parent the same way, then it.  EEXIST is success at
 * every level, so threads making the same directories at once do not
 * fail each other. */
static int mkdir_missing(char *p, size_t n)
{
	size_t k = n;
	char save;
	int rc = 0;
	/* the parent: drop trailing slashes, the last name, and the
	 * slashes before it (keeping a leading "/") */
	while (k > 0 && p[k - 1] == '/')
		k--;
	while (k > 0 && p[k - 1] != '/')
		k--;
	while (k > 1 && p[k - 1] == '/')
		k--;
	if (k == 0 || k >= n) {
		errno = ENOENT;
		return -1;
	}
	save = p[k];
	p[k] = '\0';
	if (mkdir(p, 0755) < 0 && errno != EEXIST)
		rc = errno == ENOENT ? mkdir_missing(p, k) : -1;
	p[k] = save;
	if (rc < 0)
		return -1;
	if (mkdir(p, 0755) == 0 || errno == EEXIST)
		return 0;
	return -1;
}

/* Leaf first: the common case (the parent exists) is one system call;
 * only a missing parent sends it up the path. */
int mkdir_p(const char *path)
{
	size_t n = strlen(path);
	char *p;
	int rc;
	if (n == 0) {
		errno = ENOENT;
		return -1;
	}
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return -1;
	p = xstrndup(path, n);
	rc = mkdir_missing(p, n);
	free(p);
	return rc;
}

int file_write(const char *path, const char *data, size_t len)
{
	return file_write_stat(path, data, len, NULL);
}

int file_write_stat(const char *path, const char *data, size_t len, struct stat *st)
{
	int fd;
	const char *slash = strrchr(path, '/');
	if (slash && slash != path) {
		char *dir = xstrndup(path, (size_t)(slash - path));
		int rc = mkdir_p(dir);
		free(dir);
		if (rc < 0)
			return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	while (len > 0) {
		ssize_t w = write(fd, data, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	if (st && fstat(fd, st) < 0) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/* Remove what dirfd holds, by names relative to it: readdir's d_type
 * spares a stat per entry and the *at calls a path per entry, which
 * matters when the tree is a whole site of 20,000 entries. */
static int rm_children(int dirfd, int depth)
{
	DIR *d;
	struct dirent *e;
	int rc = 0;
	if (depth > 256 || !(d = fdopendir(dirfd))) {
		close(dirfd);
		return -1;
	}
	while ((e = readdir(d))) {
		int isdir;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (e->d_type == DT_UNKNOWN) {
			struct stat st;
			isdir = fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
				S_ISDIR(st.st_mode);
		} else
			isdir = e->d_type == DT_DIR;
		if (isdir) {
			int sub = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0 || rm_children(sub, depth + 1) < 0)
				rc = -1;
			if (unlinkat(dirfd, e->d_name, AT_REMOVEDIR) < 0)
				rc = -1;
		} else if (unlinkat(dirfd, e->d_name, 0) < 0)
			rc = -1;
	}
	closedir(d); /* closes dirfd */
	return rc;
}

int rm_rf(const char *path)
{
	struct stat st;
	int fd, rc;
	if (!path[0] || strcmp(path, "/") == 0)
		return -1;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return -1;
	rc = rm_children(fd, 0);
	if (rmdir(path) < 0)
		rc = -1;
	return rc;
}

typedef struct dent {
	char *name;
	unsigned char type;
} dent;

static int cmp_dent(const void *a, const void *b)
{
	return strcmp(((const dent *)a)->name, ((const dent *)b)->name);
}

char **dir_list_types(const char *dir, size_t *n, unsigned char **types)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	dent *v = NULL;
	char **names;
	size_t cap = 0, i;
	*n = 0;
	if (types)
		*types = NULL;
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		xgrow(&v, &cap, *n + 1, sizeof *v);
		v[*n].name = xstrdup(e->d_name);
		v[(*n)++].type = e->d_type;
	}
	closedir(d);
	xsort(v, *n, sizeof *v, cmp_dent);
	names = xcalloc(*n + 1, sizeof *names);
	if (types)
		*types = xcalloc(*n + 1, 1);
	for (i = 0; i < *n; i++) {
		names[i] = v[i].name;
		if (types)
			(*types)[i] = v[i].type;
	}
	free(v);
	return names;
}

char **dir_list(const char *dir, size_t *n)
{
	return dir_list_types(dir, n, NULL);
}

void dir_list_free(char **names)
{
	size_t i;
	for (i = 0; names && names[i]; i++)
		free(names[i]);
	free(names);
}

int path_inside(const char *path, const char *root_real)
{
	char real[PATH_MAX];
	size_t rl = strlen(root_real);
	if (!realpath(path, real))
		return -1;
	return !strncmp(real, root_real, rl) && (real[rl] == '/' || real[rl] == '\0');
}

char *path_join(const char *a, const char *b)
{
	size_t la = strlen(a);
	if (la == 0)
		return xstrdup(b);
	if (a[la - 1] == '/')
		return xasprintf("%s%s", a, b);
	return xasprintf("%s/%s", a, b);
}

int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of the whole process so far (all threads), in seconds. */
static double cpu_seconds(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) < 0)
		return 0;
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

void timing_step(const char *what, double *t)
{
	static int on = -1;
	static double cpu0;
	double n, c;
	if (on < 0)
		on = getenv("CSOGEN_TIMING") != NULL;
	if (!on)
		return;
	n = now_seconds();
	c = cpu_seconds();
	fprintf(stderr, "timing: %-15s %7.3f s  cpu %7.3f s\n", what, n - *t, c - cpu0);
	*t = n;
	cpu0 = c;
}

/* By the table of well-formed sequences (Unicode 3.9, table 3-7): the
 * second byte's range depends on the first, which rules out overlong
 * forms, surrogates and code points past U+10FFFF without decoding.
 * Runs of ASCII go eight bytes at a time. */
size_t utf8_invalid_at(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	size_t i = 0;
	while (i < len) {
		unsigned char c, c1, lo = 0x80, hi = 0xBF;
		while (i + 8 <= len) {
			uint64_t x;
			memcpy(&x, s + i, sizeof x);
			/* a byte >= 0x80, or a zero byte */
			if ((x & highs) || ((x - ones) & ~x & highs))
				break;
			i += 8;
		}
		if (i >= len)
			break;
		c = s[i];
		if (c < 0x80) {
			if (c == 0)
				return i;
			i++;
			continue;
		}
		if (c < 0xC2 || c > 0xF4)
			return i;
		if (c <= 0xDF) {
			if (i + 2 > len || (s[i + 1] & 0xC0) != 0x80)
				return i;
			i += 2;
			continue;
		}
		if (c <= 0xEF) {
			if (i + 3 > len)
				return i;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
			c1 = s[i + 1];
			if (c1 < lo || c1 > hi || (s[i + 2] & 0xC0) != 0x80)
				return i;
			i += 3;
			continue;
		}
		if (i + 4 > len)
			return i;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
		c1 = s[i + 1];
		if (c1 < lo || c1 > hi || (s[i + 2] & 0xC0) != 0x80 || (s[i + 3] & 0xC0) != 0x80)
			return i;
		i += 4;
	}
	return len;
}

void text_position(const char *s, size_t off, int *line, int *col)
{
	size_t i;
	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (s[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)s[i] & 0xC0) != 0x80)
			(*col)++;
	}
}


int text_check(const char *text, size_t len, const char *path, err_list *errs)
{
	size_t bad = utf8_invalid_at(text, len);
	int line, col;
	if (bad >= len)
		return 0;
	text_position(text, bad, &line, &col);
	err_add(errs, path, line, col, text[bad] ? "invalid UTF-8" : "NUL byte in text");
	return -1;
}

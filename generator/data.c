/* data.c - see data.h */
#define _DEFAULT_SOURCE
#include "data.h"
#include "buf.h"
#include "content.h"
#include "htab.h"
#include "util.h"
#include "yamlval.h"

#include <csv.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct reader {
	const char *path;
	const char *text;       /* the whole file, for columns */
	const char *const *want;
	err_list *errs;
	value *rows;
	char **header;
	size_t nheader, capheader;
	value *cur;             /* record being read, or NULL */
	size_t field;           /* index of the next field in the record */
	int header_done;
	int rec_line;           /* file line where the current record starts */
	size_t rec_off;         /* byte offset of that line */
	int failed;
} reader;

/* The character column where field number idx of the record starting at
 * byte off begins (quote-aware, 1-based). */
static int field_column(const char *text, size_t off, size_t idx)
{
	const char *p = text + off, *start = p;
	int inq = 0, col = 1;
	size_t f = 0;
	while (*p && f < idx) {
		if (*p == '"')
			inq = !inq;
		else if (*p == ',' && !inq)
			f++;
		else if ((*p == '\n' || *p == '\r') && !inq)
			break;
		p++;
	}
	for (; start < p; start++)
		if (((unsigned char)*start & 0xC0) != 0x80)
			col++;
	return col;
}

static void on_field(void *s, size_t len, void *data)
{
	reader *r = data;
	if (r->failed)
		return;
	if (!r->header_done) {
		xgrow(&r->header, &r->capheader, r->nheader + 1, sizeof *r->header);
		r->header[r->nheader++] = xstrndup(s ? s : "", s ? len : 0);
		return;
	}
	if (!r->cur) {
		r->cur = val_map();
		r->cur->line = r->rec_line;
		r->cur->col = 1;
		r->field = 0;
	}
	if (r->field < r->nheader) {
		value *v = val_strn(s ? s : "", s ? len : 0);
		v->line = r->rec_line;
		v->col = field_column(r->text, r->rec_off, r->field);
		if (memchr(v->u.str.s, '\0', v->u.str.len))
			err_add(r->errs, r->path, v->line, v->col, "NUL byte in a field");
		val_set(r->cur, r->header[r->field], v);
	} else if (r->field == r->nheader) {
		err_add(r->errs, r->path, r->rec_line,
			field_column(r->text, r->rec_off, r->field),
			"more fields than the %zu columns of the header", r->nheader);
	}
	r->field++;
}

static void on_record(int c, void *data)
{
	reader *r = data;
	(void)c;
	if (r->failed)
		return;
	if (!r->header_done) {
		size_t i;
		r->header_done = 1;
		if (r->want) {
			size_t nwant = 0;
			int ok;
			while (r->want[nwant])
				nwant++;
			ok = nwant == r->nheader;
			for (i = 0; ok && i < nwant; i++)
				if (strcmp(r->want[i], r->header[i]))
					ok = 0;
			if (!ok) {
				buf b = BUF_INIT;
				for (i = 0; r->want[i]; i++)
					buf_printf(&b, "%s%s", i ? "," : "", r->want[i]);
				err_add(r->errs, r->path, 1, 1, "wrong header: expected %s", b.ptr);
				buf_free(&b);
				r->failed = 1;
			}
		}
		for (i = 0; i < r->nheader && !r->failed; i++) {
			size_t k;
			for (k = 0; k < i; k++)
				if (!strcmp(r->header[i], r->header[k])) {
					err_add(r->errs, r->path, 1, field_column(r->text, 0, i),
						"column '%s' appears twice in the header", r->header[i]);
					r->failed = 1;
				}
		}
		return;
	}
	if (!r->cur)
		return;
	if (r->field < r->nheader) {
		err_add(r->errs, r->path, r->rec_line, 1,
			"%zu fields, but the header has %zu columns", r->field, r->nheader);
	}
	if (val_len(r->rows) >= DATA_MAX_ROWS) {
		if (!r->failed)
			err_add(r->errs, r->path, r->rec_line, 1,
				"more than %d records; split the file", DATA_MAX_ROWS);
		r->failed = 1;
		val_unref(r->cur);
	} else
		val_push(r->rows, r->cur);
	r->cur = NULL;
}

value *data_parse_csv(const char *text, size_t len, const char *path,
		      const char *const *header, err_list *errs)
{
	struct csv_parser p;
	reader r;
	size_t off = 0, i;
	int line = 1, before = errs->nerrors;

	memset(&r, 0, sizeof r);
	r.path = path;
	r.text = text;
	r.want = header;
	r.errs = errs;
	r.rows = val_list();

	if (text_check(text, len, path, errs) < 0) {
		val_unref(r.rows);
		return NULL;
	}
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		off = 3;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		err_add(errs, path, 0, 0, "cannot start the CSV parser");
		val_unref(r.rows);
		return NULL;
	}
	/* Feed line by line, so that the line where each record starts is
	 * known: libcsv's parser state 0 (ROW_NOT_BEGUN) means the next byte
	 * begins a record. */
	while (off < len && !r.failed) {
		/* a line ends at LF, CRLF, or a lone CR (old Mac spreadsheets) */
		size_t n = 0;
		while (off + n < len && text[off + n] != '\n' && text[off + n] != '\r')
			n++;
		if (off + n < len) {
			if (text[off + n] == '\r' && off + n + 1 < len && text[off + n + 1] == '\n')
				n++;
			n++;
		}
		if (p.pstate == 0) {
			r.rec_line = line;
			r.rec_off = off;
		}
		if (csv_parse(&p, text + off, n, on_field, on_record, &r) != n) {
			err_add(errs, path, line, 1, "malformed CSV: %s (a quote must open a field "
				"and be doubled inside it)", csv_strerror(csv_error(&p)));
			r.failed = 1;
			break;
		}
		off += n;
		line++;
	}
	if (!r.failed && csv_fini(&p, on_field, on_record, &r) != 0) {
		err_add(errs, path, r.rec_line, 1, "malformed CSV: a quoted field is never closed");
		r.failed = 1;
	}
	csv_free(&p);
	val_unref(r.cur);
	for (i = 0; i < r.nheader; i++)
		free(r.header[i]);
	free(r.header);
	if (!r.header_done && !r.failed) {
		err_add(errs, path, 1, 1, "empty file: a CSV file starts with a header row");
		r.failed = 1;
	}
	if (r.failed || errs->nerrors > before) {
		val_unref(r.rows);
		return NULL;
	}
	return r.rows;
}

value *data_load_csv(const char *path, const char *const *header, err_list *errs)
{
	size_t len;
	char *text = file_read(path, &len);
	value *v;
	if (!text) {
		err_add(errs, path, 0, 0, "cannot read: %s", strerror(errno));
		return NULL;
	}
	v = data_parse_csv(text, len, path, header, errs);
	free(text);
	return v;
}

int data_number(const value *cell, const char *path, const char *what,
		double *out, err_list *errs)
{
	const char *s = val_cstr(cell);
	char *end;
	if (cell && cell->kind == VAL_NUM) {
		*out = cell->u.n;
		return 0;
	}
	if (!s || !*s) {
		err_add(errs, path, cell ? cell->line : 0, cell ? cell->col : 0,
			"%s is missing", what);
		return -1;
	}
	*out = strtod(s, &end);
	if (*end || end == s || s[0] == ' ') {
		err_add(errs, path, cell->line, cell->col, "%s '%s' is not a number", what, s);
		return -1;
	}
	return 0;
}


typedef struct walk {
	const char *root;       /* the directory given, for messages */
	const char *root_real;
	htab *seen;             /* "dev:inode" of directories read: links may loop */
	data_header_fn headers;
	err_list *errs;
} walk;

/* Read dir (rel: its path under the data directory) into `into`.
 * Symbolic links are followed only when they resolve inside the data
 * directory, so that a link cannot publish a file from elsewhere on the
 * machine (out/data/raw/ is a copy of the tree). */
static void load_dir(walk *w, const char *dir, const char *rel, value *into, int depth)
{
	size_t n, i;
	char **names = dir_list(dir, &n);
	if (!names)
		return;
	for (i = 0; i < n; i++) {
		char *path = path_join(dir, names[i]);
		size_t len = strlen(names[i]);
		char *r = rel[0] ? xasprintf("%s/%s", rel, names[i]) : xstrdup(names[i]);
		struct stat st;
		int isdir;
		if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
			int in = path_inside(path, w->root_real);
			if (in < 0)
				err_add(w->errs, path, 0, 0,
					"symbolic link that cannot be followed (%s); not read", strerror(errno));
			else if (!in)
				err_add(w->errs, path, 0, 0,
					"symbolic link points outside %s/; not read", w->root);
			if (in != 1)
				goto next;
		}
		if (stat(path, &st) < 0) {
			err_add(w->errs, path, 0, 0, "cannot read: %s", strerror(errno));
			goto next;
		}
		isdir = S_ISDIR(st.st_mode);
		if (isdir) {
			char key[64];
			snprintf(key, sizeof key, "%lu:%lu", (unsigned long)st.st_dev,
				 (unsigned long)st.st_ino);
			if (htab_get(w->seen, key)) {
				err_add(w->errs, path, 0, 0,
					"this directory is reached twice (a symbolic link loop?); not read again");
				goto next;
			}
			htab_put(w->seen, key, (void *)1);
		}
		if (isdir && depth < 8) {
			value *sub = val_map();
			load_dir(w, path, r, sub, depth + 1);
			val_set(into, names[i], sub);
		} else if (isdir) {
			/* deeper than any data set is kept: not data */
		} else if (!S_ISREG(st.st_mode)) {
			/* a FIFO or device: not data */
		} else if (len > 4 && !strcmp(names[i] + len - 4, ".csv")) {
			value *v = data_load_csv(path, w->headers ? w->headers(r) : NULL, w->errs);
			names[i][len - 4] = '\0';
			if (v)
				val_set(into, names[i], v);
		} else if (len > 5 && !strcmp(names[i] + len - 5, ".yaml")) {
			value *v = yv_load_file(path, w->errs);
			names[i][len - 5] = '\0';
			if (v)
				val_set(into, names[i], v);
		}
	next:
		free(r);
		free(path);
	}
	dir_list_free(names);
}

value *data_load_dir(const char *dir, data_header_fn headers, err_list *errs)
{
	value *m = val_map();
	char real[PATH_MAX];
	struct stat st;
	walk w;
	if (!realpath(dir, real) || stat(real, &st) < 0 || !S_ISDIR(st.st_mode))
		return m;
	w.root = dir;
	w.root_real = real;
	w.seen = htab_new();
	w.headers = headers;
	w.errs = errs;
	{
		char key[64];
		snprintf(key, sizeof key, "%lu:%lu", (unsigned long)st.st_dev,
			 (unsigned long)st.st_ino);
		htab_put(w.seen, key, (void *)1);
	}
	load_dir(&w, dir, "", m, 0);
	htab_free(w.seen);
	return m;
}

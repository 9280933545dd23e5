/* yamlval.c - see yamlval.h */
#include "yamlval.h"
#include "buf.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct frame {
	value *node;   /* list or map being filled */
	char *key;     /* pending map key, or NULL */
	int key_line, key_col;
	size_t weight; /* nodes in this subtree once aliases are expanded */
	char *anchor;  /* anchor of this container, if any */
} frame;

typedef struct anchor {
	char *name;
	value *v;
	size_t weight;
} anchor;

typedef struct parser {
	const char *path;
	int line_off;
	err_list *errs;
	frame stack[YV_MAX_DEPTH + 1];
	int depth;
	anchor *anchors;
	size_t nanchors, capanchors;
	value *root;
	size_t root_weight;
	int failed;
} parser;

static int is_int(const char *s, double *out)
{
	char *end;
	long long v;
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	if (!*p)
		return 0;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'o') && p[2]) {
		int base = p[1] == 'x' ? 16 : 8;
		errno = 0;
		v = strtoll(p + 2, &end, base);
		if (*end || errno)
			return 0;
		*out = (double)(s[0] == '-' ? -v : v);
		return 1;
	}
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	*out = strtod(s, NULL);
	return 1;
}

static int is_float(const char *s, double *out)
{
	const char *p = s;
	int digits = 0, dot = 0, exp = 0;
	if (!strcmp(s, ".inf") || !strcmp(s, ".Inf") || !strcmp(s, ".INF") ||
	    !strcmp(s, "+.inf")) {
		*out = INFINITY;
		return 1;
	}
	if (!strcmp(s, "-.inf") || !strcmp(s, "-.Inf") || !strcmp(s, "-.INF")) {
		*out = -INFINITY;
		return 1;
	}
	if (!strcmp(s, ".nan") || !strcmp(s, ".NaN") || !strcmp(s, ".NAN")) {
		*out = NAN;
		return 1;
	}
	if (*p == '+' || *p == '-')
		p++;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p == '.' && !dot && !exp)
			dot = 1;
		else if ((*p == 'e' || *p == 'E') && digits && !exp) {
			exp = 1;
			if (p[1] == '+' || p[1] == '-')
				p++;
			if (!p[1])
				return 0;
		} else
			return 0;
	}
	if (!digits)
		return 0;
	*out = strtod(s, NULL);
	return 1;
}

/* Type a plain scalar by the core schema. */
static value *plain_scalar(const char *s, size_t len)
{
	double n;
	if (len == 0 || !strcmp(s, "~") || !strcmp(s, "null") ||
	    !strcmp(s, "Null") || !strcmp(s, "NULL"))
		return val_null();
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
		return val_bool(1);
	if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
		return val_bool(0);
	if (is_int(s, &n) || is_float(s, &n))
		return val_num(n);
	return val_strn(s, len);
}

static void perr(parser *p, int line, int col, const char *fmt, const char *arg)
{
	err_add(p->errs, p->path, line + p->line_off, col, fmt, arg);
	p->failed = 1;
}

/* Attach v (one reference handed over) of the given expanded weight to
 * the container on top of the stack, or make it the root. */
static void attach(parser *p, value *v, size_t weight, int line, int col)
{
	frame *f;
	if (p->depth == 0) {
		if (!p->root) {
			p->root = v;
			p->root_weight = weight;
		} else
			val_unref(v);
		return;
	}
	f = &p->stack[p->depth - 1];
	f->weight += weight;
	if (f->weight > YV_MAX_NODES && !p->failed)
		perr(p, line, col, "document too large once its aliases are expanded%s", "");
	if (f->node->kind == VAL_LIST) {
		val_push(f->node, v);
		return;
	}
	if (!f->key) {
		/* v is a key */
		if (v->kind != VAL_STR && v->kind != VAL_NUM && v->kind != VAL_BOOL &&
		    v->kind != VAL_NULL) {
			perr(p, line, col, "a mapping key must be a plain value%s", "");
			f->key = xstrdup("");
		} else {
			buf b = BUF_INIT;
			val_to_text(v, &b);
			if (v->kind == VAL_NULL)
				buf_puts(&b, "");
			f->key = buf_detach(&b);
		}
		f->key_line = line;
		f->key_col = col;
		if (val_get(f->node, f->key))
			perr(p, line, col, "duplicate key '%s'", f->key);
		val_unref(v);
		return;
	}
	val_set(f->node, f->key, v);
	free(f->key);
	f->key = NULL;
}

static void add_anchor(parser *p, const char *name, value *v, size_t weight)
{
	size_t i;
	for (i = 0; i < p->nanchors; i++) {
		if (!strcmp(p->anchors[i].name, name)) {
			val_unref(p->anchors[i].v);
			p->anchors[i].v = val_ref(v);
			p->anchors[i].weight = weight;
			return;
		}
	}
	xgrow(&p->anchors, &p->capanchors, p->nanchors + 1, sizeof *p->anchors);
	p->anchors[p->nanchors].name = xstrdup(name);
	p->anchors[p->nanchors].v = val_ref(v);
	p->anchors[p->nanchors].weight = weight;
	p->nanchors++;
}

static void cleanup(parser *p)
{
	size_t i;
	while (p->depth > 0) {
		frame *f = &p->stack[--p->depth];
		val_unref(f->node);
		free(f->key);
		free(f->anchor);
	}
	for (i = 0; i < p->nanchors; i++) {
		free(p->anchors[i].name);
		val_unref(p->anchors[i].v);
	}
	free(p->anchors);
}

value *yv_parse(const char *text, size_t len, const char *path,
		int line_offset, err_list *errs)
{
	yaml_parser_t yp;
	yaml_event_t ev;
	parser p;
	int done = 0;

	memset(&p, 0, sizeof p);
	p.path = path;
	p.line_off = line_offset;
	p.errs = errs;

	if (!yaml_parser_initialize(&yp)) {
		err_add(errs, path, 0, 0, "cannot start the YAML parser");
		return NULL;
	}
	yaml_parser_set_input_string(&yp, (const unsigned char *)text, len);

	while (!done && !p.failed) {
		int line, col;
		if (!yaml_parser_parse(&yp, &ev)) {
			int l = (int)yp.problem_mark.line + 1;
			int c = (int)yp.problem_mark.column + 1;
			buf m = BUF_INIT;
			buf_puts(&m, yp.problem ? yp.problem : "invalid YAML");
			if (yp.context)
				buf_printf(&m, " (%s at line %d)", yp.context,
					   (int)yp.context_mark.line + 1 + line_offset);
			perr(&p, l, c, "YAML: %s", buf_cstr(&m));
			buf_free(&m);
			break;
		}
		line = (int)ev.start_mark.line + 1;
		col = (int)ev.start_mark.column + 1;
		switch (ev.type) {
		case YAML_DOCUMENT_END_EVENT:
			/* Only the first document counts. */
			done = 1;
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_SCALAR_EVENT: {
			const char *s = (const char *)ev.data.scalar.value;
			size_t n = ev.data.scalar.length;
			value *v;
			if (memchr(s, '\0', n)) {
				perr(&p, line, col, "NUL byte in a YAML value%s", "");
				break;
			}
			if (ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
			    !ev.data.scalar.tag)
				v = plain_scalar(s, n);
			else if (ev.data.scalar.tag &&
				 !strcmp((const char *)ev.data.scalar.tag, YAML_NULL_TAG))
				v = val_null();
			else
				v = val_strn(s, n);
			v->line = line + line_offset;
			v->col = col;
			if (ev.data.scalar.anchor)
				add_anchor(&p, (const char *)ev.data.scalar.anchor, v, 1);
			attach(&p, v, 1, line, col);
			break;
		}
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			frame *f;
			const unsigned char *anc = ev.type == YAML_SEQUENCE_START_EVENT
				? ev.data.sequence_start.anchor
				: ev.data.mapping_start.anchor;
			if (p.depth >= YV_MAX_DEPTH) {
				perr(&p, line, col, "YAML nested too deeply (more than %s levels)",
				     "100");
				break;
			}
			f = &p.stack[p.depth++];
			memset(f, 0, sizeof *f);
			f->node = ev.type == YAML_SEQUENCE_START_EVENT ? val_list() : val_map();
			f->node->line = line + line_offset;
			f->node->col = col;
			f->weight = 1;
			f->anchor = anc ? xstrdup((const char *)anc) : NULL;
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT: {
			frame f = p.stack[--p.depth];
			if (f.key) {
				/* a key with no value cannot happen in valid YAML */
				free(f.key);
			}
			if (f.anchor) {
				add_anchor(&p, f.anchor, f.node, f.weight);
				free(f.anchor);
			}
			attach(&p, f.node, f.weight, f.node->line - line_offset, f.node->col);
			break;
		}
		case YAML_ALIAS_EVENT: {
			const char *name = (const char *)ev.data.alias.anchor;
			size_t i;
			for (i = 0; i < p.nanchors; i++)
				if (!strcmp(p.anchors[i].name, name))
					break;
			if (i == p.nanchors) {
				perr(&p, line, col, "unknown alias '*%s'", name);
				break;
			}
			attach(&p, val_ref(p.anchors[i].v), p.anchors[i].weight, line, col);
			break;
		}
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	if (p.failed && !done) {
		/* ev was deleted in the loop except when parse failed */
	}
	yaml_parser_delete(&yp);
	cleanup(&p);
	if (p.failed) {
		val_unref(p.root);
		return NULL;
	}
	if (!p.root)
		p.root = val_null();
	return p.root;
}

value *yv_load_file(const char *path, err_list *errs)
{
	size_t len;
	char *text = file_read(path, &len);
	value *v;
	if (!text) {
		err_add(errs, path, 0, 0, "cannot read: %s", strerror(errno));
		return NULL;
	}
	if (text_check(text, len, path, errs) < 0) {
		free(text);
		return NULL;
	}
	v = yv_parse(text, len, path, 0, errs);
	free(text);
	return v;
}

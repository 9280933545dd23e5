/*
 * tmpl.h - Mustache templates: compile once, render many times.
 *
 * Conforms to the official Mustache spec (interpolation, sections,
 * inverted sections, comments, partials, set delimiters, inheritance
 * with parents and blocks, dynamic names); lambdas are not supported.
 * {{name}} is HTML-escaped; {{{name}}} and {{& name}} are not.
 *
 * A tmpl_set holds named templates (the theme's layouts and partials,
 * named by their path under layouts/ without the extension, e.g.
 * "_default/single", "partials/header").  Partials and parents are
 * looked up in the set by name at render time; an unknown partial
 * renders as nothing, as the spec requires.  Rendering reads the set
 * and the context only, so many threads may render from one set at once.
 */
#ifndef CSO_TMPL_H
#define CSO_TMPL_H

#include "buf.h"
#include "err.h"
#include "value.h"

typedef struct tmpl tmpl;
typedef struct tmpl_set tmpl_set;

/* Partials, parents and block overrides may nest this deep at render
 * time; deeper means a template includes itself without end, which is
 * reported as an error instead of exhausting the stack. */
#define TMPL_MAX_DEPTH 64
/* Sections, parents and blocks may nest this deep inside one template
 * (a compile error beyond). */
#define TMPL_MAX_NESTING 100

/* Bounds on one render: nodes rendered and bytes written. */
#define TMPL_MAX_STEPS 5000000
#define TMPL_MAX_OUTPUT (256 << 20)

/*
 * Whitespace, as the spec defines it: a section, inverted section,
 * comment, partial, parent, block or set-delimiter tag alone on its line
 * (but for blanks) removes the whole line.  The blanks before a
 * standalone partial or parent are its indentation: each line of the
 * included template is indented by them (empty lines are left alone).
 * Parent and block tags may share a standalone line ("{{<base}}{{$main}}",
 * "{{/main}}{{/base}}").  The content of a standalone block loses the
 * indentation its lines share and takes that of the place where it is
 * expanded.
 *
 * Names: "." is the current item; "a.b.c" finds "a" up the context
 * stack, then descends into it (no backtracking).  A section over a list
 * repeats for each item; over any other true value (see val_truthy) it
 * renders once with the value pushed.  Numbers print via val_to_text.
 * Block overrides are visible through partials and nested parents; the
 * outermost override of a name wins.
 */

/* A new empty set (caller frees with tmpl_set_free). */
tmpl_set *tmpl_set_new(void);
void tmpl_set_free(tmpl_set *s);

/* Compile src[0..len) and add it to the set under name, replacing any
 * template of that name.  path is the file name used in errors (may be
 * NULL: then name is used).  Syntax errors (unclosed tags or sections,
 * mismatched closing tags, bad delimiters) go to errs as path:line:col,
 * all that are found; returns 0 on success, -1 on error (nothing added). */
int tmpl_set_add(tmpl_set *s, const char *name, const char *src, size_t len,
		 const char *path, err_list *errs);

/* The template of that name, or NULL (borrowed from the set). */
const tmpl *tmpl_set_get(const tmpl_set *s, const char *name);

/* Render t with the context ctx (the bottom of the context stack),
 * appending to out.  Partials and parents resolve in s.  Recursion
 * through partials is bounded (a partial that includes itself without
 * end stops at a fixed depth and reports an error to errs, which may be
 * NULL).  Returns 0, or -1 if an error was reported. */
int tmpl_render(const tmpl_set *s, const tmpl *t, const value *ctx, buf *out,
		err_list *errs);

/* Values watched while rendering: where one is written, or decides
 * what is written, hit() is told (patch.h records a page's body so).
 * Values are compared by node, not by content.  dep is TMPL_WRITTEN
 * (the value's text is out[off, off + len), escaped or not),
 * TMPL_TRUTH (whether it is empty decided a section) or TMPL_WHOLE
 * (its whole value decided something: a list iterated, a partial's
 * name).  off is from where this render began in out. */
enum { TMPL_WRITTEN, TMPL_TRUTH, TMPL_WHOLE };
#define TMPL_WATCH_MAX 4
typedef struct tmpl_watch {
	const value *v[TMPL_WATCH_MAX];
	int id[TMPL_WATCH_MAX];
	size_t n;
	void (*hit)(void *ctx, int id, size_t off, size_t len, int escaped, int dep);
	void *ctx;
} tmpl_watch;

/* tmpl_render, telling w (may be NULL) about the watched values. */
int tmpl_render_watch(const tmpl_set *s, const tmpl *t, const value *ctx, buf *out,
		      err_list *errs, const tmpl_watch *w);

/* Compile src once and render it with ctx in one call (no partials other
 * than those in s, which may be NULL).  Convenient for tests. */
int tmpl_render_string(const tmpl_set *s, const char *src, const value *ctx,
		       buf *out, err_list *errs);

#endif

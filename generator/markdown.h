/*
 * markdown.h - Markdown to HTML with cmark-gfm, plus what templates need
 * from a page body: heading ids, a table of contents, a plain summary,
 * the word count and the links it makes.
 *
 * GFM extensions on: table, strikethrough, autolink, tagfilter, tasklist,
 * and footnotes.  Raw HTML is replaced by a comment (and a warning)
 * unless the site allows it; links and images to javascript:, vbscript:
 * or (for links) data: URLs lose their target, with a warning.
 * Fenced blocks whose info string a hook claims (```chart, ```table) are
 * replaced by the HTML the hook makes.
 */
#ifndef CSO_MARKDOWN_H
#define CSO_MARKDOWN_H

#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "value.h"

/* Deeper nesting of block quotes and lists is an error (see markdown.c). */
#define MD_MAX_NESTING 100

/* A fenced-block hook: return 1 and append HTML to out when the block
 * with this info string is yours, 0 to leave it as a code block.  line
 * is the file line of the block's first body line.  Must be thread-safe. */
typedef int (*md_fence_fn)(void *ctx, const char *info, const char *body,
			   const char *path, int line, buf *out, err_list *errs);

typedef struct md_opts {
	int smart;        /* typographic quotes and dashes */
	int unsafe_html;  /* pass raw HTML through (tagfilter still applies) */
	md_fence_fn fence;
	void *fence_ctx;
	/* Tables are wrapped in a focusable, labelled region so that a wide
	 * table scrolls on a phone and keyboard users can scroll it too. */
	const char *table_label;
	/* The footnote back-links' label ("Back to content"), in the page's
	 * language; NULL keeps cmark-gfm's English. */
	const char *footnote_back_label;
} md_opts;

typedef struct md_doc {
	char *html;       /* body HTML */
	value *toc;       /* list of {level, id, text} for h2..h4 */
	char *toc_html;   /* nested <ul> of the same, "" when fewer than 2 */
	char *summary;    /* plain text of the first paragraph, <= ~200 chars */
	size_t words;
	value *links;     /* list of {url, line, col} of every link and image */
} md_doc;

/* Call once, before any thread renders Markdown: cmark-gfm registers
 * its extensions in a global table. */
void md_init(void);

/* Render text[0..len), which must be valid UTF-8 without NUL bytes
 * (content.c checks every file first: cmark's own check is off, for
 * speed), the body of the file path that starts at file
 * line line_offset + 1.  Fills doc (free with md_doc_free).  Problems
 * go to errs as warnings or errors; returns 0 unless an error was added. */
int md_render(const char *text, size_t len, const md_opts *opts,
	      const char *path, int line_offset, md_doc *doc, err_list *errs);

void md_doc_free(md_doc *doc);

#endif

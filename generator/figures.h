/*
 * figures.h - charts in pages: each chart becomes an SVG (shown in the
 * page) and a 2x PNG (download and social card) under out/charts/, and a
 * <figure> with a caption, alt text stating the key finding, and the
 * numbers as an HTML table under <details>.
 *
 * Charts come from ```chart blocks in Markdown (a YAML spec, see
 * chart.h; `source:` with `label:` and `series: [{key:, name:}]` takes
 * the numbers from the computed results or data sets instead of typing
 * them) and from the data pages (benchmarking).  Charts are collected in
 * a registry while pages are read (from many threads) and drawn and
 * written with the rest of the output.
 */
#ifndef CSO_FIGURES_H
#define CSO_FIGURES_H

#include "buf.h"
#include "err.h"
#include "output.h"
#include "value.h"

typedef struct figures figures;
struct progress;

figures *fig_new(void);
void fig_free(figures *f);

/* What a ```chart block may draw from, in one language. */
typedef struct fig_env {
	figures *reg;
	const value *results;    /* localized computed results, or NULL */
	const value *data;       /* localized data sets, or NULL */
	const char *lang;
	const char *const *langs; /* all language codes, NULL-terminated */
	const char *data_label;  /* "Data" / "მონაცემები" (the <details> summary) */
	const char *png_label;   /* "Download PNG" */
} fig_env;

/* Make the chart of spec (per-language texts allowed: {ka: .., en: ..};
 * a data `source` is resolved first), register its files as
 * charts/NAME.LANG.svg and .png, and append the figure HTML to html.
 * *png_url (may be NULL) gets the PNG's URL (caller frees).  Errors go
 * to errs at path:line:col; returns 0 or -1. */
int fig_chart(const fig_env *env, const value *spec, const char *path,
	      const char *name, buf *html, char **png_url, err_list *errs);

/* A markdown.h fence hook for info string "chart"; ctx is a fig_env.
 * The chart's name comes from the file and line. */
int fig_fence(void *ctx, const char *info, const char *body, const char *path,
	      int line, buf *out, err_list *errs);

/* Draw every registered chart (SVG and 2x PNG) on up to jobs threads and
 * write the files; returns the number written.  Each chart drawn counts
 * one on prog (a "charts" phase; progress.h; NULL for none). */
long fig_write(figures *f, outdir *o, int jobs, struct progress *prog, err_list *errs);

#endif

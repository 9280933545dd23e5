/*
 * chart.h - charts of civic-engagement scores, participatory budgets and
 * the like, drawn one way for every output: SVG for the site, PNG for
 * social cards and downloads, vector drawing onto a cairo_t for PDFs.
 *
 * A chart is built once from a spec (a VAL_MAP, usually parsed from
 * YAML) and is then read-only: every function below may be called on
 * the same chart from several threads at once.  Each render makes its
 * own Pango font map and context, so nothing is shared between renders
 * but fontconfig's and cairo's own (thread-safe) caches.
 *
 * The spec:
 *
 *   type:      bar | hbar | grouped | stacked | line | radar | donut
 *   title:     required (it becomes the SVG <title> and table caption)
 *   subtitle, x_label, y_label, unit, note:   optional strings
 *              (unit "%" is written after numbers without a space, any
 *              other unit - "GEL", "ლარი" - after a no-break space; note
 *              is the source line at the bottom)
 *   labels:    [category labels], at most 200 (radar: the axes, 3 to
 *              12; donut: the slices, at most 7).  Numbers such as
 *              years are taken as text.
 *   series:    [{name: "Phase 1", values: [numbers or null]}]
 *              one value per label; null is "no data" (a dash in the
 *              drawing, a gap in a line).  bar, hbar and donut take
 *              exactly one series (its name may be left out); the
 *              others at most 7 (the palette's colours), each named
 *              when there are several (the legend).
 *   width, height: CSS pixels, default 720 x 405 (an hbar chart without
 *              a height grows with its number of rows); width 200-4000,
 *              height 150-4000.  A small chart sheds text to keep its
 *              plot: the title's and note's second lines, the subtitle,
 *              then the legend.
 *   max:       optional axis maximum (above zero, not below the largest
 *              value; stacked: the largest total); not for donuts
 *   decimals:  0-3, decimals of value labels (default: as many as the
 *              data have, at most 3)
 *   id:        optional id prefix for the SVG's ids (letters, digits,
 *              '-', '_'); by default "chart-" and a hash of the spec, so
 *              charts inlined in one HTML page do not share ids
 *
 * Stacked, donut and radar charts refuse negative values.
 *
 * Numbers: decimal point in both languages; thousands are grouped with
 * "," in English and a no-break space in Georgian ("1 250 000");
 * rounding is half away from zero, as bench_round.  In the drawing,
 * ticks and value labels carry the unit only when it is "%"; another
 * unit goes into the value axis title ("Budget (GEL)").  The alt text
 * and the table always write the unit.
 *
 * Every string a chart keeps is its own copy; nothing returned points
 * into the chart unless said so.
 */
#ifndef CSO_CHART_H
#define CSO_CHART_H

#include <cairo.h>

#include "buf.h"
#include "err.h"
#include "value.h"

typedef struct chart chart;

/* Build a chart from spec.  Every problem found goes to errs as
 * path:line:col (the position of the offending value, or of the spec
 * itself when a key is missing); unknown keys are warnings.  lang is
 * "ka" or "en" (NULL or anything else: "en") and picks the language of
 * the alt text and table headers and the number format.
 * Returns a new chart (the caller frees it with chart_free) or NULL when
 * there was an error.  The chart copies what it needs: spec may be
 * unref'd at once. */
chart *chart_new(const value *spec, const char *path, const char *lang,
		 err_list *errs);
void chart_free(chart *c);

/* The chart's size in CSS pixels. */
double chart_width(const chart *c);
double chart_height(const chart *c);

/* Append a standalone SVG document (UTF-8, no XML declaration, so it can
 * be saved as a .svg file or inlined into HTML) to out.  Its first
 * children are <title> (the chart title) and <desc> (chart_alt), the
 * root has role="img" and aria-labelledby naming them, and width,
 * height and viewBox in CSS pixels.  Text is drawn as glyph outlines, so
 * the file needs no fonts.  Every id in it (cairo's glyphs, clips...)
 * is renamed ID-1, ID-2... in document order, ID being the spec's id or
 * the hash, so several charts can be inlined into one page, and
 * coordinates are rounded to 1/100 px.  The bytes are the same for the
 * same chart every time, in any thread.  Returns 0, or -1 (out left as
 * it was). */
int chart_svg(const chart *c, buf *out);

/* Append a PNG of the chart at scale (2.0 for 2x: 1440 x 810 pixels for
 * the default size) on a white background to out.  0 < scale <= 8.
 * Returns 0, or -1 (out left as it was). */
int chart_png(const chart *c, double scale, buf *out);

/* Draw the chart into the rectangle (x, y, w, h) of cr, scaled evenly
 * to fit and centred, without a background.  Only paths and
 * text (Pango) are drawn, so a PDF or SVG target stays vector.  cr's
 * state (matrix, source, clip...) is as it was afterwards; a path the
 * caller had begun is dropped. */
void chart_draw(const chart *c, cairo_t *cr, double x, double y, double w,
		double h);

/* One sentence, in the chart's language, stating the key finding; used
 * for <desc> and alt attributes.  Caller frees.  By type:
 *   bar, hbar: the highest and lowest ("Bar chart: Ozurgeti is highest
 *     at 72.5%, Keda lowest at 31.0%."; Georgian "სვეტოვანი დიაგრამა:
 *     ყველაზე მაღალი — ოზურგეთი, 72.5%; ყველაზე დაბალი — ქედა, 31.0%.")
 *   grouped: the category that changes most from the first series to
 *     the last; stacked: the highest and lowest total; line: each
 *     series from its first value to its last; radar: the strongest and
 *     weakest axis of the last series; donut: the largest and smallest
 *     share. */
char *chart_alt(const chart *c);

/* Append the data as an accessible HTML table: <table class="chart-data">
 * with a <caption> (the title), a <thead> row of <th scope="col">, one
 * <tbody> row per label headed by <th scope="row">, numbers in
 * <td class="num"> with the unit ("no data" cells have class "num na").
 * Everything is escaped.  Stacked charts get a total column, donut
 * charts a share column. */
void chart_table_html(const chart *c, buf *out);

/* The number of characters of the chart's text that the installed fonts
 * cannot draw (they would show as boxes).  0 when the fonts are in
 * place; a build may warn otherwise. */
int chart_missing_glyphs(const chart *c);

#endif

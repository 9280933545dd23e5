/*
 * xlsx.h - the Excel workbooks for donors and partner municipalities.
 *
 * Reports are declared in content/reports/NAME.yaml:
 *
 *   name: benchmarking              # file name: out/reports/NAME.LANG.xlsx
 *   workbook: benchmarking          # or: progress (the donor progress report)
 *   languages: [ka, en]             # or language: en; default: every site language
 *   title: {ka: ..., en: ...}       # text, or text per language (required)
 *   subject, period, author, company, keywords: the same (optional)
 *   date: 2023-09-30                # the document date (required), so that
 *                                   # two builds give the same bytes
 *   phase_years: [2021, 2023]       # optional, shown next to "Phase 1/2"
 *
 * Every computed cell is a live formula over the workbook's own sheets
 * and also stores the value bench.c computed for the site, so viewers
 * that do not recalculate show the site's numbers.
 */
#ifndef CSO_XLSX_H
#define CSO_XLSX_H

#include "err.h"
#include "output.h"
#include "site.h"
#include "value.h"

/* Read content/reports/NAME.yaml (a missing folder means no reports) and
 * write each report in each of its languages to reports/NAME.LANG.xlsx
 * under o->tmp.  Problems go to errs as path:line:col.  Returns the
 * number of files written, or -1 when anything failed. */
long xlsx_write_reports(const site *s, outdir *o, err_list *errs);

/* The reports available in language lang (an index into s->cfg->langs),
 * for templates: a list of {title, url, name, workbook, lang}, in file
 * name order; url is "/reports/NAME.LANG.xlsx".  Invalid report files are
 * left out (xlsx_write_reports reports them).  Caller unrefs; never NULL. */
value *xlsx_report_links(const site *s, int lang);

#endif

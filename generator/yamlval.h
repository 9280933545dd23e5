/*
 * yamlval.h - YAML text to the value tree, through libyaml.
 *
 * Plain scalars are typed by the YAML 1.2 core schema (null, true/false,
 * integers, floats); quoted and block scalars are always strings.
 * Anchors and aliases share nodes (no copies), and the size a document
 * would have once its aliases were expanded is bounded, so an alias bomb
 * is an error instead of a hang.  Every node keeps its line and column.
 */
#ifndef CSO_YAMLVAL_H
#define CSO_YAMLVAL_H

#include <stddef.h>

#include "err.h"
#include "value.h"

/* Bounds that keep hostile input finite. */
#define YV_MAX_DEPTH 100
#define YV_MAX_NODES 1000000

/* Parse the first document of text[0..len) into a new tree (caller
 * unrefs).  Lines reported are offset by line_offset (so front matter
 * that begins on line 2 of a file reports file lines).  An empty
 * document gives VAL_NULL.  On error every problem found goes to errs as
 * path:line:col and NULL is returned. */
value *yv_parse(const char *text, size_t len, const char *path,
		int line_offset, err_list *errs);

/* Read and parse a file; a missing file is an error at path. */
value *yv_load_file(const char *path, err_list *errs);

#endif

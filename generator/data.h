/*
 * data.h - data sets: CSV (RFC 4180, through libcsv) and YAML files
 * under datasets/, read into the value tree.
 *
 * A CSV file becomes a list of maps, one per record, keyed by the header
 * row; every cell is a string value whose line is the file line where its
 * record starts and whose col is the character column where the cell
 * starts, so a check on any cell can report path:row:col.  A byte-order
 * mark and CRLF line ends are accepted; a malformed quote is an error.
 */
#ifndef CSO_DATA_H
#define CSO_DATA_H

#include "err.h"
#include "value.h"

/* Upper bound on records in one CSV file, so that a runaway file fails
 * with a message instead of exhausting memory. */
#define DATA_MAX_ROWS 2000000

/* Read the CSV file path.  When header is not NULL (a NULL-terminated
 * list), the header row must be exactly those names, in order.  Returns
 * the list of records (caller unrefs), or NULL with errors in errs. */
value *data_load_csv(const char *path, const char *const *header, err_list *errs);

/* Parse CSV text already in memory (same rules; path names it in
 * errors). */
value *data_parse_csv(const char *text, size_t len, const char *path,
		      const char *const *header, err_list *errs);

/* The header a CSV file must have, by its path under the data directory
 * ("benchmarking/phase-1.csv"), or NULL when any header will do. */
typedef const char *const *(*data_header_fn)(const char *rel);

/* Every *.csv and *.yaml file under dir, as one map: the file
 * "benchmarking/phase-1.csv" is at data.benchmarking["phase-1"].  The
 * site data templates see.  Returns a map (empty when dir is missing);
 * problems go to errs.  A symbolic link is followed only when it
 * resolves inside dir (as in content/): one that points outside, leads
 * nowhere or loops is an error at dir/NAME, whatever its name, since
 * every file of the tree is published under out/data/raw/. */
value *data_load_dir(const char *dir, data_header_fn headers, err_list *errs);

/* A cell as a number: the whole text must be a decimal number.  Returns
 * 0 and sets *out, or -1 (and an error naming the cell) when it is not. */
int data_number(const value *cell, const char *path, const char *what,
		double *out, err_list *errs);

#endif

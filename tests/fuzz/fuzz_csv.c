/*
 * fuzz_csv.c - CSV data sets (data.c over libcsv): BOM, CRLF, quotes,
 * ragged rows, headers, NUL bytes, invalid UTF-8.
 *
 * The input is parsed twice: with any header, and with the header the
 * benchmarking phase files must have.  Checked besides memory safety:
 *   - NULL exactly when an error was reported, and every error names
 *     the file with a line and column of at least 1;
 *   - every record is a map of at most as many strings as the header
 *     has columns, each cell at a line of the file (after the header)
 *     at or after the line of the record before it, at column >= 1 -
 *     lines counted as an editor counts them (LF, CRLF or a lone CR);
 *   - data_number on any cell either succeeds or reports an error.
 */
#include "buf.h"
#include "data.h"
#include "err.h"
#include "value.h"

#include "fuzz_common.h"

#define PATH "datasets/f.csv"

static const char *const phase[] = {"municipality", "indicator", "score", "evidence",
				    "note", NULL};

static void check(const char *text, size_t size, const char *const *header)
{
	err_list e;
	value *rows;
	size_t i, k, lines = 1;
	int last = 0;
	/* lines as an editor counts them: LF, CRLF, or a lone CR (the "CSV
	 * (Macintosh)" that Excel for Mac writes) */
	for (i = 0; i < size; i++)
		lines += text[i] == '\n' || (text[i] == '\r' && (i + 1 == size || text[i + 1] != '\n'));
	err_init(&e);
	rows = data_parse_csv(text, size, PATH, header, &e);
	fz_check_errs(&e, PATH);
	FZ_ASSERT((rows == NULL) == (e.nerrors > 0), "result and errors disagree");
	for (i = 0; i < e.len; i++)
		FZ_ASSERT(e.items[i].line >= 1 && e.items[i].line <= (int)lines + 1 &&
				  e.items[i].col >= 1,
			  "CSV error without a line and column in the file");
	if (rows) {
		FZ_ASSERT(rows->kind == VAL_LIST, "rows are not a list");
		for (i = 0; i < rows->u.list.len; i++) {
			const value *r = rows->u.list.items[i];
			FZ_ASSERT(r->kind == VAL_MAP, "a record is not a map");
			FZ_ASSERT(r->line >= last && r->line >= 2 && r->line <= (int)lines,
				  "record lines out of order");
			last = r->line;
			if (header)
				FZ_ASSERT(r->u.map.len <= 5, "more cells than columns");
			for (k = 0; k < r->u.map.len; k++) {
				const value *c = r->u.map.vals[k];
				err_list ne;
				double x;
				int rc;
				FZ_ASSERT(c->kind == VAL_STR, "a cell is not a string");
				FZ_ASSERT(c->line == r->line && c->col >= 1, "cell position");
				err_init(&ne);
				rc = data_number(c, PATH, "cell", &x, &ne);
				FZ_ASSERT((rc != 0) == (ne.nerrors > 0), "data_number status and errors disagree");
				err_free(&ne);
			}
		}
		val_unref(rows);
	}
	err_free(&e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the generator hands over a NUL-terminated file buffer */
	char *text = fz_cstr(data, size);
	check(text, size, NULL);
	check(text, size, phase);
	free(text);
	return 0;
}

/*
 * date.h - dates from front matter, shown in Georgian or English.
 *
 * Front matter dates are ISO 8601 ("2021-10-05", optionally with a time
 * "2021-10-05T14:30:00+04:00").  csogen never reads the clock for output,
 * so a page's dates come only from its content.
 */
#ifndef CSO_DATE_H
#define CSO_DATE_H

#include "buf.h"

typedef struct date {
	int year, month, day;       /* month 1-12 */
	int hour, min, sec;
	int tz_min;                 /* offset from UTC in minutes */
	int has_time, has_tz;
} date;

/* Parse s; returns 0 on success, -1 when it is not a valid date
 * (including impossible days like 2021-02-30). */
int date_parse(const char *s, date *d);

/* "5 ოქტომბერი, 2021" (ka) or "5 October 2021" (other languages). */
void date_display(const date *d, const char *lang, buf *out);

/* "2021-10-05" */
void date_iso(const date *d, buf *out);

/* RFC 3339 for feeds: "2021-10-05T00:00:00Z" (or with the given time/offset). */
void date_rfc3339(const date *d, buf *out);

/* Compare two dates (by UTC instant); <0, 0, >0. */
int date_cmp(const date *a, const date *b);

#endif

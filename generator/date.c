/* date.c - see date.h */
#include "date.h"

#include <stdio.h>
#include <string.h>

static const char *const months_ka[] = {
	"იანვარი", "თებერვალი", "მარტი", "აპრილი", "მაისი", "ივნისი",
	"ივლისი", "აგვისტო", "სექტემბერი", "ოქტომბერი", "ნოემბერი", "დეკემბერი",
};
static const char *const months_en[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

static int digits(const char *s, int n, int *out)
{
	int v = 0, i;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int days_in(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dm[m - 1];
}

int date_parse(const char *s, date *d)
{
	memset(d, 0, sizeof *d);
	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-' ||
	    digits(s, 4, &d->year) || digits(s + 5, 2, &d->month) ||
	    digits(s + 8, 2, &d->day))
		return -1;
	if (d->month < 1 || d->month > 12 || d->day < 1 ||
	    d->day > days_in(d->year, d->month))
		return -1;
	s += 10;
	if (!*s)
		return 0;
	if ((*s != 'T' && *s != ' ') || strlen(s) < 6 || s[3] != ':' ||
	    digits(s + 1, 2, &d->hour) || digits(s + 4, 2, &d->min))
		return -1;
	d->has_time = 1;
	s += 6;
	if (*s == ':') {
		if (digits(s + 1, 2, &d->sec))
			return -1;
		s += 3;
		if (*s == '.') /* fractions of a second are dropped */
			for (s++; *s >= '0' && *s <= '9'; s++)
				;
	}
	if (d->hour > 23 || d->min > 59 || d->sec > 60)
		return -1;
	if (*s == 'Z') {
		d->has_tz = 1;
		s++;
	} else if (*s == '+' || *s == '-') {
		int h, m, sign = *s == '-' ? -1 : 1;
		if (strlen(s) < 6 || s[3] != ':' || digits(s + 1, 2, &h) ||
		    digits(s + 4, 2, &m) || h > 14 || m > 59)
			return -1;
		d->tz_min = sign * (h * 60 + m);
		d->has_tz = 1;
		s += 6;
	}
	return *s ? -1 : 0;
}

void date_display(const date *d, const char *lang, buf *out)
{
	if (lang && strcmp(lang, "ka") == 0)
		buf_printf(out, "%d %s, %d", d->day, months_ka[d->month - 1], d->year);
	else
		buf_printf(out, "%d %s %d", d->day, months_en[d->month - 1], d->year);
}

void date_iso(const date *d, buf *out)
{
	buf_printf(out, "%04d-%02d-%02d", d->year, d->month, d->day);
}

void date_rfc3339(const date *d, buf *out)
{
	buf_printf(out, "%04d-%02d-%02dT%02d:%02d:%02d", d->year, d->month, d->day,
		   d->hour, d->min, d->sec);
	if (!d->has_tz || d->tz_min == 0)
		buf_putc(out, 'Z');
	else {
		int m = d->tz_min < 0 ? -d->tz_min : d->tz_min;
		buf_printf(out, "%c%02d:%02d", d->tz_min < 0 ? '-' : '+', m / 60, m % 60);
	}
}

/* Days since 1970-01-01 (civil calendar), for comparing instants. */
static long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int date_cmp(const date *a, const date *b)
{
	long long ta = (long long)days_from_civil(a->year, a->month, a->day) * 86400 +
		       a->hour * 3600 + a->min * 60 + a->sec - a->tz_min * 60;
	long long tb = (long long)days_from_civil(b->year, b->month, b->day) * 86400 +
		       b->hour * 3600 + b->min * 60 + b->sec - b->tz_min * 60;
	return ta < tb ? -1 : ta > tb;
}

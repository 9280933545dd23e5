/* Unit tests: Georgian romanisation, slugs and dates. */
#include "buf.h"
#include "date.h"
#include "slug.h"
#include "t.h"

#include <stdlib.h>

static void slug_is(const char *in, const char *want)
{
	char *s = slug_make(in);
	T_STREQ(s, want, in);
	free(s);
}

static void test_slug(void)
{
	/* the example of the issue */
	slug_is("მონაწილეობითი ბიუჯეტირება", "monatsileobiti-biujetireba");
	/* every letter of the alphabet, national system 2002, apostrophes dropped */
	slug_is("ა ბ გ დ ე ვ ზ თ ი კ ლ მ ნ ო პ ჟ რ ს ტ უ ფ ქ ღ ყ შ ჩ ც ძ წ ჭ ხ ჯ ჰ",
		"a-b-g-d-e-v-z-t-i-k-l-m-n-o-p-zh-r-s-t-u-p-k-gh-q-sh-ch-ts-dz-ts-ch-kh-j-h");
	slug_is("თბილისი", "tbilisi");
	slug_is("ოზურგეთი", "ozurgeti");
	slug_is("შიდა ქართლი", "shida-kartli");
	slug_is("ქუთაისი", "kutaisi");
	slug_is("წყალტუბო", "tsqaltubo");
	slug_is("ჭიათურა", "chiatura");
	slug_is("ღვინო", "ghvino");
	slug_is("ხაშური", "khashuri");
	slug_is("ჟურნალი", "zhurnali");
	/* Mtavruli capitals are the same letters */
	slug_is("ᲡᲐᲥᲐᲠᲗᲕᲔᲚᲝ", "sakartvelo");
	/* Latin, digits, punctuation */
	slug_is("Forum 2021: Results & Next Steps!", "forum-2021-results-next-steps");
	slug_is("  --Hello--  ", "hello");
	slug_is("don't", "dont");
	/* ფ is p and პ is p' (dropped): the 2002 system has no f */
	slug_is("ფორუმი 2022 – შედეგები", "porumi-2022-shedegebi");
	slug_is("", "");
	slug_is("!!!", "");
	slug_is("Привет мир", "");
	slug_is("a\xff" "b", "a-b"); /* a bad byte separates */

	buf b = BUF_INIT;
	slug_romanise("საქართველო, Georgia!", strlen("საქართველო, Georgia!"), &b);
	T_STREQ(b.ptr, "sakartvelo, Georgia!", "romanise keeps other characters");
	buf_free(&b);
}

static void test_dates(void)
{
	date d, e;
	buf b = BUF_INIT;
	T_OK(date_parse("2021-10-05", &d) == 0, "plain date");
	date_display(&d, "ka", &b);
	T_STREQ(b.ptr, "5 ოქტომბერი, 2021", "Georgian month");
	buf_reset(&b);
	date_display(&d, "en", &b);
	T_STREQ(b.ptr, "5 October 2021", "English month");
	buf_reset(&b);
	date_rfc3339(&d, &b);
	T_STREQ(b.ptr, "2021-10-05T00:00:00Z", "rfc3339 of a day");
	buf_reset(&b);
	T_OK(date_parse("2023-09-30T14:30:00+04:00", &d) == 0, "date with time and zone");
	date_rfc3339(&d, &b);
	T_STREQ(b.ptr, "2023-09-30T14:30:00+04:00", "offset kept");
	buf_reset(&b);
	T_OK(date_parse("2023-09-30T10:30:00Z", &e) == 0, "UTC");
	T_OK(date_cmp(&d, &e) == 0, "same instant across zones");
	T_OK(date_parse("2023-09-30T10:31:00Z", &e) == 0 && date_cmp(&d, &e) < 0, "later");
	T_OK(date_parse("2021-02-29", &d) < 0, "no Feb 29 in 2021");
	T_OK(date_parse("2020-02-29", &d) == 0, "leap day 2020");
	T_OK(date_parse("2021-13-01", &d) < 0, "month 13");
	T_OK(date_parse("2021-1-1", &d) < 0, "short form");
	T_OK(date_parse("yesterday", &d) < 0, "words");
	T_OK(date_parse("2021-10-05x", &d) < 0, "trailing junk");
	T_OK(date_parse("2021-10-05T25:00", &d) < 0, "hour 25");
	for (int m = 1; m <= 12; m++) {
		char s[32];
		snprintf(s, sizeof s, "2022-%02d-01", m);
		date_parse(s, &d);
		buf_reset(&b);
		date_display(&d, "ka", &b);
		T_OK(b.len > 10, "every Georgian month has a name");
	}
	buf_free(&b);
}

int main(void)
{
	t_name = "slug_date";
	test_slug();
	test_dates();
	return t_done();
}

/* Unit tests of err.c: sorted printing, and the cap on items kept per
 * path (ERR_MAX_PER_FILE): the items that sort first are kept whatever
 * the order (or the threads) they come in, the counts stay whole, and
 * one line says how many more were not shown. */
#include "err.h"
#include "t.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static char *printed(err_list *e)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	if (!f)
		return NULL;
	err_print(e, f, 0);
	fclose(f);
	return s;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

/* a fixed permutation of 0..n-1 */
static void shuffle(int *a, int n, unsigned seed)
{
	int i;
	for (i = 0; i < n; i++)
		a[i] = i;
	for (i = n - 1; i > 0; i--) {
		int j, t;
		seed = seed * 1103515245u + 12345u;
		j = (int)((seed >> 8) % (unsigned)(i + 1));
		t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}

static void test_small(void)
{
	err_list e;
	char *s;
	err_init(&e);
	err_add(&e, "b.md", 2, 3, "second");
	err_warn(&e, "a.md", 0, 0, "a warning");
	err_add(&e, "b.md", 1, 0, "first");
	err_add(&e, "b.md", 1, 0, "first");
	err_add(&e, NULL, 0, 0, "no file");
	s = printed(&e);
	T_STREQ(s, "csogen: error: no file\n"
		   "a.md: warning: a warning\n"
		   "b.md:1:1: error: first\n"
		   "b.md:2:3: error: second\n",
		"sorted, a repeated item once, no 'not shown' line under the cap");
	free(s);
	T_NUMEQ(e.nerrors, 4, "errors counted");
	T_NUMEQ(e.nwarnings, 1, "warnings counted");
	T_NUMEQ(e.dropped_errors + e.dropped_warnings, 0, "nothing dropped");
	err_free(&e);
}

static void test_cap(void)
{
	err_list e, f;
	int order[1000], i;
	char *s, *t, want[200];
	err_init(&e);
	shuffle(order, 1000, 7);
	for (i = 0; i < 1000; i++) {
		err_add(&e, "datasets/big.csv", order[i] + 2, 3, "bad value");
		if (order[i] % 100 == 0)
			err_warn(&e, "datasets/big.csv", order[i] + 2, 1, "odd row");
		if (i % 10 == 0)
			err_add(&e, "content/other.md", i / 10 + 1, 1, "other");
	}
	T_NUMEQ(e.nerrors, 1100, "every error counted");
	T_NUMEQ(e.nwarnings, 10, "every warning counted");
	T_NUMEQ(e.len, 2 * ERR_MAX_PER_FILE, "at most the cap kept per path");
	s = printed(&e);
	T_NUMEQ(count_lines(s), 2 * ERR_MAX_PER_FILE + 2, "each path: its kept items and one more line");
	T_OK(strstr(s, "content/other.md:1:1: error: other\n") != NULL, "another path keeps its first");
	T_OK(strstr(s, "content/other.md: 50 more errors not shown") != NULL,
	     "another path: how many more");
	T_OK(!strncmp(s, "content/other.md:1:1:", 21), "sorted by path");
	T_OK(strstr(s, "datasets/big.csv:2:1: warning: odd row\ndatasets/big.csv:2:3: error: bad value\n"
		       "datasets/big.csv:3:3: error: bad value\n") != NULL,
	     "the items that sort first are kept, whatever the order they came in");
	/* kept: the warning at line 2, then errors at lines 2..50 */
	snprintf(want, sizeof want, "datasets/big.csv:%d:3: error: bad value\n"
		 "datasets/big.csv: %d more errors and 9 more warnings not shown",
		 ERR_MAX_PER_FILE, 1000 - (ERR_MAX_PER_FILE - 1));
	T_OK(strstr(s, want) != NULL, "the last kept item, then how many more errors and warnings");
	T_NUMEQ(e.dropped_errors, 50 + 1000 - (ERR_MAX_PER_FILE - 1), "dropped errors counted");
	T_NUMEQ(e.dropped_warnings, 9, "dropped warnings counted");

	/* the same items in another order give the same output */
	err_init(&f);
	for (i = 999; i >= 0; i--) {
		if (i % 10 == 0)
			err_add(&f, "content/other.md", i / 10 + 1, 1, "other");
		if (i % 100 == 0)
			err_warn(&f, "datasets/big.csv", i + 2, 1, "odd row");
		err_add(&f, "datasets/big.csv", i + 2, 3, "bad value");
	}
	t = printed(&f);
	T_STREQ(t, s, "the same output for the same items in any order");
	free(t);
	/* printing sorts; the cap holds for items added after */
	err_add(&f, "datasets/big.csv", 1, 1, "header");
	err_add(&f, "datasets/big.csv", 5000, 1, "late");
	t = printed(&f);
	T_OK(!strncmp(strstr(t, "datasets/big.csv"), "datasets/big.csv:1:1: error: header\n", 36),
	     "an item added after printing that sorts first is kept");
	T_OK(strstr(t, "late") == NULL, "one that sorts last is not");
	T_OK(strstr(t, "datasets/big.csv: 953 more errors and 9 more warnings not shown") != NULL,
	     "and both are counted");
	T_NUMEQ(count_lines(t), count_lines(s), "still the cap");
	free(t);
	free(s);
	err_free(&f);
	err_free(&e);
}

/* ---- threads ---- */

typedef struct job {
	err_list *e;
	int from, step;
} job;

static void *adder(void *p)
{
	job *j = p;
	int i;
	for (i = j->from; i < 4000; i += j->step)
		err_add(j->e, "datasets/rows.csv", 4000 - i, 2, "bad row %d", 4000 - i);
	return NULL;
}

static void test_threads(void)
{
	err_list e, one;
	pthread_t th[4];
	job jobs[4];
	int i, round, same = 1;
	char *want, *got;
	err_init(&one);
	for (i = 0; i < 4000; i++)
		err_add(&one, "datasets/rows.csv", i + 1, 2, "bad row %d", i + 1);
	want = printed(&one);
	for (round = 0; round < 5; round++) {
		err_init(&e);
		for (i = 0; i < 4; i++) {
			jobs[i].e = &e;
			jobs[i].from = i;
			jobs[i].step = 4;
			pthread_create(&th[i], NULL, adder, &jobs[i]);
		}
		for (i = 0; i < 4; i++)
			pthread_join(th[i], NULL);
		got = printed(&e);
		if (!got || strcmp(got, want) || e.nerrors != 4000)
			same = 0;
		free(got);
		err_free(&e);
	}
	T_OK(same, "four threads adding at once: the same output as one");
	T_OK(strstr(want, "datasets/rows.csv: 3950 more errors not shown") != NULL, "the count of the rest");
	T_OK(strstr(want, "datasets/rows.csv:50:2: error: bad row 50\n") != NULL &&
		     strstr(want, "bad row 51\n") == NULL,
	     "the first rows kept");
	free(want);
	err_free(&one);
}

/* ---- merge ---- */

static void test_merge(void)
{
	err_list dst, src, all;
	int i;
	char *a, *b;
	err_init(&dst);
	err_init(&src);
	err_init(&all);
	for (i = 0; i < 300; i++) {
		err_list *to = i % 3 ? &src : &dst;
		err_add(to, "datasets/m.csv", 300 - i, 1, "bad");
		err_add(&all, "datasets/m.csv", 300 - i, 1, "bad");
		if (i % 7 == 0) {
			err_warn(to, "datasets/m.csv", i, 4, "warn");
			err_warn(&all, "datasets/m.csv", i, 4, "warn");
		}
	}
	err_add(&src, "site.yaml", 1, 1, "elsewhere");
	err_add(&all, "site.yaml", 1, 1, "elsewhere");
	err_merge(&dst, &src);
	T_NUMEQ(src.len + src.nerrors + src.nwarnings + src.dropped_errors, 0, "src emptied");
	T_NUMEQ(dst.nerrors, all.nerrors, "merged errors all counted");
	T_NUMEQ(dst.nwarnings, all.nwarnings, "merged warnings all counted");
	T_NUMEQ(dst.dropped_errors, all.dropped_errors, "dropped errors carried over");
	T_NUMEQ(dst.dropped_warnings, all.dropped_warnings, "dropped warnings carried over");
	T_NUMEQ(dst.len, ERR_MAX_PER_FILE + 1, "the cap holds in the merged list");
	a = printed(&dst);
	b = printed(&all);
	T_STREQ(a, b, "merging keeps what one list would have kept");
	free(a);
	free(b);
	/* src is usable again */
	err_add(&src, "x", 1, 1, "again");
	T_NUMEQ(src.len, 1, "src usable after a merge");
	err_free(&src);
	err_free(&dst);
	err_free(&all);
}

int main(void)
{
	t_name = "err";
	test_small();
	test_cap();
	test_threads();
	test_merge();
	return t_done();
}

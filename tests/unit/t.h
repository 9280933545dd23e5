/*
 * t.h - the unit-test harness: include once per test program.
 *
 *   T_OK(cond, "what")            one check
 *   T_STREQ(got, want, "what")    string equality, prints both on failure
 *   T_NUMEQ(got, want, "what")    number equality
 *   return t_done();              at the end of main
 *
 * Each program prints "name: N passed, N failed"; tests/run.sh adds them up.
 */
#ifndef CSO_T_H
#define CSO_T_H

#include <stdio.h>
#include <string.h>

static int t_passed, t_failed;
static const char *t_name = "unit";

#define T_OK(cond, what)                                                   \
	do {                                                                   \
		if (cond) {                                                        \
			t_passed++;                                                    \
		} else {                                                           \
			t_failed++;                                                    \
			fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, what); \
		}                                                                  \
	} while (0)

#define T_STREQ(got, want, what)                                           \
	do {                                                                   \
		const char *t_g_ = (got), *t_w_ = (want);                          \
		if (t_g_ && t_w_ && strcmp(t_g_, t_w_) == 0) {                     \
			t_passed++;                                                    \
		} else {                                                           \
			t_failed++;                                                    \
			fprintf(stderr, "%s:%d: FAIL: %s\n  got:  [%s]\n  want: [%s]\n", \
				__FILE__, __LINE__, what, t_g_ ? t_g_ : "(null)",          \
				t_w_ ? t_w_ : "(null)");                                   \
		}                                                                  \
	} while (0)

#define T_NUMEQ(got, want, what)                                           \
	do {                                                                   \
		double t_g_ = (got), t_w_ = (want);                                \
		if (t_g_ == t_w_) {                                                \
			t_passed++;                                                    \
		} else {                                                           \
			t_failed++;                                                    \
			fprintf(stderr, "%s:%d: FAIL: %s: got %g, want %g\n", __FILE__, \
				__LINE__, what, t_g_, t_w_);                               \
		}                                                                  \
	} while (0)

static int t_done(void)
{
	printf("%s: %d passed, %d failed\n", t_name, t_passed, t_failed);
	return t_failed ? 1 : 0;
}

#endif

/* Unit tests: the progress line (progress.h). */
#define _XOPEN_SOURCE 700 /* posix_openpt and friends, for the width test */
#include "progress.h"
#include "t.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/* A stream into memory: out() returns what was written so far. */
typedef struct sink {
	FILE *f;
	char *text;
	size_t len;
} sink;

static void sink_open(sink *s)
{
	s->text = NULL;
	s->len = 0;
	s->f = open_memstream(&s->text, &s->len);
}

static const char *out(sink *s)
{
	fflush(s->f);
	return s->text ? s->text : "";
}

static void sink_close(sink *s)
{
	fclose(s->f);
	free(s->text);
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* The last line drawn: the text after the last "\r" that is not just a
 * clearing, without the trailing "\033[K". */
static char *last_line(const char *s)
{
	const char *p = NULL, *q;
	char *r;
	size_t n;
	for (q = s; (q = strchr(q, '\r')); q++)
		if (strncmp(q, "\r\033[K", 4))
			p = q + 1;
	if (!p)
		return calloc(1, 1);
	n = strcspn(p, "\r");
	if (n >= 3 && !strncmp(p + n - 3, "\033[K", 3))
		n -= 3;
	r = calloc(1, n + 1);
	memcpy(r, p, n);
	return r;
}

/* Every line drawn fits in cols columns (escape codes take none). */
static int fits(const char *s, int cols)
{
	int w = 0;
	for (; *s; s++) {
		if (*s == '\r') {
			w = 0;
		} else if (*s == '\033') {
			while (s[1] && !((s[1] >= 'A' && s[1] <= 'Z') || (s[1] >= 'a' && s[1] <= 'z')))
				s++;
			if (s[1])
				s++;
		} else if (((unsigned char)*s & 0xC0) != 0x80 && ++w > cols)
			return 0;
	}
	return 1;
}

static void test_null(void)
{
	/* every function takes NULL: code doing the work never asks */
	prog_phase(NULL, "pages", 10);
	prog_add(NULL, 1);
	prog_done(NULL);
	prog_free(NULL);
	T_NUMEQ(prog_count(NULL), 0, "NULL counts nothing");
}

static void test_disabled(void)
{
	sink s;
	progress *p;
	sink_open(&s);
	p = prog_new(s.f, 0, 1);
	T_OK(p != NULL, "a disabled progress is still an object");
	prog_phase(p, "pages", 10);
	prog_add(p, 10);
	prog_phase(p, "charts", 0);
	prog_add(p, 3);
	prog_done(p);
	T_NUMEQ(prog_count(p), 0, "disabled counts nothing");
	prog_free(p);
	T_NUMEQ(strlen(out(&s)), 0, "disabled writes nothing");
	sink_close(&s);
}

static void test_line(void)
{
	sink s;
	progress *p;
	char *l;
	sink_open(&s);
	p = prog_new(s.f, 1, 0);
	prog_phase(p, "pages", 1000);
	T_OK(strstr(out(&s), "\r  pages") != NULL, "a phase is shown at once, after \\r");
	l = last_line(out(&s));
	T_OK(strstr(l, "   0/1000") && strstr(l, "  0%"), "the start: 0 of the total");
	free(l);
	/* right after a draw, a count is not drawn (10 a second at most) */
	prog_add(p, 50);
	l = last_line(out(&s));
	T_OK(strstr(l, "0/1000") && !strstr(l, "50/1000"), "redraws are rate-limited");
	free(l);
	sleep_ms(120);
	prog_add(p, 50);
	l = last_line(out(&s));
	T_OK(strstr(l, " 100/1000") != NULL, "after 0.1 s the count is drawn");
	T_OK(strstr(l, "[####.") != NULL, "with a bar");
	T_OK(strstr(l, " 10%") != NULL, "and a percentage");
	T_NUMEQ(prog_count(p), 100, "prog_count");
	free(l);
	/* the end of a phase is drawn whatever the clock says */
	prog_add(p, 900);
	l = last_line(out(&s));
	T_OK(strstr(l, "1000/1000") && strstr(l, "100%") && !strchr(l, '.'),
	     "the end of a phase is drawn, bar full");
	free(l);
	T_OK(fits(out(&s), 79), "every line fits 80 columns");
	T_OK(!strstr(out(&s), "\033[1m") && !strstr(out(&s), "\033[3"),
	     "no colour codes without colour");
	{
		/* the only escape code is the line clearing */
		const char *q;
		int other = 0;
		for (q = out(&s); (q = strchr(q, '\033')); q++)
			if (strncmp(q, "\033[K", 3))
				other = 1;
		T_OK(!other, "only \\033[K without colour");
	}
	/* a new phase replaces the line; an unknown total shows the count */
	prog_phase(p, "workbooks", 0);
	T_OK(strlen(out(&s)) >= 4 && !strcmp(out(&s) + strlen(out(&s)) - 4, "\r\033[K"),
	     "a phase of unknown total clears the old line");
	prog_add(p, 3);
	l = last_line(out(&s));
	T_OK(strstr(l, "workbooks") && strstr(l, " 3") && !strchr(l, '[') && !strchr(l, '%'),
	     "unknown total: the label and count alone");
	free(l);
	prog_done(p);
	T_OK(!strcmp(out(&s) + strlen(out(&s)) - 4, "\r\033[K"), "prog_done clears the line");
	{
		size_t before = strlen(out(&s));
		prog_done(p);
		T_NUMEQ(strlen(out(&s)), before, "nothing shown: prog_done writes nothing");
		prog_phase(p, "charts", 0);
		prog_free(p);
		T_NUMEQ(strlen(out(&s)), before, "an empty phase draws nothing");
	}
	sink_close(&s);
}

static void test_color(void)
{
	sink s;
	progress *p;
	sink_open(&s);
	p = prog_new(s.f, 1, 1);
	prog_phase(p, "PDF books", 2);
	prog_add(p, 2);
	T_OK(strstr(out(&s), "\033[1mPDF books\033[0m") != NULL, "colour: a bold label");
	T_OK(strstr(out(&s), "2/2") != NULL, "colour: the counts");
	T_OK(fits(out(&s), 79), "colour codes take no columns");
	prog_free(p);
	T_OK(!strcmp(out(&s) + strlen(out(&s)) - 4, "\r\033[K"), "prog_free clears a line shown");
	sink_close(&s);
}

#define NTHREADS 8
#define PER_THREAD 20000

static void *adder(void *arg)
{
	int i;
	for (i = 0; i < PER_THREAD; i++)
		prog_add(arg, 1);
	return NULL;
}

static void test_threads(void)
{
	sink s;
	progress *p;
	pthread_t th[NTHREADS];
	char *l;
	int i;
	sink_open(&s);
	p = prog_new(s.f, 1, 0);
	prog_phase(p, "pages", (size_t)NTHREADS * PER_THREAD);
	for (i = 0; i < NTHREADS; i++)
		pthread_create(&th[i], NULL, adder, p);
	for (i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	T_NUMEQ(prog_count(p), NTHREADS * PER_THREAD, "every add from every thread counted");
	l = last_line(out(&s));
	T_OK(strstr(l, "160000/160000") && strstr(l, "100%"), "the last line drawn is the end");
	free(l);
	T_OK(fits(out(&s), 79), "lines drawn from threads are whole");
	prog_free(p);
	sink_close(&s);
}

/* On a terminal the line fits the terminal's width (a pseudo-terminal
 * 40 columns wide here).  Skipped where no pseudo-terminal can be had. */
static void test_width(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY), fd;
	struct winsize ws;
	char got[4096];
	size_t len = 0;
	FILE *f;
	progress *p;
	if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0 || !ptsname(m) ||
	    (fd = open(ptsname(m), O_RDWR | O_NOCTTY)) < 0) {
		printf("progress: no pseudo-terminal, width test skipped\n");
		if (m >= 0)
			close(m);
		return;
	}
	memset(&ws, 0, sizeof ws);
	ws.ws_col = 40;
	ws.ws_row = 24;
	ioctl(fd, TIOCSWINSZ, &ws);
	f = fdopen(fd, "w");
	p = prog_new(f, 1, 0);
	prog_phase(p, "pages", 12454);
	sleep_ms(120);
	prog_add(p, 1246);
	prog_done(p);
	prog_free(p);
	fclose(f);
	for (;;) {
		struct pollfd pf = {m, POLLIN, 0};
		ssize_t n;
		if (poll(&pf, 1, 200) <= 0 || len >= sizeof got - 1)
			break;
		if ((n = read(m, got + len, sizeof got - 1 - len)) <= 0)
			break;
		len += (size_t)n;
	}
	got[len] = '\0';
	close(m);
	T_OK(strstr(got, "1246/12454") != NULL, "tty: the counts");
	T_OK(fits(got, 39), "tty: every line fits a 40-column terminal");
	T_OK(strstr(got, " 10%") != NULL, "tty: the percentage still fits");
}

int main(void)
{
	t_name = "progress";
	test_null();
	test_disabled();
	test_line();
	test_color();
	test_threads();
	test_width();
	return t_done();
}

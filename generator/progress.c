/* progress.c - see progress.h */
#include "progress.h"
#include "util.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/* Redraws closer together than this are skipped (10 a second): drawing
 * on every page would cost more terminal time than the pages. */
#define PROG_INTERVAL_NS 100000000ull
#define PROG_LABEL_W 9  /* "PDF books", "workbooks": the counts line up */
#define PROG_BAR_MAX 40 /* a longer bar says nothing more */
#define PROG_BAR_MIN 10 /* shorter is noise: leave it out */

struct progress {
	FILE *f;
	int enabled, color;
	int tty;             /* f is a terminal: ask it for its width */
	pthread_mutex_t lock; /* everything below, and the writes to f */
	char label[32];
	size_t total, count;
	int shown;           /* a line is on screen (prog_done clears it) */
	int end_drawn;       /* the phase's last state was drawn */
	uint64_t last;       /* when the line was last drawn (ns, monotonic) */
};

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Columns the line may use: one less than the terminal's, because
 * writing the last column makes some terminals wrap, and a wrapped line
 * can no longer be redrawn with \r. */
static int line_cols(const progress *p)
{
	int cols = 80;
#ifdef TIOCGWINSZ
	struct winsize ws;
	if (p->tty && ioctl(fileno(p->f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		cols = ws.ws_col;
#endif
	return cols - 1;
}

/* Display width of UTF-8 text: one column per code point (labels are
 * short words; nothing wide or combining is expected). */
static int text_cols(const char *s)
{
	int n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static int digits(size_t n)
{
	int d = 1;
	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

/* Append to the line being built; the buffer is far larger than any
 * line (the bar and label are bounded), so truncation cannot happen. */
typedef struct line {
	char s[512];
	size_t len;
} line;

static void put(line *l, const char *s, size_t n)
{
	if (n > sizeof l->s - 1 - l->len)
		n = sizeof l->s - 1 - l->len;
	memcpy(l->s + l->len, s, n);
	l->len += n;
	l->s[l->len] = '\0';
}

static void puts_(line *l, const char *s)
{
	put(l, s, strlen(s));
}

static void repeat(line *l, char c, int n)
{
	while (n-- > 0)
		put(l, &c, 1);
}

/* Draw the current state; the lock is held. */
static void draw(progress *p, uint64_t now)
{
	line l = {{0}, 0};
	char num[64];
	int cols = line_cols(p), lw = text_cols(p->label), used, bar = 0;
	int pct = 0, fill = 0;
	size_t count = p->count;

	if (p->total) {
		double frac = (double)count / (double)p->total;
		if (frac > 1)
			frac = 1;
		pct = (int)(frac * 100);
		snprintf(num, sizeof num, "%*zu/%zu", digits(p->total), count, p->total);
		/* "  label     count  [bar] 100%" */
		used = 2 + (lw > PROG_LABEL_W ? lw : PROG_LABEL_W) + 1 + (int)strlen(num) + 2 + 2 + 5;
		bar = cols - used;
		if (bar > PROG_BAR_MAX)
			bar = PROG_BAR_MAX;
		if (bar < PROG_BAR_MIN)
			bar = 0;
		fill = (int)(frac * bar);
	} else
		snprintf(num, sizeof num, "%zu", count);

	puts_(&l, "\r  ");
	if (2 + lw + 1 + (int)strlen(num) > cols) {
		/* a very narrow terminal: the count alone, or what fits of it */
		int room = cols - 2 > 0 ? cols - 2 : 0;
		put(&l, num, strlen(num) < (size_t)room ? strlen(num) : (size_t)room);
	} else {
		if (p->color)
			puts_(&l, "\033[1m");
		puts_(&l, p->label);
		if (p->color)
			puts_(&l, "\033[0m");
		repeat(&l, ' ', (lw < PROG_LABEL_W ? PROG_LABEL_W - lw : 0) + 1);
		puts_(&l, num);
		if (p->total && bar) {
			puts_(&l, "  [");
			if (p->color && fill)
				puts_(&l, "\033[36m");
			repeat(&l, '#', fill);
			if (p->color && fill)
				puts_(&l, "\033[0m");
			repeat(&l, '.', bar - fill);
			puts_(&l, "]");
		}
		if (p->total && 2 + lw + 1 + (int)strlen(num) + 5 <= cols) {
			snprintf(num, sizeof num, " %3d%%", pct);
			puts_(&l, num);
		}
	}
	/* clear what a longer previous line left */
	puts_(&l, "\033[K");
	fwrite(l.s, 1, l.len, p->f);
	fflush(p->f);
	p->shown = 1;
	p->last = now;
}

/* Take the line off the screen; the lock is held. */
static void clear(progress *p)
{
	if (!p->shown)
		return;
	fputs("\r\033[K", p->f);
	fflush(p->f);
	p->shown = 0;
}

progress *prog_new(FILE *f, int enabled, int color)
{
	progress *p = xcalloc(1, sizeof *p);
	p->f = f;
	p->enabled = enabled && f;
	p->color = color;
	p->tty = f && isatty(fileno(f));
	pthread_mutex_init(&p->lock, NULL);
	return p;
}

void prog_free(progress *p)
{
	if (!p)
		return;
	prog_done(p);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

void prog_phase(progress *p, const char *label, size_t total)
{
	uint64_t now;
	if (!p || !p->enabled)
		return;
	pthread_mutex_lock(&p->lock);
	snprintf(p->label, sizeof p->label, "%s", label ? label : "");
	p->total = total;
	p->count = 0;
	p->end_drawn = 0;
	now = now_ns();
	/* show the new phase at once: its first item may be slow (a PDF
	 * book); with an unknown total there is nothing to show yet, and the
	 * last phase's line would be a lie */
	if (total)
		draw(p, now);
	else
		clear(p);
	pthread_mutex_unlock(&p->lock);
}

void prog_add(progress *p, size_t n)
{
	uint64_t now;
	int end;
	if (!p || !p->enabled || !n)
		return;
	pthread_mutex_lock(&p->lock);
	p->count += n;
	end = p->total && p->count >= p->total && !p->end_drawn;
	now = now_ns();
	if (end || !p->shown || now - p->last >= PROG_INTERVAL_NS) {
		draw(p, now);
		if (end)
			p->end_drawn = 1;
	}
	pthread_mutex_unlock(&p->lock);
}

void prog_done(progress *p)
{
	if (!p || !p->enabled)
		return;
	pthread_mutex_lock(&p->lock);
	clear(p);
	p->label[0] = '\0';
	p->total = p->count = 0;
	p->end_drawn = 0;
	pthread_mutex_unlock(&p->lock);
}

size_t prog_count(progress *p)
{
	size_t n;
	if (!p || !p->enabled)
		return 0;
	pthread_mutex_lock(&p->lock);
	n = p->count;
	pthread_mutex_unlock(&p->lock);
	return n;
}

int prog_color(int fd)
{
	const char *nc = getenv("NO_COLOR");
	return isatty(fd) && !(nc && *nc);
}

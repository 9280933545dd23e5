/*
 * progress.h - one progress line on a terminal for long work.
 *
 * A build of the real site writes thousands of pages, hundreds of charts
 * and a few PDF books and workbooks; on a terminal a silent minute looks
 * like a hang.  A progress object draws one line on f, redrawn in place:
 *
 *     pages      1246/12454  [####....................................]  10%
 *
 * and replaced by the next phase's line, then cleared by prog_done so
 * that the summary or the errors that follow start on a clean line.
 *
 * Whether to draw at all is the caller's decision (csogen draws on stderr
 * when it is a terminal and --quiet was not given): a disabled object, or
 * a NULL pointer, makes every call a cheap no-op, so code doing the work
 * calls prog_add without asking.  Nothing here prints when disabled.
 *
 * prog_add is thread-safe (pages and charts are made on worker threads)
 * and redraws at most 10 times a second, by the monotonic clock, plus
 * once when a phase's count reaches its total, so the last state of
 * every phase is seen even when it took less than 0.1 s.  The line fits
 * the terminal's width (80 columns when f is not a terminal).  Colour
 * (a bold label, a coloured bar) only when asked; without it the only
 * escape code written is the line clearing "\033[K".
 */
#ifndef CSO_PROGRESS_H
#define CSO_PROGRESS_H

#include <stddef.h>
#include <stdio.h>

typedef struct progress progress;

/* A progress line drawn on f (not closed by prog_free).  When !enabled
 * nothing is ever written.  color: escape codes for colour (see
 * prog_color).  Never NULL; the caller frees it with prog_free. */
progress *prog_new(FILE *f, int enabled, int color);

/* Clear the line if one is shown, and free p.  NULL is fine. */
void prog_free(progress *p);

/* Start a phase: label ("pages", "charts", "PDF books", "workbooks";
 * ASCII, copied, at most 31 bytes kept) and the number of items it will
 * count.  total 0 means unknown: the line shows the count alone, once
 * there is one (an empty phase draws nothing).  The new line replaces
 * the previous phase's. */
void prog_phase(progress *p, const char *label, size_t total);

/* Count n more items of the current phase.  Thread-safe. */
void prog_add(progress *p, size_t n);

/* End the work: clear the line ("\r\033[K") if anything is shown, so
 * the next output starts on a clean line.  p can start a new phase
 * afterwards (csogen serve reuses it for every rebuild). */
void prog_done(progress *p);

/* The count of the current phase (0 when disabled or NULL); for tests. */
size_t prog_count(progress *p);

/* Whether output on fd may use colour: fd is a terminal and NO_COLOR is
 * unset or empty (https://no-color.org). */
int prog_color(int fd);

#endif

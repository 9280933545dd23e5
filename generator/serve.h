/*
 * serve.h - `csogen serve`: a live preview.
 *
 * Builds the site into memory, serves it over HTTP with libmicrohttpd
 * (loopback only unless asked otherwise), watches content/, themes/,
 * datasets/ and site.yaml with inotify and rebuilds on every change.
 * Open pages reload themselves (a small script polls /__csogen/version;
 * it is added only in serve mode).  When a rebuild fails, the error is
 * printed and shown over every page, and the last good site is still
 * served.  Paths that would leave the site get 404.
 */
#ifndef CSO_SERVE_H
#define CSO_SERVE_H

typedef struct serve_opts {
	const char *bind;  /* "127.0.0.1" */
	int port;          /* 1313 */
	int drafts;
	int jobs;
	int quiet;
} serve_opts;

/* Serve until SIGINT or SIGTERM; returns the exit status. */
int serve_run(const serve_opts *o);

/* The MIME type for a file name (by extension). */
const char *serve_mime(const char *path);

#endif

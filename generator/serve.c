/* serve.c - see serve.h */
#define _GNU_SOURCE
#include "serve.h"
#include "progress.h"
#include "cache.h"
#include "build.h"
#include "buf.h"
#include "err.h"
#include "output.h"
#include "util.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <microhttpd.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

typedef struct state {
	pthread_rwlock_t lock;
	outdir site;        /* the last good build */
	int have_site;
	char *error;        /* the last build's errors, or NULL when it passed */
	unsigned long version;
	const serve_opts *opts;
	struct cache *cache; /* kept from build to build: only what changed is redone */
} state;

static volatile sig_atomic_t stop;

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

const char *serve_mime(const char *path)
{
	static const struct { const char *ext, *type; } types[] = {
		{".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"}, {".json", "application/json"},
		{".xml", "application/xml"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
		{".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".gif", "image/gif"},
		{".webp", "image/webp"}, {".ico", "image/x-icon"}, {".pdf", "application/pdf"},
		{".csv", "text/csv; charset=utf-8"}, {".txt", "text/plain; charset=utf-8"},
		{".md", "text/plain; charset=utf-8"}, {".yaml", "text/plain; charset=utf-8"},
		{".webmanifest", "application/manifest+json"},
		{".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{".woff2", "font/woff2"},
	};
	const char *dot = strrchr(path, '.');
	size_t i;
	if (dot && !strchr(dot, '/'))
		for (i = 0; i < sizeof types / sizeof types[0]; i++)
			if (!strcmp(dot, types[i].ext))
				return types[i].type;
	return "application/octet-stream";
}

/* Build into memory; on success swap the result in. */
static void rebuild(state *st)
{
	build_opts bo;
	build_stats bs;
	err_list errs;
	outdir out;
	int rc;
	memset(&bo, 0, sizeof bo);
	memset(&out, 0, sizeof out);
	bo.memory = 1;
	bo.serve = 1;
	bo.drafts = st->opts->drafts;
	bo.jobs = st->opts->jobs;
	bo.keep = &out;
	bo.mem_cache = st->cache;
	bo.prev = st->have_site ? &st->site : NULL;
	bo.progress = !st->opts->quiet && isatty(2);
	err_init(&errs);
	rc = build_run(&bo, &bs, &errs);
	err_print(&errs, stderr, prog_color(2));
	pthread_rwlock_wrlock(&st->lock);
	free(st->error);
	st->error = NULL;
	if (rc == 0) {
		if (st->have_site)
			out_free(&st->site);
		st->site = out;
		st->have_site = 1;
		memset(&out, 0, sizeof out);
	} else {
		/* the text shown over the pages: the same as the terminal's */
		char *text = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&text, &len);
		if (m) {
			err_print(&errs, m, 0);
			fclose(m);
		}
		st->error = text ? text : xstrdup("build failed");
	}
	st->version++;
	pthread_rwlock_unlock(&st->lock);
	if (out.mem)
		out_free(&out);
	if (!st->opts->quiet) {
		if (rc == 0)
			fprintf(stderr, "csogen serve: rebuilt %ld pages in %.2f s\n", bs.pages, bs.seconds);
		else
			fprintf(stderr, "csogen serve: build failed; still serving the last good site\n");
	}
	err_free(&errs);
}

/* The output file for a request path, or NULL for paths that could
 * leave the site (any "." or ".." segment, a backslash, a NUL). */
static char *request_file(const outdir *o, const char *url)
{
	const char *seg = url;
	char *rel;
	size_t n;
	if (url[0] != '/' || strchr(url, '\\') || strchr(url, '%'))
		return NULL;
	for (;;) {
		const char *e = strchr(seg + 1, '/');
		size_t len = e ? (size_t)(e - seg - 1) : strlen(seg + 1);
		if ((len == 1 && seg[1] == '.') || (len == 2 && seg[1] == '.' && seg[2] == '.'))
			return NULL;
		if (!e)
			break;
		seg = e;
	}
	n = strlen(url);
	rel = url[n - 1] == '/' ? xasprintf("%sindex.html", url + 1) : xstrdup(url + 1);
	if (out_mem_get(o, rel))
		return rel;
	free(rel);
	rel = xasprintf("%s/index.html", url + 1);
	if (out_mem_get(o, rel))
		return rel;
	free(rel);
	return NULL;
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned code, const char *type,
			     const char *data, size_t len)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)data,
								 MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	ret = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	return ret;
}

/* Put the error overlay before </body>. */
static void with_overlay(buf *b, const char *html, size_t len, const char *error)
{
	const char *body = strstr(html, "</body>");
	size_t at = body ? (size_t)(body - html) : len;
	buf_put(b, html, at);
	buf_puts(b, "<div id=\"csogen-error\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;"
		    "max-height:50vh;overflow:auto;background:#7a1010;color:#fff;padding:1rem;"
		    "font:14px/1.4 monospace;white-space:pre-wrap;z-index:9999\"><strong>csogen: "
		    "the last build failed; this is the last good version.</strong>\n");
	buf_put_escaped(b, error, strlen(error));
	buf_puts(b, "</div>\n");
	buf_put(b, html + at, len - at);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload,
			      size_t *upload_len, void **con)
{
	state *st = cls;
	enum MHD_Result ret;
	char *rel;
	const memfile *f;
	int code = MHD_HTTP_OK;
	(void)version;
	(void)upload;
	(void)upload_len;
	(void)con;
	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain", "GET only\n", 9);
	if (!strcmp(url, "/__csogen/version")) {
		char v[32];
		pthread_rwlock_rdlock(&st->lock);
		snprintf(v, sizeof v, "%lu", st->version);
		pthread_rwlock_unlock(&st->lock);
		return reply(c, MHD_HTTP_OK, "text/plain", v, strlen(v));
	}
	pthread_rwlock_rdlock(&st->lock);
	if (!st->have_site) {
		const char *e = st->error ? st->error : "building...";
		ret = reply(c, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", e, strlen(e));
		pthread_rwlock_unlock(&st->lock);
		return ret;
	}
	rel = request_file(&st->site, url);
	if (!rel) {
		/* the site's own 404 page, in the language of the path */
		code = MHD_HTTP_NOT_FOUND;
		rel = xstrdup(!strncmp(url, "/en/", 4) && out_mem_get(&st->site, "en/404.html")
				      ? "en/404.html" : "404.html");
	}
	f = out_mem_get(&st->site, rel);
	if (!f)
		ret = reply(c, MHD_HTTP_NOT_FOUND, "text/plain", "not found\n", 10);
	else if (st->error && strstr(serve_mime(rel), "text/html")) {
		buf b = BUF_INIT;
		with_overlay(&b, f->data, f->len, st->error);
		ret = reply(c, (unsigned)code, serve_mime(rel), b.ptr, b.len);
		buf_free(&b);
	} else
		ret = reply(c, (unsigned)code, serve_mime(rel), f->data, f->len);
	pthread_rwlock_unlock(&st->lock);
	free(rel);
	return ret;
}

/* Decode %XX in a request path, except control characters (%00-%1F,
 * %7F): left encoded they cannot cut the path short at a NUL, and such
 * a path then names no file.  Returns the new length. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	char *r = s, *w = s;
	(void)cls;
	(void)c;
	while (*r) {
		int hi, lo;
		if (r[0] == '%' && (hi = hexval(r[1])) >= 0 && (lo = hexval(r[2])) >= 0 &&
		    hi * 16 + lo >= 0x20 && hi * 16 + lo != 0x7f) {
			*w++ = (char)(hi * 16 + lo);
			r += 3;
		} else
			*w++ = *r++;
	}
	*w = '\0';
	return (size_t)(w - s);
}

/* Watch dir and every directory under it. */
static void watch_tree(int fd, const char *dir, int depth)
{
	char **names;
	size_t n, i;
	if (depth > 16 || inotify_add_watch(fd, dir, IN_CREATE | IN_DELETE | IN_MODIFY |
						    IN_MOVED_FROM | IN_MOVED_TO | IN_CLOSE_WRITE) < 0)
		return;
	if (!(names = dir_list(dir, &n)))
		return;
	for (i = 0; i < n; i++) {
		char *sub = path_join(dir, names[i]);
		if (is_dir(sub))
			watch_tree(fd, sub, depth + 1);
		free(sub);
	}
	dir_list_free(names);
}

static void watch_all(int fd)
{
	watch_tree(fd, "content", 0);
	watch_tree(fd, "themes", 0);
	watch_tree(fd, "datasets", 0);
	/* site.yaml: watch the root directory itself (editors replace files) */
	inotify_add_watch(fd, ".", IN_CREATE | IN_MODIFY | IN_MOVED_TO | IN_CLOSE_WRITE);
}

int serve_run(const serve_opts *o)
{
	state st;
	struct MHD_Daemon *d;
	struct sockaddr_in addr;
	struct sigaction sa;
	int fd;

	memset(&st, 0, sizeof st);
	pthread_rwlock_init(&st.lock, NULL);
	st.opts = o;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((unsigned short)o->port);
	if (inet_pton(AF_INET, o->bind, &addr.sin_addr) != 1) {
		fprintf(stderr, "csogen serve: bad address '%s'\n", o->bind);
		return 2;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	st.cache = cache_open_memory();
	rebuild(&st);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG,
			     (unsigned short)o->port, NULL, NULL, handle, &st,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30,
			     MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
			     MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
			     MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "csogen serve: cannot listen on %s:%d: %s\n", o->bind, o->port,
			strerror(errno));
		out_free(&st.site);
		free(st.error);
		cache_free(st.cache);
		return 1;
	}
	fprintf(stderr, "csogen serve: http://%s:%d/ (Ctrl-C to stop)\n", o->bind, o->port);
	fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd >= 0)
		watch_all(fd);
	while (!stop) {
		struct pollfd p = {fd, POLLIN, 0};
		char ev[8192];
		int changed = 0;
		if (poll(&p, fd >= 0 ? 1 : 0, 500) <= 0)
			continue;
		/* drain, then wait a moment for the rest of an editor's save */
		while (read(fd, ev, sizeof ev) > 0)
			changed = 1;
		usleep(50000);
		while (read(fd, ev, sizeof ev) > 0)
			;
		if (changed) {
			/* new directories need watches; watching twice is harmless */
			watch_all(fd);
			rebuild(&st);
		}
	}
	if (fd >= 0)
		close(fd);
	MHD_stop_daemon(d);
	if (st.have_site)
		out_free(&st.site);
	free(st.error);
	cache_free(st.cache);
	pthread_rwlock_destroy(&st.lock);
	fprintf(stderr, "csogen serve: stopped\n");
	return 0;
}

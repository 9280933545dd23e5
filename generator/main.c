/*
 * main.c - the csogen command: parse the subcommand and hand over.
 *
 *   csogen build [-C DIR] [-o OUT] [--drafts] [--base-url URL] [-j N] [--clean] [--quiet]
 *   csogen check [-C DIR] [--drafts] [--format text|json]
 *   csogen new SECTION "Title" [--lang LANG] [--translation-of PATH] [-C DIR]
 *   csogen serve [-C DIR] [--port N] [--bind ADDR] [--drafts] [-j N] [--quiet]
 *   csogen version
 *   csogen help [CMD]
 *
 * Exit status: 0 success, 1 content/template/data errors, 2 usage errors.
 *
 * Terminal output: `build` draws a progress line on stderr (progress.h)
 * when stderr is a terminal and --quiet was not given; colour (in the
 * progress line and the diagnostics) also needs NO_COLOR unset or empty.
 */
#include "build.h"
#include "check.h"
#include "serve.h"
#include "slug.h"
#include "err.h"
#include "progress.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "value.h"

#define CSOGEN_VERSION "0.1.0"

typedef struct cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
	const char *help;
} cmd;

static int cmd_build(int argc, char **argv);
static int cmd_check(int argc, char **argv);
static int cmd_new(int argc, char **argv);
static int cmd_serve(int argc, char **argv);
static int cmd_version(int argc, char **argv);
static int cmd_help(int argc, char **argv);

static const cmd cmds[] = {
	{"build", cmd_build,
	 "csogen build [-C DIR] [-o OUT] [--drafts] [--base-url URL] [-j N] [--clean] [--quiet]",
	 "Build the site in DIR (default: the current directory) into OUT\n"
	 "(default: out, relative to DIR).  OUT changes only when the whole\n"
	 "build succeeded; on any error OUT is left as it was.  The build cache\n"
	 "(DIR/.csogen-cache/) makes a build with nothing changed do nothing, and\n"
	 "otherwise redo and rewrite only what the changes affect; the result is\n"
	 "the same as a clean build, byte for byte.\n"
	 "On a terminal, a progress line on stderr shows the pages, charts, PDF\n"
	 "books and workbooks as they are written (NO_COLOR: without colour).\n\n"
	 "  -C DIR          the site root (holding site.yaml, content/, themes/)\n"
	 "  -o OUT          the output directory\n"
	 "  --drafts        include pages with draft: true\n"
	 "  --base-url URL  override base_url from site.yaml\n"
	 "  -j N            threads (default: the number of processors)\n"
	 "  --clean         ignore the build cache and rebuild everything\n"
	 "  --quiet         print errors only: no progress line, no summary\n"},
	{"check", cmd_check, "csogen check [-C DIR] [--drafts] [--format text|json]",
	 "Check everything a build would reject, without writing anything, and\n"
	 "also every internal link and #anchor of every page in every language.\n"
	 "Warns about missing translations and pages no menu, list or link\n"
	 "reaches.  Lists external links (never fetched).  Exit 1 on errors.\n\n"
	 "  --format json   machine-readable report for CI annotations\n"},
	{"new", cmd_new, "csogen new SECTION \"Title\" [--lang LANG] [--translation-of PATH] [-C DIR]",
	 "Write content/SECTION/NAME.LANG.md with its front matter filled in:\n"
	 "title, today's date, a slug romanised from the title, and a\n"
	 "translation key.  With --translation-of, the new file is the LANG\n"
	 "translation of PATH (same directory and name).  Never overwrites.\n"},
	{"serve", cmd_serve, "csogen serve [-C DIR] [--port N] [--bind ADDR] [--drafts] [-j N] [--quiet]",
	 "Build the site into memory and serve it at http://127.0.0.1:1313/.\n"
	 "Rebuilds when content/, themes/, datasets/ or site.yaml change, and\n"
	 "open pages reload.  A failed build is shown over the pages while the\n"
	 "last good site is still served.\n\n"
	 "  --port N      the port (default 1313)\n"
	 "  --bind ADDR   the IPv4 address to listen on (default 127.0.0.1;\n"
	 "                anything else exposes your preview to the network)\n"
	 "  --drafts      include pages with draft: true\n"
	 "  -j N          threads (default: the number of processors)\n"
	 "  --quiet       print errors only: no progress line while building,\n"
	 "                no line per rebuild\n"},
	{"version", cmd_version, "csogen version", "Print the version.\n"},
	{"help", cmd_help, "csogen help [CMD]", "Describe csogen or one command.\n"},
};

#define NCMDS (sizeof cmds / sizeof cmds[0])

static const cmd *find_cmd(const char *name)
{
	size_t i;
	for (i = 0; i < NCMDS; i++)
		if (!strcmp(cmds[i].name, name))
			return &cmds[i];
	return NULL;
}

static int usage_error(const cmd *c, const char *fmt, const char *arg)
{
	fprintf(stderr, "csogen: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nusage: %s\n", c->usage);
	return 2;
}

/* The value of an option that takes one: "-o OUT", "-oOUT", "--opt=V". */
static const char *opt_value(int argc, char **argv, int *i, const char *opt)
{
	size_t n = strlen(opt);
	const char *a = argv[*i];
	if (!strncmp(a, opt, n)) {
		if (a[n] == '=' && opt[1] == '-')
			return a + n + 1;
		if (a[n] == '\0') {
			if (*i + 1 >= argc)
				return NULL;
			return argv[++*i];
		}
		if (opt[1] != '-')
			return a + n;
	}
	return NULL;
}

/* Go to the site root given with -C (none: stay): 0, or -1 said. */
static int enter_root(const char *dir)
{
	if (dir && chdir(dir) < 0) {
		fprintf(stderr, "csogen: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* The value of -j: 1 to 256 threads, or -1. */
static int parse_jobs(const char *v)
{
	char *end;
	long n = strtol(v, &end, 10);
	return *end || end == v || n < 1 || n > 256 ? -1 : (int)n;
}

static int cmd_build(int argc, char **argv)
{
	const cmd *c = find_cmd("build");
	build_opts bo;
	build_stats st;
	err_list errs;
	const char *dir = NULL;
	int quiet = 0, i, rc;

	memset(&bo, 0, sizeof bo);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		if (!strcmp(a, "--drafts"))
			bo.drafts = 1;
		else if (!strcmp(a, "--clean"))
			bo.clean = 1;
		else if (!strcmp(a, "--quiet") || !strcmp(a, "-q"))
			quiet = 1;
		else if (!strncmp(a, "-C", 2)) {
			if (!(dir = opt_value(argc, argv, &i, "-C")))
				return usage_error(c, "%s needs a directory", a);
		} else if (!strncmp(a, "-o", 2)) {
			if (!(v = opt_value(argc, argv, &i, "-o")))
				return usage_error(c, "%s needs a directory", a);
			bo.out = v;
		} else if (!strncmp(a, "--base-url", 10)) {
			if (!(v = opt_value(argc, argv, &i, "--base-url")))
				return usage_error(c, "%s needs a URL", a);
			bo.base_url = v;
		} else if (!strncmp(a, "-j", 2)) {
			if (!(v = opt_value(argc, argv, &i, "-j")))
				return usage_error(c, "%s needs a number", a);
			if ((bo.jobs = parse_jobs(v)) < 0)
				return usage_error(c, "-j takes a number from 1 to 256, not '%s'", v);
		} else
			return usage_error(c, "unknown option '%s'", a);
	}
	if (enter_root(dir) < 0)
		return 1;
	/* the progress line is for a person watching: not in logs or pipes */
	bo.progress = !quiet && isatty(2);
	err_init(&errs);
	rc = build_run(&bo, &st, &errs);
	err_print(&errs, stderr, prog_color(2));
	if (rc == 0 && !quiet && st.up_to_date)
		printf("csogen: %s is up to date (%.2f s)\n", bo.out ? bo.out : "out", st.seconds);
	else if (rc == 0 && !quiet && st.patched)
		printf("csogen: %ld page%s edited: %ld file%s patched, %ld unchanged in %.2f s\n",
		       st.patched, st.patched == 1 ? "" : "s", st.written, st.written == 1 ? "" : "s",
		       st.kept, st.seconds);
	else if (rc == 0 && !quiet && st.incremental)
		printf("csogen: %ld pages, %ld files in %.2f s: %ld written, %ld unchanged, %ld removed%s\n",
		       st.pages, st.files, st.seconds, st.written, st.kept, st.removed,
		       errs.nwarnings ? " (with warnings)" : "");
	else if (rc == 0 && !quiet)
		printf("csogen: %ld pages, %ld files in %.2f s%s\n", st.pages, st.files,
		       st.seconds, errs.nwarnings ? " (with warnings)" : "");
	else if (rc != 0)
		fprintf(stderr, "csogen: build failed with %d error%s; %s left as it was\n",
			errs.nerrors, errs.nerrors == 1 ? "" : "s", bo.out ? bo.out : "out");
	err_free(&errs);
	return rc == 0 ? 0 : 1;
}

static int cmd_check(int argc, char **argv)
{
	const cmd *c = find_cmd("check");
	build_opts bo;
	build_stats st;
	check_report rep;
	err_list errs;
	const char *dir = NULL, *format = "text";
	int i, rc;
	size_t k;

	memset(&bo, 0, sizeof bo);
	memset(&rep, 0, sizeof rep);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		if (!strcmp(a, "--drafts"))
			bo.drafts = 1;
		else if (!strncmp(a, "-C", 2)) {
			if (!(dir = opt_value(argc, argv, &i, "-C")))
				return usage_error(c, "%s needs a directory", a);
		} else if (!strncmp(a, "--format", 8)) {
			if (!(v = opt_value(argc, argv, &i, "--format")) ||
			    (strcmp(v, "text") && strcmp(v, "json")))
				return usage_error(c, "%s takes text or json", a);
			format = v;
		} else
			return usage_error(c, "unknown option '%s'", a);
	}
	if (enter_root(dir) < 0)
		return 1;
	bo.memory = 1;
	bo.inspect = check_inspect;
	bo.inspect_ctx = &rep;
	err_init(&errs);
	rc = build_run(&bo, &st, &errs);
	if (!strcmp(format, "json")) {
		check_print_json(&errs, &rep, stdout);
	} else {
		err_print(&errs, stderr, prog_color(2));
		for (k = 0; k < val_len(rep.external); k++) {
			const value *e = val_at(rep.external, k);
			printf("external: %s (%s:%g:%g)\n", val_get_str(e, "url", ""),
			       val_get_str(e, "file", ""), val_get(e, "line")->u.n,
			       val_get(e, "col")->u.n);
		}
		printf("csogen check: %ld pages, %ld internal links, %zu external; %d error%s, %d warning%s\n",
		       rep.pages, rep.links, val_len(rep.external), errs.nerrors,
		       errs.nerrors == 1 ? "" : "s", errs.nwarnings, errs.nwarnings == 1 ? "" : "s");
	}
	val_unref(rep.external);
	rc = rc != 0 || errs.nerrors > 0;
	err_free(&errs);
	return rc;
}

/* A YAML double-quoted scalar. */
static void yaml_quote(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static int cmd_new(int argc, char **argv)
{
	const cmd *c = find_cmd("new");
	const char *section = NULL, *title = NULL, *lang = NULL, *of = NULL, *dir = NULL;
	char *name = NULL, *path = NULL, *tkey = NULL, *slug;
	char today[16];
	time_t now = time(NULL);
	struct tm tm;
	FILE *f;
	int i, fd;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		if (!strncmp(a, "--lang", 6)) {
			if (!(v = opt_value(argc, argv, &i, "--lang")))
				return usage_error(c, "%s needs a language code", a);
			lang = v;
		} else if (!strncmp(a, "--translation-of", 16)) {
			if (!(v = opt_value(argc, argv, &i, "--translation-of")))
				return usage_error(c, "%s needs a content file", a);
			of = v;
		} else if (!strncmp(a, "-C", 2)) {
			if (!(dir = opt_value(argc, argv, &i, "-C")))
				return usage_error(c, "%s needs a directory", a);
		} else if (a[0] == '-' && a[1])
			return usage_error(c, "unknown option '%s'", a);
		else if (!section)
			section = a;
		else if (!title)
			title = a;
		else
			return usage_error(c, "unexpected '%s'", a);
	}
	if (!section || !title)
		return usage_error(c, "%s", "a section and a title are needed");
	if (section[0] == '/' || strstr(section, "..") || strchr(section, '\\'))
		return usage_error(c, "bad section '%s'", section);
	if (enter_root(dir) < 0)
		return 1;
	if (!lang) {
		/* the first language of site.yaml is the default */
		err_list errs;
		site_cfg cfg;
		err_init(&errs);
		if (cfg_load(&cfg, "site.yaml", NULL, &errs) == 0 && cfg.nlangs)
			lang = xstrdup(cfg.langs[0].code);
		else
			lang = "ka";
		cfg_free(&cfg);
		err_free(&errs);
	}
	slug = slug_make(title);
	if (of) {
		/* content/DIR/NAME.LANG.md -> the same DIR and NAME */
		const char *base = strrchr(of, '/');
		const char *dot = base ? strchr(base, '.') : NULL;
		if (!base || !dot || strncmp(of, "content/", 8)) {
			fprintf(stderr, "csogen: %s: not a content file (content/SECTION/NAME.LANG.md)\n", of);
			free(slug);
			return 1;
		}
		name = xstrndup(base + 1, (size_t)(dot - base - 1));
		path = xasprintf("%.*s/%s.%s.md", (int)(base - of), of, name, lang);
		tkey = xstrdup(name);
		if (!is_file(of)) {
			fprintf(stderr, "csogen: %s: no such file\n", of);
			free(slug);
			free(name);
			free(path);
			free(tkey);
			return 1;
		}
	} else {
		if (!slug[0]) {
			fprintf(stderr, "csogen: cannot make a file name from the title; use a Latin or Georgian title\n");
			free(slug);
			return 1;
		}
		name = xstrdup(slug);
		path = xasprintf("content/%s/%s.%s.md", section, name, lang);
		tkey = xstrdup(name);
	}
	{
		char *d = xstrndup(path, (size_t)(strrchr(path, '/') - path));
		mkdir_p(d);
		free(d);
	}
	/* O_EXCL: never overwrite, even if another process races us */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0) {
		fprintf(stderr, "csogen: %s: %s\n", path,
			errno == EEXIST ? "already exists; not overwritten" : strerror(errno));
		free(slug);
		free(name);
		free(path);
		free(tkey);
		return 1;
	}
	f = fdopen(fd, "w");
	localtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	fputs("---\ntitle: ", f);
	yaml_quote(f, title);
	fprintf(f, "\ndate: %s\nslug: %s\ntranslation_key: %s\nsummary: \"\"\ntags: []\ndraft: true\n---\n\n",
		today, slug[0] ? slug : name, tkey);
	fclose(f);
	printf("%s\n", path);
	free(slug);
	free(name);
	free(path);
	free(tkey);
	return 0;
}

static int cmd_serve(int argc, char **argv)
{
	const cmd *c = find_cmd("serve");
	serve_opts so;
	const char *dir = NULL;
	int i;
	memset(&so, 0, sizeof so);
	so.bind = "127.0.0.1";
	so.port = 1313;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		char *end;
		if (!strcmp(a, "--drafts"))
			so.drafts = 1;
		else if (!strcmp(a, "--quiet") || !strcmp(a, "-q"))
			so.quiet = 1;
		else if (!strncmp(a, "-C", 2)) {
			if (!(dir = opt_value(argc, argv, &i, "-C")))
				return usage_error(c, "%s needs a directory", a);
		} else if (!strncmp(a, "--port", 6)) {
			long n;
			if (!(v = opt_value(argc, argv, &i, "--port")))
				return usage_error(c, "%s needs a number", a);
			n = strtol(v, &end, 10);
			if (*end || n < 1 || n > 65535)
				return usage_error(c, "--port takes 1 to 65535, not '%s'", v);
			so.port = (int)n;
		} else if (!strncmp(a, "--bind", 6)) {
			if (!(v = opt_value(argc, argv, &i, "--bind")))
				return usage_error(c, "%s needs an address", a);
			so.bind = v;
		} else if (!strncmp(a, "-j", 2)) {
			if (!(v = opt_value(argc, argv, &i, "-j")))
				return usage_error(c, "%s needs a number", a);
			if ((so.jobs = parse_jobs(v)) < 0)
				return usage_error(c, "-j takes a number from 1 to 256, not '%s'", v);
		} else
			return usage_error(c, "unknown option '%s'", a);
	}
	if (enter_root(dir) < 0)
		return 1;
	return serve_run(&so);
}

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("csogen %s\n", CSOGEN_VERSION);
	return 0;
}

static void overview(FILE *f)
{
	size_t i;
	fprintf(f, "csogen %s - builds csogeorgia.org and its reports\n\nusage:\n",
		CSOGEN_VERSION);
	for (i = 0; i < NCMDS; i++)
		fprintf(f, "  %s\n", cmds[i].usage);
	fprintf(f, "\nRun 'csogen help CMD' for one command.\n");
}

static int cmd_help(int argc, char **argv)
{
	const cmd *c;
	if (argc < 2) {
		overview(stdout);
		return 0;
	}
	if (!(c = find_cmd(argv[1]))) {
		fprintf(stderr, "csogen: no command '%s'\n", argv[1]);
		return 2;
	}
	printf("usage: %s\n\n%s", c->usage, c->help);
	return 0;
}

int main(int argc, char **argv)
{
	const cmd *c;
	if (argc < 2) {
		overview(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_help(1, argv);
	if (!strcmp(argv[1], "--version"))
		return cmd_version(1, argv);
	if (!(c = find_cmd(argv[1]))) {
		fprintf(stderr, "csogen: unknown command '%s'\n", argv[1]);
		overview(stderr);
		return 2;
	}
	return c->run(argc - 1, argv + 1);
}

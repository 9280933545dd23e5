/*
 * main.c - the csogen command: parse the subcommand and hand over.
 *
 *   csogen build [-C DIR] [-o OUT] [--drafts] [--base-url URL] [-j N] [--quiet]
 *   csogen version
 *   csogen help [CMD]
 *
 * Exit status: 0 success, 1 content/template/data errors, 2 usage errors.
 */
#include "build.h"
#include "err.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CSOGEN_VERSION "0.1.0"

typedef struct cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
	const char *help;
} cmd;

static int cmd_build(int argc, char **argv);
static int cmd_version(int argc, char **argv);
static int cmd_help(int argc, char **argv);

static const cmd cmds[] = {
	{"build", cmd_build,
	 "csogen build [-C DIR] [-o OUT] [--drafts] [--base-url URL] [-j N] [--quiet]",
	 "Build the site in DIR (default: the current directory) into OUT\n"
	 "(default: out, relative to DIR).  The new site replaces OUT only when\n"
	 "the whole build succeeded; on any error OUT is left as it was.\n\n"
	 "  -C DIR          the site root (holding site.yaml, content/, themes/)\n"
	 "  -o OUT          the output directory\n"
	 "  --drafts        include pages with draft: true\n"
	 "  --base-url URL  override base_url from site.yaml\n"
	 "  -j N            threads (default: the number of processors)\n"
	 "  --quiet         print errors only, no summary\n"},
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
		else if (!strcmp(a, "--quiet") || !strcmp(a, "-q"))
			quiet = 1;
		else if (!strncmp(a, "-C", 2)) {
			if (!(v = opt_value(argc, argv, &i, "-C")))
				return usage_error(c, "%s needs a directory", a);
			dir = v;
		} else if (!strncmp(a, "-o", 2)) {
			if (!(v = opt_value(argc, argv, &i, "-o")))
				return usage_error(c, "%s needs a directory", a);
			bo.out = v;
		} else if (!strncmp(a, "--base-url", 10)) {
			if (!(v = opt_value(argc, argv, &i, "--base-url")))
				return usage_error(c, "%s needs a URL", a);
			bo.base_url = v;
		} else if (!strncmp(a, "-j", 2)) {
			char *end;
			long n;
			if (!(v = opt_value(argc, argv, &i, "-j")))
				return usage_error(c, "%s needs a number", a);
			n = strtol(v, &end, 10);
			if (*end || n < 1 || n > 256)
				return usage_error(c, "-j takes a number from 1 to 256, not '%s'", v);
			bo.jobs = (int)n;
		} else
			return usage_error(c, "unknown option '%s'", a);
	}
	if (dir && chdir(dir) < 0) {
		fprintf(stderr, "csogen: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	err_init(&errs);
	rc = build_run(&bo, &st, &errs);
	err_print(&errs, stderr, isatty(2) && !getenv("NO_COLOR"));
	if (rc == 0 && !quiet)
		printf("csogen: %ld pages, %ld files in %.2f s%s\n", st.pages, st.files,
		       st.seconds, errs.nwarnings ? " (with warnings)" : "");
	else if (rc != 0)
		fprintf(stderr, "csogen: build failed with %d error%s; %s left as it was\n",
			errs.nerrors, errs.nerrors == 1 ? "" : "s", bo.out ? bo.out : "out");
	err_free(&errs);
	return rc == 0 ? 0 : 1;
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

/*
 * fuzz_page.c - one content file through a whole build, in memory: the
 * front matter fences (BOM, CRLF, "---"/"..."), the YAML, every front
 * matter field check (dates, slugs, urls, aliases, taxonomies, layout),
 * the Markdown, site linking (URLs, duplicates, translations,
 * pagination) and rendering with the real theme.
 *
 * At start-up the harness copies tests/fixtures/mini to a temporary
 * directory under $FUZZ_TMPDIR (default /tmp; themes linked from the
 * repository; run it from the repository root, as tools/fuzz.sh does)
 * and works there; each input
 * becomes content/news/fuzz.en.md.  Checked besides memory safety:
 *   - the build fails exactly when it reports an error;
 *   - every error about the fuzzed file names a line and column >= 1;
 *   - every file of the output stays inside the output directory.
 */
#define _GNU_SOURCE
#include "build.h"
#include "content.h"
#include "err.h"
#include "output.h"
#include "util.h"

#include <stdio.h>
#include <unistd.h>

#include "fuzz_common.h"

#define FILE_REL "content/news/fuzz.en.md"

static char tmpdir[4096];

static void cleanup(void)
{
	char cmd[256];
	if (chdir("/") == 0) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "fuzz_page: could not remove %s\n", tmpdir);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char repo[4096], cmd[9000];
	const char *base = getenv("FUZZ_TMPDIR");
	(void)argc;
	(void)argv;
	snprintf(tmpdir, sizeof tmpdir, "%s/csogen-fuzz-page.XXXXXX", base && base[0] ? base : "/tmp");
	if (!getcwd(repo, sizeof repo) || !mkdtemp(tmpdir))
		abort();
	snprintf(cmd, sizeof cmd,
		 "cp -r '%s/tests/fixtures/mini/.' '%s/' && ln -s '%s/themes' '%s/themes'",
		 repo, tmpdir, repo, tmpdir);
	if (system(cmd) != 0) {
		fprintf(stderr, "fuzz_page: run from the repository root (%s)\n", repo);
		abort();
	}
	if (chdir(tmpdir) != 0)
		abort();
	atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	build_opts bo;
	build_stats st;
	err_list e;
	outdir out;
	size_t i, n;
	int rc;

	if (size > 512 * 1024)
		return 0;
	if (file_write(FILE_REL, (const char *)data, size) != 0)
		abort();
	memset(&bo, 0, sizeof bo);
	memset(&out, 0, sizeof out);
	bo.memory = 1;
	bo.jobs = 1;
	bo.keep = &out;
	err_init(&e);
	rc = build_run(&bo, &st, &e);
	fz_check_errs(&e, NULL);
	FZ_ASSERT((rc != 0) == (e.nerrors > 0), "build status and errors disagree");
	for (i = 0; i < e.len; i++) {
		const err_item *it = &e.items[i];
		if (it->sev == ERR_ERROR && !strcmp(it->path, FILE_REL) &&
		    (it->line < 1 || it->col < 1)) {
			fprintf(stderr, "error without a line and column: %s:%d:%d: %s\n",
				it->path, it->line, it->col, it->msg);
			FZ_ASSERT(0, "an error about the content file has no line:col");
		}
	}
	if (rc == 0 && out.mem) {
		const char **paths = out_mem_paths(&out, &n);
		for (i = 0; i < n; i++) {
			char *u = xasprintf("/%s", paths[i]);
			FZ_ASSERT(paths[i][0] && !url_problem(u), "an output file leaves the output directory");
			free(u);
		}
		free(paths);
	}
	if (out.mem)
		out_free(&out);
	err_free(&e);
	return 0;
}

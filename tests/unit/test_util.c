/* Unit tests of the file helpers in generator/util.c that guard the
 * output directory: mkdir_p, rm_rf (never through a link) and
 * path_inside. */
#define _GNU_SOURCE
#include "t.h"

#include "util.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void put(const char *path)
{
	file_write(path, "x\n", 2);
}

int main(void)
{
	char dir[] = "/tmp/csogen-util-test.XXXXXX";
	char real[PATH_MAX];
	t_name = "util";
	if (!mkdtemp(dir) || chdir(dir) < 0) {
		T_OK(0, "temporary directory");
		return t_done();
	}
	T_OK(mkdir_p("a/b/c/d") == 0, "mkdir_p makes every level");
	T_OK(is_dir("a/b/c/d"), "the leaf exists");
	T_OK(mkdir_p("a/b/c/d") == 0, "mkdir_p of an existing directory is fine");
	put("a/file");
	T_OK(mkdir_p("a/file/x") < 0, "mkdir_p through a file fails");

	/* rm_rf removes a tree but never what its links point to */
	mkdir_p("keep/sub");
	put("keep/precious");
	put("keep/sub/also");
	mkdir_p("tree/x/y");
	put("tree/x/y/f");
	put("tree/g");
	T_OK(symlink("../keep", "tree/x/dirlink") == 0, "link to a directory");
	T_OK(symlink("../keep/precious", "tree/filelink") == 0, "link to a file");
	T_OK(symlink("nowhere", "tree/dangling") == 0, "dangling link");
	T_OK(rm_rf("tree") == 0, "rm_rf succeeds");
	T_OK(access("tree", F_OK) < 0, "the tree is gone");
	T_OK(access("keep/precious", F_OK) == 0, "a linked file survives");
	T_OK(access("keep/sub/also", F_OK) == 0, "a linked directory's files survive");
	T_OK(rm_rf("tree") == 0, "rm_rf of nothing is fine");
	T_OK(rm_rf("") < 0 && rm_rf("/") < 0, "rm_rf refuses '' and '/'");
	T_OK(symlink("keep", "toplink") == 0 && rm_rf("toplink") == 0 &&
		     access("keep/precious", F_OK) == 0,
	     "rm_rf of a link removes the link only");

	/* path_inside: where a link really leads */
	T_OK(realpath("keep", real) != NULL, "realpath");
	symlink("keep/precious", "in");
	symlink("/etc/hostname", "out");
	symlink("missing", "dang");
	T_NUMEQ(path_inside("in", real), 1, "a link into the tree is inside");
	T_NUMEQ(path_inside("out", real), 0, "a link out of it is not");
	T_NUMEQ(path_inside("dang", real), -1, "a dangling link cannot be resolved");
	{
		/* a sibling whose name starts with the root's is not inside */
		char *sib = xasprintf("%s-other", real);
		mkdir(sib, 0755);
		symlink(sib, "sib");
		T_NUMEQ(path_inside("sib", real), 0, "keep-other is not inside keep");
		rm_rf(sib);
		free(sib);
	}
	if (chdir("/") == 0)
		rm_rf(dir);
	return t_done();
}

/* Unit tests of the build cache (generator/cache.c): keys, input scans,
 * output records, the Markdown records, and damaged cache files. */
#define _GNU_SOURCE
#include "t.h"

#include "cache.h"
#include "util.h"
#include "value.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static uint64_t key2(const char *a, const char *b)
{
	cache_key k = CACHE_KEY_INIT;
	cache_key_str(&k, a);
	cache_key_str(&k, b);
	return cache_key_end(&k);
}

static void put(const char *path, const char *text)
{
	file_write(path, text, strlen(text));
}

/* Make a file's mtime old enough that its stat is trusted (cache.c does
 * not trust files changed within two seconds of the last save). */
static void age(const char *path, int seconds_ago)
{
	struct timespec ts[2];
	clock_gettime(CLOCK_REALTIME, &ts[0]);
	ts[0].tv_sec -= seconds_ago;
	ts[1] = ts[0];
	utimensat(AT_FDCWD, path, ts, 0);
}

static void test_keys(void)
{
	cache_key k = CACHE_KEY_INIT;
	T_OK(key2("a", "b") == key2("a", "b"), "keys are deterministic");
	T_OK(key2("ab", "c") != key2("a", "bc"), "parts are separated");
	T_OK(key2("a", NULL) != key2("a", ""), "NULL differs from empty");
	T_OK(cache_key_end(&k) != 0, "an empty key is not 0 (0 means no key)");
	T_OK(cache_hash("x", 1) != cache_hash("y", 1), "hash sees content");
}

static md_doc sample_doc(void)
{
	md_doc d;
	value *e = val_map(), *l = val_map();
	memset(&d, 0, sizeof d);
	d.html = xstrdup("<h2 id=\"a\">ა</h2>\n<p>text</p>\n");
	d.toc = val_list();
	val_set_num(e, "level", 2);
	val_set_str(e, "id", "a");
	val_set_str(e, "text", "ა");
	val_push(d.toc, e);
	d.toc_html = xstrdup("");
	d.summary = xstrdup("text");
	d.words = 7;
	d.links = val_list();
	val_set_str(l, "url", "/x/");
	val_set_num(l, "line", 12);
	val_set_num(l, "col", 3);
	l->line = 12;
	l->col = 3;
	val_push(d.links, l);
	return d;
}

static void test_roundtrip(void)
{
	cache *c;
	err_list errs;
	md_doc d = sample_doc(), got;
	uint64_t h = cache_hash("hello\n", 6);
	buf b = BUF_INIT;

	err_init(&errs);
	mkdir("content", 0755);
	mkdir("out", 0755);
	put("site.yaml", "title: x\n");
	put("content/a.md", "---\ntitle: a\n---\n");
	put("out/f.txt", "hello\n");
	age("site.yaml", 100);
	age("content/a.md", 100);

	c = cache_open("out", "opts");
	T_OK(!cache_has_records(c), "no records at first");
	T_OK(cache_scan_inputs(c, 2) == 1, "first scan: changed");
	T_OK(cache_input_hash(c, "content/a.md") != 0, "input hashed");
	T_OK(cache_input_hash(c, "content/none.md") == 0, "unknown input: 0");
	T_OK(!cache_md_get(c, 42, &got), "no Markdown record yet");
	cache_md_put(c, 42, &d);
	{
		value *fm = val_map(), *t = val_str("ტიტული");
		t->line = 2;
		t->col = 8;
		val_set(fm, "title", t);
		cache_page_put(c, 77, fm, 4, 42);
		val_unref(fm);
	}
	T_OK(cache_out_made(c, "out", "f.txt", h, 5, &errs) == 0, "new output must be written");
	T_OK(cache_record_all(c, "out", &errs) == 0, "records saved");
	cache_free(c);

	c = cache_open("out", "opts");
	T_OK(cache_has_records(c), "records read back");
	T_OK(!cache_md_get(c, 42, &got), "records are not read before they are asked for");
	cache_load_records(c);
	T_OK(cache_scan_inputs(c, 2) == 0, "nothing changed");
	T_OK(cache_outputs_intact(c, "out"), "outputs intact");
	T_OK(cache_md_get(c, 42, &got) == 1, "Markdown record read back");
	T_STREQ(got.html, d.html, "html");
	T_STREQ(got.summary, "text", "summary");
	T_NUMEQ((double)got.words, 7, "words");
	val_to_json(got.toc, &b);
	T_STREQ(b.ptr, "[{\"level\":2,\"id\":\"a\",\"text\":\"ა\"}]", "toc");
	T_NUMEQ(val_at(got.links, 0)->line, 12, "link line kept");
	md_doc_free(&got);
	{
		value *fm = NULL;
		int line = 0;
		uint64_t mk = 0;
		T_OK(cache_page_get(c, 77, &fm, &line, &mk) == 1, "page record read back");
		T_STREQ(val_get_str(fm, "title", NULL), "ტიტული", "front matter kept");
		T_NUMEQ(val_get(fm, "title") ? val_get(fm, "title")->col : 0, 8, "positions kept");
		T_NUMEQ(line, 4, "body line");
		T_OK(mk == 42, "body key");
		val_unref(fm);
		fm = NULL;
		T_OK(cache_page_get(c, 79, &fm, &line, &mk) == 0 && fm == NULL, "no record: 0");
	}
	T_OK(cache_out_keep(c, "out", "f.txt", 5) == 1, "same key: kept");
	T_OK(cache_out_keep(c, "out", "f.txt", 6) == 0, "other key: made again");
	T_OK(cache_out_keep(c, "out", "f.txt", 0) == 0, "no key: made again");
	T_OK(cache_out_made(c, "out", "f.txt", h, 5, &errs) == 1, "same bytes: not written");
	T_OK(cache_out_made(c, "out", "f.txt", h + 1, 5, &errs) == 0, "new bytes: written");
	cache_free(c);

	c = cache_open("out", "other options");
	T_OK(!cache_has_records(c), "other options: not this cache");
	cache_free(c);

	/* same size, new content: the scan sees it */
	put("content/a.md", "---\ntitle: b\n---\n");
	age("content/a.md", 50);
	c = cache_open("out", "opts");
	T_OK(cache_scan_inputs(c, 2) == 1, "edited input: changed");
	cache_free(c);
	put("content/a.md", "---\ntitle: a\n---\n");
	age("content/a.md", 100);

	/* outputs changed by hand */
	put("out/stray.txt", "x");
	c = cache_open("out", "opts");
	cache_scan_inputs(c, 2);
	T_OK(!cache_outputs_intact(c, "out"), "a stray file in the output: not intact");
	cache_free(c);
	unlink("out/stray.txt");
	put("out/f.txt", "HELLO\n");
	c = cache_open("out", "opts");
	T_OK(!cache_outputs_intact(c, "out"), "an output changed by hand: not intact");
	cache_free(c);

	/* damaged files are ignored, never trusted */
	{
		size_t len;
		char *m = file_read(".csogen-cache/out.manifest", &len);
		T_OK(m != NULL, "manifest where expected");
		if (m) {
			size_t cut;
			for (cut = 0; cut < len; cut += len / 23 + 1) {
				file_write(".csogen-cache/out.manifest", m, cut);
				c = cache_open("out", "opts");
				T_OK(!cache_has_records(c), "a truncated manifest is ignored");
				cache_free(c);
			}
			m[len - 1] ^= 0x55;
			file_write(".csogen-cache/out.manifest", m, len);
			c = cache_open("out", "opts");
			cache_scan_inputs(c, 2);
			cache_free(c);
			T_OK(1, "a flipped byte does not crash");
			free(m);
		}
		/* a good manifest again, then damaged Markdown records */
		c = cache_open("out", "opts");
		cache_scan_inputs(c, 2);
		cache_md_put(c, 42, &d);
		cache_record_all(c, "out", &errs);
		cache_free(c);
		c = cache_open("out", "opts");
		cache_load_records(c);
		T_OK(cache_has_records(c) && cache_md_get(c, 42, &got) == 1, "records again");
		md_doc_free(&got);
		cache_free(c);
		{
			size_t len, cut;
			char *md = file_read(".csogen-cache/out.md", &len);
			for (cut = 0; md && cut < len; cut += len / 17 + 1) {
				file_write(".csogen-cache/out.md", md, cut);
				c = cache_open("out", "opts");
				cache_load_records(c);
				T_OK(!cache_md_get(c, 42, &got), "a truncated md file: no record");
				cache_free(c);
			}
			free(md);
		}
		put(".csogen-cache/out.md", "csogen-md 2\ngarbage");
		c = cache_open("out", "opts");
		cache_load_records(c);
		T_OK(!cache_md_get(c, 42, &got), "a damaged md file has no records");
		cache_free(c);
	}
	md_doc_free(&d);
	buf_free(&b);
	err_free(&errs);
}

/* Spans of outputs, the inputs that changed, a patch commit, and the
 * index of the Markdown records (.mdx). */
static void test_patch_records(void)
{
	cache *c;
	err_list errs;
	cache_span sp[2], got_sp[2];
	const cache_span *g;
	const char **paths;
	size_t n, i, found = 0;
	uint64_t h;
	md_doc d = sample_doc(), got;
	err_init(&errs);
	memset(sp, 0, sizeof sp);
	sp[0].page = 11;
	sp[0].off = 3;
	sp[0].len = 4;
	sp[0].field = 1;
	sp[0].esc = 1;
	sp[1].page = 12;
	sp[1].off = 9;
	sp[1].field = 2;
	sp[1].dep = 1;
	rm_rf(".csogen-cache");
	put("out/g.txt", "abcdefghijk\n");
	put("out/f.txt", "hello\n");
	c = cache_open("out", "opts");
	cache_scan_inputs(c, 2);
	cache_out_made(c, "out", "g.txt", cache_hash("abcdefghijk\n", 12), 9, &errs);
	cache_out_spans(c, "g.txt", sp, 2);
	cache_out_made(c, "out", "f.txt", cache_hash("hello\n", 6), 5, &errs);
	cache_md_put(c, 42, &d);
	cache_record_all(c, "out", &errs);
	cache_free(c);
	T_OK(access(".csogen-cache/out.mdx", F_OK) == 0, "the records' index is written");

	c = cache_open("out", "opts");
	cache_scan_inputs(c, 2);
	T_OK(cache_old_outputs(c) == 2, "two outputs recorded");
	for (i = 0; i < cache_old_outputs(c); i++) {
		const char *rel = cache_old_output(c, i, &h, &g, &n);
		if (!strcmp(rel, "g.txt") && n == 2) {
			memcpy(got_sp, g, sizeof got_sp);
			found = h == cache_hash("abcdefghijk\n", 12);
			for (n = 0; n < 2; n++)
				found = found && got_sp[n].page == sp[n].page && got_sp[n].off == sp[n].off &&
					got_sp[n].len == sp[n].len && got_sp[n].field == sp[n].field &&
					got_sp[n].esc == sp[n].esc && got_sp[n].dep == sp[n].dep;
		}
	}
	T_OK(found, "spans and hash read back");
	T_OK(cache_changed_inputs(c, &paths) == 0, "nothing changed: no paths");
	free(paths);
	cache_load_records(c);
	T_OK(cache_md_get(c, 42, &got) == 1, "a record found through the index");
	md_doc_free(&got);
	T_OK(cache_md_appendable(c), "the md file may be appended to");
	{
		/* a patch: g.txt rewritten from pieces, f.txt kept */
		struct iovec iov[3] = {{"abc", 3}, {"XYZW", 4}, {"ghijk\n", 6}};
		cache_patched p;
		cache_span nsp = sp[0];
		nsp.len = 4;
		memset(&p, 0, sizeof p);
		p.rel = "g.txt";
		p.iov = iov;
		p.niov = 3;
		p.spans = &nsp;
		p.nspans = 1;
		T_OK(cache_outputs_intact(c, "out"), "intact before the patch");
		T_OK(cache_patch_commit(c, "out", &p, 1, &errs) == 0, "patch committed");
	}
	cache_free(c);
	{
		size_t len;
		char *txt = file_read("out/g.txt", &len);
		T_STREQ(txt, "abcXYZWghijk\n", "the file is the pieces");
		free(txt);
	}
	c = cache_open("out", "opts");
	cache_scan_inputs(c, 2);
	T_OK(cache_outputs_intact(c, "out"), "after a patch every output is as recorded");
	for (i = found = 0; i < cache_old_outputs(c); i++) {
		const char *rel = cache_old_output(c, i, &h, &g, &n);
		if (!strcmp(rel, "g.txt"))
			found += n == 1 && g[0].len == 4 && h == cache_hash("abcXYZWghijk\n", 13);
		if (!strcmp(rel, "f.txt"))
			found += h == cache_hash("hello\n", 6) ? 10 : 0;
	}
	T_OK(found == 11, "the patched file's new hash and spans, the other kept");
	cache_load_records(c);
	T_OK(cache_md_get(c, 42, &got) == 1, "records kept by a patch");
	md_doc_free(&got);
	cache_free(c);

	/* an index that lies is not trusted */
	{
		size_t len;
		char *x = file_read(".csogen-cache/out.mdx", &len);
		T_OK(x && len > 40, "index read");
		if (x) {
			uint64_t off = 1u << 30;
			memcpy(x + len - 8, &off, 8); /* the last record far past the end */
			file_write(".csogen-cache/out.mdx", x, len);
			c = cache_open("out", "opts");
			cache_load_records(c);
			T_OK(cache_md_get(c, 42, &got) == 1, "a bad index: the md file is read through");
			md_doc_free(&got);
			cache_free(c);
			off = 20;
			memcpy(x + len - 8, &off, 8); /* inside the file, but not a record */
			file_write(".csogen-cache/out.mdx", x, len);
			c = cache_open("out", "opts");
			cache_load_records(c);
			T_OK(1, "an index pointing into a record does not crash");
			if (cache_md_get(c, 42, &got))
				md_doc_free(&got);
			cache_free(c);
			put(".csogen-cache/out.mdx", "garbage");
			c = cache_open("out", "opts");
			cache_load_records(c);
			T_OK(cache_md_get(c, 42, &got) == 1, "a garbage index: records still found");
			md_doc_free(&got);
			cache_free(c);
			free(x);
		}
	}

	/* inputs: changed, added, removed */
	put("content/b.md", "---\ntitle: b\n---\n");
	age("content/b.md", 100);
	c = cache_open("out", "opts");
	cache_scan_inputs(c, 2);
	T_OK(cache_changed_inputs(c, &paths) == -1 && !paths, "an input added: -1");
	cache_record_all(c, "out", &errs);
	cache_free(c);
	put("content/b.md", "---\ntitle: B\n---\n");
	age("content/b.md", 100);
	c = cache_open("out", "opts");
	cache_scan_inputs(c, 2);
	T_OK(cache_changed_inputs(c, &paths) == 1 && paths && !strcmp(paths[0], "content/b.md"),
	     "an input edited: its path");
	T_OK(cache_old_input_hash(c, "content/b.md") != cache_input_hash(c, "content/b.md") &&
	     cache_old_input_hash(c, "content/b.md") != 0, "old and new hashes");
	free(paths);
	cache_free(c);
	unlink("content/b.md");
	c = cache_open("out", "opts");
	cache_scan_inputs(c, 2);
	T_OK(cache_changed_inputs(c, &paths) == -1, "an input removed: -1");
	free(paths);
	cache_free(c);
	md_doc_free(&d);
	err_free(&errs);
}

/* The caches of output directories that are gone are removed when
 * another build saves; others stay. */
static void test_prune(void)
{
	cache *c;
	err_list errs;
	err_init(&errs);
	mkdir("gone", 0755);
	c = cache_open("gone", "opts");
	cache_scan_inputs(c, 1);
	cache_record_all(c, "gone", &errs);
	cache_free(c);
	put(".csogen-cache/gone.md", "csogen-md 2\n");
	put(".csogen-cache/old.manifest", "csogen-cache 2\nwhatever");
	put(".csogen-cache/notes.manifest", "not a cache of ours");
	T_OK(access(".csogen-cache/gone.manifest", F_OK) == 0, "a second cache is kept");
	rm_rf("gone");
	c = cache_open("out", "opts");
	cache_scan_inputs(c, 1);
	cache_record_all(c, "out", &errs);
	cache_free(c);
	T_OK(access(".csogen-cache/gone.manifest", F_OK) < 0, "its output gone, its manifest goes");
	T_OK(access(".csogen-cache/gone.md", F_OK) < 0, "and its records");
	T_OK(access(".csogen-cache/old.manifest", F_OK) < 0, "another version's manifest goes");
	T_OK(access(".csogen-cache/notes.manifest", F_OK) == 0, "a file that is not a cache stays");
	T_OK(access(".csogen-cache/out.manifest", F_OK) == 0, "the live cache stays");
	err_free(&errs);
}

int main(void)
{
	char dir[] = "/tmp/csogen-cache-test.XXXXXX";
	t_name = "cache";
	test_keys();
	if (!mkdtemp(dir) || chdir(dir) < 0) {
		T_OK(0, "temporary directory");
		return t_done();
	}
	test_roundtrip();
	test_patch_records();
	test_prune();
	if (chdir("/") == 0)
		rm_rf(dir);
	return t_done();
}

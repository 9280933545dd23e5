/* hyphen.c - see hyphen.h */
#include "hyphen.h"
#include "util.h"

#include <glib.h>
#include <glob.h>
#include <hyphen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct hyph {
	HyphenDict *dict;
	char *path;
	int lmin, rmin;  /* fewest characters before / after a break */
	int minword;     /* shorter words are never broken */
};

/* The directory of the running program, so that a build finds the
 * patterns it made (build/hyph/) wherever it is run from. */
static char *exe_dir(void)
{
	char p[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", p, sizeof p - 1);
	char *slash;
	if (n <= 0)
		return NULL;
	p[n] = '\0';
	slash = strrchr(p, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return xstrdup(p);
}

static char *find_dic(const char *lang)
{
	char *name = xasprintf("hyph_%s.dic", lang), *dir, *p;
	const char *env = getenv("CSOGEN_HYPHEN_DIR");
	/* build/csogen, build/asan/csogen, build/unit/test_*, build/asan/unit/test_*,
	 * and PREFIX/bin/csogen */
	static const char *const rel[] = {"hyph", "../hyph", "../../hyph", "../share/csogen/hyph"};
	size_t i;
	if (env && env[0]) {
		p = path_join(env, name);
		if (is_file(p))
			goto found;
		free(p);
	}
	if ((dir = exe_dir())) {
		for (i = 0; i < sizeof rel / sizeof rel[0]; i++) {
			char *d = path_join(dir, rel[i]);
			p = path_join(d, name);
			free(d);
			if (is_file(p)) {
				free(dir);
				goto found;
			}
			free(p);
		}
		free(dir);
	}
	p = path_join("/usr/share/hyphen", name);
	if (is_file(p))
		goto found;
	free(p);
	{
		/* hyph_en_US.dic and the like: the first in sorted order */
		char *pat = xasprintf("/usr/share/hyphen/hyph_%s_*.dic", lang);
		glob_t g;
		p = NULL;
		if (glob(pat, 0, NULL, &g) == 0 && g.gl_pathc > 0)
			p = xstrdup(g.gl_pathv[0]);
		globfree(&g);
		free(pat);
		if (p)
			goto found;
	}
	free(name);
	return NULL;
found:
	free(name);
	return p;
}

hyph *hyph_load(const char *lang)
{
	char *path = find_dic(lang);
	HyphenDict *d;
	hyph *h;
	if (!path)
		return NULL;
	d = hnj_hyphen_load(path);
	if (!d) {
		free(path);
		return NULL;
	}
	h = xcalloc(1, sizeof *h);
	h->dict = d;
	h->path = path;
	/* Two letters either side: a lone letter at a line end reads badly
	 * in both scripts (TeX's English right minimum is 3). */
	h->lmin = 2;
	h->rmin = strcmp(lang, "en") == 0 ? 3 : 2;
	h->minword = 5;
	return h;
}

void hyph_free(hyph *h)
{
	if (!h)
		return;
	hnj_hyphen_free(h->dict);
	free(h->path);
	free(h);
}

const char *hyph_path(const hyph *h)
{
	return h ? h->path : NULL;
}

/* Append one run of letters w[0..n), hyphenated. */
static void word(const hyph *h, const char *w, size_t n, buf *out)
{
	glong chars = g_utf8_strlen(w, (gssize)n);
	char *low, *hy;
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	const char *p;
	glong i;
	if (chars < h->minword || n > 200) {
		buf_put(out, w, n);
		return;
	}
	/* The patterns are lower case; a word whose lower case has another
	 * length in bytes would not map back, so it stays whole. */
	low = g_utf8_strdown(w, (gssize)n);
	if (strlen(low) != n) {
		g_free(low);
		buf_put(out, w, n);
		return;
	}
	hy = xcalloc(n + 5, 1);
	if (hnj_hyphen_hyphenate3(h->dict, low, (int)n, hy, NULL, &rep, &pos, &cut,
				  h->lmin, h->rmin, h->lmin, h->rmin) != 0)
		memset(hy, 0, n + 5);
	if (rep) {
		/* non-standard breaks (which change letters) are not used */
		for (i = 0; i < (glong)n; i++)
			free(rep[i]);
		free(rep);
		free(pos);
		free(cut);
	}
	/* hy is indexed by character for UTF-8 dictionaries */
	for (p = w, i = 0; i < chars; i++) {
		const char *next = g_utf8_next_char(p);
		buf_put(out, p, (size_t)(next - p));
		if (i + 1 < chars && (hy[i] & 1))
			buf_puts(out, "\xc2\xad");
		p = next;
	}
	free(hy);
	g_free(low);
}

static int breaks_token(gunichar c)
{
	return g_unichar_isspace(c) || c == 0x2014 || c == 0x2013;
}

void hyph_text(const hyph *h, const char *text, size_t len, buf *out)
{
	const char *p = text, *end = text + len;
	if (!h) {
		buf_put(out, text, len);
		return;
	}
	while (p < end) {
		/* a token: up to the next space or dash */
		const char *t = p, *q;
		int plain = 1;
		while (p < end && breaks_token(g_utf8_get_char_validated(p, end - p)))
			p = g_utf8_next_char(p);
		buf_put(out, t, (size_t)(p - t));
		t = p;
		while (p < end) {
			gunichar c = g_utf8_get_char_validated(p, end - p);
			if (c == (gunichar)-1 || c == (gunichar)-2)
				break;
			if (breaks_token(c))
				break;
			if (g_unichar_isdigit(c) || c == '/' || c == '@' || c == ':' || c == '_' ||
			    c == 0xAD)
				plain = 0;
			/* a dot between letters: a domain or an abbreviation */
			if (c == '.' && p + 1 < end && g_unichar_isalpha(g_utf8_get_char_validated(p + 1, end - p - 1)))
				plain = 0;
			p = g_utf8_next_char(p);
		}
		if (p == t) {
			/* invalid UTF-8: copy one byte and go on */
			if (p < end)
				buf_put(out, p++, 1);
			continue;
		}
		if (!plain) {
			buf_put(out, t, (size_t)(p - t));
			continue;
		}
		/* hyphenate each run of letters of the token */
		for (q = t; q < p;) {
			const char *r = q;
			while (r < p && g_unichar_isalpha(g_utf8_get_char(r)))
				r = g_utf8_next_char(r);
			if (r > q) {
				word(h, q, (size_t)(r - q), out);
				q = r;
			} else {
				const char *n = g_utf8_next_char(q);
				buf_put(out, q, (size_t)(n - q));
				q = n;
			}
		}
	}
}

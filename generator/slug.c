/* slug.c - see slug.h */
#include "slug.h"
#include "util.h"

#include <string.h>

/* Mkhedruli U+10D0 (ა) .. U+10F0 (ჰ), then the archaic letters
 * U+10F1..U+10F6.  Index = code point - 0x10D0. */
static const char *const geo[] = {
	"a", "b", "g", "d", "e", "v", "z", "t", "i", "k",      /* ა..კ */
	"l", "m", "n", "o", "p", "zh", "r", "s", "t", "u",     /* ლ..უ */
	"p", "k", "gh", "q", "sh", "ch", "ts", "dz", "ts", "ch", /* ფ..ჭ */
	"kh", "j", "h",                                        /* ხ ჯ ჰ */
	"e", "y", "w", "q", "o", "f",                          /* ჱ ჲ ჳ ჴ ჵ ჶ */
};

/* Decode one UTF-8 sequence at s (n bytes left); store the code point
 * and return its length, or return 1 with cp = -1 for a bad byte. */
static size_t utf8_next(const unsigned char *s, size_t n, long *cp)
{
	size_t len, i;
	long c;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2;
		c = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3;
		c = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		*cp = -1;
		return 1;
	}
	if (len > n) {
		*cp = -1;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = -1;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	*cp = c;
	return len;
}

/* Latin for one Georgian code point, or NULL. */
static const char *geo_latin(long cp)
{
	if (cp >= 0x1C90 && cp <= 0x1CBF) /* Mtavruli capitals map onto Mkhedruli */
		cp = cp - 0x1C90 + 0x10D0;
	if (cp >= 0x10A0 && cp <= 0x10C5) /* Asomtavruli: same order as Mkhedruli */
		cp = cp - 0x10A0 + 0x10D0;
	if (cp >= 0x10D0 && cp < 0x10D0 + (long)(sizeof geo / sizeof geo[0]))
		return geo[cp - 0x10D0];
	return NULL;
}

void slug_romanise(const char *s, size_t len, buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		long cp;
		size_t n = utf8_next(p + i, len - i, &cp);
		const char *lat = geo_latin(cp);
		if (lat)
			buf_puts(out, lat);
		else
			buf_put(out, s + i, n);
		i += n;
	}
}

char *slug_make(const char *s)
{
	buf out = BUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len = strlen(s);
	int dash = 0;
	while (i < len) {
		long cp;
		size_t n = utf8_next(p + i, len - i, &cp);
		const char *lat = geo_latin(cp);
		char c = 0;
		if (!lat && cp >= 'A' && cp <= 'Z')
			c = (char)(cp - 'A' + 'a');
		else if (!lat && ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')))
			c = (char)cp;
		if (lat || c) {
			if (dash && out.len)
				buf_putc(&out, '-');
			dash = 0;
			if (lat)
				buf_puts(&out, lat);
			else
				buf_putc(&out, c);
		} else if (cp != '\'' && cp != 0x2019) {
			/* apostrophes vanish inside words ("don't" -> dont) */
			dash = 1;
		}
		i += n;
	}
	return buf_detach(&out);
}

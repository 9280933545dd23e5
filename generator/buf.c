/* buf.c - see buf.h */
#include "buf.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_grow(buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	size_t cap;
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->ptr = xrealloc(b->ptr, cap);
	b->cap = cap;
}

void buf_put(buf *b, const void *data, size_t len)
{
	buf_grow(b, len);
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void buf_puts(buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

#ifdef __SSE2__
#include <emmintrin.h>
#else
/* Eight bytes at a time: a word has a byte equal to c (c repeated in
 * every byte) when x ^ c has a zero byte, and a byte below n (n <= 128)
 * as below; both tests are exact as yes/no answers. */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

static uint64_t load8(const char *p)
{
	uint64_t x;
	memcpy(&x, p, sizeof x);
	return x;
}

static uint64_t has_byte(uint64_t x, uint64_t c)
{
	uint64_t y = x ^ c;
	return (y - ONES) & ~y & HIGHS;
}

static uint64_t has_less(uint64_t x, unsigned n)
{
	return (x - ONES * n) & ~x & HIGHS;
}
#endif

/* The length of the run at s[0..len) with no byte for buf_put_escaped
 * to replace: sixteen bytes a step with SSE2 (every x86-64 has it),
 * else eight. */
static size_t html_safe_run(const char *s, size_t len)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>'),
		      quot = _mm_set1_epi8('"'), apos = _mm_set1_epi8('\'');
	for (; i + 16 <= len; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, amp), _mm_cmpeq_epi8(x, lt)),
					 _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, gt),
								   _mm_cmpeq_epi8(x, quot)),
						      _mm_cmpeq_epi8(x, apos)));
		int bits = _mm_movemask_epi8(m);
		if (bits)
			return i + (size_t)__builtin_ctz((unsigned)bits);
	}
#else
	for (; i + 8 <= len; i += 8) {
		uint64_t x = load8(s + i);
		if (has_byte(x, ONES * '&') | has_byte(x, ONES * '<') | has_byte(x, ONES * '>') |
		    has_byte(x, ONES * '"') | has_byte(x, ONES * '\''))
			break;
	}
#endif
	for (; i < len; i++) {
		char c = s[i];
		if (c == '&' || c == '<' || c == '>' || c == '"' || c == '\'')
			break;
	}
	return i;
}

void buf_put_escaped(buf *b, const char *s, size_t len)
{
	/* padded to 7 bytes, so that a fixed 6-byte copy is always in bounds */
	static const char reps[][7] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
	static const unsigned char rlens[] = {5, 4, 4, 6, 5};
	size_t i = 0;
	buf_grow(b, len);
	for (;;) {
		size_t n = html_safe_run(s + i, len - i);
		int r;
		if (n) {
			if (b->cap - b->len <= n)
				buf_grow(b, n);
			memcpy(b->ptr + b->len, s + i, n);
			b->len += n;
			i += n;
		}
		if (i == len)
			break;
		switch (s[i]) {
		case '&': r = 0; break;
		case '<': r = 1; break;
		case '>': r = 2; break;
		case '"': r = 3; break;
		default: r = 4; break;
		}
		if (b->cap - b->len <= 6)
			buf_grow(b, 6);
		memcpy(b->ptr + b->len, reps[r], 6);
		b->len += rlens[r];
		i++;
	}
	b->ptr[b->len] = '\0';
}

/* The length of the run at s[0..len) that JSON takes as it is. */
static size_t json_safe_run(const char *s, size_t len)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i c1f = _mm_set1_epi8(0x1F), quot = _mm_set1_epi8('"'),
		      bsl = _mm_set1_epi8('\\'), zero = _mm_setzero_si128();
	for (; i + 16 <= len; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* x <= 0x1F, unsigned: saturating x - 0x1F is 0 */
		__m128i m = _mm_or_si128(_mm_cmpeq_epi8(_mm_subs_epu8(x, c1f), zero),
					 _mm_or_si128(_mm_cmpeq_epi8(x, quot), _mm_cmpeq_epi8(x, bsl)));
		int bits = _mm_movemask_epi8(m);
		if (bits)
			return i + (size_t)__builtin_ctz((unsigned)bits);
	}
#else
	for (; i + 8 <= len; i += 8) {
		uint64_t x = load8(s + i);
		if (has_less(x, 0x20) | has_byte(x, ONES * '"') | has_byte(x, ONES * '\\'))
			break;
	}
#endif
	for (; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == '"' || c == '\\')
			break;
	}
	return i;
}

void buf_put_json(buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;
	char *o;
	/* room for the common case (nothing to escape) in one step */
	buf_grow(b, len + 2);
	b->ptr[b->len++] = '"';
	for (;;) {
		size_t n = json_safe_run(s + i, len - i);
		unsigned char c;
		if (n) {
			buf_grow(b, n + 1);
			memcpy(b->ptr + b->len, s + i, n);
			b->len += n;
			i += n;
		}
		if (i == len)
			break;
		c = (unsigned char)s[i++];
		buf_grow(b, 7);
		o = b->ptr + b->len;
		*o++ = '\\';
		if (c == '"' || c == '\\') {
			*o++ = (char)c;
		} else if (c == '\n') {
			*o++ = 'n';
		} else {
			*o++ = 'u';
			*o++ = '0';
			*o++ = '0';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
		b->len = (size_t)(o - b->ptr);
	}
	buf_grow(b, 1);
	b->ptr[b->len++] = '"';
	b->ptr[b->len] = '\0';
}

void buf_reset(buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

void buf_free(buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

char *buf_detach(buf *b)
{
	char *p;
	if (!b->ptr)
		return xstrdup("");
	p = b->ptr;
	/* give back real slack only: shrinking in place is cheap, but not
	 * free, and tiny strings gain nothing */
	if (b->cap - b->len - 1 >= 64)
		p = xrealloc(p, b->len + 1);
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

const char *buf_cstr(const buf *b)
{
	return b->ptr ? b->ptr : "";
}

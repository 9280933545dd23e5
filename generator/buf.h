/*
 * buf.h - the growable byte buffer used by every module.
 *
 * A buf always keeps a NUL after its last byte once anything has been
 * put, so ptr can be handed to C string functions.  A zeroed buf is an
 * empty, valid buffer (ptr may be NULL until the first put).
 */
#ifndef CSO_BUF_H
#define CSO_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
	char *ptr;
	size_t len;
	size_t cap;
} buf;

#define BUF_INIT {NULL, 0, 0}

void buf_grow(buf *b, size_t extra);
void buf_put(buf *b, const void *data, size_t len);
void buf_puts(buf *b, const char *s);
/* One byte; inline, as some callers put text a byte at a time. */
static inline void buf_putc(buf *b, char c)
{
	if (b->cap - b->len < 2)
		buf_grow(b, 1);
	b->ptr[b->len++] = c;
	b->ptr[b->len] = '\0';
}
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
/* Append s with & < > " ' replaced by entities (HTML and XML text and
 * attribute values alike). */
void buf_put_escaped(buf *b, const char *s, size_t len);
/* Append s[0..len) as a JSON string, quotes included: " and \ are
 * escaped with a backslash, a newline as \n, other bytes below 0x20 as
 * \u00XX; every other byte (UTF-8 included) is copied as it is.  Runs
 * of bytes that need no escaping are copied at once. */
void buf_put_json(buf *b, const char *s, size_t len);
/* Empty the buffer, keeping its memory. */
void buf_reset(buf *b);
/* Release the memory; b becomes empty. */
void buf_free(buf *b);
/* Hand the bytes to the caller (who frees them; never NULL) and empty b.
 * Spare capacity beyond the contents is given back to the allocator:
 * detached strings are kept (page HTML, summaries), so slack would
 * stay for the whole build. */
char *buf_detach(buf *b);
/* The contents as a C string ("" when empty); still owned by b. */
const char *buf_cstr(const buf *b);

#endif

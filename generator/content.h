/*
 * content.h - helpers shared by the content reader and other modules
 * that take paths and URLs from editors.
 */
#ifndef CSO_CONTENT_H
#define CSO_CONTENT_H

#include <stddef.h>

/* Check a URL path written by an editor (front matter url or alias):
 * it must start with '/', and have no "..", "." or empty segments, no
 * backslash, no percent-encoding, no query or fragment and no control
 * characters, so that it can only name a file inside the output.
 * Returns NULL when fine, else a static message saying what is wrong. */
const char *url_problem(const char *url);


#endif

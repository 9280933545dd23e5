/*
 * hyphen.h - hyphenation points for justified text in the PDF books.
 *
 * Justified lines need somewhere to break long words, or their word
 * gaps grow uneven; Georgian words are long, so it matters most there.
 * The break points come from TeX's patterns through libhyphen: English
 * from Debian's hyphen-en-us, Georgian from hyph-utf8's hyph-ka.pat.txt
 * (texlive-lang-other), converted at build time by tools/hyphen/mkdic.sh
 * with libhyphen's substrings.pl into build/hyph/hyph_ka.dic.
 *
 * The points are handed to Pango as soft hyphens (U+00AD): Pango breaks
 * there when it must and then draws a hyphen, and draws nothing
 * otherwise.  A loaded dictionary is only read, so threads may share it.
 */
#ifndef CSO_HYPHEN_H
#define CSO_HYPHEN_H

#include <stddef.h>

#include "buf.h"

typedef struct hyph hyph;

/* The patterns for lang ("ka", "en", ...), or NULL when none are
 * installed (the caller then sets that language ragged-right).  Looked
 * for as hyph_LANG.dic in $CSOGEN_HYPHEN_DIR, beside the program
 * (build/hyph/, or ../share/csogen/hyph/ when installed) and in
 * /usr/share/hyphen/. */
hyph *hyph_load(const char *lang);
void hyph_free(hyph *h);

/* The file the patterns came from. */
const char *hyph_path(const hyph *h);

/* Append text[0..len) to out with U+00AD at each break point of its
 * words.  Words that carry digits or look like addresses (a '/', '@',
 * ':', '_' or '.' inside) and short words are left whole.  h NULL
 * copies the text unchanged. */
void hyph_text(const hyph *h, const char *text, size_t len, buf *out);

#endif

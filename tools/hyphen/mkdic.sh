#!/bin/sh
# mkdic.sh - convert hyph-utf8's TeX hyphenation patterns for a language
# into a libhyphen dictionary, with libhyphen's own substrings.pl.
#
#   sh tools/hyphen/mkdic.sh ka build/hyph/hyph_ka.dic
#
# The Georgian patterns (hyph-ka.pat.txt, LPPL 1.3, Levan Shoshiashvili)
# come from Debian's texlive-lang-other; substrings.pl from libhyphen-dev.
# Without them the dictionary is not made and csogen sets that language
# ragged-right (it says so when it builds a book), so this only warns.
set -eu
lang=$1
out=$2
name=hyph-$lang.pat.txt
pat=""
if command -v kpsewhich >/dev/null 2>&1; then
	pat=$(kpsewhich "$name" 2>/dev/null || true)
fi
for d in /usr/share/texlive/texmf-dist/tex/generic/hyph-utf8/patterns/txt \
	/usr/share/texmf/tex/generic/hyph-utf8/patterns/txt; do
	[ -n "$pat" ] && break
	[ -f "$d/$name" ] && pat=$d/$name
done
sub=""
for s in /usr/share/libhyphen/substrings.pl /usr/share/hyphen/substrings.pl \
	"$(command -v substrings.pl 2>/dev/null || true)"; do
	[ -n "$s" ] && [ -f "$s" ] && { sub=$s; break; }
done
if [ -z "$pat" ] || [ -z "$sub" ]; then
	echo "mkdic: no $name or substrings.pl (install texlive-lang-other and libhyphen-dev);" \
		"$lang books will be set ragged-right" >&2
	exit 0
fi
mkdir -p "$(dirname "$out")"
# LEFTHYPHENMIN/RIGHTHYPHENMIN 2: no lone letter at either side of a break
# (hyph-ka's own typesetting minimum is 1 and 2).
perl "$sub" "$pat" "$out.tmp" UTF-8 2 2 >/dev/null
mv "$out.tmp" "$out"

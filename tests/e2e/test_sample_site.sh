#!/bin/sh
# The bundled site: builds, every link resolves, hreflang pairs are
# symmetric, feeds and sitemap are well-formed XML, drafts stay out, and
# two builds (and -j1 against -j2) are byte-identical.
. tests/e2e/lib.sh
BASE=https://csogeorgia.org
O1=$WORK/out1
O2=$WORK/out2

ok "sample site builds" "$CSOGEN" build --quiet -o "$O1" -j 2
for f in index.html en/index.html 404.html en/404.html sitemap.xml robots.txt \
	atom.xml en/atom.xml news/atom.xml en/news/atom.xml css/site.css favicon.svg \
	project/index.html en/project/index.html news/index.html en/news/index.html \
	tags/index.html en/tags/index.html regions/guria/index.html en/regions/guria/index.html \
	guides/participation-guidebook/index.html; do
	ok "output has $f" test -s "$O1/$f"
done
ok "links, anchors and hreflang pairs hold" $PY tests/e2e/check_site.py "$O1" "$BASE"
ok "sitemap is well-formed XML" xmllint --noout "$O1/sitemap.xml"
for l in ka en; do
	ok "search index ($l) is JSON in valid UTF-8" $PY -c \
		"import json,sys; json.loads(open(sys.argv[1],'rb').read().decode('utf-8','strict'))" \
		"$O1/search/index.$l.json"
done
for f in $(cd "$O1" && find . -name atom.xml | sort); do
	ok "feed $f is well-formed XML" xmllint --noout "$O1/$f"
done
has "feed is Atom" "$O1/atom.xml" '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ka">'
has "feed has entries" "$O1/en/atom.xml" '<entry>'
has "sitemap has hreflang alternates" "$O1/sitemap.xml" 'hreflang="en" href="https://csogeorgia.org/en/'
has "robots names the sitemap" "$O1/robots.txt" '^Sitemap: https://csogeorgia.org/sitemap.xml$'
has "ka home is Georgian" "$O1/index.html" '<html lang="ka"'
has "en home is English" "$O1/en/index.html" '<html lang="en"'
has "dates in Georgian" "$O1/news/index.html" '(იანვარი|თებერვალი|მარტი|აპრილი|მაისი|ივნისი|ივლისი|აგვისტო|სექტემბერი|ოქტომბერი|ნოემბერი|დეკემბერი)'
has "paginated news list" "$O1/news/page/2/index.html" 'href="/news/"'

# drafts: the one draft news item is absent, and present with --drafts
draft=$(grep -l '^draft: true' content/news/*.en.md | head -1)
slug=$(basename "$draft" .en.md)
ok "a draft exists in the sample" test -n "$slug"
not "draft is not built" test -e "$O1/en/news/$slug/index.html"
ok "build with drafts" "$CSOGEN" build --quiet --drafts -o "$WORK/drafts"
ok "draft is built with --drafts" test -s "$WORK/drafts/en/news/$slug/index.html"

# determinism: a second build, on one thread, is byte-identical
ok "second build" "$CSOGEN" build --quiet -o "$O2" -j 1
ok "two builds are byte-identical" diff -r "$O1" "$O2"

# base URL override
ok "build with --base-url" "$CSOGEN" build --quiet -o "$WORK/staging" --base-url https://staging.example.org/
has "base url overridden" "$WORK/staging/index.html" 'https://staging.example.org/'
hasnt "no double slash after the base url" "$WORK/staging/sitemap.xml" 'example.org//'

# no leaks and no memory errors on the sample (plain build only: the
# sanitizer build has its own leak checker).  "Possibly lost" blocks are
# GLib's and Pango's interned tables, kept by design; definite and
# indirect leaks fail, except fontconfig's own (tests/valgrind.supp).
if [ -z "${SUITE_SUFFIX:-}" ] && command -v valgrind >/dev/null; then
	ok "valgrind: no leaks or errors building the sample" valgrind -q --leak-check=full \
		--suppressions=tests/valgrind.supp \
		--errors-for-leak-kinds=definite,indirect --error-exitcode=3 \
		"$CSOGEN" build --quiet -o "$WORK/vg" -j 2
fi

finish

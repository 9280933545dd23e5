#!/bin/sh
# A small fixture site: URLs, translations, taxonomies, pagination,
# aliases, params, slugs from Georgian, and the layout lookup.
. tests/e2e/lib.sh
S=$(fixture mini)
O=$S/out
build "$S"
rc_is "fixture builds" 0
ok "ka item page" test -s "$O/news/item-1/index.html"
ok "en item page" test -s "$O/en/news/item-1/index.html"
ok "paginated list page 2" test -s "$O/news/page/2/index.html"
not "no page 3 for 3 items at 2 a page" test -e "$O/news/page/3/index.html"
has "page 2 links back to page 1" "$O/news/page/2/index.html" 'href="/news/"'
ok "alias redirect written" test -s "$O/old/story-1/index.html"
has "alias redirects to the page" "$O/old/story-1/index.html" 'url=/en/news/item-1/'
has "alias is canonical to the page" "$O/old/story-1/index.html" 'rel="canonical" href="https://example.org/en/news/item-1/"'
ok "term page from a Latin tag" test -s "$O/tags/forum/index.html"
ok "term page from a Georgian tag, romanised" test -s "$O/tags/porumi/index.html"
ok "single-string region becomes a term" test -s "$O/regions/guria/index.html"
ok "taxonomy list" test -s "$O/en/tags/index.html"
has "term page lists its pages" "$O/en/tags/forum/index.html" 'href="/en/news/item-3/"'
has "hreflang alternates on a page" "$O/news/item-2/index.html" 'hreflang="en" href="https://example.org/en/news/item-2/"'
has "x-default alternate" "$O/en/news/item-2/index.html" 'hreflang="x-default" href="https://example.org/news/item-2/"'
has "Georgian heading id" "$O/news/item-1/index.html" 'id="monatsileobiti-biujetireba"'
has "Georgian date" "$O/news/item-1/index.html" '10 იანვარი, 2021'
has "English date" "$O/en/news/item-1/index.html" '10 January 2021'
has "page in one language only links the other home" "$O/en/about/index.html" 'href="/"'
ok "links and anchors resolve" $PY tests/e2e/check_site.py "$O" https://example.org
ok "atom feed well-formed" xmllint --noout "$O/en/news/atom.xml"
has "feed entries newest first" "$O/en/news/atom.xml" 'Story 3'

# a section layout overrides _default (lookup page -> section -> _default)
mkdir -p "$S/themes/csogeorgia/layouts/news"
printf '<!doctype html><html lang="{{lang}}"><title>x</title><h1>NEWS-LAYOUT {{page.title}}</h1></html>\n' \
	>"$S/themes/csogeorgia/layouts/news/single.mustache"
build "$S"
rc_is "build with a section layout" 0
has "section layout used" "$O/en/news/item-1/index.html" 'NEWS-LAYOUT Story 1'
hasnt "other sections keep _default" "$O/en/about/index.html" 'NEWS-LAYOUT'
# front matter layout: page -> section/layout -> _default/layout
printf '<!doctype html><html lang="{{lang}}"><title>x</title><h1>WIDE {{page.params.colour}} {{page.params.contact}}</h1></html>\n' \
	>"$S/themes/csogeorgia/layouts/_default/wide.mustache"
sed -i 's/^title: "Story 2"$/title: "Story 2"\nlayout: wide\ncolour: red/' "$S/content/news/item-2.en.md"
build "$S"
rc_is "build with a page layout" 0
has "page layout used, unknown keys reach params" "$O/en/news/item-2/index.html" 'WIDE red'
has "params merged" "$O/en/about/index.html" 'About'
finish

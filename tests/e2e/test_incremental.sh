#!/bin/sh
# Incremental builds (generator/cache.h): after each kind of edit, a
# build over the previous output must give exactly what a clean build of
# the same tree gives, redo only what the edit affects, and a build with
# nothing changed must do nothing.  Runs on a copy of the repository's
# own site (charts, PDF books, workbooks, data pages all take part).
. tests/e2e/lib.sh
S=$WORK/site
mkdir -p "$S"
cp -r "$REPO/site.yaml" "$REPO/content" "$REPO/themes" "$REPO/datasets" "$S/"
O=$S/out

# inc NAME: build incrementally (cache verification on: a file the cache
# keeps must be what a fresh build makes), then a clean build of the same
# tree elsewhere, and the two trees must be identical.
inc() {
	CSOGEN_CACHE_VERIFY=1 "$CSOGEN" build -C "$S" >"$WORK/inc.out" 2>"$WORK/inc.err"
	rc=$?
	if [ $rc -eq 0 ]; then pass; else fail "$1: incremental build exit $rc"; head -20 "$WORK/inc.err"; fi
	rm -rf "$WORK/clean"
	"$CSOGEN" build -C "$S" --clean --quiet -o ../clean >/dev/null 2>"$WORK/clean.err"
	if diff -r "$O" "$WORK/clean" >"$WORK/diff" 2>&1; then pass; else
		fail "$1: incremental output differs from a clean build"
		head -20 "$WORK/diff"
	fi
}
# written N: the last incremental build wrote N files or fewer (and
# wrote something: it was not a no-op)
written_at_most() {
	n=$(sed -n 's/.*: \([0-9]*\) written.*/\1/p' "$WORK/inc.out")
	if [ -n "$n" ] && [ "$n" -ge 1 ] && [ "$n" -le "$2" ]; then pass; else
		fail "$1: wrote '${n:-?}' files, want 1..$2"; cat "$WORK/inc.out"
	fi
}
written_at_least() {
	n=$(sed -n 's/.*: \([0-9]*\) written.*/\1/p' "$WORK/inc.out")
	if [ -n "$n" ] && [ "$n" -ge "$2" ]; then pass; else
		fail "$1: wrote '${n:-?}' files, want at least $2"; cat "$WORK/inc.out"
	fi
}

"$CSOGEN" build -C "$S" >"$WORK/first.out" 2>&1
ok "first build" test -s "$O/index.html"
ok "the cache is kept beside the sources" test -d "$S/.csogen-cache"
hasnt "the cache is not published" "$WORK/first.out" 'csogen-cache'
ok "no cache file in the output" sh -c "! find '$O' -name '*.manifest' | grep -q ."

# nothing changed: nothing done, nothing touched
find "$O" -type f -exec stat -c '%n %Y %i' {} + | sort >"$WORK/before"
"$CSOGEN" build -C "$S" >"$WORK/nochange.out" 2>&1
has "no-change build says so" "$WORK/nochange.out" 'is up to date'
find "$O" -type f -exec stat -c '%n %Y %i' {} + | sort >"$WORK/after"
ok "no-change build touches no file" cmp -s "$WORK/before" "$WORK/after"
touch "$S/content/news/action-plans-presented.en.md"
"$CSOGEN" build -C "$S" >"$WORK/touch.out" 2>&1
has "a touched but unchanged file changes nothing" "$WORK/touch.out" 'is up to date'

# 1. a paragraph added to one page
printf '\nAn added paragraph about the %s.\n' "action plans" >>"$S/content/news/action-plans-presented.en.md"
inc "content edit"
written_at_most "content edit redoes little" 12
has "the edit is published" "$O/en/news/action-plans-presented/index.html" 'An added paragraph'

# 2. a title changed: lists, the translation's language switch, neighbours
sed -i 's/^title: .*/title: "Action plans handed to thirteen municipalities"/' \
	"$S/content/news/action-plans-presented.en.md"
inc "title edit"
ok "a news list page shows the new title" sh -c "cat '$O'/en/news/index.html '$O'/en/news/page/*/index.html | grep -q 'Action plans handed to thirteen'"
has "the Georgian page's language switch still works" "$O/news/action-plans-presented/index.html" 'href="/en/news/action-plans-presented/"'

# 3. a template edit redoes every page
sed -i 's|<footer class="site-footer">|<footer class="site-footer"><!-- footer edited -->|' \
	"$S/themes/csogeorgia/layouts/partials/footer.mustache"
inc "template edit"
written_at_least "a template edit redoes the pages" 300
has "the template edit is on a page" "$O/en/about/index.html" 'footer edited'

# 4. an interface string
sed -i 's/^og_locale: en_US/og_locale: en_GB/' "$S/themes/csogeorgia/i18n/en.yaml"
inc "i18n edit"

# 5. a data set: benchmarking pages, charts, workbooks, the report book
sed -i '2s/^batumi,info-website,2,/batumi,info-website,3,/' "$S/datasets/benchmarking/phase-2.csv"
ok "the dataset edit took" grep -q '^batumi,info-website,3,' "$S/datasets/benchmarking/phase-2.csv"
inc "dataset edit"
written_at_least "a dataset edit redoes charts and reports" 20

# 6. a book chapter: its PDF, and the pages that give the PDF's size
printf '\nA closing sentence for the chapter.\n' \
	>>"$S/content/guides/participation-guidebook/02-legal-framework.en.md"
inc "book chapter edit"

# 7. a page deleted: its files go, lists follow
rm "$S/content/news/action-plans-presented.ka.md"
inc "deletion"
not "the deleted page is gone" test -e "$O/news/action-plans-presented/index.html"

# 8. a page renamed
mv "$S/content/news/action-plans-presented.en.md" "$S/content/news/plans-handed-over.en.md"
inc "rename"
ok "the renamed page is published" test -s "$O/en/news/plans-handed-over/index.html"
not "the old name is gone" test -e "$O/en/news/action-plans-presented/index.html"

# 9. static files: changed, added, removed
printf '/* edited */\n' >>"$S/themes/csogeorgia/static/css/site.css" 2>/dev/null ||
	printf '/* edited */\n' >>"$(ls "$S"/themes/csogeorgia/static/css/*.css | head -1)"
printf 'hello\n' >"$S/themes/csogeorgia/static/hello.txt"
inc "static edit and add"
ok "added static file published" test -s "$O/hello.txt"
rm "$S/themes/csogeorgia/static/hello.txt"
inc "static removal"
not "removed static file gone" test -e "$O/hello.txt"

# 10. outputs changed or deleted by hand are made again
rm "$O/en/about/index.html"
printf 'tampered\n' >"$O/en/news/index.html"
"$CSOGEN" build -C "$S" >"$WORK/repair.out" 2>&1
hasnt "a damaged output is not up to date" "$WORK/repair.out" 'is up to date'
ok "a deleted output is made again" test -s "$O/en/about/index.html"
hasnt "a tampered output is made again" "$O/en/news/index.html" '^tampered$'

# 11. a failed build changes nothing and does not spoil the cache
cp -r "$O" "$WORK/good"
printf -- '---\ntitle: [unclosed\n---\nx\n' >"$S/content/news/broken.en.md"
"$CSOGEN" build -C "$S" >"$WORK/bad.out" 2>"$WORK/bad.err"
ok "bad front matter fails the build" test $? -ne 0
has "the error names the file" "$WORK/bad.err" 'content/news/broken.en.md:[0-9]+:[0-9]+: error'
ok "the output is left as it was" diff -r "$WORK/good" "$O"
rm "$S/content/news/broken.en.md"
"$CSOGEN" build -C "$S" >"$WORK/fixed.out" 2>&1
has "after the fix the site is up to date" "$WORK/fixed.out" 'is up to date'

# 12. --clean rebuilds everything
"$CSOGEN" build -C "$S" --clean >"$WORK/clean.out" 2>&1
hasnt "--clean does not build incrementally" "$WORK/clean.out" 'written|up to date'
ok "--clean output is the same" diff -r "$O" "$WORK/clean"

# 13. a lost or damaged cache means a clean build, never a wrong one
for f in "$S"/.csogen-cache/*.manifest; do head -c 100 "$f" >"$f.x" && mv "$f.x" "$f"; done
printf '\nAfter the cache was damaged.\n' >>"$S/content/about/_index.en.md" 2>/dev/null ||
	printf '\nAfter the cache was damaged.\n' >>"$(ls "$S"/content/about/*.en.md | head -1)"
inc "damaged cache"
for f in "$S"/.csogen-cache/*.md; do printf 'garbage' >"$f"; done
printf '\nMore.\n' >>"$(ls "$S"/content/news/*.en.md | head -1)"
inc "damaged Markdown cache"

finish

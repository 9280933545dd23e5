#!/bin/sh
# Patch builds (generator/patch.h): an edit of page bodies only is
# patched into the last build's output.  After each edit the output must
# be exactly what a clean build of the same tree gives; a patch must be
# taken for body edits and never when a guard trips (front matter,
# summary, table of contents, a section's truth, hooked fences, book
# chapters, pages added or removed, damaged outputs, a failed build,
# warnings, CSOGEN_CACHE_VERIFY=1, --clean).  Runs on a copy of the
# repository's own site.
. tests/e2e/lib.sh
S=$WORK/site
mkdir -p "$S"
cp -r "$REPO/site.yaml" "$REPO/content" "$REPO/themes" "$REPO/datasets" "$S/"
O=$S/out
C=$S/content
# one page without a summary in its front matter: it takes its summary
# from its first paragraph (case 14)
SUM=$C/news/gori-kareli-exchange-visit.en.md
sed -i '/^summary:/d' "$SUM"

# same_as_clean NAME: a clean build of the same tree elsewhere, and the
# output must be identical to it
same_as_clean() {
	rm -rf "$WORK/clean"
	"$CSOGEN" build -C "$S" --clean --quiet -o ../clean >/dev/null 2>"$WORK/clean.err"
	same_as "$1" "$WORK/clean"
}
# same_as NAME DIR: the output is identical to DIR, a clean build kept
# from an earlier state of the same tree
same_as() {
	if diff -r "$O" "$2" >"$WORK/diff" 2>&1; then pass; else
		fail "$1: output differs from a clean build"
		head -20 "$WORK/diff"
	fi
}
# b: an ordinary build (no verification), stdout in b.out, stderr in
# b.err, status in $rc
b() {
	"$CSOGEN" build -C "$S" >"$WORK/b.out" 2>"$WORK/b.err"
	rc=$?
}
rc0() {
	if [ "$rc" -eq 0 ]; then pass; else fail "$1: exit $rc"; head -20 "$WORK/b.err"; fi
}
# patched NAME N: the build patches N pages, prints one line saying so,
# and gives what a clean build gives
patched() {
	b
	rc0 "$1"
	if [ "$2" -eq 1 ]; then want='1 page edited'; else want="$2 pages edited"; fi
	has "$1: patched" "$WORK/b.out" "^csogen: $want: ([0-9]+ files|1 file) patched, [0-9]+ unchanged in [0-9.]+ s\$"
	ok "$1: one line on stdout" test "$(wc -l <"$WORK/b.out")" -eq 1
	ok "$1: nothing on stderr" test ! -s "$WORK/b.err"
	same_as_clean "$1"
}
# not_patched NAME: the build goes the usual (incremental) way, and
# gives what a clean build gives
not_patched() {
	b
	rc0 "$1"
	hasnt "$1: not patched" "$WORK/b.out" 'patched|edited'
	has "$1: an incremental build" "$WORK/b.out" ' written, '
	same_as_clean "$1"
}
# built NAME DIR: a build that may patch or not, back to an earlier
# state of the tree; it must succeed and give that state's clean build
built() {
	b
	rc0 "$1"
	same_as "$1" "$2"
}
# sums FILE: the checksums of every output file
sums() {
	(cd "$O" && find . -type f -exec md5sum {} + | sort -k2) >"$1"
}
# front_only FILE: FILE's front matter only (the body removed)
front_only() {
	awk 'n < 2 { print } /^---$/ { n++ }' "$1"
}

# 1. a first build, then nothing to do
b
rc0 "first build"
ok "first build made the site" test -s "$O/index.html"
has "first build is a full build" "$WORK/b.out" '^csogen: [0-9]+ pages, [0-9]+ files in '
has "a summary can come from the first paragraph" "$O/en/news/index.html" 'Staff and young people from Kareli and Khashuri'
hasnt "first build does not patch" "$WORK/b.out" 'patched'
b
has "no-change build says so" "$WORK/b.out" 'is up to date'

# 2. a paragraph added to one page: its HTML, the search index and the
# feeds that carry it are patched, and nothing else is touched
P=$C/news/action-plans-presented.en.md
PH=$O/en/news/action-plans-presented/index.html
sums "$WORK/sums.before"
cp "$P" "$WORK/p.md"
printf '\nThe patch test added this plain sentence to the page.\n' >>"$P"
patched "body edit" 1
has "the edit is on the page" "$PH" 'The patch test added this plain sentence'
has "the edit is in the search index" "$O/search/index.en.json" 'The patch test added this plain sentence'
feeds=$(grep -rl --include=atom.xml 'https://csogeorgia.org/en/news/action-plans-presented/' "$O")
ok "the page is in a feed" test -n "$feeds"
for f in $feeds; do
	has "the edit is in ${f#"$O"/}" "$f" 'The patch test added this plain sentence'
done
sums "$WORK/sums.after"
n=$(sed -n 's/.*edited: \([0-9]*\) files\{0,1\} patched.*/\1/p' "$WORK/b.out")
changed=$(diff "$WORK/sums.before" "$WORK/sums.after" | grep -c '^>')
ok "as many files changed as patched ($changed, ${n:-?})" test "$changed" = "${n:-x}"

# 2b. the same page again: a patch over the spans a patch recorded,
# with text the HTML, XML and JSON writers escape
cp "$WORK/p.md" "$P"
# shellcheck disable=SC2016 # the backquotes are Markdown's
printf '\n%s\n' 'A second edit: "quoted" words & an ampersand, a back\\slash, `code <b> & "x"`, *emphasis* -- dashes... the end.' >>"$P"
patched "second body edit" 1
has "the second edit is on the page" "$PH" 'A second edit: .*quoted.* words &amp; an ampersand'
hasnt "the first edit is gone" "$PH" 'The patch test added this plain sentence'

# 3. after a patch nothing is left to do, and a verifying build (which
# never patches) finds every file the patch left as a fresh build makes it
sums "$WORK/sums.before"
b
has "no-change build after a patch says so" "$WORK/b.out" 'is up to date'
sums "$WORK/sums.after"
ok "no-change build after a patch touches nothing" cmp -s "$WORK/sums.before" "$WORK/sums.after"
printf '\nA third paragraph for the verifying build.\n' >>"$P"
CSOGEN_CACHE_VERIFY=1 "$CSOGEN" build -C "$S" >"$WORK/b.out" 2>"$WORK/b.err"
rc=$?
rc0 "verifying build"
hasnt "a verifying build does not patch" "$WORK/b.out" 'patched|edited'
has "a verifying build builds" "$WORK/b.out" ' written, '
same_as_clean "verifying build"

# 4. a Georgian page
printf '\nდამატებული აბზაცი ტესტისთვის.\n' >>"$C/news/action-plans-presented.ka.md"
patched "Georgian body edit" 1
has "the Georgian edit is on the page" "$O/news/action-plans-presented/index.html" 'დამატებული აბზაცი ტესტისთვის'

# 5. two pages at once
printf '\nAn English sentence from the two page edit.\n' >>"$C/news/project-launch.en.md"
printf '\nქართული წინადადება ორი გვერდის ტესტიდან.\n' >>"$C/activities/advocacy.ka.md"
patched "two pages edited" 2
has "the English edit is on its page" "$O/en/news/project-launch/index.html" 'An English sentence from the two page edit'
has "the Georgian edit is on its page" "$O/activities/advocacy/index.html" 'ქართული წინადადება ორი გვერდის ტესტიდან'

# 6. enough words to change the reading time
RT=$O/en/news/benchmarking-first-round/index.html
rt_before=$(grep -o '<span class="reading-time">[^<]*</span>' "$RT")
ok "the page shows a reading time" test -n "$rt_before"
words=$(i=0; while [ $i -lt 600 ]; do printf 'word '; i=$((i + 1)); done)
printf '\nMany words follow. %s\n' "$words" >>"$C/news/benchmarking-first-round.en.md"
patched "reading time edit" 1
rt_after=$(grep -o '<span class="reading-time">[^<]*</span>' "$RT")
ok "the reading time changed ($rt_before -> $rt_after)" test -n "$rt_after" -a "$rt_before" != "$rt_after"

# 7. a new heading changes the table of contents
T=$C/news/grant-standards-proposal.en.md
ok "the page has two headings" test "$(grep -c '^## ' "$T")" -ge 2
printf '\n## A heading added by the patch test\n\nA paragraph under the new heading.\n' >>"$T"
not_patched "heading added"
has "the new heading is in the contents" "$O/en/news/grant-standards-proposal/index.html" 'href="#a-heading-added-by-the-patch-test"'

# 8. a front matter field changed with the body
T=$C/news/forum-2022-held.en.md
sed -i 's/^title: .*/title: "The 2022 forum, retitled by the patch test"/' "$T"
printf '\nA sentence added with the new title.\n' >>"$T"
not_patched "title and body edit"
has "the new title is on the page" "$O/en/news/forum-2022-held/index.html" 'retitled by the patch test'

# 9. a page with a hooked fence (```chart, ```table) is never patched
T=$C/activities/legal-advice.en.md
ok "the page has a hooked fence" grep -Eq '^```(chart|table)' "$T"
printf '\nA plain paragraph on a page with a chart.\n' >>"$T"
not_patched "page with a chart"
has "the edit is on the page" "$O/en/activities/legal-advice/index.html" 'A plain paragraph on a page with a chart'

# 10. a PDF book's chapter is never patched
T=$C/guides/participation-guidebook/02-legal-framework.en.md
ok "the chapter is in a book" test -f "$C/guides/participation-guidebook/book.yaml"
printf '\nA closing sentence the patch test added to the chapter.\n' >>"$T"
not_patched "book chapter edit"

# 11. a body edit while an output was damaged: the usual build repairs it
printf 'x' >>"$O/en/about/index.html"
printf '\nA sentence added while an output was damaged.\n' >>"$C/news/online-course-launch.en.md"
not_patched "body edit with a damaged output"
mv "$WORK/clean" "$WORK/clean.11"

# 13. a list page's body emptied: {{#page.content}} decides otherwise
T=$C/news/_index.en.md
cp "$T" "$WORK/index.en.md"
ok "the list page has a body" test "$(front_only "$T" | wc -l)" -lt "$(wc -l <"$T")"
front_only "$WORK/index.en.md" >"$T"
not_patched "list body emptied"
cp "$WORK/index.en.md" "$T"
built "list body restored" "$WORK/clean.11"
has "the list page shows its body again" "$O/en/news/index.html" 'This is where we publish news'

# 14. a summary taken from the first paragraph
T=$SUM
sed -i 's/^Staff and young people from Kareli/Staff and pupils from Kareli/' "$T"
not_patched "first paragraph edit changes the summary"
has "the new summary is listed" "$O/en/news/index.html" 'Staff and pupils from Kareli'
sed -i "s/^Members of Gori's youth council told/Members of Gori's youth council gladly told/" "$T"
ok "the second paragraph was edited" grep -q 'gladly told' "$T"
patched "later paragraph edit keeps the summary" 1
mv "$WORK/clean" "$WORK/clean.14"

# 15. a page added, then removed
T=$C/news/patch-test-added.en.md
printf -- '---\ntitle: "A page the patch test added"\ndate: 2022-05-01\nsummary: "Added."\n---\n\nThe body of the added page.\n' >"$T"
not_patched "page added"
ok "the added page is published" test -s "$O/en/news/patch-test-added/index.html"
rm "$T"
b
rc0 "page removed"
hasnt "page removed: not patched" "$WORK/b.out" 'patched|edited'
has "page removed: an incremental build" "$WORK/b.out" ' written, '
same_as "page removed" "$WORK/clean.14"
not "the removed page is gone" test -e "$O/en/news/patch-test-added/index.html"

# 16. a failed build (a body edit, and bad front matter in another page)
# changes nothing; once fixed, the body edit is patched in
T=$C/news/free-legal-consultations.en.md
cp "$T" "$WORK/broken.md"
printf '\nA sentence from before the failed build.\n' >>"$C/news/youth-civic-school-kobuleti.en.md"
sed -i 's/^title: .*/title: [unclosed/' "$T"
sums "$WORK/sums.before"
b
ok "bad front matter fails the build (exit $rc)" test "$rc" -ne 0
has "the error names the file" "$WORK/b.err" 'content/news/free-legal-consultations.en.md:[0-9]+:[0-9]+: error'
hasnt "a failed build does not patch" "$WORK/b.out" 'patched'
sums "$WORK/sums.after"
ok "a failed build leaves the output as it was" cmp -s "$WORK/sums.before" "$WORK/sums.after"
cp "$WORK/broken.md" "$T"
patched "body edit after a failed build" 1
has "the edit is on the page" "$O/en/news/youth-civic-school-kobuleti/index.html" 'A sentence from before the failed build'

# 12. a body edit that makes a Markdown warning (raw HTML is off); last
# but one, as the page keeps warning in every build after it
printf '\nA sentence with <span>raw HTML</span> in it.\n' >>"$C/news/khulo-mobile-reception.en.md"
not_patched "body edit with a warning"
has "the warning is printed" "$WORK/b.err" 'content/news/khulo-mobile-reception.en.md:[0-9]+:[0-9]+: warning.*raw HTML'

# 17. --clean never patches
printf '\nA sentence for the clean build.\n' >>"$C/news/project-launch.en.md"
"$CSOGEN" build -C "$S" --clean >"$WORK/b.out" 2>"$WORK/b.err"
rc=$?
rc0 "--clean build"
hasnt "--clean does not patch" "$WORK/b.out" 'patched|edited|written|up to date'
has "--clean builds the edit" "$O/en/news/project-launch/index.html" 'A sentence for the clean build'

finish

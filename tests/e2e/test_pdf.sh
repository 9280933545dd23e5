#!/bin/sh
# PDF books: the sample's three guides and the donor progress report in
# both languages, and a fixture book (a table longer than a page, every
# kind of block, a JPEG cover, a one-language A5 book), checked with real
# readers: pdfinfo, pdffonts, pdftotext, pdfimages (poppler) and qpdf.
# Then book.yaml mistakes, reported as book.yaml:line:col with out/ left
# as it was, and the speed of a 100-page book.
. tests/e2e/lib.sh
C="$PY tests/e2e/pdf_check.py"
O=$WORK/site
ok "sample builds" "$CSOGEN" build --quiet -o "$O"
for b in participation-guidebook pb-communication pb-monitoring progress-report; do
	for l in ka en; do
		f=$O/pdf/$b.$l.pdf
		ok "$b.$l written" test -s "$f"
		ok "$b.$l: qpdf --check" qpdf --check "$f"
		ok "$b.$l: every font embedded" $C fonts "$f"
		ok "$b.$l: TOC numbers are the pages of the headings" $C toc "$f"
		ok "$b.$l: links and bookmarks" $C links "$f"
		ok "$b.$l: document language" $C lang "$f" $l
		ok "$b.$l: even word gaps" $C gaps "$f" 2.05
		ok "$b.$l: creator" $C meta "$f" Creator csogen
	done
done
G=$O/pdf/participation-guidebook
ok "title (ka)" $C meta $G.ka.pdf Title "საზოგადოებრივი მონაწილეობის სახელმძღვანელო მუნიციპალიტეტებისთვის"
ok "author (ka)" $C meta $G.ka.pdf Author "სამოქალაქო საზოგადოების ინსტიტუტი"
ok "title (en)" $C meta $G.en.pdf Title "Public participation guidebook for municipalities"
ok "author (en)" $C meta $G.en.pdf Author "Civil Society Institute"
ok "subject (en)" $C meta $G.en.pdf Subject "How a municipality can involve citizens in decision-making"
ok "pages (ka)" sh -c "pdfinfo $G.ka.pdf | grep -Eq '^Pages: +(1[5-9]|2[0-9])$'"
ok "A4 pages" sh -c "pdfinfo $G.en.pdf | grep -Eq '^Page size: +595.276 x 841.89 pts'"
# Georgian text extracts in reading order, words intact (hyphenated words
# rejoin: Pango's hyphen extracts as U+00AD)
ok "Georgian sentences extract" $C text $G.ka.pdf \
	"კონსულტაცია არის ნებისმიერი ორგანიზებული პროცესი, რომლის დროსაც მუნიციპალიტეტი გადაწყვეტილების მიღებამდე მოსახლეობისა და ორგანიზაციების აზრს ეკითხება." \
	"ყველა წინადადება წერილობით დააფიქსირეთ და მიუთითეთ, რომელი ჯგუფიდან ან დასახლებიდან შემოვიდა." \
	"სასარგებლო შემოწმება: სთხოვეთ სხვა სამსახურის კოლეგას ან ოჯახის წევრს, წაიკითხოს მიმოხილვა."
ok "English sentences extract" $C text $G.en.pdf \
	"A good facilitator keeps the meeting focused and makes sure everyone can speak."
ok "Georgian words are hyphenated" sh -c "pdftotext -raw $G.ka.pdf - | grep -c \$(printf '\302\255')\$ | awk '\$1 < 20 {exit 1}'"
# the introduction leaves out the page's own list of contents
not "the _index's contents list is omitted" sh -c "pdftotext -raw $G.en.pdf - | grep -q '^Contents: '"
ok "links inside the book are destinations" sh -c "qpdf --qdf --object-streams=disable $G.en.pdf - | grep -aq '/Dest (c5)'"
ok "links out of the book are URLs" sh -c "qpdf --qdf --object-streams=disable $G.en.pdf - | grep -aq '/URI (https://csogeorgia.org/en/trainings/public-participation-basics/)'"
# the progress report: the site's numbers, from the computed results
R=$O/pdf/progress-report
ok "progress report ranking agrees with the results CSV" $PY - "$O" "$R.en.pdf" <<'PY'
import csv, decimal, re, subprocess, sys
out, pdf = sys.argv[1], sys.argv[2]
text = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, check=True).stdout.decode()
text = re.sub(r"\s+", " ", text.replace("\u00ad\n", ""))
q = decimal.Decimal("0.1")
for r in csv.DictReader(open(out + "/data/benchmarking-results.csv", encoding="utf-8")):
    one = decimal.Decimal(r["index_phase1"]).quantize(q, rounding=decimal.ROUND_HALF_UP)
    two = decimal.Decimal(r["index_phase2"]).quantize(q, rounding=decimal.ROUND_HALF_UP)
    assert " %s %s " % (one, two) in text, (r["municipality"], one, two)
PY
ok "progress report charts are vectors (no images)" sh -c "pdfimages -list $R.en.pdf | awk 'NR > 2' | wc -l | grep -qx 0"
ok "chart text extracts (ka)" $C text $R.ka.pdf "საშუალო ინდექსი რეგიონების მიხედვით"
ok "logframe table (en)" $C text $R.en.pdf "Logframe indicators: target (T) and actual (A) by year"
# deterministic: a second build gives the same bytes
ok "second build" "$CSOGEN" build --quiet -o "$WORK/site2"
for f in "$O"/pdf/*.pdf; do
	ok "$(basename "$f") is byte-identical" cmp "$f" "$WORK/site2/pdf/$(basename "$f")"
done
rm -rf "$WORK/site2"

# the fixture: a long table, every kind of block, a JPEG cover, A5
S=$(fixture pdf)
build "$S"
rc_is "fixture builds" 0
H=$S/out/pdf/handbook
for l in ka en; do
	ok "handbook.$l: qpdf --check" qpdf --check $H.$l.pdf
	ok "handbook.$l: TOC" $C toc $H.$l.pdf
	ok "handbook.$l: fonts" $C fonts $H.$l.pdf
done
ok "a table across pages repeats its header (en)" $C repeat $H.en.pdf \
	"Municipality Year Meetings Participants Remark" "Batumi 2020 4 43" "Khashuri 2025 4 274"
ok "a table across pages repeats its header (ka)" $C repeat $H.ka.pdf \
	"მუნიციპალიტეტი წელი შეხვედრები მონაწილეები შენიშვნა" "ბათუმი 2020 4 43" "ხაშური 2025 4 274"
ok "JPEGs embedded as JPEG (cover and photo)" sh -c "pdfimages -list $H.en.pdf | awk '\$9 == \"jpeg\"' | wc -l | grep -qx 2"
ok "PNG embedded" sh -c "pdfimages -list $H.en.pdf | awk '\$9 == \"image\"' | grep -q ."
ok "authors" $C meta $H.en.pdf Author "Ana Beridze, Giorgi Kapanadze"
ok "footnote at the foot of the page" $C text $H.en.pdf "A footnote at the foot of the page that calls it."
ok "nested list and task list" $C text $H.en.pdf "deepest item." "a finished task"
ok "code block" $C text $H.en.pdf "csogen: 42 pages, 99 files in 0.20 s"
ok "chart in the fixture" $C text $H.ka.pdf "მონაწილეები წლების მიხედვით"
ok "link to a heading resolves inside the book" sh -c "qpdf --qdf --object-streams=disable $H.en.pdf - | grep -aq '/Dest (c1-meetings-by-municipality)'"
ok "the same in Georgian (romanised id)" sh -c "qpdf --qdf --object-streams=disable $H.ka.pdf - | grep -aq '/Dest (c1-shekhvedrebi-munitsipalitetebis-mikhedvit)'"
ok "relative link resolves" sh -c "qpdf --qdf --object-streams=disable $H.en.pdf - | grep -aq '/Dest (c2)'"
ok "external link" sh -c "qpdf --qdf --object-streams=disable $H.en.pdf - | grep -aq '/URI (https://example.com/docs/)'"
# a link in a table cell is clickable: an annotation for each line it
# wraps onto, over the words of the link
ok "link in a table cell (en)" $C cell-link $H.en.pdf https://example.org/minutes/khashuri/ minutes
ok "link in a table cell (ka)" $C cell-link $H.ka.pdf https://example.org/minutes/khashuri/ ოქმები
ok "one-language book" test -s "$S/out/pdf/pocket.en.pdf"
not "no book in a language it does not list" test -e "$S/out/pdf/pocket.ka.pdf"
ok "page size from book.yaml (A5)" sh -c "pdfinfo $S/out/pdf/pocket.en.pdf | grep -Eq '^Page size: +419.528 x 595.276 pts'"
ok "creation date from book.yaml" sh -c "pdfinfo -isodates $S/out/pdf/pocket.en.pdf | grep -q '^CreationDate: *2023-01-02T00:00:00'"

# book.yaml mistakes: path:line:col, exit 1, out/ untouched
snap() { (cd "$S/out" && find . -type f | sort | xargs sha256sum) >"$WORK/snap.$1"; }
snap before
B=content/handbook/book.yaml
bad() {
	# bad WHAT REPLACEMENT-SED REGEX
	cp "$S/$B" "$WORK/saved"
	sed -i "$2" "$S/$B"
	build "$S"
	rc_is "$1: exit 1" 1
	has "$1: message" "$WORK/build.err" "$3"
	snap after
	ok "$1: out/ untouched" cmp "$WORK/snap.before" "$WORK/snap.after"
	cp "$WORK/saved" "$S/$B"
}
bad "unknown language" 's/^languages: \[ka, en\]/languages: [ka, de]/' "^$B:6:17: error: unknown language 'de'"
bad "missing chapter" 's/^chapters: \[01-long-table, 02-features\]/chapters: [01-long-table, 03-missing]/' \
	"^$B:8:27: error: chapter '03-missing' has no file content/handbook/03-missing.ka.md"
bad "bad page size" 's/^page: A4/page: A9/' "^$B:10:7: error: bad page size"
bad "bad date" 's/^date: 2023-05-17/date: 17 May 2023/' "^$B:11:7: error: 'date' must be YYYY-MM-DD"
bad "missing cover" 's/^cover: cover.jpg/cover: nothing.jpg/' "^$B:9:8: error: cover image content/handbook/nothing.jpg not found"
bad "no chapters" 's/^chapters: .*/chapters: []/' "^$B:8:11: error: 'chapters' lists the chapter files"
build "$S"
rc_is "fixed again" 0

# a book of about 100 pages typesets (how fast: `make bench`, not a test)
if [ -z "${SUITE_SUFFIX:-}" ]; then
	T=$WORK/big
	mkdir -p "$T/content/big"
	cp -r "$REPO/themes" "$T/themes"
	cp "$S/site.yaml" "$T/site.yaml"
	printf -- '---\ntitle: "Big"\n---\nA big book.\n' >"$T/content/big/_index.ka.md"
	{
		echo "title: Big"
		echo "languages: [ka]"
		echo "date: 2023-01-01"
		echo "chapters:"
	} >"$T/content/big/book.yaml"
	i=0
	for rep in 1 2 3 4 5 6; do
		for f in "$REPO"/content/guides/participation-guidebook/0*.ka.md; do
			i=$((i + 1))
			cp "$f" "$T/content/big/$i-ch.ka.md"
			echo "  - $i-ch" >>"$T/content/big/book.yaml"
		done
	done
	ok "100-page book builds" "$CSOGEN" build -C "$T" -j 1 --quiet
	ok "about 100 pages" sh -c "pdfinfo '$T/out/pdf/big.ka.pdf' | grep -Eq '^Pages: +(9[0-9]|1[0-2][0-9])$'"
	ok "its text extracts, hyphenated Georgian included" sh -c "pdftotext '$T/out/pdf/big.ka.pdf' - | grep -c . | awk '{ exit !(\$1 > 2000) }'"
fi
finish

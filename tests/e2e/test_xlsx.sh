#!/bin/sh
# Workbooks (out/reports/NAME.LANG.xlsx, generator/xlsx.c): every report of
# content/reports/ in both languages, the same bytes from build to build,
# the structure the issue asks for (openpyxl), every formula recalculated
# by LibreOffice equal to the value csogen stored and to results.json, and
# bad report files reported as path:line:col with out/ left untouched.
# Without python3-openpyxl or LibreOffice the reader checks are skipped
# (counted as passes, with a note); .ci installs both.
. tests/e2e/lib.sh
BOOKS="benchmarking.ka benchmarking.en progress-report.ka progress-report.en"
CSVF='csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1'

skip() {
	echo "$T_NAME: note: skipped, $1"
	pass
}

# checks WHAT CMD...: each "ok - " line CMD prints is a pass, each
# "not ok - " line a failure (xlsx_check.py groups related values)
checks() {
	what=$1; shift
	"$@" >"$WORK/checks.out" 2>&1
	rc=$?
	T_PASS=$((T_PASS + $(grep -c '^ok - ' "$WORK/checks.out")))
	bad=$(grep -c '^not ok - ' "$WORK/checks.out")
	T_FAIL=$((T_FAIL + bad))
	grep '^not ok - ' "$WORK/checks.out" | head -20 | cut -c1-400 | sed "s/^not ok - /$T_NAME: FAIL: $what: /"
	if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
		fail "$what: exited $rc"
		tail -20 "$WORK/checks.out" | sed 's/^/    /'
	fi
}

have_openpyxl() { [ -x "$PY" ] && "$PY" -c 'import openpyxl' 2>/dev/null; }
have_soffice() { command -v soffice >/dev/null 2>&1 && have_openpyxl; }

# soffice_csv DIR FILE...: LibreOffice recalculates every formula (a private
# profile with OOXMLRecalcMode 0: always) and writes each sheet as a CSV
LO=$WORK/lo
soffice_profile() {
	mkdir -p "$LO/user"
	cat >"$LO/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU
}
soffice_csv() {
	dir=$1; shift
	mkdir -p "$dir"
	HOME=$WORK soffice -env:UserInstallation="file://$LO" --headless --convert-to "$CSVF" \
		--outdir "$dir" "$@" >"$WORK/soffice.out" 2>&1
}

# ---- the sample site ----
O=$WORK/site
ok "sample builds" "$CSOGEN" build --quiet -o "$O"
for b in $BOOKS; do
	ok "$b.xlsx written" test -s "$O/reports/$b.xlsx"
	ok "$b.xlsx is a sound zip" "$PY" -m zipfile -t "$O/reports/$b.xlsx"
done

# reproducible: another build, in another time zone, gives the same bytes
ok "second build" env TZ=Pacific/Auckland "$CSOGEN" build --quiet -o "$WORK/again"
for b in $BOOKS; do
	ok "$b.xlsx byte-identical" cmp "$O/reports/$b.xlsx" "$WORK/again/reports/$b.xlsx"
done

if have_openpyxl; then
	checks "structure" "$PY" tests/e2e/xlsx_check.py structure "$O"
else
	skip "no python3-openpyxl: structure and cached values of the workbooks"
fi

if have_soffice; then
	soffice_profile
	soffice_csv "$WORK/csv" "$O"/reports/*.xlsx
	for b in $BOOKS; do
		ok "$b: LibreOffice wrote its sheets" sh -c 'ls "$1"/"$2"-*.csv' - "$WORK/csv" "$b"
	done
	checks "recalculated" "$PY" tests/e2e/xlsx_check.py recalc "$O" "$WORK/csv"

	# LibreOffice prints the Georgian workbook with its Georgian text
	HOME=$WORK soffice -env:UserInstallation="file://$LO" --headless --convert-to pdf \
		--outdir "$WORK/pdf" "$O/reports/benchmarking.ka.xlsx" >"$WORK/soffice.out" 2>&1
	ok "Georgian workbook prints to PDF" test -s "$WORK/pdf/benchmarking.ka.pdf"
	if command -v pdftotext >/dev/null 2>&1; then
		pdftotext "$WORK/pdf/benchmarking.ka.pdf" "$WORK/pdf/ka.txt" 2>/dev/null
		has "Georgian names in the PDF" "$WORK/pdf/ka.txt" 'ოზურგეთი'
		has "Georgian sheet name in the PDF's footer" "$WORK/pdf/ka.txt" 'შეჯამება'
		has "Georgian footer in the PDF" "$WORK/pdf/ka.txt" 'გვერდი 2 / [0-9]+'
	else
		skip "no pdftotext: text of the printed workbook"
	fi
else
	skip "no LibreOffice (libreoffice-calc-nogui) or openpyxl: recalculation of the formulas"
fi

# ---- the data fixture: empty scores, and then a municipality with none ----
S=$(fixture data)
mkdir -p "$S/content/reports"
cp tests/fixtures/xlsx/reports/benchmarking.yaml "$S/content/reports/"
build "$S"
rc_is "data fixture with a report builds" 0
ok "fixture workbook in ka (the site's languages)" test -s "$S/out/reports/bench.ka.xlsx"
ok "fixture workbook in en" test -s "$S/out/reports/bench.en.xlsx"
if have_soffice; then
	soffice_csv "$WORK/csv-f1" "$S"/out/reports/*.xlsx
	checks "fixture with an unassessed score" "$PY" tests/e2e/xlsx_check.py cached "$S/out" "$WORK/csv-f1"
	cp tests/fixtures/xlsx/phase-1-unassessed.csv "$S/datasets/benchmarking/phase-1.csv"
	build "$S"
	rc_is "fixture with an unassessed municipality builds" 0
	soffice_csv "$WORK/csv-f2" "$S"/out/reports/*.xlsx
	checks "fixture with an unassessed municipality" "$PY" tests/e2e/xlsx_check.py cached "$S/out" "$WORK/csv-f2"
	cp tests/fixtures/data/datasets/benchmarking/phase-1.csv "$S/datasets/benchmarking/phase-1.csv"
else
	skip "no LibreOffice: recalculation of the fixture's workbooks"
fi

# ---- bad report files: path:line:col, exit 1, out/ untouched ----
build "$S"
rc_is "fixture builds again" 0
echo keep >"$S/out/marker"
snap() { (cd "$S/out" && find . -type f | sort | xargs sha256sum) >"$WORK/snap.$1"; }
snap before
R=content/reports/zz.yaml
bad() {
	# bad WHAT CONTENT REGEX
	printf -- "$2" >"$S/$R"
	build "$S"
	rc_is "$1: exit 1" 1
	has "$1: message" "$WORK/build.err" "$3"
	snap after
	ok "$1: out/ untouched" cmp "$WORK/snap.before" "$WORK/snap.after"
	rm -f "$S/$R"
}
D='date: 2021-06-01\n'
bad "unknown workbook type" "name: x\nworkbook: budget\ntitle: T\n$D" \
	"^$R:2:11: error: unknown workbook type 'budget'"
bad "missing name" "workbook: benchmarking\ntitle: T\n$D" "^$R:1:1: error: missing 'name'"
bad "bad name" "name: Big Report\nworkbook: benchmarking\ntitle: T\n$D" \
	"^$R:1:7: error: 'name' must be lowercase"
bad "name used twice" "name: bench\nworkbook: benchmarking\ntitle: T\n$D" \
	"^$R:1:7: error: report name 'bench' is already used by content/reports/benchmarking.yaml"
bad "bad language" "name: x\nworkbook: benchmarking\nlanguages: [ka, fr]\ntitle: T\n$D" \
	"^$R:3:17: error: bad language 'fr' \\(the site's languages: ka, en\\)"
bad "title in a language the site lacks" "name: x\nworkbook: benchmarking\ntitle: {ka: ტ, de: T}\n$D" \
	"^$R:3:20: error: 'title': 'de' is not a language of the site"
bad "missing title" "name: x\nworkbook: benchmarking\n$D" "^$R:1:1: error: missing 'title'"
bad "missing date" "name: x\nworkbook: benchmarking\ntitle: T\n" "^$R:1:1: error: missing 'date'"
bad "impossible date" "name: x\nworkbook: benchmarking\ntitle: T\ndate: 2021-02-30\n" \
	"^$R:4:7: error: 'date' must be a date such as 2023-09-30"
bad "unknown key" "name: x\nworkbook: benchmarking\ntitle: T\ncolour: red\n$D" \
	"^$R:4:9: error: unknown key 'colour'"
bad "not a map" "- a\n- b\n" "^$R:1:1: error: a report is a map"
bad "progress report without a logframe" "name: p\nworkbook: progress\ntitle: T\n$D" \
	"^$R:2:11: error: no logframe for this workbook"
finish

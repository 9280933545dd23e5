#!/bin/sh
# Data sets: benchmarking pages and downloads from the sample, the same
# numbers in every place, ```table blocks, and every kind of bad data
# reported as path:row:col with out/ left untouched.
. tests/e2e/lib.sh
O=$WORK/site
ok "sample builds" "$CSOGEN" build --quiet -o "$O"
for m in batumi kobuleti khelvachauri keda shuakhevi khulo ozurgeti lanchkhuti chokhatauri gori kareli kaspi khashuri; do
	ok "ka page of $m" test -s "$O/benchmarking/$m/index.html"
	ok "en page of $m" test -s "$O/en/benchmarking/$m/index.html"
done
ok "methodology page" test -s "$O/en/benchmarking/methodology/index.html"
ok "results JSON parses" $PY -c "import json,sys; json.load(open(sys.argv[1]))" "$O/data/results.json"
ok "raw data published" test -s "$O/data/raw/benchmarking/phase-2.csv"
has "municipality page links its action plan" "$O/benchmarking/ozurgeti/index.html" 'href="/roadmaps/ozurgeti/"'
has "action plan links back to the benchmarking page" "$O/roadmaps/ozurgeti/index.html" 'href="/benchmarking/ozurgeti/"'
has "illustrative data labelled" "$O/en/benchmarking/index.html" 'illustrative sample data'
# the same numbers: the overview shows the CSV's phase 2 index, rounded
ok "overview agrees with the CSV download" $PY - "$O" <<'PY'
import csv, re, sys, decimal
out = sys.argv[1]
rows = list(csv.DictReader(open(out + "/data/benchmarking-results.csv", encoding="utf-8")))
assert len(rows) == 13, len(rows)
html = open(out + "/en/benchmarking/index.html", encoding="utf-8").read()
for r in rows:
    want = decimal.Decimal(r["index_phase2"]).quantize(decimal.Decimal("0.1"), rounding=decimal.ROUND_HALF_UP)
    m = re.search(r'<a href="/en/benchmarking/%s/">[^<]*</a></th><td>[^<]*</td><td class="num">[^<]*</td><td class="num">([^<]*)</td>' % r["municipality"], html)
    assert m, r["municipality"]
    assert m.group(1) == str(want), (r["municipality"], m.group(1), want)
PY
ok "links resolve with the data pages" $PY tests/e2e/check_site.py "$O" https://csogeorgia.org

# a fixture with hand-worked numbers (see tests/unit/test_bench.c)
S=$(fixture data)
build "$S"
rc_is "data fixture builds" 0
has "table block: sorted, limited, formatted" "$S/out/en/index.html" '<th scope="row">Alpha</th><td class="num">100.0</td><td class="num">\+30.0</td></tr>'
has "table block: second row" "$S/out/en/index.html" '<th scope="row">Beta</th><td class="num">52.0</td><td class="num">-8.0</td></tr>'
hasnt "table block: limit 2" "$S/out/en/index.html" '<th scope="row">Gamma</th><td class="num">48.0'
has "table block: totals" "$S/out/en/index.html" '<tfoot>'
has "table block: caption" "$S/out/en/index.html" '<caption id="table-[0-9]+">Ranking</caption>'
has "municipality page rank" "$S/out/en/benchmarking/b/index.html" '2 / 3'

echo keep >"$S/out/marker"
snap() { (cd "$S/out" && find . -type f | sort | xargs sha256sum) >"$WORK/snap.$1"; }
snap before
bad() {
	# bad WHAT FILE CONTENT REGEX
	cp "$S/$2" "$WORK/saved"
	printf -- "$3" >"$S/$2"
	build "$S"
	rc_is "$1: exit 1" 1
	has "$1: message" "$WORK/build.err" "$4"
	snap after
	ok "$1: out/ untouched" cmp "$WORK/snap.before" "$WORK/snap.after"
	cp "$WORK/saved" "$S/$2"
}
H='municipality,indicator,score,evidence,note\n'
R='a,x2,2,,\na,y1,5,,\nb,x1,2,,\nb,x2,4,,\nb,y1,0,,\nc,x1,0,,\nc,x2,0,,\nc,y1,,,\n'
P=datasets/benchmarking/phase-1.csv
bad "unknown municipality" $P "${H}zz,x1,1,,\na,x1,1,,\n$R" "^$P:2:1: error: unknown municipality 'zz'"
bad "unknown indicator" $P "${H}a,x9,1,,\na,x1,1,,\n$R" "^$P:2:3: error: unknown indicator 'x9'"
bad "score above max" $P "${H}a,x1,3,,\n$R" "^$P:2:6: error: score 3 is above the maximum 2"
bad "negative score" $P "${H}a,x1,-1,,\n$R" "^$P:2:6: error: score -1 is negative"
bad "non-numeric score" $P "${H}a,x1,two,,\n$R" "^$P:2:6: error: score 'two' is not a number"
bad "duplicate row" $P "${H}a,x1,1,,\n${R}a,x1,1,,\n" "^$P:11:1: error: duplicate row"
bad "missing pair" $P "${H}$R" "^$P:10:1: error: missing row for municipality 'a', indicator 'x1'"
bad "wrong header" $P "municipality,indicator,points,evidence,note\n" "^$P:1:1: error: wrong header"
bad "malformed quote" $P "${H}a,x1,1,\"open,\n$R" "^$P:2:1: error: malformed CSV"
bad "bad table spec" content/_index.en.md '---\ntitle: Home\n---\n\n```table\nsource: nothing.here\ncolumns: [name]\n```\n' "^content/_index\.en\.md:6:9: error: no list of rows at source 'nothing.here'"
bad "table column missing" content/_index.en.md '---\ntitle: Home\n---\n\n```table\nsource: benchmarking.ranking\ncolumns:\n  - {key: nosuch}\n```\n' "^content/_index\.en\.md:8:5: error: the rows have no 'nosuch'"
bad "unknown region in municipalities.yaml" datasets/municipalities.yaml 'regions:\n  - {id: r1, name: {ka: a, en: b}}\nmunicipalities:\n  - {id: a, name: {ka: a, en: A}, region: r9, population: 1}\n' "^datasets/municipalities\.yaml:4:43: error: unknown region 'r9'"
finish

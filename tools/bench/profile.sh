#!/bin/sh
# tools/bench/profile.sh - where csogen's time goes, on the benchmark corpus.
#
#   sh tools/bench/profile.sh [PAGES]     (default 1000)
#
# Runs csogen -j1 on the synthetic corpus of PAGES pages under
#   * valgrind --tool=callgrind: instruction counts, which do not depend
#     on the load of the machine (inclusive counts per phase and the top
#     functions by self cost), and
#   * perf record --call-graph dwarf, when perf can sample (wall-clock
#     view that includes the kernel: file creation), and
#   * valgrind --tool=massif: what the peak heap is made of.
# Writes into BENCH_TMP (default /tmp/csogen-bench-prof) and prints a
# summary; the raw files stay there for callgrind_annotate / perf report.
set -eu
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PAGES=${1:-1000}
TMP=${BENCH_TMP:-/tmp/csogen-bench-prof}
CSOGEN=$ROOT/build/csogen
[ -x "$CSOGEN" ] || make -s csogen
mkdir -p "$TMP"
dir=$TMP/corpus-$PAGES
python3 tools/bench/gencorpus.py "$dir" "$PAGES" >&2

# The phases of one build (build.c), as functions of the call graph.
PHASES="build_run cfg_load theme_load content_load md_render yv_parse site_link
render_check_layouts render_pages render_context tmpl_render out_write
feeds_write search_write out_commit site_free"

if command -v valgrind >/dev/null 2>&1; then
	rm -rf "$TMP/out" "$TMP"/callgrind.out*
	echo "== callgrind, $PAGES pages, -j1 (instructions; inclusive)"
	valgrind --tool=callgrind --callgrind-out-file="$TMP/callgrind.out" \
		"$CSOGEN" build -C "$dir" -o "$TMP/out" -j 1 --quiet 2>"$TMP/callgrind.log"
	callgrind_annotate --inclusive=yes "$TMP/callgrind.out" >"$TMP/callgrind.incl.txt"
	callgrind_annotate "$TMP/callgrind.out" >"$TMP/callgrind.self.txt"
	total=$(sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' "$TMP/callgrind.incl.txt" | tr -d ,)
	for f in $PHASES; do
		awk -v f="$f" -v t="$total" '
			{ n = $1; gsub(",", "", n) }
			$0 ~ (":" f " ") || $0 ~ (":" f "$") { if (n + 0 > best) best = n + 0 }
			END { if (best) printf "  %-22s %6.1f%%\n", f, 100 * best / t }' \
			"$TMP/callgrind.incl.txt"
	done
	echo "== callgrind: top 25 functions by self cost"
	awk 'f && NF > 1 && k < 25 {print "  " $0; k++} /file:function/ {f = 1}' \
		"$TMP/callgrind.self.txt" | sed 's/ \[[^]]*\]$//'

	echo "== massif, $PAGES pages, -j1: peak heap"
	rm -rf "$TMP/out" "$TMP"/massif.out*
	valgrind --tool=massif --massif-out-file="$TMP/massif.out" \
		"$CSOGEN" build -C "$dir" -o "$TMP/out" -j 1 --quiet 2>"$TMP/massif.log"
	ms_print "$TMP/massif.out" >"$TMP/massif.txt"
	peak=$(sed -n 's/.*[ \[]\([0-9][0-9]*\) (peak).*/\1/p' "$TMP/massif.txt" | head -n 1)
	awk -v n="$peak" '$1 == n && $2 ~ /^[0-9,]+$/ {f = 1} f' "$TMP/massif.txt" |
		head -n 2
	awk -v n="$peak" '$1 == n && $2 ~ /^[0-9,]+$/ {f = 1} f' "$TMP/massif.txt" |
		grep -E '^( |\|)*->' |
		grep -vE 'parse_one|worker|pool_run|content_load \(|build_run|cmd_build|below main|render_pages|render_one' |
		awk '{ if (match($0, /->[0-9.]+%/)) { p = substr($0, RSTART + 2, RLENGTH - 3); if (p + 0 >= 1.5) print } }' |
		cut -c1-150 | head -n 40
else
	echo "valgrind is not installed (apt-get install valgrind)"
fi

if perf record -o /dev/null -e cpu-clock true >/dev/null 2>&1; then
	echo "== perf, $PAGES pages, -j1 (wall clock incl. kernel; children)"
	rm -rf "$TMP/out"
	perf record -q -F 499 --call-graph dwarf,16384 -o "$TMP/perf.data" \
		"$CSOGEN" build -C "$dir" -o "$TMP/out" -j 1 --quiet 2>/dev/null
	perf report -i "$TMP/perf.data" --children --sort symbol --stdio -g none 2>/dev/null |
		grep '%' | grep -E "$(echo $PHASES | tr ' ' '|')|file_write|mkdir_p|open64|_int_malloc|_int_free|malloc_consolidate" |
		head -30
else
	echo "perf cannot sample here (perf_event_paranoid or no perf)"
fi
rm -rf "$TMP/out"
echo "raw data: $TMP"

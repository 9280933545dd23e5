#!/bin/sh
# fuzz.sh - build and run the libFuzzer targets of tests/fuzz.
#
#   tools/fuzz.sh [TARGET...]            fuzz each target FUZZ_SECONDS (60) seconds
#   tools/fuzz.sh --regress [TARGET...]  only replay the seed corpora (a few seconds)
#   tools/fuzz.sh --build [TARGET...]    only build the fuzzers
#
# Targets (tests/fuzz/fuzz_NAME.c, seeds in tests/fuzz/NAME/):
#   yaml      YAML -> value tree (front matter, site.yaml, data, specs)
#   page      one content file through a whole in-memory build
#   tmpl      Mustache compile + render (partials, inheritance)
#   csv       CSV data sets
#   markdown  Markdown -> HTML, ids, toc, summary, ```table blocks
#   chart     chart specs -> chart_new -> chart_svg (optional: skipped
#             while generator/chart.c is missing or does not compile)
#   pdf       chapters of Markdown (and a book header) -> pdf_doc ->
#             pdf_layout -> pdf_draw -> a Cairo PDF stream (pdf_typeset)
#
# Compiled with clang -fsanitize=fuzzer,address,undefined into build/fuzz/
# (installs clang and libclang-rt-14-dev with apt-get when run as root).
# Each run keeps what it learnt in build/fuzz/corpus/NAME; a crash, leak,
# timeout or failed invariant is saved as build/fuzz/crashes/NAME-*:
# reproduce it with  build/fuzz/fuzz_NAME FILE,  and once fixed, copy the
# file into tests/fuzz/NAME/ so that --regress replays it for good.
#
# Ends with "fuzz: N passed, N failed" (a target passes when it found
# nothing); exits 1 when any target failed.
set -u
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)
SECONDS_EACH=${FUZZ_SECONDS:-60}
OUT=${FUZZ_OUT:-$ROOT/build/fuzz}
# FUZZ_GENERATOR=DIR fuzzes another copy of generator/ (a patched tree,
# to look past a known crash); give it its own FUZZ_OUT.
GEN=${FUZZ_GENERATOR:-generator}
CC=${FUZZ_CC:-clang}
ALL="yaml page tmpl csv markdown chart pdf"
OPTIONAL="chart"
mode=fuzz
case "${1:-}" in
--regress) mode=regress; shift ;;
--build) mode=build; shift ;;
-h | --help) awk 'NR > 1 && /^#/ { print; next } NR > 1 { exit }' "$0"; exit 0 ;;
esac
targets=${*:-$ALL}

# ---- the tool chain ----
have_fuzzer() {
	printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n){(void)d;(void)n;return 0;}\n' \
		>"$OUT/probe.c"
	"$CC" -fsanitize=fuzzer,address,undefined -o "$OUT/probe" "$OUT/probe.c" >/dev/null 2>&1
}
mkdir -p "$OUT/obj" "$OUT/corpus" "$OUT/crashes"
if ! have_fuzzer; then
	if [ "$(id -u)" = 0 ]; then
		echo "fuzz: installing clang and libclang-rt-14-dev"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq && apt-get install -y -qq --no-install-recommends clang libclang-rt-14-dev >/dev/null
	fi
	if ! have_fuzzer; then
		echo "fuzz: clang with libFuzzer is needed: apt-get install clang libclang-rt-14-dev" >&2
		echo "fuzz: 0 passed, 1 failed"
		exit 1
	fi
fi

# The packages and libraries of the Makefile, so the fuzzers link like csogen.
PKGS=$(sed -n 's/^PKGS *= *//p' Makefile)
PKG_CFLAGS=$(pkg-config --cflags $PKGS) || exit 1
# the plain -l flags that follow the pkg-config call in the Makefile's PKG_LIBS
EXTRA_LIBS=$(sed -n 's/^PKG_LIBS *=.*`\(.*\)$/\1/p' Makefile)
PKG_LIBS="$(pkg-config --libs $PKGS) ${EXTRA_LIBS:--lcmark-gfm-extensions -lcsv -lpthread -lm}"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# -iquote, not -I: generator/hyphen.h must not hide the system <hyphen.h>
CFLAGS="-g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -iquote $GEN $PKG_CFLAGS"

# ---- the generator, instrumented, as one archive ----
# Every $GEN/*.c but main.c; a file that does not compile (work in
# progress elsewhere) is left out and only the targets that need it fail.
newest_h=$(ls -t "$GEN"/*.h | head -1)  # a header change rebuilds everything
objs=""
broken=""
for c in "$GEN"/*.c; do
	n=$(basename "$c" .c)
	[ "$n" = main ] && continue
	o=$OUT/obj/$n.o
	if [ ! -f "$o" ] || [ -n "$(find "$c" "$newest_h" -newer "$o")" ]; then
		if ! $CC $CFLAGS $SAN -fsanitize=fuzzer-no-link -c -o "$o" "$c" 2>"$OUT/obj/$n.err"; then
			rm -f "$o"
			broken="$broken $n"
			continue
		fi
	fi
	objs="$objs $o"
done
[ -n "$broken" ] && echo "fuzz: these sources do not compile and are left out:$broken"
rm -f "$OUT/libcsogen.a"
ar rcs "$OUT/libcsogen.a" $objs || exit 1

pass=0
failn=0
ok() { pass=$((pass + 1)); }
bad() { failn=$((failn + 1)); echo "fuzz: FAIL: $*"; }

is_optional() { case " $OPTIONAL " in *" $1 "*) return 0 ;; esac; return 1; }

# Per-target settings: the largest input and the per-input time limit.
max_len() {
	case $1 in
	page | markdown) echo 16384 ;;
	chart) echo 4096 ;;
	pdf) echo 6144 ;;
	*) echo 8192 ;;
	esac
}

# Extra libFuzzer flags of a target.  chart: Pango starts a thread to set
# up fontconfig for each new font map (chart.c makes one per render), and
# what that thread holds at the moment libFuzzer checks for leaks after an
# input is now and then reported as a 2 KB g_malloc0 leak that does not
# reproduce when the input is replayed.  So leaks are looked for in the
# chart target only when the seeds are replayed (--regress, checked at
# exit), not after every fuzzed input.
extra_flags() {
	case $1 in
	chart) echo "-detect_leaks=0" ;;
	esac
}

# fuzz_page works in a copy of a fixture site (fuzz_pdf in a directory
# of test images); a crash leaves it behind,
# so it lives here and is removed after each run.
export FUZZ_TMPDIR="$OUT/tmp"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$ROOT/tests/fuzz/lsan.supp:print_suppressions=0}

for t in $targets; do
	src=tests/fuzz/fuzz_$t.c
	bin=$OUT/fuzz_$t
	seeds=$ROOT/tests/fuzz/$t
	if [ ! -f "$src" ]; then
		bad "$t: no $src"
		continue
	fi
	if [ "$t" = chart ] && [ ! -f "$GEN/chart.c" ]; then
		echo "fuzz: chart: skipped (generator/chart.c is not written yet)"
		continue
	fi
	if ! $CC $CFLAGS $SAN -fsanitize=fuzzer -o "$bin" "$src" "$OUT/libcsogen.a" $PKG_LIBS \
		2>"$OUT/$t.link.log"; then
		if is_optional "$t"; then
			echo "fuzz: $t: skipped (does not build yet; see $OUT/$t.link.log)"
		else
			bad "$t: does not build (see $OUT/$t.link.log)"
			sed 's/^/    /' "$OUT/$t.link.log" | head -20
		fi
		continue
	fi
	[ "$mode" = build ] && { ok; continue; }
	dict=""
	[ -f "tests/fuzz/$t.dict" ] && dict="-dict=$ROOT/tests/fuzz/$t.dict"
	if [ "$mode" = regress ]; then
		# every seed (and every fixed crash kept with them) once
		files=$(find "$seeds" -type f 2>/dev/null | sort)
		if [ -z "$files" ]; then
			bad "$t: no seeds in $seeds"
			continue
		fi
		# shellcheck disable=SC2086
		mkdir -p "$FUZZ_TMPDIR"
		timeout 600 "$bin" -timeout=25 -rss_limit_mb=4096 $files >"$OUT/$t.log" 2>&1
		rc=$?
		rm -rf "$FUZZ_TMPDIR"
		if [ $rc -eq 0 ]; then
			echo "fuzz: $t: $(echo "$files" | wc -l) seeds replayed"
			ok
		else
			bad "$t: a seed fails (see $OUT/$t.log)"
			grep -E 'ERROR|runtime error|invariant|Running:' "$OUT/$t.log" | tail -8 | sed 's/^/    /'
		fi
		continue
	fi
	mkdir -p "$OUT/corpus/$t" "$FUZZ_TMPDIR"
	echo "fuzz: $t: ${SECONDS_EACH}s"
	# shellcheck disable=SC2086
	timeout $((SECONDS_EACH + 120)) "$bin" "$OUT/corpus/$t" "$seeds" $dict $(extra_flags "$t") \
		-max_total_time="$SECONDS_EACH" -timeout=25 -rss_limit_mb=4096 \
		-max_len="$(max_len "$t")" -print_final_stats=1 \
		-artifact_prefix="$OUT/crashes/$t-" >"$OUT/$t.log" 2>&1
	rc=$?
	rm -rf "$FUZZ_TMPDIR"
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/$t.log" | tail -1)
	cov=$(grep -Eo 'cov: [0-9]+' "$OUT/$t.log" | tail -1)
	if [ $rc -eq 0 ]; then
		echo "fuzz: $t: nothing found (${execs:-?} runs, ${cov:-cov: ?})"
		ok
	else
		bad "$t: exit $rc after ${execs:-?} runs; see $OUT/$t.log"
		grep -E '^==[0-9]+==ERROR|runtime error|invariant failed|ALARM|out-of-memory|^artifact_prefix|Test unit written' \
			"$OUT/$t.log" | head -8 | sed 's/^/    /'
	fi
done
echo "fuzz: $pass passed, $failn failed"
[ "$failn" -eq 0 ]

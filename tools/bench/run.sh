#!/bin/sh
# tools/bench/run.sh - the performance benchmark (`make bench`).
#
# Generates the synthetic bilingual corpus (tools/bench/gencorpus.py) at
# 1,000 and 10,000 pages (and 100,000 with BENCH_100K=1), builds it with
# csogen and, when `hugo` is installed, with Hugo, alternating the two,
# and prints Markdown tables: median wall time, median CPU time (user +
# system) and median peak RSS (GNU time), the csogen/Hugo ratios from the
# same run, csogen -j1 against -jN, a no-change and a one-page-edit
# rebuild, and the full sample site.  Each timed build starts from an
# empty output directory (removed, then `sync`, outside the timing),
# except the rebuilds, which build over the previous output.
#
# Installs nothing except, when run as root: GNU time (Debian `time`) if
# /usr/bin/time is missing, and Debian's `hugo` if there is no `hugo`.
# Without Hugo the comparisons are skipped with a note.
#
# Paths must not contain spaces (the commands are built as words).
#
# Settings (environment):
#   BENCH_RUNS_1K=5  BENCH_RUNS_10K=3  BENCH_RUNS_100K=1   timed runs per tool
#   BENCH_100K=1           also 100,000 pages (about 5 GB of disk, minutes)
#   BENCH_SIZES="1000 10000"   the corpus sizes (overrides the above)
#   BENCH_JOBS=N           csogen -j (default: nproc; Hugo uses every core)
#   BENCH_TMP=/tmp/csogen-bench   corpora and outputs
#   BENCH_OUT=DIR          outputs only (e.g. /dev/shm/csogen-bench: tmpfs)
#   BENCH_HUGO=0           skip Hugo even when installed
#   BENCH_SEED=20240611    corpus seed
#   BENCH_KEEP=1           keep corpora and outputs afterwards
#   BENCH_WAIT=S           before each timed run wait up to S seconds for
#   BENCH_QUIET=10         the machine's CPU pressure (PSI "some avg10",
#                          percent) to fall below BENCH_QUIET; every run
#                          records the pressure it started with, and the
#                          report shows it (other processes inflate times)
set -eu

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BENCH=$ROOT/tools/bench
CSOGEN=$ROOT/build/csogen
RUNS_1K=${BENCH_RUNS_1K:-5}
RUNS_10K=${BENCH_RUNS_10K:-3}
RUNS_100K=${BENCH_RUNS_100K:-1}
NPROC=$(nproc 2>/dev/null || echo 1)
JOBS=${BENCH_JOBS:-$NPROC}
TMP=${BENCH_TMP:-/tmp/csogen-bench}
OUT=${BENCH_OUT:-$TMP/out}
SEED=${BENCH_SEED:-20240611}
if [ -n "${BENCH_SIZES:-}" ]; then
	SIZES=$BENCH_SIZES
elif [ "${BENCH_100K:-0}" = 1 ]; then
	SIZES="1000 10000 100000"
else
	SIZES="1000 10000"
fi

say() { echo "bench: $*" >&2; }
die() { echo "bench: $*" >&2; exit 1; }
case "$ROOT$TMP$OUT" in
*[[:space:]]*) die "paths with spaces are not supported" ;;
esac

# ---- tools ----
TIME=/usr/bin/time
if ! $TIME -f '%e' true >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ]; then
		say "installing GNU time (Debian package 'time')"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null 2>&1 ||
			{ apt-get update -qq >/dev/null 2>&1 &&
			  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null 2>&1; } ||
			die "cannot install GNU time"
	else
		die "GNU time is missing: sudo apt-get install -y time"
	fi
fi
command -v python3 >/dev/null 2>&1 || die "python3 is needed for the corpus generator"
[ -x "$CSOGEN" ] || make -s csogen >&2 || die "cannot build csogen"

HUGO=
HUGO_NOTE=
if [ "${BENCH_HUGO:-1}" = 0 ]; then
	HUGO_NOTE="Hugo skipped (BENCH_HUGO=0)."
else
	if ! command -v hugo >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
		say "no hugo: trying apt-get install -y hugo"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null 2>&1 ||
			{ apt-get update -qq >/dev/null 2>&1 &&
			  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null 2>&1; } ||
			true
	fi
	if command -v hugo >/dev/null 2>&1; then
		HUGO=$(command -v hugo)
	else
		HUGO_NOTE="Hugo is not installed (apt-get install hugo failed or not root): comparisons skipped."
	fi
fi
HUGO_VERSION=
[ -n "$HUGO" ] && HUGO_VERSION=$($HUGO version 2>/dev/null | sed -n 's/^hugo v\([0-9.]*\).*/\1/p')

# ---- disk ----
max=0
for n in $SIZES; do [ "$n" -gt "$max" ] && max=$n; done
mkdir -p "$TMP" "$OUT"
# corpus ~7 KB a page, outputs ~25 KB (csogen) and ~30 KB (Hugo) a page
need_kb=$((max * 70))
for d in "$TMP" "$OUT"; do
	avail=$(df -Pk "$d" | awk 'NR==2 {print $4}')
	[ "$avail" -gt "$need_kb" ] ||
		die "$d has $((avail / 1024)) MiB free; $((need_kb / 1024)) MiB needed for $max pages"
done

# One binary for the whole run, even if build/csogen is rebuilt meanwhile.
cp "$CSOGEN" "$TMP/csogen"
# with the hyphenation patterns it finds beside itself (generator/hyphen.c)
rm -rf "$TMP/hyph"
cp -r "$(dirname "$CSOGEN")/hyph" "$TMP/hyph" 2>/dev/null || say "no build/hyph: PDF books set without hyphenation"
CSOGEN=$TMP/csogen

RESULTS=$TMP/runs.tsv
: >"$RESULTS"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')

# CPU pressure now: PSI "some avg10" in whole percent (0 where unknown)
pressure() {
	awk '/^some/ {sub("avg10=", "", $2); printf "%d\n", $2; exit}' /proc/pressure/cpu 2>/dev/null ||
		echo 0
}

wait_quiet() {
	waited=0
	while [ "$waited" -lt "${BENCH_WAIT:-0}" ] && [ "$(pressure)" -ge "${BENCH_QUIET:-10}" ]; do
		sleep 2
		waited=$((waited + 2))
	done
}

# measure SECTION LABEL PAGES RUN CMD... : one timed run, appended to RESULTS
measure() {
	sec=$1 label=$2 pages=$3 run=$4
	shift 4
	wait_quiet
	psi=$(pressure)
	tf=$TMP/time.out
	if ! $TIME -f '%e %U %S %M' -o "$tf" "$@" >"$TMP/cmd.log" 2>&1; then
		cat "$TMP/cmd.log" >&2
		die "failed: $*"
	fi
	read -r e u s m <"$tf"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$sec" "$label" "$pages" "$run" \
		"$e" "$u" "$s" "$m" "$psi" >>"$RESULTS"
	say "$(printf '%-9s %-14s %7s pages  run %s: %6ss wall %6ss cpu %6s MiB  (cpu pressure %s%%)' \
		"$sec" "$label" "$pages" "$run" "$e" \
		"$(echo "$u $s" | awk '{printf "%.2f", $1 + $2}')" "$((m / 1024))" "$psi")"
}

fresh() { rm -rf "$1"; sync; }

# The timed commands (GNU time runs programs, not shell functions).
# Fresh builds use --clean: the build cache (.csogen-cache/ in the corpus)
# would otherwise spare them the Markdown; rebuilds use the cache.
csogen_cmd() { echo "$CSOGEN build -C $1 -o $2 -j $3 --quiet --clean"; }
csogen_rebuild_cmd() { echo "$CSOGEN build -C $1 -o $2 -j $3 --quiet"; }
hugo_cmd() { echo "$HUGO --quiet --source $1 --destination $2"; }
csogen_build() { $(csogen_cmd "$@"); }
hugo_build() { $(hugo_cmd "$@"); }

count_files() { find "$1" -type f | wc -l | tr -d ' '; }

# the size for -j1/-jN and the rebuilds: 10,000 pages, else the largest
BIG=$max
for n in $SIZES; do [ "$n" = 10000 ] && BIG=10000; done

FILES=$TMP/files.tsv
: >"$FILES"
for n in $SIZES; do
	case $n in
	1000) runs=$RUNS_1K ;;
	10000) runs=$RUNS_10K ;;
	100000) runs=$RUNS_100K ;;
	*) if [ "$n" -le 3000 ]; then runs=$RUNS_1K; elif [ "$n" -le 30000 ]; then runs=$RUNS_10K; else runs=$RUNS_100K; fi ;;
	esac
	dir=$TMP/corpus-$n
	say "corpus: $n pages"
	python3 "$BENCH/gencorpus.py" "$dir" "$n" --seed "$SEED" >&2
	oc=$OUT/csogen-$n
	oh=$OUT/hugo-$n
	# one untimed build each: page cache, binaries, and a check that it builds
	fresh "$oc"
	csogen_build "$dir" "$oc" "$JOBS" || die "csogen cannot build the corpus"
	printf 'csogen\t%s\t%s\n' "$n" "$(count_files "$oc")" >>"$FILES"
	if [ -n "$HUGO" ]; then
		fresh "$oh"
		hugo_build "$dir" "$oh" >/dev/null 2>&1 || die "hugo cannot build the corpus"
		printf 'hugo\t%s\t%s\n' "$n" "$(count_files "$oh")" >>"$FILES"
	fi
	r=1
	while [ "$r" -le "$runs" ]; do
		fresh "$oc"
		measure build "csogen -j$JOBS" "$n" "$r" $(csogen_cmd "$dir" "$oc" "$JOBS")
		if [ -n "$HUGO" ]; then
			fresh "$oh"
			measure build "hugo" "$n" "$r" $(hugo_cmd "$dir" "$oh")
		fi
		r=$((r + 1))
	done
	if [ "${BENCH_KEEP:-0}" != 1 ] && [ "$n" != "$BIG" ]; then
		rm -rf "$oc" "$oh" "$dir"
	fi
done

# ---- at BIG pages: -j1 vs -jN, rebuilds ----
dir=$TMP/corpus-$BIG
oc=$OUT/csogen-$BIG
oh=$OUT/hugo-$BIG
runs=$RUNS_10K
if [ "$JOBS" != 1 ]; then
	r=1
	while [ "$r" -le "$runs" ]; do
		fresh "$oc"
		measure jobs "csogen -j1" "$BIG" "$r" $(csogen_cmd "$dir" "$oc" 1)
		fresh "$oc"
		measure jobs "csogen -j$JOBS" "$BIG" "$r" $(csogen_cmd "$dir" "$oc" "$JOBS")
		r=$((r + 1))
	done
fi

# the file-system floor: copying csogen's output tree (same files, no work)
fresh "$oc"
csogen_build "$dir" "$oc" "$JOBS"
r=1
while [ "$r" -le "$runs" ]; do
	fresh "$OUT/copy"
	measure floor "cp -r" "$BIG" "$r" cp -r "$oc" "$OUT/copy"
	r=$((r + 1))
done
fresh "$OUT/copy"

# no-change rebuild: the same tree again over the previous output
fresh "$oc"
csogen_build "$dir" "$oc" "$JOBS"
if [ -n "$HUGO" ]; then fresh "$oh"; hugo_build "$dir" "$oh" >/dev/null 2>&1; fi
r=1
while [ "$r" -le "$runs" ]; do
	sync
	measure nochange "csogen" "$BIG" "$r" $(csogen_rebuild_cmd "$dir" "$oc" "$JOBS")
	if [ -n "$HUGO" ]; then
		sync
		measure nochange "hugo" "$BIG" "$r" $(hugo_cmd "$dir" "$oh")
	fi
	r=$((r + 1))
done

# one-page edit: append a paragraph to one page, rebuild, put it back
edit=$(find "$dir/content" -name 'page-000000.en.md' | head -n 1)
cp "$edit" "$TMP/edit.orig"
r=1
while [ "$r" -le "$runs" ]; do
	printf '\nEdited for the benchmark, run %s.\n' "$r" >>"$edit"
	sync
	measure edit "csogen" "$BIG" "$r" $(csogen_rebuild_cmd "$dir" "$oc" "$JOBS")
	if [ -n "$HUGO" ]; then
		sync
		measure edit "hugo" "$BIG" "$r" $(hugo_cmd "$dir" "$oh")
	fi
	cp "$TMP/edit.orig" "$edit"
	r=$((r + 1))
done

# a PDF book of about 100 pages: the participation guidebook's chapters
# six times over, in Georgian (hyphenation, footnotes, tables)
pb=$TMP/pdf-book
rm -rf "$pb"
mkdir -p "$pb/content/big"
cp -r "$ROOT/themes" "$pb/themes"
cp "$ROOT/tests/fixtures/pdf/site.yaml" "$pb/site.yaml"
printf -- '---\ntitle: "Big"\n---\nA big book.\n' >"$pb/content/big/_index.ka.md"
printf 'title: Big\nlanguages: [ka]\ndate: 2023-01-01\nchapters:\n' >"$pb/content/big/book.yaml"
i=0
for rep in 1 2 3 4 5 6; do
	for f in "$ROOT"/content/guides/participation-guidebook/0*.ka.md; do
		i=$((i + 1))
		cp "$f" "$pb/content/big/$i-ch.ka.md"
		echo "  - $i-ch" >>"$pb/content/big/book.yaml"
	done
done
if "$CSOGEN" build -C "$pb" -j 1 --quiet --clean >"$TMP/pdf.log" 2>&1; then
	PDF_PAGES=$(pdfinfo "$pb/out/pdf/big.ka.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
	r=1
	while [ "$r" -le "$RUNS_1K" ]; do
		measure pdf "csogen -j1" "pdf" "$r" $(csogen_cmd "$pb" "$pb/out" 1)
		r=$((r + 1))
	done
else
	say "the 100-page book did not build: $(head -n 1 "$TMP/pdf.log")"
fi
rm -rf "$pb" "$TMP/pdf.log"

# the full sample site in the repository (every report it has)
# (others may be editing it: a failed build is reported, not fatal)
so=$OUT/sample
fresh "$so"
if "$CSOGEN" build -C "$ROOT" -o "$so" -j "$JOBS" >"$TMP/sample.log" 2>&1; then
	SAMPLE_SUMMARY=$(tail -n 1 "$TMP/sample.log")
	r=1
	while [ "$r" -le "$RUNS_1K" ]; do
		fresh "$so"
		measure sample "csogen -j$JOBS" "sample" "$r" $(csogen_cmd "$ROOT" "$so" "$JOBS")
		r=$((r + 1))
	done
else
	SAMPLE_SUMMARY="the sample site did not build: $(grep -c . "$TMP/sample.log") lines of errors, first: $(head -n 1 "$TMP/sample.log")"
	say "$SAMPLE_SUMMARY"
fi
rm -rf "$so" "$TMP/sample.log"

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
MACHINE="$NPROC cores ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)), $(free -g 2>/dev/null | awk '/^Mem:/ {print $2}') GiB, output on $(df -PT "$OUT" | awk 'NR==2 {print $2}'); load average $LOAD_START at the start, $LOAD_END at the end"
python3 "$BENCH/report.py" "$RESULTS" "$FILES" \
	--jobs "$JOBS" --hugo-version "${HUGO_VERSION:-}" --hugo-note "$HUGO_NOTE" \
	--sample "$SAMPLE_SUMMARY" --pdf-pages "${PDF_PAGES:-}" --machine "$MACHINE" --csogen-version "$("$CSOGEN" version 2>/dev/null || echo '?')" |
	tee "$TMP/results.md"

if [ "${BENCH_KEEP:-0}" != 1 ]; then
	rm -rf "$OUT" "$TMP"/corpus-* "$TMP/edit.orig" "$TMP/time.out" "$TMP/cmd.log" "$TMP/csogen" "$TMP/hyph"
fi
say "runs: $RESULTS; table: $TMP/results.md"

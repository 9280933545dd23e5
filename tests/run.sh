#!/bin/sh
# run.sh - every test: unit tests (plain and under ASan+UBSan), then the
# end-to-end scripts.  Each program prints "NAME: N passed, N failed";
# this adds them up and ends with one "N passed, N failed" line.
# Run from the repository root (make test does).
set -u
B=${B:-build}
SPEC=${MUSTACHE_SPEC:-../shared/spec/mustache}
log=$(mktemp)
status=0

run() {
	# run CMD...: its summary line is counted; a crash counts as a failure
	"$@" >"$log.out" 2>&1
	rc=$?
	cat "$log.out"
	if ! grep -Eq ': [0-9]+ passed, [0-9]+ failed$' "$log.out"; then
		echo "$*: FAIL: exited $rc without a summary"
		echo "crash: 0 passed, 1 failed" >>"$log"
	fi
	grep -E ': [0-9]+ passed, [0-9]+ failed$' "$log.out" >>"$log"
	[ $rc -eq 0 ] || status=1
}

for t in "$B"/unit/test_*; do
	[ -x "$t" ] || continue
	case "$t" in *test_mustache) run "$t" "$SPEC" ;; *) run "$t" ;; esac
done
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0
for t in "$B"/asan/unit/test_*; do
	[ -x "$t" ] || continue
	case "$t" in *test_mustache) run "$t" "$SPEC" ;; *) run "$t" ;; esac
done
for t in tests/e2e/test_*.sh; do
	CSOGEN=$B/csogen run sh "$t"
	CSOGEN=$B/asan/csogen SUITE_SUFFIX=-asan run sh "$t"
done

passed=$(awk -F': ' '{split($NF, a, " "); p += a[1]} END {print p+0}' "$log")
failed=$(awk -F': ' '{split($NF, a, " "); f += a[3]} END {print f+0}' "$log")
rm -f "$log" "$log.out"
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status

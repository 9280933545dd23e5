# lib.sh - helpers for the end-to-end tests (sourced).
#
#   ok "what" COMMAND...         passes when COMMAND exits 0
#   not "what" COMMAND...        passes when COMMAND exits non-zero
#   has "what" FILE PATTERN      passes when grep -E finds PATTERN in FILE
#   finish                       prints "NAME: N passed, N failed" and exits
set -u
REPO=$(pwd)
CSOGEN=${CSOGEN:-build/csogen}
case "$CSOGEN" in /*) ;; *) CSOGEN=$REPO/$CSOGEN ;; esac
PY=/usr/bin/python3
T_PASS=0
T_FAIL=0
T_NAME=$(basename "$0" .sh)${SUITE_SUFFIX:-}
WORK=$(mktemp -d /tmp/csogen-e2e.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

pass() { T_PASS=$((T_PASS + 1)); }
fail() { T_FAIL=$((T_FAIL + 1)); echo "$T_NAME: FAIL: $*"; }

ok() {
	what=$1; shift
	if "$@" >"$WORK/.last" 2>&1; then pass; else fail "$what"; sed 's/^/    /' "$WORK/.last" | head -20; fi
}
not() {
	what=$1; shift
	if "$@" >"$WORK/.last" 2>&1; then fail "$what (succeeded)"; else pass; fi
}
has() {
	if grep -Eq -- "$3" "$2" 2>/dev/null; then pass; else fail "$1: no /$3/ in $2"; [ -f "$2" ] && head -5 "$2" | sed 's/^/    /'; fi
}
hasnt() {
	if grep -Eq -- "$3" "$2" 2>/dev/null; then fail "$1: /$3/ found in $2"; else pass; fi
}

# A fixture site: copies tests/fixtures/NAME and the repository's themes
# into $WORK/NAME and prints that path.
fixture() {
	rm -rf "$WORK/$1"
	cp -r "$REPO/tests/fixtures/$1" "$WORK/$1"
	[ -d "$WORK/$1/themes" ] || cp -r "$REPO/themes" "$WORK/$1/themes"
	echo "$WORK/$1"
}

# Build with the status and stderr kept: build DIR [ARGS...]
build() {
	dir=$1; shift
	"$CSOGEN" build -C "$dir" --quiet "$@" >"$WORK/build.out" 2>"$WORK/build.err"
	echo $? >"$WORK/build.rc"
}
rc_is() {
	got=$(cat "$WORK/build.rc")
	if [ "$got" = "$2" ]; then pass; else fail "$1: exit $got, want $2"; sed 's/^/    /' "$WORK/build.err" | head -20; fi
}

finish() {
	echo "$T_NAME: $T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ]
	exit $?
}

#!/bin/sh
# The command line: usage errors exit 2, help and version work.
. tests/e2e/lib.sh
ok "version" "$CSOGEN" version
ok "help" "$CSOGEN" help
ok "help build" "$CSOGEN" help build
"$CSOGEN" help build >"$WORK/help.txt"
has "help build lists -j" "$WORK/help.txt" '-j N'
for args in "" "nosuch" "build --nosuch" "build -j 0" "build -j" "build -o"; do
	"$CSOGEN" $args >/dev/null 2>&1
	rc=$?
	if [ $rc -eq 2 ]; then pass; else fail "'csogen $args' exits $rc, want 2"; fi
done
"$CSOGEN" build -C "$WORK/nonexistent" >/dev/null 2>&1
rc=$?
if [ $rc -eq 1 ]; then pass; else fail "missing -C dir exits $rc, want 1"; fi
mkdir -p "$WORK/empty"
"$CSOGEN" build -C "$WORK/empty" 2>"$WORK/err.txt" >/dev/null
rc=$?
if [ $rc -eq 1 ]; then pass; else fail "site without site.yaml exits $rc, want 1"; fi
has "says site.yaml is missing" "$WORK/err.txt" '^site\.yaml: error: cannot read'
finish

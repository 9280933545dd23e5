#!/bin/sh
# The progress line (generator/progress.h): drawn on stderr when it is a
# terminal (here a pseudo-terminal made by util-linux script), cleared
# before the summary; never in a pipe or a file, never with --quiet;
# NO_COLOR (set and not empty) takes its colours but not the line.
. tests/e2e/lib.sh

if ! command -v script >/dev/null 2>&1; then
	echo "$T_NAME: script (util-linux) not found: no pseudo-terminal"
	fail "script(1) is needed"
	finish
fi

dir=$(fixture mini)
CR=$(printf '\r')
ESC=$(printf '\033')

# on_pty FILE ARGS...: csogen build ARGS on a pseudo-terminal, everything
# it wrote (stdout and stderr: both are the terminal) into FILE.  Every
# build here is --clean: a build the cache finds up to date has no pages
# to count.
on_pty() {
	file=$1; shift
	script -qec "'$CSOGEN' build --clean -C '$dir' $*" /dev/null </dev/null >"$file" 2>&1
}

# Lines drawn (the text between carriage returns, escape codes left out)
# no wider than 79 columns.
fits() {
	awk 'BEGIN { RS = "\r"; bad = 0 }
	     { gsub(/\033\[[0-9;]*[A-Za-z]/, ""); if (length($0) > 79) bad = 1 }
	     END { exit bad }' "$1"
}

# No escape code but the line clearing "\033[K".
only_clearing() {
	sed "s/${ESC}\\[K//g" "$1" | grep -q "$ESC" && return 1
	return 0
}

# --- on a terminal, colours allowed ---
if (unset NO_COLOR; on_pty "$WORK/tty.out"); then
	pass
else
	fail "build on a terminal"
	sed 's/^/    /' "$WORK/tty.out" | head -20
fi
has "terminal: a progress line (carriage return, then the pages label)" "$WORK/tty.out" "${CR}  (${ESC}\\[[0-9;]*m)?pages"
has "terminal: the counts of the last page" "$WORK/tty.out" "pages(${ESC}\\[[0-9;]*m)? +([0-9]+)/\\2 "
has "terminal: a bar and a percentage" "$WORK/tty.out" "\\[(${ESC}\\[[0-9;]*m)?#+(${ESC}\\[0m)?\\] 100%"
has "terminal: a bold label" "$WORK/tty.out" "${ESC}\\[1mpages"
has "terminal: the line is cleared before the summary" "$WORK/tty.out" "${CR}${ESC}\\[Kcsogen: [0-9]+ pages"
ok "terminal: lines fit 80 columns" fits "$WORK/tty.out"

# --- piped to a file: no progress line, no escape codes ---
"$CSOGEN" build --clean -C "$dir" >"$WORK/pipe.out" 2>"$WORK/pipe.err"
echo $? >"$WORK/build.rc"
rc_is "build piped" 0
cat "$WORK/pipe.out" "$WORK/pipe.err" >"$WORK/pipe.all"
hasnt "piped: no carriage return" "$WORK/pipe.all" "$CR"
hasnt "piped: no escape codes" "$WORK/pipe.all" "$ESC"
hasnt "piped: no progress line" "$WORK/pipe.all" '[0-9]+/[0-9]+ +\['
has "piped: the summary" "$WORK/pipe.out" '^csogen: [0-9]+ pages'

# --- --quiet on a terminal: nothing at all on success ---
ok "--quiet on a terminal" on_pty "$WORK/quiet.out" --quiet
hasnt "--quiet: no progress line" "$WORK/quiet.out" "${CR} "
hasnt "--quiet: no pages label" "$WORK/quiet.out" 'pages'
hasnt "--quiet: no escape codes" "$WORK/quiet.out" "$ESC"

# --- NO_COLOR=1 on a terminal: the line, without colours ---
NO_COLOR=1 script -qec "'$CSOGEN' build --clean -C '$dir'" /dev/null </dev/null >"$WORK/nc.out" 2>&1
echo $? >"$WORK/build.rc"
rc_is "NO_COLOR=1 build" 0
has "NO_COLOR: still a progress line" "$WORK/nc.out" "${CR}  pages +[0-9]+/[0-9]+"
has "NO_COLOR: the line is cleared" "$WORK/nc.out" "${CR}${ESC}\\[K"
ok "NO_COLOR: no escape code but the line clearing" only_clearing "$WORK/nc.out"

# --- NO_COLOR set but empty: colours (https://no-color.org) ---
NO_COLOR= script -qec "'$CSOGEN' build --clean -C '$dir'" /dev/null </dev/null >"$WORK/nce.out" 2>&1
has "NO_COLOR empty: colours" "$WORK/nce.out" "${ESC}\\[1mpages"

# --- the help says so ---
"$CSOGEN" help build >"$WORK/help.txt"
has "help build: --clean" "$WORK/help.txt" '--clean +ignore the build cache'
has "help build: --quiet mentions the progress line" "$WORK/help.txt" '--quiet.*progress'
"$CSOGEN" help serve >"$WORK/help.txt"
has "help serve: --quiet" "$WORK/help.txt" '--quiet'
finish

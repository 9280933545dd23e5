#!/bin/sh
# deps.sh - make sure the Debian packages csogen needs are installed.
#
#   tools/deps.sh build   packages to build csogen and the site
#   tools/deps.sh test    those plus the readers the tests use, and the
#                         browser-test tools (npm, into tests/browser)
#
# As root, missing packages are installed with apt-get; otherwise the
# exact apt-get line is printed and the script fails.
set -eu
BUILD="make gcc pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev
libxlsxwriter-dev libcairo2-dev libpango1.0-dev libcsv-dev libmicrohttpd-dev libpng-dev
libhyphen-dev libxxhash-dev hyphen-en-us texlive-lang-other
fonts-noto-core fonts-dejavu-core"
TEST="libxml2-utils valgrind poppler-utils curl chromium default-jre-headless
python3-openpyxl libreoffice-calc-nogui qpdf"
want=$BUILD
if [ "${1:-build}" = test ]; then
	want="$BUILD $TEST"
	command -v node >/dev/null 2>&1 || want="$want nodejs npm"
fi
missing=""
for p in $want; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$s" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ]; then
		echo "deps: installing$missing"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends $missing
	else
		echo "deps: missing packages; run:" >&2
		echo "  sudo apt-get install -y --no-install-recommends$missing" >&2
		exit 1
	fi
fi
# The browser checks' npm packages (vnu-jar, playwright-core, axe-core).
# --ignore-scripts: vnu-jar's install script would download a Java runtime;
# the machine's Java is used instead.  No browser is ever downloaded.
if [ "${1:-build}" = test ] && command -v npm >/dev/null 2>&1; then
	m=tests/browser/node_modules/.package-lock.json
	if [ ! -f "$m" ] || [ tests/browser/package-lock.json -nt "$m" ]; then
		npm ci --prefix tests/browser --ignore-scripts --no-audit --no-fund >/dev/null ||
			echo "deps: npm ci failed; the browser checks will be skipped" >&2
	fi
fi

#!/bin/sh
# deps.sh - make sure the Debian packages csogen needs are installed.
#
#   tools/deps.sh build   packages to build csogen and the site
#   tools/deps.sh test    those plus the readers the tests use
#
# As root, missing packages are installed with apt-get; otherwise the
# exact apt-get line is printed and the script fails.
set -eu
BUILD="make gcc pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev
libxlsxwriter-dev libcairo2-dev libpango1.0-dev libcsv-dev libmicrohttpd-dev
fonts-noto-core fonts-dejavu-core"
TEST="libxml2-utils valgrind poppler-utils curl"
want=$BUILD
[ "${1:-build}" = test ] && want="$BUILD $TEST"
missing=""
for p in $want; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$s" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0
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

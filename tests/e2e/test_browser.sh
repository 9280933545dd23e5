#!/bin/sh
# The sample site as browsers and the web's own checkers see it:
#   - the W3C Nu validator (npm vnu-jar, run with the machine's Java) on
#     every HTML, CSS and SVG file of both languages: no errors;
#   - in Debian's Chromium driven by playwright-core (tests/browser/axe.mjs,
#     served from a loopback python3 http.server): axe-core (WCAG 2.0/2.1
#     A and AA, best practices) on the home page, a list, a guide chapter,
#     the benchmarking overview and a municipality, ka and en, at 390 px
#     and 1280 px, with screenshots kept in build/screenshots/; Georgian
#     drawn in a Georgian face; the home page under 100 KB without images;
#     no request to any other host; the search page finds Georgian and
#     English partial words, and works from the header box;
#   - metadata: Open Graph, Twitter card, JSON-LD that parses, manifests.
# Without java, node, the npm packages (npm ci --prefix tests/browser) or
# /usr/bin/chromium it prints a note and counts nothing, unless
# BROWSER_TESTS=required (CI), which makes that one failure.  Under the
# sanitizer build (SUITE_SUFFIX) it is skipped the same way: the output
# is byte-identical (test_sample_site checks that build) and one browser
# run is enough.
. tests/e2e/lib.sh
BR=$REPO/tests/browser
VNU=$BR/node_modules/vnu-jar/build/dist/vnu.jar
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
SHOTS=${SHOTS:-$REPO/build/screenshots}
OUT=$WORK/site
SRV=""
trap '[ -n "$SRV" ] && kill "$SRV" 2>/dev/null; rm -rf "$WORK"' EXIT

if [ -n "${SUITE_SUFFIX:-}" ]; then
	echo "$T_NAME: note: skipped, the browser checks run once, with the plain build"
	finish
fi
missing=""
command -v java >/dev/null 2>&1 || missing="$missing java(default-jre-headless)"
command -v node >/dev/null 2>&1 || missing="$missing node"
[ -x "$CHROMIUM" ] || missing="$missing $CHROMIUM(chromium)"
[ -f "$VNU" ] || missing="$missing vnu-jar"
[ -d "$BR/node_modules/playwright-core" ] || missing="$missing playwright-core"
[ -d "$BR/node_modules/axe-core" ] || missing="$missing axe-core"
if [ -n "$missing" ]; then
	if [ "${BROWSER_TESTS:-}" = required ]; then
		fail "browser tools missing:$missing (BROWSER_TESTS=required)"
	else
		echo "$T_NAME: note: skipped, missing:$missing (apt-get install chromium default-jre-headless; npm ci --prefix tests/browser --ignore-scripts)"
	fi
	finish
fi
ok "sample site builds" "$CSOGEN" build --quiet -o "$OUT"
[ -s "$OUT/index.html" ] || finish
mkdir -p "$SHOTS"
rm -f "$SHOTS"/*.png "$SHOTS"/*.txt "$SHOTS"/*.tsv

# --- W3C Nu validator: every HTML, CSS and SVG file, both languages ------
(cd "$OUT" && find . \( -name '*.html' -o -name '*.css' -o -name '*.svg' \) | sort) >"$WORK/files"
ok "the site has HTML pages in both languages" grep -q '^\./en/.*\.html$' "$WORK/files"
n=$(wc -l <"$WORK/files")
vnu() {
	(cd "$OUT" && timeout 120 java -Xss8m -jar "$VNU" --errors-only --also-check-css --also-check-svg \
		$(cat "$WORK/files")) >"$SHOTS/vnu.txt" 2>&1
}
ok "vnu: no errors in $n HTML, CSS and SVG files (see $SHOTS/vnu.txt)" vnu
[ -s "$SHOTS/vnu.txt" ] && sed 's/^/    /' "$SHOTS/vnu.txt" | head -40

# --- metadata in the HTML --------------------------------------------------
for p in index.html en/index.html news/index.html en/benchmarking/ozurgeti/index.html; do
	has "$p: Open Graph image" "$OUT/$p" '<meta property="og:image" content="https://csogeorgia\.org/'
	has "$p: Twitter card" "$OUT/$p" '<meta name="twitter:card" content="summary_large_image">'
	has "$p: canonical URL" "$OUT/$p" '<link rel="canonical" href="https://csogeorgia\.org/'
	has "$p: JSON-LD" "$OUT/$p" '<script type="application/ld\+json">\{'
	has "$p: web app manifest" "$OUT/$p" '<link rel="manifest" href="/manifest(\.en)?\.webmanifest">'
	has "$p: apple-touch-icon" "$OUT/$p" '<link rel="apple-touch-icon" href="/apple-touch-icon\.png">'
	has "$p: search box in the header" "$OUT/$p" '<form class="site-search" role="search" action="(/en)?/search/" method="get"'
	hasnt "$p: no script (search.js is for the search page)" "$OUT/$p" '<script src='
done
has "search page loads search.js deferred" "$OUT/search/index.html" '<script src="/js/search.js" defer></script>'
has "en search page reads the en index" "$OUT/en/search/index.html" 'data-index="/search/index\.en\.json"'
has "search page has a noscript note" "$OUT/search/index.html" '<noscript>'
has "search page lists the sitemap" "$OUT/search/index.html" 'href="/sitemap\.xml"'
json_ok() {
	$PY - "$OUT" <<'EOF'
import json, os, re, struct, sys
root = sys.argv[1]
bad = []
ld = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
for d, _, files in os.walk(root):
    for f in files:
        if f.endswith(".html"):
            p = os.path.join(d, f)
            for block in ld.findall(open(p, encoding="utf-8").read()):
                try:
                    v = json.loads(block)
                    assert v.get("@context") == "https://schema.org" and v.get("@type"), "no @context/@type"
                except Exception as e:
                    bad.append(f"{p}: JSON-LD: {e}")
for m in ("manifest.webmanifest", "manifest.en.webmanifest"):
    v = json.load(open(os.path.join(root, m), encoding="utf-8"))
    for k in ("name", "short_name", "start_url", "icons", "lang"):
        if k not in v:
            bad.append(f"{m}: no {k}")
    for i in v.get("icons", []):
        if not os.path.isfile(os.path.join(root, i["src"].lstrip("/"))):
            bad.append(f"{m}: icon {i['src']} missing")
def size(p):
    b = open(os.path.join(root, p), "rb").read(24)
    return struct.unpack(">II", b[16:24]) if b[:8] == b"\x89PNG\r\n\x1a\n" else None
for p, want in (("og-default.png", (1200, 630)), ("apple-touch-icon.png", (180, 180)),
                ("icon-192.png", (192, 192)), ("icon-512.png", (512, 512))):
    if size(p) != want:
        bad.append(f"{p}: size {size(p)}, want {want}")
if os.path.getsize(os.path.join(root, "og-default.png")) > 60000:
    bad.append("og-default.png is over 60 KB")
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
}
ok "JSON-LD parses on every page; manifests and images are sound" json_ok

# --- Chromium: axe, screenshots, weight, requests, search -----------------
port() { $PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
up() { $PY -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' "$1" 2>/dev/null; }
for try in 1 2 3; do
	PORT=$(port)
	$PY -m http.server --bind 127.0.0.1 --directory "$OUT" "$PORT" >"$WORK/http.log" 2>&1 &
	SRV=$!
	i=0
	while [ $i -lt 50 ] && kill -0 "$SRV" 2>/dev/null && ! up "http://127.0.0.1:$PORT/"; do
		sleep 0.1
		i=$((i + 1))
	done
	up "http://127.0.0.1:$PORT/" && break
	kill "$SRV" 2>/dev/null
	SRV=""
done
ok "a loopback server serves the site" up "http://127.0.0.1:$PORT/"

: >"$WORK/browser.tsv"
timeout 150 node "$BR/axe.mjs" --base "http://127.0.0.1:$PORT" --chromium "$CHROMIUM" \
	--shots "$SHOTS" --results "$WORK/browser.tsv" >"$SHOTS/browser.txt" 2>&1
rc=$?
cp "$WORK/browser.tsv" "$SHOTS/browser.tsv"
tab=$(printf '\t')
while IFS="$tab" read -r status what detail; do
	case "$status" in
	PASS) pass ;;
	*) fail "$what: $detail" ;;
	esac
done <"$WORK/browser.tsv"
# axe and sideways scrolling: 12 pages (10, and the search page of each
# language with results) at 2 widths; then the rest
checks=$(wc -l <"$WORK/browser.tsv")
if [ "$rc" -gt 1 ] || [ "$checks" -lt 60 ]; then
	fail "the browser checks ran to the end (exit $rc, $checks checks; log: $SHOTS/browser.txt)"
	tail -20 "$SHOTS/browser.txt" | sed 's/^/    /'
elif grep -q '^FAIL' "$WORK/browser.tsv"; then
	grep -v '^weight of' "$SHOTS/browser.txt" | head -60 | sed 's/^/    /'
fi
shots=$(ls "$SHOTS"/*-390.png "$SHOTS"/*-1280.png 2>/dev/null | wc -l)
ok "screenshots at 390 px and 1280 px of 12 pages ($shots in $SHOTS)" test "$shots" -ge 24
grep '^weight of' "$SHOTS/browser.txt" | sed "s/^/$T_NAME: /"

finish

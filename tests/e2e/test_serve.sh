#!/bin/sh
# csogen serve: pages served from memory, live rebuild within a second,
# the error overlay over the last good page, traversal refused, MIME types.
. tests/e2e/lib.sh
command -v curl >/dev/null || { echo "$T_NAME: curl missing"; fail "curl is needed"; finish; }
S=$(fixture mini)
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$CSOGEN" serve -C "$S" --port "$PORT" --quiet >"$WORK/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
U=http://127.0.0.1:$PORT
i=0
until curl -sf "$U/__csogen/version" >/dev/null 2>&1 || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
get() { curl -s -o "$WORK/body" -w '%{http_code} %{content_type}' "$@"; }

[ "$(get $U/en/news/item-1/)" = "200 text/html; charset=utf-8" ] && pass || fail "page served as HTML"
has "page content" "$WORK/body" 'Story 1'
has "live-reload script only in serve mode" "$WORK/body" '__csogen/version'
[ "$(get $U/css/site.css)" = "200 text/css; charset=utf-8" ] && pass || fail "CSS MIME type"
[ "$(get $U/sitemap.xml)" = "200 application/xml" ] && pass || fail "XML MIME type"
[ "$(get $U/en/nope/ | cut -c1-3)" = "404" ] && pass || fail "missing page is 404"
has "the site's own 404 page" "$WORK/body" '<html lang="en"'
for p in '/../../etc/passwd' '/%2e%2e/%2e%2e/etc/passwd' '/css/..%2f..%2f..%2fetc/passwd' '/..%5c..%5cetc/passwd' '/./index.html'; do
	code=$(curl -s --path-as-is -o "$WORK/body" -w '%{http_code}' "$U$p")
	if [ "$code" = 404 ] && ! grep -q 'root:' "$WORK/body"; then pass; else fail "traversal $p gave $code"; fi
done

# edit: the new text is served within a second
v0=$(curl -s "$U/__csogen/version")
sed -i 's/^Text 1,/Edited text 1,/' "$S/content/news/item-1.en.md"
i=0
until curl -s "$U/en/news/item-1/" | grep -q 'Edited text 1' || [ $i -ge 10 ]; do sleep 0.1; i=$((i + 1)); done
curl -s "$U/en/news/item-1/" >"$WORK/body"
has "edit shows within a second" "$WORK/body" 'Edited text 1'
v1=$(curl -s "$U/__csogen/version")
[ "$v1" != "$v0" ] && pass || fail "version changes so open pages reload"

# break the front matter: the overlay shows, the last good page stays
printf -- '---\ntitle: "Broken\n---\nx\n' >"$S/content/news/item-3.en.md"
i=0
until curl -s "$U/en/news/item-1/" | grep -q 'csogen-error' || [ $i -ge 20 ]; do sleep 0.1; i=$((i + 1)); done
curl -s "$U/en/news/item-1/" >"$WORK/body"
has "error overlay" "$WORK/body" 'id="csogen-error"'
has "overlay names the file" "$WORK/body" 'content/news/item-3\.en\.md:[0-9]+:[0-9]+: error'
has "last good page still served" "$WORK/body" 'Edited text 1'
# fix it: the overlay goes
cp "$REPO/tests/fixtures/mini/content/news/item-3.en.md" "$S/content/news/item-3.en.md"
i=0
while curl -s "$U/en/news/item-1/" | grep -q 'csogen-error' && [ $i -lt 20 ]; do sleep 0.1; i=$((i + 1)); done
curl -s "$U/en/news/item-1/" >"$WORK/body"
hasnt "overlay gone after the fix" "$WORK/body" 'csogen-error'
[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST $U/)" = 405 ] && pass || fail "POST refused"
kill $PID
wait $PID 2>/dev/null
has "stops cleanly" "$WORK/serve.log" 'stopped'
finish

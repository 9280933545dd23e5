#!/bin/sh
# csogen check finds planted broken links and anchors at their
# file:line:col, warns about missing translations, lists external links,
# writes nothing; csogen new writes front matter and never overwrites.
. tests/e2e/lib.sh
ok "the sample passes check" "$CSOGEN" check
S=$(fixture mini)
ok "fixture passes check" "$CSOGEN" check -C "$S"
not "check wrote no out/" test -e "$S/out"
printf -- '---\ntitle: Links\n---\nSee [a missing page](/en/news/nope/) and\n[a missing anchor](/en/news/item-1/#nowhere), [fine](/en/news/item-1/#participatory-budgeting)\nand [the web](https://example.com/x).\n' >"$S/content/news/links.en.md"
"$CSOGEN" check -C "$S" >"$WORK/out.txt" 2>"$WORK/err.txt"
rc=$?
if [ $rc -eq 1 ]; then pass; else fail "check exits $rc on broken links, want 1"; fi
has "broken link at its position" "$WORK/err.txt" '^content/news/links\.en\.md:4:5: error: broken link /en/news/nope/: no such page or file'
has "broken anchor at its position" "$WORK/err.txt" '^content/news/links\.en\.md:5:1: error: broken link /en/news/item-1/#nowhere: no such anchor there'
hasnt "good anchor passes" "$WORK/err.txt" 'participatory-budgeting:'
has "missing translation warned" "$WORK/err.txt" '^content/news/links\.en\.md: warning: no ka translation'
has "external link listed" "$WORK/out.txt" '^external: https://example.com/x \(content/news/links\.en\.md:6:5\)$'
not "check still wrote nothing" test -e "$S/out"
"$CSOGEN" check -C "$S" --format json >"$WORK/check.json" 2>/dev/null
ok "json report parses and has the error" $PY -c "
import json,sys
r=json.load(open(sys.argv[1]))
errs=[d for d in r['diagnostics'] if d['severity']=='error']
assert any(d['file']=='content/news/links.en.md' and d['line']==4 and d['col']==5 for d in errs), errs
assert r['external'][0]['url']=='https://example.com/x'
" "$WORK/check.json"
rm "$S/content/news/links.en.md"
# a section whose list layout links none of its pages: they are unreached
mkdir -p "$S/content/hidden" "$S/themes/csogeorgia/layouts/hidden"
printf -- '---\ntitle: Hidden\n---\nx\n' >"$S/content/hidden/lost.en.md"
printf '<!doctype html><html lang="{{lang}}"><title>x</title><h1>{{page.title}}</h1></html>\n' \
	>"$S/themes/csogeorgia/layouts/hidden/list.mustache"
"$CSOGEN" check -C "$S" >"$WORK/out.txt" 2>"$WORK/err.txt"
has "unreached page warned" "$WORK/err.txt" '^content/hidden/lost\.en\.md: warning: no menu, list or link reaches this page \(/en/hidden/lost/\)'
rm -r "$S/content/hidden" "$S/themes/csogeorgia/layouts/hidden"

# new
ok "new writes a page" "$CSOGEN" new -C "$S" news "მონაწილეობითი ბიუჯეტირება 2023" --lang ka
F=$S/content/news/monatsileobiti-biujetireba-2023.ka.md
ok "file named by the romanised slug" test -s "$F"
has "title quoted" "$F" '^title: "მონაწილეობითი ბიუჯეტირება 2023"$'
has "date filled" "$F" '^date: [0-9]{4}-[0-9]{2}-[0-9]{2}$'
has "translation key" "$F" '^translation_key: monatsileobiti-biujetireba-2023$'
echo "body" >>"$F"
not "new refuses to overwrite" "$CSOGEN" new -C "$S" news "მონაწილეობითი ბიუჯეტირება 2023" --lang ka
has "file kept" "$F" '^body$'
ok "translation of it" "$CSOGEN" new -C "$S" news "Participatory budgeting 2023" --lang en --translation-of content/news/monatsileobiti-biujetireba-2023.ka.md
ok "translation file pairs by name" test -s "$S/content/news/monatsileobiti-biujetireba-2023.en.md"
ok "the new pages build with drafts" "$CSOGEN" build -C "$S" --quiet --drafts
has "they are translations (each with its own slug)" "$S/out/en/news/participatory-budgeting-2023/index.html" 'hreflang="ka" href="https://example.org/news/monatsileobiti-biujetireba-2023/"'
"$CSOGEN" new >/dev/null 2>&1
rc=$?
if [ $rc -eq 2 ]; then pass; else fail "new without arguments exits $rc, want 2"; fi
finish

#!/bin/sh
# Bad input: every error is reported as path:line:col, the exit status
# is 1, and the previous output directory is left exactly as it was.
. tests/e2e/lib.sh
S=$(fixture mini)
O=$S/out
build "$S"
rc_is "good build first" 0
echo keep >"$O/marker.txt"
snapshot() { (cd "$O" && find . -type f | sort | xargs sha256sum) >"$WORK/snap.$1"; }
snapshot before
expect_error() {
	# expect_error WHAT EXPECTED-STDERR-REGEX
	build "$S"
	rc_is "$1: exit 1" 1
	has "$1: message" "$WORK/build.err" "$2"
	snapshot after
	ok "$1: out/ untouched" cmp "$WORK/snap.before" "$WORK/snap.after"
	ok "$1: no temporary directory left" sh -c "! ls -d '$O'.tmp-* 2>/dev/null"
}
restore() { rm -rf "$S/content" && cp -r "$REPO/tests/fixtures/mini/content" "$S/content"; }

# 1. a YAML syntax error in front matter
printf -- '---\ntitle: "Broken\ndate: 2021-01-01\n---\nx\n' >"$S/content/news/bad.en.md"
expect_error "unterminated quote" '^content/news/bad\.en\.md:[0-9]+:[0-9]+: error: YAML: '
restore

# 2. several mistakes in several files: all reported, sorted
printf -- '---\ntitle: A\ndate: 2021-02-30\n---\nx\n' >"$S/content/news/a.en.md"
printf -- '---\ntitle: B\nweight: heavy\ntags: {a: 1}\n---\nx\n' >"$S/content/news/b.en.md"
expect_error "bad date" '^content/news/a\.en\.md:3:7: error: .date. must be a date'
has "bad weight" "$WORK/build.err" '^content/news/b\.en\.md:3:9: error: .weight. must be a whole number'
has "bad tags" "$WORK/build.err" '^content/news/b\.en\.md:4:7: error: .tags. must be a list of strings'
restore

# 3. front matter never closed; no front matter; empty file
printf -- '---\ntitle: Open\n\nbody\n' >"$S/content/news/open.en.md"
printf 'just text\n' >"$S/content/news/nofm.en.md"
: >"$S/content/news/empty.en.md"
expect_error "unclosed front matter" '^content/news/open\.en\.md:1:1: error: front matter opened here is never closed'
has "no front matter" "$WORK/build.err" '^content/news/nofm\.en\.md:1:1: error: a content file starts with'
has "empty file" "$WORK/build.err" '^content/news/empty\.en\.md:1:1: error: empty file'
restore

# 4. invalid UTF-8 and a NUL byte, at their line and column
printf -- '---\ntitle: T\n---\nok\nab\377c\n' >"$S/content/news/utf.en.md"
printf -- '---\ntitle: T\n---\nx\000y\n' >"$S/content/news/nul.en.md"
expect_error "invalid UTF-8" '^content/news/utf\.en\.md:5:3: error: invalid UTF-8'
has "NUL byte" "$WORK/build.err" '^content/news/nul\.en\.md:4:2: error: NUL byte'
restore

# 5. paths that would leave the output
printf -- '---\ntitle: T\nurl: /../../etc/x/\n---\nx\n' >"$S/content/news/u1.en.md"
printf -- '---\ntitle: T\naliases: [/a/%%2e%%2e/b/]\n---\nx\n' >"$S/content/news/u2.en.md"
printf -- '---\ntitle: T\nslug: ../up\n---\nx\n' >"$S/content/news/u3.en.md"
printf -- '---\ntitle: T\nurl: relative/x/\n---\nx\n' >"$S/content/news/u4.en.md"
expect_error "url with .." '^content/news/u1\.en\.md:3:6: error: url ./\.\./\.\./etc/x/. has a .\.. or .\.\.. segment'
has "encoded alias" "$WORK/build.err" '^content/news/u2\.en\.md:3:11: error: alias .* has percent-encoding'
has "slug with /" "$WORK/build.err" '^content/news/u3\.en\.md:3:7: error: .slug. is one URL segment'
has "relative url" "$WORK/build.err" '^content/news/u4\.en\.md:3:6: error: url .relative/x/. must start with'
ok "nothing written outside" sh -c "! test -e '$WORK/etc'"
restore

# 6. two pages, one URL
printf -- '---\ntitle: Twin\nurl: /en/news/item-1/\n---\nx\n' >"$S/content/news/twin.en.md"
expect_error "duplicate URL" 'URL /en/news/item-1/ is claimed by both content/news/item-1\.en\.md and content/news/twin\.en\.md'
restore

# 7. unknown layout, and a template syntax error in the theme
printf -- '---\ntitle: T\nlayout: nosuch\n---\nx\n' >"$S/content/news/lay.en.md"
expect_error "unknown layout" '^content/news/lay\.en\.md:3:9: error: unknown layout .nosuch.'
restore
cp "$S/themes/csogeorgia/layouts/_default/single.mustache" "$WORK/single.bak"
printf 'line one\n{{#page.tags}}\n  {{name\n' >>"$S/themes/csogeorgia/layouts/_default/single.mustache"
expect_error "template syntax error" '^themes/csogeorgia/layouts/_default/single\.mustache:[0-9]+:[0-9]+: error: '
cp "$WORK/single.bak" "$S/themes/csogeorgia/layouts/_default/single.mustache"

# 8. a broken site.yaml
cp "$S/site.yaml" "$WORK/site.bak"
printf 'languages:\n  ka: [\n' >"$S/site.yaml"
expect_error "bad site.yaml" '^site\.yaml:[0-9]+:[0-9]+: error: YAML'
cp "$WORK/site.bak" "$S/site.yaml"

# 9. a symlink out of content/ is refused
ln -s /etc "$S/content/escape"
expect_error "symlink out of content" '^content/escape: error: symbolic link points outside content/'
rm "$S/content/escape"

# 10. an alias bomb in front matter
{
	printf -- '---\ntitle: Bomb\n'
	printf 'a: &a [x,x,x,x,x,x,x,x,x,x]\n'
	for c in b c d e f g h i; do
		p=$(printf '%s' abcdefghi | sed "s/$c.*//" | tail -c 1)
		printf '%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' $c $c $p $p $p $p $p $p $p $p $p $p
	done
	printf -- '---\nx\n'
} >"$S/content/news/bomb.en.md"
expect_error "alias bomb" '^content/news/bomb\.en\.md:[0-9]+:[0-9]+: error: document too large'
restore

# after all that, the site still builds and the marker survived
build "$S"
rc_is "fixed site builds again" 0
not "a good build replaces out/ (marker gone)" test -e "$O/marker.txt"
finish

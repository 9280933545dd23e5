#!/usr/bin/python3
"""check_site.py OUT BASE_URL - check a built site as a reader would.

For every HTML page under OUT:
  * <html lang> is set and there is exactly one <h1>;
  * every internal href/src resolves to a file in OUT, and every
    #fragment to an id in the page it points at;
  * hreflang alternates are symmetric: if A names B as its translation,
    B names A back, and every alternate exists.
Prints one line per problem and a last line "checked N pages"; exits 1
on any problem.
"""
import os
import sys
from html.parser import HTMLParser
from urllib.parse import urlsplit, unquote


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.h1 = 0
        self.ids = set()
        self.links = []      # (attr, url, line)
        self.alternates = {}  # hreflang -> href

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "h1":
            self.h1 += 1
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        if tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates[a["hreflang"]] = a.get("href", "")
            return
        if tag == "link" and a.get("rel") == "canonical":
            return  # absolute, checked through alternates
        for attr in ("href", "src"):
            if attr in a and a[attr] is not None:
                self.links.append((attr, a[attr], self.getpos()[0]))


def target_file(out, path):
    path = unquote(path)
    if path.endswith("/"):
        path += "index.html"
    f = os.path.join(out, path.lstrip("/"))
    if os.path.isdir(f):
        f = os.path.join(f, "index.html")
    return f


def main():
    out, base = sys.argv[1], sys.argv[2].rstrip("/")
    pages = {}
    for root, dirs, files in os.walk(out):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".html"):
                full = os.path.join(root, name)
                p = Page()
                with open(full, encoding="utf-8") as fh:
                    p.feed(fh.read())
                pages[full] = p
    problems = []
    for full, p in sorted(pages.items()):
        rel = os.path.relpath(full, out)
        redirect = any(a == "href" for a, _, _ in p.links) and p.h1 == 0 and "noindex" in open(full, encoding="utf-8").read()
        if not p.lang:
            problems.append(f"{rel}: no <html lang>")
        if p.h1 != 1 and not redirect:
            problems.append(f"{rel}: {p.h1} <h1> elements")
        for attr, url, line in p.links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith("mailto:"):
                continue
            if not parts.path:
                target = full
            elif parts.path.startswith("/"):
                target = target_file(out, parts.path)
            else:
                target = target_file(os.path.dirname(full), parts.path)
                target = os.path.normpath(target)
            if not os.path.isfile(target):
                problems.append(f"{rel}:{line}: {attr}={url} does not resolve")
                continue
            if parts.fragment and target.endswith(".html"):
                tp = pages.get(target)
                if tp is not None and unquote(parts.fragment) not in tp.ids:
                    problems.append(f"{rel}:{line}: {attr}={url}: no id '{parts.fragment}'")
        # hreflang symmetry
        me = None
        for lang, href in p.alternates.items():
            if lang == "x-default":
                continue
            if not href.startswith(base + "/"):
                problems.append(f"{rel}: hreflang {lang} href {href} is not under {base}")
                continue
            f = target_file(out, href[len(base):])
            if os.path.normpath(f) == os.path.normpath(full):
                me = lang
        if p.alternates and me is None:
            problems.append(f"{rel}: its hreflang alternates do not include itself")
        for lang, href in p.alternates.items():
            if lang == "x-default" or not href.startswith(base + "/"):
                continue
            f = os.path.normpath(target_file(out, href[len(base):]))
            other = pages.get(f)
            if other is None:
                problems.append(f"{rel}: hreflang {lang} -> {href}: no such page")
                continue
            back = other.alternates.get(me)
            if back is None or os.path.normpath(target_file(out, back[len(base):])) != os.path.normpath(full):
                problems.append(f"{rel}: hreflang {lang} -> {href} does not link back")
    for pr in problems:
        print(pr)
    print(f"checked {len(pages)} pages, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""pdf_check.py - checks of a PDF book with real readers (poppler-utils, qpdf).

    pdf_check.py fonts FILE            every font embedded
    pdf_check.py toc FILE              each TOC entry's page number is the
                                       page where pdftotext finds the heading
    pdf_check.py text FILE SENTENCE... each sentence extracts in reading
                                       order with its words intact
    pdf_check.py repeat FILE HEADER ROW_FIRST ROW_LAST
                                       the table that starts with ROW_FIRST and
                                       ends with ROW_LAST spans pages, and
                                       HEADER heads every one of them
    pdf_check.py links FILE            external (/URI) and internal (/Dest)
                                       links, and bookmarks (/Outlines)
    pdf_check.py cell-link FILE URI WORD
                                       every link annotation to URI has a
                                       sensible rectangle, and one of them
                                       covers WORD (a word of the link's text)
    pdf_check.py meta FILE KEY VALUE   pdfinfo's KEY is VALUE
    pdf_check.py lang FILE CODE        the catalog's /Lang is CODE
    pdf_check.py gaps FILE RATIO       in body text lines no word gap is wider
                                       than RATIO times the natural space

Exit status 0 when the check holds; otherwise a message on stderr.
"""
import re
import subprocess
import sys

SHY = "\u00ad"


def run(*args):
    return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8", "replace")


def pages(pdf):
    m = re.search(r"^Pages:\s+(\d+)", run("pdfinfo", pdf), re.M)
    return int(m.group(1))


def page_text(pdf, first, last=None):
    return run("pdftotext", "-raw", "-f", str(first), "-l", str(last or first), pdf, "-")


def flat(text):
    """Reading-order text as one line: a word broken at a line end (Pango
    draws the hyphen of a soft hyphen, which extracts as U+00AD) is joined
    again, other line ends become spaces."""
    text = text.replace(SHY + "\n", "").replace(SHY, "")
    text = re.sub(r"-\n", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def squeeze(text):
    """Without any whitespace: for matching headings whatever the spaces."""
    return re.sub(r"\s+", "", text.replace(SHY, ""))


def fail(msg):
    print(msg, file=sys.stderr)
    sys.exit(1)


def check_fonts(pdf):
    out = run("pdffonts", pdf).splitlines()
    rows = out[2:]
    if not rows:
        fail("no fonts")
    for r in rows:
        # name type encoding emb sub uni object ID: emb is the 4th field
        # from the right end's "yes/no yes/no yes/no N N"
        f = r.split()
        emb = f[-5]
        if emb != "yes":
            fail("font not embedded: " + r)


def toc_entries(pdf):
    """(text, page) of every TOC entry: the lines of pages 3.. up to the
    first body page (the smallest page number listed)."""
    first = page_text(pdf, 3).splitlines()
    title = first[0].strip() if first else ""
    entries, pending, body = [], "", None
    p = 3
    while body is None or p < body:
        lines = page_text(pdf, p).splitlines()
        if p > 3:
            lines = lines[2:]  # the running head: book title, "Contents"
        for ln in lines:
            ln = ln.strip()
            if not ln or ln == title or re.fullmatch(r"\d+", ln):
                continue
            m = re.fullmatch(r"(.*\S)\s+(\d+)", ln)
            if m:
                entries.append(((pending + " " + m.group(1)).strip(), int(m.group(2))))
                pending = ""
                if body is None:
                    body = int(m.group(2))
            else:
                pending = (pending + " " + ln).strip()
        p += 1
        if p > pages(pdf):
            break
    return entries


def check_toc(pdf):
    entries = toc_entries(pdf)
    if len(entries) < 2:
        fail("fewer than 2 TOC entries: %r" % entries)
    last = 0
    body = min(p for _, p in entries)
    for text, page in entries:
        if page < last:
            fail("TOC numbers go backwards at %r" % text)
        last = page
        numbered = re.match(r"(\d+)(\.\d+)*\s+(.*)", text)
        if numbered and not numbered.group(2):
            # a chapter: "4 Title" in the TOC, "Chapter 4" over "Title" in
            # the book; the title opens the page (no running head there)
            want = squeeze(numbered.group(3))
        else:
            want = squeeze(text)
        if want not in squeeze(page_text(pdf, page)):
            fail("TOC says %r is on page %d; pdftotext does not find it there" % (text, page))
        if page - 1 >= body and (not numbered or numbered.group(2)) and want in squeeze(page_text(pdf, page - 1)):
            fail("%r is already on page %d, before the %d the TOC gives" % (text, page - 1, page))
    print("%d TOC entries checked" % len(entries))


def check_text(pdf, sentences):
    text = flat(page_text(pdf, 1, pages(pdf)))
    for s in sentences:
        if flat(s) not in text:
            fail("not found in reading order: %r" % s)


def check_repeat(pdf, header, first_row, last_row):
    n = pages(pdf)
    texts = [flat(page_text(pdf, p)) for p in range(1, n + 1)]
    start = next((i for i, t in enumerate(texts) if first_row in t), None)
    end = next((i for i, t in enumerate(texts) if last_row in t), None)
    if start is None or end is None:
        fail("table rows not found")
    if end == start:
        fail("the table fits one page (page %d): nothing to repeat" % (start + 1))
    for i in range(start, end + 1):
        if header not in texts[i]:
            fail("page %d of the table has no header %r" % (i + 1, header))
    print("table on pages %d-%d, header on each" % (start + 1, end + 1))


def check_links(pdf):
    qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                         check=True, capture_output=True).stdout
    for key in (b"/URI", b"/Dest", b"/Link", b"/Outlines"):
        if key not in qdf:
            fail("no %s in the file" % key.decode())


def check_meta(pdf, key, value):
    info = run("pdfinfo", pdf)
    m = re.search(r"^%s:\s+(.*)$" % re.escape(key), info, re.M)
    if not m or m.group(1).strip() != value:
        fail("%s is %r, want %r" % (key, m.group(1) if m else None, value))


def check_lang(pdf, code):
    out = run("qpdf", "--show-object=trailer", pdf)
    root = re.search(r"/Root (\d+) 0 R", out).group(1)
    cat = run("qpdf", "--show-object=%s" % root, pdf)
    if "/Lang (%s)" % code not in cat:
        fail("catalog has no /Lang (%s): %s" % (code, cat))


def check_gaps(pdf, ratio):
    """Word gaps of the lines of body text (the most common word height),
    from pdftotext's word boxes; the natural space is the narrowest gap."""
    html = run("pdftotext", "-bbox-layout", pdf, "-")
    lines = []
    for body in re.findall(r"<line[^>]*>(.*?)</line>", html, re.S):
        ws = [tuple(map(float, w[:4])) + (w[4],) for w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', body)]
        if len(ws) >= 4:
            lines.append((round(ws[0][3] - ws[0][1], 1), ws))
    heights = {}
    for h, _ in lines:
        heights[h] = heights.get(h, 0) + 1
    body_h = max(heights, key=heights.get)
    gaps = []
    for h, ws in lines:
        if h == body_h:
            # gaps under 1 pt are not spaces (punctuation poppler split off)
            g = [ws[i + 1][0] - ws[i][2] for i in range(len(ws) - 1)]
            g = [x for x in g if x > 1]
            if g:
                gaps.append((max(g), min(g), " ".join(w[4] for w in ws)))
    natural = min(g[1] for g in gaps)
    worst = max(gaps)
    if worst[0] > natural * ratio:
        fail("word gap %.2f pt is %.2f times the natural %.2f pt in: %s" %
             (worst[0], worst[0] / natural, natural, worst[2]))
    print("%d lines; widest gap %.2f times the natural space" % (len(gaps), worst[0] / natural))


def check_cell_link(pdf, uri, word):
    qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                         check=True, capture_output=True).stdout.decode("latin-1")
    rects = []
    for obj in re.split(r"\bendobj\b", qdf):
        if "/URI (%s)" % uri not in obj:
            continue
        m = re.search(r"/Rect\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", obj)
        if not m:
            fail("a link to %s without a /Rect" % uri)
        rects.append(tuple(float(v) for v in m.groups()))
    if not rects:
        fail("no link to %s" % uri)
    m = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", run("pdfinfo", pdf), re.M)
    pw, ph = float(m.group(1)), float(m.group(2))
    for x1, y1, x2, y2 in rects:
        if not (0 <= min(x1, x2) < max(x1, x2) <= pw and 0 <= min(y1, y2) < max(y1, y2) <= ph):
            fail("link rectangle %r is empty or off the page (%gx%g)" % ((x1, y1, x2, y2), pw, ph))
    # the word's boxes from pdftotext (top-left origin) against the
    # rectangles (bottom-left origin)
    bbox = run("pdftotext", "-bbox", pdf, "-")
    hits = 0
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', bbox):
        if m.group(5).strip(SHY + ".,") != word:
            continue
        cx = (float(m.group(1)) + float(m.group(3))) / 2
        cy = ph - (float(m.group(2)) + float(m.group(4))) / 2
        hits += any(min(x1, x2) <= cx <= max(x1, x2) and min(y1, y2) <= cy <= max(y1, y2)
                    for x1, y1, x2, y2 in rects)
    if not hits:
        fail("no link rectangle to %s covers the word %r" % (uri, word))
    print("%d rectangles to %s; %r covered" % (len(rects), uri, word))


def main(argv):
    if len(argv) < 3:
        fail(__doc__)
    cmd, pdf = argv[1], argv[2]
    if cmd == "fonts":
        check_fonts(pdf)
    elif cmd == "toc":
        check_toc(pdf)
    elif cmd == "text":
        check_text(pdf, argv[3:])
    elif cmd == "repeat":
        check_repeat(pdf, argv[3], argv[4], argv[5])
    elif cmd == "links":
        check_links(pdf)
    elif cmd == "meta":
        check_meta(pdf, argv[3], argv[4])
    elif cmd == "cell-link":
        check_cell_link(pdf, argv[3], argv[4])
    elif cmd == "gaps":
        check_gaps(pdf, float(argv[3]))
    elif cmd == "lang":
        check_lang(pdf, argv[3])
    else:
        fail("unknown check " + cmd)


if __name__ == "__main__":
    main(sys.argv)

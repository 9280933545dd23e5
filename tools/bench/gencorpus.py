#!/usr/bin/env python3
"""gencorpus.py - a deterministic synthetic bilingual corpus for `make bench`.

    python3 tools/bench/gencorpus.py DIR PAGES [--seed N]

writes into DIR (made empty first):

    site.yaml                   csogen's configuration (theme: bench)
    hugo.toml                   Hugo's configuration (theme: hugo-bench)
    content/_index.{ka,en}.md   the home page text
    content/SECTION/_index.{ka,en}.md
    content/SECTION/page-NNNNNN.{ka,en}.md
    themes/bench/               csogen theme (copied from theme-csogen/)
    themes/hugo-bench/          Hugo theme (copied from theme-hugo/)

PAGES is the number of Markdown pages (files) across both languages:
PAGES/2 pages in Georgian, each with its English translation (paired by
file name, which both csogen and Hugo understand).  Every page is 3-7 KB
of Markdown: YAML front matter (title, date, summary, tags, regions),
headings, paragraphs with emphasis and inline code, links to other pages
of the same language, a bullet list, an ordered list, a GFM table and
sometimes a block quote or a fenced code block.

The same seed and PAGES give byte-identical files on every run (Python's
random.Random with an explicit seed; no dict or set order is relied on).
"""

import argparse
import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

SECTIONS = [
    # (dir, ka title, en title)
    ("news", "სიახლეები", "News"),
    ("activities", "აქტივობები", "Activities"),
    ("guides", "სახელმძღვანელოები", "Guides"),
    ("analyses", "ანალიზი", "Analyses"),
    ("stories", "ისტორიები", "Stories"),
    ("events", "ღონისძიებები", "Events"),
    ("projects", "პროექტები", "Projects"),
    ("publications", "პუბლიკაციები", "Publications"),
]

# (slug, ka name, en name); drawn with falling weights (a few big tags).
TAGS = [
    ("participatory-budgeting", "მონაწილეობითი ბიუჯეტირება", "Participatory budgeting"),
    ("advocacy", "ადვოკატირება", "Advocacy"),
    ("social-enterprise", "სოციალური მეწარმეობა", "Social enterprise"),
    ("benchmarking", "ბენჩმარკინგი", "Benchmarking"),
    ("action-plan", "სამოქმედო გეგმა", "Action plan"),
    ("forum", "ფორუმი", "Forum"),
    ("contest", "კონკურსი", "Contest"),
    ("training", "ტრენინგი", "Training"),
    ("legislation", "კანონმდებლობა", "Legislation"),
    ("youth", "ახალგაზრდობა", "Youth"),
    ("municipal-grants", "მუნიციპალური გრანტები", "Municipal grants"),
    ("public-participation", "საზოგადოებრივი მონაწილეობა", "Public participation"),
    ("legal-advice", "სამართლებრივი კონსულტაცია", "Legal advice"),
    ("transparency", "გამჭვირვალობა", "Transparency"),
    ("accountability", "ანგარიშვალდებულება", "Accountability"),
    ("education", "განათლება", "Education"),
    ("environment", "გარემო", "Environment"),
    ("tourism", "ტურიზმი", "Tourism"),
    ("agriculture", "სოფლის მეურნეობა", "Agriculture"),
    ("health", "ჯანდაცვა", "Health"),
    ("gender", "გენდერი", "Gender"),
    ("media", "მედია", "Media"),
    ("volunteering", "მოხალისეობა", "Volunteering"),
    ("local-government", "ადგილობრივი თვითმმართველობა", "Local government"),
    ("civic-education", "სამოქალაქო განათლება", "Civic education"),
    ("infrastructure", "ინფრასტრუქტურა", "Infrastructure"),
    ("culture", "კულტურა", "Culture"),
    ("sport", "სპორტი", "Sport"),
    ("disability", "შეზღუდული შესაძლებლობები", "Disability"),
    ("research", "კვლევა", "Research"),
]

REGIONS = [
    ("adjara", "აჭარა", "Adjara"),
    ("guria", "გურია", "Guria"),
    ("shida-kartli", "შიდა ქართლი", "Shida Kartli"),
    ("imereti", "იმერეთი", "Imereti"),
    ("kakheti", "კახეთი", "Kakheti"),
    ("samegrelo", "სამეგრელო", "Samegrelo"),
    ("kvemo-kartli", "ქვემო ქართლი", "Kvemo Kartli"),
    ("samtskhe-javakheti", "სამცხე-ჯავახეთი", "Samtskhe-Javakheti"),
    ("mtskheta-mtianeti", "მცხეთა-მთიანეთი", "Mtskheta-Mtianeti"),
    ("racha-lechkhumi", "რაჭა-ლეჩხუმი", "Racha-Lechkhumi"),
]

KA_WORDS = """
საზოგადოება მოქალაქე მუნიციპალიტეტი ბიუჯეტი პროექტი ორგანიზაცია განვითარება
მონაწილეობა თანამშრომლობა ინიციატივა შეხვედრა ფორუმი კონკურსი ტრენინგი
სამოქმედო გეგმა ანგარიში კვლევა შედეგი პროცესი პრიორიტეტი საკითხი გადაწყვეტილება
ადგილობრივი რეგიონული ეროვნული საჯარო სამოქალაქო სოციალური ეკონომიკური
მნიშვნელოვანი ახალი ერთობლივი აქტიური ღია გამჭვირვალე ეფექტიანი მდგრადი
წარმომადგენელი თანამშრომელი ექსპერტი მონაწილე ახალგაზრდა ქალი მეწარმე
საკრებულო მერია სოფელი ქალაქი თემი რაიონი რეგიონი ქვეყანა სახელმწიფო
განიხილეს მოამზადეს წარადგინეს შეიმუშავეს დაიწყეს დაასრულეს გამართეს
მიიღეს შეაფასეს გააანალიზეს ჩაატარეს დააფინანსეს მხარი დაუჭირეს
წელს შემდეგ ასევე თუმცა ამიტომ რადგან როგორც სადაც ყველა ბევრი რამდენიმე
და რომ არის იყო ეს ის მათ ჩვენ თქვენ მის მიერ შორის დროს მიზნით
სკოლა საავადმყოფო გზა წყალი ენერგია გარემო ტურიზმი სოფლის მეურნეობა
განათლება ჯანდაცვა კულტურა სპორტი მედია ინფორმაცია ხელმისაწვდომობა
კანონი რეგულაცია პოლიტიკა სტრატეგია მონიტორინგი შეფასება ანგარიშვალდებულება
გრანტი დაფინანსება თანხა ხარჯი შემოსავალი ინვესტიცია რესურსი სერვისი
""".split()

EN_WORDS = """
community citizen municipality budget project organisation development
participation cooperation initiative meeting forum contest training action plan
report research result process priority issue decision local regional national
public civic social economic important new joint active open transparent
effective sustainable representative staff expert participant youth women
entrepreneur council mayor village town district region country state
discussed prepared presented drafted started completed held received assessed
analysed conducted funded supported this year after also however therefore
because as where all many several and that is was the it their our your its
by between during in order to school hospital road water energy environment
tourism agriculture education health culture sport media information access
law regulation policy strategy monitoring evaluation accountability grant
funding amount cost income investment resource service small large first
second every each more less new better open shared common local volunteers
""".split()

INTRO_KA = "ეს არის სინთეზური კორპუსი csogen-ის და Hugo-ს სიჩქარის შესადარებლად."
INTRO_EN = "A synthetic corpus to compare the speed of csogen and Hugo."


def yq(s):
    """A YAML double-quoted scalar (valid for csogen's libyaml and Hugo)."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Gen:
    def __init__(self, rng, words, lang):
        self.rng = rng
        self.words = words
        self.lang = lang

    def phrase(self, lo, hi):
        n = self.rng.randint(lo, hi)
        return " ".join(self.rng.choice(self.words) for _ in range(n))

    def cap(self, s):
        # Georgian has no letter case (Mtavruli is not used in running text)
        return s if self.lang == "ka" else s[0].upper() + s[1:]

    def sentence(self, lo=6, hi=16):
        return self.cap(self.phrase(lo, hi)) + "."

    def title(self):
        return self.cap(self.phrase(3, 7))

    def inline(self, links):
        """A paragraph of 3-6 sentences with some inline markup."""
        out = []
        for _ in range(self.rng.randint(3, 6)):
            s = self.sentence()
            r = self.rng.random()
            words = s.split(" ")
            if r < 0.25 and len(words) > 4:
                i = self.rng.randrange(1, len(words) - 2)
                words[i] = "**" + words[i] + "**"
            elif r < 0.40 and len(words) > 4:
                i = self.rng.randrange(1, len(words) - 2)
                words[i] = "*" + words[i] + "*"
            elif r < 0.50 and len(words) > 4:
                i = self.rng.randrange(1, len(words) - 2)
                words[i] = "`" + words[i] + "`"
            elif r < 0.70 and links:
                i = self.rng.randrange(1, len(words) - 2) if len(words) > 3 else 0
                url = self.rng.choice(links)
                words[i] = "[" + words[i] + "](" + url + ")"
            elif r < 0.75:
                i = self.rng.randrange(0, len(words))
                words[i] = "[" + words[i] + "](https://example.org/" + str(
                    self.rng.randrange(1000)) + ")"
            out.append(" ".join(words))
        return " ".join(out)


def block(g, links, state):
    """One Markdown block: a heading, a table (once), a list, a quote,
    a code block or (mostly) a paragraph."""
    rng = g.rng
    if state["heads"] == 0 or (state["last"] != "h" and rng.random() < 0.3):
        state["heads"] += 1
        state["last"] = "h"
        level = "##" if state["heads"] == 1 or rng.random() < 0.7 else "###"
        return level + " " + g.title()
    state["last"] = "p"
    r = rng.random()
    if not state["table"] and state["heads"] >= 2:
        state["table"] = True
        cols = rng.randint(3, 5)
        head = [g.phrase(1, 2) for _ in range(cols)]
        rows = ["| " + " | ".join(head) + " |",
                "|" + "|".join(["---"] * (cols - 1) + ["--:"]) + "|"]
        for _ in range(rng.randint(3, 7)):
            cells = [g.phrase(1, 2) for _ in range(cols - 1)]
            cells.append(str(rng.randrange(10, 100000)))
            rows.append("| " + " | ".join(cells) + " |")
        return "\n".join(rows)
    if r < 0.18:
        return "\n".join("- " + g.sentence(3, 9) for _ in range(rng.randint(3, 6)))
    if r < 0.26 and not state["ol"]:
        state["ol"] = True
        return "\n".join(str(i + 1) + ". " + g.sentence(3, 9)
                         for i in range(rng.randint(3, 6)))
    if r < 0.30:
        return "> " + g.sentence(8, 20)
    if r < 0.32:
        return "```\n" + "\n".join(
            g.phrase(2, 6) for _ in range(rng.randint(2, 5))) + "\n```"
    return g.inline(links)


def body(g, links, target, limit):
    """Markdown of at least `target` bytes and at most `limit` bytes."""
    state = {"heads": 0, "table": False, "ol": False, "last": ""}
    parts = []
    size = 0
    while size < target:
        b = block(g, links, state)
        n = len(b.encode("utf-8")) + 2
        if size + n > limit:
            b = g.sentence(4, 8)  # a short last paragraph
            n = len(b.encode("utf-8")) + 2
            if size + n > limit:
                break
        parts.append(b)
        size += n
    return "\n\n".join(parts) + "\n"


def page_text(g, title, date, summary, tags, regions, links, target):
    fm = ["---", "title: " + yq(title), "date: " + date,
          "summary: " + yq(summary),
          "tags: [" + ", ".join(tags) + "]",
          "regions: [" + ", ".join(regions) + "]",
          "---", ""]
    head = "\n".join(fm)
    n = len(head.encode("utf-8"))
    return head + body(g, links, target - n, 7000 - n)


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def site_yaml(sections):
    def lang(code, title, desc, copy, idx):
        lines = ["  %s:" % code,
                 "    name: %s" % ("ქართული" if code == "ka" else "English"),
                 "    title: " + yq(title),
                 "    description: " + yq(desc),
                 "    copyright: " + yq(copy),
                 "    menu:"]
        prefix = "" if code == "ka" else "/en"
        for s in sections:
            lines.append("      - {name: %s, url: %s/%s/}" % (yq(s[idx]), prefix, s[0]))
        lines.append("    taxonomies: {tags: %s, regions: %s}" % (
            yq("თემები" if code == "ka" else "Tags"),
            yq("რეგიონები" if code == "ka" else "Regions")))
        lines.append("    terms:")
        lines.append("      tags:")
        for t in TAGS:
            lines.append("        %s: %s" % (t[0], yq(t[idx])))
        lines.append("      regions:")
        for t in REGIONS:
            lines.append("        %s: %s" % (t[0], yq(t[idx])))
        return lines

    out = ["# Synthetic benchmark corpus (tools/bench/gencorpus.py); csogen reads this.",
           "base_url: https://bench.example.org",
           "theme: bench",
           "pagination: 20",
           "markdown: {smart: true, unsafe: false}",
           "taxonomies: [tags, regions]",
           "languages:"]
    out += lang("ka", "საზოგადოება ციფრებში", INTRO_KA, "© ბენჩმარკი", 1)
    out += lang("en", "Society in numbers", INTRO_EN, "© benchmark", 2)
    return "\n".join(out) + "\n"


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hugo_toml(sections):
    out = ["# Synthetic benchmark corpus (tools/bench/gencorpus.py); Hugo reads this.",
           'baseURL = "https://bench.example.org/"',
           'theme = "hugo-bench"',
           'defaultContentLanguage = "ka"',
           "defaultContentLanguageInSubdir = false",
           "paginate = 20",
           "disableAliases = true",
           "enableRobotsTXT = true",
           "summaryLength = 70",
           "",
           "[taxonomies]",
           'tag = "tags"',
           'region = "regions"',
           "",
           "[markup.goldmark.renderer]",
           "unsafe = false",
           "[markup.goldmark.extensions]",
           "typographer = true",
           "[markup.tableOfContents]",
           "startLevel = 2",
           "endLevel = 6",
           "",
           '[mediaTypes."application/atom+xml"]',
           'suffixes = ["xml"]',
           "[outputFormats.Atom]",
           'mediaType = "application/atom+xml"',
           'baseName = "atom"',
           'rel = "alternate"',
           "isPlainText = true",
           "",
           "[outputs]",
           'home = ["HTML", "Atom"]',
           'section = ["HTML", "Atom"]',
           'taxonomy = ["HTML"]',
           'term = ["HTML"]',
           'page = ["HTML"]',
           ""]
    for code, idx, weight, title, desc, copy in (
            ("ka", 1, 1, "საზოგადოება ციფრებში", INTRO_KA, "© ბენჩმარკი"),
            ("en", 2, 2, "Society in numbers", INTRO_EN, "© benchmark")):
        out += ["[languages.%s]" % code,
                "languageName = %s" % toml_str("ქართული" if code == "ka" else "English"),
                "title = " + toml_str(title),
                "weight = %d" % weight,
                "[languages.%s.params]" % code,
                "description = " + toml_str(desc),
                "copyright = " + toml_str(copy),
                "taxtitle_tags = " + toml_str("თემები" if code == "ka" else "Tags"),
                "taxtitle_regions = " + toml_str("რეგიონები" if code == "ka" else "Regions"),
                "[languages.%s.params.termnames]" % code]
        for t in TAGS + REGIONS:
            out.append("%s = %s" % (toml_str(t[0]), toml_str(t[idx])))
        prefix = "" if code == "ka" else "/en"
        for w, s in enumerate(sections):
            out += ["[[languages.%s.menus.main]]" % code,
                    "name = " + toml_str(s[idx]),
                    'url = "%s/%s/"' % (prefix, s[0]),
                    "weight = %d" % (w + 1)]
        out.append("")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("pages", type=int, help="Markdown pages across both languages")
    ap.add_argument("--seed", type=int, default=20240611)
    a = ap.parse_args()
    if a.pages < 2:
        sys.exit("gencorpus: PAGES must be at least 2")
    if os.path.exists(a.dir):
        shutil.rmtree(a.dir)
    content = os.path.join(a.dir, "content")
    os.makedirs(content)

    rng = random.Random(a.seed)
    pairs = a.pages // 2
    nsec = len(SECTIONS)
    # Page i sits in section i % nsec; its URL is the same in both tools.
    names = ["page-%06d" % i for i in range(pairs)]
    sec_of = [SECTIONS[i % nsec][0] for i in range(pairs)]
    urls_ka = ["/%s/%s/" % (sec_of[i], names[i]) for i in range(pairs)]
    urls_en = ["/en" + u for u in urls_ka]
    tag_weights = [1.0 / (k + 1) ** 0.8 for k in range(len(TAGS))]
    reg_weights = [1.0 / (k + 1) ** 0.5 for k in range(len(REGIONS))]

    for s in SECTIONS:
        os.makedirs(os.path.join(content, s[0]))
        write(os.path.join(content, s[0], "_index.ka.md"),
              "---\ntitle: %s\n---\n%s\n" % (yq(s[1]), INTRO_KA))
        write(os.path.join(content, s[0], "_index.en.md"),
              "---\ntitle: %s\n---\n%s\n" % (yq(s[2]), INTRO_EN))
    write(os.path.join(content, "_index.ka.md"),
          "---\ntitle: %s\n---\n%s\n" % (yq("საზოგადოება ციფრებში"), INTRO_KA))
    write(os.path.join(content, "_index.en.md"),
          "---\ntitle: %s\n---\n%s\n" % (yq("Society in numbers"), INTRO_EN))

    gka = Gen(rng, KA_WORDS, "ka")
    gen = Gen(rng, EN_WORDS, "en")
    total = 0
    for i in range(pairs):
        ntags = rng.randint(1, 4)
        tags = []
        while len(tags) < ntags:
            t = rng.choices(TAGS, weights=tag_weights)[0][0]
            if t not in tags:
                tags.append(t)
        regions = [rng.choices(REGIONS, weights=reg_weights)[0][0]]
        if rng.random() < 0.3:
            r2 = rng.choice(REGIONS)[0]
            if r2 not in regions:
                regions.append(r2)
        date = "%04d-%02d-%02d" % (rng.randint(2012, 2024), rng.randint(1, 12),
                                   rng.randint(1, 28))
        link_ix = [rng.randrange(pairs) for _ in range(8)]
        target = rng.randint(3000, 6600)
        d = os.path.join(content, sec_of[i])
        for g, urls, lang in ((gka, urls_ka, "ka"), (gen, urls_en, "en")):
            text = page_text(g, g.title(), date, g.sentence(8, 18), tags, regions,
                             [urls[k] for k in link_ix], target)
            total += len(text.encode("utf-8"))
            write(os.path.join(d, names[i] + "." + lang + ".md"), text)

    write(os.path.join(a.dir, "site.yaml"), site_yaml(SECTIONS))
    write(os.path.join(a.dir, "hugo.toml"), hugo_toml(SECTIONS))
    themes = os.path.join(a.dir, "themes")
    shutil.copytree(os.path.join(HERE, "theme-csogen"), os.path.join(themes, "bench"))
    shutil.copytree(os.path.join(HERE, "theme-hugo"), os.path.join(themes, "hugo-bench"))
    print("gencorpus: %s: %d pages (%d per language), %.1f MiB of Markdown, seed %d"
          % (a.dir, 2 * pairs, pairs, total / 1048576.0, a.seed))


if __name__ == "__main__":
    main()

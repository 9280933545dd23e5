#!/usr/bin/python3
"""xlsx_check.py - checks of the workbooks csogen writes (tests/e2e/test_xlsx.sh).

  xlsx_check.py structure OUT            openpyxl: sheets, panes, filters,
                                         conditional formats, charts, names,
                                         properties, print setup, formats, and
                                         the cached values against results.json
  xlsx_check.py recalc OUT CSVDIR        LibreOffice's recalculation (one CSV per
                                         sheet in CSVDIR) against the cached
                                         values and against results.json
  xlsx_check.py cached OUT CSVDIR        only: every formula cell's recalculated
                                         value equals its cached value (any site)

OUT is a built site (OUT/reports/*.xlsx, OUT/data/results.json, OUT/data/raw/).
Prints one line per check, "ok - what" or "not ok - what: why"; exits 1 when
any check failed.  Needs python3-openpyxl (Debian): run with /usr/bin/python3.
"""
import csv
import datetime
import glob
import json
import math
import os
import re
import sys
import zipfile

import openpyxl

FAILED = 0


def check(what, cond, why=""):
    global FAILED
    if cond:
        print("ok - %s" % what)
    else:
        FAILED += 1
        print("not ok - %s%s" % (what, ": " + str(why) if why != "" else ""))
    return cond


SHEETS = {
    ("benchmarking", "en"): ["About", "Summary", "Ranking", "Charts", "Regions", "Areas",
                             "Instrument", "Phase 1 scores", "Phase 2 scores"],
    ("benchmarking", "ka"): ["შესავალი", "შეჯამება", "რეიტინგი", "დიაგრამები", "რეგიონები",
                             "სფეროები", "ინსტრუმენტი", "ფაზა 1 – ქულები", "ფაზა 2 – ქულები"],
    ("progress-report", "en"): ["About", "Logframe", "Legal consultations", "Online courses",
                                "Forums", "Contests", "Participatory budgeting"],
    ("progress-report", "ka"): ["შესავალი", "ლოგიკური ჩარჩო", "სამართლებრივი კონსულტაციები",
                                "ონლაინ კურსები", "ფორუმები", "კონკურსები",
                                "მონაწილეობითი ბიუჯეტირება"],
}
TITLES = {
    ("benchmarking", "en"): "Civic engagement benchmarking: results 2021–2023",
    ("benchmarking", "ka"): "სამოქალაქო ჩართულობის ბენჩმარკინგი: შედეგები, 2021–2023",
    ("progress-report", "en"): "Progress report: Strong links between local development actors – phase II",
    ("progress-report", "ka"): "პროგრესის ანგარიში: ადგილობრივი განვითარების აქტორებს შორის მყარი კავშირები – II ფაზა",
}
STATUS = {"en": ("Achieved", "Largely achieved", "Not achieved"),
          "ka": ("მიღწეულია", "ძირითადად მიღწეულია", "არ არის მიღწეული")}
# Summary layout (1-based): municipality rows from S_FIRST, header on S_HEAD
S_HEAD, S_FIRST, FIRST = 5, 6, 5


def name(v, lang):
    return v[lang] if isinstance(v, dict) else v


def close(a, b, rel=1e-9):
    """a and b agree to 1e-9 relative (absolute near zero)."""
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
        return False
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def isnum(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def shown(x, want, d=1):
    """x rounds to want at d decimals (bench_round: half away from zero)."""
    return isinstance(x, (int, float)) and abs(x - want) <= 0.5 * 10 ** -d + 1e-9


def summary_cols(na):
    area = [3 + p * (na + 2) for p in (0, 1)]
    index = [a + na for a in area]
    rank = [i + 1 for i in index]
    chg = 3 + 2 * (na + 2)
    return area, index, rank, chg, chg + 1, chg + 2


def workbooks(out):
    for (n, lang) in SHEETS:
        yield n, lang, os.path.join(out, "reports", "%s.%s.xlsx" % (n, lang))


def raw_csv(out, rel):
    with open(os.path.join(out, "data", "raw", rel), encoding="utf-8") as f:
        return list(csv.DictReader(f))


# ---- values as a reader sees them: get(sheet_index, row, col) ----

class Cached:
    """The values stored in the file (what a viewer without recalculation shows)."""

    def __init__(self, path):
        self.wb = openpyxl.load_workbook(path, data_only=True)

    def get(self, sheet, r, c):
        v = self.wb.worksheets[sheet].cell(r, c).value
        return "" if v is None else v


class Recalc:
    """LibreOffice's recalculated values, from its CSV of each sheet."""

    def __init__(self, path, csvdir, sheetnames):
        base = os.path.basename(path)[:-5]
        self.rows = []
        for s in sheetnames:
            f = os.path.join(csvdir, "%s-%s.csv" % (base, s))
            with open(f, encoding="utf-8", newline="") as fh:
                self.rows.append(list(csv.reader(fh)))

    def get(self, sheet, r, c):
        rows = self.rows[sheet]
        if r - 1 >= len(rows) or c - 1 >= len(rows[r - 1]):
            return ""
        return parse(rows[r - 1][c - 1])


def parse(s):
    t = s.strip()
    try:
        if t.endswith("%"):
            return float(t[:-1]) / 100
        return float(t)
    except ValueError:
        return s


# ---- the values every workbook must show, whoever computed them ----

class Group:
    """Many checks of one kind, reported as one line (with the first misses)."""

    def __init__(self, what):
        self.what, self.n, self.bad = what, 0, []

    def __call__(self, cond, detail=""):
        self.n += 1
        if not cond:
            self.bad.append(detail)
        return cond

    def done(self):
        more = " and %d more" % (len(self.bad) - 5) if len(self.bad) > 5 else ""
        check("%s (%d values)" % (self.what, self.n), self.n > 0 and not self.bad,
              "; ".join(str(b) for b in self.bad[:5]) + more)


def check_benchmarking(tag, get, res, lang):
    b = res["benchmarking"]
    na, munis = len(b["areas"]), b["municipalities"]
    area, index, rank, chg, chgpct, _ = summary_cols(na)
    rows, areas, idx, ranks, change = (Group("%s: %s" % (tag, w)) for w in (
        "summary rows are the municipalities", "area results", "indexes", "ranks",
        "phase change"))
    for m, mv in enumerate(munis):
        r = S_FIRST + m
        rows(get(1, r, 1) == name(mv["name"], lang), (mv["id"], get(1, r, 1)))
        for p, key in enumerate(("p1", "p2")):
            pv = mv[key]
            for a, av in enumerate(pv["areas"]):
                got = get(1, r, area[p] + a)
                want = av["pct"] if av["assessed"] else ""
                areas(close(got, want) if want != "" else got == "",
                      (mv["id"], key, av["id"], got, want))
            idx(close(get(1, r, index[p]), pv["index"]), (mv["id"], key, get(1, r, index[p]), pv["index"]))
            want = pv["rank"] if pv["has_index"] else ""
            ranks(get(1, r, rank[p]) == want, (mv["id"], key, get(1, r, rank[p]), want))
        change(close(get(1, r, chg), mv["change"]["points"]), (mv["id"], get(1, r, chg)))
        if "percent" in mv["change"]:
            got = get(1, r, chgpct)
            change(isnum(got) and close(got * 100, mv["change"]["percent"]), (mv["id"], got))
    for g in (rows, areas, idx, ranks, change):
        g.done()
    regions = Group("%s: region counts and AVERAGEIF averages" % tag)
    for i, rv in enumerate(b["regions"]):
        r = FIRST + i
        regions(get(4, r, 1) == name(rv["name"], lang), (rv["id"], get(4, r, 1)))
        regions(get(4, r, 2) == rv["municipalities"], (rv["id"], get(4, r, 2)))
        if rv["municipalities"]:
            for p, key in enumerate(("p1", "p2")):
                regions(close(get(4, r, 3 + p), rv[key]), (rv["id"], key, get(4, r, 3 + p), rv[key]))
    regions.done()
    # the ranking sheet lists the site's ranking (no ties in the sample)
    ranking = Group("%s: ranking sheet in the site's order" % tag)
    for k, mv in enumerate(b["ranking"]):
        r = FIRST + k
        ranking(get(2, r, 2) == name(mv["name"], lang), (k + 1, get(2, r, 2)))
        ranking(close(get(2, r, 5), mv["p2"]["index"]), (k + 1, get(2, r, 5)))
        ranking(get(2, r, 1) == mv["p2"]["rank"], (k + 1, get(2, r, 1)))
    ranking.done()


def check_progress(tag, get, res, out, lang, wb):
    ach, largely, notach = STATUS[lang]
    # logframe: walk the rows; result statements sit between the indicators
    lf = res["logframe"]
    years = sorted({y["year"] for i in lf for y in i["years"]}, key=int)
    st = 4 + 3 * len(years)
    ws = wb.worksheets[1]
    shares = Group("%s: logframe shares of the targets" % tag)
    status = Group("%s: logframe status" % tag)
    r, i = 6, 0
    while i < len(lf) and r <= ws.max_row + 1:
        if get(1, r, 1) != name(lf[i]["name"], lang):
            r += 1
            continue
        ind = lf[i]
        last = ""
        for y, yr in enumerate(years):
            e = next((x for x in ind["years"] if x["year"] == yr), {})
            got = get(1, r, 4 + 3 * y + 2)
            if "achieved_pct" in e:
                shares(isnum(got) and shown(got * 100, e["achieved_pct"]),
                       (ind["id"], yr, got, e["achieved_pct"]))
                last = got
            else:
                shares(got == "", (ind["id"], yr, got))
        if last != "":
            want = ach if last >= 1 else largely if last >= 0.8 else notach
            status(get(1, r, st) == want, (ind["id"], get(1, r, st), want))
        i += 1
        r += 1
    shares(i == len(lf), "found %d of %d indicators" % (i, len(lf)))
    shares.done()
    status.done()

    # activity tables: the totals per year equal the raw data's sums
    totals = Group("%s: activity totals equal the data sets' sums" % tag)

    def pivot_totals(sheet, rows, field):
        """The first table's Total row on sheet: its year headers on row 3 or 4."""
        ys = sorted({int(x["year"]) for x in rows})
        head = 3 if get(sheet, 3, 2) in (ys[0], str(ys[0])) else 4
        r = head + 1
        while r < head + 200 and get(sheet, r, 1) not in ("Total", "სულ"):
            r += 1
        for k, y in enumerate(ys):
            want = sum(float(x[field]) for x in rows if int(x["year"]) == y)
            totals(close(get(sheet, r, 2 + k), want), (sheet, y, get(sheet, r, 2 + k), want))
        totals(close(get(sheet, r, 2 + len(ys)), sum(float(x[field]) for x in rows)), (sheet, "all"))

    pivot_totals(2, raw_csv(out, "legal.csv"), "count")
    pivot_totals(3, raw_csv(out, "trainings.csv"), "participants")
    pivot_totals(4, raw_csv(out, "forums.csv"), "participants")
    pivot_totals(5, raw_csv(out, "contests.csv"), "entries")
    totals.done()

    # participatory budgeting: the rates shown equal the site's
    pb = Group("%s: participatory budgeting rates" % tag)
    for k, e in enumerate(res["pb"]):
        r = FIRST + k
        who = (e["municipality"], e["year"])
        pb(get(6, r, 1) == name(e["name"], lang) and get(6, r, 2) == e["year"], who)
        pb(close(get(6, r, 9), e["participants"]), who)
        for col, key, scale in ((13, "per_1000", 1), (14, "women_pct", 100),
                                (15, "youth_pct", 100), (6, "funded_pct", 100)):
            got = get(6, r, col)
            pb(isnum(got) and shown(got * scale, e[key]), (who, key, got, e[key]))
    pb.done()


# ---- structure ----

def check_structure(out):
    res = json.load(open(os.path.join(out, "data", "results.json"), encoding="utf-8"))
    for n, lang, path in workbooks(out):
        tag = "%s.%s" % (n, lang)
        if not check("%s exists" % tag, os.path.isfile(path)):
            continue
        wb = openpyxl.load_workbook(path)
        check("%s sheet names" % tag, wb.sheetnames == SHEETS[(n, lang)], wb.sheetnames)
        check("%s sheet names allowed in Excel" % tag,
              all(len(x) <= 31 and not re.search(r"[\[\]:*?/\\]", x) for x in wb.sheetnames))
        pr = wb.properties
        check("%s title" % tag, pr.title == TITLES[(n, lang)], pr.title)
        check("%s author" % tag, pr.creator in ("Civil Society Institute",
                                                 "სამოქალაქო საზოგადოების ინსტიტუტი"), pr.creator)
        check("%s keywords" % tag, bool(pr.keywords), pr.keywords)
        check("%s created" % tag, pr.created == datetime.datetime(2023, 9, 30), pr.created)
        check("%s modified" % tag, pr.modified == datetime.datetime(2023, 9, 30), pr.modified)
        with zipfile.ZipFile(path) as z:
            app = z.read("docProps/app.xml").decode("utf-8")
            check("%s company" % tag, re.search(r"<Company>[^<]+</Company>", app), app[:200])
            names = z.namelist()
            charts = sorted(x for x in names if re.match(r"xl/charts/chart\d+\.xml$", x))
            stamps = {i.date_time for i in z.infolist()}
            check("%s zip entries carry no build time" % tag, len(stamps) == 1, stamps)
            if n == "benchmarking":
                check("%s two charts" % tag, len(charts) == 2, charts)
                xml = [z.read(c).decode("utf-8") for c in charts]
                check("%s bar chart of the ranking" % tag,
                      any('<c:barDir val="bar"/>' in x for x in xml))
                check("%s clustered column chart" % tag,
                      any('<c:barDir val="col"/>' in x and '<c:grouping val="clustered"/>' in x
                          for x in xml))
                check("%s charts read the ranking sheet" % tag,
                      all(wb.sheetnames[2] in x for x in xml))
            else:
                check("%s no charts" % tag, not charts, charts)
        dn = set(wb.defined_names.keys()) if hasattr(wb.defined_names, "keys") else \
            {d.name for d in wb.defined_names.definedName}
        ws_all = wb.worksheets
        page = Group("%s: every sheet prints on A4, fit to width (or scaled), with header and footer"
                     % tag)
        for ws in ws_all:
            fit = ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
            page(ws.page_setup.paperSize in (9, "9") and (
                (fit and ws.page_setup.fitToWidth in (1, "1", None)) or
                (not fit and 10 <= int(ws.page_setup.scale or 100) <= 100)), (ws.title, "page"))
            page("&P" in (ws.oddFooter.right.text or "") and ws.oddHeader.left.text,
                 (ws.title, "header/footer"))
        page.done()
        if n == "benchmarking":
            want = {"Index_Phase1", "Index_Phase2", "Rank_Phase1", "Rank_Phase2", "Change_Points",
                    "Scores_Phase1", "Scores_Phase2", "Area_Weights", "Instrument_Max",
                    "Instrument_Weights", "Municipality_Names", "Region_Averages"}
            check("%s defined names" % tag, want <= dn, sorted(want - dn))
            su, rk, rg, ph1 = ws_all[1], ws_all[2], ws_all[4], ws_all[7]
            na = len(res["benchmarking"]["areas"])
            nm = len(res["benchmarking"]["municipalities"])
            ni = res["benchmarking"]["indicator_count"]
            area, index, rank, chg, chgpct, ordc = summary_cols(na)
            L = openpyxl.utils.get_column_letter
            check("%s summary frozen panes" % tag, su.freeze_panes == "B6", su.freeze_panes)
            check("%s summary autofilter" % tag,
                  su.auto_filter.ref == "A5:%s%d" % (L(chgpct), S_FIRST + nm - 1), su.auto_filter.ref)
            check("%s summary prints its header rows" % tag, su.print_title_rows in ("3:5", "$3:$5"),
                  su.print_title_rows)
            check("%s summary landscape" % tag, su.page_setup.orientation == "landscape")
            if not su.sheet_properties.pageSetUpPr.fitToPage:
                # one phase a page: a break before phase 2, names repeated
                check("%s summary: a page for each phase" % tag,
                      [b.id for b in su.col_breaks.brk] == [area[1] - 1], su.col_breaks.brk)
                check("%s summary: municipality and region on every page" % tag,
                      su.print_title_cols in ("A:B", "$A:$B"), su.print_title_cols)
            check("%s phase sheet frozen panes" % tag, ph1.freeze_panes == "B5", ph1.freeze_panes)
            check("%s phase sheet autofilter" % tag, ph1.auto_filter.ref == "A4:J%d" % (4 + nm * ni),
                  ph1.auto_filter.ref)
            check("%s conditional formats on the summary, ranking, regions and scores" % tag,
                  all(len(ws.conditional_formatting) > 0 for ws in (su, rk, rg, ph1)))
            kinds = {r.type for cf in su.conditional_formatting for r in cf.rules}
            check("%s summary colour scale and change colours" % tag,
                  {"colorScale", "expression"} <= kinds, kinds)
            c = su.cell(S_FIRST, area[0])
            check("%s area %% formula (SUMPRODUCT over the raw scores)" % tag,
                  isinstance(c.value, str) and c.value.startswith("=IFERROR(100*SUMPRODUCT(")
                  and wb.sheetnames[7] in c.value, c.value)
            check("%s index formula (weighted average of the areas)" % tag,
                  "SUMPRODUCT" in str(su.cell(S_FIRST, index[1]).value))
            check("%s rank formula" % tag, "RANK(" in str(su.cell(S_FIRST, rank[1]).value))
            check("%s region average formula" % tag, "AVERAGEIF(" in str(rg.cell(FIRST, 3).value))
            check("%s change formula" % tag, str(su.cell(S_FIRST, chg).value).startswith("="))
            check("%s index format" % tag, su.cell(S_FIRST, index[0]).number_format == "0.0")
            check("%s change format" % tag, su.cell(S_FIRST, chg).number_format == "+0.0;-0.0;0.0")
            check("%s change %% format" % tag, su.cell(S_FIRST, chgpct).number_format.startswith("+0.0%"))
            check("%s weight format" % tag, su.cell(4, area[0]).number_format == "0.0%")
            check("%s order column hidden" % tag, su.column_dimensions[L(ordc)].hidden)
            check("%s columns sized" % tag, all(su.column_dimensions[L(k)].width > 5
                                                for k in range(1, chgpct + 1)))
            check_benchmarking(tag + " cached", Cached(path).get, res, lang)
        else:
            want = {"Logframe_Table", "PB_Per_1000", "PB_Women_Share", "PB_Under30_Share"}
            check("%s defined names" % tag, want <= dn, sorted(want - dn))
            lf, pb = ws_all[1], ws_all[6]
            check("%s logframe frozen panes" % tag, lf.freeze_panes == "B6", lf.freeze_panes)
            check("%s pb frozen panes" % tag, pb.freeze_panes == "C5", pb.freeze_panes)
            check("%s pb autofilter" % tag, pb.auto_filter.ref.startswith("A4:P"), pb.auto_filter.ref)
            check("%s logframe conditional formats" % tag, len(lf.conditional_formatting) > 0)
            ifs = [c.value for row in lf.iter_rows() for c in row
                   if isinstance(c.value, str) and c.value.startswith("=IF(")]
            check("%s logframe status by IF formula" % tag, any(STATUS[lang][0] in f for f in ifs))
            check("%s pb per 1000 formula" % tag, str(pb.cell(FIRST, 13).value).startswith("=IF("))
            check("%s pb women share format" % tag, pb.cell(FIRST, 14).number_format == "0.0%")
            check_progress(tag + " cached", Cached(path).get, res, out, lang, wb)


# ---- recalculation ----

ERRORS = re.compile(r"^(#VALUE!|#NAME\?|#DIV/0!|#N/A|#REF!|#NUM!|#NULL!|Err:\d+)$")


def check_cached(out, csvdir):
    """Every formula cell: LibreOffice's value equals the cached value, and
    no cell of any sheet is an error."""
    for path in sorted(glob.glob(os.path.join(out, "reports", "*.xlsx"))):
        tag = os.path.basename(path)
        wf = openpyxl.load_workbook(path)
        wv = openpyxl.load_workbook(path, data_only=True)
        try:
            lo = Recalc(path, csvdir, wf.sheetnames)
        except OSError as e:
            check("%s: LibreOffice wrote every sheet" % tag, False, e)
            continue
        errors = Group("%s: no cell is an error after recalculation" % tag)
        same = Group("%s: formulas recalculate to their cached values" % tag)
        for s, ws in enumerate(wf.worksheets):
            for row in ws.iter_rows():
                for c in row:
                    got = lo.get(s, c.row, c.column)
                    errors(not (isinstance(got, str) and ERRORS.match(got)),
                           "%s!%s: %s" % (ws.title, c.coordinate, got))
                    if not (isinstance(c.value, str) and c.value.startswith("=")):
                        continue
                    want = wv.worksheets[s].cell(c.row, c.column).value
                    want = "" if want is None else want
                    if isnum(want):
                        ok = close(got, float(want))
                    else:
                        ok = got == want or str(got) == str(want)
                    same(ok, "%s!%s %s: LibreOffice %r, cached %r" % (
                        ws.title, c.coordinate, c.value[:60], got, want))
        errors.done()
        same.done()


def check_recalc(out, csvdir):
    res = json.load(open(os.path.join(out, "data", "results.json"), encoding="utf-8"))
    check_cached(out, csvdir)
    for n, lang, path in workbooks(out):
        tag = "%s.%s recalculated" % (n, lang)
        wb = openpyxl.load_workbook(path)
        lo = Recalc(path, csvdir, wb.sheetnames)
        if n == "benchmarking":
            check_benchmarking(tag, lo.get, res, lang)
        else:
            check_progress(tag, lo.get, res, out, lang, wb)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cmd, out = sys.argv[1], sys.argv[2]
    if cmd == "structure":
        check_structure(out)
    elif cmd == "recalc":
        check_recalc(out, sys.argv[3])
    elif cmd == "cached":
        check_cached(out, sys.argv[3])
    else:
        sys.exit(__doc__)
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()

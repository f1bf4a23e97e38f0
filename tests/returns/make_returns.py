"""Writes the returns in this folder and answers.json, the exact answer each must get (run it
after changing them: `.venv/bin/python tests/returns/make_returns.py`).

Each is a return as a finance officer in Harrowdale (the demo place) would send it back to
the Total Place team, written from their own ledgers rather than in the blank template: title
rows, officers' own header words, a header over two rows with merged cells, bodies written by
name, CIPFA service lines where the template wants COFOG, sub-totals and a grand total worked
by formula (saved with the values Excel caches), footnotes, and a UTF-16 ledger export. The
answers are worked out here from the amounts each officer meant, in pence, not by the
importer: the test (tests/test_real_returns.py) sets the importer against them.

The same bytes come out on every run (fixed dates inside each workbook and its zip), so a
file changes in git only when its maker here does."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from fractions import Fraction
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
YEAR = "2009-10"
SPEND = "Spend lines"
SAVED_AT = datetime(2010, 3, 31, 17, 0)  # when every officer pressed Save, for equal bytes

# The demo place's bodies named in these returns (data/demo/organisations.csv).
BODY_NAMES = {
    "DH": "Department of Health", "HO": "Home Office",
    "HMBC": "Harrowdale Metropolitan Borough Council",
    "HPCT": "Harrowdale Primary Care Trust",
    "HHFT": "Harrowdale Hospitals NHS Foundation Trust",
    "HPMH": "Harrowdale and Pennine Mental Health NHS Trust",
    "HPA": "Harrowdale Police Authority", "HFRA": "Harrowdale Fire and Rescue Authority",
    "HCVS": "Harrowdale Council for Voluntary Service",
}
# The UN COFOG groups these returns reach (totalplace_core/classifications.py).
GROUPS = {
    "01.3": "General services", "03.1": "Police services", "03.2": "Fire-protection services",
    "04.5": "Transport", "05.1": "Waste management",
    "05.6": "Environmental protection n.e.c.", "06.2": "Community development",
    "07.1": "Medical products, appliances and equipment", "07.2": "Outpatient services",
    "07.3": "Hospital services", "07.4": "Public health services",
    "08.1": "Recreational and sporting services", "08.2": "Cultural services",
    "09.1": "Pre-primary and primary education", "09.2": "Secondary education",
    "10.1": "Sickness and disability", "10.2": "Old age", "10.4": "Family and children",
    "10.6": "Housing",
}
# The shipped CIPFA -> COFOG table (totalplace_core/io/cipfa_to_cofog.csv), as shares in %.
SHIPPED_CIPFA = {
    "Adult Social Care": (("10.2", 60), ("10.1", 40)),
    "Children's and Education Services": (("09.1", 40), ("09.2", 35), ("10.4", 25)),
    "Highways and Transport Services": (("04.5", 100),),
    "Cultural and Related Services": (("08.2", 50), ("08.1", 50)),
    "Environmental and Regulatory Services": (("05.1", 70), ("05.6", 30)),
    "Planning Services": (("06.2", 100),),
    "Central Services": (("01.3", 100),),
    "Housing Services (GFRA only)": (("10.6", 100),),
    "Police Services": (("03.1", 100),),
}


# -- money as the answers say it ----------------------------------------------------------

def pounds(pence: int) -> str:
    """As a finance officer types it: £1,234,567.89."""
    sign = "-" if pence < 0 else ""
    whole, pennies = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}.{pennies:02d}"


def full(pence: int) -> str:
    """As the preview shows it: £1,234,567.89, pence left off when whole."""
    sign = "-" if pence < 0 else ""
    whole, pennies = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}" + (f".{pennies:02d}" if pennies else "")


def cell(pence: int) -> int | float:
    """A number cell holding the amount: an int when whole pounds, else a float (whose
    shortest form is the amount, as Excel keeps it)."""
    return pence // 100 if pence % 100 == 0 else pence / 100


def split(pence: int, shares_pct: tuple[tuple[str, int], ...]) -> list[tuple[str, int]]:
    """A CIPFA line's pence shared by whole percentages, to the penny: each share rounded
    down, the pence left over going to the largest remainders (the first listed on a tie)."""
    sign, whole = (-1 if pence < 0 else 1), abs(pence)
    exact = [Fraction(whole * pct, 100) for _, pct in shares_pct]
    parts = [int(share) for share in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:whole - sum(parts)]:
        parts[i] += 1
    return [(code, sign * part) for (code, _), part in zip(shares_pct, parts, strict=True)]


def converted(written: str, pence: int, shares_pct: tuple[tuple[str, int], ...]
              ) -> tuple[list[list[str]], dict[str, int]]:
    """The preview's lines for a CIPFA line ([what, written, became] each) and the pence it
    puts in each COFOG group."""
    if len(shares_pct) == 1:
        code = shares_pct[0][0]
        return [["CIPFA line converted", written, f"{code} {GROUPS[code]}"]], {code: pence}
    parts = split(pence, shares_pct)
    said = [["CIPFA line split", written,
             f"{code} {GROUPS[code]} ({pct}%: {full(part)})"]
            for (code, pct), (_, part) in zip(shares_pct, parts, strict=True)]
    return said, dict(parts)


def body(what: str, written: str, code: str) -> list[str]:
    return [what, written, f"{code} ({BODY_NAMES[code]})"]


def add(into: dict[str, int], more: dict[str, int]) -> dict[str, int]:
    for code, pence in more.items():
        into[code] = into.get(code, 0) + pence
    return into


# -- writing a workbook as Excel leaves it ------------------------------------------------

def save(book: Workbook, name: str, cached: dict[str, dict[str, object]] | None = None) -> None:
    """The workbook, with the values Excel caches for formulas (openpyxl writes none, so
    without them a formula's cell reads as empty) and fixed dates, so each run writes the
    same bytes. `cached`: sheet title -> cell -> the formula's value."""
    book.properties.creator = "Harrowdale finance"
    book.properties.created = SAVED_AT
    buffer = io.BytesIO()
    book.save(buffer)
    files = {}
    with zipfile.ZipFile(buffer) as archive:
        for info in archive.infolist():
            files[info.filename] = archive.read(info)
    titles = [ws.title for ws in book.worksheets]
    for index, title in enumerate(titles, start=1):
        path = f"xl/worksheets/sheet{index}.xml"
        for ref, value in (cached or {}).get(title, {}).items():
            files[path], found = re.subn(
                rf'(<c r="{ref}"[^>]*><f>[^<]*</f>)<v\s*/>'.encode(),
                rb"\g<1><v>" + str(value).encode() + b"</v>", files[path])
            assert found == 1, f"{name}: no formula at {title}!{ref}"
    stamp = SAVED_AT.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    files["docProps/core.xml"] = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp,
                                        files["docProps/core.xml"])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            archive.writestr(zipfile.ZipInfo(path, SAVED_AT.timetuple()[:6]), data,
                             zipfile.ZIP_DEFLATED)
    (HERE / name).write_bytes(out.getvalue())


def sheet(book: Workbook, title: str, rows: list[list[object] | None], first: bool = True):
    """A sheet of `rows` from row 1 (None for a blank row)."""
    ws = book.active if first else book.create_sheet()
    ws.title = title
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row or [], start=1):
            if value is not None:
                ws.cell(number, column, value)
    return ws


def answer(name: str, about: str, *, ok: bool, bodies: list[str], lines_pence: list[int],
           lines: int, rows: dict[str, list[int]], skipped: list[tuple[int, str]],
           refused: list[tuple[str, str, int, str]] = (),
           conversions: list[list[str]] = (), **more: object) -> dict[str, object]:
    """What the preview and the store must say of a return. `rows`: sheet -> [read, ready,
    skipped, refused]; `skipped` and `refused` on the Spend lines sheet unless named."""
    counted = sum(lines_pence)
    return {
        "file": name, "about": about, "ok": ok, "year": YEAR, "bodies": sorted(bodies),
        "counted_pence": counted if ok else None, "lines": lines if ok else None,
        "amount_shown": full(counted) if ok else None,
        "rows": {s: dict(zip(("rows read", "ready", "skipped", "refused"), n, strict=True))
                 for s, n in rows.items()},
        "skipped": [[SPEND, row, kind] for row, kind in skipped],
        "refused": [list(r) for r in refused],
        "conversions": sorted(conversions), **more}


# -- the returns --------------------------------------------------------------------------

TEMPLATE = ["Financial year", "Organisation code", "COFOG group", "Service line or theme",
            "Amount (£)", "Basis", "Source", "Funded by (code)", "Handed to (code)",
            "Ward driver", "Note"]


def deep_dive_note() -> dict[str, object]:
    """(a) The PCT's return in the template's columns, whose lines' notes name the pilot's
    deep-dive themes ('Total Place deep-dive theme: ...', as issue 15 found one dropped as a
    totals row, £64.5m gone), one note starting 'Totals', and a formula total under them."""
    src = "Harrowdale PCT annual accounts 2009-10"
    pence = [6_450_000_000, 3_825_041_562, 481_230_000, 4_107_711_840]
    rows = [
        ["Total Place: Harrowdale Primary Care Trust return, 2009-10"],
        ["All figures in pounds. Prepared by PCT Finance, February 2010."],
        None,
        TEMPLATE,
        [YEAR, "HPCT", "07.3", "Acute commissioning", cell(pence[0]), "actual", src, "DH",
         "HHFT", None, "Total Place deep-dive theme: older people's emergency admissions "
         "and falls"],
        [YEAR, "HPCT", "07.2", "Community health services", pounds(pence[1]), "actual", src,
         "DH", None, None, "Total Place deep-dive theme: children and young people"],
        [YEAR, "HPCT", "07.4", "Public health", cell(pence[2]), "estimate",
         "PCT public health team estimate", None, None, None,
         "Totals include the stop-smoking grant"],
        [YEAR, "HPCT", "07.1", "Prescribing", cell(pence[3]), "actual", src, None, None, None,
         "GP prescribing, net of rebates"],
        ["Total", None, None, None, "=SUM(E5:E8)"],
    ]
    book = Workbook()
    sheet(book, SPEND, rows)
    save(book, "a_deep_dive_note.xlsx", {SPEND: {"E9": sum(pence) / 100}})
    return answer("a_deep_dive_note.xlsx", "lines whose notes start 'Total Place deep-dive "
                  "theme:' (and one 'Totals ...') are lines; the formula total reconciles",
                  ok=True, bodies=["HPCT"], lines_pence=pence, lines=4,
                  rows={SPEND: [5, 4, 1, 0]}, skipped=[(9, "total")])


def _partners_rows(pence: list[int], wrong_subtotal: int | None = None) -> list:
    """The NHS partners' sheet of subtotal_wrong; `wrong_subtotal` typed over the FT's."""
    src = "NHS Harrowdale annual accounts 2009-10"
    ft = pence[2] + pence[3]
    return [
        ["NHS Harrowdale: Total Place count 2009-10"],
        ["Financial year", "Organisation code", "COFOG group", "Service line or theme",
         "Amount (£)", "Basis", "Source", "Note"],
        [YEAR, "HPCT", "07.3", "Acute commissioning", cell(pence[0]), "actual", src],
        [YEAR, "HPCT", "07.2", "Community services", cell(pence[1]), "actual", src],
        [None, "Sub-total: Primary Care Trust", None, None, "=SUM(E3:E4)"],
        [YEAR, "HHFT", "07.3", "Elective inpatients", cell(pence[2]), "actual", src],
        [YEAR, "HHFT", "07.3", "Non-elective inpatients", cell(pence[3]), "actual", src],
        [None, "Sub-total: Hospitals FT", None, None,
         cell(wrong_subtotal if wrong_subtotal is not None else ft)],
        [YEAR, "HPMH", "07.3", "Mental health inpatients", cell(pence[4]), "actual", src],
        [None, "Sub-total: Mental Health Trust", None, None, "=E9"],
        ["Total NHS bodies", None, None, None, cell(sum(pence))],
    ]


def subtotals_add_up() -> dict[str, object]:
    """(b) The council's collation of council, police and fire lines in officers' header
    words ('Body', 'Function', 'Service', 'Net expenditure', 'Notes'), a sub-total under
    each body (by formula, one typed, labels as people write them) and a grand total."""
    council, police, fire = ([9_876_543_210, 3_125_000_000, 1_234_567_890],
                             [5_400_000_000, 650_000_050], [1_425_000_000])
    accounts = "HMBC statement of accounts 2009-10"
    rows = [
        ["Harrowdale Total Place: net expenditure by partner, 2009-10"],
        ["Compiled by Harrowdale MBC Corporate Finance for the Total Place board"],
        None,
        ["Financial year", "Body", "Function", "Service", "Net expenditure", "Basis",
         "Source", "Notes"],
        [YEAR, "HMBC", "09.1", "Schools", cell(council[0]), "actual", accounts,
         "Dedicated Schools Grant, passported to schools"],
        [YEAR, "HMBC", "10.4", "Children's social care", cell(council[1]), "actual", accounts],
        [YEAR, "HMBC", "04.5", "Highways and transport", cell(council[2]), "actual", accounts],
        [None, "Sub-total: Harrowdale MBC", None, None, "=SUM(E5:E7)"],
        [YEAR, "HPA", "03.1", "Police services", cell(police[0]), "actual",
         "Police Authority accounts 2009-10"],
        [YEAR, "HPA", "03.1", "Neighbourhood policing", pounds(police[1]), "estimate",
         "Police Authority estimate"],
        [None, "Subtotal - police", None, None, "=SUM(E9:E10)"],
        [YEAR, "HFRA", "03.2", "Fire and rescue", f"{fire[0] // 100:,}", "actual",
         "Fire Authority accounts 2009-10"],
        [None, "Sub-total: fire", None, None, pounds(fire[0])],
        ["Grand total", None, None, None, "=E8+E11+E13"],
    ]
    book = Workbook()
    sheet(book, SPEND, rows)
    pence = council + police + fire
    save(book, "b_subtotals_add_up.xlsx", {SPEND: {
        "E8": sum(council) / 100, "E11": sum(police) / 100, "E14": sum(pence) / 100}})
    return answer("b_subtotals_add_up.xlsx", "three sub-totals (two by formula, one typed) "
                  "and a grand total that add up", ok=True, bodies=["HFRA", "HMBC", "HPA"],
                  lines_pence=pence, lines=6, rows={SPEND: [10, 6, 4, 0]},
                  skipped=[(8, "sub-total"), (11, "sub-total"), (13, "sub-total"),
                           (14, "total")])


def subtotal_wrong() -> dict[str, object]:
    """(c) The NHS bodies' return whose FT sub-total was typed over its formula with two
    digits swapped (£54,619,356.90 for £54,691,356.90); the total below is right."""
    pence = [4_512_340_000, 1_200_000_000, 2_345_678_901, 3_123_456_789, 1_850_000_000]
    wrong = 5_461_935_690
    assert wrong != pence[2] + pence[3]
    book = Workbook()
    sheet(book, SPEND, _partners_rows(pence, wrong))
    save(book, "c_subtotal_wrong.xlsx", {SPEND: {"E5": (pence[0] + pence[1]) / 100,
                                                 "E10": pence[4] / 100}})
    return answer("c_subtotal_wrong.xlsx", "the FT's sub-total is £72,000 out: refused at "
                  "its amount, nothing imported", ok=False, bodies=["HHFT", "HPCT", "HPMH"],
                  lines_pence=pence, lines=5, rows={SPEND: [9, 5, 4, 0]},
                  skipped=[(5, "sub-total"), (8, "sub-total"), (10, "sub-total"),
                           (11, "total")],
                  refused=[(SPEND, "E", 8, "Inconsistent")])


def merged_header() -> dict[str, object]:
    """(d) The police authority's return: a header over two rows, 'Body', 'Service',
    'Handed to' and 'Notes' each merged down both, an 'Expenditure £000' band merged over
    Financial year, Basis, Net expenditure and Source; CIPFA service lines and no COFOG
    column; amounts in £000 with a total."""
    pence = [4_825_050_000, 123_456_700, 35_000_000]
    src = "Police Authority statement of accounts 2009-10"
    rows = [
        ["Harrowdale Police Authority"],
        ["Total Place return: net expenditure, 2009-10"],
        ["Body", "Service", "Expenditure £000", None, None, None, "Handed to", "Notes"],
        [None, None, "Financial year", "Basis", "Net expenditure", "Source"],
        ["HPA", "Police Services", YEAR, "actual", 48_250.5, src],
        ["HPA", "Central Services", YEAR, "actual", 1_234.567, src, None,
         "Corporate and democratic core"],
        ["HPA", "Police Services", YEAR, "estimate", 350, "Police Authority grants register",
         "HCVS", "Community safety grants to voluntary groups"],
        ["Total", None, None, None, 49_835.067],
    ]
    book = Workbook()
    ws = sheet(book, SPEND, rows)
    for span in ("A3:A4", "B3:B4", "C3:F3", "G3:G4", "H3:H4"):
        ws.merge_cells(span)
    save(book, "d_merged_header.xlsx")
    # 'Police Services' is also the name of COFOG group 03.1, so it is read as that group
    # without a conversion to show; 'Central Services' is a CIPFA line only.
    return answer("d_merged_header.xlsx", "two-row merged header, £000 band, CIPFA lines in "
                  "'Service' with no COFOG column", ok=True, bodies=["HPA"],
                  lines_pence=pence, lines=3, rows={SPEND: [4, 3, 1, 0]},
                  skipped=[(8, "total")],
                  conversions=[["CIPFA line converted", "Central Services",
                                "01.3 General services"]],
                  by_cofog={"03.1": pence[0] + pence[2], "01.3": pence[1]})


NAMED_HEADER = ["Financial year", "Body", "COFOG group", "Service", "Amount (£)", "Basis",
                "Source", "Funded by", "Handed to", "Note"]


def bodies_by_name() -> dict[str, object]:
    """(e) The programme office's collation of partners' lines, bodies written by name as
    each officer wrote them (MBC, PCT, FT, '&', a double space, trailing spaces, lower case)
    in the body, funded-by and handed-to columns, and one by code."""
    pence = [3_125_000_000, 9_876_543_210, 6_450_000_000, 1_850_000_000, 1_425_000_000,
             5_400_000_000, 650_000_050]
    rows = [
        ["Total Place Harrowdale: partners' returns collated, 2009-10"],
        NAMED_HEADER,
        [YEAR, "Harrowdale MBC", "10.4", "Children's social care", cell(pence[0]), "actual",
         "HMBC accounts 2009-10", None, "Harrowdale Council for Voluntary Service  ",
         "Family support commissioned from the voluntary sector"],
        [YEAR, "harrowdale metropolitan borough council ", "09.1", "Schools", cell(pence[1]),
         "actual", "HMBC accounts 2009-10"],
        [YEAR, "NHS  Harrowdale Primary Care Trust", "07.3", "Acute commissioning",
         cell(pence[2]), "actual", "PCT accounts 2009-10", "Department of Health",
         "Harrowdale Hospitals NHS FT", "Acute contract"],
        [YEAR, "Harrowdale PCT", "07.3", "Mental health", cell(pence[3]), "actual",
         "PCT accounts 2009-10", "Dept of Health",
         "Harrowdale & Pennine Mental Health NHS Trust", "Mental health contract"],
        [YEAR, "Harrowdale Fire & Rescue Authority", "03.2", "Fire and rescue",
         cell(pence[4]), "actual", "Fire Authority accounts 2009-10"],
        [YEAR, "Harrowdale Police Authority   ", "03.1", "Police services", cell(pence[5]),
         "actual", "Police Authority accounts 2009-10", "Home Office"],
        [YEAR, "HPA", "03.1", "Neighbourhood policing", cell(pence[6]), "estimate",
         "Police Authority estimate"],
    ]
    book = Workbook()
    sheet(book, SPEND, rows)
    save(book, "e_bodies_by_name.xlsx")
    by_name, close = "body matched by name", "body matched as a close variant"
    return answer(
        "e_bodies_by_name.xlsx", "bodies by name and variants in Body, Funded by and Handed "
        "to, each matched to its code", ok=True, bodies=["HFRA", "HMBC", "HPA", "HPCT"],
        lines_pence=pence, lines=7, rows={SPEND: [7, 7, 0, 0]}, skipped=[],
        conversions=[
            body(by_name, "Harrowdale MBC", "HMBC"),
            body(by_name, "harrowdale metropolitan borough council", "HMBC"),
            body(close, "NHS Harrowdale Primary Care Trust", "HPCT"),
            body(by_name, "Harrowdale PCT", "HPCT"),
            body(by_name, "Harrowdale Fire & Rescue Authority", "HFRA"),
            body(by_name, "Harrowdale Police Authority", "HPA"),
            body(by_name, "Department of Health", "DH"),
            body(by_name, "Dept of Health", "DH"),
            body(by_name, "Home Office", "HO"),
            body(by_name, "Harrowdale Council for Voluntary Service", "HCVS"),
            body(by_name, "Harrowdale Hospitals NHS FT", "HHFT"),
            body(by_name, "Harrowdale & Pennine Mental Health NHS Trust", "HPMH")],
        transfers={"HCVS": pence[0], "HHFT": pence[2], "HPMH": pence[3]})


def body_unknown_name() -> dict[str, object]:
    """(e) The council's return handing money to its leisure trust, which is on no
    Organisations sheet: refused at that cell, naming the nearest bodies; a typo in the
    council's own name is matched."""
    pence = [3_125_000_000, 412_500_000]
    rows = [
        ["Harrowdale Metropolitan Borough Council: Total Place return 2009-10"],
        NAMED_HEADER,
        [YEAR, "Harrowdale Metropolitan Borough Concil", "10.4", "Children's social care",
         cell(pence[0]), "actual", "HMBC accounts 2009-10"],
        [YEAR, "Harrowdale MBC", "08.1", "Leisure centres", cell(pence[1]), "actual",
         "HMBC accounts 2009-10", None, "Harrowdale Leisure Trust",
         "Management fee to the leisure trust"],
    ]
    book = Workbook()
    sheet(book, SPEND, rows)
    save(book, "e_body_unknown_name.xlsx")
    return answer(
        "e_body_unknown_name.xlsx", "a body name on no Organisations sheet: refused at its "
        "cell with the nearest names", ok=False, bodies=["HMBC"], lines_pence=pence, lines=2,
        rows={SPEND: [2, 1, 0, 1]}, skipped=[],
        refused=[(SPEND, "I", 4, "Unknown code")],
        conversions=[body("body matched as a close variant",
                          "Harrowdale Metropolitan Borough Concil", "HMBC"),
                     body("body matched by name", "Harrowdale MBC", "HMBC")],
        refusal_advice_names=["Harrowdale"])


CIPFA_RETURN = [  # (CIPFA service line as the RO return writes it, pence)
    ("Adult Social Care", 7_123_456_789), ("Children's and Education Services", 18_654_321_007),
    ("Highways and Transport Services", 1_487_200_350),
    ("Cultural and Related Services", 876_543_211),
    ("Environmental and Regulatory Services", 1_712_345_678),
    ("Planning Services", 345_678_900), ("Central Services", 987_654_321),
    ("Housing Services (GFRA only)", 234_567_890),
]


def cipfa_lines() -> dict[str, object]:
    """(f) The council's revenue outturn by CIPFA service line, written in its 'Function'
    column: each converted to COFOG by the shipped table, the lines that span groups
    (Children's and Education Services, Adult Social Care ...) split to the penny."""
    rows = [
        ["Harrowdale Metropolitan Borough Council"],
        ["Revenue outturn 2009-10 by CIPFA service line, for the Total Place count"],
        ["Financial year", "Organisation code", "Function", "Amount (£)", "Basis", "Source",
         "Note"],
    ]
    rows += [[YEAR, "HMBC", line, cell(pence), "actual", "HMBC revenue outturn (RO) 2009-10"]
             for line, pence in CIPFA_RETURN]
    last = len(rows)
    rows.append(["Total", None, None, f"=SUM(D4:D{last})"])
    book = Workbook()
    sheet(book, SPEND, rows)
    pence = [p for _, p in CIPFA_RETURN]
    save(book, "f_cipfa_lines.xlsx", {SPEND: {f"D{last + 1}": sum(pence) / 100}})
    said: list[list[str]] = []
    by_cofog: dict[str, int] = {}
    for line, amount in CIPFA_RETURN:
        more, groups = converted(line, amount, SHIPPED_CIPFA[line])
        said += more
        add(by_cofog, groups)
    return answer("f_cipfa_lines.xlsx", "CIPFA lines in the function column, converted and "
                  "split by the shipped table to the penny", ok=True, bodies=["HMBC"],
                  lines_pence=pence, lines=len(said), rows={SPEND: [9, 8, 1, 0]},
                  skipped=[(last + 1, "total")], conversions=said, by_cofog=by_cofog,
                  themes=sorted(line for line, _ in CIPFA_RETURN))


OWN_TABLE = [["CIPFA service line", "COFOG group", "Share (%)", "Why"],
             ["Children's and Education Services", "09.1", 45,
              "From our Section 251 budget statement 2009-10"],
             ["Children's and Education Services", "09.2", 38],
             ["Children's and Education Services", "10.4", 17],
             ["Adult Social Care", "10.2", None,
              "Older people's and younger adults' shares not yet agreed with the PCT"],
             ["Adult Social Care", "10.1", None],
             ["Highways and Transport Services", "04.5", 100]]
OWN_SHARES = {"Children's and Education Services": (("09.1", 45), ("09.2", 38), ("10.4", 17)),
              "Adult Social Care": (("10.2", 62), ("10.1", 38)),
              "Highways and Transport Services": (("04.5", 100),)}


def _own_table_return(name: str, table: list[list[object]]) -> list[tuple[str, int]]:
    lines = [("Children's and Education Services", "Children's services", 18_654_321_007),
             ("Adult Social Care", "Adult social care", 7_123_456_789),
             ("Highways and Transport Services", "Highways", 1_487_200_350)]
    rows = [["Financial year", "Organisation code", "COFOG group", "Service line or theme",
             "Amount (£)", "Basis", "Source"]]
    rows += [[YEAR, "HMBC", line, theme, pounds(pence), "actual",
              "HMBC revenue outturn (RO) 2009-10"] for line, theme, pence in lines]
    book = Workbook()
    sheet(book, SPEND, rows)
    sheet(book, "CIPFA to COFOG", table, first=False)
    save(book, name)
    return [(line, pence) for line, _, pence in lines]


def own_cipfa_table() -> list[dict[str, object]]:
    """(f) The council's return with its own 'CIPFA to COFOG' sheet, which replaces the
    shipped table: Children's and Education Services split by its own shares; Adult Social
    Care spans two groups with no shares yet, so it is refused at its cell. Then the same
    return once the shares are agreed (62/38), which imports."""
    lines = _own_table_return("f_own_cipfa_table.xlsx", OWN_TABLE)
    children, highways = (converted(line, pence, OWN_SHARES[line])[0]
                          for line, pence in lines if line != "Adult Social Care")
    refused = answer(
        "f_own_cipfa_table.xlsx", "its own CIPFA to COFOG sheet: own shares used; a "
        "spanning line with no shares refused at its cell", ok=False, bodies=["HMBC"],
        lines_pence=[p for _, p in lines], lines=0, rows={SPEND: [3, 2, 0, 1]}, skipped=[],
        refused=[(SPEND, "C", 3, "Unknown code")], conversions=children + highways)
    agreed = [row if row[0] != "Adult Social Care" else
              [*row[:2], 62 if row[1] == "10.2" else 38, *row[3:]] for row in OWN_TABLE]
    lines = _own_table_return("f_own_cipfa_table_agreed.xlsx", agreed)
    said: list[list[str]] = []
    by_cofog: dict[str, int] = {}
    for line, pence in lines:
        more, groups = converted(line, pence, OWN_SHARES[line])
        said += more
        add(by_cofog, groups)
    ok = answer(
        "f_own_cipfa_table_agreed.xlsx", "its own CIPFA to COFOG sheet with every share: "
        "split by the return's shares, not the shipped ones", ok=True, bodies=["HMBC"],
        lines_pence=[p for _, p in lines], lines=len(said), rows={SPEND: [3, 3, 0, 0]},
        skipped=[], conversions=said, by_cofog=by_cofog,
        themes=["Adult social care", "Children's services", "Highways"])
    return [refused, ok]


def footnote_source() -> dict[str, object]:
    """(g) The fire authority's return with its Source column left empty but for one line,
    a formula total, and two footnotes under the table: 'Source: ... Corporate Finance,
    March 2010' (which becomes the empty lines' source) and a note on what is netted off."""
    footnote = "Harrowdale Fire and Rescue Authority Corporate Finance, March 2010"
    own = "Fire Authority budget book 2009-10"
    lines = [("Response", 1_425_000_000, None), ("Community fire safety", 187_500_000, None),
             ("Corporate and democratic core", 64_025_075, own),
             ("Fire prevention grants", 12_000_000, None)]
    rows = [
        ["Harrowdale Fire and Rescue Authority: Total Place return 2009-10"],
        ["Financial year", "Organisation code", "COFOG group", "Service line or theme",
         "Amount (£)", "Basis", "Source", "Note"],
    ]
    rows += [[YEAR, "HFRA", "01.3" if source else "03.2", theme, cell(pence),
              "estimate" if source else "actual", source] for theme, pence, source in lines]
    rows += [["Total", None, None, None, "=SUM(E3:E6)"], None, [f"Source: {footnote}"],
             ["Note: figures are net of fees, charges and specific grants."]]
    book = Workbook()
    sheet(book, SPEND, rows)
    pence = [p for _, p, _ in lines]
    save(book, "g_footnote_source.xlsx", {SPEND: {"E7": sum(pence) / 100}})
    return answer("g_footnote_source.xlsx", "a 'Source: ...' footnote fills the empty "
                  "sources; both footnotes skipped", ok=True, bodies=["HFRA"],
                  lines_pence=pence, lines=4, rows={SPEND: [7, 4, 3, 0]},
                  skipped=[(7, "total"), (9, "footnote"), (10, "footnote")],
                  sources=sorted([theme, source or footnote] for theme, _, source in lines))


def ledger_unicode() -> dict[str, object]:
    """(h) The hospital trust's ledger extract saved from Excel as 'Unicode Text': UTF-16
    with its byte-order mark, tab separated, every row padded with tabs to the table's width
    as Excel writes it; no Source column (the footnote gives it); years as 2009/10; amounts
    as the ledger shows them: £23,456,789.01, £1.2 million, a Unicode minus (−500) and a
    ledger credit (1,234-)."""
    footnote = "Harrowdale Hospitals NHS Foundation Trust general ledger, 30 April 2010"
    lines = [
        ("Harrowdale Hospitals NHS FT", "07.3", "Elective inpatients", "£23,456,789.01",
         2_345_678_901, ""),
        ("HHFT", "07.3", "Non-elective inpatients", "31,234,567.89", 3_123_456_789, ""),
        ("HHFT", "07.2", "Outpatients", "£1.2 million", 120_000_000,
         "Payment by Results tariff estimate"),
        ("HHFT", "07.3", "Contract adjustment", "\u2212500", -50_000,
         "Credit: overpayment returned to the PCT"),
        ("HHFT", "07.2", "Community midwifery – Bolton Road clinic", "1,234-", -123_400,
         "Ledger credit: café rent"),
    ]
    table = [["Harrowdale Hospitals NHS Foundation Trust – Total Place analysis 2009/10"],
             ["Financial year", "Body", "COFOG group", "Service", "Value", "Basis", "Notes"]]
    table += [["2009/10", who, cofog, theme, amount, "estimate" if note.startswith("Pay")
               else "actual", note] for who, cofog, theme, amount, _, note in lines]
    table.append([f"Source: {footnote}"])
    width = max(len(r) for r in table)
    text = "".join("\t".join([*r, *[""] * (width - len(r))]) + "\r\n" for r in table)
    (HERE / "h_ledger_unicode.csv").write_bytes(text.encode("utf-16"))  # LE with its BOM
    pence = [p for *_, p, _ in lines]
    return answer("h_ledger_unicode.csv", "UTF-16 tab-separated ledger export: Unicode "
                  "minus, £1.2 million, 1,234-, 2009/10, source from the footnote", ok=True,
                  bodies=["HHFT"], lines_pence=pence, lines=5, rows={SPEND: [6, 5, 1, 0]},
                  skipped=[(8, "footnote")],
                  conversions=[body("body matched by name", "Harrowdale Hospitals NHS FT",
                                    "HHFT")],
                  sources=sorted([theme, footnote] for _, _, theme, *_ in lines))


def place_pilot() -> dict[str, object]:
    """(i) The programme office's return with the Place sheet, its description starting
    'Total Place pilot' (issue 15: such a place failed to import), its own body whose name
    starts 'Total', and that body's spend lines."""
    pence = [28_500_000, 4_250_050]
    src = "Total Place programme budget 2009-10"
    book = Workbook()
    sheet(book, "Place", [
        ["Place name", "Population", "Fictional?", "Description"],
        ["Harrowdale", 286_400, "yes", "Total Place pilot: every pound of public money spent "
         "in Harrowdale, counted by its public bodies together in 2009-10."]])
    sheet(book, "Organisations", [
        ["Organisation code", "Organisation name", "Kind of body"],
        ["TPPO", "Total Place Programme Office", "council"]], first=False)
    sheet(book, SPEND, [
        TEMPLATE,
        [YEAR, "TPPO", "01.3", "Programme team and analysis", cell(pence[0]), "actual", src,
         "HMBC"],
        [YEAR, "TPPO", "01.3", "Workshops and mapping events", pounds(pence[1]), "actual",
         src, "HPCT", None, None, "Total Place deep-dive theme: counting the whole place"],
    ], first=False)
    save(book, "i_place_pilot.xlsx")
    return answer("i_place_pilot.xlsx", "a Place whose description starts 'Total Place "
                  "pilot' and a body named 'Total Place Programme Office' import", ok=True,
                  bodies=["TPPO"], lines_pence=pence, lines=2,
                  rows={"Place": [1, 1, 0, 0], "Organisations": [1, 1, 0, 0],
                        SPEND: [2, 2, 0, 0]}, skipped=[],
                  place_description_starts="Total Place pilot")


def touchpoint_dates() -> dict[str, object]:
    """(h, where dates apply) A family's stops typed by a case worker with dates as people
    write them in the UK: 06-04-2009, 2009/04/14, April 20, 2009, 5 May 2009, 21/07/2009
    (day first), and bodies by name. A CSV is always read as spend lines, which have years,
    not dates, so the dates are here."""
    stops = [("06-04-2009", "2009-04-06", "Harrowdale Police Authority", "UC003"),
             ("2009/04/14", "2009-04-14", "Harrowdale MBC", "UC006"),
             ("April 20, 2009", "2009-04-20", "HPCT", "UC007"),
             ("5 May 2009", "2009-05-05", "HMBC", "UC006"),
             ("21/07/2009", "2009-07-21", "Harrowdale PCT", "UC007")]
    book = Workbook()
    sheet(book, "Case studies", [["Case code", "Title", "Summary"],
                                 ["GRH", "The Greenhalgh family", "A father of three out of "
                                  "work after an injury; his eldest stops going to school."]])
    sheet(book, "Touchpoints", [
        ["Case code", "Scenario", "Date", "Organisation code", "Unit cost code", "Quantity",
         "Note"],
        *[["GRH", "current", written, who, unit, 1, f"Stop {i}"]
          for i, (written, _, who, unit) in enumerate(stops, start=1)]], first=False)
    save(book, "j_touchpoint_dates.xlsx")
    return {**answer("j_touchpoint_dates.xlsx", "a family's stops with UK dates as typed, "
                     "day first", ok=True, bodies=[], lines_pence=[], lines=0,
                     rows={"Case studies": [1, 1, 0, 0], "Touchpoints": [5, 5, 0, 0]},
                     skipped=[],
                     conversions=[body("body matched by name", "Harrowdale Police Authority",
                                       "HPA"),
                                  body("body matched by name", "Harrowdale MBC", "HMBC"),
                                  body("body matched by name", "Harrowdale PCT", "HPCT")]),
            "counted_pence": None, "amount_shown": None, "lines": None,
            "dates": {f"Stop {i}": day for i, (_, day, _, _) in enumerate(stops, start=1)}}


MAKERS: list[Callable[[], dict[str, object] | list[dict[str, object]]]] = [
    deep_dive_note, subtotals_add_up, subtotal_wrong, merged_header, bodies_by_name,
    body_unknown_name, cipfa_lines, own_cipfa_table, footnote_source, ledger_unicode,
    place_pilot, touchpoint_dates]


def main() -> None:
    answers: list[dict[str, object]] = []
    for make in MAKERS:
        made = make()
        answers += made if isinstance(made, list) else [made]
    (HERE / "answers.json").write_text(json.dumps(answers, indent=1, ensure_ascii=False)
                                       + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

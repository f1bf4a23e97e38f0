"""Import: checking a 50,000-line spend template against openpyxl merely reading it.

The workbook is built in memory as a finance officer would fill the template: the template's
headers (io.spec), a Place sheet, an Organisations sheet with every body used, and spend
lines whose money is a mix of spreadsheet numbers and typed text ('£1,234.50', '(500)',
'1.2m'), COFOG codes mostly as codes (some as '7.3' or by name), bases, sources, transfers
and notes. The floor is openpyxl in read-only mode materialising every row of every sheet;
the value is `importer.check_file` (read, check, references, diff and headline preview)
into a fresh store that already holds the place, as a second return of the year would."""

from __future__ import annotations

import io
import re
import shutil
import statistics
import zipfile
from pathlib import Path

import openpyxl

from totalplace_core.bench.timing import Figure, median_s
from totalplace_core.classifications import COFOG_GROUPS
from totalplace_core.io import importer
from totalplace_core.io.spec import SHEET_BY_NAME
from totalplace_core.store import Store

LINES = 50_000
PLACE = "Bench Vale"
YEARS = ("2008-09", "2009-10", "2010-11")
BODIES = (
    ("BVC", "Bench Vale Council", "council"), ("BVPCT", "Bench Vale PCT", "NHS commissioner"),
    ("BVH", "Bench Vale Hospitals Trust", "NHS provider"), ("BVP", "Bench Vale Police", "police"),
    ("BVF", "Bench Vale Fire and Rescue", "fire"), ("DWP", "Department for Work and Pensions",
                                                    "central department"),
    ("JCP", "Jobcentre Plus", "Jobcentre Plus"), ("HCA", "Homes and Communities Agency", "NDPB"),
    ("BVPT", "Bench Vale Probation Trust", "probation"), ("RDA", "Northern RDA", "regional body"),
    ("ESF", "European Social Fund", "EU programme"), ("CVS", "Bench Vale CVS", "voluntary sector"),
)
THEMES = ("Adult social care", "Children's services", "Highways", "Housing", "Libraries",
          "Waste", "Benefits", "Acute care", "Community health", "Policing", "")
COFOG = ("07.3", "07.2", "10.2", "10.1", "09.1", "09.2", "03.1", "03.2", "05.1", "06.1",
         "04.5", "08.2", "10.4", "10.6", "01.3")
SOURCES = ("Statement of accounts", "Revenue outturn (RO) return", "Trust annual accounts",
           "DWP benefit expenditure by local authority", "Budget book, Bench Vale estimate")
DRIVERS = ("", "", "population", "pop_0_17", "pop_65_plus", "need_index", "ward_actual")
# Place, Organisations, the store's earlier lines: enough for a realistic preview.
EARLIER_LINES = 5_000
REPEAT = 3  # timed runs of each, after one warm-up (a check takes seconds)


def _amount(i: int) -> object:
    """Money as finance officers write it: mostly numbers, a good share typed as text."""
    pounds = (i * 7919) % 2_000_000 + 1
    pence = (i * 37) % 100
    return (pounds, pounds + pence / 100, f"£{pounds:,}.{pence:02d}", f"{pounds:,}",
            pounds + 0.5, f"({pounds % 5000})", f"{pounds % 900 + 1}k", f"£{pounds % 9 + 1}.2m",
            float(pounds), f" £ {pounds:,} ")[i % 10]


def _cofog(i: int) -> str:
    code = COFOG[i % len(COFOG)]
    if i % 17 == 0:
        return code.lstrip("0")  # '7.3' typed for 07.3
    if i % 23 == 0:
        return COFOG_GROUPS[code]  # by name
    return code


def _line(i: int, year: str) -> list[object]:
    org = BODIES[i % len(BODIES)][0]
    funded = BODIES[(i + 5) % len(BODIES)][0] if i % 11 == 0 else None
    handed = BODIES[(i + 3) % len(BODIES)][0] if i % 13 == 0 else None
    basis = ("actual", "actual", "estimate", "Actual", "proxy")[i % 5]
    note = f"Ledger line {i}" + (" (recharged)" if i % 9 == 0 else "")
    ward = None  # spend lines shared among wards by their driver, none ward-coded
    return [year, org, _cofog(i), THEMES[i % len(THEMES)] or None, _amount(i), basis,
            SOURCES[i % len(SOURCES)], funded, handed, ward, DRIVERS[i % len(DRIVERS)] or None,
            note]


def workbook(lines: int = LINES, years: tuple[str, ...] = YEARS) -> bytes:
    """The filled spend template, as bytes of an .xlsx file laid out as Excel saves it."""
    book = openpyxl.Workbook(write_only=True)
    place = book.create_sheet("Place")
    place.append([c.header for c in SHEET_BY_NAME["Place"].columns])
    place.append([PLACE, 312_400, "yes", "A made-up place for the bench.", None])
    orgs = book.create_sheet("Organisations")
    orgs.append([c.header for c in SHEET_BY_NAME["Organisations"].columns])
    for body in BODIES:
        orgs.append(list(body))
    spend = book.create_sheet("Spend lines")
    spend.append([c.header for c in SHEET_BY_NAME["Spend lines"].columns])
    for i in range(lines):
        spend.append(_line(i, years[i * len(years) // lines]))
    out = io.BytesIO()
    book.save(out)
    return _shared_strings(out.getvalue())


_INLINE = re.compile(r'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) t="inlineStr"><is><t[^>]*>'
                     r"(.*?)</t></is></c>", re.S)
_SST = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _shared_strings(data: bytes) -> bytes:
    """openpyxl writes text as inline strings; Excel writes each distinct text once in
    xl/sharedStrings.xml and the cells point at it. Inline strings cost openpyxl about twice
    as much to read, so without this the floor would be slow and the ratio flattering."""
    table: dict[str, int] = {}

    def shared(match: re.Match[str]) -> str:
        index = table.setdefault(match[3], len(table))
        return f'<c r="{match[1]}"{match[2]} t="s"><v>{index}</v></c>'

    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {name: source.read(name) for name in source.namelist()}
    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        xml = _INLINE.sub(shared, parts[name].decode("utf-8"))
        # Excel also records each sheet's used range; write-only openpyxl does not.
        cells = re.findall(r'<c r="([A-Z]+)([0-9]+)"', xml)
        right = max((c for c, _ in cells), key=lambda c: (len(c), c))
        xml = xml.replace("</sheetPr>", f'</sheetPr><dimension ref="A1:{right}{cells[-1][1]}" />',
                          1)
        parts[name] = xml.encode("utf-8")
    items = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in table)
    parts["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(table)}" uniqueCount="{len(table)}">{items}</sst>').encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml" /></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Type="{_SST}" Target="sharedStrings.xml" '
        'Id="rIdSst" /></Relationships>'.encode())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def read_raw(data: bytes) -> int:
    """The floor: openpyxl read-only, every row of every sheet materialised as values."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    cells = sum(len(row) for ws in book.worksheets for row in list(ws.iter_rows(
        values_only=True)))
    book.close()
    return cells


def _base_store(path: Path) -> None:
    """A store already holding the place, its bodies and an earlier return of the last
    year, so the preview has rows to compare with and a headline before."""
    earlier = workbook(EARLIER_LINES, YEARS[-1:])
    with Store(path) as store:
        preview = importer.check_file(store, "earlier.xlsx", earlier)
        if not preview.ok:
            raise RuntimeError("the bench's earlier workbook did not pass its own checks")
        importer.commit(store, preview, "earlier.xlsx", earlier)


def _fresh(base: Path, path: Path) -> Path:
    for suffix in ("", ".wal"):
        source, target = Path(f"{base}{suffix}"), Path(f"{path}{suffix}")
        target.unlink(missing_ok=True)
        if source.exists():
            shutil.copy(source, target)
    return path


def run(data: Path, scale: str, work: Path) -> list[Figure]:
    """`data` and `scale` are not used: the workbook is the same at every scale."""
    del data, scale
    book = workbook()
    base = work / "import-base.duckdb"
    _base_store(base)
    with Store(_fresh(base, work / "import-check.duckdb")) as store:
        def check() -> importer.Preview:
            preview = importer.check_file(store, "spend.xlsx", book)
            if not preview.ok:
                raise RuntimeError("the bench workbook did not pass its checks")
            return preview

        # Floor and value taken in turn, so a machine busy for a while slows both.
        read_raw(book)
        preview = check()
        floors, values = [], []
        for _ in range(REPEAT):
            floors.append(median_s(lambda: read_raw(book), repeat=1, warmup=0) * 1000)
            values.append(median_s(check, repeat=1, warmup=0) * 1000)
    # The same preview committed into fresh copies of the store (they share the place id).
    commits = []
    for attempt in range(1 + REPEAT):  # the first is a warm-up
        with Store(_fresh(base, work / "import-commit.duckdb")) as target:
            took = median_s(lambda t=target: importer.commit(t, preview, "spend.xlsx", book),
                            repeat=1, warmup=0) * 1000
        if attempt:
            commits.append(took)
    floor, value = statistics.median(floors), statistics.median(values)
    return [
        Figure(f"import check of a {LINES:,}-line workbook", value, floor,
               floor_name="openpyxl reading it raw", goal=2),
        Figure(f"import commit of a {LINES:,}-line workbook", statistics.median(commits)),
        Figure("import check: lines a second", LINES / (value / 1000), unit="rows/s"),
    ]

"""Writes the small bad and messy files in this folder (run it after changing them).

Each stands for something finance officers really send: a PDF by mistake, an empty workbook,
a CSV saved by Excel on Windows (cp1252) or with a byte-order mark, a workbook whose sheets
were renamed, a return with a title block and figures in £000, and one with every mistake at
once. The large ones (100,000 rows, over the size limit, a zip bomb) are made by the tests."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
SPEND_HEADER = ["Financial year", "Organisation code", "COFOG group", "Service line or theme",
                "Amount (£)", "Basis", "Source", "Funded by (code)", "Handed to (code)",
                "Ward driver", "Note"]


def _save(book: Workbook, name: str) -> None:
    book.save(HERE / name)


def empty() -> None:
    _save(Workbook(), "empty.xlsx")


def renamed_sheets() -> None:
    book = Workbook()
    book.active.title = "Sheet1"
    book.active.append(SPEND_HEADER)
    book.active.append(["2009-10", "HMBC", "09.1", "Schools", 1000, "actual", "Accounts"])
    _save(book, "renamed_sheets.xlsx")


def messy_but_fine() -> None:
    """Title rows, £000 in the header, odd spacing and case, every amount style, a total."""
    book = Workbook()
    ws = book.active
    ws.title = " spend LINES "
    ws.append(["Harrowdale PCT return to the Total Place team"])
    ws.append(["Prepared by the finance team, March 2010"])
    ws.append([])
    ws.append(["financial  YEAR", "Organisation Code", "cofog", "Theme", "Amount (£000)",
               "basis", "SOURCE", "", "", "", "note"])
    ws.append(["2009/10", " HPCT ", "7.3", "Acute", "£1,234", "Actual", "PCT accounts"])
    ws.append(["2009-2010", "HPCT", "Outpatient services", "Community", "1.2m", "estimate",
               "PCT estimate"])
    ws.append(["09-10", "HPCT", "07.4", "Public health", "(50)", "proxy", "Regional share"])
    ws.append(["2009-10", "HPCT", "07.6", "Other", 12.5, "actual", "PCT accounts"])
    ws.append(["Total", "", "", "", 1201196.5])
    _save(book, "messy_but_fine.xlsx")


def every_error() -> None:
    book = Workbook()
    ws = book.active
    ws.title = "Spend lines"
    ws.append(SPEND_HEADER)
    rows = [
        ["2009-10", "HMBC", "09.1", "Schools", 1000, "actual", "Accounts"],           # 2 fine
        ["2009-10", "HMBC", "09.1", "Schools", 1000, "actual", "Accounts"],           # 3 dup
        ["2009-10", "HMBC", "9.9", "Schools", 1000, "actual", "Accounts"],            # 4 cofog
        ["2009-10", "HMBC", "07", "Health", 1000, "actual", "Accounts"],              # 5 div
        ["2009-11", "HMBC", "04.5", "Roads", 1000, "actual", "Accounts"],             # 6 year
        ["2009-10", "HMBC", "04.5", "Roads", "about 5k", "actual", "Accounts"],       # 7 money
        ["2009-10", "HMBC", "06.1", "Housing", 1000, "guess", "Accounts"],            # 8 basis
        ["2009-10", "XXX", "06.2", "Housing", 1000, "actual", "Accounts"],            # 9 org
        ["2009-10", "HMBC", "08.1", "Leisure", 1000, "actual", ""],                   # 10 source
        ["2009-10", "HMBC", "08.2", "Culture", 2000, "actual", ""],                   # 11 source
        ["2009-10", "HMBC", "10.4", "Children", 500, "actual", "Accounts", "", "NOPE"],  # 12
    ]
    for row in rows:
        ws.append(row)
    _save(book, "every_error.xlsx")


def csv_files() -> None:
    header = ",".join(SPEND_HEADER[:7])
    body = "2009-10,HMBC,08.2,Café and library,\"£1,234\",actual,Accounts\n"
    (HERE / "cp1252.csv").write_bytes((header + "\n" + body).encode("cp1252"))
    (HERE / "bom.csv").write_bytes((header + "\n" + body).encode("utf-8-sig"))
    (HERE / "wrong_type.pdf").write_bytes(b"%PDF-1.4\n% not a spreadsheet\n")


if __name__ == "__main__":
    empty()
    renamed_sheets()
    messy_but_fine()
    every_error()
    csv_files()

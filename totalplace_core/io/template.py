"""The blank template and the whole-place export: one workbook layout, so an export can be
filled in, changed and imported again."""

from __future__ import annotations

import io
from decimal import Decimal

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from totalplace_core.classifications import COFOG_GROUPS
from totalplace_core.io import cipfa
from totalplace_core.io.safe_export import as_typed
from totalplace_core.io.spec import SHEETS, Column, Sheet
from totalplace_core.money import gbp_from_pence

HEADER_FILL = PatternFill("solid", fgColor="0B5CAD")
INSTRUCTIONS = (
    "Total Place Studio spend template",
    "",
    "Fill one sheet per kind of data; leave out the sheets you have nothing for.",
    "Keep the header row. Hover over a header to see what the column wants.",
    "Amounts are in pounds. If you give them in £000, write (£000) in the header.",
    "COFOG groups: pick from the list (sheet COFOG) or type the code, e.g. 07.3.",
    "Basis: actual (from accounts), estimate (your own estimate for the place), or proxy "
    "(a wider figure shared out by population).",
    "A line of money you hand to another body that spends it: put that body's code in "
    "'Handed to (code)' so the count does not count it twice.",
    "Assets: place each building by Latitude and Longitude (WGS84), or leave those empty and "
    "give Easting and Northing (British National Grid), which are converted on import. "
    "Postcodes are not converted (the app would need the ONS postcode directory, which it does "
    "not ship), so a Postcode column is not read.",
    "An asset outside the place's boundary, or outside its ward, is listed by row when you "
    "upload; it is still imported, since a building just over the border can be right.",
    "Family journeys: one Case studies row per family (an alias, never a name), its people "
    "on Case members, each contact with a service on Touchpoints. A case code on Touchpoints "
    "that is on no Case studies row and not yet loaded makes a case study titled by its code "
    "(consent not checked); you are told by row.",
    "A file's Touchpoints for a case and scenario replace the stops loaded for that case and "
    "scenario, and its Case members of a family replace that family's members: send a "
    "family's whole journey each time. Other cases are left as they are.",
    "A stop costs its unit cost (Unit costs sheet) times its quantity, plus staff hours at the "
    "case's hourly rate and distance at its mileage rate; a Cost override (£) needs its "
    "reason in 'Why overridden'.",
    "Your own return as it is: a title above the table, a header over two rows (a band such "
    "as 'Expenditure £000' above the column names) and the words finance teams use ('Body', "
    "'Service', 'Net expenditure', 'Value') are all read.",
    "Bodies by name: 'Harrowdale MBC', 'NHS Harrowdale' or the Organisations sheet's code all "
    "work, in the body, 'Funded by' and 'Handed to' columns; case, spacing, '&' and the usual "
    "abbreviations (MBC, CC, PCT, FT) do not matter. A name that fits no body, or two, is "
    "refused at its cell with the nearest names.",
    "CIPFA service lines instead of COFOG: write the line (Adult Social Care, Children's and "
    "Education Services, Highways and Transport Services ...) in the COFOG column, or keep "
    "them in a Service column and leave COFOG out. Each is converted by the 'CIPFA to COFOG' "
    "sheet; a line that spans several COFOG groups is split by its shares there, to the "
    "penny, and kept as the line's service. Edit the shares to your own; a line spanning "
    "groups with no shares is refused.",
    "Totals and sub-totals: a row labelled 'Total', 'Sub-total' or 'Grand total' with no year "
    "and no body of its own is not imported; it is checked against the lines it covers (a "
    "sub-total the lines since the last sub-total, a total all lines since the last total) "
    "and the file is refused at that row if it does not add up. A line whose note merely "
    "starts with 'Total' is a line.",
    "Notes under the table ('Source: ...', 'Note: ...') are skipped and listed; a 'Source:' "
    "note is used as the source of lines that have none.",
    "Amounts as written: £1,234, 1.2m, £1.2 million, (500), -500, −500 or 1,234- for a "
    "negative. Dates day first, as in the UK: 06/04/2009, 06-04-2009, 6 April 2009, "
    "April 6, 2009 or 2009-04-06. CSV files in UTF-8, Windows-1252 or UTF-16 (Excel's "
    "'Unicode Text') are read.",
    "Upload the file on the Data page; every problem is listed with its sheet, row and column, "
    "and nothing is saved until the whole file passes. The preview says how many rows were "
    "read and that each was imported, skipped (with why) or refused, and shows every body "
    "matched by name and every CIPFA line converted or split before anything is saved.",
)


def _lists_sheet(book: Workbook) -> dict[str, str]:
    """Hidden sheet of drop-down values; returns column name -> range formula."""
    lists = book.create_sheet("Lists")
    ranges: dict[str, str] = {}
    choice_columns = {c.name: c.choices for s in SHEETS for c in s.columns if c.choices}
    for index, (name, choices) in enumerate(sorted(choice_columns.items()), start=1):
        letter = get_column_letter(index)
        lists.cell(1, index, name)
        for row, choice in enumerate(choices, start=2):
            lists.cell(row, index, choice)
        ranges[name] = f"Lists!${letter}$2:${letter}${len(choices) + 1}"
    lists.sheet_state = "hidden"
    return ranges


def _cofog_sheet(book: Workbook) -> str:
    sheet = book.create_sheet("COFOG")
    sheet.append(["Code", "Group"])
    for code, name in COFOG_GROUPS.items():
        sheet.append([code, name])
    sheet.column_dimensions["B"].width = 70
    return f"COFOG!$A$2:$A${len(COFOG_GROUPS) + 1}"


def _header(sheet: Sheet, ws: object, ranges: dict[str, str], cofog: str) -> None:
    ws.append([c.header for c in sheet.columns])
    for index, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(1, index)
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), HEADER_FILL
        required = "Required. " if column.required else "Optional. "
        cell.comment = Comment(required + column.description, "Total Place Studio")
        ws.column_dimensions[get_column_letter(index)].width = max(14, len(column.header) + 4)
        formula = cofog if column.kind == "cofog" else ranges.get(column.name)
        if formula:
            check = DataValidation(type="list", formula1=f"={formula}", allow_blank=True,
                                   showErrorMessage=column.kind != "cofog")
            check.add(f"{get_column_letter(index)}2:{get_column_letter(index)}100000")
            ws.add_data_validation(check)
    ws.freeze_panes = "A2"


def _value(column: Column, value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if column.kind == "money":
        return float(gbp_from_pence(int(value))) if gbp_from_pence(int(value)) % 1 else \
            int(gbp_from_pence(int(value)))
    if isinstance(value, Decimal):
        return float(value)
    return value.item() if hasattr(value, "item") else value


def _write_rows(ws: object, sheet: Sheet, rows: pd.DataFrame) -> None:
    for record in rows.to_dict("records"):
        ws.append([_value(c, record.get(c.name)) for c in sheet.columns])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            as_typed(cell)  # user text that looks like a formula stays text, as typed




def _cipfa_sheet(book: Workbook) -> None:
    """The CIPFA service line -> COFOG table the importer uses, to be edited in the file."""
    ws = book.create_sheet(cipfa.SHEET)
    ws.append(list(cipfa.HEADERS))
    for index in range(1, len(cipfa.HEADERS) + 1):
        cell = ws.cell(1, index)
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), HEADER_FILL
    for row in cipfa.table_rows(cipfa.shipped_table()):
        ws.append(list(row))
    ws.append([])
    ws.append([f"Source: {cipfa.SOURCE}."])
    for letter, width in zip("ABCD", (40, 14, 10, 90), strict=True):
        ws.column_dimensions[letter].width = width


def workbook(data: dict[str, pd.DataFrame] | None = None) -> bytes:
    """The template; with `data` (sheet name -> rows with template column names) filled in."""
    book = Workbook()
    intro = book.active
    intro.title = "Instructions"
    for line in INSTRUCTIONS:
        intro.append([line])
    intro["A1"].font = Font(bold=True, size=14)
    intro.column_dimensions["A"].width = 110
    ranges, cofog = _lists_sheet(book), _cofog_sheet(book)
    for sheet in SHEETS:
        ws = book.create_sheet(sheet.name)
        _header(sheet, ws, ranges, cofog)
        if data and sheet.name in data:
            _write_rows(ws, sheet, data[sheet.name])
    book.move_sheet("COFOG", offset=len(book.sheetnames))
    _cipfa_sheet(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

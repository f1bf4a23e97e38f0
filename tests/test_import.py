"""The spend template in and out, against a real DuckDB file and real workbooks.

Each file in tests/bad_files/ (made by make_files.py there) must give exactly the message a
finance officer sees; the large ones are made here."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from totalplace_core.count import service as count_service
from totalplace_core.io import importer, report
from totalplace_core.io.export_place import place_xlsx
from totalplace_core.io.read import MAX_UPLOAD_BYTES, FileRefused
from totalplace_core.io.spec import SHEETS
from totalplace_core.io.template import workbook
from totalplace_core.store import Store, StoreError

BAD = Path(__file__).parent / "bad_files"
PLACE = "Harrowdale"


@pytest.fixture
def store(demo_place: Path | str) -> Store:
    with Store(demo_place) as s:
        yield s


def check(store: Store, name: str, data: bytes | None = None) -> importer.Preview:
    data = (BAD / name).read_bytes() if data is None else data
    return importer.check_file(store, name, data, PLACE)


REFUSED = {
    "wrong_type.pdf": "wrong_type.pdf is not a spreadsheet this app reads: upload the .xlsx "
                      "template or a .csv file.",
    "empty.xlsx": "empty.xlsx has no data in it: every sheet is empty.",
}


@pytest.mark.parametrize(("name", "message"), REFUSED.items())
def test_files_that_cannot_be_read_are_refused_with_a_reason(store: Store, name: str,
                                                             message: str) -> None:
    with pytest.raises(FileRefused) as refused:
        check(store, name)
    assert str(refused.value) == message


def test_every_error_at_once_is_located_and_grouped(store: Store) -> None:
    parsed = check(store, "every_error.xlsx").parsed
    text = report.as_text(parsed)
    assert report.headline(parsed) == ("Failed: 10 problems in 10 rows of every_error.xlsx. "
                                       "Nothing was imported.")
    assert report.counts(parsed.problems) == {"Missing": 2, "Wrong format": 2,
                                              "Unknown code": 5, "Inconsistent": 0,
                                              "Duplicate": 1}
    for line in (
        "Spend lines, column G (Source), rows 10-11: is empty.",
        "Spend lines, column A (Financial year), row 6: '2009-11' is not a financial year.",
        "Spend lines, column E (Amount (£)), row 7: 'about 5k' is not an amount in pounds.",
        "Spend lines, column C (COFOG group), row 5: '07' is a COFOG division, not a group.",
        "Spend lines, column F (Basis), row 8: 'guess' is not one of the allowed values. "
        "Choose from: actual, estimate, proxy.",
        "Spend lines, column B (Organisation code), row 9: 'XXX' is not a body's code or "
        "name on the Organisations sheet or already loaded.",
        "Spend lines, row 3: repeats row 2",
    ):
        assert line in text


def test_a_failed_file_changes_nothing(store: Store) -> None:
    before = count_service.place_count(store, PLACE, "2009-10").net_pence
    preview = check(store, "every_error.xlsx")
    with pytest.raises(ValueError, match="passed its checks"):
        importer.commit(store, preview, "every_error.xlsx", b"")
    assert count_service.place_count(store, PLACE, "2009-10").net_pence == before


def test_renamed_sheets_are_named_with_the_fix(store: Store) -> None:
    text = report.as_text(check(store, "renamed_sheets.xlsx").parsed)
    assert "Sheet1, row 1: is not a sheet of the template. Name each sheet as the " \
           "template does: Place, Organisations, Spend lines" in text


def test_messy_but_clear_figures_are_understood(store: Store) -> None:
    preview = check(store, "messy_but_fine.xlsx")
    assert preview.ok, report.as_text(preview.parsed)
    lines = preview.incoming.frames["spend_line"].set_index("cofog_code")
    # £000 header: £1,234 -> £1,234,000; 1.2m -> £1.2bn; (50) -> -£50,000; 12.5 -> £12,500
    assert lines.loc["07.3", "amount_pence"] == 1_234_000_00
    assert lines.loc["07.2", "amount_pence"] == 1_200_000_000_00
    assert lines.loc["07.4", "amount_pence"] == -50_000_00
    assert lines.loc["07.6", "amount_pence"] == 12_500_00
    assert set(lines["year"]) == {"2009-10"} and set(lines["org_code"]) == {"HPCT"}
    assert lines.loc["07.3", "amount_text"] == "£1,234"
    [total] = preview.parsed.skipped
    assert (total.sheet, total.row, total.kind, total.label) == ("Spend lines", 9, "total", "Total")


@pytest.mark.parametrize("name", ["cp1252.csv", "bom.csv"])
def test_csv_encodings(store: Store, name: str) -> None:
    preview = check(store, name)
    assert preview.ok, report.as_text(preview.parsed)
    line = preview.incoming.frames["spend_line"].iloc[0]
    assert line["theme"] == "Café and library" and line["amount_pence"] == 1_234_00
    warned = any("Windows-1252" in n for n in preview.parsed.notices)
    assert warned == (name == "cp1252.csv")


def test_import_preview_commit_and_undo(store: Store) -> None:
    before = count_service.place_count(store, PLACE, "2009-10")
    preview = check(store, "messy_but_fine.xlsx")
    changes = preview.changes.set_index("sheet").loc["Spend lines"]
    assert (changes["added"], changes["removed"]) == (4, 19)  # HPCT's 2009-10 return replaced
    batch = importer.commit(store, preview, "messy_but_fine.xlsx", b"x")
    after = count_service.place_count(store, PLACE, "2009-10")
    assert after.net_pence == preview.after.net_pence != before.net_pence
    lines = store.spend_lines(store.place(PLACE)["place_id"], "2009-10")
    assert len(lines[lines["org_code"] == "HPCT"]) == 4
    assert store.undo_import(batch) == "messy_but_fine.xlsx"
    assert count_service.place_count(store, PLACE, "2009-10").net_pence == before.net_pence
    with pytest.raises(StoreError, match="not known"):
        store.undo_import("no-such-batch")


def test_export_then_import_gives_identical_data(store: Store, tmp_path: Path) -> None:
    data = place_xlsx(store, PLACE)
    with Store(tmp_path / "fresh.duckdb") as fresh:
        preview = importer.check_file(fresh, "harrowdale.xlsx", data)
        assert preview.ok and preview.is_new_place, report.as_text(preview.parsed)
        importer.commit(fresh, preview, "harrowdale.xlsx", data)
        old, new = store.place(PLACE)["place_id"], fresh.place(PLACE)["place_id"]
        for sheet in SHEETS[1:]:
            # Ids and batches are new; amount_text keeps what this file said (a plain number).
            columns = [c for c in store.table(sheet.table, old).columns
                       if not c.endswith("_id") and c not in ("batch_id", "amount_text")]
            a = store.table(sheet.table, old)[columns].sort_values(columns)
            b = fresh.table(sheet.table, new)[columns].sort_values(columns)
            assert a.reset_index(drop=True).equals(b.reset_index(drop=True)), sheet.name
        assert count_service.place_count(fresh, PLACE, "2009-10") .net_pence == \
            count_service.place_count(store, PLACE, "2009-10").net_pence
    again = importer.check_file(store, "harrowdale.xlsx", data)
    assert set(again.changes["added"]) == {0} and set(again.changes["changed"]) == {0}


def test_template_has_every_sheet_with_help_and_drop_downs() -> None:
    book = openpyxl.load_workbook(io.BytesIO(workbook()))
    assert book.sheetnames[:2] == ["Instructions", "Lists"] or "Instructions" in book.sheetnames
    spend = book["Spend lines"]
    headers = [c.value for c in spend[1]]
    assert headers[:5] == ["Financial year", "Organisation code", "COFOG group",
                           "Service line or theme", "Amount (£)"]
    assert "Required." in spend["A1"].comment.text
    lists = {v.formula1 for v in spend.data_validations.dataValidation}
    assert any("COFOG" in f for f in lists) and len(lists) >= 3
    assert {s.name for s in SHEETS} <= set(book.sheetnames)


def test_formula_text_is_exported_as_text(store: Store) -> None:
    place_id = store.place(PLACE)["place_id"]
    with store.transaction() as cur:  # a source a user might type
        cur.execute("UPDATE spend_line SET source = '=HYPERLINK(\"http://x\")' "
                    "WHERE line_id = (SELECT min(line_id) FROM spend_line WHERE place_id = ?)",
                    [place_id])
    book = openpyxl.load_workbook(io.BytesIO(place_xlsx(store, PLACE)))
    cells = [c for row in book["Spend lines"].iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("=")]
    assert len(cells) == 1 and cells[0].data_type == "s"


def test_over_the_size_limit_is_refused(store: Store) -> None:
    data = b"0" * (MAX_UPLOAD_BYTES + 1)
    with pytest.raises(FileRefused, match=r"big\.csv is 20\.0 MB; the limit is 20\.0 MB"):
        check(store, "big.csv", data)


def test_zip_bomb_is_refused_before_it_is_read(store: Store) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        with bomb.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b" " * (1024 * 1024)
            for _ in range(300):
                sheet.write(chunk)
    with pytest.raises(FileRefused, match=r"bomb\.xlsx would expand to 300\.0 MB"):
        check(store, "bomb.xlsx", buffer.getvalue())


# A large sheet imports whole, its total to the penny: 20,000 lines by default, 100,000 under
# pytest -m long (writing and reading that many rows is most of a minute's work).
@pytest.mark.parametrize("lines", [20_000, pytest.param(100_000, marks=pytest.mark.long)])
def test_a_sheet_of_many_rows_is_counted_to_the_penny(store: Store, lines: int) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Spend lines")
    sheet.append(["Financial year", "Organisation code", "COFOG group", "Amount (£)", "Basis",
                  "Source", "Note"])
    for i in range(lines):
        sheet.append(["2010-11", "HMBC", "09.1", i + 1, "actual", "Accounts", f"line {i}"])
    out = io.BytesIO()
    book.save(out)
    preview = check(store, "big.xlsx", out.getvalue())
    assert preview.ok, report.as_text(preview.parsed)
    assert preview.after.net_pence == sum(range(1, lines + 1)) * 100


def test_wards_without_boundaries_keep_the_drawn_ones(store: Store) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Wards"
    sheet.append(["Ward code", "Ward name", "Residents 0-17", "Residents 18-64", "Residents 65+"])
    sheet.append(["HD01", "Ashby Moor", 3000, 9000, 2000])
    out = io.BytesIO()
    book.save(out)
    preview = check(store, "wards.xlsx", out.getvalue())
    assert preview.ok, report.as_text(preview.parsed)
    importer.commit(store, preview, "wards.xlsx", out.getvalue())
    ward = store.table("ward", store.place(PLACE)["place_id"]).set_index("ward_code").loc["HD01"]
    assert ward["pop_0_17"] == 3000 and ward["geometry_geojson"].startswith('{"type": "Polygon"')


def test_every_template_column_is_a_store_column(demo_copy: Path) -> None:
    from totalplace_core.io.load import RENAMES

    with Store(demo_copy) as s:
        for sheet in SHEETS:
            stored = set(s.df(f"SELECT * FROM {sheet.table} LIMIT 0").columns)
            wanted = {RENAMES.get(c.name, c.name) for c in sheet.columns}
            assert wanted <= stored, (sheet.name, wanted - stored)


def test_a_nul_character_is_refused_at_its_cell_before_either_store_is_asked(
        store: Store) -> None:
    """PostgreSQL's text cannot hold NUL (code 0), which a broken export can leave in a CSV:
    refused at its row and column on both backends, alike, and nothing is imported."""
    data = ("Financial year,Organisation code,COFOG group,Service line or theme,Amount (£),"
            "Basis,Source\n2009-10,HMBC,08.2,Caf\x00e,1234,actual,Accounts\n").encode()
    before = store.row_counts(store.place(PLACE)["place_id"])["spend_line"]
    preview = check(store, "nul.csv", data)
    assert not preview.ok
    [problem] = preview.parsed.problems
    assert (problem.row, problem.header) == (2, "Service line or theme")
    assert "NUL character" in problem.message and problem.value == "Cafe"
    assert store.row_counts(store.place(PLACE)["place_id"])["spend_line"] == before

"""Exports as typed: text a spreadsheet would run (=, +, - or @ first) is written to an xlsx
as a string cell with Excel's quote prefix, so it reads exactly as typed (no apostrophe to
see) and is never a formula; a CSV, which has no types, keeps the apostrophe the importer
takes off again. The workshop write-up and the template's export write cells the same way."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from totalplace_core import workshop as ws
from totalplace_core.io import importer
from totalplace_core.io.export_place import place_xlsx
from totalplace_core.io.safe_export import csv_bytes
from totalplace_core.store import Store
from totalplace_core.workshop import write_up_files as wx

TYPED = ["- more youth workers", "+44 7700 900123", "=HYPERLINK(\"http://x\",\"click\")",
         "@Eve", "-5 on last year"]


@pytest.fixture
def store(demo_place: Path | str) -> Store:
    with Store(demo_place) as s:
        yield s


def _cells(book: openpyxl.Workbook, sheet: str) -> dict[str, openpyxl.cell.Cell]:
    return {c.value: c for row in book[sheet].iter_rows() for c in row
            if isinstance(c.value, str)}


def test_the_write_up_shows_what_people_typed_as_text(store: Store) -> None:
    sid = ws.create_session(store, "Harrowdale", "Youth offer", "force_field")["session_id"]
    for text in TYPED:
        ws.add_force(store, sid, "driving", text, 3, "+Anna")
    ws.add_action(store, sid, "- agree a protocol", "=Mark")
    book = openpyxl.load_workbook(io.BytesIO(wx.xlsx_bytes(ws.write_up(store, sid))))
    for sheet, wanted in (("Entries", [*TYPED, "+Anna"]), ("Board", TYPED),
                          ("Actions", ["- agree a protocol", "=Mark"])):
        cells = _cells(book, sheet)
        for text in wanted:
            assert text in cells, (sheet, text)  # as typed: no apostrophe before it
            assert cells[text].data_type == "s" and cells[text].quotePrefix, (sheet, text)
    assert all(c.data_type != "f" for s in book for row in s.iter_rows() for c in row)
    assert not any(v.startswith("'") for s in book.sheetnames for v in _cells(book, s))


def test_the_place_export_writes_such_text_the_same_way_and_reads_back(store: Store) -> None:
    place_id = store.place("Harrowdale")["place_id"]
    with store.transaction() as cur:
        cur.execute("UPDATE spend_line SET note = ? WHERE line_id = (SELECT min(line_id) "
                    "FROM spend_line WHERE place_id = ?)", ["- more youth workers", place_id])
    data = place_xlsx(store, "Harrowdale")
    cell = _cells(openpyxl.load_workbook(io.BytesIO(data)), "Spend lines")[
        "- more youth workers"]
    assert cell.data_type == "s" and cell.quotePrefix
    preview = importer.check_file(store, "again.xlsx", data, "Harrowdale")
    assert "- more youth workers" in set(preview.parsed.frames["Spend lines"]["note"])


def test_a_csv_keeps_its_apostrophe_and_numbers_pass() -> None:
    out = csv_bytes(pd.DataFrame({"note": ["- more youth workers", "-5", "plain"]}))
    assert out.decode("utf-8-sig").splitlines()[1:] == ["'- more youth workers", "-5", "plain"]

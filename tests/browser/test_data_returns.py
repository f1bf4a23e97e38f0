"""A finance officer's own return on the Data page, in Chromium: a two-row merged header,
bodies by name, CIPFA lines (one split three ways), sub-totals that add up and a footnote.
The preview accounts for every row and shows each match and split before anything is saved,
at the desk, on a phone and projected."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from tests.browser.conftest import DESK, PHONE

pytestmark = pytest.mark.browser


def officers_return(folder: Path) -> Path:
    book = Workbook()
    ws = book.active
    ws.title = "Spend lines"
    ws.append(["Harrowdale PCT: return to the Total Place team, 2009-10"])
    ws.append([])
    ws.append(["Body", "Service", "Expenditure £000", None, None, None, "Handed to", "Notes"])
    ws.append([None, None, "Financial year", "Basis", "Net expenditure", "Source"])
    for span in ("A3:A4", "B3:B4", "C3:F3", "G3:G4", "H3:H4"):
        ws.merge_cells(span)
    ws.append(["Harrowdale PCT", "Public Health", "2009-10", "actual", "1,234", None, None,
               "Total Place deep-dive theme: health inequalities"])
    ws.append(["Harrowdale  Primary Care Trust ", "Children's and Education Services",
               "2009-10", "estimate", "1000"])
    ws.append(["Sub-total: NHS bodies", None, None, None, 2234])
    ws.append(["HMBC", "Adult Social Care", "2009-10", "actual", "−500", None,
               "Harrowdale Hospitals NHS FT"])
    ws.append(["Sub-total: council", None, None, None, -500])
    ws.append(["Grand total", None, None, None, 1734])
    ws.append(["Source: Harrowdale PCT Corporate Finance, March 2010"])
    path = folder / "harrowdale-pct-return.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("view", ["desk", "phone", "present"])
def test_an_officers_return_is_accounted_for_before_it_is_saved(visit, tmp_path: Path,
                                                                view: str) -> None:
    path = officers_return(tmp_path)
    v = visit("/data?present=1" if view == "present" else "/data",
              PHONE if view == "phone" else DESK)
    v.page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
    expect(v.page.get_by_text("Passed: 3 rows (6 lines) in harrowdale-pct-return.xlsx ready to "
                             "import.")
           ).to_be_visible(timeout=30_000)
    v.wait()
    accounts, skipped, read_differently = (v.page.get_by_role("region", name=name) for name in (
        "Every row accounted for", "Rows skipped", "Read differently"))
    first = [c.strip() for c in accounts.locator("tbody tr").first.locator("td")
             .all_inner_texts()]
    # 7 rows read = 3 ready + 4 skipped + 0 refused; 6 lines, £1,734,000
    assert first == ["Spend lines", "7", "3", "4", "0", "6", "£1,734,000"]
    expect(skipped).to_contain_text("Sub-total: NHS bodies")
    expect(skipped).to_contain_text("Source: Harrowdale PCT Corporate Finance")
    expect(read_differently).to_contain_text("09.2 Secondary education (35%: £350,000)")
    expect(read_differently).to_contain_text("HHFT (Harrowdale Hospitals NHS Foundation Trust)")
    assert v.problems() == [] and v.offsite() == []
    read_differently.scroll_into_view_if_needed()
    v.shot(f"data-return-{view}")

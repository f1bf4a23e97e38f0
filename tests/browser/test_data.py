"""The Data page in Chromium: a file with errors shows them located; a good one previews,
imports and undoes."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
BAD = Path(__file__).parents[1] / "bad_files"


def test_upload_with_errors_shows_where_they_are(visit) -> None:
    v = visit("/data")
    v.page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        str(BAD / "every_error.xlsx"))
    expect(v.page.get_by_text("Failed: 10 problems in 10 rows of every_error.xlsx. "
                              "Nothing was imported.")).to_be_visible(timeout=20_000)
    v.wait()
    table = v.page.locator("table.tp-table").first
    expect(table).to_contain_text("Spend lines, column A (Financial year), row 6")
    expect(table).to_contain_text("about 5k")
    expect(table).to_contain_text("Choose from: actual, estimate, proxy.")
    accounts = v.page.locator("table.tp-table").nth(1)  # 11 read = 1 ready + 10 refused
    assert [c.strip() for c in accounts.locator("tbody tr").first.locator("td").all_inner_texts()
            ][:5] == ["Spend lines", "11", "1", "0", "10"]
    assert v.problems() == [] and v.offsite() == []
    v.shot("data-errors-desk")


def test_good_file_previews_imports_and_undoes(visit) -> None:
    v = visit("/data")
    v.page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        str(BAD / "messy_but_fine.xlsx"))
    expect(v.page.get_by_text("Passed: 4 rows in messy_but_fine.xlsx ready to import.")
           ).to_be_visible(timeout=20_000)
    v.wait()
    accounts = v.page.locator("table.tp-table").first
    expect(accounts).to_contain_text("Spend lines")  # 5 read = 4 ready + 1 skipped + 0 refused
    assert [c.strip() for c in accounts.locator("tbody tr").first.locator("td").all_inner_texts()
            ][:5] == ["Spend lines", "5", "4", "1", "0"]
    expect(v.page.locator("table.tp-table").nth(1)).to_contain_text("total")
    v.shot("data-preview-desk")
    v.page.get_by_role("button", name="Import it").click()
    # Into a place that has figures: a dialog names what will change, and only its button acts.
    dialog = v.page.get_by_role("dialog")
    expect(dialog).to_contain_text("messy_but_fine.xlsx", timeout=20_000)
    v.shot("data-confirm-replace")
    dialog.get_by_role("button", name="Import and replace").click()
    expect(v.page.get_by_text("Imported 4 rows from messy_but_fine.xlsx")).to_be_visible(
        timeout=20_000)
    undo = v.page.get_by_role("button", name="Undo the latest import (messy_but_fine.xlsx)")
    expect(undo).to_be_visible()
    undo.click()
    v.page.get_by_role("dialog").get_by_role("button", name="Undo it").click(timeout=20_000)
    expect(v.page.get_by_text("Undone: messy_but_fine.xlsx")).to_be_visible(timeout=20_000)
    # On a phone the Data page is opened and shot by tests/browser/test_pages.py.
    visit("/data?present=1").shot("data-present")

"""Answers are cached by data version (store/versions.py): an import, an undo and a wall edit
each change what the very next rerun of an open page shows, never a stale figure."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_runner import open_app
from totalplace_core.count import service as count_service
from totalplace_core.io import importer
from totalplace_core.money import format_gbp
from totalplace_core.store import Store
from totalplace_core.wall import service as wall_service

PLACE, YEAR = "Harrowdale", "2009-10"
BAD_FILES = Path(__file__).parent / "bad_files"


@pytest.fixture
def db(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TOTALPLACE_DB", str(demo_copy))
    return demo_copy


def headline(at: AppTest) -> str:
    at.run()
    return next(m.value for m in at.metric if m.label == "Total public spend")


def test_an_import_and_its_undo_change_the_next_rerun(db: Path) -> None:
    at = open_app("pages/high_level_count.py")
    with Store(db) as store:
        before = count_service.place_count(store, PLACE, YEAR).net_pence
    assert headline(at) == format_gbp(before)
    data = (BAD_FILES / "messy_but_fine.xlsx").read_bytes()
    with Store(db) as store:  # another connection to the same file, as the CLI would be
        preview = importer.check_file(store, "messy_but_fine.xlsx", data, PLACE)
        batch = importer.commit(store, preview, "messy_but_fine.xlsx", data)
        after = preview.after.net_pence
    assert after != before
    assert headline(at) == format_gbp(after)
    with Store(db) as store:
        store.undo_import(batch)
    assert headline(at) == format_gbp(before)


def test_a_wall_edit_changes_the_next_rerun(db: Path) -> None:
    at = open_app("pages/mapping_wall.py")
    reach = next(m.value for m in at.metric if m.label == "Reaching services and people")
    with Store(db) as store:
        editor = wall_service.wall_editor(store, PLACE, YEAR)
        edited = editor.flows.copy()
        edited.loc[edited["Kind"] == "benefit", "Amount (£)"] = "1"  # benefits reach people
        wall_service.save_flows(store, PLACE, YEAR, edited, editor.flows_token, "test")
        expected = wall_service.wall_view(store, PLACE, YEAR).summary.delivered_pence
    at.run()
    now = next(m.value for m in at.metric if m.label == "Reaching services and people")
    assert now == format_gbp(expected) != reach

"""What the Data page cannot take back is asked first: undoing an import and an import that
replaces a place's figures open a dialog naming what will change; only its button changes
anything, and Cancel changes nothing. AppTest draws st.dialog's contents and reruns the
whole script on a click in it, which the confirm desk (pages/data_sections) is built for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_runner import open_app
from totalplace_core.io import importer
from totalplace_core.io.questions import replace_question, undo_question
from totalplace_core.store import Store

BAD = Path(__file__).parent / "bad_files"
PAGE = "pages/data_in_and_out.py"
FILE = "messy_but_fine.xlsx"


def _preview(store: Store) -> importer.Preview:
    preview = importer.check_file(store, FILE, (BAD / FILE).read_bytes(), "Harrowdale")
    assert preview.ok
    return preview


@pytest.fixture
def imported(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo place with one import, messy_but_fine.xlsx, to undo."""
    monkeypatch.setenv("TOTALPLACE_DB", str(demo_copy))
    with Store(demo_copy) as store:
        importer.commit(store, _preview(store), FILE, (BAD / FILE).read_bytes(), who="Ann")
    return demo_copy


def _live(db: Path) -> int:
    with Store(db) as store:
        batches = store.import_batches(store.place("Harrowdale")["place_id"])
    return int(((batches["kind"] == "import") & batches["undone_at"].isna()).sum())


def _read(markdown: str) -> str:
    """Text as a reader sees it: the page escapes what it quotes (ui.plain)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _labels(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


def test_undo_asks_first_and_only_its_button_undoes(imported: Path) -> None:
    at = open_app(PAGE)
    assert "Undo it" not in _labels(at)
    at.button(key="data-undo").click().run()
    assert not at.exception, at.exception
    asked = _read(" ".join(m.value for m in at.markdown))
    assert "Undo the import of 'messy_but_fine.xlsx' into Harrowdale (4 rows," in asked
    assert "by Ann)? Its rows leave every page" in asked
    assert {"Undo it", "Cancel"} <= set(_labels(at)) and _live(imported) == 1

    at.button(key="data-undo-no").click().run()  # Cancel: nothing changes, the dialog goes
    assert "Undo it" not in _labels(at) and _live(imported) == 1

    at.button(key="data-undo").click().run()
    at.button(key="data-undo-yes").click().run()
    assert not at.exception, at.exception
    assert _live(imported) == 0
    assert "Undone: messy_but_fine.xlsx" in [_read(s.value) for s in at.success]
    assert "Undo it" not in _labels(at)


def test_the_questions_name_the_file_its_rows_and_the_totals(demo_copy: Path) -> None:
    with Store(demo_copy) as store:
        preview = _preview(store)
        batch_id = importer.commit(store, preview, FILE, (BAD / FILE).read_bytes(), who="Ann")
        batch = store.import_batches(preview.place_id).iloc[0].to_dict()
    assert batch["batch_id"] == batch_id
    assert undo_question(batch, "Harrowdale").startswith(
        "Undo the import of 'messy_but_fine.xlsx' into Harrowdale (4 rows, ")
    asked = replace_question(preview, FILE)
    assert asked.startswith("Import 'messy_but_fine.xlsx' into Harrowdale, replacing the "
                            "figures it covers? 4 rows. Spend lines: 4 added, ")
    assert f"Total public spend {preview.after.year}: £" in asked and " now, £" in asked

"""Not a page: the Data page's "are you sure?" before what it cannot take back: undoing an
import, and an import that replaces a place's figures. A dialog (st.dialog) names what will
change (io/questions.py), and the change is made only from its button; Cancel, or closing
the dialog, changes nothing.

A button asks (`ask`, an on_click callback, so the question is in session state before the
script runs) and `pending_*` draws the dialog on every run until it is answered or
dismissed, so its buttons act whether Streamlit reruns the dialog alone (a browser) or the
whole script (AppTest), as the workshop's confirm desk does."""

from typing import Any

import streamlit as st

from totalplace_core import ui
from totalplace_core.io import importer
from totalplace_core.io.questions import replace_question, undo_question
from totalplace_core.store import Store, StoreError

KEY = "data_confirm"


def ask(kind: str, target: Any) -> None:
    st.session_state[KEY] = (kind, target)


def _drop() -> None:
    st.session_state.pop(KEY, None)


def _asked(kind: str) -> Any:
    asked = st.session_state.get(KEY)
    return asked[1] if asked and asked[0] == kind else None


def _answer(yes: str, key: str) -> bool | None:
    """True for yes, False for Cancel (the question is dropped either way), None for neither."""
    left, right = st.columns(2)
    if left.button(yes, type="primary", key=f"{key}-yes", width="stretch"):
        _drop()
        return True
    if right.button("Cancel", key=f"{key}-no", width="stretch"):
        _drop()
        st.rerun()
    return None


def import_now(store: Store, preview: importer.Preview, name: str, data: bytes) -> bool:
    """Commit; a refusal of the database is said plainly ('Nothing was imported: ...')."""
    try:
        importer.commit(store, preview, name, data, who="Data page")
    except StoreError as refused:
        st.error(ui.plain(str(refused)))
        return False
    st.session_state.pop("checked_key", None)  # look again against the new data
    return True


@st.dialog("Replace the place's figures?", width="large", on_dismiss=_drop)
def _replace(store: Store, preview: importer.Preview, name: str, data: bytes) -> None:
    st.markdown(ui.plain(replace_question(preview, name)))
    if _answer("Import and replace", "data-import") and import_now(store, preview, name, data):
        st.session_state.data_flash = (f"Imported {preview.parsed.rows():,} rows from {name}. "
                                       "Every page now shows them; you can undo this below.")
        st.rerun()


def pending_import(store: Store, preview: importer.Preview, checked: Any, name: str,
                   data: bytes) -> None:
    asked = _asked("import")
    if asked is not None and asked != checked:  # asked about a file no longer shown
        _drop()
    elif asked is not None:
        _replace(store, preview, name, data)


@st.dialog("Undo the import?", on_dismiss=_drop)
def _undo(store: Store, batch: dict[str, Any], place_name: str) -> None:
    st.markdown(ui.plain(undo_question(batch, place_name)))
    if _answer("Undo it", "data-undo"):
        try:
            st.session_state.data_flash = f"Undone: {store.undo_import(batch['batch_id'])}"
        except StoreError as refused:
            st.error(ui.plain(str(refused)))
            return
        st.session_state.pop("checked_key", None)
        st.rerun()


def pending_undo(store: Store, latest: dict[str, Any], place_name: str) -> None:
    asked = _asked("undo")
    if asked is not None and asked != latest["batch_id"]:  # no longer the latest
        _drop()
    elif asked is not None:
        _undo(store, latest, place_name)

"""What the Data page asks before a change it cannot take back: undoing an import, and an
import that replaces a place's figures. Each question names what will change and what stays.
Plain text (the page escapes it); no Streamlit here."""

from __future__ import annotations

from typing import Any

import pandas as pd

from totalplace_core.io.importer import Preview
from totalplace_core.money import format_change, format_gbp

SHOWN = 80  # characters of a file name quoted in a question


def _quote(text: object) -> str:
    words = " ".join(str(text).split())
    return f"'{words if len(words) <= SHOWN else words[:SHOWN - 1] + '…'}'"


def _rows(n: int) -> str:
    return f"{n:,} row{'s' * (n != 1)}"


def undo_question(batch: dict[str, Any], place_name: str) -> str:
    """"Undo the import of 'wards.xlsx' into Harrowdale (12 rows, 6 Mar 2026 14:02, by ...)?"
    """
    when = pd.Timestamp(batch["imported_at"])
    by = f", by {batch['imported_by']}" if batch.get("imported_by") else ""
    return (f"Undo the import of {_quote(batch['file_name'])} into {place_name} "
            f"({_rows(int(batch['row_count']))}, {when:%d %b %Y %H:%M} UTC{by})? Its rows "
            "leave every page, and the figures it replaced come back as they were. Importing "
            "the file again is the only way to bring its rows back.")


def _changes(changes: pd.DataFrame) -> str:
    said = []
    for row in changes.itertuples():
        parts = [f"{n:,} {what}" for what, n in (("added", row.added), ("changed", row.changed),
                                                  ("removed", row.removed)) if n]
        if parts:
            said.append(f"{row.sheet}: {', '.join(parts)}")
    return "; ".join(said) or "no row differs from what is loaded"


def replace_question(preview: Preview, file_name: str) -> str:
    """"Import 'q3.xlsx' into Harrowdale, replacing its figures? 1,234 rows. Spend lines:
    3 added, 10 changed; ... Total public spend 2009-10: £2.31bn now, £2.40bn after." """
    total = ""
    if preview.after is not None:
        now = preview.before.net_pence if preview.before else 0
        total = (f" Total public spend {preview.after.year}: {format_gbp(now)} now, "
                 f"{format_gbp(preview.after.net_pence)} after "
                 f"({format_change(preview.after.net_pence - now)}).")
    return (f"Import {_quote(file_name)} into {preview.place_name}, replacing the figures it "
            f"covers? {_rows(preview.parsed.rows())}. {_changes(preview.changes)}.{total} "
            "What it replaces is kept: the import can be undone below, newest first.")

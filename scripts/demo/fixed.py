"""Reading the fixed lists in fixed/ (what each file holds: fixed/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .csv_files import read_csv

FIXED = Path(__file__).with_name("fixed")


def table(name: str) -> list[dict[str, str]]:
    """The rows of fixed/NAME.csv, in file order (order matters: it fixes the random draws)."""
    return read_csv(FIXED / name)


def document(name: str) -> Any:
    """fixed/NAME.json; objects keep their key order, which some shares depend on."""
    return json.loads((FIXED / name).read_text(encoding="utf-8"))


def number(text: str) -> int | float:
    """ "106" -> 106, "5.4" -> 5.4: whole numbers stay int so an xlsx cell keeps its type."""
    return float(text) if "." in text else int(text)

"""What reading a file gives: the checked sheets as frames, the problems by cell, notices,
the rows skipped and why, and what was read differently from how it was written."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from totalplace_core.io import cipfa
from totalplace_core.io.row_kinds import Skipped


@dataclass(frozen=True)
class Problem:
    category: str
    sheet: str
    column: str
    row: int
    header: str
    value: str
    message: str
    advice: str = ""


@dataclass
class Parsed:
    file_name: str
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)  # by sheet name
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    # sheet -> column name -> (letter, header as written), for problems found later
    headers: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    read_rows: dict[str, list[int]] = field(default_factory=dict)  # rows below each header
    skipped: list[Skipped] = field(default_factory=list)  # totals and footnotes
    conversions: list[dict[str, object]] = field(default_factory=list)  # CIPFA, bodies
    cipfa_table: cipfa.Table = field(default_factory=cipfa.shipped_table)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.frames)

    def rows(self) -> int:
        return sum(len(f) for f in self.frames.values())

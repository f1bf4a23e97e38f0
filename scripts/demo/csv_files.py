"""Reading and writing the demo's CSV files in one fixed dialect (UTF-8, "\\n" line ends)."""

from __future__ import annotations

import csv
from pathlib import Path


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def true_false(value: bool) -> str:
    """Booleans as the demo's files spell them (README: "true/false")."""
    return "true" if value else "false"

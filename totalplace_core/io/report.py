"""The import report: a pass/fail headline, problems grouped by kind, each with where and why."""

from __future__ import annotations

import pandas as pd

from totalplace_core.io import accounting, parse
from totalplace_core.io.validate import Parsed, Problem

ORDER = (parse.MISSING, parse.FORMAT, parse.CODE, parse.INCONSISTENT, parse.DUPLICATE)


def _rows(rows: list[int]) -> str:
    """[5, 6, 7, 9] -> '5-7, 9'."""
    rows = sorted(set(rows))
    spans, start = [], rows[0]
    for previous, current in zip(rows, [*rows[1:], None], strict=True):
        if current != previous + 1 if current is not None else True:
            spans.append(str(start) if start == previous else f"{start}-{previous}")
            start = current
    return ", ".join(spans)


def grouped(problems: list[Problem]) -> pd.DataFrame:
    """Identical problems (same sheet, column and message) on one line, with a count."""
    columns = ["category", "sheet", "column", "header", "rows", "found", "problem", "advice",
               "count"]
    if not problems:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame([p.__dict__ for p in problems])
    keys = ["category", "sheet", "column", "header", "message", "advice"]
    out = frame.groupby(keys, sort=False).agg(
        rows=("row", lambda r: _rows(list(r))),
        found=("value", lambda v: ", ".join(dict.fromkeys(x for x in v if x))[:80]),
        count=("row", "size")).reset_index().rename(columns={"message": "problem"})
    out["order"] = out["category"].map(ORDER.index)
    return out.sort_values(["order", "sheet", "column"])[columns].reset_index(drop=True)


def where(r: object) -> str:
    """'Spend lines, column E (Amount (£)), rows 4-6' from a grouped row."""
    parts = [r.sheet]
    if r.column != "-":
        parts.append(f"column {r.column} ({r.header})")
    if r.rows:
        parts.append(f"row{'s' * (r.count > 1 or '-' in r.rows or ',' in r.rows)} {r.rows}")
    return ", ".join(parts)


def headline(parsed: Parsed) -> str:
    if parsed.problems:
        rows = {(p.sheet, p.row) for p in parsed.problems}
        return (f"Failed: {len(parsed.problems)} problem{'s' * (len(parsed.problems) != 1)} "
                f"in {len(rows)} row{'s' * (len(rows) != 1)} of {parsed.file_name}. "
                "Nothing was imported.")
    n = parsed.rows()
    accounts = accounting.accounts(parsed)
    ready = int(accounts["ready"].sum()) if len(accounts) else n
    lines = f" ({n:,} lines)" if ready != n else ""
    return (f"Passed: {ready:,} row{'s' * (ready != 1)}{lines} in {parsed.file_name} ready to "
            "import.")


def counts(problems: list[Problem]) -> dict[str, int]:
    found = {c: 0 for c in ORDER}
    for p in problems:
        found[p.category] += 1
    return found


def as_text(parsed: Parsed) -> str:
    """The same report for the terminal."""
    lines = [headline(parsed)]
    table = grouped(parsed.problems)
    for category, n in counts(parsed.problems).items():
        if not n:
            continue
        lines.append(f"\n{category} ({n})")
        for r in table[table["category"] == category].itertuples():
            found = f"'{r.found}' " if r.found else ""
            lines.append(f"  - {where(r)}: {found}{r.problem}. {r.advice}".rstrip())
    lines += [f"Note: {n}" for n in parsed.notices]
    return "\n".join(lines + accounting.as_text(parsed))

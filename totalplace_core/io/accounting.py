"""Every row of a return accounted for: for each sheet, the rows read below its header are
the rows ready to import, plus the rows skipped (totals that reconcile, footnotes), plus the
rows refused. A row in none of them would be a line lost without a word, so it is a problem
and nothing is imported."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from totalplace_core.io import parse
from totalplace_core.io.validate import Parsed, Problem
from totalplace_core.money import format_gbp_full, pence_from_decimal

# The sheets whose lines are money counted, and the column that counts it (a case study's
# hourly rate or a unit cost added up means nothing).
AMOUNTS = {"Spend lines": "amount_gbp", "Flows": "amount_gbp", "Assets": "running_cost_gbp"}
ACCOUNT_COLUMNS = ["sheet", "rows read", "ready", "skipped", "refused", "lines", "amount"]


def _refused(parsed: Parsed, sheet: str, read: set[int]) -> set[int]:
    """Rows with a problem, but for skipped rows: a sub-total that does not add up is a
    problem at its row, and the row stays a skipped one."""
    skipped = {s.row for s in parsed.skipped if s.sheet == sheet}
    return {p.row for p in parsed.problems if p.sheet == sheet and p.row in read} - skipped


def _amount(frame: pd.DataFrame, sheet: str, refused: set[int]) -> str:
    """The sum of the sheet's first money column over its ready lines, as the preview says
    it. Added here, where the file's lines are, before any is in the store; the import test
    checks it against the count the store then sums."""
    column = AMOUNTS.get(sheet)
    if column is None or not len(frame):
        return ""
    keep = ~frame["_row"].isin(refused)
    pence = sum(pence_from_decimal(v) for v in frame.loc[keep, column]
                if isinstance(v, Decimal))  # a cell left empty is NaN once framed
    return format_gbp_full(pence)


def accounts(parsed: Parsed) -> pd.DataFrame:
    """One row per sheet read: rows read = ready + skipped + refused, the lines the ready
    rows make (a CIPFA line split in three is one row, three lines) and their amount."""
    out = []
    for sheet, rows in parsed.read_rows.items():
        read = set(rows)
        frame = parsed.frames.get(sheet)
        refused = _refused(parsed, sheet, read)
        skipped = {s.row for s in parsed.skipped if s.sheet == sheet}
        ready = (set(frame["_row"]) - refused) if frame is not None else set()
        lines = int((~frame["_row"].isin(refused)).sum()) if frame is not None else 0
        out.append({"sheet": sheet, "rows read": len(read), "ready": len(ready),
                    "skipped": len(skipped), "refused": len(refused), "lines": lines,
                    "amount": _amount(frame, sheet, refused) if frame is not None else ""})
    return pd.DataFrame(out, columns=ACCOUNT_COLUMNS)


def check_accounted(parsed: Parsed) -> None:
    """A row read but neither ready, skipped nor refused is refused here, by row: the
    importer's own promise, checked on every file rather than trusted."""
    for sheet, rows in parsed.read_rows.items():
        frame = parsed.frames.get(sheet)
        known = set(frame["_row"]) if frame is not None else set()
        known |= {s.row for s in parsed.skipped if s.sheet == sheet}
        known |= _refused(parsed, sheet, set(rows))
        if frame is None and not known:  # the whole sheet refused (no header): said already
            continue
        for row in sorted(set(rows) - known):
            parsed.problems.append(Problem(
                parse.INCONSISTENT, sheet, "-", row, "", "",
                "was read but is neither ready to import, skipped nor refused",
                "This is a fault in the app: please send the file to its maintainers."))


def skipped_table(parsed: Parsed) -> pd.DataFrame:
    return pd.DataFrame([{"where": f"{s.sheet}, row {s.row}", "what": s.kind,
                          "reads": s.label, "why": s.reason} for s in parsed.skipped],
                        columns=["where", "what", "reads", "why"])


def _rows(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:6])
    return shown + (f" and {len(rows) - 6} more" if len(rows) > 6 else "")


def conversions_table(parsed: Parsed) -> pd.DataFrame:
    """What the importer read differently from how it was written: bodies matched by name,
    CIPFA lines converted or split. Shown before anything is saved."""
    return pd.DataFrame([{"where": f"{c['sheet']}, {c['column']}, "
                          f"row{'s' * (len(c['rows']) > 1)} {_rows(c['rows'])}",
                          "what": c["what"], "written": c["written"], "became": c["became"]}
                         for c in parsed.conversions],
                        columns=["where", "what", "written", "became"])


def as_text(parsed: Parsed) -> list[str]:
    """The accounts, skipped rows and conversions for the terminal."""
    lines = [f"{r['sheet']}: {r['rows read']:,} rows read = {r['ready']:,} ready + "
             f"{r['skipped']:,} skipped + {r['refused']:,} refused"
             + (f"; {r['lines']:,} line{'s' * (r['lines'] != 1)}, {r['amount']}"
                if r["amount"] else "")
             for r in accounts(parsed).to_dict("records")]
    lines += [f"Skipped: {s.sheet} row {s.row} ({s.kind}) '{s.label}': {s.reason}"
              for s in parsed.skipped]
    lines += [f"Read as: {c['sheet']}, {c['column']}, rows {_rows(c['rows'])}: "
              f"'{c['written']}' -> {c['became']} ({c['what']})" for c in parsed.conversions]
    return lines

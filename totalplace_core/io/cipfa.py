"""CIPFA service lines in, COFOG counted. A return may give its function as a CIPFA service
expenditure line ('Adult Social Care'); the line is converted by a table shipped with the app
(cipfa_to_cofog.csv) or the one in the return's own 'CIPFA to COFOG' sheet, kept as the
line's service line, and split by the table's stated shares where it spans several groups.
A line that spans groups with no shares stated is refused: never misfiled silently."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from totalplace_core.classifications import COFOG_GROUPS
from totalplace_core.io import parse, row_kinds
from totalplace_core.io.names import name_key
from totalplace_core.money import format_gbp_full, gbp_from_pence, pence_from_decimal

TABLE_FILE = Path(__file__).with_name("cipfa_to_cofog.csv")
SHEET = "CIPFA to COFOG"
HEADERS = ("CIPFA service line", "COFOG group", "Share (%)", "Why")
SOURCE = ("CIPFA service expenditure lines (SeRCOP) mapped to UN COFOG groups as in HM "
          "Treasury's Public Expenditure Statistical Analyses for local government; the "
          "shares for lines that span groups are the app's stated defaults, to be replaced by "
          "the authority's own")
BASIS_POINTS = 10_000
_SERVICES = re.compile(r"\b(services?)\b|\([^)]*\)")


def line_key(text: object) -> str:
    """A CIPFA line as compared: its name key without 'services' or a bracketed note, so
    'Housing services (GFRA only)' and 'Housing Services' are one line."""
    return " ".join(_SERVICES.sub(" ", name_key(str(text or "").lower())).split())


@dataclass(frozen=True)
class CipfaLine:
    name: str
    parts: tuple[tuple[str, int | None], ...]  # (COFOG group, share in basis points)
    why: str = ""

    @property
    def splits(self) -> bool:
        return len(self.parts) > 1


Table = dict[str, CipfaLine]


def _table(rows: list[tuple[int, str, str, str, str]]) -> tuple[Table, list[tuple]]:
    """The table from (row, line, group, share, why) rows, and its faults as (row, column
    index, value, message): a group that is not COFOG, a share that is not a number or
    shares that do not add up to 100% for a line."""
    faults: list[tuple[int, int, str, str]] = []
    parts: dict[str, list[tuple[str, int | None]]] = {}
    named: dict[str, tuple[str, str, int]] = {}
    for row, line, group, share, why in rows:
        try:
            code = parse.cofog(group)
        except parse.CellError as err:
            faults.append((row, 1, group, err.message))
            continue
        points: int | None = None
        if str(share).strip():
            try:
                points = int(Decimal(str(share).strip().rstrip("%")) * 100)
            except (InvalidOperation, ValueError):
                faults.append((row, 2, share, "is not a percentage"))
                continue
        key = line_key(line)
        named.setdefault(key, (parse.text(line), parse.text(why or ""), row))
        if why and not named[key][1]:
            named[key] = (named[key][0], parse.text(why), named[key][2])
        parts.setdefault(key, []).append((code, points))
    table: Table = {}
    for key, shares in parts.items():
        name, why, first = named[key]
        given = [p for _, p in shares if p is not None]
        if len(given) > 1 and sum(given) == 100:  # 45% typed in Excel is stored as 0.45
            shares = [(code, None if p is None else p * 100) for code, p in shares]
            given = [p * 100 for p in given]
        if len(shares) == 1:
            shares = [(shares[0][0], BASIS_POINTS)]
        elif given and (len(given) != len(shares) or sum(given) != BASIS_POINTS):
            faults.append((first, 2, name, f"shares of {name} add up to "
                           f"{Decimal(sum(given)) / 100}%, not 100%"))
            continue
        table[key] = CipfaLine(name, tuple(shares), why)
    return table, faults


def shipped_table() -> Table:
    with TABLE_FILE.open(newline="", encoding="utf-8") as file:
        rows = [(i, r["cipfa_line"], r["cofog_code"], r["share_pct"], r["why"])
                for i, r in enumerate(csv.DictReader(file), start=2)]
    table, faults = _table(rows)
    if faults:  # the shipped file is the app's own: a fault in it is a bug, said plainly
        raise ValueError(f"{TABLE_FILE.name} has faults: {faults}")
    return table


def table_rows(table: Table) -> list[tuple[str, str, str, str]]:
    """The table as the template writes it: one row per line and group."""
    return [(line.name, code, "" if points is None else f"{Decimal(points) / 100:g}",
             line.why if i == 0 else "")
            for line in table.values() for i, (code, points) in enumerate(line.parts)]


def table_from_sheet(rows: list[tuple[int, tuple[object, ...]]]
                     ) -> tuple[Table | None, list[tuple[int, int, str, str]]]:
    """A return's own 'CIPFA to COFOG' sheet (its header row first), or None when it has no
    rows: it replaces the shipped table for this return."""
    body = [(n, v) for n, v in rows[1:] if any(str(x or "").strip() for x in v[:2])]
    notes = set(row_kinds.footnote_rows(body))  # the template's 'Source: ...' line
    body = [row for i, row in enumerate(body) if i not in notes]
    if not body:
        return None, []
    padded = [(n, *[str(x if x is not None else "") for x in (*v, "", "", "", "")[:4]])
              for n, v in body]
    return _table(padded)


def reader(table: Table) -> Callable[[object], object]:
    """A COFOG cell's parser that also takes a CIPFA line: a COFOG code, or the CipfaLine."""
    def parse_one(value: object) -> object:
        try:
            return parse.cofog(value)
        except parse.CellError as err:
            line = table.get(line_key(value))
            if line is None and err.message != parse.NOT_COFOG:
                raise
            if line is None:
                raise parse.CellError(
                    parse.CODE, "is not a COFOG group, its name or a CIPFA service line",
                    "Use a code such as 07.3, a name such as Hospital services, or a CIPFA "
                    f"line listed in the '{SHEET}' sheet.") from None
            if line.splits and any(points is None for _, points in line.parts):
                groups = ", ".join(code for code, _ in line.parts)
                raise parse.CellError(
                    parse.CODE, f"is a CIPFA line that spans COFOG groups {groups}, with "
                    "no rule for sharing it", f"Give each part its own row with its COFOG "
                    f"group, or give the shares in the '{SHEET}' sheet.") from None
            return line
    return parse_one


def split_pence(pence: int, parts: tuple[tuple[str, int | None], ...]) -> list[int]:
    """`pence` shared by basis points, exactly: each part rounded down, the pence left over
    given to the parts with the largest remainders (first listed on a tie)."""
    sign, whole = (-1 if pence < 0 else 1), abs(pence)
    shares = [whole * (points or 0) for _, points in parts]
    floors = [s // BASIS_POINTS for s in shares]
    left = whole - sum(floors)
    order = sorted(range(len(parts)), key=lambda i: (-(shares[i] % BASIS_POINTS), i))
    for i in order[:left]:
        floors[i] += 1
    return [sign * f for f in floors]


def group_name(code: str) -> str:
    return COFOG_GROUPS.get(code, code)


def expand(frame: pd.DataFrame, sheet: str) -> tuple[pd.DataFrame, list[dict[str, object]]]:
    """Each spend line whose function was a CIPFA line: converted to its COFOG group, or
    split into one line per group with its share of the amount to the penny; the CIPFA line
    kept as the theme where none was given. Returns the lines and what was done to each."""
    marked = [i for i, v in enumerate(frame["cofog_code"].tolist()) if isinstance(v, CipfaLine)]
    if not marked:
        return frame, []
    done: list[dict[str, object]] = []
    pieces: list[dict[str, object]] = []
    records = frame.to_dict("records")
    for i in marked:
        record, line = records[i], records[i]["cofog_code"]
        if not record.get("theme"):
            record["theme"] = line.name
        pence = pence_from_decimal(record["amount_gbp"])
        amounts = split_pence(pence, line.parts) if line.splits else [pence]
        for (code, points), part in zip(line.parts, amounts, strict=True):
            piece = dict(record, cofog_code=code)
            if line.splits:
                piece["amount_gbp"] = gbp_from_pence(part)
                piece["amount_gbp_text"] = str(gbp_from_pence(part))
                share = f"{Decimal(points) / 100:g}%"
                note = record.get("note") if isinstance(record.get("note"), str) else ""
                piece["note"] = parse.text(f"{note} [{share} of "
                                           f"{line.name} {format_gbp_full(pence)}, split by "
                                           "the CIPFA to COFOG rule]")
            pieces.append(piece)
            done.append({"sheet": sheet, "rows": [int(record["_row"])], "column": "COFOG group",
                         "written": line.name, "became": f"{code} {group_name(code)}"
                         + (f" ({share}: {format_gbp_full(part)})" if line.splits else ""),
                         "what": "CIPFA line split" if line.splits else "CIPFA line converted"})
        records[i] = None
    kept = [r for r in records if r is not None]
    out = pd.DataFrame(kept + pieces, columns=frame.columns)
    return out.sort_values("_row", kind="stable").reset_index(drop=True), done

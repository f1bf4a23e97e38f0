"""Bodies given by name: a return's body and 'handed to' columns often hold 'Rivermouth MBC'
or 'NHS  Rivermouth' where the template wants HMBC. Each is matched to a code of the
Organisations sheet (the file's, then the place's): by its name key (io/names.py), else as a
close variant of one name only; what cannot be matched, or matches two bodies, is refused
at its cell with the nearest names."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from totalplace_core.io.names import name_key
from totalplace_core.io.sheet_checks import duplicates
from totalplace_core.io.spec import SHEET_BY_NAME
from totalplace_core.io.validate import Parsed

# (sheet, column) holding a body's code; all point at the Organisations sheet.
BODY_COLUMNS = (("Spend lines", "org_code"), ("Spend lines", "funded_by_org_code"),
                ("Spend lines", "transfer_to_org_code"), ("Assets", "org_code"),
                ("Touchpoints", "org_code"))
CLOSE = 90  # rapidfuzz ratio (0-100) of two name keys for a typo of one name
MARGIN = 5  # ... and this far ahead of the next name, or it is not clear which was meant


@dataclass(frozen=True)
class Refusal:
    message: str
    advice: str


def _bodies(parsed: Parsed, stored: dict[str, str]) -> dict[str, str]:
    """code -> name: the place's bodies with the file's own laid over them."""
    bodies = dict(stored)
    orgs = parsed.frames.get("Organisations")
    if orgs is not None and len(orgs):
        bodies |= {c: n for c, n in zip(orgs["org_code"], orgs["org_name"], strict=True)
                   if isinstance(c, str) and c}
    return bodies


class BodyMatcher:
    def __init__(self, bodies: dict[str, str]) -> None:
        self.bodies = bodies
        self.by_key: dict[str, set[str]] = {}
        for code, name in bodies.items():
            for key in (name_key(code), name_key(name)):
                if key:
                    self.by_key.setdefault(key, set()).add(code)
        self.keys = list(self.by_key)

    def _shown(self, codes: set[str] | list[str]) -> str:
        return ", ".join(f"{self.bodies[c]} ({c})" for c in sorted(codes))

    def nearest(self, key: str) -> str:
        found = process.extract(key, self.keys, scorer=fuzz.token_set_ratio, limit=6)
        codes: list[str] = []
        for match, _, _ in found:
            codes += [c for c in sorted(self.by_key[match]) if c not in codes]
        return self._shown(codes[:3])

    def match(self, value: str) -> tuple[str, str] | Refusal:
        """(code, how) for a body written by name, or why it cannot be matched."""
        key = name_key(value)
        codes = self.by_key.get(key)
        if codes and len(codes) == 1:
            return next(iter(codes)), "body matched by name"
        if codes:
            return Refusal(f"could be more than one body: {self._shown(codes)}",
                           "Give the body's code from the Organisations sheet.")
        found = process.extract(key, self.keys, scorer=fuzz.ratio, limit=2) if key else []
        if found and found[0][1] >= CLOSE and (len(found) == 1 or found[1][1] <= found[0][1]
                                               - MARGIN) and len(self.by_key[found[0][0]]) == 1:
            return next(iter(self.by_key[found[0][0]])), "body matched as a close variant"
        near = self.nearest(key) if key and self.keys else ""
        return Refusal("is not a body's code or name on the Organisations sheet or already "
                       "loaded", "Give the body's code from the Organisations sheet"
                       + (f"; the nearest are {near}." if near else ", or add the body there."))


def match_bodies(parsed: Parsed, stored: dict[str, str]) -> dict[tuple[str, str, str], Refusal]:
    """Body names in the file replaced by their codes, each match listed for the preview
    (once per sheet, column and name, with its rows), and the rows that now repeat another
    refused as duplicates; returns the refusals by (sheet, column, value as written) for the
    reference check to say at each cell."""
    bodies = _bodies(parsed, stored)
    matcher = BodyMatcher(bodies)
    refusals: dict[tuple[str, str, str], Refusal] = {}
    changed: dict[str, set[int]] = {}
    for sheet, column in BODY_COLUMNS:
        frame = parsed.frames.get(sheet)
        if frame is None or column not in frame or not len(frame):
            continue
        values = frame[column].tolist()
        unknown = {v for v in values if isinstance(v, str) and v and v not in bodies}
        if not unknown:
            continue
        header = parsed.headers.get(sheet, {}).get(column, ("-", column))[1]
        found = {v: matcher.match(v) for v in sorted(unknown)}
        rows = frame["_row"].tolist()
        for value, result in found.items():
            if isinstance(result, Refusal):
                refusals[(sheet, column, value)] = result
                continue
            code, how = result
            parsed.conversions.append({
                "sheet": sheet, "column": header, "what": how, "written": value,
                "became": f"{code} ({bodies[code]})",
                "rows": sorted({int(r) for r, v in zip(rows, values, strict=True)
                                if v == value})})
        frame[column] = [found[v][0] if v in found and not isinstance(found[v], Refusal)
                         else v for v in values]
        changed.setdefault(sheet, set()).update(
            int(r) for r, v in zip(rows, values, strict=True)
            if v in found and not isinstance(found[v], Refusal))
    for sheet, rows in changed.items():
        duplicates(SHEET_BY_NAME[sheet], parsed.frames[sheet], parsed, rows)
    return refusals

"""The high-level count: spend_lines.csv, one line per body, COFOG group and purpose a year.

fixed/spend_lines.csv gives each line's 2009-10 amount in GBP million; a blank basis, source or
growth falls back to the body's default in fixed/spend_bodies.csv. 2008-09 is the 2009-10
figure divided by the line's growth. A source may hold "{y}", replaced by the year.

Transfers between bodies are made to add up exactly. A line with fills_pot is money handed to
another body (transfer_to) and fills a named pot; the receiving body's lines with share_of_pot
share that pot out by their amounts, used as weights, and record the payer as funded_by. A
share may itself fill a further pot, so money can be passed down a chain of bodies.
"""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

from . import fixed
from .amounts import money, share_out, to_pence
from .csv_files import write_csv
from .place_and_wards import ward_pop
from .settings import AMOUNTS_YEAR, YEARS

# (org_code, label, year or "" for every year) -> a note appended to the line's label.
LINE_NOTES = {
    (n["org_code"], n["label"], n["year"]): n["note"] for n in fixed.table("spend_line_notes.csv")
}


def spend_items() -> list[dict]:
    """The fixed lines with every body default filled in."""
    bodies = {b["org_code"]: b for b in fixed.table("spend_bodies.csv")}
    items = []
    for row in fixed.table("spend_lines.csv"):
        body = bodies[row["org_code"]]
        items.append(
            {
                "org": row["org_code"],
                "cofog": row["cofog_code"],
                "theme": row["theme"],
                "label": row["label"],
                "million": float(row["gbp_million_2009_10"]),
                "driver": row["driver"],
                "basis": row["basis"] or body["basis"],
                "source": row["source"] or body["source"],
                "growth": float(row["growth"] or body["growth"]),
                "transfer_to": row["transfer_to"],
                "fills_pot": row["fills_pot"] or None,
                "share_of_pot": row["share_of_pot"] or None,
                "funded_by": row["funded_by"],
                "only_year": row["only_year"] or None,
            }
        )
    return items


def year_amount(item: dict, year: str, rng: random.Random) -> int:
    """A line's pence in one year, jittered by up to 1.5% so the figures do not look typed."""
    base = item["million"] * 1e6 * rng.uniform(0.985, 1.015)
    return to_pence(base if year == AMOUNTS_YEAR else base / item["growth"], rng)


def spend_for_year(items: list[dict], year: str, rng: random.Random) -> list[dict]:
    """One year's lines, with every pot shared out among the lines that spend it."""
    live = [i for i in items if i["only_year"] in (None, year)]
    pence: dict[int, int] = {}
    pots: dict[str, tuple[str, int]] = {}  # pot -> (payer, pence)
    parts = defaultdict(list)
    for k, item in enumerate(live):
        if item["share_of_pot"]:
            parts[item["share_of_pot"]].append(k)
        else:
            pence[k] = year_amount(item, year, rng)
            if item["fills_pot"]:
                pots[item["fills_pot"]] = (item["org"], pence[k])
    # A pot can only be shared once it is filled, and a share can fill a pot further down, so
    # share out in rounds; sorting each round keeps the random draws in a fixed order.
    done: set[str] = set()
    while ready := sorted(p for p in parts if p in pots and p not in done):
        for pot in ready:
            weights = [live[k]["million"] * rng.uniform(0.93, 1.07) for k in parts[pot]]
            for k, share in zip(parts[pot], share_out(pots[pot][1], weights), strict=True):
                pence[k] = share
                live[k]["funded_by"] = pots[pot][0]
                if live[k]["fills_pot"]:
                    pots[live[k]["fills_pot"]] = (live[k]["org"], share)
        done.update(ready)
    if set(parts) - done:
        raise ValueError(f"pots never filled: {sorted(set(parts) - done)}")
    return [line_row(live[k], year, pence[k]) for k in range(len(live))]


def line_row(item: dict, year: str, pence: int) -> dict:
    """A row of spend_lines.csv; the keys, in order, are the file's columns."""
    note = LINE_NOTES.get((item["org"], item["label"], year)) or LINE_NOTES.get(
        (item["org"], item["label"], ""), ""
    )
    note = f"{item['label']}. {note}" if note else item["label"]
    return {
        "year": year,
        "org_code": item["org"],
        "cofog_code": item["cofog"],
        "theme": item["theme"],
        "amount_gbp": money(pence),
        "basis": item["basis"],
        "source": item["source"].format(y=year),
        "funded_by_org_code": item["funded_by"],
        "transfer_to_org_code": item["transfer_to"],
        "ward_code": "",
        "driver": item["driver"],
        "note": note,
    }


def build_spend(rng: random.Random) -> list[dict]:
    items = spend_items()
    lines = []
    for year in YEARS:
        # Copies, because sharing a pot writes funded_by into the item.
        lines += spend_for_year([dict(i) for i in items], year, rng)
    return lines


# The council pays these benefits to named claimants, so it can say which ward each pound
# went to: its returns come ward-coded (the ward explorer's actuals), one line per ward.
WARD_CODED_THEMES = {("HMBC", "Benefits")}


def ward_coded(lines: list[dict], wards: list[dict]) -> list[dict]:
    """Each ward_actual line of a ward-coded return as one line per ward, shared by
    residents to the penny (no random draw, so no later file changes)."""
    out = []
    for line in lines:
        if line["driver"] != "ward_actual" or \
                (line["org_code"], line["theme"]) not in WARD_CODED_THEMES:
            out.append(line)
            continue
        pence = share_out(to_pence_exact(line["amount_gbp"]), [ward_pop(w) for w in wards])
        out += [line | {"ward_code": w["ward_code"], "amount_gbp": money(p)}
                for w, p in zip(wards, pence, strict=True)]
    return out


def to_pence_exact(text: str) -> int:
    pounds, _, pence = text.partition(".")
    return int(pounds) * 100 + int((pence + "00")[:2])


def write_spend_lines(out: Path, rng: random.Random, wards: list[dict]) -> None:
    lines = ward_coded(build_spend(rng), wards)
    write_csv(out / "spend_lines.csv", list(lines[0]), [list(r.values()) for r in lines])

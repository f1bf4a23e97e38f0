"""The count read different ways: drill-down, by body, per head, comparisons, themes.

Every function shapes a small frame the store has already summed: `parts` is what the count
keeps for one place-year, summed by division, COFOG group, body and kind of body (a few
hundred rows at most, whatever the number of lines). Money stays in integer pence.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from totalplace_core.classifications import COFOG_DIVISIONS, COFOG_GROUPS
from totalplace_core.count.domain import Count, per_head
from totalplace_core.money import format_gbp

ALL_RESIDENTS = "all residents"
PARTS = ("division", "cofog_code", "org_name", "org_kind")
LINE_COLUMNS = ["org_name", "cofog_code", "group_name", "theme", "amount_pence", "basis",
                "source", "count_status", "funded_by_org_code", "transfer_to_org_code", "note",
                "line_id"]
TRANSFER_COLUMNS = ["org_name", "to_org_name", "cofog_code", "amount_pence", "count_status",
                    "source", "line_id"]
# Whose head a group's spend is best divided by; everything else is per resident.
RELEVANT_POPULATION: dict[str, str] = {
    "09.1": "0-17", "09.2": "0-17", "09.6": "0-17", "10.4": "0-17",
    "10.2": "65+", "10.3": "65+",
}


def tree(parts: pd.DataFrame) -> pd.DataFrame:
    """Treemap rows (id, parent, label, level, amount_pence): division > group > body. Lines
    are listed in a table for the node a user opens, not drawn as boxes."""
    levels = (("division", ["division"], lambda k: f"{k[0]} {COFOG_DIVISIONS[k[0]]}"),
              ("group", ["division", "cofog_code"], lambda k: f"{k[1]} {COFOG_GROUPS[k[1]]}"),
              ("organisation", ["division", "cofog_code", "org_name"], lambda k: k[2]))
    frames = []
    for level, keys, label_of in levels:
        sums = parts.groupby(keys, sort=True)["amount_pence"].sum()
        index = [k if isinstance(k, tuple) else (k,) for k in sums.index]
        frames.append(pd.DataFrame({
            "id": ["/".join(k) for k in index], "parent": ["/".join(k[:-1]) for k in index],
            "label": [label_of(k) for k in index], "level": level,
            "amount_pence": sums.to_numpy().astype("int64")}))
    return pd.concat(frames, ignore_index=True)


def credits(tree: pd.DataFrame) -> tuple[int, int]:
    """(how many, pence) of a tree's bodies whose lines in a group net to a credit: a treemap
    cannot draw them (count/charts.py drawable), so the page says so."""
    found = tree.loc[(tree["level"] == "organisation") & (tree["amount_pence"] < 0),
                     "amount_pence"]
    return len(found), int(found.sum())


def credit_note(tree: pd.DataFrame) -> str | None:
    """What the page says under a treemap that left credits out, or None."""
    n, pence = credits(tree)
    if not n:
        return None
    who = "One body's lines" if n == 1 else f"{n} bodies' lines"
    return (f"{who} in a group net to a credit ({format_gbp(pence)} in all): a box cannot "
            "show a credit, so it is left out of the picture; the totals count it.")


def shares(parts: pd.DataFrame, column: str) -> pd.DataFrame:
    """Spend by one column (org_name, org_kind, theme ...), largest first, with shares."""
    sums = parts.groupby(column)["amount_pence"].sum().sort_values(ascending=False)
    total = sums.sum()
    return pd.DataFrame({
        column: sums.index,
        "amount_pence": sums.to_numpy().astype("int64"),
        "share_pct": (100.0 * sums / total).round(1).to_numpy() if total else 0.0,
    })


def lines_table(lines: pd.DataFrame) -> pd.DataFrame:
    """Lines from the store as the page lists them, with each group's name (a blank where a
    line has no theme, funder, recipient or note, not the word None)."""
    blanks = {c: lines[c].fillna("") for c in ("theme", "funded_by_org_code",
                                                 "transfer_to_org_code", "note")}
    return lines.assign(group_name=lines["cofog_code"].map(COFOG_GROUPS), **blanks)[LINE_COLUMNS]


def population_bands(wards: pd.DataFrame, population: int) -> dict[str, int]:
    """Residents by age band from the wards; without wards only the total is known."""
    bands = {ALL_RESIDENTS: int(population)}
    if not wards.empty:
        bands |= {"0-17": int(wards["pop_0_17"].sum()), "18-64": int(wards["pop_18_64"].sum()),
                  "65+": int(wards["pop_65_plus"].sum())}
    return bands


def relevant_choices(parts: pd.DataFrame, bands: dict[str, int]) -> pd.DataFrame:
    """The default population for each group present, for a user to change."""
    codes = sorted(parts["cofog_code"].unique())
    return pd.DataFrame({
        "cofog_code": codes,
        "group_name": [COFOG_GROUPS[c] for c in codes],
        "relevant_population": [RELEVANT_POPULATION.get(c, ALL_RESIDENTS)
                                if RELEVANT_POPULATION.get(c) in bands else ALL_RESIDENTS
                                for c in codes],
    })


def per_head_by_group(parts: pd.DataFrame, bands: dict[str, int],
                      relevant: dict[str, str] = RELEVANT_POPULATION) -> pd.DataFrame:
    """Each group's spend over all residents and over the population it serves."""
    sums = parts.groupby("cofog_code")["amount_pence"].sum()
    rows = []
    for code, amount in sums.items():
        band = relevant.get(code, ALL_RESIDENTS)
        band = band if band in bands else ALL_RESIDENTS
        rows.append({"cofog_code": code, "group_name": COFOG_GROUPS[code],
                     "amount_pence": int(amount),
                     "per_resident_pence": per_head(int(amount), bands[ALL_RESIDENTS]),
                     "relevant_population": band, "population": bands[band],
                     "per_relevant_head_pence": per_head(int(amount), bands[band])})
    return pd.DataFrame(rows)


def real_terms(amount_pence: int, year: str, deflators: pd.DataFrame) -> int:
    """Cash in `year` restated in the deflator table's base-year prices."""
    index = deflators.set_index("year")["index_value"]
    if year not in index.index:
        raise ValueError(f"no deflator for {year}")
    return int((Decimal(amount_pence) * 100 / Decimal(str(index[year]))).to_integral_value())


def compare_years(earlier: Count, later: Count, deflators: pd.DataFrame) -> pd.DataFrame:
    """Change by division between two years, in cash and in real terms."""
    frame = earlier.by_division.merge(later.by_division, on=["code", "name"],
                                      suffixes=("_earlier", "_later"))
    frame["change_pence"] = frame["amount_pence_later"] - frame["amount_pence_earlier"]
    real_a = [real_terms(p, earlier.year, deflators) for p in frame["amount_pence_earlier"]]
    real_b = [real_terms(p, later.year, deflators) for p in frame["amount_pence_later"]]
    frame["real_change_pence"] = [b - a for a, b in zip(real_a, real_b, strict=True)]
    frame["real_change_pct"] = [round(100.0 * (b - a) / a, 1) if a else None
                                for a, b in zip(real_a, real_b, strict=True)]
    return frame


def compare_places(counts: list[Count]) -> pd.DataFrame:
    """One row per place: its net count, per head, and per head in each division, so any
    number of places reads as a table that sorts by any column."""
    rows = []
    for c in counts:
        amounts = dict(zip(c.by_division["code"], c.by_division["amount_pence"], strict=True))
        rows.append({"place": c.place_name, "population": c.population,
                     "net_pence": c.net_pence, "per_head_pence": c.per_head_pence,
                     **{f"{d} {COFOG_DIVISIONS[d]} per head (£)":
                        round(per_head(int(amounts[d]), c.population) / 100)
                        for d in COFOG_DIVISIONS}})
    return pd.DataFrame(rows)


def by_theme(parts: pd.DataFrame, mapping: pd.DataFrame, scheme: str) -> pd.DataFrame:
    """Spend by CIPFA service line or local theme, through the COFOG map."""
    theme_of = mapping.set_index("cofog_code")[scheme]
    themed = parts.assign(theme_name=parts["cofog_code"].map(theme_of).fillna("Unmapped"))
    return shares(themed, "theme_name").rename(columns={"theme_name": "theme"})

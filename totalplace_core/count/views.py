"""The count read different ways: drill-down, by body, netting, per head, comparisons, themes.

Each function takes the classified lines of one place and year (see `count.classify_lines`) and
returns a frame a page shows as a chart and as a table; money stays in integer pence.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from totalplace_core.classifications import COFOG_DIVISIONS, COFOG_GROUPS, division_of
from totalplace_core.count.domain import NETTED, Count, classify_lines, per_head

ALL_RESIDENTS = "all residents"
LINE_COLUMNS = ["org_name", "cofog_code", "group_name", "theme", "amount_pence", "basis",
                "source", "count_status", "funded_by_org_code", "transfer_to_org_code", "note",
                "line_id"]
# Whose head a group's spend is best divided by; everything else is per resident.
RELEVANT_POPULATION: dict[str, str] = {
    "09.1": "0-17", "09.2": "0-17", "09.6": "0-17", "10.4": "0-17",
    "10.2": "65+", "10.3": "65+",
}


def counted(lines: pd.DataFrame, year: str) -> pd.DataFrame:
    """Lines of `year` that the count keeps, with their division and names."""
    classified = classify_lines(lines[lines["year"] == year])
    kept = classified[classified["count_status"] != NETTED].copy()
    kept["division"] = kept["cofog_code"].map(division_of)
    kept["division_name"] = kept["division"].map(COFOG_DIVISIONS)
    kept["group_name"] = kept["cofog_code"].map(COFOG_GROUPS)
    return kept


def filter_lines(kept: pd.DataFrame, divisions: list[str], bodies: list[str]) -> pd.DataFrame:
    """Lines of the chosen divisions and bodies; an empty choice means all."""
    mask = pd.Series(True, index=kept.index)
    if divisions:
        mask &= kept["division_name"].isin(divisions)
    if bodies:
        mask &= kept["org_name"].isin(bodies)
    return kept[mask]


def drill(kept: pd.DataFrame) -> pd.DataFrame:
    """Tree rows (id, parent, label, amount_pence) division > group > organisation > line."""
    rows: list[dict] = []

    def add(level: str, keys: list[str], label_of) -> None:
        for key, part in kept.groupby(keys, sort=True):
            key = key if isinstance(key, tuple) else (key,)
            rows.append({"id": "/".join(key), "parent": "/".join(key[:-1]),
                         "label": label_of(key, part), "level": level,
                         "amount_pence": int(part["amount_pence"].sum())})

    add("division", ["division"], lambda k, p: f"{k[0]} {COFOG_DIVISIONS[k[0]]}")
    add("group", ["division", "cofog_code"], lambda k, p: f"{k[1]} {COFOG_GROUPS[k[1]]}")
    add("organisation", ["division", "cofog_code", "org_name"], lambda k, p: k[2])
    for line in kept.itertuples():
        parent = f"{line.division}/{line.cofog_code}/{line.org_name}"
        rows.append({"id": f"{parent}/{line.line_id}", "parent": parent,
                     "label": f"{line.basis}: {line.source}", "level": "line",
                     "amount_pence": int(line.amount_pence)})
    return pd.DataFrame(rows)


def by(kept: pd.DataFrame, column: str) -> pd.DataFrame:
    """Spend by one column (org_name, org_kind, basis ...), largest first, with shares."""
    sums = kept.groupby(column)["amount_pence"].sum().sort_values(ascending=False)
    total = sums.sum()
    return pd.DataFrame({
        column: sums.index,
        "amount_pence": sums.to_numpy().astype("int64"),
        "share_pct": (100.0 * sums / total).round(1).to_numpy() if total else 0.0,
    })


def transfers(lines: pd.DataFrame, year: str, org_names: dict[str, str]) -> pd.DataFrame:
    """Every line that hands money on, to whom, and whether the count removed it."""
    classified = classify_lines(lines[lines["year"] == year])
    moved = classified[classified["transfer_to_org_code"].fillna("") != ""].copy()
    moved["to_org_name"] = moved["transfer_to_org_code"].map(
        lambda code: org_names.get(code, f"{code} (not a known body)"))
    return moved[["org_name", "to_org_name", "cofog_code", "amount_pence", "count_status",
                  "source", "line_id"]].sort_values("amount_pence", ascending=False)


def population_bands(wards: pd.DataFrame, population: int) -> dict[str, int]:
    """Residents by age band from the wards; without wards only the total is known."""
    bands = {ALL_RESIDENTS: int(population)}
    if not wards.empty:
        bands |= {"0-17": int(wards["pop_0_17"].sum()), "18-64": int(wards["pop_18_64"].sum()),
                  "65+": int(wards["pop_65_plus"].sum())}
    return bands


def relevant_choices(kept: pd.DataFrame, bands: dict[str, int]) -> pd.DataFrame:
    """The default population for each group present, for a user to change."""
    codes = sorted(kept["cofog_code"].unique())
    return pd.DataFrame({
        "cofog_code": codes,
        "group_name": [COFOG_GROUPS[c] for c in codes],
        "relevant_population": [RELEVANT_POPULATION.get(c, ALL_RESIDENTS)
                                if RELEVANT_POPULATION.get(c) in bands else ALL_RESIDENTS
                                for c in codes],
    })


def per_head_by_group(kept: pd.DataFrame, bands: dict[str, int],
                      relevant: dict[str, str] = RELEVANT_POPULATION) -> pd.DataFrame:
    """Each group's spend over all residents and over the population it serves."""
    sums = kept.groupby("cofog_code")["amount_pence"].sum()
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
    """Per head and share of each division, one column pair per place."""
    frame = pd.DataFrame({"code": list(COFOG_DIVISIONS), "name": list(COFOG_DIVISIONS.values())})
    for c in counts:
        amounts = c.by_division.set_index("code")["amount_pence"]
        frame[f"{c.place_name} per head (£)"] = [
            round(per_head(int(amounts[d]), c.population) / 100) for d in frame["code"]]
        frame[f"{c.place_name} share (%)"] = [
            round(100.0 * amounts[d] / c.net_pence, 1) if c.net_pence else 0.0
            for d in frame["code"]]
    return frame


def by_theme(kept: pd.DataFrame, mapping: pd.DataFrame, scheme: str) -> pd.DataFrame:
    """Spend by CIPFA service line or local theme, through the COFOG map."""
    theme_of = mapping.set_index("cofog_code")[scheme]
    themed = kept.assign(theme_name=kept["cofog_code"].map(theme_of).fillna("Unmapped"))
    return by(themed, "theme_name").rename(columns={"theme_name": "theme"})

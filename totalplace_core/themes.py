"""CIPFA service lines and local themes, mapped onto COFOG groups.

Each COFOG group maps to one CIPFA service line and one local theme by default; a place can edit
the map (kept in the store), and the count can then be read by either scheme.
"""

from __future__ import annotations

import pandas as pd

from totalplace_core.classifications import COFOG_GROUPS, division_of

OUTSIDE = "Outside council service lines"
SCHEMES: dict[str, str] = {"cipfa": "CIPFA service line", "local": "Local theme"}

_BY_DIVISION: dict[str, tuple[str, str]] = {
    "01": ("Central services", "Running the place"),
    "02": (OUTSIDE, "National functions"),
    "03": ("Police services", "Safer communities"),
    "04": ("Planning and development services", "Work and skills"),
    "05": ("Environmental and regulatory services", "Environment and transport"),
    "06": ("Housing services (GFRA only)", "Housing and neighbourhoods"),
    "07": (OUTSIDE, "Health and wellbeing"),
    "08": ("Cultural and related services", "Culture and leisure"),
    "09": ("Education services", "Children and young people"),
    "10": ("Adult social care", "Health and wellbeing"),
}
_BY_GROUP: dict[str, tuple[str, str]] = {
    "02.2": ("Central services", "Safer communities"),
    "03.2": ("Fire and rescue services", "Safer communities"),
    "03.3": ("Court services", "Safer communities"),
    "03.4": (OUTSIDE, "Safer communities"),
    "04.2": ("Environmental and regulatory services", "Environment and transport"),
    "04.3": (OUTSIDE, "Environment and transport"),
    "04.5": ("Highways and transport services", "Environment and transport"),
    "04.6": (OUTSIDE, "Running the place"),
    "06.2": ("Planning and development services", "Housing and neighbourhoods"),
    "06.3": (OUTSIDE, "Housing and neighbourhoods"),
    "06.4": ("Highways and transport services", "Housing and neighbourhoods"),
    "07.4": ("Public health", "Health and wellbeing"),
    "08.3": (OUTSIDE, "Culture and leisure"),
    "09.3": ("Education services", "Work and skills"),
    "09.4": ("Education services", "Work and skills"),
    "10.2": ("Adult social care", "Older people"),
    "10.3": (OUTSIDE, "Older people"),
    "10.4": ("Children's social care", "Children and young people"),
    "10.5": (OUTSIDE, "Work and skills"),
    "10.6": ("Housing services (GFRA only)", "Housing and neighbourhoods"),
    "10.7": ("Adult social care", "Safer communities"),
}


def default_theme_map() -> pd.DataFrame:
    """One row per COFOG group: cofog_code, cofog_name, cipfa, local."""
    rows = []
    for code, name in COFOG_GROUPS.items():
        cipfa, local = _BY_GROUP.get(code, _BY_DIVISION[division_of(code)])
        rows.append({"cofog_code": code, "cofog_name": name, "cipfa": cipfa, "local": local})
    return pd.DataFrame(rows)


def theme_map(edits: pd.DataFrame) -> pd.DataFrame:
    """The defaults with a place's edits (scheme, cofog_code, theme) laid over them."""
    mapping = default_theme_map().set_index("cofog_code")
    for row in edits.itertuples():
        if row.scheme in SCHEMES and row.cofog_code in mapping.index:
            mapping.loc[row.cofog_code, row.scheme] = row.theme
    return mapping.reset_index()


def changed_rows(before: pd.DataFrame, after: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(scheme, cofog_code, theme) for every cell the user changed in the editor."""
    before = before.set_index("cofog_code")
    changes = []
    for row in after.itertuples():
        for scheme in SCHEMES:
            theme = str(getattr(row, scheme) or "").strip()
            if theme and theme != before.loc[row.cofog_code, scheme]:
                changes.append((scheme, row.cofog_code, theme))
    return changes

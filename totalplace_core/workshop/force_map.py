"""Force-field maps: combining forces, the balance of the two sides, and one person's map
beside the room's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from totalplace_core.workshop.entries import SIDES, person_keys, person_labels

__all__ = ["BOARD_COLUMNS", "REMINDER", "Balance", "balance", "board_table", "combine",
           "people", "person_map", "person_vs_room"]

REMINDER = ("Weakening a restraining force usually moves things further than pushing harder "
            "on the drivers: pushing tends to stiffen the resistance.")


@dataclass(frozen=True)
class Balance:
    driving: float
    restraining: float

    @property
    def difference(self) -> float:
        return round(self.driving - self.restraining, 1)

    def verdict(self) -> str:
        if self.difference > 0:
            return f"Driving forces are stronger by {self.difference:g}"
        if self.difference < 0:
            return f"Restraining forces are stronger by {-self.difference:g}"
        return "The forces are in balance"


def balance(board: pd.DataFrame) -> Balance:
    """Sum of driving against sum of restraining strengths, each combined force once."""
    def total(side: str) -> float:
        return round(float(board.loc[board["side"] == side, "strength"].sum()), 1)

    return Balance(total("driving"), total("restraining"))


BOARD_COLUMNS = ["group_id", "side", "text", "strength", "n", "authors", "meeting"]


def _group_ids(live: pd.DataFrame) -> pd.Series:
    head = live["merged_into"]
    return head.where(head.notna() & head.isin(live["force_id"]), live["force_id"])


def _group_row(members: list[dict[str, Any]], labels: dict[str, str]) -> dict[str, Any]:
    """One combined force: the head's wording, the mean of the latest meeting's ratings."""
    head = next(m for m in members if m["force_id"] == m["group_id"])
    latest = max(m["meeting"] for m in members)
    rated = [float(m["strength"]) for m in members if m["meeting"] == latest]
    names = dict.fromkeys(labels[m["person"]] for m in members)
    return {"group_id": head["force_id"], "side": head["side"], "text": head["text"],
            "strength": round(sum(rated) / len(rated), 1), "n": len(members),
            "authors": ", ".join(names), "meeting": int(latest)}


def combine(forces: pd.DataFrame) -> pd.DataFrame:
    """The combined map: one row per force and the forces merged into it, strongest first.

    A combined force's strength is the mean of its members' strengths, counting only the
    ratings given at the latest meeting that rated it (column `meeting`, 1 when absent), so
    a reopened session's new ratings replace, not dilute, the old ones."""
    live = forces[~forces["is_deleted"].astype(bool)]
    if live.empty:
        return pd.DataFrame(columns=BOARD_COLUMNS)
    live = live.assign(group_id=_group_ids(live), person=person_keys(live).to_numpy(),
                       meeting=live.get("meeting", 1))
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in live.to_dict("records"):
        groups.setdefault(record["group_id"], []).append(record)
    labels = person_labels(forces)
    board = pd.DataFrame([_group_row(m, labels) for m in groups.values()],
                         columns=BOARD_COLUMNS)
    order = {"driving": 0, "restraining": 1}
    return (board.assign(_side=board["side"].map(order))
            .sort_values(["_side", "strength"], ascending=[True, False], kind="stable")
            .drop(columns="_side").reset_index(drop=True))


def board_table(combined: pd.DataFrame) -> pd.DataFrame:
    """The combined map as a table to read or copy."""
    return pd.DataFrame({
        "Side": combined["side"].map(SIDES).tolist(), "Combined force": combined["text"].tolist(),
        "Strength (mean)": combined["strength"].tolist(), "Forces": combined["n"].tolist(),
        "Said by": combined["authors"].tolist()})


def people(forces: pd.DataFrame) -> dict[str, str]:
    """Key -> label of everyone with a force on the board."""
    live = forces[~forces["is_deleted"].astype(bool)]
    labels = person_labels(forces)
    return {k: labels[k] for k in dict.fromkeys(person_keys(live))}


def person_map(forces: pd.DataFrame, key: str) -> pd.DataFrame:
    """One person's own forces, each as typed, in the shape of the combined map."""
    live = forces[~forces["is_deleted"].astype(bool)]
    mine = live[person_keys(live) == key]
    labels = person_labels(forces)
    board = pd.DataFrame({
        "group_id": mine["force_id"], "side": mine["side"], "text": mine["text"],
        "strength": mine["strength"].astype(float), "n": 1,
        "authors": [labels[k] for k in person_keys(mine)], "meeting": 1,
    }, columns=BOARD_COLUMNS)
    return board.sort_values(["side", "strength"], ascending=[True, False]).reset_index(drop=True)


def person_vs_room(forces: pd.DataFrame, key: str) -> pd.DataFrame:
    """Each of a person's forces beside the combined force it sits in."""
    live = forces[~forces["is_deleted"].astype(bool)].copy()
    live["group_id"] = _group_ids(live)
    room = combine(forces).set_index("group_id")
    mine = live[person_keys(live) == key]
    return pd.DataFrame({
        "Side": mine["side"].map(SIDES).tolist(),
        "Their force": mine["text"].tolist(),
        "Their strength": mine["strength"].astype(int).tolist(),
        "On the combined map as": [room.at[g, "text"] for g in mine["group_id"]],
        "Room's strength": [room.at[g, "strength"] for g in mine["group_id"]],
    })

"""The wall's tables as a person reads them."""

from __future__ import annotations

import pandas as pd

from totalplace_core import tables
from totalplace_core.wall.graph import Graph
from totalplace_core.wall.tracing import Mix

HEADERS: dict[str, str] = {
    "stream": "Stream", "delivered_pence": "Reaching people", "amount_pence": "Amount",
    "mean_hand_overs": "Hand-overs (average)", "most_hand_overs": "Most hand-overs",
    "loss_pence": "Admin cost (estimate)", "hand_overs": "Hand-overs", "share_pct": "Share (%)",
    "node": "Body or service", "in_pence": "Money in", "out_pence": "Money out",
    "difference_pence": "In but not shown going on",
}


def for_display(frame: pd.DataFrame) -> pd.DataFrame:
    """A wall table on screen: money as exact £ text, plain-English headers."""
    return tables.for_display(frame).rename(columns=HEADERS)


def flow_table(flows: pd.DataFrame, graph: Graph, mixes: dict[int, Mix], shown: dict[int, int],
               names: dict[str, str]) -> pd.DataFrame:
    """The flows in view, biggest first, with the hand-overs their money has passed."""
    rows = []
    for e in graph.edges:
        if e.index not in shown:
            continue
        row = flows.loc[e.index]
        mix = mixes.get(e.index, {})
        weight = sum(mix.values())
        passed = sum(k * v for (_, k), v in mix.items()) / weight if weight else None
        rows.append({"From": names.get(e.src, e.src), "To": names.get(e.dst, e.dst),
                     "Stream": e.stream, "Kind": row["kind"],
                     "Ring-fenced": "yes" if row["is_ring_fenced"] else "no",
                     "amount_pence": shown[e.index],
                     "Part in view (%)": round(100.0 * shown[e.index] / e.pence, 1),
                     "Hand-overs so far": None if passed is None else round(passed, 2)})
    frame = pd.DataFrame(rows, columns=["From", "To", "Stream", "Kind", "Ring-fenced",
                                        "amount_pence", "Part in view (%)", "Hand-overs so far"])
    return frame.sort_values(["amount_pence", "From", "To"],
                             ascending=[False, True, True]).reset_index(drop=True)


"""The estimated administration cost of hand-overs.

The pilots used the Audit Commission's finding that each hand-over of a funding stream from one
organisation to another loses about 20% of the stream's value in administration.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from totalplace_core.wall.errors import WallInputError
from totalplace_core.wall.tracing import HandOvers

DEFAULT_RATE = 0.2
RATE_NOTE = ("An estimate: the Audit Commission found about 20% of a funding stream's value is "
             "lost in administration at each hand-over between organisations; the pilots used "
             "that figure. The cost here is that rate times hand-overs, at most the whole pound.")


def loss_fraction(count: int, rate: float) -> Decimal:
    """Share of a pound lost after `count` hand-overs at `rate` each (never above the pound)."""
    return min(Decimal(1), Decimal(str(rate)) * count)


def _with_loss(delivered: pd.DataFrame, rate: float) -> pd.DataFrame:
    # An estimate, so to the pound: no spurious pence.
    loss = [100 * int((Decimal(int(p)) * loss_fraction(int(k), rate) / 100).quantize(
        1, ROUND_HALF_UP)) for p, k in zip(delivered["amount_pence"], delivered["hand_overs"],
                                           strict=True)]
    return delivered.assign(loss_pence=pd.Series(loss, index=delivered.index, dtype="int64"))


def check_rate(rate: float) -> float:
    if not 0 <= rate <= 1:
        raise WallInputError(f"The rate per hand-over must be between 0 and 1 (found {rate}).")
    return rate


def admin_loss_pence(summary: HandOvers, rate: float) -> int:
    """Estimated administration cost of the hand-overs of the money in view."""
    return int(_with_loss(summary.delivered, check_rate(rate))["loss_pence"].sum())


def distribution(summary: HandOvers, rate: float) -> pd.DataFrame:
    """Money reaching people by hand-overs on the way: every count from 0 to the most."""
    frame = _with_loss(summary.delivered, check_rate(rate))
    sums = frame.groupby("hand_overs")[["amount_pence", "loss_pence"]].sum()
    top = int(frame["hand_overs"].max()) if len(frame) else 0
    total = int(frame["amount_pence"].sum())
    rows = [{"hand_overs": k, "delivered_pence": int(sums["amount_pence"].get(k, 0)),
             "share_pct": round(100.0 * sums["amount_pence"].get(k, 0) / total, 1) if total
             else 0.0, "loss_pence": int(sums["loss_pence"].get(k, 0))} for k in range(top + 1)]
    return pd.DataFrame(rows, columns=["hand_overs", "delivered_pence", "share_pct",
                                       "loss_pence"])


def by_stream(summary: HandOvers, rate: float) -> pd.DataFrame:
    """Each stream's money reaching people, its hand-overs and their estimated cost,
    the streams with the most hand-overs first."""
    frame = _with_loss(summary.delivered, check_rate(rate))
    frame = frame.assign(weighted=frame["hand_overs"] * frame["amount_pence"])
    sums = frame.groupby("stream").agg(delivered_pence=("amount_pence", "sum"),
                                       weighted=("weighted", "sum"),
                                       most_hand_overs=("hand_overs", "max"),
                                       loss_pence=("loss_pence", "sum")).reset_index()
    sums["mean_hand_overs"] = (sums["weighted"] / sums["delivered_pence"]).round(2)
    sums = sums.sort_values(["mean_hand_overs", "delivered_pence", "stream"],
                            ascending=[False, False, True])
    return sums[["stream", "delivered_pence", "mean_hand_overs", "most_hand_overs",
                 "loss_pence"]].reset_index(drop=True)

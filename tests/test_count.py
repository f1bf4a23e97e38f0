"""The count against a place whose figures are known by hand (see tests/handmade.py)."""

from __future__ import annotations

import pytest

from tests.handmade import PLACE, load_handmade
from totalplace_core.count import service as count_service
from totalplace_core.count.domain import NETTED, UNMATCHED, classify_lines
from totalplace_core.store import Store


@pytest.fixture
def handmade(empty_store: Store) -> Store:
    load_handmade(empty_store)
    return empty_store


def test_gross_net_and_transfers(handmade: Store) -> None:
    count = count_service.place_count(handmade, PLACE, "2009-10")
    assert count.gross_pence == 4_600_000_00
    assert count.transfers_pence == 600_000_00
    assert count.net_pence == 4_000_000_00
    assert count.unmatched_pence == 200_000_00
    assert count.per_head_pence == 4_000_00
    assert count.bodies_counted == 3


def test_chain_nets_and_unmatched_is_flagged_not_dropped(handmade: Store) -> None:
    lines = classify_lines(handmade.spend_lines("place-testborough", "2009-10"))
    status = dict(zip(lines["line_id"], lines["count_status"], strict=True))
    assert status["L0"] == NETTED and status["L1"] == NETTED
    assert status["L6"] == UNMATCHED


def test_basis_shares_are_of_what_is_counted(handmade: Store) -> None:
    shares = count_service.place_count(handmade, PLACE, "2009-10").basis_share_pct()
    assert shares == pytest.approx({"actual": 100 * 1_000_000 / 4_000_000,
                                    "estimate": 100 * 1_000_000 / 4_000_000,
                                    "proxy": 100 * 2_000_000 / 4_000_000})


def test_by_division_lists_all_ten(handmade: Store) -> None:
    by_division = count_service.place_count(handmade, PLACE, "2009-10").by_division
    amounts = dict(zip(by_division["code"], by_division["amount_pence"], strict=True))
    assert len(amounts) == 10
    assert amounts["04"] == 300_000_00
    assert amounts["10"] == 2_200_000_00
    assert amounts["02"] == 0
    assert sum(amounts.values()) == 4_000_000_00


def test_change_on_the_previous_year(empty_store: Store) -> None:
    from totalplace_core.count.domain import change_on, count_place

    load_handmade(empty_store)
    lines = empty_store.spend_lines("place-testborough")
    earlier = count_place(lines, PLACE, "2009-10", 1_000)
    later = count_place(lines.assign(amount_pence=lines["amount_pence"] * 3 // 2), PLACE,
                        "2009-10", 1_000)
    assert change_on(earlier, later) == (2_000_000_00, 50.0)

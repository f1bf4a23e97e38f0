"""The count, summed in SQL by the store, against a place whose figures are known by hand
(tests/handmade.py) and against a plain-Python reference on generated places."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.count_reference import ReferenceCount, reference_count
from tests.handmade import PLACE, load_handmade
from totalplace_core.classifications import BASES, COFOG_GROUPS
from totalplace_core.count import service as count_service
from totalplace_core.count.domain import NETTED, UNMATCHED, change_on, count_from
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
    moved = handmade.count_lines("place-testborough", "2009-10", {},
                                 statuses=(NETTED, UNMATCHED), transfers_only=True)
    status = dict(zip(moved["line_id"], moved["count_status"], strict=True))
    assert status == {"L0": NETTED, "L1": NETTED, "L6": UNMATCHED}


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


def test_change_on_the_previous_year() -> None:
    totals = {"place_name": PLACE, "population": 1_000, "gross_pence": 4_000_000_00,
              "transfers_pence": 0, "unmatched_pence": 0, "bodies_counted": 3,
              "actual_pence": 4_000_000_00, "estimate_pence": 0, "proxy_pence": 0}
    earlier = count_from(totals, {"10": 4_000_000_00}, "2008-09")
    later = count_from(totals | {"gross_pence": 6_000_000_00}, {"10": 6_000_000_00}, "2009-10")
    assert change_on(earlier, later) == (2_000_000_00, 50.0)


# -- the SQL count against the plain-Python reference, on generated places ------------------
ORGS = ("A", "B", "C", "D")
GROUPS = ("01.1", "04.1", "07.3", "09.1", "10.2", "10.4")
YEARS = ("2008-09", "2009-10")
LINE = st.fixed_dictionaries({
    "year": st.sampled_from(YEARS),  # a body reporting in one year does not net the other's
    "org_code": st.sampled_from(ORGS),
    "cofog_code": st.sampled_from(GROUPS),
    "amount_pence": st.integers(min_value=0, max_value=10**12),
    "basis": st.sampled_from(BASES),
    # a transfer to a body of the place (netted if it reports) or to one that never does
    "transfer_to_org_code": st.sampled_from((None, None, None, "", *ORGS, "GONE")),
})
PLACES = st.lists(st.lists(LINE, min_size=1, max_size=30), min_size=1, max_size=4)


def _load(store: Store, places: list[list[dict]]) -> None:
    for p, lines in enumerate(places):
        place_id, name = f"p{p}", f"Generated {p}"
        frame = pd.DataFrame([line | {"line_id": f"{place_id}-{i}", "place_id": place_id,
                                      "source": "generated"}
                              for i, line in enumerate(lines)])
        place = pd.DataFrame([{"place_id": place_id, "place_name": name,
                               "population": 1_000 + p}])
        store.replace_place(name, {"place": place, "spend_line": frame})


# 20 generated sets of places in the default run (each a fresh database file); 400 under
# pytest -m long.
GENERATED = settings(max_examples=20, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])


@GENERATED
@given(places=PLACES)
def test_sql_count_agrees_with_the_reference_to_the_penny(
        places: list[list[dict]], tmp_path_factory: pytest.TempPathFactory) -> None:
    _agrees_with_the_reference(places, tmp_path_factory)


@pytest.mark.long
def test_many_more_generated_places_count_as_the_reference_does(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    @settings(GENERATED, max_examples=400)
    @given(places=PLACES)
    def run(places: list[list[dict]]) -> None:
        _agrees_with_the_reference(places, tmp_path_factory)

    run()


def _agrees_with_the_reference(places: list[list[dict]],
                               tmp_path_factory: pytest.TempPathFactory) -> None:
    with Store(tmp_path_factory.mktemp("generated") / "count.duckdb") as store:
        _load(store, places)
        for year in YEARS:
            every = {c.place_name: c for c in count_service.counts_for_year(store, year)}
            for p, lines in enumerate(places):
                of_year = [line for line in lines if line["year"] == year]
                if not of_year:
                    assert f"Generated {p}" not in every
                    continue
                ref = reference_count(of_year)
                for count in (count_service.place_count(store, f"Generated {p}", year),
                              every[f"Generated {p}"]):
                    _agree(count, ref)


def _agree(count: count_service.Count, ref: ReferenceCount) -> None:
    assert (count.gross_pence, count.transfers_pence, count.net_pence,
            count.unmatched_pence) == (ref.gross, ref.transfers, ref.net, ref.unmatched)
    assert count.bodies_counted == len(ref.bodies)
    assert count.basis_pence == {b: ref.basis.get(b, 0) for b in BASES}
    divisions = dict(zip(count.by_division["code"], count.by_division["amount_pence"],
                         strict=True))
    assert {d: a for d, a in divisions.items() if a} == \
        {d: a for d, a in ref.division.items() if a}


def test_every_cofog_group_is_known_to_the_generator() -> None:
    assert set(GROUPS) <= set(COFOG_GROUPS)

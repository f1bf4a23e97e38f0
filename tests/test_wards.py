"""The count shared among wards, on a place whose every ward figure is known by hand, and on
the demo place, where ward totals must add back to the count to the penny."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from totalplace_core.cli import main
from totalplace_core.count import service as count_service
from totalplace_core.store import Store
from totalplace_core.wards import service as wards_service

PLACE, PLACE_ID = "Wardtown", "place-wardtown"
# Two wards of 500 residents: W1 old and needy (need 200), W2 young (need 100).
WARDS = [("W1", "North", 100, 300, 100, 200.0), ("W2", "South", 300, 100, 100, 100.0)]
LINES = [  # id, org, cofog, pence, ward_code, driver, transfer_to
    ("L1", "CNCL", "09.1", 100_000, "W1", None, None),        # a ward-coded actual: all W1
    ("L2", "NHS", "07.3", 100_000, None, "population", None),  # 50/50 by residents
    ("L3", "CNCL", "10.4", 40_000, None, None, None),          # default 0-17: 100 vs 300
    ("L4", "CNCL", "10.7", 30_001, None, None, None),          # default need: 2/3 vs 1/3
    ("L5", "DEPT", "04.1", 50_000, None, None, "RDA"),         # netted: RDA reports
    ("L6", "RDA", "04.1", 50_000, None, "population", None),   # 50/50
]


@pytest.fixture
def wardtown(empty_store: Store) -> Store:
    wards = pd.DataFrame([{"ward_id": f"w-{c}", "place_id": PLACE_ID, "ward_code": c,
                           "ward_name": n, "pop_0_17": a, "pop_18_64": b, "pop_65_plus": o,
                           "need_index": need} for c, n, a, b, o, need in WARDS])
    lines = pd.DataFrame([{"line_id": i, "place_id": PLACE_ID, "year": "2009-10",
                           "org_code": org, "cofog_code": cofog, "amount_pence": pence,
                           "basis": "actual", "source": "hand-made", "ward_code": ward,
                           "driver": driver, "transfer_to_org_code": to}
                          for i, org, cofog, pence, ward, driver, to in LINES])
    place = pd.DataFrame([{"place_id": PLACE_ID, "place_name": PLACE, "population": 1_000}])
    empty_store.replace_place(PLACE, {"place": place, "ward": wards, "spend_line": lines})
    return empty_store


def test_each_basis_reaches_the_wards_it_should(wardtown: Store) -> None:
    table = wards_service.wards(wardtown, PLACE, "2009-10").set_index("ward_code")
    # W1: 100,000 actual + 50,000 + 10,000 (0-17) + 20,001 (need, the odd penny by the
    # largest remainder) + 25,000; W2: 50,000 + 30,000 + 10,000 + 25,000. L5 is netted.
    assert table["amount_pence"].to_dict() == {"W1": 205_001, "W2": 115_000}
    assert table["actual_pence"].to_dict() == {"W1": 100_000, "W2": 0}
    assert table.loc["W1", "proxy_share_pct"] == round(100 * 105_001 / 205_001, 1)
    assert table.loc["W2", "proxy_share_pct"] == 100.0
    assert table.loc["W1", "per_head_pence"] == 410  # £4.10 a head
    assert table["amount_pence"].sum() == \
        count_service.place_count(wardtown, PLACE, "2009-10").net_pence


def test_editing_the_driver_table_changes_the_answer(wardtown: Store) -> None:
    before = wards_service.drivers(wardtown, PLACE)
    assert before.set_index("cofog_code").loc["10.4", "driver"] == "pop_0_17"
    after = before.copy()
    after.loc[after["cofog_code"] == "10.4", "driver"] = "population"
    assert wards_service.save_drivers(wardtown, PLACE, before, after) == 1
    table = wards_service.wards(wardtown, PLACE, "2009-10").set_index("ward_code")
    # L3 now 20,000 each instead of 10,000 to W1 and 30,000 to W2.
    assert table["amount_pence"].to_dict() == {"W1": 215_001, "W2": 105_000}


def test_one_function_only(wardtown: Store) -> None:
    table = wards_service.wards(wardtown, PLACE, "2009-10", divisions=["10"])
    assert table.set_index("ward_code")["amount_pence"].to_dict() == {"W1": 30_001,
                                                                       "W2": 40_000}


@pytest.mark.parametrize("year", ["2008-09", "2009-10"])
def test_demo_wards_add_back_to_the_count_to_the_penny(demo_store: Store, year: str) -> None:
    table = wards_service.wards(demo_store, "Harrowdale", year)
    assert len(table) == 21
    assert int(table["amount_pence"].sum()) == \
        count_service.place_count(demo_store, "Harrowdale", year).net_pence
    by_function = wards_service.ward_shares(demo_store, "Harrowdale", year, ("division",))
    assert int(by_function["amount_pence"].sum()) == int(table["amount_pence"].sum())


def test_cli_lists_every_ward(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(demo_copy), "wards", "--year", "2009-10", "--function", "10",
                 "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["function"] == "10" and len(found["wards"]) == 21
    with Store(demo_copy) as store:
        social = count_service.place_count(store, "Harrowdale", "2009-10").division_pence["10"]
    assert round(sum(w["amount_gbp"] for w in found["wards"]) * 100) == social
    assert {"code", "name", "population", "amount_gbp", "per_head_gbp",
            "basis_share_pct"} <= set(found["wards"][0])


def test_an_imported_ward_coded_line_is_that_wards_actual(demo_copy: Path) -> None:
    from totalplace_core.io import importer

    data = ("Financial year,Organisation code,COFOG group,Amount (£),Basis,Source,Ward code\n"
            "2009-10,HPCT,07.3,\"£1,000,000\",actual,PCT ward returns,HD01\n"
            "2009-10,HPCT,07.3,\"£500,000\",actual,PCT ward returns,HD02\n").encode()
    with Store(demo_copy) as store:
        before = wards_service.wards(store, "Harrowdale", "2009-10").set_index("ward_code")
        preview = importer.check_file(store, "wards.csv", data, "Harrowdale")
        assert preview.ok, preview.parsed.problems
        importer.commit(store, preview, "wards.csv", data)
        table = wards_service.wards(store, "Harrowdale", "2009-10").set_index("ward_code")
        gained = table["actual_pence"] - before["actual_pence"]  # HPCT had no actuals before
        assert gained["HD01"] == 1_000_000_00 and gained["HD02"] == 500_000_00
        assert gained.sum() == 1_500_000_00
        assert int(table["amount_pence"].sum()) == \
            count_service.place_count(store, "Harrowdale", "2009-10").net_pence
        bad = data.replace(b"HD02", b"HD99")
        refused = importer.check_file(store, "wards.csv", bad, "Harrowdale")
        assert any(p.value == "HD99" and "Wards sheet" in p.message
                   for p in refused.parsed.problems)


def test_a_driver_of_the_places_own(wardtown: Store) -> None:
    """The Wards sheet's Own driver column (say, benefit claimants): 3 in W1 for 1 in W2."""
    wards = wardtown.table("ward", PLACE_ID).assign(custom_driver=[3.0, 1.0])
    lines = pd.DataFrame([{"line_id": "C1", "place_id": PLACE_ID, "year": "2009-10",
                           "org_code": "CNCL", "cofog_code": "10.5", "amount_pence": 40_000,
                           "basis": "estimate", "source": "hand-made", "driver": "custom"}])
    place = pd.DataFrame([{"place_id": PLACE_ID, "place_name": PLACE, "population": 1_000}])
    wardtown.replace_place(PLACE, {"place": place, "ward": wards, "spend_line": lines})
    table = wards_service.wards(wardtown, PLACE, "2009-10").set_index("ward_code")
    assert table["amount_pence"].to_dict() == {"W1": 30_000, "W2": 10_000}

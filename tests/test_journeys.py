"""A family costed by hand: every total of its journey, its redesign, the price-year uplift and
the prevention sum, against figures worked out in this file."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest

from totalplace_core.journeys import service as journeys
from totalplace_core.journeys.domain import PreventionInputs
from totalplace_core.journeys.stops import editor_table
from totalplace_core.store import Store

PLACE = "Handmade"
# unit costs in 2008-09 prices (pounds)
COSTS = {"GP": 30, "AE": 120, "SW": 50, "KW": 40}
# (scenario, date, agency, unit cost, quantity, staff hours, km, avoidable, repeats)
STOPS = [
    ("current", date(2009, 4, 1), "NHS", "GP", 2, 1.0, 10, False, 0),
    ("current", date(2009, 5, 1), "NHS", "AE", 3, 2.0, 0, True, 1),
    ("current", date(2009, 6, 1), "CNCL", "SW", 4, 4.0, 20, True, 2),
    ("current", date(2009, 7, 1), "CNCL", "SW", 1, 0.5, 5, False, 0),
    ("redesigned", date(2009, 4, 1), "NHS", "GP", 1, 0.5, 0, False, 0),
    ("redesigned", date(2009, 4, 8), "VOL", "KW", 10, 10.0, 40, False, 0),
]
HOURLY, PER_KM = 2_500, 20  # pence: £25 an hour, 20p a km


def load(store: Store) -> None:
    pid = "place-handmade"
    store.replace_place(PLACE, {
        "place": pd.DataFrame([{"place_id": pid, "place_name": PLACE, "population": 1000,
                                "is_fictional": True}]),
        "organisation": pd.DataFrame([
            {"org_id": f"O{c}", "place_id": pid, "org_code": c, "org_name": n, "kind": k}
            for c, n, k in (("NHS", "Health", "NHS provider"), ("CNCL", "Council", "council"),
                            ("VOL", "Charity", "voluntary sector"))]),
        "unit_cost": pd.DataFrame([
            {"unit_cost_id": f"U{c}", "place_id": pid, "code": c, "service": f"Service {c}",
             "agency_kind": None, "unit": "unit", "cost_pence": p * 100,
             "price_year": "2008-09", "source": "hand"} for c, p in COSTS.items()]),
        "case_study": pd.DataFrame([{"case_id": "C1", "place_id": pid, "case_code": "FAM",
                                     "title": "The Hand family", "summary": "Made up.",
                                     "consent_checked": True, "hourly_rate_pence": HOURLY,
                                     "mileage_pence_per_km": PER_KM}]),
        "touchpoint": pd.DataFrame([
            {"touchpoint_id": f"T{i}", "place_id": pid, "case_code": "FAM", "scenario": s,
             "touch_date": d, "org_code": o, "unit_cost_code": u, "quantity": q,
             "staff_hours": h, "distance_km": km, "is_avoidable": a, "repeat_contacts": r}
            for i, (s, d, o, u, q, h, km, a, r) in enumerate(STOPS)])})
    store.replace_deflators(pd.DataFrame([
        {"year": "2008-09", "index_value": 96.0, "base_year": "2009-10", "source": "hand"},
        {"year": "2009-10", "index_value": 100.0, "base_year": "2009-10", "source": "hand"},
        {"year": "2010-11", "index_value": 102.0, "base_year": "2009-10", "source": "hand"}]))


@pytest.fixture
def store(empty_store: Store) -> Store:
    load(empty_store)
    return empty_store


def pence(value: float) -> int:
    """To the penny, halves up (UK money; Python's round() would go to even)."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def hand(scenario: str, agency: str | None = None, uplift: float = 1.0) -> dict[str, int]:
    rows = [s for s in STOPS if s[0] == scenario and (agency is None or s[2] == agency)]
    direct = sum(pence(COSTS[u] * 100 * uplift * q) for _, _, _, u, q, *_ in rows)
    staff = sum(pence(h * HOURLY) for _, _, _, _, _, h, *_ in rows)
    travel = sum(pence(km * PER_KM) for _, _, _, _, _, _, km, _, _ in rows)
    avoidable = sum(pence(COSTS[u] * 100 * uplift * q) + pence(h * HOURLY) + pence(km * PER_KM)
                    for _, _, _, u, q, h, km, a, _ in rows if a)
    return {"direct": direct, "staff": staff, "travel": travel,
            "total": direct + staff + travel, "avoidable": avoidable}


def test_a_journey_adds_up_to_the_hand_costed_figures(store: Store) -> None:
    family = journeys.journey(store, PLACE, "FAM", "2008-09")  # the costs' own price year
    totals, expected = family.totals(), hand("current")
    assert totals.stops == 4
    assert (totals.direct_pence, totals.staff_pence, totals.travel_pence) == (
        expected["direct"], expected["staff"], expected["travel"]) == (
        2 * 3000 + 3 * 12000 + 5 * 5000, 7.5 * 2500, 35 * 20)
    assert totals.total_pence == expected["total"]
    assert totals.avoidable_pence == expected["avoidable"]
    assert totals.repeat_contacts == 3
    by_agency = family.agencies().set_index("org_code")["total_pence"].to_dict()
    assert by_agency == {"NHS": hand("current", "NHS")["total"],
                         "CNCL": hand("current", "CNCL")["total"]}
    running = family.scenario("current")["running_pence"]
    assert running.iloc[-1] == totals.total_pence and running.is_monotonic_increasing
    assert family.costliest_stop()["unit_cost_code"] == "AE"  # £360 + 2 hours + 0 km
    assert family.most_repeated()["unit_cost_code"] == "SW"  # twice, and 2 repeat contacts


def test_costs_move_to_the_chosen_price_year_by_the_deflator_table(store: Store) -> None:
    later = journeys.journey(store, PLACE, "FAM", "2010-11").totals()
    assert later.direct_pence == hand("current", uplift=102 / 96)["direct"]
    assert later.staff_pence == hand("current")["staff"]  # rates are the case's own, as set
    library = journeys.unit_costs(store, PLACE, "2010-11").set_index("code")
    assert library.loc["AE", "cost_in_year_pence"] == pence(12_000 * 102 / 96)
    assert library.loc["AE", "cost_pence"] == 12_000


def test_the_redesign_saves_at_some_bodies_and_invests_at_others(store: Store) -> None:
    family = journeys.journey(store, PLACE, "FAM", "2008-09")
    change = family.redesign.set_index("org_code")["saving_pence"].to_dict()
    assert change == {
        "NHS": hand("current", "NHS")["total"] - hand("redesigned", "NHS")["total"],
        "CNCL": hand("current", "CNCL")["total"],
        "VOL": -hand("redesigned", "VOL")["total"]}
    assert change["VOL"] < 0 < change["CNCL"]
    first = family.redesign.iloc[0]
    assert first["saved_pence"] == change["NHS"] + change["CNCL"]
    assert first["invested_pence"] == -change["VOL"]


def test_the_prevention_sum_is_a_minus_b_plus_c(store: Store) -> None:
    family = journeys.journey(store, PLACE, "FAM", "2008-09")
    saved = int(family.redesign.iloc[0]["saved_pence"])
    invested = int(family.redesign.iloc[0]["invested_pence"])
    default = family.prevention
    assert (default.a_pence, default.b_pence, default.c_pence) == (
        saved * 200, invested * 200, 0)
    journeys.save_prevention(store, PLACE, "FAM", PreventionInputs(
        50, "families known to two or more agencies", 1_000_000_00, "the key-worker budget",
        250_000_00, "children's centres kept open"))
    stated = journeys.journey(store, PLACE, "FAM", "2008-09").prevention
    assert stated.a_pence == saved * 50
    assert stated.y_pence == saved * 50 - (1_000_000_00 + 250_000_00)
    assert [line[3] for line in stated.lines][1:3] == ["the key-worker budget",
                                                       "children's centres kept open"]
    with pytest.raises(ValueError, match="whole number from 1"):
        PreventionInputs(0)


def test_edited_stops_are_checked_by_row_and_saved_all_or_nothing(store: Store) -> None:
    family = journeys.journey(store, PLACE, "FAM", "2008-09")
    table = editor_table(family.scenario("current")).astype(object)
    table.loc[1, "Quantity"] = "three"
    table.loc[2, "Agency"] = "NOPE"
    table.loc[3, "Cost override (£)"] = "£75"
    with pytest.raises(journeys.StopProblems) as refused:
        journeys.save_stops(store, PLACE, "FAM", "current", table)
    assert refused.value.problems == [
        "Row 2, Quantity: is not a number (three).",
        "Row 3, Agency: 'NOPE' is not a known body code (NOPE).",
        "Row 4, Why overridden: say why the library's cost does not fit this stop."]
    unchanged = journeys.journey(store, PLACE, "FAM", "2008-09").totals()
    assert unchanged == family.totals()
    table.loc[1, "Quantity"], table.loc[2, "Agency"] = 5, "CNCL"
    table.loc[3, "Why overridden"] = "an evening visit"
    assert journeys.save_stops(store, PLACE, "FAM", "current", table) == 4
    after = journeys.journey(store, PLACE, "FAM", "2008-09").totals()
    # two more A&E attendances; the last stop costs £75 instead of £50
    assert after.direct_pence == family.totals().direct_pence + 2 * 12_000 + 2_500


def test_a_unit_cost_edit_is_a_new_version_and_the_latest_wins(store: Store) -> None:
    before = journeys.unit_costs(store, PLACE, "2008-09")
    library = before.assign(cost_gbp=before["cost_pence"] / 100)
    edited = library.copy()
    edited.loc[edited["code"] == "GP", "cost_gbp"] = 32.5
    assert journeys.save_unit_costs(store, PLACE, library, edited) == 1
    after = journeys.unit_costs(store, PLACE, "2008-09").set_index("code")
    assert after.loc["GP", "cost_pence"] == 3_250 and bool(after.loc["GP", "edited"])
    assert journeys.journey(store, PLACE, "FAM", "2008-09").totals().direct_pence == \
        hand("current")["direct"] + 2 * 250
    bad = edited.astype(object)
    bad.loc[bad["code"] == "AE", "cost_gbp"] = "lots"
    with pytest.raises(ValueError, match="Row 1, cost_gbp"):
        journeys.save_unit_costs(store, PLACE, library, bad)

"""`totalplace journey` on the demo place: the figures the page shows, as JSON and as text."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from totalplace_core.cli import main
from totalplace_core.journeys import service as journeys
from totalplace_core.store import Store

PLACE = "Harrowdale"


def _run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _gbp(values: list[float | int]) -> Decimal:
    """Pounds added exactly, as a reader adds them, not as floats do."""
    return sum((Decimal(str(v)) for v in values), Decimal(0))


@pytest.fixture
def ash(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    code, out, err = _run(capsys, demo_copy, "journey", "--case", "ASH", "--json")
    assert code == 0 and err == ""
    return json.loads(out)


def test_the_ashworths_cost_what_the_service_says(ash: dict, demo_copy: Path) -> None:
    assert (ash["case"], ash["alias"], ash["price_year"]) == ("ASH", "The Ashworth family",
                                                               "2009-10")
    assert len(ash["stops"]) == 39
    assert _gbp([s["direct_gbp"] for s in ash["stops"]]) == 53_979  # the figure
    assert ash["direct_gbp"] == 53_979
    with Store(demo_copy) as store:
        totals = journeys.journey(store, PLACE, "ASH", "2009-10").totals()
    assert _gbp([ash["total_gbp"]]) * 100 == totals.total_pence
    assert _gbp([ash["time_cost_gbp"]]) * 100 == totals.staff_pence
    assert _gbp([ash["travel_cost_gbp"]]) * 100 == totals.travel_pence
    assert _gbp([ash["avoidable_gbp"]]) * 100 == totals.avoidable_pence
    assert _gbp([s["total_gbp"] for s in ash["stops"]]) == _gbp([ash["total_gbp"]])
    assert ash["total_gbp"] == ash["scenarios"]["current"]["total_gbp"]


def test_by_agency_adds_up_to_the_total(ash: dict) -> None:
    agencies = ash["by_agency"]
    assert _gbp([a["total_gbp"] for a in agencies]) == _gbp([ash["total_gbp"]])
    assert _gbp([a["direct_gbp"] for a in agencies]) == 53_979
    assert _gbp([a["staff_gbp"] for a in agencies]) == _gbp([ash["time_cost_gbp"]])
    assert _gbp([a["travel_gbp"] for a in agencies]) == _gbp([ash["travel_cost_gbp"]])
    assert _gbp([a["avoidable_gbp"] for a in agencies]) == _gbp([ash["avoidable_gbp"]])
    for a in agencies:
        assert _gbp([a["direct_gbp"], a["staff_gbp"], a["travel_gbp"]]) == _gbp([a["total_gbp"]])
    assert sum(a["stops"] for a in agencies) == 39


def test_the_redesign_saving_by_agency_and_the_prevention_sum(ash: dict) -> None:
    scenarios = ash["scenarios"]
    saving = _gbp([scenarios["current"]["total_gbp"]]) - _gbp([scenarios["redesigned"]
                                                               ["total_gbp"]])
    assert _gbp([ash["saving_gbp"]]) == saving
    by_agency = ash["saving_by_agency"]
    assert _gbp([a["saving_gbp"] for a in by_agency]) == saving
    assert _gbp([a["saving_gbp"] for a in by_agency if a["side"] == "saves"]) == \
        _gbp([ash["saved_gbp"]])
    assert -_gbp([a["saving_gbp"] for a in by_agency if a["side"] == "invests"]) == \
        _gbp([ash["invested_gbp"]])
    assert {a["side"] for a in by_agency} == {"saves", "invests"}
    p = ash["prevention"]
    assert _gbp([p["Y"]]) == _gbp([p["A"]]) - (_gbp([p["B"]]) + _gbp([p["C"]]))
    assert _gbp([p["A"]]) == _gbp([ash["saved_gbp"]]) * p["cohort_size"]
    assert set(p["sources"]) == {"A", "B", "C", "cohort"}
    assert ash["rates"]["hourly_gbp"] == 30 and ash["rates"]["hourly_source"]


def test_the_redesigned_scenario_and_another_price_year(demo_copy: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    code, out, _ = _run(capsys, demo_copy, "journey", "--case", "ASH", "--scenario",
                        "redesigned", "--price-year", "2011-12", "--json")
    later = json.loads(out)
    assert code == 0 and later["scenario"] == "redesigned" and len(later["stops"]) == 14
    assert later["price_year"] == "2011-12"
    # Every demo cost is in 2009-10 prices: each stop's direct cost moves by 105.2 / 100.0.
    with Store(demo_copy) as store:
        base = journeys.journey(store, PLACE, "ASH", "2009-10").scenario("redesigned")
    for stop, pence in zip(later["stops"], base["unit_cost_pence"], strict=True):
        quantity = Decimal(str(stop["quantity"]))
        moved = (Decimal(int(pence)) * Decimal("1.052") * quantity).quantize(
            Decimal(1), rounding=ROUND_HALF_UP)
        assert _gbp([stop["direct_gbp"]]) * 100 == moved


def test_text_says_the_totals_and_the_sources(demo_copy: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, demo_copy, "journey", "--case", "ASH")
    assert code == 0
    assert out.startswith("The Ashworth family (ASH), Harrowdale: the current journey in "
                          "2009-10 prices")
    assert "direct £53,979" in out
    assert "Staff time at £30 an hour: an illustrative £30 an hour" in out
    assert "  Y  A - (B + C): contribution to the spending gap" in out


@pytest.mark.parametrize(("args", "message"), [
    (["--case", "NOPE"], "totalplace: Harrowdale has no case study 'NOPE'."),
    (["--case", "ASH", "--price-year", "1999-00"], "totalplace: No deflator for 1999-00"),
    (["--case", "ASH", "--place", "Nowhere"], "totalplace: No place called 'Nowhere'"),
])
def test_an_unknown_case_or_year_exits_2_with_one_line(demo_copy: Path, args: list[str],
                                                       message: str,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    code, out, err = _run(capsys, demo_copy, "journey", *args)
    assert code == 2 and out == ""
    assert err.startswith(message) and len(err.strip().splitlines()) == 1

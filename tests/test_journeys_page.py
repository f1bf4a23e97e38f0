"""The Family journeys page in AppTest: what the room sees is what the service says, a link
opens its family, projected it is one screen, and what is typed is checked before it is saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_runner import open_app
from totalplace_core.journeys import service as journeys
from totalplace_core.money import format_gbp, format_gbp_full
from totalplace_core.store import Store

PAGE = "pages/family_journeys.py"
PLACE, YEAR = "Harrowdale", "2009-10"
TOTAL = f"A year's cost, {YEAR} prices"
STOPS_EDITOR = "journey-stops-ASH-current-0"  # pages/journey_sections/stops_tab.editor_key


@pytest.fixture
def db(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TOTALPLACE_DB", str(demo_copy))
    return demo_copy


def family(db: Path, case: str = "ASH") -> journeys.Journey:
    with Store(db) as store:
        return journeys.journey(store, PLACE, case, YEAR)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def table_with(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def save_stops(edits: dict) -> AppTest:
    at = open_app(PAGE, case="ASH", state={"journey_tab": "Stops"})
    at.session_state[STOPS_EDITOR] = {"edited_rows": edits, "added_rows": [],
                                      "deleted_rows": []}
    at.button(key="journey_save_stops").click().run()
    assert not at.exception, at.exception
    return at


def test_the_headline_is_the_services_sum(db: Path) -> None:
    ash = family(db)
    totals = ash.totals()
    at = open_app(PAGE, case="ASH")
    assert at.title[0].value == "Family journeys"
    assert at.header[0].value == "The Ashworth family"
    shown = metrics(at)
    assert shown[TOTAL] == format_gbp(totals.total_pence) == "£65.5k"
    assert shown["Direct cost"] == format_gbp(totals.direct_pence) == "£54.0k"
    assert shown["Staff time"] == format_gbp(totals.staff_pence)
    assert shown["Travel"] == format_gbp(totals.travel_pence)
    assert shown["Avoidable"] == f"{100 * totals.avoidable_pence / totals.total_pence:.0f}%"
    assert shown["Stops"] == "39"
    assert shown["Costliest stop"] == format_gbp(int(ash.costliest_stop()["total_pence"]))
    assert not any("do not project" in w.value for w in at.warning)  # made up: checked
    by_agency = table_with(at, "Avoidable cost")
    assert list(by_agency["Body"]) == list(ash.agencies()["org_name"])
    assert by_agency["Cost"].iloc[0] == format_gbp_full(int(ash.agencies()["total_pence"][0]))
    assert by_agency["Body's spend"].iloc[0] == f"/count?body={ash.agencies()['org_code'][0]}"
    assert at.query_params["case"] == "ASH"  # a link to keep


def test_a_link_opens_that_family(db: Path) -> None:
    at = open_app(PAGE, case="BRE")
    assert "Brenda" in at.header[0].value
    assert metrics(at)[TOTAL] == format_gbp(family(db, "BRE").totals().total_pence)
    picker = at.sidebar.selectbox(key="_journey_case")
    assert picker.value == "BRE" and at.query_params["case"] == "BRE"
    picker.select("JAY").run()  # picked in the sidebar: the link follows
    assert at.header[0].value == "A young man leaving care"
    assert at.query_params["case"] == "JAY"
    at.query_params["case"] = "ASH"  # a link followed in the same session wins, once
    at.run()
    assert at.header[0].value == "The Ashworth family"
    assert at.sidebar.selectbox(key="_journey_case").value == "ASH"


def test_projected_it_is_the_story_the_figures_and_the_timeline(db: Path) -> None:
    at = open_app(PAGE, present=True, case="ASH")
    assert at.header[0].value == "The Ashworth family"
    assert any("Fourteen agencies" in m.value for m in at.markdown)
    assert list(metrics(at)) == [TOTAL, "Avoidable", "Stops"]
    assert len(at.get("plotly_chart")) == 1
    assert not at.data_editor and not at.tabs and not at.button
    assert not at.sidebar.selectbox  # nothing to pick on the projector


def test_a_bad_cell_is_named_and_nothing_is_saved(db: Path) -> None:
    before = family(db).totals()
    at = save_stops({0: {"Agency": "NOPE"}, 2: {"Quantity": -1}})
    assert "nothing was saved" in at.error[0].value
    problems = table_with(at, "Problem")
    assert problems.values.tolist() == [
        ["Row 1, Agency", "'NOPE' is not a known body code (NOPE)."],
        ["Row 3, Quantity", "is below zero (-1.0)."]]
    assert family(db).totals() == before
    assert metrics(at)[TOTAL] == format_gbp(before.total_pence)


def test_a_good_edit_changes_the_total_by_exactly_its_cost(db: Path) -> None:
    ash = family(db)
    first = ash.scenario("current").iloc[0]
    assert first["quantity"] == 1 and first["price_year"] == YEAR  # no uplift: exact pence
    at = save_stops({0: {"Quantity": 3.0}})
    assert at.success[0].value == "Saved 39 stop(s) of the journey now."
    after = family(db).totals()
    assert after.direct_pence == ash.totals().direct_pence + 2 * int(first["unit_cost_pence"])
    assert after.total_pence == ash.totals().total_pence + 2 * int(first["unit_cost_pence"])
    assert metrics(at)[TOTAL] == format_gbp(after.total_pence)


def test_who_saves_and_who_invests_is_the_services(db: Path) -> None:
    redesign = family(db).redesign
    at = open_app(PAGE, case="ASH", state={"journey_tab": "Redesign"})
    table = table_with(at, "Saves or invests")
    assert list(table["Body"]) == list(redesign["org_name"])
    assert list(table["Saving (+) or investment (-)"]) == [
        format_gbp_full(int(p)) for p in redesign["saving_pence"]]
    assert set(table["Saves or invests"]) == {"saves", "invests"}
    assert list(table["Body's spend"]) == [f"/count?body={c}" for c in redesign["org_code"]]
    assert metrics(at)["Change a year"] == format_gbp(
        int(redesign["redesigned_total_pence"][0] - redesign["current_total_pence"][0]))
    assert any("Savings land in different bodies from the investment" in m.value
               for m in at.markdown)


def test_the_prevention_sum_saves_and_adds_up(db: Path) -> None:
    saved = family(db).prevention.saved_per_family_pence
    at = open_app(PAGE, case="ASH", state={"journey_tab": "Prevention sum"})
    next(n for n in at.number_input if n.label == "Families like this one").set_value(50)
    fields = {t.label: t for t in at.text_input}
    fields["Why that many (the assumption)"].input("families known to three or more agencies")
    fields["B: new community investment (£)"].input("£1,000,000")
    fields["Where B comes from"].input("the key-worker budget")
    fields["C: universal provision sustained (£)"].input("250,000")
    fields["Where C comes from"].input("children's centres kept open")
    next(b for b in at.button if b.label == "Save the sum's inputs").click().run()
    assert not at.exception and not at.error
    assert at.success[0].value.startswith("Saved.")
    a, b, c = saved * 50, 100_000_000, 25_000_000
    total = family(db).prevention
    assert (total.a_pence, total.b_pence, total.c_pence, total.y_pence) == (a, b, c,
                                                                          a - (b + c))
    sum_line = next(m.value for m in at.markdown if "A - (B + C) = Y" in m.value)
    assert sum_line.endswith(f"{format_gbp(a)} - ({format_gbp(b)} + {format_gbp(c)}) = "
                             f"{format_gbp(a - (b + c))}")
    terms = table_with(at, "Term")
    assert terms["Figure"].iloc[3] == format_gbp_full(a - (b + c))
    assert "the key-worker budget" in terms["Source"].iloc[1]
    assert any("If 50 families like this" in m.value for m in at.markdown)


def test_a_bad_prevention_input_saves_nothing(db: Path) -> None:
    at = open_app(PAGE, case="ASH", state={"journey_tab": "Prevention sum"})
    fields = {t.label: t for t in at.text_input}
    fields["C: universal provision sustained (£)"].input("lots")
    next(b for b in at.button if b.label == "Save the sum's inputs").click().run()
    assert at.error[0].value.startswith("Nothing was saved: The universal provision (C)")
    assert family(db).prevention.inputs.cohort_size == 200  # the default still


def test_a_bad_unit_cost_edit_saves_nothing(db: Path) -> None:
    at = open_app(PAGE, case="ASH", state={"journey_tab": "Unit costs"})
    at.session_state["journey-costs-0"] = {"edited_rows": {0: {"source": ""}},
                                           "added_rows": [], "deleted_rows": []}
    at.button(key="journey_save_costs").click().run()
    assert at.error[0].value == "Nothing was saved: Row 1, source: is empty."
    with Store(db) as store:
        assert not journeys.unit_costs(store, PLACE, YEAR)["edited"].any()


def test_a_family_not_checked_for_consent_is_flagged_before_projecting(db: Path) -> None:
    with Store(db) as store:
        case = journeys.case_studies(store, "Harrowdale").set_index("case_code").loc["BRE"]
        journeys.save_case(store, "Harrowdale", "BRE", case["title"], case["summary"], False)
    at = open_app(PAGE, case="BRE")
    assert any("do not project" in w.value for w in at.warning)

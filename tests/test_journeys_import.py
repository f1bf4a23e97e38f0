"""Case studies imported whole from the template, into the demo place, through real workbooks:
a new family's journey costed to the penny by hand, a case made up for a stop that names no
case study, bad rows refused by sheet, row and column with nothing changed, and undo."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from totalplace_core.io import importer, report
from totalplace_core.io.spec import SHEET_BY_NAME
from totalplace_core.io.template import workbook
from totalplace_core.journeys import service as journeys
from totalplace_core.store import Store, StoreError

PLACE = "Harrowdale"
UNIT_COSTS = [  # code, service, kind, unit, £, price year, source
    ("UCN1", "Key worker visit", "council", "visit", 45.50, "2009-10", "Test: local rate"),
    ("UCN2", "Emergency admission", "NHS provider", "admission", 120, "2009-10", "Test"),
]
CASE = ["NEW", "The Newton family", "A made-up family for this test.", "yes", 25, 30]
MEMBERS = [["NEW", "NEW1", "mother", 34, "Lone parent"], ["NEW", "NEW2", "son", 9, None]]
TOUCH_HEADER = ["Case code", "Scenario", "Date", "Organisation code", "Unit cost code",
                "Quantity", "Staff hours", "Distance (km)", "Repeat contacts",
                "Emotional mark", "How it felt", "Avoidable?", "Cost override (£)",
                "Why overridden", "Note"]
STOPS = [  # the three stops of NEW's current journey
    ["NEW", "current", date(2009, 5, 1), "HMBC", "UCN1", 3, 2.5, 12, 2, -1, "Told again",
     "yes", None, None, "Third visit about the same thing"],
    ["NEW", "current", date(2009, 6, 10), "HHFT", "UCN2", 1, 1, 0, None, None, None, "no",
     None, None, "Admitted after a fall"],
    ["NEW", "current", date(2009, 7, 1), "HMBC", "UC001", 2, 0.5, 4.5, None, 1, "Listened to",
     None, 80, "Local tariff for the drop-in", "Drop-in"],
]
LONE = ["LONE", "current", date(2009, 8, 1), "HPA", "UC003", 1, None, None, None, None, None,
        "no", None, None, "A call-out"]

# By hand, in pence: unit cost x quantity; hours x £25; km x 30p; each rounded per stop.
DIRECT = {"HMBC": 3 * 4_550 + 2 * 8_000, "HHFT": 1 * 12_000}  # the override: £80 not £106
STAFF = {"HMBC": round(2.5 * 2_500) + round(0.5 * 2_500), "HHFT": 1 * 2_500}
TRAVEL = {"HMBC": 12 * 30 + round(4.5 * 30), "HHFT": 0}
AVOIDABLE = 3 * 4_550 + round(2.5 * 2_500) + 12 * 30  # the first stop only


def xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def headers(sheet: str) -> list[str]:
    return [c.header for c in SHEET_BY_NAME[sheet].columns]


def family_file(stops: list[list[object]] | None = None) -> bytes:
    return xlsx({
        "Unit costs": [headers("Unit costs"), *[list(r) for r in UNIT_COSTS]],
        "Case studies": [headers("Case studies"), CASE],
        "Case members": [headers("Case members"), *MEMBERS],
        "Touchpoints": [TOUCH_HEADER, *([*STOPS, LONE] if stops is None else stops)],
    })


@pytest.fixture
def store(demo_place: Path | str) -> Store:
    with Store(demo_place) as s:
        yield s


def check(store: Store, data: bytes) -> importer.Preview:
    return importer.check_file(store, "family.xlsx", data, PLACE)


def place_id(store: Store) -> str:
    return store.place(PLACE)["place_id"]


def test_a_new_family_is_imported_whole_and_costed_as_by_hand(store: Store) -> None:
    data = family_file()
    preview = check(store, data)
    assert preview.ok, report.as_text(preview.parsed)
    changes = preview.changes.set_index("sheet")
    assert changes.loc["Case studies", "added"] == 2  # NEW, and LONE made for its stop
    assert changes.loc["Touchpoints", "added"] == 4
    importer.commit(store, preview, "family.xlsx", data)

    family = journeys.journey(store, PLACE, "NEW", "2009-10")
    totals = family.totals()
    assert totals.stops == 3
    assert totals.direct_pence == sum(DIRECT.values()) == 41_650
    assert totals.staff_pence == sum(STAFF.values()) == 10_000
    assert totals.travel_pence == sum(TRAVEL.values()) == 495
    assert totals.total_pence == 41_650 + 10_000 + 495
    assert totals.avoidable_pence == AVOIDABLE == 20_260
    assert totals.repeat_contacts == 2
    agencies = family.agencies().set_index("org_code")
    for org in ("HMBC", "HHFT"):
        assert agencies.loc[org, "total_pence"] == DIRECT[org] + STAFF[org] + TRAVEL[org]
    assert family.case["title"] == "The Newton family" and family.case["consent_checked"]
    assert family.rates.hourly_pence == 2_500 and family.rates.per_km_pence == 30
    assert list(family.members["role"]) == ["mother", "son"]
    stops = family.scenario("current")
    drop_in = stops[stops["unit_cost_code"] == "UC001"].iloc[0]
    assert drop_in["overridden"] and drop_in["override_reason"] == "Local tariff for the drop-in"
    assert drop_in["emotional_note"] == "Listened to"
    scenarios = store.table("scenario", place_id(store))
    assert {("NEW", "current"), ("LONE", "current")} <= set(
        zip(scenarios["case_code"], scenarios["scenario"], strict=True))


def test_a_stop_for_a_case_on_no_sheet_makes_the_case_and_says_so(store: Store) -> None:
    data = family_file([LONE])
    preview = check(store, data)
    assert preview.ok, report.as_text(preview.parsed)
    assert preview.parsed.notices == [
        "Touchpoints row 2: case LONE is on no Case studies row and not yet loaded, so a case "
        "study titled 'LONE' was made for it (consent not checked). Add a Case studies row "
        "to give its alias and rates."]
    importer.commit(store, preview, "family.xlsx", data)
    cases = journeys.case_studies(store, PLACE).set_index("case_code")
    assert cases.loc["LONE", "title"] == "LONE" and not cases.loc["LONE", "consent_checked"]
    assert cases.loc["LONE", "stops"] == 1
    # Sent again, the case is known: no notice, nothing made twice.
    again = check(store, data)
    assert again.ok and again.parsed.notices == []
    assert again.changes.set_index("sheet").loc["Case studies", "added"] == 0


def test_a_journey_sent_again_replaces_that_case_and_scenario_only(store: Store) -> None:
    ash_before = journeys.journey(store, PLACE, "ASH", "2009-10").totals()
    first = family_file()
    importer.commit(store, check(store, first), "family.xlsx", first)
    second = family_file(STOPS[:1])
    preview = check(store, second)
    changes = preview.changes.set_index("sheet").loc["Touchpoints"]
    assert (changes["unchanged"], changes["removed"]) == (1, 2)
    importer.commit(store, preview, "family.xlsx", second)
    assert journeys.journey(store, PLACE, "NEW", "2009-10").totals().stops == 1
    assert journeys.journey(store, PLACE, "LONE", "2009-10").totals().stops == 1
    assert journeys.journey(store, PLACE, "ASH", "2009-10").totals() == ash_before


BAD = [
    ["NEW", "current", date(2009, 5, 1), "HMBC", "UCN1", 1, None, None, None, None, None,
     None, 50, None, "override, no reason"],
    ["NEW", "current", date(2009, 5, 2), "HMBC", "UCN1", 1, None, None, -1, None, None,
     None, None, None, "repeats below zero"],
    ["NEW", "current", date(2009, 5, 3), "HMBC", "UCN1", -1, None, None, None, None, None,
     None, None, None, "quantity below zero"],
    ["NEW", "current", date(2009, 5, 4), "HMBC", "UCN1", 1, None, None, None, 5, None,
     None, None, None, "feeling out of range"],
]


def test_bad_rows_are_refused_by_sheet_row_and_column_and_nothing_changes(store: Store
                                                                          ) -> None:
    before = store.row_counts(place_id(store))
    data = family_file(BAD)
    preview = check(store, data)
    text = report.as_text(preview.parsed)
    assert not preview.ok
    assert report.headline(preview.parsed) == ("Failed: 4 problems in 4 rows of family.xlsx. "
                                               "Nothing was imported.")
    for line in (
        "Touchpoints, column N (Why overridden), row 2: is empty but Cost override (£) is "
        "given. Fill in why overridden:",
        "Touchpoints, column I (Repeat contacts), row 3: '-1' is below zero. Give a number "
        "from 0 to 10,000.",
        "Touchpoints, column F (Quantity), row 4: '-1' is below zero. Give a number from 0 "
        "to 10,000.",
        "Touchpoints, column J (Emotional mark), row 5: '5' is more than 2. Give a number "
        "from -2 to 2.",
    ):
        assert line in text, text
    with pytest.raises(ValueError, match="passed its checks"):
        importer.commit(store, preview, "family.xlsx", data)
    assert store.row_counts(place_id(store)) == before


@pytest.mark.parametrize(("column", "value", "message"), [
    ("Staff hourly rate (£)", 1_000.01, "'1000.01' is more than £1,000. Give a number from "
                                        "£0 to £1,000."),
    ("Mileage rate (pence per km)", -3, "'-3' is below zero. Give a number from 0 to 1,000."),
    ("Mileage rate (pence per km)", "inf", "'inf' is not a number."),
])
def test_a_case_rate_out_of_range_is_refused(store: Store, column: str, value: object,
                                             message: str) -> None:
    case = dict(zip(headers("Case studies"), CASE, strict=True)) | {column: value}
    data = xlsx({"Case studies": [list(case), list(case.values())]})
    text = report.as_text(check(store, data).parsed)
    letter = "EF"[column.startswith("Mileage")]
    assert f"Case studies, column {letter} ({column}), row 2: {message}" in text, text


def test_members_of_a_family_no_sheet_names_are_refused(store: Store) -> None:
    data = xlsx({"Case members": [headers("Case members"), ["ZED", "ZED1", "father", 40]]})
    text = report.as_text(check(store, data).parsed)
    assert ("Case members, column A (Case code), row 2: 'ZED' is not a code on the Case "
            "studies sheet or already loaded.") in text, text
    # Members of a case a stop of the same file makes are fine.
    data = xlsx({"Case members": [headers("Case members"), ["LONE", "LONE1", "father", 40]],
                 "Touchpoints": [TOUCH_HEADER, LONE]})
    assert check(store, data).ok


def test_undo_removes_the_new_cases_their_stops_and_members(store: Store) -> None:
    before = store.row_counts(place_id(store))
    data = family_file()
    batch = importer.commit(store, check(store, data), "family.xlsx", data)
    assert set(journeys.case_studies(store, PLACE)["case_code"]) == {"ASH", "BRE", "JAY",
                                                                      "LONE", "NEW"}
    assert store.undo_import(batch) == "family.xlsx"
    assert set(journeys.case_studies(store, PLACE)["case_code"]) == {"ASH", "BRE", "JAY"}
    after = store.row_counts(place_id(store))
    assert after == before | {"import_batch": before["import_batch"] + 1}


def test_undo_refuses_when_the_page_changed_the_imported_journeys(store: Store) -> None:
    data = family_file()
    batch = importer.commit(store, check(store, data), "family.xlsx", data)
    journeys.save_stops(store, PLACE, "NEW", "current", pd.DataFrame([
        {"Date": date(2009, 9, 1), "Agency": "HMBC", "Unit cost": "UCN1", "Quantity": 1}]))
    before = store.row_counts(place_id(store))
    with pytest.raises(StoreError, match=r"the Family journeys page changed NEW: undo would"):
        store.undo_import(batch)
    assert store.row_counts(place_id(store)) == before


def test_undo_puts_back_the_stops_and_members_an_import_replaced(store: Store) -> None:
    ash = journeys.journey(store, PLACE, "ASH", "2009-10")
    data = xlsx({
        "Case studies": [headers("Case studies"),
                         ["ASH", "The Ashworths, retold", None, "yes", 40, None]],
        "Case members": [headers("Case members"), ["ASH", "ASH1", "mother", 37, None]],
        "Touchpoints": [TOUCH_HEADER, ["ASH", "current", date(2009, 4, 6), "HPA", "UC003", 1,
                                       None, None, None, None, None, "no", None, None, "x"]],
    })
    preview = check(store, data)
    assert preview.ok and preview.parsed.notices == [], report.as_text(preview.parsed)
    batch = importer.commit(store, preview, "ash.xlsx", data)
    retold = journeys.journey(store, PLACE, "ASH", "2009-10")
    assert retold.totals().stops == 1 and len(retold.members) == 1
    assert retold.rates.hourly_pence == 4_000  # the case's new rate costs both scenarios
    redesigned = retold.totals("redesigned")  # no redesigned stops in the file: kept
    assert (redesigned.stops, redesigned.direct_pence) == (ash.totals("redesigned").stops,
                                                           ash.totals("redesigned").direct_pence)
    store.undo_import(batch)
    back = journeys.journey(store, PLACE, "ASH", "2009-10")
    assert back.totals() == ash.totals() and back.case["title"] == "The Ashworth family"
    assert len(back.members) == len(ash.members)


def test_the_blank_template_has_the_journey_sheets_and_their_notes() -> None:
    book = openpyxl.load_workbook(io.BytesIO(workbook()))
    assert {"Unit costs", "Case studies", "Case members", "Touchpoints"} <= set(book.sheetnames)
    cases = [c.value for c in book["Case studies"][1]]
    assert cases[3:] == ["Consent and anonymisation checked", "Staff hourly rate (£)",
                         "Mileage rate (pence per km)"]
    stops = {c.value: c for c in book["Touchpoints"][1]}
    assert {"Repeat contacts", "Cost override (£)", "Why overridden", "How it felt"} <= set(stops)
    assert stops["Why overridden"].comment.text.startswith("Optional. Why the library's cost")
    intro = " ".join(str(c.value) for c in book["Instructions"]["A"])
    assert "makes a case study titled by its code" in intro

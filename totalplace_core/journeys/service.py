"""What pages and the CLI ask of family journeys, answered from the store's SQL and cached by
the data versions the answer depends on."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from totalplace_core.classifications import ORG_KINDS
from totalplace_core.count.service import body_link
from totalplace_core.io import parse
from totalplace_core.journeys import domain
from totalplace_core.journeys.domain import (
    PreventionInputs,
    PreventionSum,
    Rates,
    Totals,
    feeling,
    prevention_sum,
    rates_for,
    scenario_totals,
)
from totalplace_core.journeys.stops import (
    EDITOR_COLUMNS,
    Known,
    StopProblems,
    checked_stops,
    editor_table,
)
from totalplace_core.money import AmountError, parse_gbp, pence_from_decimal
from totalplace_core.store import Store, StoreError, require_place

__all__ = ["DEPENDS_ON", "EDITOR_COLUMNS", "Journey", "PreventionInputs", "PreventionSum",
           "Rates", "StopProblems", "Totals", "body_link", "case_studies", "feeling",
           "journey", "journey_html", "journey_pdf", "price_years", "save_case",
           "save_prevention", "save_stops", "save_unit_costs", "unit_costs"]
DEPENDS_ON = ("journeys", "spend")  # stops and costs; body names come with the spend
SCENARIOS = ("current", "redesigned")
_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,20}$")
LIBRARY_COLUMNS = ["code", "service", "agency_kind", "unit", "cost_gbp", "price_year", "source"]


def _place_id(store: Store, place_name: str) -> str:
    return require_place(store, place_name)["place_id"]


def case_studies(store: Store, place_name: str) -> pd.DataFrame:
    place_id = _place_id(store, place_name)
    return store.cached(("case_studies", place_id), DEPENDS_ON,
                        lambda: store.case_studies(place_id))


def price_years(store: Store) -> list[str]:
    """The years costs can be shown in: those of the deflator table."""
    return list(store.deflators()["year"])


def unit_costs(store: Store, place_name: str, price_year: str, search: str = ""
               ) -> pd.DataFrame:
    """The library as it stands, each cost also in `price_year`."""
    place_id = _place_id(store, place_name)
    return store.cached(("unit_costs", place_id, price_year, search), DEPENDS_ON,
                        lambda: store.unit_costs(place_id, price_year, search))


@dataclass(frozen=True)
class Journey:
    """Everything the page shows of one family, already summed in the store."""

    case: dict
    members: pd.DataFrame
    rates: Rates
    price_year: str
    stops: pd.DataFrame  # every stop of both scenarios, costed, with running totals
    by_agency: pd.DataFrame
    repeats: pd.DataFrame
    redesign: pd.DataFrame
    prevention: PreventionSum

    def scenario(self, name: str) -> pd.DataFrame:
        return self.stops[self.stops["scenario"] == name].reset_index(drop=True)

    def totals(self, scenario: str = "current") -> Totals:
        return scenario_totals(self.by_agency, scenario)

    def agencies(self, scenario: str = "current") -> pd.DataFrame:
        rows = self.by_agency[(self.by_agency["scenario"] == scenario)
                              & self.by_agency["org_code"].notna()]
        return rows.drop(columns="scenario").reset_index(drop=True)

    def costliest_stop(self) -> pd.Series | None:
        current = self.scenario("current")
        return None if current.empty else current.loc[current["total_pence"].idxmax()]

    def most_repeated(self) -> pd.Series | None:
        return None if self.repeats.empty else self.repeats.iloc[0]


def _inputs(saved: dict | None) -> PreventionInputs:
    if not saved:
        return PreventionInputs()
    investment = saved.get("investment_pence")
    return PreventionInputs(
        int(saved["cohort_size"]), str(saved["cohort_source"]),
        None if investment is None or pd.isna(investment) else int(investment),
        str(saved.get("investment_source") or ""), int(saved["universal_pence"]),
        str(saved["universal_source"]))


def journey(store: Store, place_name: str, case_code: str, price_year: str) -> Journey:
    """One family's journey, both scenarios, in `price_year` prices."""
    place_id = _place_id(store, place_name)

    def build() -> Journey:
        cases = store.case_studies(place_id)
        found = cases[cases["case_code"] == case_code]
        if found.empty:
            raise StoreError(f"{place_name} has no case study {case_code!r}.")
        case = found.iloc[0].to_dict()
        rates = rates_for(case)
        params = (place_id, case_code)
        redesign = store.journey_redesign(*params, price_year, rates.as_params())
        first = redesign.iloc[0] if len(redesign) else None
        saved = int(first["saved_pence"]) if first is not None else 0
        invested = int(first["invested_pence"]) if first is not None else 0
        return Journey(
            case, store.case_members(*params), rates, price_year,
            store.journey_stops(*params, SCENARIOS, price_year, rates.as_params()),
            store.journey_by_agency(*params, price_year, rates.as_params()),
            store.journey_repeats(*params, price_year, rates.as_params()), redesign,
            prevention_sum(saved, invested, _inputs(store.prevention_inputs(*params))))
    return store.cached(("journey", place_id, case_code, price_year), DEPENDS_ON, build)


def known(store: Store, place_name: str) -> Known:
    place_id = _place_id(store, place_name)
    orgs = store.table("organisation", place_id)["org_code"]
    codes = store.unit_costs(place_id, "")["code"]
    return Known(frozenset(orgs), frozenset(codes))


def save_stops(store: Store, place_name: str, case_code: str, scenario: str,
               table: pd.DataFrame) -> int:
    """The scenario's stops as edited, checked row by row and saved all or nothing
    (StopProblems names every bad cell; nothing is saved then)."""
    if scenario not in SCENARIOS:
        raise StopProblems([f"The scenario must be one of {', '.join(SCENARIOS)}."])
    rows = checked_stops(table, known(store, place_name))
    return store.save_stops(_place_id(store, place_name), case_code, scenario, rows)


def save_case(store: Store, place_name: str, case_code: str, title: str, summary: str,
              consent_checked: bool, hourly_gbp: float | None = None,
              per_km_pence: float | None = None) -> None:
    """A case study's story and rates, checked first."""
    if not _CODE.match(case_code or ""):
        raise ValueError("A case code is 1 to 20 letters, digits, '.', '-' or '_'.")
    if not (title or "").strip():
        raise ValueError("Give the family an alias, such as 'The Ashworth family'.")
    hourly = None if hourly_gbp is None else domain.finite_rate(hourly_gbp, "hourly rate",
                                                                 1_000)
    per_km = None if per_km_pence is None else domain.finite_rate(per_km_pence,
                                                                  "mileage rate", 1_000)
    store.save_case(_place_id(store, place_name), {
        "case_code": case_code.strip(), "title": parse.text(title),  # as typed, as imports
        "summary": parse.text(summary or ""), "consent_checked": consent_checked,
        "hourly_rate_pence": None if hourly is None else round(hourly * 100),
        "mileage_pence_per_km": per_km})


def save_prevention(store: Store, place_name: str, case_code: str,
                    inputs: PreventionInputs) -> None:
    store.add_prevention_inputs(_place_id(store, place_name), case_code, {
        "cohort_size": inputs.cohort_size, "cohort_source": inputs.cohort_source,
        "investment_pence": inputs.investment_pence,
        "investment_source": inputs.investment_source or None,
        "universal_pence": inputs.universal_pence,
        "universal_source": inputs.universal_source})


def _library_row(number: int, row: pd.Series) -> tuple[dict, list[str]]:
    problems, out = [], {}
    for column in ("code", "service", "unit", "source"):
        value = "" if pd.isna(row.get(column)) else parse.text(row.get(column))
        if not value:
            problems.append(f"Row {number}, {column}: is empty.")
        out[column] = value
    if out["code"] and not _CODE.match(out["code"]):
        problems.append(f"Row {number}, code: use letters, digits, '.', '-' or '_'.")
    kind = row.get("agency_kind")
    out["agency_kind"] = None if kind is None or pd.isna(kind) or not str(kind).strip() \
        else str(kind).strip()
    if out["agency_kind"] and out["agency_kind"] not in ORG_KINDS:
        problems.append(f"Row {number}, agency_kind: not one of {', '.join(ORG_KINDS)}.")
    try:
        pounds = parse_gbp(row.get("cost_gbp"))
        if pounds < 0:
            raise AmountError("is below zero")
        out["cost_pence"] = pence_from_decimal(pounds)
    except AmountError as exc:
        problems.append(f"Row {number}, cost_gbp: {exc.message}.")
    try:
        out["price_year"] = parse.year(row.get("price_year"))
    except parse.CellError as exc:
        problems.append(f"Row {number}, price_year: {exc.message}.")
    return out, problems


def save_unit_costs(store: Store, place_name: str, before: pd.DataFrame,
                    after: pd.DataFrame, edited_by: str | None = None) -> int:
    """New versions of the library rows that changed or were added (the latest wins), all
    or nothing; ValueError lists every problem by row and column."""
    old = {r["code"]: r for _, r in before[LIBRARY_COLUMNS].iterrows()}
    changed, problems = [], []
    for number, (_, row) in enumerate(after[LIBRARY_COLUMNS].iterrows(), start=1):
        if row.isna().all():
            continue
        out, found = _library_row(number, row)
        problems += found
        previous = old.get(out.get("code"))
        if not found and (previous is None or any(
                str(previous[c]) != str(row[c]) for c in LIBRARY_COLUMNS)):
            changed.append(out)
    if problems:
        raise ValueError("Nothing was saved: " + " ".join(problems))
    return store.add_unit_cost_edits(_place_id(store, place_name), pd.DataFrame(changed),
                                     edited_by)


# What the page asks of a journey beyond the journey itself.

def stop_editor(family: Journey, scenario: str) -> pd.DataFrame:
    """A scenario's stops as the stop editor shows them (codes, not names)."""
    return editor_table(family.scenario(scenario))


def choices(store: Store, place_name: str) -> tuple[dict[str, str], dict[str, str]]:
    """What a stop may name: body codes -> names, unit-cost codes -> services."""
    place_id = _place_id(store, place_name)

    def build() -> tuple[dict[str, str], dict[str, str]]:
        orgs = store.table("organisation", place_id)
        costs = store.unit_costs(place_id, "")
        return (dict(zip(orgs["org_code"], orgs["org_name"], strict=True)),
                dict(zip(costs["code"], costs["service"], strict=True)))
    return store.cached(("journey_choices", place_id), DEPENDS_ON, build)


def redesign_table(family: Journey) -> pd.DataFrame:
    """Who saves and who invests, by agency, each linked to its spend in the count."""
    r = family.redesign
    return pd.DataFrame({
        "org_name": r["org_name"], "current_pence": r["current_pence"],
        "redesigned_pence": r["redesigned_pence"], "saving_pence": r["saving_pence"],
        "side": ["saves" if p > 0 else "invests" if p < 0 else "no change"
                 for p in r["saving_pence"]],
        "spend_link": [body_link(code) for code in r["org_code"]]})


def cohort(family: Journey) -> tuple[int, int, int]:
    """The stated number of families like this one, and what they cost a year now and
    redesigned."""
    n = family.prevention.inputs.cohort_size
    return n, family.totals().total_pence * n, family.totals("redesigned").total_pence * n


def prevention_form(cohort_size: int, cohort_source: str, investment_gbp: str,
                    investment_source: str, universal_gbp: str, universal_source: str
                    ) -> PreventionInputs:
    """The prevention form's fields as inputs, money as typed (B left blank: the redesign's
    own added cost); ValueError in plain words."""
    def pence(text: str, name: str, blank: int | None) -> int | None:
        if not (text or "").strip():
            return blank
        try:
            return pence_from_decimal(parse_gbp(text))
        except AmountError as exc:
            raise ValueError(f"The {name}: {exc.message}.") from exc
    return PreventionInputs(
        int(cohort_size), (cohort_source or "").strip(),
        pence(investment_gbp, "community investment (B)", None),
        (investment_source or "").strip(),
        pence(universal_gbp, "universal provision (C)", 0), (universal_source or "").strip())


def journey_html(store: Store, place_name: str, case_code: str, price_year: str) -> str:
    """The family's journey write-up (one report engine: reports/)."""
    from totalplace_core.journeys import write_up  # write_up reads this module

    return write_up.journey_html(store, place_name, case_code, price_year)


def journey_pdf(store: Store, place_name: str, case_code: str, price_year: str) -> bytes:
    from totalplace_core.journeys import write_up

    return write_up.journey_pdf(store, place_name, case_code, price_year)

"""Family journeys in SQL: the unit-cost library as it stands (the latest edit of a code, else
the imported row), each stop costed in a chosen price year, and a journey's totals, timeline
and redesign by agency, summed where the stops are.

A stop costs its unit cost (an override if it has one, in the library cost's price year) times
its quantity, moved to the chosen price year by the deflator table (cost x index of the year /
index of its price year; left as it is, and said, when either year has no index), plus its
staff hours at the case's hourly rate and its distance at the case's mileage rate. Each part is
rounded to the penny once, per stop, so every total is a sum of whole pence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from totalplace_core.store.connection import Connection, new_id, now_utc
from totalplace_core.store.portable import insert_frame

_LIBRARY = """
    library AS (
        SELECT code, service, agency_kind, unit, cost_pence, price_year, source, edited
        FROM (SELECT code, service, agency_kind, unit, cost_pence, price_year, source,
                  created_at, true AS edited
              FROM unit_cost_edit WHERE place_id = $place
              UNION ALL
              SELECT code, service, agency_kind, unit, cost_pence, price_year, source,
                  NULL, false FROM unit_cost WHERE place_id = $place)
        QUALIFY row_number() OVER (PARTITION BY code
                                   ORDER BY edited DESC, created_at DESC) = 1),
    target AS (SELECT max(index_value) AS idx FROM deflator WHERE year = $price_year)"""

_STOPS = f"""
    WITH {_LIBRARY},
    rates AS (SELECT coalesce(max(hourly_rate_pence), $hourly) AS hourly,
                  coalesce(max(mileage_pence_per_km), $per_km) AS per_km
              FROM case_study WHERE place_id = $place AND case_code = $case),
    priced AS (
        SELECT t.*, o.org_name, o.kind AS org_kind, l.service, l.unit, l.price_year,
            l.source AS cost_source,
            coalesce(t.cost_override_pence, l.cost_pence) AS base_pence,
            d.index_value IS NOT NULL AND target.idx IS NOT NULL AS deflated,
            coalesce(target.idx / d.index_value, 1) AS uplift
        FROM touchpoint t
        LEFT JOIN library l ON l.code = t.unit_cost_code
        LEFT JOIN organisation o ON o.place_id = t.place_id AND o.org_code = t.org_code
        LEFT JOIN deflator d ON d.year = l.price_year, target
        WHERE t.place_id = $place AND t.case_code = $case
          AND (len($scenarios) = 0 OR list_contains($scenarios, t.scenario))),
    costed AS (
        SELECT p.*, CAST(round(base_pence * uplift) AS BIGINT) AS unit_cost_pence,
            CAST(round(base_pence * uplift * quantity) AS BIGINT) AS direct_pence,
            CAST(round(coalesce(staff_hours, 0) * rates.hourly) AS BIGINT) AS staff_pence,
            CAST(round(coalesce(distance_km, 0) * rates.per_km) AS BIGINT) AS travel_pence
        FROM priced p, rates)"""

_STOP_COLUMNS = """
    touchpoint_id, scenario, touch_date, org_code, coalesce(org_name, org_code) AS org_name,
    org_kind, unit_cost_code, service, unit, price_year, cost_source, deflated,
    cost_override_pence IS NOT NULL AS overridden, cost_override_pence, override_reason,
    unit_cost_pence, quantity,
    staff_hours, distance_km, direct_pence, staff_pence, travel_pence,
    direct_pence + staff_pence + travel_pence AS total_pence,
    coalesce(repeat_contacts, 0) AS repeat_contacts, emotional_mark, emotional_note,
    is_avoidable, note"""


class JourneyQueries(Connection):
    def unit_costs(self, place_id: str, price_year: str, search: str = "") -> pd.DataFrame:
        """The library as it stands, each cost also in `price_year` (when both years have a
        deflator); `search` narrows by code, service, unit, kind or source."""
        return self.df(f"""
            WITH {_LIBRARY}, d AS (SELECT year, index_value FROM deflator)
            SELECT code, service, agency_kind, unit, cost_pence, price_year,
                CAST(round(cost_pence * coalesce(target.idx / d.index_value, 1)) AS BIGINT)
                    AS cost_in_year_pence,
                d.index_value IS NOT NULL AND target.idx IS NOT NULL AS deflated,
                source, edited
            FROM library LEFT JOIN d ON d.year = library.price_year, target
            WHERE $search = '' OR concat_ws(' ', code, service, unit, agency_kind, source)
                ILIKE '%' || $search || '%'
            ORDER BY code""", {"place": place_id, "price_year": price_year, "search": search})

    def add_unit_cost_edits(self, place_id: str, rows: pd.DataFrame,
                            edited_by: str | None = None) -> int:
        """New versions of library costs (a new code adds a cost), all or nothing."""
        if rows.empty:
            return 0
        with self.transaction(("journeys",)) as cur:
            for row in rows.itertuples():
                cur.execute("INSERT INTO unit_cost_edit VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                            [new_id(), place_id, row.code, row.service, row.agency_kind,
                             row.unit, int(row.cost_pence), row.price_year, row.source,
                             edited_by, now_utc()])
        return len(rows)

    def case_studies(self, place_id: str) -> pd.DataFrame:
        """Every case with its members as one line and how many stops each scenario has."""
        return self.df("""
            SELECT c.case_code, c.title, c.summary, coalesce(c.consent_checked, false)
                    AS consent_checked, c.hourly_rate_pence, c.mileage_pence_per_km,
                (SELECT string_agg(m.role || coalesce(' (' || m.age || ')', ''), ', '
                                   ORDER BY m.age DESC NULLS LAST, m.member_code)
                 FROM case_member m WHERE m.place_id = c.place_id
                     AND m.case_code = c.case_code) AS members,
                (SELECT count(*) FROM touchpoint t WHERE t.place_id = c.place_id
                     AND t.case_code = c.case_code AND t.scenario = 'current') AS stops,
                (SELECT count(*) FROM touchpoint t WHERE t.place_id = c.place_id
                     AND t.case_code = c.case_code AND t.scenario = 'redesigned')
                    AS redesigned_stops
            FROM case_study c WHERE c.place_id = $place ORDER BY c.case_code""",
                       {"place": place_id})

    def case_members(self, place_id: str, case_code: str) -> pd.DataFrame:
        return self.df("SELECT member_code, role, age, description FROM case_member "
                       "WHERE place_id = ? AND case_code = ? ORDER BY age DESC NULLS LAST, "
                       "member_code", [place_id, case_code])

    def journey_stops(self, place_id: str, case_code: str, scenarios: Sequence[str],
                      price_year: str, rates: tuple[int, float]) -> pd.DataFrame:
        """Each stop costed, in date order, with the running total of its scenario."""
        return self.df(f"""{_STOPS}
            SELECT {_STOP_COLUMNS},
                CAST(sum(direct_pence + staff_pence + travel_pence) OVER (
                    PARTITION BY scenario ORDER BY touch_date, touchpoint_id) AS BIGINT)
                    AS running_pence
            FROM costed ORDER BY scenario, touch_date, touchpoint_id""",
                       self._journey_params(place_id, case_code, scenarios, price_year, rates))

    def journey_by_agency(self, place_id: str, case_code: str, price_year: str,
                          rates: tuple[int, float]) -> pd.DataFrame:
        """Per agency and scenario: stops, direct, staff time, travel, total, avoidable;
        and a row per scenario for all its agencies (org_code NULL)."""
        return self.df(f"""{_STOPS}
            SELECT scenario, org_code, org_name, count(*) AS stops,
                CAST(sum(direct_pence) AS BIGINT) AS direct_pence,
                CAST(sum(staff_pence) AS BIGINT) AS staff_pence,
                CAST(sum(travel_pence) AS BIGINT) AS travel_pence,
                CAST(sum(direct_pence + staff_pence + travel_pence) AS BIGINT) AS total_pence,
                CAST(coalesce(sum(direct_pence + staff_pence + travel_pence)
                     FILTER (WHERE is_avoidable), 0) AS BIGINT) AS avoidable_pence,
                CAST(sum(coalesce(repeat_contacts, 0)) AS BIGINT) AS repeat_contacts
            FROM (SELECT * REPLACE (coalesce(org_name, org_code) AS org_name) FROM costed)
            GROUP BY GROUPING SETS ((scenario, org_code, org_name), (scenario))
            ORDER BY scenario, org_code IS NOT NULL, total_pence DESC, org_code""",
                       self._journey_params(place_id, case_code, (), price_year, rates))

    def journey_repeats(self, place_id: str, case_code: str, price_year: str,
                        rates: tuple[int, float]) -> pd.DataFrame:
        """The current journey's stops of one kind with one agency, most repeated first."""
        return self.df(f"""{_STOPS}
            SELECT org_code, coalesce(org_name, org_code) AS org_name, unit_cost_code,
                service, count(*) AS times, CAST(sum(coalesce(repeat_contacts, 0)) AS BIGINT)
                    AS repeats,
                CAST(sum(direct_pence + staff_pence + travel_pence) AS BIGINT) AS total_pence
            FROM costed GROUP BY ALL
            ORDER BY times + repeats DESC, total_pence DESC, unit_cost_code""",
                       self._journey_params(place_id, case_code, ("current",), price_year,
                                            rates))

    def journey_redesign(self, place_id: str, case_code: str, price_year: str,
                         rates: tuple[int, float]) -> pd.DataFrame:
        """Per agency: the current and redesigned journey's cost and what changes (a saving
        if positive, an investment if negative); with, on every row, the savings and the
        investments added up apart, since they land on different bodies."""
        return self.df(f"""{_STOPS},
            agencies AS (
                SELECT org_code, coalesce(org_name, org_code) AS org_name,
                    CAST(coalesce(sum(direct_pence + staff_pence + travel_pence)
                         FILTER (WHERE scenario = 'current'), 0) AS BIGINT) AS current_pence,
                    CAST(coalesce(sum(direct_pence + staff_pence + travel_pence)
                         FILTER (WHERE scenario = 'redesigned'), 0) AS BIGINT)
                        AS redesigned_pence
                FROM costed GROUP BY ALL)
            SELECT *, current_pence - redesigned_pence AS saving_pence,
                CAST(sum(greatest(current_pence - redesigned_pence, 0)) OVER () AS BIGINT)
                    AS saved_pence,
                CAST(sum(greatest(redesigned_pence - current_pence, 0)) OVER () AS BIGINT)
                    AS invested_pence,
                CAST(sum(current_pence) OVER () AS BIGINT) AS current_total_pence,
                CAST(sum(redesigned_pence) OVER () AS BIGINT) AS redesigned_total_pence
            FROM agencies ORDER BY saving_pence DESC, org_code""",
                       self._journey_params(place_id, case_code, (), price_year, rates))

    @staticmethod
    def _journey_params(place_id: str, case_code: str, scenarios: Sequence[str],
                        price_year: str, rates: tuple[int, float]) -> dict[str, Any]:
        return {"place": place_id, "case": case_code, "scenarios": list(scenarios),
                "price_year": price_year, "hourly": rates[0], "per_km": rates[1]}

    def save_stops(self, place_id: str, case_code: str, scenario: str,
                   stops: pd.DataFrame) -> int:
        """A scenario's stops replaced by `stops` (touchpoint columns), all or nothing."""
        with self.transaction(("journeys",)) as cur:
            cur.execute("DELETE FROM touchpoint WHERE place_id = ? AND case_code = ? "
                        "AND scenario = ?", [place_id, case_code, scenario])
            if len(stops):
                rows = stops.assign(touchpoint_id=[new_id() for _ in range(len(stops))],
                                    place_id=place_id, case_code=case_code, scenario=scenario)
                insert_frame(cur, "touchpoint", rows)
            if not cur.execute("SELECT count(*) FROM scenario WHERE place_id = ? AND "
                               "case_code = ? AND scenario = ?",
                               [place_id, case_code, scenario]).fetchone()[0]:
                cur.execute("INSERT INTO scenario VALUES (?, ?, ?, ?, NULL, NULL)",
                            [new_id(), place_id, case_code, scenario])
        return len(stops)

    def save_case(self, place_id: str, case: dict[str, Any]) -> None:
        """A case study's story, consent check and rates: added, or changed in place."""
        with self.transaction(("journeys",)) as cur:
            cur.execute("DELETE FROM case_study WHERE place_id = ? AND case_code = ?",
                        [place_id, case["case_code"]])
            cur.execute("INSERT INTO case_study (case_id, place_id, case_code, title, summary, "
                        "consent_checked, hourly_rate_pence, mileage_pence_per_km) VALUES "
                        "(?, ?, ?, ?, ?, ?, ?, ?)",
                        [new_id(), place_id, case["case_code"], case["title"],
                         case.get("summary"), bool(case.get("consent_checked")),
                         case.get("hourly_rate_pence"), case.get("mileage_pence_per_km")])

    def prevention_inputs(self, place_id: str, case_code: str) -> dict[str, Any] | None:
        """The latest prevention-sum inputs saved for a case, or None."""
        found = self.df("SELECT * FROM prevention_input WHERE place_id = ? AND case_code = ? "
                        "ORDER BY created_at DESC LIMIT 1", [place_id, case_code])
        return None if found.empty else found.iloc[0].to_dict()

    def add_prevention_inputs(self, place_id: str, case_code: str, inputs: dict[str, Any],
                              edited_by: str | None = None) -> None:
        with self.transaction(("journeys",)) as cur:
            cur.execute(
                "INSERT INTO prevention_input VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [new_id(), place_id, case_code, inputs["cohort_size"],
                 inputs["cohort_source"], inputs.get("investment_pence"),
                 inputs.get("investment_source"), inputs["universal_pence"],
                 inputs["universal_source"], edited_by, now_utc()])

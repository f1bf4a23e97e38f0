"""One definition of every template column: it drives the blank template, the importer,
the field help on the Data page and the checks against the store's schema."""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import pandas as pd

from totalplace_core.classifications import (
    BASES,
    FLOW_KINDS,
    NODE_TIERS,
    ORG_KINDS,
)
from totalplace_core.io import limits

DRIVERS = ("ward_actual", "population", "pop_0_17", "pop_18_64", "pop_65_plus", "need_index",
           "custom")


@dataclass(frozen=True)
class Column:
    name: str  # the store's column (money columns end _gbp here and _pence in the store)
    header: str  # as the template writes it
    kind: str  # text | choice | cofog | money | integer | decimal | date | boolean | year
    required: bool
    description: str
    choices: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    # The range a number must lie in, checked on reading (io/ranges.py) with what its store
    # type holds (io/limits.py): DuckDB adds no CHECK with ADD COLUMN, and a rule the store
    # does have should be a message by row, not its refusal of the whole file.
    low: int | None = None
    high: int | None = None
    needs: str = ""  # another column whose value makes this one required
    store: str = ""  # the store's type, when not its kind's (limits.STORE_TYPES)
    above_low: bool = False  # the value must be more than `low`, not equal to it
    max_chars: int | None = limits.TEXT_LIMIT  # for text; None: the upload's size limits it

    @property
    def store_type(self) -> str:
        return self.store or limits.STORE_TYPES[self.kind]

    def bounds(self) -> tuple[Decimal | None, Decimal | None]:
        """The least and most a number may be, in the column's unit (pounds for money): the
        column's own range within what its store type holds. (None, None) for other kinds."""
        held = limits.held(self.store_type, self.kind)
        if held is None:
            return None, None
        low, high = held
        if self.low is not None:
            low = max(low, Decimal(self.low))
        if self.high is not None:
            high = min(high, Decimal(self.high))
        return low, high


@dataclass(frozen=True)
class Sheet:
    name: str
    table: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # what makes a row unique, for duplicates and the preview
    description: str

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _c(name: str, header: str, kind: str, required: bool, description: str,
       choices: tuple[str, ...] = (), aliases: tuple[str, ...] = (), low: int | None = None,
       high: int | None = None, needs: str = "", **more: object) -> Column:
    return Column(name, header, kind, required, description, choices, aliases, low, high,
                  needs, **more)


ORG_CODE = _c("org_code", "Organisation code", "text", True,
              "Short code of the body, as on the Organisations sheet (e.g. HMBC).")

SHEETS: tuple[Sheet, ...] = (
    Sheet("Place", "place", (
        _c("place_name", "Place name", "text", True, "The place the figures are for."),
        _c("population", "Population", "integer", True, "Residents, mid-year estimate.",
           low=1),
        _c("is_fictional", "Fictional?", "boolean", False, "Yes for made-up demo data."),
        _c("description", "Description", "text", False, "One or two sentences."),
        _c("boundary_geojson", "Boundary (GeoJSON)", "text", False,
           "The place's outline as GeoJSON; leave empty if you have none.", max_chars=None),
    ), ("place_name",), "The place: one row."),
    Sheet("Organisations", "organisation", (
        ORG_CODE,
        _c("org_name", "Organisation name", "text", True, "Full name of the body."),
        _c("kind", "Kind of body", "choice", True, "What sort of body it is.", ORG_KINDS),
    ), ("org_code",), "Every public body whose money is counted."),
    Sheet("Spend lines", "spend_line", (
        _c("year", "Financial year", "year", True, "Such as 2009-10."),
        ORG_CODE,
        _c("cofog_code", "COFOG group", "cofog", True,
           "UN COFOG group code such as 07.3, or its name (Hospital services)."),
        _c("theme", "Service line or theme", "text", False,
           "CIPFA service line or local theme, as the body records it."),
        _c("amount_gbp", "Amount (£)", "money", True,
           "Spend in the place in the year, in pounds (or £000 if the header says so)."),
        _c("basis", "Basis", "choice", True,
           "actual (from accounts), estimate (the body's own), proxy (shared by population).",
           BASES),
        _c("source", "Source", "text", True, "Where the figure comes from."),
        _c("funded_by_org_code", "Funded by (code)", "text", False,
           "If another body gave this money, its code."),
        _c("transfer_to_org_code", "Handed to (code)", "text", False,
           "If this line is money handed to another body that spends it, that body's code."),
        _c("ward_code", "Ward code", "text", False,
           "If the line is spent in one ward only (a ward-coded actual), that ward's code."),
        _c("driver", "Ward driver", "choice", False,
           "How the line is shared among wards when it has no ward code: population, an "
           "age band (pop_0_17, pop_18_64, pop_65_plus) or need_index; blank for the "
           "function's default.", DRIVERS),
        _c("note", "Note", "text", False, "Anything a reader should know."),
    ), ("year", "org_code", "cofog_code", "theme", "ward_code", "note"),
        "One line per body, function and year (or per ward, for ward-coded lines)."),
    Sheet("Flow nodes", "flow_node", (
        _c("node_code", "Node code", "text", True, "Short code of a box on the wall."),
        _c("node_name", "Node name", "text", True, "What the box says."),
        _c("tier", "Tier", "choice", True, "Where it stands from source to citizen.",
           NODE_TIERS),
        _c("org_code", "Organisation code", "text", False, "The body it is, if any."),
    ), ("node_code",), "The boxes of the mapping wall."),
    Sheet("Flows", "flow", (
        _c("year", "Financial year", "year", True, "Such as 2009-10."),
        _c("from_node_code", "From node", "text", True, "Node code money leaves."),
        _c("to_node_code", "To node", "text", True, "Node code money reaches."),
        _c("stream", "Funding stream", "text", True, "The name of the stream or grant."),
        _c("amount_gbp", "Amount (£)", "money", True, "In pounds, £0 or more.", low=0),
        _c("kind", "Kind of flow", "choice", True, "How the money moves.", FLOW_KINDS),
        _c("is_ring_fenced", "Ring-fenced?", "boolean", False, "Yes if ring-fenced."),
    ), ("year", "from_node_code", "to_node_code", "stream", "kind"),
        "Funding streams between nodes."),
    Sheet("Wards", "ward", (
        _c("ward_code", "Ward code", "text", True, "ONS or local ward code."),
        _c("ward_name", "Ward name", "text", True, "Name of the ward."),
        _c("pop_0_17", "Residents 0-17", "integer", True, "Children and young people.", low=0),
        _c("pop_18_64", "Residents 18-64", "integer", True, "Working-age adults.", low=0),
        _c("pop_65_plus", "Residents 65+", "integer", True, "Older people.", low=0),
        _c("need_index", "Need index", "decimal", False, "100 = place average."),
        _c("custom_driver", "Own driver", "decimal", False,
           "Any count of your own to share spending by (claimants, pupils, households): a "
           "line or function whose driver is 'custom' is shared in proportion to it."),
        _c("geometry_geojson", "Boundary (GeoJSON)", "text", False,
           "The ward's outline as a GeoJSON geometry; kept as it is if left empty.",
           max_chars=None),
    ), ("ward_code",), "Wards with their population by age band."),
    Sheet("Assets", "asset", (
        _c("asset_code", "Asset code", "text", True, "Unique code of the building."),
        ORG_CODE,
        _c("asset_name", "Asset name", "text", True, "Name of the building."),
        _c("kind", "Kind of building", "text", True, "Office, library, GP surgery ..."),
        # Each row needs one pair, Latitude/Longitude or Easting/Northing: checked row by
        # row in io/locations.py, so neither column is required on its own.
        _c("lat", "Latitude", "decimal", False,
           "WGS84, e.g. 53.48. Or leave Latitude and Longitude empty and give Easting and "
           "Northing. Postcodes are not converted.",
           low=-90, high=90),
        _c("lon", "Longitude", "decimal", False, "WGS84, e.g. -2.24.", low=-180, high=180),
        _c("easting", "Easting", "decimal", False,
           "British National Grid metres (0 to 700,000), e.g. 383800; used where Latitude "
           "and Longitude are empty.",
           low=0, high=700_000),
        _c("northing", "Northing", "decimal", False,
           "British National Grid metres (0 to 1,300,000), e.g. 398200.", low=0,
           high=1_300_000),
        _c("ward_code", "Ward code", "text", False, "Ward it stands in."),
        _c("floor_area_m2", "Floor area (m²)", "integer", False, "Gross internal area.",
           low=0),
        _c("running_cost_gbp", "Running cost (£ a year)", "money", True,
           "Annual running cost in pounds, £0 or more.", low=0),
        _c("utilisation_pct", "Utilisation (%)", "decimal", False, "0-100.", low=0,
           high=100),
        _c("tenure", "Tenure", "text", False, "Freehold, leasehold, PFI."),
    ), ("asset_code",), "Public buildings of every body, each placed by Latitude and "
        "Longitude or by Easting and Northing (a Postcode column is not read)."),
    Sheet("Unit costs", "unit_cost", (
        _c("code", "Unit cost code", "text", True, "Unique code, e.g. UC001."),
        _c("service", "Service", "text", True, "What is delivered."),
        _c("agency_kind", "Kind of agency", "choice", False, "Who delivers it.", ORG_KINDS),
        _c("unit", "Unit", "text", True, "Per hour, per visit ..."),
        _c("cost_gbp", "Cost (£)", "money", True, "Cost of one unit in pounds, £0 or more.",
           low=0),
        _c("price_year", "Price year", "year", True, "Such as 2009-10."),
        _c("source", "Source", "text", True, "Where the cost comes from."),
    ), ("code",), "The shared unit-cost library."),
    Sheet("Case studies", "case_study", (
        _c("case_code", "Case code", "text", True,
           "Short code of the family's story (e.g. ASH), as the Touchpoints sheet gives it."),
        _c("title", "Title", "text", True, "The family's alias, e.g. The Ashworth family."),
        _c("summary", "Summary", "text", False, "A few sentences, anonymised."),
        _c("consent_checked", "Consent and anonymisation checked", "boolean", False,
           "Yes once the family's consent is recorded and the story anonymised."),
        _c("hourly_rate_gbp", "Staff hourly rate (£)", "money", False,
           "What an hour of staff time costs on this family's stops, £0 to £1,000; leave "
           "empty for an illustrative £30.", low=0, high=1_000),
        _c("mileage_pence_per_km", "Mileage rate (pence per km)", "decimal", False,
           "What a kilometre of travel costs, 0 to 1,000 pence; leave empty for HMRC's 40p "
           "a mile (24.9p a km).", low=0, high=1_000,
           store="DECIMAL(10, 3)"),
    ), ("case_code",), "Families whose journeys are costed: one row each."),
    Sheet("Case members", "case_member", (
        _c("case_code", "Case code", "text", True, "Which family, as on Case studies."),
        _c("member_code", "Member code", "text", True, "Short code of the person."),
        _c("role", "Role", "text", True, "Mother, son, grandparent ..."),
        _c("age", "Age", "integer", False, "Age in years, 0 to 120.", low=0, high=120),
        _c("description", "Description", "text", False, "Anonymised."),
    ), ("case_code", "member_code"), "The people in each family; a file's members of a "
        "family replace those loaded."),
    # The limits are the stop editor's (journeys/stops.py LIMITS): more is a typo.
    Sheet("Touchpoints", "touchpoint", (
        _c("case_code", "Case code", "text", True,
           "Which family's journey; a code on no Case studies row and not yet loaded makes "
           "a new case study titled by its code."),
        _c("scenario", "Scenario", "choice", True, "current or redesigned.",
           ("current", "redesigned")),
        _c("date", "Date", "date", True, "Day of the contact."),
        ORG_CODE,
        _c("unit_cost_code", "Unit cost code", "text", True, "From the Unit costs sheet."),
        _c("quantity", "Quantity", "decimal", True, "How many units, 0 to 10,000.",
           low=0, high=10_000, store="DECIMAL(10, 2)"),
        _c("staff_hours", "Staff hours", "decimal", False,
           "Time spent by staff, 0 to 10,000 hours.", low=0, high=10_000,
           store="DECIMAL(8, 2)"),
        _c("distance_km", "Distance (km)", "decimal", False, "Travel, 0 to 100,000 km.",
           low=0, high=100_000, store="DECIMAL(8, 2)"),
        _c("repeat_contacts", "Repeat contacts", "integer", False,
           "Times the family had to make the same contact again (calls, visits), 0 or more.",
           low=0, high=10_000),
        _c("emotional_mark", "Emotional mark", "integer", False,
           "-2 (a very low point) to +2 (a high point).",
           low=-2, high=2, store="SMALLINT"),
        _c("emotional_note", "How it felt", "text", False,
           "The family's words, or what the worker saw, anonymised."),
        _c("is_avoidable", "Avoidable?", "boolean", False, "Yes if it need not happen."),
        _c("cost_override_gbp", "Cost override (£)", "money", False,
           "The cost of one unit, £0 or more, when the library's does not fit this stop.",
           low=0),
        _c("override_reason", "Why overridden", "text", False,
           "Why the library's cost does not fit: needed with a cost override.",
           needs="cost_override_gbp"),
        _c("note", "Note", "text", False, "What happened, anonymised."),
    ), ("case_code", "scenario", "date", "org_code", "unit_cost_code", "note"),
        "Stops on a family's journey through services; a file's stops for a case and "
        "scenario replace those loaded."),
)
HEADER_WORDS = Path(__file__).with_name("header_words.csv")


def _with_header_words(sheets: tuple[Sheet, ...]) -> tuple[Sheet, ...]:
    """Each column with the other words officers head it with, kept as data in
    header_words.csv (sheet, column, header_word; sheet * for every sheet with the column)
    so a new spelling is a line added there, not code."""
    words: dict[tuple[str, str], list[str]] = {}
    with HEADER_WORDS.open(newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            words.setdefault((row["sheet"], row["column"]), []).append(row["header_word"])
    return tuple(replace(sheet, columns=tuple(
        replace(c, aliases=(*words.get((sheet.name, c.name), ()),
                            *words.get(("*", c.name), ())))
        for c in sheet.columns)) for sheet in sheets)


SHEETS = _with_header_words(SHEETS)
SHEET_BY_NAME: dict[str, Sheet] = {s.name: s for s in SHEETS}


def field_help() -> pd.DataFrame:
    """The template's columns for the Data page's help table."""
    return pd.DataFrame([
        {"Sheet": s.name, "Column": c.header, "Required": "yes" if c.required else "",
         "What it wants": c.description + (f" One of: {', '.join(c.choices)}." if c.choices
                                           else "")}
        for s in SHEETS for c in s.columns])

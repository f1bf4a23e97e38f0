"""The Wards page in AppTest: the map, a ward by link, a function, presenting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.app_runner import open_app
from totalplace_core.count import service as count_service
from totalplace_core.money import format_gbp
from totalplace_core.store import Store
from totalplace_core.wards import service as wards_service

PAGE = "pages/ward_explorer.py"


@pytest.fixture
def db(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TOTALPLACE_DB", str(demo_copy))
    return demo_copy


def deck(at) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def test_the_map_has_every_ward_outlined_and_named_with_no_basemap(db: Path) -> None:
    at = open_app(PAGE)
    assert at.title[0].value == "Wards"
    spec = deck(at)
    layers = {layer["@@type"]: layer for layer in spec["layers"]}
    assert set(layers) == {"GeoJsonLayer", "TextLayer"}
    assert len(layers["GeoJsonLayer"]["data"]["features"]) == 21
    assert len(layers["TextLayer"]["data"]) == 21
    assert spec.get("mapProvider") is None  # no basemap; the browser test sees no request
    table = next(d.value for d in at.dataframe if "Ward code" in d.value.columns)
    assert len(table) == 21


def test_a_ward_by_link_shows_its_figures(db: Path) -> None:
    at = open_app(PAGE, ward="HD05")
    with Store(db) as store:
        row = wards_service.wards(store, "Harrowdale", "2009-10").set_index("ward_code") \
            .loc["HD05"]
    values = {m.label: m.value for m in at.metric}
    assert values[f"Spent in {row['ward_name']}"] == format_gbp(int(row["amount_pence"]))
    assert values["Share that is a proxy"] == f"{row['proxy_share_pct']:.0f}%"


def test_one_function_adds_back_to_the_count(db: Path) -> None:
    at = open_app(PAGE, state={"ward_fn": "10", "ward_tab": "Every ward"})
    table = next(d.value for d in at.dataframe if "Ward code" in d.value.columns)
    with Store(db) as store:
        social = count_service.place_count(store, "Harrowdale", "2009-10").division_pence["10"]
    total = sum(int(v.replace("£", "").replace(",", "").replace(".", "")) *
                (1 if "." in v else 100) for v in table["Amount"])
    assert total == social


def test_this_ward_lists_its_functions_and_bodies(db: Path) -> None:
    at = open_app(PAGE, state={"ward_tab": "This ward"}, ward="HD01")
    frames = [d.value for d in at.dataframe]
    assert len(frames) == 2 and all("Proxy share (%)" in f.columns for f in frames)
    assert frames[0]["Share (%)"].sum() == pytest.approx(100, abs=0.6)
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"Ward factsheet (PDF)", "Ward factsheet (HTML, prints from any browser)"} <= \
        set(labels)


def test_presenting_shows_the_map_and_one_headline(db: Path) -> None:
    at = open_app(PAGE, present=True, ward="HD01")
    assert len(at.tabs) == 0 and len(at.dataframe) == 0
    assert len(at.get("deck_gl_json_chart")) == 1
    assert next(m.label for m in at.metric).startswith("Spent in ")


def test_a_ward_name_written_as_markdown_stays_text(db: Path) -> None:
    import duckdb

    con = duckdb.connect(str(db))  # a name as a hostile Wards sheet might carry it
    con.execute("UPDATE ward SET ward_name = '[click](javascript:alert(1)) **Bold**' "
                "WHERE ward_code = 'HD01'")
    con.close()
    at = open_app(PAGE, ward="HD01", state={"ward_tab": "This ward"})
    label = next(m.label for m in at.metric if m.label.startswith("Spent in"))
    assert label == r"Spent in \[click\]\(javascript\:alert\(1\)\) \*\*Bold\*\*"
    assert not at.exception

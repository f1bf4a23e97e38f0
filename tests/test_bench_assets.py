"""The asset bench section (bench/assets_bench.py, store/bench_asset_floors.py): the estate it
generates holds what it says, the same rows every time, with co-location groups to find; and
the section returns its figures by name. Nothing here is timed: speed is `totalplace bench`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from totalplace_core.assets import service
from totalplace_core.bench import SECTIONS, assets_bench
from totalplace_core.classifications import ORG_KINDS
from totalplace_core.store import Store

SMALLEST = assets_bench.SIZES[0]


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("assets-bench") / "estate.duckdb"
    with Store(path) as store:
        name = assets_bench.make_estate(store, SMALLEST)
    return path, name


def test_the_estate_holds_what_was_asked(estate: tuple[Path, str]) -> None:
    path, name = estate
    with Store(path) as store:
        place_id = store.place(name)["place_id"]
        (n, bodies, low_use, high_use, low_cost, high_cost, lat0, lat1, lon0, lon1,
         no_ward) = store.rows("""
            SELECT count(*), count(DISTINCT a.org_code), min(utilisation_pct),
                max(utilisation_pct), min(running_cost_pence), max(running_cost_pence),
                min(lat), max(lat), min(lon), max(lon), count(*) FILTER (w.ward_code IS NULL)
            FROM asset a LEFT JOIN ward w USING (place_id, ward_code)
            WHERE place_id = ?""", [place_id])[0]
        orgs = store.rows("SELECT org_code, kind FROM organisation WHERE place_id = ?",
                          [place_id])
    assert n == SMALLEST and bodies == len(assets_bench.OWNERS) == 12
    assert {code for code, _ in orgs} == set(assets_bench.OWNERS)
    assert {kind for _, kind in orgs} <= set(ORG_KINDS)
    assert 0 <= low_use < 5 and 95 < high_use <= 100
    assert 2_000_000 <= low_cost < high_cost <= 200_000_000  # £20k to £2m, in pence
    assert 53.3 < lat0 < 53.5 < lat1 < 53.7 and -2.4 < lon0 < -2.2 < lon1 < -2.0
    assert no_ward == 0


def test_the_same_rows_every_time(estate: tuple[Path, str], tmp_path: Path) -> None:
    with Store(tmp_path / "again.duckdb") as again:
        assets_bench.make_estate(again, SMALLEST)
        second = again.rows("SELECT * EXCLUDE (batch_id) FROM asset ORDER BY asset_code")
    with Store(estate[0]) as first:
        assert first.rows("SELECT * EXCLUDE (batch_id) FROM asset ORDER BY asset_code") \
            == second


def test_the_finder_finds_groups_in_it(estate: tuple[Path, str]) -> None:
    path, name = estate
    with Store(path) as store:
        found = service.colocation(store, name)
    assert len(found.groups) > 1 and (found.groups["bodies"] >= 2).all()


def test_the_section_is_listed() -> None:
    assert SECTIONS["assets"] == "assets_bench"


def test_every_figure_by_name(tmp_path: Path) -> None:
    figures = assets_bench.measure(tmp_path, sizes=(1_000, 2_000), repeat=1, all_pairs_n=1_000,
                                   target_n=2_000)
    names = [f.name for f in figures]
    patterns = [r"co-location, 1,000 buildings \([\d,]+ groups\)",
                r"co-location, 1,000 buildings, against all pairs",
                r"co-location, 2,000 buildings \([\d,]+ groups\)",
                r"co-location, 2,000 buildings, against the issue's 2 s",
                r"growth 1,000 -> 2,000 buildings \(2 = linear, 4 = n²\)"]
    assert len(names) == len(patterns)
    assert all(re.fullmatch(p, name) for p, name in zip(patterns, names, strict=True)), names
    assert all(f.value > 0 and f.floor and f.floor > 0 for f in figures)
    assert [f.goal for f in figures] == [None, None, assets_bench.FLOOR_GOAL, 1.0,
                                         assets_bench.GROWTH_GOAL]
    assert int(re.search(r"\(([\d,]+) groups", names[2]).group(1).replace(",", "")) > 0

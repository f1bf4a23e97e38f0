"""Generated bench data (store/bench_data.py, bench/datasets.py) at a tiny spec: counts as asked,
the same rows every time, a count with transfers netted and unmatched, wards that add up, flow
graphs without cycles, physical (place, year) order, and files made once and reused."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pytest

from totalplace_core.bench import datasets
from totalplace_core.classifications import COFOG_GROUPS, NODE_TIERS, ORG_KINDS
from totalplace_core.count import service as count_service
from totalplace_core.io.spec import DRIVERS
from totalplace_core.store import Store
from totalplace_core.store.bench_data import JOIN_ALPHABET, TABLES, generate
from totalplace_core.workshop.join_codes import JOIN_ALPHABET as WORKSHOP_ALPHABET

YEARS = ("2008-09", "2009-10")
SPEC = replace(datasets.SPECS["county"], scale="tiny", places=3, years=YEARS, spend_lines=600,
               flows=80, assets=60, workshop_entries=90, wards_per_place=5)
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, int]]:
    """The tiny spec generated twice, into two files."""
    paths = [tmp_path_factory.mktemp("bench") / f"{n}.duckdb" for n in ("a", "b")]
    counts = []
    for path in paths:
        with Store(path) as store:
            counts.append(generate(store, SPEC))
    assert counts[0] == counts[1]
    return paths[0], paths[1], counts[0]


@pytest.fixture
def store(made: tuple[Path, Path, dict[str, int]]) -> Store:
    with Store(made[0]) as opened:
        yield opened


def test_rows_as_the_spec_asks(made: tuple[Path, Path, dict[str, int]], store: Store) -> None:
    counts = made[2]
    assert {t: counts[t] for t in ("place", "spend_line", "flow", "asset", "deflator")} == {
        "place": 3, "spend_line": 600, "flow": 80, "asset": 60, "deflator": 2}
    assert counts["force"] + counts["orid_answer"] == 90
    assert counts["force"] > 0 and counts["orid_answer"] > 0
    assert counts["workshop_session"] == 3 * SPEC.sessions_per_place
    assert counts["organisation"] == 3 * len(datasets.BODIES)
    assert counts["flow_node"] == 3 * len(datasets.NODES)
    assert 3 * 4 <= counts["ward"] <= 3 * 6  # 5 a place on average, 4 to 6
    for table, n in counts.items():  # what generate says is what the file holds
        assert store.rows(f"SELECT count(*) FROM {table}")[0][0] == n
    per_place_year = store.rows("SELECT count(*) FROM spend_line GROUP BY place_id, year")
    assert sorted(n for (n,) in per_place_year) == [100] * 6
    assert {y for (y,) in store.rows("SELECT DISTINCT year FROM spend_line")} == set(YEARS)


def test_same_spec_same_rows_ids_included(made: tuple[Path, Path, dict[str, int]]) -> None:
    with Store(made[0]) as a, Store(made[1]) as b:
        for table in TABLES:
            first = a.rows(f"SELECT * FROM {table} ORDER BY ALL")
            assert first == b.rows(f"SELECT * FROM {table} ORDER BY ALL"), table
    with Store(made[0]) as a:
        ids = [i for (i,) in a.rows("SELECT line_id FROM spend_line")]
    assert len(set(ids)) == 600 and all(UUID.match(i) for i in ids)


def test_every_place_year_has_netted_and_unmatched_transfers(store: Store) -> None:
    bodies = defaultdict(set)
    for place_id, code in store.rows("SELECT place_id, org_code FROM organisation"):
        bodies[place_id].add(code)
    reporting = defaultdict(set)
    for place_id, year, code in store.rows("SELECT DISTINCT place_id, year, org_code "
                                           "FROM spend_line"):
        reporting[place_id, year].add(code)
    transfers = store.rows("SELECT place_id, year, org_code, transfer_to_org_code FROM "
                           "spend_line WHERE transfer_to_org_code IS NOT NULL")
    assert len(transfers) == 60  # one line in ten
    matched, unmatched = defaultdict(int), defaultdict(int)
    for place_id, year, code, to in transfers:
        assert to in bodies[place_id] and to != code  # another body of the same place
        if to in reporting[place_id, year]:
            matched[place_id, year] += 1
        else:
            unmatched[place_id, year] += 1
    assert set(matched) == set(unmatched) == set(reporting)
    assert sum(unmatched.values()) == 6  # one transfer in ten, one a place-year here
    assert all(len(codes) == 29 for codes in reporting.values())  # all but the silent one


def test_the_count_runs_on_it(store: Store) -> None:
    for name, population in store.rows("SELECT place_name, population FROM place"):
        for year in YEARS:
            count = count_service.place_count(store, name, year)
            assert count.population == population
            assert 0 < count.net_pence < count.gross_pence
            assert count.transfers_pence > 0 and count.unmatched_pence > 0
            assert sum(count.basis_pence.values()) == count.net_pence
            assert all(v > 0 for v in count.basis_pence.values())


def test_wards_add_up_to_their_place(store: Store) -> None:
    rows = store.rows("SELECT p.population, sum(w.pop_0_17 + w.pop_18_64 + w.pop_65_plus), "
                      "min(w.need_index), max(w.need_index) FROM place p "
                      "JOIN ward w USING (place_id) GROUP BY p.place_id, p.population")
    assert len(rows) == 3
    for population, wards, low, high in rows:
        assert 100_000 <= population <= 1_200_000
        assert wards == population
        assert 70 <= low <= high <= 130


def test_flows_climb_the_tiers_without_cycles(store: Store) -> None:
    tier = {(p, code): NODE_TIERS.index(t)
            for p, code, t in store.rows("SELECT place_id, node_code, tier FROM flow_node")}
    edges = defaultdict(set)
    for place_id, year, source, target in store.rows(
            "SELECT place_id, year, from_node_code, to_node_code FROM flow"):
        assert tier[place_id, source] < tier[place_id, target]  # so no cycle can form
        edges[place_id, year].add((source, target))
    for graph in edges.values():  # and, checked directly, each graph sorts topologically
        remaining = set(graph)
        while remaining:
            targets = {t for _, t in remaining}
            sources = {s for s, _ in remaining if s not in targets}
            assert sources, "a cycle"
            remaining = {(s, t) for s, t in remaining if s not in sources}


def test_assets_sit_in_their_places_wards(store: Store) -> None:
    bad = store.rows("""SELECT count(*) FROM asset a LEFT JOIN ward w
        ON w.place_id = a.place_id AND w.ward_code = a.ward_code
        WHERE w.ward_code IS NULL OR a.lat NOT BETWEEN 50 AND 55.8
            OR a.lon NOT BETWEEN -3 AND 1 OR a.utilisation_pct NOT BETWEEN 0 AND 100""")
    assert bad == [(0,)]


def test_lines_lie_in_place_and_year_order(store: Store) -> None:
    order = store.rows("SELECT place_id, year FROM spend_line ORDER BY rowid")
    assert order == sorted(order)


def test_vocabulary_fits_the_app() -> None:
    bodies = datasets.BODIES
    assert {b.kind for b in bodies} == set(ORG_KINDS)
    assert set().union(*(b.cofogs for b in bodies)) == set(COFOG_GROUPS)
    assert set(datasets.WORDS.drivers) <= set(DRIVERS)
    assert JOIN_ALPHABET == WORKSHOP_ALPHABET
    codes = {b.code for b in bodies}
    nodes = {n[0] for n in datasets.NODES}
    assert {n[3] for n in datasets.NODES} - {None} <= codes
    assert {a[2] for a in datasets.WORDS.assets} <= codes
    assert {e[0] for e in datasets.EDGES} | {e[1] for e in datasets.EDGES} <= nodes


def test_a_file_is_made_once_and_reused(tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(datasets.SPECS, "county", replace(SPEC, scale="county"))
    path = tmp_path / "county.duckdb"
    assert datasets.prepare("county", path) == path
    made = path.stat().st_mtime_ns
    assert datasets.prepare("county", path) == path and path.stat().st_mtime_ns == made
    assert datasets.describe(path).startswith(
        "3 places, ") and ", 2 years, 600 spend lines, 80 flows, 60 assets, 90 workshop " \
        "entries; " in datasets.describe(path)
    with Store(path) as store:
        places = sorted(store.rows("SELECT population, place_name FROM place"))
    assert datasets.bench_place(path) == places[1][1]
    assert datasets.bench_year(path) == "2009-10"


def test_a_file_it_did_not_make_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "real.duckdb"
    Store(path).close()
    before = path.read_bytes()
    with pytest.raises(ValueError, match="not made by totalplace bench"):
        datasets.prepare("county", path)
    assert path.read_bytes() == before

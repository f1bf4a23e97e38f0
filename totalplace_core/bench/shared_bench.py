"""The shared PostgreSQL store beside the embedded file, on the same data (issue 18).

The bench's file is loaded into a PostgreSQL database: `TOTALPLACE_BENCH_PG` (an address where
the bench may create and drop a database), else a throwaway cluster of the distribution's
server started for the run (bench/scratch_postgres.py). Then, each as a ratio to the same
thing on the embedded file, measured in the same run:

- the count of one place-year read on a server's local copy (what the app does), and the same
  SQL run by DuckDB over the attached PostgreSQL tables (the road not taken);
- one workshop entry written, alone, and by 40 writers at once (p95 to one writer's p95);
- how long a write on one server takes to reach another server's copy (goal 2 s);
- a server's start: its first copy of the whole store, to opening the embedded file."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from totalplace_core.bench import datasets
from totalplace_core.bench.timing import Figure, median_s
from totalplace_core.bench.workshop_bench import _p, _run_writers
from totalplace_core.store import Store, pg_admin
from totalplace_core.workshop import service as ws

WRITERS, CALLS = 40, 10


@contextmanager
def _database() -> Iterator[str]:
    """A new database on TOTALPLACE_BENCH_PG's server, or on a throwaway cluster."""
    admin = os.environ.get("TOTALPLACE_BENCH_PG")
    cluster = None
    if not admin:
        from totalplace_core.bench.scratch_postgres import Cluster

        cluster = Cluster()
        admin = cluster.url()
    name = f"totalplace_bench_{os.getpid()}"
    try:
        pg_admin.create_database(admin, name)
        yield admin.rsplit("/", 1)[0] + f"/{name}"
        pg_admin.drop_database(admin, name)
    finally:
        if cluster is not None:
            cluster.stop()


def _reads(data: Path, url: str, scale: str) -> list[Figure]:
    place_name = datasets.bench_place(data)
    with Store(data) as embedded:
        place = embedded.place(place_name)
        year = embedded.years(place["place_id"])[-1]
    # The headline reads the count's summary table; the breakdown by body classifies and
    # sums the place-year's lines themselves.
    reads = {"shared, count (summary)":
             lambda s: s.count_totals(year, place["place_id"]),
             "shared, by body (lines)":
             lambda s: s.count_breakdown(year, ["org_code"], place["place_id"])}
    figures = []
    with Store(data) as embedded, Store(url) as shared:
        for name, read in reads.items():
            floor = median_s(lambda read=read: read(embedded))
            copy = median_s(lambda read=read: read(shared))
            with pg_admin.reading_over_attached(shared) as attached:
                over = median_s(lambda read=read: read(attached), repeat=3)
            figures += [
                Figure(f"{name}: on the server's copy", copy * 1000, floor * 1000,
                       floor_name="embedded file", goal=2),
                Figure(f"{name}: over attached PostgreSQL", over * 1000,
                       floor * 1000, floor_name="embedded file")]
    return figures


def _writes(data: Path, url: str, work: Path) -> list[Figure]:
    figures = []
    for label, address in (("embedded file", work / "shared-bench.duckdb"), ("shared", url)):
        if isinstance(address, Path):
            address.write_bytes(data.read_bytes())
        with Store(address) as store:
            place = ws.places(store)[0][0]
            alone = ws.create_session(store, place, "Bench: one", "force_field")["session_id"]
            crowd = ws.create_session(store, place, "Bench: 40", "force_field")["session_id"]
            one: list[float] = []
            many: list[float] = []
            _run_writers(store, alone, 1, 10, "warm", [], [])
            _run_writers(store, alone, 1, WRITERS * CALLS // 4, "one", one, [])
            _run_writers(store, crowd, WRITERS, CALLS, "many", many, [])
        figures.append((label, _p(one, 0.5), _p(one, 0.95), _p(many, 0.95)))
    (_, e50, _, _), (_, s50, s95, m95) = figures
    return [
        Figure("shared, add_force alone: p50", s50, e50, floor_name="embedded file p50"),
        Figure(f"shared, add_force, {WRITERS} writers at once: p95", m95, s95,
               floor_name="one writer p95", goal=5),
    ]


def _across(url: str) -> list[Figure]:
    """A write on server A until server B's copy has it: 20 entries, one at a time."""
    lags: list[float] = []
    with Store(f"{url}?application_name=a") as a, Store(f"{url}?application_name=b") as b:
        place = ws.places(a)[0][0]
        sid = ws.create_session(a, place, "Bench: across", "force_field")["session_id"]
        while b.workshop_session(sid) is None:
            time.sleep(0.01)
        for i in range(20):
            row = ws.add_force(a, sid, "driving", f"across {i}", 3, "A", "phone-a")
            began = time.perf_counter()
            while row["force_id"] not in set(b.entries("force", sid)["force_id"]):
                time.sleep(0.005)
            lags.append(time.perf_counter() - began)
            time.sleep(0.1)
    return [Figure("shared, a write on server A seen on B: p95", _p(lags, 0.95), 2000.0,
                   floor_name="the 2 s asked for", goal=1)]


def _start(data: Path, url: str) -> list[Figure]:
    embedded = median_s(lambda: Store(data).close(), repeat=3)
    shared = median_s(lambda: Store(url).close(), repeat=3)
    return [Figure("shared, a server starts (its first copy)", shared * 1000,
                   embedded * 1000, floor_name="opening the embedded file")]


def run(data: Path, scale: str, work: Path) -> list[Figure]:
    with _database() as url:
        began = time.perf_counter()
        pg_admin.load_file(data, url)
        loaded = time.perf_counter() - began
        figures = [Figure("shared, the bench's file loaded into it", loaded, unit="s")]
        figures += _start(data, url)
        figures += _reads(data, url, scale)
        figures += _writes(data, url, work)
        figures += _across(url)
    return figures

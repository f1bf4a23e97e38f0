"""Workshop writes: 40 phones adding forces at once against one phone alone.

As the app runs them: one process, one `Store` (one DuckDB connection) shared by every
thread, each browser session in its own thread calling `add_force` as the join page does.
Each of the 40 adds `CALLS` forces back to back (no think time: the worst burst a room can
make); latency is timed per call, from call to return. One writer alone makes the same calls,
one after another, `ROUNDS` times 40 x 25 in all. The two take turns, a round each, so a
machine busy with something else slows both alike. Afterwards the file is closed and opened
again, and every acknowledged force is looked for by its text: one missing, or stored
differently from what the call returned, counts as lost. `scale` changes nothing here: a room
is 40 phones whatever the size of the place (the file is copied, so `data` is left as it was)."""

from __future__ import annotations

import shutil
import statistics
import threading
import time
from pathlib import Path
from typing import Any

from totalplace_core.bench.timing import Figure
from totalplace_core.store import Store
from totalplace_core.workshop import service as ws

WRITERS = 40
CALLS = 25  # per writer and round
ROUNDS = 4  # of the one writer, then the 40 (the one writer makes WRITERS*CALLS/ROUNDS a round)
WARMUP = 20


def _p(times: list[float], q: float) -> float:
    """The q-quantile (0..1) of `times`, in ms (inclusive method: no extrapolation)."""
    return statistics.quantiles(times, n=100, method="inclusive")[round(q * 100) - 1] * 1000


def _write(store: Store, sid: str, writer: str, calls: int, start: threading.Barrier | None,
           times: list[float], acked: list[dict[str, Any]], errors: list[Exception]) -> None:
    if start is not None:
        start.wait()
    for i in range(calls):
        text = f"{writer} force {i}"
        began = time.perf_counter()
        try:
            row = ws.add_force(store, sid, ("driving", "restraining")[i % 2], text,
                               1 + i % 5, f"Writer {writer}", f"phone-{writer}")
        except Exception as exc:  # counted as lost below
            errors.append(exc)
            continue
        times.append(time.perf_counter() - began)
        acked.append(row)


def _run_writers(store: Store, sid: str, writers: int, calls: int, tag: str,
                 times: list[float], acked: list[dict[str, Any] | None]) -> None:
    """`writers` threads at once, each making `calls` calls; appends to `times`, `acked`."""
    errors: list[Exception] = []
    start = threading.Barrier(writers) if writers > 1 else None
    threads = [threading.Thread(target=_write, args=(store, sid, f"{tag}w{w}", calls, start,
                                                     times, acked, errors))
               for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    acked += [None] * len(errors)


def _lost(path: Path, sid: str, acked: list[dict[str, Any] | None]) -> int:
    """Acknowledged forces not on disk as returned (plus calls that failed)."""
    with Store(path) as fresh:
        stored = fresh.entries("force", sid).set_index("text")
    lost = 0
    for row in acked:
        if row is None or row["text"] not in stored.index:
            lost += 1
            continue
        found = stored.loc[[row["text"]]]
        if len(found) != 1 or found["force_id"].iloc[0] != row["force_id"] \
                or int(found["strength"].iloc[0]) != row["strength"]:
            lost += 1
    return lost


def run(data: Path, scale: str, work: Path) -> list[Figure]:
    path = work / "workshop.duckdb"
    shutil.copy(data, path)
    wal = data.with_name(data.name + ".wal")
    if wal.exists():
        shutil.copy(wal, path.with_name(path.name + ".wal"))
    with Store(path) as store:
        place = ws.places(store)[0][0]
        alone = ws.create_session(store, place, "Bench: one phone", "force_field")["session_id"]
        crowd = ws.create_session(store, place, "Bench: 40 phones", "force_field")["session_id"]
        warm = ws.create_session(store, place, "Bench: warm-up", "force_field")["session_id"]
        _run_writers(store, warm, 1, WARMUP, "warm", [], [])
        one_times: list[float] = []
        many_times: list[float] = []
        one_acked: list[dict[str, Any] | None] = []
        many_acked: list[dict[str, Any] | None] = []
        for r in range(ROUNDS):
            _run_writers(store, alone, 1, WRITERS * CALLS // ROUNDS, f"r{r}",
                         one_times, one_acked)
            _run_writers(store, crowd, WRITERS, CALLS, f"r{r}", many_times, many_acked)
    lost = _lost(path, alone, one_acked) + _lost(path, crowd, many_acked)
    one_p50, one_p95 = _p(one_times, 0.50), _p(one_times, 0.95)
    many_p50, many_p95 = _p(many_times, 0.50), _p(many_times, 0.95)
    return [
        Figure("add_force, one writer alone: p50", one_p50),
        Figure("add_force, one writer alone: p95", one_p95),
        Figure(f"add_force, {WRITERS} writers at once: p50", many_p50, one_p50,
               floor_name="one writer p50"),
        Figure(f"add_force, {WRITERS} writers at once: p95", many_p95, one_p95,
               floor_name="one writer p95", goal=5),
        Figure(f"forces lost (of {len(one_acked) + len(many_acked):,} calls)",
               float(lost), unit="rows"),
    ]

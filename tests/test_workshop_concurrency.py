"""Many phones writing at once: nothing acknowledged is lost, nothing lands after a close.

Against a real DuckDB file, through the functions the join page calls, with threads sharing
one Store as Streamlit's sessions do. No timings are asserted here (see `totalplace bench
--section workshop` for those)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from totalplace_core import workshop as ws
from totalplace_core.store import Store, StoreError
from totalplace_core.store.workshop import SessionClosedError
from totalplace_core.store.write_queue import GroupCommit

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def store_copy(demo_place: Path | str) -> Iterator[Store]:
    with Store(demo_place) as store:
        yield store


def _session(store: Store, kind: str = "force_field", title: str = "Youth offer") -> str:
    return ws.create_session(store, "Harrowdale", title, kind)["session_id"]


def _run(threads: Sequence[threading.Thread]) -> None:
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
        assert not t.is_alive(), "a writer never returned"


def _by_text(path: Path, table: str, sid: str) -> pd.DataFrame:
    """What a fresh connection finds in the file, keyed by the text people typed."""
    with Store(path) as fresh:
        return fresh.entries(table, sid).set_index("text")


# -- many at once -----------------------------------------------------------------------------
def test_forty_phones_at_once_lose_nothing_and_every_acknowledged_entry_is_on_disk(
        demo_copy: Path) -> None:
    acked: list[tuple[str, dict[str, Any]]] = []
    errors: list[Exception] = []
    with Store(demo_copy) as store:
        field, orid = _session(store), _session(store, "orid", "Reflection")
        start = threading.Barrier(40)

        def phone(n: int) -> None:
            start.wait()
            try:
                for i in range(12):
                    if n % 4 == 3:  # a quarter answer an ORID session in the same batches
                        row = ws.add_answer(store, orid, "objective", f"P{n} answer {i}",
                                            f"Person {n}", f"phone-{n}")
                        acked.append(("orid_answer", row))
                    else:
                        row = ws.add_force(store, field, ("driving", "restraining")[i % 2],
                                           f"P{n} force {i}", 1 + i % 5, f"Person {n}",
                                           f"phone-{n}")
                        acked.append(("force", row))
            except Exception as exc:  # asserted below
                errors.append(exc)

        _run([threading.Thread(target=phone, args=(n,)) for n in range(40)])
    assert errors == []
    assert len(acked) == 480
    stored = {"force": _by_text(demo_copy, "force", field),  # the file, opened afresh
              "orid_answer": _by_text(demo_copy, "orid_answer", orid)}
    assert (len(stored["force"]), len(stored["orid_answer"])) == (360, 120)
    for table, row in acked:  # each call returned the row that is stored
        on_disk = stored[table].loc[row["text"]]
        id_column = "force_id" if table == "force" else "answer_id"
        assert on_disk[id_column] == row[id_column]
        assert on_disk["created_at"] == row["created_at"]
        assert (on_disk["author"], on_disk["participant_id"]) == (
            row["author"], row["participant_id"])
    assert stored["force"].index.is_unique and stored["orid_answer"].index.is_unique


# -- a close racing entries -------------------------------------------------------------------
@pytest.mark.parametrize("round_", range(3))
def test_an_entry_racing_a_close_is_refused_or_committed_before_the_close(
        demo_copy: Path, round_: int) -> None:
    accepted: list[tuple[dict[str, Any], float]] = []  # (row, when the call began)
    refused: list[str] = []
    errors: list[Exception] = []
    after_close: dict[str, float] = {}  # when close_session returned; entries in the file then
    with Store(demo_copy) as store:
        sid = _session(store)

        def phone(n: int) -> None:
            for i in range(10_000):
                text, began = f"P{n} force {i}", time.perf_counter()
                try:
                    accepted.append((ws.add_force(store, sid, "driving", text, 3, None), began))
                except SessionClosedError:
                    refused.append(text)
                    return
                except Exception as exc:  # asserted below
                    errors.append(exc)
                    return

        def facilitator() -> None:
            while len(accepted) < 60 + 40 * round_:
                time.sleep(0.001)
            ws.close_session(store, sid)
            after_close["returned"] = time.perf_counter()
            with Store(demo_copy) as other:  # what is committed just after the close
                after_close["stored"] = len(other.entries("force", sid))

        _run([threading.Thread(target=phone, args=(n,)) for n in range(20)]
             + [threading.Thread(target=facilitator)])
        versions = store.session_versions(sid)
    assert errors == [] and len(refused) == 20  # every phone was told, none failed otherwise
    close = versions[versions["status"] == "closed"].iloc[0]
    stored = _by_text(demo_copy, "force", sid)
    # Nothing was committed after the close: the file holds what it held when the close was
    # done, every entry kept was stamped before the close, and every refused one is absent.
    assert len(stored) == after_close["stored"] == len(accepted)
    assert (stored["created_at"] < close["created_at"]).all()
    assert {row["text"] for row, _ in accepted} == set(stored.index)
    assert not set(stored.index) & set(refused)
    # And no call begun after close_session returned was accepted.
    assert [row for row, began in accepted if began >= after_close["returned"]] == []


def test_the_session_check_cache_hears_of_a_close_through_another_store(
        demo_copy: Path) -> None:
    with Store(demo_copy) as phones, Store(demo_copy) as facilitator:
        sid = _session(facilitator)
        ws.add_force(phones, sid, "driving", "Before the close", 3, None)  # cached: open
        ws.close_session(facilitator, sid)
        with pytest.raises(SessionClosedError):
            ws.add_force(phones, sid, "driving", "After the close", 3, None)
        ws.reopen_session(facilitator, sid)
        ws.add_force(phones, sid, "driving", "After reopening", 3, None)
    assert list(_by_text(demo_copy, "force", sid).index) == ["Before the close",
                                                             "After reopening"]


def test_the_session_check_cache_goes_when_the_file_is_let_go(demo_copy: Path) -> None:
    """Once this process lets the file go, another may close the session: after reopening
    the file, the check reads it afresh."""
    with Store(demo_copy) as store:
        sid = _session(store)
        ws.add_force(store, sid, "driving", "Before the close", 3, None)  # cached: open
    closer = ("import sys; from totalplace_core import workshop as ws; "
              "from totalplace_core.store import Store\n"
              "with Store(sys.argv[1]) as s: ws.close_session(s, sys.argv[2])")
    subprocess.run([sys.executable, "-c", closer, str(demo_copy), sid], check=True, cwd=REPO,
                   timeout=120)
    with Store(demo_copy) as store, pytest.raises(SessionClosedError):
        ws.add_force(store, sid, "driving", "After the close", 3, None)


def test_the_cached_check_still_knows_the_kind_and_unknown_sessions(store_copy: Store) -> None:
    sid = _session(store_copy)
    ws.add_force(store_copy, sid, "driving", "Fills the cache", 3, None)
    with pytest.raises(StoreError, match="is a force_field, not a orid"):
        ws.add_answer(store_copy, sid, "objective", "Wrong kind", None)
    with pytest.raises(StoreError, match="No workshop session"):
        ws.add_force(store_copy, "no-such-session", "driving", "Nowhere", 3, None)


# -- the group commit itself ------------------------------------------------------------------
def test_callers_arriving_during_a_commit_share_the_next_and_return_after_it() -> None:
    queue: GroupCommit[int, int] = GroupCommit()
    batches: list[list[int]] = []
    first_writing, let_first_finish = threading.Event(), threading.Event()
    results: dict[int, int] = {}

    def write(items: Sequence[int]) -> list[int]:
        batches.append(list(items))
        if len(batches) == 1:
            first_writing.set()
            assert let_first_finish.wait(30)
        return [i * 10 for i in items]

    def caller(i: int) -> None:
        results[i] = queue.submit(i, write)

    threads = [threading.Thread(target=caller, args=(i,)) for i in range(6)]
    threads[0].start()
    assert first_writing.wait(30)
    for t in threads[1:]:
        t.start()
    _wait_for(lambda: len(queue._waiting) == 5)
    assert results == {}  # nobody returns before the commit that holds their item
    let_first_finish.set()
    for t in threads:
        t.join(30)
    assert batches[0] == [0] and sorted(batches[1]) == [1, 2, 3, 4, 5] and len(batches) == 2
    assert results == {i: i * 10 for i in range(6)}


def test_one_refused_item_does_not_sink_its_batch() -> None:
    queue: GroupCommit[int, int] = GroupCommit()
    batches: list[list[int]] = []
    first_writing, let_first_finish = threading.Event(), threading.Event()
    outcomes: dict[int, object] = {}

    def write(items: Sequence[int]) -> list[int | BaseException]:
        batches.append(list(items))
        if len(batches) == 1:
            first_writing.set()
            assert let_first_finish.wait(30)
        return [ValueError(f"no {i}") if i == 3 else i for i in items]

    def caller(i: int) -> None:
        try:
            outcomes[i] = queue.submit(i, write)
        except ValueError as exc:
            outcomes[i] = str(exc)

    threads = [threading.Thread(target=caller, args=(i,)) for i in range(5)]
    threads[0].start()
    assert first_writing.wait(30)
    for t in threads[1:]:
        t.start()
    _wait_for(lambda: len(queue._waiting) == 4)
    let_first_finish.set()
    for t in threads:
        t.join(30)
    assert sorted(batches[1]) == [1, 2, 3, 4]
    assert outcomes == {0: 0, 1: 1, 2: 2, 3: "no 3", 4: 4}


def test_a_failed_write_reaches_every_caller_of_its_batch_and_the_queue_goes_on() -> None:
    queue: GroupCommit[int, int] = GroupCommit()

    def broken(items: Sequence[int]) -> list[int]:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        queue.submit(1, broken)
    assert queue.submit(2, lambda items: list(items)) == 2


def _wait_for(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)

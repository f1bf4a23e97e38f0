"""One app server's share of a room, run as its own process by tests/test_shared_store.py: its
own Store on the shared PostgreSQL (its own pool and its own local copy), `phones`
participants on threads sending entries through `service.send_entry` (what the join page's
buttons call) for `seconds`, and a projector that redraws both boards every 2 s and notes
when each entry, written here or on the other server, first appears on them.

Prints one JSON line at the end: every acknowledged entry with the wall-clock time its call
returned, and when each entry was first seen on this server's boards."""

from __future__ import annotations

import json
import random
import sys
import threading
import time

from totalplace_core.store import Store
from totalplace_core.workshop import service as ws

ID = {"force": "force_id", "orid_answer": "answer_id"}


def main(url: str, field_id: str, orid_id: str, phones: int, seconds: float, tag: str) -> None:
    store = Store(url)
    sessions = [store.workshop_session(field_id), store.workshop_session(orid_id)]
    acked: list[tuple[str, str, float]] = []
    seen: dict[str, float] = {}
    errors: list[str] = []
    gate = threading.Barrier(phones + 2)  # the phones, the projector and this thread
    ends = time.monotonic() + seconds

    def phone(n: int) -> None:
        rng, session = random.Random(f"{tag}{n}"), sessions[n % 4 == 3]
        table, last, k = ("orid_answer" if session["kind"] == "orid" else "force"), None, 0
        gate.wait()
        time.sleep(rng.uniform(0, 1))
        try:
            while time.monotonic() < ends:
                part = "objective" if table == "orid_answer" else ("driving", "restraining")[k % 2]
                sent = ws.send_entry(store, session, part, f"{tag} P{n} entry {k}", 1 + k % 5,
                                     f"{tag} person {n}", f"{tag}-{n}", last)
                acked.append((table, sent.row[ID[table]], time.time()))
                last, k = sent.last, k + 1
                ws.participant_view(store, session, f"{tag}-{n}")
                time.sleep(rng.uniform(1.0, 2.0))
        except Exception as exc:  # reported, and the test fails on it
            errors.append(repr(exc))

    def watch() -> None:
        """The boards as a projector draws them, and first sight of each entry (50 ms)."""
        gate.wait()
        until = ends + 4  # the other server's last entries too
        while time.monotonic() < until:
            now = time.time()
            for frame, column in ((store.entries("force", field_id), "force_id"),
                                  (store.entries("orid_answer", orid_id), "answer_id")):
                for row_id in frame[column]:
                    seen.setdefault(row_id, now)
            time.sleep(0.05)

    threads = [threading.Thread(target=phone, args=(n,)) for n in range(phones)]
    threads.append(threading.Thread(target=watch))
    for thread in threads:
        thread.start()
    gate.wait()
    for thread in threads:
        thread.join()
    store.close()
    print(json.dumps({"acked": acked, "seen": seen, "errors": errors}), flush=True)


if __name__ == "__main__":
    url, field_id, orid_id, phones, seconds, tag = sys.argv[1:7]
    main(url, field_id, orid_id, int(phones), float(seconds), tag)

"""`totalplace sessions` and `totalplace session-export`: live workshops outside the browser."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from totalplace_core.store import Store, StoreError
from totalplace_core.workshop import service as ws


def _counts_text(row: dict) -> str:
    parts = [f"{part} {n}" for part, n in row["entries"].items()]
    return " · ".join([*parts, ws.counted(row["actions"], "action", "actions")])


def cmd_sessions(args: argparse.Namespace) -> int:
    with Store(args.db) as store:
        rows = ws.session_summaries(store, args.place)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("No workshop sessions yet.")
    for r in rows:
        print(f"{ws.display_code(r['join_code']):<13}{r['status']:<8}{ws.KINDS[r['kind']]:<19}"
              f"{r['date'] or '':<12}{r['title']}\n{'':<13}{_counts_text(r)}")
    return 0


def cmd_session_export(args: argparse.Namespace) -> int:
    target = Path(args.file)
    if target.suffix.lower() not in {".xlsx", ".html"}:
        raise StoreError(f"Write the write-up to a .xlsx or .html file, not {target.name}.")
    with Store(args.db) as store:
        session = ws.find_session(store, args.code)
        if session is None:
            codes = ", ".join(r["join_code"] for r in ws.session_summaries(store))
            raise StoreError(f"No workshop session has the join code {args.code!r} "
                             f"(codes: {codes or 'none yet'}).")
        up = ws.write_up(store, session["session_id"])
    if target.suffix.lower() == ".xlsx":
        target.write_bytes(ws.xlsx_bytes(up))
    else:
        target.write_text(ws.summary_html(up), encoding="utf-8")
    print(f"Wrote {len(up.entries)} entries and {len(up.actions)} actions of "
          f"{session['title']!r} to {target}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "sessions": cmd_sessions,
    "session-export": cmd_session_export,
}

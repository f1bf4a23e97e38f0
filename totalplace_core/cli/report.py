"""`totalplace report`: the committee pack, printed to PDF or saved as HTML."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from totalplace_core import places
from totalplace_core.cli.output import document_path, write_document
from totalplace_core.store import Store


def _list(text: str | None) -> tuple[str, ...] | None:
    """'count, wall' -> ('count', 'wall'); None stays None (the pack's default)."""
    if text is None:
        return None
    return tuple(part.strip() for part in text.split(",") if part.strip())


def cmd_report(args: argparse.Namespace) -> int:
    from totalplace_core.reports.pack import PackChoices, check_sections, pack_html

    out = document_path(args.out)
    if out is None:
        return 2
    if not 0 <= args.rate <= 1:
        print(f"totalplace: --rate must be between 0 and 1, such as 0.2 (found {args.rate}).",
              file=sys.stderr)
        return 2
    started = time.perf_counter()
    sections = check_sections(_list(args.sections) or ())
    with Store(args.db) as store:
        place = places.default_place(store, args.place)
        year = places.resolve_year(store, place, args.year)
        html = pack_html(store, PackChoices(place, year, sections, args.meeting,
                                            _list(args.cases), _list(args.sessions),
                                            args.rate))
    if not write_document(out, html):
        return 2
    print(f"Committee pack for {place} {year} ({', '.join(sections)}) written to {out} "
          f"in {time.perf_counter() - started:.1f} s")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"report": cmd_report}

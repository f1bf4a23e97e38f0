"""`totalplace factsheet`: one ward's factsheet, printed to PDF or saved as HTML."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from totalplace_core import places
from totalplace_core.reports import ReportError, pdf_from_html
from totalplace_core.store import Store
from totalplace_core.wards import service as wards_service

FORMATS = (".pdf", ".html")


def cmd_factsheet(args: argparse.Namespace) -> int:
    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        print(f"totalplace: --out must end in .pdf or .html, not {out.name!r}", file=sys.stderr)
        return 2
    with Store(args.db) as store:
        place = places.default_place(store, args.place)
        year = places.resolve_year(store, place, args.year)
        # The HTML is made while the store is open; printing (a second or so of Chromium)
        # happens after, so the database is not held open while the browser works.
        html = wards_service.factsheet_html(store, place, year, args.ward_code)
    try:
        data = html.encode("utf-8") if suffix == ".html" else pdf_from_html(html)
    except ReportError as exc:
        print(f"totalplace: {exc}", file=sys.stderr)
        return 2
    out.write_bytes(data)
    print(f"{args.ward_code} factsheet for {place} {year} written to {out}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"factsheet": cmd_factsheet}

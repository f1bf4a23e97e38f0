"""`totalplace factsheet`: one ward's factsheet, printed to PDF or saved as HTML."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from totalplace_core import places
from totalplace_core.cli.output import document_path, write_document
from totalplace_core.store import Store
from totalplace_core.wards import service as wards_service


def cmd_factsheet(args: argparse.Namespace) -> int:
    out = document_path(args.out)
    if out is None:
        return 2
    with Store(args.db) as store:
        place = places.default_place(store, args.place)
        year = places.resolve_year(store, place, args.year)
        html = wards_service.factsheet_html(store, place, year, args.ward_code)
    if not write_document(out, html):
        return 2
    print(f"{args.ward_code} factsheet for {place} {year} written to {out}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"factsheet": cmd_factsheet}

"""Every command's arguments, kept apart from the commands so that reading them is cheap:
`totalplace --help` and parsing import nothing heavier than argparse."""

from __future__ import annotations

import argparse


def _count(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("demo", help="(re)build the fictional demo place from data/demo/")
    cofog = sub.add_parser("cofog", help="list every COFOG division and group")
    cofog.add_argument("--json", action="store_true")
    count = sub.add_parser("count", help="the high-level count for a place and year")
    count.add_argument("--place")
    count.add_argument("--year", help="financial year such as 2009-10 (default: latest)")
    count.add_argument("--all", action="store_true",
                       help="every loaded place for the year, in one query")
    count.add_argument("--json", action="store_true")


def _wall(sub: argparse._SubParsersAction) -> None:
    wall = sub.add_parser("flows", help="the mapping wall: flows, hand-overs and their cost")
    wall.add_argument("--place")
    wall.add_argument("--year", help="financial year such as 2009-10 (default: latest)")
    wall.add_argument("--rate", default="0.2",
                      help="share of a stream lost at each hand-over (default 0.2, an estimate)")
    wall.add_argument("--json", action="store_true")


def _data(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("template", help="write the blank spend template").add_argument("file")
    imp = sub.add_parser("import", help="check and import a filled template (.xlsx or .csv)")
    imp.add_argument("file")
    imp.add_argument("--place", help="place to import into when the file has no Place sheet")
    imp.add_argument("--dry-run", action="store_true", help="check and preview only")
    exp = sub.add_parser("export", help="export a place: .xlsx, .zip of CSVs, or .csv")
    exp.add_argument("file")
    exp.add_argument("--place")
    imports = sub.add_parser("imports", help="list a place's imports")
    imports.add_argument("--place")
    sub.add_parser("undo", help="undo an import (the latest first)").add_argument("batch")


def _workshop(sub: argparse._SubParsersAction) -> None:
    listing = sub.add_parser("sessions", help="list workshop sessions and their entry counts")
    listing.add_argument("--place", help="only this place's sessions")
    listing.add_argument("--json", action="store_true")
    export = sub.add_parser("session-export",
                            help="write a session's write-up: FILE.xlsx (every entry) or "
                                 "FILE.html (the one-page summary)")
    export.add_argument("code", help="the session's join code, such as NEET42")
    export.add_argument("file", help="where to write it (.xlsx or .html)")


def _backup(sub: argparse._SubParsersAction) -> None:
    backup = sub.add_parser("backup", help="write a consistent copy of the database to FILE "
                                           "(the app stopped; while it runs, use the Data page)")
    backup.add_argument("file", help="a new file, such as backups/totalplace-2010-03-01.duckdb")
    restore = sub.add_parser("restore", help="replace the database with a checked backup (the "
                                             "app stopped); the old file is kept as "
                                             "DB.before-restore")
    restore.add_argument("file", help="a backup made by totalplace backup or the Data page")
    sub.add_parser("migrate", help="bring the store's tables to this version's schema (the "
                                   "shared PostgreSQL store: once per upgrade, servers stopped)")


def _bench(sub: argparse._SubParsersAction) -> None:
    bench = sub.add_parser("bench", help="speed figures as ratios to floors (BENCHMARKS.md)")
    bench.add_argument("--scale", choices=["demo", "county", "national"], default="demo")
    bench.add_argument("--data", help="keep the generated database here and reuse it next time")
    bench.add_argument("--only", action="append",
                       choices=["count", "pages", "import", "workshop", "memory", "assets",
                                "shared"],
                       help="run only this section (may be given more than once)")
    bench.add_argument("--json", action="store_true", help="print the figures as JSON")


def _serve(sub: argparse._SubParsersAction) -> None:
    serve = sub.add_parser("serve", help="run the app (what `make run` does)")
    serve.add_argument("--address", default="127.0.0.1",
                       help="127.0.0.1 (this machine only, the default) or 0.0.0.0 (the room)")
    serve.add_argument("--port", type=int, default=8501)
    sub.add_parser("passphrase", help="make the facilitator's passphrase hash for "
                                      ".streamlit/secrets.toml (asks for the passphrase twice)")


def _wards(sub: argparse._SubParsersAction) -> None:
    wards = sub.add_parser("wards", help="the count shared among wards, with its basis")
    wards.add_argument("--place")
    wards.add_argument("--year", help="financial year such as 2009-10 (default: latest)")
    wards.add_argument("--function", help="one COFOG division, such as 10")
    wards.add_argument("--json", action="store_true")


def _assets(sub: argparse._SubParsersAction) -> None:
    listing = sub.add_parser("assets", help="a place's public buildings and their running cost")
    colocate = sub.add_parser("colocate", help="buildings of different bodies close together "
                                                "and under-used, with what sharing could save")
    for parser in (listing, colocate):
        parser.add_argument("--place")
        parser.add_argument("--body", action="append", help="a body's code (repeatable)")
        parser.add_argument("--kind", action="append", help="a kind of building (repeatable)")
        parser.add_argument("--ward", action="append", help="a ward's code (repeatable)")
        parser.add_argument("--json", action="store_true")
    colocate.add_argument("--radius-m", type=float, default=400,
                          help="walking distance in metres (default 400)")
    colocate.add_argument("--max-use-pct", type=float, default=60,
                          help="under-used means used less than this %% (default 60)")
    colocate.add_argument("--rate", type=float, default=0.10,
                          help="saving as a share of combined running cost (default 0.10)")


def _journeys(sub: argparse._SubParsersAction) -> None:
    journey = sub.add_parser("journey", help="a family's journey costed: stops, cost by "
                                             "agency, the redesign and the prevention sum")
    journey.add_argument("--case", required=True, help="the case study's code, such as ASH")
    journey.add_argument("--place")
    journey.add_argument("--scenario", choices=["current", "redesigned"], default="current",
                         help="whose stops and totals to list (both are always summed)")
    journey.add_argument("--price-year",
                         help="financial year of the prices, such as 2009-10 (default: the "
                              "latest with a deflator up to the place's latest spend year)")
    journey.add_argument("--json", action="store_true")
    journey.add_argument("--out", metavar="FILE",
                         help="write the family's printable write-up (both scenarios) to "
                              "FILE.pdf or FILE.html instead of listing the journey")


def _reports(sub: argparse._SubParsersAction) -> None:
    sheet = sub.add_parser("factsheet",
                           help="one ward's printable factsheet: FILE.pdf or FILE.html")
    sheet.add_argument("ward_code", help="the ward's code, such as HD01")
    sheet.add_argument("--out", required=True, help="where to write it (.pdf or .html)")
    sheet.add_argument("--place")
    sheet.add_argument("--year", help="financial year such as 2009-10 (default: latest)")
    pack = sub.add_parser("report", help="the committee pack: chosen sections as FILE.pdf or "
                                         "FILE.html")
    pack.add_argument("--out", required=True, help="where to write it (.pdf or .html)")
    pack.add_argument("--place")
    pack.add_argument("--year", help="financial year such as 2009-10 (default: latest)")
    pack.add_argument("--sections", default="count,wall,wards,assets,journeys,workshop",
                      help="comma-separated, in order (default: all of "
                           "count,wall,wards,assets,journeys,workshop)")
    pack.add_argument("--meeting", default="", help="the meeting it is for, on the cover")
    pack.add_argument("--cases", help="family journeys by case code, comma-separated "
                                      "(default: every one checked as consented)")
    pack.add_argument("--sessions", help="workshop sessions by join code, comma-separated "
                                         "(default: every one)")
    pack.add_argument("--rate", type=float, default=0.2,
                      help="admin cost per hand-over on the wall (default 0.2)")


def add_all(sub: argparse._SubParsersAction) -> None:
    for add in (_count, _wall, _wards, _assets, _journeys, _reports, _data, _workshop, _backup,
                _bench, _serve):
        add(sub)

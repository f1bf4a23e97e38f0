"""The committee pack (issue 16): the papers a scrutiny committee or board puts in its agenda.
A cover with the place, year, date and the fictional-data label, a contents list, the
sections a user picks (each built from its tool's service), then sources and caveats; HTML,
and PDF printed from that HTML with page numbers filled into the contents. A section with
nothing to show says so; it never stops the pack."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from totalplace_core import places
from totalplace_core.reports.engine import (
    ReportError,
    Section,
    page_count,
    pdf_from_html,
    render_sections,
)
from totalplace_core.reports.pack import (
    assets_section,
    count_section,
    journeys_section,
    wall_section,
    wards_section,
    workshop_section,
)
from totalplace_core.store import Store, StoreError

TEMPLATE = "committee_pack.html"
DEFAULT_RATE = 0.2  # the wall's admin cost per hand-over: the Audit Commission's figure


@dataclass(frozen=True)
class PackChoices:
    """What goes in: the place and year, the sections in order, the meeting it is for, the
    families (case codes; None: every one checked as anonymised and consented) and the
    sessions (join codes; None: every one), and the wall's rate per hand-over."""

    place: str
    year: str | None = None
    sections: tuple[str, ...] = ()
    meeting: str = ""
    cases: tuple[str, ...] | None = None
    sessions: tuple[str, ...] | None = None
    rate: float = DEFAULT_RATE


BUILDERS: dict[str, tuple[str, Callable[[Store, PackChoices], Section]]] = {
    "count": (count_section.TITLE, lambda s, c: count_section.section(s, c.place, c.year)),
    "wall": (wall_section.TITLE,
             lambda s, c: wall_section.section(s, c.place, c.year, c.rate)),
    "wards": (wards_section.TITLE, lambda s, c: wards_section.section(s, c.place, c.year)),
    "assets": (assets_section.TITLE, lambda s, c: assets_section.section(s, c.place)),
    "journeys": (journeys_section.TITLE,
                 lambda s, c: journeys_section.section(s, c.place, c.year, c.cases)),
    "workshop": (workshop_section.TITLE,
                 lambda s, c: workshop_section.section(s, c.place, c.sessions)),
}
SECTIONS: dict[str, str] = {key: title for key, (title, _) in BUILDERS.items()}


def check_sections(keys: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The keys in the order given, each once; StoreError names any unknown."""
    unknown = [k for k in keys if k not in BUILDERS]
    if unknown:
        raise StoreError(f"No section called {', '.join(map(repr, unknown))}: choose from "
                         f"{', '.join(BUILDERS)}.")
    if not keys:
        raise StoreError(f"Choose at least one section: {', '.join(BUILDERS)}.")
    return tuple(dict.fromkeys(keys))


def pack_context(store: Store, choices: PackChoices) -> tuple[dict, list[Section]]:
    """The cover's values and the chosen sections, built from the services."""
    place = store.place(choices.place)
    if place is None:
        raise StoreError(f"No place called {choices.place!r}.")
    year = places.resolve_year(store, choices.place, choices.year)
    choices = PackChoices(**{**choices.__dict__, "year": year})
    sections = [BUILDERS[key][1](store, choices) for key in check_sections(choices.sections)]
    fictional = bool(place.get("is_fictional"))
    caveats = [f"{choices.place} is a fictional place: every name and figure here is made "
               "up for demonstration."] if fictional else []
    title = f"Public spending in {choices.place}, {year}"
    cover = {"title": title, "document_kind": "Committee papers", "fictional": fictional,
             "place_name": choices.place, "year": year, "meeting": choices.meeting.strip(),
             "population": int(place.get("population") or 0),
             "running_head": f"{title}: committee papers", "sheet_class": "pack",
             "caveats": caveats}
    return cover, sections


def pack_html(store: Store, choices: PackChoices) -> str:
    cover, sections = pack_context(store, choices)
    return render_sections(TEMPLATE, cover, sections)


def pack_pdf(store: Store, choices: PackChoices) -> bytes:
    return pdf_from_html(pack_html(store, choices))


@dataclass(frozen=True)
class Papers:
    """A built pack: its HTML, its PDF (None, with the reason, when no PDF could be
    printed), what is in it, its pages and how long it took."""

    html: str
    pdf: bytes | None
    contents: list[tuple[str, str]]  # (title, "" or what it says instead of figures)
    pages: int
    seconds: float
    problem: str = ""


def build(store: Store, choices: PackChoices, with_pdf: bool = True) -> Papers:
    """The pack as HTML and PDF, timed (the page and the benchmark of issue 16 read it)."""
    started = time.perf_counter()
    cover, sections = pack_context(store, choices)
    html = render_sections(TEMPLATE, cover, sections)
    pdf, problem = None, ""
    if with_pdf:
        try:
            pdf = pdf_from_html(html)
        except ReportError as exc:
            problem = str(exc)
    return Papers(html, pdf, [(s.title, s.empty) for s in sections],
                  page_count(pdf) if pdf else 0, time.perf_counter() - started, problem)

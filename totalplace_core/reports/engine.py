"""The one report engine: `render` fills a template under templates/ (every document extends
base.html, which carries the A4 print stylesheet, the fictional-place label, sources and
caveats and the footer), drawing any `Chart` in its values as a static picture first;
`render_sections` does the same for a document made of `Section`s (the committee pack, the
workshop write-up); `pdf_from_html` prints the result with Debian's Chromium, offline, and
fills in a contents list's page numbers."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError
from markupsafe import Markup

from totalplace_core.chart_style import BASIS_COLOURS, PALETTE
from totalplace_core.money import format_gbp, format_gbp_full, format_pct, format_per_head
from totalplace_core.reports import images
from totalplace_core.reports.images import Chart

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Launched exactly as tests/browser/conftest.py launches it: the distribution's Chromium,
# headless, with every background service (updates, sync, QUIC probes) switched off.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# Only the document itself and inline data may load while printing.
LOCAL_SCHEMES = ("data:", "about:", "blob:")
# A4 as the stylesheet's @page sets it; bookmarks from the headings and a tagged (accessible)
# PDF, so a committee's readers can jump between sections and screen readers follow it.
PDF_OPTIONS: dict[str, Any] = {"format": "A4", "print_background": True, "outline": True,
                               "tagged": True}
# After the first print, each contents entry's page number is written in and the page
# printed again: the entries have a fixed width, so writing the numbers moves nothing.
FILL_PAGES = """numbers => { for (const el of document.querySelectorAll('[data-page-of]')) {
    const n = numbers[el.dataset.pageOf]; if (n) { el.textContent = n; } } }"""


class ReportError(RuntimeError):
    """A document could not be made; the message says why in plain words."""


def css_string(text: object) -> Markup:
    """Typed text as a quoted CSS string (for a page's running head in <style>): every
    character but letters, digits and spaces written as a CSS escape, so nothing typed can
    end the string, the rule or the <style> element, and HTML escaping (which <style> would
    show literally) is not needed."""
    # Six hex digits and a space: CSS takes the space as the escape's end, not as text.
    body = "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):06x} "
                   for ch in " ".join(str(text).split()))
    return Markup(f'"{body}"')


def _environment() -> Environment:
    # autoescape=True for every template, whatever its file name: ward, body and place names
    # are typed by people, and a document must never run or render what they typed.
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(gbp=format_gbp, gbp_full=format_gbp_full, per_head=format_per_head,
                       css_string=css_string,
                       pct=lambda share, digits=0: format_pct(float(share), digits))
    env.globals.update(palette=PALETTE, basis_colours=BASIS_COLOURS)
    return env


_ENV = _environment()


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"  # 7 May 2026, without a leading zero on any platform


@dataclass(frozen=True)
class Section:
    """One part of a document: its heading, the partial under templates/sections/ that
    draws it with `context`, and its sources and caveats (gathered at the document's end).
    With `empty` set the section says that instead of drawing the partial, so a place with
    nothing to show in it still gets its paper."""

    key: str  # its anchor in the document and its name on the command line
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    empty: str = ""
    sources: tuple[str, ...] = ()
    caveats: tuple[str, ...] = ()
    wide: bool = False  # printed on landscape pages (a picture too wide for portrait)


def _charts(value: Any, found: list[Chart]) -> list[Chart]:
    """Every Chart in a document's values (in dicts, lists, tuples and sections)."""
    if isinstance(value, Chart):
        found.append(value)
    elif isinstance(value, Section):
        _charts(value.context, found)
    elif isinstance(value, dict):
        for item in value.values():
            _charts(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _charts(item, found)
    return found


def _swap(value: Any, drawn: dict[int, Any]) -> Any:
    """The values with each Chart replaced by its picture."""
    if isinstance(value, Chart):
        return drawn[id(value)]
    if isinstance(value, Section):
        return dataclasses.replace(value, context=_swap(value.context, drawn))
    if isinstance(value, dict):
        return {key: _swap(item, drawn) for key, item in value.items()}
    if isinstance(value, list) or type(value) is tuple:  # named tuples are left as they are
        return type(value)(_swap(item, drawn) for item in value)
    return value


def render(template: str, context: dict[str, Any]) -> str:
    """The template (a file name under templates/) filled with `context`. Every document
    may set `title`, `fictional`, `sources` and `caveats`; `generated_on` defaults to today.
    Charts anywhere in `context` are drawn first, all in one browser start."""
    charts = _charts(context, [])
    if charts:
        drawn = dict(zip(map(id, charts), images.draw(charts), strict=True))
        context = _swap(context, drawn)
    values = {"fictional": False, "sources": [], "caveats": [],
              "generated_on": _long_date(date.today()), **context}
    try:
        return _ENV.get_template(template).render(values)
    except TemplateError as exc:
        raise ReportError(f"could not fill the template {template}: {exc}") from exc


def _once(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))


def render_sections(template: str, context: dict[str, Any],
                    sections: Sequence[Section]) -> str:
    """A document made of sections: `template` gets them as `sections`, and the document's
    own sources and caveats followed by every section's, each said once."""
    return render(template, {**context, "sections": list(sections),
                             "sources": _once([*context.get("sources", []),
                                               *(s for x in sections for s in x.sources)]),
                             "caveats": _once([*context.get("caveats", []),
                                               *(c for x in sections for c in x.caveats)])})


def chromium_path() -> Path:
    return Path(shutil.which("chromium") or "/usr/bin/chromium")


def pdf_from_html(html: str, on_request: Callable[[str], None] | None = None) -> bytes:
    """`html` printed to an A4 PDF by a local headless Chromium. Any request for something
    that is not inline (a web font, a CDN script, an image URL) is refused, so printing never
    reaches the network; `on_request` is told every URL the page asked for (tests use it).
    Playwright's sync API refuses to run where an asyncio loop is running (an async server,
    or another Playwright session in this thread), so there it prints from a thread of its
    own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _print(html, on_request)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print, html, on_request).result()


def _print(html: str, on_request: Callable[[str], None] | None) -> bytes:
    chromium = chromium_path()
    if not chromium.exists():
        raise ReportError("Chromium is not installed, so no PDF can be printed: install it "
                          "(apt-get install chromium) or save the document as HTML instead.")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise ReportError("Playwright is not installed, so no PDF can be printed: "
                          "pip install playwright, or save the document as HTML.") from exc
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                if on_request is not None:
                    page.on("request", lambda request: on_request(request.url))
                page.route("**/*", lambda route: route.continue_()
                           if route.request.url.startswith(LOCAL_SCHEMES) else route.abort())
                page.set_content(html)
                pdf = page.pdf(**PDF_OPTIONS)
                wanted = page.eval_on_selector_all(
                    "[data-page-of]", "els => els.map(el => el.dataset.pageOf)")
                if not wanted:
                    return pdf
                page.evaluate(FILL_PAGES, page_numbers(pdf, wanted))
                return page.pdf(**PDF_OPTIONS)
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise ReportError(f"Chromium could not print the document: {exc}") from exc


def page_count(pdf: bytes) -> int:
    """How many pages a printed document has (0 when pypdf is missing)."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return 0
    return len(PdfReader(io.BytesIO(pdf)).pages)


def page_numbers(pdf: bytes, anchors: Sequence[str]) -> dict[str, int]:
    """The page (from 1) each anchor landed on: Chromium writes a named destination for every
    element a link in the document points at. Without pypdf, no numbers (the contents list
    still links)."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return {}
    reader = PdfReader(io.BytesIO(pdf))
    found = {str(name).lstrip("/"): reader.get_destination_page_number(dest) + 1
             for name, dest in reader.named_destinations.items()}
    return {anchor: found[anchor] for anchor in anchors if anchor in found}

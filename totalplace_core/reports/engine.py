"""The one report engine: `render` fills a template under templates/ (every document extends
base.html, which carries the A4 print stylesheet, the fictional-place label, sources and
caveats and the footer); `pdf_from_html` prints the result with Debian's Chromium, offline."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError

from totalplace_core.chart_style import BASIS_COLOURS, PALETTE
from totalplace_core.money import format_gbp, format_gbp_full, format_pct, format_per_head

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Launched exactly as tests/browser/conftest.py launches it: the distribution's Chromium,
# headless, with every background service (updates, sync, QUIC probes) switched off.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# Only the document itself and inline data may load while printing.
LOCAL_SCHEMES = ("data:", "about:", "blob:")


class ReportError(RuntimeError):
    """A document could not be made; the message says why in plain words."""


def _environment() -> Environment:
    # autoescape=True for every template, whatever its file name: ward, body and place names
    # are typed by people, and a document must never run or render what they typed.
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(gbp=format_gbp, gbp_full=format_gbp_full, per_head=format_per_head,
                       pct=lambda share, digits=0: format_pct(float(share), digits))
    env.globals.update(palette=PALETTE, basis_colours=BASIS_COLOURS)
    return env


_ENV = _environment()


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"  # 7 May 2026, without a leading zero on any platform


def render(template: str, context: dict[str, Any]) -> str:
    """The template (a file name under templates/) filled with `context`. Every document
    may set `title`, `fictional`, `sources` and `caveats`; `generated_on` defaults to today."""
    values = {"fictional": False, "sources": [], "caveats": [],
              "generated_on": _long_date(date.today()), **context}
    try:
        return _ENV.get_template(template).render(values)
    except TemplateError as exc:
        raise ReportError(f"could not fill the template {template}: {exc}") from exc


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
                return page.pdf(format="A4", print_background=True)
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise ReportError(f"Chromium could not print the document: {exc}") from exc

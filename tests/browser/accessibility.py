"""WCAG 2.2 A/AA checked by axe-core in every view the browser tests screenshot, AAA contrast
and large type when presenting (issue 17). axe-core comes from npm (tests/browser/package.json,
installed by `make test`) and is injected into every page a test opens, before the app's own
scripts, so nothing is fetched from another machine at run time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

AXE_JS = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Projected text is read from the back of a room: 7:1 contrast (WCAG 1.4.6), no body text
# under 24 px and no headline figure or page heading under 48 px at 1920x1080.
BODY_PX, HEADLINE_PX = 24, 48


@dataclass(frozen=True)
class Allowed:
    """A violation that comes from Streamlit's own markup and cannot be fixed from the app."""

    rule: str
    target: str  # a piece of the element's CSS selector or HTML
    reason: str
    streamlit: str  # the version it was checked against: re-check it on every upgrade


# Empty at Streamlit 1.67.0: every violation found was fixed in the app (theme colours and
# assets/*.css). Add a line only with the reason it cannot be fixed from the app.
ALLOWED: tuple[Allowed, ...] = ()


def axe_script() -> Path:
    if not AXE_JS.exists():
        message = ("axe-core is not installed: run `make test` (it runs `npm ci --prefix "
                   "tests/browser`)")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return AXE_JS


def _allowed(rule: str, node: dict) -> bool:
    where = " ".join(str(t) for t in node.get("target", [])) + " " + node.get("html", "")
    return any(a.rule == rule and a.target in where for a in ALLOWED)


def axe_violations(page, presenting: bool) -> list[str]:
    """Every WCAG A/AA violation axe finds on the page as drawn (and AAA contrast when
    presenting), less the allow-list: one line each with rule, element and why."""
    rules = WCAG_AA + (["wcag2aaa"] if presenting else [])
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                      resultTypes: ['violations']})""", rules)
    found = []
    for violation in result["violations"]:
        # Of the AAA rules only enhanced contrast is asked for (issue 17).
        if "wcag2aaa" in violation["tags"] and violation["id"] != "color-contrast-enhanced":
            continue
        for node in violation["nodes"]:
            if _allowed(violation["id"], node):
                continue
            summary = " ".join((node.get("failureSummary") or "").split())
            found.append(f"{violation['id']} ({violation['impact']}) at "
                         f"{node['target']}: {node['html'][:160]} | {summary[:240]}")
    return found


# Visible text in the page's main area smaller than `px`: charts' SVG text is checked apart
# (tests/test_chart_contrast.py) and icons are pictures, not words.
SMALL_TEXT = """px => {
  const small = [], seen = new Set();
  const main = document.querySelector("[data-testid='stMain']");
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode, el = text.parentElement;
    if (!text.textContent.trim() || seen.has(el)) continue;
    seen.add(el);
    if (el.closest("svg, [data-testid='stIconMaterial'], [aria-hidden='true']")) continue;
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden') continue;
    const size = parseFloat(style.fontSize);
    if (size < px) small.push(`${size.toFixed(1)} px: ${text.textContent.trim().slice(0, 60)}`);
  }
  return small;
}"""
HEADLINES = """() => [...document.querySelectorAll(
    "[data-testid='stMain'] h1, [data-testid='stMetricValue']")]
  .filter(e => e.getBoundingClientRect().width)
  .map(e => [parseFloat(getComputedStyle(e).fontSize), e.innerText.trim().slice(0, 40)])"""


def presentation_type_problems(page) -> list[str]:
    """Text too small to read from the back of a room, at 1920x1080 when presenting."""
    problems = [f"body text under {BODY_PX} px, {s}"
                for s in page.evaluate(SMALL_TEXT, BODY_PX)]
    grids = page.locator("[data-testid='stMain'] [data-testid='stDataFrame']:visible").count()
    if grids:  # drawn on a canvas at the desk's size, which CSS cannot enlarge
        problems.append(f"{grids} data grid(s): when presenting, show an HTML table instead")
    problems += [f"headline under {HEADLINE_PX} px, {size:.1f} px: {text}"
                 for size, text in page.evaluate(HEADLINES) if size < HEADLINE_PX]
    return problems


# Charts and maps draw on SVG and canvas, which a screen reader cannot read: each must carry
# its words (st.plotly_chart / st.pydeck_chart alt=, said by totalplace_core/chart_words.py).
UNNAMED = """() => [...document.querySelectorAll(
    "[data-testid='stPlotlyChart'], [data-testid='stDeckGlJsonChart']")]
  .filter(e => (e.getAttribute('aria-label') || '').trim().length < 20)
  .map(e => e.getAttribute('data-testid'))"""


def unnamed_charts(page) -> list[str]:
    return [f"{kind} without a text alternative" for kind in page.evaluate(UNNAMED)]

"""Every chart's text alternative says what a sighted reader takes from it (issue 17)."""

from __future__ import annotations

from pathlib import Path

from totalplace_core.chart_words import describe, describe_map
from totalplace_core.count import charts
from totalplace_core.count import service as count_service
from totalplace_core.money import format_gbp
from totalplace_core.store import Store


def test_the_home_chart_names_its_three_largest_functions_as_drawn(demo_db: Path) -> None:
    with Store(demo_db) as store:
        count = count_service.place_count(store, "Harrowdale", "2009-10")
    top = count.by_division.nlargest(3, "amount_pence")
    words = describe(charts.division_bars(count.by_division), "public spend by function")
    shown = ", ".join(f"{name} ({format_gbp(pence)})"
                      for name, pence in zip(top["name"], top["amount_pence"], strict=True))
    assert words == (f"Bar chart: public spend by function. Largest: {shown}. Every figure "
                     "is in the table with it.")


def test_a_stacked_bar_is_said_by_its_segments_and_a_map_by_its_count(demo_db: Path) -> None:
    with Store(demo_db) as store:
        count = count_service.place_count(store, "Harrowdale", "2009-10")
    words = describe(charts.basis_bar(count.basis_pence, False), "the count by basis")
    shares = count.basis_share_pct()
    assert f"Largest: actual {shares['actual']:.0f}%" in words
    assert describe_map("Harrowdale's wards", 21, "wards", "each shaded by spend per "
                        "resident").startswith("Map of Harrowdale's wards: 21 wards, each")

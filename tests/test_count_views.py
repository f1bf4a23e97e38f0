"""The count read different ways, on the hand-made place."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.handmade import PLACE, load_handmade
from totalplace_core import themes
from totalplace_core.count import service as count_service
from totalplace_core.count import views as count_views
from totalplace_core.store import Store


@pytest.fixture
def handmade(empty_store: Store) -> Store:
    load_handmade(empty_store, ("2008-09", "2009-10"))
    empty_store.replace_deflators(pd.DataFrame([
        {"year": "2008-09", "index_value": 98.0, "base_year": "2009-10", "source": "test"},
        {"year": "2009-10", "index_value": 100.0, "base_year": "2009-10", "source": "test"}]))
    return empty_store


def test_drill_reaches_every_counted_line(handmade: Store) -> None:
    kept = count_views.counted(handmade.spend_lines("place-testborough"), "2009-10")
    tree = count_views.drill(kept)
    assert len(tree[tree["level"] == "line"]) == 5  # seven lines less two netted
    divisions = tree[tree["level"] == "division"].set_index("id")["amount_pence"]
    assert divisions.to_dict() == {"04": 300_000_00, "07": 1_000_000_00, "09": 500_000_00,
                                   "10": 2_200_000_00}
    council = tree[tree["id"] == "10/10.4/Council"].iloc[0]
    assert council["parent"] == "10/10.4" and council["amount_pence"] == 200_000_00


def test_transfers_table_names_what_was_netted(handmade: Store) -> None:
    names = {"RDA": "Regional body", "CNCL": "Council"}
    moved = count_views.transfers(handmade.spend_lines("place-testborough"), "2009-10", names)
    status = dict(zip(moved["to_org_name"], moved["count_status"], strict=True))
    assert status == {"Regional body": "transfer netted", "Council": "transfer netted",
                      "VOL (not a known body)": "transfer unmatched"}


def test_per_relevant_head_uses_the_age_band(handmade: Store) -> None:
    kept = count_views.counted(handmade.spend_lines("place-testborough"), "2009-10")
    bands = {count_views.ALL_RESIDENTS: 1_000, "0-17": 200, "18-64": 600, "65+": 200}
    table = count_views.per_head_by_group(kept, bands).set_index("cofog_code")
    assert table.loc["10.2", "per_resident_pence"] == 2_000_00
    assert table.loc["10.2", "relevant_population"] == "65+"
    assert table.loc["10.2", "per_relevant_head_pence"] == 10_000_00
    assert table.loc["07.3", "per_relevant_head_pence"] == 1_000_00


def test_year_change_in_cash_and_real_terms(handmade: Store) -> None:
    compare = count_service.compare_years(handmade, PLACE, "2008-09", "2009-10").set_index("code")
    assert compare.loc["10", "change_pence"] == 0
    # £2.2m in 2008-09 at index 98 is £2,244,898 in 2009-10 prices: a real fall of £44,898.
    assert compare.loc["10", "real_change_pence"] == -4_489_796
    assert compare.loc["10", "real_change_pct"] == -2.0


def test_theme_map_edits_change_the_themed_count(handmade: Store) -> None:
    place_id = "place-testborough"
    kept = count_views.counted(handmade.spend_lines(place_id), "2009-10")
    before = themes.theme_map(handmade.theme_edits(place_id))
    assert count_views.by_theme(kept, before, "local").set_index("theme").loc[
        "Older people", "amount_pence"] == 2_000_000_00
    after = before.copy()
    after.loc[after["cofog_code"] == "10.2", "local"] = "Pensions"
    assert count_service.save_theme_map(handmade, PLACE, before, after) == 1
    mapping = themes.theme_map(handmade.theme_edits(place_id))
    themed = count_views.by_theme(kept, mapping, "local").set_index("theme")
    assert themed.loc["Pensions", "amount_pence"] == 2_000_000_00
    assert "Older people" not in themed.index


def test_places_side_by_side(handmade: Store) -> None:
    frame = count_views.compare_places([count_service.place_count(handmade, PLACE, "2009-10")])
    row = frame.set_index("code").loc["10"]
    assert row[f"{PLACE} per head (£)"] == 2_200
    assert row[f"{PLACE} share (%)"] == 55.0

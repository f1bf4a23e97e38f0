"""The count read different ways, on the hand-made place."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.handmade import PLACE, load_handmade
from totalplace_core.count import service as count_service
from totalplace_core.count import views as count_views
from totalplace_core.store import Store

# The store only reaches what is printed or drawn here: the file is enough.
pytestmark = pytest.mark.embedded_only


@pytest.fixture
def handmade(empty_store: Store) -> Store:
    load_handmade(empty_store, ("2008-09", "2009-10"))
    empty_store.replace_deflators(pd.DataFrame([
        {"year": "2008-09", "index_value": 98.0, "base_year": "2009-10", "source": "test"},
        {"year": "2009-10", "index_value": 100.0, "base_year": "2009-10", "source": "test"}]))
    return empty_store


def test_tree_stops_at_bodies_and_lines_are_listed_for_the_node_opened(handmade: Store) -> None:
    view = count_service.count_view(handmade, PLACE, "2009-10")
    tree = count_service.tree(view.parts)
    assert set(tree["level"]) == {"division", "group", "organisation"}
    divisions = tree[tree["level"] == "division"].set_index("id")["amount_pence"]
    assert divisions.to_dict() == {"04": 300_000_00, "07": 1_000_000_00, "09": 500_000_00,
                                   "10": 2_200_000_00}
    council = tree[tree["id"] == "10/10.4/Council"].iloc[0]
    assert council["parent"] == "10/10.4" and council["amount_pence"] == 200_000_00
    lines, matching, pence = count_service.lines(handmade, PLACE, "2009-10")
    assert len(lines) == matching == 5  # seven lines less two netted
    assert pence == 4_000_000_00
    shown, matching, pence = count_service.lines(handmade, PLACE, "2009-10", ["10"],
                                                 ["Council"], limit=1)
    assert (len(shown), matching, pence) == (1, 1, 200_000_00)
    assert shown.iloc[0]["group_name"] == "Family and children"


def test_transfers_table_names_what_was_netted(handmade: Store) -> None:
    moved = count_service.transfers(handmade, PLACE, "2009-10")
    status = dict(zip(moved["to_org_name"], moved["count_status"], strict=True))
    # VOL is on the Organisations list but reported no lines: its transfer stays counted.
    assert status == {"Regional body": "transfer netted", "Council": "transfer netted",
                      "Charity": "transfer unmatched"}


def test_per_relevant_head_uses_the_age_band(handmade: Store) -> None:
    parts = count_service.count_view(handmade, PLACE, "2009-10").parts
    bands = {count_views.ALL_RESIDENTS: 1_000, "0-17": 200, "18-64": 600, "65+": 200}
    table = count_views.per_head_by_group(parts, bands).set_index("cofog_code")
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
    view = count_service.count_view(handmade, PLACE, "2009-10")
    assert count_views.by_theme(view.parts, view.mapping, "local").set_index("theme").loc[
        "Older people", "amount_pence"] == 2_000_000_00
    after = view.mapping.copy()
    after.loc[after["cofog_code"] == "10.2", "local"] = "Pensions"
    assert count_service.save_theme_map(handmade, PLACE, view.mapping, after) == 1
    # The edit moved the data version on: the next view reads the new map, not a cached one.
    again = count_service.count_view(handmade, PLACE, "2009-10")
    themed = count_views.by_theme(again.parts, again.mapping, "local").set_index("theme")
    assert themed.loc["Pensions", "amount_pence"] == 2_000_000_00
    assert "Older people" not in themed.index


def test_places_side_by_side(handmade: Store) -> None:
    frame = count_service.compare_places(handmade, "2009-10").set_index("place")
    assert frame.loc[PLACE, "10 Social protection per head (£)"] == 2_200
    assert frame.loc[PLACE, "per_head_pence"] == 4_000_00
    assert len(frame) == 1


def test_a_body_netting_to_a_credit_is_left_out_of_the_treemap_but_said() -> None:
    """A refund larger than a body's spend in a group (a return's credit line) made plotly
    draw no treemap at all: a box cannot have a negative area. It is left out of the boxes,
    each box sized by what is drawn in it, and the page is told how much was left out."""
    import pandas as pd

    from totalplace_core.count import charts, views

    parts = pd.DataFrame({
        "division": ["07", "07", "07"], "cofog_code": ["07.4", "07.4", "07.3"],
        "org_name": ["Trust", "Council", "Trust"],
        "amount_pence": [-5_000_000, 20_000_000, 90_000_000]})
    tree = views.tree(parts)
    assert views.credits(tree) == (1, -5_000_000)
    drawn = charts.drawable(tree).set_index("id")
    assert "07/07.4/Trust" not in drawn.index
    assert drawn.loc["07/07.4", "drawn_pence"] == 20_000_000  # boxes add up: plotly draws
    assert drawn.loc["07", "drawn_pence"] == 110_000_000
    assert drawn.loc["07/07.4", "amount_pence"] == 15_000_000  # its text: the true amount
    fig = charts.spend_treemap(tree)
    assert min(fig.data[0].values) > 0


def test_the_page_says_what_a_treemap_left_out() -> None:
    import pandas as pd

    from totalplace_core.count import views

    parts = pd.DataFrame({"division": ["07", "07", "07"], "cofog_code": ["07.4", "07.4", "07.3"],
                          "org_name": ["Trust", "Council", "Clinic"],
                          "amount_pence": [-5_000_000, 20_000_000, -1_000_000]})
    assert views.credit_note(views.tree(parts)) == (
        "2 bodies' lines in a group net to a credit (-£60.0k in all): a box cannot show a "
        "credit, so it is left out of the picture; the totals count it.")
    assert views.credit_note(views.tree(parts.assign(amount_pence=[1, 2, 3]))) is None

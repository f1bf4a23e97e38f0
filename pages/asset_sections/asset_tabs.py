"""Not a page: the asset map's tabs (candidates, buildings, totals), drawn by
pages/asset_map.py when not presenting. Widgets and layout only."""

import pandas as pd
import streamlit as st

from totalplace_core import ui
from totalplace_core.assets import charts as asset_charts
from totalplace_core.assets import service as assets
from totalplace_core.store import Store

TABS = ["Co-location candidates", "Buildings", "Totals"]


def _candidates(found: assets.Colocation) -> None:
    st.caption(f"Groups of {found.rule.describe()}, ranked by combined running cost. Each "
               "building joins the costliest group within its walking distance, so none is "
               f"counted twice. The saving is an estimate: {assets.SAVING_SOURCE}.")
    if found.groups.empty:
        st.info("No candidates with these settings: try a longer walking distance or a "
                "higher utilisation threshold in the sidebar.")
        return
    ui.table_with_download(assets.group_table(found), "co-location candidates")
    st.subheader("The buildings in each candidate")
    ui.table_with_download(assets.member_table(found), "co-location buildings")


def _buildings(buildings: pd.DataFrame) -> None:
    st.caption(f"{len(buildings):,} buildings, costliest first. 'Body's spend' opens the "
               "body's lines in the high-level count.")
    ui.table_with_download(assets.asset_table(buildings), "buildings shown", column_config={
        "Body's spend": st.column_config.LinkColumn(display_text="Spend in the count")})


def _totals(store: Store, place: str, shown: assets.AssetFilter, max_use: float) -> None:
    by = st.radio("Totals", list(assets.TOTALS_BY), format_func=assets.TOTALS_BY.get,
                  horizontal=True, key="asset_totals_by", label_visibility="collapsed")
    frame = assets.totals(store, place, shown, by, max_use)
    ui.plot(asset_charts.totals_bars(frame, max_use), f"estate running cost by {by}")
    ui.table_with_download(assets.totals_table(frame, by), f"estate {by}")


def draw(store: Store, place: str, buildings: pd.DataFrame, found: assets.Colocation,
         shown: assets.AssetFilter) -> None:
    """Only the open tab runs (on_change="rerun")."""
    tabs = st.tabs(TABS, key="asset_tab", on_change="rerun")
    if tabs[0].open:
        with tabs[0]:
            _candidates(found)
    if tabs[1].open:
        with tabs[1]:
            _buildings(buildings)
    if tabs[2].open:
        with tabs[2]:
            _totals(store, place, shown, found.rule.max_use_pct)

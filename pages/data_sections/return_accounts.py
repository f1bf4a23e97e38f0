"""What an upload's rows became: read = ready + skipped + refused for each sheet, the rows
skipped and why, and every body matched by name and CIPFA line converted or split, all
shown before anything is saved. Tables are escaped HTML: they quote what people typed."""

import pandas as pd
import streamlit as st

from totalplace_core.io import accounting
from totalplace_core.io.validate import Parsed
from totalplace_core.tables import html_table


def _titled(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns=lambda c: c[:1].upper() + c[1:])


def draw(parsed: Parsed) -> None:
    accounts = accounting.accounts(parsed)
    if not len(accounts):
        return
    st.markdown("**Every row accounted for**")
    st.caption("Rows read = ready to import + skipped + refused. Lines are what the ready "
               "rows make (a CIPFA line split three ways is one row, three lines); the "
               "amount is their sum.")
    st.html(html_table(_titled(accounts), "Every row accounted for"))
    skipped = accounting.skipped_table(parsed)
    if len(skipped):
        with st.expander(f"Rows skipped ({len(skipped)}): totals checked against their "
                         "lines, and notes under the table", expanded=True):
            st.html(html_table(_titled(skipped.head(500)), "Rows skipped"))
    conversions = accounting.conversions_table(parsed)
    if len(conversions):
        with st.expander(f"Read differently from how they were written ({len(conversions)}):"
                         " bodies matched by name, CIPFA lines converted or split",
                         expanded=True):
            st.html(html_table(_titled(conversions.head(500)), "Read differently"))

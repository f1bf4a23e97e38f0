"""Not a page: the Data page's backup, drawn by pages/data_in_and_out.py. While the app runs it
holds the database alone, so `totalplace backup` cannot read it: this button makes the copy
from the app's own connection (a consistent one: every table as committed when it is
pressed), only when pressed. Widgets and layout only; the copy is Store.backup_bytes."""

from datetime import UTC, datetime

import streamlit as st

from totalplace_core.store import Store


def draw(store: Store) -> None:
    st.subheader("Back up everything")
    st.caption("One file holding every place, import, wall, workshop and family journey, "
               "copied as they stand when you press the button. To put it back, stop the app "
               "and run `totalplace restore FILE`: the database it replaces is kept beside it.")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d-%H%M")
    st.download_button("Download a backup (.duckdb)", store.backup_bytes,
                       file_name=f"totalplace-backup-{stamp}.duckdb",
                       mime="application/octet-stream", key="data-backup", on_click="ignore",
                       icon=":material/backup:")

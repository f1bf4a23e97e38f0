"""Data: the blank template, import with located errors and a preview, undo, export."""

import streamlit as st

from pages.data_sections import backup, confirm_desk, return_accounts
from totalplace_core import ui
from totalplace_core.io import importer, report
from totalplace_core.io.export_place import place_csv_zip, place_xlsx, spend_lines_csv
from totalplace_core.io.read import FileRefused
from totalplace_core.io.spec import field_help
from totalplace_core.io.template import workbook
from totalplace_core.money import format_change, format_gbp
from totalplace_core.tables import for_display, html_table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ctx = ui.context()
if ctx:
    ui.place_title(ctx, "Data")
else:
    st.title("Data")
ui.require_role("facilitator")  # deep-linked or run alone, it refuses
store = ui.store()

def grid(frame, label: str) -> None:
    """A grid at the desk; projected, an HTML table, since the grid's canvas keeps desk type."""
    if ui.presentation_mode():
        st.html(html_table(frame, label))
    else:
        st.dataframe(frame, hide_index=True, width="stretch")


st.subheader("1. Get the blank template")
st.write("One sheet per kind of data, with drop-down lists for codes and a note on every "
         "column. Fill in the sheets you have figures for and leave the rest.")
st.download_button("Download the blank template (.xlsx)", workbook,
                   "total-place-template.xlsx", XLSX, key="template", on_click="ignore")
with st.expander("What each sheet and column wants"):
    grid(field_help(), "What each sheet and column wants")

st.subheader("2. Upload it")
upload = st.file_uploader("A filled template (.xlsx) or a CSV of spend lines",
                          type=["xlsx", "csv"], key="upload")
if upload is not None:
    data = upload.getvalue()
    # Checked once per file and place, not on every rerun: a big workbook takes seconds.
    checked_key = (upload.file_id, ctx.place_name if ctx else None)
    if st.session_state.get("checked_key") != checked_key:
        try:
            st.session_state.checked = importer.check_file(store, upload.name, data,
                                                           checked_key[1])
        except FileRefused as refused:
            st.session_state.checked = refused
        st.session_state.checked_key = checked_key
    preview = st.session_state.checked
    if isinstance(preview, FileRefused):
        st.error(ui.plain(str(preview)))  # names the file: text, not Markdown
        preview = None
    if preview is not None:
        parsed = preview.parsed
        (st.success if preview.ok else st.error)(ui.plain(report.headline(parsed)))
        for notice in parsed.notices:
            st.info(ui.plain(notice))  # notices quote names people typed: text, not Markdown
        if parsed.problems:
            found = report.counts(parsed.problems)
            for column, (category, n) in zip(st.columns(len(found)), found.items(),
                                             strict=True):
                column.metric(category, n)
            problems = report.grouped(parsed.problems)
            problems.insert(0, "where", [report.where(r) for r in problems.itertuples()])
            # Escaped HTML, not a grid or st.table (which renders Markdown): every word is in
            # the page for screen readers, and a typed value cannot become a link or image.
            shown = problems[["category", "where", "found", "problem", "advice", "count"]]
            st.html(html_table(for_display(shown.head(200)), "Problems found"))
        return_accounts.draw(parsed)
        if preview.ok:
            st.subheader(f"3. Check what it will change in {ui.plain(preview.place_name)}")
            grid(for_display(preview.changes), "What it will change")
            if preview.after:
                before = preview.before.net_pence if preview.before else 0
                st.metric(f"Total public spend {preview.after.year} after the import",
                          format_gbp(preview.after.net_pence),
                          format_change(preview.after.net_pence - before) + " on now")
            if not preview.is_new_place:  # it replaces figures: asked first, in a dialog
                st.button("Import it", type="primary", on_click=confirm_desk.ask,
                          args=("import", checked_key))
                confirm_desk.pending_import(store, preview, checked_key, upload.name, data)
            elif st.button("Import it", type="primary") and \
                    confirm_desk.import_now(store, preview, upload.name, data):
                st.success(f"Imported {parsed.rows():,} rows from {ui.plain(upload.name)}. "
                           "Every page now shows them; you can undo this below.")

if ctx:
    st.subheader("Imports into " + ui.plain(ctx.place_name))
    batches = store.import_batches(store.place(ctx.place_name)["place_id"])
    grid(for_display(batches.drop(columns=["batch_id", "checksum"])), "Imports")
    live = batches[(batches["kind"] == "import") & batches["undone_at"].isna()]
    if len(live):  # asked first, in a dialog naming the file and its rows
        latest = live.iloc[0].to_dict()
        st.button(f"Undo the latest import ({ui.plain(latest['file_name'])})", key="data-undo",
                  on_click=confirm_desk.ask, args=("undo", latest["batch_id"]))
        confirm_desk.pending_undo(store, latest, ctx.place_name)
    if "data_flash" in st.session_state:  # said after the rerun that redraws the list
        st.success(ui.plain(st.session_state.pop("data_flash")))  # it names the file

    st.subheader("Export " + ui.plain(ctx.place_name))
    left, middle, right = st.columns(3)
    slug, name = ctx.place_name.lower().replace(" ", "-"), ctx.place_name
    # Callables: each file is built only when its button is pressed, not on every rerun.
    left.download_button("Everything (.xlsx, the template's layout)",
                         lambda: place_xlsx(store, name), f"{slug}.xlsx", XLSX, on_click="ignore")
    middle.download_button("Everything (a .zip of CSVs)", lambda: place_csv_zip(store, name),
                           f"{slug}-csv.zip", "application/zip", on_click="ignore")
    right.download_button("Spend lines (.csv)", lambda: spend_lines_csv(store, name),
                          f"{slug}-spend-lines.csv", "text/csv", on_click="ignore")

backup.draw(store)  # the whole database, copied from the app's own connection when pressed

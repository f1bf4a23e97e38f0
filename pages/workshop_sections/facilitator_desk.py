"""Not a page: the facilitator's desk tools under the workshop board (pages/live_workshop.py
draws them when not presenting). Widgets and layout only; the rules are in
totalplace_core.workshop."""

from datetime import date

import streamlit as st

from pages.workshop_sections import confirm_desk as confirm
from pages.workshop_sections import force_field_desk as forces
from pages.workshop_sections.force_field_desk import FAILED, done
from totalplace_core.store import Store
from totalplace_core.workshop import service as ws


def new_session_form(store: Store, place_name: str) -> None:
    with st.form("ws-new", clear_on_submit=True):
        title = st.text_input("Title", placeholder="What change are we looking at?")
        kind = st.radio("Kind", list(ws.KINDS), format_func=ws.KINDS.get)
        theme = st.text_input("Theme (optional)")
        when = st.date_input("Date", value="today", format="DD/MM/YYYY")
        anonymous = st.checkbox("People may stay anonymous", value=True)
        if st.form_submit_button("Create session", type="primary"):
            try:
                made = ws.create_session(store, place_name, title, kind, theme, when, anonymous)
            except FAILED as exc:
                st.error(str(exc))
                return
            st.session_state.ws_session = st.query_params["session"] = made["session_id"]
            st.rerun()


def desk_tabs(store: Store, session: dict) -> None:
    """The desk's tools; only the open tab runs (on_change="rerun"), so the board's refresh
    does not pay for every tool."""
    sid = session["session_id"]
    if session["kind"] == "force_field":
        tools = {"Combine forces": lambda: forces.combine(store, sid),
                 "Actions": lambda: _actions(store, session),
                 "Each person": lambda: forces.each_person(store, sid),
                 "Over time": lambda: forces.over_time(store, sid),
                 "Session and write-up": lambda: _session(store, session)}
    else:
        tools = {"Actions": lambda: _actions(store, session),
                 "Prompts and answers": lambda: _prompts(store, session),
                 "Session and write-up": lambda: _session(store, session)}
    if session["status"] != "open":
        st.info("This session is closed: nothing can be added to it or changed on its board. "
                "Reopen it under Session and write-up to carry on.")
    tabs = st.tabs(list(tools), key=f"ws_desk_{session['kind']}", on_change="rerun")
    for tab, draw in zip(tabs, tools.values(), strict=True):
        if tab.open:
            with tab:
                draw()
    confirm.pending(store, sid)  # the "are you sure?" a desk button asked, until answered


def _actions(store: Store, session: dict) -> None:
    sid, sources = session["session_id"], ws.action_sources(store, session)
    source_word = "restraining force" if session["kind"] == "force_field" else "decisional answer"
    with st.form("ws-action", clear_on_submit=True):
        source = st.selectbox(f"From a {source_word} (optional)", [None, *sources],
                              format_func=lambda i: "—" if i is None else sources[i],
                              key="ws-action-source")
        what = st.text_input("What will be done")
        who, when = st.columns(2)
        owner = who.text_input("Who")
        due = when.date_input("By when", value=None, format="DD/MM/YYYY")
        if st.form_submit_button("Add action", type="primary"):
            done(ws.add_action, store, sid, what, owner, due, source)
    table = ws.actions_table(store, sid)
    st.dataframe(table.drop(columns="action_id"), hide_index=True, width="stretch")


def _prompts(store: Store, session: dict) -> None:
    prompts = ws.session_prompts(session)
    key = st.selectbox("Stage", ws.STAGE_KEYS, format_func=lambda k: ws.stage(k).name,
                       key="ws-prompt-stage")
    text = st.text_area("Questions, one a line", "\n".join(prompts[key]), height=150,
                        key=f"ws-prompts-{session['session_id']}-{key}")
    if st.button("Save the questions"):
        done(ws.save_prompts, store, session["session_id"], key, text)
    answers = ws.answer_options(store, session["session_id"])
    shown = st.selectbox("An answer that should not be on the board", list(answers),
                         format_func=answers.get, index=None, key="ws-answer-off")
    st.button("Take it off the board", disabled=shown is None, on_click=confirm.ask,
              args=("answer", session["session_id"], shown))


def _session(store: Store, session: dict) -> None:
    sid = session["session_id"]
    if session["status"] == "open":
        st.button("Close the session: no more entries", on_click=confirm.ask,
                  args=("close", sid))
    else:
        on = st.date_input("Reopen for a meeting on", value=date.today(), format="DD/MM/YYYY")
        if st.button("Reopen the session", type="primary"):
            done(ws.reopen_session, store, sid, on)
    up = ws.write_up(store, sid)
    xlsx, pdf, page = st.columns(3)  # each built when clicked: up to date
    xlsx.download_button("Download the write-up (xlsx)",
                         lambda: ws.xlsx_bytes(ws.write_up(store, sid)),
                         file_name=f"{ws.file_stem(up)}.xlsx", on_click="ignore",
                         mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    pdf.download_button("Download the write-up (PDF)",
                        lambda: ws.summary_pdf(ws.write_up(store, sid)),
                        file_name=f"{ws.file_stem(up)}.pdf", mime="application/pdf",
                        on_click="ignore")
    page.download_button("Download the write-up (HTML)",
                         lambda: ws.summary_html(ws.write_up(store, sid)),
                         file_name=f"{ws.file_stem(up)}.html", mime="text/html",
                         on_click="ignore")
    st.caption(f"Every entry ({len(up.entries)}), who gave it and when, as of "
               f"{ws.uk_time(up.generated_at, '%H:%M:%S')}:")
    st.dataframe(up.entries, hide_index=True, width="stretch")

"""Workshop: run a force field or an ORID conversation from the projector. People join from
their phones with a short code; the board redraws itself every second or two."""

import streamlit as st

from pages.workshop_sections import facilitator_desk as tools
from totalplace_core import ui
from totalplace_core.store import StoreError
from totalplace_core.workshop import charts as wc
from totalplace_core.workshop import service as ws

ctx = ui.context()
ui.require_role("facilitator", "Workshop")  # deep-linked or run alone, it refuses
store, present = ui.store(), ui.presentation_mode()
found = ws.sessions(store, ctx.place_name) if ctx else None
ids = [] if found is None else list(found["session_id"])
labels = {} if found is None else {s["session_id"]: ws.session_label(s)
                                   for s in found.to_dict("records")}
if st.query_params.get("session") in ids:  # a copied link opens its session
    st.session_state.ws_session = st.query_params["session"]
if st.session_state.get("ws_session") not in ids:
    st.session_state.ws_session = ids[0] if ids else None


def choose() -> None:
    st.session_state.ws_session = st.query_params["session"] = st.session_state._ws_pick


if ctx and not present:
    with st.sidebar:
        if ids:
            st.session_state._ws_pick = st.session_state.ws_session
            st.selectbox("Session", ids, format_func=labels.get, key="_ws_pick",
                         on_change=choose)
        with st.expander("New session", expanded=not ids):
            tools.new_session_form(store, ctx.place_name)

sid = st.session_state.ws_session
session = store.workshop_session(sid) if sid else None
if session is None:
    st.title("Workshop")
    if ctx:
        st.html(wc.place_line_html(ctx.place_name, ctx.is_fictional))
    st.info("No workshop sessions yet. Create one under New session in the sidebar."
            if ctx else "No place is loaded yet. Run `totalplace demo` to build the demo place.")
else:
    st.query_params["session"] = sid
    is_orid, code = session["kind"] == "orid", session["join_code"]
    link = ws.join_link(st.context.url, code)
    if present:
        title, join, qr = st.columns([4, 4, 2], vertical_alignment="center")  # KM7RT-XWA3C
        title.title(ui.plain(session["title"]))
    else:
        st.title("Workshop")
        st.html(wc.place_line_html(ctx.place_name, ctx.is_fictional))
        st.subheader(ui.plain(session["title"]))
        join, qr = st.columns([4, 1], vertical_alignment="center")
    if session["status"] == "open":
        join.html(wc.join_panel_html(ws.display_code(code), link, present))
        qr.html(wc.qr_html(link, ws.display_code(code), 200 if present else 170))
    else:
        join.warning("This session is closed: it takes no more entries.")
    if not present:
        join.code(link, language=None)
        if ws.link_is_local(link):
            join.caption("This address only works on this computer. For phones, serve the app "
                         "on the room's network (make run ADDRESS=0.0.0.0) and open it by this "
                         "computer's network address; the link and QR code follow.")

    @st.fragment(run_every=2)
    def force_board() -> None:
        board = ws.force_board(store, sid)
        n = board.count
        if present:
            st.subheader(f"{board.balance.verdict()} · {ws.counted(n, 'force', 'forces')} from "
                         f"{ws.counted(board.writers, 'person', 'people')}")
        else:
            a, b, c, d = st.columns(4)
            a.metric("Driving total", f"{board.balance.driving:g}")
            b.metric("Restraining total", f"{board.balance.restraining:g}")
            c.metric("Forces", n)
            d.metric("People who wrote", board.writers)
            st.markdown(f"**{board.balance.verdict()}**")
        if board.combined.empty:
            st.info("No forces yet: they appear here as people add them.")
        else:
            # Built once per change to the session, not on every two-second refresh.
            fig = ui.figure(("ws-field", sid, present), ws.DEPENDS_ON, lambda: wc.force_field(
                board.combined, present, top=7 if present else None))
            ui.plot(fig, "the force field", key="ws-field")
        st.caption(ws.REMINDER)

    @st.fragment(run_every=1)
    def orid_board() -> None:
        board = ws.orid_board(store, sid)
        now, left = board.current, ws.seconds_left(board.session)
        banner, clock = st.columns([4, 1], vertical_alignment="center")
        banner.html(wc.stage_banner_html(ws.stage_number(now.stage.key), now.stage.name,
                                         now.stage.question, now.prompts, present))
        if left is not None:
            clock.html(wc.timer_html(ws.clock(left), left, present))
        if now.revealed:
            st.html(wc.answer_cards_html(list(zip(now.answers["who"], now.answers["text"],
                                                  strict=True)), now.stage.key, present))
        else:
            st.subheader(f"{ws.counted(len(now.answers), 'answer', 'answers')} written so far "
                         f"by {ws.counted(board.writers, 'person', 'people')}: hidden until you "
                         "reveal them.")

    def orid_controls() -> None:
        back, show, step, minutes, timer = st.columns(5, vertical_alignment="bottom")
        stage, shown = session["current_stage"], bool(session["is_revealed"])
        running = session["timer_ends_at"] is not None
        length = minutes.number_input("Minutes to write", 1, 60, 12, key="ws_minutes")
        try:
            if back.button("◀ Previous stage", width="stretch",
                           disabled=ws.previous_stage(stage) is None):
                ws.step_stage(store, sid, -1)
            elif show.button("Hide answers" if shown else "Reveal answers", type="primary",
                             width="stretch", disabled=session["status"] != "open"):
                ws.reveal(store, sid, not shown)
            elif step.button("Next stage ▶", width="stretch",
                             disabled=ws.next_stage(stage) is None):
                ws.step_stage(store, sid, 1)
            elif timer.button("Stop timer" if running else "Start timer", width="stretch",
                              disabled=session["status"] != "open"):
                ws.stop_timer(store, sid) if running else ws.start_timer(store, sid, length)
            else:
                return
        except (ws.WorkshopInputError, StoreError) as exc:
            st.error(str(exc))
            return
        st.rerun()

    if is_orid:
        orid_board()
        orid_controls()
    else:
        force_board()
    if not present:
        tools.desk_tabs(store, session)

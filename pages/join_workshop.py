"""Join a workshop: the participant's phone form, opened from the projected link or QR code
(/join?code=...). With a code it shows only that session's form, nothing else of the app."""

import streamlit as st

from totalplace_core import ui
from totalplace_core.store import StoreError, new_id
from totalplace_core.workshop import charts as wc
from totalplace_core.workshop import service as ws

store = ui.store()
code = ws.normalise_code(st.query_params.get("code"))
session, refused = None, None
if code and code == st.session_state.get("ws_joined"):  # found before: no need to count it
    session = ws.find_session(store, code)
elif code and code not in st.session_state.setdefault("ws_wrong", set()):  # counted once
    who = {"browser": st.session_state.setdefault("ws_browser", new_id()),
           "address": st.context.ip_address}
    try:  # wrong codes are limited per phone, per address and for the server (issue 14)
        session = ws.join_session(store, code, who)
    except ws.TooManyTries as exc:
        refused = str(exc)
    else:
        if session:
            st.session_state.ws_joined = code
        else:
            st.session_state.ws_wrong.add(code)

if session is None:
    if not ui.presentation_mode():  # a thumb's sizes; projected, the room's (present.css)
        st.html(wc.JOIN_CSS)
    st.title("Join a workshop", anchor=False)
    st.html(wc.places_line_html(ws.places(store)))
    if refused:
        st.error(refused)
    elif code:
        st.error(f"No workshop has the code {ws.display_code(code)}. Check the code on the "
                 "screen.")
    with st.form("join-code"):
        typed = st.text_input("The code on the screen", max_chars=24)
        if st.form_submit_button("Join", type="primary", width="stretch"):
            st.query_params["code"] = ws.normalise_code(typed)
            st.session_state.ws_focus = True
            st.rerun()
else:
    st.html(wc.PHONE_CSS)
    sid, is_orid = session["session_id"], session["kind"] == "orid"
    if not st.query_params.get("me"):  # this phone's id, kept in its link across reloads
        st.query_params["me"] = new_id()
    me = st.query_params["me"]
    view = ws.participant_view(store, session, me)
    st.title(ui.plain(session["title"]), anchor=False)
    st.caption(ui.plain(ws.KINDS[session["kind"]] + (f" · {session['theme']}"
                                                  if session["theme"] else "")))
    st.markdown(ws.HOW_TO_TAKE_PART[session["kind"]])
    if "ws_name" not in st.session_state and view.name:
        st.session_state.ws_name = view.name

    def send(part: str) -> None:
        """Save first; only a committed entry is reported as saved."""
        st.session_state.ws_focus = True  # back in the box for the next one
        try:
            sent = ws.send_entry(store, session, part, st.session_state.ws_text,
                                 st.session_state.get("ws_strength"),
                                 st.session_state.get("ws_name"), me,
                                 st.session_state.get("ws_last"))
        except ws.SessionClosedError:
            st.session_state.ws_error = ("The facilitator has closed this session: your "
                                         "words were not saved.")
            return
        except (ws.WorkshopInputError, StoreError) as exc:
            st.session_state.ws_error = str(exc)
            return
        st.session_state.ws_text, st.session_state.ws_saved = "", sent.text
        st.session_state.ws_last = sent.last

    def start() -> None:
        st.session_state.ws_focus = True
        try:
            st.session_state.ws_name = ws.author_name(
                "" if st.session_state.get("ws_anon") else st.session_state.ws_typed_name,
                bool(session["allow_anonymous"]))
        except ws.WorkshopInputError as exc:
            st.session_state.ws_error = str(exc)

    @st.fragment(run_every=3)
    def watch() -> None:
        """Redraw when the facilitator moves the stage, reveals or closes; show the timer."""
        signature, left = ws.watch(store, sid)
        if signature != view.signature:
            st.rerun(scope="app")
        if left is not None and view.is_open:
            st.markdown(f"**{ws.timer_words(left)}**")

    # In a container of its own: a tick that draws nothing (no timer running) then owns a
    # place in the page, and cannot be taken for the caption drawn after it.
    with st.container():
        watch()
    if not view.is_open:
        st.info("This session is closed: it takes no more entries. Thank you for taking part.")
    elif "ws_name" not in st.session_state:
        with st.form("who"):
            st.text_input("Your name, as others will see it", key="ws_typed_name",
                          max_chars=60)
            if session["allow_anonymous"]:
                st.checkbox("Stay anonymous", key="ws_anon")
            st.form_submit_button("Start", type="primary", width="stretch", on_click=start)
    else:
        st.caption(ui.plain(f"Writing as {st.session_state.ws_name or 'anonymous'}"))
        if is_orid and view.stage:
            st.html(wc.phone_stage_html(ws.stage_number(view.stage.key), view.stage.name,
                                        view.stage.question, view.prompts))
        with st.form("entry"):
            st.text_area("Your answer" if is_orid else "A force",
                         key="ws_text", max_chars=ws.MAX_TEXT, height=120,
                         placeholder="One idea at a time" if is_orid
                         else "Something that helps or holds back the change")
            if is_orid and view.stage:
                st.form_submit_button("Send", type="primary", width="stretch",
                                      on_click=send, args=(view.stage.key,))
            else:
                st.segmented_control("How strong? 1 weak, 5 strong", ws.STRENGTHS,
                                     default=3, required=True, key="ws_strength",
                                     width="stretch")
                st.form_submit_button("➜ Driving: it helps", type="primary", width="stretch",
                                      on_click=send, args=("driving",))
                st.form_submit_button("Restraining: it holds back ⟵", width="stretch",
                                      on_click=send, args=("restraining",))

    if saved := st.session_state.pop("ws_saved", None):
        st.success(ui.plain(f"Saved: {saved}"))
    if error := st.session_state.pop("ws_error", None):
        st.error(error)
    if not view.own.empty:
        st.subheader(f"Yours so far ({len(view.own)})")
        st.html(wc.entry_list_html(view.own_lines))
    if view.shared:
        st.subheader("Shared with the room")
        st.html(wc.answer_cards_html(view.shared, view.stage.key if view.stage else ""))
if st.session_state.pop("ws_focus", False):
    st.html(wc.FOCUS_FIRST_FIELD, unsafe_allow_javascript=True)

"""Papers: the committee pack a scrutiny officer puts in an agenda, built from what is loaded
(the sections they pick, in the order they pick them) and downloaded as PDF or HTML."""

import streamlit as st

from totalplace_core import ui
from totalplace_core.journeys import service as journeys
from totalplace_core.reports import pack
from totalplace_core.workshop import service as ws

ctx = ui.context()
if ctx is None:
    st.title("Papers")
    st.info("No place is loaded yet. Run `totalplace demo` to build the demo place.")
    st.stop()
store, place, year = ui.store(), ctx.place_name, ctx.year
ui.place_title(ctx, "Papers")
st.markdown("The committee pack: a cover with the contents, the sections you pick, and the "
            "sources and caveats at the end, with page numbers, ready to go in an agenda as "
            "it is. Every figure is the one the app shows; a section with nothing loaded "
            "says so.")

picked = st.multiselect("Sections, in the order they appear", list(pack.SECTIONS),
                        default=list(pack.SECTIONS), format_func=pack.SECTIONS.get,
                        key="papers_sections")
meeting = st.text_input("The meeting it is for (on the cover)", key="papers_meeting",
                        placeholder="Overview and Scrutiny Committee, 12 March 2010")
cases, sessions = journeys.case_studies(store, place), ws.sessions(store, place)
families, meetings = None, None
with st.expander("Which families and workshops", expanded=False):
    if not cases.empty:
        titles = dict(zip(cases["case_code"], cases["title"], strict=True))
        consented = list(cases.loc[cases["consent_checked"].fillna(False).astype(bool),
                                   "case_code"])
        families = tuple(st.multiselect(
            "Family journeys", list(titles), default=consented, format_func=titles.get,
            key="papers_cases", help="Families not yet checked as anonymised and consented "
                                     "are left out unless you pick them, and are then marked "
                                     "not for circulation."))
    if not sessions.empty:
        names = dict(zip(sessions["join_code"], sessions["title"], strict=True))
        meetings = tuple(st.multiselect("Workshop sessions", list(names), default=list(names),
                                        format_func=names.get, key="papers_sessions"))

if st.button("Build the papers", type="primary", disabled=not picked,
             icon=":material/description:"):
    choices = pack.PackChoices(place, year, tuple(picked), meeting, families, meetings)
    with st.spinner("Building the papers: drawing the charts and printing the PDF…"):
        st.session_state.papers = (choices, pack.build(store, choices))

built = st.session_state.get("papers")
if built is not None:
    choices, papers = built
    stem = f"committee-papers-{choices.place}-{choices.year}".replace(" ", "-").lower()
    st.success(f"Built in {papers.seconds:.1f} s"
               + (f": {papers.pages} pages." if papers.pages else "."))
    row = st.container(horizontal=True)
    if papers.pdf is not None:
        row.download_button("Download the papers (PDF)", papers.pdf, file_name=f"{stem}.pdf",
                            mime="application/pdf", on_click="ignore", type="primary",
                            icon=":material/picture_as_pdf:")
    else:
        st.warning(ui.plain(papers.problem))
    row.download_button("Download the papers (HTML, prints from any browser)", papers.html,
                        file_name=f"{stem}.html", mime="text/html", on_click="ignore",
                        icon=":material/download:")
    st.subheader("What is in them")
    st.markdown("\n".join(f"{number}. **{ui.plain(title)}**"
                          + (f": {ui.plain(empty)}" if empty else "")
                          for number, (title, empty) in enumerate(papers.contents, start=1)))

"""The app from its entry script, page by page, with streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_runner import open_app
from totalplace_core import navigation
from totalplace_core.count import service as count_service
from totalplace_core.money import format_change, format_gbp, format_per_head
from totalplace_core.store import Store

REPO = Path(__file__).resolve().parents[1]
PAGES = {p.script: p.heading for p in navigation.PAGES}


def start(page: str | None = None, present: bool = False, tab: str | None = None) -> AppTest:
    """The app on `page`, with the count's `tab` open (only the open tab runs)."""
    return open_app(page, present, state={"count_tab": tab} if tab else None)


@pytest.fixture
def db(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TOTALPLACE_DB", str(demo_copy))
    return demo_copy


@pytest.fixture
def app(db: Path) -> AppTest:
    return start()


@pytest.fixture
def latest(demo_copy: Path):
    with Store(demo_copy) as store:
        return count_service.place_count(store, "Harrowdale", "2009-10")


def test_home_shows_the_headline(app: AppTest, latest) -> None:
    values = {m.label: m.value for m in app.metric}
    assert values["Total public spend"] == format_gbp(latest.net_pence)
    assert values["Per resident"] == format_per_head(latest.per_head_pence)
    assert values["Public bodies counted"] == str(latest.bodies_counted)
    assert app.title[0].value == "All public spend in one place"


def test_year_picker_changes_the_figures(app: AppTest, demo_copy: Path) -> None:
    assert app.sidebar.selectbox[1].value == "2009-10"
    app.sidebar.selectbox[1].select("2008-09").run()
    with Store(demo_copy) as store:
        earlier = count_service.place_count(store, "Harrowdale", "2008-09")
    values = {m.label: m.value for m in app.metric}
    assert values["Total public spend"] == format_gbp(earlier.net_pence)


@pytest.mark.parametrize(("page", "title"), PAGES.items())
def test_every_page_opens(app: AppTest, page: str, title: str) -> None:
    app.switch_page(page).run()
    assert not app.exception
    assert app.title[0].value == title


def test_presentation_mode_hides_the_sidebar_pickers(db: Path) -> None:
    normal = start()
    assert [t.label for t in normal.sidebar.toggle] == ["Presentation mode"]
    present = start(present=True)
    assert len(present.sidebar.selectbox) == 0 and len(present.sidebar.toggle) == 0
    assert present.toggle[-1].value is True  # the way back out is on the page
    assert present.metric[0].label == "Total public spend"


@pytest.fixture
def count_page(db: Path) -> AppTest:
    return start("pages/high_level_count.py")


def test_count_headline_and_provenance(db: Path, latest, demo_copy: Path) -> None:
    count_page = start("pages/high_level_count.py", tab="Counted once")
    with Store(demo_copy) as store:
        earlier = count_service.place_count(store, "Harrowdale", "2008-09")
    values = {m.label: m.value for m in count_page.metric}
    assert values["Total public spend"] == format_gbp(latest.net_pence)
    assert values["Per resident"] == format_per_head(latest.per_head_pence)
    assert values["Public bodies counted"] == str(latest.bodies_counted)
    assert values["Change on 2008-09"] == format_change(latest.net_pence - earlier.net_pence)
    assert values["Change on 2008-09"].startswith("+£")
    assert values["Gross (every line)"] == format_gbp(latest.gross_pence)
    assert values["Transfers removed"] == format_gbp(latest.transfers_pence)
    shares = latest.basis_share_pct()
    basis_text = " ".join(m.value for m in count_page.markdown)
    assert f"actual {shares['actual']:.0f}%" in basis_text
    assert f"population-based proxy {shares['proxy']:.0f}%" in basis_text


def test_count_treemap_drills_to_bodies(count_page: AppTest, latest) -> None:
    import json

    specs = [json.loads(c.proto.spec) for c in count_page.get("plotly_chart")]
    treemap = next(s["data"][0] for s in specs if s["data"][0]["type"] == "treemap")
    divisions = {i: v for i, v in zip(treemap["ids"], treemap["values"], strict=True)
                 if "/" not in i}
    assert len(divisions) == 10
    assert sum(divisions.values()) == pytest.approx(latest.net_pence / 100)
    assert max(i.count("/") for i in treemap["ids"]) == 2, "bodies are the leaves"


def test_all_lines_filter_by_function(db: Path) -> None:
    count_page = start("pages/high_level_count.py", tab="All lines")
    count_page.multiselect[0].select("07 Health").run()
    caption = next(c.value for c in count_page.caption if " lines, £" in c.value)
    n_lines = int(caption.split(" ")[0])
    assert n_lines > 0
    frame = count_page.dataframe[-1].value
    assert len(frame) == n_lines and set(frame["COFOG group"].str[:2]) == {"07"}


def test_only_the_open_tab_runs(count_page: AppTest) -> None:
    assert [s.value for s in count_page.subheader] == []  # By body's headings are not drawn
    count_page.session_state["count_tab"] = "By body"
    count_page.run()
    assert [s.value for s in count_page.subheader] == ["By kind of body", "By organisation"]


def test_count_in_presentation_mode_is_one_picture(db: Path) -> None:
    at = start("pages/high_level_count.py", present=True)
    assert len(at.tabs) == 0
    assert at.metric[0].label == "Total public spend"
    charts = [c.proto.spec for c in at.get("plotly_chart")]
    assert len(charts) == 2 and '"treemap"' in charts[-1]


def test_per_head_divides_by_the_chosen_population(db: Path, demo_copy: Path) -> None:
    count_page = start("pages/high_level_count.py", tab="Per head")
    with Store(demo_copy) as store:
        wards = store.table("ward", store.place("Harrowdale")["place_id"])
    table = next(d.value for d in count_page.dataframe if "Per relevant head" in d.value.columns)
    old_age = table.set_index("COFOG group").loc["10.2"]
    assert old_age["Relevant population"] == "65+"
    assert old_age["Residents"] == wards["pop_65_plus"].sum()


def test_two_places_side_by_side(db: Path) -> None:
    from tests.handmade import load_handmade

    with Store(db) as store:
        load_handmade(store)
    at = start("pages/high_level_count.py", tab="Compare")
    assert "Places side by side, 2009-10" in [s.value for s in at.subheader]
    table = next(d.value for d in at.dataframe if "Place" in d.value.columns)
    assert set(table["Place"]) == {"Harrowdale", "Testborough"}
    assert table.set_index("Place").loc["Testborough",
                                        "10 Social protection per head (£)"] == 2_200


def test_data_page_offers_template_help_imports_and_exports(db: Path) -> None:
    at = start("pages/data_in_and_out.py")
    assert [s.value for s in at.subheader][:2] == ["1. Get the blank template", "2. Upload it"]
    help_table = at.dataframe[0].value
    assert {"Spend lines", "Organisations", "Touchpoints"} <= set(help_table["Sheet"])
    imports = at.dataframe[1].value
    assert list(imports["File"]) == ["demo/ (demo files)"]
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Everything (.xlsx, the template's layout)" in labels


def test_a_place_with_no_spend_lines_yet_is_not_offered(db: Path, latest) -> None:
    """A place created before its figures arrive (its Places row imported alone) is left out
    of the place picker until it has spend lines, instead of stopping every page."""
    with Store(db) as store, store.transaction() as cur:
        cur.execute("INSERT INTO place (place_id, place_name, population, is_fictional, "
                    "description) VALUES ('p-aard', 'Aardvale', 1000, TRUE, 'no figures yet')")
    at = start()
    assert not at.exception
    assert at.sidebar.selectbox[0].options == ["Harrowdale"]
    assert format_gbp(latest.net_pence) in [m.value for m in at.metric]

"""The data `totalplace bench` runs on: the demo place, a county (12 places) and the national
floor (317 places, 10M spend lines), made once and reused.

What the generated places hold is said here (bodies, the flow graph, names, texts); how it is
written is store/bench_data.py, all SQL. A data file carries a marker (`bench_meta`) with the
fingerprint of what made it, so a second bench run on the same file starts in a second."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from totalplace_core.store import Store, bench_data
from totalplace_core.store.bench_data import BenchSpec, generate, read_meta, write_meta
from totalplace_core.workshop.service import STAGE_KEYS


@dataclass(frozen=True)
class Body:
    code: str
    name: str  # "{place}" stands for the place's name
    kind: str  # one of classifications.ORG_KINDS
    weight: float  # its share of a place's spend, relative to the other bodies
    cofogs: tuple[str, ...]  # the COFOG groups its lines fall in
    reports: bool = True  # False: files no lines, so transfers to it stay unmatched


@dataclass(frozen=True)
class Vocabulary:
    """What generated places hold; store/bench_data.py reads these fields by name."""

    bodies: tuple[Body, ...]
    nodes: tuple[tuple[str, str, str, str | None], ...]  # code, name, tier, org_code
    edges: tuple[tuple[str, str, str, str, bool, int], ...]  # from, to, stream, kind,
    #   ring-fenced, pounds a head
    assets: tuple[tuple[str, str, str], ...]  # kind, name after the ward's, owner org_code
    place_prefixes: tuple[str, ...]  # names: a prefix and a suffix
    place_suffixes: tuple[str, ...]
    ward_stems: tuple[str, ...]
    drivers: tuple[str, ...]  # io.spec drivers, for proxy lines
    sessions: tuple[tuple[str, str, str], ...]  # kind, title ("{place}"), theme
    forces: tuple[tuple[str, ...], tuple[str, ...]]  # driving texts, restraining texts
    orid: tuple[tuple[str, tuple[str, ...]], ...]  # each stage, in order, and its texts
    authors: tuple[str, ...]


YEARS = ("2005-06", "2006-07", "2007-08", "2008-09", "2009-10")

# 29 bodies report every year; the 30th files nothing, so transfers to it stay unmatched.
# Between them their COFOG groups cover every group (a test checks).
BODIES = (
    Body("DWP", "Department for Work and Pensions", "central department", 6.0,
         ("10.1", "10.2", "10.3", "10.5", "10.7", "10.8", "10.9")),
    Body("HMRC", "HM Revenue and Customs", "central department", 3.0, ("10.4", "01.1")),
    Body("DH", "Department of Health", "central department", 0.5, ("07.5", "07.6")),
    Body("DCSF", "Department for Children, Schools and Families", "central department", 1.0,
         ("09.1", "09.2", "09.8")),
    Body("DCLG", "Department for Communities and Local Government", "central department", 1.0,
         ("06.1", "06.2", "01.8")),
    Body("MOJ", "Ministry of Justice", "central department", 1.0, ("03.3", "03.4", "03.6")),
    Body("MOD", "Ministry of Defence", "central department", 1.5,
         ("02.1", "02.2", "02.3", "02.4", "02.5")),
    Body("DFT", "Department for Transport", "central department", 1.0, ("04.5", "04.6")),
    Body("DECC", "Department of Energy and Climate Change", "central department", 0.5,
         ("04.3", "04.4", "05.3")),
    Body("BIS", "Department for Business, Innovation and Skills", "central department", 1.0,
         ("04.1", "04.7", "04.8", "01.4", "01.5")),
    Body("DFID", "Department for International Development", "central department", 0.3,
         ("01.2",)),
    Body("HMT", "HM Treasury", "central department", 2.0, ("01.1", "01.3", "01.6", "01.7")),
    Body("DEFRA", "Department for Environment, Food and Rural Affairs", "central department",
         0.5, ("04.2", "05.4", "05.5", "05.6", "06.3")),
    Body("LSC", "Learning and Skills Council", "NDPB", 1.0, ("09.3", "09.4", "09.5", "09.7")),
    Body("HCA", "Homes and Communities Agency", "NDPB", 0.5, ("06.1", "06.5", "06.6")),
    Body("ACE", "Arts Council England", "NDPB", 0.2, ("08.2", "08.3", "08.5")),
    Body("SPE", "Sport England", "NDPB", 0.2, ("08.1", "08.6")),
    Body("ERDF", "ERDF Competitiveness Programme 2007-13", "EU programme", 0.3,
         ("04.1", "04.9")),
    Body("RDA", "Regional Development Agency", "regional body", 0.5, ("04.1", "04.9", "06.2")),
    Body("CC", "{place} Council", "council", 5.0,
         ("09.1", "09.2", "09.6", "10.2", "10.4", "10.6", "04.5", "05.1", "05.2", "06.4",
          "08.1", "08.2", "08.4", "01.3")),
    Body("PCT", "{place} Primary Care Trust", "NHS commissioner", 3.0,
         ("07.1", "07.2", "07.4", "07.6")),
    Body("ACUTE", "{place} Hospitals NHS Trust", "NHS provider", 3.0, ("07.3", "07.5")),
    Body("MHT", "{place} Mental Health NHS Trust", "NHS provider", 0.8, ("07.3", "07.6")),
    Body("POL", "{place} Police Authority", "police", 1.0, ("03.1", "03.5")),
    Body("FIRE", "{place} Fire and Rescue Authority", "fire", 0.3, ("03.2",)),
    Body("PROB", "{place} Probation Trust", "probation", 0.2, ("03.6",)),
    Body("JCP", "Jobcentre Plus {place} District", "Jobcentre Plus", 0.5, ("10.5", "04.1")),
    Body("CVS", "{place} Council for Voluntary Service", "voluntary sector", 0.1,
         ("08.4", "10.7")),
    Body("AGE", "Age Concern {place}", "voluntary sector", 0.1, ("10.2", "10.7")),
    Body("YTH", "{place} Youth Trust", "voluntary sector", 0.1, ("10.4",), reports=False),
)

# Each place's wall: sources -> intermediaries -> services -> citizens, edges only going up
# the tiers, so the graph has no cycle. Twelve edges, so each place-year (12-13 flows at the
# national floor) holds the whole graph.
NODES = (
    ("SRC_DWP", "Department for Work and Pensions", "source", "DWP"),
    ("SRC_DCSF", "Department for Children, Schools and Families", "source", "DCSF"),
    ("SRC_DH", "Department of Health", "source", "DH"),
    ("SRC_CTAX", "Council tax payers", "source", None),
    ("INT_CC", "{place} Council", "intermediary", "CC"),
    ("INT_PCT", "{place} Primary Care Trust", "intermediary", "PCT"),
    ("SVC_SCHOOLS", "Schools", "service", None),
    ("SVC_ASC", "Adult social care", "service", None),
    ("SVC_ACUTE", "Acute hospital care", "service", None),
    ("CIT_OLDER", "Older people", "citizen", None),
    ("CIT_WORKING", "Working-age adults", "citizen", None),
    ("CIT_CHILD", "Children and young people", "citizen", None),
    ("CIT_ALL", "All residents", "citizen", None),
)
EDGES = (
    ("SRC_DWP", "CIT_OLDER", "State Pension and Pension Credit", "benefit", False, 950),
    ("SRC_DWP", "CIT_WORKING", "Jobseeker's Allowance and Income Support", "benefit", False,
     250),
    ("SRC_DCSF", "INT_CC", "Dedicated Schools Grant", "grant", True, 530),
    ("SRC_CTAX", "INT_CC", "Council tax", "grant", False, 450),
    ("INT_CC", "SVC_SCHOOLS", "Schools", "direct service", False, 550),
    ("SVC_SCHOOLS", "CIT_CHILD", "Schools", "direct service", False, 550),
    ("INT_CC", "SVC_ASC", "Adult social care", "direct service", False, 430),
    ("SVC_ASC", "CIT_OLDER", "Adult social care", "direct service", False, 430),
    ("SRC_DH", "INT_PCT", "PCT revenue allocation", "grant", False, 1500),
    ("INT_PCT", "SVC_ACUTE", "Acute hospital care", "commission", False, 900),
    ("SVC_ACUTE", "CIT_ALL", "Acute hospital care", "direct service", False, 900),
    ("INT_PCT", "CIT_ALL", "Primary and community care", "direct service", False, 600),
)

WORDS = Vocabulary(
    bodies=BODIES, nodes=NODES, edges=EDGES,
    assets=(("school", "Primary School", "CC"), ("school", "High School", "CC"),
            ("GP surgery", "Surgery", "PCT"), ("GP surgery", "Medical Practice", "PCT"),
            ("community centre", "Community Centre", "CC"),
            ("children's centre", "Children's Centre", "CC"), ("office", "Council Offices", "CC"),
            ("office", "Jobcentre", "JCP"), ("health centre", "Health Centre", "PCT"),
            ("library", "Library", "CC"), ("police station", "Police Station", "POL"),
            ("fire station", "Fire Station", "FIRE"), ("leisure centre", "Leisure Centre", "CC"),
            ("depot", "Depot", "CC"), ("hospital", "Hospital", "ACUTE")),
    place_prefixes=("Ash", "Bar", "Black", "Bram", "Brock", "Cal", "Chal", "Clay", "Cold",
                    "Dun", "East", "Elm", "Fair", "Fox", "Green", "Hales", "Hart", "High",
                    "Kings", "Lang", "Long", "Marl", "Mill", "North", "Oak", "Red", "Rock",
                    "Stan", "Thorn", "West"),
    place_suffixes=("bury", "by", "dale", "field", "ford", "ham", "ley", "mouth", "stow",
                    "ton", "wick", "worth"),
    ward_stems=("Abbey", "Bridge", "Castle", "Central", "Church", "Eastgate", "Forest",
                "Grange", "Hillside", "Kingsway", "Lakeside", "Manor", "Mill Lane", "Northfield",
                "Park", "Priory", "Queens", "Riverside", "St Mark's", "Southfield", "Station",
                "Valley", "Westgate", "Woodlands", "Yew Tree", "Brookside"),
    drivers=("population", "pop_0_17", "pop_65_plus", "need_index"),
    sessions=(("force_field", "Older people staying independent in {place}", "Older people"),
              ("orid", "Looking back on a year of Total Place in {place}", "Programme review"),
              ("force_field", "Young people not in education, employment or training in {place}",
               "Young people")),
    forces=(("Partners will pool money and share the risk of spending earlier",
             "Front-line staff already work across agency lines",
             "Everyone can see what crisis services cost us",
             "Residents have told us clearly what they want",
             "One shared budget would cut hand-overs",
             "Leaders have signed up to act on the count"),
            ("Each body's budget rules stop money moving between them",
             "Savings land in one budget while the cost lands in another",
             "Data sharing agreements take months",
             "Staff are stretched and wary of another initiative",
             "Ring-fenced grants cannot be pooled",
             "Nobody owns the whole journey of a family")),
    orid=tuple(zip(STAGE_KEYS, (
        ("We counted the spend of thirty bodies", "Most money arrives through benefits",
         "Five families' journeys were costed"),
        ("Surprised how little is spent early", "Frustrated by the hand-overs",
         "Hopeful about the new partnership"),
        ("Money follows institutions, not people", "Prevention pays back, but elsewhere",
         "We duplicate assessments"),
        ("Pool one budget for older people next year", "Agree one assessment for families",
         "Report the count to every board")), strict=True)),
    authors=("Priya", "Tom", "Gareth", "Helen", "Joanne", "Mark", "Aisha", "David", "Fiona",
             "Sam", "Ruth", "Imran"),
)

_NATIONAL = BenchSpec(scale="national", places=317, years=YEARS, spend_lines=10_000_000,
                      flows=20_000, assets=50_000, workshop_entries=100_000, words=WORDS)


def _scaled(scale: str, places: int) -> BenchSpec:
    """The national floor's proportions (6,300 lines a place-year, flows, assets and entries
    a place) at fewer places."""
    def share(n: int) -> int:
        return round(n * places / _NATIONAL.places)
    return replace(_NATIONAL, scale=scale, places=places,
                   spend_lines=places * len(YEARS) * 6_300, flows=share(_NATIONAL.flows),
                   assets=share(_NATIONAL.assets),
                   workshop_entries=share(_NATIONAL.workshop_entries))


SPECS: dict[str, BenchSpec] = {"county": _scaled("county", 12), "national": _NATIONAL}
SCALES = ("demo", *SPECS)


def fingerprint(scale: str) -> str:
    """What made a file of `scale`: the spec, the generator and DuckDB (whose `hash` it uses),
    or the demo's files."""
    if scale in SPECS:
        text = repr(SPECS[scale]) + Path(bench_data.__file__).read_text() + duckdb.__version__
        return hashlib.md5(text.encode()).hexdigest()
    if scale != "demo":
        raise ValueError(f"unknown scale {scale!r} (one of {', '.join(SCALES)})")
    from totalplace_core.demo import DEMO_DIR

    digest = hashlib.md5(b"demo")
    for file in sorted(p for p in DEMO_DIR.iterdir() if p.is_file()):
        digest.update(file.name.encode() + file.read_bytes())
    return digest.hexdigest()


def _remove(path: Path) -> None:
    for file in (path, path.with_name(path.name + ".wal")):
        file.unlink(missing_ok=True)


def _make(scale: str, store: Store) -> dict[str, int]:
    """Fill `store` with `scale`'s data; what describe() reports of it."""
    if scale == "demo":
        from totalplace_core.demo import build_demo

        rows = build_demo(store)
        years = len(store.years(store.places()["place_id"].iloc[0]))
    else:
        rows, years = generate(store, SPECS[scale]), len(SPECS[scale].years)
    return {"places": rows["place"], "wards": rows["ward"], "years": years,
            "spend lines": rows["spend_line"], "flows": rows["flow"], "assets": rows["asset"],
            "workshop entries": rows["force"] + rows["orid_answer"]}


def prepare(scale: str, path: Path) -> Path:
    """A file holding `scale`'s data at `path`: reused if it already does, made otherwise.

    Only a file this module made (it has the marker) is ever replaced; any other file at
    `path` is refused, so pointing `--data` at a real store cannot wipe it."""
    path, wanted = Path(path), fingerprint(scale)
    if path.exists():
        meta = read_meta(path)
        if meta is None:
            raise ValueError(f"{path} exists and was not made by totalplace bench; "
                             "give another path or remove it.")
        if meta.get("fingerprint") == wanted:
            return path
        _remove(path)
    partial = path.with_name(path.name + ".partial")
    _remove(partial)  # what a killed run left
    with Store(partial) as store:
        counts = _make(scale, store)
        write_meta(store, {"fingerprint": wanted, "scale": scale, "rows": json.dumps(counts)})
    # Only a finished file takes the name. A clean close leaves no log, but never split one.
    wal = partial.with_name(partial.name + ".wal")
    if wal.exists():
        wal.rename(path.with_name(path.name + ".wal"))
    partial.rename(path)
    return path


def describe(path: Path) -> str:
    """One line: what the file was made with (counted as it was made) and its size."""
    meta = read_meta(Path(path)) or {}
    counts = json.loads(meta.get("rows", "{}"))
    size = Path(path).stat().st_size / 2**20
    return ", ".join(f"{n:,} {what}" for what, n in counts.items()) + f"; {size:,.0f} MiB"


def bench_place(path: Path) -> str:
    """The place "one place-year" is measured on: the one of median population (the lower
    of the middle two)."""
    with Store(path) as store:
        places = store.places().sort_values(["population", "place_name"])
    if places.empty:
        raise ValueError(f"{path} holds no places")
    return str(places["place_name"].iloc[(len(places) - 1) // 2])


def bench_year(path: Path) -> str:
    """The year "one place-year" is measured on: the latest the bench place has."""
    place = bench_place(path)
    with Store(path) as store:
        years = store.years(store.place(place)["place_id"])
    if not years:
        raise ValueError(f"{place} in {path} has no spend lines")
    return years[-1]

"""Generated data for `totalplace bench`, written straight into DuckDB by set-based SQL.

Tables are filled by `INSERT ... SELECT ... FROM range(n)`, never a Python loop over rows nor
the importer. Randomness is `hash(i, salt, seed)`, ids are `md5` of a stable key as a UUID: one
spec gives the same rows, ids included, every run with this DuckDB (its `hash` is its own). What
the data says is the spec's `words`, a `bench.datasets.Vocabulary` read by field name.

Physical order matters: big tables are inserted ORDER BY place_id, year. DuckDB keeps a min/max
per column for each row group (~122,880 rows), so when one place's lines sit together a query
for one place-year reads a row group or two and skips the rest; in random order (the app's
UUIDs) every row group spans every place and the query reads all 10M lines (1 ms against 32).
Places are numbered `r` in place_id order, so lines are made and sorted 1M lines at a time."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from totalplace_core.store.connection import Connection
from totalplace_core.store.count import CountQueries

Cursor = duckdb.DuckDBPyConnection


@dataclass(frozen=True)
class BenchSpec:
    scale: str
    places: int
    years: tuple[str, ...]
    spend_lines: int  # in all, shared evenly over place-years
    flows: int
    assets: int
    workshop_entries: int  # forces and ORID answers together
    words: Any  # a bench.datasets.Vocabulary
    wards_per_place: int = 22  # on average; 18-26 at 22
    sessions_per_place: int = 3
    net_per_head_pounds: int = 8_000  # a Total Place pilot's order of magnitude
    growth_pct: int = 4  # cash growth a year
    transfer_every: int = 10  # one line in ten hands money on
    unmatched_every: int = 10  # one transfer in ten goes to a body that reports nothing
    seed: int = 1


BATCH_LINES = 1_000_000  # spend lines made and sorted at a time
JOIN_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"  # workshop.join_codes' (a test keeps them equal)
_MACROS = (  # uniform in [0, 1); whole number in [0, n); UUID-shaped id of a key
    "CREATE OR REPLACE TEMP MACRO bench_u(a, s) AS "
    "(hash(a, s, {seed}) % 1000000007) / 1000000007.0",
    "CREATE OR REPLACE TEMP MACRO bench_n(a, s, n) AS CAST(hash(a, s, {seed}) % n AS BIGINT)",
    "CREATE OR REPLACE TEMP MACRO bench_uuid(k) AS CAST(CAST(md5(k) AS UUID) AS VARCHAR)",
)


def _shares(item: str, part: str, total: int, parts: int, span: str = "") -> str:
    """A FROM item: items 0..total-1 (or `span` of them) in `parts` even shares, each `item`
    with its share `part`, its number `k` in it and the share's `size`. Join on `part` as a
    column: joined on the expression, DuckDB made a cross product (30 s for 50k assets)."""
    def start(p: str) -> str:
        return f"(({p}) * {total} + {parts} - 1) // {parts}"
    return (f"(SELECT {item}, {part}, {item} - {start(part)} AS k, {start(part + ' + 1')} - "
            f"{start(part)} AS size FROM (SELECT {item}, {item} * {parts} // {total} AS {part} "
            f"FROM range({span or total}) t({item})))")


def _setup(cur: Cursor, spec: BenchSpec) -> None:
    """Temp tables: places (numbered `r` in place_id order), place-years, ward centres."""
    w, spread, n_years = spec.words, spec.wards_per_place // 5, len(spec.years)
    for macro in _MACROS:
        cur.execute(macro.format(seed=int(spec.seed)))
    cur.execute(f"""CREATE OR REPLACE TEMP TABLE _place AS
        WITH raw AS (SELECT i, bench_uuid('place-' || $seed || '-' || i) AS place_id,
            $pre[1 + i % len($pre)] || $suf[1 + (i // len($pre) + i % len($pre)) % len($suf)]
                || CASE WHEN i < len($pre) * len($suf) THEN ''
                   ELSE ' ' || (1 + i // (len($pre) * len($suf))) END AS place_name,
            CAST(100000 + 1100000 * pow(bench_u(i, 'pop'), 3) AS INTEGER) AS population,
            51.3 + 2.5 * bench_u(i, 'lat') AS lat, -2.2 + 2.4 * bench_u(i, 'lon') AS lon,
            {spec.wards_per_place - spread} + bench_n(i, 'wards', {2 * spread + 1}) AS n_wards
            FROM range({spec.places}) t(i))
        SELECT * EXCLUDE (i), CAST(row_number() OVER (ORDER BY place_id) - 1 AS INTEGER) AS r
        FROM raw""", {"seed": spec.seed, "pre": list(w.place_prefixes),
                      "suf": list(w.place_suffixes)})
    # A place-year's amount in all, so its net count is about net_per_head_pounds a head,
    # growing each year (netted transfers come off the gross).
    netted = (1 - 1 / spec.unmatched_every) / spec.transfer_every
    cur.execute(f"""CREATE OR REPLACE TEMP TABLE _py AS
        SELECT p.*, y, $years[y + 1] AS year, p.r * {n_years} + y AS py,
            population * {spec.net_per_head_pounds * 100}.0 * pow(1 + {spec.growth_pct} / 100, y)
                / (1 - {netted}) AS target_pence
        FROM _place p CROSS JOIN range({n_years}) t(y)""", {"years": list(spec.years)})
    cur.execute("""CREATE OR REPLACE TEMP TABLE _ward AS
        SELECT r, place_id, j, lat + (j // 5 - 2.5) * 0.02 AS lat, lon + (j % 5 - 2) * 0.03 AS lon,
            'E05' || lpad(CAST(r * 100 + j AS VARCHAR), 6, '0') AS ward_code,
            $stems[1 + j % len($stems)] || CASE WHEN j < len($stems) THEN ''
                ELSE ' ' || (1 + j // len($stems)) END AS ward_name
        FROM (SELECT *, unnest(range(n_wards)) AS j FROM _place)""", {"stems": list(w.ward_stems)})


def _places_and_wards(cur: Cursor, spec: BenchSpec) -> None:
    cur.execute("""INSERT INTO place (place_id, place_name, population, is_fictional, description)
        SELECT place_id, place_name, population, true, 'Generated for totalplace bench ('
            || ? || ' scale); not a real place.' FROM _place ORDER BY place_id""", [spec.scale])
    # Integer weights cut the place's population into exact shares (the last cut lands on the
    # population itself), then each ward into three age bands; the outline is a box.
    corners = ((-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1))
    box = ", ".join(f"lon + {0.015 * a}, lat + {0.01 * b}" for a, b in corners)
    points = ", ".join("[{:.6f}, {:.6f}]" for _ in corners)
    cur.execute(f"""INSERT INTO ward
        WITH w AS (SELECT w.*, p.population, 500 + bench_n(w.ward_code, 'wpop', 1000) AS wt
                   FROM _ward w JOIN _place p USING (r)),
        c AS (SELECT *, sum(wt) OVER (PARTITION BY r ORDER BY j) AS cum,
                  sum(wt) OVER (PARTITION BY r) AS tot FROM w),
        s AS (SELECT *, population * cum // tot - population * (cum - wt) // tot AS pop,
                  170 + bench_n(ward_code, 'kids', 80) AS kids,
                  120 + bench_n(ward_code, 'old', 100) AS old FROM c)
        SELECT bench_uuid('ward-' || place_id || '-' || j), place_id, ward_code, ward_name,
            pop * kids // 1000, pop - pop * kids // 1000 - pop * old // 1000, pop * old // 1000,
            round(70 + 60 * bench_u(ward_code, 'need'), 1),
            format('{{{{"type": "Polygon", "coordinates": [[{points}]]}}}}', {box}), NULL, NULL
        FROM s ORDER BY place_id, j""")
    _per_place(cur, "organisation", "org_id", [
        {"org_code": b.code, "org_name": b.name, "kind": b.kind} for b in spec.words.bodies])


def _per_place(cur: Cursor, table: str, id_col: str, rows: list[dict[str, Any]]) -> None:
    """`rows` (code first, then a name where "{place}" stands for the place's) in every place."""
    code, name = list(rows[0])[:2]
    cur.execute(f"""INSERT INTO {table} BY NAME
        SELECT bench_uuid('{table}-' || p.place_id || '-' || r.{code}) AS {id_col}, p.place_id,
            r.* REPLACE (replace(r.{name}, '{{place}}', p.place_name) AS {name})
        FROM _place p CROSS JOIN (SELECT unnest($rows, recursive := true)) r
        ORDER BY p.place_id, r.{code}""", {"rows": rows})


def _spend_lines(cur: Cursor, spec: BenchSpec) -> None:
    reporting = [b for b in spec.words.bodies if b.reports]
    silent = [b.code for b in spec.words.bodies if not b.reports]
    mean_weight = sum(b.weight for b in reporting) / len(reporting)
    n_py, total, nb = spec.places * len(spec.years), spec.spend_lines, len(reporting)
    te, ue = spec.transfer_every, spec.unmatched_every
    # A place-year's first lines go one to each body, so all report; every te-th line is a
    # transfer, one in ue to a body that files nothing, so none lacks either kind.
    sql = f"""INSERT INTO spend_line
        WITH l AS (SELECT g.i, g.k, g.size, p.* FROM {_shares("i", "py", total, n_py, "$lo, $hi")} g
                   JOIN _py p USING (py)),
        b AS (SELECT *, CASE WHEN k < {nb} THEN k ELSE bench_n(i, 'org', {nb}) END AS b,
                  bench_n(i, 'basis', 100) AS bp FROM l),
        c AS (SELECT *, CASE WHEN bp < 65 THEN 'actual' WHEN bp < 90 THEN 'estimate'
                  ELSE 'proxy' END AS basis FROM b)
        SELECT bench_uuid('line-' || $seed || '-' || i), place_id, year, $codes[b + 1],
            $cofogs[b + 1][1 + bench_n(i, 'cofog', len($cofogs[b + 1]))], NULL,
            CAST(greatest(100, round(target_pence / size * $weights[b + 1] / {mean_weight}
                * -ln(1 - bench_u(i, 'amount')))) AS BIGINT), NULL, basis,
            $codes[b + 1] || CASE basis WHEN 'actual' THEN ' annual accounts '
                WHEN 'estimate' THEN ' estimate for the place, '
                ELSE ' national figure shared by population, ' END || year, NULL,
            CASE WHEN k % {te} <> {te - 1} THEN NULL
                WHEN k // {te} % {ue} = 0 THEN $silent[1 + bench_n(i, 'silent', len($silent))]
                ELSE $codes[1 + (b + 1 + bench_n(i, 'to', {nb - 1})) % {nb}] END,
            CASE WHEN basis = 'proxy' THEN $drivers[1 + bench_n(i, 'driver', len($drivers))]
                END, NULL, NULL, NULL
        FROM c ORDER BY place_id, year"""
    params = {"seed": spec.seed, "codes": [b.code for b in reporting], "silent": silent,
              "cofogs": [list(b.cofogs) for b in reporting],
              "weights": [b.weight for b in reporting], "drivers": list(spec.words.drivers)}
    # Whole places a batch, in r order, each sorted (one 10M-row sort held 1.7 GiB more), in
    # one transaction (a checkpoint a batch rewrote the key's index: the file grew 0.7 GiB).
    step, years = max(1, BATCH_LINES * spec.places // total), len(spec.years)
    cur.begin()
    for r in range(0, spec.places, step):
        lo, hi = ((min(x, spec.places) * years * total + n_py - 1) // n_py for x in (r, r + step))
        cur.execute(sql, params | {"lo": lo, "hi": hi})
    cur.commit()


def _flows(cur: Cursor, spec: BenchSpec) -> None:
    w, n_py, growth = spec.words, spec.places * len(spec.years), 1 + spec.growth_pct / 100
    _per_place(cur, "flow_node", "node_id", [
        dict(zip(("node_code", "node_name", "tier", "org_code"), n, strict=True)) for n in w.nodes])
    cur.execute(f"""INSERT INTO flow
        WITH l AS (SELECT g.f, g.k // {len(w.edges)} AS part, g.k % {len(w.edges)} + 1 AS e, p.*
                   FROM {_shares("f", "py", spec.flows, n_py)} g JOIN _py p USING (py))
        SELECT bench_uuid('flow-' || $seed || '-' || f), place_id, year, $edges[e][1],
            $edges[e][2], $edges[e][3] || CASE WHEN part = 0 THEN ''
                ELSE ' (part ' || (part + 1) || ')' END,
            CAST(round(population * CAST($edges[e][6] AS INTEGER) * 100.0 * pow({growth}, y)
                * (0.85 + 0.3 * bench_u(f, 'flow'))) AS BIGINT), NULL, $edges[e][4],
            CAST($edges[e][5] AS BOOLEAN), NULL
        FROM l ORDER BY place_id, year""", {"seed": spec.seed, "edges": w.edges})


def _assets(cur: Cursor, spec: BenchSpec) -> None:
    cur.execute(f"""INSERT INTO asset (asset_id, place_id, asset_code, org_code, asset_name, kind,
            lat, lon, ward_code, floor_area_m2, running_cost_pence, utilisation_pct, tenure)
        WITH l AS (SELECT g.*, p.place_id, bench_n(a, 'ward', p.n_wards) AS j,
                       1 + bench_n(a, 'kind', len($kinds)) AS kind
                   FROM {_shares("a", "r", spec.assets, spec.places)} g JOIN _place p USING (r)),
        s AS (SELECT l.*, w.lat, w.lon, w.ward_code, w.ward_name, bench_n(a, 'tenure', 100) AS tp,
                  150 + CAST(4850 * pow(bench_u(a, 'area'), 2) AS INTEGER) AS area
              FROM l JOIN _ward w USING (r, j))
        SELECT bench_uuid('asset-' || $seed || '-' || a), place_id,
            'AS' || lpad(CAST(k + 1 AS VARCHAR), 4, '0'), $kinds[kind][3],
            ward_name || ' ' || $kinds[kind][2], $kinds[kind][1],
            lat + 0.018 * (bench_u(a, 'lat') - 0.5), lon + 0.027 * (bench_u(a, 'lon') - 0.5),
            ward_code, area, area * (8000 + bench_n(a, 'cost', 12000)),
            round(100 * bench_u(a, 'use')),
            CASE WHEN tp < 70 THEN 'freehold' WHEN tp < 95 THEN 'leasehold' ELSE 'PFI' END
        FROM s ORDER BY place_id, k""", {"seed": spec.seed, "kinds": spec.words.assets})


def _workshops(cur: Cursor, spec: BenchSpec) -> None:
    w, per, total, n = spec.words, spec.sessions_per_place, spec.workshop_entries, \
        spec.places * spec.sessions_per_place
    # Join codes: the session's number times a unit mod 22^5, in base 22, so all differ.
    code = " || ".join(f"$alpha[1 + CAST(x // {22 ** d} % 22 AS INTEGER)]" for d in range(5))
    cur.execute(f"""CREATE OR REPLACE TEMP TABLE _session AS
        WITH s AS (SELECT s, p.place_id, p.place_name, $kinds[1 + s % {per} % len($kinds)] AS t,
                       (s * 7919 + 12345) % {22 ** 5} AS x, s % {per} = {per - 1} AS is_open,
                       TIMESTAMP '2009-06-01 09:00' + to_days(CAST(28 * (s % {per}) + s % 28
                           AS INTEGER)) AS created_at
                   FROM (SELECT s, s // {per} AS r FROM range({n}) t(s)) JOIN _place p USING (r))
        SELECT s, bench_uuid('session-' || $seed || '-' || s) AS session_id, 1 AS version,
            place_id, {code} AS join_code, replace(t[2], '{{place}}', place_name) AS title,
            t[3] AS theme, t[1] AS kind, CAST(created_at AS DATE) AS session_date,
            CASE WHEN is_open THEN 'open' ELSE 'closed' END AS status,
            CASE WHEN t[1] = 'orid' THEN CASE WHEN is_open THEN 'objective' ELSE 'decisional'
                END END AS current_stage, NOT is_open AS is_revealed, created_at
        FROM s""", {"seed": spec.seed, "alpha": list(JOIN_ALPHABET), "kinds": w.sessions})
    cur.execute("INSERT INTO workshop_session BY NAME SELECT * EXCLUDE (s) FROM _session "
                "ORDER BY place_id, session_id")
    # An entry every 20 s from the session's start: a force's side by hash, an answer's stage
    # moving on with time. Per table: id, session kind, labelled column, labels, texts, pick.
    for table, id_col, kind, col, labels, texts, pick, extra in (
            ("force", "force_id", "force_field", "side", ["driving", "restraining"], w.forces,
             "bench_n(e, 'side', 2)", ", 1 + bench_n(e, 'strength', 5) AS strength"),
            ("orid_answer", "answer_id", "orid", "stage", [o[0] for o in w.orid],
             [o[1] for o in w.orid], f"{len(w.orid)} * k // size", "")):
        cur.execute(f"""INSERT INTO {table} BY NAME
            WITH l AS (SELECT g.*, s.place_id, s.session_id, {pick} AS x, 1 AS version,
                $authors[1 + bench_n(e, 'author', len($authors))] AS author, false AS is_deleted,
                'phone-' || bench_n(e, 'phone', 40) AS participant_id,
                s.created_at + to_seconds(20 * g.k) AS created_at
                FROM {_shares("e", "s", total, n)} g JOIN _session s USING (s)
                WHERE s.kind = '{kind}')
            SELECT * EXCLUDE (e, s, k, size, x), bench_uuid('{table}-' || $seed || '-' || e)
                AS {id_col}, $labels[x + 1] AS {col},
                $texts[x + 1][1 + bench_n(e, 'text', len($texts[x + 1]))] AS text{extra}
            FROM l ORDER BY place_id, session_id, k""", {
            "seed": spec.seed, "authors": list(w.authors), "labels": labels,
            "texts": [list(t) for t in texts]})


def _deflators(cur: Cursor, spec: BenchSpec) -> None:
    cur.execute("""INSERT INTO deflator SELECT y, round(100 / pow(1.027, len($years) - i), 1),
            $years[-1], 'Generated for totalplace bench: 2.7% a year, base the latest year'
        FROM (SELECT unnest($years) AS y, generate_subscripts($years, 1) AS i)
        WHERE y NOT IN (SELECT year FROM deflator)""", {"years": list(spec.years)})


TABLES = ("place", "ward", "organisation", "spend_line", "spend_summary", "flow_node", "flow",
          "asset", "workshop_session", "force", "orid_answer", "deflator")
_STEPS = (_places_and_wards, _spend_lines, _flows, _assets, _workshops, _deflators)


def generate(store: Connection, spec: BenchSpec) -> dict[str, int]:
    """Fill an empty, migrated store with `spec`'s data; returns rows per table."""
    reporting = sum(b.reports for b in spec.words.bodies)
    if not (spec.years and 2 <= reporting < len(spec.words.bodies) and 1 <= spec.wards_per_place
            <= 80 and spec.spend_lines >= spec.places * len(spec.years) * reporting
            and 1 <= spec.places * spec.sessions_per_place <= 22 ** 5):
        raise ValueError(f"bench spec {spec.scale!r} needs a place, a year, two bodies that "
                         "report and one not, a line a body a place-year, 1-80 wards, sessions")
    with store.cursor() as cur:  # one cursor: the temp tables and macros live on it
        _setup(cur, spec)
        for step in _STEPS:
            step(cur, spec)
        CountQueries.refresh_summary(cur)  # what the count reads, as every write keeps it
        counts = {t: cur.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}
    if hasattr(store, "versions"):  # a Store caches answers by data version
        store.versions.bump()
    return counts


def write_meta(store: Connection, values: dict[str, str]) -> None:
    """The marker `read_meta` finds: written last, so a half-made file has none."""
    with store.transaction() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_meta "
                    "(key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
        cur.executemany("INSERT OR REPLACE INTO bench_meta VALUES (?, ?)", list(values.items()))


def read_meta(path: Path) -> dict[str, str] | None:
    """The file's bench marker, or None if it has none (not a bench file, or half made)."""
    with duckdb.connect(str(path), read_only=True) as con:
        try:
            return dict(con.execute("SELECT key, value FROM bench_meta").fetchall())
        except duckdb.CatalogException:
            return None

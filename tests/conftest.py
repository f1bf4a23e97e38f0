"""Shared fixtures: a real DuckDB file holding the demo place, built once per run; and, for the
tests of the store, the same on a real PostgreSQL (tests/pg_cluster.py), each such test run
once on each backend."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from totalplace_core.bench.scratch_postgres import Cluster
from totalplace_core.demo import build_demo
from totalplace_core.store import Store

REPO = Path(__file__).resolve().parents[1]
# The embedded file (the default) and the shared store: every test of the store runs on both.
BACKENDS = ("duckdb", "postgres")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with Store(path) as store:
        build_demo(store)
    return path


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """Started the first time a test asks for the shared store; one per test process."""
    cluster = Cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def pg_demo_template(pg_cluster: Cluster) -> str:
    """A database holding the demo place, built once, copied for each test."""
    url = pg_cluster.database()
    with Store(url) as store:
        build_demo(store)
    return url.rsplit("/", 1)[1]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test of the store runs once on each backend; a module of tests that only use the
    store to reach something else (printing, charts) says `pytestmark =
    pytest.mark.embedded_only` and runs on the file alone."""
    if "backend" in metafunc.fixturenames:
        only = metafunc.definition.get_closest_marker("embedded_only")
        metafunc.parametrize("backend", ("duckdb",) if only else BACKENDS)


@pytest.fixture
def demo_place(request: pytest.FixtureRequest, backend: str, demo_db: Path, tmp_path: Path
               ) -> Iterator[Path | str]:
    """Where a private copy of the demo place is: a DuckDB file, or a PostgreSQL database."""
    if backend == "duckdb":
        copy = tmp_path / "place.duckdb"
        shutil.copy(demo_db, copy)
        yield copy
        return
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    url = cluster.database(template=request.getfixturevalue("pg_demo_template"))
    yield url
    cluster.drop(url)


@pytest.fixture
def empty_place(request: pytest.FixtureRequest, backend: str, tmp_path: Path
                ) -> Iterator[Path | str]:
    """Where an empty store is: a new DuckDB file, or a new, migrated PostgreSQL database."""
    if backend == "duckdb":
        yield tmp_path / "empty.duckdb"
        return
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    url = cluster.database()
    yield url
    cluster.drop(url)


@pytest.fixture
def demo_store(demo_place: Path | str) -> Iterator[Store]:
    store = Store(demo_place)
    yield store
    store.close()


@pytest.fixture
def demo_copy(demo_db: Path, tmp_path: Path) -> Path:
    """A private copy, for a test that writes or hands the file to another process."""
    copy = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, copy)
    return copy


@pytest.fixture
def empty_store(empty_place: Path | str) -> Iterator[Store]:
    store = Store(empty_place)
    yield store
    store.close()


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked `long` run only when asked for (pytest -m long): a command's own -m, such
    as -m "not browser", replaces the project's default -m "not long" and would let them in."""
    asked = item.config.getoption("markexpr") or ""
    if item.get_closest_marker("long") and ("long" not in asked or "not long" in asked):
        pytest.skip("minutes long: run it with pytest -m long")


@pytest.fixture(autouse=True)
def _no_role_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Who may change things follows the environment (totalplace_core/roles.py): a shell that
    set a passphrase or TOTALPLACE_ROOM must not turn the tests' local facilitator into a
    viewer. Tests of the room set them again themselves."""
    from totalplace_core import roles

    for name in (roles.ENV_ROOM, roles.ENV_PLAIN, roles.ENV_HASH, roles.SECRET_PLAIN):
        monkeypatch.setenv(name, "")  # empty is unset; set, so a test's changes are undone


@pytest.fixture
def say(capsys: pytest.CaptureFixture[str]):
    """Print a result line even when pytest captures output (and with -s)."""
    def say(line: str) -> None:
        with capsys.disabled():
            print(f"\n{line}", flush=True)
    return say

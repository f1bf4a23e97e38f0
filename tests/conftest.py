"""Shared fixtures: a real DuckDB file holding the demo place, built once per run."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from totalplace_core.demo import build_demo
from totalplace_core.store import Store

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with Store(path) as store:
        build_demo(store)
    return path


@pytest.fixture
def demo_store(demo_db: Path) -> Iterator[Store]:
    store = Store(demo_db)
    yield store
    store.close()


@pytest.fixture
def demo_copy(demo_db: Path, tmp_path: Path) -> Path:
    """A private copy, for a test that writes or hands the file to another process."""
    copy = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, copy)
    return copy


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "empty.duckdb")
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

"""House rules that code review would otherwise have to remember (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from totalplace_core import navigation

REPO = Path(__file__).resolve().parents[1]
CORE = REPO / "totalplace_core"
PAGES = REPO / "pages"
STREAMLIT_IMPORT = re.compile(r"^\s*(import streamlit|from streamlit)", re.M)
SQL = re.compile(r"\b(SELECT\b.{0,200}\bFROM|INSERT INTO|DELETE FROM|UPDATE \w+ SET)\b", re.I)
# One package per tool. Outside its own package a tool is reached through its service
# (and, from a page, its charts): the rest is its own business.
TOOLS = ("count", "wall", "workshop", "wards", "assets", "journeys")
PUBLIC = {"service", "charts"}
MAX_MODULE_LINES, MAX_PAGE_LINES = 300, 150


def _rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def _imports(path: Path) -> list[str]:
    """Every module `path` imports, as dotted names (`from a import b` gives a.b and a)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return names


def _tool_of(path: Path) -> str | None:
    parts = path.relative_to(CORE).parts if path.is_relative_to(CORE) else ()
    return parts[0] if len(parts) > 1 and parts[0] in TOOLS else None


def _code_files() -> list[Path]:
    return [*CORE.rglob("*.py"), *PAGES.rglob("*.py"), REPO / "app.py"]


STREAMLIT_ALLOWED = {"totalplace_core/ui.py"}


def test_core_imports_streamlit_only_in_ui_module() -> None:
    offenders = [_rel(p) for p in CORE.rglob("*.py")
                 if _rel(p) not in STREAMLIT_ALLOWED and STREAMLIT_IMPORT.search(p.read_text())]
    assert offenders == []


def test_sql_lives_only_in_the_store() -> None:
    places = [p for p in _code_files() if "store" not in p.relative_to(REPO).parts]
    offenders = [_rel(p) for p in places if SQL.search(p.read_text())]
    assert offenders == []


def test_pages_stay_thin() -> None:
    long_pages = {_rel(p): n for p in PAGES.rglob("*.py")
                  if (n := len(p.read_text().splitlines())) > MAX_PAGE_LINES}
    assert long_pages == {}


def test_core_modules_stay_short() -> None:
    long_modules = {_rel(p): n for p in CORE.rglob("*.py")
                    if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES}
    assert long_modules == {}


def test_no_page_file_is_named_as_a_url_path() -> None:
    """Streamlit runs pages/<stem>.py alone for /<stem> until st.navigation has run once."""
    stems = {p.stem for p in PAGES.rglob("*.py")}
    paths = {p.url_path for p in navigation.PAGES}
    assert stems & paths == set()
    assert all((REPO / p.script).is_file() for p in navigation.PAGES)


def test_a_tool_is_reached_only_through_its_service() -> None:
    offenders = []
    for path in _code_files():
        own = _tool_of(path)
        for name in _imports(path):
            parts = name.split(".")
            if len(parts) < 3 or parts[0] != "totalplace_core" or parts[1] not in TOOLS:
                continue
            if parts[1] != own and parts[2] not in PUBLIC:
                offenders.append(f"{_rel(path)} imports {name}")
    assert offenders == []


def test_arrows_point_down() -> None:
    """The store imports nothing of the app's; no core module imports a page or the CLI;
    only pages and the entry script import the Streamlit-aware ui module."""
    offenders = []
    for path in CORE.rglob("*.py"):
        in_store = "store" in path.relative_to(CORE).parts
        in_cli = "cli" in path.relative_to(CORE).parts
        for name in _imports(path):
            if name.startswith("pages") or (not in_cli and name.startswith("totalplace_core.cli")):
                offenders.append(f"{_rel(path)} imports {name}")
            if in_store and name.startswith("totalplace_core.") and \
                    not name.startswith("totalplace_core.store"):
                offenders.append(f"{_rel(path)} imports {name}")
            if name == "totalplace_core.ui" and path.name != "ui.py":
                offenders.append(f"{_rel(path)} imports {name}")
    assert offenders == []

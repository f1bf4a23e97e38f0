"""House rules that code review would otherwise have to remember."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STREAMLIT_IMPORT = re.compile(r"^\s*(import streamlit|from streamlit)", re.M)
SQL = re.compile(r"\b(SELECT\b.{0,200}\bFROM|INSERT INTO|DELETE FROM|UPDATE \w+ SET)\b", re.I)


def test_core_imports_streamlit_only_in_ui_module() -> None:
    offenders = [p.relative_to(REPO).as_posix()
                 for p in (REPO / "totalplace_core").rglob("*.py")
                 if p.name != "ui.py" and STREAMLIT_IMPORT.search(p.read_text())]
    assert offenders == []


def test_sql_lives_only_in_the_store() -> None:
    places = [*REPO.glob("app_pages/*.py"), REPO / "app.py",
              *(p for p in (REPO / "totalplace_core").rglob("*.py") if "store" not in p.parts)]
    offenders = [p.relative_to(REPO).as_posix() for p in places if SQL.search(p.read_text())]
    assert offenders == []


def test_pages_stay_thin() -> None:
    long_pages = {p.name: n for p in REPO.glob("app_pages/*.py")
                  if (n := len(p.read_text().splitlines())) > 150}
    assert long_pages == {}

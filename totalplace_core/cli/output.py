"""What every command shares: pounds for JSON, and how a refused command says so."""

from __future__ import annotations

import sys
from pathlib import Path

DOCUMENT_FORMATS = (".pdf", ".html")


def pounds(pence: int) -> float | int:
    from totalplace_core.money import gbp_from_pence

    value = gbp_from_pence(pence)
    return int(value) if value == value.to_integral_value() else float(value)


def document_path(out: str) -> Path | None:
    """Where a printed document goes, or None (said on stderr) unless it is .pdf or .html."""
    path = Path(out)
    if path.suffix.lower() not in DOCUMENT_FORMATS:
        print(f"totalplace: --out must end in .pdf or .html, not {path.name!r}", file=sys.stderr)
        return None
    return path


def write_document(path: Path, html: str) -> bool:
    """The HTML as it is, or printed to PDF by the machine's Chromium. Called after the store
    is closed, so the database is not held open while the browser works."""
    from totalplace_core.reports import ReportError, pdf_from_html

    try:
        data = html.encode("utf-8") if path.suffix.lower() == ".html" else pdf_from_html(html)
    except ReportError as exc:
        print(f"totalplace: {exc}", file=sys.stderr)
        return False
    path.write_bytes(data)
    return True

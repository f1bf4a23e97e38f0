"""Printed documents (ward factsheet, family journey write-up, workshop write-up, committee
pack): Jinja2 templates sharing one A4 base and stylesheet, rendered to HTML with charts as
static pictures, and, through a local Chromium, to PDF. Nothing a document shows is fetched
from the network."""

from totalplace_core.reports.engine import (
    ReportError,
    Section,
    pdf_from_html,
    render,
    render_sections,
)
from totalplace_core.reports.images import Chart

__all__ = ["Chart", "ReportError", "Section", "pdf_from_html", "render", "render_sections"]

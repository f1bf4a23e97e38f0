"""Printed documents (ward factsheet; later the committee pack and the workshop write-up):
Jinja2 templates sharing one A4 base and stylesheet, rendered to HTML and, through a local
Chromium, to PDF. Nothing a document shows is fetched from the network."""

from totalplace_core.reports.engine import ReportError, pdf_from_html, render

__all__ = ["ReportError", "pdf_from_html", "render"]

"""Reports: renderers that see findings and plain report data only (never a Dataset, never a frame).

``Report`` holds a run's findings, summary and the plain data around them; ``render(report, fmt)`` gives
text, JSON (``checker.report/1``), JUnit XML, Markdown, self-contained HTML or an XLSX working paper.
``diff`` compares two JSON reports by fingerprint; ``waivers`` marks approved failures as waived.
"""

from __future__ import annotations

from checker.report.diff import ReportDiff, diff_reports, load_report, render_diff
from checker.report.html import render_html
from checker.report.json_report import finding_json, render_json, report_json
from checker.report.junit import render_junit
from checker.report.markdown import render_markdown
from checker.report.model import SCHEMA, Report
from checker.report.render import FORMATS, SUFFIXES, render
from checker.report.text import render_text
from checker.report.waivers import Waiver, apply_waivers, load_waivers
from checker.report.xlsx import render_xlsx

__all__ = [
    "FORMATS",
    "SCHEMA",
    "SUFFIXES",
    "Report",
    "ReportDiff",
    "Waiver",
    "apply_waivers",
    "diff_reports",
    "finding_json",
    "load_report",
    "load_waivers",
    "render",
    "render_diff",
    "render_html",
    "render_json",
    "render_junit",
    "render_markdown",
    "render_text",
    "render_xlsx",
    "report_json",
]

"""One entry point for every format: ``render(report, fmt)``."""

from __future__ import annotations

from collections.abc import Callable

from checker.report.html import render_html
from checker.report.json_report import render_json
from checker.report.junit import render_junit
from checker.report.markdown import render_markdown
from checker.report.model import Report
from checker.report.text import render_text
from checker.report.xlsx import render_xlsx

FORMATS = ("text", "json", "junit", "markdown", "html", "xlsx")
RENDERERS: dict[str, Callable[[Report], str | bytes]] = {
    "text": render_text, "json": render_json, "junit": render_junit, "markdown": render_markdown,
    "html": render_html, "xlsx": render_xlsx,
}
SUFFIXES = {"text": ".txt", "json": ".json", "junit": ".xml", "markdown": ".md", "html": ".html", "xlsx": ".xlsx"}


def render(report: Report, fmt: str) -> str | bytes:
    """The report in ``fmt`` (one of FORMATS): text for every format but xlsx, which is bytes."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}") from None
    return renderer(report)

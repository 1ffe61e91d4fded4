"""Rendering what a Dataset holds (``checker.dataset.summary.describe``) for the terminal, with rich.

Every cell is a ``Text`` so published names such as ``[301]`` are never read as rich markup; tables
wrap to the terminal (80 columns when not a terminal).
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text


def console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, emoji=False)


def _table(title: str, *columns: str) -> Table:
    table = Table(title=Text(title, style="bold"), title_justify="left", show_edge=False, pad_edge=False,
                  expand=False)
    for column in columns:
        table.add_column(Text(column), overflow="fold")
    return table


def render_units(out: Console, summary: dict[str, Any]) -> None:
    for unit in summary["units"]:
        line = " ".join(x for x in (unit["department"], unit["year"], unit["document"]) if x)
        out.print(Text(f"{line or unit['key']}  [{unit['key']}]", style="bold"))


def render_tables(out: Console, summary: dict[str, Any]) -> None:
    table = _table(f"Tables ({len(summary['tables'])})", "kind", "title", "unit", "rows")
    for t in summary["tables"]:
        title = f"表{t['number']} {t['name']}" if t["number"] else t["name"]
        table.add_row(Text(t["kind"]), Text(title), Text(t["unit"]), Text(str(t["rows"])))
    out.print(table)


def render_indicators(out: Console, summary: dict[str, Any]) -> None:
    table = _table(f"Indicators ({len(summary['indicators'])})", "project", "indicator", "target", "read as")
    for i in summary["indicators"]:
        read_as = " ".join(x for x in (i["operator"], (i["value"] or "") + i["unit"], i["grade"]) if x)
        parsed = f"{read_as} ({i['direction']})" if i["kind"] != "定性" and read_as else i["kind"] or "?"
        table.add_row(Text(i["project"]), Text(i["name"]), Text(i["target"]), Text(parsed))
    out.print(table)


def render_stated(out: Console, summary: dict[str, Any]) -> None:
    table = _table(f"Stated figures ({len(summary['stated_figures'])})", "topic", "amount", "change", "share",
                   "section")
    for s in summary["stated_figures"]:
        change = " ".join(x for x in (s["change_word"], s["change"] or "",
                                      f"{s['change_rate']}%" if s["change_rate"] else "") if x)
        table.add_row(Text(s["topic"]), Text(f"{s['amount']}{s['unit']}" if s["amount"] else ""), Text(change),
                      Text(f"{s['share']}%" if s["share"] else ""), Text(s["section"]))
    out.print(table)


def render_counts(out: Console, summary: dict[str, Any]) -> None:
    c = summary["counts"]
    out.print(Text(f"{c['tables']} tables ({c['rows']} rows), {c['indicators']} indicators, "
                   f"{c['stated_figures']} stated figures, {c['problems']} problems"))

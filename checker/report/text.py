"""The terminal report: findings grouped by outcome and severity (failing first), then the summary.

80 columns, so it reads in any terminal and in a CI log.  Widths are display widths (CJK counts two
columns): each finding is laid out as labelled lines whose values wrap under their label, by a small
wrapper of our own (a province's run has tens of thousands of findings; a rich table per finding would
take minutes).  The summary's tables are drawn by rich, which measures CJK the same way.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import groupby

from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.findings import Finding, Operand, Outcome
from checker.report.model import Report, cell_text, columns_of, report_findings, with_unit
from checker.source import char_width, display_width

WIDTH = 80
INDENT = 2
LABEL = 12  # the longest label ("difference") and two spaces
MAX_ROWS = 200  # of the datasets and scores tables: a province has 10,000 units and ~130,000 score rows; a
# terminal table of them helps nobody (rich: ~0.3 ms a row)
_TOKEN = re.compile(r"\s+|\S+")  # spaces or a word (a Chinese clause is one word, folded when too long)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` display columns, as rich wraps: words (runs without spaces) move whole
    to the next line when they fit there, longer ones are folded; explicit newlines are kept."""
    lines: list[str] = []
    for paragraph in text.replace("\t", " ").split("\n"):
        line, used = "", 0
        for token in _pieces(paragraph, width):
            w = display_width(token)
            if used + w > width:
                if line.strip():
                    lines.append(line.rstrip())
                line, used = "", 0
                token = token.lstrip()
                w = display_width(token)
            line, used = line + token, used + w
        lines.append(line.rstrip())
    return lines


def _pieces(paragraph: str, width: int) -> Iterator[str]:
    """Tokens, with any single word wider than a whole line cut into line-sized parts."""
    for token in _TOKEN.findall(paragraph):
        if display_width(token) <= width:
            yield token
            continue
        part, used = "", 0
        for ch in token:
            if used + char_width(ch) > width:
                yield part
                part, used = "", 0
            part, used = part + ch, used + char_width(ch)
        yield part


def render_text(report: Report, width: int = WIDTH) -> str:
    """The report as plain text for a terminal of ``width`` columns."""
    lines = [*_header(report, width)]
    findings = report_findings(report)
    for (outcome, severity), group in groupby(findings, key=lambda f: (f.outcome, f.severity)):
        listed = list(group)
        lines += ["", _rule_line(f"{outcome.value} · severity {severity.label} ({len(listed)})", width)]
        for f in listed:
            lines += ["", *_finding(f, width)]
    if not findings:
        lines += ["", "no findings: every checked subject passed"]
    lines += ["", _rule_line("summary", width), _summary(report, width)]
    return "\n".join(line.rstrip() for line in "\n".join(lines).splitlines()).rstrip("\n") + "\n"


def _rule_line(title: str, width: int) -> str:
    head = f"── {title} "
    return head + "─" * max(width - display_width(head), 3)


def _header(report: Report, width: int) -> Iterator[str]:
    yield f"checker {report.tool_version} report · {report.generated_at}"
    for r in report.rulesets:
        yield from wrap(f"ruleset: {r.get('name', '')} ({r.get('file', '')})", width)
    yield f"fail on: {report.fail_on.label} · verdict: {report.verdict} (exit {report.exit_status})"
    if report.tolerance_policy:
        yield from wrap(f"tolerance: {report.tolerance_policy}", width)


def _finding(f: Finding, width: int) -> Iterator[str]:
    yield from wrap("  ".join(x for x in (f.rule, f.severity.label, f.outcome.value, f.title) if x), width)
    room = width - INDENT - LABEL
    for label, value in _details(f):
        for i, line in enumerate(wrap(value, room)):
            yield " " * INDENT + (label if i == 0 else "").ljust(LABEL) + line


def _details(f: Finding) -> Iterator[tuple[str, str]]:
    where = " ".join(x for x in (f.dataset, f.year) if x)
    yield "subject", f"{f.subject}  [{where}]" if where else f.subject
    yield "message", f.message
    if f.expected is not None or f.actual is not None:
        yield "expected", with_unit(f.expected, f.unit)
        yield "actual", with_unit(f.actual, f.unit)
    if f.difference is not None:
        yield "difference", with_unit(f.difference, f.unit)
    if f.tolerance is not None or f.tolerance_note:
        yield "tolerance", "\n".join(x for x in (with_unit(f.tolerance, f.unit), f.tolerance_note) if x)
    if f.operands:
        yield "operands", "\n".join(_operand(o, f.unit) for o in f.operands)
    yield from ((label, value) for label, value in (
        ("culprit", f.culprit), ("slip", f.slip), ("waiver", f.waiver), ("why", f.explanation),
        ("rule at", f.rule_location), ("data at", f.data_location), ("document", f.document_location),
    ) if value)


def _operand(o: Operand, unit: str) -> str:
    where = f"  ({o.data_location})" if o.data_location else ""
    return f"{o.label} = {with_unit(o.value, unit) or '—'}{where}"


def _summary(report: Report, width: int) -> str:
    """Counts, then the datasets, rules and scores as tables (drawn by rich, CJK-aware)."""
    s = report.summary
    counts = ", ".join(f"{n} {outcome}" for outcome, n in s.by_outcome.items() if n) or "none"
    lines = [f"{label:<{LABEL}}{value}" for label, value in (
        ("findings", f"{s.total}: {counts}"),
        ("failed", " · ".join(f"{sev} {n}" for sev, n in s.failed_by_severity.items())),
        ("datasets", str(s.datasets)), ("rules", str(s.rules)))]
    console = Console(width=width, record=True, file=io.StringIO(), highlight=False, emoji=False,
                      color_system=None)
    tables: list[tuple[Table, str]] = []  # each with what it leaves out
    if report.datasets:
        keys = ["key", "department", "year", "document"]
        tables.append((_table("datasets", keys, ([d.get(k, "") for k in keys] for d in report.datasets[:MAX_ROWS])),
                       _more(len(report.datasets), "datasets")))
    if report.rule_ids():
        tables.append((_table("rules", ["rule", "checked", "passed", "failed", "other"], _rule_rows(report)), ""))
    if report.scores:
        columns = columns_of(report.scores)
        tables.append((_table("scores", columns, ([cell_text(row.get(c)) for c in columns]
                                                  for row in report.scores[:MAX_ROWS])),
                       _more(len(report.scores), "score rows")))
    for table, more in tables:
        console.print(Text(""))
        console.print(table)
        if more:
            console.print(Text(more))
    return "\n".join(lines) + "\n" + console.export_text(styles=False)


def _more(count: int, what: str) -> str:
    return f"… and {count - MAX_ROWS} more {what} (see the JSON, HTML or XLSX report)" if count > MAX_ROWS else ""


def _rule_rows(report: Report) -> Iterator[list[str]]:
    failed = Counter(f.rule for f in report.findings if f.outcome is Outcome.FAILED)
    other = Counter(f.rule for f in report.findings if f.outcome not in (Outcome.FAILED, Outcome.PASSED))
    for rule in report.rule_ids():
        yield [rule, str(report.checked.get(rule, 0)), str(report.passed.get(rule, 0)), str(failed[rule]),
               str(other[rule])]


def _table(title: str, columns: list[str], rows: Iterable[list[str]]) -> Table:
    table = Table(title=Text(title, style="bold"), title_justify="left", show_edge=False, pad_edge=False,
                  box=None, header_style="bold")
    for column in columns:
        table.add_column(Text(column), overflow="fold")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table

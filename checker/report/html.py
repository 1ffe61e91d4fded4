"""The HTML report: one self-contained page (inline CSS, JS and SVG; a Content-Security-Policy that allows
no network), with the verdict, charts, a sortable and filterable findings table, rules and datasets.

Every piece of data goes through ``html.escape``; the script carries no data, so nothing from a report can
become code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from html import escape

from checker.findings import Finding, Outcome
from checker.report.html_assets import CSS, JS, content_policy
from checker.report.html_charts import budget_chart, findings_chart, indicator_chart
from checker.report.model import Report, cell_text, columns_of, report_findings, value_text, with_unit

MAX_ROWS = 5000
_RANK = {Outcome.FAILED: 0, Outcome.ERROR: 1, Outcome.NOT_EVALUATED: 2, Outcome.WAIVED: 3, Outcome.PASSED: 4}
_COLUMNS = (("severity", "severity"), ("outcome", "outcome"), ("rule", "rule"), ("dataset", "dataset"),
            ("subject", "subject"), ("message", "message"), ("expected", "expected"), ("actual", "actual"),
            ("difference", "difference"), ("tolerance", "tolerance"), ("details", "details"))


def e(value: object) -> str:
    """Escaped text of any value (Decimals exact)."""
    return escape(cell_text(value), quote=True)


def render_html(report: Report) -> str:
    """The report as one HTML document."""
    title = f"checker report · {report.verdict}"
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{e(content_policy())}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
        *_header(report), *_charts(report), *_findings(report), *_rules(report), *_scores(report),
        *_datasets(report), f"<script>{JS}</script>", "</body>", "</html>", "",
    ])


def _header(report: Report) -> Iterator[str]:
    s = report.summary
    yield f'<header><h1>checker report: <span class="verdict-{e(report.verdict)}">{e(report.verdict)}</span></h1>'
    rulesets = "; ".join(f"{r.get('name', '')} ({r.get('file', '')})" for r in report.rulesets)
    yield (f'<p class="meta">generated {e(report.generated_at)} · checker {e(report.tool_version)} · fail on '
           f"{e(report.fail_on.label)} · exit {report.exit_status}</p>")
    if rulesets:
        yield f'<p class="meta">rules: {e(rulesets)}</p>'
    if report.tolerance_policy:
        yield f'<p class="meta">tolerance: {e(report.tolerance_policy)}</p>'
    yield "</header>"
    yield '<section id="summary"><h2>Summary</h2><ul class="cards">'
    yield f"<li><b>{s.total}</b>findings</li>"
    yield from (f'<li class="{e(o)}"><b>{n}</b>{e(o)}</li>' for o, n in s.by_outcome.items())
    yield from (f"<li><b>{n}</b>failed · {e(sev)}</li>" for sev, n in s.failed_by_severity.items())
    yield f"<li><b>{s.datasets}</b>datasets</li><li><b>{s.rules}</b>rules</li></ul></section>"


def _charts(report: Report) -> Iterator[str]:
    yield '<section id="charts"><h2>Charts</h2>'
    for heading, svg in (("Budget structure by class", budget_chart(report)),
                         ("Indicator achievement", indicator_chart(report)),
                         ("Findings by rule", findings_chart(report))):
        yield f"<h3>{e(heading)}</h3>"
        yield svg if svg is not None else '<p class="empty">no data</p>'
    yield "</section>"


def _findings(report: Report) -> Iterator[str]:
    findings = report_findings(report)
    shown = findings[:MAX_ROWS]
    yield f'<section id="findings"><h2>Findings (<span id="findings-count">{len(shown)}</span>)</h2>'
    if len(findings) > len(shown):
        yield f'<p class="meta">the first {len(shown)} of {len(findings)} in report order; the JSON report has all</p>'
    yield ('<p class="filter"><label>filter <input id="findings-filter" type="search" '
           'placeholder="rule, subject, message…"></label></p>')
    yield '<table id="findings-table"><thead><tr>'
    yield "".join(f'<th data-key="{key}">{e(label)}</th>' for key, label in _COLUMNS)
    yield "</tr></thead><tbody>"
    yield from (_row(f) for f in shown)
    yield "</tbody></table></section>"


def _num(value: Decimal | str | None, unit: str) -> str:
    sort = f' data-sort="{e(value_text(value))}"' if isinstance(value, Decimal) else ""
    return f'<td class="num"{sort}>{e(with_unit(value, unit))}</td>'


def _row(f: Finding) -> str:
    cells = [
        f'<td data-sort="{int(f.severity)}">{e(f.severity.label)}</td>',
        f'<td data-sort="{_RANK[f.outcome]}">{e(f.outcome.value)}</td>',
        f'<td title="{e(f.title)}">{e(f.rule)}</td>',
        f"<td>{e(' '.join(x for x in (f.dataset, f.year) if x))}</td>",
        f"<td>{e(f.subject)}</td>", f"<td>{e(f.message)}</td>",
        _num(f.expected, f.unit), _num(f.actual, f.unit), _num(f.difference, f.unit), _num(f.tolerance, f.unit),
        f"<td>{_details(f)}</td>",
    ]
    return f'<tr class="{e(f.outcome.value)}" data-fingerprint="{e(f.fingerprint)}">{"".join(cells)}</tr>'


def _details(f: Finding) -> str:
    pairs = [("title", f.title), ("tolerance", f.tolerance_note), ("explanation", f.explanation)]
    pairs += [("operand", f"{o.label} = {with_unit(o.value, f.unit)} {o.data_location}".rstrip()) for o in f.operands]
    pairs += [("culprit", f.culprit), ("slip", f.slip), ("waiver", f.waiver), ("rule at", f.rule_location),
              ("data at", f.data_location), ("document", f.document_location), ("fingerprint", f.fingerprint)]
    items = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in pairs if v)
    return f"<details><summary>more</summary><dl>{items}</dl></details>"


def _simple_table(table_id: str, header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    head = "".join(f"<th>{e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _rules(report: Report) -> Iterator[str]:
    titles = report.titles()
    rows = ([rule, titles.get(rule, ""), report.checked.get(rule, 0), report.passed.get(rule, 0)]
            for rule in report.rule_ids())
    yield '<section id="rules"><h2>Rules</h2>'
    yield _simple_table("rules-table", ["rule", "title", "checked", "passed"], rows)
    yield "</section>"


def _scores(report: Report) -> Iterator[str]:
    if not report.scores:
        return
    columns = columns_of(report.scores)
    yield '<section id="scores"><h2>Scores</h2>'
    yield _simple_table("scores-table", columns, ([row.get(c) for c in columns] for row in report.scores))
    yield "</section>"


def _datasets(report: Report) -> Iterator[str]:
    keys = ["key", "department", "year", "document"]
    yield '<section id="datasets"><h2>Datasets</h2>'
    yield _simple_table("datasets-table", keys, ([d.get(k, "") for k in keys] for d in report.datasets))
    yield "</section>"

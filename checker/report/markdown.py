"""Markdown for a pull-request comment: the verdict, a summary table, the open findings in a table, and the
details of every finding folded under ``<details>``.

Cells are escaped (``|``, newlines, ``<``, Markdown's emphasis and code marks) so a published name cannot
break the table; the lists are capped so a comment stays under the hosts' size limits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from checker.findings import Finding
from checker.report.model import Report, cell_text, columns_of, is_open, report_findings, with_unit

MAX_ROWS = 200
_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")
_VERDICT = {"passed": "✅ passed", "failed": "❌ failed", "incomplete": "⚠️ incomplete"}


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell: one line, ``|`` and emphasis escaped, HTML neutralised."""
    value = _SPECIAL.sub(r"\\\1", cell_text(text))
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")


def _table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render_markdown(report: Report) -> str:
    """The report as GitHub/GitLab-flavoured Markdown."""
    findings = report_findings(report)
    lines = [f"## checker: {_VERDICT[report.verdict]}", "", _meta(report), ""]
    lines += _summary(report)
    open_ = [f for f in findings if is_open(f)]
    if open_:
        lines += ["", f"### Open findings ({len(open_)})", ""]
        lines += _table(["severity", "outcome", "rule", "subject", "message", "expected", "actual", "difference"],
                        (_row(f) for f in open_[:MAX_ROWS]))
        lines += _more(len(open_))
    rest = [f for f in findings if not is_open(f)]
    if rest:
        lines += ["", f"### Other findings ({len(rest)})", ""]
        lines += _table(["outcome", "rule", "subject", "message"],
                        ([cell(f.outcome.value), cell(f.rule), cell(f.subject), cell(f.message)] for f in rest[:MAX_ROWS]))
        lines += _more(len(rest))
    if findings:
        lines += ["", *_details(findings[:MAX_ROWS])]
    if report.scores:
        columns = columns_of(report.scores)
        lines += ["", "### Scores", "", *_table([cell(c) for c in columns],
                                                 ([cell(r.get(c)) for c in columns] for r in report.scores[:MAX_ROWS]))]
        lines += _more(len(report.scores))
    return "\n".join(lines) + "\n"


def _meta(report: Report) -> str:
    datasets = ", ".join(cell(" ".join(v for v in (d.get("department", ""), d.get("year", ""), d.get("document", ""))
                                       if v) or d.get("key", "")) for d in report.datasets)
    rulesets = ", ".join(cell(r.get("name") or r.get("file", "")) for r in report.rulesets)
    parts = [f"checker {cell(report.tool_version)}", f"generated {cell(report.generated_at)}",
             f"fail on **{report.fail_on.label}**"]
    if datasets:
        parts.append(f"data: {datasets}")
    if rulesets:
        parts.append(f"rules: {rulesets}")
    return " · ".join(parts)


def _summary(report: Report) -> list[str]:
    s = report.summary
    rows = [[cell(outcome), str(n)] for outcome, n in s.by_outcome.items()]
    rows += [[f"failed · {cell(sev)}", str(n)] for sev, n in s.failed_by_severity.items()]
    rows += [["datasets", str(s.datasets)], ["rules", str(s.rules)],
             ["subjects checked", str(sum(report.checked.values()))],
             ["subjects passed", str(sum(report.passed.values()))]]
    return _table(["", "count"], rows)


def _row(f: Finding) -> list[str]:
    return [cell(f.severity.label), cell(f.outcome.value), f"`{f.rule}`" if "`" not in f.rule else cell(f.rule),
            cell(f.subject), cell(f.message), cell(with_unit(f.expected, f.unit)), cell(with_unit(f.actual, f.unit)),
            cell(with_unit(f.difference, f.unit))]


def _more(total: int) -> list[str]:
    return ["", f"… and {total - MAX_ROWS} more (see the JSON or HTML report)"] if total > MAX_ROWS else []


def _details(findings: list[Finding]) -> Iterator[str]:
    yield f"<details><summary>Details of {len(findings)} finding(s)</summary>"
    yield ""
    for f in findings:
        yield f"#### {cell(f.rule)} · {cell(f.subject)}"
        yield ""
        yield from (f"- **{label}**: {cell(value)}" for label, value in _fields(f) if value)
        yield ""
    yield "</details>"


def _fields(f: Finding) -> Iterator[tuple[str, str]]:
    yield "title", f.title
    yield "severity / outcome", f"{f.severity.label} / {f.outcome.value}"
    yield "dataset", " ".join(x for x in (f.dataset, f.year) if x)
    yield "message", f.message
    yield "expected", with_unit(f.expected, f.unit)
    yield "actual", with_unit(f.actual, f.unit)
    yield "difference", with_unit(f.difference, f.unit)
    yield "tolerance", " — ".join(x for x in (with_unit(f.tolerance, f.unit), f.tolerance_note) if x)
    for o in f.operands:
        yield "operand", f"{o.label} = {with_unit(o.value, f.unit)} {o.data_location}".rstrip()
    yield from (("culprit", f.culprit), ("slip", f.slip), ("waiver", f.waiver),
                ("rule at", f.rule_location), ("data at", f.data_location), ("document", f.document_location),
                ("fingerprint", f.fingerprint))

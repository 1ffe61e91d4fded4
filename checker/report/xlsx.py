"""The auditor's working paper (XLSX, openpyxl): 汇总, 发现 (every finding, autofilter, frozen header), one
sheet per rule family, 规则 (checked/passed per rule) and 评分 when there are scores.

Amounts are written twice: a number cell for reading and sorting (a float, formatted to its published
places — display only) and, beside it, the exact Decimal as text, which is what any comparison must use.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from checker.findings import Finding
from checker.report.model import Report, cell_text, columns_of, report_findings, value_text

HEADER_FILL = PatternFill("solid", fgColor="DDE4EA")
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")
# (header, width, kind): kind "text" or "amount" (amount → a number cell + an exact-text cell)
COLUMNS: tuple[tuple[str, int, str], ...] = (
    ("规则 rule", 14, "text"), ("标题 title", 24, "text"), ("类别 family", 10, "text"),
    ("严重程度 severity", 10, "text"), ("结果 outcome", 13, "text"), ("单位 dataset", 16, "text"),
    ("年度 year", 8, "text"), ("对象 subject", 36, "text"), ("说明 message", 60, "text"),
    ("应为 expected", 14, "amount"), ("实为 actual", 14, "amount"), ("差额 difference", 14, "amount"),
    ("容差 tolerance", 12, "amount"), ("计量单位 unit", 8, "text"), ("容差推算 tolerance note", 40, "text"),
    ("可能出错项 culprit", 30, "text"), ("差错类型 slip", 24, "text"), ("豁免 waiver", 30, "text"),
    ("规则位置 rule location", 28, "text"), ("数据位置 data location", 30, "text"),
    ("文档位置 document location", 34, "text"), ("指纹 fingerprint", 18, "text"),
)


def render_xlsx(report: Report) -> bytes:
    """The working paper as XLSX bytes."""
    book = Workbook()
    _summary(book.active, report)
    findings = report_findings(report)
    _findings(book.create_sheet("发现"), findings)
    families: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        families[f.family or "其他"].append(f)
    used = {"汇总", "发现", "规则", "评分"}
    for family in sorted(families):
        _findings(book.create_sheet(_sheet_name(family, used)), families[family])
    _rules(book.create_sheet("规则"), report)
    if report.scores:
        _scores(book.create_sheet("评分"), report.scores)
    _stamp(book, report.generated_at)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(name: str, used: set[str]) -> str:
    """A sheet title Excel accepts (≤31 characters, none of []:*?/\\), unique in the book."""
    base = _BAD_SHEET.sub("_", name)[:28] or "其他"
    title, n = base, 2
    while title.casefold() in used:  # Excel compares sheet names without case
        title, n = f"{base}~{n}", n + 1
    used.add(title.casefold())
    return title


def _header(sheet: Worksheet, headers: Sequence[str], widths: Sequence[int]) -> None:
    sheet.append(list(headers))
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = width
        cell = sheet.cell(row=1, column=i)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    sheet.freeze_panes = "A2"


def _expanded_columns() -> tuple[list[str], list[int]]:
    headers, widths = [], []
    for header, width, kind in COLUMNS:
        headers.append(header)
        widths.append(width)
        if kind == "amount":
            headers.append(f"{header} (exact)")
            widths.append(width)
    return headers, widths


def _findings(sheet: Worksheet, findings: Iterable[Finding]) -> None:
    headers, widths = _expanded_columns()
    _header(sheet, headers, widths)
    row = 1
    for row, f in enumerate(findings, 2):  # row ends as the last row written
        sheet.append(_finding_row(f))
        _format_amounts(sheet, row)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{row}"


def _finding_row(f: Finding) -> list[object]:
    values: dict[str, object] = {
        "rule": f.rule, "title": f.title, "family": f.family, "severity": f.severity.label,
        "outcome": f.outcome.value, "dataset": f.dataset, "year": f.year, "subject": f.subject,
        "message": f.message, "expected": f.expected, "actual": f.actual, "difference": f.difference,
        "tolerance": f.tolerance, "unit": f.unit, "tolerance note": f.tolerance_note, "culprit": f.culprit,
        "slip": f.slip, "waiver": f.waiver, "rule location": f.rule_location, "data location": f.data_location,
        "document location": f.document_location, "fingerprint": f.fingerprint,
    }
    row: list[object] = []
    for header, _, kind in COLUMNS:
        value = values[header.split(" ", 1)[1]]
        if kind == "amount":
            row += [_display(value), value_text(value)]  # type: ignore[arg-type]
        else:
            row.append(cell_text(value))
    return row


def _display(value: Decimal | str | None) -> float | str | None:
    """The number shown in an amount cell: a float for display only; a grade or phrase as text."""
    return float(value) if isinstance(value, Decimal) else value


def _format_amounts(sheet: Worksheet, row: int) -> None:
    column = 0
    for _, _, kind in COLUMNS:
        column += 1
        if kind != "amount":
            continue
        display, exact = sheet.cell(row=row, column=column), sheet.cell(row=row, column=column + 1)
        if isinstance(display.value, float) and isinstance(exact.value, str):
            places = max(2, -int(Decimal(exact.value).as_tuple().exponent))
            display.number_format = "0." + "0" * places
        column += 1


def _summary(sheet: Worksheet, report: Report) -> None:
    sheet.title = "汇总"
    s = report.summary
    rows: list[tuple[str, object]] = [
        ("报告 report", f"checker {report.tool_version}"), ("生成时间 generated at", report.generated_at),
        ("结论 verdict", f"{report.verdict} (exit {report.exit_status})"), ("失败阈值 fail on", report.fail_on.label),
        ("容差 tolerance policy", report.tolerance_policy),
    ]
    rows += [(f"规则集 ruleset {r.get('name', '')}", r.get("file", "")) for r in report.rulesets]
    rows += [(f"单位 dataset {d.get('key', '')}", " ".join(v for k, v in d.items() if k != "key" and v))
             for d in report.datasets]
    rows += [("发现 findings", s.total)] + [(f"结果 {o}", n) for o, n in s.by_outcome.items()]
    rows += [(f"失败 failed · {sev}", n) for sev, n in s.failed_by_severity.items()]
    rows += [("单位数 datasets", s.datasets), ("规则数 rules", s.rules)]
    _header(sheet, ["项目 item", "值 value"], [28, 70])
    for row in rows:
        sheet.append(list(row))
    for cell in sheet["B"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _rules(sheet: Worksheet, report: Report) -> None:
    titles = report.titles()
    _header(sheet, ["规则 rule", "标题 title", "检查 checked", "通过 passed"], [16, 36, 12, 12])
    for rule in report.rule_ids():
        sheet.append([rule, titles.get(rule, ""), report.checked.get(rule, 0), report.passed.get(rule, 0)])
    sheet.auto_filter.ref = f"A1:D{sheet.max_row}"


def _scores(sheet: Worksheet, scores: list[dict[str, object]]) -> None:
    columns = columns_of(scores)
    amounts = {c for c in columns if any(isinstance(r.get(c), Decimal) for r in scores)}
    headers = [h for c in columns for h in ((c, f"{c} (exact)") if c in amounts else (c,))]
    _header(sheet, headers, [max(10, min(40, len(h) * 2)) for h in headers])
    for r in scores:
        row: list[object] = []
        for c in columns:
            value = r.get(c)
            shown = _display(value) if isinstance(value, Decimal) else cell_text(value)
            row += [shown, cell_text(value)] if c in amounts else [shown]
        sheet.append(row)


def _stamp(book: Workbook, generated_at: str) -> None:
    """The book's creation time is the report's (openpyxl stamps ``modified`` itself when saving)."""
    try:
        when = datetime.fromisoformat(generated_at).replace(tzinfo=None)
    except ValueError:
        return
    book.properties.created = when

"""The standard 项目支出绩效自评表 as XLSX (openpyxl), from the plain ``checker.scores/1`` data.

A sheet 汇总 (each unit and project: total, grade, what was not scored, the findings), then one sheet per
project laid out as the form: 项目名称, 主管部门, the funds block (年初预算数, 全年预算数, 全年执行数, 分值,
执行率, 得分), the indicator table (一级指标, 二级指标, 三级指标, 年度指标值, 实际完成值, 分值, 得分,
偏差原因分析及改进措施, and our 评分说明) grouped by level, and 总分 with the grade.  Scores are number
cells holding the two-decimal values the JSON gives; this writer sees plain dicts only.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

Plain = dict[str, Any]
HEADER_FILL = PatternFill("solid", fgColor="DDE4EA")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
INDICATOR_HEAD = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                  "偏差原因分析及改进措施", "评分说明")
FUNDS_HEAD = ("项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
WIDTHS = (12, 14, 30, 14, 14, 9, 9, 36, 48)
LEVEL_ORDER = ("产出", "效益", "满意度", "成本")
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")


def render_selfeval_xlsx(plain: Plain) -> bytes:
    """The 自评表 workbook as bytes (plain: a ``checker.scores/1`` document in score mode)."""
    book = Workbook()
    summary = book.active
    summary.title = "汇总"
    _summary(summary, plain)
    used = {"汇总"}
    for unit in plain["units"]:
        for project in unit["projects"]:
            _project(book.create_sheet(_sheet_name(project["project"], used)), project, unit)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _number(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _percent(text: str | None) -> Decimal | None:
    return None if text is None or text == "Infinity" else Decimal(text) / 100


def _sheet_name(name: str, used: set[str]) -> str:
    base = _BAD_SHEET.sub("_", name).strip("'")[:28] or "项目"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}~{n}", n + 1
    used.add(candidate)
    return candidate


def _header(sheet: Worksheet, row: int, values: Iterable[str]) -> None:
    for col, value in enumerate(values, 1):
        cell = sheet.cell(row, col, value)
        cell.font, cell.fill, cell.alignment, cell.border = Font(bold=True), HEADER_FILL, CENTER, BOX


def _put(sheet: Worksheet, row: int, values: Iterable[object], formats: dict[int, str] | None = None) -> None:
    for col, value in enumerate(values, 1):
        cell = sheet.cell(row, col, value)
        cell.alignment, cell.border = WRAP, BOX
        if formats and col in formats:
            cell.number_format = formats[col]


def _title(sheet: Worksheet, text: str, row: int, size: int = 14) -> None:
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(INDICATOR_HEAD))
    cell = sheet.cell(row, 1, text)
    cell.font, cell.alignment = Font(bold=True, size=size), CENTER


def _summary(sheet: Worksheet, plain: Plain) -> None:
    _title(sheet, "项目支出绩效自评汇总", 1)
    sheet.cell(2, 1, f"评分政策：{plain['policy']['name']}")
    _header(sheet, 3, ("单位", "项目", "总分", "满分", "等级", "未评分（项）", "说明"))
    row = 4
    for unit in plain["units"]:
        for p in unit["projects"]:
            _put(sheet, row, (unit["dataset"], p["project"], _number(p["total"]), _number(p["full"]), p["grade"],
                              p["unscored"], p["note"]), {3: "0.00", 4: "0.00"})
            row += 1
        _put(sheet, row, (unit["dataset"], f"单位平均（{unit['scored_projects']} 个项目）", _number(unit["total"]),
                          None, unit["grade"], unit["unscored"], ""), {3: "0.00"})
        sheet.cell(row, 2).font = Font(bold=True)
        row += 1
    if plain["findings"]:
        row += 1
        _header(sheet, row, ("规则", "严重程度", "对象", "说明"))
        for f in plain["findings"]:
            row += 1
            _put(sheet, row, (f["rule"], f["severity"], f["subject"], f["message"]))
    for col, width in enumerate((16, 40, 10, 10, 8, 12, 60), 1):
        sheet.column_dimensions[get_column_letter(col)].width = width


def _project(sheet: Worksheet, p: Plain, unit: Plain) -> None:
    _title(sheet, "项目支出绩效自评表", 1)
    _title(sheet, f"（{unit['year']}年度）" if unit["year"] else "", 2, 11)
    _put(sheet, 3, ("项目名称", p["project"]))
    _put(sheet, 4, ("主管部门", unit["department"], "", "实施单位", unit["department"]))
    _funds(sheet, 5, p["execution"])
    row = _indicators(sheet, 8, p["indicators"])
    total = f"等级：{p['grade']}" if p["grade"] else "等级：—"
    unscored = f"未评分 {p['unscored']} 项，其 {p['unscored_marks']} 分未计入" if p["unscored"] else ""
    _put(sheet, row, ("总分", "", "", "", "", _number(p["full"]), _number(p["total"]), total, unscored),
         {6: "0.00", 7: "0.00"})
    for col in (1, 6, 7, 8):
        sheet.cell(row, col).font = Font(bold=True)
    if p["note"]:
        sheet.cell(row + 1, 1, f"说明：{p['note']}")
    for col, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A9"


def _funds(sheet: Worksheet, row: int, e: Plain) -> None:
    _header(sheet, row, FUNDS_HEAD)
    _put(sheet, row + 1, ("", "年度资金总额", _number(e["initial"]), _number(e["budget"]), _number(e["spent"]),
                          _number(e["marks"]), _percent(e["rate"]), _number(e["score"])),
         {3: "0.00", 4: "0.00", 5: "0.00", 6: "0.00", 7: "0.00%", 8: "0.00"})
    sheet.merge_cells(start_row=row, start_column=1, end_row=row + 1, end_column=1)
    if e["reason"]:
        sheet.cell(row + 1, 9, e["reason"]).alignment = WRAP


def _indicators(sheet: Worksheet, row: int, indicators: list[Plain]) -> int:
    """The indicator table from ``row``, grouped by level (merged level cells); the next free row."""
    _header(sheet, row, INDICATOR_HEAD)
    rank = {name: i for i, name in enumerate(LEVEL_ORDER)}
    ordered = sorted(indicators, key=lambda i: rank.get(i["level"], len(rank)))
    start = row + 1
    for n, i in enumerate(ordered):
        explained = "；".join(x for x in (i["reason"], i["note"]) if x)
        _put(sheet, start + n, (i["level"], i["sublevel"], i["indicator"], i["target"], i["actual"] or "",
                                _number(i["marks"]), _number(i["score"]), i["deviation"], explained),
             {6: "0.00", 7: "0.00"})
    _merge_levels(sheet, start, [i["level"] for i in ordered])
    return start + len(ordered)


def _merge_levels(sheet: Worksheet, start: int, levels: list[str]) -> None:
    first = 0
    for n in range(1, len(levels) + 1):
        if n == len(levels) or levels[n] != levels[first]:
            if n - first > 1:
                sheet.merge_cells(start_row=start + first, start_column=1, end_row=start + n - 1, end_column=1)
            sheet.cell(start + first, 1).alignment = CENTER
            first = n

"""The scores (plain ``checker.scores/1`` data) as terminal text: one table per project, then the unit.

Columns are padded by display width (CJK counts two); a reason goes on its own line under its row, so the
table stays readable in 80 columns.  Plain string building, no rich: a 10,000-project run prints quickly.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from checker.source import display_width

Plain = dict[str, Any]
SCORE_HEAD = ("一级", "依据", "指标", "目标", "实际", "分值", "得分")
MONITOR_HEAD = ("一级", "指标", "目标", "至今应完成", "实际", "进度", "灯")
RIGHT = {"分值", "得分", "进度"}
BASIS = {"一级指标": "一级", "二级指标": "二级", "默认": "默认"}


def render_scores(plain: Plain) -> str:
    """The whole run as text."""
    lines = [f"评分政策：{plain['policy']['name']}" + (f"    监控截至 {plain['as_of']}" if plain["as_of"] else
                                                    "    （得分按两位小数四舍五入显示；合计由未舍入的得分相加）")]
    for unit in plain["units"]:
        lines += ["", _unit_title(unit)]
        for project in unit["projects"]:
            lines += ["", *_project(project, plain["mode"] == "monitor")]
        if plain["mode"] == "score":
            lines += ["", _unit_total(unit)]
    if plain["findings"]:
        lines += ["", f"发现（{len(plain['findings'])}）"]
        lines += [f"  {f['severity']:<7} {f['rule']:<16} {f['message']}" for f in plain["findings"]]
    return "\n".join(lines) + "\n"


def _unit_title(unit: Plain) -> str:
    name = " ".join(x for x in (unit["department"], unit["year"]) if x)
    return f"{name}（{unit['dataset']}）" if name else unit["dataset"]


def _unit_total(unit: Plain) -> str:
    total = unit["total"] or "—"
    unscored = f"；未评分 {unit['unscored']} 项（其分值未计入）" if unit["unscored"] else "；未评分 0 项"
    return (f"单位合计：{unit['scored_projects']}/{unit['project_count']} 个项目的平均分 {total}  "
            f"等级 {unit['grade'] or '—'}{unscored}")


def _project(p: Plain, monitoring: bool) -> list[str]:
    head = MONITOR_HEAD if monitoring else SCORE_HEAD
    rows = [_monitor_cells(i) if monitoring else _score_cells(i) for i in p["indicators"]]
    reasons = [_reason(i) for i in p["indicators"]]
    rows.append(_execution_cells(p["execution"], monitoring))
    reasons.append(p["execution"]["reason"])
    widths = [max(display_width(str(r[c])) for r in [head, *rows]) for c in range(len(head))]
    title = f"■ {p['project']}"
    if not monitoring:
        title += f"    合计 {p['total'] or '—'} / {p['full']}  {p['grade'] or ''}".rstrip()
    lines = [title, "  " + _line(head, widths, head)]
    for cells, reason in zip(rows, reasons, strict=True):
        lines.append("  " + _line(cells, widths, head))
        lines.extend(f"      ↳ {part}" for part in reason.split("\n") if part)
    if p["unscored"] and not monitoring:
        lines.append(f"  未评分 {p['unscored']} 项，其 {p['unscored_marks']} 分未计入合计")
    if p["note"]:
        lines.append(f"  说明：{p['note']}")
    return lines


def _reason(i: Plain) -> str:
    return "\n".join(x for x in (i["reason"], i["note"]) if x)


def _score_cells(i: Plain) -> tuple[str, ...]:
    basis = BASIS.get(i["level_from"], f"名称“{i['level_word']}”")
    return (i["level"], basis, i["indicator"], i["target"], i["actual"] or "—", i["marks"] or "", i["score"] or "—")


def _monitor_cells(i: Plain) -> tuple[str, ...]:
    progress = "" if i["progress"] is None else ("∞" if i["progress"] == "Infinity" else f"{i['progress']}%")
    return (i["level"], i["indicator"], i["target"], i["expected"] or i["target"], i["actual"] or "—", progress,
            i["light"] or "—")


def _execution_cells(e: Plain, monitoring: bool) -> tuple[str, ...]:
    budget = f"预算 {e['budget']}" if e["budget"] else "—"
    spent = f"执行 {e['spent']}" if e["spent"] else "—"
    if monitoring:
        progress = f"{e['progress']}%" if e["progress"] else ""
        return ("预算执行率", "执行率", budget, "", spent, progress, e["light"] or "—")
    rate = f"（{e['rate']}%）" if e["rate"] else ""
    return ("预算执行率", "", "执行率", budget, spent + rate, e["marks"] or "", e["score"] or "—")


def _line(cells: tuple[str, ...], widths: list[int], head: tuple[str, ...]) -> str:
    return "  ".join(_pad(str(c), w, h in RIGHT) for c, w, h in zip(cells, widths, head, strict=True)).rstrip()


def _pad(text: str, width: int, right: bool) -> str:
    room = " " * max(0, width - display_width(text))
    return room + text if right else text + room


def lines_of(text: str) -> Iterator[str]:
    """The rendered text's lines (for tests and paging)."""
    yield from text.splitlines()

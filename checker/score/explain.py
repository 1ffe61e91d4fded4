"""The reason for every lost point, in Chinese, with the arithmetic a person can redo by hand.

Only the rows that need words get them (points lost, not scored, far exceeded), so this loop runs over the
few, not the many.  Numbers in a formula are exact when they have at most four decimals, else shown to two
with ``≈``; a score is shown rounded half-up to two decimals.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from checker.dataset.model import SCALE, from_micros
from checker.score.measure import MISMATCH, MISSING, NO_TARGET, SCORED, UNREADABLE, objects, records
from checker.score.policy import HUNDRED
from checker.units import canonical_symbol

CENT = Decimal("0.01")
Row = dict[str, Any]


def shown(value: Decimal) -> Decimal:
    """A score for display: two decimals, half-up (the only rounding)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def num(value: Decimal) -> str:
    """Exact when it has at most four decimals (``22.5``, ``18.75``), else ``≈33.33``."""
    if value == value.quantize(Decimal("0.0001")):
        normal = value.normalize()
        return format(normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal, "f")
    return f"≈{shown(value)}"


def percent(ratio: Decimal) -> str:
    """A ratio as a percentage with two decimals: ``0.98062…`` → ``98.06%``."""
    return f"{shown(ratio * HUNDRED)}%"


def money(micros: Any) -> str:
    """Micros of 万元 as 万元 with two decimals."""
    return f"{from_micros(int(micros), places=2)}"


def indicator_texts(rows: pd.DataFrame, exceed: Decimal | None, note: str) -> tuple[pd.Series, pd.Series]:
    """(reason, note) per row of the scoring frame; empty where nothing needs saying."""
    reason = pd.Series("", index=rows.index, dtype=object)
    notes = pd.Series("", index=rows.index, dtype=object)
    scored = rows["status"].eq(SCORED)
    lost = scored & (rows["score"].where(scored, 0) < rows["marks"].where(scored, 0))
    need = ~scored | lost
    reason[need] = objects([_lost(r) if r["status"] == SCORED else _unscored(r) for r in _records(rows[need])])
    over = rows["exceeded"].astype(bool)
    notes[over] = objects([f"实际{r['actual_text']}为目标{r['target_text']}的{num(r['ratio'] * HUNDRED)}%，"
                          f"超过{num(exceed or HUNDRED)}%：{note or '目标设置偏低'}" for r in _records(rows[over])])
    return reason, notes


NEEDED = ("status", "kind", "op", "actual_text", "target_text", "a_grade", "t_grade", "a_unit", "t_unit", "unit",
          "factor", "marks", "score", "frac", "ratio", "tier", "gap", "actual", "target")


def _records(rows: pd.DataFrame) -> list[Row]:
    return records(rows.loc[:, list(NEEDED)])


def _unscored(r: Row) -> str:
    status, written = r["status"], r["actual_text"]
    if status == MISSING:
        return "未评分：没有实际完成值"
    if status == NO_TARGET:
        return f"未评分：指标值“{r['target_text']}”不能解读为数值、等级或定性目标"
    if status == MISMATCH and r["kind"] == "等级":
        return f"未评分：实际等级“{r['a_grade']}”与目标“{r['t_grade']}”不属同一等级体系"
    if status == MISMATCH:
        return f"未评分：实际单位“{r['a_unit'] or '无'}”与目标单位“{r['t_unit'] or '无'}”不能换算"
    if status == UNREADABLE and r["kind"] == "定性":
        return f"未评分：定性指标的实际完成情况“{written}”应写 达成 / 部分达成 / 未达成"
    what = "等级" if r["kind"] == "等级" else "带单位的数值"
    return f"未评分：实际完成值“{written}”不是{what}"


def _lost(r: Row) -> str:
    m, score = num(r["marks"]), shown(r["score"])
    if r["kind"] == "等级":
        top = num(r["frac"] * HUNDRED)
        return (f"实际等级{r['a_grade']}比目标{r['t_grade']}低{r['gap']}级：按“{r['tier']}”计该档上限{top}%，"
                f"得分 = {m} × {top}% = {score}")
    if r["kind"] == "定性":
        top = num(r["frac"] * HUNDRED)
        return f"实际完成情况“{r['actual_text']}”：按“{r['tier']}”计该档上限{top}%，得分 = {m} × {top}% = {score}"
    return _lost_number(r, m, score)


def _lost_number(r: Row, m: str, score: Decimal) -> str:
    t, a = _in_unit(r, "target"), _in_unit(r, "actual")
    op, head = r["op"], f"实际{r['actual_text']}"
    if op in (">=", ">"):
        if r["ratio"] is None:
            return f"{head}未达到目标{r['target_text']}；目标值不大于0，不能按比例计分：得0分"
        return f"{head}未达到目标{r['target_text']}：得分 = {m} × {a} ÷ {t} = {score}"
    if op in ("<=", "<"):
        if r["ratio"] is None:
            return f"{head}未达到目标{r['target_text']}；实际值为0，不能按比例计分：得0分"
        return f"{head}超过目标{r['target_text']}：得分 = {m} × {t} ÷ {a} = {score}"
    if op == "==" and r["ratio"] is not None:
        low, high = (a, t) if r["actual"] < r["target"] else (t, a)
        return f"{head}不等于目标{r['target_text']}：得分 = {m} × 较小值 ÷ 较大值 = {m} × {low} ÷ {high} = {score}"
    return f"{head}不符合目标{r['target_text']}：得0分"


def _in_unit(r: Row, column: str) -> str:
    """The target or actual in the finer of the two units, with that unit when a conversion happened."""
    value = r[column] / r["factor"] / SCALE
    converted = canonical_symbol(r["t_unit"]) != canonical_symbol(r["a_unit"])
    return num(value) + (r["unit"] if converted else "")


def execution_text(r: Row, weight: Decimal) -> str:
    """Why the execution rate lost points, or was not scored (empty when it earned all)."""
    status = r["status"]
    if status == MISSING:
        return "未评分：没有该项目的执行数"
    if status == "no_budget":
        return "未评分：没有预算数（执行数文件与项目支出表都没有该项目的预算）"
    if status == NO_TARGET:
        return "未评分：预算数为0，不能计算执行率"
    spent, budget = money(r["spent"]), money(r["budget"])
    if r["rate"] >= 1:
        return "" if r["rate"] == 1 else f"执行率 {percent(r['rate'])} 超过100%，以{num(weight)}分为限"
    return (f"执行率 = {spent} ÷ {budget} = {percent(r['rate'])}：得分 = {num(weight)} × {spent} ÷ {budget} "
            f"= {shown(r['score'])}")

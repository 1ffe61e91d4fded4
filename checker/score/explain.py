"""The reason for every lost point, in Chinese, with the arithmetic a person can redo by hand.

Only the rows that need words get them (points lost, not scored, far exceeded), so this loop runs over the
few, not the many.  Numbers in a formula are exact when they have at most four decimals, else shown to two
with ``≈``; a score is shown rounded half-up to two decimals.  Every project's 预算执行率 has words, so
those are made column by column, money and rates from the integer micros (``money_texts``, ``rate_texts``:
the same texts as from Decimals).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pandas as pd

from checker.dataset.model import SCALE, from_micros
from checker.score.columns import objects, records
from checker.score.measure import MISMATCH, MISSING, NO_TARGET, SCORED, UNREADABLE
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


def money_texts(micros: np.ndarray) -> np.ndarray:
    """``money`` of each value (None stays None), by integer arithmetic: half-up to the cent, the sign kept
    as Decimal keeps it (``-0.00``)."""
    out = np.full(len(micros), None, dtype=object)
    known = np.flatnonzero(micros != None)  # noqa: E711 (elementwise)
    values = micros[known].astype(np.int64)
    out[known] = _hundredths((np.abs(values) + SCALE // 200) // (SCALE // 100), values < 0)
    return out


def rate_texts(spent: np.ndarray, budget: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """``str(shown(rate × 100))`` of each execution rate (None where there is none), worked out from the integer
    执行数 and 预算数 it is the quotient of: half-up to the hundredth of a percent, the sign as Decimal keeps it.
    The same text as from the Decimal: a 28-digit quotient of integers below 10¹⁴ is far closer to the exact
    one than any half-hundredth it could be rounded across."""
    out = np.full(len(rate), None, dtype=object)
    at = np.flatnonzero([isinstance(r, Decimal) for r in rate.tolist()])
    if not len(at):
        return out
    if max(map(abs, spent[at].tolist() + budget[at].tolist())) > 10**14:
        out[at] = [str(shown(r * HUNDRED)) for r in rate[at].tolist()]
        return out
    n, d = spent[at].astype(np.int64), budget[at].astype(np.int64)
    out[at] = _hundredths((np.abs(n) * 20000 + np.abs(d)) // (2 * np.abs(d)), (n < 0) != (d < 0))
    return out


_CENTS = np.array([f".{i:02d}" for i in range(100)], dtype=object)


def _hundredths(values: np.ndarray, negative: np.ndarray) -> np.ndarray:
    """Non-negative integers of hundredths as decimal texts with two places, ``-`` where negative."""
    out = np.array(list(map(str, (values // 100).tolist())), dtype=object) + _CENTS[values % 100]
    out[negative] = "-" + out[negative]
    return out


def shown_texts(values: np.ndarray) -> np.ndarray:
    """``str(shown(v))`` of each Decimal (anything else → None)."""
    return objects([str(v.quantize(CENT, rounding=ROUND_HALF_UP)) if isinstance(v, Decimal) else None
                    for v in values.tolist()])


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


def execution_reasons(projects: pd.DataFrame, weight: Decimal) -> np.ndarray:
    """Per project: why the execution rate lost points, or was not scored ("" when it earned all)."""
    status = projects["exec_status"].to_numpy(dtype=object)
    out = np.full(len(status), "", dtype=object)
    out[status == MISSING] = "未评分：没有该项目的执行数"
    out[status == "no_budget"] = "未评分：没有预算数（执行数文件与项目支出表都没有该项目的预算）"
    out[status == NO_TARGET] = "未评分：预算数为0，不能计算执行率"
    ok = np.flatnonzero(status == SCORED)
    rate, spent, budget = (projects[c].to_numpy(dtype=object) for c in ("rate", "spent", "budget"))
    over, under = ok[(rate[ok] > 1).astype(bool)], ok[(rate[ok] < 1).astype(bool)]
    percents, w = rate_texts(spent, budget, rate), num(weight)
    out[over] = [f"执行率 {p}% 超过100%，以{w}分为限" for p in percents[over].tolist()]
    out[under] = [f"执行率 = {s} ÷ {b} = {p}%：得分 = {w} × {s} ÷ {b} = {c}" for s, b, p, c in zip(
        money_texts(spent[under]).tolist(), money_texts(budget[under]).tolist(), percents[under].tolist(),
        shown_texts(projects["exec_score"].to_numpy(dtype=object)[under]).tolist(), strict=True)]
    return out

"""Did an indicator reach its target?  Direction-aware (正向 ≥, 反向 ≤, 等于), unit-checked, grades by
their order (优 > 良 > 中 > 差), phrases judged by the words 达成 / 部分达成 / 未达成."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from checker.compile import program as p
from checker.dataset.model import SCALE
from checker.units import Target, grade_rank, unit

MET_WORDS = {"达成": True, "已达成": True, "完成": True, "已完成": True, "是": True,
             "部分达成": False, "未达成": False, "未完成": False, "否": False}


@dataclass(slots=True)
class Achievement:
    met: np.ndarray
    present: np.ndarray
    why: np.ndarray
    expected: np.ndarray  # the target as text
    actual: np.ndarray  # the actual as written
    diff: np.ndarray  # actual − target in micros of the target's unit (numbers), else None
    unit: np.ndarray

    def as_compared(self) -> tuple[object, object, np.ndarray, np.ndarray]:
        return (self.actual, self.expected, self.diff, np.zeros(len(self.met), dtype=np.int64))


def _factor_and_dim(symbols: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    factors: dict[object, Decimal] = {}
    dims: dict[object, str] = {}
    for s in symbols.unique():
        u = unit("" if s is None or s != s else str(s))
        factors[s] = u.factor if u is not None else Decimal(1)
        dims[s] = u.dimension if u is not None else "unknown"
    return symbols.map(factors).to_numpy(dtype=object), symbols.map(dims).to_numpy(dtype=object)


def achievement(indicators: pd.DataFrame, pos: np.ndarray, tolerance: p.Tolerance,
                target: Target | None = None) -> Achievement:
    """Achievement of the indicators at ``pos``: against their own declared target, or ``target``."""
    rows = indicators.iloc[pos] if len(pos) else indicators.iloc[0:0]
    n = len(rows)
    t_op, t_val, t_unit, t_grade, t_kind, t_raw = _targets(rows, target)
    a_val = rows["实际值"].astype(object).to_numpy() if n else np.zeros(0, dtype=object)
    a_unit = rows["实际单位"].astype(object).fillna("").to_numpy() if n else np.zeros(0, dtype=object)
    a_grade = rows["实际等级"].astype(object).fillna("").to_numpy() if n else np.zeros(0, dtype=object)
    a_raw = rows["实际完成值"].astype(object).fillna("").to_numpy() if n else np.zeros(0, dtype=object)
    a_unit = np.where(a_unit == "", t_unit, a_unit)
    met = np.zeros(n, dtype=bool)
    present = np.zeros(n, dtype=bool)
    why = np.full(n, None, dtype=object)
    diff = np.full(n, None, dtype=object)
    tf, td = _factor_and_dim(pd.Series(t_unit, dtype=object))
    af, ad = _factor_and_dim(pd.Series(a_unit, dtype=object))
    for i in range(n):
        kind = t_kind[i]
        if kind == "数值":
            _number(i, effective_operator(t_op[i], t_raw[i]), t_val[i], tf[i], td[i], a_val[i], af[i], ad[i], a_raw[i], tolerance,
                    met, present, why, diff)
        elif kind == "等级":
            _grade(i, t_op[i], t_grade[i], a_grade[i], a_raw[i], met, present, why)
        else:
            _phrase(i, a_raw[i], met, present, why)
    return Achievement(met, present, why, t_raw, a_raw, diff, t_unit)


_COMPARATOR_MARKS = ("=", "＝", ">", "<", "≥", "≤", "＞", "＜", "≧", "≦", "于", "低", "少", "超", "多", "最", "至", "内", "下", "上")


def effective_operator(op: str, raw: object) -> str:
    """A bare target (``100%``, ``12个月``, ``10``) is a value to reach: reaching or passing it achieves it.

    Only an explicit ``==``/``＝``/``等于`` demands equality.
    """
    text = str(raw or "")
    if op == "==" and not any(mark in text for mark in _COMPARATOR_MARKS):
        return ">="
    return op


def _targets(rows: pd.DataFrame, target: Target | None) -> tuple[np.ndarray, ...]:
    n = len(rows)
    if target is not None:
        value = int(target.value * SCALE) if target.value is not None else None
        return (np.full(n, target.operator, dtype=object), np.full(n, value, dtype=object),
                np.full(n, target.unit, dtype=object), np.full(n, target.grade, dtype=object),
                np.full(n, target.kind, dtype=object), np.full(n, target.describe(), dtype=object))
    cols = ("目标运算符", "目标值", "目标单位", "目标等级", "目标类型", "指标值")
    return tuple(rows[c].astype(object).fillna("").to_numpy() if n else np.zeros(0, dtype=object) for c in cols)


def _missing(v: object) -> bool:
    return v is None or v == "" or (isinstance(v, float) and v != v)


def _number(i: int, op: str, t_val: object, tf: Decimal, td: str, a_val: object, af: Decimal, ad: str,
            a_raw: str, tol: p.Tolerance, met: np.ndarray, present: np.ndarray, why: np.ndarray,
            diff: np.ndarray) -> None:
    if _missing(a_val):
        why[i] = "没有实际完成值" if not a_raw else f"实际完成值“{a_raw}”不是数值"
        return
    if td != ad and "count" not in (td, ad):  # 封 never meets 次; a bare number counts anything
        why[i] = f"ERROR:实际值的单位与目标单位不符（{ad} 对 {td}）"
        return
    actual = Decimal(int(str(a_val))) * af  # base micros
    target = Decimal(int(str(t_val))) * tf
    d = actual - target
    allowed = _allowed(tol, target)
    present[i] = True
    diff[i] = int(d / tf) if tf else int(d)
    met[i] = {">=": d >= -allowed, ">": d > 0, "<=": d <= allowed, "<": d < 0,
              "==": abs(d) <= allowed, "!=": abs(d) > allowed}.get(op or "==", abs(d) <= allowed)


def _allowed(tol: p.Tolerance, target: Decimal) -> Decimal:
    if tol.kind == "relative" and tol.amount is not None:
        return abs(target) * tol.amount / 100
    if tol.kind == "absolute" and tol.amount is not None:
        u = unit(tol.unit) if tol.unit else None
        return tol.amount * (u.factor if u is not None else 1) * SCALE
    return Decimal(0)


def _grade(i: int, op: str, t_grade: str, a_grade: str, a_raw: str, met: np.ndarray, present: np.ndarray,
           why: np.ndarray) -> None:
    if not a_grade:
        why[i] = "没有实际完成值" if not a_raw else f"ERROR:等级目标的实际值“{a_raw}”不是等级"
        return
    t, a = grade_rank(t_grade), grade_rank(a_grade)
    if t is None or a is None or t[0] != a[0]:
        why[i] = f"ERROR:等级“{a_grade}”与目标“{t_grade}”不属同一等级体系"
        return
    present[i] = True
    met[i] = {">=": a[1] >= t[1], ">": a[1] > t[1], "<=": a[1] <= t[1], "<": a[1] < t[1]}.get(op, a[1] == t[1])


def _phrase(i: int, a_raw: str, met: np.ndarray, present: np.ndarray, why: np.ndarray) -> None:
    word = "".join(str(a_raw).split())
    if word in MET_WORDS:
        present[i] = True
        met[i] = MET_WORDS[word]
    else:
        why[i] = "定性指标：实际完成情况需写明 达成 / 部分达成 / 未达成" if word else "没有实际完成值"

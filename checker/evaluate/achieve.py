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
    numeric = t_kind == "数值"
    _numbers(np.flatnonzero(numeric), t_op, t_val, t_unit, t_raw, a_val, a_unit, a_raw, tolerance,
             met, present, why, diff)
    for i in np.flatnonzero(~numeric).tolist():
        if t_kind[i] == "等级":
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


def _numbers(idx: np.ndarray, t_op: np.ndarray, t_val: np.ndarray, t_unit: np.ndarray, t_raw: np.ndarray,
             a_val: np.ndarray, a_unit: np.ndarray, a_raw: np.ndarray, tol: p.Tolerance, met: np.ndarray,
             present: np.ndarray, why: np.ndarray, diff: np.ndarray) -> None:
    """The numeric targets at ``idx``, all at once: exact integers (tenths of base-unit micros)."""
    if not len(idx):
        return
    tf, td = _factor_and_dim(pd.Series(t_unit[idx], dtype=object))
    af, ad = _factor_and_dim(pd.Series(a_unit[idx], dtype=object))
    missing = pd.isna(pd.Series(a_val[idx], dtype=object)).to_numpy() | (a_val[idx] == "")
    for i in idx[missing]:
        why[i] = "没有实际完成值" if not a_raw[i] else f"实际完成值“{a_raw[i]}”不是数值"
    mismatch = ~missing & (td != ad) & (td != "count") & (ad != "count")  # 封 never meets 次
    for i, t, a in zip(idx[mismatch], td[mismatch], ad[mismatch], strict=True):
        why[i] = f"ERROR:实际值的单位与目标单位不符（{a} 对 {t}）"
    ok = ~missing & ~mismatch
    rows = idx[ok]
    if not len(rows):
        return
    tenths_t = np.array([int(f * 10) for f in tf[ok]], dtype=object)  # unit factors are multiples of 0.1
    tenths_a = np.array([int(f * 10) for f in af[ok]], dtype=object)
    target = np.array([int(v) for v in t_val[rows]], dtype=object) * tenths_t
    d = np.array([int(v) for v in a_val[rows]], dtype=object) * tenths_a - target
    allowed = _allowed_all(tol, target)
    ops = np.array([effective_operator(o, r) or "==" for o, r in zip(t_op[rows], t_raw[rows], strict=True)],
                   dtype=object)
    result = np.select(
        [ops == ">=", ops == ">", ops == "<=", ops == "<", ops == "!="],
        [d >= -allowed, d > 0, d <= allowed, d < 0, abs(d) > allowed], default=abs(d) <= allowed)
    met[rows] = result.astype(bool)
    present[rows] = True
    diff[rows] = d // tenths_t


def _allowed_all(tol: p.Tolerance, target: np.ndarray) -> np.ndarray:
    """The allowance in the same tenths of base-unit micros as ``target``."""
    if tol.kind == "relative" and tol.amount is not None:
        return np.array([int(abs(t) * tol.amount / 100) for t in target], dtype=object)
    return np.full(len(target), int(_allowed(tol, Decimal(0)) * 10), dtype=object)


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

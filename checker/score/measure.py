"""How much of its marks each indicator earns, vectorised over all indicators of all projects.

Numbers (目标类型 数值) are compared in the base unit of their dimension (2 小时 = 7200 秒 against ≤ 90 分钟 =
5400 秒); a bare target (``100%``, ``12个月``) is a value to reach (``achieve.effective_operator``).
正向 met → all marks, missed → actual ÷ target; 反向 missed → target ÷ actual; an explicit ``=`` missed →
smaller ÷ larger; never below 0, never above the policy's cap.  Grades earn the tier as many steps down
as the actual grade is below the target (one grade short → the second tier); qualitative indicators the
tier their actual names (达成 / 部分达成 / 未达成); a tier earns its top.

``status`` says why an indicator is not scored: ``missing`` (no actual), ``unreadable`` (an actual that is
not a number / grade / tier word), ``mismatch`` (units or grade scales that do not convert),
``no_target`` (a target that could not be read).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from checker.compile.program import PolicySpec
from checker.evaluate.achieve import effective_operator
from checker.score.columns import Coded, Texts, codes_of, firsts, objects, pair_codes, per_codes
from checker.score.policy import HUNDRED, tiers
from checker.units import compatible, grade_rank, unit

SCORED, MISSING, UNREADABLE, MISMATCH, NO_TARGET = "scored", "missing", "unreadable", "mismatch", "no_target"
# typed Any: Decimals in numpy/pandas object arithmetic, which the stubs do not know
ZERO: Any = Decimal(0)
ONE: Any = Decimal(1)
# actual words that name a tier by its rank when the policy's tiers are named otherwise
TIER_WORDS = {
    **dict.fromkeys(("达成", "已达成", "达到", "已达到", "完成", "已完成", "全部完成", "全部达成", "是"), 0),
    **dict.fromkeys(("部分达成", "基本达成", "部分完成", "基本完成", "部分"), 1),
    **dict.fromkeys(("未达成", "未达到", "未完成", "没有完成", "否"), -1),
}
# target/actual: Decimals in micros of the base unit; unit/factor: the finer of the two units, for showing
MEASURE_COLUMNS = ("kind", "op", "status", "met", "frac", "ratio", "target", "actual", "unit", "factor",
                   "a_unit", "tier", "gap", "exceeded")
NO_TIERS = [("达成", Decimal(100), Decimal(100)), ("未达成", ZERO, ZERO)]


def measure(indicators: pd.DataFrame, policy: PolicySpec, texts: Texts | None = None) -> pd.DataFrame:
    """One row per indicator (same index): the columns of ``MEASURE_COLUMNS``.  ``texts``: the indicators'
    text columns when the caller has them already."""
    f, n = indicators, len(indicators)
    texts = texts or Texts(f)
    out: dict[str, Any] = {c: np.full(n, None, dtype=object) for c in MEASURE_COLUMNS}
    out.update(kind=texts("目标类型").to_numpy(dtype=object), status=np.full(n, NO_TARGET, dtype=object),
               met=np.zeros(n, dtype=bool), exceeded=np.zeros(n, dtype=bool),
               op=per_codes(*texts.codes("目标运算符"), *texts.codes("指标值"), effective_operator))
    _numbers(f, out, texts, policy)
    _grades(out, texts, policy)
    _phrases(out, texts, policy)
    dtypes: dict[str, Any] = {"kind": "str", "status": "str", "met": bool, "exceeded": bool}
    return pd.DataFrame({c: pd.Series(out[c], index=f.index, dtype=dtypes.get(c, object)) for c in MEASURE_COLUMNS})


def _ints(frame: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """(micros as int64 with 0 where missing, present) of a numeric column."""
    if column not in frame:
        return np.zeros(len(frame), dtype=np.int64), np.zeros(len(frame), dtype=bool)
    values = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    present = values.notna().to_numpy()
    return values.fillna(0).to_numpy(dtype=np.int64), present


def _absent(written: np.ndarray) -> np.ndarray:
    """MISSING where nothing was written as the actual, else UNREADABLE."""
    return np.where(written == "", MISSING, UNREADABLE).astype(object)


def _numbers(f: pd.DataFrame, out: dict[str, Any], texts: Texts, policy: PolicySpec) -> None:
    rows = out["kind"] == "数值"
    (tv, t_ok), (av, a_ok) = _ints(f, "目标值"), _ints(f, "实际值")
    tu, t_units = texts.codes("目标单位")
    au, a_units = pair_codes(texts.codes("实际单位"), (tu, t_units), lambda a, t: a or t)  # the target's by default
    fits = per_codes(tu, t_units, au, a_units, compatible).astype(bool)
    has = rows & t_ok
    status = out["status"]
    status[has] = SCORED
    status[has & ~a_ok] = _absent(texts("实际完成值").to_numpy(dtype=object)[has & ~a_ok])
    status[has & a_ok & ~fits] = MISMATCH
    t_factors, a_factors = objects([_factor(u) for u in t_units]), objects([_factor(u) for u in a_units])
    t_code, targets = _scaled(tv, tu, t_factors, has)
    out["target"][has] = targets[t_code[has]]
    out["unit"][has], out["factor"][has] = t_units[tu[has]], t_factors[tu[has]]
    out["a_unit"][rows] = a_units[au[rows]]
    ok = (status == SCORED) & rows
    if not ok.any():
        return
    finer = per_codes(tu[ok], t_factors, au[ok], a_factors, lambda t, a: a < t).astype(bool)  # the finer unit shows
    out["factor"][ok] = np.where(finer, a_factors[au[ok]], t_factors[tu[ok]])
    out["unit"][ok] = np.where(finer, a_units[au[ok]], t_units[tu[ok]])
    a_code, actuals = _scaled(av, au, a_factors, ok)
    out["actual"][ok] = actuals[a_code[ok]]
    same = per_codes(tu, t_factors, au, a_factors, lambda t, a: t == a).astype(bool)
    _score_numbers(out, ok, (t_code, a_code), (tv, av, same), policy)


def _scaled(values: np.ndarray, units: np.ndarray, factors: np.ndarray,
            rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(a code per row, -1 outside ``rows``; each code's value × its unit's factor as a Decimal in micros of the
    base unit), each distinct (value, unit) multiplied once."""
    at = np.flatnonzero(rows)
    value_code, _ = pd.factorize(values[at])
    code, _ = pd.factorize(value_code.astype(np.int64) * max(len(factors), 1) + units[at])
    first = at[firsts(code)]
    out = np.full(len(values), -1, dtype=np.int64)
    out[at] = code
    return out, values[first].astype(object) * factors[units[first]]


def _score_numbers(out: dict[str, Any], ok: np.ndarray, codes: tuple[np.ndarray, np.ndarray],
                   ints: tuple[np.ndarray, np.ndarray, np.ndarray], policy: PolicySpec) -> None:
    """met, ratio, the fraction of marks earned and far-exceeded for the comparable numbers at ``ok``, once
    per distinct (operator, target, actual)."""
    at = np.flatnonzero(ok)
    op, _ = codes_of(out["op"][at])
    t_code, a_code = codes[0][at].astype(np.int64), codes[1][at].astype(np.int64)
    combo, _ = pd.factorize((op * (int(t_code.max()) + 1) + t_code) * (int(a_code.max()) + 1) + a_code)
    first = at[firsts(combo)]
    met, ratio, known, exceeded = _compare(out["op"][first], out["target"][first], out["actual"][first],
                                           tuple(x[first] for x in ints), policy)
    cap: Any = policy.cap / HUNDRED
    frac = np.where(met, ONE, ZERO)
    frac[known] = ratio[known]
    low = met & known
    frac[low] = np.where((frac[low] < ONE).astype(bool), ONE, frac[low])
    frac = np.minimum(np.maximum(frac, ZERO), cap)
    out["met"][at], out["ratio"][at], out["frac"][at] = met[combo], ratio[combo], frac[combo]
    out["exceeded"][at] = exceeded[combo]


def _factor(symbol: str) -> Decimal:
    u = unit(symbol)
    return u.factor if u is not None else ONE


def _compare(op: np.ndarray, t: np.ndarray, a: np.ndarray, ints: tuple[np.ndarray, ...],
             policy: PolicySpec) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """met, the performance ratio (None where it has no meaning), where there is one and far-exceeded, per row.

    Signs and comparisons are taken on the integer micros (units have positive factors; one unit on both
    sides compares as integers); only the ratios are Decimal quotients."""
    tv, av, same = ints
    up, down, eq = np.isin(op, (">=", ">")), np.isin(op, ("<=", "<")), op == "=="
    order = np.sign(av - tv)  # actual vs target: -1, 0, 1
    other = ~same
    order[other] = (a[other] > t[other]).astype(np.int64) - (a[other] < t[other]).astype(np.int64)
    met = ((op == ">=") & (order >= 0)) | ((op == ">") & (order > 0)) | ((op == "<=") & (order <= 0)) \
        | ((op == "<") & (order < 0)) | (eq & (order == 0)) | ((op == "!=") & (order != 0))
    low, high = np.where(order <= 0, a, t), np.where(order >= 0, a, t)  # as np.minimum / np.maximum pick
    ratio = np.full(len(op), None, dtype=object)
    known = np.zeros(len(op), dtype=bool)
    for mask, num, den in ((up & (tv > 0), a, t), (down & (av > 0), t, a), (eq & ((av > 0) | (tv > 0)), low, high)):
        ratio[mask] = num[mask] / den[mask]
        known |= mask
    exceeded = np.zeros(len(op), dtype=bool)
    if policy.exceed is not None:
        positive = up & (tv > 0)
        if policy.exceed >= HUNDRED:  # only an actual above its target can be above 100% of it
            positive &= order > 0
        exceeded[positive] = (ratio[positive] * HUNDRED > policy.exceed).astype(bool)
    return met.astype(bool), ratio, known, exceeded


def _grades(out: dict[str, Any], texts: Texts, policy: PolicySpec) -> None:
    rows = np.flatnonzero(out["kind"] == "等级")
    if not len(rows):
        return
    written = texts("实际完成值").to_numpy(dtype=object)
    t_scale, t = _scale_and_rank(texts.codes("目标等级"), rows)
    a_scale, a = _scale_and_rank(texts.codes("实际等级"), rows)
    blank = texts("实际等级").to_numpy(dtype=object)[rows] == ""
    status = np.full(len(rows), SCORED, dtype=object)
    status[blank] = _absent(written[rows[blank]])
    status[~blank & ((t_scale != a_scale) | (t_scale < 0))] = MISMATCH
    out["status"][rows] = status
    ok = status == SCORED
    if not ok.any():
        return
    t, a = t[ok], a[ok]
    op = out["op"][rows[ok]]
    gap = np.select([op == ">", np.isin(op, ("<=", "<")), op == "=="], [t + 1 - a, a - t, np.abs(a - t)], t - a)
    _tiered(out, rows[ok], np.maximum(gap, 0), policy)


def _scale_and_rank(words: Coded, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each grade word's scale and rank (higher is better) at ``rows`` as int arrays; scale -1 for a word that
    is no grade."""
    codes, values = words
    ranks = np.array([grade_rank(w) or (-1, 0) for w in values.tolist()], dtype=np.int64).reshape(len(values), 2)
    return ranks[codes[rows], 0], ranks[codes[rows], 1]


def _phrases(out: dict[str, Any], texts: Texts, policy: PolicySpec) -> None:
    rows = np.flatnonzero(out["kind"] == "定性")
    if not len(rows):
        return
    ranked = tiers(policy) or NO_TIERS
    names = {name: i for i, (name, _, _) in enumerate(ranked)}

    def step_of(written: str) -> int | None:
        w = re.sub(r"\s+", "", written)
        return names.get(w, _rank(TIER_WORDS.get(w), len(ranked)))

    codes, values = texts.codes("实际完成值")
    code, used = pd.factorize(codes[rows])  # the words these rows use, each looked at once
    words = values[used].tolist()
    step = objects([step_of(w) for w in words])[code]
    blank = np.array([not re.sub(r"\s+", "", w) for w in words], dtype=bool)[code]
    unread = np.array([s is None for s in step.tolist()], dtype=bool)
    out["status"][rows] = np.where(blank, MISSING, np.where(unread, UNREADABLE, SCORED))
    ok = ~blank & ~unread
    if ok.any():
        _tiered(out, rows[ok], step[ok].astype(np.int64), policy)


def _rank(rank: int | None, count: int) -> int | None:
    if rank is None or count == 0:
        return None
    return count - 1 if rank < 0 else min(rank, count - 1)


def _tiered(out: dict[str, Any], rows: np.ndarray, steps: np.ndarray, policy: PolicySpec) -> None:
    """Rows (positions) ``steps`` tiers below the top: met at 0, else the top of that tier."""
    ranked = tiers(policy) or NO_TIERS
    steps = np.minimum(steps, len(ranked) - 1)
    tops = np.array([hi / HUNDRED for _, _, hi in ranked], dtype=object)
    names = np.array([n for n, _, _ in ranked], dtype=object)
    out["met"][rows] = steps == 0
    out["frac"][rows] = np.where(steps == 0, ONE, tops[steps])
    out["tier"][rows] = names[steps]
    out["gap"][rows] = steps.astype(object)

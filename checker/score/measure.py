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

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from checker.compile.program import PolicySpec
from checker.evaluate.achieve import effective_operator
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


def text(frame: pd.DataFrame, column: str) -> pd.Series:
    """A text column with blanks for missing values ("" when the frame lacks the column)."""
    if column not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[column].astype(object).where(frame[column].notna(), "").astype(str).str.strip()


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a frame as dicts keyed by column name."""
    columns = [str(c) for c in frame.columns]
    values = [frame[c].to_numpy(dtype=object) for c in frame.columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)] if columns else []


def objects(values: list[Any]) -> np.ndarray:
    """Values as an object array (for assigning strings into a masked Series)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def per_text(texts: pd.Series, fn: Callable[[str], object]) -> pd.Series:
    """``fn`` of each text, computed once per distinct text."""
    return texts.map({t: fn(t) for t in texts.unique()}).astype(object)


def measure(indicators: pd.DataFrame, policy: PolicySpec) -> pd.DataFrame:
    """One row per indicator (same index): the columns of ``MEASURE_COLUMNS``."""
    f = indicators
    out = pd.DataFrame({c: pd.Series(None, index=f.index, dtype=object) for c in MEASURE_COLUMNS})
    out["kind"] = text(f, "目标类型")
    out["status"] = NO_TARGET
    out["met"] = False
    out["exceeded"] = False
    ops = text(f, "目标运算符") + "\x1f" + text(f, "指标值")
    out["op"] = per_text(ops, lambda pair: effective_operator(*pair.split("\x1f", 1)))
    _numbers(f, out, policy)
    _grades(f, out, policy)
    _phrases(f, out, policy)
    return out


def _ints(frame: pd.DataFrame, column: str) -> pd.Series:
    """Micros as Python ints (None where missing)."""
    if column not in frame:
        return pd.Series(None, index=frame.index, dtype=object)
    values = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    return values.astype(object).where(values.notna(), None)


def _absent(f: pd.DataFrame, rows: pd.Series) -> pd.Series:
    """MISSING where nothing was written as the actual, else UNREADABLE."""
    written = text(f, "实际完成值")[rows]
    return written.eq("").map({True: MISSING, False: UNREADABLE})


def _numbers(f: pd.DataFrame, out: pd.DataFrame, policy: PolicySpec) -> None:
    rows = out["kind"].eq("数值")
    t_unit = text(f, "目标单位")
    a_unit = text(f, "实际单位")
    a_unit = a_unit.where(a_unit.ne(""), t_unit)
    tv, av = _ints(f, "目标值"), _ints(f, "实际值")
    fits = per_text(t_unit + "\x1f" + a_unit, lambda pair: compatible(*pair.split("\x1f", 1))).astype(bool)
    has = rows & tv.notna()
    out.loc[has, "status"] = SCORED
    out.loc[has & av.isna(), "status"] = _absent(f, has & av.isna())
    out.loc[has & av.notna() & ~fits, "status"] = MISMATCH
    tf, af = per_text(t_unit, _factor), per_text(a_unit, _factor)
    out.loc[has, "target"] = tv[has].to_numpy(dtype=object) * tf[has].to_numpy(dtype=object)
    out.loc[has, "unit"], out.loc[has, "factor"] = t_unit[has], tf[has]
    out.loc[rows, "a_unit"] = a_unit[rows]
    ok = out["status"].eq(SCORED) & rows
    if not ok.any():
        return
    finer = (af[ok] < tf[ok]).to_numpy(dtype=bool)  # shown in the finer of the two units
    out.loc[ok, "factor"] = np.where(finer, af[ok].to_numpy(dtype=object), tf[ok].to_numpy(dtype=object))
    out.loc[ok, "unit"] = np.where(finer, a_unit[ok].to_numpy(dtype=object), t_unit[ok].to_numpy(dtype=object))
    out.loc[ok, "actual"] = av[ok].to_numpy(dtype=object) * af[ok].to_numpy(dtype=object)
    _score_numbers(out, ok, policy)


def _score_numbers(out: pd.DataFrame, ok: pd.Series, policy: PolicySpec) -> None:
    """met, ratio, the fraction of marks earned and far-exceeded for the comparable numbers at ``ok``."""
    target, actual = out.loc[ok, "target"].to_numpy(dtype=object), out.loc[ok, "actual"].to_numpy(dtype=object)
    met, ratio, exceeded = _compare(out.loc[ok, "op"].to_numpy(dtype=object), target, actual, policy)
    cap: Any = policy.cap / HUNDRED
    frac = np.where(pd.isna(ratio), np.where(met, ONE, ZERO), ratio)
    frac = np.where(met & (frac < ONE), ONE, frac)
    frac = np.minimum(np.maximum(frac, ZERO), cap)
    out.loc[ok, "met"], out.loc[ok, "ratio"], out.loc[ok, "frac"] = met, ratio, frac
    out.loc[ok, "exceeded"] = exceeded


def _factor(symbol: str) -> Decimal:
    u = unit(symbol)
    return u.factor if u is not None else ONE


def _compare(op: np.ndarray, t: np.ndarray, a: np.ndarray,
             policy: PolicySpec) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """met, the performance ratio (None where it has no meaning) and far-exceeded, per row."""
    up, down, eq = np.isin(op, (">=", ">")), np.isin(op, ("<=", "<")), op == "=="
    met = ((op == ">=") & (a >= t)) | ((op == ">") & (a > t)) | ((op == "<=") & (a <= t)) \
        | ((op == "<") & (a < t)) | (eq & (a == t)) | ((op == "!=") & (a != t))
    low, high = np.minimum(a, t), np.maximum(a, t)
    ratio = np.full(len(op), None, dtype=object)
    for mask, num, den in ((up & (t > 0), a, t), (down & (a > 0), t, a), (eq & (high > 0), low, high)):
        ratio[mask] = num[mask] / den[mask]
    exceeded = np.zeros(len(op), dtype=bool)
    if policy.exceed is not None:
        positive = up & (t > 0)
        exceeded[positive] = ratio[positive] * HUNDRED > policy.exceed
    return met.astype(bool), ratio, exceeded


def _grades(f: pd.DataFrame, out: pd.DataFrame, policy: PolicySpec) -> None:
    rows = out["kind"].eq("等级")
    if not rows.any():
        return
    t_scale, t = _scale_and_rank(text(f, "目标等级")[rows])
    a_grade = text(f, "实际等级")[rows]
    a_scale, a = _scale_and_rank(a_grade)
    status = pd.Series(SCORED, index=a_grade.index, dtype=object)
    status[a_grade.eq("")] = _absent(f, rows & text(f, "实际等级").eq(""))
    status[a_grade.ne("") & ((t_scale != a_scale) | (t_scale < 0))] = MISMATCH
    out.loc[rows, "status"] = status
    ok = status.eq(SCORED).to_numpy()
    if not ok.any():
        return
    t, a = t[ok], a[ok]
    op = out.loc[status.index[ok], "op"].to_numpy(dtype=object)
    gap = np.select([op == ">", np.isin(op, ("<=", "<")), op == "=="], [t + 1 - a, a - t, np.abs(a - t)], t - a)
    _tiered(out, status.index[ok], np.maximum(gap, 0), policy)


def _scale_and_rank(words: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each grade word's scale and rank (higher is better) as int arrays; scale -1 for a word that is no grade."""
    ranks = per_text(words, lambda w: grade_rank(w) or (-1, 0))
    return (ranks.str[0].to_numpy(dtype=np.int64), ranks.str[1].to_numpy(dtype=np.int64))


def _phrases(f: pd.DataFrame, out: pd.DataFrame, policy: PolicySpec) -> None:
    rows = out["kind"].eq("定性")
    if not rows.any():
        return
    words = text(f, "实际完成值")[rows].str.replace(r"\s+", "", regex=True)
    ranked = tiers(policy) or NO_TIERS
    names = {name: i for i, (name, _, _) in enumerate(ranked)}
    step = per_text(words, lambda w: names.get(w, _rank(TIER_WORDS.get(w), len(ranked))))
    out.loc[rows, "status"] = np.where(words.eq(""), MISSING, np.where(step.isna(), UNREADABLE, SCORED))
    ok = rows & out["status"].eq(SCORED)
    if ok.any():
        _tiered(out, ok[ok].index, step[ok[ok].index].to_numpy(dtype=np.int64), policy)


def _rank(rank: int | None, count: int) -> int | None:
    if rank is None or count == 0:
        return None
    return count - 1 if rank < 0 else min(rank, count - 1)


def _tiered(out: pd.DataFrame, index: pd.Index, steps: np.ndarray, policy: PolicySpec) -> None:
    """Rows ``steps`` tiers below the top: met at 0, else the top of that tier."""
    ranked = tiers(policy) or NO_TIERS
    steps = np.minimum(steps, len(ranked) - 1)
    tops = np.array([hi / HUNDRED for _, _, hi in ranked], dtype=object)
    names = np.array([n for n, _, _ in ranked], dtype=object)
    out.loc[index, "met"] = steps == 0
    out.loc[list(index), "frac"] = np.where(steps == 0, ONE, tops[steps])
    out.loc[index, "tier"] = names[steps]
    out.loc[index, "gap"] = steps

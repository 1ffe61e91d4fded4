"""Mid-year monitoring (绩效监控, ``--as-of YYYY-MM``): progress against the expected-to-date and a light.

A cumulative indicator — one counted in things (封, 次, 人次 …: a count unit, not %, not a duration, not
a grade) whose name does not say it is per period (每, 月度, 平均 …) — is expected to have reached
target × month ÷ 12 by the end of the month; any other indicator is expected at its full target.  Progress
is actual ÷ expected (反向: expected ÷ actual; an actual of 0 is ∞, the top light; ``=``: smaller ÷ larger);
a grade or qualitative indicator is 100% when met, else 0%.  The execution rate's progress is the rate
÷ (month ÷ 12).  Lights come from the policy (``light`` items).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from checker.compile.program import PolicySpec
from checker.dataset.model import SCALE
from checker.score.columns import objects, per_text, records, text
from checker.score.explain import num, percent
from checker.score.measure import ONE, SCORED, ZERO
from checker.score.policy import HUNDRED, lights_of
from checker.units import unit

PER_PERIOD = ("每", "月度", "季度", "年度", "平均", "人均", "年均", "日均", "单次")
INFINITY: Any = Decimal("Infinity")
PERCENT: Any = HUNDRED
MONTHS = Decimal(12)


def parse_month(text_: str) -> tuple[int, int] | None:
    """``2021-06`` → (2021, 6); None when it is not a year and a month 01–12."""
    parts = text_.strip().split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        return None
    year, month = int(parts[0]), int(parts[1])
    return (year, month) if 1 <= month <= 12 else None


def cumulative(indicators: pd.DataFrame, rows: pd.DataFrame) -> pd.Series:
    """Whether each indicator accumulates through the year (counted things, not per period)."""
    counted = per_text(text(indicators, "目标单位"), _counted).astype(bool)
    words = text(indicators, "指标名称") + text(indicators, "指标内容")
    periodic = words.str.contains("|".join(PER_PERIOD), regex=True)
    return rows["kind"].eq("数值") & counted & ~periodic & rows["op"].isin((">=", ">", "<=", "<"))


def _counted(symbol: str) -> bool:
    u = unit(symbol)
    return u is not None and u.dimension.startswith("count:")


def progress(rows: pd.DataFrame, accumulates: pd.Series, month: int) -> tuple[pd.Series, pd.Series]:
    """(expected-to-date in base micros, progress as a ratio) per indicator; None where not scored."""
    share: Any = Decimal(month) / MONTHS
    known = rows["target"].notna()
    expected = rows["target"].where(~(accumulates & known), rows["target"].where(accumulates & known, ZERO) * share)
    ratio = pd.Series(None, index=rows.index, dtype=object)
    scored = rows["status"].eq(SCORED)
    number = scored & rows["kind"].eq("数值")
    op = rows["op"]
    e, a = expected.where(number, ONE), rows["actual"].where(number, ONE)
    up = number & op.isin((">=", ">")) & (e > 0)
    down = number & op.isin(("<=", "<"))
    same = number & op.eq("==")
    ratio[up] = a[up] / e[up]
    ratio[down & (a > 0)] = e[down & (a > 0)] / a[down & (a > 0)]
    ratio[down & (a <= 0)] = INFINITY
    low, high = np.minimum(a[same], e[same]), np.maximum(a[same], e[same])
    ratio[same] = np.where(high > 0, low / np.where(high > 0, high, ONE), ONE)
    tiered = scored & ~rows["kind"].eq("数值")
    ratio[tiered] = rows["met"][tiered].map({True: ONE, False: ZERO})
    return expected.where(rows["kind"].eq("数值"), None), ratio


def lights(policy: PolicySpec, ratio: pd.Series) -> pd.Series:
    """The policy's light for each progress ratio (None where there is none)."""
    return lights_of(policy, ratio.where(ratio.isna(), ratio * PERCENT))


def execution_progress(rate: pd.Series, month: int) -> pd.Series:
    """The execution rate against month ÷ 12 of the year."""
    share: Any = Decimal(month) / MONTHS
    return rate.where(rate.isna(), rate / share)


GLYPHS = {">=": "≥", ">": "＞", "<=": "≤", "<": "＜"}


def expected_text(r: dict[str, Any]) -> str:
    """The expected-to-date as shown: ``≤5次`` for a cumulative ``≤10次`` in June; else the target."""
    if not r["cumulative"] or not isinstance(r["expected"], Decimal):
        return str(r["target_text"])
    glyph = "" if r["target_text"][:1].isdigit() else GLYPHS.get(r["op"], "")
    return f"{glyph}{num(r['expected'] / r['factor'] / SCALE)}{r['unit'] or ''}"


def monitor_texts(rows: pd.DataFrame, month: int) -> tuple[pd.Series, pd.Series]:
    """(reason, note) per indicator in monitoring mode: how progress was computed, for the cumulative
    indicators and those below 100% (the unscored keep their reason)."""
    reason = rows["reason"].where(~rows["status"].eq(SCORED), "")
    note = pd.Series("", index=rows.index, dtype=object)
    scored = rows["status"].eq(SCORED)
    behind = scored & (rows["progress"].where(scored, ONE) < ONE)
    need = behind | rows["cumulative"]
    picked = records(rows[need])
    note[need] = objects([f"累计指标：至{month}月应完成 = 全年{r['target_text']} × {month} ÷ 12 = {expected_text(r)}"
                         if r["cumulative"] else "" for r in picked])
    late = behind[need].to_numpy()
    reason[need] = objects([_behind(r) if b else old for r, b, old in zip(picked, late, reason[need], strict=True)])
    return reason, note


def _behind(r: dict[str, Any]) -> str:
    if r["kind"] != "数值":
        return f"实际{r['actual_text']}未达到目标{r['target_text']}：等级和定性指标未达到记 0%，{r['light']}"
    e, a = expected_text(r).lstrip("≥≤＞＜"), r["actual_text"]
    pct = percent(r["progress"])
    if r["op"] in ("<=", "<"):
        return f"进度 = 至今应不超过 {e} ÷ 实际 {a} = {pct}：{r['light']}"
    if r["op"] == "==":
        return f"进度 = 较小值 ÷ 较大值（实际 {a}，应为 {e}）= {pct}：{r['light']}"
    return f"进度 = 实际 {a} ÷ 至今应完成 {e} = {pct}：{r['light']}"


def execution_texts(projects: pd.DataFrame, month: int) -> pd.Series:
    """How each execution progress was computed (unscored ones keep their reason)."""
    out = projects["exec_reason"].where(~projects["exec_status"].eq(SCORED), "")
    ok = projects["exec_status"].eq(SCORED)
    out[ok] = objects([f"进度 = 执行率 {percent(r['rate'])} ÷ 时间进度 {month}/12 = {percent(r['progress'])}：{r['light']}"
                      for r in records(projects.loc[ok, ["rate", "progress", "light"]])])
    return out

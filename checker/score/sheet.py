"""Score a dataset: every indicator, every project, every unit — one vectorised pass over all of them.

``score_dataset`` returns a :class:`ScoreSheet` of three frames (indicators, projects, units) and the
findings.  Arithmetic is Decimal throughout (exact for terminating quotients, 28 digits otherwise); totals
are settled to 9 decimals before grading and rounded to 2 only for display.  A unit's total is the mean of
its projects' totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

import numpy as np
import pandas as pd

from checker.compile.program import PolicySpec
from checker.dataset.model import Dataset
from checker.findings import Finding
from checker.score import monitor as mon
from checker.score.classify import classify
from checker.score.execution import execution
from checker.score.explain import execution_text, indicator_texts, num
from checker.score.findings import score_findings
from checker.score.marks import declared_weights, missing_levels, spread_marks
from checker.score.measure import SCORED, ZERO, measure, objects, per_text, records, text
from checker.score.policy import execution_weight, grades_of, level_weights, standard_policy

SOURCE_COLUMNS = {"_ds": "ds", "项目": "project", "指标名称": "name", "指标值": "written", "实际完成值": "actual_text",
                  "偏差原因": "deviation", "目标单位": "t_unit", "目标等级": "t_grade", "实际等级": "a_grade",
                  "_file": "_file", "_line": "_line", "_doc": "_doc"}


@dataclass(slots=True)
class ScoreSheet:
    """The scores of one run.

    ``indicators``: one row per indicator — ``ds``, ``project``, ``name``, ``level`` (+ ``sublevel``,
    ``level_from``, ``level_word``), ``target_text``, ``actual_text``, ``marks``, ``score`` (None when not
    scored), ``status``, ``reason``, ``note``, ``deviation`` and the measured quantities.  ``projects``: one
    row per project — execution (``initial``, ``budget``, ``spent``, ``rate``, ``exec_score`` …), ``total``,
    ``full``, ``grade``, ``unscored``, ``unscored_marks``, ``note``.  ``units``: one row per unit — ``ds``,
    ``total`` (mean of its projects), ``grade``, ``projects``, ``unscored``.  ``levels``: the marks of each
    project's levels (``marks.LEVEL_COLUMNS``).  In monitoring mode (``as_of``)
    indicators and projects also have ``expected``, ``progress`` and ``light``.
    """

    policy: PolicySpec
    indicators: pd.DataFrame
    projects: pd.DataFrame
    units: pd.DataFrame
    levels: pd.DataFrame = field(default_factory=pd.DataFrame)
    findings: list[Finding] = field(default_factory=list)
    as_of: tuple[int, int] | None = None


def has_actuals(dataset: Dataset) -> bool:
    """Whether there is anything to score: an indicator actual or actual spending."""
    written = text(dataset.indicators, "实际完成值")
    return bool(written.ne("").any()) or (dataset.spending is not None and not dataset.spending.empty)


def score_dataset(dataset: Dataset, policy: PolicySpec | None = None,
                  as_of: tuple[int, int] | None = None) -> ScoreSheet:
    """Score every indicator and project of ``dataset`` by ``policy`` (the standard one by default);
    with ``as_of`` (year, month), also the monitoring progress and lights."""
    policy = policy or standard_policy()
    rows, levels = indicator_rows(dataset.indicators.reset_index(drop=True), policy)
    projects = project_rows(rows, levels, dataset, policy)
    if as_of is not None:
        _monitor(rows, projects, dataset, policy, as_of[1])
    units = unit_rows(projects, dataset, policy)
    sheet = ScoreSheet(policy, rows, projects, units, levels, as_of=as_of)
    sheet.findings = score_findings(sheet, dataset)
    return sheet


def indicator_rows(f: pd.DataFrame, policy: PolicySpec) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Classified, measured, marked and scored indicators (one row each, in the data's order), and the
    marks of each project's levels (``marks.LEVEL_COLUMNS``)."""
    rows = pd.DataFrame({new: text(f, old) for old, new in SOURCE_COLUMNS.items()}, index=f.index)
    rows["key"] = rows["ds"] + "\x1f" + rows["project"]
    written = rows["written"].str.replace(r"\s+", "", regex=True)
    rows["target_text"] = per_text(written + "\x1f" + rows["t_unit"], _with_unit)
    rows = rows.join(classify(f, set(level_weights(policy)))).join(measure(f, policy))
    weights = declared_weights(f["权重"]) if "权重" in f else pd.Series(None, index=f.index, dtype=object)
    rows["marks"], levels = spread_marks(rows["key"], rows["level"], weights, policy)
    scored = rows["status"].eq(SCORED)
    rows["score"] = pd.Series(None, index=rows.index, dtype=object)
    rows.loc[scored, "score"] = rows.loc[scored, "marks"] * rows.loc[scored, "frac"]
    rows["reason"], rows["note"] = indicator_texts(rows, policy.exceed, policy.exceed_note)
    return rows, levels


def _with_unit(pair: str) -> str:
    written, unit_ = pair.split("\x1f", 1)
    return written if not unit_ or unit_ in written else f"{written}{unit_}"


def project_rows(rows: pd.DataFrame, levels: pd.DataFrame, dataset: Dataset, policy: PolicySpec) -> pd.DataFrame:
    """One row per project: sums of its indicators, its execution rate, total and grade."""
    scored = rows["status"].eq(SCORED)
    parts = pd.DataFrame({"key": rows["key"], "score": rows["score"].where(scored, ZERO),
                          "lost": rows["marks"].where(~scored, ZERO), "unscored": ~scored, "marks": rows["marks"],
                          "scored": scored})
    by = parts.groupby("key", sort=False)
    first = rows.drop_duplicates("key").set_index("key")
    out = pd.DataFrame({"ds": first["ds"], "project": first["project"], "indicators": by.size(),
                        "indicator_score": by["score"].sum(), "unscored": by["unscored"].sum(),
                        "unscored_marks": by["lost"].sum(), "full": by["marks"].sum(), "any": by["scored"].any()})
    ex = execution(out, dataset, policy).rename(columns={"marks": "exec_marks", "score": "exec_score",
                                                         "status": "exec_status"})
    out = out.join(ex)
    exec_ok = out["exec_status"].eq(SCORED)
    weight: Any = execution_weight(policy)
    out["exec_reason"] = _exec_reasons(out, weight)
    out["full"] = out["full"] + weight
    out["unscored"] = out["unscored"] + (~exec_ok & (weight > 0)).astype(int)
    out["unscored_marks"] = out["unscored_marks"] + np.where(exec_ok, ZERO, weight)
    out["total"] = out["indicator_score"] + out["exec_score"].where(exec_ok, ZERO)
    out["total"] = out["total"].where(out["any"] | exec_ok, None)
    out["grade"] = grades_of(policy, out["total"])
    out["note"] = _level_notes(levels, policy).reindex(out.index).fillna("")
    return out.drop(columns=["any"])


def _exec_reasons(projects: pd.DataFrame, weight: Decimal) -> pd.Series:
    need = ~(projects["exec_status"].eq(SCORED) & projects["rate"].eq(1))
    out = pd.Series("", index=projects.index, dtype=object)
    picked = projects.loc[need, ["exec_status", "exec_score", "rate", "spent", "budget"]]
    out[need] = objects([execution_text({**r, "status": r["exec_status"], "score": r["exec_score"]}, weight)
                        for r in records(picked)])
    return out


def _level_notes(levels: pd.DataFrame, policy: PolicySpec) -> pd.Series:
    """Per project with a weighed level missing: where its marks went."""
    gaps = missing_levels(levels, policy)
    gaps = gaps[gaps.any(axis=1)]
    if gaps.empty:
        return pd.Series("", index=gaps.index, dtype=object)
    weights = level_weights(policy)
    order = {name: i for i, name in enumerate(weights)}
    names = pd.Series("", index=gaps.index, dtype=object)
    moved = pd.Series(ZERO, index=gaps.index, dtype=object)
    for level in gaps.columns:
        names = names + np.where(gaps[level], f"、{level}", "")
        moved = moved + np.where(gaps[level], cast(Any, weights[level]), ZERO)
    have = levels[levels["key"].isin(gaps.index)]
    have = have.assign(rank=have["level"].map(order)).sort_values(["key", "rank"], kind="stable")
    have["part"] = [f"{lv} {num(w)}→{num(m)}分" for lv, w, m in zip(have["level"], have["weight"], have["marks"],
                                                                   strict=True)]
    shares = have.groupby("key", sort=False)["part"].agg("，".join).reindex(gaps.index)
    return "没有" + names.str[1:] + "指标：其" + moved.map(num) + "分按权重比例并入其余层级（" + shares + "）"


def unit_rows(projects: pd.DataFrame, dataset: Dataset, policy: PolicySpec) -> pd.DataFrame:
    """One row per unit of the dataset: the mean of its projects' totals, its grade, what was not scored."""
    scored = projects[projects["total"].notna()]
    by, all_by = scored.groupby("ds", sort=False), projects.groupby("ds", sort=False)
    out = pd.DataFrame({"ds": dataset.keys}).set_index("ds", drop=False)
    out["department"] = [u.department for u in dataset.units]
    out["year"] = [u.year for u in dataset.units]
    out["projects"] = all_by.size().reindex(out.index).fillna(0).astype(int)
    out["scored_projects"] = by.size().reindex(out.index).fillna(0).astype(int)
    sums = by["total"].sum().reindex(out.index)
    out["total"] = [s / n if n else None for s, n in zip(sums, out["scored_projects"], strict=True)]
    out["grade"] = grades_of(policy, out["total"])
    out["unscored"] = all_by["unscored"].sum().reindex(out.index).fillna(0).astype(int)
    return out.reset_index(drop=True)


def _monitor(rows: pd.DataFrame, projects: pd.DataFrame, dataset: Dataset, policy: PolicySpec, month: int) -> None:
    rows["cumulative"] = mon.cumulative(dataset.indicators.reset_index(drop=True), rows)
    rows["expected"], rows["progress"] = mon.progress(rows, rows["cumulative"], month)
    rows["light"] = mon.lights(policy, rows["progress"])
    rows["reason"], rows["note"] = mon.monitor_texts(rows, month)
    projects["progress"] = mon.execution_progress(projects["rate"], month)
    projects["light"] = mon.lights(policy, projects["progress"])
    projects["exec_reason"] = mon.execution_texts(projects, month)

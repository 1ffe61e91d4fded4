"""Score a dataset: every indicator, every project, every unit — one vectorised pass over all of them.

``score_dataset`` returns a :class:`ScoreSheet` of three frames (indicators, projects, units) and the
findings.  Arithmetic is Decimal throughout (exact for terminating quotients, 28 digits otherwise); totals
are settled to 9 decimals before grading and rounded to 2 only for display.  A unit's total is the mean of
its projects' totals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from checker.compile.program import PolicySpec
from checker.dataset.model import Dataset
from checker.findings import Finding
from checker.score import monitor as mon
from checker.score.classify import classify
from checker.score.columns import Coded, Texts, firsts, group_sum, only, pair_codes, per_codes
from checker.score.execution import execution
from checker.score.explain import execution_reasons, indicator_texts
from checker.score.findings import score_findings
from checker.score.marks import declared_weights, spread_marks
from checker.score.measure import SCORED, ZERO, measure
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
    indicators and projects also have ``expected``, ``progress`` and ``light``.  ``findings`` are made
    when first asked for (``checker check`` reports the scores without them); ``years``: unit key → year.
    """

    policy: PolicySpec
    indicators: pd.DataFrame
    projects: pd.DataFrame
    units: pd.DataFrame
    levels: pd.DataFrame = field(default_factory=pd.DataFrame)
    as_of: tuple[int, int] | None = None
    years: dict[str, str] = field(default_factory=dict)
    _findings: list[Finding] | None = field(default=None, repr=False)

    @property
    def findings(self) -> list[Finding]:
        """What scoring finds beside the scores (``score.findings``), in the data's order."""
        if self._findings is None:
            self._findings = score_findings(self)
        return self._findings


def has_actuals(dataset: Dataset) -> bool:
    """Whether there is anything to score: an indicator actual or actual spending."""
    if dataset.spending is not None and not dataset.spending.empty:
        return True
    if "实际完成值" not in dataset.indicators:
        return False
    written = dataset.indicators["实际完成值"].dropna().to_numpy(dtype=object)
    return any(str(w).strip() for w in written[written != ""])  # stops at the first


def score_dataset(dataset: Dataset, policy: PolicySpec | None = None,
                  as_of: tuple[int, int] | None = None) -> ScoreSheet:
    """Score every indicator and project of ``dataset`` by ``policy`` (the standard one by default);
    with ``as_of`` (year, month), also the monitoring progress and lights."""
    policy = policy or standard_policy()
    rows, levels, notes, key = indicator_rows(dataset.indicators.reset_index(drop=True), policy)
    projects = project_rows(rows, key, notes, dataset, policy)
    if as_of is not None:
        _monitor(rows, projects, dataset, policy, as_of[1])
    units = unit_rows(projects, dataset, policy)
    return ScoreSheet(policy, rows, projects, units, levels, as_of=as_of,
                      years={u.key: u.year for u in dataset.units})


def indicator_rows(f: pd.DataFrame, policy: PolicySpec) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, Coded]:
    """Classified, measured, marked and scored indicators (one row each, in the data's order), the marks of
    each project's levels (``marks.LEVEL_COLUMNS``), per project key the note on a missing level, and the
    rows' project codes (in order of first appearance) with the keys."""
    texts = Texts(f)
    rows = pd.DataFrame({new: texts(old) for old, new in SOURCE_COLUMNS.items()}, index=f.index)
    key = pair_codes(texts.codes("_ds"), texts.codes("项目"), "{}\x1f{}".format)
    rows["key"] = pd.Series(key[1][key[0]], index=f.index, dtype="str")
    rows["target_text"] = pd.Series(per_codes(*texts.codes("指标值"), *texts.codes("目标单位"), _with_unit),
                                    index=f.index, dtype=object)
    rows = rows.join(classify(f, set(level_weights(policy)), texts)).join(measure(f, policy, texts))
    rows["marks"], levels, notes = spread_marks(key, rows["level"], declared_weights(texts), policy)
    scored = rows["status"].eq(SCORED).to_numpy()
    rows["score"] = pd.Series(_scores(rows["marks"].to_numpy(), rows["frac"].to_numpy(), scored), index=f.index,
                              dtype=object)
    rows["reason"], rows["note"] = indicator_texts(rows, policy.exceed, policy.exceed_note)
    return rows, levels, notes, key


def _scores(marks: np.ndarray, frac: np.ndarray, scored: np.ndarray) -> np.ndarray:
    """marks × the fraction earned where scored (None elsewhere), once per distinct (marks, fraction): a
    project's indicators of one level share their marks, and most earn all of them."""
    at = np.flatnonzero(scored)
    m, _ = pd.factorize(marks[at])
    f, _ = pd.factorize(frac[at])
    pair, _ = pd.factorize(m.astype(np.int64) * (int(f.max()) + 1 if len(f) else 1) + f)
    first = at[firsts(pair)]
    out = np.full(len(marks), None, dtype=object)
    out[at] = (marks[first] * frac[first])[pair]
    return out


def _with_unit(written: str, unit_: str) -> str:
    written = re.sub(r"\s+", "", written)
    return written if not unit_ or unit_ in written else f"{written}{unit_}"


def project_rows(rows: pd.DataFrame, key: Coded, notes: pd.Series, dataset: Dataset,
                 policy: PolicySpec) -> pd.DataFrame:
    """One row per project (``key``: the rows' project codes and keys): sums of its indicators, its execution
    rate, total and grade."""
    group, keys = key
    scored = rows["status"].eq(SCORED).to_numpy()
    marks = rows["marks"].to_numpy(dtype=object)
    n, first = len(keys), firsts(group)
    out = pd.DataFrame({"ds": rows["ds"].array[first], "project": rows["project"].array[first],
                        "indicators": np.bincount(group, minlength=n),
                        "indicator_score": group_sum(np.where(scored, rows["score"].to_numpy(), ZERO), group, n),
                        "unscored": np.bincount(group, weights=~scored, minlength=n).astype(np.int64),
                        "unscored_marks": group_sum(np.where(scored, ZERO, marks), group, n),
                        "full": group_sum(marks, group, n)},
                       index=pd.Index(keys, dtype=rows["key"].dtype, name="key"))
    any_scored = np.bincount(group, weights=scored, minlength=n) > 0
    ex = execution(out, dataset, policy).rename(columns={"marks": "exec_marks", "score": "exec_score",
                                                         "status": "exec_status"})
    out = out.join(ex)
    exec_ok = out["exec_status"].eq(SCORED).to_numpy()
    weight: Any = execution_weight(policy)
    out["exec_reason"] = pd.Series(execution_reasons(out, weight), index=out.index, dtype=object)
    out["full"] = out["full"].to_numpy() + weight
    out["unscored"] = out["unscored"] + (~exec_ok & (weight > 0)).astype(int)
    out["unscored_marks"] = out["unscored_marks"].to_numpy() + np.where(exec_ok, ZERO, weight)
    total = out["indicator_score"].to_numpy() + np.where(exec_ok, out["exec_score"].to_numpy(), ZERO)
    out["total"] = pd.Series(only(any_scored | exec_ok, total), index=out.index, dtype=object)
    out["grade"] = grades_of(policy, out["total"])
    out["note"] = notes.reindex(out.index).fillna("").to_numpy(dtype=object)
    return out


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

"""The flat rows of ``Report.scores``.

``report_rows`` (``checker score --format html|xlsx``): from the ``checker.scores/1`` document, each
indicator, each project's 预算执行率 and 合计, each unit's 平均.  ``report_scores`` (``checker check``): one
合计 row per project — its indicator count, execution and total — and one 平均 row per unit, made from the
sheet's frames at once; a province has ~500,000 indicators, which ``checker score`` lists.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from checker.compile.program import Program
from checker.dataset.model import Dataset
from checker.memory import collector_paused
from checker.score.columns import codes_of, spans
from checker.score.explain import money_texts, rate_texts, shown
from checker.score.measure import SCORED
from checker.score.policy import policy_of
from checker.score.sheet import ScoreSheet, has_actuals, score_dataset

Plain = dict[str, Any]
Row = dict[str, Any]
AVERAGE = "（单位平均）"


def report_rows(plain: Plain) -> list[Row]:
    """Flat rows for ``Report.scores``: each indicator, each project's 预算执行率 and 合计, each unit's 平均."""
    monitoring = plain["mode"] == "monitor"
    out: list[Row] = []
    for unit in plain["units"]:
        for p in unit["projects"]:
            out.extend(_row(unit["dataset"], p["project"], i, monitoring) for i in p["indicators"])
            out.append(_execution_row(unit["dataset"], p, monitoring))
            if not monitoring:
                out.append(_total_row(unit["dataset"], p["project"], p))
        if not monitoring:
            out.append(_total_row(unit["dataset"], AVERAGE, unit))
    return out


def _d(text: str | None) -> Decimal | None:
    return None if text is None or text == "Infinity" else Decimal(text)


def _row(ds: str, project: str, i: Plain, monitoring: bool) -> Row:
    row: Row = {"dataset": ds, "project": project, "level": i["level"], "indicator": i["indicator"],
                "target": i["target"], "actual": i["actual"]}
    if monitoring:
        row.update(expected=i["expected"], progress=i["progress"], light=i["light"])
    else:
        row.update(marks=_d(i["marks"]), score=_d(i["score"]), grade=None)
    row["reason"] = "；".join(x for x in (i["reason"], i["note"]) if x)
    return row


def _execution_row(ds: str, p: Plain, monitoring: bool) -> Row:
    e = p["execution"]
    target = f"预算数 {e['budget']}万元" if e["budget"] else None
    actual = f"执行数 {e['spent']}万元（{e['rate']}%）" if e["rate"] else (f"执行数 {e['spent']}万元" if e["spent"] else None)
    row: Row = {"dataset": ds, "project": p["project"], "level": "预算执行率", "indicator": "预算执行率",
                "target": target, "actual": actual}
    if monitoring:
        row.update(expected=None, progress=e["progress"], light=e["light"])
    else:
        row.update(marks=_d(e["marks"]), score=_d(e["score"]), grade=None)
    row["reason"] = e["reason"]
    return row


def _total_row(ds: str, project: str, p: Plain) -> Row:
    unscored = f"未评分 {p['unscored']} 项" if p["unscored"] else ""
    return {"dataset": ds, "project": project, "level": "合计", "indicator": "", "target": None, "actual": None,
            "marks": _d(p.get("full")), "score": _d(p["total"]), "grade": p["grade"],
            "reason": "；".join(x for x in (unscored, p.get("note", "")) if x)}


# ------------------------------------------------------------------------------------ checker check

def report_scores(dataset: Dataset, program: Program) -> list[Row] | None:
    """What ``checker check`` puts in ``Report.scores``: per unit, a 合计 row per project then the unit's
    平均 row (None when the dataset has no actuals)."""
    if not has_actuals(dataset):
        return None
    return total_rows(score_dataset(dataset, policy_of(program)))


def total_rows(sheet: ScoreSheet) -> list[Row]:
    """Per unit: ``dataset``, ``project``, ``level`` (合计), ``indicators``, ``execution`` (预算数, 执行数 and
    rate in words), ``execution_score``, ``marks``, ``score``, ``grade`` and ``reason`` (what was not scored,
    where a missing level's marks went) of each project, then the unit's row (``project`` （单位平均）, the
    mean of its projects' totals).  Marks and scores are the displayed values (two decimals)."""
    with collector_paused():
        projects = _project_totals(sheet.projects)
        by_unit, units = codes_of(sheet.projects["ds"].astype(object))
        order, bounds = spans(by_unit, len(units))
        listed = dict(zip(units.tolist(), bounds, strict=True))
        counts = np.bincount(by_unit, weights=sheet.projects["indicators"].to_numpy(), minlength=len(units))
        indicators = dict(zip(units.tolist(), counts.astype(np.int64).tolist(), strict=True))
        out: list[Row] = []
        for u in sheet.units.itertuples(index=False):
            start, end = listed.get(u.ds, (0, 0))
            out.extend(projects[i] for i in order[start:end])
            out.append(_unit_total(u, indicators.get(u.ds, 0)))
    return out


def _project_totals(projects: pd.DataFrame) -> list[Row]:
    unscored = [f"未评分 {n} 项" if n else "" for n in projects["unscored"].tolist()]
    reason = ["；".join(x for x in pair if x) for pair in zip(unscored, projects["note"].tolist(), strict=True)]
    exec_ok = projects["exec_status"].eq(SCORED).to_numpy()
    return list(map(_project_row, projects["ds"].tolist(), projects["project"].tolist(),
                    projects["indicators"].tolist(), _execution(projects),
                    _shown(projects["exec_score"].where(exec_ok, None)), _shown(projects["full"]),
                    _shown(projects["total"]), [_word(g) for g in projects["grade"].tolist()], reason))


def _project_row(ds: str, project: str, indicators: int, execution: str | None, execution_score: Decimal | None,
                 marks: Decimal | None, score: Decimal | None, grade: str | None, reason: str) -> Row:
    return {"dataset": ds, "project": project, "level": "合计", "indicators": indicators, "execution": execution,
            "execution_score": execution_score, "marks": marks, "score": score, "grade": grade, "reason": reason}


def _unit_total(u: Any, indicators: int) -> Row:
    total = u.total if isinstance(u.total, Decimal) else None
    return {"dataset": u.ds, "project": AVERAGE, "level": "合计", "indicators": indicators, "execution": None,
            "execution_score": None, "marks": None, "score": None if total is None else shown(total),
            "grade": _word(u.grade),
            "reason": f"未评分 {u.unscored} 项" if u.unscored else ""}


def _execution(projects: pd.DataFrame) -> list[str | None]:
    """预算数 and 执行数 (with the rate when there is one) in words, as the 预算执行率 row says them."""
    budgets, spents = projects["budget"].to_numpy(dtype=object), projects["spent"].to_numpy(dtype=object)
    budget, spent = money_texts(budgets).tolist(), money_texts(spents).tolist()
    rate = rate_texts(spents, budgets, projects["rate"].to_numpy(dtype=object)).tolist()
    out = []
    for b, s, r in zip(budget, spent, rate, strict=True):
        parts = ([f"预算数 {b}万元"] if b else []) + ([f"执行数 {s}万元（{r}%）" if r else f"执行数 {s}万元"] if s else [])
        out.append("，".join(parts) or None)
    return out


def _word(value: object) -> str | None:
    """A grade: the word, or None (never NaN)."""
    return value if isinstance(value, str) and value else None


def _shown(values: pd.Series) -> list[Decimal | None]:
    return [shown(v) if isinstance(v, Decimal) else None for v in values.tolist()]

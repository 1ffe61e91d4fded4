"""A ScoreSheet as plain data: the ``checker.scores/1`` document and the flat rows of ``Report.scores``.

Scores, marks and totals are decimal strings rounded half-up to two places (display; the arithmetic was
exact); money is 万元 with two decimals; rates and progress are percentages with two decimals.
docs/scoring.md describes every key.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pandas as pd

from checker.compile.program import PolicySpec, Program
from checker.dataset.model import Dataset, from_micros
from checker.diagnostics import Diagnostic
from checker.findings import Finding
from checker.score.explain import shown
from checker.score.measure import records
from checker.score.monitor import expected_text
from checker.score.policy import HUNDRED, light_bands, policy_of
from checker.score.sheet import ScoreSheet, has_actuals, score_dataset

SCHEMA = "checker.scores/1"
Plain = dict[str, Any]


def _dec(value: object) -> str | None:
    return None if value is None or not isinstance(value, Decimal) else str(shown(value))


def _word(value: object) -> str | None:
    """A grade or light: the word, or None (never NaN)."""
    return value if isinstance(value, str) and value else None


def _pct(value: object) -> str | None:
    if not isinstance(value, Decimal):
        return None
    return "Infinity" if value.is_infinite() else str(shown(value * HUNDRED))


def _money(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(from_micros(int(value), places=2))  # type: ignore[call-overload]


def sheet_plain(sheet: ScoreSheet, problems: Sequence[Diagnostic] = ()) -> Plain:
    """The whole run as JSON-ready data (schema ``checker.scores/1``)."""
    month = sheet.as_of
    return {
        "schema": SCHEMA,
        "mode": "score" if month is None else "monitor",
        "as_of": None if month is None else f"{month[0]:04d}-{month[1]:02d}",
        "policy": policy_plain(sheet.policy),
        "units": _units(sheet),
        "findings": [finding_plain(f) for f in sheet.findings],
        "problems": [d.to_dict() for d in problems],
    }


def policy_plain(policy: PolicySpec) -> Plain:
    """The numbers of a policy, as decimal strings."""
    return {
        "name": policy.name, "location": str(policy.location) if policy.location else None,
        "weights": {k: str(v) for k, v in policy.weights.items()}, "spread": policy.spread, "cap": str(policy.cap),
        "exceed": None if policy.exceed is None else str(policy.exceed), "exceed_note": policy.exceed_note,
        "tiers": {k: [str(lo), str(hi)] for k, (lo, hi) in policy.tiers.items()},
        "grades": {k: str(v) for k, v in policy.grades.items()},
        "lights": [{"light": n, "from": str(lo), "below": None if hi is None else str(hi)}
                   for n, lo, hi in light_bands(policy)],
    }


def finding_plain(f: Finding) -> Plain:
    """A scoring finding as plain data (the JSON ``findings`` items)."""
    return {"rule": f.rule, "severity": f.severity.label, "dataset": f.dataset, "subject": f.subject,
            "message": f.message, "data_location": f.data_location}


def _buckets(frame: pd.DataFrame, column: str) -> dict[str, list[Plain]]:
    """The frame's rows as dicts, grouped by ``column`` (one pass, order kept)."""
    out: dict[str, list[Plain]] = {}
    for row, key in zip(records(frame), frame[column], strict=True):
        out.setdefault(str(key), []).append(row)
    return out


def _units(sheet: ScoreSheet) -> list[Plain]:
    monitoring = sheet.as_of is not None
    projects = sheet.projects.assign(key=sheet.projects.index)
    by_unit = _buckets(projects, "ds")
    rows = {k: [_indicator(r, monitoring) for r in v] for k, v in _buckets(sheet.indicators, "key").items()}
    levels = _buckets(sheet.levels, "key")
    return [{"dataset": u["ds"], "department": u["department"], "year": u["year"],
             "project_count": int(u["projects"]), "scored_projects": int(u["scored_projects"]),
             "total": _dec(u["total"]), "grade": _word(u["grade"]), "unscored": int(u["unscored"]),
             "projects": [_project(p, rows.get(p["key"], []), levels.get(p["key"], []), monitoring)
                          for p in by_unit.get(str(u["ds"]), [])]}
            for u in records(sheet.units)]


def _project(p: Plain, indicators: list[Plain], levels: list[Plain], monitoring: bool) -> Plain:
    out: Plain = {
        "project": p["project"], "total": _dec(p["total"]), "full": _dec(p["full"]), "grade": _word(p["grade"]),
        "unscored": int(p["unscored"]), "unscored_marks": _dec(p["unscored_marks"]), "note": p["note"],
        "levels": [{"level": r["level"], "weight": _dec(r["weight"]), "marks": _dec(r["marks"]),
                    "indicators": int(r["count"]), "by_weight": bool(r["by_weight"])} for r in levels],
        "indicators": indicators,
        "execution": {"initial": _money(p["initial"]), "budget": _money(p["budget"]), "spent": _money(p["spent"]),
                      "rate": _pct(p["rate"]), "marks": _dec(p["exec_marks"]), "score": _dec(p["exec_score"]),
                      "status": p["exec_status"], "reason": p["exec_reason"]},
    }
    if monitoring:
        out["execution"].update(progress=_pct(p["progress"]), light=_word(p["light"]))
    return out


def _indicator(r: Plain, monitoring: bool) -> Plain:
    out: Plain = {
        "indicator": r["name"], "level": r["level"], "sublevel": r["sublevel"], "level_from": r["level_from"],
        "level_word": r["level_word"], "target": r["target_text"], "actual": r["actual_text"] or None,
        "kind": r["kind"], "operator": r["op"], "marks": _dec(r["marks"]), "score": _dec(r["score"]),
        "status": r["status"], "met": bool(r["met"]) if r["status"] == "scored" else None,
        "reason": r["reason"], "note": r["note"], "deviation": r["deviation"],
        "location": f"{r['_file']}:{r['_line']}" if r["_file"] else "",
    }
    if monitoring:
        out.update(cumulative=bool(r["cumulative"]), expected=expected_text(r) or None, progress=_pct(r["progress"]),
                   light=_word(r["light"]))
    return out


# ----------------------------------------------------------------------------------- Report.scores rows

def report_rows(plain: Plain) -> list[dict[str, Any]]:
    """Flat rows for ``Report.scores``: each indicator, each project's 预算执行率 and 合计, each unit's 平均."""
    monitoring = plain["mode"] == "monitor"
    out: list[dict[str, Any]] = []
    for unit in plain["units"]:
        for p in unit["projects"]:
            out.extend(_row(unit["dataset"], p["project"], i, monitoring) for i in p["indicators"])
            out.append(_execution_row(unit["dataset"], p, monitoring))
            if not monitoring:
                out.append(_total_row(unit["dataset"], p["project"], p))
        if not monitoring:
            out.append(_total_row(unit["dataset"], "（单位平均）", unit))
    return out


def _d(text: str | None) -> Decimal | None:
    return None if text is None or text == "Infinity" else Decimal(text)


def _row(ds: str, project: str, i: Plain, monitoring: bool) -> dict[str, Any]:
    row: dict[str, Any] = {"dataset": ds, "project": project, "level": i["level"], "indicator": i["indicator"],
                           "target": i["target"], "actual": i["actual"]}
    if monitoring:
        row.update(expected=i["expected"], progress=i["progress"], light=i["light"])
    else:
        row.update(marks=_d(i["marks"]), score=_d(i["score"]), grade=None)
    row["reason"] = "；".join(x for x in (i["reason"], i["note"]) if x)
    return row


def _execution_row(ds: str, p: Plain, monitoring: bool) -> dict[str, Any]:
    e = p["execution"]
    target = f"预算数 {e['budget']}万元" if e["budget"] else None
    actual = f"执行数 {e['spent']}万元（{e['rate']}%）" if e["rate"] else (f"执行数 {e['spent']}万元" if e["spent"] else None)
    row: dict[str, Any] = {"dataset": ds, "project": p["project"], "level": "预算执行率", "indicator": "预算执行率",
                           "target": target, "actual": actual}
    if monitoring:
        row.update(expected=None, progress=e["progress"], light=e["light"])
    else:
        row.update(marks=_d(e["marks"]), score=_d(e["score"]), grade=None)
    row["reason"] = e["reason"]
    return row


def _total_row(ds: str, project: str, p: Plain) -> dict[str, Any]:
    unscored = f"未评分 {p['unscored']} 项" if p["unscored"] else ""
    return {"dataset": ds, "project": project, "level": "合计", "indicator": "", "target": None, "actual": None,
            "marks": _d(p.get("full")), "score": _d(p["total"]), "grade": p["grade"],
            "reason": "；".join(x for x in (unscored, p.get("note", "")) if x)}


def report_scores(dataset: Dataset, program: Program) -> list[dict[str, Any]] | None:
    """What ``checker check`` puts in ``Report.scores``: None when the dataset has no actuals."""
    if not has_actuals(dataset):
        return None
    return report_rows(sheet_plain(score_dataset(dataset, policy_of(program))))


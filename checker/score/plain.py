"""A ScoreSheet as plain data: the ``checker.scores/1`` document (``rows`` makes the flat rows of
``Report.scores``).

Scores, marks and totals are decimal strings rounded half-up to two places (display; the arithmetic was
exact); money is 万元 with two decimals; rates and progress are percentages with two decimals.
docs/scoring.md describes every key.  Built column by column: each Decimal shown once per distinct value,
one dict per indicator made in one pass, grouped into projects and units in one pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from checker.compile.program import PolicySpec
from checker.diagnostics import Diagnostic
from checker.findings import Finding
from checker.memory import collector_paused
from checker.score.columns import codes_of, objects, only, records, spans
from checker.score.explain import money_texts, rate_texts, shown
from checker.score.monitor import expected_text
from checker.score.policy import HUNDRED, light_bands
from checker.score.sheet import ScoreSheet

SCHEMA = "checker.scores/1"
Plain = dict[str, Any]


def _dec(value: object) -> str | None:
    return None if value is None or not isinstance(value, Decimal) else str(shown(value))


def _decs(values: pd.Series) -> list[str | None]:
    """``_dec`` of each value, formatted once per distinct Decimal (marks and scores repeat: a project's
    indicators of one level share their marks, met indicators their score)."""
    array = values.to_numpy(dtype=object)
    if infer_dtype(array, skipna=True) != "decimal":
        return [_dec(v) for v in array.tolist()]
    codes, uniques = pd.factorize(array)
    texts = objects([_dec(u) if u.is_finite() and not u.is_zero() else None for u in uniques.tolist()] + [None])
    out = texts[codes]
    odd = np.flatnonzero(out == None)  # noqa: E711 (elementwise) — None, NaN, zeros (-0 shows its sign): one by one
    out[odd] = [_dec(v) for v in array[odd].tolist()]
    return out.tolist()


def _word(value: object) -> str | None:
    """A grade or light: the word, or None (never NaN)."""
    return value if isinstance(value, str) and value else None


def _words(values: pd.Series) -> list[str | None]:
    return [_word(v) for v in values.to_numpy(dtype=object).tolist()]


def _pct(value: object) -> str | None:
    if not isinstance(value, Decimal):
        return None
    return "Infinity" if value.is_infinite() else str(shown(value * HUNDRED))


def _pcts(values: pd.Series) -> list[str | None]:
    return [_pct(v) for v in values.to_numpy(dtype=object).tolist()]


def _moneys(values: pd.Series) -> list[str | None]:
    """Micros of 万元 as 万元 with two decimals (None where missing)."""
    array = values.to_numpy(dtype=object)
    return money_texts(only(pd.notna(array), array)).tolist()


def _ints(values: pd.Series) -> list[int]:
    return [int(v) for v in values.to_numpy().tolist()]


def sheet_plain(sheet: ScoreSheet, problems: Sequence[Diagnostic] = ()) -> Plain:
    """The whole run as JSON-ready data (schema ``checker.scores/1``)."""
    month = sheet.as_of
    with collector_paused():  # hundreds of thousands of dicts, no cycles among them
        units = _units(sheet)
        findings = [finding_plain(f) for f in sheet.findings]
    return {
        "schema": SCHEMA,
        "mode": "score" if month is None else "monitor",
        "as_of": None if month is None else f"{month[0]:04d}-{month[1]:02d}",
        "policy": policy_plain(sheet.policy),
        "units": units,
        "findings": findings,
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


def _grouped(items: list[Plain], keys: pd.Series) -> dict[str, list[Plain]]:
    """The items grouped by their key (``str``), order kept within each group."""
    values = keys.to_numpy(dtype=object)
    if not len(values):
        return {}
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    firsts = values[starts].tolist()
    if len(set(firsts)) == len(firsts):  # each key's items lie together (a project's indicators usually do)
        ends = [*starts[1:].tolist(), len(values)]
        return {str(k): items[start:end] for k, start, end in zip(firsts, starts.tolist(), ends, strict=True)}
    codes, distinct = codes_of(values)
    order, bounds = spans(codes, len(distinct))
    ordered = [items[i] for i in order]
    return {str(k): ordered[start:end] for k, (start, end) in zip(distinct.tolist(), bounds, strict=True)}


def _units(sheet: ScoreSheet) -> list[Plain]:
    monitoring = sheet.as_of is not None
    indicators = _grouped(_indicators(sheet.indicators, monitoring), sheet.indicators["key"])
    levels = _grouped(_levels(sheet.levels), sheet.levels["key"]) if len(sheet.levels) else {}
    by_unit = _grouped(_projects(sheet.projects, indicators, levels, monitoring), sheet.projects["ds"])
    return [{"dataset": u["ds"], "department": u["department"], "year": u["year"],
             "project_count": int(u["projects"]), "scored_projects": int(u["scored_projects"]),
             "total": _dec(u["total"]), "grade": _word(u["grade"]), "unscored": int(u["unscored"]),
             "projects": by_unit.get(str(u["ds"]), [])}
            for u in records(sheet.units)]


def _levels(levels: pd.DataFrame) -> list[Plain]:
    return list(map(_level, levels["level"].tolist(), _decs(levels["weight"]), _decs(levels["marks"]),
                    _ints(levels["count"]), levels["by_weight"].astype(bool).tolist()))


def _level(level: str, weight: str | None, marks: str | None, count: int, by_weight: bool) -> Plain:
    return {"level": level, "weight": weight, "marks": marks, "indicators": count, "by_weight": by_weight}


def _projects(projects: pd.DataFrame, indicators: dict[str, list[Plain]], levels: dict[str, list[Plain]],
              monitoring: bool) -> list[Plain]:
    keys = [str(k) for k in projects.index.tolist()]
    rates = rate_texts(*(projects[c].to_numpy(dtype=object) for c in ("spent", "budget", "rate"))).tolist()
    execution = list(map(_execution, _moneys(projects["initial"]), _moneys(projects["budget"]),
                         _moneys(projects["spent"]), rates, _decs(projects["exec_marks"]),
                         _decs(projects["exec_score"]), projects["exec_status"].tolist(),
                         projects["exec_reason"].tolist()))
    if monitoring:
        for e, progress, light in zip(execution, _pcts(projects["progress"]), _words(projects["light"]), strict=True):
            e.update(progress=progress, light=light)
    return list(map(_project, projects["project"].tolist(), _decs(projects["total"]), _decs(projects["full"]),
                    _words(projects["grade"]), _ints(projects["unscored"]), _decs(projects["unscored_marks"]),
                    projects["note"].tolist(), [levels.get(k, []) for k in keys],
                    [indicators.get(k, []) for k in keys], execution))


def _execution(initial: str | None, budget: str | None, spent: str | None, rate: str | None, marks: str | None,
               score: str | None, status: str, reason: str) -> Plain:
    return {"initial": initial, "budget": budget, "spent": spent, "rate": rate, "marks": marks, "score": score,
            "status": status, "reason": reason}


def _project(project: str, total: str | None, full: str | None, grade: str | None, unscored: int,
             unscored_marks: str | None, note: str, levels: list[Plain], indicators: list[Plain],
             execution: Plain) -> Plain:
    return {"project": project, "total": total, "full": full, "grade": grade, "unscored": unscored,
            "unscored_marks": unscored_marks, "note": note, "levels": levels, "indicators": indicators,
            "execution": execution}


def _indicators(rows: pd.DataFrame, monitoring: bool) -> list[Plain]:
    status = rows["status"].to_numpy(dtype=object)
    met = only(status == "scored", rows["met"].astype(bool).to_numpy().astype(object))
    files = rows["_file"].to_numpy(dtype=object)
    location = np.where(files != "", files + ":" + rows["_line"].to_numpy(dtype=object), "")
    out = list(map(_indicator, rows["name"].tolist(), rows["level"].tolist(), rows["sublevel"].tolist(),
                   rows["level_from"].tolist(), rows["level_word"].tolist(), rows["target_text"].tolist(),
                   [a or None for a in rows["actual_text"].tolist()], rows["kind"].tolist(), rows["op"].tolist(),
                   _decs(rows["marks"]), _decs(rows["score"]), status.tolist(), met.tolist(),
                   rows["reason"].tolist(), rows["note"].tolist(), rows["deviation"].tolist(), location.tolist()))
    if monitoring:
        expected = _expected(rows)
        for i, cumulative, e, progress, light in zip(out, rows["cumulative"].astype(bool).tolist(), expected,
                                                     _pcts(rows["progress"]), _words(rows["light"]), strict=True):
            i.update(cumulative=cumulative, expected=e, progress=progress, light=light)
    return out


def _indicator(name: str, level: str, sublevel: str, level_from: str, level_word: str, target: str,
               actual: str | None, kind: str, op: str, marks: str | None, score: str | None, status: str,
               met: bool | None, reason: str, note: str, deviation: str, location: str) -> Plain:
    return {"indicator": name, "level": level, "sublevel": sublevel, "level_from": level_from,
            "level_word": level_word, "target": target, "actual": actual, "kind": kind, "operator": op,
            "marks": marks, "score": score, "status": status, "met": met, "reason": reason, "note": note,
            "deviation": deviation, "location": location}


def _expected(rows: pd.DataFrame) -> list[str | None]:
    """``expected_text`` of each row (or None), worked out only for the cumulative ones."""
    out = [t or None for t in rows["target_text"].tolist()]
    picked = rows["cumulative"].astype(bool).to_numpy()
    at = np.flatnonzero(picked).tolist()
    for i, r in zip(at, records(rows.loc[picked, ["cumulative", "expected", "target_text", "op", "factor", "unit"]]),
                    strict=True):
        out[i] = expected_text(r) or None
    return out

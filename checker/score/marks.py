"""Each indicator's marks (分值): its level's weight, spread over the level's indicators.

A level that a project has no indicator in gives its weight to the levels it has, in proportion to their
weights (财预〔2020〕10号 allows adjusting the level weights), so a project is always scored out of 100:
a project with only 产出 indicators has 产出 = 50 + 30 + 10 = 90.  Within a level the marks go by the
indicators' declared 权重 when every indicator of the level has one (``spread declared``), else equally.
"""

from __future__ import annotations

import functools
import operator
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from checker.compile.program import PolicySpec
from checker.score.columns import Coded, Texts, codes_of, firsts, group_sum, objects, per_value
from checker.score.explain import num
from checker.score.measure import ONE, ZERO
from checker.score.policy import level_weights
from checker.units import parse_decimal

LEVEL_COLUMNS = ("key", "level", "weight", "marks", "count", "by_weight")


def declared_weights(texts: Texts) -> pd.Series:
    """权重 as written (``10``, ``10%``, ``10分``) → positive Decimal, else None (also without the column)."""
    return pd.Series(per_value(texts.codes("权重"), _weight), index=texts.frame.index, dtype=object)


def _weight(text: str) -> Decimal | None:
    value = parse_decimal(text.rstrip("%％分").strip()) if text else None
    return value if value is not None and value > 0 else None


def spread_marks(keys: Coded, levels: pd.Series, weights: pd.Series,
                 policy: PolicySpec) -> tuple[pd.Series, pd.DataFrame, pd.Series]:
    """(marks per indicator, one row per project and level: ``LEVEL_COLUMNS``, and per project key the note
    saying where a missing level's marks went — "" when none is missing).  ``keys``: each indicator's project
    code and the project keys.

    A project's level marks depend only on which levels it has (in the order they first appear), so they and
    the notes are computed once per such combination; only declared 权重 are spread row by row."""
    key, key_values = keys
    level, level_values = codes_of(levels)
    width = max(len(level_values), 1)
    group, pairs = pd.factorize(key.astype(np.int64) * width + level)  # (project, level) in order of appearance
    lv_key, lv_level = pairs // width, pairs % width
    count = np.bincount(group, minlength=len(pairs))
    table = level_weights(policy)
    weight_of = objects([table.get(v, ZERO) for v in level_values])
    kind, shapes, slot = _combinations(lv_key, lv_level, len(key_values), width)
    level_marks = [_level_marks(weight_of[shape], policy) for shape in shapes]
    start = np.cumsum([0] + [len(ms) for ms in level_marks], dtype=np.int64)
    place = start[kind[lv_key]] + slot  # each (project, level) among all combinations' levels
    marks = objects([m for ms in level_marks for m in ms])[place]
    row = _equal_shares(marks, count, place)[group]
    by_weight = _declared(row, marks, group, weights, policy)
    lv = pd.DataFrame({"key": pd.Series(key_values[lv_key], dtype="str"),
                       "level": pd.Series(level_values[lv_level], dtype=levels.dtype),
                       "weight": weight_of[lv_level], "marks": marks, "count": count, "by_weight": by_weight})
    notes = objects([_note(level_values[shape], weight_of[shape], ms, policy)
                     for shape, ms in zip(shapes, level_marks, strict=True)])
    return (pd.Series(row, index=levels.index, dtype=object), lv,
            pd.Series(notes[kind], index=pd.Index(key_values, dtype="str"), dtype=object))


def _combinations(lv_key: np.ndarray, lv_level: np.ndarray, keys: int,
                  width: int) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    """Per project, a code of the levels it has in their order (projects alike share it); per code, those
    levels; per (project, level) row, its place among its project's levels."""
    order = np.argsort(lv_key, kind="stable")
    starts = np.flatnonzero(np.r_[True, lv_key[order][1:] != lv_key[order][:-1]]) if len(order) else order
    slot = np.empty(len(order), dtype=np.int64)
    slot[order] = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    kind = np.zeros(keys, dtype=np.int64)
    for j in range(int(slot.max()) + 1 if len(slot) else 0):
        at = slot == j
        step = np.zeros(keys, dtype=np.int64)
        step[lv_key[at]] = lv_level[at] + 1
        kind = pd.factorize(kind * (width + 1) + step)[0]
    ends = np.r_[starts[1:], len(order)]
    shapes = [lv_level[order[starts[k]:ends[k]]] for k in firsts(kind).tolist()]  # keys are 0…keys-1, in order
    return kind, shapes, slot


def _declared(row: np.ndarray, marks: np.ndarray, group: np.ndarray, weights: pd.Series,
              policy: PolicySpec) -> np.ndarray:
    """Per (project, level): whether its marks go by the declared 权重 (every indicator has one, and the policy
    spreads so); those indicators' marks are set in ``row`` (marks × 权重 ÷ the level's sum of 权重)."""
    has = weights.notna().to_numpy()
    by_weight = (np.bincount(group, weights=~has, minlength=len(marks)) == 0) & (policy.spread == "declared")
    weighed = by_weight[group]
    if weighed.any():
        w0 = np.where(has, weights.to_numpy(dtype=object), ZERO)
        row[weighed] = marks[group[weighed]] * w0[weighed] / group_sum(w0, group, len(marks))[group[weighed]]
    return by_weight


def _level_marks(weights: np.ndarray, policy: PolicySpec) -> list[Any]:
    """The marks of a project's levels: their weights, scaled up to the whole when some level is missing."""
    total: Any = sum(level_weights(policy).values(), ZERO)
    present = functools.reduce(operator.add, weights)  # in order, as a groupby sum adds
    if not present > 0:
        present = total
    return list(weights * total / present) if total > 0 else list(weights)


def _equal_shares(marks: np.ndarray, count: np.ndarray, place: np.ndarray) -> np.ndarray:
    """Each (project, level)'s marks × 1 ÷ its count of indicators, computed once per distinct pair."""
    code, _ = pd.factorize(place * (int(count.max()) + 1 if len(count) else 1) + count)
    return objects([marks[i] * ONE / int(count[i]) for i in firsts(code).tolist()])[code]


def _note(levels: np.ndarray, weights: np.ndarray, marks: list[Any], policy: PolicySpec) -> str:
    """Where the marks of the weighed levels a project lacks went ("" when it lacks none)."""
    table = level_weights(policy)
    weighed = [level for level, weight in table.items() if weight > 0]
    gaps = [level for level in weighed if level not in set(levels)]
    if not gaps:
        return ""
    moved: Any = ZERO
    for level in weighed:
        moved = moved + (table[level] if level in gaps else ZERO)
    rank = {name: i for i, name in enumerate(table)}
    have = sorted(zip(levels, weights, marks, strict=True), key=lambda t: rank.get(t[0], len(rank)))
    shares = "，".join(f"{lv} {num(w)}→{num(m)}分" for lv, w, m in have)
    return f"没有{'、'.join(gaps)}指标：其{num(moved)}分按权重比例并入其余层级（{shares}）"

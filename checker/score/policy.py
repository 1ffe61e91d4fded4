"""The scoring policy at run time: which one applies, and what its numbers mean.

A policy comes from rule files (``policy`` statements, compiled by ``checker.compile``); without one the
standard policy of ``rulesets/scoring.rules`` applies.  Grades are lower bounds of the total; tiers are
bands of an indicator's marks, highest first; lights are upper bounds of progress (below 60% red …) with
the band above the highest called 蓝, unless one light is at 0%, when all lights are lower bounds.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from checker.compile import compile_files
from checker.compile.program import EXECUTION, PolicySpec, Program
from checker.diagnostics import Diagnostic, DiagnosticError
from checker.resources import shipped

HUNDRED = Decimal(100)
TOP_LIGHT = "蓝"
SETTLE = Decimal("1e-9")  # a total is settled to 9 decimals before grading (absorbs 50/3-style last digits)


def load_policy(paths: Sequence[Path]) -> tuple[PolicySpec, list[Diagnostic]]:
    """The one policy the rule files declare (with the compile warnings); DiagnosticError otherwise."""
    result = compile_files(list(paths))
    if result.errors:
        raise DiagnosticError(result.diagnostics)
    policies = result.program.policies
    if len(policies) != 1:
        found = "no policy" if not policies else f"{len(policies)} policies"
        raise DiagnosticError([Diagnostic("E229", f"the rule files hold {found}; scoring needs exactly one",
                                          where=", ".join(map(str, paths)) or "<no rule files>",
                                          hint="give rulesets/scoring.rules or a copy of it adapted")])
    return policies[0], result.diagnostics


@lru_cache(maxsize=1)
def standard_policy() -> PolicySpec:
    """The shipped policy (rulesets/scoring.rules)."""
    path = shipped("rulesets") / "scoring.rules"
    if path.is_relative_to(Path.cwd()):  # shown relative to the working directory, as the other shipped rulesets
        path = path.relative_to(Path.cwd())
    return load_policy([path])[0]


def policy_of(program: Program) -> PolicySpec:
    """The last policy a compiled program declares, else the standard one."""
    return program.policies[-1] if program.policies else standard_policy()


def level_weights(policy: PolicySpec) -> dict[str, Decimal]:
    """Indicator levels (every weight but 预算执行率) → marks."""
    return {k: v for k, v in policy.weights.items() if k != EXECUTION}


def execution_weight(policy: PolicySpec) -> Decimal:
    """The marks of 预算执行率 (0 when the policy does not weigh it)."""
    return policy.weights.get(EXECUTION, Decimal(0))


def tiers(policy: PolicySpec) -> list[tuple[str, Decimal, Decimal]]:
    """(name, from %, to %) highest first: [0] is achieved, [1] one step short, …"""
    return sorted(((n, lo, hi) for n, (lo, hi) in policy.tiers.items()), key=lambda t: t[2], reverse=True)


def settle(total: Decimal) -> Decimal:
    """A total rounded half-up to 9 decimals, as it is graded."""
    return total.quantize(SETTLE, rounding=ROUND_HALF_UP)


def grades_of(policy: PolicySpec, totals: pd.Series) -> pd.Series:
    """The grade of each total (None stays None): the highest grade whose lower bound it reaches."""
    ordered = sorted(policy.grades.items(), key=lambda kv: kv[1], reverse=True)
    present = totals.notna()
    settled = totals[present].map(settle)
    out = pd.Series(None, index=totals.index, dtype=object)
    conditions = [settled.ge(bound).to_numpy(dtype=bool) for _, bound in ordered]
    out[present] = np.select(conditions, [name for name, _ in ordered], default=ordered[-1][0]) if ordered else None
    return out


def grade_of(policy: PolicySpec, total: Decimal) -> str:
    """One total's grade."""
    return str(grades_of(policy, pd.Series([total], dtype=object)).iloc[0])


def light_bands(policy: PolicySpec) -> list[tuple[str, Decimal, Decimal | None]]:
    """(light, from %, below %) in rising order; the last band has no upper end."""
    ordered = sorted(policy.lights.items(), key=lambda kv: kv[1])
    if not ordered:
        return []
    if ordered[0][1] == 0:  # lower bounds, as grades
        bounds = [b for _, b in ordered[1:]] + [None]
        return [(name, low, high) for (name, low), high in zip(ordered, bounds, strict=True)]
    lows = [Decimal(0)] + [b for _, b in ordered]
    names = [n for n, _ in ordered] + [TOP_LIGHT]
    highs: list[Decimal | None] = [b for _, b in ordered] + [None]
    return list(zip(names, lows, highs, strict=True))


def lights_of(policy: PolicySpec, progress: pd.Series) -> pd.Series:
    """The light of each progress (a % as Decimal; None stays None; +inf is the top band)."""
    bands = light_bands(policy)
    out = pd.Series(None, index=progress.index, dtype=object)
    present = progress.notna()
    if not bands or not present.any():
        return out
    values = progress[present]
    conditions = [np.ones(len(values), dtype=bool) if high is None else values.lt(high).to_numpy(dtype=bool)
                  for _, _, high in bands]
    out[present] = np.select(conditions, [name for name, _, _ in bands], default=bands[-1][0])
    return out

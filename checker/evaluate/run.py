"""One compiled rule over the whole dataset: bindings → assertion → an outcome per subject."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from checker.compile import program as p
from checker.evaluate.bindings import binding_frame
from checker.evaluate.compare import ERROR_PREFIX
from checker.evaluate.context import Context
from checker.evaluate.expr import Env, ev
from checker.evaluate.values import Vec, nones
from checker.findings import Outcome

OUTCOMES = np.array([Outcome.PASSED, Outcome.FAILED, Outcome.NOT_EVALUATED, Outcome.ERROR], dtype=object)
PASSED, FAILED, NOT_EVALUATED, ERROR = range(4)


@dataclass(slots=True)
class RuleRun:
    """The outcome of one rule for every subject, with what the top comparison saw."""

    rule: p.CompiledRule
    bindings: pd.DataFrame
    outcome: np.ndarray  # indices into OUTCOMES
    why: np.ndarray
    compared: tuple[Any, Any, np.ndarray, np.ndarray] | None
    lacking: list[str]
    env: Env
    error: str = ""

    @property
    def failed(self) -> np.ndarray:
        return np.flatnonzero(self.outcome == FAILED)

    def count(self, code: int) -> int:
        return int((self.outcome == code).sum())


def run_rule(rule: p.CompiledRule, ctx: Context) -> RuleRun:
    """Evaluate a rule; an unexpected failure inside is an ERROR outcome for the rule, not a crash."""
    env = Env(ctx, tolerance=rule.tolerance)
    try:
        return _run(rule, env)
    except Exception as exc:  # a rule that cannot run is an ERROR outcome; the other rules still run
        empty = pd.DataFrame({"_ds": pd.Series(ctx.dataset.keys, dtype=object)})
        n = len(empty)
        return RuleRun(rule, empty, np.full(n, ERROR), np.full(n, f"规则无法执行：{exc}", dtype=object),
                       None, [], env, error=str(exc))


def _run(rule: p.CompiledRule, env: Env) -> RuleRun:
    if _column_absent(rule, env):
        return _empty(rule, env)
    b, lacking = binding_frame(rule, env)
    if rule.when is not None and len(b):  # rules unrolled over columns share the condition's rows too
        b = env.ctx.memo(b, ("when", rule.when, env.tolerance), partial(_when, rule.when, b, env))
    result = ev(rule.assertion, b, env) if len(b) else Vec("bool", np.zeros(0, bool), np.zeros(0, bool))
    outcome = np.where(result.present, np.where(result.values.astype(bool), PASSED, FAILED), NOT_EVALUATED)
    why = result.why if result.why is not None else np.full(len(b), None, dtype=object)
    is_error = np.zeros(len(why), dtype=bool)
    for i in np.flatnonzero(~nones(why)):  # only rows with a reason can be errors
        if isinstance(why[i], str) and why[i].startswith(ERROR_PREFIX):
            is_error[i] = True
    outcome = np.where(is_error & ~result.present, ERROR, outcome)
    why = why.copy() if is_error.any() else why
    for i in np.flatnonzero(is_error):
        why[i] = why[i][len(ERROR_PREFIX):]
    compared = env.compared.get(id(rule.assertion))
    return RuleRun(rule, b, outcome.astype(np.int64), why, compared, lacking, env)


def _when(when: p.Expr, b: pd.DataFrame, env: Env) -> pd.DataFrame:
    """The binding rows the ``when`` condition does not rule out (an unknown condition keeps the row)."""
    cond = ev(when, b, env)
    keep = ~(cond.present & ~cond.values.astype(bool))
    return b if keep.all() else b[keep].reset_index(drop=True)


def _column_absent(rule: p.CompiledRule, env: Env) -> bool:
    """A rule unrolled over `金额列` is not checked for a column the data's table does not print."""
    for kind, column in rule.present_columns:
        table = env.ctx.table(kind)
        if table is not None and column not in table.frame:
            return True
    return False


def _empty(rule: p.CompiledRule, env: Env) -> RuleRun:
    b = pd.DataFrame({"_ds": pd.Series(dtype=object)})
    return RuleRun(rule, b, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object), None, [], env)

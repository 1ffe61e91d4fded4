"""Comparisons with tolerances, exactly: ``2·|a − b| ≤ tol`` in half-micros, never float equality."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

from checker.compile import program as p
from checker.dataset.model import SCALE
from checker.evaluate import values as V
from checker.evaluate.achieve import achievement
from checker.evaluate.expr import Env, compact, ev
from checker.evaluate.keys import map_distinct
from checker.evaluate.values import Vec
from checker.units import convert, unit

ERROR_PREFIX = "ERROR:"


def compare(expr: p.Compare, b: pd.DataFrame, env: Env) -> Vec:
    left, right = ev(expr.left, b, env), ev(expr.right, b, env)
    present = left.present & right.present
    why = V.merge_why(left, right)
    if left.ty == "number" and right.ty == "number":
        return _numbers(expr, left, right, present, why, env)
    if p.GRADE in (left.ty, right.ty):
        return _grades(expr, left, right, present, why)
    lv = left.values if left.compact else map_distinct(left.values, compact)  # compact texts stay as they are
    rv = right.values if right.compact else map_distinct(right.values, compact)
    equal = lv == rv
    values = equal if expr.op == "==" else ~equal
    return Vec("bool", np.asarray(values, dtype=bool), present, why=why)


def _numbers(expr: p.Compare, left: Vec, right: Vec, present: np.ndarray, why: np.ndarray | None, env: Env) -> Vec:
    mismatch = _dim_mismatch(left.dim, right.dim, len(left))
    if mismatch.any():
        why = why if why is not None else np.full(len(left), None, dtype=object)
        why[mismatch] = f"{ERROR_PREFIX}单位不符，无法比较"
        present = present & ~mismatch
    diff = V.sub(left.values, right.values)
    tol = tolerance_half(env.tolerance, left, right)
    twice = V.add(diff, diff)
    neg_tol = -tol if tol.dtype != object else np.array([-t for t in tol], dtype=object)
    op = expr.op
    if op == "==":
        values = V.absolute(twice) <= tol
    elif op == "!=":
        values = V.absolute(twice) > tol
    elif op == ">=":
        values = twice >= neg_tol
    elif op == "<=":
        values = twice <= tol
    elif op == ">":
        values = twice > 0
    else:
        values = twice < 0
    env.compared[id(expr)] = (left, right, diff, tol)
    return Vec("bool", np.asarray(values, dtype=bool), present, why=why)


def _dim_mismatch(a: str | np.ndarray, b: str | np.ndarray, n: int) -> np.ndarray:
    if isinstance(a, str) and isinstance(b, str):
        bad = bool(a and b and a != b and "*" not in (a, b) and not _counts(a, b))
        return np.full(n, bad, dtype=bool)
    da = a if isinstance(a, np.ndarray) else np.full(n, a, dtype=object)
    db = b if isinstance(b, np.ndarray) else np.full(n, b, dtype=object)
    return np.array([bool(x and y and x != y and not _counts(x, y)) for x, y in zip(da, db, strict=True)], dtype=bool)


def _counts(a: str, b: str) -> bool:
    return "count" in (a, b) and a.startswith("count") and b.startswith("count")


def tolerance_half(tol: p.Tolerance, left: Vec, right: Vec) -> np.ndarray:
    """The allowance in half-micros for each comparison (so half a last place stays an integer)."""
    n = len(left)
    if tol.kind == "exact" or (tol.amount is None and tol.kind != "per_term"):
        return np.zeros(n, dtype=np.int64)
    if tol.kind == "per_term" and tol.amount is None:
        return V.add(left.tol_or_zero, right.tol_or_zero)
    dim = _dim_of(left, right)
    assert tol.amount is not None
    if tol.kind == "relative":
        base = V.absolute(right.values)
        return np.array([int(2 * Decimal(int(v)) * tol.amount / 100) for v in base], dtype=object)
    amount = 2 * amount_micros(tol.amount, tol.unit, dim, tol.default_unit)
    if tol.kind == "per_term":
        terms = left.terms_or_zero + right.terms_or_zero
        return terms.astype(np.int64) * amount
    return np.full(n, amount, dtype=np.int64)


def _dim_of(left: Vec, right: Vec) -> str:
    for d in (left.dim, right.dim):
        if isinstance(d, str) and d and d != "*":
            return d
        if isinstance(d, np.ndarray) and len(d):
            return str(d[0])
    return ""


def amount_micros(amount: Decimal, sym: str, dim: str, default_unit: str) -> int:
    """A tolerance amount in micros of the compared dimension's base unit."""
    if dim == "money":
        return int(convert(amount, sym or default_unit, "万元") * SCALE)
    u = unit(sym) if sym else None
    return int(amount * (u.factor if u is not None else 1) * SCALE)


def _grades(expr: p.Compare, left: Vec, right: Vec, present: np.ndarray, why: np.ndarray | None) -> Vec:
    n = len(left)
    values = np.zeros(n, dtype=bool)
    why = why if why is not None else np.full(n, None, dtype=object)
    for i, (a, c) in enumerate(zip(left.values, right.values, strict=True)):
        if not present[i]:
            continue
        if not (isinstance(a, tuple) and isinstance(c, tuple)) or a[0] != c[0]:
            why[i] = f"{ERROR_PREFIX}等级与非等级或不同等级体系比较"
            present[i] = False
            continue
        values[i] = {"==": a == c, "!=": a != c, ">=": a[1] >= c[1], "<=": a[1] <= c[1],
                     ">": a[1] > c[1], "<": a[1] < c[1]}[expr.op]
    return Vec("bool", values, present, why=why)


def meets(expr: p.MeetsTarget, b: pd.DataFrame, env: Env) -> Vec:
    target = ev(expr.target, b, env)
    pos = np.asarray(target.values, dtype=np.int64)
    result = env.ctx.shared(("achievement", env.tolerance, pos.tobytes()),  # PF-MET and its reasons share it
                            lambda: achievement(env.ctx.dataset.indicators, pos, env.tolerance))
    env.compared[id(expr)] = result.as_compared()
    return Vec("bool", result.met.copy(), result.present.copy(), why=result.why.copy())

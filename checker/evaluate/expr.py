"""Compiled expressions evaluated over a whole binding frame at once (one array operation per node).

A binding frame has one row per subject: ``_ds`` and one column per variable (a code, or the position
of a row in its table / the indicator or stated-figure frame).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from checker.compile import program as p
from checker.dataset.model import SCALE
from checker.evaluate import values as V
from checker.evaluate.context import TOTAL_NAMES, Context, Lookup, frame_column, normalise_key
from checker.evaluate.keys import map_distinct
from checker.evaluate.values import Vec
from checker.units import unit as unit_of


@dataclass(slots=True)
class Env:
    """Per-rule evaluation state: variable kinds/tables, and what the comparisons saw (for findings)."""

    ctx: Context
    var_tables: dict[str, str] = field(default_factory=dict)
    var_kinds: dict[str, str] = field(default_factory=dict)
    tolerance: p.Tolerance = field(default_factory=p.Tolerance)
    compared: dict[int, tuple[Any, Any, np.ndarray, np.ndarray]] = field(default_factory=dict)


def ev(expr: p.Expr, b: pd.DataFrame, env: Env) -> Vec:
    """Evaluate one compiled expression for every row of the binding frame ``b``."""
    handler = _HANDLERS[type(expr)]
    return handler(expr, b, env)


def mask(expr: p.Expr, b: pd.DataFrame, env: Env) -> np.ndarray:
    """Where a condition holds (missing values do not hold)."""
    v = ev(expr, b, env)
    return v.present & v.values.astype(bool)


# ------------------------------------------------------------------------------------------ leaves


def _const(expr: p.Const, b: pd.DataFrame, env: Env) -> Vec:
    ty = "number" if expr.ty == p.NUM else expr.ty
    return V.const(ty, expr.value, len(b), expr.dim)


def _var_value(expr: p.VarValue, b: pd.DataFrame, env: Env) -> Vec:
    values = b[expr.var].to_numpy(dtype=object)
    return Vec(p.CODE, values, np.ones(len(b), dtype=bool))


def _keys_for(key: p.Key, b: pd.DataFrame, env: Env) -> np.ndarray:
    """The key each subject looks up: its code variable, a literal, or an expression's value."""
    if key.kind == "var":
        return b[key.value].to_numpy(dtype=object)
    if key.kind == "expr":
        v = ev(key.expr, b, env)  # type: ignore[arg-type]
        texts = map_distinct(v.values, lambda x: "\x00" if x is None else "".join(str(x).split()))
        texts[~np.asarray(v.present, dtype=bool)] = "\x00"  # (np.where would turn "\x00" into "")
        return texts
    text = "".join(key.value.split())
    return np.full(len(b), text, dtype=object)


def _cell(expr: p.Cell, b: pd.DataFrame, env: Env) -> Vec:
    ctx, n = env.ctx, len(b)
    table = ctx.table(expr.table)
    if table is None or frame_column(expr.column) not in table.frame:
        if expr.optional:  # `?`: zero where the table, the column or the row is absent
            return V.const("number", 0, n, expr.dim)
        what = f"缺少{expr.table}" if table is None else f"{expr.table}没有“{expr.column}”列"
        return V.missing(_ty(expr), n, what, expr.dim)
    key_col = ctx.key_column(expr.table, expr.key.kind, expr.key.classification)
    if key_col is None:
        return V.missing(_ty(expr), n, f"{expr.table}没有可按此键查找的列", expr.dim)
    lookup = ctx.lookup(expr.table, key_col, expr.column)
    assert lookup is not None
    idx = ctx.memo(b, ("cell", id(lookup.index), expr.key, env.tolerance), lambda: _cell_rows(expr.key, lookup, b, env))
    present = idx >= 0
    safe = np.where(present, idx, 0)
    why: np.ndarray | None = V.reasons(present, f"{expr.table}中没有“{_key_text(expr.key)}”")
    found = present
    if expr.optional and expr.ty == p.NUM:  # `T[key].col?`: an absent row counts as zero
        present, why = np.ones(n, dtype=bool), None
    if expr.ty != p.NUM:
        col = table.frame[expr.column].to_numpy(dtype=object)
        texts = np.full(n, None, dtype=object)
        if len(lookup.first_row):
            texts[present] = col[lookup.first_row[safe[present]]]
        return Vec(_ty(expr), texts, present, why=why)
    counts = np.zeros(n, dtype=np.int64)
    values = np.zeros(n, dtype=lookup.sums.dtype if len(lookup.sums) else np.int64)
    if len(lookup.sums):
        counts[found] = lookup.counts[safe[found]]
        values[found] = lookup.sums[safe[found]]
    return Vec("number", values, present, expr.dim, counts * ctx.half_unit(expr.table), counts, why)


def _cell_rows(key: p.Key, lookup: Lookup, b: pd.DataFrame, env: Env) -> np.ndarray:
    """The lookup entry each subject's key finds (合计 and 总计 stand for each other), -1 where none."""
    ds = b["_ds"].to_numpy(dtype=object)
    idx = lookup.find(ds, _keys_for(key, b, env))
    if key.kind == "item" and key.value in TOTAL_NAMES:
        other = TOTAL_NAMES[1] if key.value == TOTAL_NAMES[0] else TOTAL_NAMES[0]
        idx = np.where(idx >= 0, idx, lookup.find(ds, np.full(len(b), other, dtype=object)))
    return idx


def _key_text(key: p.Key) -> str:
    return key.value if key.kind != "var" else f"{{{key.value}}}"


def _ty(expr: Any) -> str:
    return "number" if expr.ty == p.NUM else expr.ty


def _exists(expr: p.Exists, b: pd.DataFrame, env: Env) -> Vec:
    ctx, n = env.ctx, len(b)
    table = ctx.table(expr.table)
    if table is None:
        return V.const("bool", False, n)
    ds = b["_ds"].to_numpy(dtype=object)
    if expr.key is None:
        present_ds = set(table.frame["_ds"].astype(object).unique())
        return Vec("bool", np.array([d in present_ds for d in ds], dtype=bool), np.ones(n, dtype=bool))
    key_col = ctx.key_column(expr.table, expr.key.kind, expr.key.classification)
    if key_col is None:
        return V.const("bool", False, n)
    key = expr.key
    found = ctx.memo(b, ("exists", expr.table, key_col, key, env.tolerance),
                     lambda: np.asarray(ctx.present(expr.table, key_col).find(ds, _keys_for(key, b, env))) >= 0)
    return Vec("bool", found, np.ones(n, dtype=bool))


def _row_field(expr: p.RowField, b: pd.DataFrame, env: Env) -> Vec:
    ctx, n = env.ctx, len(b)
    table = ctx.table(expr.table)
    if table is None:
        return V.missing(_ty(expr), n, f"缺少{expr.table}", expr.dim)
    if frame_column(expr.column) not in table.frame:
        if expr.optional:
            return V.const("number", 0, n, expr.dim) if expr.ty == p.NUM else V.const("text", "", n)
        return V.missing(_ty(expr), n, f"{expr.table}没有“{expr.column}”列", expr.dim)
    pos = b[expr.var].to_numpy(dtype=np.int64)
    col = table.frame[frame_column(expr.column)]
    scale = ctx.scale(expr.table, expr.column)
    if scale != 1:
        col = col * scale
    if expr.ty == p.NUM:
        raw = col.to_numpy()[pos] if len(pos) else np.zeros(0, dtype=np.int64)
        absent = pd.isna(raw)  # a unit whose table does not print a column other units print
        values = np.where(absent, 0, raw)
        values = values.astype(np.int64) if values.dtype != object else values
        ones = np.ones(n, dtype=np.int64)
        present = ~absent | expr.optional
        why = V.reasons(present, f"{expr.table}没有“{expr.column}”列") if not present.all() else None
        return Vec("number", values, present, expr.dim, ones * ctx.half_unit(expr.table), ones, why)
    if expr.ty in (p.TEXT, p.CODE):  # each column's texts compacted once per run, whatever rows are read
        texts = ctx.shared(("compact", expr.table, expr.column), lambda: map_distinct(col.to_numpy(dtype=object), compact))
        return Vec(_ty(expr), texts[pos] if len(pos) else np.zeros(0, dtype=object), np.ones(n, dtype=bool),
                   compact=True)
    values = col.astype(object).to_numpy()[pos] if len(pos) else np.zeros(0, dtype=object)
    return Vec(_ty(expr), values, np.ones(n, dtype=bool))


def compact(value: object) -> str:
    """A text without whitespace ("" for a missing value)."""
    return "" if value is None or value != value else "".join(str(value).split())


def _texts(raw: np.ndarray) -> np.ndarray:
    """Each value as text, "" where missing."""
    missing = pd.isna(raw)
    if pd.api.types.infer_dtype(raw[~missing], skipna=False) in ("string", "empty"):
        out = raw.copy()
        out[missing] = ""
        return out
    return map_distinct(raw, lambda v: "" if pd.isna(v) else str(v))


def _numbers(raw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where a number is given, and the numbers (0 where not) as Python ints."""
    missing = pd.isna(raw)
    if pd.api.types.infer_dtype(raw[~missing], skipna=False) in ("integer", "empty"):
        values = raw.copy()
        values[missing] = 0
        return ~missing, values
    return map_distinct(raw, _given, bool), map_distinct(raw, lambda v: int(v) if _given(v) else 0)


def _given(value: object) -> bool:
    """A number is given: not missing, and not a blank text."""
    return not pd.isna(value) and (not isinstance(value, str) or value != "")  # type: ignore[call-overload]


def _frame_of(env: Env, kind: str) -> pd.DataFrame:
    if kind == "indicator":
        return env.ctx.dataset.indicators
    return env.ctx.dataset.stated


def _field(expr: p.Field, b: pd.DataFrame, env: Env) -> Vec:
    n = len(b)
    frame = _frame_of(env, expr.kind)
    pos = b[expr.var].to_numpy(dtype=np.int64)
    if expr.column not in frame:
        return V.missing(_ty(expr), n, f"没有“{expr.column}”", expr.dim)
    if expr.ty == p.TARGET:
        return Vec(p.TARGET, pos, np.ones(n, dtype=bool))
    column = frame[expr.column]
    if expr.ty != p.NUM:  # a column's texts made once per run, whatever rows are read
        texts = env.ctx.shared(("texts", expr.kind, expr.column), lambda: _texts(column.to_numpy(dtype=object)))
        return Vec(_ty(expr), texts[pos] if len(pos) else np.zeros(0, dtype=object), np.ones(n, dtype=bool))
    raw = column.astype(object).to_numpy()[pos] if len(pos) else np.zeros(0, dtype=object)
    present, values = _numbers(raw)
    if expr.column.endswith("位数"):
        values = values * SCALE
    dim: str | np.ndarray = expr.dim
    if expr.dim == "*":
        unit_col = "实际单位" if expr.column == "实际值" else "目标单位"
        values, dim = _to_base(values, frame[unit_col].astype(object).to_numpy()[pos] if len(pos) else values)
    why = V.reasons(present, f"没有{expr.column}")
    return Vec("number", values, present, dim, why=why)


def _to_base(values: np.ndarray, units: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Micros in per-row units → micros of each dimension's base unit, with the dimension per row."""
    out = np.empty(len(values), dtype=object)
    dims = np.empty(len(values), dtype=object)
    codes, symbols = pd.factorize(np.asarray(units, dtype=object), use_na_sentinel=False)
    for k, sym in enumerate(symbols):
        rows = np.flatnonzero(codes == k)
        u = unit_of("" if sym is None or sym != sym else str(sym))
        dims[rows] = u.dimension if u is not None else "count"
        scale = u.factor if u is not None and u.dimension != "money" else 1
        out[rows] = _scaled(values[rows], scale)
    return out, dims


def _scaled(values: np.ndarray, factor: Decimal | int) -> np.ndarray:
    """``int(v * factor)`` for each v: by integer multiplication where that is the same (a whole factor and
    products well inside Decimal's 28 digits), else one by one."""
    ints = pd.api.types.infer_dtype(values, skipna=False) == "integer"
    whole = factor == int(factor)
    if ints and whole and (len(values) == 0 or max(abs(int(v)) for v in (values.min(), values.max())) * abs(int(factor)) < 10**26):
        return values * int(factor) if int(factor) != 1 else values.copy()
    return np.array([int(v * factor) for v in values], dtype=object)


# -------------------------------------------------------------------------------------- operators


def _arith(expr: p.Arith, b: pd.DataFrame, env: Env) -> Vec:
    left, right = ev(expr.left, b, env), ev(expr.right, b, env)
    present = left.present & right.present
    why = V.merge_why(left, right)
    if expr.op == "+":
        values = V.add(left.values, right.values)
    elif expr.op == "-":
        values = V.sub(left.values, right.values)
    elif expr.op == "*":
        values = V.mul(left.values, right.values)
    else:
        values, zero = V.div(left.values, right.values)
        if zero.any():
            why = why if why is not None else np.full(len(b), None, dtype=object)
            why[zero & present] = "除数为零"
            present = present & ~zero
    additive = expr.op in "+-"
    tol = V.add(left.tol_or_zero, right.tol_or_zero) if additive else None
    terms = left.terms_or_zero + right.terms_or_zero
    return Vec("number", values, present, _dim(left, right, expr), tol, terms, why)


def _dim(left: Vec, right: Vec, expr: p.Arith) -> str | np.ndarray:
    if isinstance(left.dim, np.ndarray) or isinstance(right.dim, np.ndarray):
        return left.dim if isinstance(left.dim, np.ndarray) else right.dim
    return expr.dim if expr.dim != "*" else (left.dim or right.dim)


def _neg(expr: p.Neg, b: pd.DataFrame, env: Env) -> Vec:
    v = ev(expr.operand, b, env)
    values = -v.values if v.values.dtype != object else np.array([-x for x in v.values], dtype=object)
    return Vec("number", values, v.present, v.dim, v.tol, v.terms, v.why)


def _bool_op(expr: p.BoolOp, b: pd.DataFrame, env: Env) -> Vec:
    args = [ev(a, b, env) for a in expr.args]
    if expr.op == "not":
        return Vec("bool", ~args[0].values.astype(bool), args[0].present, why=args[0].why)
    left, right = (a.values.astype(bool) for a in args)
    lp, rp = args[0].present, args[1].present
    if expr.op == "and":  # false wins over missing
        values = left & right
        present = (lp & rp) | (lp & ~left) | (rp & ~right)
    else:  # true wins over missing
        values = (left & lp) | (right & rp)
        present = (lp & rp) | (lp & left) | (rp & right)
    return Vec("bool", values, present, why=V.merge_why(*args))


def _in_set(expr: p.InSet, b: pd.DataFrame, env: Env) -> Vec:
    v = ev(expr.operand, b, env)
    items = set(expr.items)
    values = map_distinct(v.values, lambda x: x in items, bool)
    return Vec("bool", values, v.present, why=v.why)


def _contains(expr: p.ContainsText, b: pd.DataFrame, env: Env) -> Vec:
    left, right = ev(expr.left, b, env), ev(expr.right, b, env)
    r = right.values
    if len(r) and type(r[0]) is str and bool((r == r[0]).all()):
        word = r[0]
        values = map_distinct(left.values, lambda x: word in str(x), bool)
    else:
        values = np.array([str(r) in str(lv) for lv, r in zip(left.values, r, strict=True)], dtype=bool)
    return Vec("bool", values, left.present & right.present, why=V.merge_why(left, right))


def _handlers() -> dict[type, Callable[..., Vec]]:
    from checker.evaluate import compare, functions, gather

    return {
        p.Const: _const, p.VarValue: _var_value, p.Cell: _cell, p.Exists: _exists, p.RowField: _row_field,
        p.Field: _field, p.Arith: _arith, p.Neg: _neg, p.BoolOp: _bool_op, p.InSet: _in_set,
        p.ContainsText: _contains, p.Compare: compare.compare, p.MeetsTarget: compare.meets,
        p.Aggregate: gather.aggregate, p.Comprehension: gather.comprehension, p.Func: functions.func,
        p.CodeFunc: functions.code_func,
    }


class _Lazy(dict):  # type: ignore[type-arg]
    def __missing__(self, key: type) -> Callable[..., Vec]:
        self.update(_handlers())
        return dict.__getitem__(self, key)


_HANDLERS: dict[type, Callable[..., Vec]] = _Lazy()

__all__ = ["Env", "ev", "mask", "normalise_key"]

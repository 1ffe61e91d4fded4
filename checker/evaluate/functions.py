"""Scalar functions: abs, round, has, level, has_children / is_leaf, parent, code_named, len, min, max."""

from __future__ import annotations

import numpy as np
import pandas as pd

from checker.compile import program as p
from checker.dataset.model import SCALE
from checker.evaluate import values as V
from checker.evaluate.context import Context
from checker.evaluate.expr import Env, ev
from checker.evaluate.keys import PairIndex, map_distinct
from checker.evaluate.values import Vec


def func(expr: p.Func, b: pd.DataFrame, env: Env) -> Vec:
    return _FUNCS[expr.name](expr, b, env)


def _abs(expr: p.Func, b: pd.DataFrame, env: Env) -> Vec:
    v = ev(expr.args[0], b, env)
    return Vec("number", V.absolute(v.values), v.present, v.dim, v.tol, v.terms, v.why)


def _round(expr: p.Func, b: pd.DataFrame, env: Env) -> Vec:
    v, places = ev(expr.args[0], b, env), ev(expr.args[1], b, env)
    values = V.round_to(v.values, places.values)
    return Vec("number", values, v.present & places.present, v.dim, None, v.terms, V.merge_why(v, places))


def _has(expr: p.Func, b: pd.DataFrame, env: Env) -> Vec:
    v = ev(expr.args[0], b, env)
    if v.ty in (p.TEXT, p.CODE):
        if pd.api.types.infer_dtype(v.values, skipna=False) == "string":
            ok = v.present & (v.values != "")  # a text is there when it is not empty
        else:
            ok = v.present & map_distinct(v.values, lambda x: bool(x) and x == x, bool)
    else:
        ok = v.present
    return Vec("bool", ok, np.ones(len(b), dtype=bool))


def _level(expr: p.Func, b: pd.DataFrame, env: Env) -> Vec:
    codes = ev(expr.args[0], b, env).values
    levels = map_distinct(codes, lambda c: (len(str(c)) - 1) // 2 * SCALE, np.int64)
    return Vec("number", levels, np.ones(len(b), dtype=bool))


def _has_children(expr: p.Func, b: pd.DataFrame, env: Env) -> Vec:
    """Whether the code has children *present in the quantifier's table* for the same dataset."""
    arg = expr.args[0]
    assert isinstance(arg, p.VarValue) and isinstance(expr.args[1], p.Const)
    cls = str(expr.args[1].value)
    table_kind = env.var_tables.get(arg.var, "")
    n = len(b)
    ctx = env.ctx
    key_col = ctx.key_column(table_kind, "var", cls)
    if ctx.table(table_kind) is None or key_col is None:
        return Vec("bool", np.zeros(n, dtype=bool), np.ones(n, dtype=bool))
    have = ctx.present(table_kind, key_col)
    flags = ctx.shared(("has_children", table_kind, key_col, cls), lambda: _pairs_with_children(have, ctx, cls))
    ds, anchor = b["_ds"].to_numpy(dtype=object), b[arg.var].to_numpy(dtype=object)
    at = have.find(ds, anchor)
    result = np.zeros(n, dtype=bool)
    result[at >= 0] = flags[at[at >= 0]]
    elsewhere = np.flatnonzero(at < 0)  # a code the table does not have: look its children up one by one
    if len(elsewhere):
        pairs = ctx.pairs("children", cls)
        anchors = pd.DataFrame({"b": elsewhere, "_ds": ds[elsewhere], "anchor": anchor[elsewhere]})
        joined = anchors.merge(pairs, on="anchor", how="inner", sort=False)
        idx = have.find(joined["_ds"].to_numpy(dtype=object), joined["code"].to_numpy(dtype=object))
        result[joined["b"].to_numpy()[idx >= 0]] = True
    if expr.name == "is_leaf":
        result = ~result
    return Vec("bool", result, np.ones(n, dtype=bool))


def _pairs_with_children(have: PairIndex, ctx: Context, cls: str) -> np.ndarray:
    """For each (dataset, code) pair of a table: whether the table has a child of the code for that dataset
    (the code graph's edges, in the table's integer key space)."""
    edges = ctx.pairs("children", cls)
    parent = have.keys.get_indexer(edges["anchor"].to_numpy(dtype=object))
    child = have.keys.get_indexer(edges["code"].to_numpy(dtype=object))
    both = (parent >= 0) & (child >= 0)
    width = max(len(have.keys), 1)
    pair_ds, pair_key = have.pairs // width, have.pairs % width
    present = pd.DataFrame({"ds": pair_ds, "child": pair_key})
    links = pd.DataFrame({"parent": parent[both], "child": child[both]})
    joined = present.merge(links, on="child", how="inner", sort=False)
    composite = joined["ds"].to_numpy(dtype=np.int64) * width + joined["parent"].to_numpy(dtype=np.int64)
    flags = np.zeros(len(have.pairs), dtype=bool)
    if len(composite):
        at = np.minimum(np.searchsorted(have.pairs, composite), len(have.pairs) - 1)
        flags[at[have.pairs[at] == composite]] = True
    return flags


def _code_named(expr: p.Func, b: pd.DataFrame, env: Env) -> Vec:
    texts = ev(expr.args[0], b, env)
    assert isinstance(expr.args[1], p.Const)
    names = env.ctx.class_names(str(expr.args[1].value))
    values = map_distinct(texts.values, lambda t: names.get("".join(str(t).split()), ""))
    present = texts.present & (values != "")
    why = V.reasons(present, "不是功能分类的类名")
    return Vec(p.CODE, values, present, why=why)


def _len(expr: p.Func, b: pd.DataFrame, env: Env) -> Vec:
    v = ev(expr.args[0], b, env)
    return Vec("number", map_distinct(v.values, lambda x: len(str(x)) * SCALE, np.int64), v.present)


def _minmax(expr: p.Func, b: pd.DataFrame, env: Env) -> Vec:
    args = [ev(a, b, env) for a in expr.args]
    stacked = np.array([a.values for a in args], dtype=object)
    values = stacked.min(axis=0) if expr.name == "min" else stacked.max(axis=0)
    present = np.logical_and.reduce([a.present for a in args])
    return Vec("number", values, present, args[0].dim, why=V.merge_why(*args))


def _startswith(expr: p.Func, b: pd.DataFrame, env: Env) -> Vec:
    text, prefix = ev(expr.args[0], b, env), ev(expr.args[1], b, env)
    values = np.array([str(t).startswith(str(x)) for t, x in zip(text.values, prefix.values, strict=True)], dtype=bool)
    return Vec("bool", values, text.present & prefix.present, why=V.merge_why(text, prefix))


_FUNCS = {"abs": _abs, "round": _round, "has": _has, "level": _level, "has_children": _has_children,
          "is_leaf": _has_children, "code_named": _code_named, "len": _len, "min": _minmax, "max": _minmax,
          "startswith": _startswith}


def code_func(expr: p.CodeFunc, b: pd.DataFrame, env: Env) -> Vec:
    """parent(code): the code's parent in the graph (prefix structure when the graph does not know it)."""
    arg = ev(expr.arg, b, env)
    codes = map_distinct(arg.values, lambda c: "".join(str(c).split()) if c is not None else "")
    parents: dict[str, str] = {}
    if env.ctx.graph is not None:
        edges = env.ctx.pairs("children", expr.classification)
        parents = dict(zip(edges["code"], edges["anchor"], strict=True))
    values = map_distinct(codes, lambda c: parents.get(c, str(c)[:-2] if len(str(c)) > 3 else ""))
    present = arg.present & (values != "")
    return Vec(p.CODE, values, present, why=V.reasons(present, "没有上级科目"))

"""Aggregates: over code-graph neighbourhoods (``sum(T[children(c)].合计)``) and over rows
(``sum(x.总计 for x in T where x.项目名称 == p.项目名称)``) — one merge and one groupby each."""

from __future__ import annotations

import numpy as np
import pandas as pd

from checker.compile import program as p
from checker.evaluate import values as V
from checker.evaluate.context import Context, Lookup, normalise_key
from checker.evaluate.expr import Env, ev, mask
from checker.evaluate.keys import PairIndex
from checker.evaluate.values import Vec


def aggregate(expr: p.Aggregate, b: pd.DataFrame, env: Env) -> Vec:
    cell = expr.source
    assert isinstance(cell, p.Cell)
    if cell.key.kind != "set":  # sum over the rows one key selects: the cell already sums them
        return ev(cell, b, env)
    return _over_code_set(expr.function, cell, b, env)


def _over_code_set(function: str, cell: p.Cell, b: pd.DataFrame, env: Env) -> Vec:
    ctx, n = env.ctx, len(b)
    table = ctx.table(cell.table)
    if table is None:
        return V.missing("number", n, f"缺少{cell.table}", cell.dim)
    if cell.column not in table.frame:
        return V.missing("number", n, f"{cell.table}没有“{cell.column}”列", cell.dim)
    key = cell.key
    target_cls = "政府经济分类" if key.function == "mapped" else key.classification
    key_col = ctx.key_column(cell.table, "set", target_cls)
    if key_col is None:
        return V.missing("number", n, f"{cell.table}没有{target_cls}编码", cell.dim)
    lookup = ctx.lookup(cell.table, key_col, cell.column)
    assert lookup is not None
    rows, idx = ctx.memo(b, ("set", id(lookup.index), key), lambda: neighbours(key, lookup, b, ctx))
    sums = lookup.sums[idx] if len(idx) else np.zeros(0, dtype=np.int64)
    counts = lookup.counts[idx] if len(idx) else np.zeros(0, dtype=np.int64)
    return _reduce(function, rows, sums, counts, n, ctx.half_unit(cell.table), cell.dim)


def neighbours(key: p.Key, lookup: Lookup, b: pd.DataFrame, ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    """(binding row, lookup entry) of every code in each subject's neighbourhood that the table has —
    each subject's in the order the code graph lists them.

    When every subject's code is one of the table's (a rollup over the table's own codes), the
    neighbourhoods are walked in the table's integer key space; otherwise by joining the code graph's pairs."""
    ds, anchor = b["_ds"].to_numpy(dtype=object), b[key.value].to_numpy(dtype=object)
    index = lookup.index
    own = np.asarray(index.keys.get_indexer(anchor), dtype=np.int64)
    if (own < 0).any():
        return _joined_neighbours(key, lookup, ds, anchor, ctx)
    starts, targets = ctx.shared(("neighbours", id(index), key.function, key.classification),
                                 lambda: _key_neighbours(index, ctx.pairs(key.function, key.classification)))
    counts = starts[own + 1] - starts[own]
    total = int(counts.sum())
    rows = np.repeat(np.arange(len(b)), counts)
    first = np.repeat(starts[own] - (np.cumsum(counts) - counts), counts)
    codes = targets[np.arange(total) + first]
    unit = np.repeat(np.asarray(index.ds.get_indexer(ds), dtype=np.int64), counts)
    composite = unit * max(len(index.keys), 1) + codes
    if not len(index.pairs):
        return rows[:0], codes[:0]
    at = np.minimum(np.searchsorted(index.pairs, composite), len(index.pairs) - 1)
    found = (unit >= 0) & (index.pairs[at] == composite)
    return rows[found], at[found]


def _key_neighbours(index: PairIndex, pairs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The code graph's (anchor, code) pairs among a table's keys, as lists per anchor key (CSR: each key's
    neighbours are ``targets[starts[k]:starts[k + 1]]``, in the graph's order)."""
    anchor = np.asarray(index.keys.get_indexer(pairs["anchor"].to_numpy(dtype=object)), dtype=np.int64)
    code = np.asarray(index.keys.get_indexer(pairs["code"].to_numpy(dtype=object)), dtype=np.int64)
    keep = (anchor >= 0) & (code >= 0)
    anchor, code = anchor[keep], code[keep]
    order = np.argsort(anchor, kind="stable")
    starts = np.searchsorted(anchor[order], np.arange(len(index.keys) + 1))
    return starts.astype(np.int64), code[order]


def _joined_neighbours(key: p.Key, lookup: Lookup, ds: np.ndarray, anchor: np.ndarray,
                       ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    pairs = ctx.pairs(key.function, key.classification)
    anchors = pd.DataFrame({"b": np.arange(len(ds)), "_ds": ds, "anchor": anchor})
    joined = anchors.merge(pairs, on="anchor", how="inner", sort=False)
    idx = lookup.find(joined["_ds"].to_numpy(dtype=object), joined["code"].to_numpy(dtype=object))
    found = idx >= 0
    return joined["b"].to_numpy()[found], idx[found]


def _reduce(function: str, groups: np.ndarray, values: np.ndarray, counts: np.ndarray, n: int,
            half_unit: int, dim: str) -> Vec:
    """Per binding row: sum/count/min/max of the gathered values (rows with none: 0, or missing for min/max)."""
    if function in ("sum", "count"):
        return _add_up(function, groups, values, counts, n, half_unit, dim)
    frame = pd.DataFrame({"g": groups, "v": values, "c": counts})
    grouped = frame.groupby("g", sort=False)
    out_counts = np.zeros(n, dtype=np.int64)
    present = np.ones(n, dtype=bool)
    if function == "count":
        result = np.zeros(n, dtype=np.int64)
        if len(frame):
            sizes = grouped["c"].sum()
            result[sizes.index.to_numpy()] = sizes.to_numpy() * 1_000_000
        return Vec("number", result, present, "")
    agg = {"sum": "sum", "min": "min", "max": "max"}[function]
    result = np.zeros(n, dtype=values.dtype if len(values) else np.int64)
    if len(frame):
        reduced = grouped["v"].agg(agg)
        result[reduced.index.to_numpy()] = reduced.to_numpy()
        c = grouped["c"].sum()
        out_counts[c.index.to_numpy()] = c.to_numpy()
    if function in ("min", "max"):
        present = out_counts > 0
    why = V.reasons(present, "没有可比较的行")
    return Vec("number", result, present, dim, out_counts * half_unit, out_counts, why)


def _add_up(function: str, groups: np.ndarray, values: np.ndarray, counts: np.ndarray, n: int,
            half_unit: int, dim: str) -> Vec:
    """Sums (exact: integers, or Python ints in object arrays) and counts per binding row, in one pass."""
    out_counts = np.zeros(n, dtype=np.int64)
    np.add.at(out_counts, groups, counts)
    present = np.ones(n, dtype=bool)
    if function == "count":
        return Vec("number", out_counts * 1_000_000, present, "")
    result = np.zeros(n, dtype=values.dtype if len(values) else np.int64)
    np.add.at(result, groups, values)
    return Vec("number", result, present, dim, out_counts * half_unit, out_counts, V.reasons(present, "没有可比较的行"))


def comprehension(expr: p.Comprehension, b: pd.DataFrame, env: Env) -> Vec:
    ctx, n = env.ctx, len(b)
    if expr.table in ("stated", "indicator"):
        source = ctx.dataset.stated if expr.table == "stated" else ctx.dataset.indicators
        kind, half = expr.table, 0
    else:
        table = ctx.table(expr.table)
        if table is None:
            return V.missing("number", n, f"缺少{expr.table}", expr.dim)
        source, kind, half = table.frame, "row", ctx.half_unit(expr.table)
    inner_env = Env(ctx, {**env.var_tables, expr.var: expr.table}, {**env.var_kinds, expr.var: kind}, env.tolerance)
    inner = ctx.shared(("rows", expr.table, expr.var, expr.where, env.tolerance),  # the same for every column
                       lambda: _rows(source, expr, inner_env))
    if expr.crossed is not None:
        return _crossed(expr, b, env, inner, inner_env, half)
    body = ev(expr.body, inner, inner_env) if expr.function != "count" else None
    values = body.values[body.present] if body is not None else np.zeros(len(inner), dtype=np.int64)
    if body is not None and not body.present.all():
        inner = inner[body.present].reset_index(drop=True)
        pairs, groups_of_outer = _groups(expr, b, env, inner, inner_env)
    else:  # group the inner rows by (dataset, key) and hand each outer row its group — once for every
        # column a rule is unrolled over (the shared rows are kept by ctx.shared, so their id stays theirs)
        pairs, groups_of_outer = ctx.memo(b, ("groups", id(inner), expr.correlation, env.tolerance),
                                          lambda: _groups(expr, b, env, inner, inner_env))
    codes, uniques = pairs.pair_of_row, pairs.pairs
    group_values = np.asarray(values)
    counts = np.ones(len(group_values), dtype=np.int64)
    per_group = _reduce(expr.function, codes, group_values, counts, len(uniques), half, expr.dim)
    present = groups_of_outer >= 0
    safe = np.where(present, groups_of_outer, 0)
    if len(uniques) == 0:
        if expr.function in ("sum", "count"):
            return V.const("number", 0, n, expr.dim)
        return V.missing("number", n, "没有符合条件的行", expr.dim)
    out_values = np.where(present, per_group.values[safe], 0)
    out_tol = np.where(present, per_group.tol_or_zero[safe], 0)
    out_terms = np.where(present, per_group.terms_or_zero[safe], 0)
    if expr.function in ("sum", "count"):
        return Vec("number", out_values, np.ones(n, dtype=bool), expr.dim, out_tol, out_terms)
    why = V.reasons(present, "没有符合条件的行")
    return Vec("number", out_values, present, expr.dim, out_tol, out_terms, why)


def _groups(expr: p.Comprehension, b: pd.DataFrame, env: Env, inner: pd.DataFrame,
            inner_env: Env) -> tuple[PairIndex, np.ndarray]:
    """The inner rows grouped by (dataset, correlation key), and the group of each outer row (-1: none)."""
    if expr.correlation is not None:
        inner_key = _text_keys(ev(expr.correlation[0], inner, inner_env).values)
        outer_key = _text_keys(ev(expr.correlation[1], b, env).values)
    else:
        inner_key = np.full(len(inner), "", dtype=object)
        outer_key = np.full(len(b), "", dtype=object)
    pairs = PairIndex(inner["_ds"].to_numpy(dtype=object), inner_key)
    return pairs, pairs.find(b["_ds"].to_numpy(dtype=object), outer_key)


def _rows(source: pd.DataFrame, expr: p.Comprehension, inner_env: Env) -> pd.DataFrame:
    """The rows a comprehension ranges over (its own ``where``: it names no outer variable)."""
    inner = pd.DataFrame({"_ds": source["_ds"].astype(object).to_numpy(), expr.var: np.arange(len(source))})
    if expr.where is not None:
        inner = inner[mask(expr.where, inner, inner_env)].reset_index(drop=True)
    return inner


def _text_keys(values: np.ndarray) -> np.ndarray:
    return normalise_key(pd.Series(values, dtype=object)).to_numpy(dtype=object)


def _crossed(expr: p.Comprehension, b: pd.DataFrame, env: Env, inner: pd.DataFrame, inner_env: Env,
             half: int) -> Vec:
    """Every (subject, inner row) pair of a dataset, filtered by conditions that mention both."""
    n = len(b)
    outer = b.assign(__outer=np.arange(n))
    pairs = outer.merge(inner, on="_ds", how="inner", sort=False)
    pair_env = Env(env.ctx, {**env.var_tables, **inner_env.var_tables}, {**env.var_kinds, **inner_env.var_kinds},
                   env.tolerance)
    if expr.correlation is not None and len(pairs):
        left = _text_keys(ev(expr.correlation[0], pairs, pair_env).values)
        right = _text_keys(ev(expr.correlation[1], pairs, pair_env).values)
        pairs = pairs[left == right].reset_index(drop=True)
    if len(pairs):
        assert expr.crossed is not None
        pairs = pairs[mask(expr.crossed, pairs, pair_env)].reset_index(drop=True)
    if expr.function == "count" or not len(pairs):
        values = np.zeros(len(pairs), dtype=np.int64)
    else:
        body = ev(expr.body, pairs, pair_env)
        pairs, values = pairs[body.present].reset_index(drop=True), body.values[body.present]
    counts = np.ones(len(pairs), dtype=np.int64)
    result = _reduce(expr.function, pairs["__outer"].to_numpy(), np.asarray(values), counts, n, half, expr.dim)
    if expr.function in ("sum", "count"):
        result.present = np.ones(n, dtype=bool)
        result.why = None
    return result

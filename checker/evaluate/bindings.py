"""Binding frames: one row per subject a rule is checked for (codes, rows, indicators, stated figures,
projects — crossed within each dataset), filtered by ``where``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from checker.compile import program as p
from checker.evaluate.expr import Env, mask
from checker.evaluate.keys import PairIndex

TABLE_KINDS = ("code", "row", "project")


def binding_frame(rule: p.CompiledRule, env: Env) -> tuple[pd.DataFrame, list[str]]:
    """The rule's subjects, and the datasets where a table it ranges over is missing.

    Rules with the same bindings and tolerance (one rule unrolled over tables and columns) share them:
    the frame is built once per run and must not be changed by its users.
    """
    for binding in rule.bindings:
        env.var_tables[binding.var] = binding.table
        env.var_kinds[binding.var] = binding.kind
    frame, lacking = env.ctx.shared(("bindings", rule.bindings, rule.tolerance), lambda: _bindings(rule, env))
    return frame, list(lacking)


def _bindings(rule: p.CompiledRule, env: Env) -> tuple[pd.DataFrame, list[str]]:
    ds_keys = env.ctx.dataset.keys
    frame = pd.DataFrame({"_ds": pd.Series(ds_keys, dtype=object)})
    lacking: set[str] = set()
    for i, binding in enumerate(rule.bindings):
        part = _domain(binding, env)
        if binding.kind in TABLE_KINDS:
            lacking |= _lacking(binding.table, env, ds_keys)
        frame = _by_unit(part, ds_keys) if i == 0 else frame.merge(part, on="_ds", how="inner", sort=False)
        if binding.where is not None and len(frame):
            frame = frame[mask(binding.where, frame, env)].reset_index(drop=True)
    return frame.reset_index(drop=True), sorted(lacking)


def _by_unit(part: pd.DataFrame, ds_keys: list[str]) -> pd.DataFrame:
    """What merging the units (in order) with ``part`` on _ds gives: part's rows of known units, unit by
    unit, each unit's rows in their order — found by position instead of by a hash join."""
    units = pd.Index(ds_keys, dtype=object)
    if not units.is_unique:
        return pd.DataFrame({"_ds": pd.Series(ds_keys, dtype=object)}).merge(part, on="_ds", how="inner", sort=False)
    at = units.get_indexer(pd.Index(part["_ds"], dtype=object))
    keep = np.flatnonzero(at >= 0)
    order = keep[np.argsort(at[keep], kind="stable")]
    if len(order) == len(part) and bool((order == np.arange(len(part))).all()):
        return part.reset_index(drop=True)
    return part.take(order).reset_index(drop=True)


def _lacking(table: str, env: Env, ds_keys: list[str]) -> set[str]:
    t = env.ctx.table(table)
    if t is None:
        return set(ds_keys)
    return set(ds_keys) - set(t.frame["_ds"].astype(object).unique())


def _domain(binding: p.Binding, env: Env) -> pd.DataFrame:
    ctx = env.ctx
    var = binding.var
    if binding.kind == "code":
        table = ctx.table(binding.table)
        column = ctx.key_column(binding.table, "var", binding.classification)
        if table is None or column is None:
            return _empty(var, object)
        codes = ctx.shared(("domain", binding.table, column), lambda: _codes_of(ctx.present(binding.table, column)))
        return codes.rename(columns={CODE: var})
    if binding.kind == "row":
        table = ctx.table(binding.table)
        if table is None:
            return _empty(var, np.int64)
        return pd.DataFrame({"_ds": table.frame["_ds"].astype(object).to_numpy(), var: np.arange(len(table.frame))})
    if binding.kind == "project":
        projects = ctx.projects()
        return pd.DataFrame({"_ds": projects["_ds"].to_numpy(dtype=object), var: projects["pos"].to_numpy()})
    frame = ctx.dataset.indicators if binding.kind == "indicator" else ctx.dataset.stated
    return pd.DataFrame({"_ds": frame["_ds"].astype(object).to_numpy(), var: np.arange(len(frame))})


CODE = "__code__"


def _codes_of(index: PairIndex) -> pd.DataFrame:
    """The distinct (unit, code) pairs of a table's rows, blank codes left out, in the order of their
    first row (what ``drop_duplicates`` on the rows gives) — read off the table's presence index.
    The code column is named ``__code__``; a binding renames it to its variable."""
    pairs = index.pairs
    first = np.full(len(pairs), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, index.pair_of_row, np.arange(len(index.pair_of_row), dtype=np.int64))
    order = np.argsort(first, kind="stable")
    width = max(len(index.keys), 1)
    ds = np.asarray(index.ds, dtype=object)[pairs[order] // width]
    codes = np.asarray(index.keys, dtype=object)[pairs[order] % width]
    keep = codes != ""
    return pd.DataFrame({"_ds": ds[keep], CODE: codes[keep]})


def _empty(var: str, dtype: object) -> pd.DataFrame:
    return pd.DataFrame({"_ds": pd.Series(dtype=object), var: pd.Series(dtype=dtype)})  # type: ignore[call-overload]

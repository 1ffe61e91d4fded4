"""Checks on the tree inside each table: orphans and childless parents, duplicates, 类 missing across tables."""

from __future__ import annotations

import tomllib
from functools import cache

import numpy as np
import pandas as pd

from checker.codes.context import Context, Record
from checker.codes.keys import (
    category_ids,
    codes_of,
    first_rows,
    group_ids,
    member,
    per_category,
    radix_key,
    records,
)
from checker.codes.shapes import CLASSIFICATIONS, FUNCTION, LEVEL_WORDS, shape
from checker.findings import Finding
from checker.resources import data


def _sizes(frame: pd.DataFrame, *columns: str) -> list[int]:
    return [len(frame[c].cat.categories) for c in columns]


def _present(ctx: Context, classification: str) -> pd.DataFrame:
    """Distinct codes per (unit, table) with their first row and parent's code id, in tables listing >1 level."""
    present = ctx.distinct_of(classification)
    tables = group_ids(present, ["_ds", "table"])
    slots = shape(classification).depth + 1
    counts = np.bincount(tables * slots + present["level"].to_numpy(), minlength=(tables.max(initial=-1) + 1) * slots)
    levels = (counts.reshape(-1, slots) > 0).sum(axis=1)  # how many levels each (unit, table) lists
    present = present.loc[levels[tables] > 1]
    parents = per_category(present["code"], lambda c: ctx.graph.parent(classification, c) if c else None)
    return present.assign(parent=parents, parent_id=category_ids(present["code"], parents))


def _table_key(frame: pd.DataFrame, ids: np.ndarray) -> np.ndarray:
    ds, table, code = _sizes(frame, "_ds", "table", "code")
    return radix_key([(codes_of(frame["_ds"]), ds), (codes_of(frame["table"]), table), (ids, code)])


def check_orphans(ctx: Context) -> list[Finding]:
    """CODE-ORPHAN: a code whose parent is not in its table; a 类/款 none of whose children are.

    A table that lists a single level (only 类, or only 项) is a flat listing and is not checked.
    """
    found: list[Finding] = []
    for cls in CLASSIFICATIONS:
        present = _present(ctx, cls)
        if present.empty:
            continue
        code_key = _table_key(present, codes_of(present["code"]))
        parent_key = _table_key(present, present["parent_id"].to_numpy())
        has_parent = present["parent"].notna().to_numpy()
        orphans = present.loc[has_parent & ~member(parent_key, code_key)]
        index = pd.Index(code_key)
        for _, group in orphans.groupby(group_ids(orphans, ["_ds", "table", "parent"]), sort=False):
            found.append(_orphan_finding(ctx, cls, group, index))
        childless = present.loc[(present["level"] < shape(cls).depth).to_numpy() & ~member(code_key, parent_key[has_parent])]
        found.extend(_childless_finding(ctx, cls, row) for row in records(childless))
    return found


def _has(group: pd.DataFrame, code: str, index: pd.Index) -> bool:
    """Whether the (unit, table) of ``group`` lists ``code``."""
    first = group.iloc[:1]
    return int(_table_key(first, category_ids(first["code"], np.array([code], dtype=object)))[0]) in index


def _label(ctx: Context, cls: str, code: str) -> str:
    return f"{code} {ctx.graph.name(cls, code) or ''}".strip()


def _orphan_finding(ctx: Context, cls: str, group: pd.DataFrame, present: pd.Index) -> Finding:
    first = group.iloc[0]
    kind, parent = str(first["table"]), str(first["parent"])
    children = "、".join(_label(ctx, cls, str(c)) for c in group["code"])
    message = f"{ctx.title(kind)}列有 {children}，却没有其上级科目 {_label(ctx, cls, parent)}"
    above = [a for a in ctx.graph.ancestors(cls, parent) if not _has(group, a, present)]
    if above:
        message += f"（{'、'.join(_label(ctx, cls, a) for a in above)} 也没有）"
    return ctx.finding("CODE-ORPHAN", kind, int(first["pos"]), f"{kind} {parent}", message, expected=parent)


def _childless_finding(ctx: Context, cls: str, row: Record) -> Finding:
    kind, code, level = str(row["table"]), str(row["code"]), int(row["level"])
    message = (f"{ctx.title(kind)}列有{LEVEL_WORDS[level]} {_label(ctx, cls, code)}，"
               f"却没有它的任何下级{LEVEL_WORDS[level + 1]}")
    return ctx.finding("CODE-ORPHAN", kind, int(row["pos"]), f"{kind} {code}", message)


def check_duplicates(ctx: Context) -> list[Finding]:
    """CODE-DUPLICATE: a code listed twice in one table — or, where a table pairs two classifications
    (政府 and 部门 economic codes side by side), the same pair twice; [301] under [501] and under [505] is fine."""
    found: list[Finding] = []
    rows = ctx.rows
    for kind in rows["table"].cat.categories:
        mine = rows.loc[rows["table"] == kind]
        if mine.empty:  # a table whose only rows are uncoded (合计)
            continue
        columns = [str(c) for c in pd.unique(mine["column"].astype(object))]
        size = len(ctx.dataset.tables[str(kind)].frame)
        parts, ds = [], np.full(size, -1, dtype=np.int64)
        ds[mine["pos"].to_numpy()] = codes_of(mine["_ds"])
        for column in columns:
            part = mine.loc[mine["column"] == column]
            ids = np.full(size, -1, dtype=np.int64)
            ids[part["pos"].to_numpy()] = codes_of(part["code"])
            parts.append(ids)
        found.extend(_duplicates(ctx, str(kind), columns, ds, parts))
    return found


def _duplicates(ctx: Context, kind: str, columns: list[str], ds: np.ndarray, parts: list[np.ndarray]) -> list[Finding]:
    positions = np.flatnonzero(np.max(np.vstack(parts), axis=0) >= 0)
    key = radix_key([(ds[positions], len(ctx.rows["_ds"].cat.categories))]
                    + [(p[positions], len(ctx.rows["code"].cat.categories)) for p in parts])
    ids = pd.factorize(key)[0]
    repeated = np.bincount(ids)[ids] > 1
    codes = ctx.rows["code"].cat.categories
    out = []
    for group in pd.Series(positions[repeated]).groupby(ids[repeated], sort=False):
        pos = group[1].to_numpy()
        values = [codes[p[pos[0]]] for p in parts if p[pos[0]] >= 0]
        out.append(_duplicate_finding(ctx, kind, pos, values, len(columns) > 1))
    return out


def _duplicate_finding(ctx: Context, kind: str, pos: np.ndarray, values: list[str], paired: bool) -> Finding:
    key = "/".join(f"[{v}]" for v in values) if paired else "/".join(values)
    operands = tuple(ctx.operand(f"第{i}次", key, kind, int(p)) for i, p in enumerate(pos[:5], start=1))
    message = f"{ctx.title(kind)}中 {key} 出现 {len(pos)} 次"
    return ctx.finding("CODE-DUPLICATE", kind, int(pos[1]), f"{kind} {key}", message, operands=operands)


@cache
def coverage_rules() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(table, tables that must carry each of its 类) from ``checker/data/codes/coverage.toml``."""
    with data("codes/coverage.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    return tuple((r["table"], tuple(r["within"])) for r in raw.get("cover", ()))


def _classes(ctx: Context) -> pd.DataFrame:
    """Distinct (unit, table, 类) of the function-coded rows, with the first row of each."""
    codes = ctx.distinct_of(FUNCTION)
    lei = per_category(codes["code"], lambda c: c[:3] if c else "")
    return first_rows(codes.assign(lei=pd.Categorical(lei)), ["_ds", "table", "lei"])


def check_coverage(ctx: Context) -> list[Finding]:
    """CODE-COVERAGE: a 类 in one function-coded table missing from a table that must cover it."""
    classes = _classes(ctx)
    if classes.empty:
        return []
    ds_size, lei_size = _sizes(classes, "_ds", "lei")
    key = radix_key([(codes_of(classes["_ds"]), ds_size), (codes_of(classes["lei"]), lei_size)])
    missing = []
    for table, within in coverage_rules():
        mine = (classes["table"] == table).to_numpy()
        for other in within:
            theirs = (classes["table"] == other).to_numpy()
            covered = member(codes_of(classes["_ds"]), codes_of(classes["_ds"])[theirs])
            absent = mine & covered & ~member(key, key[theirs])
            missing.append(classes.loc[absent].assign(missing_in=other))
    frame = pd.concat(missing, ignore_index=True)
    return [_coverage_finding(ctx, g) for _, g in frame.groupby(["_ds", "missing_in", "lei"], sort=False, observed=True)]


def _coverage_finding(ctx: Context, group: pd.DataFrame) -> Finding:
    first = group.iloc[0]
    lei, other = str(first["lei"]), str(first["missing_in"])
    seen = "、".join(dict.fromkeys(ctx.title(str(k)) for k in group["table"]))
    message = f"{_label(ctx, FUNCTION, lei)} 出现在{seen}中，{ctx.title(other)}却没有这一类的任何科目"
    return ctx.finding("CODE-COVERAGE", str(first["table"]), int(first["pos"]), f"{other} {lei}", message, expected=lei)

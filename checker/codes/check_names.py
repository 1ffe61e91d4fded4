"""Checks on names: one code printed with different names, and names that differ from the code list.

Names are compared after ``normalise_name`` (NFKC, no whitespace, no "一、" numbering), so a line break
inside a cell or full-width brackets never make a difference; different words do.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from checker.codes.context import Context, Record
from checker.codes.keys import codes_of, first_rows, group_ids, grouped_records, member, radix_key, records
from checker.codes.shapes import normalise_name
from checker.findings import Finding

CODE_KEYS = ["_ds", "classification", "code"]


def _key(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """A value-based int64 key over categorical columns (comparable between frames cut from the rows)."""
    return radix_key([(codes_of(frame[c]), len(frame[c].cat.categories)) for c in columns])


def _named(ctx: Context) -> pd.DataFrame:
    return ctx.valid.loc[ctx.valid["name_key"] != ""]


def check_names(ctx: Context) -> list[Finding]:
    """CODE-NAME: the same code with different names in one unit's tables (or rows)."""
    named = _named(ctx)
    distinct = first_rows(named, [*CODE_KEYS, "name_key"])
    per_code = group_ids(distinct, CODE_KEYS)
    flagged = distinct.loc[np.bincount(per_code)[per_code] > 1] if len(distinct) else distinct
    if flagged.empty:
        return []
    subset = named.loc[member(_key(named, CODE_KEYS), _key(flagged, CODE_KEYS))]
    variants = first_rows(subset, [*CODE_KEYS, "name_key", "table", "column"])
    return [_name_finding(ctx, group) for group in grouped_records(variants, CODE_KEYS)]


def _name_finding(ctx: Context, rows: list[Record]) -> Finding:
    code = str(rows[0]["code"])
    shown = [(str(r["table"]), int(r["pos"]), ctx.name_at(str(r["table"]), str(r["column"]), int(r["pos"])))
             for r in rows]
    weight: dict[str, int] = {}
    for r in rows:
        weight[str(r["name_key"])] = weight.get(str(r["name_key"]), 0) + int(r["n"])
    odd = min(range(len(rows)), key=lambda i: (weight[str(rows[i]["name_key"])], -i))  # rarest, latest
    parts = "；".join(f"{ctx.title(kind)}为“{name}”" for kind, _, name in shown)
    kind, pos, name = shown[odd]
    operands = tuple(ctx.operand(ctx.title(k), n, k, p) for k, p, n in shown)
    return ctx.finding("CODE-NAME", kind, pos, code, f"{code} 的名称前后不一致：{parts}",
                       actual=name, operands=operands, explanation="同一编码应使用同一科目名称；以科目表为准。")


def check_list_names(ctx: Context) -> list[Finding]:
    """CODE-LIST-NAME: a printed name that differs from the code list's name for the code."""
    named = _named(ctx)
    spellings = first_rows(named, ["classification", "code", "name_key"])  # small: codes × spellings
    wrong = [_differs(ctx, r) for r in records(spellings[["classification", "code", "name_key"]])]
    bad = spellings.loc[np.array(wrong, dtype=bool)] if wrong else spellings
    if bad.empty:
        return []
    keys = ["classification", "code", "name_key"]
    flagged = named.loc[member(_key(named, keys), _key(bad, keys))]
    return [_list_name_finding(ctx, row) for row in records(first_rows(flagged, [*CODE_KEYS, "name_key"]))]


def _differs(ctx: Context, row: Record) -> bool:
    cls, code = str(row["classification"]), str(row["code"])
    listed = ctx.graph.name(cls, code) if ctx.graph.placed_by(cls, code) == "list" else None
    return bool(listed) and normalise_name(listed) != str(row["name_key"])


def _list_name_finding(ctx: Context, row: Record) -> Finding:
    kind, pos, code = str(row["table"]), int(row["pos"]), str(row["code"])
    printed, listed = ctx.name_at(kind, str(row["column"]), pos), ctx.graph.name(str(row["classification"]), code)
    count = int(row["n"])
    where = f"{ctx.title(kind)}" + (f"等 {count} 处" if count > 1 else "")
    message = f"{code} 在{where}名为“{printed}”，科目表中为“{listed}”"
    return ctx.finding("CODE-LIST-NAME", kind, pos, f"{code} {printed}", message, expected=listed, actual=printed,
                       explanation="编码决定科目，名称应与当年科目表一致。")

"""The hand-written baseline: the rollup and row-identity checks of the budget-disclosure ruleset written
directly in numpy/pandas on the loaded frames — what a programmer would write for these rules alone.

It answers with the same (rule id, unit, subject) triples as the checker's failed findings, so the
benchmark can assert that both find the same failures, and it uses the same tolerance (half a published
cent per term: ``2·|a − b| ≤ terms × 10 000`` micros).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from checker.dataset.model import Dataset, Table

HALF_CENT = 10_000  # half-micros of 0.01 万元: the allowance per published term
FUNCTION_TABLES = ("收入总表", "支出总表", "一般公共预算支出表", "政府性基金支出表")
ECON_TABLE = "基本支出经济分类表"
IDENTITIES = (  # rule, table, left column, right columns
    ("BD-T3-SPLIT", "支出总表", "合计", ("基本支出", "项目支出", "事业单位经营支出", "对附属单位补助支出", "上缴上级支出")),
    ("BD-T6-SPLIT", "一般公共预算支出表", "总计", ("基本支出", "项目支出小计")),
    ("BD-T6-PROJECT", "一般公共预算支出表", "项目支出小计", ("部门项目支出", "财政专项资金")),
    ("BD-T2-SPLIT", "收入总表", "总计", ("本年收入合计", "上级补助收入", "附属单位上缴收入", "用事业基金弥补收支总额", "上年预结转")),
    ("BD-T2-YEAR", "收入总表", "本年收入合计", ("财政拨款小计", "财政专户拨款小计", "其他资金小计")),
    ("BD-T2-FISCAL", "收入总表", "财政拨款小计", ("一般公共预算", "政府性基金预算", "国有资本经营预算")),
    ("BD-T8-SPLIT", "基本支出表", "总计", ("财政拨款小计", "财政专户管理资金小计", "事业收入资金", "经营收入资金", "其他资金")),
    ("BD-PROJECT-SPLIT", "项目支出表", "总计", ("财政拨款合计", "财政专户管理资金", "事业收入资金", "经营收入资金", "其他资金",
                                        "上年预结转")),
)
RULES = ("BD-ROLLUP-FUNC", "BD-ROLLUP-TOTAL", "BD-ROLLUP-ECON", "BD-ROLLUP-GOV-ECON", "BD-ECON-TOTAL",
         *(rule for rule, *_ in IDENTITIES))
ECON_TOTAL_TITLE = "基本支出经济分类表：合计 = 各类之和"

Failure = tuple[str, str, str]  # rule id, unit, subject


@dataclass(slots=True)
class Keyed:
    """A table's rows reduced to one row per (unit, code): sums per amount column and rows per key."""

    ds: np.ndarray  # unit id of each key
    code: np.ndarray  # code id of each key
    sums: np.ndarray  # keys × columns (int64 micros)
    rows: np.ndarray  # published rows per key
    codes: np.ndarray  # code id → code text
    units: np.ndarray  # unit id → unit key


def baseline(dataset: Dataset) -> list[Failure]:
    """Every failed rollup and row identity of the dataset, as (rule, unit, subject)."""
    out: list[Failure] = []
    for kind in FUNCTION_TABLES:
        table = dataset.tables.get(kind)
        if table is not None:
            columns = table.money_columns
            keyed = keyed_sums(table.frame, "科目编码", columns)
            out += rollup(keyed, columns, partial(_prefixed, kind), "BD-ROLLUP-FUNC", with_column=True)
            out += total_row(table, "科目编码", columns, "BD-ROLLUP-TOTAL", partial(_prefixed, kind))
    econ = dataset.tables.get(ECON_TABLE)
    if econ is not None:
        for rule, column in (("BD-ROLLUP-ECON", "部门经济分类编码"), ("BD-ROLLUP-GOV-ECON", "政府经济分类编码")):
            out += rollup(keyed_sums(econ.frame, column, ["预算数"]), ["预算数"], str, rule, with_column=False)
        out += total_row(econ, "部门经济分类编码", ["预算数"], "BD-ECON-TOTAL", lambda _: ECON_TOTAL_TITLE)
    for rule, kind, left, right in IDENTITIES:
        table = dataset.tables.get(kind)
        if table is not None:
            out += identity(table, rule, left, right)
    return out


def _prefixed(prefix: str, text: str) -> str:
    return f"{prefix} {text}"


def keyed_sums(frame: pd.DataFrame, code_column: str, columns: list[str]) -> Keyed:
    """Rows with a code, summed per (unit, code) — codes and units as integer ids, never string keys."""
    code_ids, codes = pd.factorize(frame[code_column].to_numpy())
    ds_ids, units = pd.factorize(frame["_ds"].to_numpy())
    coded = codes != ""
    keep = coded[code_ids]
    key = ds_ids[keep].astype(np.int64) * len(codes) + code_ids[keep]
    order = np.argsort(key, kind="stable")
    key = key[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.zeros(0, dtype=np.int64)
    values = frame[columns].to_numpy(dtype=np.int64)[keep][order]
    sums = np.add.reduceat(values, starts, axis=0) if len(key) else np.zeros((0, len(columns)), dtype=np.int64)
    rows = np.diff(np.r_[starts, len(key)])
    first = key[starts]
    return Keyed(first // len(codes), first % len(codes), sums, rows, np.asarray(codes, dtype=object),
                 np.asarray(units, dtype=object))


def rollup(k: Keyed, columns: list[str], subject: Callable[[str], str], rule: str, with_column: bool) -> list[Failure]:
    """parent = Σ children for every parent present with a child present, per amount column."""
    texts = k.codes
    parent_text = np.array([c[:-2] if len(c) > 3 else "" for c in texts], dtype=object)
    lookup = pd.Index(texts)
    parent_of_code = lookup.get_indexer(parent_text)  # -1: no parent among the table's codes
    parent_code = parent_of_code[k.code]
    child = np.flatnonzero(parent_code >= 0)
    width = len(texts)
    key = k.ds * width + k.code  # sorted (keyed_sums sorts by it)
    parent_key = k.ds[child] * width + parent_code[child]
    order = np.argsort(parent_key, kind="stable")
    parent_key, child = parent_key[order], child[order]
    starts = np.flatnonzero(np.r_[True, parent_key[1:] != parent_key[:-1]]) if len(parent_key) else np.zeros(0, int)
    if not len(starts):
        return []
    child_sums = np.add.reduceat(k.sums[child], starts, axis=0)
    child_rows = np.add.reduceat(k.rows[child], starts)
    at = np.searchsorted(key, parent_key[starts])
    found = (at < len(key)) & (key[np.minimum(at, len(key) - 1)] == parent_key[starts])
    at, child_sums, child_rows = at[found], child_sums[found], child_rows[found]
    allowance = (k.rows[at] + child_rows)[:, None] * HALF_CENT
    bad = np.abs(2 * (k.sums[at] - child_sums)) > allowance
    out = []
    for i, j in zip(*np.nonzero(bad), strict=True):
        code = texts[k.code[at[i]]]
        text = f"{subject(code)} {columns[j]}" if with_column else subject(code)
        out.append((rule, str(k.units[k.ds[at[i]]]), text))
    return out


def total_row(table: Table, code_column: str, columns: list[str], rule: str, subject: Callable[[str], str]) -> list[Failure]:
    """The 合计 row = Σ 类 (3-digit) rows, per unit that has a 合计 row, per amount column."""
    frame = table.frame
    name = np.full(len(frame), "", dtype=object)
    for column in reversed([c.name for c in table.columns if c.role == "name"]):  # the first non-empty name
        text = frame[column].to_numpy(dtype=object)
        name = np.where(text != "", text, name)
    codes = frame[code_column].to_numpy(dtype=object)
    ds_ids, units = pd.factorize(frame["_ds"].to_numpy())
    total = (codes == "") & np.isin(name, ("合计", "总计"))
    top = pd.Series(codes).str.len().to_numpy() == 3
    values = frame[columns].to_numpy(dtype=np.int64)
    n = len(units)
    sums = np.zeros((n, len(columns)), dtype=np.int64)
    np.add.at(sums, ds_ids[top], values[top])
    totals = np.zeros((n, len(columns)), dtype=np.int64)
    np.add.at(totals, ds_ids[total], values[total])
    terms = np.bincount(ds_ids[top], minlength=n) + np.bincount(ds_ids[total], minlength=n)
    has_total = np.bincount(ds_ids[total], minlength=n) > 0
    bad = (np.abs(2 * (totals - sums)) > terms[:, None] * HALF_CENT) & has_total[:, None]
    return [(rule, str(units[i]), subject(columns[j])) for i, j in zip(*np.nonzero(bad), strict=True)]


def identity(table: Table, rule: str, left: str, right: tuple[str, ...]) -> list[Failure]:
    """left = Σ right, row by row (columns the table lacks count as absent terms)."""
    f = table.frame
    present = [c for c in right if c in f]
    lhs = f[left].to_numpy(dtype=np.int64)
    rhs = f[present].to_numpy(dtype=np.int64).sum(axis=1)
    bad = np.flatnonzero(np.abs(2 * (lhs - rhs)) > (1 + len(present)) * HALF_CENT)
    return [(rule, str(f["_ds"].iat[int(i)]), row_label(table, int(i))) for i in bad]


def row_label(table: Table, i: int) -> str:
    """How the checker names a row: its code, else its name (whitespace removed)."""
    f = table.frame
    codes = [c.name for c in table.columns if c.role == "code"]
    names = [c.name for c in table.columns if c.role == "name"]
    code = "".join(str(f[codes[-1]].iat[i]).split()) if codes else ""
    return code or "".join(str(f[names[0]].iat[i]).split())

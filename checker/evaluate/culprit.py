"""Which cell most likely is wrong, and what kind of slip it was.

Every comparison whose sides are sums of published cells is a linear equation ``Σ aᵢ·xᵢ = r`` (r is
its residual, zero when it holds).  A cell *explains* the failures when every equation it takes part
in — across levels, columns, tables and rules, passing ones included — fails, and correcting the cell
by one and the same amount would fix them all.  When one cell explains two or more failures it is
named as the most likely culprit.

Slips are read off the residual: divisible by 9 (in the last published place) suggests transposed
digits; equal to an operand times (10ⁿ − 1) suggests a unit or decimal-point slip (10⁴: 万元 against
元); equal to one operand suggests a line dropped or counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from checker.compile import program as p
from checker.dataset.model import SCALE
from checker.evaluate.context import normalise_key
from checker.evaluate.describe import row_labels
from checker.evaluate.expr import Env, _keys_for
from checker.evaluate.gather import neighbours
from checker.evaluate.run import FAILED, RuleRun

TERM_COLUMNS = ("row", "cell", "coef", "value", "table", "pos")


@dataclass(frozen=True, slots=True)
class Blame:
    """What the analysis says about one failed equation."""

    culprit: str = ""
    slip: str = ""
    operands: tuple[tuple[str, Decimal, str, int], ...] = ()  # (label, value 万元, table, row position)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in TERM_COLUMNS})


def linear_terms(expr: p.Expr, b: pd.DataFrame, env: Env) -> pd.DataFrame | None:
    """The cells each binding row's expression adds up (with ±1), or None when it is not a plain sum."""
    if isinstance(expr, p.Const):
        return _empty()
    if isinstance(expr, p.Arith) and expr.op in "+-":
        left, right = linear_terms(expr.left, b, env), linear_terms(expr.right, b, env)
        if left is None or right is None:
            return None
        if expr.op == "-":
            right = right.assign(coef=-right["coef"])
        return pd.concat([left, right], ignore_index=True)
    if isinstance(expr, p.Neg):
        inner = linear_terms(expr.operand, b, env)
        return None if inner is None else inner.assign(coef=-inner["coef"])
    if isinstance(expr, p.RowField) and expr.ty == p.NUM:
        return _row_terms(expr, b, env)
    if isinstance(expr, p.Cell) and expr.ty == p.NUM and expr.key.kind != "set":
        return _cell_terms(expr, b, env)
    if isinstance(expr, p.Aggregate) and expr.function == "sum" and isinstance(expr.source, p.Cell):
        if expr.source.key.kind == "set":
            return _set_terms(expr.source, b, env)
        return _cell_terms(expr.source, b, env)
    return None


def _frame(rows: np.ndarray, cells: np.ndarray, values: np.ndarray, table: str, pos: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"row": rows, "cell": cells, "coef": np.ones(len(rows), dtype=np.int64),
                         "value": values, "table": table, "pos": pos})


def _cell_id(ds: np.ndarray, table: str, column: str, keys: np.ndarray) -> np.ndarray:
    return np.array([f"{d}|{table}|{column}|{k}" for d, k in zip(ds, keys, strict=True)], dtype=object)


def _row_terms(expr: p.RowField, b: pd.DataFrame, env: Env) -> pd.DataFrame:
    t = env.ctx.table(expr.table)
    if t is None or expr.column not in t.frame:
        return _empty()
    pos = b[expr.var].to_numpy(dtype=np.int64)
    values = t.frame[expr.column].to_numpy()[pos]
    printed = ~pd.isna(values)  # a unit whose table does not print the column has no such term
    pos, values = pos[printed], values[printed].astype(np.int64)
    labels = row_labels(env.ctx, expr.table, pos)
    ds = b["_ds"].to_numpy(dtype=object)[printed]
    return _frame(np.flatnonzero(printed), _cell_id(ds, expr.table, expr.column, labels), values, expr.table, pos)


def _cell_terms(expr: p.Cell, b: pd.DataFrame, env: Env) -> pd.DataFrame:
    ctx = env.ctx
    key_col = ctx.key_column(expr.table, expr.key.kind, expr.key.classification)
    lookup = ctx.lookup(expr.table, key_col, expr.column) if key_col else None
    if lookup is None or len(lookup.sums) == 0:
        return _empty()
    ds = b["_ds"].to_numpy(dtype=object)
    keys = _keys_for(expr.key, b, env)
    idx = lookup.find(ds, keys)
    ok = idx >= 0
    rows = np.flatnonzero(ok)
    return _frame(rows, _cell_id(ds[ok], expr.table, expr.column, keys[ok]), lookup.sums[idx[ok]], expr.table,
                  lookup.first_row[idx[ok]])


def _set_terms(cell: p.Cell, b: pd.DataFrame, env: Env) -> pd.DataFrame:
    ctx = env.ctx
    target_cls = "政府经济分类" if cell.key.function == "mapped" else cell.key.classification
    key_col = ctx.key_column(cell.table, "set", target_cls)
    lookup = ctx.lookup(cell.table, key_col, cell.column) if key_col else None
    if lookup is None or len(lookup.sums) == 0:
        return _empty()
    rows, idx = neighbours(cell.key, lookup, b, ctx)  # what the rule summed, in the same order
    index = lookup.index
    codes = np.asarray(index.keys, dtype=object)[index.pairs[idx] % max(len(index.keys), 1)]
    ds = b["_ds"].to_numpy(dtype=object)[rows]
    return _frame(rows, _cell_id(ds, cell.table, cell.column, codes), lookup.sums[idx], cell.table,
                  lookup.first_row[idx])


@dataclass(slots=True)
class Equations:
    """The linear equations of one rule run: terms per binding row, and each row's residual."""

    run: RuleRun
    terms: pd.DataFrame
    residual: np.ndarray


def equations_of(run: RuleRun, units: set[object] | None = None) -> Equations | None:
    """The rule's equations — of the binding rows of ``units`` only, when given (a cell belongs to one unit,
    so equations of other units never share a cell with theirs)."""
    expr = run.rule.assertion
    if not isinstance(expr, p.Compare) or expr.op != "==" or run.compared is None or len(run.bindings) == 0:
        return None
    rows = np.arange(len(run.bindings))
    if units is not None:
        rows = np.flatnonzero(run.bindings["_ds"].isin(units).to_numpy())
        if len(rows) == 0:
            return None
    b = run.bindings if len(rows) == len(run.bindings) else run.bindings.iloc[rows].reset_index(drop=True)
    left = linear_terms(expr.left, b, run.env)
    right = linear_terms(expr.right, b, run.env)
    if left is None or right is None:
        return None
    terms = pd.concat([left, right.assign(coef=-right["coef"])], ignore_index=True)
    terms["row"] = rows[terms["row"].to_numpy(dtype=np.int64)]
    return Equations(run, terms, np.asarray(run.compared[2], dtype=object))


def reads(expr: p.Expr) -> set[tuple[str, str]]:
    """(table, column) of every published cell a comparison of sums adds up (``linear_terms``' cells)."""
    if isinstance(expr, p.Compare | p.Arith):
        return reads(expr.left) | reads(expr.right)
    if isinstance(expr, p.Neg):
        return reads(expr.operand)
    if isinstance(expr, p.RowField | p.Cell):
        return {(expr.table, expr.column)}
    if isinstance(expr, p.Aggregate) and isinstance(expr.source, p.Cell):
        return {(expr.source.table, expr.source.column)}
    return set()


def failing_units(runs: list[RuleRun]) -> set[object]:
    """The units with a failed row in any run."""
    return {d for r in runs for d in r.bindings["_ds"].to_numpy()[r.outcome == FAILED]}


def blame(runs: list[RuleRun]) -> dict[tuple[int, int], Blame]:
    """For every failed row of every linear rule: the culprit (when one cell explains its failures) and slip."""
    units = failing_units(runs)
    if not units:
        return {}
    failing = [r for r in runs if (r.outcome == FAILED).any()]
    read = set().union(*(reads(r.rule.assertion) for r in failing))  # where the failing cells can be
    others = [r for r in runs if not (r.outcome == FAILED).any() and reads(r.rule.assertion) & read]
    systems = [e for e in (equations_of(r, units) for r in (*failing, *others)) if e is not None]
    if not systems:
        return {}
    failing_cells: set[str] = set()
    for s in systems:
        failed_rows = np.flatnonzero(s.run.outcome == FAILED)
        failing_cells |= set(s.terms.loc[s.terms["row"].isin(failed_rows), "cell"])
    verdicts = _explaining_cells(systems, failing_cells)
    out: dict[tuple[int, int], Blame] = {}
    for si, s in enumerate(systems):
        rows = s.terms["row"].to_numpy(dtype=np.int64)
        order = np.argsort(rows, kind="stable")  # each row's terms, in their order
        failed = np.flatnonzero(s.run.outcome == FAILED)
        starts, ends = np.searchsorted(rows[order], failed, "left"), np.searchsorted(rows[order], failed, "right")
        for row, start, end in zip(failed, starts, ends, strict=True):
            if start < end:
                group = s.terms.iloc[order[start:end]]
                out[(id(s.run), int(row))] = _blame_row(group, s.residual[row], verdicts, s.run, si)
    return out


def _explaining_cells(systems: list[Equations], candidates: set[str]) -> dict[str, tuple[int, object]]:
    """cell → (number of equations it explains, correction) for cells that explain all they are in."""
    parts = []
    for si, s in enumerate(systems):
        t = s.terms[s.terms["cell"].isin(candidates)]
        if t.empty:
            continue
        rows = t["row"].to_numpy(dtype=np.int64)
        residual = s.residual[rows]
        failed = s.run.outcome[rows] == FAILED
        correction = [(-int(r) // int(c)) if f else None for r, c, f in zip(residual, t["coef"], failed, strict=True)]
        parts.append(pd.DataFrame({"cell": t["cell"].to_numpy(), "eq": [f"{si}:{r}" for r in rows],
                                   "failed": failed, "correction": pd.Series(correction, dtype=object)}))
    if not parts:
        return {}
    membership = pd.concat(parts, ignore_index=True).drop_duplicates(["cell", "eq"])
    out: dict[str, tuple[int, object]] = {}
    for cell, group in membership.groupby("cell", sort=False):
        fixes = set(group["correction"])
        if group["failed"].all() and len(fixes) == 1:
            out[str(cell)] = (len(group), next(iter(fixes)))
    return out


def _blame_row(group: pd.DataFrame, residual: object, verdicts: dict[str, tuple[int, object]], run: RuleRun,
               si: int) -> Blame:
    ctx = run.env.ctx
    labels = [_label(c) for c in group["cell"]]
    values = [Decimal(int(v)) / SCALE for v in group["value"]]
    operands = tuple(zip(labels, values, group["table"], group["pos"].astype(int), strict=True))
    explaining = [(verdicts[c][0], c, verdicts[c][1]) for c in group["cell"] if c in verdicts]
    culprit = ""
    if explaining:
        best = max(n for n, _, _ in explaining)
        top = [(c, fix) for n, c, fix in explaining if n == best]
        if best >= 2 and len(top) == 1:
            cell, fix = top[0]
            delta = Decimal(int(str(fix))) / SCALE
            culprit = (f"最可能出错的是 {_label(cell)}：它参与的 {best} 个等式都不成立，"
                       f"改动 {delta:+f} 万元即全部成立")
    half = max(ctx.half_unit(t) for t in set(group["table"])) or 10_000
    return Blame(culprit, slip(int(str(residual)), [int(v) for v in group["value"]], labels, half), operands)


def _label(cell: str) -> str:
    _, table, column, key = cell.split("|", 3)
    return f"{table} {key} {column}"


def slip(residual: int, values: list[int], labels: list[str], last_place: int) -> str:
    """Classify a residual (micros) against the operands (micros) and the last published place (micros)."""
    if residual == 0:
        return ""
    d = abs(residual)
    for v, label in zip(values, labels, strict=True):
        if v and d == abs(v):
            return f"相差恰为 {label} 的金额 {Decimal(v) / SCALE}：可能漏计或重复计算了这一行"
    for v, label in zip(values, labels, strict=True):
        for n in range(1, 5):
            if v and (d == abs(v) * (10**n - 1) or d * 10**n == abs(v) * (10**n - 1)):
                what = "万元与元混淆" if n == 4 else f"小数点错位 {n} 位"
                return f"相差为 {label} 的 10^{n} 倍之差：可能是{what}"
    if last_place and d % last_place == 0 and (d // last_place) % 9 == 0:
        return f"相差 {Decimal(d) / SCALE} 能被 9 整除（以末位计）：可能是相邻数字颠倒"
    return ""


__all__ = ["Blame", "blame", "linear_terms", "normalise_key", "slip"]

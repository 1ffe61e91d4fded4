"""Words for findings: subjects, values in their units, tolerances and how they were derived, and the
three locations (rule file:line:col; data file:line [column]; document table · row)."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

from checker.compile import program as p
from checker.dataset.model import SCALE
from checker.evaluate.context import Context
from checker.evaluate.expr import Env, _keys_for

DIM_UNITS = {"money": "万元", "ratio": "%", "duration": "秒", "calendar": "个月", "": ""}


def unit_of_dim(dim: object) -> str:
    if isinstance(dim, str):
        return DIM_UNITS.get(dim, dim.replace("count:", ""))
    return ""


def decimal_of(micros: object, places: int | None = None, money: bool = True) -> Decimal | None:
    """Micros → the exact Decimal; money shows at least two decimals, other numbers as they are."""
    if micros is None or (isinstance(micros, float) and micros != micros):
        return None
    value = Decimal(int(micros)) / SCALE  # type: ignore[call-overload]
    if places is not None:
        return value.quantize(Decimal(1).scaleb(-places))
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    if not money:
        return normal.quantize(Decimal(1)) if isinstance(exponent, int) and exponent >= 0 else normal
    return normal if isinstance(exponent, int) and exponent <= -2 else value.quantize(Decimal("0.01"))


def tolerance_note(tol: p.Tolerance, half: object, terms: int, unit: str) -> tuple[Decimal, str]:
    """The tolerance used, exactly, and how it was derived (e.g. "8 terms × 0.005 万元 = 0.04 万元")."""
    value = Decimal(int(half)) / 2 / SCALE  # type: ignore[call-overload]
    shown = f"{value.normalize():f} {unit}".strip()
    if tol.kind == "exact":
        return value, "exact (no tolerance)"
    if tol.kind == "per_term":
        per = (value / terms).normalize() if terms else Decimal(0)
        how = "half the last published place" if tol.amount is None else "per term"
        return value, f"{terms} terms × {per:f} {unit} ({how}) = {shown}"
    if tol.kind == "relative":
        return value, f"{tol.amount}% of the expected value = {shown}"
    return value, f"absolute {shown}"


def subjects(run_bindings: pd.DataFrame, rule: p.CompiledRule, env: Env) -> np.ndarray:
    """A stable, readable subject per binding: fixed table/column names, then each variable's key."""
    n = len(run_bindings)
    parts: list[np.ndarray] = []
    fixed = dict(rule.fixed)
    tables = [v for v in fixed.values() if env.ctx.table(v) is not None or v.endswith("表")]
    if tables:
        parts.append(np.full(n, " ".join(tables), dtype=object))
    for binding in rule.bindings:
        parts.append(_describe_var(binding, run_bindings, env))
    columns = [v for k, v in fixed.items() if v not in tables]
    if columns:
        parts.append(np.full(n, " ".join(columns), dtype=object))
    if not parts:
        return np.full(n, rule.title, dtype=object)
    out = parts[0].astype(str).astype(object)
    for part in parts[1:]:
        out = np.array([f"{a} {b}" for a, b in zip(out, part, strict=True)], dtype=object)
    return out


def _describe_var(binding: p.Binding, b: pd.DataFrame, env: Env) -> np.ndarray:
    ctx = env.ctx
    values = b[binding.var].to_numpy()
    if binding.kind == "code":
        return values.astype(object)
    if binding.kind in ("row", "project"):
        return row_labels(ctx, binding.table, values)
    if binding.kind == "indicator":
        f = ctx.dataset.indicators
        proj = f["项目"].astype(str).to_numpy()[values] if len(values) else values
        name = f["指标名称"].astype(str).to_numpy()[values] if len(values) else values
        return np.array([f"{a}/{c}" for a, c in zip(proj, name, strict=True)], dtype=object)
    f = ctx.dataset.stated
    topic = f["主题"].astype(str).to_numpy()[values] if len(values) else values
    section = f["章节"].astype(str).to_numpy()[values] if len(values) else values
    labels = [f"{t}（{s}）" if s else t for t, s in zip(topic, section, strict=True)]
    return _deduplicate(labels, b["_ds"].to_numpy())


def _deduplicate(labels: list[str] | np.ndarray, ds: np.ndarray) -> np.ndarray:
    """Labels made unique within their unit: the k-th repeat of a label in a unit gets " #k" (k ≥ 2)."""
    out = np.asarray(labels, dtype=object).copy() if len(labels) else np.zeros(0, dtype=object)
    if len(out) < 2:
        return out
    unit, _ = pd.factorize(np.asarray(ds, dtype=object), use_na_sentinel=False)
    text, texts = pd.factorize(out, use_na_sentinel=False)
    key = unit.astype(np.int64) * max(len(texts), 1) + text
    occurrence = pd.Series(key).groupby(key, sort=False).cumcount().to_numpy() + 1
    again = np.flatnonzero(occurrence > 1)
    if len(again):
        out[again] = [f"{label} #{k}" for label, k in zip(out[again], occurrence[again], strict=True)]
    return out


def row_labels(ctx: Context, kind: str, pos: np.ndarray) -> np.ndarray:
    """A row's code if it has one, else its name, else its position."""
    t = ctx.table(kind)
    if t is None or len(pos) == 0:
        return np.array([], dtype=object)
    frame = t.frame
    codes = [c.name for c in t.columns if c.role == "code"]
    names = [c.name for c in t.columns if c.role == "name"]
    blank = np.full(len(pos), "", dtype=object)
    label = ctx.keys(kind, codes[-1]).to_numpy(dtype=object)[pos] if codes else blank.copy()
    name = ctx.keys(kind, names[0]).to_numpy(dtype=object)[pos] if names else blank
    label = np.where(label != "", label, name)
    unnamed = np.flatnonzero(label == "")
    if len(unnamed):
        label[unnamed] = [f"第{r}行" for r in frame["_row"].to_numpy()[pos][unnamed]]
    if "收支" in frame:
        side = frame["收支"].astype(str).to_numpy(dtype=object)[pos]
        sided = np.flatnonzero([bool(x) for x in side])
        label[sided] = [f"{x}·{y}" for x, y in zip(side[sided], label[sided], strict=True)]
    return _deduplicate(label, frame["_ds"].to_numpy()[pos])


def anchor(expr: p.Expr, b: pd.DataFrame, env: Env) -> tuple[str, str, np.ndarray]:
    """(frame kind, column, row positions) of the first data cell an assertion reads; -1 where none."""
    node = _first_data(expr)
    n = len(b)
    if isinstance(node, p.RowField):
        return node.table, node.column, b[node.var].to_numpy(dtype=np.int64)
    if isinstance(node, p.Field):
        return node.kind, node.column, b[node.var].to_numpy(dtype=np.int64)
    if isinstance(node, p.Cell) and node.key.kind != "set":
        ctx = env.ctx
        key_col = ctx.key_column(node.table, node.key.kind, node.key.classification)
        lookup = ctx.lookup(node.table, key_col, node.column) if key_col else None
        if lookup is None or len(lookup.first_row) == 0:
            return node.table, node.column, np.full(n, -1)
        idx = lookup.find(b["_ds"].to_numpy(dtype=object), _keys_for(node.key, b, env))
        return node.table, node.column, np.where(idx >= 0, lookup.first_row[np.where(idx >= 0, idx, 0)], -1)
    return "", "", np.full(n, -1)


def _first_data(expr: object) -> object:
    if isinstance(expr, p.RowField | p.Field | p.Cell):
        return expr
    for name in ("left", "actual", "target", "operand", "source", "args", "right"):
        value = getattr(expr, name, None)
        for v in value if isinstance(value, tuple) else (value,):
            if v is not None and not isinstance(v, str):
                found = _first_data(v)
                if found is not None:
                    return found
    return None


def locations(ctx: Context, kind: str, column: str, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Data location ("file:line [column]") and document location ("表3 支出总体情况表 · 2010301 (seed.txt:312)")."""
    n = len(pos)
    if kind in ("indicator", "stated"):
        frame = ctx.dataset.indicators if kind == "indicator" else ctx.dataset.stated
        title = "绩效指标" if kind == "indicator" else "文字说明"
    else:
        t = ctx.table(kind)
        if t is None:
            return np.full(n, "", dtype=object), np.full(n, "", dtype=object)
        frame, title = t.frame, t.display_title
    if n == 0 or len(frame) == 0:
        return np.full(n, "", dtype=object), np.full(n, "", dtype=object)
    safe = np.where(pos >= 0, pos, 0)
    files = frame["_file"].astype(str).to_numpy()[safe] if "_file" in frame else np.full(n, "")
    lines = frame["_line"].to_numpy()[safe] if "_line" in frame else np.full(n, "")
    docs = frame["_doc"].astype(str).to_numpy()[safe] if "_doc" in frame else np.full(n, "")
    labels = row_labels(ctx, kind, safe) if kind not in ("indicator", "stated") else np.full(n, "", dtype=object)
    data, document = [], []
    for i in range(n):
        if pos[i] < 0:
            data.append("")
            document.append(title)
            continue
        col = f" [{column}]" if column else ""
        data.append(f"{where(files[i], lines[i])}{col}")
        doc = f" ({docs[i]})" if docs[i] and docs[i] != "nan" else ""
        label = f" · {labels[i]}" if len(labels) and labels[i] else ""
        document.append(f"{title}{label}{doc}")
    return np.array(data, dtype=object), np.array(document, dtype=object)


def where(file: object, line: object) -> str:
    """``file:line``; for a PDF, whose rows are placed by page, ``file p.N``."""
    return f"{file} p.{line}" if str(file).lower().endswith(".pdf") else f"{file}:{line}"

"""Vectors of exact values: the evaluator's one data shape.

Numbers are integer micros (see ``checker.dataset.model``).  They stay ``int64`` while that is safe
and become arrays of Python ints (which never overflow) when a product or a quotient could exceed it.
Never floats: ``abs(1.00 - (0.33+0.33+0.33))`` must be exactly 0.01.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pandas.api.types import infer_dtype

from checker.dataset.model import SCALE

INT64_SAFE = 2**62


@dataclass(slots=True)
class Vec:
    """One value per binding.

    ``present`` is False where a value is missing (a row or column absent); ``why`` then says why.
    ``dim`` is the dimension of numbers (one for all, or an array when it varies per row).
    ``tol`` is the rounding allowance of the published operands in half-micros (n × half a last place);
    ``terms`` counts the published terms that went into the value.  ``compact``: the values are texts
    without whitespace already ("" for missing), as text comparisons compare them.
    """

    ty: str
    values: np.ndarray
    present: np.ndarray
    dim: str | np.ndarray = ""
    tol: np.ndarray | None = None
    terms: np.ndarray | None = None
    why: np.ndarray | None = None
    compact: bool = False

    def __len__(self) -> int:
        return len(self.values)

    @property
    def tol_or_zero(self) -> np.ndarray:
        return self.tol if self.tol is not None else np.zeros(len(self), dtype=np.int64)

    @property
    def terms_or_zero(self) -> np.ndarray:
        return self.terms if self.terms is not None else np.zeros(len(self), dtype=np.int64)


def const(ty: str, value: object, n: int, dim: str = "") -> Vec:
    if ty == "number":
        values = np.full(n, value, dtype=np.int64) if abs(int(value)) < INT64_SAFE else np.full(n, value, dtype=object)  # type: ignore[call-overload]
    elif ty == "bool":
        values = np.full(n, bool(value), dtype=bool)
    else:
        values = np.empty(n, dtype=object)
        values.fill(value)
    return Vec(ty, values, np.ones(n, dtype=bool), dim)


def missing(ty: str, n: int, why: str, dim: str = "") -> Vec:
    values = np.zeros(n, dtype=np.int64) if ty == "number" else np.full(n, None, dtype=object)
    return Vec(ty, values, np.zeros(n, dtype=bool), dim, why=np.full(n, why, dtype=object))


def reasons(present: np.ndarray, text: str) -> np.ndarray:
    """None where a value is present, else ``text`` (why it is missing)."""
    out = np.full(len(present), None, dtype=object)
    out[~np.asarray(present, dtype=bool)] = text
    return out


def merge_why(*vecs: Vec) -> np.ndarray | None:
    """The first reason a value is missing, per row, across operands."""
    out: np.ndarray | None = None
    for v in vecs:
        if v.why is None:
            continue
        if out is None:
            out = v.why.copy()
        else:
            fill = nones(out)
            out[fill] = v.why[fill]
    return out


def nones(values: np.ndarray) -> np.ndarray:
    """Where an object array holds None (``v is None``, compared in C rather than one by one in Python)."""
    return np.asarray(np.equal(values, None), dtype=bool)  # type: ignore[call-overload]


def _bound(values: np.ndarray) -> int:
    if len(values) == 0:
        return 0
    if values.dtype == object:
        return max(abs(int(v)) for v in values)
    return int(np.abs(values).max())


def narrow(values: np.ndarray) -> np.ndarray:
    """An object array of Python ints well inside int64, as int64 — the same numbers, computed in C;
    anything else (bigger ints, other objects) unchanged."""
    if values.dtype != object or len(values) == 0 or infer_dtype(values, skipna=False) != "integer":
        return values
    low, high = values.min(), values.max()
    if max(abs(int(low)), abs(int(high))) >= INT64_SAFE // SCALE:
        return values
    return values.astype(np.int64)


def widen(values: np.ndarray) -> np.ndarray:
    return values if values.dtype == object else values.astype(object)


def add(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a, b = narrow(a), narrow(b)
    if a.dtype != object and b.dtype != object and _bound(a) < INT64_SAFE // 2 and _bound(b) < INT64_SAFE // 2:
        return a + b
    return widen(a) + widen(b)


def sub(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return add(a, -b if b.dtype != object else np.array([-x for x in b], dtype=object))


def mul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(a × b) / SCALE, rounded half away from zero."""
    a, b = narrow(a), narrow(b)
    if a.dtype != object and b.dtype != object and _bound(a) * max(_bound(b), 1) < INT64_SAFE:
        return _div_round(a * b, np.full(len(a), SCALE, dtype=np.int64))
    return _div_round(widen(a) * widen(b), np.full(len(a), SCALE, dtype=object))


def div(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(a × SCALE) / b rounded half away from zero, and where b is zero (those results are 0)."""
    a, b = narrow(a), narrow(b)
    zero = b == 0
    safe_b = np.where(zero, 1, b) if b.dtype != object else np.array([x or 1 for x in b], dtype=object)
    if a.dtype != object and _bound(a) * SCALE < INT64_SAFE:
        out = _div_round(a * SCALE, safe_b)
    else:
        out = _div_round(widen(a) * SCALE, widen(safe_b))
    if out.dtype == object:
        out[zero] = 0
    else:
        out = np.where(zero, 0, out)
    return out, zero


def _div_round(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den rounded half away from zero, in exact integers."""
    if num.dtype == object or den.dtype == object:
        return np.array([_round_div(int(n), int(d)) for n, d in zip(num, den, strict=True)], dtype=object)
    q, r = np.divmod(np.abs(num), np.abs(den))
    q = q + (2 * r >= np.abs(den))
    return np.where((num < 0) != (den < 0), -q, q)


def _round_div(n: int, d: int) -> int:
    q, r = divmod(abs(n), abs(d))
    if 2 * r >= abs(d):
        q += 1
    return -q if (n < 0) != (d < 0) else q


def round_to(values: np.ndarray, places: np.ndarray) -> np.ndarray:
    """Round micros to ``places`` decimals (half away from zero, as published figures are rounded)."""
    out = np.empty(len(values), dtype=object)
    for i, (v, pl) in enumerate(zip(values, places, strict=True)):
        step = 10 ** max(0, 6 - int(pl) // SCALE)
        out[i] = _round_div(int(v), step) * step
    return out


def absolute(values: np.ndarray) -> np.ndarray:
    return np.abs(values) if values.dtype != object else np.array([abs(v) for v in values], dtype=object)

"""Whole-column helpers for reading cells: a value-by-value transform applied once per distinct value,
and plain decimal amounts (``-1925.14``) parsed in numpy without a Python call per text.

Both give exactly what the value-by-value code gives; they only decide how often it runs.  A province of
10,000 units has millions of cells but few distinct codes and names, and its amounts are nearly all plain.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

PLAIN_WIDTH = 20  # a sign, at most 18 digits and a point: longer texts are never plain amounts
_DIGIT0, _POINT, _PLUS, _MINUS = ord("0"), ord("."), ord("+"), ord("-")


def per_distinct(texts: pd.Series, transform: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``transform`` (a value-by-value Series operation) run on each distinct value once, aligned to ``texts``."""
    codes, uniques = pd.factorize(texts)  # the distinct values keep the column's dtype (str, object …)
    if len(texts) == 0 or (codes < 0).any():  # missing values: let the transform see them as they are
        return transform(texts)
    done = transform(pd.Series(uniques, name=texts.name))
    return pd.Series(done.array.take(codes), index=texts.index, name=done.name)


def plain_amounts(texts: np.ndarray, exponent: int, max_digits: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which texts are plain ASCII decimals ``[+-]digits[.digits]`` that fit exactly, their value in
    10^-exponent and the decimals written.

    A text is plain when its whole part has 1 to ``max_digits - exponent`` digits and its fraction (if
    written) 1 to ``exponent`` digits; everything else (blanks, dashes, thousands separators, full-width
    digits, spaces, too many decimals, too long) is left to the caller (``mask`` False).
    """
    n = len(texts)
    mask = np.zeros(n, dtype=bool)
    values = np.zeros(n, dtype=np.int64)
    decimals = np.zeros(n, dtype=np.int64)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    candidates = np.flatnonzero((lengths > 0) & (lengths <= PLAIN_WIDTH))
    if len(candidates) == 0:
        return mask, values, decimals
    chars = texts[candidates].astype(f"U{PLAIN_WIDTH}").view(np.uint32).reshape(len(candidates), PLAIN_WIDTH)
    ok, value, frac = _decode(chars, lengths[candidates], exponent, max_digits)
    mask[candidates], values[candidates], decimals[candidates] = ok, value, frac
    return mask, values, decimals


def _decode(chars: np.ndarray, lengths: np.ndarray, exponent: int, max_digits: int) -> tuple[np.ndarray, ...]:
    """Per row of code points: (plain?, value, decimals written)."""
    col = np.arange(PLAIN_WIDTH)
    inside = col < lengths[:, None]
    digit = (chars >= _DIGIT0) & (chars <= _DIGIT0 + 9)
    point = chars == _POINT
    signed = (chars[:, 0] == _PLUS) | (chars[:, 0] == _MINUS)
    allowed = digit | point | ((col == 0) & signed[:, None])
    points = point.sum(axis=1)
    at = np.where(points > 0, point.argmax(axis=1), lengths)  # position of the point, or the end
    whole = at - signed
    frac = np.where(points > 0, lengths - at - 1, 0)
    ok = ((allowed | ~inside).all(axis=1) & (points <= 1) & (whole >= 1) & (whole <= max_digits - exponent)
          & ((points == 0) | ((frac >= 1) & (frac <= exponent))))
    power = np.where(col < at[:, None], at[:, None] - 1 - col + exponent, exponent - (col - at[:, None]))
    counted = digit & inside & ok[:, None]
    weights = np.where(counted, 10 ** np.clip(power, 0, 18), 0).astype(np.int64)
    value = ((chars.astype(np.int64) - _DIGIT0) * weights).sum(axis=1)
    return ok, np.where(chars[:, 0] == _MINUS, -value, value), frac



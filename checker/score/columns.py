"""Whole-column helpers for scoring: text columns, work done once per distinct value, sums per group.

Scoring works on all indicators of all units at once (a province is ~500,000 indicators), so nothing here
loops over rows in Python: texts are stripped, parsed and formatted once per *distinct* value and spread
back by integer codes (``pd.factorize``); groups are integer codes too.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

Coded = tuple[np.ndarray, np.ndarray]  # (a code per row, the distinct values in order of first appearance)


def text(frame: pd.DataFrame, column: str) -> pd.Series:
    """A text column with blanks for missing values ("" when the frame lacks the column), each distinct
    value stripped once."""
    return Texts(frame)(column)


def _coded_text(frame: pd.DataFrame, column: str) -> Coded | pd.Series:
    """The codes of ``text`` of a column — or, for a column of mixed types, the text itself."""
    if column not in frame:
        return np.zeros(len(frame), dtype=np.intp), objects([""])
    values = frame[column]
    if values.dtype == object and infer_dtype(values, skipna=True) not in ("string", "empty"):
        # mixed types (1 and "1" would share a code): the plain way
        return values.astype(object).where(values.notna(), "").astype(str).str.strip()
    codes, uniques = pd.factorize(values)
    listed = uniques.tolist()
    stripped = [str(u).strip() for u in listed]
    if not (codes < 0).any() and all(map(operator.is_, stripped, listed)):  # nothing to strip, nothing missing
        return codes, objects(listed)
    merged, distinct = pd.factorize(objects([*stripped, ""]))
    codes = merged[codes]  # a missing value (-1) takes the last, ""
    if len(distinct) < len(stripped) or (codes < 0).any():  # keep codes in order of first appearance
        codes, first = pd.factorize(codes)
        distinct = np.asarray(distinct, dtype=object)[first]
    return codes, np.asarray(distinct, dtype=object)


class Texts:
    """The text columns of one frame (``text``), each stripped once per distinct value and kept with its
    codes (scoring reads some in several places and groups by others); a column becomes a Series only
    when asked for as one."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self._codes: dict[str, Coded] = {}
        self._series: dict[str, pd.Series] = {}

    def __call__(self, column: str) -> pd.Series:
        if column not in self._series:
            coded = _coded_text(self.frame, column) if column not in self._codes else self._codes[column]
            if isinstance(coded, pd.Series):
                self._series[column] = coded
            elif column not in self.frame:
                self._series[column] = pd.Series("", index=self.frame.index, dtype=object)
            else:
                self._codes[column] = coded
                self._series[column] = pd.Series(coded[1][coded[0]], index=self.frame.index, dtype="str")
        return self._series[column]

    def codes(self, column: str) -> Coded:
        if column not in self._codes:
            coded = _coded_text(self.frame, column) if column not in self._series else self._series[column]
            self._codes[column] = codes_of(coded) if isinstance(coded, pd.Series) else coded
        return self._codes[column]


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a frame as dicts keyed by column name (for the few rows that need words)."""
    columns = [str(c) for c in frame.columns]
    values = [frame[c].to_numpy(dtype=object) for c in frame.columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)] if columns else []


def only(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The values where ``mask`` holds, None elsewhere (an object array)."""
    out = np.full(len(values), None, dtype=object)
    out[mask] = values[mask]
    return out


def objects(values: Sequence[Any]) -> np.ndarray:
    """Values as a 1-d object array (also when they are tuples or lists)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def codes_of(values: pd.Series | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(codes, distinct values in order of first appearance) of values without missing ones."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object) if not isinstance(values, pd.Series) else values)
    return codes, np.asarray(uniques, dtype=object)


def per_text(texts: pd.Series, fn: Callable[[str], object]) -> pd.Series:
    """``fn`` of each text, computed once per distinct text."""
    codes, uniques = codes_of(texts)
    if (codes < 0).any():  # a missing value: map it the way pandas does
        return texts.map({t: fn(t) for t in texts.unique()}).astype(object)
    return pd.Series(objects([fn(t) for t in uniques])[codes], index=texts.index, dtype=object)


def per_value(coded: Coded, fn: Callable[[Any], object]) -> np.ndarray:
    """``fn`` of each row's coded value (an object array), computed once per distinct value."""
    codes, values = coded
    return objects([fn(v) for v in values.tolist()])[codes]


def pair_codes(first: Coded, second: Coded, fn: Callable[[Any, Any], object]) -> Coded:
    """The codes of ``fn(a, b)`` of each row's pair of coded values, ``fn`` called once per distinct pair."""
    a, a_values = first
    b, b_values = second
    width = max(len(b_values), 1)
    pair, pairs = pd.factorize(a.astype(np.int64) * width + b)
    code, values = pd.factorize(objects([fn(a_values[p // width], b_values[p % width]) for p in pairs.tolist()]))
    return code[pair], np.asarray(values, dtype=object)


def per_codes(a: np.ndarray, a_values: np.ndarray, b: np.ndarray, b_values: np.ndarray,
              fn: Callable[[Any, Any], object]) -> np.ndarray:
    """``fn(a_values[a], b_values[b])`` per row (codes ≥ 0), computed once per distinct pair of codes."""
    width = max(len(b_values), 1)
    pair, pairs = pd.factorize(a.astype(np.int64) * width + b)
    return objects([fn(a_values[p // width], b_values[p % width]) for p in pairs.tolist()])[pair]


def firsts(codes: np.ndarray) -> np.ndarray:
    """For each code 0…max, the first position that has it."""
    first = np.zeros(int(codes.max()) + 1 if len(codes) else 0, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes))[::-1]
    return first


def spans(codes: np.ndarray, count: int) -> tuple[list[int], list[tuple[int, int]]]:
    """The positions ordered by code (stable), and each code's (start, end) in that order."""
    sizes = np.bincount(codes, minlength=count)
    ends = np.cumsum(sizes)
    return np.argsort(codes, kind="stable").tolist(), list(zip((ends - sizes).tolist(), ends.tolist(), strict=True))


def group_sum(values: np.ndarray, groups: np.ndarray, count: int) -> np.ndarray:
    """Per group (codes 0…count-1, every group non-empty): the sum of its values added in row order, as
    ``groupby().sum()`` adds objects (Decimal sums round at each step, so the order is kept)."""
    if count == 0:
        return np.empty(0, dtype=object)
    order = np.argsort(groups, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(groups[order]) != 0])
    return np.add.reduceat(values[order], starts)



"""Integer keys over categorical columns: grouping, first rows, membership — the checks' vectorised core.

The coded rows hold their strings as categoricals, so grouping by (unit, table, code) is arithmetic on
their integer codes; graph facts (a code's parent, its listed name) are computed once per category and
spread to the rows with one ``take``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd


def codes_of(column: pd.Series) -> np.ndarray:
    """Dense non-negative integer ids of a column's values (a categorical's codes, else factorized)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(dtype=np.int64)
    return pd.factorize(column, use_na_sentinel=False)[0].astype(np.int64)


def combine(arrays: Sequence[np.ndarray]) -> np.ndarray:
    """One dense int64 id per distinct tuple of the arrays' values (ids in order of first appearance)."""
    if not arrays:
        return np.zeros(0, dtype=np.int64)
    parts = [np.asarray(a, dtype=np.int64) for a in arrays]
    sizes = [int(p.max(initial=0)) + 1 for p in parts]
    if np.prod([s + 1 for s in sizes], dtype=float) < 2**62:
        return pd.factorize(radix_key(list(zip(parts, sizes, strict=True))))[0].astype(np.int64)
    ids = pd.factorize(parts[0])[0].astype(np.int64)
    for part, size in zip(parts[1:], sizes[1:], strict=True):
        ids = pd.factorize(ids * (size + 1) + part + 1)[0].astype(np.int64)  # re-densify: never overflows
    return ids


def group_ids(frame: pd.DataFrame, keys: Sequence[str]) -> np.ndarray:
    """``combine`` over the columns ``keys`` of ``frame``."""
    return combine([codes_of(frame[k]) for k in keys])


def first_rows(frame: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """One row per distinct ``keys`` (its first, in frame order), with how many rows share them (``n``)."""
    if frame.empty:
        return frame.assign(n=np.zeros(0, dtype=np.int64))
    ids = group_ids(frame, keys)
    running = np.maximum.accumulate(ids)
    first = np.flatnonzero(np.r_[True, running[1:] > running[:-1]])  # ids appear in order: 0, 1, 2 …
    return frame.iloc[first].assign(n=np.bincount(ids))


def per_category(column: pd.Series, func: Callable[[Any], Any], dtype: Any = object) -> np.ndarray:
    """``func`` applied once per category of a categorical column, spread to its rows."""
    categories = column.cat.categories
    values = np.array([func(c) for c in categories] + [func(None)], dtype=dtype)
    return values[column.cat.codes.to_numpy()]  # code -1 (missing) picks func(None)


def category_ids(column: pd.Series, values: np.ndarray) -> np.ndarray:
    """The category id of each of ``values`` in ``column``'s categories (-1 where it is not one)."""
    return column.cat.categories.get_indexer(pd.Index(values, dtype=object)).astype(np.int64)


def member(keys: np.ndarray, universe: np.ndarray) -> np.ndarray:
    """Whether each key is in ``universe`` (hash-based, for int64 keys)."""
    return pd.Series(keys).isin(universe).to_numpy()


def radix_key(parts: Sequence[tuple[np.ndarray, int]]) -> np.ndarray:
    """One int64 per row from (ids, how many ids there can be) parts; ids may be -1 (absent).

    Unlike ``combine`` the key depends only on the values, so keys built from two frames compare.
    """
    key = np.zeros(len(parts[0][0]), dtype=np.int64)
    capacity = 1
    for ids, size in parts:
        capacity *= size + 1
        if capacity >= 2**62:
            raise OverflowError("too many distinct values for one int64 key")
        key = key * (size + 1) + np.asarray(ids, dtype=np.int64) + 1
    return key


def records(frame: pd.DataFrame) -> list[dict[Any, Any]]:
    """The rows of a (small) frame as plain dicts, categoricals as their strings."""
    plain = frame.astype({c: object for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)})
    return plain.to_dict("records")


def grouped_records(frame: pd.DataFrame, keys: Sequence[str]) -> list[list[dict[Any, Any]]]:
    """``records`` grouped by ``keys``, groups and rows in frame order."""
    out: dict[int, list[dict[Any, Any]]] = {}
    for gid, row in zip(group_ids(frame, keys).tolist(), records(frame), strict=True):
        out.setdefault(gid, []).append(row)
    return list(out.values())

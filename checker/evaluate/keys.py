"""Finding (unit, key) pairs fast: each side factorised to integer codes once, pairs as one int64 each.

A ``MultiIndex`` of strings hashes both strings of every pair on every lookup; here the distinct units and
the distinct keys are hashed once when the index is built, a probe hashes each of its arrays once, and
pairs are compared as integers (``ds_code × number of keys + key_code``, sorted, binary-searched).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

Coded = tuple[np.ndarray, np.ndarray]  # a code per value, and the distinct values


def factorised(values: np.ndarray) -> Coded:
    """``pd.factorize`` of an object array, missing values coded like any other value."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=False)
    return codes, np.asarray(uniques, dtype=object)


class PairIndex:
    """The distinct (unit, key) pairs of two aligned arrays; ``pair_of_row`` numbers each row's pair."""

    def __init__(self, ds: np.ndarray, keys: np.ndarray, coded: tuple[Coded, Coded] | None = None):
        """``coded``: both arrays already factorised — (codes, distinct values) each; the distinct values
        may include some no row has (they are never found)."""
        (ds_codes, ds_uniques), (key_codes, key_uniques) = coded or (factorised(ds), factorised(keys))
        self.ds: Any = pd.Index(ds_uniques, dtype=object)  # (pandas-stubs: get_indexer takes arrays too)
        self.keys: Any = pd.Index(key_uniques, dtype=object)
        composite = ds_codes.astype(np.int64) * max(len(self.keys), 1) + key_codes
        self.pairs, self.pair_of_row = np.unique(composite, return_inverse=True)

    def __len__(self) -> int:
        return len(self.pairs)

    def find(self, ds: np.ndarray, keys: np.ndarray) -> np.ndarray:
        """The pair number of each (ds, key), or -1 where the pair is not in the index."""
        n = len(keys)
        if len(self.pairs) == 0 or n == 0:
            return np.full(n, -1, dtype=np.int64)
        d = np.asarray(self.ds.get_indexer(np.asarray(ds, dtype=object)), dtype=np.int64)
        k = np.asarray(self.keys.get_indexer(np.asarray(keys, dtype=object)), dtype=np.int64)
        composite = d * max(len(self.keys), 1) + k
        at = np.minimum(np.searchsorted(self.pairs, composite), len(self.pairs) - 1)
        found = (d >= 0) & (k >= 0) & (self.pairs[at] == composite)
        return np.where(found, at, -1).astype(np.int64)


def map_distinct(values: np.ndarray, func: Callable[[Any], Any], dtype: Any = object) -> np.ndarray:
    """``[func(v) for v in values]`` as an array, with ``func`` called once per distinct value.

    Only texts and integers are grouped (values equal under ``==`` but of other types — 1, 1.0, True —
    are not the same to ``str``); missing values and any other type are passed to ``func`` one by one.
    """
    values = np.asarray(values, dtype=object)
    codes, uniques = pd.factorize(values)
    if len(uniques) * 2 > len(values) or not all(type(u) is str or type(u) is int for u in uniques):
        return np.array([func(v) for v in values], dtype=dtype)
    out = np.array([func(u) for u in uniques], dtype=dtype)[codes] if len(uniques) else np.empty(len(values), dtype)
    for i in np.flatnonzero(codes < 0):
        out[i] = func(values[i])
    return out

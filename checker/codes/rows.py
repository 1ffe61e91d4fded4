"""The coded rows of a dataset: one row per (table row, code column), the long frame every check groups.

Strings are categoricals over vocabularies shared by all tables, so the parts concatenate cheaply and
grouping is arithmetic on integer codes.  Each code and name is normalised once per distinct value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from checker.codes.extract import CodeColumn, code_columns
from checker.codes.shapes import normalise_code, normalise_name, shape
from checker.dataset.model import Dataset

ROW_COLUMNS = ("_ds", "table", "classification", "column", "code", "level", "name_key", "pos")
CATEGORICAL = ("_ds", "table", "classification", "column", "code", "name_key")


class Vocabulary:
    """Strings → dense ids, shared by every part of a long frame."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.values: list[str] = []

    def encode(self, values: Iterable[str]) -> np.ndarray:
        """The ids of ``values``, adding the new ones."""
        out = []
        for value in values:
            index = self.ids.get(value)
            if index is None:
                index = self.ids[value] = len(self.values)
                self.values.append(value)
            out.append(index)
        return np.array(out, dtype=np.int64)

    def column(self, values: pd.Series, clean: Callable[[object], str] = str) -> np.ndarray:
        """The ids of a column's values, each distinct value cleaned once; a missing value is ``clean(None)``."""
        positions, uniques = pd.factorize(values, use_na_sentinel=True)
        return self.encode([*(clean(u) for u in uniques), clean(None)])[positions]

    def categorical(self, ids: np.ndarray) -> pd.Categorical:
        """Ids as a categorical over the whole vocabulary."""
        return pd.Categorical.from_codes(ids, categories=pd.Index(self.values, dtype=object))


def _text(value: object) -> str:
    return "" if value is None else str(value)


def coded_rows(dataset: Dataset) -> pd.DataFrame:
    """One row per (table row, code column) with a non-blank code: ``ROW_COLUMNS``, strings categorical.

    ``level`` is the code's level by its shape, 0 when it fits no level of the column's classification.
    """
    vocab = {name: Vocabulary() for name in CATEGORICAL}
    units: dict[str, np.ndarray] = {}
    parts = [_part(col, vocab, units) for col in code_columns(dataset)]
    if not parts:
        return pd.DataFrame({c: pd.Categorical([]) if c in CATEGORICAL else np.zeros(0, np.int64) for c in ROW_COLUMNS})
    arrays = {c: np.concatenate([p[c] for p in parts]) for c in ROW_COLUMNS}
    return pd.DataFrame({c: vocab[c].categorical(arrays[c]) if c in CATEGORICAL else arrays[c] for c in ROW_COLUMNS})


def _part(col: CodeColumn, vocab: dict[str, Vocabulary], units: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    frame = col.table.frame
    code_ids = vocab["code"].column(frame[col.column], normalise_code)
    spec = shape(col.classification)
    levels = np.array([(spec.level(c) or 0) if c else -1 for c in vocab["code"].values], dtype=np.int8)[code_ids]
    keep = np.flatnonzero(levels >= 0)
    names = frame[col.name_column] if col.name_column else pd.Series("", index=frame.index)
    if col.kind not in units:  # one factorize per table, however many code columns it has
        ds = frame["_ds"] if "_ds" in frame.columns else pd.Series("", index=frame.index)
        units[col.kind] = vocab["_ds"].column(ds, _text)
    constant = {k: vocab[k].encode([v])[0] for k, v in
                (("table", col.kind), ("classification", col.classification), ("column", col.column))}
    return {
        "_ds": units[col.kind][keep],
        **{k: np.full(len(keep), v, dtype=np.int64) for k, v in constant.items()},
        "code": code_ids[keep], "level": levels[keep].astype(np.int64),
        "name_key": vocab["name_key"].column(names, normalise_name)[keep], "pos": keep.astype(np.int64),
    }

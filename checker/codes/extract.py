"""Where a dataset keeps its codes: the code columns of its tables, their distinct codes, and the
provenance of one row (fetched only for the rows that make a finding)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from checker.codes.shapes import CLASSIFICATIONS, normalise_code, shape
from checker.dataset.model import Dataset, Table


@dataclass(frozen=True, slots=True)
class CodeColumn:
    """One code column of one table, with the name column printed beside it (if any)."""

    kind: str
    table: Table
    classification: str
    column: str
    name_column: str | None


def code_columns(dataset: Dataset) -> Iterator[CodeColumn]:
    """Every code column of every table, in table order; classifications other than the three are skipped."""
    for kind, table in dataset.tables.items():
        for cls, column in table.code_columns().items():
            if cls in CLASSIFICATIONS and column in table.frame.columns:
                yield CodeColumn(kind, table, cls, column, _name_column(table, column))


def _name_column(table: Table, code_column: str) -> str | None:
    names = [c.name for c in table.columns if c.role == "name" and c.name in table.frame.columns]
    paired = code_column.replace("编码", "名称")
    if paired in names:
        return paired
    order = [c.name for c in table.columns]
    after = [n for n in names if order.index(n) > order.index(code_column)]
    return next(iter(after or names), None)


def dataset_codes(dataset: Dataset) -> dict[str, set[str]]:
    """The distinct well-shaped codes of each classification found in the dataset's tables."""
    out: dict[str, set[str]] = {cls: set() for cls in CLASSIFICATIONS}
    for col in code_columns(dataset):
        spec = shape(col.classification)
        for value in pd.unique(col.table.frame[col.column]):
            code = normalise_code(value)
            if spec.level(code) is not None:
                out[col.classification].add(code)
    return out


class Cells:
    """Single cells of a dataset's tables, read through cached column arrays (each finding needs a few)."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self._arrays: dict[tuple[str, str], np.ndarray | None] = {}

    def get(self, kind: str, column: str, pos: int) -> object:
        """The cell, or None when the table has no such column or the cell is empty (NaN, NA)."""
        key = (kind, column)
        if key not in self._arrays:
            frame = self.dataset.tables[kind].frame
            self._arrays[key] = frame[column].to_numpy() if column in frame.columns else None
        array = self._arrays[key]
        value = None if array is None else array[int(pos)]
        return value if _present(value) else None

    def text(self, kind: str, column: str | None, pos: int) -> str:
        """A cell as published, whitespace collapsed ("" for none)."""
        value = self.get(kind, column, pos) if column else None
        return "" if value is None else " ".join(str(value).split())

    def provenance(self, kind: str, pos: int) -> tuple[str, str, str]:
        """(dataset key, data location ``file:line``, document location ``表N title 第R行``) of one row."""
        get = self.get
        file, line, doc, number = get(kind, "_file", pos), get(kind, "_line", pos), get(kind, "_doc", pos), get(kind, "_row", pos)
        data_location = (f"{file} p.{line}" if str(file).lower().endswith(".pdf") else f"{file}:{line}") if file \
            else str(doc or "")
        title = self.dataset.tables[kind].display_title
        document = f"{title} 第{int(str(number))}行" if number is not None else title
        ds = get(kind, "_ds", pos)
        return ("" if ds is None else str(ds)), data_location, document


def provenance(dataset: Dataset, kind: str, pos: int) -> tuple[str, str, str]:
    """(dataset key, data location ``file:line``, document location ``表N title 第R行``) of one table row."""
    return Cells(dataset).provenance(kind, pos)


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and np.isnan(value)) and value is not pd.NA

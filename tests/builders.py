"""Small datasets for tests, written as the published tables would print them (amounts as text)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from checker.dataset.model import Column, Dataset, Table, UnitMeta, money_micros
from checker.dataset.templates import templates


def table(kind: str, rows: list[dict[str, object]], ds: str = "U1", unit: str = "万元", file: str = "t.csv",
          places: int = 2) -> Table:
    """A table of ``kind`` from dicts of canonical column → value (money as text in ``unit``)."""
    spec = templates()[kind]
    present = [c for c in spec.columns if any(c.name in r for r in rows)]
    data: dict[str, object] = {}
    for col in present:
        values = [r.get(col.name) for r in rows]
        if col.role in ("money", "count"):
            data[col.name] = np.array([money_micros(Decimal(str(v or 0)), unit) for v in values], dtype=np.int64)
        elif col.role == "level":
            data[col.name] = np.array([int(v or 0) for v in values], dtype=np.int64)
        else:
            data[col.name] = pd.Series(["" if v is None else str(v) for v in values], dtype=object)
    n = len(rows)
    data.update(_ds=[ds] * n, _row=np.arange(1, n + 1), _file=[file] * n, _line=np.arange(2, n + 2), _doc=[""] * n)
    columns = [Column(c.name, c.name, c.role, c.classification) for c in present]
    return Table(kind, kind, unit, columns, pd.DataFrame(data), places=places, source=file)


def dataset(*tables: Table, ds: str = "U1", year: str = "2021") -> Dataset:
    return Dataset([UnitMeta(ds, department="测试单位", year=year)], {t.kind: t for t in tables})


def combine(*datasets: Dataset) -> Dataset:
    """Several units in one dataset (frames concatenated, _ds keeps them apart)."""
    units = [u for d in datasets for u in d.units]
    kinds = {k for d in datasets for k in d.tables}
    tables = {}
    for kind in kinds:
        parts = [d.tables[kind] for d in datasets if kind in d.tables]
        first = parts[0]
        frame = pd.concat([t.frame for t in parts], ignore_index=True)
        tables[kind] = Table(kind, first.title, first.unit, first.columns, frame, places=first.places)
    return Dataset(units, tables)


def edit_file(name: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    """An edit of one file of a dataset folder (for building broken variants of the seed)."""
    def apply(folder: Path) -> None:
        path = folder / name
        path.write_text(change(path.read_text(encoding="utf-8-sig")), encoding="utf-8-sig")
    return apply

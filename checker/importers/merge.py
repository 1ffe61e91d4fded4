"""Many units in one Dataset and back: frames of one kind concatenated, ``_ds`` keeping units apart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pandas as pd

from checker.dataset.model import INDICATOR_COLUMNS, STATED_COLUMNS, Column, Dataset, Table, empty_frame
from checker.diagnostics import Diagnostic


def merge(datasets: Sequence[Dataset], sources: Sequence[str]) -> Dataset:
    """One Dataset holding all units; a unit key met twice gets a suffix ("#2") and a W303 problem."""
    seen: set[str] = set()
    renamed: list[Dataset] = []
    problems: list[Diagnostic] = []
    for dataset, source in zip(datasets, sources, strict=True):
        for unit in dataset.units:
            if unit.key in seen:
                new = free_key(unit.key, seen)
                problems.append(Diagnostic("W303", f"unit key {unit.key!r} is already taken; this unit is "
                                           f"{new!r}", where=source))
                dataset = rename_unit(dataset, unit.key, new)
                seen.add(new)
            else:
                seen.add(unit.key)
        renamed.append(dataset)
    return concat(renamed, problems)


def free_key(key: str, taken: set[str]) -> str:
    """``key`` with the first suffix "#2", "#3" … not yet taken."""
    n = 2
    while f"{key}#{n}" in taken:
        n += 1
    return f"{key}#{n}"


def rename_unit(dataset: Dataset, old: str, new: str) -> Dataset:
    """The dataset with unit ``old`` called ``new`` everywhere (its UnitMeta and every ``_ds``)."""

    def frame(f: pd.DataFrame) -> pd.DataFrame:
        if "_ds" not in f or f.empty:
            return f
        return f.assign(_ds=f["_ds"].where(f["_ds"].ne(old), new))

    tables = {k: replace(t, frame=frame(t.frame)) for k, t in dataset.tables.items()}
    units = [replace(u, key=new) if u.key == old else u for u in dataset.units]
    spending = frame(dataset.spending) if dataset.spending is not None else None
    return replace(dataset, units=units, tables=tables, indicators=frame(dataset.indicators),
                   stated=frame(dataset.stated), spending=spending)


def _stack(frames: list[pd.DataFrame], columns: tuple[str, ...] | None = None) -> pd.DataFrame:
    present = [f for f in frames if not f.empty]
    if not present:
        return frames[0] if frames else empty_frame(columns or ())
    return present[0] if len(present) == 1 else pd.concat(present, ignore_index=True)


def _table(tables: list[Table]) -> Table:
    columns: list[Column] = []
    for t in tables:
        columns += [c for c in t.columns if all(c.name != k.name for k in columns)]
    frame = _stack([t.frame for t in tables])
    return replace(tables[0], columns=columns, frame=frame)


def concat(datasets: Sequence[Dataset], problems: Sequence[Diagnostic] = ()) -> Dataset:
    """Datasets whose unit keys differ → one Dataset (tables of one kind stacked, first metadata kept)."""
    kinds: dict[str, list[Table]] = {}
    for d in datasets:
        for kind, table in d.tables.items():
            kinds.setdefault(kind, []).append(table)
    spendings = [d.spending for d in datasets if d.spending is not None]
    return Dataset(
        units=[u for d in datasets for u in d.units],
        tables={kind: _table(tables) for kind, tables in kinds.items()},
        indicators=_stack([d.indicators for d in datasets], INDICATOR_COLUMNS),
        stated=_stack([d.stated for d in datasets], STATED_COLUMNS),
        problems=[*(p for d in datasets for p in d.problems), *problems],
        spending=_stack(spendings) if spendings else None,
    )


def split_units(dataset: Dataset) -> list[Dataset]:
    """One Dataset per unit (the inverse of ``concat``); problems stay with the first."""
    if len(dataset.units) <= 1:
        return [dataset]

    def part(f: pd.DataFrame, key: str) -> pd.DataFrame:
        return f[f["_ds"].eq(key)].reset_index(drop=True) if "_ds" in f else f

    out = []
    for i, unit in enumerate(dataset.units):
        tables = {k: replace(t, frame=part(t.frame, unit.key)) for k, t in dataset.tables.items()}
        tables = {k: t for k, t in tables.items() if not t.frame.empty}
        spending = part(dataset.spending, unit.key) if dataset.spending is not None else None
        out.append(Dataset(units=[unit], tables=tables, indicators=part(dataset.indicators, unit.key),
                           stated=part(dataset.stated, unit.key),
                           problems=list(dataset.problems) if i == 0 else [], spending=spending))
    return out

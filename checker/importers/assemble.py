"""A manifest and a way to fetch each of its tables → a Dataset; and a Dataset → its manifest.

The CSV folder and the XLSX workbook differ only in where a table's cells come from (a file, a sheet):
both call ``assemble`` with a loader, and both write through ``manifest_of``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

import pandas as pd

from checker.dataset.model import Dataset, Table, UnitMeta
from checker.dataset.templates import templates
from checker.diagnostics import Diagnostic, DiagnosticError
from checker.importers.cells import RawTable
from checker.importers.figures import read_indicators, read_stated
from checker.importers.frames import build_table
from checker.importers.manifest import Manifest, TableEntry

Loader = Callable[[str], RawTable]


def unit_of(manifest: Manifest, key: str) -> UnitMeta:
    """The UnitMeta a manifest describes, under ``key``."""
    return UnitMeta(key=key, department=manifest.department, unit_code=manifest.unit_code, year=manifest.year,
                    document=manifest.document, source=manifest.source, headings=manifest.headings)


def assemble(manifest: Manifest, key: str, load: Loader, where: str) -> Dataset:
    """Read every table, the indicators and the stated figures the manifest names.

    Problems of one table (an unknown kind, a missing file, bad cells) are collected on the Dataset and
    the others are still read; DiagnosticError (E301) only when nothing at all could be read.
    """
    dataset = Dataset(units=[unit_of(manifest, key)])
    for entry in manifest.tables:
        table = _read_table(entry, key, load, dataset.problems)
        if table is not None:
            dataset.tables[entry.kind] = table
    if manifest.indicators:
        frame = _read_figures(manifest.indicators, key, load, read_indicators, dataset.problems)
        dataset.indicators = frame if frame is not None else dataset.indicators
    if manifest.stated:
        frame = _read_figures(manifest.stated, key, load, read_stated, dataset.problems)
        dataset.stated = frame if frame is not None else dataset.stated
    if not dataset.tables and dataset.indicators.empty and dataset.stated.empty:
        nothing = Diagnostic("E301", f"nothing could be read from {where}", where=where,
                             hint="the manifest names no table, indicator or stated-figure file that could be read")
        raise DiagnosticError([*dataset.problems, nothing])
    return dataset


def _read_table(entry: TableEntry, key: str, load: Loader, problems: list[Diagnostic]) -> Table | None:
    spec = templates().get(entry.kind)
    if spec is None:
        problems.append(unknown_kind(entry.kind, entry.file))
        return None
    try:
        raw = load(entry.file)
    except DiagnosticError as exc:
        problems.extend(exc.diagnostics)
        return None
    table, found = build_table(raw, entry, spec, key)
    problems.extend(found)
    return table


def unknown_kind(kind: str, where: str) -> Diagnostic:
    """E304 for a table kind no template defines, with the closest kind as a suggestion."""
    close = difflib.get_close_matches(kind, list(templates()), n=1, cutoff=0.4)
    return Diagnostic("E304", f"unknown table kind {kind!r}; the table is not read", where=where,
                      hint=f"did you mean {close[0]!r}?" if close else "see docs/canonical-format.md for the kinds")


def _read_figures(
    name: str, key: str, load: Loader,
    read: Callable[[RawTable, str], tuple[pd.DataFrame, list[Diagnostic]]], problems: list[Diagnostic],
) -> pd.DataFrame | None:
    try:
        raw = load(name)
    except DiagnosticError as exc:
        problems.extend(exc.diagnostics)
        return None
    frame, found = read(raw, key)
    problems.extend(found)
    return frame


def entry_of(table: Table, file: str) -> TableEntry:
    """The manifest entry describing ``table`` stored in ``file``."""
    headers = {c.name: c.header for c in table.columns if c.header and c.header != c.name}
    return TableEntry(kind=table.kind, file=file, title=table.title, number=table.number, unit=table.unit,
                      notes=table.notes, source=table.source, places=table.places, headers=headers)


def manifest_of(unit: UnitMeta, entries: list[TableEntry], indicators: str = "", stated: str = "") -> Manifest:
    """The manifest of one unit's dataset."""
    return Manifest(key=unit.key, department=unit.department, unit_code=unit.unit_code, year=unit.year,
                    document=unit.document, source=unit.source, headings=tuple(unit.headings),
                    indicators=indicators, stated=stated, tables=tuple(entries))

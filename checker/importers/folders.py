"""Many canonical unit folders at once (a province of thousands of units).

``read_folders(folders)`` gives what ``load_many`` gives for the same folders — ``merge`` of
``read_canonical`` of each: the same frames, the same problems in the same order — but converts the cells
of each table kind once for all units (one pandas pass per column instead of one per column per unit).

Every file is still read and parsed on its own (``read_csv``: encodings, quotes, comments, line numbers).
Files of one kind with the same header and manifest entry are stacked and converted together, each row
keeping its own unit, file, line and position.  A unit that is unusual in any way — an unreadable manifest
or file, an unknown kind, an empty file or header cell, a row longer than its header, or any problem in
its cells — is read the unit-by-unit way, so its diagnostics are exactly those of ``read_canonical``.
Folders that each hold many units (``stacked``) are read and merged as ``load_many`` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from checker.dataset.model import (
    INDICATOR_COLUMNS,
    STATED_COLUMNS,
    Column,
    Dataset,
    Table,
    UnitMeta,
    empty_frame,
)
from checker.dataset.templates import templates
from checker.diagnostics import Diagnostic, DiagnosticError
from checker.importers.assemble import unit_of
from checker.importers.canonical import MANIFEST, read_canonical
from checker.importers.cells import RawTable, read_csv
from checker.importers.figures import read_indicators, read_stated
from checker.importers.frames import build_table
from checker.importers.manifest import TableEntry, read_manifest
from checker.importers.merge import free_key, rename_unit
from checker.memory import collector_paused

FIGURES = ("indicators", "stated")


@dataclass(slots=True)
class Part:
    """One parsed file of one unit: a table (with its manifest entry) or the indicators / stated figures."""

    unit: int
    kind: str
    raw: RawTable
    entry: TableEntry | None = None

    def group(self) -> tuple[object, ...]:
        """What its conversion depends on besides its cells: files alike in all of it convert together."""
        e = self.entry
        meta = () if e is None else (e.title, e.number, e.unit, e.notes, e.source, e.places, tuple(e.headers.items()))
        return self.kind, tuple(self.raw.header), self.raw.header_line, meta


@dataclass(slots=True)
class Unit:
    """One folder: read in batch (``parts``) or on its own (``dataset``), or failed (``errors``)."""

    folder: Path
    key: str = ""
    meta: UnitMeta | None = None
    parts: list[Part] = field(default_factory=list)
    dataset: Dataset | None = None
    errors: list[Diagnostic] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    many: bool = False  # a folder of many units (its manifest names a units file)

    @property
    def loaded(self) -> bool:
        return not self.errors


def read_folders(folders: Sequence[Path]) -> Dataset:
    """Canonical unit folders → one Dataset (DiagnosticError when none of them could be read)."""
    with collector_paused():
        return _read(folders)


def _read(folders: Sequence[Path]) -> Dataset:
    units = [_open(i, Path(folder)) for i, folder in enumerate(folders)]
    if any(u.many for u in units):
        from checker.importers import load_many

        return load_many(folders)
    loaded = [u for u in units if u.loaded]
    if not loaded:
        raise DiagnosticError([d for u in units for d in u.errors] or [Diagnostic("E301", "no sources given")])
    renamed = _keys(loaded)
    pieces = _convert(units)
    for u in units:  # units whose cells had problems were read on their own; give them their final key
        if u.dataset is not None and u.dataset.units[0].key != u.key:
            u.dataset = rename_unit(u.dataset, u.dataset.units[0].key, u.key)
    merged = _assemble(units, pieces)
    merged.problems = [*(d for u in units for d in u.errors), *merged.problems, *renamed]
    return merged


def _open(index: int, folder: Path) -> Unit:
    """Read and parse every file of a unit; anything unusual → read the whole unit on its own."""
    unit = Unit(folder)
    try:
        manifest = read_manifest(folder / MANIFEST)
        if manifest.units:
            unit.many = True
            return unit
        unit.key = manifest.key or manifest.unit_code or folder.resolve().name
        unit.meta = unit_of(manifest, unit.key)
        for entry in manifest.tables:
            if templates().get(entry.kind) is None:
                return _alone(unit)
            unit.parts.append(Part(index, entry.kind, read_csv(folder / entry.file), entry))
        for kind, name in zip(FIGURES, (manifest.indicators, manifest.stated), strict=True):
            if name:
                unit.parts.append(Part(index, kind, read_csv(folder / name)))
    except DiagnosticError:
        return _alone(unit)
    if not unit.parts or any(not p.raw.rows or not all(p.raw.header) or p.raw.overlong() for p in unit.parts):
        return _alone(unit)
    return unit


def _alone(unit: Unit) -> Unit:
    """The unit read the unit-by-unit way (``read_canonical``), or the errors that stopped it."""
    unit.parts = []
    try:
        unit.dataset = read_canonical(unit.folder)
        unit.key = unit.key or unit.dataset.units[0].key
    except DiagnosticError as exc:
        unit.errors = list(exc.diagnostics) or [Diagnostic("E301", f"cannot read {unit.folder}")]
    return unit


def _keys(loaded: list[Unit]) -> list[Diagnostic]:
    """A key met twice gets a suffix ("#2") and a W303 problem, as ``merge`` does."""
    seen: set[str] = set()
    problems = []
    for u in loaded:
        if u.key in seen:
            new = free_key(u.key, seen)
            problems.append(Diagnostic("W303", f"unit key {u.key!r} is already taken; this unit is {new!r}",
                                       where=str(u.folder)))
            u.key = new
        seen.add(u.key)
        if u.meta is not None:
            u.meta = replace(u.meta, key=u.key)
    return problems


@dataclass(slots=True)
class Piece:
    """The converted rows of one group of files: a table (or a figures frame) and each row's unit."""

    kind: str
    frame: pd.DataFrame
    units: np.ndarray
    first: int  # the first unit it holds rows (or, read alone, the table) of
    table: Table | None = None


def _convert(units: list[Unit]) -> list[Piece]:
    """Convert each group of alike files at once; units with a problem in their cells are read alone."""
    groups: dict[tuple[object, ...], list[Part]] = {}
    for u in units:
        for part in u.parts:
            groups.setdefault(part.group(), []).append(part)
    pieces, header_problems, failed = [], {}, set()
    for key, parts in groups.items():
        piece, header, bad = _convert_group(parts, units)
        pieces.append(piece)
        header_problems[key] = header
        failed |= bad
    for u in units:
        if u.parts and u.parts[0].unit in failed:
            _alone(u)
        for part in u.parts:
            where = part.raw.where(part.raw.header_line, 0)
            u.problems += [replace(d, where=where) for d in header_problems[part.group()]]
    return [_without(p, failed) for p in pieces]


def _convert_group(parts: list[Part], units: list[Unit]) -> tuple[Piece, list[Diagnostic], set[int]]:
    """One conversion for all the files of a group; problems of the header apply to every file alike,
    problems of a row belong to its unit (which is then read alone)."""
    raw, owner = _stack(parts)
    keys = pd.Series([units[i].key for i in owner], dtype=object)
    first = parts[0]
    if first.kind in FIGURES:
        frame, problems = (read_indicators if first.kind == "indicators" else read_stated)(raw, keys)
        piece = Piece(first.kind, frame, owner, first.unit)
    else:
        assert first.entry is not None
        spec = templates()[first.kind]
        table, problems = build_table(raw, first.entry, spec, keys)
        piece = Piece(first.kind, table.frame, owner, first.unit, table)
    header_where = raw.where(raw.header_line, 0)
    by_file = {p.raw.file: p.unit for p in parts}
    bad = {by_file[d.where.rsplit(":", 1)[0]] for d in problems if d.where and d.where != header_where}
    return piece, [d for d in problems if d.where == header_where], bad


def _stack(parts: list[Part]) -> tuple[RawTable, np.ndarray]:
    """The rows of many files with one header as one RawTable, each row keeping its file and position."""
    first = parts[0].raw
    rows: list[list[str]] = []
    lines: list[int] = []
    files: list[str] = []
    numbers: list[int] = []
    owner: list[np.ndarray] = []
    for part in parts:
        n = len(part.raw.rows)
        rows += part.raw.rows
        lines += part.raw.lines
        files += [part.raw.file] * n
        numbers += range(1, n + 1)
        owner.append(np.full(n, part.unit, dtype=np.int64))
    stacked = RawTable(file=first.file, header=list(first.header), rows=rows, lines=lines,
                       header_line=first.header_line, files=files, numbers=numbers)
    return stacked, np.concatenate(owner)


def _without(piece: Piece, failed: set[int]) -> Piece:
    if not failed:
        return piece
    keep = ~np.isin(piece.units, list(failed))
    units = piece.units[keep]
    return replace(piece, frame=piece.frame[keep].reset_index(drop=True), units=units,
                   first=int(units[0]) if len(units) else -1)


def _assemble(units: list[Unit], pieces: list[Piece]) -> Dataset:
    """One Dataset, as ``merge.concat`` builds it from the units read one by one (in unit order)."""
    loaded = [u for u in units if u.loaded]
    return Dataset(
        units=[u.dataset.units[0] if u.dataset is not None else u.meta for u in loaded],  # type: ignore[misc]
        tables={kind: _table(_sources(kind, units, pieces)) for kind in _kinds(loaded)},
        indicators=_figures("indicators", loaded, _sources("indicators", units, pieces)),
        stated=_figures("stated", loaded, _sources("stated", units, pieces)),
        problems=[d for u in loaded for d in (u.dataset.problems if u.dataset is not None else u.problems)],
    )


def _kinds(loaded: list[Unit]) -> list[str]:
    """Table kinds in the order the units first list them."""
    kinds: dict[str, None] = {}
    for u in loaded:
        kinds.update(dict.fromkeys(u.dataset.tables if u.dataset is not None else
                                   [p.kind for p in u.parts if p.entry is not None]))
    return list(kinds)


def _sources(kind: str, units: list[Unit], pieces: list[Piece]) -> list[Piece]:
    """Where the rows of ``kind`` are — converted groups, and units read alone — by their first unit."""
    found = [p for p in pieces if p.kind == kind and len(p.units)]
    for i, u in enumerate(units):
        if u.dataset is None:
            continue
        table = u.dataset.tables.get(kind)
        frame = getattr(u.dataset, kind) if kind in FIGURES else table.frame if table is not None else None
        if frame is not None and (table is not None or not frame.empty):
            found.append(Piece(kind, frame, np.full(len(frame), i, dtype=np.int64), i, table))
    return sorted(found, key=lambda p: p.first)


def _rows(sources: list[Piece]) -> pd.DataFrame | None:
    """The non-empty sources stacked, rows in unit order (``merge._stack``), or None when all are empty."""
    present = [p for p in sources if len(p.frame)]
    if not present:
        return None
    if len(present) == 1:
        return present[0].frame
    frame = pd.concat([p.frame for p in present], ignore_index=True)
    owner = np.concatenate([p.units for p in present])
    if (np.diff(owner) < 0).any():
        frame = frame.take(np.argsort(owner, kind="stable")).reset_index(drop=True)
    return frame


def _table(sources: list[Piece]) -> Table:
    """The first unit's table with every unit's columns and rows (``merge._table``)."""
    tables = [p.table for p in sources if p.table is not None]
    columns: list[Column] = []
    for t in tables:
        columns += [c for c in t.columns if all(c.name != k.name for k in columns)]
    frame = _rows(sources)
    return replace(tables[0], columns=columns, frame=frame if frame is not None else tables[0].frame)


def _figures(kind: str, loaded: list[Unit], sources: list[Piece]) -> pd.DataFrame:
    frame = _rows(sources)
    if frame is not None:
        return frame
    first = loaded[0].dataset
    return getattr(first, kind) if first is not None else empty_frame(
        INDICATOR_COLUMNS if kind == "indicators" else STATED_COLUMNS)

"""Many units in one canonical folder ("stacked"): one CSV per table kind holding the rows of every unit.

``manifest.toml`` says ``units = "units.csv"`` (one row per unit: key, department, unit_code, year,
document, source); every table file, and the indicators and stated-figure files, start with a column
``单位`` naming the unit of each row.  docs/canonical-format.md ("Many units in one folder") describes it.

Each file is read by pandas' C parser in one call (``cells.read_frame``) — a province is a few dozen
files, not 170,000 — and converted by the same code as one unit's files (``build_table``,
``read_indicators``, ``read_stated``), so cells, codes, headers and their problems are read exactly alike.
Rows are put in the order of units.csv (a unit's rows keep their order in the file); each keeps its unit
(``_ds``), its file and CSV line, and its position among its unit's rows of the table (``_row``).  A row
whose 单位 is not a unit of units.csv is not read, and said so (E318).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from checker.dataset.model import Dataset, UnitMeta
from checker.dataset.templates import TableSpec, templates
from checker.diagnostics import Diagnostic, DiagnosticError
from checker.importers.actuals import with_actuals
from checker.importers.assemble import unknown_kind
from checker.importers.cells import RawTable, read_csv, read_frame
from checker.importers.figures import read_indicators, read_stated
from checker.importers.frames import build_table
from checker.importers.manifest import DOCUMENTS, Manifest, TableEntry
from checker.memory import collector_paused
from checker.workers import Forked, can_fork

UNIT_COLUMN = "单位"  # the first column of every file of a stacked folder: the unit's key
UNITS_COLUMNS = ("key", "department", "unit_code", "year", "document", "source", "headings")

Reader = Callable[[RawTable, pd.Series], tuple[pd.DataFrame, list[Diagnostic]]]


PARALLEL_BYTES = 50_000_000  # files from which a stacked folder is read by two processes (jobs > 1)
INDICATOR_COST = 1.3  # an indicator file's byte costs this many table bytes (its targets are parsed)
HANDOVER = 1.3  # a file read by the child costs this much more (its frame is pickled back)
ACTUALS_COST = 1.5  # an actuals file's byte costs this many table bytes
ACTUALS = "actuals"  # the piece of the indicators with the actuals applied
Piece = tuple[str, object, list[Diagnostic]]  # what one file gives: where it goes, its frame, its problems


def read_stacked(folder: Path, manifest: Manifest, jobs: int = 1, actuals: Sequence[Path] = ()) -> Dataset:
    """A stacked folder (its manifest already read) → one Dataset of all its units, with ``actuals`` applied
    (``apply_actuals``, file by file) — as the indicators are read, by whichever process reads them.

    With ``jobs`` > 1 and large files, the files are read by two processes (some by a forked child, which
    hands back their frames); the dataset and its problems are the same either way.
    Raises DiagnosticError E301 when the units file cannot be read or nothing at all could be read, E306
    for a bad units file; every other problem is on ``problems``.
    """
    with collector_paused():
        return _read(Path(folder), manifest, jobs, list(actuals))


def _read(folder: Path, manifest: Manifest, jobs: int, actuals: list[Path]) -> Dataset:
    units, problems = read_units(folder / manifest.units, manifest)
    owners = _Owners(units, manifest.units)
    dataset = Dataset(units=units, problems=problems)
    late: list[Diagnostic] = []  # the actuals' problems come after the folder's, as if applied after it
    applied = False
    for where, value, found in _read_files(_steps(folder, manifest, owners, units, actuals), jobs):
        problems += found
        if where.startswith("table:") and value is not None:
            dataset.tables[where[len("table:"):]] = value  # type: ignore[assignment]
        elif where in ("indicators", "stated") and value is not None:
            setattr(dataset, where, value)
        elif where == ACTUALS and isinstance(value, Dataset):
            dataset.indicators, dataset.spending, applied = value.indicators, value.spending, True
            late += value.problems
    if not dataset.tables and dataset.indicators.empty and dataset.stated.empty:
        nothing = Diagnostic(
            "E301", f"nothing could be read from {folder}", where=str(folder),
            hint="the manifest names no table, indicator or stated-figure file that could be read")
        raise DiagnosticError([*problems, nothing])
    problems += late
    return dataset if applied else with_actuals(dataset, actuals)


def _steps(folder: Path, manifest: Manifest, owners: _Owners, units: list[UnitMeta],
           actuals: list[Path]) -> list[tuple[float, Callable[[], list[Piece]]]]:
    """Each file of the folder as (its cost: bytes, how it is read), in the manifest's order; the
    indicators' step applies the actuals too."""
    steps: list[tuple[float, Callable[[], list[Piece]]]] = []
    for entry in manifest.tables:
        spec = templates().get(entry.kind)
        if spec is None:
            steps.append((0, partial(_unknown, entry.kind, entry.file)))
        else:
            steps.append((_size(folder / entry.file), partial(_table, folder / entry.file, owners, entry, spec)))
    joined = (units, actuals) if actuals else None
    figures: tuple[tuple[str, str, Reader], ...] = (
        ("indicators", manifest.indicators, read_indicators), ("stated", manifest.stated, read_stated))
    for attribute, name, read in figures:
        if name:
            cost = _size(folder / name) * (INDICATOR_COST if attribute == "indicators" else 1)
            if attribute == "indicators" and joined is not None:
                cost += sum(_size(Path(a)) for a in actuals) * ACTUALS_COST
            steps.append((cost, partial(_figures, folder / name, owners, attribute, read,
                                        joined if attribute == "indicators" else None)))
    return steps


def _read_files(steps: list[tuple[float, Callable[[], list[Piece]]]], jobs: int) -> list[Piece]:
    """Every step's piece, in order — with ``jobs`` > 1 and large files, about half the cost read by a child
    process: the largest files first, each to the side with less so far (what the child reads costs
    ``HANDOVER`` more: its frames are pickled back)."""
    total = sum(size for size, _ in steps)
    if jobs <= 1 or total < PARALLEL_BYTES or len(steps) < 2 or not can_fork():
        return [piece for parts in _pieces([read for _, read in steps]) for piece in parts]
    mine: list[int] = []
    theirs: list[int] = []
    loads = [0.0, 0.0]
    for i in sorted(range(len(steps)), key=lambda i: -steps[i][0]):
        side = 0 if loads[0] <= loads[1] * HANDOVER else 1
        (mine if side == 0 else theirs).append(i)
        loads[side] += steps[i][0]
    mine.sort()
    theirs.sort()
    child = Forked(partial(_pieces, [steps[i][1] for i in theirs]))
    pieces = dict(zip(mine, _pieces([steps[i][1] for i in mine]), strict=True))
    pieces.update(zip(theirs, child.result(), strict=True))
    return [piece for i in range(len(steps)) for piece in pieces[i]]


def _pieces(reads: list[Callable[[], list[Piece]]]) -> list[list[Piece]]:
    with collector_paused():
        return [read() for read in reads]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _unknown(kind: str, file: str) -> list[Piece]:
    return [("", None, [unknown_kind(kind, file)])]


def _table(path: Path, owners: _Owners, entry: TableEntry, spec: TableSpec) -> list[Piece]:
    problems: list[Diagnostic] = []
    loaded = _load(path, owners, problems)
    if loaded is None:
        return [("", None, problems)]
    table, found = build_table(loaded[0], entry, spec, loaded[1])
    return [(f"table:{entry.kind}", table, [*problems, *found])]


def _figures(path: Path, owners: _Owners, attribute: str, read: Reader,
             joined: tuple[list[UnitMeta], list[Path]] | None) -> list[Piece]:
    """A figures file; for the indicators, then the actuals joined to them (a piece of their own)."""
    problems: list[Diagnostic] = []
    loaded = _load(path, owners, problems)
    if loaded is None:
        return [("", None, problems)]
    frame, found = read(*loaded)
    pieces: list[Piece] = [(attribute, frame, [*problems, *found])]
    if joined is not None:
        units, actuals = joined
        pieces.append((ACTUALS, with_actuals(Dataset(units=units, indicators=frame), actuals), []))
    return pieces


# --- units.csv ---------------------------------------------------------------------------------------


def read_units(path: Path, manifest: Manifest) -> tuple[list[UnitMeta], list[Diagnostic]]:
    """The units file → one UnitMeta per row, and its problems (unknown columns, E310).

    A blank cell (or a column left out) takes the value ``[dataset]`` gives, if any; the key is ``key``, or
    ``unit_code`` when that is blank.  A unit without a key, a key listed twice or a document other than
    预算/决算 makes the file bad: DiagnosticError E306 naming every such line (nothing is read).
    """
    raw = read_csv(path)
    problems = raw.overlong()
    columns: dict[str, int] = {}
    for at, header in enumerate(raw.header):
        if header in UNITS_COLUMNS and header not in columns:
            columns[header] = at
            continue
        why = "appears twice; the second is ignored" if header in columns else "is not a column of it; it is ignored"
        problems.append(Diagnostic(
            "E310", f"{path.name}: {header!r} {why}", where=raw.where(raw.header_line, at),
            hint=f"the columns of {path.name}: {', '.join(UNITS_COLUMNS)}"))
    if "key" not in columns and "unit_code" not in columns:
        raise DiagnosticError([Diagnostic(
            "E306", f"bad units file: {path.name} needs the column key (or unit_code)",
            where=raw.where(raw.header_line, 0))])
    units: list[UnitMeta] = []
    errors: list[Diagnostic] = []
    lines: dict[str, int] = {}
    for row, line in zip(raw.rows, raw.lines, strict=True):
        cell = {name: row[at].strip() if at < len(row) else "" for name, at in columns.items()}
        key = cell.get("key") or cell.get("unit_code", "")
        document = cell.get("document") or manifest.document
        why = ("a unit needs a key or unit_code" if not key else
               f"unit key {key!r} is listed twice (first on line {lines[key]})" if key in lines else
               f"document must be 预算 or 决算, not {document!r}" if document not in DOCUMENTS else "")
        if why:
            errors.append(Diagnostic("E306", f"bad units file: {why}", where=raw.where(int(line), 0)))
            continue
        lines[key] = int(line)
        headings = [h.strip() for h in cell.get("headings", "").split("\n") if h.strip()]
        units.append(UnitMeta(key=key, department=cell.get("department") or manifest.department,
                              unit_code=cell.get("unit_code", ""), year=cell.get("year") or manifest.year,
                              document=document, source=cell.get("source") or manifest.source,
                              headings=tuple(headings) or manifest.headings))
    if not units and not errors:
        errors.append(Diagnostic("E306", f"bad units file: {path.name} lists no unit", where=str(path)))
    if errors:
        raise DiagnosticError(errors)
    return units, problems


# --- the files -----------------------------------------------------------------------------------------


class _Owners:
    """Unit keys → positions in units.csv."""

    def __init__(self, units: list[UnitMeta], file: str):
        self.keys = np.array([u.key for u in units], dtype=object)
        self.index = pd.Index(self.keys)
        self.file = file

    def of(self, cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        """Each row's unit position (-1: not a unit) and its 单位 as written (stripped)."""
        codes, uniques = pd.factorize(cells.to_numpy(dtype=object))
        given = np.array([str(u).strip() for u in uniques], dtype=object)
        found = self.index.get_indexer(given) if len(given) else np.zeros(0, dtype=np.int64)
        return found[codes].astype(np.int64), given[codes] if len(given) else given


def _load(path: Path, owners: _Owners, problems: list[Diagnostic]) -> tuple[RawTable, pd.Series] | None:
    """One file of the folder: its rows in unit order without the 单位 column, and each row's unit key."""
    try:
        raw = read_frame(path)
    except DiagnosticError as exc:
        problems.extend(exc.diagnostics)
        return None
    problems += raw.overlong()  # only a file parse_csv had to read has its rows as lists
    if not raw.header or raw.header[0] != UNIT_COLUMN:
        problems.append(Diagnostic(
            "E311", f"{path.name} needs the column {UNIT_COLUMN} first (the unit of each row); it is not read",
            where=raw.where(raw.header_line, 0),
            hint=f"{UNIT_COLUMN} holds each row's key from {owners.file}"))
        return None
    data = raw.frame()
    lines = np.asarray(raw.lines, dtype=np.int64)
    owner, given = owners.of(data[0])
    unknown = owner < 0
    if unknown.any():
        problems += _unknown_units(raw, given[unknown], lines[unknown], owners.file)
        data, lines, owner = data[~unknown], lines[~unknown], owner[~unknown]
    if (np.diff(owner) < 0).any():  # units interleaved: each unit's rows together, in units.csv order
        order = np.argsort(owner, kind="stable")
        data, lines, owner = data.take(order), lines[order], owner[order]
    data = data.drop(columns=0).reset_index(drop=True)
    data.columns = pd.Index(range(data.shape[1]))
    table = RawTable(file=raw.file, header=raw.header[1:], lines=lines, header_line=raw.header_line,
                     numbers=_positions(owner), data=data)
    return table, pd.Series(owners.keys[owner], dtype=object)


def _positions(owner: np.ndarray) -> np.ndarray:
    """Each row's 1-based position among the rows of its unit (rows grouped by unit)."""
    at = np.arange(len(owner), dtype=np.int64)
    starts = np.ones(len(owner), dtype=bool)
    starts[1:] = owner[1:] != owner[:-1]
    return at - np.maximum.accumulate(np.where(starts, at, 0)) + 1


def _unknown_units(raw: RawTable, given: np.ndarray, lines: np.ndarray, units_file: str) -> list[Diagnostic]:
    """E318 for each 单位 that is not a unit of the units file: where its first row is, and how many rows."""
    codes, keys = pd.factorize(given)  # in the order first met
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(keys) + 1))
    out = []
    for k, key in enumerate(keys.tolist()):
        at = lines[order[bounds[k]:bounds[k + 1]]]
        shown = ", ".join(str(n) for n in at[:5]) + (" …" if len(at) > 5 else "")
        what = f"{UNIT_COLUMN} {key!r} is not a unit of {units_file}" if key else f"{UNIT_COLUMN} is blank"
        rows = "its row is" if len(at) == 1 else f"its {len(at)} rows (lines {shown}) are"
        out.append(Diagnostic("E318", f"{what}; {rows} not read", where=raw.where(int(at[0]), 0),
                              hint=f"add the unit to {units_file}, or correct the {UNIT_COLUMN} of the row"))
    return out

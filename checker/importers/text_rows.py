"""A table block's lines → header, column map and records (rows with the source lines of each cell).

After the headers, every line is a row, part of a row (a continuation), a repeated header (page breaks
repeat them; the numbered row "1 2 … N" too) or a reported problem: more cells than the table has
columns (E303), a continuation with no row before it (E313).  In coded and listing tables a line whose
code, amount and count cells are all empty continues the row above it: multi-line cells ("项目内容",
"项目主要绩效指标") and wrapped names are joined back, across page breaks too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.dataset.templates import TableSpec
from checker.diagnostics import Diagnostic
from checker.importers.text_header import (
    ColumnMap,
    ColumnMapper,
    cells_of,
    header_paths,
    is_numbered_row,
    looks_like_data,
    numbered_width,
    published_specs,
)
from checker.importers.text_norm import compact
from checker.importers.text_segment import Block, SourceLine

TOTAL_NAMES = ("合计", "总计")
_ANCHOR_ROLES = ("code", "money", "count")


@dataclass(slots=True)
class Record:
    """One table row: for each published column, the pieces printed in it with their line numbers."""

    line: int
    cells: list[list[SourceLine]]

    def text(self, j: int) -> str:
        """The cell's pieces joined by a space (callers remove wrap spaces as their column needs)."""
        return " ".join(t for _, t in self.cells[j])

    def line_of(self, j: int) -> int:
        """The line where column ``j`` is printed (the row's first line when the cell is blank)."""
        return self.cells[j][0][0] if self.cells[j] else self.line


@dataclass(slots=True)
class Grid:
    """A block read as columns and records."""

    columns: list[ColumnMap]
    records: list[Record]
    header_lines: list[int] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def _key(cells: list[str]) -> tuple[str, ...]:
    flat = [compact(c) for c in cells]
    while flat and not flat[-1]:
        flat.pop()
    return tuple(flat)


class BlockReader:
    """Reads one block; ``where`` is the source path used in problem locations."""

    def __init__(self, block: Block, where: str) -> None:
        self.block = block
        self.spec: TableSpec = block.spec
        self.where = where
        self.problems: list[Diagnostic] = []

    def read(self) -> Grid:
        """Headers mapped, then every following line read as a record, a continuation or a problem."""
        rows = [(n, cells_of(text)) for n, text in self.block.rows]
        if not rows:  # a title and a note only ("注：本部门无政府性基金支出")
            self.problems.append(Diagnostic(
                "E315", f"table {self.block.title!r} has no rows", where=f"{self.where}:{self.block.title_line}"))
            maps = [ColumnMap(j, c.name, "", c.role, c.classification) for j, c in enumerate(published_specs(self.spec))]
            return Grid(maps, [], [], self.problems)
        header, width, start = self.split_header(rows)
        mapper = ColumnMapper(self.spec, f"{self.where}:{self.block.title_line}", self.block.title)
        maps = mapper.map(header_paths([cells for _, cells in header], width))
        self.problems.extend(mapper.problems)
        records = self.records(rows[start:], maps, {_key(cells) for _, cells in header})
        if not records:
            self.problems.append(Diagnostic(
                "E315", f"table {self.block.title!r} has no rows", where=f"{self.where}:{self.block.title_line}"))
        return Grid(maps, records, [n for n, _ in header], self.problems)

    def split_header(self, rows: list[tuple[int, list[str]]]) -> tuple[list[tuple[int, list[str]]], int, int]:
        """The header rows, the column count, and the index of the first row after the headers.

        Rows above the numbered row "1 2 … N" are headers; without one, headers run until a row with a
        number or a code in it, or a row none of whose cells names a column.
        """
        for k, (_, cells) in enumerate(rows):
            if is_numbered_row(cells):
                return rows[:k], numbered_width(cells), k + 1
            if looks_like_data(cells):
                break
        header: list[tuple[int, list[str]]] = []
        for k, (n, cells) in enumerate(rows):
            if looks_like_data(cells) or (header and not self.any_resolves(cells)):
                return header, self.width(header, rows[k:]), k
            header.append((n, cells))
        return header, self.width(header, []), len(rows)

    @staticmethod
    def width(header: list[tuple[int, list[str]]], data: list[tuple[int, list[str]]]) -> int:
        source = header or data
        return max((len(cells) for _, cells in source), default=0)

    def any_resolves(self, cells: list[str]) -> bool:
        return any(self.spec.resolve_header(c) is not None for c in cells if c.strip())

    def is_subheader(self, cells: list[str], maps: list[ColumnMap]) -> bool:
        """A header row repeated mid-table: every labelled cell after the first names its own column."""
        labelled = [(j, c) for j, c in enumerate(cells) if c.strip()]
        if len(labelled) < 2 or looks_like_data(cells):
            return False
        for j, cell in labelled:
            if j == 0:
                continue
            col = self.spec.resolve_header(cell)
            if col is None or j >= len(maps) or maps[j].name != col.name:
                return False
        return True

    def records(self, rows: list[tuple[int, list[str]]], maps: list[ColumnMap],
                headers: set[tuple[str, ...]]) -> list[Record]:
        """Records of the lines after the headers; repeated headers and numbered rows skipped."""
        width = len(maps)
        out: list[Record] = []
        for n, cells in rows:
            if is_numbered_row(cells) or _key(cells) in headers or self.is_subheader(cells, maps):
                continue
            if any(c.strip() for c in cells[width:]):
                self.problems.append(Diagnostic(
                    "E303", f"table {self.block.title!r}: {len(cells)} cells where the table has {width} columns",
                    where=f"{self.where}:{n}", hint="a cell split by a stray tab; check the row"))
                continue
            cells = (cells + [""] * width)[:width]
            if self.is_continuation(cells, maps):
                self.continue_row(out, n, cells)
                continue
            out.append(Record(n, [[(n, c)] if c.strip() else [] for c in cells]))
        return out

    def is_continuation(self, cells: list[str], maps: list[ColumnMap]) -> bool:
        """Coded/listing tables: a line with text but no code, amount, count or unit code continues a row."""
        if self.spec.layout not in ("coded", "listing") or not any(c.strip() for c in cells):
            return False
        for m in maps:
            cell = compact(cells[m.index])
            if not cell:
                continue
            if m.role in _ANCHOR_ROLES or m.name == "单位编码":
                return False
            if m.role == "name" and (cell in TOTAL_NAMES or looks_like_data([cell])):
                return False
        return True

    def continue_row(self, out: list[Record], n: int, cells: list[str]) -> None:
        if not out:
            self.problems.append(Diagnostic(
                "E313", f"table {self.block.title!r}: a continuation line with no row before it",
                where=f"{self.where}:{n}", hint="check the page break before this line"))
            return
        for j, cell in enumerate(cells):
            if cell.strip():
                out[-1].cells[j].append((n, cell))

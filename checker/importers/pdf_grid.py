"""A ruled table's cells placed on a grid: column and row edges, each cell's span, and its text by line.

The edges are every x (and y) where some cell starts or ends, so a merged cell spans several grid
columns (or rows) and a column is a position on the page, not a count of cells.  Each glyph goes to the
cell its centre lies in; a cell's text is kept line by line with the line key of each line.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from checker.importers.pdf_layout import LINE_BASE, Box, Glyph, TableLayout, spaced

SNAP = 2.0  # edges closer than this (points) are one edge

SourceLine = tuple[int, str]  # (line key, text)


@dataclass(slots=True)
class GridCell:
    """One (possibly merged) cell: grid rows [row, row_end) × columns [col, col_end), its box and text."""

    row: int
    row_end: int
    col: int
    col_end: int
    box: Box
    pieces: list[SourceLine] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(t for _, t in self.pieces)

    @property
    def blank(self) -> bool:
        return not any(t.strip() for _, t in self.pieces)

    @property
    def key(self) -> int:
        return self.pieces[0][0] if self.pieces else 0

    def covers_column(self, j: int) -> bool:
        return self.col <= j < self.col_end


@dataclass(slots=True)
class CellGrid:
    """The cells of one ruled table (one page's part of a published table)."""

    page: int
    xs: list[float]
    ys: list[float]
    cells: list[GridCell]

    @property
    def width(self) -> int:
        return len(self.xs) - 1

    @property
    def height(self) -> int:
        return len(self.ys) - 1

    def row(self, r: int) -> list[GridCell]:
        """The cells that start in grid row ``r``, left to right."""
        return [c for c in self.cells if c.row == r]

    def column_box(self, j: int) -> tuple[float, float]:
        return self.xs[j], self.xs[j + 1]

    def first_key(self) -> int:
        return min((c.key for c in self.cells if c.pieces), default=self.page * LINE_BASE)


def snap(values: list[float], tolerance: float = SNAP) -> list[float]:
    """Sorted values with near-duplicates (closer than ``tolerance``) merged into their first."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def nearest(edges: list[float], value: float) -> int:
    """The index of the edge nearest ``value``."""
    i = bisect.bisect_left(edges, value)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - value < value - edges[i - 1] else i - 1


def build_grid(table: TableLayout) -> CellGrid:
    """The table's cells on their grid, each glyph placed in the cell around its centre."""
    xs = snap([x for c in table.cells for x in (c[0], c[2])])
    ys = snap([y for c in table.cells for y in (c[1], c[3])])
    cells: list[GridCell] = []
    owner: dict[tuple[int, int], GridCell] = {}
    for box in sorted(table.cells, key=lambda b: (b[1], b[0])):
        c0, c1 = nearest(xs, box[0]), nearest(xs, box[2])
        r0, r1 = nearest(ys, box[1]), nearest(ys, box[3])
        if c1 <= c0 or r1 <= r0:
            continue
        cell = GridCell(r0, r1, c0, c1, box)
        cells.append(cell)
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner.setdefault((r, c), cell)
    _place(table.glyphs, xs, ys, owner)
    return CellGrid(table.page, xs, ys, cells)


def _place(glyphs: list[Glyph], xs: list[float], ys: list[float], owner: dict[tuple[int, int], GridCell]) -> None:
    """Each glyph into the cell around its centre; each cell's glyphs joined line by line."""
    found: dict[int, dict[int, list[Glyph]]] = {}
    for glyph in glyphs:
        r = bisect.bisect_right(ys, glyph.cy) - 1
        c = bisect.bisect_right(xs, glyph.cx) - 1
        cell = owner.get((r, c))
        if cell is not None:
            found.setdefault(id(cell), {}).setdefault(glyph.key, []).append(glyph)
    for cell in owner.values():
        lines = found.pop(id(cell), None)
        if lines:
            cell.pieces = [(key, spaced(sorted(group, key=lambda g: g.x0))) for key, group in sorted(lines.items())]


def overlapping(cell_box: tuple[float, float], columns: list[tuple[float, float]]) -> list[int]:
    """Indices of the columns whose centre lies within the horizontal extent ``cell_box``."""
    x0, x1 = cell_box
    return [j for j, (a, b) in enumerate(columns) if x0 <= (a + b) / 2 <= x1]

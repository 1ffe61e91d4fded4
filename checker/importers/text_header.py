"""Header grids of published tables → one header path per column → the template's columns.

Cells are tab-aligned.  A merged label sits in its first column and spans until the next label in its
row, bounded by the span of the label above it; a column's path is the labels over it, top to bottom,
joined by "/" ("一般公共预算支出/项目支出/小计").  Labels wrap inside cells ("一般公 共预算"): whitespace
is removed.  The numbered row "1 2 … N" gives the column count when present.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.dataset.templates import ColumnSpec, TableSpec
from checker.diagnostics import Diagnostic
from checker.importers.text_norm import compact
from checker.units import parse_decimal

DERIVED_ROLES = ("side", "seq", "level", "rowtype")
SIDES = ("收入", "支出")


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Where a published column goes: its index, canonical name, role and published header path."""

    index: int
    name: str
    header: str
    role: str
    classification: str | None = None
    side: str = ""
    code_column: str = ""  # "[30101]基本工资" cells: the code column this name column also fills


def cells_of(text: str) -> list[str]:
    """The tab-separated cells of a line."""
    return text.split("\t")


COLUMN_NUMBER_LABELS = ("栏次", "行次", "甲", "乙", "丙")


def is_numbered_row(cells: list[str]) -> bool:
    """The row "1 2 3 … N" printed under the headers (N ≥ 2), also with "栏次"/"甲"/"乙" labels among them."""
    values = [compact(c) for c in cells if compact(c) and compact(c) not in COLUMN_NUMBER_LABELS]
    return len(values) >= 2 and values == [str(k) for k in range(1, len(values) + 1)]


def numbered_width(cells: list[str]) -> int:
    """The column count a numbered row gives: up to its last numbered cell."""
    return max(j for j, c in enumerate(cells) if c.strip()) + 1


_CODE_CELL = re.compile(r"^(\d{3,}|\[\d{3,}\].*)$")


def looks_like_data(cells: list[str]) -> bool:
    """A row with a number or a classification code in it is data, not a header."""
    for cell in cells:
        flat = compact(cell)
        if flat and (parse_decimal(flat) is not None or _CODE_CELL.match(flat)):
            return True
    return False


def header_paths(grid: list[list[str]], width: int) -> list[str]:
    """The header path of each of ``width`` columns from the header rows (top to bottom)."""
    spans: list[list[tuple[int, int, str]]] = []
    for row in grid:
        labels = [(c, compact(cell)) for c, cell in enumerate(row[:width]) if compact(cell)]
        row_spans = []
        for k, (col, label) in enumerate(labels):
            end = labels[k + 1][0] if k + 1 < len(labels) else width
            for upper in spans:
                end = min([end, *(e for s, e, _ in upper if s <= col < e)])
            row_spans.append((col, max(end, col + 1), label))
        spans.append(row_spans)
    return ["/".join(label for row in spans for s, e, label in row if s <= j < e) for j in range(width)]


def side_of(path: str, index: int, boundary: int) -> str:
    """收入 or 支出 for a column of a two-sided table: from its header, else from its half."""
    for part in path.split("/"):
        for side in SIDES:
            if part.startswith(side):
                return side
    return SIDES[0] if index < boundary else SIDES[1]


def published_specs(spec: TableSpec) -> list[ColumnSpec]:
    """The template's columns a table prints (derived ones — 收支, 序号, 层级, 行类型 — excluded)."""
    return [c for c in spec.columns if c.role not in DERIVED_ROLES]


class ColumnMapper:
    """Maps header paths onto a template, collecting E310/E311 problems."""

    def __init__(self, spec: TableSpec, where: str, title: str) -> None:
        self.spec = spec
        self.where = where
        self.title = title
        self.problems: list[Diagnostic] = []

    def map(self, paths: list[str]) -> list[ColumnMap]:
        """One ColumnMap per published column (spec column, or extra column kept per ``spec.extra``)."""
        width = len(paths)
        if not any(paths):
            return self.positional(width)
        boundary = self.side_boundary(paths) if self.spec.layout == "two_sided" else width
        used: set[tuple[str, str]] = set()
        maps: list[ColumnMap] = []
        for j, path in enumerate(paths):
            side = side_of(path, j, boundary) if self.spec.layout == "two_sided" else ""
            col = self.resolve(path, j, side, used)
            if col is None:
                maps.append(self.extra(j, path, {m.name for m in maps}))
                continue
            used.add((side, col.name))
            maps.append(ColumnMap(j, col.name, path, col.role, col.classification, side))
        maps = self.with_code_splits(maps)
        self.check_keys(maps)
        return maps

    def side_boundary(self, paths: list[str]) -> int:
        """Where the 支出 half of a two-sided table starts: its item column (the second one), else halfway."""
        items = [j for j, p in enumerate(paths) if p and (c := self.spec.resolve_header(p)) and c.role == "name"]
        return items[1] if len(items) > 1 else (len(paths) + 1) // 2

    def resolve(self, path: str, j: int, side: str, used: set[tuple[str, str]]) -> ColumnSpec | None:
        """The template column a header names; an unlabelled first column holds the row names."""
        col = self.spec.resolve_header(path) if path else None
        if col is None and not path and j == 0:
            col = next(iter(self.spec.columns_with("name")), None)
        if col is not None and (side, col.name) in used:
            self.problems.append(Diagnostic(
                "E310", f"{self.title}: header {path!r} names column {col.name} a second time",
                where=self.where))
            return None
        return col

    def extra(self, j: int, path: str, taken: set[str]) -> ColumnMap:
        """A column the template lacks: kept as ``spec.extra`` says, else as text with E310."""
        name = path.rsplit("/", 1)[-1] if path else f"列{j + 1}"
        if name in taken or self.spec.column(name) is not None:
            name = path or f"列{j + 1}"
        if self.spec.extra in ("money", "text"):
            return ColumnMap(j, name, path, self.spec.extra)
        self.problems.append(Diagnostic(
            "E310", f"{self.title}: column {path or j + 1!r} is not a column of {self.spec.kind}; kept as text",
            where=self.where, hint="add the header as an alias in checker/data/tables.toml"))
        return ColumnMap(j, name, path, "text")

    def positional(self, width: int) -> list[ColumnMap]:
        """No header rows: the template's columns in order when the count fits, else numbered text columns."""
        specs = published_specs(self.spec)
        if len(specs) == width:
            self.problems.append(Diagnostic(
                "E311", f"{self.title}: no header rows; columns taken in the template's order",
                where=self.where))
            return [ColumnMap(j, c.name, "", c.role, c.classification) for j, c in enumerate(specs)]
        self.problems.append(Diagnostic(
            "E311", f"{self.title}: no header rows, and {width} columns do not fit the template's {len(specs)}",
            where=self.where))
        return [ColumnMap(j, f"列{j + 1}", "", "text") for j in range(width)]

    def check_keys(self, maps: list[ColumnMap]) -> None:
        """E311 for a code or name column the table does not print (its rows cannot be keyed)."""
        present = {m.name for m in maps} | {m.code_column for m in maps}
        for col in self.spec.columns:
            if col.role in ("code", "name") and col.name not in present:
                self.problems.append(Diagnostic(
                    "E311", f"{self.title}: no column for {col.name}", where=self.where))

    def with_code_splits(self, maps: list[ColumnMap]) -> list[ColumnMap]:
        """A name column printed as "[code]name" also fills its unprinted code column (just before it)."""
        names = {m.name for m in maps}
        out = []
        for m in maps:
            code = self.paired_code(m.name)
            if m.role == "name" and code is not None and code.name not in names:
                m = ColumnMap(m.index, m.name, m.header, m.role, m.classification, m.side, code.name)
            out.append(m)
        return out

    def paired_code(self, name: str) -> ColumnSpec | None:
        cols = list(self.spec.columns)
        for k, col in enumerate(cols):
            if col.name == name and k > 0 and cols[k - 1].role == "code":
                return cols[k - 1]
        return None

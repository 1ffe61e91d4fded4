"""The ruled parts of one published table (one per page) → header paths, column map and records.

The first part's header rows give each grid column its header path ("本年支出/基本支出", merged and
wrapped header cells included) and its x range on the page.  Every data cell of every part — the first
page and the pages it continues on — goes to the column its x range covers, never to "the n-th cell".
Two shapes are unfolded into rows of the template:

- column blocks: the same columns printed two or more times side by side (Shanghai's 基本支出决算表 prints
  人员经费 and 公用经费 blocks of 编码/名称/决算数); each block's rows become rows, block after block;
- transposed items: items printed as column groups ("三公"经费: 合计 / 因公出国（境）费 / … each with
  预算数 and 决算数); each group becomes a row named after it.

The result is the text importer's ``Grid``, built into a Table by its ``TableBuilder``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from checker.dataset.templates import TableSpec
from checker.diagnostics import Diagnostic
from checker.importers.pdf_grid import CellGrid, GridCell, SourceLine, overlapping
from checker.importers.text_header import ColumnMap, ColumnMapper, is_numbered_row, looks_like_data
from checker.importers.text_norm import compact, split_numbering
from checker.importers.text_rows import TOTAL_NAMES, Grid, Record
from checker.units import parse_decimal

ANCHOR_ROLES = ("code", "money", "count")
KEY_ROLES = ("code", "name")
PLACEHOLDER_CELL = re.compile(r"^[XxＸ×]{2,}[%％]?$")
_CODE = re.compile(r"^\[?\d{3,}\]?")


def first_data_row(grid: CellGrid) -> int:
    """The first grid row below the headers: one with a number or code, a numbered label, or only blanks."""
    for r in range(grid.height):
        cells = grid.row(r)
        if not cells:
            continue
        if is_numbered_row([c.text for c in cells]):
            return r + 1
        lines = [t for c in cells for _, t in c.pieces]  # a box without row rules holds many lines
        if all(c.blank for c in cells) or looks_like_data(lines):
            return r
        if any(split_numbering(t).level > 0 for t in lines if t.strip()):
            return r
    return grid.height


def header_cells(grid: CellGrid, end: int) -> list[GridCell]:
    """The labelled header cells above row ``end`` (the numbered row "1 2 … N" left out)."""
    rows = {r for r in range(end) if not is_numbered_row([c.text for c in grid.row(r)])}
    return [c for c in sorted(grid.cells, key=lambda c: (c.row, c.col)) if c.row in rows and not c.blank]


def header_paths(grid: CellGrid, end: int, spec: TableSpec) -> tuple[list[str], GridCell | None]:
    """Each grid column's header path (the labels over it, top to bottom, joined by "/"), and the total
    row's label when it is printed in the header band.

    Once a column's path names a code or name column, a 合计/总计 below it is the total row's label (as
    Shanghai's 政府性基金 and 国有资本经营 tables print it, on the line of the 本年支出 sub-headers), not
    part of the header.
    """
    cells = header_cells(grid, end)
    paths = []
    total: GridCell | None = None
    for j in range(grid.width):
        labels: list[str] = []
        for cell in cells:
            if not cell.covers_column(j):
                continue
            label = compact(cell.text)
            if label in TOTAL_NAMES and _is_key(spec, labels):
                total = cell
                continue
            labels.append(label)
        paths.append("/".join(labels))
    return paths, total


def _is_key(spec: TableSpec, labels: list[str]) -> bool:
    col = spec.resolve_header("/".join(labels)) if labels else None
    return col is not None and col.role in KEY_ROLES


def blocks_of(paths: list[str], spec: TableSpec) -> list[int]:
    """Start columns of repeated column blocks ([0] when the columns are printed once)."""
    if spec.layout not in ("coded", "listing"):
        return [0]
    names = [(c.name if (c := spec.resolve_header(p)) else None) if p else None for p in paths]
    starts: list[int] = [0]
    seen: set[str] = set()
    for j, name in enumerate(names):
        if name is not None and name in seen:
            starts.append(j)
            seen = set()
        if name is not None:
            seen.add(name)
    widths = {b - a for a, b in zip(starts, [*starts[1:], len(paths)], strict=True)}
    sequences = {tuple(names[a:a + min(widths)]) for a in starts}
    return starts if len(widths) == 1 and len(sequences) == 1 else [0]


def published_number(text: str) -> str:
    """An amount as printed → plain text for parse_decimal: full-width digits, "−" and "(1.00)" negatives."""
    flat = compact(unicodedata.normalize("NFKC", text)).replace("−", "-").lstrip("¥￥")
    if re.fullmatch(r"\((.+)\)", flat):
        flat = "-" + flat[1:-1]
    return flat


@dataclass(slots=True)
class Columns:
    """The table's columns: their maps, their x ranges on the first part's page, and the block starts."""

    maps: list[ColumnMap]
    boxes: list[tuple[float, float]]
    starts: list[int]

    @property
    def block_width(self) -> int:
        return len(self.maps)

    def role(self, j: int) -> str:
        return self.maps[(j - self.block_start(j)) % self.block_width].role

    def block_start(self, j: int) -> int:
        return max(s for s in self.starts if s <= j)


class PartsReader:
    """Reads the parts (pages) of one table; problems collect on ``problems``."""

    def __init__(self, spec: TableSpec, title: str, parts: list[CellGrid], where: str, anchor: str) -> None:
        self.spec = spec
        self.title = title
        self.parts = parts
        self.where = where
        self.anchor = anchor  # where the title is: for problems about the header
        self.problems: list[Diagnostic] = []

    def read(self) -> Grid:
        """Headers mapped on the first part, then every part's data rows read by position."""
        first = self.parts[0]
        end = first_data_row(first)
        paths, total = header_paths(first, end, self.spec)
        mapper = ColumnMapper(self.spec, self.anchor, self.title)
        header_keys = [c.key for c in header_cells(first, end)]
        if self.transposed(paths):
            grid = self.read_transposed(paths)
        else:
            starts = blocks_of(paths, self.spec)
            width = (starts[1] - starts[0]) if len(starts) > 1 else len(paths)
            maps = mapper.map(paths[:width])
            columns = Columns(maps, [first.column_box(j) for j in range(first.width)], starts)
            grid = Grid(maps, self.records(columns) or self.total_only(total, maps))
        self.problems[:0] = mapper.problems
        grid.header_lines = header_keys
        grid.problems = self.problems
        return grid

    # --- rows --------------------------------------------------------------------------------------

    @staticmethod
    def total_only(total: GridCell | None, maps: list[ColumnMap]) -> list[Record]:
        """A table with no rows but a total label in its header band: that total row, its amounts blank."""
        name = next((m.index for m in maps if m.role == "name"), None)
        if total is None or name is None:
            return []
        cells: list[list[SourceLine]] = [[] for _ in maps]
        cells[name] = list(total.pieces)
        return [Record(total.key, cells)]

    def data_rows(self) -> list[tuple[CellGrid, list[GridCell]]]:
        """Every part's rows below its headers (a continued page may repeat them), as their cells."""
        out = []
        for part in self.parts:
            for r in range(first_data_row(part), part.height):
                cells = part.row(r)
                if cells:
                    out.append((part, cells))
        return out

    def records(self, columns: Columns) -> list[Record]:
        """Records of every data row, block after block for column blocks."""
        per_block: list[list[Record]] = [[] for _ in columns.starts]
        for part, cells in self.data_rows():
            slots = self.place(part, cells, columns)
            for b, start in enumerate(columns.starts):
                block = slots[start:start + columns.block_width]
                if any(block):
                    per_block[b].extend(self.split_lines(block, columns.maps))
        records = [rec for block in per_block for rec in block]
        for rec in records:
            _label_to_name(rec, columns.maps)
        return records

    def place(self, part: CellGrid, cells: list[GridCell], columns: Columns) -> list[list[SourceLine]]:
        """The row's cells put under the columns their x ranges cover (a merged cell: by its content)."""
        slots: list[list[SourceLine]] = [[] for _ in columns.boxes]
        scale = _scale(part, self.parts[0])
        for cell in cells:
            if cell.blank:
                continue
            x0, x1 = scale(cell.box[0]), scale(cell.box[2])
            js = overlapping((x0, x1), columns.boxes)
            if not js:
                self.problems.append(Diagnostic(
                    "E303", f"table {self.title!r}: {compact(cell.text)!r} is printed outside the table's columns",
                    where=f"{self.where}:{cell.key}"))
                continue
            j = self.choose(js, compact(cell.text), columns)
            slots[j].extend(self.cleaned(cell.pieces, columns.role(j)))
        return slots

    @staticmethod
    def choose(js: list[int], text: str, columns: Columns) -> int:
        """Which of the columns a merged cell covers gets its text: a code, an amount or a name column."""
        if len(js) == 1:
            return js[0]
        wanted = ("code",) if _CODE.match(text) else ("money", "count") if parse_decimal(text) else ("name",)
        return next((j for j in js if columns.role(j) in wanted), js[0])

    @staticmethod
    def cleaned(pieces: list[SourceLine], role: str) -> list[SourceLine]:
        """Amount cells as plain numbers; a placeholder (XX) is left blank (the document's placeholder scan
        reports it, E317), not read as a bad number."""
        if role not in ("money", "count"):
            return pieces
        numbers = [(key, published_number(text)) for key, text in pieces]
        return [(key, n) for key, n in numbers if not PLACEHOLDER_CELL.match(n)]

    def split_lines(self, cells: list[list[SourceLine]], maps: list[ColumnMap]) -> list[Record]:
        """One record, or one per printed line when a column holds several values (rows without rules).

        A line without a code, an amount or a numbered label continues the record above it (the first
        one when it comes before any).
        """
        anchors = [j for j, m in enumerate(maps) if m.role in ANCHOR_ROLES or m.role == "name"]
        multi = any(len({k for k, t in cells[j] if self.is_anchor(t, maps[j])}) > 1 for j in anchors)
        keys = sorted({k for cell in cells for k, _ in cell})
        if not multi:
            return [Record(keys[0], cells)]
        records: list[Record] = []
        loose: list[tuple[int, SourceLine]] = []
        for key in keys:
            line = [(j, (k, t)) for j, cell in enumerate(cells) for k, t in cell if k == key]
            if any(self.is_anchor(t, maps[j]) for j, (_, t) in line):
                records.append(Record(key, [[] for _ in cells]))
            target = records[-1] if records else None
            if target is None:
                loose.extend(line)
                continue
            for j, piece in line:
                target.cells[j].append(piece)
        for j, piece in loose:
            records[0].cells[j].insert(0, piece)
        return records

    def is_anchor(self, text: str, m: ColumnMap) -> bool:
        """A piece that starts a row: a code or amount, or a numbered or total label in the name column."""
        if m.role in ANCHOR_ROLES:
            return bool(text.strip())
        flat = compact(text)
        return m.role == "name" and (split_numbering(flat).level > 0 or flat in TOTAL_NAMES)

    # --- transposed items ----------------------------------------------------------------------------

    def transposed(self, paths: list[str]) -> bool:
        """Items printed as column groups: an items table whose headers name no item column but repeat
        an amount column (合计/预算数, 合计/决算数, 因公出国（境）费/预算数 …)."""
        if self.spec.layout != "items":
            return False
        resolved = [self.spec.resolve_header(p.rsplit("/", 1)[-1]) if p else None for p in paths]
        names = [c.name for c in resolved if c is not None and c.role == "money"]
        has_item = any(c is not None and c.role == "name" for c in resolved)
        return not has_item and len(names) > len(set(names)) >= 1

    def read_transposed(self, paths: list[str]) -> Grid:
        """One row per column group, named by the group's header; its amounts from the data row(s)."""
        groups, amounts = _groups(paths, self.spec)
        name = next(iter(self.spec.columns_with("name"))).name
        maps = [ColumnMap(0, name, "", "name")] + [
            ColumnMap(k + 1, a, a, "money") for k, a in enumerate(amounts)]
        columns = Columns(maps, [self.parts[0].column_box(j) for j in range(len(paths))], [0])
        rows = [slots for part, cells in self.data_rows() if any(slots := self.place_plain(part, cells, columns))]
        records = []
        for slots in rows or [[[] for _ in paths]]:
            key = min((k for slot in slots for k, _ in slot), default=self.parts[0].first_key())
            for label, members in groups:
                record = Record(key, [[(key, label)]] + [[] for _ in amounts])
                for j, amount in members:
                    record.cells[amounts.index(amount) + 1].extend(slots[j])
                records.append(record)
        return Grid(maps, records)

    def place_plain(self, part: CellGrid, cells: list[GridCell], columns: Columns) -> list[list[SourceLine]]:
        """Cells under the grid columns they cover (every column an amount)."""
        slots: list[list[SourceLine]] = [[] for _ in columns.boxes]
        scale = _scale(part, self.parts[0])
        for cell in cells:
            js = overlapping((scale(cell.box[0]), scale(cell.box[2])), columns.boxes)
            if js and not cell.blank:
                slots[js[0]].extend(self.cleaned(cell.pieces, "money"))
        return slots


def _label_to_name(rec: Record, maps: list[ColumnMap]) -> None:
    """A label printed where the code goes (合计 in a table without a merged cell for it) → the name column."""
    code = next((m.index for m in maps if m.role == "code"), None)
    name = next((m.index for m in maps if m.role == "name"), None)
    if code is None or name is None or rec.cells[name] or not rec.cells[code]:
        return
    if not _CODE.match(compact(rec.text(code))):
        rec.cells[name], rec.cells[code] = rec.cells[code], []


def _groups(paths: list[str], spec: TableSpec) -> tuple[list[tuple[str, list[tuple[int, str]]]], list[str]]:
    """Column groups of a transposed table: (item label, [(column, amount name)]) and the amount names."""
    amounts: list[str] = []
    parents: dict[tuple[str, ...], list[tuple[int, str]]] = {}
    for j, path in enumerate(paths):
        parts = tuple(path.split("/"))
        col = spec.resolve_header(parts[-1]) if path else None
        if col is None or col.role != "money":
            continue
        if col.name not in amounts:
            amounts.append(col.name)
        parents.setdefault(parts[:-1], []).append((j, col.name))
    prefix = _common_prefix(list(parents)) if len(parents) > 1 else 0
    return [(_item_label(p[prefix:] or p[-1:]), members) for p, members in parents.items()], amounts


def _common_prefix(paths: list[tuple[str, ...]]) -> int:
    n = 0
    while all(len(p) > n + 1 for p in paths) and len({p[n] for p in paths}) == 1:
        n += 1
    return n


def _item_label(parts: tuple[str, ...]) -> str:
    """"公务用车购置及运行维护费/小计" → 公务用车购置及运行维护费小计; otherwise the innermost label."""
    if len(parts) > 1 and parts[-1] in ("小计", "合计"):
        return parts[-2] + parts[-1]
    return parts[-1] if parts else ""


def _scale(part: CellGrid, first: CellGrid) -> Callable[[float], float]:
    """x on a continued page → x on the first page (the tables' left and right edges aligned)."""
    a0, a1, b0, b1 = part.xs[0], part.xs[-1], first.xs[0], first.xs[-1]
    if part is first or a1 - a0 <= 0:
        return lambda x: x
    factor = (b1 - b0) / (a1 - a0)
    return lambda x: b0 + (x - a0) * factor

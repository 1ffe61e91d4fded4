"""A PDF's pages → table blocks (a title and its ruled parts, page after page) and prose lines.

A ruled table belongs to the title printed above it (a line naming a table kind, with or without
"表3"/"三、" numbering, also behind a "某某局2024年度" prefix), past the unit caption ("单位：万元").  A
ruled table with no title of its own continues the table before it when nothing but page furniture
(page numbers, a repeated caption) lies between them; a repeated title continues it too.  Lines after a
table that start with 注/说明/备注 are its notes.  A numbered title that no table follows is a table of
contents entry: it numbers that table.  An untitled table under a heading that names a kind
("九、重点项目预算绩效目标情况"), or whose first row names one, is that kind.  Any other table that holds
amounts is reported (E304); one without amounts (a list of units) is left out.  Everything else is prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.dataset.templates import TableSpec, spec_for_title
from checker.diagnostics import Diagnostic
from checker.importers.pdf_grid import CellGrid, GridCell, SourceLine, build_grid
from checker.importers.pdf_layout import PageLayout, TableLayout, TextLine, page_of
from checker.importers.text_norm import (
    cn_number,
    compact,
    is_heading,
    is_page_furniture,
    join_lines,
    table_number,
)
from checker.importers.text_segment import title_spec

_UNIT = re.compile(r"(?:金额|计量)?单位\s*[：:]\s*(亿元|万元|元)")
_DEPARTMENT = re.compile(r"(?:部门|单位)名称\s*[：:]\s*(\S+)")
_NOTE = re.compile(r"^(?:注|说明|备注)\s*\d?\s*[：:]\s*(?P<text>.*)$")
_NUMBERING = re.compile(r"^(?:表\s*(?P<t>[\d一二三四五六七八九十]+)[、.．:：]?|(?P<n>[\d一二三四五六七八九十]+)[、.．])\s*")
_AMOUNT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)\.\d+$")
_TERMINATORS = ("。", "；", ";", "！", "？")
_CONTINUED = re.compile(r"^续表\s*|\s*[（(]续(?:表)?\d*[）)]$")


@dataclass(slots=True)
class PdfBlock:
    """One standard table: its title, number, unit, ruled parts (one per page) and notes."""

    spec: TableSpec
    title: str
    key: int
    number: str = ""
    unit: str = ""
    parts: list[CellGrid] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def page(self) -> int:
        return self.parts[0].page if self.parts else page_of(self.key)


@dataclass(slots=True)
class PdfSegments:
    """A document cut into table blocks and prose, with its headings, department lines and TOC numbers."""

    blocks: list[PdfBlock] = field(default_factory=list)
    prose: list[SourceLine] = field(default_factory=list)
    headings: list[SourceLine] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    toc: dict[str, str] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    cells: list[SourceLine] = field(default_factory=list)  # every table cell's text (placeholder scan)


def segment_pages(pages: list[PageLayout], where: str) -> PdfSegments:
    """The blocks and prose of a document's pages, in reading order."""
    walker = _Walker(where)
    running = running_lines(pages)
    for page in pages:
        items = [i for i in page.items()
                 if not (page.number > 1 and isinstance(i, TextLine) and compact(i.text) in running)]
        for i, item in enumerate(items):
            if isinstance(item, TableLayout):
                walker.table(item)
            else:
                walker.line(item, items[i + 1] if i + 1 < len(items) else None)
        walker.page_end()
    return walker.out


def running_lines(pages: list[PageLayout], least: int = 3) -> set[str]:
    """Running headers and footers: a page's first or last line printed the same on ``least`` pages or more
    (a table's title repeated on its pages is not one)."""
    seen: dict[str, set[int]] = {}
    for page in pages:
        for line in (page.lines[:1] + page.lines[-1:]) if page.lines else []:
            seen.setdefault(compact(line.text), set()).add(page.number)
    return {text for text, on in seen.items()
            if len(on) >= least and text and title_spec(text) is None and not is_heading(text)}


def title_text(line: str) -> tuple[str, str]:
    """A title line → (its number as printed, "3" for "表3"/"三、", and the title without it)."""
    flat = compact(line)
    m = _NUMBERING.match(flat)
    if not m:
        return "", flat
    number = cn_number(m.group("t") or m.group("n"))
    return (str(number) if number is not None else ""), flat[m.end():] or flat


def note_of(text: str) -> str | None:
    """The text of a 注：/说明：/备注： line, or None."""
    m = _NOTE.match(compact(text))
    return m.group("text") if m else None


def holds_amounts(grid: CellGrid) -> bool:
    """Whether any cell of a table holds an amount with decimals (1,234.56 or 0.00)."""
    return any(_AMOUNT.match(compact(t)) for c in grid.cells for _, t in c.pieces)


@dataclass(frozen=True, slots=True)
class _Title:
    """A title waiting for its table: the kind, the title without numbering, where, its number, the line."""

    spec: TableSpec
    title: str
    key: int
    number: str
    line: str


class _Walker:
    """The reading state: a title waiting for its table, the table a next page may continue, notes."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.out = PdfSegments()
        self.by_kind: dict[str, PdfBlock] = {}
        self.pending: _Title | None = None
        self.pending_unit = ""
        self.pending_number = ""
        self.heading_spec: _Title | None = None
        self.current: PdfBlock | None = None  # the block an untitled table continues
        self.last: PdfBlock | None = None  # the block notes attach to
        self.skip_next = False

    # --- lines ---------------------------------------------------------------------------------------

    def line(self, line: TextLine, following: TextLine | TableLayout | None) -> None:
        if self.skip_next:
            self.skip_next = False
            return
        text = line.text.strip()
        if not text or is_page_furniture(compact(text)):
            return
        if self.meta(text, line.key) or self.number_line(text, line.key):
            return
        spec, title = self.title_of(text, following)
        if spec is not None:
            self.title(spec, title, line.key)
            return
        note = note_of(text)
        if note is not None and self.pending is not None:  # a title with a note and no table under it
            self.last = self.open(self.pending)
            self.pending = None
        if note is not None and self.last is not None:
            self.last.notes.append(note)
            self.current = None
            return
        if self.wrapped_note(text):
            return
        self.prose(text, line.key)

    def title_of(self, text: str, following: TextLine | TableLayout | None) -> tuple[TableSpec | None, str]:
        """The kind a line (or the line with the next one, for a title wrapped in two) names."""
        text = _CONTINUED.sub("", text.strip())
        spec = title_spec(text)
        if spec is not None:
            return spec, text
        if isinstance(following, TextLine) and len(compact(text)) <= 40:
            joined = join_lines(compact(text), compact(following.text))
            spec = title_spec(joined)
            if spec is not None:
                self.skip_next = True
                return spec, joined
        return None, text

    def meta(self, text: str, key: int) -> bool:
        """A unit caption or a department line (possibly both on one line): remembered, not prose."""
        unit = _UNIT.search(text)
        dept = _DEPARTMENT.search(text)
        if not unit and not dept:
            return False
        rest = _UNIT.sub("", _DEPARTMENT.sub("", compact(text)))
        if rest and not dept:
            return False
        if dept:
            self.out.departments.append(dept.group(1))
            self.out.headings.append((key, text))
        if unit and (self.pending is not None or self.current is None):
            self.pending_unit = self.pending_unit or unit.group(1)
        return True

    def number_line(self, text: str, key: int) -> bool:
        number = table_number(text)
        if number is None:
            return False
        self.pending_number = number
        self.out.headings.append((key, text))
        return True

    def title(self, spec: TableSpec, text: str, key: int) -> None:
        """A title: it waits for its table (a TOC entry or a heading never gets one)."""
        self.drop_pending()
        number, title = title_text(text)
        self.pending = _Title(spec, title, key, self.pending_number or number, text)
        self.pending_number = ""
        self.out.headings.append((key, text))
        if self.current is not None and self.current.spec.kind != spec.kind:
            self.current = None

    def drop_pending(self) -> None:
        """A title no table followed: a table of contents entry (its numbering numbers the table)."""
        if self.pending is None:
            return
        if self.pending.number:
            self.out.toc.setdefault(self.pending.spec.kind, self.pending.number)
        self.pending = None

    def wrapped_note(self, text: str) -> bool:
        """A line continuing a note that did not end its sentence."""
        block = self.last
        if block is None or not block.notes or block.notes[-1].endswith(_TERMINATORS) or is_heading(text):
            return False
        block.notes[-1] = join_lines(block.notes[-1], compact(text))
        return True

    def prose(self, text: str, key: int) -> None:
        if self.pending is not None:
            self.out.prose.append((self.pending.key, self.pending.line))
            self.drop_pending()
        self.out.prose.append((key, text))
        if is_heading(text):
            self.out.headings.append((key, text))
            named = spec_for_title(title_text(text)[1])
            self.heading_spec = _Title(named, title_text(text)[1], key, "", text) if named is not None else None
            self.last = None  # notes after a table stop at the next heading, not at a stray line
        self.current = None
        self.pending_unit = ""

    def page_end(self) -> None:
        if self.last is not None and self.last.notes:
            self.last = None

    # --- tables --------------------------------------------------------------------------------------

    def table(self, layout: TableLayout) -> None:
        grid = build_grid(layout)
        self.out.cells.extend(p for c in grid.cells for p in c.pieces)
        self.absorb_captions(grid)
        block = self.block_for(grid)
        if block is None:
            if holds_amounts(grid):
                self.out.problems.append(Diagnostic(
                    "E304", f"a table on page {layout.page} has no title naming a table kind",
                    where=f"{self.where}:{grid.first_key()}",
                    hint="add its title to checker/data/tables.toml"))
            return
        block.parts.append(grid)
        self.current = self.last = block

    def absorb_captions(self, grid: CellGrid) -> None:
        """A title, unit caption or department line printed in the table's own top rows is read as if it
        were printed above the table, and taken out of the grid (it is not a header)."""
        for r in range(min(2, grid.height)):
            cells = [c for c in grid.row(r) if not c.blank]
            taken = [c for c in cells if self.caption(c)]
            if not cells or len(taken) < len(cells):
                return
            grid.cells = [c for c in grid.cells if c not in taken]

    def caption(self, cell: GridCell) -> bool:
        text = _CONTINUED.sub("", compact(cell.text))
        spec = title_spec(text)
        if spec is not None:
            self.title(spec, text, cell.key)
            return True
        return self.meta(text, cell.key)

    def block_for(self, grid: CellGrid) -> PdfBlock | None:
        """The block a table belongs to: its title's, the one it continues, or its heading's."""
        if self.pending is not None:
            title, self.pending = self.pending, None
            if self.current is not None and self.current.spec.kind == title.spec.kind:
                return self.current  # a title repeated on a continued page
            return self.open(title)
        if self.current is not None:
            return self.current
        found = self.heading_spec or self.first_row_spec(grid)
        if found is None:
            return None
        self.heading_spec = None
        return self.open(found)

    def first_row_spec(self, grid: CellGrid) -> _Title | None:
        """A table whose first row names its kind ("部门整体支出绩效目标")."""
        for cell in grid.row(0):
            spec = spec_for_title(cell.text) if not cell.blank else None
            if spec is not None:
                return _Title(spec, compact(cell.text), cell.key, "", cell.text)
        return None

    def open(self, title: _Title) -> PdfBlock:
        """The block of a title's kind (a kind met again gathers into the block already open)."""
        block = self.by_kind.get(title.spec.kind)
        if block is None:
            block = PdfBlock(title.spec, title.title, title.key, number=title.number, unit=self.pending_unit)
            self.by_kind[title.spec.kind] = block
            self.out.blocks.append(block)
        self.pending_unit = ""
        return block

"""Cut a disclosure's lines into table blocks and prose.

A standard table opens at a line naming a table kind (``templates.spec_for_title``) that is followed,
past "部门名称：" and "单位：" lines, by tab-separated rows; a page break repeats the title, the meta lines
and the headers, and is merged into the same block.  A "表 N" line before a title gives its number.
Titles in the table of contents ("- 一、收支总体情况表") are entries, not tables.  Tab-separated rows in the
prose form a table too when the heading above them ("九、重点项目预算绩效目标情况") or a cell of their first
row ("部门整体支出绩效目标") names a kind; otherwise they are reported (E304).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.dataset.templates import TableSpec, spec_for_title
from checker.diagnostics import Diagnostic
from checker.importers.text_norm import (
    Meta,
    cn_number,
    compact,
    is_heading,
    is_page_furniture,
    meta_line,
    note_text,
    table_number,
)

SourceLine = tuple[int, str]  # (1-based line number, text)


@dataclass(slots=True)
class Block:
    """The lines of one table, gathered across its pages."""

    spec: TableSpec
    title: str
    title_line: int
    number: str = ""
    embedded: bool = False
    rows: list[SourceLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unit: str = ""


@dataclass(slots=True)
class Segments:
    """A document cut into table blocks and prose, with what its headings and meta lines say."""

    blocks: list[Block] = field(default_factory=list)
    prose: list[SourceLine] = field(default_factory=list)
    headings: list[SourceLine] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    toc: dict[str, str] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)


_TOC_ENTRY = re.compile(r"^\s*[-•·●▪]\s+\S|[.…·]{4,}\s*\d+\s*$")
_TOC_NUMBER = re.compile(r"^[-•·●▪]?\s*(?P<n>[一二三四五六七八九十]+|\d+)\s*[、.．]\s*(?P<title>.+?)[.…·\s\d]*$")


def segment(lines: list[str], where: str) -> Segments:
    """The blocks, prose and headings of a document given as its lines."""
    cutter = _Cutter(lines, where)
    cutter.run()
    return cutter.out


_TITLE_NUMBER = re.compile(r"^(表[\d一二三四五六七八九十]+)")
_YEAR_PREFIX = re.compile(r"^.{0,40}?\d{4}\s*年\s*度?")


def title_spec(line: str) -> TableSpec | None:
    """The table kind a (short, tab-free) line names, also behind a "某某局2021年" prefix."""
    if "\t" in line or len(line) > 80:
        return None
    spec = spec_for_title(line)
    if spec is None and (m := _YEAR_PREFIX.match(compact(line))):
        spec = spec_for_title(compact(line)[m.end():])
    return spec


def _is_row(text: str) -> bool:
    return "\t" in text and meta_line(text) is None


class _Cutter:
    """A line-by-line state machine: in prose, or inside one table block."""

    def __init__(self, lines: list[str], where: str) -> None:
        self.lines = lines
        self.where = where
        self.out = Segments()
        self.by_kind: dict[str, Block] = {}
        self.current: Block | None = None
        self.pending_number = ""
        self.pending_unit = ""
        self.pending_spec: tuple[TableSpec, str, int] | None = None

    def run(self) -> None:
        i = 0
        while i < len(self.lines):
            i = self.step(i)

    def step(self, i: int) -> int:
        """Handle line ``i``; the index of the next line to handle."""
        text = self.lines[i]
        stripped = text.strip()
        if not stripped:
            return i + 1
        if _is_row(text):
            if self.current is not None:
                self.current.rows.append((i + 1, text))
                return i + 1
            return self.embedded(i)
        meta = meta_line(text)
        if meta is not None:
            self.take_meta(meta, i)
            return i + 1
        if is_page_furniture(stripped):
            return i + 1
        if _TOC_ENTRY.search(text) and len(stripped) <= 60 and "。" not in stripped:
            self.toc_entry(stripped, i)
            return i + 1
        number = table_number(stripped)
        if number is not None:
            self.pending_number = number
            self.out.headings.append((i + 1, stripped))
            return i + 1
        return self.other_line(stripped, i)

    def other_line(self, stripped: str, i: int) -> int:
        """A line that is not a row, meta, furniture or TOC: a title, a note, a stray line or prose."""
        spec = title_spec(stripped)
        if spec is not None and self.opens_table(i):
            self.open(spec, stripped, i)
            return i + 1
        if self.current is not None:
            note = note_text(stripped)
            if note is not None:
                self.current.notes.append(note)
                self.current = None
                return i + 1
            if self.stray_line(stripped, i):
                self.out.problems.append(Diagnostic(
                    "E303", f"line inside table {self.current.title!r} has no cells: {stripped[:40]!r}",
                    where=f"{self.where}:{i + 1}", hint="a wrapped cell or a footnote; check the layout"))
                return i + 1
            self.current = None
        self.prose_line(stripped, spec, i)
        return i + 1

    def prose_line(self, stripped: str, spec: TableSpec | None, i: int) -> None:
        self.out.prose.append((i + 1, stripped))
        if is_heading(stripped) or spec is not None:
            self.out.headings.append((i + 1, stripped))
            self.pending_spec = (spec, _title_text(stripped), i + 1) if spec is not None else None
            if spec is not None:
                self.toc_number(stripped, spec)

    def stray_line(self, stripped: str, i: int) -> bool:
        """A non-table line between two rows of the open table (not a heading or another table's title)."""
        if is_heading(stripped) or re.search(r"表([（(].*[）)])?$", compact(stripped)):
            return False
        nxt = self.next_content(i)
        return nxt is not None and _is_row(self.lines[nxt])

    def next_content(self, i: int) -> int | None:
        """The index of the next line that is not blank and not page furniture."""
        for j in range(i + 1, len(self.lines)):
            text = self.lines[j].strip()
            if text and not is_page_furniture(text):
                return j
        return None

    def opens_table(self, i: int) -> bool:
        """Whether rows (or a note) follow a title, past meta lines: a TOC entry or heading has none."""
        for j in range(i + 1, len(self.lines)):
            text = self.lines[j]
            stripped = text.strip()
            if not stripped or is_page_furniture(stripped) or meta_line(text) is not None:
                continue
            return _is_row(text) or note_text(stripped) is not None
        return False

    def open(self, spec: TableSpec, title: str, i: int) -> None:
        """Start a table at its title, or continue it when a page break repeats the title."""
        block = self.by_kind.get(spec.kind)
        if block is None:
            printed = _TITLE_NUMBER.match(compact(title))
            number = self.pending_number or (table_number(printed.group(1)) if printed else "") or ""
            block = Block(spec, _title_text(title), i + 1, number=number, unit=self.pending_unit)
            self.by_kind[spec.kind] = block
            self.out.blocks.append(block)
        self.out.headings.append((i + 1, title))
        self.pending_number = self.pending_unit = ""
        self.pending_spec = None
        self.current = block

    def take_meta(self, meta: Meta, i: int) -> None:
        if meta.department:
            self.out.departments.append(meta.department)
            self.out.headings.append((i + 1, self.lines[i].strip()))
        if meta.unit:
            if self.current is not None and not self.current.unit:
                self.current.unit = meta.unit
            elif self.current is None:
                self.pending_unit = meta.unit

    def toc_entry(self, stripped: str, i: int) -> None:
        entry = re.sub(r"^[-•·●▪]\s*", "", stripped)
        self.out.headings.append((i + 1, entry))
        m = _TOC_NUMBER.match(stripped)
        spec = title_spec(m.group("title")) if m else None
        if spec is not None:
            self.toc_number(stripped, spec)

    def toc_number(self, stripped: str, spec: TableSpec) -> None:
        """A numbered entry naming a table kind ("- 三、支出总体情况表") numbers that table."""
        m = _TOC_NUMBER.match(stripped)
        number = cn_number(m.group("n")) if m else None
        if number is not None:
            self.out.toc.setdefault(spec.kind, str(number))

    def embedded(self, i: int) -> int:
        """Tab rows in the prose: a table when its heading or its first row names a kind."""
        rows: list[SourceLine] = []
        j = i
        while j < len(self.lines) and (not self.lines[j].strip() or _is_row(self.lines[j])):
            if self.lines[j].strip():
                rows.append((j + 1, self.lines[j]))
            j += 1
        found = self.embedded_kind(rows)
        self.pending_spec = None
        if found is None:
            self.out.problems.append(Diagnostic(
                "E304", f"tab-separated rows at lines {rows[0][0]}–{rows[-1][0]} have no title naming a table kind",
                where=f"{self.where}:{rows[0][0]}", hint="add the title to checker/data/tables.toml"))
            return j
        spec, title, line = found
        block = self.by_kind.get(spec.kind)
        if block is None:
            block = Block(spec, title, line, embedded=True)
            self.by_kind[spec.kind] = block
            self.out.blocks.append(block)
        block.rows.extend(rows)
        return j

    def embedded_kind(self, rows: list[SourceLine]) -> tuple[TableSpec, str, int] | None:
        if self.pending_spec is not None:
            return self.pending_spec
        line, text = rows[0]
        for cell in text.split("\t"):
            spec = spec_for_title(cell) if cell.strip() else None
            if spec is not None:
                return spec, compact(cell), line
        return None


_TITLE_NUMBERING = re.compile(r"^(表\s*[\d一二三四五六七八九十]+[、.．:：]?|[\d一二三四五六七八九十]+[、.．])\s*")


def _title_text(line: str) -> str:
    """A title without its numbering ("九、", "表 3"), whitespace removed."""
    return _TITLE_NUMBERING.sub("", compact(line)) or compact(line)

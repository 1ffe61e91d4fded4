"""A PDF's text layer as plain geometry: text lines, ruled tables and their glyphs, page by page.

This is the only module that imports pdfplumber.  Everything after it works on the dataclasses below, so
the table and document logic can be tested with hand-made layouts.

Coordinates are PDF points from the page's top-left corner (pdfplumber's ``top``/``x0``).  Every glyph
and line carries a *line key*: ``page * LINE_BASE + k``, where k numbers the page's visual lines from the
top (1-based, tables included).  The key orders everything in reading order and says where a value is
printed; ``page_of`` and ``line_on_page`` take it apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.diagnostics import Diagnostic, DiagnosticError

LINE_BASE = 1000  # a page holds fewer visual lines than this
_GAP = 0.25  # a horizontal gap wider than this many font sizes is a space between words

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def page_of(key: int) -> int:
    """The page number a line key points at."""
    return key // LINE_BASE


def line_on_page(key: int) -> int:
    """The visual line (1-based, from the top) a line key points at."""
    return key % LINE_BASE


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character with its box, font size and line key."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    key: int = 0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class TextLine:
    """A visual line of text outside the tables, left to right."""

    key: int
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    glyphs: tuple[Glyph, ...] = ()

    @property
    def page(self) -> int:
        return page_of(self.key)


@dataclass(slots=True)
class TableLayout:
    """A ruled table: its box, the boxes of its cells (merged cells are one box), and the glyphs inside."""

    page: int
    bbox: Box
    cells: list[Box]
    glyphs: list[Glyph] = field(default_factory=list)

    @property
    def top(self) -> float:
        return self.bbox[1]


@dataclass(slots=True)
class PageLayout:
    """One page: its text lines outside tables, its ruled tables, and how much text and imagery it has."""

    number: int
    width: float
    height: float
    lines: list[TextLine] = field(default_factory=list)
    tables: list[TableLayout] = field(default_factory=list)
    chars: int = 0
    images: int = 0

    def items(self) -> Iterator[TextLine | TableLayout]:
        """Lines and tables in reading order (top to bottom)."""
        items: list[TextLine | TableLayout] = [*self.lines, *self.tables]
        yield from sorted(items, key=lambda item: item.top)


def read_layout(path: Path) -> list[PageLayout]:
    """Every page of the PDF at ``path`` as a PageLayout; DiagnosticError E301 when it cannot be opened."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(path) as pdf:
            return [_page(page, n) for n, page in enumerate(pdf.pages, 1)]
    except (PdfminerException, PSException, ValueError, KeyError, TypeError) as exc:
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise DiagnosticError([_unreadable(path, "it is encrypted with a password")]) from exc
        raise DiagnosticError([_unreadable(path, f"not a readable PDF ({cause})")]) from exc
    except OSError as exc:
        raise DiagnosticError([_unreadable(path, exc.strerror or str(exc))]) from exc


def _unreadable(path: Path, why: str) -> Diagnostic:
    return Diagnostic("E301", f"cannot read {path}: {why}", where=str(path),
                      hint="give the published PDF, its text (.txt) or its tables as CSV/XLSX")


def _page(page: Any, number: int) -> PageLayout:
    """One pdfplumber page → PageLayout (glyphs keyed by line, assigned to tables or to text lines)."""
    page = page.dedupe_chars()
    glyphs = _glyphs(page.chars, number)
    tables = [TableLayout(number, tuple(t.bbox), [tuple(c) for c in t.cells]) for t in page.find_tables()]
    loose: list[Glyph] = []
    for glyph in glyphs:
        table = next((t for t in tables if _inside(glyph, t.bbox)), None)
        (table.glyphs if table is not None else loose).append(glyph)
    return PageLayout(number, float(page.width), float(page.height), text_lines(loose), tables,
                      len(page.chars), len(page.images))


def _inside(glyph: Glyph, box: Box) -> bool:
    x0, top, x1, bottom = box
    return x0 <= glyph.cx <= x1 and top <= glyph.cy <= bottom


def _glyphs(chars: list[dict[str, Any]], page: int) -> list[Glyph]:
    """Visible characters, top to bottom, each with the key of the visual line it sits on."""
    raw = sorted(
        (c for c in chars if c["text"].strip()),
        key=lambda c: (float(c["top"]), float(c["x0"])),
    )
    out: list[Glyph] = []
    line, bottom = 0, float("-inf")
    for c in raw:
        top, low = float(c["top"]), float(c["bottom"])
        if (top + low) / 2 > bottom:  # below the current line: a new one
            line, bottom = line + 1, low
        out.append(Glyph(c["text"], float(c["x0"]), top, float(c["x1"]), low, float(c["size"] or low - top),
                         page * LINE_BASE + min(line, LINE_BASE - 1)))
    return out


def text_lines(glyphs: list[Glyph]) -> list[TextLine]:
    """Glyphs grouped by line key into TextLines (words spaced where the gap is wide)."""
    by_key: dict[int, list[Glyph]] = {}
    for glyph in glyphs:
        by_key.setdefault(glyph.key, []).append(glyph)
    lines = []
    for key, group in sorted(by_key.items()):
        group.sort(key=lambda g: g.x0)
        lines.append(TextLine(key, min(g.x0 for g in group), min(g.top for g in group),
                              max(g.x1 for g in group), max(g.bottom for g in group), spaced(group), tuple(group)))
    return lines


def spaced(glyphs: list[Glyph]) -> str:
    """Glyphs of one line (left to right) as text, a space where the gap is wider than a quarter em."""
    parts: list[str] = []
    previous: Glyph | None = None
    for glyph in glyphs:
        if previous is not None and glyph.x0 - previous.x1 > _GAP * max(glyph.size, 1.0):
            parts.append(" ")
        parts.append(glyph.text)
        previous = glyph
    return "".join(parts)

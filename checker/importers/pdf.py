"""A published PDF disclosure (部门预算 or 部门决算) → Dataset, read from its text layer with pdfplumber.

    dataset = import_pdf(Path("document.pdf"))

The pages are read as geometry (``pdf_layout``: text lines, ruled tables, glyph positions), cut into
table blocks and prose (``pdf_segment``), each table's parts read by position (``pdf_grid``,
``pdf_tables``) and built by the text importer's ``TableBuilder``; the prose goes through the text
importer's stated-figure reader (``prose``).  Before any of it is data, ``pdf_checks`` decides whether it
can be: a scan without text (E316) or a blank template (E317) raises; standard tables not found are
reported (W304).

Provenance: ``_file`` is the PDF's path, ``_line`` the **page number** (a PDF has no lines an editor
would number; the page is what a reader turns to), ``_doc`` ``"document.pdf p.12"``.  Problems name the
page and the visual line on it (``document.pdf p.12, line 7``, lines counted from the top of the page).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pandas as pd

from checker.dataset.model import Dataset, Table, UnitMeta
from checker.diagnostics import Diagnostic
from checker.importers.indicators import IndicatorCell, parse_indicators
from checker.importers.pdf_checks import (
    holds_figures,
    is_template,
    missing_tables,
    placeholder_problems,
    placeholders,
    template_error,
    text_layer,
)
from checker.importers.pdf_layout import LINE_BASE, line_on_page, page_of, read_layout
from checker.importers.pdf_segment import PdfBlock, PdfSegments, segment_pages
from checker.importers.pdf_tables import PartsReader
from checker.importers.prose import stated_figures
from checker.importers.text import _indicator_cells, unit_code
from checker.importers.text_build import TableBuilder
from checker.importers.text_header import ColumnMap, published_specs
from checker.importers.text_norm import compact, is_heading
from checker.importers.text_rows import Grid
from checker.importers.text_segment import Block

_NO_DATA = re.compile(r"无数据|没有|^无|为零|为0")


def import_pdf(path: Path) -> Dataset:
    """Read a published PDF into a Dataset with its problems; DiagnosticError for a scan (E316), a blank
    template (E317) or a file that is not a readable PDF (E301)."""
    path = Path(path)
    where = str(path)
    pages = read_layout(path)
    problems = text_layer(pages, path)
    segments = segment_pages(pages, where)
    problems += segments.problems
    cells: list[IndicatorCell] = []
    tables = _tables(segments, path, problems, cells)
    meta = unit_meta(segments, tables, where)
    found = _unique(placeholders([*segments.prose, *segments.headings, *segments.cells]))
    if is_template(_cover(segments), tables.values(), found):
        raise template_error(path, found, holds_figures(tables.values()))
    indicators, read = parse_indicators(cells, path)
    stated, said = stated_figures(segments.prose, path)
    marked = {f"{where}:{key}" for key, _ in found}  # a sentence with a placeholder is not "unread"
    problems += read + [d for d in said if d.code != "E317" and d.where not in marked]
    problems += placeholder_problems(found, where)
    problems += missing_tables(tables, meta.document, where)
    for frame in [*(t.frame for t in tables.values()), stated, indicators]:
        _on_pages(frame, path.name)
        frame["_ds"] = pd.Series([meta.key] * len(frame), index=frame.index, dtype="object")
    return Dataset(units=[meta], tables=tables, indicators=indicators, stated=stated,
                   problems=[_located(d, where) for d in problems])


def _tables(segments: PdfSegments, path: Path, problems: list[Diagnostic],
            cells: list[IndicatorCell]) -> dict[str, Table]:
    """Every block read by position and built, in document order; indicator cells gathered."""
    tables: dict[str, Table] = {}
    for position, block in enumerate(segments.blocks, 1):
        grid = _read(block, str(path))
        number = block.number or segments.toc.get(block.spec.kind, str(position))
        text_block = Block(block.spec, block.title, block.key, number=number, notes=block.notes, unit=block.unit)
        builder = TableBuilder(text_block, grid, str(path), number, path.name)
        table = builder.build()
        table.source = f"{path.name} p.{block.page}"
        problems.extend(grid.problems)
        problems.extend(builder.problems)
        if table.frame.empty and not any(_NO_DATA.search(n) for n in block.notes):
            problems.append(Diagnostic("E315", f"table {block.title!r} has no rows", where=f"{path}:{block.key}",
                                       hint="a table with nothing to show says so in a note (注：本表无数据)"))
        cells.extend(_indicator_cells(grid, table))
        tables[block.spec.kind] = table
    return tables


def _read(block: PdfBlock, where: str) -> Grid:
    """The block's grid; a title with no ruled table under it has the template's columns and no rows."""
    if not block.parts:
        specs = published_specs(block.spec)
        return Grid([ColumnMap(j, c.name, "", c.role, c.classification) for j, c in enumerate(specs)], [])
    return PartsReader(block.spec, block.title, block.parts, where, f"{where}:{block.key}").read()


def _unique(found: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Placeholder lines once each (a heading is also a prose line), in reading order."""
    return sorted(dict(reversed(found)).items())


# --- provenance ----------------------------------------------------------------------------------------


def _on_pages(frame: pd.DataFrame, name: str) -> None:
    """Line keys → page numbers in ``_line``, and ``_doc`` as "document.pdf p.N"."""
    pages = pd.Series(frame["_line"], index=frame.index).astype("int64") // LINE_BASE
    frame["_line"] = pages
    frame["_doc"] = (name + " p." + pages.astype(str)).astype("object")


def _located(d: Diagnostic, where: str) -> Diagnostic:
    """A problem at "document.pdf:KEY" → "document.pdf p.12, line 7"."""
    prefix = f"{where}:"
    if not d.where or not d.where.startswith(prefix) or not d.where[len(prefix):].isdigit():
        return d
    key = int(d.where[len(prefix):])
    line = f", line {line_on_page(key)}" if line_on_page(key) else ""
    return replace(d, where=f"{where} p.{page_of(key)}{line}")


# --- who and what --------------------------------------------------------------------------------------

_DEPT_FIRST = re.compile(r"^(?P<dept>.+?)(?P<year>\d{4})年度?部门(?P<doc>预算|决算)")
_YEAR_FIRST = re.compile(r"^(?P<year>\d{4})年度?(?P<dept>.*?)(?:\d{4}年度?)?部门(?P<doc>预算|决算)")
_YEAR = re.compile(r"(\d{4})\s*年")


def _cover(segments: PdfSegments) -> str:
    """The document's title: the prose lines of its first page, up to 目录 or a heading (each line once)."""
    lines: list[str] = []
    for key, line in segments.prose:
        flat = compact(line)
        if page_of(key) > 1 or flat == "目录" or flat.startswith("第") or is_heading(line):
            break
        if flat not in lines:
            lines.append(flat)
    return "".join(lines)


def unit_meta(segments: PdfSegments, tables: dict[str, Table], where: str) -> UnitMeta:
    """Department, unit code, year and document kind from the cover title, 部门名称 lines and tables."""
    title = _cover(segments)
    found = (_YEAR_FIRST if title[:4].isdigit() else _DEPT_FIRST).search(title)
    department = Counter(segments.departments).most_common(1)[0][0] if segments.departments else ""
    if not department and found:
        department = found.group("dept")
    year = found.group("year") if found else _first_year(segments)
    kinds = Counter(t.spec.document for t in tables.values() if t.spec is not None)
    document = found.group("doc") if found else (kinds.most_common(1)[0][0] if kinds else "预算")
    code = unit_code(tables, department)
    headings = dict.fromkeys(compact(h) for h in ([title] if title else []) + [t for _, t in segments.headings])
    return UnitMeta(key=f"{code or department}-{year}", department=department, unit_code=code, year=year,
                    document=document, source=where, headings=tuple(h for h in headings if h))


def _first_year(segments: PdfSegments) -> str:
    for _, line in [*segments.headings, *segments.prose[:40]]:
        m = _YEAR.search(line)
        if m:
            return m.group(1)
    return ""

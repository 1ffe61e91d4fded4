"""Published disclosure text (a 部门预算/部门决算 converted from PDF) → Dataset.

    dataset = import_text(Path("seed.txt"))

The text is cut into table blocks and prose (``text_segment``); each block's headers are mapped onto its
template and its rows read with their source lines (``text_rows``, ``text_header``) and built into a
Table (``text_build``); the project table's indicator cells become ``Dataset.indicators``
(``indicators``) and the figures the prose states become ``Dataset.stated`` (``prose``).  Problems are
collected on ``Dataset.problems``; only an unreadable file raises (E301).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd

from checker.dataset.model import Dataset, Table, UnitMeta
from checker.diagnostics import Diagnostic, DiagnosticError
from checker.importers.indicators import IndicatorCell, parse_indicators
from checker.importers.prose import stated_figures
from checker.importers.text_build import TableBuilder
from checker.importers.text_norm import compact, join_lines, join_wrapped
from checker.importers.text_rows import BlockReader, Grid
from checker.importers.text_segment import Segments, segment

ENCODINGS = ("utf-8-sig", "gb18030")
INDICATOR_COLUMN = "项目主要绩效指标"


def import_text(path: Path, text: str | None = None) -> Dataset:
    """Read a disclosure's text (``text`` when already decoded) into a Dataset with its problems."""
    if text is None:
        text = read_text(path)
    where = str(path)
    segments = segment(source_lines(text), where)
    problems = list(segments.problems)
    cells: list[IndicatorCell] = []
    tables = _tables(segments, where, path.name, problems, cells)
    meta = unit_meta(segments, tables, where)
    indicators, found = parse_indicators(cells, path)
    stated, said = stated_figures(segments.prose, path)
    problems.extend(found)
    problems.extend(said)
    for frame in [*(t.frame for t in tables.values()), indicators, stated]:
        frame["_ds"] = pd.Series([meta.key] * len(frame), index=frame.index, dtype="object")
    return Dataset(units=[meta], tables=tables, indicators=indicators, stated=stated, problems=problems)


def source_lines(text: str) -> list[str]:
    """Lines as an editor numbers them: split at newlines only (a form feed stays inside its line)."""
    return [line.rstrip("\r") for line in text.split("\n")]


def read_text(path: Path) -> str:
    """The file decoded as UTF-8 (with or without BOM), else GB18030; DiagnosticError E301 otherwise."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DiagnosticError([Diagnostic("E301", f"cannot read {path}: {exc.strerror}", where=str(path))]) from exc
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DiagnosticError([Diagnostic(
        "E301", f"{path} is neither UTF-8 nor GB18030 text", where=str(path),
        hint="give the text of the disclosure, or its tables as CSV/XLSX")])


def _tables(segments: Segments, where: str, doc: str, problems: list[Diagnostic],
            cells: list[IndicatorCell]) -> dict[str, Table]:
    """Every block read and built, in document order; indicator cells gathered into ``cells``."""
    tables: dict[str, Table] = {}
    position = 0
    for block in segments.blocks:
        if not block.embedded:
            position += 1
        grid = BlockReader(block, where).read()
        number = block.number or ("" if block.embedded else segments.toc.get(block.spec.kind, str(position)))
        builder = TableBuilder(block, grid, where, number, doc)
        table = tables[block.spec.kind] = builder.build()
        problems.extend(grid.problems)
        problems.extend(builder.problems)
        cells.extend(_indicator_cells(grid, table))
    return tables


def _indicator_cells(grid: Grid, table: Table) -> list[IndicatorCell]:
    """The 项目主要绩效指标 cells of a table's rows, with the project each belongs to."""
    column = next((m for m in grid.columns if m.name == INDICATOR_COLUMN), None)
    label = next((c.name for c in table.columns if c.role == "name"), None)
    if column is None or label is None or table.spec is None or table.spec.layout == "two_sided":
        return []
    projects = table.frame[label].tolist()
    return [IndicatorCell(str(project), rec.cells[column.index])
            for rec, project in zip(grid.records, projects, strict=True) if rec.cells[column.index]]


# --- who and what ---------------------------------------------------------------------------------

_TITLE = re.compile(r"(?P<year>\d{4})年度?(?P<dept>.*?)(?:\d{4}年度?)?部门(?P<doc>预算|决算)")
_YEAR = re.compile(r"(\d{4})\s*年")


def unit_meta(segments: Segments, tables: dict[str, Table], where: str) -> UnitMeta:
    """Department, unit code, year and document kind from the title, 部门名称 lines and unit rows."""
    title_lines = _title_lines(segments)
    title = ""
    for _, line in title_lines:
        title = join_lines(title, join_wrapped(line))
    found = _TITLE.search(title)
    department = Counter(segments.departments).most_common(1)[0][0] if segments.departments else ""
    if not department and found:
        department = found.group("dept")
    year = found.group("year") if found else _first_year(segments)
    document = found.group("doc") if found else ("决算" if "决算" in title else "预算")
    code = unit_code(tables, department)
    return UnitMeta(
        key=f"{code or department}-{year}", department=department, unit_code=code, year=year,
        document=document, source=where, headings=_headings([*title_lines, *segments.headings]),
    )


def _title_lines(segments: Segments) -> list[tuple[int, str]]:
    """The document's title: its opening prose lines, up to the table of contents or the first part."""
    lines = []
    for number, line in segments.prose[:6]:
        if compact(line) == "目录" or line.startswith("第"):
            break
        lines.append((number, line))
    return lines


def _first_year(segments: Segments) -> str:
    for _, line in segments.headings:
        m = _YEAR.search(line)
        if m:
            return m.group(1)
    return ""


def unit_code(tables: dict[str, Table], department: str) -> str:
    """The budget unit code of the department's own unit row (listing tables' 行类型 单位)."""
    codes: list[str] = []
    for table in tables.values():
        frame = table.frame
        if "行类型" not in frame.columns or "单位编码" not in frame.columns:
            continue
        label = next((c.name for c in table.columns if c.role == "name"), None)
        if label is None:
            continue
        units = frame[frame["行类型"] == "单位"]
        for code, name in zip(units["单位编码"], units[label], strict=True):
            if department and compact(str(name)) == compact(department):
                return str(code)
            codes.append(str(code))
    return Counter(codes).most_common(1)[0][0] if codes else ""


def _headings(lines: list[tuple[int, str]]) -> tuple[str, ...]:
    """Heading and title lines in document order, each once (compared without whitespace)."""
    seen: dict[str, str] = {}
    for _, line in sorted(lines):
        seen.setdefault(compact(line), line)
    return tuple(seen.values())

"""Reading the rows of a code-list file (CSV or XLSX) as text, each with its file and line."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from checker.diagnostics import Collector, Diagnostic

Block = tuple[str, list[str], list[list[object]]]  # where, header, rows (each ending with _file, _line)
ENCODINGS = ("utf-8-sig", "gb18030")


def read_rows(path: Path, problems: Collector) -> Iterator[Block]:
    """Header and rows of a CSV file, or of every sheet of an XLSX workbook; problems are collected."""
    if not path.is_file():
        problems.add(Diagnostic("E220", f"code list not found: {path}", where=str(path)))
        return
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        yield from _xlsx_rows(path, problems)
    else:
        yield from _csv_rows(path, problems)


def _decode(path: Path, problems: Collector) -> str | None:
    raw = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    problems.add(Diagnostic("E220", f"cannot decode {path.name} as UTF-8 or GB18030", where=str(path)))
    return None


def _csv_rows(path: Path, problems: Collector) -> Iterator[Block]:
    text = _decode(path, problems)
    if text is None:
        return
    reader = csv.reader(io.StringIO(text))
    header: list[str] | None = None
    rows: list[list[object]] = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = [c.strip() for c in cells]
            continue
        rows.append([*_fit(cells, len(header)), str(path), reader.line_num])
    if header is None:
        problems.add(Diagnostic("E220", f"{path.name} is empty", where=str(path)))
        return
    yield str(path), [*header, "_file", "_line"], rows


def _xlsx_rows(path: Path, problems: Collector) -> Iterator[Block]:
    import openpyxl  # only when a workbook is given

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        problems.add(Diagnostic("E220", f"cannot read workbook {path.name}: {exc}", where=str(path)))
        return
    for sheet in book.worksheets:
        header: list[str] | None = None
        rows: list[list[object]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell(v) for v in values]
            if not any(cells):
                continue
            if header is None:
                header = cells
                continue
            rows.append([*_fit(cells, len(header)), f"{path}#{sheet.title}", number])
        if header is not None:
            yield f"{path}#{sheet.title}", [*header, "_file", "_line"], rows
    book.close()


def _cell(value: object) -> str:
    """A cell as text: integers without ".0" (a code typed as a number stays a code)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _fit(cells: list[str], width: int) -> list[object]:
    return list((cells + [""] * width)[:width])

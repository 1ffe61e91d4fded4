"""The canonical format as one XLSX workbook.

Sheets: "manifest" (key/value rows: the ``[dataset]`` keys), "tables" (one row per table: kind, sheet,
title, number, unit, places, notes, source, headers), one sheet per table named by its kind,
"indicators" and "stated".  Amounts are numbers in the table's unit; codes are text cells.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from checker.dataset.model import Dataset, Table, UnitMeta
from checker.dataset.templates import templates
from checker.diagnostics import Diagnostic, DiagnosticError
from checker.importers.assemble import assemble, entry_of, manifest_of, unknown_kind
from checker.importers.cells import RawTable, unreadable
from checker.importers.figures import indicator_texts, stated_texts
from checker.importers.frames import table_texts
from checker.importers.manifest import DATASET_KEYS, TABLE_KEYS, Manifest, TableEntry, manifest_from_dict
from checker.importers.merge import split_units

MANIFEST_SHEET, TABLES_SHEET, INDICATORS_SHEET, STATED_SHEET = "manifest", "tables", "indicators", "stated"
TABLES_HEADER = ("kind", "sheet", "title", "number", "unit", "places", "notes", "source", "headers")
_NOISE = 9  # decimals past which a float cell is binary noise (0.30000000000000004)


# --- reading ---------------------------------------------------------------------------------------


def _open(path: Path) -> Any:
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        raise DiagnosticError([unreadable(str(path), f"not an XLSX workbook ({exc})")]) from exc


def read_workbook(path: Path) -> Dataset:
    """A canonical workbook → Dataset (E305 without a "manifest" sheet, E306 for a bad one)."""
    path = Path(path)
    book = _open(path)
    try:
        sheets: dict[str, Any] = {ws.title: ws for ws in book.worksheets}
        manifest, extra = _manifest(path, sheets)
        key = manifest.key or manifest.unit_code or path.stem
        dataset = assemble(manifest, key, lambda name: _sheet(path, sheets, name), str(path))
        dataset.problems.extend(extra)
        return dataset
    finally:
        book.close()


def _manifest(path: Path, sheets: dict[str, Any]) -> tuple[Manifest, list[Diagnostic]]:
    if MANIFEST_SHEET not in sheets:
        raise DiagnosticError([Diagnostic("E305", f"{path} has no sheet named {MANIFEST_SHEET!r}",
                                          where=str(path), hint="see docs/canonical-format.md (the workbook)")])
    dataset: dict[str, Any] = {}
    for row in _rows(sheets[MANIFEST_SHEET]):
        key, value = [*row, "", ""][:2]
        if key and (key, value) != ("key", "value"):  # the header row
            dataset[key] = [h for h in value.split("\n") if h] if key == "headings" else value
    for name in (INDICATORS_SHEET, STATED_SHEET):
        if name in sheets:
            dataset.setdefault(name, name)
    tables = _table_rows(sheets[TABLES_SHEET]) if TABLES_SHEET in sheets else [
        {"kind": name, "file": name} for name in sheets if name in templates()
    ]
    manifest = manifest_from_dict({"dataset": dataset, "tables": tables}, str(path))
    used = {MANIFEST_SHEET, TABLES_SHEET, manifest.indicators, manifest.stated, *(t.file for t in manifest.tables)}
    extra = [unknown_kind(name, f"{path}#{name}") for name in sheets if name not in used]
    return manifest, extra


def _table_rows(ws: Any) -> list[dict[str, Any]]:
    rows = list(_rows(ws))
    if not rows:
        return []
    header = [h.strip() for h in rows[0]]
    out = []
    for row in rows[1:]:
        raw = dict(zip(header, row, strict=False))
        entry: dict[str, Any] = {k: v for k, v in raw.items() if v and k in TABLE_KEYS}
        entry["file"] = raw.get("sheet") or raw.get("kind", "")
        if raw.get("places"):
            entry["places"] = int(raw["places"]) if raw["places"].isdigit() else raw["places"]
        if raw.get("headers"):
            pairs = [p.split("=", 1) for p in raw["headers"].split(";") if "=" in p]
            entry["headers"] = {k.strip(): v.strip() for k, v in pairs}
        entry.update({k: v for k, v in raw.items() if v and k not in (*TABLE_KEYS, *TABLES_HEADER)})
        out.append(entry)
    return out


def _rows(ws: Any) -> Iterable[list[str]]:
    for values in ws.iter_rows(values_only=True):
        row = [cell_text(v) for v in values]
        if any(row):
            yield row


def read_sheets(path: Path) -> list[RawTable]:
    """Every sheet of a workbook as a RawTable (header in row 1), for files that are not datasets."""
    path = Path(path)
    book = _open(path)
    try:
        sheets: dict[str, Any] = {ws.title: ws for ws in book.worksheets}
        return [_sheet(path, sheets, name) for name in sheets]
    finally:
        book.close()


def _sheet(path: Path, sheets: dict[str, Any], name: str) -> RawTable:
    if name not in sheets:
        raise DiagnosticError([unreadable(f"{path}#{name}", "the workbook has no such sheet")])
    file = f"{path}#{name}"
    raw = RawTable(file=file, header=[], cell_ref=lambda line, col: f"{file}!{get_column_letter(col + 1)}{line}")
    lines: list[int] = []
    for line, values in enumerate(sheets[name].iter_rows(values_only=True), start=1):
        row = [cell_text(v) for v in values]
        if line == raw.header_line:
            raw.header = [h.strip() for h in row]
        elif any(c.strip() for c in row):
            raw.rows.append(row)
            lines.append(line)
    raw.lines = lines
    return raw.trimmed()


def cell_text(value: object) -> str:
    """A cell's value as the text it shows: integers without ".0", floats without binary noise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        number = Decimal(repr(value))
        if number.as_tuple().exponent < -_NOISE:  # type: ignore[operator]
            number = number.quantize(Decimal(1).scaleb(-_NOISE)).normalize()
        return format(number, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


# --- writing ---------------------------------------------------------------------------------------


def write_workbook(dataset: Dataset, path: Path) -> list[Path]:
    """Write ``dataset`` as one workbook; a many-unit dataset as one workbook per unit (``name.KEY.xlsx``)."""
    path = Path(path)
    parts = split_units(dataset)
    if len(parts) > 1:
        return [p for part in parts for p in write_workbook(part, path.with_suffix(f".{part.units[0].key}.xlsx"))]
    book = openpyxl.Workbook()
    unit = dataset.units[0] if dataset.units else UnitMeta(key=path.stem)
    entries = [entry_of(t, t.kind) for t in dataset.tables.values()]
    has_ind, has_stated = not dataset.indicators.empty, not dataset.stated.empty
    manifest = manifest_of(unit, entries, INDICATORS_SHEET if has_ind else "", STATED_SHEET if has_stated else "")
    _write_manifest(book.active, manifest)
    _write_rows(book.create_sheet(TABLES_SHEET), list(TABLES_HEADER), [_table_row(e) for e in entries])
    for table in dataset.tables.values():
        _write_table(book.create_sheet(table.kind), table)
    if has_ind:
        _write_texts(book.create_sheet(INDICATORS_SHEET), indicator_texts(dataset.indicators))
    if has_stated:
        _write_texts(book.create_sheet(STATED_SHEET), stated_texts(dataset.stated))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return [path]


def _write_manifest(ws: Any, manifest: Manifest) -> None:
    ws.title = MANIFEST_SHEET
    rows = []
    for key in DATASET_KEYS[:-2]:
        value = getattr(manifest, key)
        rows.append([key, "\n".join(value) if isinstance(value, tuple) else value])
    _write_rows(ws, ["key", "value"], rows)


def _table_row(entry: TableEntry) -> list[object]:
    headers = "; ".join(f"{k}={v}" for k, v in entry.headers.items())
    return [entry.kind, entry.file, entry.title, entry.number, entry.unit, entry.places, entry.notes,
            entry.source, headers]


def _write_rows(ws: Any, header: list[str], rows: Iterable[list[object]]) -> None:
    ws.append(header)
    for row in rows:
        ws.append(row)
    for cell in ws[1]:
        cell.font = openpyxl.styles.Font(bold=True)


def _write_texts(ws: Any, texts: pd.DataFrame) -> None:
    _write_rows(ws, list(texts.columns), texts.to_numpy().tolist())
    for column in ws.iter_cols(min_row=2):
        for cell in column:
            cell.number_format = "@"


def _write_table(ws: Any, table: Table) -> None:
    """Amount columns as numbers (formatted with the table's decimals), every other column as text."""
    texts = table_texts(table)
    roles = {c.name: c.role for c in table.columns}
    numeric = [roles.get(name) in ("money", "count", "level") for name in texts.columns]
    rows = ([float(Decimal(v)) if is_number and v else v for v, is_number in zip(row, numeric, strict=True)]
            for row in texts.to_numpy().tolist())
    _write_rows(ws, list(texts.columns), rows)
    formats = ["0" if roles.get(n) == "level" else f"0.{'0' * table.places}" if table.places else "0"
               for n in texts.columns]
    for column, is_number, number_format in zip(ws.iter_cols(min_row=2), numeric, formats, strict=False):
        for cell in column:
            cell.number_format = number_format if is_number else "@"

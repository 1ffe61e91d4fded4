"""One table of the canonical format: cell texts ↔ a Table frame (codes as str, money as micros, provenance).

Shared by the CSV folder and the XLSX workbook: both hand over a ``RawTable`` (header, rows, line numbers)
and get a Table back, with every problem found on the way as a Diagnostic naming the file and line.
"""

from __future__ import annotations

import difflib
import re

import pandas as pd

from checker.dataset.model import Column, Table
from checker.dataset.templates import ColumnSpec, TableSpec
from checker.diagnostics import Diagnostic
from checker.importers.cells import (
    RawTable,
    bad_codes,
    exponent_of,
    format_amounts,
    normalise_codes,
    parse_amounts,
)
from checker.importers.manifest import TableEntry
from checker.importers.vector import per_distinct

SOURCE_COLUMN = "来源"


def build_table(raw: RawTable, entry: TableEntry, spec: TableSpec, key: str | pd.Series) -> tuple[Table, list[Diagnostic]]:
    """Read one table's cells into a Table of ``spec``'s kind; problems are returned, never raised.

    ``key`` is the unit's key, or one per row when ``raw`` holds the rows of many units' files.
    """
    problems = raw.overlong()
    columns, positions, doc_at = map_header(raw, entry, spec, problems)
    problems += missing_columns(raw, spec, [c.name for c in columns])
    data = raw.frame()
    values: dict[str, pd.Series] = {}
    for column, at in zip(columns, positions, strict=True):
        values[column.name] = convert(column, data[at], raw, at, entry.unit, problems)
    _add_levels(spec, columns, values)
    frame = pd.DataFrame(values, index=data.index)
    frame["_ds"] = key
    frame["_row"] = pd.Series(raw.row_numbers(), index=frame.index, dtype="int64")
    frame["_file"] = raw.row_files()
    frame["_line"] = pd.Series(raw.lines, index=frame.index, dtype="int64")
    frame["_doc"] = data[doc_at].str.strip() if doc_at is not None else ""
    frame = frame.astype({"_ds": str, "_file": str, "_doc": str})
    table = Table(kind=entry.kind, title=entry.title or spec.kind, unit=entry.unit, columns=columns,
                  frame=frame, number=entry.number, source=entry.source, notes=entry.notes, places=entry.places)
    return table, problems


def map_header(
    raw: RawTable, entry: TableEntry, spec: TableSpec, problems: list[Diagnostic]
) -> tuple[list[Column], list[int], int | None]:
    """Each header cell → a Column of the spec (by canonical name, the manifest's headers, then aliases).

    Returns the columns, their positions in the row, and the position of the 来源 column (if any).
    """
    published = {v: k for k, v in entry.headers.items()}
    columns: list[Column] = []
    positions: list[int] = []
    doc_at: int | None = None
    for at, header in enumerate(raw.header):
        if header == SOURCE_COLUMN:
            doc_at = at
            continue
        if not header and raw.blank_column(at):
            continue  # a trailing empty column (a stray comma)
        found = _known(spec, header, published)
        if found is not None and all(c.name != found.name for c in columns):
            shown = entry.headers.get(found.name) or header
            columns.append(Column(found.name, shown, found.role, found.classification))
        else:
            name = published.get(header) or header or f"列{at + 1}"
            if any(c.name == name for c in columns):
                problems.append(Diagnostic("E310", f"column {name!r} appears twice; the second is ignored",
                                           where=raw.where(raw.header_line, at)))
                continue
            column = _extra(raw, spec, name, at, problems)
            column.header = entry.headers.get(name) or name
            columns.append(column)
        positions.append(at)
    return columns, positions, doc_at


def _known(spec: TableSpec, header: str, published: dict[str, str]) -> ColumnSpec | None:
    return spec.column(header) or spec.column(published.get(header, "")) or spec.resolve_header(header)


def _extra(raw: RawTable, spec: TableSpec, header: str, at: int, problems: list[Diagnostic]) -> Column:
    """A column the kind does not define: kept as the kind's ``extra`` says, reported when it looks like a typo.

    Kinds that take extra columns (one per district …) report only a header within a typo of a column
    of their own (本年支出合记); the others report every unknown header.
    """
    role = spec.extra if spec.extra in ("money", "text") else "text"
    close = difflib.get_close_matches(header, spec.column_names, n=1, cutoff=0.8 if spec.extra else 0.5)
    if spec.extra is None or close:
        kept = "an amount column" if role == "money" else "text"
        problems.append(Diagnostic(
            "E310", f"{spec.kind} has no column {header!r}; it is kept as {kept}",
            where=raw.where(raw.header_line, at),
            hint=f"did you mean {close[0]!r}?" if close else f"columns of {spec.kind}: {', '.join(spec.column_names)}",
        ))
    return Column(header, header, role)


def required_columns(spec: TableSpec) -> list[tuple[str, ...]]:
    """The columns a table must have, each as the alternatives that satisfy it.

    The row keys (收支 of a two-sided table, the name column, a code column of a coded table) and at
    least one amount column; every other column may be left out.
    """
    groups: list[tuple[str, ...]] = [(c.name,) for c in spec.columns_with("side")]
    names = spec.columns_with("name")
    if len(names) == 1:
        groups.append((names[0].name,))
    codes = tuple(c.name for c in spec.columns_with("code"))
    if spec.layout == "coded" and codes:
        groups.append(codes)
    money = tuple(c.name for c in spec.columns_with("money"))
    if money:
        groups.append(money)
    return groups


def missing_columns(raw: RawTable, spec: TableSpec, present: list[str]) -> list[Diagnostic]:
    """E311 for each required column (or group of alternatives) the header lacks."""
    out = []
    for group in required_columns(spec):
        if not any(name in present for name in group):
            wanted = f"the column {group[0]}" if len(group) == 1 else "one of the columns " + ", ".join(group)
            out.append(Diagnostic("E311", f"{spec.kind} needs {wanted}",
                                  where=raw.where(raw.header_line, 0)))
    return out


def convert(
    column: Column, texts: pd.Series, raw: RawTable, at: int, unit: str, problems: list[Diagnostic]
) -> pd.Series:
    """One column's cell texts → its stored values (codes and texts as str, amounts as int64)."""
    if column.role == "code":
        codes = normalise_codes(texts)
        for i in codes.index[bad_codes(codes, column.classification)]:
            problems.append(Diagnostic(
                "E314", f"{column.name}: {codes[i]!r} is not a {column.classification or 'code'} code; "
                "the row is kept", where=raw.row_where(i, at),
                hint="a totals row leaves the code blank and puts 合计 in the name column",
            ))
        return codes
    if column.role in ("money", "count", "level"):
        exponent = exponent_of(unit) if column.role == "money" else 6 if column.role == "count" else 0
        return _amounts(column, texts, raw, at, exponent, problems)
    return per_distinct(texts.fillna("").astype(str), lambda t: t.str.strip())


def _amounts(
    column: Column, texts: pd.Series, raw: RawTable, at: int, exponent: int, problems: list[Diagnostic]
) -> pd.Series:
    parsed = parse_amounts(texts, exponent)
    for i in texts.index[parsed.bad]:
        problems.append(Diagnostic("E302", f"{column.name}: {texts[i].strip()!r} is not a number; counted as 0",
                                   where=raw.row_where(i, at)))
    for i in texts.index[parsed.rounded]:
        problems.append(Diagnostic("E307", f"{column.name}: {texts[i].strip()!r} has more decimals than "
                                   "the smallest unit holds; rounded", where=raw.row_where(i, at)))
    return parsed.micros


# --- levels: "一" → 1, "（一）" → 2, "1" → 3 ---------------------------------------------------------

_LEVELS = (
    (re.compile(r"[一二三四五六七八九十百零〇]+"), 1),
    (re.compile(r"[（(][一二三四五六七八九十百零〇]+[）)]"), 2),
    (re.compile(r"\d+"), 3),
    (re.compile(r"[（(]\d+[）)]"), 4),
)


def level_of(seq: str) -> int:
    """The outline level of a published numbering (0 for an unnumbered line such as 本年收入合计)."""
    compact = seq.strip().rstrip("、.．")
    return next((level for pattern, level in _LEVELS if pattern.fullmatch(compact)), 0)


def _add_levels(spec: TableSpec, columns: list[Column], values: dict[str, pd.Series]) -> None:
    level_spec = next(iter(spec.columns_with("level")), None)
    seq_spec = next(iter(spec.columns_with("seq")), None)
    if level_spec is None or seq_spec is None or seq_spec.name not in values:
        return
    derived = per_distinct(values[seq_spec.name], lambda seq: seq.map(level_of)).astype("int64")
    if level_spec.name in values:
        given = values[level_spec.name]
        values[level_spec.name] = given.where(given.ne(0) | values[seq_spec.name].eq(""), derived)
    else:  # placed right after the numbering it is derived from
        at = next(i for i, c in enumerate(columns) if c.name == seq_spec.name) + 1
        columns.insert(at, Column(level_spec.name, level_spec.name, "level"))
        items = list(values.items())
        items.insert(at, (level_spec.name, derived))
        values.clear()
        values.update(items)


# --- writing ---------------------------------------------------------------------------------------


def table_texts(table: Table) -> pd.DataFrame:
    """A Table as cell texts under canonical column names (amounts in the table's unit), plus 来源."""
    frame = table.frame
    out: dict[str, pd.Series] = {}
    for column in table.columns:
        values = frame[column.name] if column.name in frame else pd.Series("", index=frame.index)
        out[column.name] = column_texts(values, column.role, table.unit, table.places)
    if "_doc" in frame and frame["_doc"].fillna("").astype(str).ne("").any():
        out[SOURCE_COLUMN] = frame["_doc"].fillna("").astype(str)
    return pd.DataFrame(out, index=frame.index)


def column_texts(values: pd.Series, role: str, unit: str = "万元", places: int = 2) -> pd.Series:
    """Stored values of one role → cell texts (NA → blank)."""
    if role not in ("money", "count", "level"):
        return values.fillna("").astype(str)
    missing = values.isna()
    numbers = values.fillna(0).astype("int64")
    if role == "money":
        texts = format_amounts(numbers, exponent_of(unit), places)
    elif role == "count":
        texts = format_amounts(numbers, 6, 0)
    else:
        texts = numbers.astype(str)
    return texts.where(~missing, "")

"""Reading cells: text encodings, CSV records with their line numbers, exact amounts, code shapes.

Everything here works on whole columns (pandas string operations) so that a file of a million lines is
parsed without a Python loop per cell; only the rare cell that needs rounding is looked at one by one.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from checker.dataset.model import MONEY_FACTOR, SCALE
from checker.diagnostics import Diagnostic, DiagnosticError
from checker.importers.vector import per_distinct, plain_amounts

BLANKS = ("", "-", "—", "–", "——", "－", "/", "--")
UTF8_BOM, UTF16_BOMS = b"\xef\xbb\xbf", (b"\xff\xfe", b"\xfe\xff")
_AMOUNT = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_MAX_INT_DIGITS = 18  # int64 holds 9.2e18


# --- text files ------------------------------------------------------------------------------------


def decode(data: bytes, path: str) -> str:
    """Bytes of a text file as str: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030.

    A file that is none of these (a binary file, a PDF) raises DiagnosticError E301; nothing is guessed
    into mojibake.
    """
    try:
        if data.startswith(UTF8_BOM):
            return data[3:].decode("utf-8", errors="strict")
        if data.startswith(UTF16_BOMS):
            return data.decode("utf-16")
    except UnicodeDecodeError:
        pass
    else:
        if b"\x00" not in data:
            for encoding in ("utf-8", "gb18030"):
                try:
                    return data.decode(encoding)
                except UnicodeDecodeError:
                    continue
    raise DiagnosticError([unreadable(path, "not text in UTF-8, UTF-16 or GBK/GB18030")])


def read_bytes(path: Path) -> bytes:
    """A file's bytes; an unreadable file raises DiagnosticError E301."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DiagnosticError([unreadable(str(path), exc.strerror or str(exc))]) from exc


def read_text(path: Path) -> str:
    """A text file decoded by ``decode``; an unreadable file raises DiagnosticError E301."""
    return decode(read_bytes(path), str(path))


def unreadable(path: str, why: str) -> Diagnostic:
    return Diagnostic("E301", f"cannot read {path}: {why}", where=path)


# --- raw tables: a header and rows of text, with where each row came from ---------------------------


CellRef = Callable[[int, int], str]
Positions = list[int] | np.ndarray  # one number per row: a list, or an int64 array


@dataclass(slots=True)
class RawTable:
    """A header and rows of cell texts from one CSV file or one sheet, with each row's line number.

    ``file`` is what provenance calls the source (a CSV path, or ``book.xlsx#sheet``); ``cell_ref`` names
    one cell for a diagnostic: ``file:line`` for CSV, ``book.xlsx#sheet!C12`` for a sheet.  The rows are
    lists of texts, or — when pandas read the file (``stacked``) — ``data``, a frame of str whose columns
    are the header's positions.
    """

    file: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    lines: Positions = field(default_factory=list)
    cell_ref: CellRef | None = None
    header_line: int = 1
    files: list[str] | None = None  # per row, when the rows of many files with one header are read as one
    numbers: Positions | None = None  # per row, its position in its own file or unit (1-based), likewise
    data: pd.DataFrame | None = None  # the rows as a frame, instead of ``rows``

    def where(self, line: int, column: int = 0) -> str:
        return self.cell_ref(line, column) if self.cell_ref else f"{self.file}:{line}"

    def row_where(self, i: int, column: int = 0) -> str:
        """Where row ``i`` (0-based) is: its file (its own, when many were read as one) and line."""
        if self.files is not None:
            return f"{self.files[i]}:{self.lines[i]}"
        return self.where(int(self.lines[i]), column)

    def row_files(self) -> str | list[str]:
        """The file of every row: one name, or one per row."""
        return self.files if self.files is not None else self.file

    def row_numbers(self) -> Positions | range:
        """Each row's 1-based position in its own file."""
        return self.numbers if self.numbers is not None else range(1, self.size + 1)

    @property
    def size(self) -> int:
        """The number of rows."""
        return len(self.data) if self.data is not None else len(self.rows)

    def frame(self) -> pd.DataFrame:
        """The rows as a frame of str, columns by position (0 … n-1), short rows padded with ""."""
        if self.data is not None:
            return self.data.copy(deep=False)  # callers rename its columns
        width = len(self.header)
        padded = [r if len(r) == width else (r + [""] * width)[:width] for r in self.rows]
        return pd.DataFrame(padded, columns=range(width), dtype=str) if padded else pd.DataFrame(
            {i: pd.Series(dtype=str) for i in range(width)}
        )

    def blank_column(self, at: int) -> bool:
        """Whether every cell of column ``at`` is blank (or missing)."""
        if self.data is not None:
            return at not in self.data or not self.data[at].str.strip().ne("").any()
        return not any(len(r) > at and r[at].strip() for r in self.rows)

    def trimmed(self) -> RawTable:
        """Without trailing header cells that are empty over a column of empty cells (stray commas)."""
        while self.header and not self.header[-1]:
            at = len(self.header) - 1
            if not self.blank_column(at):
                break
            self.header.pop()
            if self.data is not None and at in self.data:
                self.data = self.data.drop(columns=at)
        return self

    def overlong(self) -> list[Diagnostic]:
        """E303 for each row with more non-blank cells than the header has columns (never in ``data``)."""
        if self.data is not None:
            return []
        width = len(self.header)
        return [
            Diagnostic("E303", f"{len(r)} cells but {width} columns in the header; the extra cells are ignored",
                       where=self.where(line, width))
            for r, line in zip(self.rows, self.lines, strict=True)
            if len(r) > width and any(c.strip() for c in r[width:])
        ]


def parse_csv(text: str, file: str) -> RawTable:
    """CSV text (comma- or tab-separated) → RawTable; blank lines are skipped, line numbers kept.

    Lines starting with ``#`` before the header are comments (e.g. "# 示例数据, illustrative only").
    """
    first = next((line for line in text.split("\n") if not line.lstrip("\ufeff").startswith("#")), "")
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    raw = RawTable(file=file, header=[])
    lines: list[int] = []
    start = 1
    for record in reader:
        if header is None and record and record[0].lstrip("\ufeff").startswith("#"):
            start = reader.line_num + 1
            continue
        if header is None:
            header = [h.strip() for h in record]
            raw.header, raw.header_line = header, start
        elif "".join(record).strip():  # a record of blank cells is a blank line
            raw.rows.append(record)
            lines.append(start)
        start = reader.line_num + 1
    raw.lines = lines
    return raw.trimmed()


def read_csv(path: Path, file: str | None = None) -> RawTable:
    """A CSV file in any supported encoding → RawTable (E301 DiagnosticError when unreadable)."""
    return parse_csv(read_text(path), file or str(path))


def read_frame(path: Path) -> RawTable:
    """A large CSV file → RawTable with its rows as ``data``, a frame of str parsed by pandas' C parser.

    The same table as ``read_csv`` gives — encodings, delimiter, header, blank lines skipped, each row's
    line — in one call instead of a Python record per line.  A file the C parser cannot line up with its
    lines (a quoted cell spanning lines, comment lines, a row longer than the header, a lone carriage
    return) is read by ``parse_csv``: then ``rows`` holds its rows and ``overlong`` reports them.
    """
    file = str(path)
    data = read_bytes(path)
    if data.startswith(UTF16_BOMS) or b"\x00" in data:
        data = decode(data, file).encode("utf-8")
    try:  # UTF-8 (pandas checks it as it reads), else GB18030 as ``decode`` finds it, given as UTF-8
        return _frame(data[3:] if data.startswith(UTF8_BOM) else data, file)
    except UnicodeDecodeError:
        return _frame(decode(data, file).encode("utf-8"), file)


def _frame(utf8: bytes, file: str) -> RawTable:
    """UTF-8 bytes (a "\\n" byte is a line end, nothing else) → RawTable; ``parse_csv`` for odd files."""
    end = utf8.find(b"\n")
    first = utf8[:end if end >= 0 else len(utf8)].decode("utf-8", errors="replace")
    carriage = utf8.count(b"\r")
    if first.lstrip("\ufeff").startswith("#") or (carriage and carriage != utf8.count(b"\r\n")):
        return parse_csv(utf8.decode("utf-8"), file)
    try:
        cells = pd.read_csv(io.BytesIO(utf8), encoding="utf-8", sep="\t" if "\t" in first and "," not in first
                            else ",", header=None, dtype=str, keep_default_na=False, na_filter=False,
                            engine="c", skip_blank_lines=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError):
        return parse_csv(utf8.decode("utf-8"), file)
    if len(cells) != utf8.count(b"\n") + (not utf8.endswith(b"\n")):  # a record is not a line
        return parse_csv(utf8.decode("utf-8"), file)
    header = [h.strip() for h in cells.iloc[0].tolist()]
    rows = cells.iloc[1:].reset_index(drop=True)
    rows.columns = pd.Index(range(len(header)))
    lines = np.arange(2, len(cells) + 1, dtype=np.int64)
    blank = _blank_records(rows)
    if blank.any():
        rows, lines = rows[~blank].reset_index(drop=True), lines[~blank]
    return RawTable(file=file, header=header, lines=lines, data=rows).trimmed()


def _blank_records(data: pd.DataFrame) -> np.ndarray:
    """Which rows have only blank cells (blank lines, lines of commas): the rows whose first cell is blank
    (few, in a large file) are looked at whole."""
    if data.shape[1] == 0:
        return np.ones(len(data), dtype=bool)
    rows = np.flatnonzero(per_distinct(data[0], lambda t: t.str.strip().eq("")).to_numpy(dtype=bool))
    blank = np.zeros(len(data), dtype=bool)
    if len(rows):
        some = data.iloc[rows]
        empty = [some[c].str.strip().eq("").to_numpy(dtype=bool) for c in some.columns]
        blank[rows] = np.logical_and.reduce(empty)
    return blank


# --- amounts ---------------------------------------------------------------------------------------


def exponent_of(unit: str) -> int:
    """How many decimals of ``unit`` one micro of 万元 is: 6 for 万元, 2 for 元, 10 for 亿元."""
    return (MONEY_FACTOR[unit] * SCALE).adjusted()


@dataclass(slots=True)
class Amounts:
    """Parsed amounts: exact micros, and masks of blank, non-numeric and over-precise cells."""

    micros: pd.Series
    blank: pd.Series
    bad: pd.Series
    rounded: pd.Series
    decimals: pd.Series


def parse_amounts(texts: pd.Series, exponent: int = 6) -> Amounts:
    """Decimal texts → integers of 10^-exponent, exactly; blank and "-" are 0, non-numbers are 0 and bad.

    ``exponent`` is 6 for micros of the text's own unit, or ``exponent_of(unit)`` for money in 万元 micros.
    A value with more decimals than the exponent holds is rounded half-up and flagged ``rounded``.
    Each distinct text is parsed once (published tables repeat 0.00 and blanks a great deal).
    """
    codes, uniques = pd.factorize(texts.fillna("").astype(str).to_numpy(dtype=object))
    table, states, digits = _parse_distinct(np.asarray(uniques, dtype=object), exponent)
    index = texts.index
    state = pd.Series(states[codes], index=index)
    return Amounts(pd.Series(table[codes], index=index, dtype="int64"), state.eq(_BLANK), state.eq(_BAD),
                   state.eq(_ROUNDED), pd.Series(digits[codes], index=index, dtype="int64"))


def _parse_distinct(uniques: np.ndarray, exponent: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values, states, decimals) of each distinct text: plain decimals at once, the rest one by one."""
    plain, table, digits = plain_amounts(uniques, exponent, _MAX_INT_DIGITS)
    states = np.zeros(len(uniques), dtype="int8")
    for i in np.flatnonzero(~plain):
        table[i], states[i], digits[i] = _amount(str(uniques[i]), exponent)
    if len(uniques) == 0:  # index 0 must exist for an empty column's (empty) lookups
        return np.zeros(1, dtype="int64"), np.zeros(1, dtype="int8"), np.zeros(1, dtype="int64")
    return table, states, digits


_OK, _BLANK, _BAD, _ROUNDED = 0, 1, 2, 3
_AMOUNT_RE = re.compile(_AMOUNT)
_SPACE = re.compile(r"\s+")


def _amount(text: str, exponent: int) -> tuple[int, int, int]:
    """(value in 10^-exponent, state, decimals written) of one cell's text."""
    s = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    if s in BLANKS:
        return 0, _BLANK, 0
    if not _AMOUNT_RE.fullmatch(s):
        return 0, _BAD, 0
    s = s.replace(",", "")
    whole, _, frac = s.lstrip("+-").partition(".")
    if len(whole) > _MAX_INT_DIGITS - exponent:
        return 0, _BAD, 0
    sign = -1 if s.startswith("-") else 1
    if len(frac) > exponent:
        value = int((Decimal(s) * 10**exponent).to_integral_value(rounding=ROUND_HALF_UP))
        return value, _ROUNDED, len(frac)
    return sign * (int(whole) * 10**exponent + int(frac.ljust(exponent, "0") or 0)), _OK, len(frac)


def format_amounts(micros: pd.Series, exponent: int = 6, places: int = 2) -> pd.Series:
    """Integers of 10^-exponent → decimal text with at least ``places`` decimals and no loss."""
    m = micros.astype("int64")
    a = m.abs()
    whole = (a // 10**exponent).astype(str)
    if exponent > 0:
        frac = (a % 10**exponent).astype(str).str.zfill(exponent).str.rstrip("0")
    else:
        frac = pd.Series("", index=m.index, dtype=str)
    frac = frac.str.pad(places, side="right", fillchar="0") if places > 0 else frac
    text = whole + pd.Series(np.where(frac.eq(""), "", "." + frac), index=m.index, dtype=str)
    return pd.Series(np.where(m < 0, "-" + text, text), index=m.index, dtype=str)


# --- codes -----------------------------------------------------------------------------------------

CODE_SHAPES = {
    "功能分类": r"\d{3}(?:\d{2}){0,2}",
    "部门经济分类": r"\d{3}(?:\d{2})?",
    "政府经济分类": r"\d{3}(?:\d{2})?",
}


def normalise_codes(texts: pd.Series) -> pd.Series:
    """Codes as written, without whitespace and the brackets of ``[301]`` / ``【301】``."""
    return per_distinct(texts.fillna("").astype(str), _normalise_codes)


def _normalise_codes(texts: pd.Series) -> pd.Series:
    return texts.str.normalize("NFKC").str.replace(r"[\s\[\]【】]", "", regex=True)


def bad_codes(codes: pd.Series, classification: str | None) -> pd.Series:
    """Mask of non-blank codes whose shape does not fit the classification (3/5/7 or 3/5 digits)."""
    shape = CODE_SHAPES.get(classification or "", r"\d+")
    return per_distinct(codes, lambda c: c.ne("") & ~c.str.fullmatch(shape).fillna(False).astype(bool))

"""Records of a table block → a ``Table``: exact amounts, codes as strings, row kinds, provenance.

Layouts (see checker/data/tables.toml):
  coded      codes as strings ("2010301"; "[30101]基本工资" → code 30101, name 基本工资); names as printed
             (wrap spaces removed, ordinals such as "一、" kept); total rows named 合计.
  listing    行类型 合计 | 其中 | 单位 | 类别 | 明细 when the template has it.
  items      序号/层级/项目 from the published numbering ("其中：（一）因公出国（境）费" → （一）, 2).
  two_sided  stored long: one row per side (收入 rows, then 支出 rows) with 收支/序号/层级/项目.
Amounts are int64 micros of 万元 (``money_micros`` in the table's unit); blank and "-" are 0; a cell that
is not a number is 0 and reported (E302) with its file:line.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pandas as pd

from checker.dataset.model import PROVENANCE, Column, PrecisionError, Table, money_micros, to_micros
from checker.diagnostics import Diagnostic
from checker.importers.text_header import SIDES, ColumnMap
from checker.importers.text_norm import compact, join_wrapped, split_numbering, strip_of_which
from checker.importers.text_rows import TOTAL_NAMES, Grid, Record
from checker.importers.text_segment import Block
from checker.units import DASHES, parse_decimal

INT_ROLES = ("money", "count", "level")
CATEGORY_NAMES = (
    "基本支出", "项目支出", "人员经费", "人员经费支出", "人员支出", "公用经费", "公用支出", "日常公用经费",
    "日常公用支出", "对个人和家庭的补助", "经营支出", "事业单位经营支出",
)
_CODE_SHAPES = {  # classification → (pattern, what it allows)
    "功能分类": (re.compile(r"^\d{3}(\d{2}){0,2}$"), "3/5/7 digits"),
    "部门经济分类": (re.compile(r"^\d{3}(\d{2})?$"), "3/5 digits"),
    "政府经济分类": (re.compile(r"^\d{3}(\d{2})?$"), "3/5 digits"),
}
_CODE_NAME = re.compile(r"^\[?(\d{3,})\]?\s*(.*)$")
_HEADER_UNIT = re.compile(r"[（(](亿元|万元|元)[）)]")

Row = dict[str, Any]


class TableBuilder:
    """Builds one Table from a block and its grid; problems collect on ``problems``."""

    def __init__(self, block: Block, grid: Grid, where: str, number: str, doc_name: str) -> None:
        self.block = block
        self.doc_name = doc_name
        self.spec = block.spec
        self.grid = grid
        self.where = where
        self.number = number
        self.unit = block.unit or _header_unit(grid.columns) or "万元"
        self.places: int | None = None
        self.problems: list[Diagnostic] = []

    def build(self) -> Table:
        """The Table: rows laid out per the template, columns typed by role, provenance appended."""
        rows = getattr(self, f"rows_{self.spec.layout}")()
        names = self.column_names(rows)
        frame = _frame(rows, names, self.roles(), self.where, self.doc_name)
        return Table(
            kind=self.spec.kind, title=self.block.title, unit=self.unit, columns=self.columns(names),
            frame=frame, number=self.number, source=self.where, notes="\n".join(self.block.notes),
            places=2 if self.places is None else self.places,
        )

    # --- cells -------------------------------------------------------------------------------------

    def base(self, rec: Record) -> Row:
        """Every published column of a record, read by its role; provenance of its first line."""
        row: Row = {"_line": rec.line}
        for m in self.grid.columns:
            value = self.value(rec, m)
            if m.code_column:
                code, value = _split_code(value)
                row[m.code_column] = code
            row[m.name] = value
        return row

    def value(self, rec: Record, m: ColumnMap) -> Any:
        """A cell read by its column's role: an amount, a code, or text without wrap spaces."""
        raw = rec.text(m.index)
        if m.role in ("money", "count"):
            return self.amount(raw, rec.line_of(m.index), m)
        if m.role == "code":
            return compact(raw).strip("[]【】")
        return join_wrapped(raw)

    def amount(self, raw: str, line: int, m: ColumnMap) -> int:
        """Micros of an amount cell (blank or a dash is 0); E302 for text, E307 for excess decimals."""
        flat = compact(raw)
        if not flat or flat in DASHES:
            return 0
        value = parse_decimal(flat)
        if value is None:
            self.problems.append(Diagnostic(
                "E302", f"{self.block.title}: column {m.name} ({m.header or m.name}) holds {flat!r}, not a number",
                where=f"{self.where}:{line}", hint="the cell is read as 0; blanks and '-' mean zero"))
            return 0
        try:
            if m.role == "count":
                return to_micros(value)
            micros = money_micros(value, self.unit)
        except PrecisionError as exc:
            self.problems.append(Diagnostic("E307", f"{self.block.title}: {m.name}: {exc}",
                                            where=f"{self.where}:{line}"))
            return 0
        self.places = max(self.places or 0, _decimals(value))
        return micros

    # --- layouts -----------------------------------------------------------------------------------

    def rows_coded(self) -> list[Row]:
        """Rows keyed by classification code, each code checked for its shape (E314)."""
        rows = [self.base(rec) for rec in self.grid.records]
        codes = [c for c in self.spec.columns if c.role == "code"]
        names = [c.name for c in self.spec.columns if c.role == "name"]
        for row in rows:
            has_code = any(row.get(c.name) for c in codes)
            for name in names:
                if name in row:
                    row[name] = _coded_name(row[name], has_code)
            for col in codes:
                self.check_code(row.get(col.name, ""), col.classification, row["_line"])
        return rows

    def check_code(self, code: str, classification: str | None, line: int) -> None:
        shape = _CODE_SHAPES.get(classification or "")
        if code and shape is not None and not shape[0].match(code):
            self.problems.append(Diagnostic(
                "E314", f"{self.block.title}: code {code!r} is not a {classification} code ({shape[1]})",
                where=f"{self.where}:{line}"))

    def rows_listing(self) -> list[Row]:
        """Rows of units, categories and items, each with its 行类型 when the template has one."""
        rows = [self.base(rec) for rec in self.grid.records]
        if self.spec.column("行类型") is not None:
            _row_types(rows, self.name_column(), self.detail_columns())
        return rows

    def rows_items(self) -> list[Row]:
        """Named rows with their published numbering split into 序号/层级."""
        rows = [self.base(rec) for rec in self.grid.records]
        name = self.name_column()
        if self.spec.column("序号") is not None:
            for row in rows:
                numbering = split_numbering(row.get(name, ""))
                row.update({"序号": numbering.seq, "层级": numbering.level, name: numbering.name})
        return rows

    def rows_two_sided(self) -> list[Row]:
        """The 收入 rows, then the 支出 rows, of a table printed side by side."""
        rows: list[Row] = []
        for side in SIDES:
            maps = [m for m in self.grid.columns if m.side == side]
            label = next((m for m in maps if m.role == "name"), None)
            if label is not None:
                rows.extend(self.side_rows(side, label, [m for m in maps if m is not label]))
        return rows

    def side_rows(self, side: str, label: ColumnMap, others: list[ColumnMap]) -> list[Row]:
        """One side's rows: every line with an item name on that side (an amount without one: E303)."""
        rows: list[Row] = []
        for rec in self.grid.records:
            name = join_wrapped(rec.text(label.index))
            if not name:
                if any(rec.text(m.index).strip() for m in others):
                    self.problems.append(Diagnostic(
                        "E303", f"{self.block.title}: an amount on the {side} side without an item name",
                        where=f"{self.where}:{rec.line}"))
                continue
            numbering = split_numbering(name)
            row: Row = {"_line": rec.line_of(label.index), "收支": side, "序号": numbering.seq,
                        "层级": numbering.level, label.name: numbering.name}
            for m in others:
                row[m.name] = self.value(rec, m)
            rows.append(row)
        return rows

    # --- columns -----------------------------------------------------------------------------------

    def name_column(self) -> str:
        return next((m.name for m in self.grid.columns if m.role == "name"), "")

    def detail_columns(self) -> list[str]:
        skip = {"单位编码", self.name_column()}
        return [m.name for m in self.grid.columns if m.role in ("text", "count") and m.name not in skip]

    def column_names(self, rows: list[Row]) -> list[str]:
        """Template columns present (in template order), then extra columns (in published order)."""
        present = {key for row in rows for key in row} | {m.name for m in self.grid.columns}
        present |= {m.code_column for m in self.grid.columns if m.code_column}
        derived = {"two_sided": ("收支", "序号", "层级"), "items": ("序号", "层级"), "listing": ("行类型",)}
        present |= {n for n in derived.get(self.spec.layout, ()) if self.spec.column(n) is not None}
        names = [c.name for c in self.spec.columns if c.name in present]
        extras = [m.name for m in self.grid.columns if m.name not in names]
        return names + list(dict.fromkeys(extras))

    def roles(self) -> dict[str, str]:
        roles = {c.name: c.role for c in self.spec.columns}
        roles.update({m.name: m.role for m in self.grid.columns})
        return roles

    def columns(self, names: list[str]) -> list[Column]:
        """Column descriptions: canonical name, published header(s), role, classification."""
        roles = self.roles()
        out = []
        for name in names:
            spec_col = self.spec.column(name)
            sources = [m.header for m in self.grid.columns if name in (m.name, m.code_column) and m.header]
            classification = spec_col.classification if spec_col is not None else None
            out.append(Column(name, " | ".join(dict.fromkeys(sources)), roles[name], classification))
        return out


def _frame(rows: list[Row], names: list[str], roles: dict[str, str], where: str, doc: str) -> pd.DataFrame:
    """Columns by role (int64 amounts/counts/levels, str otherwise), then the provenance columns."""
    data: dict[str, pd.Series] = {}
    for name in names:
        if roles.get(name, "text") in INT_ROLES:
            data[name] = pd.Series([int(r.get(name, 0) or 0) for r in rows], dtype="int64")
        else:
            data[name] = pd.Series([str(r.get(name, "")) for r in rows], dtype="object")
    lines = [int(r["_line"]) for r in rows]
    provenance: dict[str, pd.Series] = {
        "_ds": pd.Series([""] * len(rows), dtype="object"),
        "_row": pd.Series(range(1, len(rows) + 1), dtype="int64"),
        "_file": pd.Series([where] * len(rows), dtype="object"),
        "_line": pd.Series(lines, dtype="int64"),
        "_doc": pd.Series([f"{doc}:{n}" for n in lines], dtype="object"),
    }
    data.update({name: provenance[name] for name in PROVENANCE})
    return pd.DataFrame(data, index=pd.RangeIndex(len(rows)))


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _header_unit(maps: list[ColumnMap]) -> str:
    for m in maps:
        found = _HEADER_UNIT.search(m.header)
        if found:
            return found.group(1)
    return ""


def _split_code(text: str) -> tuple[str, str]:
    m = _CODE_NAME.match(text)
    return (m.group(1), m.group(2).strip()) if m else ("", text)


def _coded_name(name: str, has_code: bool) -> str:
    """A coded row's name as printed (its ordinal "一、" kept); a total row is named 合计."""
    return "合计" if not has_code and compact(name) in TOTAL_NAMES else name


def _is_category(name: str) -> bool:
    return name in CATEGORY_NAMES or (name.endswith("类") and len(name) <= 8)


def _row_types(rows: list[Row], name: str, details: list[str]) -> None:
    """行类型 of each listing row: 合计, 其中 (and the rows that follow it), 单位, 类别 or 明细."""
    seen: set[str] = set()
    previous = ""
    for row in rows:
        code = row.get("单位编码", "")
        of_which, bare = strip_of_which(row.get(name, ""))
        has_detail = any(row.get(c) for c in details)
        if not code and compact(bare) in TOTAL_NAMES:
            kind, row[name] = "合计", "合计"
        elif not code and (of_which or previous == "其中"):
            kind, row[name] = "其中", bare
        elif code and code not in seen and not has_detail:
            kind = "单位"
        elif not has_detail and _is_category(bare):
            kind = "类别"
        else:
            kind = "明细"
        if code:
            seen.add(code)
        row["行类型"] = previous = kind

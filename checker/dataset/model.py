"""The dataset: one department-year (or many, keyed by unit) as tables, indicators and stated figures.

Numbers are exact scaled integers ("micros": millionths of the canonical unit of their dimension).
Money's canonical unit is 万元, so one micro of 万元 is one 分 (0.01 元): 2762.35 万元 is stored as
2_762_350_000, and a table published in 元 converts without loss.  Each table keeps the unit it was
published in for display and for deriving rounding tolerances.

Every row keeps where it came from: ``_file`` and ``_line`` (the file read — a canonical CSV, a sheet
given as ``book.xlsx#Sheet`` — and its line or row), ``_doc`` (the place in the published document,
e.g. ``seed.txt:312`` or ``document.pdf p.12``), and ``_row`` (its 1-based position in the table).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from checker.dataset.templates import TableSpec, templates
from checker.diagnostics import Diagnostic

SCALE = 1_000_000  # micros per canonical unit
MONEY_FACTOR = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}
PROVENANCE = ("_ds", "_row", "_file", "_line", "_doc")


class PrecisionError(ValueError):
    """A value has more decimals than micros of its canonical unit can hold."""


def to_micros(value: Decimal, factor: Decimal = Decimal(1)) -> int:
    """``value`` × ``factor`` in micros, exactly; PrecisionError when it is not a whole number of micros."""
    scaled = value * factor * SCALE
    if scaled != scaled.to_integral_value():
        raise PrecisionError(f"{value} has more decimals than {Decimal(1) / SCALE / factor} allows")
    return int(scaled)


def money_micros(value: Decimal, unit: str) -> int:
    """A money value in ``unit`` (元, 万元, 亿元) as micros of 万元 (= 分)."""
    return to_micros(value, MONEY_FACTOR[unit])


def from_micros(micros: int, unit: str = "万元", places: int | None = None) -> Decimal:
    """Micros of the canonical unit back to a Decimal in ``unit`` (money) — exact, then optionally rounded."""
    factor = MONEY_FACTOR.get(unit, Decimal(1))
    value = Decimal(int(micros)) / SCALE / factor
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return value


@dataclass(slots=True)
class Column:
    """A column of a published table: its canonical name and the header as published."""

    name: str
    header: str
    role: str
    classification: str | None = None


@dataclass(slots=True)
class Table:
    """One standard table of one or many units.

    ``frame`` has one row per published row: the canonical columns (codes and texts as str, money as
    int64 micros of 万元, counts as int64 micros) and the provenance columns of ``PROVENANCE``.
    """

    kind: str
    title: str
    unit: str
    columns: list[Column]
    frame: pd.DataFrame
    number: str = ""
    source: str = ""
    notes: str = ""
    places: int = 2

    @property
    def spec(self) -> TableSpec | None:
        return templates().get(self.kind)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    @property
    def money_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.role == "money"]

    def code_columns(self) -> dict[str, str]:
        """classification → the column holding its codes."""
        return {c.classification: c.name for c in self.columns if c.role == "code" and c.classification}

    @property
    def display_title(self) -> str:
        return f"表{self.number} {self.title}" if self.number else self.title


# Columns of the indicator frame (one row per indicator).  Target and actual are kept as written and
# as parsed; numbers parsed are micros in the unit named beside them.
INDICATOR_COLUMNS = (
    "_ds", "id", "项目", "一级指标", "二级指标", "指标名称", "指标内容", "指标值", "权重",
    "目标运算符", "目标值", "目标单位", "目标等级", "目标类型", "方向", "单位来源",
    "实际完成值", "实际值", "实际单位", "实际等级", "偏差原因",
    "_file", "_line", "_doc",
)
# One row per figure stated in the prose.  金额/增减额 are micros of 万元; 增减率/占比 micros of %.
STATED_COLUMNS = (
    "_ds", "id", "主题", "金额", "增减额", "增减词", "增减率", "增减率位数", "占比", "占比位数",
    "单位", "原因", "章节", "句子", "_file", "_line", "_doc",
)


@dataclass(slots=True)
class UnitMeta:
    """Who and what one unit's data is: department, budget unit code, year, document kind."""

    key: str
    department: str = ""
    unit_code: str = ""
    year: str = ""
    document: str = "预算"  # 预算 | 决算
    source: str = ""
    headings: tuple[str, ...] = ()  # every heading/title line, for name-and-year consistency checks


@dataclass(slots=True)
class Dataset:
    """Tables, indicators and stated figures of one or many units, with the problems met reading them."""

    units: list[UnitMeta]
    tables: dict[str, Table] = field(default_factory=dict)
    indicators: pd.DataFrame = field(default_factory=lambda: empty_frame(INDICATOR_COLUMNS))
    stated: pd.DataFrame = field(default_factory=lambda: empty_frame(STATED_COLUMNS))
    problems: list[Diagnostic] = field(default_factory=list)
    spending: pd.DataFrame | None = None  # actual spending (执行数) by code or project, when given
    _unit_index: dict[str, UnitMeta] | None = field(default=None, repr=False, compare=False)

    @property
    def keys(self) -> list[str]:
        return [u.key for u in self.units]

    def table(self, kind: str) -> Table | None:
        return self.tables.get(kind)

    def unit(self, key: str) -> UnitMeta | None:
        """The unit with ``key`` (indexed once: a province has 10,000 units)."""
        if self._unit_index is None or len(self._unit_index) != len(self.units):
            self._unit_index = {u.key: u for u in self.units}
        return self._unit_index.get(key)

    def only(self, keys: list[str]) -> Dataset:
        """The same data for the units ``keys`` only (every frame cut by ``_ds``; problems stay with the
        whole, which reports them)."""
        wanted = set(keys)
        return replace(
            self, units=[u for u in self.units if u.key in wanted],
            tables={kind: replace(t, frame=_rows_of(t.frame, wanted)) for kind, t in self.tables.items()},
            indicators=_rows_of(self.indicators, wanted), stated=_rows_of(self.stated, wanted),
            spending=None if self.spending is None else _rows_of(self.spending, wanted), problems=[],
            _unit_index=None,
        )


def _rows_of(frame: pd.DataFrame, units: set[str]) -> pd.DataFrame:
    if "_ds" not in frame:
        return frame
    keep = frame["_ds"].isin(units).to_numpy()
    rows = np.flatnonzero(keep)
    if len(rows) == len(frame):
        return frame
    if len(rows) and rows[-1] - rows[0] + 1 == len(rows):  # one block of rows (units come in order): a view
        return frame.iloc[rows[0]:rows[-1] + 1].reset_index(drop=True)
    return frame.iloc[rows].reset_index(drop=True)


def empty_frame(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})

"""The shapes synthetic units are built in: cents of 万元 as text, the rows of one unit, and the findings
an injected error must produce."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

Row = list[str]
KINDS = ("transposition", "parent", "identity", "cross_table", "growth", "indicator")


def money(cents: int) -> str:
    """Cents of 万元 as published text (two decimals)."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` cut into ``parts`` non-negative integers at random points (they add up exactly)."""
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def funded(amount: int, columns: tuple[str, ...]) -> list[str]:
    """总计, 财政拨款 and 一般公共预算 carry the amount; every other source of funds is 0."""
    return [money(amount if i < 3 else 0) for i in range(len(columns))]


@dataclass(frozen=True, slots=True)
class Expected:
    """A finding the checker must report for an injected error (its rule id and subject)."""

    kind: str
    rule: str
    subject: str


@dataclass(slots=True)
class Node:
    """A 功能分类 code of the unit with its 基本 and 项目 money (项目 partly 财政专项资金)."""

    code: str
    basic: int = 0
    project: int = 0
    special: int = 0

    @property
    def total(self) -> int:
        return self.basic + self.project


@dataclass(slots=True)
class Unit:
    """Everything written for one unit: its tables (kind → header and rows), indicators, stated figures,
    its rows of the province-wide actuals files, and the findings its injected error must produce."""

    key: str
    code: str
    department: str
    tables: dict[str, tuple[Row, list[Row]]] = field(default_factory=dict)
    indicators: list[Row] = field(default_factory=list)
    stated: list[Row] = field(default_factory=list)
    actuals: list[Row] = field(default_factory=list)
    spending: list[Row] = field(default_factory=list)
    expected: list[Expected] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Facts:
    """The totals a unit's prose states: its budget, the 三公 parts, 行政经费, and procurement by kind."""

    total: int
    sangong: dict[str, int]
    purchases: dict[str, int]

"""What the code checks share: the rule catalogue, the context (graph, dataset, coded rows), finding-making."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import pandas as pd

from checker.codes.extract import Cells, CodeColumn, code_columns
from checker.codes.keys import first_rows
from checker.codes.rows import coded_rows
from checker.dataset.model import Dataset
from checker.findings import Finding, Operand, Outcome, Severity

if TYPE_CHECKING:
    from checker.codes.graph import CodeGraph

Record = dict[Hashable, Any]  # one row of a frame, as ``to_dict("records")`` gives it


@dataclass(frozen=True, slots=True)
class CodeRule:
    """A check the graph makes: stable id, severity, title and what it means."""

    id: str
    severity: Severity
    title: str
    explanation: str


RULES: dict[str, CodeRule] = {r.id: r for r in (
    CodeRule("CODE-SHAPE", Severity.ERROR, "编码格式不符合分类科目",
             "A code column holds a value that is not a code of its classification (3/5/7 digits for 功能分类, "
             "3/5 digits for 经济分类, first digit 2/3/5)."),
    CodeRule("CODE-MAPPING", Severity.ERROR, "部门经济分类与政府经济分类对应关系不符",
             "A row pairs a 部门经济分类 code with a 政府经济分类 code the mapping does not allow. A 部门 code "
             "the mapping does not know is not checked (the lists are partial)."),
    CodeRule("CODE-NAME", Severity.WARNING, "同一编码名称不一致",
             "One code is printed with different names in the same unit's tables."),
    CodeRule("CODE-LIST-NAME", Severity.WARNING, "名称与科目表不一致",
             "A code's printed name differs from the name in the code list."),
    CodeRule("CODE-ORPHAN", Severity.WARNING, "上下级科目不完整",
             "In one table a code appears without its parent, or a 类/款 appears without any of its children."),
    CodeRule("CODE-DUPLICATE", Severity.WARNING, "同一表中编码重复",
             "One code (or, where a table pairs two classifications, one pair of codes) is listed twice in a table."),
    CodeRule("CODE-COVERAGE", Severity.WARNING, "类级科目在相关表中缺失",
             "A 类 present in one function-coded table is missing from a table that must cover it "
             "(checker/data/codes/coverage.toml)."),
    CodeRule("CODE-UNLISTED", Severity.WARNING, "编码不在科目表中",
             "A code is not in the complete (non-partial) code list loaded for its classification and year."),
)}


@dataclass
class Context:
    """What every check sees: the graph, the dataset, and the coded rows (computed once)."""

    graph: CodeGraph
    dataset: Dataset
    _valid_of: dict[str, pd.DataFrame] = field(default_factory=dict)
    _distinct_of: dict[str, pd.DataFrame] = field(default_factory=dict)

    @cached_property
    def rows(self) -> pd.DataFrame:
        """Every coded row of the dataset (``checker.codes.rows.coded_rows``)."""
        return coded_rows(self.dataset)

    @cached_property
    def valid(self) -> pd.DataFrame:
        """The coded rows whose code fits their classification's shape."""
        return self.rows.loc[self.rows["level"] > 0]

    def valid_of(self, classification: str) -> pd.DataFrame:
        """The well-shaped rows of one classification."""
        if classification not in self._valid_of:
            self._valid_of[classification] = self.valid.loc[self.valid["classification"] == classification]
        return self._valid_of[classification]

    def distinct_of(self, classification: str) -> pd.DataFrame:
        """One row per (unit, table, code) of a classification: its first row, and ``n`` rows in all."""
        if classification not in self._distinct_of:
            self._distinct_of[classification] = first_rows(self.valid_of(classification), ["_ds", "table", "code"])
        return self._distinct_of[classification]

    @cached_property
    def years(self) -> dict[str, str]:
        """Fiscal year by unit key."""
        return {u.key: u.year for u in self.dataset.units if u.year}

    @cached_property
    def columns(self) -> dict[tuple[str, str], CodeColumn]:
        """Code columns by (table kind, column)."""
        return {(c.kind, c.column): c for c in code_columns(self.dataset)}

    @cached_property
    def cells(self) -> Cells:
        """Cached access to single cells."""
        return Cells(self.dataset)

    def name_at(self, kind: str, column: str, pos: int) -> str:
        """The name printed beside the code in ``column`` on row ``pos``."""
        col = self.columns.get((kind, column))
        return self.cells.text(kind, col.name_column if col else None, pos)

    def raw_at(self, kind: str, column: str, pos: int) -> str:
        """A code cell as published."""
        return self.cells.text(kind, column, pos)

    def title(self, kind: str) -> str:
        """A table's title as published, with its number."""
        return self.dataset.tables[kind].display_title

    def operand(self, label: str, value: str, kind: str, pos: int) -> Operand:
        """An operand pointing at row ``pos`` of table ``kind``."""
        return Operand(label, value, self.cells.provenance(kind, pos)[1])

    def finding(self, rule_id: str, kind: str, pos: int, subject: str, message: str, **extra: Any) -> Finding:
        """A failed finding of ``rule_id`` pointing at row ``pos`` of table ``kind``."""
        rule = RULES[rule_id]
        ds, data_location, document_location = self.cells.provenance(kind, pos)
        return Finding(
            rule=rule.id, title=rule.title, severity=rule.severity, outcome=Outcome.FAILED, subject=subject,
            message=message, dataset=ds, year=self.years.get(ds, self.graph.year or ""),
            data_location=data_location, document_location=document_location, family="codes", **extra,
        )

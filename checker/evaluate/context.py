"""What evaluation reads: the dataset's tables indexed once per (table, key column, value column),
the code graph's precomputed neighbourhoods, and the ruleset defaults."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

import numpy as np
import pandas as pd

from checker.dataset.model import MONEY_FACTOR, SCALE, Dataset, Table
from checker.evaluate.keys import Coded, PairIndex, factorised

TOTAL_NAMES = ("合计", "总计")
_ORDINAL = re.compile(r"^[一二三四五六七八九十百]+、")
NAME_KEY = "__name__"  # rows looked up by name: the first non-empty name column of the row


class GraphViews(Protocol):
    """The parts of the code graph evaluation uses (``checker.codes.CodeGraph`` provides them)."""

    def edges(self, classification: str) -> pd.DataFrame: ...  # parent, child

    def descendant_pairs(self, classification: str) -> pd.DataFrame: ...  # ancestor, descendant

    def leaf_pairs(self, classification: str) -> pd.DataFrame: ...  # ancestor, leaf

    def mapping_pairs(self) -> pd.DataFrame: ...  # dept_code, gov_code

    def nodes(self, classification: str) -> pd.DataFrame: ...  # code, name, level, parent, …


@dataclass(slots=True)
class Lookup:
    """Sums of one column per (dataset, key), with the count of rows and the first row's position."""

    index: PairIndex
    sums: np.ndarray
    counts: np.ndarray
    first_row: np.ndarray

    def find(self, ds: np.ndarray, keys: np.ndarray) -> np.ndarray:
        """Position of each (dataset, key) among the sums, -1 where no row has it."""
        return self.index.find(ds, keys)


@dataclass(slots=True)
class Groups:
    """A table's rows with a (non-blank) key, ordered by their (dataset, key) pair: ``rows`` (positions in
    the table, in that order), where each pair's run ``starts``, its ``counts`` and its ``first_row``."""

    index: PairIndex
    rows: np.ndarray
    starts: np.ndarray
    counts: np.ndarray
    first_row: np.ndarray

    @classmethod
    def of(cls, ds: Coded, keys: Coded) -> Groups:
        keyed = np.flatnonzero(keys[1][keys[0]] != "")
        index = PairIndex(ds[0][keyed], keys[0][keyed], ((ds[0][keyed], ds[1]), (keys[0][keyed], keys[1])))
        order = np.argsort(index.pair_of_row, kind="stable")
        pairs = index.pair_of_row[order]
        starts = np.flatnonzero(np.r_[True, pairs[1:] != pairs[:-1]]) if len(pairs) else np.zeros(0, np.int64)
        rows = keyed[order]
        return cls(index, rows, starts, np.diff(np.r_[starts, len(pairs)]), rows[starts])


def normalise_key(values: pd.Series) -> pd.Series:
    """Keys as text without whitespace ("" for missing), each distinct value normalised once."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    table = np.array(["".join(str(u).split()) for u in uniques] + [""], dtype=object)  # -1 (missing): ""
    return pd.Series(table[codes], index=values.index, dtype=object)


@dataclass(slots=True)
class Context:
    """One evaluation: dataset × code graph, with caches shared by all rules."""

    dataset: Dataset
    graph: GraphViews | None
    names_from: Dataset | None = None  # where 类 names are read (the whole dataset, when this is a part)
    _lookups: dict[tuple[str, str, str], Lookup] = field(default_factory=dict)
    _pairs: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict)
    _keys: dict[tuple[str, str], pd.Series] = field(default_factory=dict)
    _grouped: dict[tuple[str, str], Groups] = field(default_factory=dict)
    _present: dict[tuple[str, str], PairIndex] = field(default_factory=dict)
    _projects: pd.DataFrame | None = None
    _shared: dict[Hashable, Any] = field(default_factory=dict)
    _memo: dict[tuple[object, ...], tuple[object, Any]] = field(default_factory=dict)
    _class_names: dict[str, dict[str, str]] = field(default_factory=dict)

    def table(self, kind: str) -> Table | None:
        return self.dataset.tables.get(kind)

    def shared(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per run for ``key`` (a structural key: rule parts, tolerances, positions)."""
        if key not in self._shared:
            self._shared[key] = compute()
        return self._shared[key]

    def memo(self, frame: object, key: tuple[object, ...], compute: Callable[[], Any]) -> Any:
        """``compute()`` once per binding frame and ``key`` — the frame is kept, so its id is not reused."""
        full = (id(frame), *key)
        if full not in self._memo:
            self._memo[full] = (frame, compute())
        return self._memo[full][1]

    def half_unit(self, kind: str) -> int:
        """Half-micros of the last published place of a table: 10000 for 万元 with two decimals."""
        t = self.table(kind)
        if t is None:
            return 0
        factor = MONEY_FACTOR.get(t.unit, Decimal(1))
        return int(Decimal(1).scaleb(-t.places) * factor * SCALE)

    def key_column(self, kind: str, key_kind: str, classification: str = "") -> str | None:
        """The column a key reads: the classification's code column, or the row names (NAME_KEY)."""
        t = self.table(kind)
        if t is None:
            return None
        if key_kind in ("var", "code", "set") or (key_kind == "expr" and classification):
            return t.code_columns().get(classification)
        return NAME_KEY if any(c.role == "name" for c in t.columns) else None

    def keys(self, kind: str, column: str) -> pd.Series:
        """A table's key column, whitespace removed (cached).  NAME_KEY: the first non-empty name column."""
        cache_key = (kind, column)
        if cache_key not in self._keys:
            t = self.table(kind)
            assert t is not None
            if column == NAME_KEY:
                names = [normalise_key(t.frame[c.name]) for c in t.columns if c.role == "name" and c.name in t.frame]
                key = names[0]
                for other in names[1:]:
                    key = key.where(key != "", other)
                self._keys[cache_key] = key
            else:
                self._keys[cache_key] = normalise_key(t.frame[column])
        return self._keys[cache_key]

    def scale(self, kind: str, column: str) -> int:
        """Plain integers (levels, row numbers) are read as micros like every other number."""
        t = self.table(kind)
        col = t.column(column) if t is not None else None
        return SCALE if column == "行号" or (col is not None and col.role == "level") else 1

    def lookup(self, kind: str, key_column: str, value_column: str) -> Lookup | None:
        """Values of ``value_column`` summed per (dataset, key), built once per run."""
        cache_key = (kind, key_column, value_column)
        if cache_key in self._lookups:
            return self._lookups[cache_key]
        t = self.table(kind)
        column = frame_column(value_column)
        if t is None or (key_column not in t.frame and key_column != NAME_KEY) or column not in t.frame:
            return None
        values = _numeric(t.frame[column]) * self.scale(kind, value_column)
        g = self.grouped(kind, key_column)
        sums = np.add.reduceat(values[g.rows], g.starts) if len(g.rows) else np.zeros(0, dtype=np.int64)
        result = Lookup(g.index, sums, g.counts, g.first_row)
        self._lookups[cache_key] = result
        return result

    def grouped(self, kind: str, key_column: str) -> Groups:
        """The rows of a table that have a key, grouped by (dataset, key) — shared by every value column."""
        cache_key = (kind, key_column)
        if cache_key not in self._grouped:
            self._grouped[cache_key] = Groups.of(self._coded(kind, "_ds"), self._coded(kind, key_column))
        return self._grouped[cache_key]

    def present(self, kind: str, key_column: str) -> PairIndex:
        """Every (dataset, key) pair a table has (blank keys too), for ``exists`` and ``has_children``."""
        cache_key = (kind, key_column)
        if cache_key not in self._present:
            ds, keys = self._coded(kind, "_ds"), self._coded(kind, key_column)
            self._present[cache_key] = PairIndex(ds[0], keys[0], (ds, keys))
        return self._present[cache_key]

    def _coded(self, kind: str, column: str) -> Coded:
        """A table's units (``_ds``) or keys (a key column, as ``keys`` gives it) factorised, once per run."""
        def compute() -> Coded:
            t = self.table(kind)
            assert t is not None
            values = t.frame["_ds"] if column == "_ds" else self.keys(kind, column)
            return factorised(values.to_numpy(dtype=object))

        coded: Coded = self.shared(("coded", kind, column), compute)
        return coded

    def total_rows(self, kind: str) -> pd.Series:
        """Rows of a coded table that are its total (合计/总计 without a code): their key is set to 合计."""
        t = self.table(kind)
        assert t is not None
        names = [c.name for c in t.columns if c.role == "name"]
        return normalise_key(t.frame[names[0]]).isin(TOTAL_NAMES) if names else pd.Series(False, index=t.frame.index)

    def class_names(self, classification: str) -> dict[str, str]:
        """类 name → code, from the code lists and from the names the dataset's own tables print."""
        if classification in self._class_names:
            return self._class_names[classification]
        names: dict[str, str] = self._class_names.setdefault(classification, {})
        if self.graph is not None:
            nodes = self.graph.nodes(classification)
            top = nodes[nodes["level"] == 1]
            names.update({"".join(str(n).split()): str(c) for c, n in zip(top["code"], top["name"], strict=True) if n})
        for table in (self.names_from or self.dataset).tables.values():
            code_col = table.code_columns().get(classification)
            name_cols = [c.name for c in table.columns if c.role == "name"]
            if code_col is None or not name_cols or code_col not in table.frame:
                continue
            codes = table.frame[code_col].astype(str)
            rows = table.frame[codes.str.len() == 3]
            for code, name in zip(rows[code_col].astype(str), rows[name_cols[0]].astype(str), strict=True):
                names.setdefault(_ORDINAL.sub("", "".join(name.split())), code)
        return names

    def pairs(self, function: str, classification: str) -> pd.DataFrame:
        """(anchor, code) pairs of a code-graph neighbourhood: children, descendants, leaves, mapped."""
        cache_key = (function, classification)
        if cache_key in self._pairs:
            return self._pairs[cache_key]
        g = self.graph
        if g is None:
            out = pd.DataFrame({"anchor": pd.Series(dtype=object), "code": pd.Series(dtype=object)})
        elif function == "children":
            out = g.edges(classification).rename(columns={"parent": "anchor", "child": "code"})
        elif function == "descendants":
            out = g.descendant_pairs(classification).rename(columns={"ancestor": "anchor", "descendant": "code"})
        elif function == "leaves":
            out = g.leaf_pairs(classification).rename(columns={"ancestor": "anchor", "leaf": "code"})
        else:
            out = g.mapping_pairs().rename(columns={"dept_code": "anchor", "gov_code": "code"})
        out = out[["anchor", "code"]].astype(object)
        self._pairs[cache_key] = out
        return out

    def projects(self) -> pd.DataFrame:
        """Positions of the project rows of 项目支出表 (行类型 明细, or every named non-total row)."""
        if self._projects is None:
            t = self.table("项目支出表")
            if t is None:
                self._projects = pd.DataFrame({"_ds": pd.Series(dtype=object), "pos": pd.Series(dtype=np.int64)})
            else:
                f = t.frame
                if "行类型" in f:
                    mask = (f["行类型"].astype(str) == "明细").to_numpy()
                else:
                    mask = ~normalise_key(f["项目名称"]).isin(("", *TOTAL_NAMES)).to_numpy()
                pos = np.flatnonzero(mask)
                self._projects = pd.DataFrame({"_ds": f["_ds"].to_numpy()[pos], "pos": pos})
        return self._projects


def frame_column(column: str) -> str:
    """The frame column a rule's column name reads (``行号`` is the row's position, ``_row``)."""
    return "_row" if column == "行号" else column


def _numeric(values: pd.Series) -> np.ndarray:
    """A money/count column as int64 (blank = 0)."""
    if values.dtype == object:
        return np.array([int(v) if v is not None and v == v else 0 for v in values], dtype=object)
    return values.fillna(0).to_numpy(dtype=np.int64)


def as_int_array(values: Any) -> np.ndarray:
    arr = np.asarray(values)
    return arr if arr.dtype == object else arr.astype(np.int64)

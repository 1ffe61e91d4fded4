"""``CodeGraph``: the three classifications and the 部门 → 政府 mapping, over networkx, with precomputed views.

Build it once per fiscal year (and dataset); then rules merge its frames (``edges``, ``descendant_pairs``,
``leaf_pairs``, ``mapping_pairs``, ``nodes``) into the data, and diagnostics use its scalar helpers
(``parent``, ``children``, ``name``, ``lookup``, ``suggest``).  Frames returned are shallow copies: changing
one never changes the graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from checker.codes.build import MAPS, assemble, choose_lists, closed_nodes, listed_nodes, mapping_rows
from checker.codes.extract import dataset_codes
from checker.codes.lists import ANY_DEPT, CodeList, lists_for_year, shipped_lists
from checker.codes.shapes import (
    CLASSIFICATIONS,
    DEPT_ECON,
    GOV_ECON,
    classification_of,
    normalise_name,
    shape,
)
from checker.codes.suggest import suggest as _suggest
from checker.codes.views import ClassView, grouped
from checker.dataset.model import Dataset
from checker.findings import Finding


@dataclass(frozen=True, slots=True)
class ListInfo:
    """Which lists a graph was built from, per classification: how many codes, and whether any is complete."""

    classification: str
    codes: int
    complete: bool
    sources: tuple[str, ...]


class CodeGraph:
    """The classification-code graph of one fiscal year: see the module docstring and docs/codes.md."""

    def __init__(self, graph: nx.DiGraph, year: str | None, lists: tuple[ListInfo, ...]):
        self.graph = graph
        self.year = year
        self.lists = lists
        self._views = {cls: _view_of(graph, cls) for cls in CLASSIFICATIONS}
        self._mapping = _mapping_frame(graph)
        self._gov_of = grouped(self._mapping, "dept_code", "gov_code")
        self._dept_of = grouped(self._mapping, "gov_code", "dept_code")
        self._any_dept: tuple[str, ...] = graph.graph.get("any_dept", ())
        self.ignored: tuple[CodeList, ...] = ()  # lists given for another fiscal year

    # ------------------------------------------------------------------------------------------ build
    @classmethod
    def build(cls, year: str | None = None, lists: Iterable[CodeList] = (), dataset: Dataset | None = None) -> CodeGraph:
        """The graph for ``year``: shipped partial lists, then ``lists`` over them, then the dataset's codes.

        ``year`` None: the dataset's year when it has one, else the latest year among ``lists``, else all
        lists regardless of year.  Codes in no list are placed by prefix, with their missing ancestors.
        """
        user = list(lists)
        year = year or _year_of(dataset, user)
        chosen = choose_lists(lists_for_year(user, year), lists_for_year(shipped_lists(), year))
        pairs = mapping_rows(chosen)
        found = dataset_codes(dataset) if dataset is not None else {c: set() for c in CLASSIFICATIONS}
        nodes = {c: _nodes_of(c, chosen, pairs, found[c]) for c in CLASSIFICATIONS}
        graph = cls(assemble(nodes, pairs), year, tuple(_list_info(chosen, nodes)))
        graph.ignored = tuple(c for c in user if year is not None and c.year not in ("", year))
        return graph

    # ------------------------------------------------------------------------------------------ frames
    def nodes(self, classification: str) -> pd.DataFrame:
        """code, name, level, parent, placed_by ("list" | "prefix"), has_children, is_leaf — one row per code."""
        return self._view(classification).nodes.copy(deep=False)

    def edges(self, classification: str) -> pd.DataFrame:
        """parent, child — one row per contains-edge."""
        return self._view(classification).edges.copy(deep=False)

    def descendant_pairs(self, classification: str) -> pd.DataFrame:
        """ancestor, descendant — every proper descendant of every code."""
        return self._view(classification).descendant_pairs.copy(deep=False)

    def leaf_pairs(self, classification: str) -> pd.DataFrame:
        """ancestor, leaf — every leaf below every code (a leaf is not its own ancestor)."""
        return self._view(classification).leaf_pairs.copy(deep=False)

    def mapping_pairs(self) -> pd.DataFrame:
        """dept_code, gov_code, placed_by — the 部门 → 政府 mapping ("prefix": a 类 pair derived from 款 pairs).

        Wildcards (any 部门 code may map to a 政府 code, e.g. 505/506 in 事业单位) are in ``any_dept_gov_codes``.
        """
        return self._mapping.copy(deep=False)

    @property
    def any_dept_gov_codes(self) -> tuple[str, ...]:
        """政府 codes any 部门 code may map to (a 3-digit one: any code under it)."""
        return self._any_dept

    # ------------------------------------------------------------------------------------------ scalars
    def __contains__(self, key: tuple[str, str]) -> bool:
        return self.graph.has_node(key)

    def has(self, classification: str, code: str) -> bool:
        """Whether the graph holds the code (listed, in the dataset, or an ancestor of one)."""
        return code in self._view(classification).level

    def parent(self, classification: str, code: str) -> str | None:
        """The code's parent (its prefix), None for a 类 or an unknown code."""
        return self._view(classification).parent.get(code)

    def children(self, classification: str, code: str) -> tuple[str, ...]:
        """The code's children, sorted."""
        return self._view(classification).children.get(code, ())

    def descendants(self, classification: str, code: str) -> tuple[str, ...]:
        """Every proper descendant, sorted."""
        return self._view(classification).descendants.get(code, ())

    def leaves(self, classification: str, code: str) -> tuple[str, ...]:
        """The leaves below the code, sorted (none for a leaf itself)."""
        return self._view(classification).leaves.get(code, ())

    def ancestors(self, classification: str, code: str) -> tuple[str, ...]:
        """Nearest first."""
        out, parent = [], self.parent(classification, code)
        while parent is not None:
            out.append(parent)
            parent = self.parent(classification, parent)
        return tuple(out)

    def level(self, classification: str, code: str) -> int | None:
        """1 类, 2 款, 3 项; None for an unknown code."""
        return self._view(classification).level.get(code)

    def name(self, classification: str, code: str) -> str | None:
        """The listed name ("" when placed by prefix and unnamed), None for an unknown code."""
        return self._view(classification).name.get(code)

    def placed_by(self, classification: str, code: str) -> str | None:
        """How the code was placed: "list" or "prefix" (None for an unknown code)."""
        return self._view(classification).placed_by.get(code)

    def has_children(self, classification: str, code: str) -> bool:
        """Whether any code is under this one."""
        return code in self._view(classification).children

    def lookup(self, classification: str, parent: str | None, name: str) -> str | None:
        """The code named ``name`` directly under ``parent`` (None: among the 类) — names are parent-scoped."""
        return self._view(classification).by_name.get((parent or "", normalise_name(name)))

    def mapped_gov(self, dept_code: str) -> tuple[str, ...]:
        """政府 codes a 部门 code maps to (listed or derived); wildcards not included."""
        return self._gov_of.get(dept_code, ())

    def mapped_dept(self, gov_code: str) -> tuple[str, ...]:
        """部门 codes that map to a 政府 code (listed or derived)."""
        return self._dept_of.get(gov_code, ())

    def allows(self, dept_code: str, gov_code: str) -> bool | None:
        """Whether the mapping allows a pair: True, False, or None when the 部门 code is unknown to it."""
        if gov_code in self._any_dept or gov_code[:3] in self._any_dept:
            return True
        known = self.mapped_gov(dept_code)
        return (gov_code in known) if known else None

    def is_complete(self, classification: str) -> bool:
        """Whether a complete (non-partial) list of the classification was loaded."""
        return any(i.complete for i in self.lists if i.classification == classification)

    def suggest(self, classification: str, code: str, n: int = 3) -> list[str]:
        """Did-you-mean: up to ``n`` codes of the same classification and level, nearest first (Damerau/OSA)."""
        return _suggest(code, self._view(classification).placed_by, shape(classification).lengths, n)

    @staticmethod
    def classification_of(code: str) -> str | None:
        """The classification a code belongs to by its shape (2… 功能, 3… 部门经济, 5… 政府经济)."""
        return classification_of(code)

    def check(self, dataset: Dataset) -> list[Finding]:
        """Every check the graph makes on a dataset (see ``checker.codes.checks``)."""
        from checker.codes.checks import check_dataset

        return check_dataset(self, dataset)

    def _view(self, classification: str) -> ClassView:
        shape(classification)  # a KeyError naming the known classifications
        return self._views[classification]


def _nodes_of(classification: str, chosen: list[CodeList], pairs: pd.DataFrame, found: set[str]) -> pd.DataFrame:
    """Listed codes, the dataset's and the mapping's codes, and their ancestors (named by the mapping if unlisted)."""
    extra, names = set(found), {}
    if classification in (DEPT_ECON, GOV_ECON):
        side = "dept" if classification == DEPT_ECON else "gov"
        named = pairs.loc[pairs[f"{side}_code"].ne(ANY_DEPT)]
        extra |= set(named[f"{side}_code"])
        names = dict(zip(named[f"{side}_code"], named[f"{side}_name"], strict=True))
    return closed_nodes(classification, listed_nodes(chosen, classification), extra, names)


def _view_of(graph: nx.DiGraph, classification: str) -> ClassView:
    records = [(code, d["name"], d["level"], d["placed_by"]) for (c, code), d in graph.nodes(data=True) if c == classification]
    nodes = pd.DataFrame(records, columns=["code", "name", "level", "placed_by"]).astype(
        {"code": object, "name": object, "level": "int64", "placed_by": object})
    edges = pd.DataFrame(
        [(p, ch) for (cp, p), (_, ch), kind in graph.edges(data="kind") if kind != MAPS and cp == classification],
        columns=["parent", "child"], dtype=object,
    )
    return ClassView.of(nodes, edges)


def _mapping_frame(graph: nx.DiGraph) -> pd.DataFrame:
    rows = [(d, g, data["placed_by"]) for (_, d), (_, g), data in graph.edges(data=True) if data["kind"] == MAPS]
    frame = pd.DataFrame(rows, columns=["dept_code", "gov_code", "placed_by"], dtype=object)
    return frame.sort_values(["dept_code", "gov_code"], kind="stable").reset_index(drop=True)


def _year_of(dataset: Dataset | None, lists: list[CodeList]) -> str | None:
    years = {u.year for u in dataset.units if u.year} if dataset is not None else set()
    if len(years) == 1:
        return years.pop()
    listed = sorted({c.year for c in lists if c.year})
    return listed[-1] if listed else None


def _list_info(chosen: list[CodeList], nodes: dict[str, pd.DataFrame]) -> Iterable[ListInfo]:
    for cls in CLASSIFICATIONS:
        mine = [c for c in chosen if c.classification == cls]
        listed = int(nodes[cls]["placed_by"].eq("list").sum())
        yield ListInfo(cls, listed, any(not c.partial for c in mine), tuple(dict.fromkeys(c.source for c in mine)))

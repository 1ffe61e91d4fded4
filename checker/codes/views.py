"""The graph's views, precomputed once per classification so rules never walk the graph per row.

Frames are for merges and groupbys (one vectorised operation per rule and level); the dicts behind the
scalar helpers (parent, children, descendants, leaves) are built from the same frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from checker.codes.shapes import normalise_name

NODE_COLUMNS = ("code", "name", "level", "parent", "placed_by", "has_children", "is_leaf")


@dataclass(slots=True)
class ClassView:
    """Everything precomputed about one classification: frames for merges, dicts for lookups."""

    nodes: pd.DataFrame
    edges: pd.DataFrame
    descendant_pairs: pd.DataFrame
    leaf_pairs: pd.DataFrame
    parent: dict[str, str] = field(default_factory=dict)
    children: dict[str, tuple[str, ...]] = field(default_factory=dict)
    descendants: dict[str, tuple[str, ...]] = field(default_factory=dict)
    leaves: dict[str, tuple[str, ...]] = field(default_factory=dict)
    level: dict[str, int] = field(default_factory=dict)
    name: dict[str, str] = field(default_factory=dict)
    placed_by: dict[str, str] = field(default_factory=dict)
    by_name: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def of(cls, nodes: pd.DataFrame, edges: pd.DataFrame) -> ClassView:
        """Views from the classification's nodes (code, name, level, placed_by) and contains-edges."""
        nodes = _with_tree_columns(nodes, edges)
        pairs = descendant_pairs(edges)
        leaf_codes = nodes.loc[nodes["is_leaf"], "code"]
        leaf_pairs = pairs.loc[pairs["descendant"].isin(leaf_codes)].rename(columns={"descendant": "leaf"})
        view = cls(nodes, edges, pairs, leaf_pairs.reset_index(drop=True))
        view._index()
        return view

    def _index(self) -> None:
        codes = self.nodes["code"].tolist()
        self.level = dict(zip(codes, self.nodes["level"].tolist(), strict=True))
        self.name = dict(zip(codes, self.nodes["name"].tolist(), strict=True))
        self.placed_by = dict(zip(codes, self.nodes["placed_by"].tolist(), strict=True))
        self.parent = dict(zip(self.edges["child"].tolist(), self.edges["parent"].tolist(), strict=True))
        self.children = grouped(self.edges, "parent", "child")
        self.descendants = grouped(self.descendant_pairs, "ancestor", "descendant")
        self.leaves = grouped(self.leaf_pairs, "ancestor", "leaf")
        self.by_name = _names_by_parent(self.nodes)


def _with_tree_columns(nodes: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    parents = edges.set_index("child")["parent"]
    parent = nodes["code"].map(parents).astype(object)
    out = nodes.assign(parent=parent.where(parent.notna(), None))
    out["has_children"] = out["code"].isin(edges["parent"])
    out["is_leaf"] = ~out["has_children"]
    return out.loc[:, list(NODE_COLUMNS)].sort_values("code", kind="stable").reset_index(drop=True)


def descendant_pairs(edges: pd.DataFrame) -> pd.DataFrame:
    """Every (ancestor, proper descendant) pair, by joining the edges with themselves level by level."""
    step = edges.rename(columns={"parent": "ancestor", "child": "descendant"})
    found = [step]
    while not step.empty:
        step = step.merge(edges, left_on="descendant", right_on="parent")[["ancestor", "child"]]
        step = step.rename(columns={"child": "descendant"})
        found.append(step)
    out = pd.concat(found, ignore_index=True)
    return out.sort_values(["ancestor", "descendant"], kind="stable").reset_index(drop=True)


def grouped(frame: pd.DataFrame, key: str, value: str) -> dict[str, tuple[str, ...]]:
    """``key`` → sorted tuple of its ``value``s."""
    out: dict[str, list[str]] = {}
    for k, v in zip(frame[key].tolist(), frame[value].tolist(), strict=True):
        out.setdefault(k, []).append(v)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def _names_by_parent(nodes: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(parent or "", normalised name) → code; listed codes win over prefix-placed ones with the same name."""
    ordered = nodes.sort_values("placed_by", key=lambda s: s.ne("list"), kind="stable")
    out: dict[tuple[str, str], str] = {}
    for code, name, parent in zip(ordered["code"], ordered["name"], ordered["parent"], strict=True):
        if name:
            out.setdefault((parent if isinstance(parent, str) else "", normalise_name(name)), code)
    return out

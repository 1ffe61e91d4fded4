"""Assembling the networkx graph: listed codes first, then every other code placed by its prefix.

Nodes are keyed ``(classification, code)`` with attributes ``name``, ``level`` and ``placed_by`` ("list":
an official or partial list names it; "prefix": placed by its shape, as a dataset code or an ancestor
created so the tree stays connected).  Edges carry ``kind``: "contains" (parent → child) or "maps"
(部门 code → 政府 code, ``placed_by`` "list" for a listed pair, "prefix" for a 类 pair derived from 款 pairs).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx
import pandas as pd

from checker.codes.lists import ANY_DEPT, CodeList
from checker.codes.shapes import CLASSIFICATIONS, DEPT_ECON, GOV_ECON, shape

CONTAINS, MAPS = "contains", "maps"


def choose_lists(user: list[CodeList], shipped: Iterable[CodeList]) -> list[CodeList]:
    """Shipped lists under the user's; a complete user list of a classification replaces the shipped ones."""
    complete = {c.classification for c in user if not c.partial}
    return [c for c in shipped if c.classification not in complete] + user


def listed_nodes(lists: Iterable[CodeList], classification: str) -> pd.DataFrame:
    """code, name, level of every listed code of a classification; later lists override earlier ones."""
    frames = [c.frame[["code", "name"]] for c in lists if c.classification == classification]
    if not frames:
        return pd.DataFrame({"code": pd.Series(dtype=object), "name": pd.Series(dtype=object)})
    out = pd.concat(frames, ignore_index=True).drop_duplicates("code", keep="last")
    return out.reset_index(drop=True)


def mapping_rows(lists: Iterable[CodeList]) -> pd.DataFrame:
    """dept_code, gov_code, dept_name, gov_name of every listed pair (wildcards included), deduplicated."""
    frames = [c.frame[["dept_code", "gov_code", "dept_name", "gov_name"]] for c in lists if c.is_mapping]
    if not frames:
        return pd.DataFrame({k: pd.Series(dtype=object) for k in ("dept_code", "gov_code", "dept_name", "gov_name")})
    return pd.concat(frames, ignore_index=True).drop_duplicates(["dept_code", "gov_code"], keep="last")


def closed_nodes(classification: str, listed: pd.DataFrame, extra: Iterable[str],
                 names: Mapping[str, str]) -> pd.DataFrame:
    """Listed codes plus ``extra`` codes and every prefix ancestor of both, each with how it was placed."""
    spec = shape(classification)
    codes = set(listed["code"]) | {c for c in extra if spec.level(c) is not None}
    for code in list(codes):
        codes.update(spec.ancestors(code))
    placed = pd.DataFrame({"code": sorted(codes)})
    out = placed.merge(listed.assign(placed_by="list"), on="code", how="left")
    out["placed_by"] = out["placed_by"].fillna("prefix").astype(object)
    out["name"] = out["name"].fillna(out["code"].map(names)).fillna("").astype(object)
    out["level"] = out["code"].map(spec.level).astype("int64")
    return out


def derived_class_pairs(pairs: pd.DataFrame) -> pd.DataFrame:
    """类-level (dept, gov) pairs implied by 款-level pairs (30101 → 50101 implies 301 → 501)."""
    kuan = pairs.loc[pairs["dept_code"].str.len().eq(5) & pairs["gov_code"].str.len().eq(5)]
    out = pd.DataFrame({"dept_code": kuan["dept_code"].str[:3], "gov_code": kuan["gov_code"].str[:3]})
    return out.drop_duplicates().reset_index(drop=True)


def assemble(nodes: Mapping[str, pd.DataFrame], pairs: pd.DataFrame) -> nx.DiGraph:
    """The networkx graph: nodes per classification, contains-edges by prefix, maps-edges from the pairs."""
    graph = nx.DiGraph()
    for cls in CLASSIFICATIONS:
        frame = nodes[cls]
        spec = shape(cls)
        graph.add_nodes_from(
            ((cls, code), {"name": name, "level": level, "placed_by": placed})
            for code, name, level, placed in zip(frame["code"], frame["name"], frame["level"], frame["placed_by"],
                                                 strict=True)
        )
        graph.add_edges_from(
            ((cls, parent), (cls, code), {"kind": CONTAINS})
            for code in frame["code"] if (parent := spec.parent(code)) is not None
        )
    listed = pairs.loc[pairs["dept_code"].ne(ANY_DEPT)]
    derived = derived_class_pairs(listed).merge(listed[["dept_code", "gov_code"]], how="left", indicator=True)
    derived = derived.loc[derived["_merge"].eq("left_only")]
    for frame, how in ((listed, "list"), (derived, "prefix")):
        graph.add_edges_from(
            ((DEPT_ECON, d), (GOV_ECON, g), {"kind": MAPS, "placed_by": how})
            for d, g in zip(frame["dept_code"], frame["gov_code"], strict=True)
        )
    graph.graph["any_dept"] = tuple(sorted(pairs.loc[pairs["dept_code"].eq(ANY_DEPT), "gov_code"]))
    return graph

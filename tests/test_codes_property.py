"""Property: for random code trees (listed codes and dataset codes, intermediates missing at random), the
graph's parent/children/leaves/descendants agree with the prefix structure and with each other."""

from __future__ import annotations

import pandas as pd
from codes_seed import dataset_of, make_table
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.codes import DEPT_ECON, FUNCTION, GOV_ECON, SHAPES, CodeGraph, CodeList

YEAR = "1999"  # no shipped list is keyed by it: only the year-less ones apply
DATA_TABLE = {FUNCTION: ("支出总表", "科目编码"), DEPT_ECON: ("决算基本支出经济分类表", "部门经济分类编码")}


@st.composite
def code_trees(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    """A classification, codes given by a list, and codes found only in data."""
    cls = draw(st.sampled_from([FUNCTION, DEPT_ECON, GOV_ECON]))
    spec = SHAPES[cls]
    digits = st.text("0123456789", min_size=2, max_size=2)
    codes: set[str] = set()
    for _ in range(draw(st.integers(1, 4))):
        top = spec.first + draw(digits)
        codes.add(top)
        frontier = [top]
        for _ in spec.lengths[1:]:
            frontier = [p + draw(digits) for p in frontier for _n in range(draw(st.integers(0, 3)))]
            codes.update(frontier)
    ordered = sorted(codes)
    in_data = draw(st.lists(st.sampled_from(ordered), unique=True)) if cls in DATA_TABLE else []
    listed = [c for c in ordered if c not in in_data and draw(st.booleans())]  # the rest: missing intermediates
    return cls, listed, in_data


def build(cls: str, listed: list[str], in_data: list[str]) -> CodeGraph:
    spec = SHAPES[cls]
    frame = pd.DataFrame({"code": listed, "name": [f"名{c}" for c in listed], "level": [str(spec.level(c)) for c in listed],
                          "parent": [spec.parent(c) or "" for c in listed], "_file": "random.csv",
                          "_line": range(2, len(listed) + 2)}, dtype=object)
    lists = [CodeList(cls, frame, YEAR, partial=True)]
    if not in_data:
        return CodeGraph.build(YEAR, lists)
    kind, column = DATA_TABLE[cls]
    table = make_table(kind, "1", kind, [{"_line": i, column: c} for i, c in enumerate(in_data, start=1)])
    return CodeGraph.build(YEAR, lists, dataset_of(table, year=YEAR))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(code_trees())
def test_random_trees_keep_their_invariants(tree: tuple[str, list[str], list[str]]) -> None:
    cls, listed, in_data = tree
    spec = SHAPES[cls]
    graph = build(cls, listed, in_data)
    nodes = graph.nodes(cls).set_index("code")
    shipped = set(CodeGraph.build(YEAR).nodes(cls).query("placed_by == 'list'")["code"])

    for code in (*listed, *in_data):
        assert code in nodes.index
        assert nodes.at[code, "placed_by"] == ("list" if code in set(listed) | shipped else "prefix")
    for code, node in nodes.iterrows():
        code = str(code)
        assert node["level"] == spec.lengths.index(len(code)) + 1
        # every non-root's parent is its prefix, and is in the graph (connected)
        assert graph.parent(cls, code) == spec.parent(code) == node["parent"]
        assert node["parent"] is None or node["parent"] in nodes.index
        children = graph.children(cls, code)
        assert all(graph.parent(cls, c) == code for c in children)
        assert node["has_children"] == bool(children) == (not node["is_leaf"])
        # descendants = children ∪ their descendants; leaves = the descendants without children
        expected = set(children).union(*(graph.descendants(cls, c) for c in children))
        assert set(graph.descendants(cls, code)) == expected
        assert set(graph.leaves(cls, code)) == {d for d in expected if not graph.has_children(cls, d)}

    pairs = graph.descendant_pairs(cls)
    assert not pairs.duplicated().any()
    assert all(d.startswith(a) and len(d) > len(a) for a, d in pairs.itertuples(index=False))
    assert len(pairs) == sum(len(graph.descendants(cls, c)) for c in nodes.index)
    leaf_pairs = graph.leaf_pairs(cls)
    assert set(leaf_pairs["leaf"]) <= set(nodes.index[nodes["is_leaf"]])
    assert len(graph.edges(cls)) == int((nodes["parent"].notna()).sum())

"""The code graph: classifications, placement (list vs prefix), parent-scoped names, the mapping, views."""

from __future__ import annotations

import pandas as pd
import pytest
from codes_seed import dataset_of, function_table

from checker.codes import (
    DEPT_ECON,
    FUNCTION,
    GOV_ECON,
    CodeGraph,
    CodeList,
    classification_of,
    normalise_code,
    osa_distance,
)


@pytest.fixture(scope="module")
def graph() -> CodeGraph:
    return CodeGraph.build()


@pytest.mark.parametrize(
    ("cls", "code", "parent", "level", "name"),
    [
        (FUNCTION, "201", None, 1, "一般公共服务支出"),
        (FUNCTION, "20103", "201", 2, "政府办公厅（室）及相关机构事务"),
        (FUNCTION, "2010301", "20103", 3, "行政运行"),
        (FUNCTION, "2080505", "20805", 3, "机关事业单位基本养老保险缴费支出"),
        (DEPT_ECON, "301", None, 1, "工资福利支出"),
        (DEPT_ECON, "30101", "301", 2, "基本工资"),
        (DEPT_ECON, "31304", "313", 2, "对机关事业单位职业年金的补助"),
        (GOV_ECON, "501", None, 1, "机关工资福利支出"),
        (GOV_ECON, "50101", "501", 2, "工资奖金津补贴"),
        (GOV_ECON, "50209", "502", 2, "维修（护）费"),
    ],
    ids=lambda v: str(v),
)
def test_each_classification_places_listed_codes(graph: CodeGraph, cls: str, code: str, parent: str | None,
                                                  level: int, name: str) -> None:
    assert graph.parent(cls, code) == parent
    assert graph.level(cls, code) == level
    assert graph.name(cls, code) == name
    assert graph.placed_by(cls, code) == "list"


@pytest.mark.parametrize(
    ("code", "cls"),
    [("201", FUNCTION), ("20103", FUNCTION), ("2010301", FUNCTION), ("[301]", DEPT_ECON), ("30101", DEPT_ECON),
     ("501", GOV_ECON), ("［５０１０１］", GOV_ECON), ("2010", None), ("20103O1", None), ("401", None), ("", None)],
    ids=lambda v: str(v) or "blank",
)
def test_classification_by_shape(code: str, cls: str | None) -> None:
    assert classification_of(code) == cls


def test_codes_in_no_list_are_placed_by_prefix_with_their_ancestors() -> None:
    table = function_table("支出总表", text="1\t2130599\t其他扶贫支出\t1.00\n")
    graph = CodeGraph.build(dataset=dataset_of(table))
    assert [graph.placed_by(FUNCTION, c) for c in ("2130599", "21305", "213")] == ["prefix"] * 3
    assert graph.ancestors(FUNCTION, "2130599") == ("21305", "213")
    assert graph.children(FUNCTION, "213") == ("21305",)
    assert graph.name(FUNCTION, "21305") == ""
    assert graph.placed_by(FUNCTION, "2010301") == "list"  # the listed codes are still there


def test_a_listed_款_without_a_listed_类_gets_its_类_by_prefix(graph: CodeGraph) -> None:
    # dept_econ_partial.csv lists 30901 … 30999 but not 309 itself
    assert graph.placed_by(DEPT_ECON, "309") == "prefix"
    assert "30901" in graph.children(DEPT_ECON, "309")


def test_names_are_scoped_by_parent(graph: CodeGraph) -> None:
    assert graph.lookup(FUNCTION, "20129", "一般行政管理事务") == "2012902"
    assert graph.lookup(FUNCTION, "21201", "一般行政管理事务") == "2120102"
    assert graph.lookup(FUNCTION, "20101", "一般行政管理事务") == "2010102"
    assert graph.lookup(FUNCTION, "20103", "一般行政管理事务") is None
    # 309xx and 310xx share 款 names: the parent decides
    assert graph.lookup(DEPT_ECON, "309", "办公设备购置") == "30902"
    assert graph.lookup(DEPT_ECON, "310", "办公设备购置") == "31002"
    assert graph.lookup(FUNCTION, None, "一般公共服务支出") == "201"
    assert graph.lookup(FUNCTION, None, " 一般公共服务 支出 ") == "201"  # whitespace from wrapped cells


@pytest.mark.parametrize(
    ("dept", "gov", "allowed"),
    [
        ("30101", "50101", True), ("30102", "50101", True), ("30103", "50101", True),
        ("30108", "50102", True), ("30101", "50102", False), ("30114", "50199", True),
        ("30213", "50209", True), ("30213", "50201", False),
        ("30107", "50501", True),  # 事业单位: any 部门 code into 505 (data, not code)
        ("30201", "50601", True),
        ("301", "501", True), ("302", "502", True), ("301", "502", False), ("301", "505", True),
        ("39999", "50101", None),  # unknown to the partial mapping: no verdict
    ],
    ids=lambda v: str(v),
)
def test_the_mapping(graph: CodeGraph, dept: str, gov: str, allowed: bool | None) -> None:
    assert graph.allows(dept, gov) is allowed


def test_mapping_is_many_to_one_and_a_frame(graph: CodeGraph) -> None:
    pairs = graph.mapping_pairs()
    assert list(pairs.columns[:2]) == ["dept_code", "gov_code"]
    assert set(pairs.loc[pairs["gov_code"] == "50101", "dept_code"]) >= {"30101", "30102", "30103"}
    assert graph.mapped_gov("30101") == ("50101",)
    assert set(graph.mapped_dept("50201")) >= {"30201", "30202", "30211", "30228", "30229", "30239"}
    assert not pairs.duplicated(["dept_code", "gov_code"]).any()
    assert graph.any_dept_gov_codes == ("505", "506")


def test_事业单位_wildcard_is_data_a_complete_user_mapping_replaces_it() -> None:
    frame = pd.DataFrame({"gov_code": ["50101"], "gov_name": ["工资奖金津补贴"], "dept_code": ["30101"],
                          "dept_name": ["基本工资"], "_file": ["m.csv"], "_line": [2]}, dtype=object)
    graph = CodeGraph.build(lists=[CodeList("经济分类对照", frame, "2021", partial=False)])
    assert graph.any_dept_gov_codes == ()
    assert graph.allows("30107", "50501") is None
    assert graph.allows("30101", "50101") is True


def test_frames_for_merges(graph: CodeGraph) -> None:
    nodes = graph.nodes(FUNCTION)
    assert list(nodes.columns) == ["code", "name", "level", "parent", "placed_by", "has_children", "is_leaf"]
    edges = graph.edges(FUNCTION)
    assert set(map(tuple, edges[edges["parent"] == "20103"].to_numpy())) == {
        ("20103", "2010301"), ("20103", "2010350"), ("20103", "2010399")}
    pairs = graph.descendant_pairs(FUNCTION)
    assert set(pairs.loc[pairs["ancestor"] == "208", "descendant"]) == {"20805", "2080505", "2080506", "2080508"}
    leaves = graph.leaf_pairs(FUNCTION)
    assert set(leaves.loc[leaves["ancestor"] == "208", "leaf"]) == {"2080505", "2080506", "2080508"}
    # a rollup by merge: parent amount vs the sum of its children's, in one groupby
    amounts = pd.DataFrame({"code": ["2080505", "2080506", "2080508"], "amount": [2760, 1440, 812]})
    summed = edges.merge(amounts, left_on="child", right_on="code").groupby("parent")["amount"].sum()
    assert summed.to_dict() == {"20805": 5012}


def test_returned_frames_do_not_alias_the_graph(graph: CodeGraph) -> None:
    nodes = graph.nodes(FUNCTION)
    nodes.loc[0, "name"] = "changed"
    assert graph.nodes(FUNCTION).loc[0, "name"] != "changed"


def test_unknown_classification_is_named() -> None:
    with pytest.raises(KeyError, match="功能分类"):
        CodeGraph.build().nodes("功能科目")


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("2010301", "2010310", 1), ("2010301", "2010301", 0), ("30101", "30110", 1), ("30101", "31010", 2),
     ("201", "210", 1), ("20103", "2010", 1), ("abc", "ca", 3)],
    ids=lambda v: str(v),
)
def test_osa_counts_an_adjacent_swap_as_one_edit(a: str, b: str, distance: int) -> None:
    assert osa_distance(a, b) == distance


@pytest.mark.parametrize(
    ("cls", "typed", "first"),
    [
        (FUNCTION, "2010310", "2010301"),  # adjacent digits swapped
        (FUNCTION, "2013001", "2010301"),  # swap beats the substitutions at the same distance
        (FUNCTION, "20103O1", "2010301"),  # letter O for zero
        (DEPT_ECON, "30210", "30201"),
        (GOV_ECON, "51001", "50101"),
        (FUNCTION, "201031", "20103"),  # a digit too many for a 款, too few for a 项
    ],
    ids=lambda v: str(v),
)
def test_suggest_did_you_mean(graph: CodeGraph, cls: str, typed: str, first: str) -> None:
    found = graph.suggest(cls, typed)
    assert found and found[0] == first
    assert len(found) <= 3


def test_suggest_stays_within_the_level_and_classification(graph: CodeGraph) -> None:
    assert all(len(c) == 7 for c in graph.suggest(FUNCTION, "2010310", n=10))
    assert all(c.startswith("3") for c in graph.suggest(DEPT_ECON, "30115", n=10))
    assert graph.suggest(FUNCTION, "9999999") == []


def test_normalise_code() -> None:
    assert [normalise_code(c) for c in ("[301]", " 2010301 ", "【30101】", "２０１", None, 201)] == [
        "301", "2010301", "30101", "201", "", "201"]


def test_year_selects_lists() -> None:
    assert CodeGraph.build(year="2021").placed_by(FUNCTION, "2010350") == "list"  # from the seed's 2021 tables
    assert CodeGraph.build(year="2023").has(FUNCTION, "2010350") is False  # 2021 pairs do not apply to 2023
    assert CodeGraph.build(year="2023").placed_by(FUNCTION, "2010101") == "list"  # year-less lists apply

"""The graph's checks on datasets: the seed's real cases, and one mutation per rule."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from codes_seed import (
    ECONOMIC_ROWS,
    FUNCTION_TABLES,
    dataset_of,
    economic_table,
    function_table,
    make_table,
    seed_dataset,
)

from checker.codes import RULES, CodeGraph, CodeList, check_dataset, load_code_lists
from checker.codes.checks import CHECKS
from checker.dataset.model import Dataset
from checker.findings import Finding, Outcome, Severity


def run(dataset: Dataset, *rules: str, lists: tuple[CodeList, ...] = ()) -> list[Finding]:
    graph = CodeGraph.build(lists=lists, dataset=dataset)
    return check_dataset(graph, dataset, only=rules)


@pytest.fixture(scope="module")
def seed_findings() -> list[Finding]:
    return run(seed_dataset())


def by_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def test_every_rule_has_a_check_and_a_catalogue_entry() -> None:
    assert set(CHECKS) == set(RULES)
    assert {r.severity for r in RULES.values()} <= {Severity.ERROR, Severity.WARNING}
    assert RULES["CODE-MAPPING"].severity is RULES["CODE-SHAPE"].severity is Severity.ERROR


def test_seed_2080508_has_two_names(seed_findings: list[Finding]) -> None:
    (found,) = by_rule(seed_findings, "CODE-NAME")
    assert found.subject == "2080508"
    assert "对机关事业单位职业年金的补助" in found.message and "对机关事业单位职业年金缴费的补助" in found.message
    assert {o.data_location for o in found.operands} == {"seed.txt:274", "seed.txt:401"}
    assert (found.severity, found.outcome, found.dataset, found.year) == (Severity.WARNING, Outcome.FAILED, "260002", "2021")


def test_seed_wrapped_and_numbered_names_are_not_differences(seed_findings: list[Finding]) -> None:
    # "其他政府办公厅 (室)及相关机构 事务支出" (tables 2, 3) vs "…（室）…" (table 6); "一、一般公共服务支出" (table 6)
    subjects = {f.subject for f in by_rule(seed_findings, "CODE-NAME")}
    assert not subjects & {"2010399", "201", "208", "221"}


def test_seed_30114_differs_from_the_list(seed_findings: list[Finding]) -> None:
    found = [f for f in by_rule(seed_findings, "CODE-LIST-NAME") if f.subject.startswith("30114")]
    assert len(found) == 1
    assert (found[0].expected, found[0].actual) == ("医疗费", "其他工资福利支出")
    assert found[0].data_location == "seed.txt:453"
    assert found[0].document_location == "表9 一般公共预算基本支出情况表（按支出经济分类科目） 第9行"


def test_seed_income_table_lists_项_without_their_款_and_类(seed_findings: list[Finding]) -> None:
    (found,) = by_rule(seed_findings, "CODE-ORPHAN")
    assert found.subject == "收入总表 20103"
    assert all(c in found.message for c in ("2010301", "2010350", "2010399", "201 一般公共服务支出"))
    assert found.data_location == "seed.txt:251"
    assert found.document_location.startswith("表2 收入总体情况表")


def test_seed_income_table_misses_the_whole_类_208(seed_findings: list[Finding]) -> None:
    (found,) = by_rule(seed_findings, "CODE-COVERAGE")
    assert found.subject == "收入总表 208"
    assert not [f for f in seed_findings if f.rule == "CODE-ORPHAN" and "208" in f.subject]


def test_seed_table_9_pairs_are_all_allowed_and_301_twice_is_no_duplicate(seed_findings: list[Finding]) -> None:
    assert by_rule(seed_findings, "CODE-MAPPING") == []
    assert by_rule(seed_findings, "CODE-DUPLICATE") == []
    assert by_rule(seed_findings, "CODE-SHAPE") == []


def test_seed_has_exactly_these_findings(seed_findings: list[Finding]) -> None:
    assert sorted((f.rule, f.subject) for f in seed_findings) == [
        ("CODE-COVERAGE", "收入总表 208"),
        ("CODE-LIST-NAME", "2080508 对机关事业单位职业年金缴费的补助"),
        ("CODE-LIST-NAME", "30114 其他工资福利支出"),
        ("CODE-NAME", "2080508"),
        ("CODE-ORPHAN", "收入总表 20103"),
    ]


def replace_line(text: str, line: str, new: str) -> str:
    rows = text.strip("\n").splitlines()
    return "\n".join(new if r.split("\t")[0] == line else r for r in rows) + "\n"


@pytest.mark.parametrize(
    ("line", "row", "expected", "actual"),
    [
        ("447", "447\t[50102]\t社会保障缴费\t[30101]\t基本工资\t58.00", "50101", "50102"),
        ("478", "478\t[50201]\t办公经费\t[30213]\t维修(护)费\t2.00", "50209", "50201"),
        ("446", "446\t[502]\t机关商品和服务支出\t[301]\t工资福利支出\t558.60", "501", "502"),
    ],
    ids=["30101 into 50102", "30213 into 50201", "301 into 502"],
)
def test_mapping_error_on_a_disallowed_pair(line: str, row: str, expected: str, actual: str) -> None:
    table = economic_table(replace_line(ECONOMIC_ROWS, line, row))
    (found,) = run(dataset_of(table), "CODE-MAPPING")
    assert (found.severity, found.expected, found.actual) == (Severity.ERROR, expected, actual)
    assert found.data_location == f"seed.txt:{line}"


@pytest.mark.parametrize(
    "row",
    ["452\t[50103]\t住房公积金\t[39901]\t未列明\t47.00",     # 部门 code unknown to the partial mapping
     "483\t[50601]\t资本性补助\t[31002]\t办公设备购置\t16.00"],  # 事业单位: any 部门 code into 506
    ids=["unknown pair", "事业单位 wildcard"],
)
def test_no_mapping_error_where_the_lists_cannot_tell(row: str) -> None:
    table = economic_table(replace_line(ECONOMIC_ROWS, row.split("\t")[0], row))
    assert run(dataset_of(table), "CODE-MAPPING") == []


def test_pair_of_different_levels_is_a_mapping_error() -> None:
    table = economic_table(replace_line(ECONOMIC_ROWS, "447", "447\t[501]\t机关工资福利支出\t[30101]\t基本工资\t58.00"))
    (found,) = run(dataset_of(table), "CODE-MAPPING")
    assert "不同级" in found.message


@pytest.mark.parametrize(
    ("code", "hint"),
    [("20103O1", ""), ("2010", ""), ("30101", "部门预算支出经济分类")],
    ids=["letter O", "four digits", "economic code in a function column"],
)
def test_shape_errors(code: str, hint: str) -> None:
    table = function_table("支出总表", text=replace_line(FUNCTION_TABLES["支出总表"][2], "277", f"277\t{code}\t行政运行\t614.09"))
    (found,) = run(dataset_of(table), "CODE-SHAPE")
    assert (found.severity, found.actual, found.data_location) == (Severity.ERROR, code, "seed.txt:277")
    assert hint in found.message


def test_a_duplicate_code_in_a_single_coded_table() -> None:
    text = FUNCTION_TABLES["支出总表"][2] + "293\t2210203\t购房补贴\t110.00\n"
    (found,) = run(dataset_of(function_table("支出总表", text=text)), "CODE-DUPLICATE")
    assert found.subject == "支出总表 2210203" and found.data_location == "seed.txt:293"
    assert [o.data_location for o in found.operands] == ["seed.txt:292", "seed.txt:293"]


def test_a_duplicate_pair_in_the_paired_table() -> None:
    text = ECONOMIC_ROWS + "497\t[505]\t对事业单位经常性补助\t[301]\t工资福利支出\t1.00\n"
    (found,) = run(dataset_of(economic_table(text)), "CODE-DUPLICATE")
    assert found.subject == "基本支出经济分类表 [505]/[301]"


def test_a_parent_without_any_child() -> None:
    text = FUNCTION_TABLES["支出总表"][2] + "293\t212\t城乡社区支出\t3.00\n"
    found = run(dataset_of(function_table("支出总表", text=text)), "CODE-ORPHAN")
    assert [f.subject for f in found] == ["支出总表 212"]
    assert "款" in found[0].message


def test_a_flat_table_of_one_level_is_not_an_orphan_list() -> None:
    text = "1\t2010301\t行政运行\t1.00\n2\t2210201\t住房公积金\t1.00\n"
    assert run(dataset_of(function_table("支出总表", text=text)), "CODE-ORPHAN") == []


def test_names_are_compared_within_a_unit_not_across_units() -> None:
    mine = function_table("支出总表", unit="A", text="1\t2010301\t行政运行\t1.00\n")
    theirs = function_table("支出总表", unit="B", text="2\t2010301\t行政运行（改）\t1.00\n")
    mine.frame = pd.concat([mine.frame, theirs.frame], ignore_index=True)
    assert run(dataset_of(mine), "CODE-NAME") == []
    assert [f.dataset for f in run(dataset_of(mine), "CODE-LIST-NAME")] == ["B"]


def test_unlisted_codes_only_against_a_complete_list(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("code,name,level,parent\n201,一般公共服务支出,1,\n20103,政府办公厅（室）及相关机构事务,2,201\n"
                    "2010301,行政运行,3,20103\n", encoding="utf-8")
    table = function_table("支出总表", text="1\t201\tx\t1\n2\t20103\tx\t1\n3\t2010310\t行政运行\t1.00\n")
    assert run(dataset_of(table), "CODE-UNLISTED") == []  # shipped lists are partial
    (found,) = run(dataset_of(table), "CODE-UNLISTED", lists=tuple(load_code_lists(path, year="2021")))
    assert (found.subject, found.expected) == ("2010310", "2010301")


def test_a_coded_table_without_any_code_is_fine() -> None:
    # the seed's 政府性基金预算支出情况表: one 合计 row, no codes
    empty = make_table("政府性基金支出表", "7", "政府性基金预算支出情况表", [{"_line": 418, "科目名称": "合 计"}])
    dataset = seed_dataset()
    dataset.tables[empty.kind] = empty
    assert sorted(f.rule for f in run(dataset)) == sorted(f.rule for f in run(seed_dataset()))

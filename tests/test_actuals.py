"""Year-end actuals: indicator actuals merged by project and name, actual spending, and their problems."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from checker.dataset.model import Dataset
from checker.importers.actuals import apply_actuals
from checker.importers.canonical import read_canonical
from checker.importers.merge import concat, rename_unit

MANIFEST = """
[dataset]
key = "unit-a"
unit_code = "900001"
year = "2024"
document = "决算"
indicators = "indicators.csv"
"""
INDICATORS = (
    "id,项目,指标名称,指标值,目标单位,单位来源\n"
    "1,邮件专递,邮件完成数,≥100000,封,指标名称\n"
    "2,邮件专递,被投诉次数,≤10次,,\n"
    "3,设备采购,设备验收合格率,100%,,\n"
    "4,运维服务,服务评价满意度,优,,\n"
    "5,运维服务,完成时间,在项目计划完成时间内完成,,\n"
)


@pytest.fixture
def dataset(tmp_path: Path) -> Dataset:
    folder = tmp_path / "ds"
    folder.mkdir()
    (folder / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    (folder / "indicators.csv").write_text(INDICATORS, encoding="utf-8")
    return read_canonical(folder)


def actuals(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "actuals.csv"
    path.write_bytes(text.encode(encoding))
    return path


def row(ds: Dataset, name: str) -> pd.Series:
    return ds.indicators[ds.indicators["指标名称"].eq(name)].iloc[0]


@pytest.mark.parametrize(
    ("name", "written", "value", "unit", "grade"),
    [
        ("邮件完成数", "120000封", 120_000_000_000, "封", ""),
        ("邮件完成数", "120000", 120_000_000_000, "封", ""),  # a bare number takes the target's unit
        ("被投诉次数", "3次", 3_000_000, "次", ""),
        ("设备验收合格率", "98.5%", 98_500_000, "%", ""),
        ("服务评价满意度", "良", None, "", "良"),
        ("完成时间", "按时完成", None, "", ""),  # a phrase is fine for a qualitative target
    ],
    ids=["count-with-unit", "bare-count", "times", "percent", "grade", "phrase-for-qualitative"],
)
def test_actuals_are_merged_and_parsed(dataset, tmp_path: Path, name, written, value, unit, grade) -> None:
    project = row(dataset, name)["项目"]
    merged = apply_actuals(dataset, actuals(tmp_path, f"项目,指标名称,实际完成值\n{project},{name},{written}\n"))
    got = row(merged, name)
    actual = None if pd.isna(got["实际值"]) else int(got["实际值"])
    assert (got["实际完成值"], actual, got["实际单位"], got["实际等级"]) == (written, value, unit, grade)
    assert merged.problems == []


def test_unparseable_actual_is_kept_as_written(dataset, tmp_path: Path) -> None:
    path = actuals(tmp_path, "项目,指标名称,实际完成值\n邮件专递,邮件完成数,很多\n邮件专递,被投诉次数,≥约十次\n")
    merged = apply_actuals(dataset, path)
    assert [(p.code, p.location.rsplit("/", 1)[-1]) for p in merged.problems] == [
        ("E309", "actuals.csv:2"), ("E309", "actuals.csv:3")]
    mail = row(merged, "邮件完成数")
    assert mail["实际完成值"] == "很多" and pd.isna(mail["实际值"])


def test_actual_naming_no_indicator_is_reported(dataset, tmp_path: Path) -> None:
    path = actuals(tmp_path, "项目,指标名称,实际完成值\n邮件专递,邮件完成数,1封\n设备专项,不存在的指标,3次\n")
    merged = apply_actuals(dataset, path)
    (problem,) = merged.problems
    assert problem.code == "E312" and problem.location.endswith("actuals.csv:3")
    assert "设备专项" in problem.message and "不存在的指标" in problem.message
    assert row(merged, "邮件完成数")["实际值"] == 1_000_000


def test_names_match_ignoring_spaces_and_reasons_are_merged(dataset, tmp_path: Path) -> None:
    path = actuals(tmp_path, "项目,指标名称,实际完成值,偏差原因\n邮件 专递,被投诉 次数,12次,投诉渠道增加\n", "gbk")
    merged = apply_actuals(dataset, path)
    got = row(merged, "被投诉次数")
    assert (got["实际值"], got["偏差原因"]) == (12_000_000, "投诉渠道增加")


def test_input_dataset_is_not_changed(dataset, tmp_path: Path) -> None:
    apply_actuals(dataset, actuals(tmp_path, "项目,指标名称,实际完成值\n邮件专递,邮件完成数,1封\n"))
    assert row(dataset, "邮件完成数")["实际完成值"] == ""


def test_actuals_of_several_units_need_a_unit(dataset, tmp_path: Path) -> None:
    other = rename_unit(dataset, "unit-a", "unit-b")
    other.units[0] = replace(other.units[0], unit_code="900002")
    two = concat([dataset, other])
    text = "项目,指标名称,实际完成值\n邮件专递,邮件完成数,1封\n"
    ambiguous = apply_actuals(two, actuals(tmp_path, text))
    assert [p.code for p in ambiguous.problems] == ["E312"] and "2 units" in ambiguous.problems[0].message
    chosen = apply_actuals(two, actuals(tmp_path, "单位编码," + text.replace("\n", "\n900001,", 1)))
    mails = chosen.indicators[chosen.indicators["指标名称"].eq("邮件完成数")]
    assert mails.set_index("_ds")["实际完成值"].to_dict() == {"unit-a": "1封", "unit-b": ""}
    assert chosen.problems == []


def test_spending_from_csv(dataset, tmp_path: Path) -> None:
    path = actuals(tmp_path, "科目编码,项目,执行数,预算数\n2013901,,51.32,52.00\n,邮件专递,x,175.52\n")
    merged = apply_actuals(dataset, path)
    spending = merged.spending
    assert spending is not None
    assert spending[["_ds", "科目编码", "执行数", "预算数", "_line"]].values.tolist() == [
        ["unit-a", "2013901", 51_320_000, 52_000_000, 2], ["unit-a", "", 0, 175_520_000, 3]]
    assert [(p.code, p.location.rsplit("/", 1)[-1]) for p in merged.problems] == [("E302", "actuals.csv:3")]


def test_spending_without_budget_column_leaves_it_empty(dataset, tmp_path: Path) -> None:
    merged = apply_actuals(dataset, actuals(tmp_path, "项目,执行数\n邮件专递,10\n"))
    assert merged.spending is not None and pd.isna(merged.spending.loc[0, "预算数"])


def test_workbook_with_both_kinds_of_sheet(dataset, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "指标"
    for r in (["项目", "指标名称", "实际完成值"], ["设备采购", "设备验收合格率", "100%"]):
        book.active.append(r)
    spend = book.create_sheet("支出")
    for r in (["科目编码", "执行数"], [2013901, 51.32]):
        spend.append(r)
    path = tmp_path / "actuals.xlsx"
    book.save(path)
    merged = apply_actuals(dataset, path)
    assert row(merged, "设备验收合格率")["实际值"] == 100_000_000
    assert merged.spending is not None and merged.spending.loc[0, ["科目编码", "执行数"]].tolist() == [
        "2013901", 51_320_000]
    assert merged.problems == []


def test_file_of_neither_kind_is_reported(dataset, tmp_path: Path) -> None:
    merged = apply_actuals(dataset, actuals(tmp_path, "名称,数值\na,1\n"))
    assert [p.code for p in merged.problems] == ["E311"]

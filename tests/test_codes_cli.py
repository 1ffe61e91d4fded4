"""``checker codes``: the tree, one code's neighbourhood, JSON, and errors as exit 2 without a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from codes_seed import ECONOMIC_ROWS, economic_table, seed_dataset

import checker.importers
from checker.cli import main
from checker.dataset.model import Dataset


@pytest.fixture
def seed(monkeypatch: pytest.MonkeyPatch) -> Dataset:
    dataset = seed_dataset()
    monkeypatch.setattr(checker.importers, "load_dataset", lambda path: dataset)
    return dataset


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["codes", *args])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_tree_with_names_amounts_and_findings(seed: Dataset) -> None:
    status, out, _ = invoke("seed.txt")
    assert status == 0  # warnings only
    assert "20103 政府办公厅（室）及相关机构事务" in out and "表3 2555.23" in out
    assert "CODE-ORPHAN" in out and "CODE-NAME" in out


def test_json_is_versioned_and_carries_the_tree_and_findings(seed: Dataset) -> None:
    status, out, _ = invoke("seed.txt", "--format", "json")
    doc = json.loads(out)
    assert (status, doc["schema"], doc["year"]) == (0, "checker.codes/1", "2021")
    nodes = {n["code"]: n for n in doc["classifications"]["功能分类"]}
    assert nodes["2080508"]["amounts"] == {"支出总表": "8.12", "一般公共预算支出表": "8.12"}
    assert nodes["20103"]["parent"] == "201" and nodes["20103"]["placed_by"] == "list"
    assert {f["rule"] for f in doc["findings"]} == {"CODE-NAME", "CODE-LIST-NAME", "CODE-ORPHAN", "CODE-COVERAGE"}


def test_one_code_neighbourhood(seed: Dataset) -> None:
    _status, out, _ = invoke("seed.txt", "[30114]", "--format", "json")
    doc = json.loads(out)["code"]
    assert (doc["code"], doc["ancestors"], doc["mapped"]) == ("30114", ["301"], ["50199"])
    assert [a["data_location"] for a in doc["appearances"]] == ["seed.txt:453"]
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["CODE-LIST-NAME"]


def test_unknown_code_is_exit_2_with_did_you_mean(seed: Dataset) -> None:
    status, _, err = invoke("seed.txt", "2010310")
    assert status == 2
    assert "did you mean 2010301" in err and "Traceback" not in err


def test_mapping_error_exits_1(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = ECONOMIC_ROWS.replace("447\t[50101]\t工资奖金津补贴", "447\t[50102]\t社会保障缴费")
    dataset = Dataset(units=seed_dataset().units, tables={"基本支出经济分类表": economic_table(rows)})
    monkeypatch.setattr(checker.importers, "load_dataset", lambda path: dataset)
    status, out, _ = invoke("seed.txt")
    assert status == 1 and "CODE-MAPPING" in out


def test_bad_code_list_is_exit_2_with_the_diagnostic(seed: Dataset, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,level,parent\n20103O1,x,3,20103\n", encoding="utf-8")
    status, _, err = invoke("seed.txt", "--codes", str(bad))
    assert status == 2
    assert "E221" in err and "bad.csv:2" in err and "Traceback" not in err


def test_user_list_and_year(seed: Dataset, tmp_path: Path) -> None:
    listed = tmp_path / "list.csv"
    listed.write_text("code,name,level,parent\n2080508,对机关事业单位职业年金缴费的补助,3,20805\n", encoding="utf-8")
    _status, out, _ = invoke("seed.txt", "--codes", str(listed), "--year", "2021", "--format", "json")
    doc = json.loads(out)
    names = {(f["rule"], f["subject"]) for f in doc["findings"]}
    assert ("CODE-LIST-NAME", "2080508 对机关事业单位职业年金的补助") in names  # the user's name now rules
    assert doc["year"] == "2021"


def test_a_list_for_another_year_is_named_not_silently_used(seed: Dataset, tmp_path: Path) -> None:
    listed = tmp_path / "list2024.csv"
    listed.write_text("code,name,level,parent,year\n2080508,新名称,3,20805,2024\n", encoding="utf-8")
    status, out, err = invoke("seed.txt", "--codes", str(listed))
    assert status == 0
    assert "list2024.csv" in err and "2024" in err and "not used" in err
    assert "新名称" not in out


def test_neighbourhood_findings_name_the_code_itself_not_a_longer_one(seed: Dataset) -> None:
    _, out, _ = invoke("seed.txt", "301", "--format", "json")
    doc = json.loads(out)
    assert doc["findings"] == []  # 30114's name and 2010301's orphan are not about 301
    assert [a["data_location"] for a in doc["code"]["appearances"]] == ["seed.txt:446", "seed.txt:482"]

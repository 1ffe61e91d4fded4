"""Code lists from CSV/XLSX: columns, classification and year from the file or arguments, every problem reported."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from checker.codes import DEPT_ECON, FUNCTION, GOV_ECON, MAPPING, CodeGraph, load_code_lists, shipped_lists
from checker.diagnostics import DiagnosticError
from checker.resources import data

SHARED_CODES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "codes"


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_classification_inferred_from_the_codes(tmp_path: Path) -> None:
    path = write(tmp_path, "mixed.csv", "code,name,level,parent\n201,一般公共服务支出,1,\n301,工资福利支出,1,\n501,机关工资福利支出,1,\n")
    found = {c.classification: c for c in load_code_lists(path, year="2024")}
    assert set(found) == {FUNCTION, DEPT_ECON, GOV_ECON}
    assert all(c.year == "2024" and not c.partial for c in found.values())
    assert found[FUNCTION].frame["_line"].tolist() == [2]


def test_classification_and_year_columns_and_chinese_headers(tmp_path: Path) -> None:
    text = "编码,名称,级次,上级编码,分类,年度,部分\n201,一般公共服务支出,1,,功能分类,2022,是\n20101,人大事务,2,201,功能分类,2022,是\n"
    (found,) = load_code_lists(write(tmp_path, "zh.csv", text, encoding="gb18030"))
    assert (found.classification, found.year, found.partial, len(found)) == (FUNCTION, "2022", True, 2)


def test_mapping_file(tmp_path: Path) -> None:
    path = write(tmp_path, "map.csv", "gov_code,gov_name,dept_code,dept_name\n[50101],工资奖金津补贴,[30101],基本工资\n505,,*,\n")
    (found,) = load_code_lists(path)
    assert found.classification == MAPPING
    assert found.frame[["gov_code", "dept_code"]].to_numpy().tolist() == [["50101", "30101"], ["505", "*"]]


def test_xlsx_numbers_are_codes(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2021"
    for row in (["code", "name", "level", "parent"], [201, "一般公共服务支出", 1, None],
                [20103.0, "政府办公厅（室）及相关机构事务", 2, 201], [2010301, "行政运行", 3, 20103]):
        sheet.append(row)
    book.save(tmp_path / "codes.xlsx")
    (found,) = load_code_lists(tmp_path / "codes.xlsx", year="2021")
    assert found.frame["code"].tolist() == ["201", "20103", "2010301"]
    assert found.frame["_file"].iloc[0].endswith("codes.xlsx#2021")
    assert found.frame["_line"].tolist() == [2, 3, 4]


def test_every_bad_row_is_reported_at_once(tmp_path: Path) -> None:
    text = ("code,name,level,parent\n"
            "20103O1,typo,3,20103\n"     # wrong shape
            "20103,政府办公厅,3,201\n"     # level contradicts the length
            "2010301,行政运行,3,20102\n"  # parent contradicts the prefix
            "201,一般公共服务支出,1,\n")
    with pytest.raises(DiagnosticError) as caught:
        load_code_lists(write(tmp_path, "bad.csv", text), classification=FUNCTION)
    problems = caught.value.diagnostics
    assert [d.code for d in problems] == ["E221"] * 3
    assert [d.where.rsplit(":", 1)[1] for d in problems if d.where] == ["2", "3", "4"]


@pytest.mark.parametrize(
    ("name", "text"),
    [("nocode.csv", "科目,说明\n201,x\n"), ("empty.csv", "")],
    ids=["no code column", "empty file"],
)
def test_unusable_files_are_E220(tmp_path: Path, name: str, text: str) -> None:
    with pytest.raises(DiagnosticError) as caught:
        load_code_lists(write(tmp_path, name, text))
    assert caught.value.diagnostics[0].code == "E220"


def test_missing_file_is_E220(tmp_path: Path) -> None:
    with pytest.raises(DiagnosticError) as caught:
        load_code_lists(tmp_path / "nope.csv")
    assert caught.value.diagnostics[0].code == "E220"


def test_shipped_lists_are_partial_and_copies_of_the_shared_fixtures() -> None:
    assert shipped_lists() and all(c.partial for c in shipped_lists())
    if not SHARED_CODES.is_dir():
        pytest.skip("../shared is not present")
    for shared in SHARED_CODES.glob("*.csv"):
        assert (data("codes") / shared.name).read_bytes() == shared.read_bytes(), shared.name


def test_user_list_overrides_a_shipped_name_and_a_complete_list_replaces_shipped_ones(tmp_path: Path) -> None:
    path = write(tmp_path, "f.csv", "code,name,level,parent\n201,一般公共服务（新名）,1,\n")
    partial = load_code_lists(path, year="2021", partial=True)
    graph = CodeGraph.build(year="2021", lists=partial)
    assert graph.name(FUNCTION, "201") == "一般公共服务（新名）"
    assert graph.placed_by(FUNCTION, "2010301") == "list"  # shipped lists still under it
    complete = CodeGraph.build(year="2021", lists=load_code_lists(path, year="2021"))
    assert complete.is_complete(FUNCTION) and not complete.has(FUNCTION, "2010301")
    assert complete.placed_by(DEPT_ECON, "30101") == "list"  # other classifications keep the shipped lists

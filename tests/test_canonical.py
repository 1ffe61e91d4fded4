"""The canonical format: CSV folder and XLSX workbook, round trips, encodings, problems with file:line."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from checker.dataset.kinds_doc import render_kinds
from checker.dataset.model import Dataset
from checker.dataset.templates import templates
from checker.diagnostics import DiagnosticError
from checker.importers import load_dataset, load_many
from checker.importers.canonical import read_canonical, read_workbook, write_canonical, write_workbook

ROOT = Path(__file__).resolve().parent.parent
PUTUO = ROOT / "examples" / "sh-putuo-shgzb-2024-final"
VOLATILE = ["_file", "_line"]  # where the copy was read from: differs by design

MANIFEST = """
[dataset]
department = "测试单位"
unit_code = "900001"
year = 2024
document = "决算"
indicators = "indicators.csv"

[[tables]]
kind = "决算支出表"
file = "t.csv"
title = "支出决算表"
unit = "{unit}"
"""
TABLE = "科目编码,科目名称,本年支出合计,基本支出,项目支出,来源\n,合计,307.82,105.58,202.24,p.8\n201,一般公共服务支出,264.87,62.63,202.24,p.8\n"
INDICATORS = (
    "id,项目,一级指标,二级指标,指标名称,指标值,权重,目标单位,单位来源,实际完成值,偏差原因\n"
    "1,邮件专递,产出,数量,邮件完成数,≥100000,20,封,指标名称,120000,\n"
    "2,邮件专递,产出,质量,被投诉次数,≤10次,10,,,3次,\n"
    "3,邮件专递,效益,社会效益,服务评价满意度,优,10,,,良,人员变动\n"
    "4,邮件专递,产出,时效,完成时间,在项目计划完成时间内完成,10,,,按时完成,\n"
)


def make_folder(tmp_path: Path, table: str = TABLE, unit: str = "万元", encoding: str = "utf-8",
                indicators: str = INDICATORS) -> Path:
    folder = tmp_path / "ds"
    folder.mkdir(exist_ok=True)
    (folder / "manifest.toml").write_text(MANIFEST.format(unit=unit), encoding="utf-8")
    (folder / "t.csv").write_bytes(table.encode(encoding))
    (folder / "indicators.csv").write_text(indicators, encoding="utf-8")
    return folder


def stable(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=VOLATILE).reset_index(drop=True)


def assert_same(a: Dataset, b: Dataset) -> None:
    assert [u.key for u in a.units] == [u.key for u in b.units]
    assert a.units == b.units
    assert list(a.tables) == list(b.tables)
    for kind, table in a.tables.items():
        other = b.tables[kind]
        assert (table.title, table.number, table.unit, table.notes, table.source, table.places) == (
            other.title, other.number, other.unit, other.notes, other.source, other.places)
        shown = [(c.name, c.header or c.name, c.role) for c in table.columns]  # no header printed: its name
        assert shown == [(c.name, c.header, c.role) for c in other.columns]
        pd.testing.assert_frame_equal(stable(table.frame), stable(other.frame), check_dtype=False)
    pd.testing.assert_frame_equal(stable(a.indicators), stable(b.indicators), check_dtype=False)
    pd.testing.assert_frame_equal(stable(a.stated), stable(b.stated), check_dtype=False)


# --- round trips -----------------------------------------------------------------------------------


def _csv_copy(ds: Dataset, tmp: Path) -> Dataset:
    write_canonical(ds, tmp / "copy")
    return read_canonical(tmp / "copy")


def _xlsx_copy(ds: Dataset, tmp: Path) -> Dataset:
    write_workbook(ds, tmp / "copy.xlsx")
    return read_workbook(tmp / "copy.xlsx")


@pytest.mark.parametrize("copy", [_csv_copy, _xlsx_copy], ids=["csv-folder", "xlsx-workbook"])
def test_putuo_round_trip_keeps_values_codes_and_doc(copy, tmp_path: Path) -> None:
    original = read_canonical(PUTUO)
    again = copy(original, tmp_path)
    assert_same(original, again)
    assert again.problems == []
    econ = again.tables["决算基本支出经济分类表"].frame
    assert econ.loc[0, ["部门经济分类编码", "决算数", "_doc"]].tolist() == ["301", 95_360_000, "document.pdf p.13"]


@pytest.mark.parametrize("copy", [_csv_copy, _xlsx_copy], ids=["csv-folder", "xlsx-workbook"])
def test_indicators_round_trip_and_targets_are_rederived(copy, tmp_path: Path) -> None:
    original = read_canonical(make_folder(tmp_path))
    again = copy(original, tmp_path)
    assert_same(original, again)
    mail = again.indicators.iloc[0]
    assert (mail["目标运算符"], mail["目标值"], mail["目标单位"], mail["方向"], mail["单位来源"]) == (
        ">=", 100_000_000_000, "封", "正向", "指标名称")
    assert (mail["实际值"], mail["实际单位"]) == (120_000_000_000, "封")  # a bare actual takes the target's unit
    complaints = again.indicators.iloc[1]
    assert (complaints["目标值"], complaints["目标单位"], complaints["单位来源"], complaints["方向"]) == (
        10_000_000, "次", "目标", "反向")
    assert again.indicators["目标类型"].tolist() == ["数值", "数值", "等级", "定性"]


def test_disclosure_text_round_trips_through_the_canonical_format(tmp_path: Path) -> None:
    imported = load_dataset(ROOT / "examples" / "seed" / "000_30b8c2d7fc78f862.txt")
    assert len(imported.tables) > 10 and not imported.indicators.empty and not imported.stated.empty
    assert_same(imported, _csv_copy(imported, tmp_path))
    assert_same(imported, _xlsx_copy(imported, tmp_path))


def test_writing_twice_gives_identical_files(tmp_path: Path) -> None:
    write_canonical(read_canonical(PUTUO), tmp_path / "a")
    write_canonical(read_canonical(tmp_path / "a"), tmp_path / "b")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    assert all((tmp_path / "a" / n).read_bytes() == (tmp_path / "b" / n).read_bytes() for n in names)


def test_putuo_example_matches_its_transcription() -> None:
    ds = read_canonical(PUTUO)
    assert ds.units[0].document == "决算" and ds.units[0].department == "中共上海市普陀区委社会工作部"
    assert set(ds.tables) == {"决算收支总表", "决算收入表", "决算支出表", "决算财政拨款收支总表",
                              "决算一般公共预算支出表", "决算基本支出经济分类表", "决算三公经费表"}
    spend = ds.tables["决算支出表"].frame
    total = spend[spend["科目名称"].eq("合计")].iloc[0]
    assert (total["科目编码"], total["本年支出合计"], total["基本支出"]) == ("", 307_820_000, 105_580_000)
    summary = ds.tables["决算收支总表"].frame
    assert summary.loc[0, ["收支", "序号", "层级", "项目"]].tolist() == ["收入", "一", 1, "一般公共预算财政拨款收入"]
    assert (PUTUO / "document.pdf").is_file()


# --- cells, codes and encodings --------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_encodings_are_detected(encoding: str, tmp_path: Path) -> None:
    ds = read_canonical(make_folder(tmp_path, encoding=encoding))
    frame = ds.tables["决算支出表"].frame
    assert frame["科目名称"].tolist() == ["合计", "一般公共服务支出"]
    assert list(frame.columns[:2]) == ["科目编码", "科目名称"]  # no BOM glued to the first header
    assert ds.problems == []


def test_binary_file_is_unreadable_not_mojibake(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    (folder / "t.csv").write_bytes(b"%PDF-1.4\x00\xff\xfe\x81")
    ds = read_canonical(folder)  # the indicators are still read
    assert "决算支出表" not in ds.tables
    assert [p.code for p in ds.problems] == ["E301"]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ("1,925.14", 1_925_140_000),
        ("-", 0),
        ("", 0),
        ("—", 0),
        ("１２.５", 12_500_000),
        ("-3.50", -3_500_000),
    ],
    ids=["thousands", "dash", "blank", "em-dash", "full-width", "negative"],
)
def test_amount_cells(cells: str, expected: int, tmp_path: Path) -> None:
    table = f"科目编码,科目名称,本年支出合计\n201,一般公共服务支出,\"{cells}\"\n"
    ds = read_canonical(make_folder(tmp_path, table=table))
    assert ds.tables["决算支出表"].frame.loc[0, "本年支出合计"] == expected
    assert ds.problems == []


def test_yuan_tables_are_stored_in_wanyuan_micros(tmp_path: Path) -> None:
    table = "科目编码,科目名称,本年支出合计\n201,一般公共服务支出,2571400.01\n"
    ds = read_canonical(make_folder(tmp_path, table=table, unit="元"))
    assert ds.tables["决算支出表"].frame.loc[0, "本年支出合计"] == 257_140_001  # 257.140001 万元


@pytest.mark.parametrize(
    ("table", "code", "where", "message"),
    [
        ("科目编码,科目名称,本年支出合计\n201,一般公共服务支出,1,92x.14\n", "E303", "t.csv:2", "extra cells"),
        ("科目编码,科目名称,本年支出合计\n201,a,1\n20103,b,\"1,92x.14\"\n", "E302", "t.csv:3", "本年支出合计: '1,92x.14'"),
        ("科目编码,科目名称,本年支出合计\n20103O1,a,1\n", "E314", "t.csv:2", "'20103O1'"),
        ("科目编码,科目名称,本年支出合记,基本支出\n201,a,1,1\n", "E310", "t.csv:1", "'本年支出合记'"),
        ("科目名称,本年支出合计\na,1\n", "E311", "t.csv:1", "科目编码"),
        ("科目编码,科目名称,本年支出合计\n201,a,1.0000001\n", "E307", "t.csv:2", "rounded"),
        ("科目编码,科目名称,本年支出合计\n201,\"two\nlines\",1\n2013,b,x\n", "E302", "t.csv:4", "'x'"),
        ("科目编码,科目名称,本年支出合计,本年支出合计\n201,a,1,2\n", "E310", "t.csv:1", "appears twice"),
    ],
    ids=["overlong-row", "not-a-number", "bad-code", "unknown-column", "missing-column", "too-precise",
         "line-after-multiline-cell", "duplicate-column"],
)
def test_problems_name_file_and_line(table: str, code: str, where: str, message: str, tmp_path: Path) -> None:
    ds = read_canonical(make_folder(tmp_path, table=table))
    found = [p for p in ds.problems if p.code == code]
    assert len(found) == 1, [p.render() for p in ds.problems]
    assert found[0].location.endswith(where)
    assert message in found[0].message
    assert len(ds.tables["决算支出表"].frame) >= 1  # the table is still read


def test_bad_cells_keep_their_rows(tmp_path: Path) -> None:
    table = "科目编码,科目名称,本年支出合计,基本支出\n20103O1,a,1x,2\n201,b,3,4\n"
    frame = read_canonical(make_folder(tmp_path, table=table)).tables["决算支出表"].frame
    assert frame[["科目编码", "本年支出合计", "基本支出", "_line"]].values.tolist() == [
        ["20103O1", 0, 2_000_000, 2], ["201", 3_000_000, 4_000_000, 3]]


def test_codes_stay_strings(tmp_path: Path) -> None:
    table = "科目编码,科目名称,本年支出合计\n201,a,1\n[2010301],b,1\n"
    frame = read_canonical(make_folder(tmp_path, table=table)).tables["决算支出表"].frame
    assert frame["科目编码"].tolist() == ["201", "2010301"]
    assert all(isinstance(c, str) for c in frame["科目编码"])


def test_unknown_columns_of_strict_kinds_are_text(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, table="科目编码,科目名称,合计,备注\n201,a,1,说明\n")
    manifest = (folder / "manifest.toml").read_text(encoding="utf-8")
    (folder / "manifest.toml").write_text(manifest.replace("决算支出表", "决算一般公共预算支出表"), encoding="utf-8")
    ds = read_canonical(folder)
    table = ds.tables["决算一般公共预算支出表"]
    assert table.column("备注").role == "text" and table.frame.loc[0, "备注"] == "说明"
    assert [(p.code, p.location.rsplit("/", 1)[-1]) for p in ds.problems] == [("E310", "t.csv:1")]


def test_extra_columns_of_money_kinds_are_amounts(tmp_path: Path) -> None:
    table = "科目编码,科目名称,本年支出合计,越秀\n201,a,1,0.5\n"
    ds = read_canonical(make_folder(tmp_path, table=table))
    spend = ds.tables["决算支出表"]
    assert spend.column("越秀").role == "money" and spend.frame.loc[0, "越秀"] == 500_000
    assert ds.problems == []


def test_published_headers_and_aliases_map_to_canonical_columns(tmp_path: Path) -> None:
    table = "项目/科目编码,科目名称,合计,基本支出\n201,a,1,1\n"
    spend = read_canonical(make_folder(tmp_path, table=table)).tables["决算支出表"]
    assert [c.name for c in spend.columns] == ["科目编码", "科目名称", "本年支出合计", "基本支出"]
    assert spend.column("本年支出合计").header == "合计"


def test_stated_figures_amounts_rates_and_printed_decimals(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    (folder / "stated.csv").write_text(
        "主题,金额,增减额,增减词,增减率,增减率位数,占比,单位,章节\n"
        "收入总计,2762.35,378.91,增加,15.9,,,万元,一\n"
        "公务接待费,12000,-500,减少,-4.00,,,元,五\n"
        "基本支出,12x,,,,,30.31,万元,三\n", encoding="utf-8")
    manifest = (folder / "manifest.toml").read_text(encoding="utf-8")
    (folder / "manifest.toml").write_text(manifest.replace("[dataset]\n", '[dataset]\nstated = "stated.csv"\n'),
                                          encoding="utf-8")
    ds = read_canonical(folder)
    stated = ds.stated
    assert stated["金额"].tolist()[:2] == [2_762_350_000, 1_200_000]  # 12000 元 = 1.2 万元
    assert stated["增减率"].tolist()[:2] == [15_900_000, -4_000_000]
    assert stated["增减率位数"].tolist()[:2] == [1, 2]  # taken from the text when not given
    assert pd.isna(stated.loc[2, "金额"]) and stated.loc[2, "占比位数"] == 2
    assert [(p.code, p.location.rsplit("/", 1)[-1]) for p in ds.problems] == [("E302", "stated.csv:4")]
    again = _csv_copy(ds, tmp_path)
    pd.testing.assert_frame_equal(stable(stated), stable(again.stated), check_dtype=False)


# --- manifests -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("manifest", "code", "text"),
    [
        (None, "E305", "no manifest.toml"),
        ("[dataset\n", "E306", "not valid TOML"),
        ('[dataset]\ndocument = "年报"\n', "E306", "预算 or 决算"),
        ('[dataset]\n[[tables]]\nkind = "决算支出表"\n', "E306", "file is missing"),
        ('[dataset]\n[[tables]]\nkind = "决算支出表"\nfile = "t.csv"\nunit = "千元"\n', "E306", "万元 or 元"),
        ('[dataset]\ndepartmnet = "x"\n', "E306", "unknown key 'departmnet'"),
        ('[dataset]\n[[tables]]\nkind = "决算收支表"\nfile = "t.csv"\n', "E304", "unknown table kind"),
    ],
    ids=["missing", "not-toml", "bad-document", "no-file", "bad-unit", "typo-key", "unknown-kind-only"],
)
def test_bad_manifests_raise(manifest: str | None, code: str, text: str, tmp_path: Path) -> None:
    folder = tmp_path / "ds"
    folder.mkdir()
    (folder / "t.csv").write_text(TABLE, encoding="utf-8")
    if manifest is not None:
        (folder / "manifest.toml").write_text(manifest, encoding="utf-8")
    with pytest.raises(DiagnosticError) as caught:
        read_canonical(folder)
    codes = [d.code for d in caught.value.diagnostics]
    assert code in codes
    assert any(text in d.message for d in caught.value.diagnostics)


def test_toml_error_points_at_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "ds"
    folder.mkdir()
    (folder / "manifest.toml").write_text('[dataset]\ndepartment = "x\n', encoding="utf-8")
    with pytest.raises(DiagnosticError) as caught:
        read_canonical(folder)
    (error,) = caught.value.diagnostics
    assert error.span is not None and error.span.line == 2
    assert 'department = "x' in error.render()


def test_unknown_kind_is_skipped_with_a_suggestion(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    manifest = (folder / "manifest.toml").read_text(encoding="utf-8")
    (folder / "manifest.toml").write_text(manifest + '\n[[tables]]\nkind = "决算收入总表"\nfile = "t.csv"\n',
                                          encoding="utf-8")
    ds = read_canonical(folder)
    (problem,) = [p for p in ds.problems if p.code == "E304"]
    assert "决算收入表" in (problem.hint or "")
    assert list(ds.tables) == ["决算支出表"]


# --- the workbook ----------------------------------------------------------------------------------


def _book(tmp_path: Path, rows: list[list[object]], tables_sheet: bool = True) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "manifest"
    for row in (["key", "value"], ["department", "测试单位"], ["year", 2024], ["document", "决算"]):
        ws.append(row)
    if tables_sheet:
        tables = book.create_sheet("tables")
        tables.append(["kind", "sheet", "title", "unit"])
        tables.append(["决算支出表", "决算支出表", "支出决算表", "万元"])
    sheet = book.create_sheet("决算支出表")
    for row in rows:
        sheet.append(row)
    path = tmp_path / "book.xlsx"
    book.save(path)
    return path


def test_workbook_cells_numbers_codes_and_locations(tmp_path: Path) -> None:
    rows = [["科目编码", "科目名称", "本年支出合计"], [201, "一般公共服务支出", 0.1 + 0.2], [None, None, None],
            ["2010301", "行政运行", "1,92x.14"]]
    ds = read_workbook(_book(tmp_path, rows))
    frame = ds.tables["决算支出表"].frame
    assert frame["科目编码"].tolist() == ["201", "2010301"]
    assert frame["本年支出合计"].tolist() == [300_000, 0]  # float noise removed; bad cell counted as 0
    assert frame["_line"].tolist() == [2, 4]
    assert frame["_file"].iloc[0].endswith("book.xlsx#决算支出表")
    (problem,) = ds.problems
    assert (problem.code, problem.location.rsplit("/", 1)[-1]) == ("E302", "book.xlsx#决算支出表!C4")


def test_workbook_without_tables_sheet_reads_sheets_named_by_kind(tmp_path: Path) -> None:
    ds = read_workbook(_book(tmp_path, [["科目编码", "科目名称", "本年支出合计"], ["201", "a", 1]], False))
    assert ds.tables["决算支出表"].frame.loc[0, "本年支出合计"] == 1_000_000


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"not a zip", "E301"), (None, "E305")],
    ids=["not-xlsx", "no-manifest-sheet"],
)
def test_bad_workbooks_raise(content: bytes | None, code: str, tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    if content is None:
        openpyxl.Workbook().save(path)
    else:
        path.write_bytes(content)
    with pytest.raises(DiagnosticError) as caught:
        read_workbook(path)
    assert [d.code for d in caught.value.diagnostics] == [code]


# --- load_dataset and load_many --------------------------------------------------------------------


@pytest.mark.parametrize(("name", "text"), [("doc.pdf", "not a readable PDF"),
                                            ("doc.docx", "not a dataset folder"),
                                            ("missing", "no such file")],
                         ids=["pdf", "unknown-suffix", "missing"])
def test_load_dataset_refuses_what_it_cannot_read(name: str, text: str, tmp_path: Path) -> None:
    path = tmp_path / name
    if name != "missing":
        path.write_bytes(b"x")
    with pytest.raises(DiagnosticError) as caught:
        load_dataset(path)
    assert caught.value.diagnostics[0].code == "E301" and text in caught.value.diagnostics[0].message


def test_load_dataset_dispatches_text_to_the_text_importer(tmp_path: Path, monkeypatch) -> None:
    import checker.importers.text as text_module

    seen: list[Path] = []

    def fake(path: Path) -> Dataset:
        seen.append(path)
        return Dataset(units=[])

    monkeypatch.setattr(text_module, "import_text", fake)
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    assert isinstance(load_dataset(tmp_path / "a.txt"), Dataset)
    assert seen == [tmp_path / "a.txt"]


def test_load_many_keeps_units_apart(tmp_path: Path) -> None:
    shutil.copytree(PUTUO, tmp_path / "a", ignore=shutil.ignore_patterns("*.pdf"))
    shutil.copytree(PUTUO, tmp_path / "b", ignore=shutil.ignore_patterns("*.pdf"))
    many = load_many([tmp_path / "a", tmp_path / "b"])
    key = "sh-putuo-shgzb-2024"
    assert many.keys == [key, f"{key}#2"]
    assert [p.code for p in many.problems] == ["W303"]
    frame = many.tables["决算收入表"].frame
    assert frame["_ds"].value_counts().to_dict() == {key: 18, f"{key}#2": 18}
    assert many.stated["_ds"].nunique() == 2


def test_folder_of_dataset_folders_is_many_units_and_writes_back(tmp_path: Path) -> None:
    shutil.copytree(PUTUO, tmp_path / "units" / "a", ignore=shutil.ignore_patterns("*.pdf"))
    make_folder(tmp_path / "units")  # units/ds: another unit
    many = load_dataset(tmp_path / "units")
    assert sorted(many.keys) == ["900001", "sh-putuo-shgzb-2024"]
    write_canonical(many, tmp_path / "out")
    again = load_dataset(tmp_path / "out")
    assert sorted(again.keys) == sorted(many.keys)
    assert len(again.tables["决算支出表"].frame) == len(many.tables["决算支出表"].frame)


def test_load_many_reports_an_unreadable_source_and_reads_the_rest(tmp_path: Path) -> None:
    many = load_many([PUTUO, tmp_path / "nowhere"])
    assert many.keys == ["sh-putuo-shgzb-2024"]
    assert [p.code for p in many.problems] == ["E301"]


# --- the document ----------------------------------------------------------------------------------


def test_doc_lists_every_kind_as_generated() -> None:
    doc = (ROOT / "docs" / "canonical-format.md").read_text(encoding="utf-8")
    assert render_kinds() in doc, "run: python -m checker.dataset.kinds_doc docs/canonical-format.md"
    for kind in templates():
        assert f"#### {kind}\n" in doc

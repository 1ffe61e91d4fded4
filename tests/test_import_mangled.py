"""The disclosure-text importer on damaged or differently laid-out copies of the seed.

Each copy is built here from the seed's text; what matters is the problems reported (code, file:line)
and that the rest of the document is still read — never a crash.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.dataset.model import Dataset, money_micros
from checker.diagnostics import CATALOGUE, DiagnosticError
from checker.importers.text import import_text

VALUES = ["_ds", "_row"]  # provenance that must not move when lines move


@pytest.fixture(scope="module")
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> Dataset:
    return import_text(seed_path)


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def write(tmp_path: Path, lines: list[str], name: str = "mangled.txt") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def codes(dataset: Dataset) -> list[tuple[str, str]]:
    return [(p.code, p.location) for p in dataset.problems]


def same_values(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Equal frames apart from where the rows are printed."""
    drop = ["_file", "_line", "_doc"]
    pd.testing.assert_frame_equal(a.drop(columns=drop).reset_index(drop=True), b.drop(columns=drop).reset_index(drop=True))


def wan(text: str) -> int:
    return money_micros(Decimal(text), "万元")


def test_deleted_header_line_falls_back_to_template_order(tmp_path: Path, seed_text: str, seed: Dataset) -> None:
    lines = lines_of(seed_text)
    assert lines[266].startswith("功能科目编码\t功能科目名称\t合计")
    del lines[266]  # the header of 支出总体情况表 (line 267); its second page still repeats it
    path = write(tmp_path, lines)
    got = import_text(path)
    assert codes(got) == [("E311", f"{path}:261")]
    assert "template's order" in got.problems[0].message
    same_values(got.tables["支出总表"].frame, seed.tables["支出总表"].frame)
    assert (got.tables["支出总表"].frame["_line"] == seed.tables["支出总表"].frame["_line"] - 1).all()
    assert len(got.tables) == 16 and len(got.indicators) == 28


def test_stray_non_numeric_cell_is_e302_and_the_row_is_kept(tmp_path: Path, seed_text: str, seed: Dataset) -> None:
    lines = lines_of(seed_text)
    assert lines[508].startswith("\t合 计\t1,925.14\t")
    lines[508] = lines[508].replace("1,925.14", "1,92x.14", 1)
    path = write(tmp_path, lines)
    got = import_text(path)
    assert codes(got) == [("E302", f"{path}:509")]
    assert "总计" in got.problems[0].message and "1,92x.14" in got.problems[0].message
    table = got.tables["项目支出表"].frame
    assert len(table) == 11
    assert table.loc[0, "总计"] == 0 and table.loc[0, "财政拨款合计"] == wan("1925.14")
    same_values(table.drop(columns=["总计"]), seed.tables["项目支出表"].frame.drop(columns=["总计"]))
    assert len(got.indicators) == 28


def test_gbk_copy_reads_like_the_utf8_one(tmp_path: Path, seed_text: str, seed_path: Path) -> None:
    (tmp_path / "gbk").mkdir()
    (tmp_path / "utf8").mkdir()
    gbk, utf8 = tmp_path / "gbk" / seed_path.name, tmp_path / "utf8" / seed_path.name
    gbk.write_bytes(seed_text.encode("gbk"))
    utf8.write_bytes(seed_text.encode("utf-8"))
    a, b = import_text(gbk), import_text(utf8)
    assert sorted(a.tables) == sorted(b.tables)
    for kind in a.tables:
        pd.testing.assert_frame_equal(a.tables[kind].frame.drop(columns="_file"), b.tables[kind].frame.drop(columns="_file"))
    pd.testing.assert_frame_equal(a.indicators.drop(columns="_file"), b.indicators.drop(columns="_file"))
    pd.testing.assert_frame_equal(a.stated.drop(columns="_file"), b.stated.drop(columns="_file"))
    assert a.problems == b.problems == []
    assert a.units[0].headings == b.units[0].headings


def test_utf8_with_bom_and_text_given(tmp_path: Path, seed_text: str, seed: Dataset) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + seed_text.encode("utf-8"))
    assert len(import_text(path).tables["收支总表"].frame) == 50
    given_text = import_text(tmp_path / "never-read.txt", text=seed_text)
    same_values(given_text.tables["政府采购表"].frame, seed.tables["政府采购表"].frame)


def test_crlf_and_form_feeds_keep_line_numbers(tmp_path: Path, seed_text: str, seed: Dataset) -> None:
    lines = lines_of(seed_text)
    for at in (217, 279, 319):  # page breaks before repeated titles, as pdftotext marks them
        lines[at] = "\f" + lines[at]
    path = tmp_path / "crlf.txt"
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    got = import_text(path)
    assert got.problems == []
    for kind in ("收支总表", "支出总表", "财政拨款收支总表"):
        pd.testing.assert_frame_equal(got.tables[kind].frame.drop(columns=["_file", "_doc"]),
                                      seed.tables[kind].frame.drop(columns=["_file", "_doc"]))


def test_undecodable_file_raises_e301(tmp_path: Path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(b"\x80\xff\x00\xfe" * 64)
    with pytest.raises(DiagnosticError) as caught:
        import_text(path)
    assert [d.code for d in caught.value.diagnostics] == ["E301"]


PAGE_BREAK = ["", "支出总体情况表", "", "部门名称： 广州开发区行政服务管理中心", "", "单位：万元", "",
              "功能科目编码\t功能科目名称\t合计\t基本支出\t项目支出\t事业单位 经营支出\t对附属单位 补助支出\t上缴上级 支出\t结转下年",
              "1\t2\t3\t4\t5\t6\t7\t8\t9"]


@pytest.mark.parametrize("after", [269, 273, 287], ids=["after-total", "mid-first-page", "after-second-header"])
def test_page_break_elsewhere_gives_the_same_rows(tmp_path: Path, seed_text: str, seed: Dataset, after: int) -> None:
    lines = lines_of(seed_text)
    lines[after:after] = PAGE_BREAK
    got = import_text(write(tmp_path, lines))
    assert got.problems == []
    same_values(got.tables["支出总表"].frame, seed.tables["支出总表"].frame)
    moved = seed.tables["支出总表"].frame["_line"].map(lambda n: n + len(PAGE_BREAK) if n > after else n)
    assert got.tables["支出总表"].frame["_line"].tolist() == moved.tolist()


def test_continuation_with_no_row_before_it_is_e313(tmp_path: Path, seed_text: str, seed: Dataset) -> None:
    lines = lines_of(seed_text)
    assert lines[512].startswith("260002\t设备专项")
    del lines[508:513]  # 合计 … 设备专项: the first page of 项目支出表 keeps only its headers
    path = write(tmp_path, lines)
    got = import_text(path)
    assert codes(got) == [("E313", f"{path}:519")]  # the continuation once on line 524
    assert got.tables["项目支出表"].frame["项目名称"].tolist() == [
        "政务服务项目经费", "政务中心导办帮办项目经费", "政务大厅综合费", "政务服务事项及公文专递包邮经费",
        "广州开发区行政服务管理中心政务智能一体机租赁服务采购项目", "凯通楼党建升级工程"]
    assert len(got.indicators) == 24 and not got.indicators["项目"].eq("设备专项").any()


def test_line_with_too_many_cells_is_e303(tmp_path: Path, seed_text: str, seed: Dataset) -> None:
    lines = lines_of(seed_text)
    lines[271] += "\t99.00"  # 2080505 gets a tenth cell
    path = write(tmp_path, lines)
    got = import_text(path)
    assert codes(got) == [("E303", f"{path}:272")]
    frame = got.tables["支出总表"].frame
    assert len(frame) == 14 and "2080505" not in frame["科目编码"].tolist()


def test_stray_text_line_between_rows_is_e303(tmp_path: Path, seed_text: str, seed: Dataset) -> None:
    lines = lines_of(seed_text)
    lines[272:272] = ["（此处内容见附件）"]
    path = write(tmp_path, lines)
    got = import_text(path)
    assert codes(got) == [("E303", f"{path}:273")]
    same_values(got.tables["支出总表"].frame, seed.tables["支出总表"].frame)


def test_table_with_an_unknown_title_is_e304(tmp_path: Path, seed_text: str) -> None:
    lines = lines_of(seed_text)
    start = len(lines) + 1
    lines += ["", "某某专项资金情况表", "", "部门名称： 广州开发区行政服务管理中心", "", "单位：万元", "",
              "项目\t金额", "甲\t1.00", "乙\t2.00"]
    path = write(tmp_path, lines)
    got = import_text(path)
    assert codes(got) == [("E304", f"{path}:{start + 7}")]
    assert len(got.tables) == 16 and len(got.tables["政府购买服务表"].frame) == 6


def test_unknown_header_is_e310_and_kept_as_text(tmp_path: Path, seed_text: str, seed: Dataset) -> None:
    lines = lines_of(seed_text)
    for at in (376, 397):  # both pages of 一般公共预算支出表 print the header
        assert lines[at].startswith("科目编码\t科目名称\t总计\t基本支出")
        lines[at] = lines[at].replace("基本支出", "基本经费")
    path = write(tmp_path, lines)
    got = import_text(path)
    assert codes(got) == [("E310", f"{path}:370")]
    table = got.tables["一般公共预算支出表"]
    assert (table.column("基本经费").role, table.column("基本经费").header) == ("text", "一般公共预算支出/基本经费")
    assert table.frame["基本经费"].tolist()[:2] == ["837.21", "630.09"] and "基本支出" not in table.frame
    same_values(table.frame.drop(columns="基本经费"), seed.tables["一般公共预算支出表"].frame.drop(columns="基本支出"))


def test_code_of_the_wrong_shape_is_e314(tmp_path: Path, seed_text: str, seed: Dataset) -> None:
    lines = lines_of(seed_text)
    lines[272] = lines[272].replace("2080506", "208050", 1)
    path = write(tmp_path, lines)
    got = import_text(path)
    assert codes(got) == [("E314", f"{path}:273")]
    assert got.tables["支出总表"].frame.loc[4, "科目编码"] == "208050"


def test_table_without_rows_is_e315_and_kept_empty(tmp_path: Path, seed_text: str) -> None:
    lines = lines_of(seed_text)
    assert lines[408] == "政府性基金预算支出情况表" and lines[419].startswith("注：")
    del lines[414:418]  # the headers and the 合计 row: title, meta lines and the note remain
    path = write(tmp_path, lines)
    got = import_text(path)
    assert codes(got) == [("E315", f"{path}:409")]
    table = got.tables["政府性基金支出表"]
    assert len(table.frame) == 0 and table.notes == "本部门无政府性基金支出"
    assert table.money_columns == ["总计", "基本支出", "项目支出小计", "部门项目支出", "财政专项资金"]


def test_unreadable_target_is_e308_and_the_indicator_kept(tmp_path: Path, seed_text: str) -> None:
    lines = lines_of(seed_text)
    assert "指标值：≥100000 2." in lines[560]
    lines[560] = lines[560].replace("指标值：≥100000 2.", "指标值：≥约十万 2.")
    path = write(tmp_path, lines)
    got = import_text(path)
    assert codes(got) == [("E308", f"{path}:561")]
    row = got.indicators.set_index("id").loc["政务服务事项及公文专递包邮经费#1"]
    assert (row["指标名称"], row["指标值"], row["目标类型"], row["目标运算符"]) == ("邮件完成数", "≥约十万", "", "")
    assert pd.isna(row["目标值"]) and len(got.indicators) == 28


def test_prose_placeholders_and_unreadable_figures(tmp_path: Path, seed_text: str, seed: Dataset) -> None:
    lines = lines_of(seed_text)
    lines[121:121] = ["2021年培训费预算XX万元。", "", "本部门会议费较上年增加约三成。", "",
                      "另外增加了5万元。", ""]
    path = write(tmp_path, lines)
    got = import_text(path)
    assert codes(got) == [("E317", f"{path}:122"), ("W302", f"{path}:124"), ("W302", f"{path}:126")]
    assert "较上年" in got.problems[1].message and "no subject" in got.problems[2].message
    same_values(got.stated, seed.stated)


def test_prose_compared_with_a_named_year(tmp_path: Path, seed_text: str) -> None:
    lines = lines_of(seed_text)
    lines[121:121] = ["2022年培训费预算12.5万元，比2021年减少2.5万元，下降16.7%，主要原因是压减培训。", ""]
    got = import_text(write(tmp_path, lines))
    assert got.problems == []
    row = got.stated.set_index("id").loc["培训费#1"]
    assert (row["金额"], row["增减额"], row["增减词"], row["增减率"], row["增减率位数"], row["原因"], row["_line"]) == (
        wan("12.5"), wan("-2.5"), "减少", -16_700_000, 1, "压减培训", 122)


MINI = """\
2022 年度广州市黄埔区某某局部门预算

第一部分 部门预算报表

表 3

2022年支出总体情况表

部门名称：广州市黄埔区某某局\t单位：元

科目编码\t科目名称\t合计\t基本支出\t项目支出
\t合 计\t1,250,000.50\t250,000.50\t1,000,000.00
201\t一般公共服务支出\t1,250,000.50\t250,000.50\t1,000,000.00
2010301\t行政运行\t250,000.50\t250,000.50\t-
2010302\t一般行政管理事务\t1,000,000.00\t\t1,000,000.00
- 3 -

表 7 财政拨款安排的行政经费及“三公”经费预算表

单位：元

项目\t合计
“三公”经费\t12,000.00
其中：（一）因公出国（境）费\t0
（二）公务用车购置及运行维护费\t12,000.00

一、部门预算收支情况总体说明

2022年收支总预算125.00万元，较上年减少5.5万元，下降4.2%，主要原因是压减一般性支出。
"""


def test_another_department_laid_out_differently(tmp_path: Path) -> None:
    path = tmp_path / "mini.txt"
    path.write_text(MINI, encoding="utf-8")
    got = import_text(path)
    assert got.problems == []
    unit = got.units[0]
    assert (unit.key, unit.department, unit.year, unit.document) == ("广州市黄埔区某某局-2022", "广州市黄埔区某某局", "2022", "预算")
    spending = got.tables["支出总表"]
    assert (spending.number, spending.unit, spending.places, len(spending.frame)) == ("3", "元", 2, 4)
    assert spending.frame["合计"].tolist() == [125_000_050, 125_000_050, 25_000_050, 100_000_000]  # 分
    assert spending.frame.loc[2, "项目支出"] == 0 and spending.frame["_line"].tolist() == [12, 13, 14, 15]
    assert "项目支出" in spending.money_columns and spending.column("科目名称").header == "科目名称"
    items = got.tables["三公经费表"]
    assert (items.number, items.unit) == ("7", "元")
    assert items.frame[["序号", "层级", "项目"]].values.tolist() == [
        ["", 0, "“三公”经费"], ["（一）", 2, "因公出国（境）费"], ["（二）", 2, "公务用车购置及运行维护费"]]
    stated = got.stated.iloc[0]
    assert (stated["主题"], stated["金额"], stated["增减额"], stated["增减率"], stated["增减率位数"]) == (
        "收支总预算", 125_000_000, -5_500_000, -4_200_000, 1)


FINAL = """\
2020 年度

某某中心 部门决算

目 录

一、收入支出决算总表
二、财政拨款收入支出决算总表

某某中心2020年度财政拨款收入支出决算总表

单位：万元

项目\t决算数\t项目\t合计\t一般公共预算财政拨款\t政府性基金预算财政拨款\t国有资本经营预算财政拨款
栏次\t1\t栏次\t2\t3\t4\t5
一、一般公共预算财政拨款\t100.00\t一、一般公共服务支出\t100.00\t100.00\t0.00\t0.00
\t\t二、住房保障支出\t1.50\t1.50\t\t
本年收入合计\t100.00\t本年支出合计\t101.50\t101.50\t0.00\t0.00
"""


def test_final_accounts_with_unequal_halves(tmp_path: Path) -> None:
    path = tmp_path / "final.txt"
    path.write_text(FINAL, encoding="utf-8")
    got = import_text(path)
    assert got.problems == []
    assert (got.units[0].year, got.units[0].document, got.units[0].department) == ("2020", "决算", "某某中心")
    table = got.tables["决算财政拨款收支总表"]
    assert (table.number, table.title) == ("2", "某某中心2020年度财政拨款收入支出决算总表")
    rows = table.frame[["收支", "序号", "项目", "决算数", "一般公共预算财政拨款"]].values.tolist()
    assert rows == [
        ["收入", "一", "一般公共预算财政拨款", wan("100"), 0], ["收入", "", "本年收入合计", wan("100"), 0],
        ["支出", "一", "一般公共服务支出", wan("100"), wan("100")], ["支出", "二", "住房保障支出", wan("1.5"), wan("1.5")],
        ["支出", "", "本年支出合计", wan("101.5"), wan("101.5")],
    ]
    assert table.column("决算数").header == "决算数 | 合计"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_shuffled_and_cut_seed_lines_never_crash(seed_text: str, data: st.DataObject) -> None:
    lines = lines_of(seed_text)
    picked = data.draw(st.lists(st.sampled_from(range(len(lines))), min_size=0, max_size=120))
    noise = data.draw(st.lists(st.text(alphabet="\t 0123456789.,-合计表注：一、（）万元%≥指标名称值", max_size=30),
                               max_size=5))
    text = "\n".join([lines[i] for i in picked] + noise)
    got = import_text(Path("fuzz.txt"), text=text)
    assert all(p.code in CATALOGUE for p in got.problems)
    for table in got.tables.values():
        assert table.frame["_row"].tolist() == list(range(1, len(table.frame) + 1))

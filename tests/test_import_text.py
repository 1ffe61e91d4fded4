"""The disclosure-text importer on the real seed (2021 部门预算 of 广州开发区行政服务管理中心).

Every count and value below was read off the seed by hand; line numbers are the seed's own.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from checker.dataset.model import INDICATOR_COLUMNS, PROVENANCE, STATED_COLUMNS, Dataset, money_micros
from checker.importers.text import import_text


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> Dataset:
    return import_text(seed_path)


@pytest.fixture(scope="module")
def seed_lines(seed_path: Path) -> list[str]:
    return seed_path.read_text(encoding="utf-8").splitlines()


def wan(text: str) -> int:
    return money_micros(Decimal(text), "万元")


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- tables ------------------------------------------------------------------------------------------

ROW_COUNTS = [
    # kind, published number, title, rows (counted by hand in the seed)
    ("收支总表", "1", "收支总体情况表", 50),            # 15 收入 + 35 支出 over 3 pages
    ("收入总表", "2", "收入总体情况表", 7),
    ("支出总表", "3", "支出总体情况表", 15),            # 10 + 5 over 2 pages
    ("财政拨款收支总表", "4", "财政拨款收支总体情况表", 38),  # 6 收入 + 32 支出 over 3 pages
    ("非税收入表", "5", "非税收入预算表", 1),
    ("一般公共预算支出表", "6", "一般公共预算支出预算表（按功能分类科目）", 15),
    ("政府性基金支出表", "7", "政府性基金预算支出情况表", 1),
    ("基本支出表", "8", "部门预算基本支出预算表", 4),
    ("基本支出经济分类表", "9", "一般公共预算基本支出情况表（按支出经济分类科目）", 36),  # 17 + 17 + 2
    ("项目支出表", "10", "部门预算项目支出预算表", 11),   # 7 projects over 7 pages
    ("转移支付表", "11", "部门预算转移支付项目预算表", 1),
    ("三公经费表", "12", "财政拨款安排的行政经费及“三公”经费预算表", 7),
    ("政府采购表", "13", "政府采购预算表", 21),
    ("政府购买服务表", "14", "政府购买服务预算表", 6),
    ("部门整体绩效目标", "", "部门整体支出绩效目标", 7),   # prose-embedded, part 2
    ("重点项目绩效目标", "", "重点项目预算绩效目标情况", 1),  # prose-embedded, part 3 九、
]


@pytest.mark.parametrize(("kind", "number", "title", "rows"), ROW_COUNTS, ids=[r[0] for r in ROW_COUNTS])
def test_table_found_with_its_rows(seed: Dataset, kind: str, number: str, title: str, rows: int) -> None:
    table = seed.tables[kind]
    assert (table.number, table.title, len(table.frame)) == (number, title, rows)
    assert table.frame["_row"].tolist() == list(range(1, rows + 1))


def test_exactly_the_sixteen_tables_and_no_problems(seed: Dataset) -> None:
    assert sorted(seed.tables) == sorted(r[0] for r in ROW_COUNTS)
    assert [p.render() for p in seed.problems] == []


@pytest.mark.parametrize(("kind", "notes"), [
    ("收支总表", "无"), ("非税收入表", "本部门无非税收入"), ("政府性基金支出表", "本部门无政府性基金支出"),
    ("转移支付表", "本部门无转移项目预算"), ("政府购买服务表", "无"), ("部门整体绩效目标", ""),
], ids=lambda v: str(v))
def test_notes(seed: Dataset, kind: str, notes: str) -> None:
    assert seed.tables[kind].notes == notes


def test_units_places_and_source(seed: Dataset, seed_path: Path) -> None:
    for table in seed.tables.values():
        assert (table.unit, table.places, table.source) == ("万元", 2, str(seed_path))


def pick(seed: Dataset, kind: str, **where: Any) -> pd.Series:
    frame = seed.tables[kind].frame
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    assert mask.sum() == 1, f"{kind} {where} matches {int(mask.sum())} rows"
    return frame[mask].iloc[0]


SPOT_VALUES = [
    # kind, selector, column, value as printed, line printed on
    ("收支总表", {"收支": "收入", "项目": "收入总计"}, "预算数", "2762.35", 237),
    ("收支总表", {"收支": "支出", "项目": "支出总计"}, "预算数", "2762.35", 237),
    ("收支总表", {"收支": "支出", "项目": "住房保障支出"}, "预算数", "157.00", 212),
    ("收支总表", {"收支": "支出", "项目": "其他支出"}, "预算数", "0.00", 226),
    ("收入总表", {"科目编码": "2010399"}, "一般公共预算", "1925.14", 253),
    ("收入总表", {"科目编码": "2210203"}, "总计", "110.00", 257),
    ("支出总表", {"科目编码": "2080505"}, "合计", "27.60", 272),
    ("支出总表", {"科目名称": "合计"}, "项目支出", "1925.14", 269),
    ("支出总表", {"科目编码": "2010399"}, "项目支出", "1925.14", 288),
    ("财政拨款收支总表", {"收支": "支出", "项目": "住房保障支出"}, "预算数", "157.00", 331),
    ("财政拨款收支总表", {"收支": "收入", "项目": "收入总计"}, "预算数", "2762.35", 353),
    ("非税收入表", {"行类型": "合计"}, "合计", "0.00", 366),
    ("一般公共预算支出表", {"科目编码": "2080508"}, "基本支出", "8.12", 401),
    ("一般公共预算支出表", {"科目编码": "201"}, "部门项目支出", "1925.14", 381),
    ("政府性基金支出表", {"科目名称": "合计"}, "总计", "0.00", 418),
    ("基本支出表", {"项目": "日常公用支出"}, "一般公共预算", "95.47", 434),
    ("基本支出经济分类表", {"部门经济分类编码": "30227"}, "预算数", "15.00", 476),
    ("基本支出经济分类表", {"部门经济分类编码": "31304"}, "预算数", "8.12", 496),
    ("基本支出经济分类表", {"部门经济分类名称": "合计"}, "预算数", "837.21", 445),
    ("项目支出表", {"项目名称": "设备专项"}, "总计", "307.15", 513),
    ("项目支出表", {"项目名称": "凯通楼党建升级工程"}, "一般公共预算", "469.00", 585),
    ("项目支出表", {"行类型": "合计"}, "财政拨款合计", "1,925.14", 509),
    ("转移支付表", {"行类型": "合计"}, "待分配", "0.00", 609),
    ("三公经费表", {"项目": "公务接待费"}, "合计", "0.90", 627),
    ("三公经费表", {"项目": "行政经费"}, "一般公共预算", "88.97", 621),
    ("政府采购表", {"行类型": "合计"}, "总计", "2,254.74", 640),
    ("政府采购表", {"采购项目名称": "LED显示屏"}, "总计", "180.00", 663),
    ("政府采购表", {"项目名称": "服务类"}, "一般公共预算", "1439.14", 643),
    ("政府购买服务表", {"项目名称": "政务服务项目经费"}, "总计", "508.28", 687),
    ("重点项目绩效目标", {"项目名称": "广州开发区行政服务管理中心政务智能一体机租赁服务采购项目"}, "预算数", "72.83", 156),
]


@pytest.mark.parametrize(("kind", "where", "column", "printed", "line"), SPOT_VALUES,
                         ids=[f"{s[0]}-{'-'.join(s[1].values())}-{s[2]}" for s in SPOT_VALUES])
def test_spot_values(seed: Dataset, seed_lines: list[str], kind: str, where: dict[str, str], column: str,
                     printed: str, line: int) -> None:
    row = pick(seed, kind, **where)
    assert row[column] == wan(printed.replace(",", ""))
    assert row["_line"] == line
    assert printed in seed_lines[line - 1]


def test_money_columns_are_int64_micros_and_codes_strings(seed: Dataset) -> None:
    for table in seed.tables.values():
        for column in table.money_columns:
            assert table.frame[column].dtype == "int64", (table.kind, column)
    codes = seed.tables["支出总表"].frame["科目编码"].tolist()
    assert codes[:4] == ["", "208", "20805", "2080505"] and all(isinstance(c, str) for c in codes)


def test_two_sided_table_is_long(seed: Dataset) -> None:
    frame = seed.tables["收支总表"].frame
    assert frame["收支"].value_counts().to_dict() == {"收入": 15, "支出": 35}
    first = frame.iloc[1]
    assert (first["收支"], first["序号"], first["层级"], first["项目"]) == ("收入", "（一）", 2, "一般公共预算")
    spent = frame[frame["收支"] == "支出"]
    assert spent.iloc[0][["序号", "层级", "项目"]].tolist() == ["一", 1, "一般公共服务支出"]
    assert pick(seed, "收支总表", 收支="支出", 项目="本年支出合计")[["序号", "层级"]].tolist() == ["", 0]
    assert spent["预算数"].sum() == 3 * wan("2762.35")  # the items, 本年支出合计 and 支出总计


def test_items_numbering(seed: Dataset) -> None:
    frame = seed.tables["三公经费表"].frame
    assert frame[["序号", "层级", "项目"]].values.tolist() == [
        ["", 0, "行政经费"], ["", 0, "“三公”经费总额"], ["（一）", 2, "因公出国（境）费"],
        ["（二）", 2, "公务用车购置及运行维护费"], ["1", 3, "公务用车购置费"], ["2", 3, "公务用车运行维护费"],
        ["（三）", 2, "公务接待费"],
    ]


@pytest.mark.parametrize(("kind", "types"), [
    ("项目支出表", ["合计", "其中", "单位", "类别"] + ["明细"] * 7),
    ("政府采购表", ["合计", "其中", "其中", "其中", "单位", "类别", "明细", "类别"] + ["明细"] * 13),
    ("政府购买服务表", ["合计", "单位", "类别", "明细", "明细", "明细"]),
    ("基本支出表", ["合计", "单位", "类别", "类别"]),
    ("非税收入表", ["合计"]),
], ids=lambda v: v if isinstance(v, str) else "")
def test_listing_row_types(seed: Dataset, kind: str, types: list[str]) -> None:
    assert seed.tables[kind].frame["行类型"].tolist() == types


def test_listing_names_are_joined_and_prefix_stripped(seed: Dataset) -> None:
    projects = seed.tables["项目支出表"].frame["项目名称"].tolist()
    assert projects[:4] == ["合计", "运行保障类", "广州开发区行政服务管理中心", "运行保障类"]
    assert "政务服务事项及公文专递包邮经费" in projects
    assert seed.tables["政府采购表"].frame["项目名称"].tolist()[1:4] == ["货物类", "工程类", "服务类"]
    assert pick(seed, "政府采购表", 采购项目名称="多证联办（一窗综合受理）项目")["数量"] == 2_000_000
    assert pick(seed, "政府采购表", 采购项目名称="12345热线项目")["品目编号"] == "C99"


def test_economic_code_name_pairs(seed: Dataset) -> None:
    row = pick(seed, "基本支出经济分类表", 部门经济分类编码="30101")
    assert row[["政府经济分类编码", "政府经济分类名称", "部门经济分类名称"]].tolist() == ["50101", "工资奖金津补贴", "基本工资"]
    total = pick(seed, "基本支出经济分类表", 部门经济分类名称="合计")
    assert (total["政府经济分类编码"], total["部门经济分类编码"]) == ("", "")


def test_coded_names_keep_ordinals_and_lose_wraps(seed: Dataset) -> None:
    assert pick(seed, "一般公共预算支出表", 科目编码="208")["科目名称"] == "三、社会保障和就业支出"
    assert pick(seed, "收入总表", 科目编码="2010399")["科目名称"] == "其他政府办公厅(室)及相关机构事务支出"
    assert pick(seed, "一般公共预算支出表", 科目名称="合计")["科目编码"] == ""


def test_multiline_project_cells_joined_across_pages(seed: Dataset) -> None:
    row = pick(seed, "项目支出表", 项目名称="设备专项")
    assert row["项目内容"].endswith("10.取号机11台共33.11万元、11.碎纸机3台共0.6万元")  # from line 524
    assert "指标名称：设备维保期限" in row["项目主要绩效指标"]
    guide = pick(seed, "项目支出表", 项目名称="政务中心导办帮办项目经费")
    assert "VIP帮办服务。帮办导办“圈点式”精准辅导" in guide["项目内容"] and "<p>" not in guide["项目内容"]


COLUMN_HEADERS = [
    ("收入总表", "一般公共预算", "本年收入/财政拨款/一般公共预算"),
    ("一般公共预算支出表", "财政专项资金", "一般公共预算支出/项目支出/财政专项资金(本级支出)"),
    ("项目支出表", "财政拨款合计", "财政拨款/合计"),
    ("转移支付表", "越秀", "其中：/越秀"),
    ("基本支出经济分类表", "部门经济分类编码", "部门预算经济分类"),
    ("收支总表", "项目", "收入/收入项目 | 支出/支出项目"),
    ("部门整体绩效目标", "绩效目标", "部门整体支出绩效目标"),
]


@pytest.mark.parametrize(("kind", "name", "header"), COLUMN_HEADERS, ids=[f"{c[0]}-{c[1]}" for c in COLUMN_HEADERS])
def test_columns_keep_published_headers(seed: Dataset, kind: str, name: str, header: str) -> None:
    column = seed.tables[kind].column(name)
    assert column is not None and column.header == header


def test_extra_district_columns_are_money(seed: Dataset) -> None:
    table = seed.tables["转移支付表"]
    districts = ["越秀", "海珠", "荔湾", "天河", "白云", "黄埔", "南沙", "花都", "番禺", "从化", "增城", "待分配"]
    assert [c for c in table.money_columns if c in districts] == districts


def test_prose_tables(seed: Dataset) -> None:
    whole = seed.tables["部门整体绩效目标"].frame
    assert whole.loc[0, "项目"] == "年度绩效目标"
    assert whole["关键指标"].tolist() == whole["预期实现值"].tolist() == ["无", "无", "无", "", "无", "无", "无"]
    assert set(whole["绩效目标"]) == {"无", "", "其中：部门年度整体预算完成率：无"}
    key = seed.tables["重点项目绩效目标"].frame.iloc[0]
    assert key["绩效目标"].startswith("通过在社区、镇街、园区等地点布放政务智能一体机")


# --- provenance --------------------------------------------------------------------------------------


def test_every_row_points_at_the_line_that_prints_it(seed: Dataset, seed_lines: list[str], seed_path: Path) -> None:
    for table in seed.tables.values():
        frame = table.frame
        assert list(frame.columns[-5:]) == list(PROVENANCE)
        for _, row in frame.iterrows():
            printed = flat(seed_lines[row["_line"] - 1])
            either = (printed, printed.replace("总计", "合计"))  # total rows are named 合计
            texts = [flat(str(row[c.name])) for c in table.columns if c.role in ("code", "name", "text")]
            assert any(t and t in p for t in texts for p in either), (table.kind, row["_row"], printed[:40])
            amounts = [row[c] for c in table.money_columns if row[c]]
            if amounts:
                shown = f"{Decimal(int(amounts[0])) / 1_000_000:.2f}"
                assert shown in printed.replace(",", ""), (table.kind, row["_row"])
            assert (row["_ds"], row["_file"], row["_doc"]) == (
                "260002-2021", str(seed_path), f"{seed_path.name}:{row['_line']}")


# --- unit --------------------------------------------------------------------------------------------


def test_unit_meta(seed: Dataset, seed_path: Path) -> None:
    unit = seed.units[0]
    assert (unit.key, unit.department, unit.unit_code, unit.year, unit.document, unit.source) == (
        "260002-2021", "广州开发区行政服务管理中心", "260002", "2021", "预算", str(seed_path))
    assert unit.headings[:2] == ("2021 年", "广州开发区行政服务管理中心 部门预算")
    for heading in ("第三部分 部门预算安排情况说明", "五、“三公”经费预算情况", "收支总体情况表",
                    "部门名称： 广州开发区行政服务管理中心", "第四部分 2021 年部门预算报表"):
        assert heading in unit.headings
    assert len(unit.headings) == len({flat(h) for h in unit.headings})


# --- indicators --------------------------------------------------------------------------------------


def test_twenty_eight_indicators_of_seven_projects(seed: Dataset) -> None:
    frame = seed.indicators
    assert list(frame.columns) == list(INDICATOR_COLUMNS)
    assert len(frame) == 28
    assert frame.groupby("项目", sort=False).size().tolist() == [4] * 7
    assert frame["id"].is_unique and frame.loc[0, "id"] == "设备专项#1"
    assert set(frame["一级指标"]) == {""} and set(frame["二级指标"]) == {""}
    assert (frame["_ds"] == "260002-2021").all()


INDICATORS = [
    # id, 指标名称, 指标值, 运算符, 目标值 (micros), 单位, 单位来源, 等级, 类型, 方向, line of 指标名称
    ("政务服务事项及公文专递包邮经费#1", "邮件完成数", "≥100000", ">=", 100_000_000_000, "封", "指标内容", "", "数值", "正向", 561),
    ("政务服务事项及公文专递包邮经费#4", "减少企业和群众的跑腿次数", "≥100000", ">=", 100_000_000_000, "次", "指标内容", "", "数值", "正向", 561),
    ("政务服务项目经费#4", "被投诉次数", "≤10", "<=", 10_000_000, "次", "指标名称", "", "数值", "反向", 525),
    ("政务中心导办帮办项目经费#4", "被投诉次数", "≤10", "<=", 10_000_000, "次", "指标名称", "", "数值", "反向", 548),
    ("政务中心导办帮办项目经费#2", "塑造优质政务服务形象", "≥12", ">=", 12_000_000, "次", "指标内容", "", "数值", "正向", 537),
    ("政务中心导办帮办项目经费#1", "岗位数量", "10", "==", 10_000_000, "", "", "", "数值", "等于", 537),
    ("政务中心导办帮办项目经费#3", "当年按期服务月数", "12个月", "==", 12_000_000, "个月", "目标", "", "数值", "等于", 548),
    ("政务大厅综合费#1", "培训次数", "≥1次", ">=", 1_000_000, "次", "目标", "", "数值", "正向", 549),
    ("政务大厅综合费#3", "运维服务响应速度", "≤5 分钟", "<=", 5_000_000, "分钟", "目标", "", "数值", "反向", 549),
    ("政务大厅综合费#4", "当年运维服务月数", "12 个月", "==", 12_000_000, "个月", "目标", "", "数值", "等于", 560),
    ("设备专项#1", "固定资产入库率", "100%", "==", 100_000_000, "%", "目标", "", "数值", "等于", 513),
    ("设备专项#3", "设备按合同规定时间到货", "100%", "==", 100_000_000, "%", "目标", "", "数值", "等于", 513),
    ("设备专项#4", "设备维保期限", "≥1 年", ">=", 1_000_000, "年", "目标", "", "数值", "正向", 524),
    ("政务服务项目经费#3", "按时办结率", "96%", "==", 96_000_000, "%", "目标", "", "数值", "等于", 525),
    ("凯通楼党建升级工程#1", "工程成本节约率", "0.1%", "==", 100_000, "%", "目标", "", "数值", "等于", 585),
    ("凯通楼党建升级工程#3", "工程完工时间", "1 年内", "<=", 1_000_000, "年", "目标", "", "数值", "反向", 585),
    ("凯通楼党建升级工程#4", "工程竣工后业主满意度", "优", ">=", None, "", "", "优", "等级", "正向", 596),
    ("广州开发区行政服务管理中心政务智能一体机租赁服务采购项目#1", "服务评价满意度", "优", ">=", None, "", "", "优", "等级", "正向", 573),
    ("广州开发区行政服务管理中心政务智能一体机租赁服务采购项目#4", "月度设备巡检次数", "≥1 次", ">=", 1_000_000, "次", "目标", "", "数值", "正向", 584),
]
_TARGET_FIELDS = ("指标名称", "指标值", "目标运算符", "目标值", "目标单位", "单位来源", "目标等级", "目标类型", "方向", "_line")


@pytest.mark.parametrize("expected", INDICATORS, ids=[f"{i[0]}-{i[1]}" for i in INDICATORS])
def test_indicator_targets(seed: Dataset, seed_lines: list[str], expected: tuple[Any, ...]) -> None:
    row = seed.indicators.set_index("id").loc[expected[0]]
    got = tuple(None if pd.isna(row[f]) else row[f] for f in _TARGET_FIELDS)
    assert got == expected[1:]
    assert f"指标名称：{expected[1]}" in flat(seed_lines[expected[-1] - 1]).replace("<p>", "")


def test_indicator_fields_joined_across_wraps(seed: Dataset) -> None:
    row = seed.indicators.set_index("id").loc["政务服务事项及公文专递包邮经费#1"]
    assert (row["项目"], row["指标内容"]) == ("政务服务事项及公文专递包邮经费", "邮件完成数全年大于等于10万封")
    assert seed.indicators.set_index("id").loc["政务大厅综合费#3", "指标内容"] == "运维服务响应时间-政务大厅设备故障时间"
    assert seed.indicators["指标值"].str.contains(r"\d\s*\.$|指标").sum() == 0  # no numbering or label left over
    assert (seed.indicators["实际完成值"] == "").all() and seed.indicators["实际值"].isna().all()


# --- stated figures ----------------------------------------------------------------------------------

STATED = [
    # id, 金额, 增减额, 增减词, 增减率 (as printed), 位数, 原因, 章节, line
    ("收支总预算#1", "2762.35", "378.91", "增加", "15.9", 1, "新增凯通楼党建升级工程项目专项经费", "一、部门预算收支情况总体说明", 109),
    ("收入预算#1", "2762.35", "378.91", "增加", "15.9", 1, "新增凯通楼党建升级工程项目专项经费", "二、部门预算收入预算情况说明", 113),
    ("支出预算#1", "2762.35", "378.91", "增加", "15.9", 1, "新增凯通楼党建升级工程项目专项经费", "三、部门预算支出预算情况说明", 117),
    ("一般公共预算收入#1", "2762.35", None, "", None, None, "", "二、部门预算收入预算情况说明", 113),
    ("政府性基金收入#1", "0", None, "", None, None, "", "二、部门预算收入预算情况说明", 113),
    ("上年预结转#2", "0", None, "", None, None, "", "三、部门预算支出预算情况说明", 117),
    ("部门转移支付#1", "0", None, "", None, None, "", "四、部门转移支付预算情况", 121),
    ("“三公”经费#1", "0.9", "0", "增加", "0", 0, "较上年持平，无增减变化", "五、“三公”经费预算情况", 125),
    ("因公出国（境）经费#1", "0", "0", "增加", "0", 0, "较上年持平，无增减变化", "五、“三公”经费预算情况", 129),
    ("公务用车购置及运行费#1", "0", "0", "增加", "0", 0, "较上年持平，无增减变化", "五、“三公”经费预算情况", 131),
    ("公务用车购置费#1", "0", None, "", None, None, "", "五、“三公”经费预算情况", 131),
    ("公务用车运行维护费#1", "0", None, "", None, None, "", "五、“三公”经费预算情况", 131),
    ("公务接待费#1", "0.9", "0", "增加", "0", 0, "较上年持平，无增减变化", "五、“三公”经费预算情况", 133),
    ("机关运行经费（行政经费）#1", "88.97", "-19.43", "减少", "-18.0", 1, "人员减少", "六、机关运行经费（行政经费）安排情况", 139),
    ("政府采购#1", "2254.74", None, "", None, None, "", "七、政府采购情况", 143),
    ("货物类#1", "250.6", None, "", None, None, "", "七、政府采购情况", 143),
    ("工程类#1", "565", None, "", None, None, "", "七、政府采购情况", 143),
    ("服务类#1", "1439.14", None, "", None, None, "", "七、政府采购情况", 143),
    ("固定资产#1", "1585.92", None, "", None, None, "", "八、国有资产占有使用情况", 147),
    ("拟购置固定资产#1", "245.6", None, "", None, None, "", "八、国有资产占有使用情况", 149),
]


def test_stated_figures_complete(seed: Dataset) -> None:
    frame = seed.stated
    assert list(frame.columns) == list(STATED_COLUMNS)
    assert len(frame) == 29  # 3 totals with changes, 6 + 6 sources, 转移支付, 三公 and 5 parts, 机关运行, 4 采购, 2 资产
    assert (frame["单位"] == "万元").all() and frame["id"].is_unique
    assert frame.loc[frame["id"] == "国有资本经营预算#2", "章节"].item() == "三、部门预算支出预算情况说明"


@pytest.mark.parametrize("expected", STATED, ids=[s[0] for s in STATED])
def test_stated_figure(seed: Dataset, seed_lines: list[str], expected: tuple[Any, ...]) -> None:
    ident, amount, change, word, rate, places, reason, section, line = expected
    row = seed.stated.set_index("id").loc[ident]
    got = tuple(None if pd.isna(row[c]) else row[c] for c in ("金额", "增减额", "增减词", "增减率", "增减率位数", "原因", "章节", "_line"))
    assert got == (
        wan(amount), None if change is None else wan(change), word,
        None if rate is None else int(Decimal(rate) * 1_000_000), places, reason, section, line,
    )
    assert f"{amount}万" in flat(seed_lines[line - 1]) or amount == "0"
    assert row["_doc"].endswith(f":{line}")


def test_stated_sentence_joined_across_a_page_break(seed: Dataset) -> None:
    row = seed.stated.set_index("id").loc["“三公”经费#1"]
    assert row["句子"] == "2021年本部门财政拨款安排“三公”经费预算0.9万元，较上年增加0万元，增长0%，主要原因是较上年持平，无增减变化。"

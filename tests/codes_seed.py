"""Small Datasets for the code-graph tests: the seed's coded rows (tables 2, 3, 6 and 9) as published.

Rows are transcribed from ../shared/seeds/000_30b8c2d7fc78f862.txt with their line numbers, wrapped
names and brackets kept (table 2's "其他政府办公厅 (室)及相关机构 事务支出", table 6's "一、", table 9's
"[501]"), so the tests exercise what an importer hands over — without depending on the importer.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from checker.dataset.model import Column, Dataset, Table, UnitMeta, money_micros
from checker.dataset.templates import templates

SEED_FILE = "seed.txt"
UNIT = "260002"

# table kind → (number, published title, rows "line<TAB>code<TAB>name<TAB>amount")
FUNCTION_TABLES = {
    "收入总表": ("2", "收入总体情况表", """
251	2010301	行政运行	614.09
252	2010350	事业运行	16.00
253	2010399	其他政府办公厅 (室)及相关机构 事务支出	1925.14
254	221	住房保障支出	157.00
255	22102	住房改革支出	157.00
256	2210201	住房公积金	47.00
257	2210203	购房补贴	110.00
"""),
    "支出总表": ("3", "支出总体情况表", """
269		总计	2762.35
270	208	社会保障和就业支出	50.12
271	20805	行政事业单位养老支出	50.12
272	2080505	机关事业单位基本养老保险缴费支出	27.60
273	2080506	机关事业单位职业年金缴费支出	14.40
274	2080508	对机关事业单位职业年金的补助	8.12
275	201	一般公共服务支出	2555.23
276	20103	政府办公厅（室）及相关机构事务	2555.23
277	2010301	行政运行	614.09
278	2010350	事业运行	16.00
288	2010399	其他政府办公厅 (室)及相关机构 事务支出	1925.14
289	221	住房保障支出	157.00
290	22102	住房改革支出	157.00
291	2210201	住房公积金	47.00
292	2210203	购房补贴	110.00
"""),
    "一般公共预算支出表": ("6", "一般公共预算支出预算表（按功能分类科目）", """
380		合 计	2762.35
381	201	一、一般公共服务支出	2555.23
382	20103	政府办公厅（室）及相关机构事务	2555.23
383	2010301	行政运行	614.09
384	2010350	事业运行	16.00
385	2010399	其他政府办公厅（室）及相关机构事务支出	1925.14
386	208	三、社会保障和就业支出	50.12
387	20805	行政事业单位养老支出	50.12
388	2080505	机关事业单位基本养老保险缴费支出	27.60
389	2080506	机关事业单位职业年金缴费支出	14.40
401	2080508	对机关事业单位职业年金缴费的补助	8.12
402	221	四、住房保障支出	157.00
403	22102	住房改革支出	157.00
404	2210201	住房公积金	47.00
405	2210203	购房补贴	110.00
"""),
}

# table 9: line, 政府 code, 政府 name, 部门 code, 部门 name, amount
ECONOMIC_ROWS = """
445				合 计	837.21
446	[501]	机关工资福利支出	[301]	工资福利支出	558.60
447	[50101]	工资奖金津补贴	[30101]	基本工资	58.00
448	[50101]	工资奖金津补贴	[30102]	津贴补贴	218.30
449	[50102]	社会保障缴费	[30108]	机关事业单位基本养老保险缴费	27.60
450	[50102]	社会保障缴费	[30109]	职业年金缴费	14.40
451	[50102]	社会保障缴费	[30112]	其他社会保障缴费	0.90
452	[50103]	住房公积金	[30113]	住房公积金	47.00
453	[50199]	其他工资福利支出	[30114]	其他工资福利支出	192.40
454	[502]	机关商品和服务支出	[302]	商品和服务支出	88.97
455	[50201]	办公经费	[30201]	办公费	7.00
456	[50201]	办公经费	[30202]	印刷费	4.00
457	[50201]	办公经费	[30204]	手续费	0.10
458	[50201]	办公经费	[30205]	水费	1.00
459	[50201]	办公经费	[30207]	邮电费	3.00
460	[50201]	办公经费	[30209]	物业管理费	2.00
461	[50201]	办公经费	[30211]	差旅费	8.00
470	[50201]	办公经费	[30228]	工会经费	9.84
471	[50201]	办公经费	[30229]	福利费	19.68
472	[50201]	办公经费	[30239]	其他交通费用	6.35
473	[50202]	会议费	[30215]	会议费	1.00
474	[50203]	培训费	[30216]	培训费	2.50
475	[50204]	专用材料购置费	[30218]	专用材料费	5.00
476	[50205]	委托业务费	[30227]	委托业务费	15.00
477	[50206]	公务接待费	[30217]	公务接待费	0.90
478	[50209]	维修(护)费	[30213]	维修(护)费	2.00
479	[50299]	其他商品和服务支出	[30299]	其他商品和服务支出	1.60
480	[503]	机关资本性支出(一)	[310]	资本性支出	2.00
481	[50306]	设备购置	[31002]	办公设备购置	2.00
482	[505]	对事业单位经常性补助	[301]	工资福利支出	16.00
483	[50501]	工资福利支出	[30107]	绩效工资	16.00
484	[509]	对个人和家庭的补助	[303]	对个人和家庭的补助	163.52
485	[50901]	社会福利和救助	[30309]	奖励金	7.92
486	[50999]	其他对个人和家庭的补助	[30399]	其他对个人和家庭的补助	155.60
495	[510]	对社会保障基金补助	[313]	对社会保障基金补助	8.12
496	[51004]	对机关事业单位职业年金的补助	[31304]	对机关事业单位职业年金的补助	8.12
"""


def make_table(kind: str, number: str, title: str, records: list[dict[str, object]], unit: str = UNIT) -> Table:
    """A Table of a template kind from records holding some of its columns (money as text in 万元)."""
    spec = templates()[kind]
    columns = [Column(c.name, c.name, c.role, c.classification) for c in spec.columns]
    rows = []
    for i, rec in enumerate(records, start=1):
        row: dict[str, object] = {}
        for c in spec.columns:
            value = rec.get(c.name)
            row[c.name] = money_micros(Decimal(str(value or "0")), "万元") if c.role == "money" else (value or "")
        row.update(_ds=rec.get("_ds", unit), _row=i, _file=SEED_FILE, _line=rec["_line"], _doc=f"{SEED_FILE}:{rec['_line']}")
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[*spec.column_names, "_ds", "_row", "_file", "_line", "_doc"])
    return Table(kind, title, "万元", columns, frame, number=number, source=SEED_FILE)


def _cells(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.strip("\n").splitlines()]


def function_table(kind: str, unit: str = UNIT, text: str | None = None) -> Table:
    number, title, default = FUNCTION_TABLES[kind]
    money = next(c.name for c in templates()[kind].columns if c.role == "money")
    records = [{"_line": int(line), "科目编码": code, "科目名称": name, money: amount}
               for line, code, name, amount in _cells(text or default)]
    return make_table(kind, number, title, records, unit)


def economic_table(text: str = ECONOMIC_ROWS, unit: str = UNIT) -> Table:
    records = [{"_line": int(line), "政府经济分类编码": g, "政府经济分类名称": gn, "部门经济分类编码": d,
                "部门经济分类名称": dn, "预算数": amount}
               for line, g, gn, d, dn, amount in _cells(text)]
    return make_table("基本支出经济分类表", "9", "一般公共预算基本支出情况表（按支出经济分类科目）", records, unit)


def seed_dataset(kinds: tuple[str, ...] = ("收入总表", "支出总表", "一般公共预算支出表", "基本支出经济分类表")) -> Dataset:
    """The seed unit with the chosen coded tables."""
    tables = {k: economic_table() if k == "基本支出经济分类表" else function_table(k) for k in kinds}
    unit = UnitMeta(UNIT, department="广州开发区行政服务管理中心", unit_code=UNIT, year="2021")
    return Dataset(units=[unit], tables=tables)


def dataset_of(*tables: Table, year: str = "2021") -> Dataset:
    keys = dict.fromkeys(str(k) for t in tables for k in t.frame["_ds"])
    return Dataset(units=[UnitMeta(k, year=year) for k in keys], tables={t.kind: t for t in tables})

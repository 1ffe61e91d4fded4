"""Small PDF disclosures made for the PDF importer's tests (see pdf_maker.py): each exercises one layout."""

from __future__ import annotations

from pathlib import Path

from pdf_maker import PdfMaker

RUNNING = "某某区某某局 2025 年部门预算"  # a running header on every page


def budget_document(path: Path, slip: str = "1,000,000.00") -> Path:
    """A 部门预算 in 元: 表2 before 一、 (any order), a table continued on a shifted page with its headers
    repeated, merged and two-line headers, thousands separators, dashes, blanks, negatives, a stray
    placeholder, an untitled table with amounts, a list without amounts; most standard tables missing.
    ``slip`` is 20101's amount (its children make 1,000,000.00)."""
    m = PdfMaker()
    p = m.page()
    p.text(150, 200, "某某区某某局2025年部门预算", size=18)
    p = m.page(landscape=True)
    p.text(40, 20, RUNNING, size=8)
    p.text(300, 40, "表2 部门支出总表", size=14)
    p.text(700, 62, "单位：元", size=9)
    xs = [40, 110, 330, 450, 570, 690]
    header: list = [[("功能科目\n编码", 1, 2), ("功能科目名称", 1, 2), ("合计", 1, 2), ("支出", 2)],
                    ["基本支出", "项目支出"]]
    p.table(xs, 80, [*header,
                     [("合计", 2), "1,234,567.89", "1,000,000.00", "234,567.89"],
                     ["201", "一般公共服务支出", "1,234,567.89", "1,000,000.00", "234,567.89"],
                     ["20101", "人大事务", slip, slip, "-"],
                     ["2010101", "行政运行", "1,000,012.00", "1,000,012.00", "—"],
                     ["2010199", "其他人大事务支出\n（含补助）", "-12.00", "(12.00)", ""]])
    p = m.page(landscape=True)
    p.text(40, 20, RUNNING, size=8)
    p.table([x + 20 for x in xs], 60, [*header,
                                       ["20103", "政府办公厅（室）及相关机构事务", "234,567.89", "", "234,567.89"],
                                       ["2010350", "事业运行", "234,567.89", "", "234,567.89"]])
    p.text(60, 200, "注：本表反映部门支出预算情况。")
    p = m.page()
    p.text(40, 20, RUNNING, size=8)
    p.text(200, 40, "一、部门收支总表", size=14)
    p.text(480, 62, "单位：元", size=9)
    p.table([40, 190, 290, 440, 555], 80, [
        [("收入", 2), ("支出", 2)],
        ["项目", "预算数", "项目", "预算数"],
        ["一、一般公共预算", "1,234,567.89", "一、一般公共服务支出", "1,234,567.89"],
        ["二、政府性基金预算", "-", "二、外交支出", ""],
        ["", "", "三、国防支出", "0.00"],
        ["本年收入合计", "1,234,567.89", "本年支出合计", "1,234,567.89"],
    ])
    p.text(60, 300, "二、部门预算收入情况说明", size=12)
    p.text(60, 320, "2025年收入预算123.46万元，较上年增加XX万元，增长XX%。")
    p.text(60, 340, "本年度共有车辆 XX 辆。")
    p = m.page()
    p.text(40, 20, RUNNING, size=8)
    p.text(200, 60, "其他情况表", size=14)
    p.table([40, 200, 300], 90, [["项目", "金额"], ["甲", "12.00"]])
    p.text(60, 200, "三、其他说明", size=12)
    p.table([40, 200, 300], 230, [["序号", "单位名称"], ["1", "某某中心"]])
    return m.save(path)


def final_accounts_document(path: Path) -> Path:
    """A 部门决算 with a transposed "三公" table holding figures, an economic table printed in two column
    blocks that runs onto a second page, and a title with a note and no table."""
    m = PdfMaker()
    p = m.page()
    p.text(150, 200, "某某中心2024年度部门决算", size=18)
    p = m.page(landscape=True)
    p.text(300, 40, "七、财政拨款“三公”经费支出决算表", size=14)
    p.text(700, 62, "单位：万元", size=9)
    xs = [40 + 60 * k for k in range(13)]
    p.table(xs, 80, [
        [("财政拨款“三公”经费", 12)],
        [("合计", 2, 2), ("因公出国\n（境）费", 2, 2), ("公务用车购置及运行维护费", 6), ("公务接待费", 2, 2)],
        [("小计", 2), ("公务用车\n购置费", 2), ("公务用车\n运行维护费", 2)],
        ["预算数", "决算数"] * 6,
        ["12.50", "10.00", "2.00", "1.50", "8.00", "6.50", "5.00", "4.00", "3.00", "2.50", "2.50", "2.00"],
    ], height=24)
    p = m.page()
    p.text(150, 40, "六、一般公共预算财政拨款基本支出决算表", size=12)
    p.text(480, 62, "单位：万元", size=9)
    xs = [40, 100, 200, 280, 340, 440, 520]
    p.table(xs, 80, [
        ["经济分类\n科目编码", "科目名称", "决算数", "经济分类\n科目编码", "科目名称", "决算数"],
        ["301", "工资福利支出", "90.00", "302", "商品和服务支出", "10.00"],
        ["30101", "基本工资", "90.00", "30201", "办公费", "10.00"],
    ])
    p = m.page()
    p.table(xs, 60, [
        ["303", "对个人和家庭的\n补助", "0.00", "", "", ""],
        [("人员经费合计", 2), "90.00", ("公用经费合计", 2), "10.00"],
    ])
    p.text(60, 120, "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。")
    p.text(150, 160, "八、政府性基金预算财政拨款收入支出决算表", size=12)
    p.text(60, 190, "注：本单位无政府性基金预算财政拨款收入和支出，故本表无数据。")
    p.text(150, 230, "九、国有资本经营预算财政拨款收入支出决算表", size=12)
    p.text(60, 260, "注：本表反映国有资本经营预算财政拨款收入支出情况。")
    return m.save(path)


def unruled_rows_document(path: Path) -> Path:
    """A table whose header is ruled but whose body has column lines only: one box per column holds
    every row, a name wraps onto a line of its own, and 合计 is printed in the code column."""
    m = PdfMaker()
    p = m.page()
    p.text(150, 40, "某某局2025年部门预算")
    p.text(200, 70, "一般公共预算支出表", size=14)
    xs = [40, 110, 300, 380, 460, 540]
    p.table(xs, 100, [["科目编码", "科目名称", "总计", "基本支出", "项目支出"]])
    bottom = p.table(xs, 118, [
        ["201", "一般公共服务支出", "100.00", "60.00", "40.00"],
        ["20101", "人大事务", "100.00", "60.00", "40.00"],
        ["", "（含补助项目）", "", "", ""],
        ["2010101", "行政运行", "100.00", "60.00", "40.00"],
        [("合计", 2), "100.00", "60.00", "40.00"],
    ], rules=False)
    for x in xs:
        p.line(x, 118, x, bottom)
    p.line(xs[0], bottom, xs[-1], bottom)
    return m.save(path)


def captions_inside_document(path: Path) -> Path:
    """A 决算 table whose title and unit caption are printed in its own top rows, not above it."""
    m = PdfMaker()
    p = m.page()
    p.text(150, 40, "某某中心2024年度部门决算")
    xs = [40, 110, 250, 350, 450]
    p.table(xs, 80, [
        [("支出决算表", 4)],
        [("单位：元", 4)],
        [("项目", 2), "本年支出合计", "基本支出"],
        ["科目编码", "科目名称"],
        [("合计", 2), "12,345.00", "12,345.00"],
        ["201", "一般公共服务支出", "12,345.00", "12,345.00"],
    ])
    return m.save(path)


def scanned_document(path: Path, pages: int = 2, text_page: bool = False) -> Path:
    """Pages that are images only (a scan); with ``text_page`` a first page that has text."""
    m = PdfMaker()
    if text_page:
        m.page().text(100, 100, "某某局2024年度部门决算")
    for _ in range(pages):
        m.page().add_image()
    return m.save(path)

"""Convert the transcribed 2024 部门决算 of 中共上海市普陀区委社会工作部 into a canonical dataset folder.

    python examples/tools/convert_putuo.py [SOURCE_DIR] [OUTPUT_DIR]

SOURCE_DIR defaults to ../shared/examples/sh-putuo-shgzb-2024-final (tables/*.csv, stated_figures.csv,
document.pdf); OUTPUT_DIR to examples/sh-putuo-shgzb-2024-final.  The tables are rewritten under the
canonical column names of checker/data/tables.toml, each row carrying its page in the PDF (来源); the
stated figures are mapped onto the stated-figure columns as far as they map (those that are neither an
amount, a change nor a share are listed and left out).  The output is read back with the library and
written by it, so the committed files are exactly what ``write_canonical`` produces.
"""

from __future__ import annotations

import csv
import re
import shutil
import sys
import tempfile
from pathlib import Path

from checker.importers.canonical import read_canonical, write_canonical
from checker.importers.manifest import Manifest, TableEntry, render_manifest

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parents[1].parent / "shared" / "examples" / "sh-putuo-shgzb-2024-final"
OUTPUT = HERE.parent / "sh-putuo-shgzb-2024-final"
PDF = "document.pdf"
NUMBERED = re.compile(r"^([一二三四五六七八九十]+)、(.*)$")

# (source file, kind, published title, notes printed under the table)
TABLES = [
    ("01_income_expense_summary_wanyuan.csv", "决算收支总表", "收入支出决算总表",
     "本表反映部门本年度的总收支和年末结转结余情况。"),
    ("02_income_by_function_wanyuan.csv", "决算收入表", "收入决算表", "本表反映部门本年度取得的各项收入情况。"),
    ("03_expense_by_function_wanyuan.csv", "决算支出表", "支出决算表", "本表反映部门本年度各项支出情况。"),
    ("04_fiscal_appropriation_summary_wanyuan.csv", "决算财政拨款收支总表", "财政拨款收入支出决算总表",
     "本表反映部门本年度财政拨款总收支和结转结余情况。"),
    ("05_gpb_expense_by_function_wanyuan.csv", "决算一般公共预算支出表", "一般公共预算财政拨款支出决算表",
     "本表反映部门本年度一般公共预算财政拨款支出情况。"),
    ("06_gpb_basic_expense_by_econ_wanyuan.csv", "决算基本支出经济分类表", "一般公共预算财政拨款基本支出决算表",
     "本表反映部门本年度一般公共预算财政拨款基本支出明细情况。"),
    ("07_sangong_wanyuan.csv", "决算三公经费表", "财政拨款“三公”经费支出决算表",
     "本表反映部门本年度“三公”经费支出预决算情况。本年度没有财政拨款“三公”经费支出，故本表无数据。"),
]
# transcribed column → canonical column, per kind (columns not named here keep their name)
RENAME = {
    "决算收支总表": {"side": "收支", "amount_wanyuan": "决算数"},
    "决算财政拨款收支总表": {"side": "收支", "amount_or_total_wanyuan": "决算数",
                      "general_public_budget": "一般公共预算财政拨款",
                      "gov_fund_budget": "政府性基金预算财政拨款", "soe_capital_budget": "国有资本经营预算财政拨款"},
    "决算收入表": {"code": "科目编码", "name": "科目名称"},
    "决算支出表": {"code": "科目编码", "name": "科目名称"},
    "决算一般公共预算支出表": {"code": "科目编码", "name": "科目名称"},
    "决算基本支出经济分类表": {"econ_code": "部门经济分类编码", "name": "部门经济分类名称", "amount_wanyuan": "决算数"},
    "决算三公经费表": {"item": "项目", "budget_wanyuan": "预算数", "actual_wanyuan": "决算数"},
}
HEADERS = {  # canonical column → header as printed in the PDF, where they differ
    "决算收入表": {"科目编码": "功能分类科目编码"},
    "决算支出表": {"科目编码": "功能分类科目编码"},
    "决算一般公共预算支出表": {"科目编码": "功能分类科目编码"},
    "决算基本支出经济分类表": {"部门经济分类编码": "经济分类科目编码", "部门经济分类名称": "科目名称"},
}
# the page of each table, and where a table runs onto the next page: (first item on the next page, page)
PAGES = {"决算收支总表": 5, "决算收入表": 6, "决算支出表": 8, "决算财政拨款收支总表": 10,
         "决算一般公共预算支出表": 12, "决算基本支出经济分类表": 13, "决算三公经费表": 14}
PAGE_BREAKS = {"决算收入表": ("2101101", 7), "决算支出表": ("2101101", 9), "决算财政拨款收支总表": ("十六、金融支出", 11)}
# the page of each section of the prose, and of figures printed on a later page than their section starts
SECTION_PAGES = {"一": 17, "二": 17, "三": 17, "四": 17, "五(一)": 17, "五(二)": 18, "五(三)": 18, "六": 20,
                 "十": 21, "十一(一)": 21, "十一(二)": 22, "十一(三)": 22}
LATER_PAGES = {"2013999": 19, "2080505": 19, "2080506": 19, "2101101": 19, "2101102": 19, "2210201": 20,
               "2210203": 20}
REASONS = {"一": "单位于2024年成立", "四": "单位于2024年成立", "十一(一)": "单位于2024年成立"}  # from the PDF


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def table_rows(kind: str, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Transcribed rows → canonical rows (numbering split off, totals rows without a code, page as 来源)."""
    rename = RENAME[kind]
    page = PAGES[kind]
    out = []
    for row in rows:
        new = {rename.get(k, k): (v or "").strip() for k, v in row.items()}
        page_break = PAGE_BREAKS.get(kind)
        if page_break and (row.get("code") or row.get("item")) == page_break[0]:
            page = page_break[1]
        if "item" in new:
            numbered = NUMBERED.match(new.pop("item"))
            seq, name = (numbered[1], numbered[2]) if numbered else ("", row["item"].strip())
            new = {"收支": new.pop("收支"), "序号": seq, "项目": name, **new}
        for code, name in (("科目编码", "科目名称"), ("部门经济分类编码", "部门经济分类名称")):
            if code in new and new[code] and not new[code].isdigit():  # a totals row: 合计, 人员经费合计
                new[code], new[name] = "", new[code]
        new["来源"] = f"{PDF} p.{page}"
        out.append(new)
    return out


def stated_rows(rows: list[dict[str, str]]) -> tuple[list[dict[str, str]], list[str]]:
    """Transcribed figures → stated-figure rows; a change or a share joins the amount stated before it."""
    out: list[dict[str, str]] = []
    skipped = []
    for row in rows:
        what, value, unit, section = row["what"], row["value"], row["unit"], row["section"]
        last = out[-1] if out and out[-1]["章节"] == section else None
        if unit == "万元" and re.search("增加|减少", what) and last is not None:
            last["增减额"], last["增减词"] = value, "增加" if "增加" in what else "减少"
        elif unit == "%" and "增长" in what and last is not None:
            last["增减率"], last["增减率位数"] = value, str(len(value.partition(".")[2]))
        elif unit == "%" and "占" in what and "完成" not in what and last is not None:
            last["占比"], last["占比位数"] = value, str(len(value.partition(".")[2]))
        elif unit == "万元":
            code = what.split(" ", 1)[0]
            page = LATER_PAGES.get(code, SECTION_PAGES[section])
            out.append({"id": f"S{len(out) + 1:02d}", "主题": what, "金额": value, "单位": unit, "章节": section,
                        "原因": REASONS.get(section, "") if not out or out[-1]["章节"] != section else "",
                        "来源": f"{PDF} p.{page}"})
        else:
            skipped.append(f"{section} {what} = {value}{unit}")
    return out, skipped


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def convert(source: Path, output: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        entries = []
        for number, (file, kind, title, notes) in enumerate(TABLES, 1):
            write_csv(folder / file, table_rows(kind, read_rows(source / "tables" / file)))
            entries.append(TableEntry(kind=kind, file=file, title=title, number=str(number), unit="万元",
                                      notes=notes, source=f"{PDF} p.{PAGES[kind]}", headers=HEADERS.get(kind, {})))
        stated, skipped = stated_rows(read_rows(source / "stated_figures.csv"))
        write_csv(folder / "stated_figures.csv", stated)
        manifest = Manifest(key="sh-putuo-shgzb-2024", department="中共上海市普陀区委社会工作部", year="2024",
                            document="决算", source=PDF, headings=("中共上海市普陀区委社会工作部 2024 年度部门决算",),
                            stated="stated_figures.csv", tables=tuple(entries))
        (folder / "manifest.toml").write_text(render_manifest(manifest), encoding="utf-8")
        dataset = read_canonical(folder)
    for problem in dataset.problems:
        print(problem.render(), file=sys.stderr)
    if dataset.problems:
        return 1
    if output.exists():
        shutil.rmtree(output)
    write_canonical(dataset, output)
    shutil.copyfile(source / PDF, output / PDF)
    for table in dataset.tables.values():
        print(f"{table.kind}: {len(table.frame)} rows")
    print(f"stated figures: {len(dataset.stated)}; left out (neither amount, change nor share):")
    print("\n".join(f"  {s}" for s in skipped))
    return 0


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    sys.exit(convert(args[0] if args else SOURCE, args[1] if len(args) > 1 else OUTPUT))

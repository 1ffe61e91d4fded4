"""The PDF importer: the real 2024 部门决算 of 中共上海市普陀区委社会工作部 against its hand-checked CSV
transcription and the canonical copy, the blank Shanghai template, scans, and small made-up PDFs for the
layouts the real document does not have (元, a budget, continued pages, transposed and blocked tables).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from pdf_cases import (
    budget_document,
    captions_inside_document,
    final_accounts_document,
    scanned_document,
    unruled_rows_document,
)

from checker.cli import main
from checker.dataset.model import Dataset, Table, from_micros, money_micros
from checker.diagnostics import DiagnosticError
from checker.importers import load_dataset
from checker.importers.pdf import import_pdf
from checker.importers.pdf_tables import published_number

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# ../shared when present; otherwise the copies kept beside the tests (the PDF itself ships in examples/)
_SHARED = ROOT.parent / "shared" / "examples"
SHARED_PUTUO = (_SHARED if _SHARED.is_dir() else FIXTURES) / "sh-putuo-shgzb-2024-final"
TEMPLATE = (_SHARED if _SHARED.is_dir() else FIXTURES) / "templates" / "shanghai-final-accounts-template-2024.pdf"
PUTUO = ROOT / "examples" / "sh-putuo-shgzb-2024-final"

# transcription file → (kind, layout, {transcribed column: canonical column})
TRANSCRIBED = {
    "01_income_expense_summary_wanyuan.csv": ("决算收支总表", "two_sided", {"amount_wanyuan": "决算数"}),
    "02_income_by_function_wanyuan.csv": ("决算收入表", "coded", {}),
    "03_expense_by_function_wanyuan.csv": ("决算支出表", "coded", {}),
    "04_fiscal_appropriation_summary_wanyuan.csv": ("决算财政拨款收支总表", "two_sided", {
        "amount_or_total_wanyuan": "决算数", "general_public_budget": "一般公共预算财政拨款",
        "gov_fund_budget": "政府性基金预算财政拨款", "soe_capital_budget": "国有资本经营预算财政拨款"}),
    "05_gpb_expense_by_function_wanyuan.csv": ("决算一般公共预算支出表", "coded", {}),
    "06_gpb_basic_expense_by_econ_wanyuan.csv": ("决算基本支出经济分类表", "coded", {"amount_wanyuan": "决算数"}),
    "07_sangong_wanyuan.csv": ("决算三公经费表", "items", {"budget_wanyuan": "预算数", "actual_wanyuan": "决算数"}),
}
# The transcription shortened two "三公" item names; the PDF prints them in full.
TRANSCRIBED_NAMES = {"公务用车购置及运行费小计": "公务用车购置及运行维护费小计", "公务用车运行费": "公务用车运行维护费"}


@pytest.fixture(scope="module")
def shared_pdf() -> Path:
    shared = SHARED_PUTUO / "document.pdf"
    return shared if shared.exists() else PUTUO / "document.pdf"  # the shipped copy is byte-identical


@pytest.fixture(scope="module")
def putuo(shared_pdf: Path) -> Dataset:
    return import_pdf(shared_pdf)


@pytest.fixture(scope="module")
def shipped() -> Dataset:
    """The PDF shipped with the canonical example, imported."""
    return import_pdf(PUTUO / "document.pdf")


def wan(micros: object) -> Decimal:
    return from_micros(int(micros), "万元")  # type: ignore[call-overload]


def label(row: pd.Series) -> str:
    """A two-sided table's item as printed: its numbering and name ("一、一般公共服务支出")."""
    return f"{row['序号']}、{row['项目']}" if row["序号"] else str(row["项目"])


def keyed(table: Table, layout: str) -> dict[tuple[str, ...], pd.Series]:
    """Rows by key: code (or name of a total row); side and position on that side; item name."""
    out: dict[tuple[str, ...], pd.Series] = {}
    seen: dict[str, int] = {}
    for _, row in table.frame.iterrows():
        if layout == "two_sided":
            seen[row["收支"]] = seen.get(row["收支"], 0) + 1
            out[(row["收支"], str(seen[row["收支"]]))] = row
        elif layout == "coded":
            code = next(c.name for c in table.columns if c.role == "code")
            name = next(c.name for c in table.columns if c.role == "name")
            out[(row[code] or row[name],)] = row
        else:
            out[(TRANSCRIBED_NAMES.get(row["项目"], row["项目"]),)] = row
    return out


def transcribed(path: Path, layout: str) -> Iterator[tuple[tuple[str, ...], dict[str, str]]]:
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if layout == "two_sided":
                seen[row["side"]] = seen.get(row["side"], 0) + 1
                yield (row["side"], str(seen[row["side"]])), row
            elif layout == "coded":
                yield (next(iter(row.values())),), row
            else:
                yield (TRANSCRIBED_NAMES.get(row["item"], row["item"]),), row


# --- the real document: every transcribed value ----------------------------------------------------------


@pytest.mark.parametrize("file", list(TRANSCRIBED), ids=[v[0] for v in TRANSCRIBED.values()])
def test_every_transcribed_value_is_reproduced(putuo: Dataset, file: str) -> None:
    """Each cell of the transcription, amounts compared exactly as Decimal (a blank cell is 0)."""
    kind, layout, rename = TRANSCRIBED[file]
    table = putuo.tables[kind]
    rows = keyed(table, layout)
    expected = list(transcribed(SHARED_PUTUO / "tables" / file, layout))
    assert len(rows) == len(expected), "every printed row once, no row more"
    name = "项目" if layout != "coded" else next(c.name for c in table.columns if c.role == "name")
    amounts = 0
    for key, want in expected:
        got = rows[key]
        for column, text in want.items():
            if column in ("side", "code", "econ_code"):
                continue
            if column in ("item", "name"):  # a total row is transcribed in the code column: "合计,,307.82"
                printed = label(got) if layout == "two_sided" else got[name]
                assert printed == TRANSCRIBED_NAMES.get(text, text or key[0]), (key, column)
                continue
            assert wan(got[rename.get(column, column)]) == Decimal(text or "0"), (key, column)
            amounts += 1
    assert amounts == sum(1 for _, w in expected for c in w if c not in ("side", "code", "econ_code", "item", "name"))
    assert amounts >= len(expected)


def test_the_nine_tables_in_order_with_no_problem(putuo: Dataset) -> None:
    assert [(t.number, t.kind, t.unit, t.places) for t in putuo.tables.values()] == [
        (str(n), k, "万元", 2) for n, k in enumerate([
            "决算收支总表", "决算收入表", "决算支出表", "决算财政拨款收支总表", "决算一般公共预算支出表",
            "决算基本支出经济分类表", "决算三公经费表", "决算政府性基金表", "决算国有资本经营表"], 1)]
    assert [p.render() for p in putuo.problems] == []
    unit = putuo.units[0]
    assert (unit.department, unit.year, unit.document) == ("中共上海市普陀区委社会工作部", "2024", "决算")
    assert unit.headings[0] == "中共上海市普陀区委社会工作部2024年度部门决算"


def test_empty_published_tables_keep_their_total_row_and_note(putuo: Dataset) -> None:
    fund = putuo.tables["决算政府性基金表"]
    assert fund.frame[["科目编码", "科目名称", "本年支出合计"]].values.tolist() == [["", "合计", 0]]
    assert fund.notes.endswith("故本表无数据。")
    assert [c.header for c in fund.columns][2:5] == ["年初结转和结余", "本年收入", "本年支出/合计"]
    assert putuo.tables["决算三公经费表"].notes.endswith("没有财政拨款“三公”经费支出，故本表无数据。")


def test_same_as_the_canonical_copy(shipped: Dataset) -> None:
    canonical = load_dataset(PUTUO)
    for kind, copy in canonical.tables.items():
        layout = copy.spec.layout if copy.spec else "coded"
        ours, theirs = keyed(shipped.tables[kind], layout), keyed(copy, layout)
        assert ours.keys() == theirs.keys(), kind
        for key, row in theirs.items():
            for column in copy.columns:  # the "三公" item names differ as in the transcription (keyed maps them)
                if column.role != "name" or layout != "items":
                    assert ours[key][column.name] == row[column.name], (kind, key, column.name)


@pytest.mark.parametrize(("kind", "where", "value", "page"), [
    ("决算收支总表", ("支出", "19"), ("决算数", "29.42"), 5),
    ("决算收入表", ("科目编码", "2013901"), ("本年收入合计", "51.32"), 6),
    ("决算收入表", ("科目编码", "2101101"), ("财政拨款收入", "2.22"), 7),
    ("决算支出表", ("科目编码", "2210203"), ("基本支出", "11.72"), 9),
    ("决算财政拨款收支总表", ("支出", "19"), ("一般公共预算财政拨款", "29.42"), 11),
    ("决算一般公共预算支出表", ("科目名称", "合计"), ("项目支出", "202.24"), 12),
    ("决算基本支出经济分类表", ("部门经济分类编码", "30229"), ("决算数", "1.48"), 13),
], ids=lambda v: str(v))
def test_each_value_knows_its_page(putuo: Dataset, shared_pdf: Path, kind: str, where: tuple[str, str],
                                   value: tuple[str, str], page: int) -> None:
    frame = putuo.tables[kind].frame
    if where[0] in ("收入", "支出"):
        row = frame[frame["收支"] == where[0]].iloc[int(where[1]) - 1]
    else:
        row = frame[frame[where[0]] == where[1]].iloc[0]
    assert row[value[0]] == money_micros(Decimal(value[1]), "万元")
    assert (row["_file"], row["_line"], row["_doc"]) == (str(shared_pdf), page, f"document.pdf p.{page}")


# --- the real document: prose ------------------------------------------------------------------------------


def test_stated_figures_with_changes_shares_and_reasons(putuo: Dataset) -> None:
    stated = putuo.stated.set_index("id")
    total = stated.loc["收入支出总计#1"]
    assert (wan(total["金额"]), wan(total["增减额"]), total["增减率"], total["原因"], total["_doc"]) == (
        Decimal("307.82"), Decimal("307.82"), 100_000_000, "单位于2024年成立", "document.pdf p.17")
    assert stated.loc["基本支出#1", "占比"] == 34_300_000
    assert stated.loc["住房保障支出（类）#1", ["占比", "_line"]].tolist() == [9_550_000, 18]
    assert wan(stated.loc["本年收入合计#1", "金额"]) == Decimal("307.82")
    assert stated.loc["机关运行经费支出#1", "增减词"] == "增加"


def test_every_transcribed_amount_is_stated(putuo: Dataset) -> None:
    """Each 万元 figure of the transcription is among the figures read from the prose."""
    read = {wan(v) for c in ("金额", "增减额") for v in putuo.stated[c].dropna()}
    with (SHARED_PUTUO / "stated_figures.csv").open(encoding="utf-8", newline="") as fh:
        amounts = {Decimal(r["value"]) for r in csv.DictReader(fh) if r["unit"] == "万元"}
    assert amounts <= read


# --- what is not a document full of numbers -----------------------------------------------------------------


def test_the_blank_template_is_reported_as_a_template() -> None:
    if not TEMPLATE.exists():
        pytest.skip("../shared/examples is not present")
    with pytest.raises(DiagnosticError) as caught:
        load_dataset(TEMPLATE)
    (problem,) = caught.value.diagnostics
    assert problem.code == "E317" and "blank template" in problem.message
    assert "p.1 '上海市 XX 局'" in problem.message and "pages 1–2, 4–5, 15–22" in problem.message
    assert "its tables hold no figures" in problem.message


def test_a_scan_without_text_is_e316(tmp_path: Path) -> None:
    with pytest.raises(DiagnosticError) as caught:
        import_pdf(scanned_document(tmp_path / "scan.pdf"))
    (problem,) = caught.value.diagnostics
    assert problem.code == "E316" and "no text layer" in problem.message and "scan" in problem.message


def test_scanned_pages_in_a_text_pdf_are_reported(tmp_path: Path) -> None:
    ds = import_pdf(scanned_document(tmp_path / "mixed.pdf", pages=2, text_page=True))
    assert [p.code for p in ds.problems] == ["E316", "W304"]
    assert "page(s) 2–3" in ds.problems[0].message
    assert "决算收支总表" in ds.problems[1].message  # and every other 决算 table: none was found


def test_not_a_pdf_is_e301(tmp_path: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes((PUTUO / "document.pdf").read_bytes()[:3000])
    with pytest.raises(DiagnosticError) as caught:
        load_dataset(path)
    assert caught.value.diagnostics[0].code == "E301"


# --- made-up layouts -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def budget(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return import_pdf(budget_document(tmp_path_factory.mktemp("pdf") / "budget.pdf"))


def yuan(text: str) -> int:
    return money_micros(Decimal(text), "元")


def test_budget_tables_in_yuan_by_position(budget: Dataset) -> None:
    spend = budget.tables["支出总表"]
    assert (spend.number, spend.unit, spend.notes) == ("2", "元", "本表反映部门支出预算情况。")
    assert [c.header for c in spend.columns] == ["功能科目编码", "功能科目名称", "合计", "支出/基本支出", "支出/项目支出"]
    frame = spend.frame.set_index("科目名称")
    assert frame.loc["合计", ["科目编码", "合计"]].tolist() == ["", yuan("1234567.89")]
    assert frame.loc["人大事务", "项目支出"] == 0  # "-"
    assert frame.loc["行政运行", "项目支出"] == 0  # "—"
    assert frame.loc["其他人大事务支出（含补助）", ["合计", "基本支出", "项目支出"]].tolist() == [
        yuan("-12"), yuan("-12"), 0]  # "-12.00", "(12.00)" and a blank
    continued = frame.loc["事业运行"]  # on a page whose table is drawn 20 pt to the right
    assert (continued["科目编码"], continued["基本支出"], continued["项目支出"], continued["_line"]) == (
        "2010350", 0, yuan("234567.89"), 3)
    assert len(frame) == 7  # the repeated headers of page 3 are not rows


def test_budget_two_sided_summary_stored_long(budget: Dataset) -> None:
    summary = budget.tables["收支总表"]
    assert summary.number == "1"
    rows = summary.frame[["收支", "序号", "项目", "预算数"]].values.tolist()
    assert rows == [
        ["收入", "一", "一般公共预算", yuan("1234567.89")], ["收入", "二", "政府性基金预算", 0],
        ["收入", "", "本年收入合计", yuan("1234567.89")], ["支出", "一", "一般公共服务支出", yuan("1234567.89")],
        ["支出", "二", "外交支出", 0], ["支出", "三", "国防支出", 0], ["支出", "", "本年支出合计", yuan("1234567.89")]]


def test_budget_meta_placeholders_unknown_tables_and_missing_kinds(budget: Dataset) -> None:
    unit = budget.units[0]
    assert (unit.key, unit.department, unit.year, unit.document) == ("某某区某某局-2025", "某某区某某局", "2025", "预算")
    problems = [(p.code, p.location.split("budget.pdf")[-1]) for p in budget.problems]
    assert problems == [("E304", " p.5, line 3"), ("E317", " p.4, line 11"), ("E317", " p.4, line 12"), ("W304", "")]
    missing = budget.problems[-1].message
    assert re.findall(r"[^：、 ]+表", missing.split(": ")[1]) == [
        "收入总表", "财政拨款收支总表", "一般公共预算支出表", "政府性基金支出表", "基本支出经济分类表", "三公经费表"]
    assert budget.stated["主题"].tolist() == ["收入预算"]  # the sentence with XX keeps its real figure only


@pytest.fixture(scope="module")
def final(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return import_pdf(final_accounts_document(tmp_path_factory.mktemp("pdf") / "final.pdf"))


def test_transposed_sangong_becomes_one_row_per_item(final: Dataset) -> None:
    rows = final.tables["决算三公经费表"].frame[["项目", "预算数", "决算数"]].values.tolist()
    assert rows == [[name, money_micros(Decimal(b), "万元"), money_micros(Decimal(a), "万元")] for name, b, a in [
        ("合计", "12.50", "10.00"), ("因公出国（境）费", "2.00", "1.50"), ("公务用车购置及运行维护费小计", "8.00", "6.50"),
        ("公务用车购置费", "5.00", "4.00"), ("公务用车运行维护费", "3.00", "2.50"), ("公务接待费", "2.50", "2.00")]]


def test_column_blocks_unfold_block_after_block_across_pages(final: Dataset) -> None:
    frame = final.tables["决算基本支出经济分类表"].frame
    assert frame[["部门经济分类编码", "部门经济分类名称", "_line"]].values.tolist() == [
        ["301", "工资福利支出", 3], ["30101", "基本工资", 3], ["303", "对个人和家庭的补助", 4], ["", "人员经费合计", 4],
        ["302", "商品和服务支出", 3], ["30201", "办公费", 3], ["", "公用经费合计", 4]]


def test_titles_with_a_note_and_no_table(final: Dataset) -> None:
    assert final.tables["决算政府性基金表"].frame.empty
    assert [(p.code, p.location.split("final.pdf")[-1]) for p in final.problems][:1] == [("E315", " p.4, line 8")]
    assert "国有资本经营预算财政拨款收入支出决算表" in final.problems[0].message  # the one whose note does not say so


def test_rows_without_rules_are_split_by_line(tmp_path: Path) -> None:
    ds = import_pdf(unruled_rows_document(tmp_path / "unruled.pdf"))
    frame = ds.tables["一般公共预算支出表"].frame
    assert frame[["科目编码", "科目名称", "总计", "项目支出小计"]].values.tolist() == [
        ["201", "一般公共服务支出", 100_000_000, 40_000_000], ["20101", "人大事务（含补助项目）", 100_000_000, 40_000_000],
        ["2010101", "行政运行", 100_000_000, 40_000_000], ["", "合计", 100_000_000, 40_000_000]]
    assert [p.code for p in ds.problems] == ["W304"]


def test_title_and_unit_caption_inside_the_table(tmp_path: Path) -> None:
    ds = import_pdf(captions_inside_document(tmp_path / "captions.pdf"))
    table = ds.tables["决算支出表"]
    assert (table.title, table.unit) == ("支出决算表", "元")
    assert [c.header for c in table.columns] == ["项目/科目编码", "项目/科目名称", "本年支出合计", "基本支出"]
    assert table.frame["本年支出合计"].tolist() == [money_micros(Decimal("12345"), "元")] * 2


@pytest.mark.parametrize(("printed", "plain"), [
    ("1,234.56", "1,234.56"), ("－12.50", "-12.50"), ("−12.50", "-12.50"), ("(3.00)", "-3.00"),
    ("（3.00）", "-3.00"), ("１２３.４５", "123.45"), ("¥ 8.00", "8.00"), (" 1 234.00 ", "1234.00"),
])
def test_published_number_forms(printed: str, plain: str) -> None:
    assert published_number(printed) == plain


# --- the command line ---------------------------------------------------------------------------------------


def test_import_command_writes_the_canonical_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["import", str(PUTUO / "document.pdf"), "-o", str(tmp_path / "ds")])
    assert result.exit_code == 0, result.stderr
    assert "9 tables (209 rows), 0 indicators, 50 stated figures, 0 problems" in result.stdout
    again = load_dataset(tmp_path / "ds")
    assert again.tables["决算收入表"].frame["_doc"].tolist()[-1] == "document.pdf p.7"
    assert again.tables["决算收入表"].source == "document.pdf p.6"


def test_check_points_at_pdf_pages() -> None:
    result = CliRunner().invoke(main, ["check", str(PUTUO / "document.pdf"), "--format", "json"])
    assert result.exit_code == 1  # the document's own inconsistencies
    assert '"document_location": "文字说明 (document.pdf p.18)"' in result.stdout


def test_a_table_finding_names_table_row_and_page(tmp_path: Path) -> None:
    pdf = budget_document(tmp_path / "budget.pdf", slip="1,000,900.00")
    result = CliRunner().invoke(main, ["check", str(pdf), "--format", "json"])
    places = {(f["rule"], f["document_location"]) for f in json.loads(result.stdout)["findings"]}
    assert ("BD-ROLLUP-FUNC", "表2 部门支出总表 · 20101 (budget.pdf p.2)") in places


def test_only_the_pdf_modules_import_pdfplumber() -> None:
    users = [p.name for p in (ROOT / "checker").rglob("*.py") if re.search(r"^\s*(import|from) pdf(plumber|miner)",
                                                                          p.read_text(encoding="utf-8"), re.M)]
    assert users == ["pdf_layout.py"]

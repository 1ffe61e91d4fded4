"""Renderers: golden files for what people read (text, JSON, Markdown), and each format's own contract."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_cases import BALANCE, FINDINGS, GROWTH, ROLLUP, sample_report

from checker.findings import Finding, Outcome, Severity
from checker.report import FORMATS, Report, render, render_json, render_junit, render_markdown, render_text
from checker.report.html import render_html
from checker.report.text import wrap
from checker.report.xlsx import render_xlsx
from checker.source import display_width


@pytest.mark.parametrize(("fmt", "name"), [("text", "report/sample.txt"), ("json", "report/sample.json"),
                                           ("markdown", "report/sample.md")], ids=["text", "json", "markdown"])
def test_golden(fmt: str, name: str, golden) -> None:
    golden(name, render(sample_report(), fmt))


def test_every_format_renders() -> None:
    report = sample_report()
    for fmt in FORMATS:
        out = render(report, fmt)
        assert isinstance(out, bytes if fmt == "xlsx" else str) and len(out) > 100, fmt
    with pytest.raises(ValueError, match="unknown report format 'pdf'"):
        render(report, "pdf")


# --------------------------------------------------------------------------------------------- text
def test_text_fits_80_columns_with_chinese_counted_double() -> None:
    lines = render_text(sample_report()).splitlines()
    assert max(display_width(line) for line in lines) <= 80
    assert any("功能科目逐级汇总" in line for line in lines)


def test_text_labels_and_wrapped_values_stay_aligned() -> None:
    lines = render_text(sample_report()).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("FC-ROLLUP  error  failed"))
    block = lines[start + 1: lines.index("", start)]
    label = re.compile(r"  (?:[a-z]+(?: [a-z]+)?)?\s+")  # a label, or none on a wrapped line
    assert {display_width(label.match(line).group(0)) for line in block} == {14}, block
    assert any(line.startswith(" " * 14) for line in block)  # some values did wrap


def test_text_table_columns_align_under_chinese_names() -> None:
    lines = render_text(sample_report()).splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("key") and "department" in line)
    row = lines[head + 1]
    assert "广州开发区行政服务管理中心" in row
    column = display_width(lines[head][: lines[head].index("year")])
    assert display_width(row[: row.index("2021")]) == column


def test_text_puts_failures_first_and_shows_every_part() -> None:
    text = render_text(sample_report())
    headings = re.findall(r"^── (\w+) · severity (\w+)", text, flags=re.MULTILINE)
    assert headings == [("failed", "error"), ("failed", "warning"), ("failed", "info"), ("error", "error"),
                        ("not_evaluated", "warning"), ("waived", "error"), ("passed", "info")]
    for part in ("rulesets/fiscal.rules:12:3", "440100-ZWFW/支出总表.csv:4 [合计]", "表3 一般公共预算支出表",
                 "8 terms × 0.005 万元 (half the last published place) = 0.04 万元", "transposed digits",
                 "20103 政府办公厅（室）及相关机构事务 (1562.53 → 1562.35)", "-0.18 万元",
                 "原表按元取整，差额已说明 — 审计一科 王敏, until 2025-12-31"):
        assert part in text, part
    assert text.index("── summary") > text.index("EQUIP-PASS  info  passed")
    assert "8: 1 passed, 4 failed, 1 not_evaluated, 1 error, 1 waived" in text


# --------------------------------------------------------------------------------------------- json
def test_json_writes_decimals_as_exact_strings() -> None:
    data = json.loads(render_json(sample_report()))
    rollup = next(f for f in data["findings"] if f["fingerprint"] == ROLLUP.fingerprint)
    assert (rollup["expected"], rollup["actual"], rollup["difference"], rollup["tolerance"]) == \
        ("2762.53", "2762.35", "-0.18", "0.04")
    assert rollup["operands"][1] == {"label": "20103 政府办公厅（室）及相关机构事务", "value": "1562.53",
                                     "data_location": "440100-ZWFW/支出总表.csv:6 [合计]"}
    assert data["rules"]["FC-ROLLUP"] == {"title": "功能科目逐级汇总", "checked": 40, "passed": 38}
    assert data["summary"]["exit_status"] == 2 and data["summary"]["verdict"] == "incomplete"
    assert [f["outcome"] for f in data["findings"]][:2] == ["failed", "failed"]

    def no_floats(value: object) -> None:
        assert not isinstance(value, float)
        for child in value.values() if isinstance(value, dict) else value if isinstance(value, list) else ():
            no_floats(child)

    no_floats(data)


def test_json_keeps_a_decimal_without_an_exponent() -> None:
    f = Finding("R", "t", Severity.ERROR, Outcome.FAILED, "s", "m", expected=Decimal("1E+3"),
                actual=Decimal("0.0000001"), difference=Decimal("-999.9999999"))
    data = json.loads(render_json(Report.of([f], generated_at="2025-01-01T00:00:00+00:00")))
    assert (data["findings"][0]["expected"], data["findings"][0]["actual"]) == ("1000", "0.0000001")


# -------------------------------------------------------------------------------------------- junit
def test_junit_parses_back_with_suites_per_rule_and_counted_passes() -> None:
    root = ET.fromstring(render_junit(sample_report()))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == ("11", "4", "1", "2")
    suites = {s.get("name").split()[0]: s for s in root.findall("testsuite")}
    assert set(suites) == {"EQUIP-PASS", "FC-ROLLUP", "PKG-MAIL", "SVC-SATISFY", "T1-BALANCE", "T3-SPLIT",
                           "T9-PROCURE", "TEXT-GROWTH"}
    rollup = suites["FC-ROLLUP"]
    names = [c.get("name") for c in rollup.findall("testcase")]
    assert names == ["440100-ZWFW · 支出总表 201 一般公共服务支出", "440100-ZWFW · 支出总表 208 社会保障和就业支出",
                     "FC-ROLLUP (38 subjects passed)"]
    failure = rollup.find("testcase/failure")
    assert failure.get("message") == ROLLUP.message and failure.get("type") == "error"
    assert "tolerance note: 8 terms × 0.005 万元" in failure.text and "data: 440100-ZWFW/支出总表.csv:4 [合计]" in failure.text
    assert rollup.find("testcase/skipped").get("message").startswith("waived: 原表按元取整")
    assert suites["SVC-SATISFY"].find("testcase/error") is not None
    assert suites["T9-PROCURE"].find("testcase/skipped").get("message") == FINDINGS[2].message
    assert [c.get("name") for c in suites["T3-SPLIT"]] == ["T3-SPLIT (25 subjects passed)"]
    assert suites["EQUIP-PASS"].get("tests") == "1"  # its one pass is listed, so it is not counted again
    assert "\n" in suites["T1-BALANCE"].find("testcase/failure").get("message")


def test_junit_drops_characters_xml_cannot_carry() -> None:
    f = Finding("R", "t", Severity.ERROR, Outcome.FAILED, "第\x0c页", "m\x00")
    root = ET.fromstring(render_junit(Report.of([f], generated_at="x")))
    assert root.find("testsuite/testcase").get("name") == "第\ufffd页"


# ----------------------------------------------------------------------------------------- markdown
def test_markdown_escapes_table_cells() -> None:
    md = render_markdown(sample_report())
    row = next(line for line in md.splitlines() if "`T1-BALANCE`" in line)
    assert row.count(" | ") == 7  # eight cells: the | in the subject is escaped, the newline is <br>
    assert r"收入总计 \| 支出总计" in row and "，<br>应为" in row
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "<details><summary>Details of 8 finding(s)</summary>" in md and md.rstrip().endswith("|")


def test_markdown_caps_long_tables() -> None:
    many = [GROWTH.with_(subject=f"第{i}段") for i in range(250)]
    md = render_markdown(Report.of(many, generated_at="x"))
    assert "… and 50 more" in md
    assert md.count("| warning | failed |") == 200


def test_text_and_markdown_cap_the_scores_table_the_json_has_all() -> None:
    rows = [{"dataset": "U1", "project": f"项目{i:03d}", "level": "合计", "score": Decimal("90.5")} for i in range(250)]
    report = Report.of([], generated_at="x", scores=rows)
    text, md = render_text(report), render_markdown(report)
    assert "项目199" in text and "项目200" not in text and "… and 50 more score rows" in text
    assert "项目199" in md and "项目200" not in md and "… and 50 more" in md
    assert len(json.loads(render_json(report))["scores"]) == 250


# --------------------------------------------------------------------------------------------- html
def test_html_is_self_contained_and_escaped() -> None:
    page = render_html(sample_report())
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "default-src 'none'" in html.unescape(page)
    assert page.count('<tr class="') == len(FINDINGS)
    for chart in ("chart-budget", "chart-indicators", "chart-findings"):
        assert f'id="{chart}"' in page
    assert 'data-sort="2762.35"' in page and "2762.35 万元" in page


# --------------------------------------------------------------------------------------------- xlsx
def test_xlsx_working_paper() -> None:
    book = openpyxl.load_workbook(BytesIO(render_xlsx(sample_report())))
    assert book.sheetnames == ["汇总", "发现", "fiscal", "text", "绩效目标", "规则", "评分"]
    sheet = book["发现"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:Z{len(FINDINGS) + 1}"
    header = [c.value for c in sheet[1]]
    expected_col = header.index("应为 expected") + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "T1-BALANCE")
    shown, exact = sheet.cell(row, expected_col), sheet.cell(row, expected_col + 1)
    assert shown.value == pytest.approx(27623.5) and shown.number_format == "0.00"
    assert exact.value == "27623.50" and Decimal(exact.value) == BALANCE.expected
    assert sheet.column_dimensions["I"].width == 60
    assert [c.value for c in book["fiscal"]["A"]][1:] == ["FC-ROLLUP", "T1-BALANCE", "T9-PROCURE", "FC-ROLLUP"]
    summary = {r[0]: r[1] for r in book["汇总"].iter_rows(values_only=True)}
    assert summary["结论 verdict"] == "incomplete (exit 2)" and summary["结果 waived"] == 1


def test_xlsx_number_format_follows_the_published_places() -> None:
    f = ROLLUP.with_(tolerance=Decimal("0.005"))
    sheet = openpyxl.load_workbook(BytesIO(render_xlsx(Report.of([f], generated_at="x"))))["发现"]
    header = [c.value for c in sheet[1]]
    col = header.index("容差 tolerance") + 1
    assert sheet.cell(2, col).number_format == "0.000" and sheet.cell(2, col + 1).value == "0.005"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1.- 万元，。（）表\n")), max_size=200), st.integers(4, 70))
def test_wrap_fits_the_width_and_loses_nothing(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert all(display_width(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())


def test_xlsx_family_sheets_get_names_excel_accepts() -> None:
    families = ["fiscal", "Fiscal", "规则", "a/b:c", "很长的规则类别名称" * 4, ""]
    report = Report.of([ROLLUP.with_(family=fam, subject=str(i)) for i, fam in enumerate(families)],
                       generated_at="x")
    names = openpyxl.load_workbook(BytesIO(render_xlsx(report))).sheetnames
    assert names[:2] == ["汇总", "发现"] and names[-1] == "规则"
    family_sheets = names[2:-1]
    assert len(family_sheets) == len(families)
    assert len({n.casefold() for n in names}) == len(names) and all(len(n) <= 31 for n in names)
    assert "a_b_c" in family_sheets and "其他" in family_sheets and "规则~2" in family_sheets


def test_text_caps_the_datasets_table_of_a_province() -> None:
    units = [{"key": f"U{i:05d}", "department": f"部门{i}", "year": "2021", "document": "预算"} for i in range(10_250)]
    report = Report.of([], generated_at="x", datasets=units)
    text = render_text(report)
    assert "U00199" in text and "U00200" not in text and "… and 10050 more datasets" in text
    assert re.search(r"^datasets\s+10250$", text, re.MULTILINE)  # the count is of them all
    assert len(json.loads(render_json(report))["datasets"]) == 10_250

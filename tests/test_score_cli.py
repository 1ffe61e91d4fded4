"""`checker score`: exit codes, the JSON document's keys, the 自评表 workbook, HTML, and scores in
`checker check` reports."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from checker.cli import main

SEED = Path(__file__).resolve().parent.parent / "examples" / "seed-2021"
ACTUALS = ["--actuals", str(SEED / "actuals-illustrative.csv"), "--actuals", str(SEED / "spending-illustrative.csv")]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_text_shows_each_project_and_the_unit() -> None:
    code, out, _ = run("score", str(SEED), *ACTUALS)
    assert code == 0
    assert "■ 政务大厅综合费    合计 90.86 / 100.00  优" in out
    assert "↳ 实际8分钟超过目标≤5分钟：得分 = 22.5 × 5 ÷ 8 = 14.06" in out
    assert "单位合计：7/7 个项目的平均分 97.25  等级 优；未评分 0 项" in out


def test_json_document() -> None:
    code, out, _ = run("score", str(SEED), *ACTUALS, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["schema"] == "checker.scores/1" and doc["mode"] == "score" and doc["as_of"] is None
    assert list(doc) == ["schema", "mode", "as_of", "policy", "units", "findings", "problems"]
    unit = doc["units"][0]
    assert (unit["total"], unit["grade"], unit["unscored"]) == ("97.25", "优", 0)
    project = unit["projects"][0]
    assert set(project) == {"project", "total", "full", "grade", "unscored", "unscored_marks", "note", "levels",
                            "indicators", "execution"}
    assert project["execution"] == {"initial": "307.15", "budget": "307.15", "spent": "301.20", "rate": "98.06",
                                    "marks": "10.00", "score": "9.81", "status": "scored",
                                    "reason": "执行率 = 301.20 ÷ 307.15 = 98.06%：得分 = 10 × 301.20 ÷ 307.15 = 9.81"}
    late = project["indicators"][2]
    assert (late["indicator"], late["marks"], late["score"], late["met"]) == ("设备按合同规定时间到货", "22.50", "21.38",
                                                                              False)
    assert late["level_from"] == "指标名称" and late["deviation"].startswith("一批取号机")


def test_json_monitoring() -> None:
    code, out, _ = run("score", str(SEED), *ACTUALS, "--as-of", "2021-06", "-f", "json")
    doc = json.loads(out)
    assert code == 0 and doc["mode"] == "monitor" and doc["as_of"] == "2021-06"
    indicator = doc["units"][0]["projects"][4]["indicators"][0]
    assert {k: indicator[k] for k in ("indicator", "cumulative", "expected", "progress", "light")} == {
        "indicator": "邮件完成数", "cumulative": True, "expected": "≥50000封", "progress": "172.00", "light": "蓝"}


def test_selfevaluation_workbook(tmp_path: Path) -> None:
    out = tmp_path / "自评表.xlsx"
    code, _, err = run("score", str(SEED), *ACTUALS, "-f", "xlsx", "-o", str(out))
    assert code == 0 and "wrote" in err
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "汇总" and len(book.sheetnames) == 8
    sheet = book["政务大厅综合费"]
    rows = [tuple(c for c in row) for row in sheet.iter_rows(values_only=True)]
    assert rows[4][:8] == ("项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
    assert rows[7][:8] == ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                           "偏差原因分析及改进措施")
    response = next(r for r in rows if r[2] == "运维服务响应速度")
    assert (response[3], response[4], response[5], response[6]) == ("≤5分钟", "8分钟", 22.5, 14.06)
    total = next(r for r in rows if r[0] == "总分")
    assert (total[6], total[7]) == (90.86, "等级：优")


def test_html_has_the_scores_table(tmp_path: Path) -> None:
    out = tmp_path / "s.html"
    code, _, _ = run("score", str(SEED), *ACTUALS, "-f", "html", "-o", str(out))
    page = out.read_text(encoding="utf-8")
    assert code == 0 and 'id="scores-table"' in page and "运维服务响应速度" in page


BAD = [
    ("no-actuals", [str(SEED)], "nothing to score"),
    ("unreadable-actuals", [str(SEED), "--actuals", "missing.csv"], ""),
    ("no-such-dataset", ["nowhere", *ACTUALS], ""),
    ("bad-month", [str(SEED), *ACTUALS, "--as-of", "2021-13"], "not a month"),
    ("xlsx-needs-output", [str(SEED), *ACTUALS, "-f", "xlsx"], "give -o"),
    ("no-such-rules", [str(SEED), *ACTUALS, "--rules", "nope.rules"], "no such rule file"),
]


@pytest.mark.parametrize(("args", "words"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_incomplete_runs_exit_2(args: list[str], words: str) -> None:
    code, _, err = run("score", *args)
    assert code == 2
    assert words in err


def test_bad_policy_exits_2_with_its_diagnostic(tmp_path: Path) -> None:
    rules = tmp_path / "p.rules"
    rules.write_text('policy "局":\n  weight 产出 60\n  weight 效益 30\n  weight 满意度 10\n  weight 预算执行率 10\n',
                     encoding="utf-8")
    code, _, err = run("score", str(SEED), *ACTUALS, "--rules", str(rules))
    assert code == 2 and "E222" in err and "sum to 110" in err


def test_a_bureau_policy_changes_the_scores(tmp_path: Path) -> None:
    rules = tmp_path / "p.rules"
    rules.write_text('policy "局":\n  weight 产出 60\n  weight 效益 20\n  weight 满意度 10\n  weight 预算执行率 10\n'
                     "  grade 优 99\n  grade 良 90\n  grade 差 0\n", encoding="utf-8")
    code, out, _ = run("score", str(SEED), *ACTUALS, "--rules", str(rules), "-f", "json")
    doc = json.loads(out)
    grades = [p["grade"] for p in doc["units"][0]["projects"]]
    assert code == 0 and doc["policy"]["name"] == "局"
    # 政务服务项目经费 99.66 and 导办帮办 99.80 reach 99; 政务大厅综合费 90.86 is 良
    assert grades.count("优") == 2 and grades[3] == "良"


def test_check_report_carries_scores_only_with_actuals() -> None:
    code, out, _ = run("check", str(SEED), *ACTUALS, "-f", "json")
    report = json.loads(out)
    assert code in (0, 1)
    totals = [r for r in report["scores"] if r["level"] == "合计"]
    assert [r["score"] for r in totals][-1] == "97.25" and totals[-1]["project"] == "（单位平均）"
    _, out, _ = run("check", str(SEED), "-f", "json")
    assert "scores" not in json.loads(out)


def test_check_reports_a_total_row_per_project_as_checker_score_scores_them() -> None:
    _, out, _ = run("check", str(SEED), *ACTUALS, "-f", "json")
    rows = json.loads(out)["scores"]
    _, out, _ = run("score", str(SEED), *ACTUALS, "-f", "json")
    unit = json.loads(out)["units"][0]
    projects = unit["projects"]
    assert [r["project"] for r in rows] == [p["project"] for p in projects] + ["（单位平均）"]
    assert [(r["marks"], r["score"], r["grade"], r["indicators"], r["execution_score"]) for r in rows[:-1]] == [
        (p["full"], p["total"], p["grade"], len(p["indicators"]), p["execution"]["score"]) for p in projects]
    assert rows[-1] | {"reason": ""} == {
        "dataset": unit["dataset"], "project": "（单位平均）", "level": "合计", "indicators": 28, "execution": None,
        "execution_score": None, "marks": None, "score": "97.25", "grade": "优", "reason": ""}
    # 设备专项: 301.20 of 307.15 spent, 98.06%, 9.81 of the 10 marks of 预算执行率 (docs/scoring.md §7)
    assert (rows[0]["project"], rows[0]["execution"], rows[0]["execution_score"]) == (
        "设备专项", "预算数 307.15万元，执行数 301.20万元（98.06%）", "9.81")


def test_an_empty_run_writes_only_the_summary_sheet() -> None:
    from checker.report.selfeval_xlsx import render_selfeval_xlsx

    plain = {"policy": {"name": "x"}, "units": [], "findings": []}
    assert openpyxl.load_workbook(io.BytesIO(render_selfeval_xlsx(plain))).sheetnames == ["汇总"]

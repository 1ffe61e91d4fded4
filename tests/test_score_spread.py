"""Levels and marks: classification of indicators into 产出/效益/满意度, marks spread by declared weights
or equally, levels a project lacks, the execution rate, and a total exactly on a grade boundary."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from builders import table
from score_data import make_dataset

from checker.compile.program import PolicySpec
from checker.score import score_dataset
from checker.score.classify import classify

LEVELS = {"产出", "效益", "满意度"}
CLASSIFIED = [
    # id, 一级指标, 二级指标, 指标名称, level, level_from, level_word
    ("declared-level", "产出指标", "", "随便什么", "产出", "一级指标", "产出"),
    ("declared-satisfaction-long-name", "服务对象满意度指标", "", "x", "满意度", "一级指标", "服务对象满意度"),
    ("成本-level-counts-as-产出", "成本指标", "", "x", "产出", "一级指标", "成本"),
    ("from-二级", "", "社会效益指标", "x", "效益", "二级指标", "社会效益"),
    ("from-二级-时效", "", "时效指标", "x", "产出", "二级指标", "时效"),
    ("name-满意", "", "", "群众满意度", "满意度", "指标名称", "满意"),
    ("name-跑腿-beats-次数", "", "", "减少企业和群众的跑腿次数", "效益", "指标名称", "跑腿"),
    ("name-形象", "", "", "塑造优质政务服务形象", "效益", "指标名称", "形象"),
    ("name-成本", "", "", "工程成本节约率", "产出", "指标名称", "成本"),
    ("nothing-matches", "", "", "某某", "产出", "默认", ""),
]


@pytest.mark.parametrize(("first", "second", "name", "level", "source", "word"), [c[1:] for c in CLASSIFIED],
                         ids=[c[0] for c in CLASSIFIED])
def test_classification(first: str, second: str, name: str, level: str, source: str, word: str) -> None:
    frame = pd.DataFrame({"一级指标": [first], "二级指标": [second], "指标名称": [name]})
    got = classify(frame, LEVELS).iloc[0]
    assert (got["level"], got["level_from"], got["level_word"]) == (level, source, word)


def test_成本_is_its_own_level_when_the_policy_weighs_it() -> None:
    frame = pd.DataFrame({"一级指标": ["", ""], "二级指标": ["成本指标", ""], "指标名称": ["x", "工程成本节约率"]})
    assert classify(frame, LEVELS | {"成本"})["level"].tolist() == ["成本", "成本"]


def _full_project(folder: Path, weights: tuple[str, str], policy: PolicySpec | None = None) -> pd.Series:
    indicators = [
        {"项目": "P", "一级指标": "产出", "指标名称": "A", "指标值": "≥10次", "权重": weights[0]},
        {"项目": "P", "一级指标": "产出", "指标名称": "B", "指标值": "≥10次", "权重": weights[1]},
        {"项目": "P", "一级指标": "效益", "指标名称": "C", "指标值": "≥10次"},
        {"项目": "P", "一级指标": "满意度", "指标名称": "D", "指标值": "≥90%"},
    ]
    actuals = [{"项目": "P", "指标名称": n, "实际完成值": "10次"} for n in "ABC"]
    actuals.append({"项目": "P", "指标名称": "D", "实际完成值": "95%"})
    sheet = score_dataset(make_dataset(folder, indicators, actuals), policy)
    return sheet.indicators.set_index("name")["marks"]


SPREADS = [
    # id, 权重 of A and B, spread, marks of A and B (产出 = 50)
    ("declared-weights", ("20", "30"), "declared", (20, 30)),
    ("declared-as-percent", ("40%", "60%"), "declared", (20, 30)),
    ("declared-rescaled-to-the-level", ("1", "4"), "declared", (10, 40)),
    ("one-weight-missing-means-equal", ("20", ""), "declared", (25, 25)),
    ("spread-equal-ignores-weights", ("20", "30"), "equal", (25, 25)),
]


@pytest.mark.parametrize(("weights", "spread", "marks"), [c[1:] for c in SPREADS], ids=[c[0] for c in SPREADS])
def test_marks_spread(tmp_path: Path, weights: tuple[str, str], spread: str, marks: tuple[int, int]) -> None:
    got = _full_project(tmp_path, weights, PolicySpec(spread=spread))
    assert (got["A"], got["B"], got["C"], got["D"]) == (*marks, 30, 10)


MISSING = [
    # id, levels of the project's indicators, marks of each indicator (hand: 90 × weight ÷ weights present ÷ n)
    ("only-产出", ("产出", "产出"), (45, 45)),  # 90 × 50/50 ÷ 2
    ("产出-and-效益", ("产出", "效益"), (Decimal("56.25"), Decimal("33.75"))),  # 90 × 50/80, 90 × 30/80
    ("产出-and-满意度", ("产出", "满意度"), (75, 15)),  # 90 × 50/60, 90 × 10/60
    ("all-levels", ("产出", "效益", "满意度"), (50, 30, 10)),
]


@pytest.mark.parametrize(("levels", "marks"), [c[1:] for c in MISSING], ids=[c[0] for c in MISSING])
def test_a_missing_level_gives_its_marks_to_the_others(tmp_path: Path, levels: tuple[str, ...],
                                                       marks: tuple[Decimal, ...]) -> None:
    indicators = [{"项目": "P", "一级指标": lv, "指标名称": f"I{n}", "指标值": "≥1次"} for n, lv in enumerate(levels)]
    actuals = [{"项目": "P", "指标名称": f"I{n}", "实际完成值": "1次"} for n in range(len(levels))]
    sheet = score_dataset(make_dataset(tmp_path, indicators, actuals))
    assert tuple(sheet.indicators["marks"]) == marks
    note = sheet.projects.iloc[0]["note"]
    assert ("按权重比例并入" in note) == (len(set(levels)) < 3)
    assert [f.rule for f in sheet.findings if f.rule == "SC-LEVEL-MISSING"] == (["SC-LEVEL-MISSING"] if note else [])


def _with_spending(folder: Path, spending: list[dict[str, str]] | None) -> pd.Series:
    indicators = [{"项目": "P", "一级指标": lv, "指标名称": lv, "指标值": "≥1次"} for lv in ("产出", "效益", "满意度")]
    actuals = [{"项目": "P", "指标名称": lv, "实际完成值": "1次"} for lv in ("产出", "效益", "满意度")]
    sheet = score_dataset(make_dataset(folder, indicators, actuals, spending))
    return sheet.projects.iloc[0]


EXECUTION = [
    # id, spending rows, execution score, total, words in the reason
    ("rate-95", [{"项目": "P", "预算数": "100", "执行数": "95"}], Decimal("9.5"), Decimal("99.5"),
     "执行率 = 95.00 ÷ 100.00 = 95.00%：得分 = 10 × 95.00 ÷ 100.00 = 9.50"),
    ("rate-above-100-is-capped", [{"项目": "P", "预算数": "100", "执行数": "120"}], Decimal(10), Decimal(100),
     "超过100%，以10分为限"),
    ("rows-of-a-project-are-summed", [{"项目": "P", "预算数": "60", "执行数": "50"},
                                      {"项目": " P ", "预算数": "40", "执行数": "30"}], Decimal(8), Decimal(98), "80.00%"),
    ("exact-cents", [{"项目": "P", "预算数": "307.15", "执行数": "301.20"}], Decimal(10) * Decimal("301.20") / Decimal("307.15"),
     90 + Decimal(10) * Decimal("301.20") / Decimal("307.15"), "得分 = 10 × 301.20 ÷ 307.15 = 9.81"),
]


@pytest.mark.parametrize(("spending", "score", "total", "words"), [c[1:] for c in EXECUTION],
                         ids=[c[0] for c in EXECUTION])
def test_execution_rate(tmp_path: Path, spending: list[dict[str, str]], score: Decimal, total: Decimal,
                        words: str) -> None:
    project = _with_spending(tmp_path, spending)
    assert project["exec_score"] == score and project["total"] == total
    assert words in project["exec_reason"]


UNSCORED_EXECUTION = [
    ("no-spending", None, "没有该项目的执行数"),
    ("another-project-only", [{"项目": "Q", "预算数": "10", "执行数": "10"}], "没有该项目的执行数"),
    ("zero-budget", [{"项目": "P", "预算数": "0", "执行数": "5"}], "预算数为0"),
    ("no-budget-anywhere", [{"项目": "P", "执行数": "5"}], "没有预算数"),
]


@pytest.mark.parametrize(("spending", "words"), [c[1:] for c in UNSCORED_EXECUTION],
                         ids=[c[0] for c in UNSCORED_EXECUTION])
def test_execution_not_scored(tmp_path: Path, spending: list[dict[str, str]] | None, words: str) -> None:
    project = _with_spending(tmp_path, spending)
    assert project["exec_score"] is None
    assert project["total"] == 90 and project["unscored"] == 1 and project["unscored_marks"] == 10
    assert words in project["exec_reason"]


def test_budget_falls_back_to_the_project_table(tmp_path: Path) -> None:
    indicators = [{"项目": "P", "一级指标": "产出", "指标名称": "A", "指标值": "≥1次"}]
    dataset = make_dataset(tmp_path, indicators, [{"项目": "P", "指标名称": "A", "实际完成值": "1次"}],
                           [{"项目": "P", "执行数": "40"}])
    projects = table("项目支出表", [{"项目名称": "P", "总计": "50", "行类型": "明细"},
                                 {"项目名称": "合计", "总计": "50", "行类型": "合计"}], ds="U1")
    project = score_dataset(replace(dataset, tables={"项目支出表": projects})).projects.iloc[0]
    assert (project["initial"], project["budget"], project["spent"]) == (50_000_000, 50_000_000, 40_000_000)
    assert project["exec_score"] == 8  # 10 × 40 ÷ 50


def test_a_total_exactly_on_90_made_of_thirds_is_优(tmp_path: Path) -> None:
    # 产出 50 over three met indicators (50/3 each, not a finite decimal), 效益 30 and 满意度 10 met, and an
    # execution rate of 0: the total is truly 90, computed as 89.99…9, and graded 优.
    levels = ("产出", "产出", "产出", "效益", "满意度")
    indicators = [{"项目": "P", "一级指标": lv, "指标名称": f"I{n}", "指标值": "≥1次"} for n, lv in enumerate(levels)]
    actuals = [{"项目": "P", "指标名称": f"I{n}", "实际完成值": "1次"} for n in range(len(levels))]
    spending = [{"项目": "P", "预算数": "100", "执行数": "0"}]
    project = score_dataset(make_dataset(tmp_path, indicators, actuals, spending)).projects.iloc[0]
    assert project["total"] != 90 and abs(project["total"] - 90) < Decimal("1e-20")
    assert project["grade"] == "优"


def test_units_are_scored_apart(tmp_path: Path) -> None:
    from score_data import MANIFEST

    from checker.importers import load_many
    from checker.importers.actuals import apply_actuals

    for key in ("U1", "U2"):
        make_dataset(tmp_path / key, [{"项目": "P", "指标名称": "A", "指标值": "≥10次"}])
        (tmp_path / key / "manifest.toml").write_text(MANIFEST.replace("U1", key), encoding="utf-8")
    dataset = load_many([tmp_path / "U1", tmp_path / "U2"])
    (tmp_path / "a.csv").write_text("_ds,项目,指标名称,实际完成值\nU1,P,A,5次\nU2,P,A,10次\n", encoding="utf-8")
    (tmp_path / "s.csv").write_text("_ds,项目,预算数,执行数\nU1,P,10,10\nU2,P,10,5\n", encoding="utf-8")
    dataset = apply_actuals(apply_actuals(dataset, tmp_path / "a.csv"), tmp_path / "s.csv")
    units = score_dataset(dataset).units.set_index("ds")
    # U1: 产出 alone has 90 marks, 5 of 10 → 45, + execution 10 = 55; U2: 90 + 10 × 5/10 = 95
    assert (units.loc["U1", "total"], units.loc["U1", "grade"]) == (55, "差")
    assert (units.loc["U2", "total"], units.loc["U2", "grade"]) == (95, "优")

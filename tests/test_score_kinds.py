"""Scoring each kind of indicator, one at a time, with the edges: a lone 产出 indicator under a policy whose
only level is 产出 (100 marks), so its score is 100 × the fraction of its marks it earns."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from score_data import one

CASES = [
    # id, target (指标值), actual (实际完成值), exact score, words in the reason
    ("正向-met", "≥100000封", "120000封", Decimal(100), ""),
    ("正向-actual-equals-target", "≥100000封", "100000封", Decimal(100), ""),
    ("正向-missed", "≥100000封", "86000封", Decimal(86), "100 × 86000 ÷ 100000 = 86.00"),
    ("正向-bare-number-takes-unit", "≥100000封", "50000", Decimal(50), "100 × 50000 ÷ 100000"),
    ("反向-met", "≤10次", "6次", Decimal(100), ""),
    ("反向-actual-equals-target", "≤5分钟", "5分钟", Decimal(100), ""),
    ("反向-missed", "≤5分钟", "8分钟", Decimal("62.5"), "100 × 5 ÷ 8 = 62.50"),
    ("bare-percent-reached", "90%", "92%", Decimal(100), ""),
    ("bare-percent-missed", "100%", "95%", Decimal(95), "100 × 95 ÷ 100 = 95.00"),
    ("bare-months-is-a-value-to-reach", "12个月", "12个月", Decimal(100), ""),
    ("explicit-equal-above", "＝100%", "105%", Decimal(100) * 100 / 105, "较小值 ÷ 较大值 = 100 × 100 ÷ 105 = 95.24"),
    ("explicit-equal-below", "＝100%", "96%", Decimal(96), "100 × 96 ÷ 100"),
    ("percent-small", "0.1%", "0.05%", Decimal(50), "100 × 0.05 ÷ 0.1 = 50.00"),
    ("duration-converted", "≤90分钟", "2小时", Decimal(75), "100 × 90分钟 ÷ 120分钟 = 75.00"),
    ("duration-converted-met", "≤2小时", "90分钟", Decimal(100), ""),
    ("calendar-year-vs-months-met", "1年内", "10个月", Decimal(100), ""),
    ("calendar-year-vs-months-missed", "≤1年", "18个月", Decimal(100) * 12 / 18, "100 × 12个月 ÷ 18个月 = 66.67"),
    ("grade-met", "优", "优", Decimal(100), ""),
    ("grade-above-target", "良", "优", Decimal(100), ""),
    ("grade-one-below", "优", "良", Decimal(80), "低1级：按“部分达成”计该档上限80%"),
    ("grade-two-below", "优", "中", Decimal(50), "低2级：按“未达成”计该档上限50%"),
    ("grade-other-scale", "满意", "基本满意", Decimal(80), "低1级"),
    ("qualitative-achieved", "在项目计划完成时间内完成", "达成", Decimal(100), ""),
    ("qualitative-alias", "在项目计划完成时间内完成", "已完成", Decimal(100), ""),
    ("qualitative-partly", "在项目计划完成时间内完成", "部分达成", Decimal(80), "按“部分达成”计该档上限80%"),
    ("qualitative-not", "在项目计划完成时间内完成", "未达成", Decimal(50), "按“未达成”计该档上限50%"),
    ("zero-target-正向-met", "≥0次", "0次", Decimal(100), ""),
    ("zero-target-正向-missed", ">0次", "0次", Decimal(0), "目标值不大于0，不能按比例计分：得0分"),
    ("zero-target-反向-met", "≤0次", "0次", Decimal(100), ""),
    ("zero-target-反向-missed", "≤0次", "2次", Decimal(0), "100 × 0 ÷ 2 = 0.00"),
]


@pytest.mark.parametrize(("target", "actual", "score", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_kind_scores(tmp_path: Path, target: str, actual: str, score: Decimal, words: str) -> None:
    row = one(tmp_path, target, actual).indicators.iloc[0]
    assert row["status"] == "scored"
    assert row["marks"] == 100
    assert row["score"] == score
    assert (words in row["reason"]) if words else row["reason"] == ""


UNSCORED = [
    # id, target, actual, status, finding rule, words in the reason
    ("missing-actual", "≥10次", "", "missing", "SC-NOT-SCORED", "没有实际完成值"),
    ("unparseable-number", "≥10次", "很多", "unreadable", "SC-NOT-SCORED", "“很多”不是带单位的数值"),
    ("units-do-not-convert", "≤5分钟", "3封", "mismatch", "SC-UNIT", "“封”与目标单位“分钟”不能换算"),
    ("days-are-not-months", "≤3个月", "80天", "mismatch", "SC-UNIT", "不能换算"),
    ("grade-scales-differ", "优", "满意", "mismatch", "SC-UNIT", "不属同一等级体系"),
    ("grade-given-a-number", "优", "95%", "unreadable", "SC-NOT-SCORED", "不是等级"),
    ("qualitative-unknown-word", "在项目计划完成时间内完成", "还行", "unreadable", "SC-NOT-SCORED", "达成 / 部分达成 / 未达成"),
]


@pytest.mark.parametrize(("target", "actual", "status", "rule", "words"), [c[1:] for c in UNSCORED],
                         ids=[c[0] for c in UNSCORED])
def test_unscored_is_reported_never_zero(tmp_path: Path, target: str, actual: str, status: str, rule: str,
                                         words: str) -> None:
    sheet = one(tmp_path, target, actual)
    row, project = sheet.indicators.iloc[0], sheet.projects.iloc[0]
    assert row["status"] == status
    assert not isinstance(row["score"], Decimal)  # not scored, not zero
    assert words in row["reason"] and row["reason"].startswith("未评分")
    assert project["total"] is None and project["unscored"] == 1 and project["unscored_marks"] == 100
    assert [f.rule for f in sheet.findings] == [rule]


def test_far_exceeded_gets_full_marks_and_a_note(tmp_path: Path) -> None:
    row = one(tmp_path, "≥12次", "30次").indicators.iloc[0]
    assert row["score"] == 100 and bool(row["exceeded"])
    assert row["note"] == "实际30次为目标≥12次的250%，超过150%：目标设置偏低"


def test_just_at_the_exceed_ratio_is_not_noted(tmp_path: Path) -> None:
    row = one(tmp_path, "≥10次", "15次").indicators.iloc[0]
    assert not bool(row["exceeded"]) and row["note"] == ""


REASONS = [
    # id, target, actual, 偏差原因, SC-NO-REASON expected
    ("missed-without-reason", "≥10次", "8次", "", True),
    ("missed-with-reason", "≥10次", "8次", "疫情停办两次", False),
    ("far-exceeded-without-reason", "≥10次", "40次", "", True),
    ("far-exceeded-with-reason", "≥10次", "40次", "上级追加任务", False),
    ("met-without-reason", "≥10次", "11次", "", False),
    ("grade-missed-without-reason", "优", "良", "", True),
]


@pytest.mark.parametrize(("target", "actual", "reason", "flagged"), [c[1:] for c in REASONS],
                         ids=[c[0] for c in REASONS])
def test_deviation_reason_finding(tmp_path: Path, target: str, actual: str, reason: str, flagged: bool) -> None:
    sheet = one(tmp_path, target, actual, reason=reason)
    found = [f for f in sheet.findings if f.rule == "SC-NO-REASON"]
    assert bool(found) == flagged
    if found:
        assert found[0].subject == "P/指标" and found[0].severity.label == "warning"


def test_cap_above_100_rewards_exceeding(tmp_path: Path) -> None:
    from score_data import ALL_OUTPUT

    policy = type(ALL_OUTPUT)(name="封顶120", weights=ALL_OUTPUT.weights, cap=Decimal(120))
    assert one(tmp_path / "a", "≥10次", "11次", policy=policy).indicators.iloc[0]["score"] == 110
    assert one(tmp_path / "b", "≥10次", "30次", policy=policy).indicators.iloc[0]["score"] == 120

"""Units, exact decimals and the shared target grammar (指标值)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from checker.parse import TargetSyntaxError, parse_target
from checker.units import UnitMismatch, compatible, convert, grade_rank, parse_decimal


@pytest.mark.parametrize(
    ("text", "operator", "value", "unit", "direction"),
    [
        ("≥100000", ">=", "100000", "", "正向"),
        ("≤10", "<=", "10", "", "反向"),
        ("100%", "==", "100", "%", "等于"),
        ("≤5 分钟", "<=", "5", "分钟", "反向"),
        ("≥1 年", ">=", "1", "年", "正向"),
        ("1 年内", "<=", "1", "年", "反向"),
        ("12个月", "==", "12", "个月", "等于"),
        ("≥1次", ">=", "1", "次", "正向"),
        ("0.1%", "==", "0.1", "%", "等于"),
        ("大于等于 10 万封", ">=", "100000", "封", "正向"),
        ("＞＝95％", ">=", "95", "%", "正向"),
        ("95%以上", ">=", "95", "%", "正向"),
        ("不超过3天", "<=", "3", "天", "反向"),
    ],
    ids=lambda v: str(v),
)
def test_measurable_targets(text: str, operator: str, value: str, unit: str, direction: str) -> None:
    t = parse_target(text)
    assert (t.operator, t.value, t.unit, t.direction, t.kind) == (operator, Decimal(value), unit, direction, "数值")


def test_grade_and_phrase_targets() -> None:
    grade = parse_target("优")
    assert (grade.kind, grade.grade, grade.operator, grade.direction) == ("等级", "优", ">=", "正向")
    phrase = parse_target("在项目计划完成时间内完成")
    assert (phrase.kind, phrase.phrase, phrase.direction) == ("定性", "在项目计划完成时间内完成", "定性")


@pytest.mark.parametrize("text", ["≥约十次", "≤", "  "])
def test_measurable_looking_garbage_is_an_error(text: str) -> None:
    with pytest.raises(TargetSyntaxError):
        parse_target(text)


def test_conversions_are_exact_and_dimension_checked() -> None:
    assert convert(Decimal("257.14"), "万元", "元") == Decimal("2571400")
    assert convert(Decimal("1"), "年", "个月") == Decimal("12")
    assert convert(Decimal("2"), "小时", "分钟") == Decimal("120")
    with pytest.raises(UnitMismatch):
        convert(Decimal("30"), "天", "个月")
    with pytest.raises(UnitMismatch):
        convert(Decimal("5"), "分钟", "%")
    assert compatible("", "封") and not compatible("封", "分钟")


def test_grades_are_ordered() -> None:
    assert grade_rank("优") > grade_rank("良") > grade_rank("中") > grade_rank("差")
    assert grade_rank("优秀率") is None


@pytest.mark.parametrize(("text", "value"), [("1,925.14", "1925.14"), ("0.00", "0"), ("-3.5", "-3.5"), ("2762.35", "2762.35")])
def test_parse_decimal(text: str, value: str) -> None:
    assert parse_decimal(text) == Decimal(value)


@pytest.mark.parametrize("text", ["1,92x.14", "abc", "1.2.3", ""])
def test_parse_decimal_rejects(text: str) -> None:
    assert parse_decimal(text) is None

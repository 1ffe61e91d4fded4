"""``parse_target`` reads "operator, number, unit" texts by their shape (the grammar reads the shape once,
with 1 for the number); every text must read exactly as the grammar reads it whole — same Target, same
digits, same error."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.parse.targets import TargetSyntaxError, parse_target, parse_target_text
from checker.units import COMPARATORS, QUALIFIERS

ROOT = Path(__file__).resolve().parent.parent
UNITS = ("", "%", "％", "‰", "万元", "亿元", "元", "分钟", "小时", "个工作日", "工作日", "天", "日", "个月", "月",
         "年", "封", "次", "人次", "人", "个", "件", "项", "平方米", "米", "公里", "万人次", "万册", "千米", "分", "分/次",
         "個", "元/人", "x", "次。")
NUMBERS = ("0", "1", "5", "98", "100", "0.5", "99.99", "100000", "007", "1,000", "12,345.6", "5.", ".5", "1.2.3")
BEFORE = ("", " ", "约", "-", "+", "(", "１", "第", *COMPARATORS, *(f"{c} " for c in (">=", "≥", "不低于")))
AFTER = ("", *QUALIFIERS, " 以上", "左右", "。", ",", "，", ".")


def _read(text: str) -> object:
    """A parse as comparable data: the Target with its value's exact digits, or the error's kind."""
    try:
        target = parse_target(text)
    except TargetSyntaxError as exc:
        return ("error", str(exc))
    return (target, str(target.value))


def _by_grammar(text: str) -> object:
    raw = text.strip()
    if not raw:
        return _read(text)
    try:
        target = parse_target_text(raw)
    except TargetSyntaxError as exc:
        return ("error", str(exc))
    return (target, str(target.value))


def test_every_shape_reads_as_the_grammar_reads_it() -> None:
    shapes = itertools.product(BEFORE, UNITS, AFTER)  # every shape, each with one of the numbers in turn
    texts = [f"{b}{NUMBERS[i % len(NUMBERS)]}{u}{a}" for i, (b, u, a) in enumerate(shapes)]
    assert len(texts) > 25_000
    reads = {t: _read(t) for t in texts}
    assert [t for t in texts if reads[t] != _by_grammar(t)] == []
    numbers = [t for t in texts if reads[t][1] not in ("None", reads[t][1] if reads[t][0] == "error" else "")]
    assert len(numbers) > 5_000  # many shapes do read as numbers, so the fast path is exercised


def test_multipliers_scale_like_the_grammar() -> None:
    assert parse_target("≥1.5万人次").value == parse_target_text("≥1.5万人次").value
    assert str(parse_target("≥1.5万人次").value) == "15000.0"
    assert str(parse_target("≥3千米").value) == str(parse_target_text("≥3千米").value)


def test_published_targets_and_actuals_read_as_the_grammar_reads_them() -> None:
    texts: set[str] = set()
    for path in (ROOT / "examples").rglob("*.csv"):
        with path.open(encoding="utf-8-sig") as f:
            rows = [r for r in csv.reader(f) if r and not r[0].startswith("#")]
        if not rows:
            continue
        for column in ("指标值", "实际完成值"):
            if column in rows[0]:
                i = rows[0].index(column)
                texts |= {r[i] for r in rows[1:] if len(r) > i}
    assert len(texts) > 20
    assert [t for t in sorted(texts) if _read(t) != _by_grammar(t)] == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.,，%％ ≥≤<>=约以上下内万千亿元分钟次人个", min_size=1, max_size=12))
def test_any_text_of_these_characters_reads_as_the_grammar_reads_it(text: str) -> None:
    assert _read(text) == _by_grammar(text)

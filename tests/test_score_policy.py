"""The scoring policy: the shipped one is the standard, every malformed policy gets its E22x diagnostic,
grades are decided at their exact boundaries, lights fall in their bands."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from checker.compile import compile_sources
from checker.compile.program import PolicySpec
from checker.diagnostics import CATALOGUE, DiagnosticError, explain
from checker.resources import shipped
from checker.score import grade_of, load_policy, standard_policy
from checker.score.policy import light_bands, lights_of

STANDARD_FIELDS = ("weights", "spread", "cap", "exceed", "exceed_note", "tiers", "grades", "lights")


def compile_policy_text(body: str) -> tuple[PolicySpec | None, list[str]]:
    result = compile_sources([("p.rules", f'policy "测试":\n{body}\n')])
    policies = result.program.policies
    return (policies[0] if policies else None), [d.code for d in result.diagnostics]


def test_shipped_policy_is_the_standard_one() -> None:
    shipped_policy = standard_policy()
    standard = PolicySpec()
    assert shipped_policy.name == "财预〔2020〕10号 绩效自评"
    for name in STANDARD_FIELDS:
        assert getattr(shipped_policy, name) == getattr(standard, name), name
    assert shipped_policy.weights == {"产出": 50, "效益": 30, "满意度": 10, "预算执行率": 10}


def test_a_policy_inherits_what_it_does_not_write() -> None:
    policy, codes = compile_policy_text("  weight 产出 60\n  weight 效益 20\n  weight 满意度 10\n  weight 预算执行率 10")
    assert codes == [] and policy is not None
    assert policy.weights["产出"] == 60
    assert policy.grades == PolicySpec().grades and policy.tiers == PolicySpec().tiers


BAD = [
    ("weights-not-100", "  weight 产出 60\n  weight 效益 30\n  weight 满意度 10\n  weight 预算执行率 10", "E222"),
    ("unknown-level", "  weight 产出指标 50\n  weight 效益 50", "E223"),
    ("tier-reversed", "  tier 达成 100% to 80%", "E224"),
    ("tier-outside-100", "  tier 达成 80% to 120%", "E224"),
    ("tiers-overlap", "  tier 达成 80% to 100%\n  tier 部分达成 50% to 90%", "E224"),
    ("top-tier-below-100", "  tier 达成 80% to 95%\n  tier 未达成 0% to 80%", "E224"),
    ("grades-without-zero", "  grade 优 90\n  grade 良 80", "E225"),
    ("grades-share-a-bound", "  grade 优 90\n  grade 良 90\n  grade 差 0", "E225"),
    ("grade-above-100", "  grade 优 120\n  grade 差 0", "E225"),
    ("lights-share-a-threshold", "  light 红 60%\n  light 黄 60%", "E226"),
    ("cap-below-100", "  cap 90%", "E227"),
    ("exceed-not-above-100", "  exceed 100%", "E227"),
    ("unknown-spread", "  spread even", "E227"),
    ("weight-twice", "  weight 产出 50\n  weight 产出 50", "E228"),
    ("spread-twice", "  spread equal\n  spread declared", "E228"),
    ("wrong-unit", "  cap 100 次", "E228"),
]


@pytest.mark.parametrize(("body", "code"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_malformed_policy_gets_its_diagnostic(body: str, code: str) -> None:
    policy, codes = compile_policy_text(body)
    assert policy is None
    assert code in codes
    assert code in CATALOGUE and explain(code) is not None


def test_diagnostic_points_at_the_item() -> None:
    result = compile_sources([("p.rules", 'policy "测试":\n  weight 产出 50\n  weight 产出指标 50\n')])
    (d,) = result.diagnostics
    assert (d.code, d.span.line if d.span else 0) == ("E223", 3)
    assert d.hint == "did you mean '产出'?"


def test_load_policy_needs_exactly_one(tmp_path: Path) -> None:
    none = tmp_path / "none.rules"
    none.write_text('ruleset "无"\n', encoding="utf-8")
    with pytest.raises(DiagnosticError) as raised:
        load_policy([none])
    assert [d.code for d in raised.value.diagnostics] == ["E229"]
    policy, _ = load_policy([shipped("rulesets") / "scoring.rules"])
    assert policy.exceed == 150


GRADES = [
    ("100", "优"), ("90", "优"), ("89.99", "良"), ("80", "良"), ("79.999", "中"), ("60", "中"), ("59.99", "差"),
    ("0", "差"),
]


@pytest.mark.parametrize(("total", "grade"), GRADES, ids=[f"{t}->{g}" for t, g in GRADES])
def test_grades_at_their_boundaries(total: str, grade: str) -> None:
    assert grade_of(PolicySpec(), Decimal(total)) == grade


def test_a_total_that_is_exactly_90_in_thirds_is_优() -> None:
    total = sum([Decimal(40) / 3] * 3, Decimal(50))  # 40/3 has 28 digits: the sum is 89.99…9, truly 90
    assert total != 90
    assert grade_of(PolicySpec(), total) == "优"


LIGHTS = [("0", "红"), ("59.99", "红"), ("60", "黄"), ("79.99", "黄"), ("80", "绿"), ("119.99", "绿"), ("120", "蓝"),
          ("Infinity", "蓝")]


@pytest.mark.parametrize(("progress", "light"), LIGHTS, ids=[f"{p}->{c}" for p, c in LIGHTS])
def test_default_lights(progress: str, light: str) -> None:
    assert lights_of(PolicySpec(), pd.Series([Decimal(progress)], dtype=object)).iloc[0] == light


def test_lights_written_as_lower_bounds() -> None:
    policy, codes = compile_policy_text("  light 差 0%\n  light 中 50%\n  light 好 100%")
    assert codes == [] and policy is not None
    assert light_bands(policy) == [("差", 0, 50), ("中", 50, 100), ("好", 100, None)]
    assert lights_of(policy, pd.Series([Decimal(49), Decimal(100)], dtype=object)).tolist() == ["差", "好"]

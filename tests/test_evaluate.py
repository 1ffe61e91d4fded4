"""The evaluator: outcomes, exact tolerances, culprits and slips, many units at once, and the property
that a consistent code tree passes while one perturbed leaf fails exactly its ancestors' equations."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.codes import CodeGraph
from checker.compile import compile_sources
from checker.evaluate import evaluate
from checker.evaluate.culprit import slip
from checker.findings import Outcome
from tests.builders import combine, dataset, table

ROLLUP = '''ruleset "t"
unit 万元
tolerance per_term
rule ROLLUP error "逐级汇总":
  for each column k in 合计, 基本支出, 项目支出:
  for each code c in 功能分类 of 支出总表 where has_children(c):
    支出总表[c].k == sum(支出总表[children(c)].k)
rule SPLIT error "合计 = 基本 + 项目":
  for each row r in 支出总表:
    r.合计 == r.基本支出 + r.项目支出
'''


def _row(code: str, total: str, basic: str, project: str) -> dict[str, object]:
    return {"科目编码": code, "科目名称": f"科目{code}", "合计": total, "基本支出": basic, "项目支出": project}


SEED_ROWS = [
    _row("201", "2555.23", "630.09", "1925.14"), _row("20103", "2555.23", "630.09", "1925.14"),
    _row("2010301", "614.09", "614.09", "0"), _row("2010350", "16.00", "16.00", "0"),
    _row("2010399", "1925.14", "0", "1925.14"),
]


def _run(rows: list[dict[str, object]], rules: str = ROLLUP, ds: str = "U1"):  # type: ignore[no-untyped-def]
    data = dataset(table("支出总表", rows, ds=ds), ds=ds)
    program = compile_sources([("t.rules", rules)]).program
    return evaluate(program, data, CodeGraph.build(dataset=data), keep_passed=True).findings


def _failed(findings):  # type: ignore[no-untyped-def]
    return sorted((f.rule, f.subject) for f in findings if f.outcome is Outcome.FAILED)


def test_the_seed_rows_pass_every_equation() -> None:
    findings = _run(SEED_ROWS)
    assert _failed(findings) == []
    assert sum(f.outcome is Outcome.PASSED for f in findings) == 2 * 3 + 5  # 2 parents × 3 columns + 5 rows


def test_transposed_digits_name_the_culprit_and_the_slip() -> None:
    rows = [dict(r) for r in SEED_ROWS]
    rows[4]["合计"] = "1925.41"  # 1925.14 with its last two digits swapped
    findings = _run(rows)
    failed = [f for f in findings if f.outcome is Outcome.FAILED]
    assert sorted((f.rule, f.subject) for f in failed) == [("ROLLUP", "20103 合计"), ("SPLIT", "2010399")]
    for f in failed:
        assert "2010399 合计" in f.culprit and "-0.27" in f.culprit
        assert "9 整除" in f.slip
    rollup = next(f for f in failed if f.rule == "ROLLUP")
    assert (rollup.actual, rollup.expected, rollup.difference) == (Decimal("2555.23"), Decimal("2555.50"), Decimal("-0.27"))
    assert [o.label for o in rollup.operands][-1] == "支出总表 2010399 合计"
    assert rollup.tolerance == Decimal("0.02") and "4 terms × 0.005 万元" in rollup.tolerance_note


def test_a_parent_that_is_wrong_is_blamed_not_its_children() -> None:
    rows = [dict(r) for r in SEED_ROWS]
    rows[1]["合计"] = "2565.23"  # 20103 off by 10: fails its own rollup, its parent's and its row identity
    failed = [f for f in _run(rows) if f.outcome is Outcome.FAILED]
    assert {f.subject for f in failed} == {"201 合计", "20103 合计", "20103"}
    assert all("支出总表 20103 合计" in f.culprit for f in failed)


@pytest.mark.parametrize(
    ("residual", "values", "expected"),
    [
        (27_0000, [1925_140000, 614_090000], "9 整除"),          # 0.27 万元: transposed digits
        (16_000000, [614_090000, 16_000000], "漏计或重复"),        # exactly one operand: a line dropped
        (16_000000 * 9999, [16_000000], "万元与元混淆"),            # one operand × (10^4 − 1)
        (3_000000 * 9, [3_000000, 7_000000], "小数点错位"),         # × (10 − 1): a decimal-point slip
        (1_230000, [614_090000], ""),                               # nothing recognisable
    ],
    ids=["transposition", "dropped-line", "wan-yuan", "decimal-point", "none"],
)
def test_slip_classification(residual: int, values: list[int], expected: str) -> None:
    text = slip(residual, values, [f"v{i}" for i in range(len(values))], 10_000)
    assert (expected in text) if expected else text == ""


def test_rounding_tolerance_is_exact_and_per_term() -> None:
    rows = [_row("201", "1.00", "1.00", "0"), _row("20101", "0.33", "0.33", "0"),
            _row("20102", "0.33", "0.33", "0"), _row("20103", "0.33", "0.33", "0")]
    # 1.00 − 0.99 = 0.01 ≤ 4 terms × 0.005 = 0.02: passes (floats would give 0.010000000000000009)
    assert _failed(_run(rows)) == []
    rows[0]["合计"] = "1.03"  # 0.04 > 0.02: fails
    assert ("ROLLUP", "201 合计") in _failed(_run(rows))


def test_missing_rows_are_not_evaluated_and_missing_tables_are_named() -> None:
    rules = ROLLUP + 'rule LOOKUP error "t":\n  支出总表["208"].合计 == 0\nrule OTHER error "t":\n  for each row r in 三公经费表:\n    r.合计 == 0\n'
    findings = _run(SEED_ROWS, rules)
    lookup = next(f for f in findings if f.rule == "LOOKUP")
    assert lookup.outcome is Outcome.NOT_EVALUATED and "208" in lookup.message
    other = [f for f in findings if f.rule == "OTHER"]
    assert [(f.outcome, f.subject) for f in other] == [(Outcome.NOT_EVALUATED, "缺少表 三公经费表")]


def test_many_units_are_evaluated_together_and_kept_apart() -> None:
    broken = [dict(r) for r in SEED_ROWS]
    broken[2]["合计"] = "614.90"
    a = dataset(table("支出总表", SEED_ROWS, ds="A"), ds="A")
    b = dataset(table("支出总表", broken, ds="B"), ds="B")
    data = combine(a, b)
    program = compile_sources([("t.rules", ROLLUP)]).program
    findings = evaluate(program, data, CodeGraph.build(dataset=data)).findings
    assert {f.dataset for f in findings if f.outcome is Outcome.FAILED} == {"B"}
    assert len({f.fingerprint for f in findings}) == len(findings)


# ---------------------------------------------------------------------------------- property test

@st.composite
def consistent_tree(draw):  # type: ignore[no-untyped-def]
    """A random 类/款/项 tree whose parents are exactly the sums of their leaves (amounts in 分)."""
    rows, leaves = [], []
    for cls in draw(st.lists(st.sampled_from(["201", "205", "208", "213", "221"]), min_size=1, max_size=3, unique=True)):
        cls_total = 0
        for kuan in draw(st.lists(st.sampled_from(["01", "03", "05", "99"]), min_size=1, max_size=3, unique=True)):
            kuan_total = 0
            for xiang in draw(st.lists(st.sampled_from(["01", "02", "50", "99"]), min_size=1, max_size=3, unique=True)):
                amount = draw(st.integers(0, 10**9))
                rows.append((f"{cls}{kuan}{xiang}", amount))
                leaves.append(f"{cls}{kuan}{xiang}")
                kuan_total += amount
            rows.append((f"{cls}{kuan}", kuan_total))
            cls_total += kuan_total
        rows.append((cls, cls_total))
    return rows, leaves


def _money(fen: int) -> str:
    return str(Decimal(fen) / 100)  # 元 amounts with two decimals, written in a 万元 table as 万元/100


RULE_ONE = ('ruleset "t"\nunit 万元\ntolerance per_term\nrule ROLLUP error "t":\n'
            '  for each code c in 功能分类 of 支出总表 where has_children(c):\n'
            '    支出总表[c].合计 == sum(支出总表[children(c)].合计)\n'
            'rule LEAVES error "t":\n  for each code c in 功能分类 of 支出总表 where has_children(c):\n'
            '    支出总表[c].合计 == sum(支出总表[leaves(c)].合计)\n')


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(consistent_tree(), st.data())
def test_consistent_tree_passes_and_a_perturbed_leaf_fails_exactly_its_ancestors(tree, data) -> None:  # type: ignore[no-untyped-def]
    rows, leaves = tree
    as_rows = [{"科目编码": code, "科目名称": code, "合计": _money(amount)} for code, amount in rows]
    assert _failed(_run(as_rows, RULE_ONE)) == []
    leaf = data.draw(st.sampled_from(leaves))
    bump = data.draw(st.integers(1, 10**6)) * 100  # at least 1 元 = 0.01 万元 × 100: beyond any rounding allowance
    perturbed = [dict(r) for r in as_rows]
    for r in perturbed:
        if r["科目编码"] == leaf:
            r["合计"] = _money(int(Decimal(str(r["合计"])) * 100) + bump)
    failed = _failed(_run(perturbed, RULE_ONE))
    # parent = Σ children: only the direct parent's equation holds the leaf (higher levels sum the parents);
    # parent = Σ leaves: every ancestor's equation holds it, so every ancestor fails
    assert {s for r, s in failed if r == "ROLLUP"} == {leaf[:5]}
    assert {s for r, s in failed if r == "LEAVES"} == {leaf[:5], leaf[:3]}

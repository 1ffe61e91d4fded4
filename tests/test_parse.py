"""Parse → AST, and every syntax diagnostic: code, line, column, caret under Chinese names, golden text."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import ast
from checker.diagnostics import CATALOGUE
from checker.parse import parse_rules
from checker.source import display_width

GOLDEN = Path(__file__).parent / "golden" / "diagnostics"

SAMPLE = '''ruleset "样例" version 2
unit 万元
tolerance per_term 0.005
param 阈值 = 10%

rule T1-BALANCE error "收支总表平衡":
  description "收入总计等于支出总计"
  tags 平衡, 收支
  收支总表["收入总计"].预算数 == 收支总表["支出总计"].预算数

rule ROLLUP warning "逐级汇总":
  for each code c in 功能分类 of 支出总表 where has_children(c):
    支出总表[c].合计 ≥ sum(支出总表[children(c)].合计) within 0.01 万元
    message "{subject} 不平"

target PKG-MAIL "政务服务事项及公文专递包邮经费" / "邮件完成数" >= 100000 封
target SATISFACTION warning "满意度": */"服务评价满意度" >= 优
'''


def test_sample_parses_to_the_expected_ast() -> None:
    tree, diags = parse_rules(SAMPLE, "s.rules")
    assert diags == []
    assert (tree.name, tree.version, tree.unit) == ("样例", "2", "万元")
    assert tree.tolerance is not None and (tree.tolerance.kind, tree.tolerance.amount) == ("per_term", Decimal("0.005"))
    assert [p.name for p in tree.params] == ["阈值"]
    balance, rollup = tree.rules
    assert (balance.id, balance.severity, balance.title, balance.tags) == ("T1-BALANCE", "error", "收支总表平衡", ("平衡", "收支"))
    assert isinstance(balance.assertion, ast.Compare) and balance.assertion.op == "=="
    left = balance.assertion.left
    assert isinstance(left, ast.Attribute) and left.field == "预算数"
    assert isinstance(left.target, ast.Index) and isinstance(left.target.key, ast.String)
    assert left.target.key.value == "收入总计"
    q = rollup.quantifiers[0]
    assert (q.kind, q.var, q.domain, q.of) == ("code", "c", ("功能分类",), "支出总表")
    assert isinstance(rollup.assertion, ast.Compare) and (rollup.assertion.op, rollup.assertion.op_text) == (">=", "≥")
    assert rollup.within is not None and (rollup.within.kind, rollup.within.unit) == ("absolute", "万元")
    assert rollup.message == "{subject} 不平"
    mail, sat = tree.targets
    assert (mail.project, mail.indicator, mail.target.operator, mail.target.value, mail.target.unit) == (
        "政务服务事项及公文专递包邮经费", "邮件完成数", ">=", Decimal(100000), "封")
    assert (sat.project, sat.severity, sat.title, sat.target.grade) == ("*", "warning", "满意度", "优")


def test_spans_are_one_based_and_point_at_the_source() -> None:
    tree, _ = parse_rules(SAMPLE, "s.rules")
    rule = tree.rules[0]
    assert (rule.span.line, rule.span.column) == (6, 1)
    assert (rule.id_span.line, rule.id_span.column) == (6, 6)
    line = SAMPLE.splitlines()[rule.id_span.line - 1]
    assert line[rule.id_span.column - 1:].startswith("T1-BALANCE")


@pytest.mark.parametrize(
    ("text", "expected_op"),
    [("a ≥ 1", ">="), ("a ＞＝ 1", ">="), ("a >= 1", ">="), ("a ≤ 1", "<="), ("a ＝ 1", "=="), ("a ≠ 1", "!="),
     ("a <> 1", "!="), ("a ＜ 1", "<")],
    ids=["unicode-ge", "fullwidth-ge", "ascii-ge", "unicode-le", "fullwidth-eq", "unicode-ne", "sql-ne", "fullwidth-lt"],
)
def test_comparison_operators_in_every_form(text: str, expected_op: str) -> None:
    tree, diags = parse_rules(f'rule R error "t":\n  for each row a in 支出总表:\n    {text.replace("a", "a.合计", 1)}\n', "f")
    assert diags == []
    assertion = tree.rules[0].assertion
    assert isinstance(assertion, ast.Compare) and assertion.op == expected_op


# (case id, rule text, code, line, column, caret width)
CASES = [
    ("reversed-ge", 'target B */"被投诉次数" => 10 次\n', "E102", 1, 20, 2),
    ("reversed-le", 'rule A error "t":\n  收支总表["收入总计"].预算数 =< 1\n', "E102", 2, 20, 2),
    ("unclosed-quote", 'rule E error "没有结束:\n  1 == 1\n', "E103", 1, 14, 1),
    ("unknown-severity", 'rule A fatal "标题":\n  1 == 1\n', "E104", 1, 8, 5),
    ("unquoted-name", 'target C */邮件完成数 >= 1 封\n', "E105", 1, 12, 5),
    ("single-equals", 'rule D error "x":\n  收支总表["收入总计"].预算数 = 1\n', "E106", 2, 20, 1),
    ("missing-value", 'target G */"被投诉次数" <=\n', "E109", 1, 20, 1),
    ("bad-tolerance", 'rule F error "z":\n  for each row r in 支出总表:\n    r.合计 == 1 within -0.01\n', "E215", 3, 22, 1),
    ("unexpected-end", 'rule H error "y":\n  sum(支出总表[children(c)].合计\n', "E101", 2, 25, 1),
    ("unexpected-character", 'rule I error "y":\n  1 == 1 $\n', "E108", 2, 10, 1),
]


@pytest.mark.parametrize(("text", "code", "line", "column", "width"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_syntax_diagnostics(text: str, code: str, line: int, column: int, width: int) -> None:
    _, diags = parse_rules(text, "bad.rules")
    assert [d.code for d in diags] == [code]
    d = diags[0]
    assert d.span is not None
    assert (d.span.line, d.span.column) == (line, column)
    assert d.span.end_column - d.span.column == width
    assert "Expected one of" not in d.render()
    assert code in CATALOGUE


def test_caret_lands_under_the_operator_after_a_chinese_name() -> None:
    text = 'target B */"被投诉次数" => 10 次\n'
    _, diags = parse_rules(text, "bad.rules")
    rendered = diags[0].render().splitlines()
    source, caret = rendered[2], rendered[3]
    assert caret.index("^") - caret.index("|") == display_width(source[: source.index("=>")]) - source.index("|")


def test_every_mistake_in_a_file_is_reported() -> None:
    text = "".join(c[1] for c in CASES if c[0] not in ("unexpected-end",))
    _, diags = parse_rules(text, "many.rules")
    assert sorted({d.code for d in diags}) == sorted({c[2] for c in CASES if c[0] != "unexpected-end"})


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_rendered_diagnostics_match_golden(case: tuple, request: pytest.FixtureRequest) -> None:
    name, text = case[0], case[1]
    _, diags = parse_rules(text, "bad.rules")
    rendered = "\n".join(d.render() for d in diags) + "\n"
    path = GOLDEN / f"{name}.txt"
    if request.config.getoption("--update-golden", default=False) or not path.exists():
        path.write_text(rendered, encoding="utf-8")
    assert rendered == path.read_text(encoding="utf-8")


JUNK = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JUNK)
def test_random_text_gives_diagnostics_not_exceptions(text: str) -> None:
    tree, diags = parse_rules(text, "junk.rules")
    assert isinstance(tree, ast.RuleFile)
    assert all(d.code in CATALOGUE for d in diags)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(SAMPLE) - 1), st.integers(0, 40), JUNK)
def test_mutated_rule_files_give_only_our_diagnostics(at: int, cut: int, insert: str) -> None:
    mutated = SAMPLE[:at] + insert + SAMPLE[at + cut:]
    _, diags = parse_rules(mutated, "mutated.rules")
    assert all(d.code in CATALOGUE for d in diags)


SHIPPED = sorted((Path(__file__).resolve().parent.parent / "rulesets").rglob("*.rules"))
SHIPPED_TEXT = [p.read_text(encoding="utf-8") for p in SHIPPED]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(range(len(SHIPPED_TEXT))), st.integers(0, 10**6), st.integers(0, 60), JUNK)
def test_mutated_shipped_rulesets_give_only_our_diagnostics(which: int, at: int, cut: int, insert: str) -> None:
    text = SHIPPED_TEXT[which]
    at %= len(text)
    _, diags = parse_rules(text[:at] + insert + text[at + cut:], "mutated.rules")
    assert all(d.code in CATALOGUE for d in diags)
    assert all("Expected one of" not in d.render() for d in diags)

"""Compile: names, units, types and codes checked before any data — each diagnostic with its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.compile import compile_files, compile_sources
from checker.compile import program as p
from checker.resources import shipped

HEAD = 'ruleset "t"\nunit 万元\n'

# (id, rule body, code, line, column)
CASES = [
    ("unknown-column", 'rule A error "t":\n  for each row r in 支出总表:\n    r.合记 == r.基本支出\n', "E202", 5, 7),
    ("unknown-table", 'rule A error "t":\n  for each row r in 支出总体表:\n    r.合计 == 1\n', "E201", 4, 21),
    ("unit-mismatch", 'rule A error "t":\n  for each row r in 支出总表:\n    r.合计 <= 5 分钟\n', "E204", 5, 5),
    ("unknown-classification", 'rule A error "t":\n  for each code c in 功能科目 of 支出总表:\n    支出总表[c].合计 == 0\n', "E213", 4, 22),
    ("unknown-function", 'rule A error "t":\n  summ(支出总表["201"].合计) == 1\n', "E208", 4, 3),
    ("unknown-field", 'rule A error "t":\n  for each indicator i:\n    i.指标值x == 1\n', "E217", 5, 7),
    ("missing-unit", 'target F */"邮件完成数" >= 100000\n', "E210", 3, 20),
    ("grade-vs-number", 'rule A error "t":\n  for each indicator i:\n    i.实际值 >= 优 and 优 >= 90\n', "E205", 5, 5),
    ("unknown-variable", 'rule A error "t":\n  for each code c in 功能分类 of 支出总表:\n    支出总表[d].合计 == 0\n', "E207", 5, 10),
    ("text-arithmetic", 'rule A error "t":\n  for each row r in 支出总表:\n    r.科目名称 + 1 == 2\n', "E209", 5, 5),
]


@pytest.mark.parametrize(("text", "code", "line", "column"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_compile_diagnostics(text: str, code: str, line: int, column: int) -> None:
    result = compile_sources([("t.rules", HEAD + text)])
    assert [d.code for d in result.errors] == [code]
    d = result.errors[0]
    assert d.span is not None and (d.span.line, d.span.column) == (line, column)
    assert d.source_line, "the diagnostic quotes its source line"


def test_did_you_mean_for_columns_and_tables() -> None:
    result = compile_sources([("t.rules", HEAD + CASES[0][1] + CASES[1][1].replace("rule A", "rule B"))])
    hints = [d.hint for d in result.errors]
    assert "did you mean '合计'?" in hints and "did you mean '支出总表'?" in hints


def test_duplicate_ids_across_files_and_includes(tmp_path: Path) -> None:
    (tmp_path / "common.rules").write_text('rule A error "x":\n  收支总表["收入总计"].预算数 == 1\n', encoding="utf-8")
    (tmp_path / "main.rules").write_text('include "common.rules"\nrule A warning "y":\n  收支总表["支出总计"].预算数 == 1\n',
                                         encoding="utf-8")
    result = compile_files([tmp_path / "main.rules"])
    assert [d.code for d in result.errors] == ["E206"]
    assert "first defined at" in result.errors[0].message


def test_include_problems(tmp_path: Path) -> None:
    (tmp_path / "a.rules").write_text('include "b.rules"\ninclude "missing.rules"\n', encoding="utf-8")
    (tmp_path / "b.rules").write_text('include "a.rules"\n', encoding="utf-8")
    codes = sorted(d.code for d in compile_files([tmp_path / "a.rules"]).errors)
    assert codes == ["E211", "E212"]


def test_unrolling_checks_each_table_against_its_own_columns() -> None:
    text = HEAD + ('rule R error "t":\n  for each table t in 支出总表, 一般公共预算支出表:\n  for each column k in 金额列:\n'
                   '  for each code c in 功能分类 of t where has_children(c):\n    t[c].k == sum(t[children(c)].k)\n')
    result = compile_sources([("t.rules", text)])
    assert result.ok
    fixed = [dict(r.fixed) for r in result.program.rules]
    assert {"t": "支出总表", "k": "合计"} in fixed and {"t": "一般公共预算支出表", "k": "总计"} in fixed
    assert all(f["k"] != "合计" for f in fixed if f["t"] == "一般公共预算支出表")


def test_bare_numbers_beside_money_take_the_default_unit() -> None:
    text = 'ruleset "t"\nunit 元\nrule A error "t":\n  for each row r in 支出总表:\n    r.合计 >= 10000\n'
    rule = compile_sources([("t.rules", text)]).program.rules[0]
    assert isinstance(rule.assertion, p.Compare) and isinstance(rule.assertion.right, p.Const)
    assert rule.assertion.right.value == 1_000_000  # 10000 元 = 1 万元 = 10^6 micros of 万元


def test_compiled_program_is_reusable_and_immutable() -> None:
    program = compile_sources([("t.rules", HEAD + 'rule A error "t":\n  收支总表["收入总计"].预算数 == 1\n')]).program
    with pytest.raises(AttributeError):
        program.rules[0].id = "B"  # type: ignore[misc]


def test_every_shipped_ruleset_compiles_cleanly() -> None:
    files = sorted(shipped("rulesets").glob("*.rules"))
    assert files, "the standard rulesets ship with the package"
    result = compile_files(files)
    assert result.diagnostics == [], "\n".join(d.render() for d in result.diagnostics)
    assert len(result.program.rules) > 50

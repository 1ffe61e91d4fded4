"""docs/rulesets/*.md list every rule of the shipped rulesets (generated, compared like golden files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.compile import compile_files
from checker.compile.catalog import ruleset_markdown
from checker.resources import shipped

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rulesets"
RULESETS = [("budget-disclosure", "部门预算公开 标准校验（budget-disclosure）"),
            ("final-accounts", "部门决算公开 标准校验（final-accounts）"),
            ("performance", "绩效目标 标准校验（performance）")]


@pytest.mark.parametrize(("stem", "title"), RULESETS, ids=[r[0] for r in RULESETS])
def test_ruleset_page_lists_every_rule(stem: str, title: str, request: pytest.FixtureRequest) -> None:
    path = shipped("rulesets") / f"{stem}.rules"
    program = compile_files([path]).program
    text = ruleset_markdown(program, title, f"rulesets/{stem}.rules")
    page = DOCS / f"{stem}.md"
    if request.config.getoption("--update-golden", default=False) or not page.exists():
        page.write_text(text, encoding="utf-8")
    assert page.read_text(encoding="utf-8") == text
    for rule_id in program.rule_ids:
        assert f"`{rule_id}`" in text

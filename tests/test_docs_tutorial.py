"""The tutorial in docs/language.md works as written: its rules lint clean and its cases pass."""

from __future__ import annotations

import re
from pathlib import Path

from checker.compile import compile_files
from checker.ruletest import run_cases

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "language.md"


def _tutorial_blocks() -> tuple[str, str]:
    text = DOC.read_text(encoding="utf-8").split("## Tutorial", 1)[1]
    blocks = re.findall(r"```(\w*)\n(.*?)```", text, flags=re.S)
    rules = "\n".join(body for lang, body in blocks if lang == "")
    cases = next(body for lang, body in blocks if lang == "toml")
    return rules, cases


def test_tutorial_rules_and_cases(tmp_path: Path) -> None:
    rules, cases = _tutorial_blocks()
    work = tmp_path / "mine"
    work.mkdir()
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    (work / "my.rules").write_text(rules, encoding="utf-8")
    (work / "my.cases.toml").write_text(cases, encoding="utf-8")
    compiled = compile_files([work / "my.rules"])
    assert compiled.diagnostics == [], [d.render() for d in compiled.diagnostics]
    assert [r.id for r in compiled.program.rules] == ["MY-BALANCE", "MY-PROCUREMENT", "MY-GROWTH"]
    suite = run_cases([work / "my.cases.toml"])
    assert all(r.passed for r in suite.results), [(r.case.name, r.missed, r.error) for r in suite.results]
    assert suite.untested == [] and suite.never_failed == []

"""docs/diagnostics.md lists every diagnostic code of the catalogue (generated; `--update-golden` rewrites it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.diagnostics import CATALOGUE, explain

DOC = Path(__file__).resolve().parent.parent / "docs" / "diagnostics.md"


def render() -> str:
    lines = ["# Diagnostic codes", "",
             "Every code checker reports, from the catalogue in `checker/diagnostics.py`; `checker explain CODE`",
             "prints one entry. E1xx syntax · E2xx rules against the schema, code graph and units · E3xx data ·",
             "W warnings · SC scoring findings. Generated — regenerate with `pytest tests/test_diagnostics_doc.py "
             "--update-golden`.", ""]
    for code, doc in sorted(CATALOGUE.items()):
        example = "\n".join("    " + line for line in doc.example.splitlines())
        lines += [f"## {code} — {doc.title}", "", doc.explanation, "", "Example:", "", example, "", f"Fix: {doc.fix}", ""]
    return "\n".join(lines)


def test_the_page_lists_every_code(request: pytest.FixtureRequest) -> None:
    text = render()
    if request.config.getoption("--update-golden", default=False) or not DOC.exists():
        DOC.write_text(text, encoding="utf-8")
    assert DOC.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("code", sorted(CATALOGUE), ids=sorted(CATALOGUE))
def test_explain_prints_every_code(code: str) -> None:
    text = explain(code)
    assert text is not None and text.startswith(f"{code}: {CATALOGUE[code].title}") and "Fix:" in text


@pytest.mark.parametrize("code", ["E102", "CODE-NAME", "BD-T1-BALANCE", "FA-TEXT-SHARE-CLASSES", "TX-GROWTH"])
def test_explain_command_knows_diagnostics_graph_checks_and_rules(code: str) -> None:
    from click.testing import CliRunner

    from checker.cli import main

    result = CliRunner().invoke(main, ["explain", code])
    assert result.exit_code == 0 and code in result.output


def test_explain_command_suggests_for_unknown_codes() -> None:
    from click.testing import CliRunner

    from checker.cli import main

    result = CliRunner().invoke(main, ["explain", "BD-T1-BALANNCE"])
    assert result.exit_code == 2 and "did you mean" in result.output and "BD-T1-BALANCE" in result.output

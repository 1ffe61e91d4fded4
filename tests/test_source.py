"""Carets under Chinese text land by display width."""

from __future__ import annotations

from checker.diagnostics import Diagnostic
from checker.source import Span, display_width, excerpt


def test_display_width_counts_cjk_as_two() -> None:
    assert display_width("被投诉次数") == 10
    assert display_width("abc") == 3
    assert display_width("（）") == 4


def test_caret_under_chinese_name_is_padded_by_display_width() -> None:
    line = 'target */"被投诉次数" => 10 次'
    col = line.index("=>") + 1
    out = excerpt(line, Span.point("f.rules", 12, col, 2))
    caret_line = out[2]
    prefix = "   | "
    assert caret_line.startswith(prefix)
    pad = len(caret_line) - len(caret_line.lstrip(" ")) if False else caret_line[len(prefix):].index("^")
    assert pad == display_width(line[: col - 1])
    assert caret_line.endswith("^^")


def test_rendered_diagnostic_shape() -> None:
    line = 'target */"被投诉次数" => 10 次'
    d = Diagnostic("E102", "expected a comparison operator (>=, <=, ==), found '=>'",
                   Span.point("rulesets/fiscal.rules", 12, 19, 2), source_line=line, hint="write >=")
    text = d.render()
    assert text.splitlines()[0] == "rulesets/fiscal.rules:12:19: E102 expected a comparison operator (>=, <=, ==), found '=>'"
    assert "   = help: write >=" in text


def test_long_lines_are_cut_around_the_span() -> None:
    line = "x" * 100_000 + "=>" + "y" * 100_000
    out = excerpt(line, Span.point("f", 1, 100_001, 2))
    assert len(out[1]) < 200
    assert out[2].rstrip().endswith("^^")

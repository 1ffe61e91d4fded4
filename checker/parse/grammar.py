"""The one Lark parser for ``grammar/rules.lark``: built once (LALR, positions on), two starts."""

from __future__ import annotations

from functools import cache

from lark import Lark

from checker.resources import shipped

STARTS = ("start", "target_text")


@cache
def parser() -> Lark:
    grammar = (shipped("grammar") / "rules.lark").read_text(encoding="utf-8")
    return Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        start=list(STARTS),
        propagate_positions=True,
        maybe_placeholders=False,
        cache=False,
    )

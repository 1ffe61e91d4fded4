"""A published 指标值 (or the target of a ``target`` statement) → ``Target``, by the shared grammar."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from lark import Token, Tree
from lark.exceptions import LarkError

from checker.parse.grammar import parser
from checker.units import (
    COMPARATORS,
    MULTIPLIERS,
    QUALIFIERS,
    Target,
    canonical_symbol,
    is_grade,
    parse_decimal,
)


class TargetSyntaxError(ValueError):
    """The text starts like a measurable target (an operator or a number) but does not read as one."""


_LOOKS_MEASURABLE = re.compile(r"^\s*([<>≤≥≦≧＜＞=＝]|大于|小于|不低于|不少于|不超过|不高于|\d)")


# operator text, one number, then what follows it (not a digit, and not "." or "," continuing the number)
_ONE_NUMBER = re.compile(r"(?P<before>\D*?)(?P<number>\d+(?:\.\d+)?)(?P<after>(?![.,，])\D*)")


def parse_target(text: str) -> Target:
    """Read a target as published.  A phrase that is not a measure is a qualitative (定性) target.

    Raises TargetSyntaxError when the text begins like a number or an operator but does not parse.

    A province has tens of thousands of distinct targets and actuals, nearly all "operator, number,
    unit".  Such a text is read by the grammar once per shape — what surrounds the number, with 1 in its
    place — and the number put in: exactly what the grammar gives for the whole text, since the tokens
    around a number do not depend on its digits.  Anything else is read by the grammar directly.
    """
    raw = text.strip()
    if not raw:
        raise TargetSyntaxError("empty target")
    m = _ONE_NUMBER.fullmatch(_normalise(raw))
    if m is not None:
        shape = _shape(m["before"], m["after"])
        value = parse_decimal(m["number"])
        if shape is not None and shape.value is not None and value is not None:
            # the grammar multiplies by 万/千/亿 when one follows the number: then 1 read as that multiple
            return Target(raw, shape.operator, value if shape.value == 1 else value * shape.value, shape.unit)
    return parse_target_text(raw)


@lru_cache(maxsize=4096)
def _shape(before: str, after: str) -> Target | None:
    """The grammar's reading of ``before`` 1 ``after``, when it is a number target (else None)."""
    try:
        target = parse_target_text(f"{before}1{after}")
    except TargetSyntaxError:
        return None
    return target if target.value is not None and not target.grade and not target.phrase else None


def parse_target_text(raw: str) -> Target:
    """``parse_target`` by the grammar alone, for a stripped non-empty text."""
    try:
        tree = parser().parse(_normalise(raw), start="target_text")
    except LarkError as exc:
        if _LOOKS_MEASURABLE.match(raw):
            raise TargetSyntaxError(f"cannot read {raw!r} as operator, value and unit") from exc
        return Target(raw=raw, phrase=raw)
    spec = tree.children[0]
    assert isinstance(spec, Tree)
    return target_from_tree(spec, raw)


def _normalise(text: str) -> str:
    return text.replace("％", "%").replace("\u3000", " ")


def target_from_tree(spec: Tree, raw: str) -> Target:
    """Build a Target from a ``target_spec`` tree (shared with the rule-file transformer)."""
    operator, quantity, qualifier = "", None, ""
    for child in spec.children:
        if isinstance(child, Token) and child.type == "COMPARATOR":
            operator = COMPARATORS[str(child)]
        elif isinstance(child, Token) and child.type == "QUALIFIER":
            qualifier = str(child)
        elif isinstance(child, Tree):
            quantity = child
    if quantity is None:  # pragma: no cover - the grammar requires a quantity
        raise TargetSyntaxError(raw)
    if quantity.data == "word_quantity":
        word = str(quantity.children[0])
        if is_grade(word):
            return Target(raw=raw, operator=operator or ">=", grade=word)
        if operator:
            raise TargetSyntaxError(f"{word!r} after {operator} is neither a number nor a grade")
        return Target(raw=raw, phrase=word)
    value, unit_symbol = _number(quantity)
    if qualifier and not operator:
        operator = QUALIFIERS[qualifier]
    return Target(raw=raw, operator=operator or "==", value=value, unit=unit_symbol)


def _number(quantity: Tree) -> tuple[Decimal, str]:
    value: Decimal | None = None
    unit_symbol = ""
    for tok in quantity.children:
        if not isinstance(tok, Token):
            continue
        if tok.type == "NUMBER":
            value = parse_decimal(str(tok))
        elif tok.type == "MULTIPLIER" and value is not None:
            value *= MULTIPLIERS[str(tok)]
        elif tok.type == "UNIT":
            unit_symbol = canonical_symbol(str(tok))
    if value is None:  # pragma: no cover
        raise TargetSyntaxError(str(quantity))
    return value, unit_symbol

"""The rule language's syntax tree: frozen, slotted dataclasses, each with the span it was read from.

The parser's transformer only builds these; names, units and codes are checked by ``compile``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from checker.source import Span
from checker.units import Target

# ----------------------------------------------------------------------------------------- expressions


@dataclass(frozen=True, slots=True)
class Number:
    span: Span
    value: Decimal
    unit: str = ""
    text: str = ""


@dataclass(frozen=True, slots=True)
class String:
    span: Span
    value: str


@dataclass(frozen=True, slots=True)
class Name:
    span: Span
    name: str


@dataclass(frozen=True, slots=True)
class Attribute:
    """``target.field``: a column of a row or cell, or a field of an indicator / stated figure."""

    span: Span
    target: Expr
    field: str
    field_span: Span


@dataclass(frozen=True, slots=True)
class Index:
    """``table[key]``: the rows of a table with a code, an item name, or a set of codes."""

    span: Span
    target: Expr
    key: Expr


@dataclass(frozen=True, slots=True)
class Optional:
    """``r.column?``: zero where the column is absent from the data (``where present``)."""

    span: Span
    target: Expr


@dataclass(frozen=True, slots=True)
class Call:
    span: Span
    function: str
    args: tuple[Expr, ...]
    name_span: Span


@dataclass(frozen=True, slots=True)
class Comprehension:
    """``sum(x.总计 for x in 政府采购表 where x.项目名称 == p.项目名称)``."""

    span: Span
    function: str
    body: Expr
    var: str
    table: str
    table_span: Span
    where: Expr | None


@dataclass(frozen=True, slots=True)
class Binary:
    span: Span
    op: str  # + - * /
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Negate:
    span: Span
    operand: Expr


@dataclass(frozen=True, slots=True)
class Compare:
    span: Span
    op: str  # normalised: == != >= <= > <
    op_text: str  # as written (≥, ＝, 不低于 …)
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Meets:
    """``i.actual meets i.target``: direction-aware achievement of a declared target."""

    span: Span
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class InList:
    span: Span
    operand: Expr
    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Contains:
    span: Span
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Logical:
    span: Span
    op: str  # and | or
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Not:
    span: Span
    operand: Expr


Expr = (
    Number | String | Name | Attribute | Index | Optional | Call | Comprehension | Binary | Negate
    | Compare | Meets | InList | Contains | Logical | Not
)

# ------------------------------------------------------------------------------------------ statements


@dataclass(frozen=True, slots=True)
class Tolerance:
    """``within 0.01`` (absolute), ``per_term 0.005`` (× published terms), ``relative 0.1%``, ``exact``."""

    span: Span
    kind: str  # absolute | per_term | relative | exact
    amount: Decimal | None = Decimal(0)  # None for per_term: derived from the published precision
    unit: str = ""


@dataclass(frozen=True, slots=True)
class Quantifier:
    """``for each KIND var in DOMAIN [of TABLE] [where FILTER]:``."""

    span: Span
    kind: str  # code | row | indicator | stated | project | table | column
    var: str
    domain: tuple[str, ...] = ()  # classification; table; or the listed tables / columns
    of: str = ""  # for code: the table whose codes are iterated
    where: Expr | None = None
    domain_span: Span | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    span: Span
    id: str
    id_span: Span
    severity: str
    severity_span: Span
    title: str
    description: str = ""
    tags: tuple[str, ...] = ()
    quantifiers: tuple[Quantifier, ...] = ()
    assertion: Expr | None = None
    within: Tolerance | None = None
    when: Expr | None = None
    message: str = ""


@dataclass(frozen=True, slots=True)
class TargetRule:
    """``target ID [severity] ["title":] "project"/"indicator" OP QUANTITY``."""

    span: Span
    id: str
    id_span: Span
    project: str  # glob pattern; "*" for any
    indicator: str
    target: Target
    target_span: Span
    severity: str = "error"
    severity_span: Span | None = None
    title: str = ""
    within: Tolerance | None = None
    message: str = ""


@dataclass(frozen=True, slots=True)
class Param:
    span: Span
    name: str
    value: Number | String


@dataclass(frozen=True, slots=True)
class Include:
    span: Span
    path: str


@dataclass(frozen=True, slots=True)
class PolicyItem:
    span: Span
    kind: str  # weight | spread | cap | exceed | tier | grade | light
    name: str = ""
    amounts: tuple[Decimal, ...] = ()
    note: str = ""
    units: tuple[str, ...] = ()  # the unit written after each amount ("%", "分" or "")


@dataclass(frozen=True, slots=True)
class Policy:
    span: Span
    name: str
    items: tuple[PolicyItem, ...]


@dataclass(frozen=True, slots=True)
class RuleFile:
    """One parsed rule file, before includes are followed and names are resolved."""

    path: str
    name: str = ""
    version: str = ""
    unit: str = ""
    tolerance: Tolerance | None = None
    params: tuple[Param, ...] = ()
    includes: tuple[Include, ...] = ()
    rules: tuple[Rule, ...] = ()
    targets: tuple[TargetRule, ...] = ()
    policies: tuple[Policy, ...] = ()

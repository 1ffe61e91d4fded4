"""Lark tree → AST.  The transformer only builds nodes (lark's ``create_ast`` style): no lookups, no checks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lark import Token, Transformer, Tree, v_args
from lark.tree import Meta

from checker import ast
from checker.parse.targets import target_from_tree
from checker.source import Span
from checker.units import COMPARATORS, MULTIPLIERS, canonical_symbol, parse_decimal


class Builder(Transformer[Token, Any]):
    """Builds the AST of one chunk of a rule file; ``line_offset`` places the chunk in its file."""

    def __init__(self, path: str, line_offset: int = 0):
        super().__init__(visit_tokens=False)
        self.path = path
        self.offset = line_offset

    # -- spans ------------------------------------------------------------------------------------
    def span(self, meta: Meta) -> Span:
        if getattr(meta, "empty", True):
            return Span.point(self.path, 1 + self.offset, 1)
        return Span(self.path, meta.line + self.offset, meta.column, meta.end_line + self.offset, meta.end_column)

    def tspan(self, tok: Token) -> Span:
        line, col = (tok.line or 1) + self.offset, tok.column or 1
        end_line = (tok.end_line or tok.line or 1) + self.offset
        return Span(self.path, line, col, end_line, tok.end_column or col + len(tok))

    # -- literals ---------------------------------------------------------------------------------
    @v_args(meta=True)
    def number(self, meta: Meta, children: list[Token]) -> ast.Number:
        value = parse_decimal(str(children[0])) or Decimal(0)
        unit = ""
        for tok in children[1:]:
            if tok.type == "MULTIPLIER":
                value *= MULTIPLIERS[str(tok)]
            elif tok.type == "UNIT":
                unit = canonical_symbol(str(tok))
        return ast.Number(self.span(meta), value, unit, "".join(str(c) for c in children))

    @v_args(meta=True)
    def string(self, meta: Meta, children: list[Token]) -> ast.String:
        return ast.String(self.span(meta), unquote(str(children[0])))

    @v_args(meta=True)
    def name(self, meta: Meta, children: list[Token]) -> ast.Name:
        return ast.Name(self.span(meta), str(children[0]))

    # -- expressions ------------------------------------------------------------------------------
    @v_args(meta=True)
    def attribute(self, meta: Meta, children: list[Any]) -> ast.Attribute:
        target, field = children
        field_text = unquote(str(field)) if field.type == "STRING" else str(field)
        return ast.Attribute(self.span(meta), target, field_text, self.tspan(field))

    @v_args(meta=True)
    def index(self, meta: Meta, children: list[Any]) -> ast.Index:
        return ast.Index(self.span(meta), children[0], children[1])

    @v_args(meta=True)
    def optional(self, meta: Meta, children: list[Any]) -> ast.Optional:
        return ast.Optional(self.span(meta), children[0])

    @v_args(meta=True)
    def call(self, meta: Meta, children: list[Any]) -> ast.Call:
        fn = children[0]
        args = tuple(c for c in children[1:] if c is not None)
        return ast.Call(self.span(meta), str(fn), args, self.tspan(fn))

    @v_args(meta=True)
    def comprehension(self, meta: Meta, children: list[Any]) -> ast.Comprehension:
        fn, body, var, table, *rest = children
        where = rest[0] if rest else None
        return ast.Comprehension(self.span(meta), str(fn), body, str(var), str(table), self.tspan(table), where)

    @v_args(meta=True)
    def binary(self, meta: Meta, children: list[Any]) -> ast.Binary:
        left, op, right = children
        return ast.Binary(self.span(meta), _ARITH[str(op)], left, right)

    @v_args(meta=True)
    def negate(self, meta: Meta, children: list[Any]) -> ast.Negate:
        return ast.Negate(self.span(meta), children[-1])

    @v_args(meta=True)
    def compare(self, meta: Meta, children: list[Any]) -> ast.Compare:
        left, op, right = children
        return ast.Compare(self.span(meta), COMPARATORS[str(op)], str(op), left, right)

    @v_args(meta=True)
    def meets(self, meta: Meta, children: list[Any]) -> ast.Meets:
        return ast.Meets(self.span(meta), children[0], children[1])

    @v_args(meta=True)
    def in_list(self, meta: Meta, children: list[Any]) -> ast.InList:
        return ast.InList(self.span(meta), children[0], tuple(children[1:]))

    @v_args(meta=True)
    def contains(self, meta: Meta, children: list[Any]) -> ast.Contains:
        return ast.Contains(self.span(meta), children[0], children[1])

    @v_args(meta=True)
    def and_(self, meta: Meta, children: list[Any]) -> ast.Logical:
        return ast.Logical(self.span(meta), "and", children[0], children[1])

    @v_args(meta=True)
    def or_(self, meta: Meta, children: list[Any]) -> ast.Logical:
        return ast.Logical(self.span(meta), "or", children[0], children[1])

    @v_args(meta=True)
    def not_(self, meta: Meta, children: list[Any]) -> ast.Not:
        return ast.Not(self.span(meta), children[0])

    # -- tolerances -------------------------------------------------------------------------------
    def amount(self, children: list[Token]) -> tuple[Decimal, str]:
        unit = canonical_symbol(str(children[1])) if len(children) > 1 else ""
        return parse_decimal(str(children[0])) or Decimal(0), unit

    @v_args(meta=True)
    def absolute_tolerance(self, meta: Meta, children: list[Any]) -> ast.Tolerance:
        return ast.Tolerance(self.span(meta), "absolute", *children[0])

    @v_args(meta=True)
    def per_term_tolerance(self, meta: Meta, children: list[Any]) -> ast.Tolerance:
        if not children:  # derived from the published precision of the operands
            return ast.Tolerance(self.span(meta), "per_term", None)
        return ast.Tolerance(self.span(meta), "per_term", *children[0])

    @v_args(meta=True)
    def relative_tolerance(self, meta: Meta, children: list[Any]) -> ast.Tolerance:
        return ast.Tolerance(self.span(meta), "relative", *children[0])

    @v_args(meta=True)
    def exact_tolerance(self, meta: Meta, children: list[Any]) -> ast.Tolerance:
        return ast.Tolerance(self.span(meta), "exact")

    # -- quantifiers ------------------------------------------------------------------------------
    def name_list(self, children: list[Token]) -> list[Token]:
        return children

    def code_domain(self, children: list[Token]) -> tuple[Any, ...]:
        var, cls, table = children
        return ("code", var, (str(cls),), str(table), cls)

    def row_domain(self, children: list[Token]) -> tuple[Any, ...]:
        var, table = children
        return ("row", var, (str(table),), "", table)

    def indicator_domain(self, children: list[Token]) -> tuple[Any, ...]:
        return ("indicator", children[0], (), "", None)

    def stated_domain(self, children: list[Token]) -> tuple[Any, ...]:
        return ("stated", children[0], (), "", None)

    def project_domain(self, children: list[Token]) -> tuple[Any, ...]:
        return ("project", children[0], (), "", None)

    def table_domain(self, children: list[Any]) -> tuple[Any, ...]:
        var, names = children
        return ("table", var, tuple(str(n) for n in names), "", names[0])

    def column_domain(self, children: list[Any]) -> tuple[Any, ...]:
        var, names = children
        return ("column", var, tuple(str(n) for n in names), "", names[0])

    @v_args(meta=True)
    def quantifier(self, meta: Meta, children: list[Any]) -> ast.Quantifier:
        (kind, var, domain, of, anchor), *rest = children
        where = rest[0] if rest else None
        anchor_span = self.tspan(anchor) if isinstance(anchor, Token) else None
        return ast.Quantifier(self.span(meta), kind, str(var), domain, of, where, anchor_span)

    # -- rules ------------------------------------------------------------------------------------
    def description(self, children: list[Token]) -> tuple[str, str]:
        return ("description", unquote(str(children[0])))

    def tags(self, children: list[Token]) -> tuple[str, tuple[str, ...]]:
        return ("tags", tuple(str(c) for c in children))

    def within(self, children: list[Any]) -> tuple[str, ast.Tolerance]:
        return ("within", children[0])

    def when(self, children: list[Any]) -> tuple[str, Any]:
        return ("when", children[0])

    def message(self, children: list[Token]) -> tuple[str, str]:
        return ("message", unquote(str(children[0])))

    def assertion(self, children: list[Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"assertion": children[0]}
        out.update(dict(children[1:]))
        return out

    @v_args(meta=True)
    def rule(self, meta: Meta, children: list[Any]) -> ast.Rule:
        rule_id, severity, title, *rest = children
        clauses: dict[str, Any] = dict(c for c in rest if isinstance(c, tuple))
        quantifiers = tuple(c for c in rest if isinstance(c, ast.Quantifier))
        body = next(c for c in rest if isinstance(c, dict))
        return ast.Rule(
            span=self.span(meta), id=str(rule_id), id_span=self.tspan(rule_id),
            severity=str(severity), severity_span=self.tspan(severity), title=unquote(str(title)),
            description=clauses.get("description", ""), tags=clauses.get("tags", ()),
            quantifiers=quantifiers, assertion=body["assertion"], within=body.get("within"),
            when=body.get("when"), message=body.get("message", ""),
        )

    # -- targets ----------------------------------------------------------------------------------
    def name_pattern(self, children: list[Token]) -> str:
        return unquote(str(children[0]))

    def any_name(self, children: list[Token]) -> str:
        return "*"

    def project_indicator(self, children: list[Any]) -> tuple[str, str, str]:
        return ("selector", children[0], children[2])

    def indicator_only(self, children: list[Any]) -> tuple[str, str, str]:
        return ("selector", "*", children[0])

    def target_spec(self, children: list[Any]) -> Tree[Any]:
        return Tree("target_spec", children)

    def number_quantity(self, children: list[Any]) -> Tree[Any]:
        return Tree("number_quantity", children)

    def word_quantity(self, children: list[Any]) -> Tree[Any]:
        return Tree("word_quantity", children)

    @v_args(meta=True)
    def target(self, meta: Meta, children: list[Any]) -> ast.TargetRule:
        rule_id, *rest = children
        severity = next((c for c in rest if isinstance(c, Token) and c.type == "NAME"), None)
        title = next((c for c in rest if isinstance(c, Token) and c.type == "STRING"), None)
        _, project, indicator = next(c for c in rest if isinstance(c, tuple) and c[0] == "selector")
        spec = next(c for c in rest if isinstance(c, Tree))
        clauses: dict[str, Any] = dict(c for c in rest if isinstance(c, tuple) and c[0] in ("within", "message"))
        tokens = list(spec.scan_values(lambda v: isinstance(v, Token)))
        raw = " ".join(str(t) for t in tokens)
        return ast.TargetRule(
            span=self.span(meta), id=str(rule_id), id_span=self.tspan(rule_id),
            project=project, indicator=indicator, target=target_from_tree(spec, raw),
            target_span=_cover(self, tokens), severity=str(severity) if severity else "error",
            severity_span=self.tspan(severity) if severity else None,
            title=unquote(str(title)) if title else "", within=clauses.get("within"),
            message=clauses.get("message", ""),
        )

    # -- header, settings, params, includes, policies --------------------------------------------
    def header(self, children: list[Token]) -> tuple[str, str, str]:
        return ("header", unquote(str(children[0])), str(children[1]) if len(children) > 1 else "")

    def default_unit(self, children: list[Token]) -> tuple[str, str]:
        return ("unit", canonical_symbol(str(children[0])))

    def default_tolerance(self, children: list[Any]) -> tuple[str, ast.Tolerance]:
        return ("tolerance", children[0])

    @v_args(meta=True)
    def include(self, meta: Meta, children: list[Token]) -> ast.Include:
        return ast.Include(self.span(meta), unquote(str(children[0])))

    @v_args(meta=True)
    def param(self, meta: Meta, children: list[Any]) -> ast.Param:
        return ast.Param(self.span(meta), str(children[0]), children[1])

    @v_args(meta=True)
    def policy(self, meta: Meta, children: list[Any]) -> ast.Policy:
        return ast.Policy(self.span(meta), unquote(str(children[0])), tuple(children[1:]))

    def _item(self, kind: str, meta: Meta, children: list[Any]) -> ast.PolicyItem:
        name = next((str(c) for c in children if isinstance(c, Token) and c.type == "NAME"), "")
        note = next((unquote(str(c)) for c in children if isinstance(c, Token) and c.type == "STRING"), "")
        amounts = tuple(c[0] for c in children if isinstance(c, tuple))
        units = tuple(c[1] for c in children if isinstance(c, tuple))
        return ast.PolicyItem(self.span(meta), kind, name, amounts, note, units)

    @v_args(meta=True)
    def weight(self, meta: Meta, children: list[Any]) -> ast.PolicyItem:
        return self._item("weight", meta, children)

    @v_args(meta=True)
    def spread(self, meta: Meta, children: list[Any]) -> ast.PolicyItem:
        return self._item("spread", meta, children)

    @v_args(meta=True)
    def cap(self, meta: Meta, children: list[Any]) -> ast.PolicyItem:
        return self._item("cap", meta, children)

    @v_args(meta=True)
    def exceed(self, meta: Meta, children: list[Any]) -> ast.PolicyItem:
        return self._item("exceed", meta, children)

    @v_args(meta=True)
    def tier(self, meta: Meta, children: list[Any]) -> ast.PolicyItem:
        return self._item("tier", meta, children)

    @v_args(meta=True)
    def grade(self, meta: Meta, children: list[Any]) -> ast.PolicyItem:
        return self._item("grade", meta, children)

    @v_args(meta=True)
    def light(self, meta: Meta, children: list[Any]) -> ast.PolicyItem:
        return self._item("light", meta, children)

    def start(self, children: list[Any]) -> list[Any]:
        return children


_ARITH = {"+": "+", "＋": "+", "-": "-", "－": "-", "*": "*", "×": "*", "/": "/", "÷": "/"}


def unquote(text: str) -> str:
    return text[1:-1] if len(text) >= 2 else text


def _cover(builder: Builder, tokens: list[Token]) -> Span:
    first, last = builder.tspan(tokens[0]), builder.tspan(tokens[-1])
    return Span(first.path, first.line, first.column, last.end_line, last.end_column)

"""One rule or target → its compiled form(s) (policies: ``compile.policy``).

``for each table t in A, B`` and ``for each column k in …`` are unrolled here: the rule is compiled
once per table and column, each copy checked against that table's own columns.
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

from checker import ast
from checker.compile import program as p
from checker.compile.includes import LoadedFile
from checker.compile.resolve import CompileProblem, Scope, Var, problem, resolve
from checker.compile.schema import ALL_COLUMNS, CLASSIFICATIONS, PROJECT_TABLE, table_spec
from checker.diagnostics import Diagnostic
from checker.findings import Severity
from checker.source import Span
from checker.units import unit as unit_of


def compile_rule(rule: ast.Rule, f: LoadedFile, params: dict[str, p.Const]) -> tuple[list[p.CompiledRule], list[Diagnostic]]:
    scope = Scope(params=params, default_unit=f.unit, lines=lambda s: f.line(s.line))
    try:
        severity = Severity.parse(rule.severity).label
    except KeyError:
        return [], []  # reported by the parser (E104)
    unrolled, diags = _unroll(rule, scope)
    out: list[p.CompiledRule] = []
    for fixed in unrolled:
        try:
            out.append(_compile_one(rule, scope, fixed, severity, f))
        except CompileProblem as exc:
            if exc.diagnostic not in diags:
                diags.append(exc.diagnostic)
    return out, diags


def _unroll(rule: ast.Rule, scope: Scope) -> tuple[list[dict[str, str]], list[Diagnostic]]:
    """Every combination of the rule's table and column variables."""
    combos: list[dict[str, str]] = [{}]
    diags: list[Diagnostic] = []
    for q in rule.quantifiers:
        if q.kind not in ("table", "column"):
            continue
        next_combos: list[dict[str, str]] = []
        for fixed in combos:
            try:
                values = _domain_values(q, fixed, scope)
            except CompileProblem as exc:
                diags.append(exc.diagnostic)
                return [], diags
            next_combos.extend({**fixed, q.var: v} for v in values)
        combos = next_combos
    return combos, diags


def _domain_values(q: ast.Quantifier, fixed: dict[str, str], scope: Scope) -> list[str]:
    span = q.domain_span or q.span
    if q.kind == "table":
        for name in q.domain:
            if table_spec(name) is None:
                from checker.compile.schema import did_you_mean
                from checker.dataset.templates import templates

                raise problem(scope, "E201", f"unknown table '{name}'", span, did_you_mean(name, templates()))
        return list(q.domain)
    if len(q.domain) == 1 and q.domain[0] in ALL_COLUMNS:
        tables = [v for k, v in fixed.items() if table_spec(v) is not None]
        if not tables:
            raise problem(scope, "E209", f"'{q.domain[0]}' needs a table variable bound before it", span)
        spec = table_spec(tables[-1])
        assert spec is not None
        return [c.name for c in spec.columns if c.role == "money"]
    return list(q.domain)


def _compile_one(rule: ast.Rule, base: Scope, fixed: dict[str, str], severity: str, f: LoadedFile) -> p.CompiledRule:
    scope = Scope(dict(base.vars), base.params, fixed, base.default_unit, base.lines)
    bindings: list[p.Binding] = []
    for q in rule.quantifiers:
        if q.kind in ("table", "column"):
            continue
        binding, var = _binding(q, scope)
        scope = scope.child(q.var, var)
        where = resolve(q.where, scope) if q.where is not None else None
        if where is not None and where.ty != p.BOOL:
            raise problem(scope, "E209", "'where' needs a condition", q.where.span if q.where else q.span)
        bindings.append(p.Binding(binding.kind, binding.var, binding.table, binding.classification, where))
    assert rule.assertion is not None
    assertion = resolve(rule.assertion, scope)
    if assertion.ty != p.BOOL:
        raise problem(scope, "E209", "a rule asserts a condition (a comparison such as a == b)", rule.assertion.span)
    when = resolve(rule.when, scope) if rule.when is not None else None
    fields = _message_fields(rule, scope)
    present = tuple((fixed[t], fixed[k]) for t, k in _all_column_vars(rule) if t in fixed and k in fixed)
    return p.CompiledRule(
        id=rule.id, title=rule.title, severity=severity, bindings=tuple(bindings), assertion=assertion,
        tolerance=tolerance(rule.within or f.tolerance, f.unit), location=rule.span, description=rule.description,
        tags=rule.tags, when=when, message=rule.message, fixed=tuple(fixed.items()), ruleset=f.tree.name,
        family=rule.tags[0] if rule.tags else (f.tree.name or "rules"), message_fields=fields,
        present_columns=present,
    )


def _all_column_vars(rule: ast.Rule) -> list[tuple[str, str]]:
    """(table variable, column variable) pairs where the column ranges over `金额列` of the table."""
    tables = [q.var for q in rule.quantifiers if q.kind == "table"]
    return [(tables[-1], q.var) for q in rule.quantifiers
            if q.kind == "column" and len(q.domain) == 1 and q.domain[0] in ALL_COLUMNS and tables]


_PLACEHOLDER = re.compile(r"\{([^{}.\s]+)\.([^{}\s]+)\}")
_PARAM = re.compile(r"\{([^{}.\s]+)\}")


def _message_fields(rule: ast.Rule, scope: Scope) -> tuple[tuple[str, p.Expr], ...]:
    """``{var.field}`` placeholders of a rule's message, each compiled as the field it names;
    ``{param}`` shows the parameter as written."""
    out: list[tuple[str, p.Expr]] = []
    for m in _PARAM.finditer(rule.message):
        param = scope.params.get(m.group(1))
        if param is not None:
            out.append((m.group(0), p.Const(p.TEXT, param.text, "", param.text)))
    for m in _PLACEHOLDER.finditer(rule.message):
        var, name = m.group(1), m.group(2)
        node = ast.Attribute(rule.span, ast.Name(rule.span, var), name, rule.span)
        expr = resolve(node, scope)
        if isinstance(expr, p.Field) and expr.ty == p.TARGET:  # a target is shown as written
            expr = p.Field(expr.var, expr.kind, expr.column, expr.span, p.TEXT)
        out.append((m.group(0), expr))
    return tuple(out)


def _binding(q: ast.Quantifier, scope: Scope) -> tuple[p.Binding, Var]:
    span = q.domain_span or q.span
    if q.kind == "code":
        cls = q.domain[0]
        if cls not in CLASSIFICATIONS:
            from checker.compile.schema import did_you_mean

            raise problem(scope, "E213", f"unknown classification '{cls}'", span,
                          did_you_mean(cls, CLASSIFICATIONS) or f"use one of {', '.join(CLASSIFICATIONS)}")
        table = _table(q.of, scope, span)
        spec = table_spec(table)
        assert spec is not None
        if cls not in spec.classifications:
            raise problem(scope, "E213", f"{table} has no {cls} codes", span,
                          f"its code columns: {', '.join(spec.classifications) or 'none'}")
        return p.Binding("code", q.var, table, cls), Var("code", table, cls)
    if q.kind == "row":
        table = _table(q.domain[0], scope, span)
        return p.Binding("row", q.var, table), Var("row", table)
    if q.kind == "project":
        return p.Binding("project", q.var, PROJECT_TABLE), Var("project", PROJECT_TABLE)
    return p.Binding(q.kind, q.var), Var(q.kind)


def _table(name: str, scope: Scope, span: Span) -> str:
    kind = scope.fixed.get(name, name)
    if table_spec(kind) is None:
        from checker.compile.schema import did_you_mean
        from checker.dataset.templates import templates

        raise problem(scope, "E201", f"unknown table '{name}'", span,
                      did_you_mean(name, templates()) or "see docs/canonical-format.md for the table kinds")
    return kind


def tolerance(tol: ast.Tolerance | None, default_unit: str) -> p.Tolerance:
    if tol is None or tol.kind == "exact":
        return p.Tolerance("exact", Decimal(0), "", default_unit, "exact")
    amount = "" if tol.amount is None else f"{tol.amount}{tol.unit}"
    text = {"absolute": f"within {amount}", "per_term": f"per_term {amount or '(published precision)'}",
            "relative": f"relative {amount}"}[tol.kind]
    return p.Tolerance(tol.kind, tol.amount, tol.unit, default_unit, text.strip())


def compile_target(t: ast.TargetRule, f: LoadedFile) -> tuple[p.CompiledTarget | None, list[Diagnostic]]:
    scope = Scope(default_unit=f.unit, lines=lambda s: f.line(s.line))
    diags: list[Diagnostic] = []
    try:
        severity = Severity.parse(t.severity).label
    except KeyError:
        return None, diags
    target = t.target
    if target.kind == "数值" and not target.unit:
        diags.append(problem(scope, "E210", f"the target '{target.raw}' has no unit", t.target_span,
                             f"add the unit, e.g. '{target.raw} 次' or '{target.raw} 封'").diagnostic)
        return None, diags
    if target.kind == "定性":
        diags.append(problem(scope, "E209", f"'{target.raw}' is neither a number with a unit nor a grade",
                             t.target_span, "write e.g. '>= 100000 封', '== 100%', '>= 良'").diagnostic)
        return None, diags
    if target.unit and unit_of(target.unit) is None:  # pragma: no cover - the grammar only admits known units
        diags.append(problem(scope, "E216", f"unknown unit '{target.unit}'", t.target_span).diagnostic)
        return None, diags
    return p.CompiledTarget(
        id=t.id, title=t.title or f"{t.project}/{t.indicator} {target.describe()}", severity=severity,
        project=t.project, indicator=t.indicator, target=target, location=t.span,
        tolerance=tolerance(t.within, f.unit), message=t.message, ruleset=f.tree.name,
    ), diags


__all__ = ["compile_rule", "compile_target", "itertools"]

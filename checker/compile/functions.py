"""The language's functions: aggregates, code-graph neighbourhoods, rounding, presence tests."""

from __future__ import annotations

from checker import ast
from checker.compile import program as p
from checker.compile.resolve import (
    Scope,
    code_class,
    column_ref,
    key_of,
    places_column,
    problem,
    resolve,
    table_of,
)
from checker.compile.schema import AGGREGATES, CLASSIFICATIONS, CODE_SETS


def resolve_call(node: ast.Call, scope: Scope) -> p.Expr:
    name = node.function
    if name in AGGREGATES:
        return _aggregate(node, scope)
    if name in CODE_SETS:
        raise problem(scope, "E209", f"{name}(c) selects rows: use it inside a table, e.g. sum(T[{name}(c)].合计)",
                      node.span)
    return _SCALAR[name](node, scope)


def _arity(node: ast.Call, scope: Scope, *counts: int) -> None:
    if len(node.args) not in counts:
        want = " or ".join(str(c) for c in counts)
        raise problem(scope, "E209", f"{node.function}() takes {want} argument(s), not {len(node.args)}", node.span)


def _aggregate(node: ast.Call, scope: Scope) -> p.Expr:
    if len(node.args) == 1 and isinstance(node.args[0], ast.Attribute) and isinstance(node.args[0].target, ast.Index):
        attr = node.args[0]
        assert isinstance(attr.target, ast.Index)
        table = table_of(attr.target.target, scope)
        key = key_of(attr.target.key, table, scope)
        column, ty, dim = column_ref(table, attr.field, attr.field_span, scope)
        cell = p.Cell(table, key, column, attr.span, False, ty, dim)
        if key.kind != "set" and node.function != "sum":
            raise problem(scope, "E209", f"{node.function}() needs several values, e.g. T[children(c)].合计", node.span)
        return p.Aggregate(node.function, cell, node.span, p.NUM, "" if node.function == "count" else dim)
    if node.function == "count" or not node.args:
        raise problem(scope, "E209", f"{node.function}() needs values: {node.function}(T[children(c)].合计)",
                      node.span)
    args = [resolve(a, scope) for a in node.args]
    for a, n in zip(args, node.args, strict=True):
        if a.ty != p.NUM:
            raise problem(scope, "E209", f"{node.function}() adds numbers, not {a.ty}", n.span)
    if node.function == "sum":
        total = args[0]
        for a in args[1:]:
            total = p.Arith("+", total, a, node.span, p.NUM, total.dim or a.dim)
        return total
    return p.Func(node.function, tuple(args), node.span, p.NUM, args[0].dim)


def _abs(node: ast.Call, scope: Scope) -> p.Expr:
    _arity(node, scope, 1)
    arg = resolve(node.args[0], scope)
    return p.Func("abs", (arg,), node.span, p.NUM, arg.dim)


def _round(node: ast.Call, scope: Scope) -> p.Expr:
    _arity(node, scope, 1, 2)
    value = resolve(node.args[0], scope)
    places = resolve(node.args[1], scope) if len(node.args) == 2 else p.Const(p.NUM, 0, "", "0")
    if value.ty != p.NUM or places.ty != p.NUM:
        raise problem(scope, "E209", "round(x, n) rounds a number to n decimals", node.span)
    return p.Func("round", (value, places), node.span, p.NUM, value.dim)


def _places(node: ast.Call, scope: Scope) -> p.Expr:
    _arity(node, scope, 1)
    field = resolve(node.args[0], scope)
    column = places_column(field)
    if column is None or not isinstance(field, p.Field):
        raise problem(scope, "E209", "places(x) gives the decimals a stated percentage was printed with "
                      "(s.percent or s.share)", node.span)
    return p.Field(field.var, field.kind, column, node.span, p.NUM, "")


def _has(node: ast.Call, scope: Scope) -> p.Expr:
    _arity(node, scope, 1)
    return p.Func("has", (resolve(node.args[0], scope),), node.span, p.BOOL)


def _exists(node: ast.Call, scope: Scope) -> p.Expr:
    _arity(node, scope, 1)
    arg = node.args[0]
    if isinstance(arg, ast.Index):
        table = table_of(arg.target, scope)
        return p.Exists(table, key_of(arg.key, table, scope), node.span)
    return p.Exists(table_of(arg, scope), None, node.span)


def _code_arg(node: ast.Call, scope: Scope) -> tuple[str, str]:
    _arity(node, scope, 1)
    arg = node.args[0]
    var = scope.vars.get(arg.name) if isinstance(arg, ast.Name) else None
    if var is None or var.kind != "code" or not isinstance(arg, ast.Name):
        raise problem(scope, "E209", f"{node.function}(c) takes a code variable", node.span)
    return arg.name, var.classification


def _level(node: ast.Call, scope: Scope) -> p.Expr:
    var, _ = _code_arg(node, scope)
    return p.Func("level", (p.VarValue(var, "code"),), node.span, p.NUM, "")


def _has_children(node: ast.Call, scope: Scope) -> p.Expr:
    var, cls = _code_arg(node, scope)
    return p.Func(node.function, (p.VarValue(var, "code"), p.Const(p.TEXT, cls)), node.span, p.BOOL)


def _parent(node: ast.Call, scope: Scope) -> p.Expr:
    _arity(node, scope, 1)
    arg = resolve(node.args[0], scope)
    if arg.ty != p.CODE:
        raise problem(scope, "E209", "parent() takes a code: parent(c) or parent(x.科目编码)", node.span)
    return p.CodeFunc("parent", arg, code_class(arg) or _var_class(arg, scope), node.span)


def _var_class(arg: p.Expr, scope: Scope) -> str:
    if isinstance(arg, p.VarValue) and arg.var in scope.vars:
        return scope.vars[arg.var].classification
    return ""


def _startswith(node: ast.Call, scope: Scope) -> p.Expr:
    _arity(node, scope, 2)
    args = tuple(resolve(a, scope) for a in node.args)
    if any(a.ty not in (p.TEXT, p.CODE) for a in args):
        raise problem(scope, "E209", "startswith(text, prefix) takes two texts", node.span)
    return p.Func("startswith", args, node.span, p.BOOL)


def _code_named(node: ast.Call, scope: Scope) -> p.Expr:
    _arity(node, scope, 2)
    text = resolve(node.args[0], scope)
    cls_node = node.args[1]
    cls = cls_node.name if isinstance(cls_node, ast.Name) else cls_node.value if isinstance(cls_node, ast.String) else ""
    if cls not in CLASSIFICATIONS:
        raise problem(scope, "E213", f"unknown classification '{cls}'", cls_node.span,
                      f"use one of {', '.join(CLASSIFICATIONS)}")
    return p.Func("code_named", (text, p.Const(p.TEXT, cls)), node.span, p.CODE)


def _len(node: ast.Call, scope: Scope) -> p.Expr:
    _arity(node, scope, 1)
    return p.Func("len", (resolve(node.args[0], scope),), node.span, p.NUM)


_SCALAR = {
    "abs": _abs, "round": _round, "places": _places, "has": _has, "exists": _exists, "level": _level,
    "has_children": _has_children, "is_leaf": _has_children, "parent": _parent, "code_named": _code_named,
    "len": _len, "startswith": _startswith,
}

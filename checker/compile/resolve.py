"""AST expressions → compiled expressions: every name resolved, every type and unit checked.

Problems are collected (never raised one at a time); a rule with problems is left out of the program.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from checker import ast
from checker.compile import program as p
from checker.compile.schema import (
    AGGREGATES,
    CLASSIFICATIONS,
    CODE_SETS,
    FUNCTIONS,
    INDICATOR_FIELDS,
    INDICATOR_TABLES,
    PLACES_COLUMNS,
    PROJECT_ALIASES,
    PROJECT_TABLE,
    STATED_FIELDS,
    STATED_TABLES,
    FieldSpec,
    column_type,
    did_you_mean,
    table_spec,
)
from checker.dataset.model import SCALE
from checker.dataset.templates import templates
from checker.diagnostics import Diagnostic
from checker.source import Span
from checker.units import UnitMismatch, convert, grade_rank, unit


class CompileProblem(Exception):
    """One problem in one expression; the rule it is in is left out."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass(frozen=True, slots=True)
class Var:
    kind: str  # code | row | indicator | stated | project | table | column
    table: str = ""
    classification: str = ""


@dataclass(slots=True)
class Scope:
    """What names mean inside one rule: its variables, the file's parameters, fixed (unrolled) names."""

    vars: dict[str, Var] = field(default_factory=dict)
    params: dict[str, p.Const] = field(default_factory=dict)
    fixed: dict[str, str] = field(default_factory=dict)
    default_unit: str = "万元"
    lines: Callable[[Span], str] = lambda span: ""

    def child(self, name: str, var: Var) -> Scope:
        return Scope({**self.vars, name: var}, self.params, self.fixed, self.default_unit, self.lines)


def problem(scope: Scope, code: str, message: str, span: Span, hint: str | None = None) -> CompileProblem:
    return CompileProblem(Diagnostic(code, message, span, source_line=scope.lines(span), hint=hint))


# ------------------------------------------------------------------------------------------- literals


def number_const(node: ast.Number, scope: Scope, money_context: bool = False) -> p.Const:
    """A literal in micros of its dimension's base unit; a bare number beside money is in the default unit."""
    sym = node.unit
    if not sym and money_context:
        sym = scope.default_unit
    u = unit(sym)
    if u is None:
        raise problem(scope, "E216", f"unknown unit '{sym}'", node.span)
    value = node.value * u.factor if u.dimension != "money" else convert(node.value, sym, "万元")
    exponent = node.value.as_tuple().exponent
    places = max(-exponent, 0) if isinstance(exponent, int) else 0
    return p.Const(p.NUM, int(value * SCALE), u.dimension if sym else "", node.text, places)


def grade_const(word: str) -> p.Const:
    rank = grade_rank(word)
    assert rank is not None
    return p.Const(p.GRADE, rank, "", word)


# ----------------------------------------------------------------------------------------- resolution


def resolve(node: ast.Expr, scope: Scope) -> p.Expr:
    """Compile one expression (dispatch on the node type)."""
    handler = _HANDLERS.get(type(node))
    if handler is None:  # pragma: no cover - every node type has a handler
        raise problem(scope, "E100", f"cannot compile {type(node).__name__}", node.span)
    return handler(node, scope)


def _number(node: ast.Number, scope: Scope) -> p.Expr:
    return number_const(node, scope)


def _string(node: ast.String, scope: Scope) -> p.Expr:
    return p.Const(p.TEXT, node.value, "", node.value)


def _name(node: ast.Name, scope: Scope) -> p.Expr:
    name = node.name
    if name in scope.params:
        return scope.params[name]
    var = scope.vars.get(name)
    if var is not None and var.kind == "code":
        return p.VarValue(name, "code", p.CODE)
    if var is not None:
        raise problem(scope, "E209", f"'{name}' is a {var.kind}; use one of its fields (e.g. {name}.名称)", node.span)
    if name in scope.fixed:
        return p.Const(p.TEXT, scope.fixed[name], "", scope.fixed[name])
    if grade_rank(name) is not None:
        return grade_const(name)
    if name in templates():
        raise problem(scope, "E209", f"table '{name}' needs a row: {name}[code] or {name}[\"项目\"]", node.span)
    hint = did_you_mean(name, [*scope.vars, *scope.params])
    raise problem(scope, "E207", f"unknown name '{name}'", node.span,
                  hint or "bind it with 'for each …', declare it with 'param', or quote a text")


def table_of(node: ast.Expr, scope: Scope) -> str:
    """The table kind an expression names: a table name, or a table variable fixed by unrolling."""
    if isinstance(node, ast.Name):
        kind = scope.fixed.get(node.name, node.name)
        if kind in templates():
            return kind
        hint = did_you_mean(node.name, templates())
        raise problem(scope, "E201", f"unknown table '{node.name}'", node.span,
                      hint or "the table kinds are listed in docs/canonical-format.md")
    raise problem(scope, "E209", "a table name is needed here", node.span)


def key_of(node: ast.Expr, table: str, scope: Scope) -> p.Key:
    """What ``table[…]`` selects: a code variable, a literal code or item name, or a code set."""
    spec = table_spec(table)
    assert spec is not None
    classes = spec.classifications
    if isinstance(node, ast.Name) and scope.vars.get(node.name, Var("")).kind == "code":
        cls = scope.vars[node.name].classification
        if cls not in classes:
            raise problem(scope, "E213", f"{table} has no {cls} codes", node.span,
                          f"its code columns: {', '.join(classes) or 'none'}")
        return p.Key("var", node.name, cls)
    if isinstance(node, ast.String | ast.Number):
        text = node.value if isinstance(node, ast.String) else node.text
        text = str(text).strip().strip("[]")
        if text.isdigit() and classes:
            return p.Key("code", text, _classification_of(text, classes))
        return p.Key("item", text)
    if isinstance(node, ast.Call) and node.function in CODE_SETS:
        if len(node.args) != 1 or not isinstance(node.args[0], ast.Name):
            raise problem(scope, "E209", f"{node.function}() takes one code variable", node.span)
        var = scope.vars.get(node.args[0].name)
        if var is None or var.kind != "code":
            raise problem(scope, "E207", f"'{node.args[0].name}' is not a code variable", node.args[0].span)
        cls = var.classification
        target_cls = "政府经济分类" if node.function == "mapped" else cls
        if target_cls not in classes:
            raise problem(scope, "E213", f"{table} has no {target_cls} codes", node.span)
        return p.Key("set", node.args[0].name, cls, node.function)
    if isinstance(node, ast.Call | ast.Attribute | ast.Name):
        expr = resolve(node, scope)  # an unknown name is reported here (E207)
        if expr.ty == p.CODE:
            cls = code_class(expr) or (classes[0] if classes else "")
            if cls not in classes:
                raise problem(scope, "E213", f"{table} has no {cls or 'coded'} rows", node.span)
            return p.Key("expr", "", cls, "", expr)
        if expr.ty == p.TEXT:
            return p.Key("expr", "", "", "", expr)
    raise problem(scope, "E209", "a row key is a code, a quoted item name, a code variable, children(c), "
                  "or an expression giving a code", node.span)


def code_class(expr: p.Expr) -> str:
    """The classification of a code-valued expression, when it is known."""
    if isinstance(expr, p.CodeFunc):
        return expr.classification
    if isinstance(expr, p.Func) and expr.name == "code_named" and isinstance(expr.args[1], p.Const):
        return str(expr.args[1].value)
    if isinstance(expr, p.RowField):
        spec = table_spec(expr.table)
        col = spec.column(expr.column) if spec else None
        return col.classification or "" if col else ""
    return ""


def _classification_of(code: str, classes: tuple[str, ...]) -> str:
    if len(classes) == 1:
        return classes[0]
    if code.startswith("5"):
        return "政府经济分类" if "政府经济分类" in classes else classes[0]
    if code.startswith("3"):
        return "部门经济分类" if "部门经济分类" in classes else classes[0]
    return "功能分类" if "功能分类" in classes else classes[0]


def column_ref(table: str, column: str, span: Span, scope: Scope) -> tuple[str, str, str]:
    """(column, type, dimension) of a named column, with a did-you-mean when it is unknown."""
    spec = table_spec(table)
    assert spec is not None
    column = scope.fixed.get(column, column)
    found = column_type(spec, column)
    if found is None:
        hint = did_you_mean(column, spec.column_names)
        raise problem(scope, "E202", f"table '{table}' has no column '{column}'", span,
                      hint or f"its columns: {', '.join(spec.column_names)}")
    return column, found[0], found[1]


def _attribute(node: ast.Attribute, scope: Scope, optional: bool = False) -> p.Expr:
    target = node.target
    if isinstance(target, ast.Index):
        table = table_of(target.target, scope)
        key = key_of(target.key, table, scope)
        column, ty, dim = column_ref(table, node.field, node.field_span, scope)
        return p.Cell(table, key, column, node.span, optional, ty, dim)
    if isinstance(target, ast.Name) and target.name in scope.vars:
        return _variable_field(target.name, scope.vars[target.name], node, scope, optional)
    if isinstance(target, ast.Name):
        raise problem(scope, "E207", f"unknown name '{target.name}'", target.span,
                      did_you_mean(target.name, scope.vars) or "a field belongs to a variable bound by 'for each'")
    raise problem(scope, "E209", "only variables and table rows have fields", node.span)


def _variable_field(name: str, var: Var, node: ast.Attribute, scope: Scope, optional: bool) -> p.Expr:
    if var.kind in ("row", "project") and var.table:
        table = var.table
        column = PROJECT_ALIASES.get(node.field, node.field) if var.kind == "project" else node.field
        column, ty, dim = column_ref(table, column, node.field_span, scope)
        return p.RowField(name, table, column, node.span, optional, ty, dim)
    fields: dict[str, FieldSpec] = INDICATOR_FIELDS if var.kind == "indicator" else STATED_FIELDS
    spec = fields.get(node.field)
    if spec is None or var.kind not in ("indicator", "stated"):
        hint = did_you_mean(node.field, fields)
        raise problem(scope, "E217", f"a {var.kind} has no field '{node.field}'", node.field_span,
                      hint or f"fields: {', '.join(sorted(set(fields)))}")
    return p.Field(name, var.kind, spec.column, node.span, spec.ty, spec.dim)


def _optional(node: ast.Optional, scope: Scope) -> p.Expr:
    if not isinstance(node.target, ast.Attribute):
        raise problem(scope, "E209", "'?' follows a column: r.column?", node.span)
    return _attribute(node.target, scope, optional=True)


def _index(node: ast.Index, scope: Scope) -> p.Expr:
    raise problem(scope, "E209", "a row needs a column: add .column (e.g. .合计)", node.span)


def _binary(node: ast.Binary, scope: Scope) -> p.Expr:
    left, right = _operands(node.left, node.right, scope)
    for side in (left, right):
        if side.ty != p.NUM:
            raise problem(scope, "E209", f"'{node.op}' needs numbers, not {side.ty}", node.span)
    dim = _arith_dim(node.op, left.dim, right.dim, node.span, scope)
    return p.Arith(node.op, left, right, node.span, p.NUM, dim)


def _operands(left_node: ast.Expr, right_node: ast.Expr, scope: Scope) -> tuple[p.Expr, p.Expr]:
    """Resolve both sides; a bare number beside money is read in the ruleset's default unit."""
    left = resolve(left_node, scope) if not isinstance(left_node, ast.Number) else None
    right = resolve(right_node, scope) if not isinstance(right_node, ast.Number) else None
    if left is None:
        assert isinstance(left_node, ast.Number)
        left = number_const(left_node, scope, money_context=right is not None and right.dim == "money")
    if right is None:
        assert isinstance(right_node, ast.Number)
        right = number_const(right_node, scope, money_context=left.dim == "money")
    return left, right


def _arith_dim(op: str, a: str, b: str, span: Span, scope: Scope) -> str:
    if "*" in (a, b):
        return "*"
    if op in "+-":
        if a and b and a != b:
            raise problem(scope, "E204", f"cannot add or subtract {a} and {b}", span)
        return a or b
    if op == "/":
        return "" if a == b else (a if not b else "")
    return a or b


def _negate(node: ast.Negate, scope: Scope) -> p.Expr:
    operand = resolve(node.operand, scope)
    return p.Neg(operand, node.span, p.NUM, operand.dim)


def _compare(node: ast.Compare, scope: Scope) -> p.Expr:
    left, right = _operands(node.left, node.right, scope)
    _check_comparable(left, right, node.span, scope)
    if node.op not in ("==", "!=") and p.TEXT in (left.ty, right.ty):
        raise problem(scope, "E209", f"texts compare only with == or !=, not {node.op_text}", node.span)
    return p.Compare(node.op, node.op_text, left, right, node.span)


def _check_comparable(left: p.Expr, right: p.Expr, span: Span, scope: Scope) -> None:
    tys = {left.ty, right.ty}
    if p.GRADE in tys and tys & {p.NUM}:
        raise problem(scope, "E205", "a grade (优 > 良 > 中 > 差) compared with a number", span,
                      "compare grades with grades, e.g. >= 良")
    if p.CODE in tys and tys - {p.CODE, p.TEXT}:
        raise problem(scope, "E209", "a code compares with a code or a quoted text", span)
    dims = (left.dim, right.dim)
    if left.ty == p.NUM == right.ty and all(dims) and "*" not in dims and left.dim != right.dim:
        raise problem(scope, "E204", f"unit mismatch: {_dim_word(left.dim)} against {_dim_word(right.dim)}",
                          span, "convertible units: 万元/元, 小时/分钟, 年/个月; 天 and 个月 do not convert")


def _dim_word(dim: str) -> str:
    return {"money": "money (万元/元)", "ratio": "a percentage", "duration": "a duration (分钟/小时/天)",
            "calendar": "months/years"}.get(dim, dim.replace("count:", "a count of "))


def _meets(node: ast.Meets, scope: Scope) -> p.Expr:
    actual, target = resolve(node.left, scope), resolve(node.right, scope)
    if target.ty != p.TARGET:
        raise problem(scope, "E209", "'meets' compares an actual with a declared target (i.target)", node.right.span)
    return p.MeetsTarget(actual, target, node.span)


def _in_list(node: ast.InList, scope: Scope) -> p.Expr:
    operand = resolve(node.operand, scope)
    items = []
    for item in node.items:
        value = resolve(item, scope)
        if not isinstance(value, p.Const):
            raise problem(scope, "E209", "'in (…)' lists literals", item.span)
        items.append(value.value)
    return p.InSet(operand, tuple(items), node.span)


def _contains(node: ast.Contains, scope: Scope) -> p.Expr:
    left, right = resolve(node.left, scope), resolve(node.right, scope)
    if left.ty not in (p.TEXT, p.CODE) or right.ty not in (p.TEXT, p.CODE):
        raise problem(scope, "E209", "'contains' looks for a text inside a text", node.span)
    return p.ContainsText(left, right, node.span)


def _logical(node: ast.Logical, scope: Scope) -> p.Expr:
    args = (resolve(node.left, scope), resolve(node.right, scope))
    for a, n in zip(args, (node.left, node.right), strict=True):
        _require_bool(a, n.span, scope)
    return p.BoolOp(node.op, args, node.span)


def _not(node: ast.Not, scope: Scope) -> p.Expr:
    arg = resolve(node.operand, scope)
    _require_bool(arg, node.operand.span, scope)
    return p.BoolOp("not", (arg,), node.span)


def _require_bool(expr: p.Expr, span: Span, scope: Scope) -> None:
    if expr.ty != p.BOOL:
        raise problem(scope, "E209", f"a condition is needed here, not a {expr.ty}", span,
                      "compare it: x == y, x > 0, has(x)")


def _comprehension(node: ast.Comprehension, scope: Scope) -> p.Expr:
    if node.function not in AGGREGATES:
        raise problem(scope, "E208", f"'{node.function}(… for …)' is not an aggregate", node.span,
                      did_you_mean(node.function, AGGREGATES) or "use sum, count, min or max")
    if node.table in STATED_TABLES + INDICATOR_TABLES:
        kind = "stated" if node.table in STATED_TABLES else "indicator"
        table, inner = kind, scope.child(node.var, Var(kind))
    else:
        table = table_of(ast.Name(node.table_span, node.table), scope)
        inner = scope.child(node.var, Var("row", table))
    body = resolve(node.body, inner)
    where = resolve(node.where, inner) if node.where is not None else None
    correlation = None
    if where is not None:
        where, correlation, crossed = _split_correlation(where, node.var, node.span)
    else:
        crossed = None
    dim = body.dim if node.function != "count" else ""
    return p.Comprehension(node.function, body, node.var, table, where, correlation, node.span, p.NUM, dim, crossed)


def _split_correlation(where: p.Expr, inner: str, span: Span) -> tuple[p.Expr | None, tuple | None, p.Expr | None]:
    """Split a filter into: conditions on x alone; one ``x.k == outer.f`` (a join); and the rest, which
    mention outer variables and are checked on every (outer, x) pair of the same dataset."""
    terms = _conjuncts(where)
    keep: list[p.Expr] = []
    crossed: list[p.Expr] = []
    correlation = None
    for t in terms:
        if isinstance(t, p.Compare) and t.op == "==" and correlation is None:
            lrefs, rrefs = _vars_in(t.left), _vars_in(t.right)
            if lrefs == {inner} and inner not in rrefs and rrefs:
                correlation = (t.left, t.right)
                continue
            if rrefs == {inner} and inner not in lrefs and lrefs:
                correlation = (t.right, t.left)
                continue
        (crossed if _vars_in(t) - {inner} else keep).append(t)
    return _conjoin(keep, span), correlation, _conjoin(crossed, span)


def _conjoin(terms: list[p.Expr], span: Span) -> p.Expr | None:
    out: p.Expr | None = None
    for t in terms:
        out = t if out is None else p.BoolOp("and", (out, t), span)
    return out


def _conjuncts(expr: p.Expr) -> list[p.Expr]:
    if isinstance(expr, p.BoolOp) and expr.op == "and":
        return [t for a in expr.args for t in _conjuncts(a)]
    return [expr]


def _vars_in(expr: object) -> set[str]:
    out: set[str] = set()
    if isinstance(expr, p.RowField | p.Field | p.VarValue):
        out.add(expr.var)
    if isinstance(expr, p.Cell | p.Exists) and expr.key is not None and expr.key.kind in ("var", "set"):
        out.add(expr.key.value)
    for name in getattr(expr, "__slots__", ()):
        value = getattr(expr, name, None)
        if isinstance(value, tuple):
            for v in value:
                out |= _vars_in(v)
        elif hasattr(value, "__slots__") and not isinstance(value, Span | p.Key):
            out |= _vars_in(value)
    return out


def _call(node: ast.Call, scope: Scope) -> p.Expr:
    from checker.compile.functions import resolve_call

    if node.function not in FUNCTIONS:
        raise problem(scope, "E208", f"unknown function '{node.function}'", node.name_span,
                      did_you_mean(node.function, FUNCTIONS) or f"functions: {', '.join(FUNCTIONS)}")
    return resolve_call(node, scope)


def places_column(field_node: p.Expr) -> str | None:
    if isinstance(field_node, p.Field) and field_node.column in PLACES_COLUMNS:
        return PLACES_COLUMNS[field_node.column]
    return None


def project_var(scope: Scope) -> Var:
    return Var("project", PROJECT_TABLE)


_HANDLERS: dict[type, Callable[..., p.Expr]] = {
    ast.Number: _number,
    ast.String: _string,
    ast.Name: _name,
    ast.Attribute: _attribute,
    ast.Optional: _optional,
    ast.Index: _index,
    ast.Binary: _binary,
    ast.Negate: _negate,
    ast.Compare: _compare,
    ast.Meets: _meets,
    ast.InList: _in_list,
    ast.Contains: _contains,
    ast.Logical: _logical,
    ast.Not: _not,
    ast.Comprehension: _comprehension,
    ast.Call: _call,
}

__all__ = ["CLASSIFICATIONS", "Decimal", "UnitMismatch", "resolve"]

"""The compiled form of rules: names resolved, types and units known, ready to evaluate many times.

Numbers are micros of the base unit of their dimension (money: 万元; ratio: %; duration: 秒;
calendar: 个月; counts: the thing counted).  A dimension of "" is a pure number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from checker.source import Span
from checker.units import Target

# Types of compiled expressions
NUM, TEXT, BOOL, GRADE, CODE, TARGET = "number", "text", "bool", "grade", "code", "target"


@dataclass(frozen=True, slots=True)
class Const:
    ty: str
    value: object  # int micros (NUM), str (TEXT/CODE), bool, (scale, rank) for GRADE
    dim: str = ""
    text: str = ""
    places: int = 0


@dataclass(frozen=True, slots=True)
class Key:
    """How ``T[key]`` selects rows: by a code variable, a literal code, an item name, or a code set."""

    kind: str  # var | code | item | set | expr
    value: str  # variable name, code, item name
    classification: str = ""
    function: str = ""  # for set: children | descendants | leaves | mapped
    expr: object = None  # for expr: a compiled expression giving a code (or an item name) per subject


@dataclass(frozen=True, slots=True)
class Cell:
    """``T[key].column``: the value(s) of a column in the rows a key selects (summed when several)."""

    table: str
    key: Key
    column: str
    span: Span
    optional: bool = False
    ty: str = NUM
    dim: str = "money"


@dataclass(frozen=True, slots=True)
class Exists:
    table: str
    key: Key | None
    span: Span
    ty: str = BOOL
    dim: str = ""


@dataclass(frozen=True, slots=True)
class RowField:
    """``r.column`` for a row variable over ``table``."""

    var: str
    table: str
    column: str
    span: Span
    optional: bool = False
    ty: str = NUM
    dim: str = "money"


@dataclass(frozen=True, slots=True)
class Field:
    """A field of an indicator, stated figure or project variable (frame column)."""

    var: str
    kind: str  # indicator | stated
    column: str
    span: Span
    ty: str = NUM
    dim: str = ""


@dataclass(frozen=True, slots=True)
class VarValue:
    """The value of a variable itself: a code, a table kind, a column name."""

    var: str
    kind: str
    ty: str = CODE
    dim: str = ""


@dataclass(frozen=True, slots=True)
class Aggregate:
    """sum / count / min / max over a code set (``T[children(c)].col``) or a comprehension."""

    function: str
    source: Cell | Comprehension
    span: Span
    ty: str = NUM
    dim: str = "money"


@dataclass(frozen=True, slots=True)
class Comprehension:
    """``f(x.col for x in T where …)``; ``correlation`` pairs an inner key with an outer expression;
    ``crossed`` holds conditions on both, checked for each (outer subject, inner row) pair."""

    function: str
    body: Expr
    var: str
    table: str
    where: Expr | None
    correlation: tuple[Expr, Expr] | None
    span: Span
    ty: str = NUM
    dim: str = "money"
    crossed: Expr | None = None


@dataclass(frozen=True, slots=True)
class Arith:
    op: str
    left: Expr
    right: Expr
    span: Span
    ty: str = NUM
    dim: str = ""


@dataclass(frozen=True, slots=True)
class Neg:
    operand: Expr
    span: Span
    ty: str = NUM
    dim: str = ""


@dataclass(frozen=True, slots=True)
class Func:
    """abs, round, places, has, level, has_children, is_leaf, code_named, len, startswith."""

    name: str
    args: tuple[Expr, ...]
    span: Span
    ty: str = NUM
    dim: str = ""


@dataclass(frozen=True, slots=True)
class CodeFunc:
    """parent(code) — a code computed from a code."""

    name: str
    arg: Expr
    classification: str
    span: Span
    ty: str = CODE
    dim: str = ""


@dataclass(frozen=True, slots=True)
class Compare:
    op: str
    op_text: str
    left: Expr
    right: Expr
    span: Span
    ty: str = BOOL
    dim: str = ""


@dataclass(frozen=True, slots=True)
class MeetsTarget:
    actual: Expr
    target: Expr
    span: Span
    ty: str = BOOL
    dim: str = ""


@dataclass(frozen=True, slots=True)
class InSet:
    operand: Expr
    items: tuple[object, ...]
    span: Span
    ty: str = BOOL
    dim: str = ""


@dataclass(frozen=True, slots=True)
class ContainsText:
    left: Expr
    right: Expr
    span: Span
    ty: str = BOOL
    dim: str = ""


@dataclass(frozen=True, slots=True)
class BoolOp:
    op: str  # and | or | not
    args: tuple[Expr, ...]
    span: Span
    ty: str = BOOL
    dim: str = ""


Expr = (
    Const | Cell | Exists | RowField | Field | VarValue | Aggregate | Comprehension | Arith | Neg | Func
    | CodeFunc | Compare | MeetsTarget | InSet | ContainsText | BoolOp
)


@dataclass(frozen=True, slots=True)
class Binding:
    """One ``for each``: what a variable ranges over, and the filter."""

    kind: str  # code | row | indicator | stated | project | dataset
    var: str
    table: str = ""
    classification: str = ""
    where: Expr | None = None


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How far apart two sides may be.  ``per_term`` with amount None derives from published precision."""

    kind: str = "exact"  # exact | absolute | per_term | relative
    amount: Decimal | None = Decimal(0)  # in ``unit``; for relative, a percentage
    unit: str = ""  # "" means: the compared values' own unit (money: the ruleset's default unit)
    default_unit: str = "万元"
    text: str = ""


@dataclass(frozen=True, slots=True)
class CompiledRule:
    id: str
    title: str
    severity: str
    bindings: tuple[Binding, ...]
    assertion: Expr
    tolerance: Tolerance
    location: Span
    description: str = ""
    tags: tuple[str, ...] = ()
    when: Expr | None = None
    message: str = ""
    fixed: tuple[tuple[str, str], ...] = ()  # unrolled table/column variables: (var, value)
    ruleset: str = ""
    family: str = ""
    message_fields: tuple[tuple[str, Expr], ...] = ()  # "{s.增减词}" → the field it shows
    present_columns: tuple[tuple[str, str], ...] = ()  # from `金额列`: checked only where the data has them


@dataclass(frozen=True, slots=True)
class CompiledTarget:
    id: str
    title: str
    severity: str
    project: str
    indicator: str
    target: Target
    location: Span
    tolerance: Tolerance = field(default_factory=Tolerance)
    message: str = ""
    ruleset: str = ""


# The standard self-evaluation policy (财预〔2020〕10号 practice): what a policy leaves out, it inherits.
EXECUTION = "预算执行率"
STANDARD_WEIGHTS = {"产出": Decimal(50), "效益": Decimal(30), "满意度": Decimal(10), EXECUTION: Decimal(10)}
STANDARD_TIERS = {"达成": (Decimal(80), Decimal(100)), "部分达成": (Decimal(50), Decimal(80)),
                  "未达成": (Decimal(0), Decimal(50))}
STANDARD_GRADES = {"优": Decimal(90), "良": Decimal(80), "中": Decimal(60), "差": Decimal(0)}
STANDARD_LIGHTS = {"红": Decimal(60), "黄": Decimal(80), "绿": Decimal(120)}


@dataclass(frozen=True, slots=True)
class PolicySpec:
    """A scoring policy (绩效自评): every number a bureau may adapt; sections not written are standard.

    ``weights``: level → marks (产出/效益/满意度/成本 and 预算执行率), summing to 100.  ``spread``:
    ``declared`` (a level's marks by the indicators' 权重 when every one of them has one, else equally)
    or ``equal``.  ``cap``: the most an indicator earns, in % of its marks.  ``exceed``: % of the target
    above which a 正向 indicator is noted as far exceeded.  ``tiers``: name → (from %, to %) bands of the
    marks for qualitative and grade indicators.  ``grades``: name → lowest total.  ``lights``: name → %
    of expected-to-date progress below which the light shows (or, when one light is at 0%, from which).
    """

    name: str = "标准绩效自评"
    weights: dict[str, Decimal] = field(default_factory=lambda: dict(STANDARD_WEIGHTS))
    spread: str = "declared"  # declared | equal
    cap: Decimal = Decimal(100)  # % of an indicator's marks at most
    exceed: Decimal | None = Decimal(150)  # % of target above which a note is required
    exceed_note: str = "目标设置偏低"
    tiers: dict[str, tuple[Decimal, Decimal]] = field(default_factory=lambda: dict(STANDARD_TIERS))
    grades: dict[str, Decimal] = field(default_factory=lambda: dict(STANDARD_GRADES))
    lights: dict[str, Decimal] = field(default_factory=lambda: dict(STANDARD_LIGHTS))
    location: Span | None = None


@dataclass(frozen=True, slots=True)
class Program:
    """Everything a set of rule files says, compiled: evaluate it over any number of datasets."""

    rules: tuple[CompiledRule, ...]
    targets: tuple[CompiledTarget, ...] = ()
    policies: tuple[PolicySpec, ...] = ()
    files: tuple[str, ...] = ()
    names: tuple[str, ...] = ()  # each file's ruleset name ("" for a file without a header), as files

    @property
    def rule_ids(self) -> list[str]:
        seen: dict[str, None] = {}
        for r in self.rules:
            seen.setdefault(r.id, None)
        for t in self.targets:
            seen.setdefault(t.id, None)
        return list(seen)

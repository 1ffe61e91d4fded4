"""A ``policy`` statement → PolicySpec, every mistake a diagnostic (E222–E228) with its span.

A policy names only what it changes: a section it does not write (weights, tiers, grades, lights, cap,
exceed, spread) is the standard one of ``program.PolicySpec``.  Checked: the weights sum to 100 and name
known levels; tiers are bands inside 0–100% that do not overlap, the highest reaching 100%; grades
start at 0; lights are distinct; cap and exceed are at least 100%; no item is written twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from decimal import Decimal
from itertools import pairwise
from typing import Any

from checker import ast
from checker.compile import program as p
from checker.compile.includes import LoadedFile
from checker.compile.schema import did_you_mean
from checker.diagnostics import Diagnostic
from checker.source import Span

LEVELS = ("产出", "效益", "满意度", "成本", p.EXECUTION)  # what a weight may name
SPREADS = ("declared", "equal")
HUNDRED = Decimal(100)
PERCENT_UNITS = ("", "%")
WEIGHT_UNITS = ("", "%", "分")


@dataclass(slots=True)
class _Draft:
    """The sections written so far, and the diagnostics met."""

    f: LoadedFile
    values: dict[str, Any] = field(default_factory=dict)
    seen: dict[tuple[str, str], Span] = field(default_factory=dict)
    tier_spans: dict[str, Span] = field(default_factory=dict)
    diags: list[Diagnostic] = field(default_factory=list)

    def problem(self, code: str, message: str, span: Span, hint: str | None = None) -> None:
        self.diags.append(Diagnostic(code, message, span, source_line=self.f.line(span.line), hint=hint))

    def section(self, name: str) -> dict[str, Any]:
        return self.values.setdefault(name, {})


def compile_policy(pol: ast.Policy, f: LoadedFile) -> tuple[p.PolicySpec | None, list[Diagnostic]]:
    """The compiled policy, or None with the diagnostics when any item is wrong."""
    draft = _Draft(f)
    for item in pol.items:
        if _repeated(item, draft) or not _units_fit(item, draft):
            continue
        _READERS[item.kind](item, draft)
    for check in (_check_weights, _check_tiers, _check_grades, _check_lights):
        check(pol, draft)
    if draft.diags:
        return None, draft.diags
    known = {f.name for f in fields(p.PolicySpec)}
    return p.PolicySpec(name=pol.name, location=pol.span, **{k: v for k, v in draft.values.items() if k in known}), []


def _repeated(item: ast.PolicyItem, draft: _Draft) -> bool:
    key = (item.kind, "" if item.kind == "spread" else item.name)
    first = draft.seen.get(key)
    if first is None:
        draft.seen[key] = item.span
        return False
    what = f"{item.kind} {item.name}".strip()
    draft.problem("E228", f"'{what}' is written twice in the policy (first at line {first.line})", item.span,
                  "keep one; a policy item is set once")
    return True


def _units_fit(item: ast.PolicyItem, draft: _Draft) -> bool:
    allowed = WEIGHT_UNITS if item.kind == "weight" else PERCENT_UNITS
    wrong = next((u for u in item.units if u not in allowed), None)
    if wrong is None:
        return True
    draft.problem("E228", f"'{item.kind}' takes a percentage, not '{wrong}'", item.span,
                  "write e.g. 'weight 产出 50', 'cap 100%', 'tier 达成 80% to 100%', 'light 红 60%'")
    return False


def _weight(item: ast.PolicyItem, draft: _Draft) -> None:
    if item.name not in LEVELS:
        bare = item.name.removesuffix("指标")
        hint = f"did you mean '{bare}'?" if bare in LEVELS else did_you_mean(item.name, LEVELS)
        hint = hint or f"levels are {', '.join(LEVELS)}"
        draft.problem("E223", f"unknown level '{item.name}' in a policy weight", item.span, hint)
        return
    draft.section("weights")[item.name] = item.amounts[0]


def _spread(item: ast.PolicyItem, draft: _Draft) -> None:
    if item.name not in SPREADS:
        draft.problem("E227", f"unknown spread '{item.name}'", item.span,
                      did_you_mean(item.name, SPREADS) or "write 'spread declared' or 'spread equal'")
        return
    draft.values["spread"] = item.name


def _cap(item: ast.PolicyItem, draft: _Draft) -> None:
    if item.amounts[0] < HUNDRED:
        draft.problem("E227", f"cap {item.amounts[0]}% is below 100%: a met indicator would not earn its marks",
                      item.span, "write 'cap 100%' (or more, to reward exceeding a target)")
        return
    draft.values["cap"] = item.amounts[0]


def _exceed(item: ast.PolicyItem, draft: _Draft) -> None:
    if item.amounts[0] <= HUNDRED:
        draft.problem("E227", f"exceed {item.amounts[0]}% is not above the target (100%)", item.span,
                      "write e.g. 'exceed 150%': an actual above 150% of its target is noted")
        return
    draft.values["exceed"] = item.amounts[0]
    if item.note:
        draft.values["exceed_note"] = item.note


def _tier(item: ast.PolicyItem, draft: _Draft) -> None:
    low, high = item.amounts
    if not Decimal(0) <= low < high <= HUNDRED:
        draft.problem("E224", f"tier {item.name} {low}% to {high}% is not a band inside 0% to 100%", item.span,
                      "write the lower bound first: 'tier 部分达成 50% to 80%'")
        return
    draft.section("tiers")[item.name] = (low, high)
    draft.tier_spans[item.name] = item.span


def _grade(item: ast.PolicyItem, draft: _Draft) -> None:
    if item.amounts[0] > HUNDRED:
        draft.problem("E225", f"grade {item.name} starts above 100", item.span, "a total is at most 100")
        return
    draft.section("grades")[item.name] = item.amounts[0]


def _light(item: ast.PolicyItem, draft: _Draft) -> None:
    draft.section("lights")[item.name] = item.amounts[0]


_READERS: dict[str, Callable[[ast.PolicyItem, _Draft], None]] = {
    "weight": _weight, "spread": _spread, "cap": _cap, "exceed": _exceed, "tier": _tier, "grade": _grade,
    "light": _light,
}


def _items(pol: ast.Policy, kind: str) -> Iterator[ast.PolicyItem]:
    return (i for i in pol.items if i.kind == kind)


def _check_weights(pol: ast.Policy, draft: _Draft) -> None:
    weights: dict[str, Decimal] = draft.values.get("weights", {})
    if not weights or any(d.code == "E223" for d in draft.diags):
        return
    total = sum(weights.values(), Decimal(0))
    if total != HUNDRED:
        shown = " + ".join(f"{k} {v}" for k, v in weights.items())
        draft.problem("E222", f"the policy's weights sum to {total}, not 100 ({shown})", next(_items(pol, "weight")).span,
                      "the level weights are the marks of a 100-point evaluation")


def _check_tiers(pol: ast.Policy, draft: _Draft) -> None:
    tiers: dict[str, tuple[Decimal, Decimal]] = draft.values.get("tiers", {})
    if not tiers:
        return
    ordered = sorted(tiers.items(), key=lambda kv: kv[1])
    for (a, (_, a_high)), (b, (b_low, _)) in pairwise(ordered):
        if b_low < a_high:
            draft.problem("E224", f"tiers {a} and {b} overlap ({b_low}% is below {a_high}%)",
                          draft.tier_spans[b], "let each band start where the one below ends")
    if ordered[-1][1][1] != HUNDRED:
        name = ordered[-1][0]
        draft.problem("E224", f"the highest tier {name} ends at {ordered[-1][1][1]}%, not 100%",
                      draft.tier_spans[name], "an achieved indicator earns all its marks: end it at 100%")


def _check_grades(pol: ast.Policy, draft: _Draft) -> None:
    grades: dict[str, Decimal] = draft.values.get("grades", {})
    if not grades:
        return
    span = next(_items(pol, "grade")).span
    if Decimal(0) not in grades.values():
        draft.problem("E225", "no grade starts at 0: a low total would have no grade", span,
                      "add the lowest grade, e.g. 'grade 差 0'")
    if len(set(grades.values())) < len(grades):
        draft.problem("E225", "two grades start at the same total", span, "give each grade its own lower bound")


def _check_lights(pol: ast.Policy, draft: _Draft) -> None:
    lights: dict[str, Decimal] = draft.values.get("lights", {})
    if len(set(lights.values())) < len(lights):
        draft.problem("E226", "two lights have the same threshold", next(_items(pol, "light")).span,
                      "give each light its own threshold: 'light 红 60% light 黄 80% light 绿 120%'")

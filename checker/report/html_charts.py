"""The HTML report's three charts, from plain report data: budget structure by class, indicator
achievement, and findings by rule (stacked by outcome)."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from checker.findings import Outcome
from checker.report.model import Report, decimal_text, outcome_of
from checker.report.svg import BarRow, Segment, bar_chart

COLOURS = {"failed": "#c0392b", "error": "#8e44ad", "not_evaluated": "#d4a017", "waived": "#2e86c1",
           "passed": "#27ae60"}
ACHIEVEMENT = {"met": ("passed",), "unmet": ("failed",), "not evaluated": ("not_evaluated", "error", "")}
MAX_BARS = 30


def _amount(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


def budget_chart(report: Report) -> str | None:
    """Amount per class code (万元), summed over datasets when there are several."""
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for row in report.budget_by_class:
        totals[(str(row.get("code", "")), str(row.get("name", "")))] += _amount(row.get("amount"))
    if not totals:
        return None
    keys = sorted(totals)[:MAX_BARS]
    rows = [BarRow(f"{code} {name}".strip(), (Segment("万元", float(totals[(code, name)]), "#3b6ea5"),),
                   f"{decimal_text(totals[(code, name)])} 万元") for code, name in keys]
    datasets = {str(r.get("dataset", "")) for r in report.budget_by_class}
    scope = f"{len(datasets)} datasets" if len(datasets) > 1 else next(iter(datasets)) or "dataset"
    return bar_chart(f"Budget by class (万元, {scope})", rows, chart_id="chart-budget")


def indicator_chart(report: Report) -> str | None:
    """How many indicators met, did not meet, or could not be compared with their targets."""
    if not report.indicators:
        return None
    counts = Counter(outcome_of(i.get("outcome")) for i in report.indicators)
    rows = []
    for label, outcomes in ACHIEVEMENT.items():
        n = sum(counts.get(o, 0) for o in outcomes)
        rows.append(BarRow(label, (Segment(label, float(n), COLOURS[outcomes[0] or "not_evaluated"]),), str(n)))
    return bar_chart(f"Indicator achievement ({len(report.indicators)} indicators)", rows,
                     chart_id="chart-indicators")


def findings_chart(report: Report) -> str | None:
    """Findings per rule, stacked by outcome; the rules with most open findings first."""
    per_rule: dict[str, Counter[str]] = defaultdict(Counter)
    for f in report.findings:
        if f.outcome is not Outcome.PASSED:
            per_rule[f.rule][f.outcome.value] += 1
    if not per_rule:
        return None
    order = sorted(per_rule, key=lambda r: (-(per_rule[r]["failed"] + per_rule[r]["error"]), -sum(per_rule[r].values()), r))
    rows = [BarRow(rule, tuple(Segment(o, float(per_rule[rule][o]), COLOURS[o]) for o in COLOURS if per_rule[rule][o]),
                   " · ".join(f"{per_rule[rule][o]} {o}" for o in COLOURS if per_rule[rule][o]))
            for rule in order[:MAX_BARS]]
    legend = {o: c for o, c in COLOURS.items() if o != "passed"}
    shown = f" (the {MAX_BARS} of {len(order)} rules with most open findings)" if len(order) > MAX_BARS else ""
    return bar_chart(f"Findings by rule{shown}", rows, legend=legend, chart_id="chart-findings")

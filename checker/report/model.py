"""What every renderer sees: findings and plain report data (no Dataset, no frames).

The check command fills a :class:`Report` from its run; each renderer turns it into one format.  Passes are
counted per rule (``checked``/``passed``), not listed; chart data are plain lists of dicts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from checker import __version__
from checker.findings import Finding, Outcome, Severity, Summary, exit_status, report_order

SCHEMA = "checker.report/1"
TOOL = "checker"


@dataclass(slots=True)
class Report:
    """One run's findings, summary and what a reader needs around them.

    ``rulesets``: ``{"name", "file"}`` per ruleset; ``datasets``: ``{"key", "department", "year",
    "document"}`` per unit; ``budget_by_class``: ``{"dataset", "code", "name", "amount"}`` (Decimal 万元);
    ``indicators``: ``{"dataset", "project", "indicator", "target", "actual", "outcome"}``; ``scores``:
    dicts filled by scoring, rendered as a table when present.
    """

    findings: list[Finding]
    summary: Summary
    generated_at: str
    rulesets: list[dict[str, str]] = field(default_factory=list)
    datasets: list[dict[str, str]] = field(default_factory=list)
    tool_version: str = __version__
    fail_on: Severity = Severity.ERROR
    tolerance_policy: str = ""
    checked: dict[str, int] = field(default_factory=dict)
    passed: dict[str, int] = field(default_factory=dict)
    budget_by_class: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    scores: list[dict[str, Any]] | None = None
    rule_titles: dict[str, str] = field(default_factory=dict)  # every rule's title, passed ones too

    @classmethod
    def of(cls, findings: Iterable[Finding], *, generated_at: str | None = None,
           datasets: Sequence[Mapping[str, str]] = (), rulesets: Sequence[Mapping[str, str]] = (),
           checked: Mapping[str, int] | None = None, passed: Mapping[str, int] | None = None,
           tool_version: str = __version__, fail_on: Severity = Severity.ERROR, tolerance_policy: str = "",
           budget_by_class: Sequence[dict[str, Any]] = (), indicators: Sequence[dict[str, Any]] = (),
           scores: Sequence[dict[str, Any]] | None = None, rule_titles: Mapping[str, str] | None = None) -> Report:
        """A report whose summary is computed from the findings; ``generated_at`` defaults to now (UTC)."""
        listed = list(findings)
        checked = dict(checked or {})
        return cls(
            findings=listed,
            summary=Summary.of(listed, datasets=len(datasets), rules=len(set(checked) | {f.rule for f in listed})),
            generated_at=generated_at or now_iso(),
            datasets=[dict(d) for d in datasets],
            rulesets=[dict(r) for r in rulesets],
            tool_version=tool_version,
            fail_on=fail_on,
            tolerance_policy=tolerance_policy,
            checked=checked,
            passed=dict(passed or {}),
            budget_by_class=list(budget_by_class),
            indicators=list(indicators),
            scores=None if scores is None else list(scores),
            rule_titles=dict(rule_titles or {}),
        )

    @property
    def exit_status(self) -> int:
        """The exit code these findings give at ``fail_on`` (0, 1 or 2)."""
        return exit_status(self.findings, self.fail_on)

    @property
    def verdict(self) -> str:
        """``passed``, ``failed`` or ``incomplete``, as the exit code says."""
        return ("passed", "failed", "incomplete")[self.exit_status]

    def rule_ids(self) -> list[str]:
        """Every rule that was checked or has a finding, sorted."""
        return sorted(set(self.checked) | set(self.passed) | {f.rule for f in self.findings})

    def titles(self) -> dict[str, str]:
        """Rule id → title: from the program (passed rules too), then as the findings give it."""
        return {**self.rule_titles, **{f.rule: f.title for f in self.findings if f.title}}


def report_findings(report: Report) -> list[Finding]:
    """The report's findings in reading order: failing first, worst severity first (``report_order``)."""
    return report_order(report.findings)


def now_iso() -> str:
    """The current UTC time as an ISO 8601 string, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def decimal_text(value: Decimal) -> str:
    """Exact fixed-point text of a Decimal (never an exponent): ``Decimal("2762.35")`` → ``"2762.35"``."""
    return format(value, "f")


def value_text(value: Decimal | str | None) -> str | None:
    """A finding's value as text: Decimals exactly, grades and phrases as written, None as None."""
    if value is None:
        return None
    return decimal_text(value) if isinstance(value, Decimal) else str(value)


def with_unit(value: Decimal | str | None, unit: str) -> str:
    """``"2762.35 万元"``; an empty string for no value; a grade without unit."""
    text = value_text(value)
    if text is None:
        return ""
    if not unit or not isinstance(value, Decimal):
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def is_open(finding: Finding) -> bool:
    """Failed or errored: what still needs someone's attention."""
    return finding.outcome in (Outcome.FAILED, Outcome.ERROR)


def outcome_of(value: object) -> str:
    """An outcome given as an :class:`Outcome` or its value, as the value (``"failed"``)."""
    return value.value if isinstance(value, Outcome) else str(value or "")


def columns_of(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """The keys of a list of dicts, in order of first appearance (for generic tables such as scores)."""
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def cell_text(value: object) -> str:
    """A plain cell: Decimals exactly, enums by value, None as empty."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, Outcome | Severity):
        return value.value if isinstance(value, Outcome) else value.label
    return str(value)

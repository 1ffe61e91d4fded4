"""Plain result data: what a rule found about one subject, and the summary of a run."""

from __future__ import annotations

import enum
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal


class Outcome(enum.Enum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_EVALUATED = "not_evaluated"
    ERROR = "error"
    WAIVED = "waived"


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return _SEVERITY_WORDS[text.strip().lower()]


_SEVERITY_WORDS = {
    "error": Severity.ERROR, "错误": Severity.ERROR,
    "warning": Severity.WARNING, "警告": Severity.WARNING,
    "info": Severity.INFO, "提示": Severity.INFO,
}
SEVERITY_WORDS = tuple(_SEVERITY_WORDS)


@dataclass(frozen=True, slots=True)
class Operand:
    """One term of a failed comparison, with where its value came from."""

    label: str
    value: Decimal | str | None
    data_location: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """What one rule found about one subject.

    ``expected``/``actual``/``difference`` are exact (Decimal) in ``unit``; a grade or a phrase is a str.
    """

    rule: str
    title: str
    severity: Severity
    outcome: Outcome
    subject: str
    message: str
    dataset: str = ""
    year: str = ""
    expected: Decimal | str | None = None
    actual: Decimal | str | None = None
    difference: Decimal | None = None
    tolerance: Decimal | None = None
    tolerance_note: str = ""
    unit: str = ""
    rule_location: str = ""
    data_location: str = ""
    document_location: str = ""
    family: str = ""
    explanation: str = ""
    operands: tuple[Operand, ...] = ()
    culprit: str = ""
    slip: str = ""
    waiver: str = ""

    @property
    def fingerprint(self) -> str:
        """Stable across runs: rule id + subject + unit (dataset) + year, never the values."""
        key = "\x1f".join((self.rule, self.subject, self.dataset, self.year))
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def with_(self, **changes: object) -> Finding:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts by outcome and by severity of the failures; what decides the exit code."""

    total: int
    by_outcome: dict[str, int] = field(default_factory=dict)
    failed_by_severity: dict[str, int] = field(default_factory=dict)
    datasets: int = 0
    rules: int = 0

    @classmethod
    def of(cls, findings: Sequence[Finding], datasets: int = 0, rules: int = 0) -> Summary:
        outcomes = Counter(f.outcome.value for f in findings)
        failed = Counter(f.severity.label for f in findings if f.outcome is Outcome.FAILED)
        return cls(
            total=len(findings),
            by_outcome={o.value: outcomes.get(o.value, 0) for o in Outcome},
            failed_by_severity={s.label: failed.get(s.label, 0) for s in sorted(Severity, reverse=True)},
            datasets=datasets,
            rules=rules,
        )


def exit_status(findings: Iterable[Finding], fail_on: Severity, incomplete: bool = False) -> int:
    """0: nothing at or above ``fail_on`` failed; 1: something did; 2: the check could not be completed.

    A rule that errored (``ERROR``) at or above ``fail_on`` also makes the check incomplete.
    """
    worst = 0
    for f in findings:
        if f.severity < fail_on:
            continue
        if f.outcome is Outcome.ERROR:
            return 2
        if f.outcome is Outcome.FAILED:
            worst = 1
    return 2 if incomplete else worst


_ORDER = {Outcome.FAILED: 0, Outcome.ERROR: 1, Outcome.NOT_EVALUATED: 2, Outcome.WAIVED: 3, Outcome.PASSED: 4}


def report_order(findings: Iterable[Finding]) -> list[Finding]:
    """Failing first, then by severity (worst first), rule id and subject."""
    return sorted(findings, key=lambda f: (_ORDER[f.outcome], -f.severity, f.rule, f.dataset, f.subject))

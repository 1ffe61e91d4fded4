"""Compare two JSON reports of the same data by finding fingerprint: what is new, fixed and still open.

A finding is *open* when its outcome is failed or error.  *New*: open now, not open before (absent,
passed, waived, not evaluated); *fixed*: open before, not open now; *still open*: open in both.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.diagnostics import Diagnostic, DiagnosticError
from checker.findings import Outcome
from checker.source import Span

DIFF_SCHEMA = "checker.diff/1"
OPEN = frozenset({Outcome.FAILED.value, Outcome.ERROR.value})
_OUTCOMES = frozenset(o.value for o in Outcome)
_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class ReportDiff:
    """Open findings of NEW that OLD did not have open, OLD's that NEW no longer has, and those in both.

    Each finding is its dict from the JSON report (``findings[i]``), as the newer report has it when
    it is in both.
    """

    old: dict[str, Any]
    new: dict[str, Any]
    new_findings: list[dict[str, Any]]
    fixed: list[dict[str, Any]]
    still_open: list[dict[str, Any]]

    @property
    def exit_status(self) -> int:
        """0 when nothing is newly open, 1 when something is."""
        return 1 if self.new_findings else 0


def load_report(path: Path) -> dict[str, Any]:
    """A JSON report read and checked enough to diff; otherwise a one-line diagnostic (E322)."""
    where = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise _bad(f"not valid JSON: {exc.msg}", Span.point(where, exc.lineno, exc.colno)) from None
    except OSError as exc:
        raise _bad(f"cannot read the report: {exc.strerror or exc}", where=where) from None
    except UnicodeError:
        raise _bad("cannot read the report: it is not UTF-8 text", where=where) from None
    problem = _shape_problem(data)
    if problem:
        raise _bad(problem, where=where)
    return data  # type: ignore[no-any-return]


def _bad(message: str, span: Span | None = None, where: str | None = None) -> DiagnosticError:
    return DiagnosticError([Diagnostic("E322", message, span=span, where=where)])


def _shape_problem(data: object) -> str:
    if not isinstance(data, dict):
        return "not a checker JSON report (the top level is not an object)"
    if not str(data.get("schema", "")).startswith("checker.report/1"):
        return f"not a checker JSON report (schema {data.get('schema')!r}, expected 'checker.report/1')"
    findings = data.get("findings")
    if not isinstance(findings, list):
        return "the report has no findings list"
    for i, f in enumerate(findings):
        if not isinstance(f, dict) or not isinstance(f.get("fingerprint"), str):
            return f"findings[{i}] has no fingerprint"
        if f.get("outcome") not in _OUTCOMES:
            return f"findings[{i}] has an unknown outcome {f.get('outcome')!r}"
    return ""


def _open_by_fingerprint(findings: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["fingerprint"]: f for f in findings if f["outcome"] in OPEN}


def _ordered(findings: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(findings, key=lambda f: (_SEVERITY_RANK.get(str(f.get("severity")), 3), str(f.get("rule")),
                                           str(f.get("dataset")), str(f.get("subject"))))


def diff_reports(old: dict[str, Any], new: dict[str, Any]) -> ReportDiff:
    """New, fixed and still-open findings between two loaded reports."""
    before, after = _open_by_fingerprint(old["findings"]), _open_by_fingerprint(new["findings"])
    return ReportDiff(
        old=_meta(old), new=_meta(new),
        new_findings=_ordered(f for fp, f in after.items() if fp not in before),
        fixed=_ordered(f for fp, f in before.items() if fp not in after),
        still_open=_ordered(f for fp, f in after.items() if fp in before),
    )


def _meta(report: dict[str, Any]) -> dict[str, Any]:
    tool = report.get("tool") if isinstance(report.get("tool"), dict) else {}
    return {"generated_at": report.get("generated_at", ""), "version": tool.get("version", ""),  # type: ignore[union-attr]
            "datasets": [d.get("key", "") for d in report.get("datasets", []) if isinstance(d, dict)]}


def diff_json(diff: ReportDiff) -> dict[str, Any]:
    """The diff as plain JSON values (schema ``checker.diff/1``)."""
    return {
        "schema": DIFF_SCHEMA, "old": diff.old, "new": diff.new,
        "counts": {"new": len(diff.new_findings), "fixed": len(diff.fixed), "still_open": len(diff.still_open)},
        "new_findings": diff.new_findings, "fixed": diff.fixed, "still_open": diff.still_open,
    }


def render_diff(diff: ReportDiff, fmt: str = "text") -> str:
    """The diff as ``text`` for people or ``json`` for programs."""
    if fmt == "json":
        return json.dumps(diff_json(diff), ensure_ascii=False, indent=2) + "\n"
    if fmt != "text":
        raise ValueError(f"unknown diff format {fmt!r}; use text or json")
    return "\n".join(_text(diff)) + "\n"


def _text(diff: ReportDiff) -> Iterator[str]:
    yield (f"checker diff: {len(diff.new_findings)} new, {len(diff.fixed)} fixed, "
           f"{len(diff.still_open)} still open")
    yield f"  old report {diff.old['generated_at'] or '?'} · new report {diff.new['generated_at'] or '?'}"
    for heading, findings in (("new", diff.new_findings), ("fixed", diff.fixed), ("still open", diff.still_open)):
        yield ""
        yield f"{heading} ({len(findings)})"
        for f in findings:
            yield from _lines(f)


def _lines(f: dict[str, Any]) -> Iterator[str]:
    where = " ".join(str(f.get(k) or "") for k in ("dataset", "year")).strip()
    tail = f"  [{where}]" if where else ""
    message = " ".join(str(f.get("message") or "").split())
    yield f"  {f.get('severity', '')!s:<8}{f.get('rule', '')}  {f.get('subject', '')}{tail}"
    yield f"          {message}  ({f['fingerprint']})"

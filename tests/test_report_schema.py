"""The JSON report against its published schema (checker/data/report.schema.json) and its documentation."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_cases import sample_report

from checker.findings import Finding, Operand, Outcome, Severity
from checker.report import Report, render_json
from checker.report.json_report import report_json
from checker.resources import data

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads(data("report.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_the_sample_report_validates() -> None:
    VALIDATOR.validate(json.loads(render_json(sample_report())))


@pytest.mark.parametrize(("path", "value"), [
    (("findings", 0, "difference"), 0.18),           # a float where an exact decimal string belongs
    (("findings", 0, "outcome"), "ok"),
    (("findings", 0, "fingerprint"), "XYZ"),
    (("summary", "exit_status"), 3),
    (("schema",), "checker.report/2"),
    (("scores", 0, "score"), 92.5),                  # a score as a float
], ids=["float-amount", "unknown-outcome", "bad-fingerprint", "bad-exit", "other-version", "float-score"])
def test_the_schema_rejects(path: tuple, value: object) -> None:
    doc = json.loads(render_json(sample_report()))
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert not VALIDATOR.is_valid(doc)


def test_a_check_with_actuals_gives_a_valid_report_with_its_total_rows() -> None:
    from checker.pipeline import CheckRequest, run_check

    seed = ROOT / "examples" / "seed-2021"
    actuals = [seed / "actuals-illustrative.csv", seed / "spending-illustrative.csv"]
    doc = json.loads(render_json(run_check(CheckRequest([seed], actuals=actuals)).report))
    VALIDATOR.validate(doc)
    docs = (ROOT / "docs" / "report-format.md").read_text(encoding="utf-8")
    assert len(doc["scores"]) == 8 and all(f"`{k}`" in docs for row in doc["scores"] for k in row)


def test_docs_name_every_field() -> None:
    docs = (ROOT / "docs" / "report-format.md").read_text(encoding="utf-8")
    doc = report_json(sample_report())
    fields = set(doc) | set(doc["summary"]) | set(doc["findings"][0]) | {"checked", "passed", "label"}
    missing = sorted(f for f in fields if f"`{f}`" not in docs)
    assert not missing, f"docs/report-format.md does not document {missing}"


DECIMALS = st.decimals(allow_nan=False, allow_infinity=False, places=None, min_value=Decimal("-1e12"),
                       max_value=Decimal("1e12"))
TEXT = st.text(max_size=20)
VALUE = st.one_of(st.none(), DECIMALS, TEXT)


@st.composite
def findings(draw: st.DrawFn) -> Finding:
    return Finding(
        rule=draw(st.text(min_size=1, max_size=12)), title=draw(TEXT), severity=draw(st.sampled_from(Severity)),
        outcome=draw(st.sampled_from(Outcome)), subject=draw(TEXT), message=draw(TEXT), dataset=draw(TEXT),
        expected=draw(VALUE), actual=draw(VALUE), difference=draw(st.one_of(st.none(), DECIMALS)),
        tolerance=draw(st.one_of(st.none(), DECIMALS)), unit=draw(st.sampled_from(["", "万元", "%", "封"])),
        operands=tuple(Operand(draw(TEXT), draw(VALUE)) for _ in range(draw(st.integers(0, 3)))),
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(findings(), max_size=6))
def test_any_findings_give_a_valid_report_with_exact_decimals(items: list[Finding]) -> None:
    doc = json.loads(render_json(Report.of(items, generated_at="2025-01-01T00:00:00+00:00")))
    VALIDATOR.validate(doc)
    for f in items:
        candidates = [w for w in doc["findings"] if w["fingerprint"] == f.fingerprint]
        assert any(_same(w["difference"], f.difference) and _same(w["expected"], f.expected) for w in candidates)


def _same(written: object, value: object) -> bool:
    """A Decimal must come back exactly, as fixed-point text; anything else as it was."""
    if isinstance(value, Decimal):
        if not isinstance(written, str) or "E" in written.upper():
            return False
        try:  # a finding sharing the fingerprint may carry text where this one has a number
            return Decimal(written) == value
        except InvalidOperation:
            return False
    return written == value


def test_ci_docs_run_the_check_and_publish_its_junit_report() -> None:
    docs = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    command = "checker check submission/ --format junit -o reports/checker.xml --fail-on error"
    github = docs[docs.index("## GitHub Actions"): docs.index("## GitLab CI")]
    gitlab = docs[docs.index("## GitLab CI"):]
    for section, publish in ((github, "report_paths: reports/checker.xml"), (gitlab, "junit: reports/checker.xml")):
        assert command in section and publish in section

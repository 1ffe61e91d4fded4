"""JUnit XML for CI: one ``<testsuite>`` per rule, one ``<testcase>`` per rule × subject.

A failure carries the message and, in its body, the values, tolerance and the three locations; an error
outcome is ``<error>``; not evaluated and waived are ``<skipped>`` (with the reason).  Passes are counted,
not listed: each rule gets one testcase "RULE (N subjects passed)" for the passes no finding lists.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from checker.findings import Finding, Outcome
from checker.report.model import Report, with_unit

_SKIPPED = (Outcome.NOT_EVALUATED, Outcome.WAIVED)
_CHILD = {"failures": "failure", "errors": "error", "skipped": "skipped"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text without the control characters XML 1.0 cannot carry (a PDF's form feed, say)."""
    return _NOT_XML.sub("\N{REPLACEMENT CHARACTER}", text)


def render_junit(report: Report) -> str:
    """The report as a JUnit XML document (``<testsuites>`` root), UTF-8 text."""
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        by_rule[f.rule].append(f)
    root = ET.Element("testsuites", name="checker", timestamp=report.generated_at)
    for rule in report.rule_ids():
        root.append(_suite(rule, by_rule.get(rule, []), report))
    _count(root, root.findall("testsuite"))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml_safe(ET.tostring(root, encoding="unicode")) + "\n"


def _suite(rule: str, findings: list[Finding], report: Report) -> ET.Element:
    title = findings[0].title if findings else ""
    suite = ET.Element("testsuite", name=f"{rule} {title}".strip(), timestamp=report.generated_at)
    for f in sorted(findings, key=lambda f: (f.dataset, f.subject)):
        suite.append(_case(f))
    listed = sum(f.outcome is Outcome.PASSED for f in findings)
    unlisted = report.passed.get(rule, 0) - listed
    if unlisted > 0:
        family = findings[0].family if findings else ""
        ET.SubElement(suite, "testcase", name=f"{rule} ({unlisted} subjects passed)",
                      classname=_classname(rule, family))
    _count(suite, [suite])
    return suite


def _classname(rule: str, family: str) -> str:
    return f"{family}.{rule}" if family else rule


def _case(f: Finding) -> ET.Element:
    name = f"{f.dataset} · {f.subject}" if f.dataset else f.subject
    case = ET.Element("testcase", name=name, classname=_classname(f.rule, f.family))
    if f.outcome is Outcome.FAILED:
        ET.SubElement(case, "failure", message=f.message, type=f.severity.label).text = _details(f)
    elif f.outcome is Outcome.ERROR:
        ET.SubElement(case, "error", message=f.message, type=f.severity.label).text = _details(f)
    elif f.outcome in _SKIPPED:
        reason = f"waived: {f.waiver}" if f.outcome is Outcome.WAIVED else f.message
        ET.SubElement(case, "skipped", message=reason)
    return case


def _details(f: Finding) -> str:
    lines = [f.message, f"severity: {f.severity.label}"]
    pairs = (("expected", with_unit(f.expected, f.unit)), ("actual", with_unit(f.actual, f.unit)),
             ("difference", with_unit(f.difference, f.unit)), ("tolerance", with_unit(f.tolerance, f.unit)),
             ("tolerance note", f.tolerance_note), ("culprit", f.culprit), ("slip", f.slip),
             ("rule", f.rule_location), ("data", f.data_location), ("document", f.document_location),
             ("fingerprint", f.fingerprint))
    lines += [f"{label}: {value}" for label, value in pairs if value]
    lines += [f"operand: {o.label} = {with_unit(o.value, f.unit)} {o.data_location}".rstrip() for o in f.operands]
    return "\n".join(lines)


def _count(element: ET.Element, suites: list[ET.Element]) -> None:
    """Set tests/failures/errors/skipped on ``element`` from the testcases of ``suites``."""
    cases = [case for suite in suites for case in suite.iter("testcase")]
    element.set("tests", str(len(cases)))
    for attribute, child in _CHILD.items():
        element.set(attribute, str(sum(case.find(child) is not None for case in cases)))
    element.set("time", "0")

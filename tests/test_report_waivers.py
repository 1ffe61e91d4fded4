"""Waivers: approved failures reported as WAIVED; unused and expired waivers reported; bad files diagnosed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from report_cases import BALANCE, GROWTH, MISSING, ROLLUP

from checker.diagnostics import CATALOGUE, DiagnosticError
from checker.findings import Outcome, Severity
from checker.report.waivers import EXPIRED, UNUSED, Waiver, apply_waivers, load_waivers

TODAY = date(2025, 6, 30)
CSV = f"""# waivers approved by the audit team; one line per finding
fingerprint,reason,approved_by,expires,rule,subject
{ROLLUP.fingerprint},原表按元取整，差额已说明,审计一科 王敏,2025-12-31,FC-ROLLUP,支出总表 201 一般公共服务支出
{BALANCE.fingerprint},收支总表待更正,审计一科 王敏,2025-06-29,T1-BALANCE,
0123456789abcdef,旧规则的豁免,李强,2026-01-01,,
"""


def _waiver(fingerprint: str, expires: date) -> Waiver:
    return Waiver(fingerprint, "差额已说明", "王敏", expires, location="w.csv:2")


def test_load_csv(tmp_path: Path) -> None:
    path = tmp_path / "waivers.csv"
    path.write_text(CSV, encoding="utf-8-sig")  # as Excel saves it, with a BOM
    waivers = load_waivers(path)
    assert [w.fingerprint for w in waivers] == [ROLLUP.fingerprint, BALANCE.fingerprint, "0123456789abcdef"]
    assert waivers[0] == Waiver(ROLLUP.fingerprint, "原表按元取整，差额已说明", "审计一科 王敏", date(2025, 12, 31),
                                "FC-ROLLUP", "支出总表 201 一般公共服务支出", f"{path}:3")


def test_load_toml_with_dates_and_strings(tmp_path: Path) -> None:
    path = tmp_path / "waivers.toml"
    path.write_text(f'''# waivers
[[waiver]]
fingerprint = "{ROLLUP.fingerprint}"
rule = "FC-ROLLUP"
reason = "原表按元取整"
approved_by = "王敏"
expires = 2025-12-31

[[waiver]]
fingerprint = "{BALANCE.fingerprint.upper()}"
reason = "待更正"
approved_by = "王敏"
expires = "2025-07-01"
''', encoding="utf-8")
    waivers = load_waivers(path)
    assert [(w.fingerprint, w.expires, w.location) for w in waivers] == [
        (ROLLUP.fingerprint, date(2025, 12, 31), f"{path}:2"), (BALANCE.fingerprint, date(2025, 7, 1), f"{path}:9")]


def test_apply_waives_expires_and_reports_unused() -> None:
    waivers = [_waiver(ROLLUP.fingerprint, date(2025, 12, 31)), _waiver(BALANCE.fingerprint, date(2025, 6, 29)),
               _waiver(MISSING.fingerprint, date(2025, 12, 31)), _waiver("0123456789abcdef", TODAY)]
    findings, problems = apply_waivers([ROLLUP, BALANCE, GROWTH, MISSING], waivers, TODAY)
    assert [f.outcome for f in findings] == [Outcome.WAIVED, Outcome.FAILED, Outcome.FAILED, Outcome.NOT_EVALUATED]
    assert findings[0].waiver == "差额已说明 — 王敏, until 2025-12-31"
    assert findings[0].fingerprint == ROLLUP.fingerprint and findings[0].actual == ROLLUP.actual
    assert [(p.rule, p.subject) for p in problems] == [
        (EXPIRED, f"waiver {BALANCE.fingerprint}"),
        (UNUSED, f"waiver {MISSING.fingerprint}"),   # only a failure can be waived
        (UNUSED, "waiver 0123456789abcdef"),
    ]
    assert all(p.severity is Severity.WARNING and p.outcome is Outcome.FAILED for p in problems)
    assert "2025-06-29" in problems[0].message and "重新按失败报告" in problems[0].message
    assert problems[0].data_location == "w.csv:2"


def test_a_waiver_holds_through_its_expiry_date() -> None:
    waiver = _waiver(ROLLUP.fingerprint, TODAY)
    assert apply_waivers([ROLLUP], [waiver], TODAY)[0][0].outcome is Outcome.WAIVED
    findings, problems = apply_waivers([ROLLUP], [waiver], date(2025, 7, 1))
    assert findings[0].outcome is Outcome.FAILED and [p.rule for p in problems] == [EXPIRED]


def test_an_expired_waiver_that_matches_nothing_is_reported_once_as_expired() -> None:
    _, problems = apply_waivers([], [_waiver(ROLLUP.fingerprint, date(2024, 1, 1))], TODAY)
    assert [p.rule for p in problems] == [EXPIRED] and "可删除" in problems[0].message


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("w.csv", "指纹,原因\n", ["w.csv:1: E320 the header lacks fingerprint, reason, approved_by, expires"]),
    ("w.csv", "", ["w.csv: E320 the waivers file is empty"]),
    ("w.txt", "fingerprint\n", ["w.txt: E320 a waivers file is .csv or .toml"]),
    ("w.toml", "[[waiver]]\nfingerprint = \n", ["w.toml:2: E320 not valid TOML"]),
    ("w.toml", "[other]\n", ["w.toml: E320 a TOML waivers file holds only [[waiver]] tables"]),
    ("w.csv", "fingerprint,reason,approved_by,expires\n"
              "ee8895c9b6ae84c,r,a,2025-12-31\n"
              "ee8895c9b6ae84c6,,a,2025/12/31\n"
              "ee8895c9b6ae84c6,r,a,2025-02-30\n"
              "ee8895c9b6ae84c6,r,a,2025-12-31\n"
              "ee8895c9b6ae84c6,r,a,2025-12-31\n",
     ["w.csv:2: E321 fingerprint 'ee8895c9b6ae84c' is not 16 hexadecimal digits",
      "w.csv:3: E321 reason is missing", "w.csv:3: E321 expires '2025/12/31' is not a date YYYY-MM-DD",
      "w.csv:4: E321 expires '2025-02-30' is not a date YYYY-MM-DD",
      "w.csv:6: E321 fingerprint ee8895c9b6ae84c6 is already waived at"]),
    ("w.toml", '[[waiver]]\nfingerprint = "ee8895c9b6ae84c6"\nreason = "r"\napproved = "a"\nexpires = 2025-12-31\n',
     ["w.toml:1: E321 unknown field 'approved'", "w.toml:1: E321 approved_by is missing"]),
], ids=["csv-header", "csv-empty", "extension", "toml-syntax", "toml-shape", "csv-rows", "toml-fields"])
def test_bad_waiver_files_are_diagnosed_with_file_and_line(tmp_path: Path, name: str, content: str,
                                                           expected: list[str]) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DiagnosticError) as caught:
        load_waivers(path)
    rendered = [d.render().replace(str(tmp_path) + "/", "").splitlines()[0] for d in caught.value.diagnostics]
    assert len(rendered) == len(expected), rendered
    for line, start in zip(rendered, expected, strict=True):
        assert line.startswith(start), (line, start)


def test_unreadable_waiver_file(tmp_path: Path) -> None:
    with pytest.raises(DiagnosticError, match="E320 cannot read the waivers file"):
        load_waivers(tmp_path / "missing.csv")


def test_waiver_codes_are_documented() -> None:
    assert {"E320", "E321", "E322"} <= set(CATALOGUE)


@pytest.mark.parametrize("kind", ["csv", "toml"])
def test_the_documented_examples_load(tmp_path: Path, kind: str) -> None:
    docs = (Path(__file__).resolve().parent.parent / "docs" / "report-format.md").read_text(encoding="utf-8")
    block = docs.split(f"```{kind}\n", 1)[1].split("```", 1)[0]
    path = tmp_path / f"waivers.{kind}"
    path.write_text(block, encoding="utf-8")
    [waiver] = load_waivers(path)
    assert (waiver.fingerprint, waiver.expires, waiver.rule) == (ROLLUP.fingerprint, date(2025, 12, 31), "FC-ROLLUP")

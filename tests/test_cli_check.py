"""The command line end to end: exit codes 0/1/2, reports written, hostile rule files never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "seed-2021"
BALANCE = 'rule B error "收支总表平衡":\n  收支总表["收入总计"].预算数 == 收支总表["支出总计"].预算数\n'
BROKEN = 'rule G error "增幅":\n  for each stated s where has(s.增减率) and has(s.增减额):\n' \
         '    s.增减率 == round(s.增减额 / (s.金额 - s.增减额) * 100, places(s.增减率)) within exact\n' \
         '    when s.金额 - s.增减额 != 0\n'


def _invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_exit_0_when_everything_at_fail_on_passes(tmp_path: Path) -> None:
    rules = tmp_path / "ok.rules"
    rules.write_text(BALANCE, encoding="utf-8")
    result = _invoke("check", str(SEED), "--rules", str(rules), "-f", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["summary"]["failed_by_severity"]["error"] == 0 and report["rules"]["B"]["passed"] == 1


def test_exit_1_when_a_finding_fails_and_fail_on_filters(tmp_path: Path) -> None:
    rules = tmp_path / "g.rules"
    rules.write_text(BROKEN, encoding="utf-8")
    failed = _invoke("check", str(SEED), "--rules", str(rules), "-f", "json")
    assert failed.exit_code == 1
    finding = next(f for f in json.loads(failed.output)["findings"] if f["rule"] == "G")
    assert finding["actual"] == "-18" and finding["expected"] == "-17.9"
    assert finding["data_location"].endswith("stated_figures.csv:24 [增减率]")
    warning_rules = tmp_path / "w.rules"
    warning_rules.write_text(BROKEN.replace("error", "warning"), encoding="utf-8")
    assert _invoke("check", str(SEED), "--rules", str(warning_rules)).exit_code == 0
    assert _invoke("check", str(SEED), "--rules", str(warning_rules), "--fail-on", "warning").exit_code == 1


@pytest.mark.parametrize(
    ("setup", "expected"),
    [("bad-rules", "E202"), ("missing-data", "E301"), ("missing-rules", "no such rule file")],
    ids=["bad-rules", "missing-data", "missing-rules"],
)
def test_exit_2_when_the_check_cannot_be_completed(tmp_path: Path, setup: str, expected: str) -> None:
    rules = tmp_path / "r.rules"
    rules.write_text('rule A error "t":\n  for each row r in 支出总表:\n    r.合记 == 0\n', encoding="utf-8")
    args = {"bad-rules": ["check", str(SEED), "--rules", str(rules)],
            "missing-data": ["check", str(tmp_path / "nothing"), "--rules", str(rules)],
            "missing-rules": ["check", str(SEED), "--rules", str(tmp_path / "none.rules")]}[setup]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert expected in result.output
    assert "Traceback" not in result.output


def test_every_format_is_written_into_a_folder(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = _invoke("check", str(SEED), "-o", str(out), *[x for f in ("json", "junit", "markdown", "html", "xlsx")
                                                             for x in ("-f", f)])
    assert result.exit_code == 1  # the seed has real findings
    names = sorted(p.name for p in out.iterdir())
    assert names == ["checker.html", "checker.json", "checker.md", "checker.xlsx", "checker.xml"]
    report = json.loads((out / "checker.json").read_text(encoding="utf-8"))
    rules = {f["rule"] for f in report["findings"]}
    assert {"TX-GROWTH", "BD-T2-COMPLETE", "CODE-NAME", "BD-PROC-MULTIYEAR"} <= rules


HOSTILE = {
    "random-bytes": bytes(range(256)) * 40,
    "gbk": 'rule A error "标题":\n  收支总表["收入总计"].预算数 => 1\n'.encode("gbk"),
    "truncated": 'rule A error "标题":\n  sum(支出总表[children(c)].合'.encode(),
    "ten-megabyte-line": b"rule A error " + b"x" * 10_000_000 + b"\n",
    "empty": b"",
}


@pytest.mark.parametrize("name", list(HOSTILE), ids=list(HOSTILE))
def test_lint_never_tracebacks(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.rules"
    path.write_bytes(HOSTILE[name])
    result = CliRunner().invoke(main, ["lint", str(path)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == (0 if name == "empty" else 2)
    if name == "gbk":
        assert "E102" in result.output  # a GB18030 file is read, and its mistake reported with the fix


def test_units_whose_tables_print_different_columns_are_checked_together(tmp_path: Path) -> None:
    """One unit prints an extra money column and has a transposed digit; the other does not: no crash,
    the culprit is still named, and the other unit is not blamed."""
    import shutil

    for key, extra in (("A", True), ("B", False)):
        unit = tmp_path / key
        shutil.copytree(SEED, unit, ignore=shutil.ignore_patterns("*illustrative*"))
        manifest = unit / "manifest.toml"
        manifest.write_text(manifest.read_text(encoding="utf-8").replace('key = "260002-2021"', f'key = "{key}"'),
                            encoding="utf-8")
        spend = unit / "05_支出总表.csv"
        text = spend.read_text(encoding="utf-8-sig")
        if extra:
            text = text.replace("结转下年,", "结转下年,自定义列,", 1).replace(",0.00,000_", ",0.00,1.00,000_")
            text = text.replace("20805,行政事业单位养老支出,50.12", "20805,行政事业单位养老支出,50.21", 1)
        spend.write_text(text, encoding="utf-8-sig")
    result = _invoke("check", str(tmp_path), "-f", "json")
    report = json.loads(result.output)
    assert report["summary"]["by_outcome"]["error"] == 0
    rollup = [f for f in report["findings"] if f["rule"] == "BD-ROLLUP-FUNC" and f["outcome"] == "failed"]
    assert {f["dataset"] for f in rollup} == {"A"}
    assert all("20805 合计" in f["culprit"] for f in rollup)

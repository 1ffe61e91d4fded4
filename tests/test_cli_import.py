"""``checker import`` and ``checker inspect``: summaries, JSON keys, exit codes, no tracebacks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
PUTUO = ROOT / "examples" / "sh-putuo-shgzb-2024-final"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_import_writes_folder_and_workbook(tmp_path: Path) -> None:
    code, out, err = run("import", str(PUTUO), "-o", str(tmp_path / "ds"), "--xlsx", str(tmp_path / "ds.xlsx"))
    assert code == 0, err
    assert (tmp_path / "ds" / "manifest.toml").is_file() and (tmp_path / "ds.xlsx").is_file()
    assert len(list((tmp_path / "ds").glob("*.csv"))) == 8  # seven tables and the stated figures
    assert "7 tables (207 rows), 0 indicators, 47 stated figures, 0 problems" in out
    assert "决算基本支出经济分类表" in out and err == ""


def test_folder_and_workbook_inspect_the_same(tmp_path: Path) -> None:
    run("import", str(PUTUO), "-o", str(tmp_path / "ds"), "--xlsx", str(tmp_path / "ds.xlsx"))
    folder = json.loads(run("inspect", str(tmp_path / "ds"), "--format", "json")[1])
    book = json.loads(run("inspect", str(tmp_path / "ds.xlsx"), "--format", "json")[1])
    assert folder == book
    assert folder["counts"]["rows"] == 207


def test_data_problems_are_findings_not_failures(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(PUTUO, source, ignore=shutil.ignore_patterns("*.pdf"))
    table = source / "03_决算支出表.csv"
    lines = table.read_text(encoding="utf-8-sig").splitlines()
    lines[2] = lines[2].replace("264.87", "26x.87", 1)
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run("import", str(source), "-o", str(tmp_path / "ds"))
    assert code == 0
    assert "03_决算支出表.csv:3: E302 本年支出合计: '26x.87' is not a number" in err
    assert "1 problems" in out


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("no-manifest", "E305"),
        ("bad-toml", "E306"),
        ("bad-document", "E306"),
        ("missing", "E301"),
        ("pdf", "E301"),
        ("nothing-readable", "E301"),
    ],
)
@pytest.mark.parametrize("command", ["import", "inspect"])
def test_unreadable_input_exits_2_with_one_line_error(command: str, setup: str, expected: str,
                                                      tmp_path: Path) -> None:
    source = tmp_path / "src"
    if setup == "pdf":  # a PDF cut short: no trailer, no /Root
        source = tmp_path / "document.pdf"
        source.write_bytes((PUTUO / "document.pdf").read_bytes()[:3000])
    elif setup != "missing":
        source.mkdir()
        manifest = {"no-manifest": None, "bad-toml": "[dataset\n", "bad-document": '[dataset]\ndocument = "x"\n',
                    "nothing-readable": '[dataset]\n[[tables]]\nkind = "决算支出表"\nfile = "gone.csv"\n'}[setup]
        if manifest is not None:
            (source / "manifest.toml").write_text(manifest, encoding="utf-8")
    args = [command, str(source)] + (["-o", str(tmp_path / "out")] if command == "import" else [])
    code, out, err = run(*args)
    assert code == 2
    assert f": {expected} " in err.splitlines()[0]  # location: CODE message, first thing on stderr
    assert "Traceback" not in err + out
    assert not (tmp_path / "out").exists()


def test_inspect_json_has_the_documented_keys(tmp_path: Path) -> None:
    folder = tmp_path / "ds"
    shutil.copytree(PUTUO, folder, ignore=shutil.ignore_patterns("*.pdf"))
    (folder / "indicators.csv").write_text(
        "项目,指标名称,指标值\n邮件专递,邮件完成数,≥100000封\n邮件专递,被投诉次数,≤约十次\n", encoding="utf-8")
    manifest = (folder / "manifest.toml").read_text(encoding="utf-8")
    (folder / "manifest.toml").write_text(manifest.replace("[dataset]\n", '[dataset]\nindicators = "indicators.csv"\n'),
                                          encoding="utf-8")
    code, out, err = run("inspect", str(folder), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert {"tables", "indicators", "stated_figures", "problems"} <= set(data)
    table = data["tables"][1]
    assert (table["kind"], table["name"], table["rows"], table["unit"]) == ("决算收入表", "收入决算表", 18, "万元")
    assert table["columns"][:2] == ["科目编码", "科目名称"]
    mail = data["indicators"][0]
    assert {k: mail[k] for k in ("project", "name", "target", "operator", "value", "unit", "direction")} == {
        "project": "邮件专递", "name": "邮件完成数", "target": "≥100000封", "operator": ">=", "value": "100000",
        "unit": "封", "direction": "正向"}
    assert data["stated_figures"][0]["amount"] == "307.82" and data["stated_figures"][0]["change_rate"] == "100.00"
    assert [(p["code"], p["location"].rsplit("/", 1)[-1]) for p in data["problems"]] == [("E308", "indicators.csv:3")]


def test_inspect_text_fits_80_columns() -> None:
    code, out, err = run("inspect", str(PUTUO))
    assert code == 0, err
    assert "中共上海市普陀区委社会工作部 2024 决算" in out and "Stated figures (47)" in out
    assert max(cell_len(line) for line in out.splitlines()) <= 80

"""Tiny canonical datasets for scoring tests: indicators, actuals and spending written as files and read
through the real importers (targets and actuals parsed by the shared grammar)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from checker.compile.program import PolicySpec
from checker.dataset.model import Dataset
from checker.importers.actuals import apply_actuals
from checker.importers.canonical import read_canonical
from checker.score import ScoreSheet, score_dataset

MANIFEST = """
[dataset]
key = "U1"
department = "测试局"
year = "2024"
indicators = "indicators.csv"
"""
INDICATOR_HEADER = ("id", "项目", "一级指标", "二级指标", "指标名称", "指标值", "权重")
ACTUAL_HEADER = ("项目", "指标名称", "实际完成值", "偏差原因")
# one level worth all 100 marks: a lone indicator's score is 100 × the fraction it earns
ALL_OUTPUT = PolicySpec(name="只有产出", weights={"产出": Decimal(100)})


def _write(path: Path, header: tuple[str, ...], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(header))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in header})
    return path


def make_dataset(folder: Path, indicators: list[dict[str, str]], actuals: list[dict[str, str]] | None = None,
                 spending: list[dict[str, str]] | None = None) -> Dataset:
    """A one-unit dataset (key U1) with these indicators, and the actuals / spending applied."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    rows = [{"id": str(n), **r} for n, r in enumerate(indicators, 1)]
    _write(folder / "indicators.csv", INDICATOR_HEADER, rows)
    dataset = read_canonical(folder)
    if actuals is not None:
        dataset = apply_actuals(dataset, _write(folder / "actuals.csv", ACTUAL_HEADER, actuals))
    if spending is not None:
        header = tuple(dict.fromkeys(k for r in spending for k in r))
        dataset = apply_actuals(dataset, _write(folder / "spending.csv", header, spending))
    return dataset


def one(folder: Path, target: str, actual: str, *, reason: str = "", name: str = "指标",
        policy: PolicySpec = ALL_OUTPUT) -> ScoreSheet:
    """Score one 产出 indicator of project P (target as 指标值, actual as 实际完成值) by ``policy``."""
    dataset = make_dataset(folder, [{"项目": "P", "一级指标": "产出", "指标名称": name, "指标值": target}],
                           [{"项目": "P", "指标名称": name, "实际完成值": actual, "偏差原因": reason}])
    return score_dataset(dataset, policy)

"""A synthetic province in the canonical format, for benchmarks (not a test).

    python bench/province.py --units 1000 [--seed 7] [--out DIR] [--layout stacked|folders|both]

Writes, under DIR (default: the system temp folder, ``checker-bench/province-<units>-s<seed>-v<N>``):

    units/U00000/manifest.toml, 01_收支总表.csv … 14_政府购买服务表.csv, indicators.csv, stated_figures.csv
    units/U00001/…                       one canonical folder per unit (``checker check units/`` reads them all)
    stacked/manifest.toml, units.csv, 01_收支总表.csv … stated_figures.csv
                                         the same units as one folder: each file holds every unit's rows,
                                         led by 单位 (docs/canonical-format.md, "Many units in one folder")
    actuals.csv                          every indicator's 实际完成值, keyed by _ds (``--actuals``)
    spending.csv                         every project's 预算数 and 执行数, keyed by _ds (``--actuals``)
    expected.json                        the injected errors: the findings the standard rulesets must report

Each unit has ~230 table rows (the 功能分类 tree in three tables, both sides of two 总表, the economic
classification, projects, procurement …), ~48 indicators and ~23 stated figures.  ``max(2, units // 100)``
units get each kind of injected error (``synth_model.KINDS``); every other unit passes every rule.
Generation is deterministic in (units, seed) and cached: a layout that is complete is reused (the other
is written when first asked for, from the same units).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import TextIO

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth_model import KINDS, Expected, Row, Unit
from synth_unit import build_unit
from universe import Universe

from checker.importers.manifest import Manifest, TableEntry, render_manifest

VERSION = 1  # bump when the generated data changes, so cached provinces are rebuilt
YEAR = "2024"
TABLES = (  # kind, number, title as published
    ("收支总表", "1", "收支总体情况表"), ("收入总表", "2", "收入总体情况表"), ("支出总表", "3", "支出总体情况表"),
    ("财政拨款收支总表", "4", "财政拨款收支总体情况表"), ("一般公共预算支出表", "5", "一般公共预算支出预算表（按功能分类科目）"),
    ("政府性基金支出表", "6", "政府性基金预算支出情况表"), ("基本支出表", "7", "部门预算基本支出预算表"),
    ("基本支出经济分类表", "8", "一般公共预算基本支出情况表（按支出经济分类科目）"), ("项目支出表", "9", "部门预算项目支出预算表"),
    ("三公经费表", "10", "财政拨款安排的行政经费及“三公”经费预算表"), ("政府采购表", "11", "政府采购预算表"),
    ("政府购买服务表", "12", "政府购买服务预算表"), ("重点项目绩效目标", "", "重点项目预算绩效目标情况"),
    ("部门整体绩效目标", "", "部门整体支出绩效目标"),
)
INDICATOR_HEADER = ["id", "项目", "一级指标", "二级指标", "指标名称", "指标内容", "指标值", "权重", "目标单位", "单位来源",
                    "实际完成值", "偏差原因"]
STATED_HEADER = ["id", "主题", "金额", "增减额", "增减词", "增减率", "增减率位数", "占比", "占比位数", "单位", "原因", "章节",
                 "句子"]
ACTUALS_HEADER = ["_ds", "项目", "指标名称", "实际完成值", "偏差原因"]
SPENDING_HEADER = ["_ds", "项目", "预算数", "执行数"]
UNITS_HEADER = ["key", "department", "unit_code", "year", "document", "source"]
SOURCE = "synthetic (bench/province.py)"
FIGURES = (("indicators.csv", INDICATOR_HEADER), ("stated_figures.csv", STATED_HEADER))
LAYOUTS = ("stacked", "folders")


@dataclass(frozen=True, slots=True)
class Finding:
    """An expected finding of the manifest: which unit, which rule, which subject, from which error kind."""

    dataset: str
    rule: str
    subject: str
    kind: str


@dataclass(frozen=True, slots=True)
class Province:
    """A generated province on disk."""

    root: Path
    units: int
    seed: int

    @property
    def data(self) -> Path:
        """One canonical folder per unit."""
        return self.root / "units"

    @property
    def stacked(self) -> Path:
        """Every unit in one canonical folder (units.csv, one file per table kind)."""
        return self.root / "stacked"

    def dataset(self, layout: str) -> Path:
        return self.stacked if layout == "stacked" else self.data

    @property
    def actuals(self) -> Path:
        return self.root / "actuals.csv"

    @property
    def spending(self) -> Path:
        return self.root / "spending.csv"

    def expected(self) -> list[Finding]:
        return [Finding(**f) for f in json.loads((self.root / "expected.json").read_text("utf-8"))["findings"]]

    def injected(self) -> dict[str, int]:
        """How many errors of each kind were injected."""
        return dict(json.loads((self.root / "expected.json").read_text("utf-8"))["injected"])


def default_root(units: int, seed: int) -> Path:
    return Path(tempfile.gettempdir()) / "checker-bench" / f"province-{units}-s{seed}-v{VERSION}"


def plan(units: int, seed: int) -> dict[int, str]:
    """unit index → the kind of error injected into it (each kind in max(2, units // 100) distinct units)."""
    per_kind = max(2, units // 100)
    chosen = random.Random(seed).sample(range(units), k=min(units, per_kind * len(KINDS)))
    return {index: KINDS[i // per_kind] for i, index in enumerate(chosen)}


def generate(units: int, seed: int = 7, root: Path | None = None, workers: int = 2,
             layouts: tuple[str, ...] = LAYOUTS) -> Province:
    """The province of ``units`` units in ``layouts`` (each reused when already complete under ``root``)."""
    province = Province(root or default_root(units, seed), units, seed)
    done = province.root / "DONE"  # the unit folders, actuals, spending and expected findings
    stacked_done = province.stacked / "DONE"
    folders = not done.is_file()
    stacked = "stacked" in layouts and not stacked_done.is_file()
    if not folders and not stacked:
        return province
    province.data.mkdir(parents=True, exist_ok=True)
    injected = plan(units, seed)
    chunks = [list(range(start, min(units, start + 250))) for start in range(0, units, 250)]
    jobs = [(units, seed, province.data if folders else None, chunk,
             {i: injected[i] for i in chunk if i in injected}, stacked) for chunk in chunks]
    actuals: list[Row] = []
    spending: list[Row] = []
    expected: list[Finding] = []
    with ProcessPoolExecutor(max_workers=workers) as pool, StackedWriter(province.stacked, stacked) as writer:
        for a, s, e, part in pool.map(_write_chunk, jobs):
            actuals += a
            spending += s
            expected += e
            writer.add(part)
    if stacked:
        stacked_done.write_text(f"{units} units, seed {seed}, version {VERSION}\n", "utf-8")
    if not folders:
        return province
    _write_csv(province.actuals, ACTUALS_HEADER, actuals)
    _write_csv(province.spending, SPENDING_HEADER, spending)
    counts = {kind: sum(1 for k in injected.values() if k == kind) for kind in KINDS}
    body = {"units": units, "seed": seed, "injected": counts, "findings": [asdict(f) for f in expected]}
    (province.root / "expected.json").write_text(json.dumps(body, ensure_ascii=False, indent=1), "utf-8")
    done.write_text(f"{units} units, seed {seed}, version {VERSION}\n", "utf-8")
    return province


@cache
def _universe(units: int, seed: int) -> Universe:
    return Universe(seed, units)


Part = dict[str, tuple[Row, str]]  # file of the stacked folder → its header and the chunk's rows as CSV text


def _write_chunk(
    job: tuple[int, int, Path | None, list[int], dict[int, str], bool],
) -> tuple[list[Row], list[Row], list[Finding], Part]:
    units, seed, folder, indices, injected, stacked = job
    universe = _universe(units, seed)
    actuals: list[Row] = []
    spending: list[Row] = []
    expected: list[Finding] = []
    built = []
    for index in indices:
        unit = build_unit(universe, index, seed, injected.get(index, ""))
        if folder is not None:
            write_unit(unit, folder / unit.key)
        actuals += unit.actuals
        spending += unit.spending
        expected += [_finding(unit.key, e) for e in unit.expected]
        if stacked:
            built.append(unit)
    return actuals, spending, expected, _stacked_part(built)


def _stacked_part(units: list[Unit]) -> Part:
    """The chunk's rows of every file of the stacked folder, each led by its unit's key."""
    if not units:
        return {}
    part: Part = {"units.csv": (UNITS_HEADER, _csv_text(
        [u.key, u.department, u.code, YEAR, "预算", SOURCE] for u in units))}
    for i, (kind, _, _) in enumerate(TABLES, 1):
        header = units[0].tables[kind][0]
        assert all(u.tables[kind][0] == header for u in units), f"units print different columns of {kind}"
        part[f"{i:02d}_{kind}.csv"] = (["单位", *header], _csv_text(
            [u.key, *row] for u in units for row in u.tables[kind][1]))
    for name, header in FIGURES:
        rows = (u.indicators if name == "indicators.csv" else u.stated for u in units)
        part[name] = (["单位", *header], _csv_text(
            [u.key, *row] for u, unit_rows in zip(units, rows, strict=True) for row in unit_rows))
    return part


def _csv_text(rows: Iterable[Row]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


class StackedWriter:
    """Appends the chunks' parts, in unit order, to the files of the stacked folder; writes its manifest."""

    def __init__(self, folder: Path, active: bool):
        self.folder, self.active = folder, active
        self.files: dict[str, TextIO] = {}

    def __enter__(self) -> StackedWriter:
        return self

    def add(self, part: Part) -> None:
        if not self.active:
            return
        for name, (header, text) in part.items():
            if name not in self.files:
                self.folder.mkdir(parents=True, exist_ok=True)
                self.files[name] = (self.folder / name).open("w", encoding="utf-8-sig", newline="")
                self.files[name].write(_csv_text([header]))
            self.files[name].write(text)

    def __exit__(self, *exc: object) -> None:
        for fh in self.files.values():
            fh.close()
        if self.active and not any(exc):
            entries = tuple(TableEntry(kind=kind, file=f"{i:02d}_{kind}.csv", title=title, number=number,
                                       unit="万元") for i, (kind, number, title) in enumerate(TABLES, 1))
            manifest = Manifest(units="units.csv", document="", indicators="indicators.csv",
                                stated="stated_figures.csv", tables=entries)
            (self.folder / "manifest.toml").write_text(render_manifest(manifest), encoding="utf-8")


def _finding(key: str, e: Expected) -> Finding:
    return Finding(key, e.rule, e.subject, e.kind)


def write_unit(unit: Unit, folder: Path) -> None:
    """One unit as a canonical folder: its tables, indicators, stated figures and manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for i, (kind, number, title) in enumerate(TABLES, 1):
        header, rows = unit.tables[kind]
        name = f"{i:02d}_{kind}.csv"
        _write_csv(folder / name, header, rows)
        entries.append(TableEntry(kind=kind, file=name, title=title, number=number, unit="万元"))
    _write_csv(folder / "indicators.csv", INDICATOR_HEADER, unit.indicators)
    _write_csv(folder / "stated_figures.csv", STATED_HEADER, unit.stated)
    manifest = Manifest(key=unit.key, department=unit.department, unit_code=unit.code, year=YEAR, document="预算",
                        source=SOURCE, indicators="indicators.csv",
                        stated="stated_figures.csv", tables=tuple(entries))
    (folder / "manifest.toml").write_text(render_manifest(manifest), encoding="utf-8")


def _write_csv(path: Path, header: list[str], rows: list[Row]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--layout", choices=(*LAYOUTS, "both"), default="both",
                        help="stacked: also one folder of all units (the unit folders are always written)")
    args = parser.parse_args()
    start = time.perf_counter()
    layouts = LAYOUTS if args.layout == "both" else (args.layout,)
    province = generate(args.units, args.seed, args.out, layouts=layouts)
    print(f"{province.root}: {args.units} units, injected {province.injected()}, "
          f"{len(province.expected())} expected findings ({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()

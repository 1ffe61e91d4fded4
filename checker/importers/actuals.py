"""Year-end actuals from CSV/XLSX: what each indicator achieved, and what was spent.

Indicator actuals (columns 项目, 指标名称, 实际完成值, optional 偏差原因, 单位编码 or _ds) are merged into
``Dataset.indicators`` by project and indicator name (whitespace ignored); the actual is kept as
written and parsed by the shared target grammar into 实际值/实际单位/实际等级.  Actual spending
(科目编码 or 项目, 执行数, optional 预算数) becomes ``Dataset.spending``.  Each sheet of a workbook is
one or the other, told apart by its columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd

from checker.dataset.model import Dataset
from checker.diagnostics import Diagnostic
from checker.importers import WORKBOOK_SUFFIXES
from checker.importers.cells import (
    RawTable,
    bad_codes,
    exponent_of,
    normalise_codes,
    parse_amounts,
    read_frame,
)
from checker.importers.derive import ACTUAL_COLUMNS, derive_actuals
from checker.importers.figures import unreadable_actual
from checker.importers.frames import SOURCE_COLUMN
from checker.importers.vector import per_distinct
from checker.importers.workbook import read_sheets
from checker.memory import collector_paused

SPENDING_COLUMNS = ("_ds", "科目编码", "项目", "执行数", "预算数", "_file", "_line", "_doc")
UNIT_COLUMNS = ("_ds", "单位编码")


def with_actuals(dataset: Dataset, paths: Sequence[Path]) -> Dataset:
    """``dataset`` with the actuals of each of ``paths`` applied in turn (``apply_actuals``)."""
    for path in paths:
        dataset = apply_actuals(dataset, path)
    return dataset


def apply_actuals(dataset: Dataset, path: Path, unit: str = "万元") -> Dataset:
    """``dataset`` with the actuals of ``path`` merged in (money in ``unit``); problems added, not raised.

    An actual that names no indicator is E312; one that is neither a number with a unit nor a grade
    (for a measured target) is E309 and kept as written.  The input dataset is not changed.  A file
    that cannot be read at all raises DiagnosticError (E301).
    """
    path = Path(path)
    with collector_paused():
        raws = read_sheets(path) if path.suffix.lower() in WORKBOOK_SUFFIXES else [read_frame(path)]
    indicators = dataset.indicators.copy()
    spending = [dataset.spending] if dataset.spending is not None else []
    problems: list[Diagnostic] = []
    for raw in raws:
        data = _frame(raw)
        if "实际完成值" in data:
            problems += merge_indicator_actuals(indicators, data, raw, dataset)
        elif "执行数" in data:
            frame, found = read_spending(data, raw, dataset, unit)
            spending.append(frame)
            problems += found
        elif raw.header:
            problems.append(Diagnostic("E311", "an actuals file needs 实际完成值 (indicator actuals) or 执行数 "
                                       "(spending)", where=raw.where(raw.header_line, 0)))
    present = [f for f in spending if not f.empty]
    merged = pd.concat(present, ignore_index=True) if len(present) > 1 else (present[0] if present else None)
    return replace(dataset, indicators=indicators, spending=merged, problems=[*dataset.problems, *problems])


def _frame(raw: RawTable) -> pd.DataFrame:
    data = raw.frame()
    data.columns = pd.Index([h or f"列{i + 1}" for i, h in enumerate(raw.header)])
    data = data.loc[:, ~data.columns.duplicated()].apply(lambda s: per_distinct(s.fillna(""), lambda t: t.str.strip()))
    data["_line"] = raw.lines
    return data


def _units(data: pd.DataFrame, raw: RawTable, dataset: Dataset, problems: list[Diagnostic]) -> pd.Series:
    """Each row's unit key: from _ds or 单位编码, else the dataset's only unit ("" = any unit)."""
    codes = pd.Series([u.unit_code for u in dataset.units if u.unit_code], dtype=str)
    shared = set(codes[codes.duplicated()])
    keys = {u.unit_code: u.key for u in dataset.units if u.unit_code and u.unit_code not in shared}
    keys |= {u.key: u.key for u in dataset.units}
    column = next((c for c in UNIT_COLUMNS if c in data), None)
    if column is None:
        return pd.Series(dataset.keys[0] if len(dataset.units) == 1 else "", index=data.index, dtype=str)
    given = data[column]
    known = given.map(keys)
    for i in data.index[given.ne("") & known.isna()]:
        why = "names several units; give _ds instead" if given[i] in shared else "is not a unit of the dataset"
        problems.append(Diagnostic("E312", f"{column} {given[i]!r} {why}",
                                   where=raw.where(_line(data, i), raw.header.index(column))))
    return known.fillna("").astype(str)


def merge_indicator_actuals(
    indicators: pd.DataFrame, data: pd.DataFrame, raw: RawTable, dataset: Dataset
) -> list[Diagnostic]:
    """Write 实际完成值 / 偏差原因 of ``data`` into the matching rows of ``indicators`` (in place)."""
    problems: list[Diagnostic] = []
    for name in ("项目", "指标名称"):
        if name not in data:
            return [Diagnostic("E311", f"indicator actuals need the column {name}",
                               where=raw.where(raw.header_line, 0))]
    for column in ("_ds", "项目", "指标名称", "目标单位", "目标类型", "实际完成值", "偏差原因", *ACTUAL_COLUMNS):
        if column not in indicators:
            indicators[column] = ""
    actual = pd.DataFrame({"unit": _units(data, raw, dataset, problems), "p": _compact(data["项目"]),
                           "n": _compact(data["指标名称"]), "a": data.index})
    targets = pd.DataFrame({"ds": indicators["_ds"].fillna("").astype(str), "p": _compact(indicators["项目"]),
                            "n": _compact(indicators["指标名称"]), "pos": range(len(indicators))})
    named = actual["unit"].ne("")  # an actual that names its unit joins that unit's indicators only
    pairs = pd.concat([
        actual[named].merge(targets, left_on=["unit", "p", "n"], right_on=["ds", "p", "n"], how="left"),
        actual[~named].merge(targets, on=["p", "n"], how="left"),
    ], ignore_index=True)
    found = pairs.dropna(subset=["pos"])
    spread = found.groupby("a")["ds"].nunique()
    at = raw.header.index("指标名称")
    units_named = actual["a"].map(spread)  # NaN: no indicator; > 1: several units
    for a in actual["a"][~units_named.eq(1)]:
        if a not in spread.index or spread[a] > 1:
            why = "names no indicator of the dataset" if a not in spread.index else \
                f"names indicators of {spread[a]} units; give 单位编码"
            problems.append(Diagnostic("E312", f"actual for {data.at[a, '项目']!r} / {data.at[a, '指标名称']!r} "
                                       f"{why}", where=raw.where(_line(data, a), at),
                                       hint="use the names as `checker inspect` lists them"))
    found = found[found["a"].map(spread).eq(1)]
    rows = indicators.index[found["pos"].astype(int).to_numpy()]
    for column in ("实际完成值", "偏差原因"):
        if column in data:
            indicators[column] = indicators[column].astype(object)
            indicators.loc[rows, column] = data.loc[found["a"], column].to_numpy()
    problems += _derive(indicators, rows, found["a"].to_numpy(), data, raw)
    return problems


def _derive(indicators: pd.DataFrame, rows: pd.Index, sources: object, data: pd.DataFrame,
            raw: RawTable) -> list[Diagnostic]:
    derived = derive_actuals(indicators.loc[rows, "实际完成值"], indicators.loc[rows, "目标单位"],
                             indicators.loc[rows, "目标类型"])
    for column in ACTUAL_COLUMNS:
        indicators[column] = indicators[column].astype("Int64" if column == "实际值" else object)
        indicators.loc[rows, column] = derived.columns[column].to_numpy()
    at = raw.header.index("实际完成值")
    lines = data.loc[list(sources), "_line"].to_numpy()  # type: ignore[call-overload]
    out = []
    for i in derived.unreadable:
        row = indicators.loc[rows[i]]
        out.append(unreadable_actual(str(row["实际完成值"]), str(row["项目"]), str(row["指标名称"]),
                                     raw.where(int(lines[i]), at)))
    return out


def _line(data: pd.DataFrame, label: object) -> int:
    return int(data.at[label, "_line"])  # type: ignore[arg-type, index]


def _compact(names: pd.Series) -> pd.Series:
    return per_distinct(names.fillna("").astype(str), lambda t: t.str.replace(r"\s+", "", regex=True))


def read_spending(
    data: pd.DataFrame, raw: RawTable, dataset: Dataset, unit: str = "万元"
) -> tuple[pd.DataFrame, list[Diagnostic]]:
    """Actual spending rows → the spending frame (执行数/预算数 micros of 万元; 预算数 NA when not given)."""
    problems: list[Diagnostic] = []
    if "科目编码" not in data and "项目" not in data:
        problems.append(Diagnostic("E311", "actual spending needs the column 科目编码 or 项目",
                                   where=raw.where(raw.header_line, 0)))
    if len(dataset.units) > 1 and not any(c in data for c in UNIT_COLUMNS):
        problems.append(Diagnostic("E311", "actual spending for several units needs the column 单位编码 or _ds",
                                   where=raw.where(raw.header_line, 0)))
    codes = normalise_codes(data["科目编码"]) if "科目编码" in data else pd.Series("", index=data.index, dtype=str)
    for i in data.index[bad_codes(codes, None)]:
        problems.append(Diagnostic("E314", f"科目编码 {codes[i]!r} is not a code; the row is kept",
                                   where=raw.where(_line(data, i), raw.header.index("科目编码"))))
    frame = pd.DataFrame({
        "_ds": _units(data, raw, dataset, problems), "科目编码": codes,
        "项目": data.get("项目", ""),
        "执行数": _money(data, "执行数", raw, unit, problems),
        "预算数": _money(data, "预算数", raw, unit, problems) if "预算数" in data else pd.NA,
        "_file": raw.file, "_line": data["_line"].astype("int64"),
        "_doc": data.get(SOURCE_COLUMN, ""),
    }, index=data.index)
    return frame.astype({"执行数": "Int64", "预算数": "Int64"}), problems


def _money(data: pd.DataFrame, column: str, raw: RawTable, unit: str, problems: list[Diagnostic]) -> pd.Series:
    parsed = parse_amounts(data[column], exponent_of(unit))
    at = raw.header.index(column)
    for i in data.index[parsed.bad]:
        problems.append(Diagnostic("E302", f"{column}: {data.at[i, column]!r} is not a number; counted as 0",
                                   where=raw.where(_line(data, i), at)))
    return parsed.micros

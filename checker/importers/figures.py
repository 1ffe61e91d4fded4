"""Indicators (绩效指标) and stated figures (说明中的数字) in the canonical format.

The files have the columns of ``INDICATOR_COLUMNS`` / ``STATED_COLUMNS`` without the provenance columns
(a "来源" column carries ``_doc``).  Indicators are written with the target and actual as written only;
the parsed columns are re-derived on load (``derive``).  Stated amounts are decimal text in the
figure's own 单位 (万元 or 元), rates in %; a blank cell is "not stated", not zero.
"""

from __future__ import annotations

import pandas as pd

from checker.dataset.model import INDICATOR_COLUMNS, MONEY_FACTOR, STATED_COLUMNS, empty_frame
from checker.diagnostics import Diagnostic
from checker.importers.cells import RawTable, exponent_of, format_amounts, parse_amounts
from checker.importers.derive import ACTUAL_COLUMNS, TARGET_COLUMNS, derive_actuals, derive_targets
from checker.importers.frames import SOURCE_COLUMN
from checker.importers.vector import per_distinct

DERIVED = (*TARGET_COLUMNS[:2], *TARGET_COLUMNS[3:6], *ACTUAL_COLUMNS)  # 目标单位/单位来源 are written
INDICATOR_FILE_COLUMNS = tuple(c for c in INDICATOR_COLUMNS if not c.startswith("_") and c not in DERIVED)
STATED_FILE_COLUMNS = tuple(c for c in STATED_COLUMNS if not c.startswith("_"))
STATED_MONEY = ("金额", "增减额")
STATED_RATES = (("增减率", "增减率位数"), ("占比", "占比位数"))
REQUIRED = {"indicators": ("项目", "指标名称", "指标值"), "stated": ("主题",)}


def _columns(raw: RawTable, known: tuple[str, ...], what: str, problems: list[Diagnostic]) -> pd.DataFrame:
    """The raw rows under their header names; unknown headers (E310) and missing ones (E311) reported."""
    data = raw.frame()
    data.columns = pd.Index([h or f"列{i + 1}" for i, h in enumerate(raw.header)])
    for at, header in enumerate(data.columns):
        if header not in known and header != SOURCE_COLUMN:
            problems.append(Diagnostic("E310", f"the {what} file has no column {header!r}; it is ignored",
                                       where=raw.where(raw.header_line, at)))
    for name in REQUIRED[what]:
        if name not in data.columns:
            problems.append(Diagnostic("E311", f"the {what} file needs the column {name}",
                                       where=raw.where(raw.header_line, 0)))
    data = data.loc[:, ~data.columns.duplicated()]
    return data


def _provenance(frame: pd.DataFrame, data: pd.DataFrame, raw: RawTable, key: str | pd.Series) -> None:
    frame["_ds"] = key
    frame["_file"] = raw.row_files()
    frame["_line"] = pd.array(raw.lines, dtype="Int64")
    frame["_doc"] = data[SOURCE_COLUMN].str.strip() if SOURCE_COLUMN in data else ""
    for column in ("_ds", "_file", "_doc"):
        frame[column] = frame[column].astype(str)


def read_indicators(raw: RawTable, key: str | pd.Series) -> tuple[pd.DataFrame, list[Diagnostic]]:
    """Indicator rows → the INDICATOR_COLUMNS frame, targets (E308) and actuals (E309) parsed."""
    problems = raw.overlong()
    data = _columns(raw, INDICATOR_FILE_COLUMNS, "indicators", problems)
    frame = pd.DataFrame({c: _text(data, c) for c in INDICATOR_FILE_COLUMNS}, index=data.index)
    weights = frame["权重"].astype(object)
    frame["权重"] = weights.where(weights.ne(""), None)  # a weight not given is missing, not text
    targets = derive_targets(frame["指标值"], frame["目标单位"], frame["单位来源"])
    for column in TARGET_COLUMNS:
        frame[column] = targets.columns[column]
    written, names = frame["指标值"].tolist(), frame["指标名称"].tolist()
    at = _position(raw, "指标值")
    for i in targets.unreadable:
        problems.append(Diagnostic("E308", f"指标值 {written[i]!r} of {names[i]!r} cannot be read as operator, "
                                   "value and unit", where=raw.row_where(i, at)))
    actuals = derive_actuals(frame["实际完成值"], frame["目标单位"], frame["目标类型"])
    for column in ACTUAL_COLUMNS:
        frame[column] = actuals.columns[column]
    at = _position(raw, "实际完成值")
    written, projects = frame["实际完成值"].tolist(), frame["项目"].tolist()
    problems += [unreadable_actual(written[i], projects[i], names[i], raw.row_where(i, at))
                 for i in actuals.unreadable]
    _provenance(frame, data, raw, key)
    return frame.reindex(columns=list(INDICATOR_COLUMNS)), problems


def unreadable_actual(written: str, project: str, name: str, where: str) -> Diagnostic:
    """E309 for an actual (实际完成值) that is not a number with a unit or a grade."""
    return Diagnostic("E309", f"实际完成值 {written!r} of {project!r} / {name!r} is not a number with a unit or "
                      "a grade; kept as written", where=where)


def _text(data: pd.DataFrame, column: str) -> pd.Series:
    if column in data:
        return per_distinct(data[column].fillna("").astype(str), lambda t: t.str.strip())
    return pd.Series("", index=data.index, dtype=str)


def _position(raw: RawTable, header: str) -> int:
    return raw.header.index(header) if header in raw.header else 0


def read_stated(raw: RawTable, key: str | pd.Series) -> tuple[pd.DataFrame, list[Diagnostic]]:
    """Stated-figure rows → the STATED_COLUMNS frame (amounts micros of 万元, rates micros of %)."""
    problems = raw.overlong()
    data = _columns(raw, STATED_FILE_COLUMNS, "stated", problems)
    frame = pd.DataFrame({c: _text(data, c) for c in STATED_FILE_COLUMNS}, index=data.index)
    units = frame["单位"].where(frame["单位"].isin(list(MONEY_FACTOR)), "万元")
    for column in STATED_MONEY:
        values = pd.Series(pd.NA, index=frame.index, dtype="Int64")
        for unit in units.unique():
            rows = units.eq(unit)
            values[rows] = _numbers(frame[column][rows], exponent_of(unit), column, raw, problems)[0]
        frame[column] = values
    for column, places in STATED_RATES:
        values, decimals = _numbers(frame[column], 6, column, raw, problems)
        given = parse_amounts(frame[places], 0)
        frame[column] = values
        frame[places] = pd.Series(given.micros, dtype="Int64").where(~given.blank, decimals.where(values.notna()))
    _provenance(frame, data, raw, key)
    return frame.reindex(columns=list(STATED_COLUMNS)), problems


def _numbers(
    texts: pd.Series, exponent: int, column: str, raw: RawTable, problems: list[Diagnostic]
) -> tuple[pd.Series, pd.Series]:
    parsed = parse_amounts(texts, exponent)
    at = _position(raw, column)
    for i in texts.index[parsed.bad]:
        problems.append(Diagnostic("E302", f"{column}: {texts[i]!r} is not a number; left blank",
                                   where=raw.row_where(i, at)))  # labels are row positions
    empty = parsed.blank | parsed.bad
    values = pd.Series(parsed.micros, dtype="Int64").where(~empty)
    return values, pd.Series(parsed.decimals, dtype="Int64").where(~empty)


# --- writing ---------------------------------------------------------------------------------------


def indicator_texts(frame: pd.DataFrame) -> pd.DataFrame:
    """The indicator frame as file cells: the written columns, then 来源 when any row has one."""
    frame = frame if len(frame.columns) else empty_frame(INDICATOR_COLUMNS)
    out = pd.DataFrame({c: _cells(frame, c) for c in INDICATOR_FILE_COLUMNS}, index=frame.index)
    return _with_source(out, frame)


def stated_texts(frame: pd.DataFrame) -> pd.DataFrame:
    """The stated frame as file cells (amounts in their 单位, rates with their printed decimals)."""
    out = pd.DataFrame({c: _cells(frame, c) for c in STATED_FILE_COLUMNS}, index=frame.index)
    units = out["单位"].where(out["单位"].isin(list(MONEY_FACTOR)), "万元")
    for column in STATED_MONEY:
        for unit in units.unique():
            rows = units.eq(unit)
            out.loc[rows, column] = _amount_texts(frame.loc[rows, column], exponent_of(unit), 2)
    for column, places in STATED_RATES:
        digits = pd.to_numeric(frame[places], errors="coerce") if places in frame else None
        texts = _amount_texts(frame[column], 6, 0) if column in frame else out[column]
        if digits is not None:
            for d in digits.dropna().unique():
                rows = digits.eq(d) & frame[column].notna()
                texts[rows] = _amount_texts(frame.loc[rows, column], 6, int(d))
        out[column] = texts
    return _with_source(out, frame)


def _amount_texts(values: pd.Series, exponent: int, places: int) -> pd.Series:
    missing = values.isna()
    texts = format_amounts(values.fillna(0).astype("int64"), exponent, places)
    return texts.where(~missing, "")


def _cells(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series("", index=frame.index, dtype=str)
    return frame[column].astype(object).where(frame[column].notna(), "").astype(str)


def _with_source(out: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    if "_doc" in frame and frame["_doc"].fillna("").astype(str).ne("").any():
        out[SOURCE_COLUMN] = frame["_doc"].fillna("").astype(str)
    return out

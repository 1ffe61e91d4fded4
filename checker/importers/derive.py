"""Parsed columns of indicators, derived from what was written (指标值, 实际完成值) by the shared grammar.

One source of truth: files keep only the texts as written; operator, value, unit, grade, kind and
direction are re-derived on every load with ``parse_target``.  Each distinct text is parsed once, so
500,000 indicators with a few hundred distinct targets cost a few hundred parses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

import numpy as np
import pandas as pd

from checker.dataset.model import SCALE, PrecisionError, to_micros
from checker.importers.vector import per_distinct
from checker.parse.targets import TargetSyntaxError, parse_target
from checker.units import Target

TARGET_COLUMNS = ("目标运算符", "目标值", "目标单位", "目标等级", "目标类型", "方向", "单位来源")
ACTUAL_COLUMNS = ("实际值", "实际单位", "实际等级")


@lru_cache(maxsize=65536)
def read_quantity(text: str) -> Target | None:
    """A target or actual as written → Target, or None when it starts like a number but does not read."""
    try:
        return parse_target(text)
    except TargetSyntaxError:
        return None


def micros(value: Decimal) -> int:
    """A Decimal in its own unit → micros (rounded half-up past the sixth decimal)."""
    return int((value * SCALE).to_integral_value(rounding=ROUND_HALF_UP))


def exact_micros(value: Decimal) -> int | None:
    """A Decimal in its own unit → micros, or None when it has more than six decimals (as the text importer)."""
    try:
        return to_micros(value)
    except PrecisionError:
        return None


def decimal_of(value: object) -> Decimal | None:
    """Micros (int, or NA) → the Decimal they stand for, without trailing zeros."""
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return None
    d = Decimal(int(value)) / SCALE  # type: ignore[call-overload]
    return d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()


@dataclass(slots=True)
class Derived:
    """Derived columns (aligned with the input) and the positions whose text could not be read."""

    columns: pd.DataFrame
    unreadable: list[int]


def _texts(series: pd.Series) -> pd.Series:
    return per_distinct(series.fillna("").astype(str), lambda t: t.str.strip())


def derive_targets(written: pd.Series, units: pd.Series, sources: pd.Series) -> Derived:
    """目标运算符 … 方向 from 指标值; 目标单位 from the text, else as given; 单位来源 "目标" or as given.

    Both the text importer and the canonical reader derive the parsed columns here, so an indicator read
    from a disclosure and the same indicator read back from the canonical format are equal.
    """
    texts = _texts(written)
    codes, uniques = pd.factorize(texts)  # each distinct text is parsed and read once
    found = [read_quantity(t) if t else None for t in uniques]

    def per_row(values: Sequence[object]) -> np.ndarray:
        return np.array(values, dtype=object)[codes] if len(values) else np.zeros(len(codes), dtype=object)

    def each(field: str) -> pd.Series:
        return pd.Series(per_row([getattr(t, field) if t is not None else "" for t in found]), index=written.index)

    given_unit, given_source = _texts(units), _texts(sources)
    own_unit = each("unit")
    values = [exact_micros(t.value) if t is not None and t.value is not None else None for t in found]
    out = pd.DataFrame({
        "目标运算符": each("operator"),
        "目标值": pd.array(per_row(values), dtype="Int64"),  # type: ignore[call-overload]
        "目标单位": own_unit.where(own_unit.ne(""), given_unit),
        "目标等级": each("grade"),
        "目标类型": each("kind"),
        "方向": each("direction"),
        "单位来源": given_source.where(given_source.ne("") | own_unit.eq(""), "目标"),
    }, index=written.index)
    out = out.astype({c: str for c in TARGET_COLUMNS if c != "目标值"})
    return Derived(out, np.flatnonzero(per_row([t is None for t in found]).astype(bool)).tolist())


def derive_actuals(written: pd.Series, target_units: pd.Series, target_kinds: pd.Series) -> Derived:
    """实际值/实际单位/实际等级 from 实际完成值.

    A bare number takes the target's unit.  A phrase is fine for a qualitative (定性) target and
    unreadable for a measured one, as is text that starts like a number but does not read.
    """
    texts = _texts(written)
    codes, uniques = pd.factorize(texts.to_numpy(dtype=object))  # each distinct text is read once
    found = [read_quantity(t) if t else None for t in uniques]
    numeric = np.array([t is not None and t.value is not None for t in found] + [False], dtype=bool)[codes]
    graded = np.array([t is not None and t.value is None and bool(t.grade) for t in found] + [False])[codes]
    unparsed = np.array([t is None for t in found] + [True], dtype=bool)[codes]
    value = np.array([micros(t.value) if t is not None and t.value is not None else None for t in found] + [None],
                     dtype=object)[codes]
    own = np.array([(t.unit if t is not None else "") for t in found] + [""], dtype=object)[codes]
    grade = np.array([(t.grade if t is not None else "") for t in found] + [""], dtype=object)[codes]
    target_unit = _texts(target_units).to_numpy(dtype=object)
    measured = _texts(target_kinds).isin(("数值", "等级")).to_numpy()
    written_text = texts.to_numpy(dtype=object) != ""
    # a number takes its own unit, else the target's; a grade is kept; other text is unreadable where the
    # target is measured, or where it starts like a number but does not read
    units = np.where(numeric, np.where(own != "", own, target_unit), "")
    unreadable = np.flatnonzero(~numeric & ~graded & written_text & (unparsed | measured)).tolist()
    out = pd.DataFrame({"实际值": pd.array(np.where(numeric, value, None), dtype="Int64"),  # type: ignore[call-overload]
                        "实际单位": units, "实际等级": np.where(graded, grade, "")},
                       index=written.index).astype({"实际单位": str, "实际等级": str})
    return Derived(out, unreadable)

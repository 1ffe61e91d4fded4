"""What a Dataset holds, as plain data (JSON-ready): units, tables, indicators, stated figures, problems.

``checker inspect`` and ``checker import`` render this; amounts are decimal strings (exact), never floats.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd

from checker.dataset.model import SCALE, Dataset, from_micros

SCHEMA_VERSION = 1


def describe(dataset: Dataset) -> dict[str, Any]:
    """The dataset as a dict: ``units``, ``tables``, ``indicators``, ``stated_figures``, ``problems``, ``counts``."""
    tables = [
        {"kind": t.kind, "name": t.title, "number": t.number, "rows": len(t.frame), "unit": t.unit,
         "columns": [c.name for c in t.columns], "source": t.source}
        for t in dataset.tables.values()
    ]
    out: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "units": [{"key": u.key, "department": u.department, "unit_code": u.unit_code, "year": u.year,
                   "document": u.document, "source": u.source} for u in dataset.units],
        "tables": tables,
        "indicators": [_indicator(r) for r in _records(dataset.indicators)],
        "stated_figures": [_stated(r) for r in _records(dataset.stated)],
        "problems": [d.to_dict() for d in dataset.problems],
    }
    out["counts"] = {"tables": len(tables), "rows": sum(t["rows"] for t in tables),
                     "indicators": len(out["indicators"]), "stated_figures": len(out["stated_figures"]),
                     "problems": len(dataset.problems)}
    return out


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): (None if _missing(v) else v) for k, v in row.items()} for row in frame.to_dict("records")]


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))  # type: ignore[call-overload]


def number(micros: object, places: object = None) -> str | None:
    """Micros of a value in its own unit → decimal text (``places`` decimals when given)."""
    if micros is None:
        return None
    value = Decimal(int(micros)) / SCALE  # type: ignore[call-overload]
    if places is not None:
        return f"{value:.{int(places)}f}"  # type: ignore[call-overload]
    return format(value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize(), "f")


def money(micros: object, unit: str = "万元") -> str | None:
    """Micros of 万元 → decimal text in ``unit``, with at least two decimals and nothing rounded away."""
    if micros is None:
        return None
    value = from_micros(int(micros), unit)  # type: ignore[call-overload]
    cents = value.quantize(Decimal("0.01"))
    return f"{cents:.2f}" if cents == value else format(value.normalize(), "f")


def _text(row: dict[str, Any], key: str) -> str:
    return "" if row.get(key) is None else str(row[key])


def _indicator(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "ds": _text(row, "_ds"), "id": _text(row, "id"), "project": _text(row, "项目"),
        "level1": _text(row, "一级指标"), "level2": _text(row, "二级指标"), "name": _text(row, "指标名称"),
        "target": _text(row, "指标值"), "operator": _text(row, "目标运算符"), "value": number(row.get("目标值")),
        "unit": _text(row, "目标单位"), "grade": _text(row, "目标等级"), "kind": _text(row, "目标类型"),
        "direction": _text(row, "方向"), "weight": _text(row, "权重"), "actual": _text(row, "实际完成值"),
        "actual_value": number(row.get("实际值")), "actual_unit": _text(row, "实际单位"),
        "actual_grade": _text(row, "实际等级"), "doc": _text(row, "_doc"),
    }


def _stated(row: dict[str, Any]) -> dict[str, Any]:
    unit = _text(row, "单位") if _text(row, "单位") in ("元", "万元", "亿元") else "万元"
    return {
        "ds": _text(row, "_ds"), "id": _text(row, "id"), "topic": _text(row, "主题"),
        "amount": money(row.get("金额"), unit), "change": money(row.get("增减额"), unit),
        "change_word": _text(row, "增减词"), "change_rate": number(row.get("增减率"), row.get("增减率位数")),
        "share": number(row.get("占比"), row.get("占比位数")), "unit": _text(row, "单位"),
        "reason": _text(row, "原因"), "section": _text(row, "章节"), "doc": _text(row, "_doc"),
    }

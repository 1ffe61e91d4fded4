"""Project indicator cells ("项目主要绩效指标") → one row per indicator, with its target parsed.

A cell reads like "1. 指标名称：邮件完成数 指标内容：邮件完成数全年大于等于 10 万封 指标值：≥100000 2. 指标名称：…",
possibly wrapped over several lines and pages.  Labels may be wrapped too ("指标名 称："); 一级指标/二级指标
are taken when the document gives them (and carried to the next indicators of the same cell).  The
target (指标值) is read by the shared grammar (``parse_target``); when it names no unit the unit is
inferred from 指标内容 ("大于等于 10 万封" → 封) or from the name ("…率" → %), and 单位来源 says which.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from checker.dataset.model import INDICATOR_COLUMNS
from checker.diagnostics import Diagnostic
from checker.importers.derive import TARGET_COLUMNS, derive_targets, read_quantity
from checker.importers.text_norm import as_objects, collapse, join_wrapped, strip_tags
from checker.units import ALIASES, COMPARATORS, UNITS, Target, canonical_symbol

SourceLine = tuple[int, str]

_LABELS = {"一级指标": "一级指标", "二级指标": "二级指标", "三级指标": "指标名称", "指标名称": "指标名称",
           "指标内容": "指标内容", "指标目标值": "指标值", "指标值": "指标值", "目标值": "指标值"}
_LABEL = re.compile(
    "(?P<label>" + "|".join(r"\s*".join(map(re.escape, k)) for k in sorted(_LABELS, key=len, reverse=True))
    + r")\s*[：:]")
_TRAILING_NUMBER = re.compile(r"(?:^|\s)\d{1,2}\s*[.．、]\s*$")
_TRAILING_PUNCT = re.compile(r"[\s；;，,。.、]+$")

# Name endings that say the unit of a bare target: "按时办结率 96" → %.
NAME_UNITS = (("率", "%"), ("次数", "次"), ("人次", "人次"), ("月数", "个月"), ("天数", "天"),
              ("人数", "人"), ("个数", "个"), ("台数", "台"), ("件数", "件"), ("户数", "户"))
_UNIT_WORDS = sorted({s for s in UNITS if s and s not in ("元", "万元", "亿元")} | set(ALIASES) - {"万"},
                     key=len, reverse=True)
_CMP_WORDS = "|".join(re.escape(c) for c in sorted(COMPARATORS, key=len, reverse=True))
_QUANTITY = re.compile(
    rf"(?P<cmp>{_CMP_WORDS})?\s*(?P<num>\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)\s*(?P<mult>[万千亿](?!元))?\s*"
    rf"(?P<unit>{'|'.join(re.escape(u) for u in _UNIT_WORDS)})")


@dataclass(frozen=True, slots=True)
class IndicatorCell:
    """A project's indicator cell: the project name and the pieces of text with their source lines."""

    project: str
    pieces: list[SourceLine]


def parse_indicators(cells: Iterable[IndicatorCell], path: Path) -> tuple[pd.DataFrame, list[Diagnostic]]:
    """Every indicator of every cell as a frame with INDICATOR_COLUMNS (``_ds`` left for the caller)."""
    rows: list[dict[str, Any]] = []
    problems: list[Diagnostic] = []
    ids: set[str] = set()
    for cell in cells:
        for k, fields in enumerate(split_cell(cell.pieces), start=1):
            row = indicator_row(cell.project, fields, path, problems)
            row["id"] = _unique(f"{cell.project}#{k}", ids)
            rows.append(row)
    frame = pd.DataFrame(rows, columns=list(INDICATOR_COLUMNS))
    derived = derive_targets(frame["指标值"], frame["目标单位"], frame["单位来源"]).columns
    for name in TARGET_COLUMNS:  # one derivation for disclosures and canonical files alike
        frame[name] = derived[name]
    frame["实际值"] = frame["实际值"].astype("Int64")
    frame["_line"] = frame["_line"].astype("int64")
    return as_objects(frame), problems


def split_cell(pieces: list[SourceLine]) -> list[dict[str, Any]]:
    """The labelled fields of each indicator in a cell, with ``_line`` where its name is printed."""
    text, starts = _joined(pieces)
    labels = list(_LABEL.finditer(text))
    out: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for k, m in enumerate(labels):
        kind = _LABELS[re.sub(r"\s+", "", m.group("label"))]
        end = labels[k + 1].start() if k + 1 < len(labels) else len(text)
        if current is None or _starts_new(kind, current):
            current = _carried(current, kind)
            out.append(current)
        current[kind] = text[m.end():end]
        if kind == "指标名称" or "_line" not in current:
            current["_line"] = _line_at(starts, m.start())
    return out


def _starts_new(kind: str, current: dict[str, Any]) -> bool:
    return kind in current or (kind in ("一级指标", "二级指标") and "指标名称" in current)


def _carried(previous: dict[str, Any] | None, kind: str) -> dict[str, Any]:
    """A new indicator; it keeps the previous one's 一级/二级指标 unless it starts with its own."""
    if previous is None or kind in ("一级指标", "二级指标"):
        return {}
    return {k: previous[k] for k in ("一级指标", "二级指标") if k in previous}


def _joined(pieces: list[SourceLine]) -> tuple[str, list[tuple[int, int]]]:
    text, starts = "", []
    for line, piece in pieces:
        piece = strip_tags(piece).strip()
        if text:
            text += " "
        starts.append((len(text), line))
        text += piece
    return text, starts


def _line_at(starts: list[tuple[int, int]], offset: int) -> int:
    return next((line for start, line in reversed(starts) if start <= offset), starts[0][1] if starts else 0)


def _field(text: str, keep_spaces: bool = False) -> str:
    text = _TRAILING_NUMBER.sub("", text)
    text = collapse(text) if keep_spaces else join_wrapped(text)
    return _TRAILING_PUNCT.sub("", text)


def indicator_row(project: str, fields: dict[str, Any], path: Path, problems: list[Diagnostic]) -> dict[str, Any]:
    """One INDICATOR_COLUMNS row: the fields as written and, for a bare number, the unit inferred."""
    line = int(fields["_line"])
    name, content = _field(fields.get("指标名称", "")), _field(fields.get("指标内容", ""))
    written = _field(fields.get("指标值", ""), keep_spaces=True)
    row: dict[str, Any] = dict.fromkeys(INDICATOR_COLUMNS, "")
    row.update({
        "项目": project, "一级指标": _field(fields.get("一级指标", "")), "二级指标": _field(fields.get("二级指标", "")),
        "指标名称": name, "指标内容": content, "指标值": written, "权重": None, "目标值": None, "实际值": None,
        "_file": str(path), "_line": line, "_doc": f"{path.name}:{line}",
    })
    target = _target(written, project, name, f"{path}:{line}", problems)
    if target is not None and target.kind == "数值" and not target.unit:
        row["目标单位"], row["单位来源"] = infer_unit(name, content)
    return row


def _target(written: str, project: str, name: str, where: str, problems: list[Diagnostic]) -> Target | None:
    target = read_quantity(written) if written else None
    if written and target is None:
        problems.append(Diagnostic("E308", f"{project} / {name}: 指标值 {written!r} cannot be read as operator, "
                                   "value and unit", where=where, hint="write it as ≥10次, ≤5分钟, 100%, 优 or a phrase"))
    return target


def infer_unit(name: str, content: str) -> tuple[str, str]:
    """The unit of a bare target: a quantity in 指标内容, a name ending, a 指标内容 ending; else ("", "")."""
    found = content_quantity_unit(content)
    if found:
        return found, "指标内容"
    for text, source in ((name, "指标名称"), (content, "指标内容")):
        for ending, unit in NAME_UNITS:
            if text.endswith(ending):
                return unit, source
    return "", ""


def content_quantity_unit(content: str) -> str:
    """The unit of a quantity stated in 指标内容 ("大于等于 10 万封" → 封, "大于等于一次" → 次)."""
    for m in _QUANTITY.finditer(content):
        numeric = m.group("num")[0].isdigit()
        if not numeric and not m.group("cmp"):
            continue  # "一次性", "一窗": a Chinese numeral counts only after a comparison word
        if _is_date(content, m):
            continue  # "2021年", "12月31日": a date, not a quantity
        return canonical_symbol(m.group("unit"))
    return ""


def _is_date(content: str, m: re.Match[str]) -> bool:
    if m.group("unit") == "年" and re.fullmatch(r"\d{4}", m.group("num")):
        return True
    before = content[: m.start("num")].rstrip()
    return m.group("unit") in ("月", "日") and before.endswith(("年", "月"))


def _unique(candidate: str, taken: set[str]) -> str:
    ident, n = candidate, 1
    while ident in taken:
        n += 1
        ident = f"{candidate}-{n}"
    taken.add(ident)
    return ident

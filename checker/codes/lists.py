"""Official (or partial) code lists by fiscal year, read from CSV/XLSX; the lists shipped with checker.

A code list has the columns ``code,name,level,parent`` (plus, optionally, ``classification``, ``year`` and
``partial``); a mapping list has ``gov_code,gov_name,dept_code,dept_name``.  Chinese headers are accepted
too (编码, 名称, 级次, 上级编码 …).  Every problem in a file is collected and raised once (E220/E221).
The format is documented in docs/codes.md.
"""

from __future__ import annotations

import tomllib
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from checker.codes.readers import read_rows
from checker.codes.shapes import (
    CLASSIFICATIONS,
    DEPT_ECON,
    GOV_ECON,
    MAPPING,
    classification_of,
    normalise_code,
    shape,
)
from checker.diagnostics import Collector, Diagnostic
from checker.resources import data

LIST_COLUMNS = ("code", "name", "level", "parent", "_file", "_line")
MAPPING_COLUMNS = ("gov_code", "gov_name", "dept_code", "dept_name", "_file", "_line")
ANY_DEPT = "*"  # a mapping row whose dept_code is "*": any 部门 code may map to this 政府 code


@dataclass(frozen=True, slots=True, eq=False)
class CodeList:
    """The codes of one classification for one fiscal year ("" = any year), or a 部门 → 政府 mapping.

    ``frame`` has ``LIST_COLUMNS`` (or ``MAPPING_COLUMNS`` when ``classification`` is ``MAPPING``), codes
    normalised.  A ``partial`` list never makes a missing code an error; a complete one does (CODE-UNLISTED).
    """

    classification: str
    frame: pd.DataFrame = field(repr=False)
    year: str = ""
    partial: bool = False
    source: str = ""

    @property
    def is_mapping(self) -> bool:
        """Whether this is a 部门 → 政府 mapping rather than a list of codes."""
        return self.classification == MAPPING

    def __len__(self) -> int:
        return len(self.frame)


_HEADERS = {
    "code": ("code", "编码", "科目编码", "代码", "科目代码"),
    "name": ("name", "名称", "科目名称"),
    "level": ("level", "级次", "层级", "级别"),
    "parent": ("parent", "上级", "上级编码", "父级编码"),
    "classification": ("classification", "分类", "科目分类"),
    "year": ("year", "年度", "年份"),
    "partial": ("partial", "部分"),
    "gov_code": ("gov_code", "政府经济分类编码", "政府预算经济分类编码"),
    "gov_name": ("gov_name", "政府经济分类名称", "政府预算经济分类名称"),
    "dept_code": ("dept_code", "部门经济分类编码", "部门预算经济分类编码"),
    "dept_name": ("dept_name", "部门经济分类名称", "部门预算经济分类名称"),
}
_CANONICAL = {alias: key for key, aliases in _HEADERS.items() for alias in aliases}
_TRUE = {"1", "true", "yes", "y", "是", "部分"}


def load_code_lists(
    path: Path, classification: str | None = None, year: str | None = None, partial: bool | None = None
) -> list[CodeList]:
    """The lists in a CSV/XLSX file, one per (classification, year) it holds.

    ``classification``, ``year`` and ``partial`` apply where the file has no such column; a code list
    without a classification column takes each code's classification from its shape.
    Raises DiagnosticError (E220 unreadable/missing columns, E221 bad rows) with every problem found.
    """
    problems = Collector()
    out: list[CodeList] = []
    for where, header, rows in read_rows(path, problems):
        columns = [_CANONICAL.get(h.lower(), _CANONICAL.get(h, h)) for h in header]
        frame = pd.DataFrame(rows, columns=columns, dtype=object) if rows else pd.DataFrame(columns=columns)
        out.extend(_lists_of(frame, where, classification, year, partial, problems))
    problems.raise_if_errors()
    return out


def _lists_of(
    frame: pd.DataFrame, where: str, classification: str | None, year: str | None, partial: bool | None,
    problems: Collector,
) -> Iterator[CodeList]:
    if {"gov_code", "dept_code"} <= set(frame.columns):
        yield from _grouped(_mapping_frame(frame, problems), MAPPING, year, partial, where)
        return
    if "code" not in frame.columns:
        problems.add(Diagnostic("E220", "a code list needs a 'code' column (or gov_code and dept_code)",
                                where=where, hint="columns: code,name,level,parent — see docs/codes.md"))
        return
    frame = _code_frame(frame, classification, problems)
    for cls, part in frame.groupby("classification", sort=False):
        yield from _grouped(part, str(cls), year, partial, where)


def _grouped(
    frame: pd.DataFrame, classification: str, year: str | None, partial: bool | None, where: str
) -> Iterator[CodeList]:
    years = frame["year"] if "year" in frame.columns else pd.Series(year or "", index=frame.index)
    for y, part in frame.groupby(years.fillna(year or "").astype(str).str.strip(), sort=True):
        flags = part["partial"].map(lambda v: str(v).strip().lower() in _TRUE) if "partial" in part else None
        is_partial = bool(flags.any()) if flags is not None else bool(partial)
        columns = MAPPING_COLUMNS if classification == MAPPING else LIST_COLUMNS
        yield CodeList(classification, part.loc[:, list(columns)].reset_index(drop=True), str(y), is_partial, where)


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[column].map(lambda v: "" if v is None or pd.isna(v) else str(v).strip()).astype(object)


def _code_frame(frame: pd.DataFrame, classification: str | None, problems: Collector) -> pd.DataFrame:
    """Normalised codes, each row's classification, and every bad row reported (then dropped)."""
    out = frame.assign(
        code=frame["code"].map(normalise_code),
        name=_text(frame, "name"),
        parent=_text(frame, "parent").map(normalise_code),
        level=_text(frame, "level"),
    )
    given = _text(frame, "classification").replace("", classification or "")
    out["classification"] = [g or (classification_of(c) or "") for g, c in zip(given, out["code"], strict=True)]
    bad = [not _row_ok(row, problems) for row in out.to_dict("records")]
    return out.loc[~pd.Series(bad, index=out.index)]


def _row_ok(row: dict[Hashable, Any], problems: Collector) -> bool:
    """One list row against its classification's shape: code, level and parent (prefix)."""
    code, cls, level, parent = (str(row[k]) for k in ("code", "classification", "level", "parent"))
    where = f"{row['_file']}:{row['_line']}"
    if cls not in CLASSIFICATIONS:
        message = f"code {code!r}: unknown classification {cls!r}" if cls else f"code {code!r} fits no classification"
        problems.add(Diagnostic("E221", message, where=where, hint="功能分类 3/5/7 digits (2…), 经济分类 3/5 digits (3…/5…)"))
        return False
    spec = shape(cls)
    real = spec.level(code)
    if real is None:
        problems.add(Diagnostic("E221", f"code {code!r} is not a {cls} code ({'/'.join(map(str, spec.lengths))} digits "
                                f"starting with {spec.first})", where=where))
        return False
    if level and level != str(real):
        problems.add(Diagnostic("E221", f"code {code}: level {level} given, its length says {real}", where=where))
        return False
    if parent and parent != spec.parent(code):
        problems.add(Diagnostic("E221", f"code {code}: parent {parent} given, its prefix says {spec.parent(code) or 'none'}",
                                where=where))
        return False
    return True


def _mapping_frame(frame: pd.DataFrame, problems: Collector) -> pd.DataFrame:
    out = frame.assign(
        gov_code=frame["gov_code"].map(normalise_code), dept_code=frame["dept_code"].map(normalise_code),
        gov_name=_text(frame, "gov_name"), dept_name=_text(frame, "dept_name"),
    )
    gov_ok = out["gov_code"].map(lambda c: shape(GOV_ECON).level(c) is not None)
    dept_ok = out["dept_code"].map(lambda c: c == ANY_DEPT or shape(DEPT_ECON).level(c) is not None)
    for row in out.loc[~(gov_ok & dept_ok)].to_dict("records"):
        problems.add(Diagnostic("E221", f"mapping row {row['gov_code']!r} ← {row['dept_code']!r}: expected a "
                                "政府经济分类 code (5…) and a 部门经济分类 code (3…) or '*'",
                                where=f"{row['_file']}:{row['_line']}"))
    return out.loc[gov_ok & dept_ok]


@cache
def shipped_lists() -> tuple[CodeList, ...]:
    """The partial lists shipped in ``checker/data/codes`` (see its lists.toml)."""
    folder = data("codes")
    with (folder / "lists.toml").open("rb") as fh:
        manifest = tomllib.load(fh)
    out: list[CodeList] = []
    for entry in manifest["list"]:
        for found in load_code_lists(folder / entry["file"], entry["classification"], entry["year"], True):
            out.append(CodeList(found.classification, found.frame, found.year, True, entry.get("source", "")))
    return tuple(out)


def lists_for_year(lists: Iterable[CodeList], year: str | None) -> list[CodeList]:
    """The lists that apply to a fiscal year: its own and the year-less ones (all of them for None)."""
    return [c for c in lists if year is None or c.year in ("", year)]

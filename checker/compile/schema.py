"""What rules may name: table kinds and columns (from the templates), fields of indicators, stated
figures and projects, functions — and did-you-mean suggestions among names of the same kind."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from checker.codes.suggest import osa_distance
from checker.compile.program import CODE, GRADE, NUM, TARGET, TEXT
from checker.dataset.templates import CLASSIFICATIONS, TableSpec, templates


@dataclass(frozen=True, slots=True)
class FieldSpec:
    column: str
    ty: str
    dim: str = ""


def _fields(entries: Iterable[tuple[tuple[str, ...], str, str, str]]) -> dict[str, FieldSpec]:
    out: dict[str, FieldSpec] = {}
    for names, column, ty, dim in entries:
        for n in names:
            out[n] = FieldSpec(column, ty, dim)
    return out


INDICATOR_FIELDS = _fields([
    (("project", "项目"), "项目", TEXT, ""),
    (("name", "指标名称", "名称"), "指标名称", TEXT, ""),
    (("content", "指标内容"), "指标内容", TEXT, ""),
    (("level1", "一级指标"), "一级指标", TEXT, ""),
    (("level2", "二级指标"), "二级指标", TEXT, ""),
    (("target", "目标", "指标值"), "指标值", TARGET, ""),
    (("target_value", "目标值"), "目标值", NUM, "*"),
    (("actual", "实际值", "实际完成值"), "实际值", NUM, "*"),
    (("unit", "单位", "目标单位"), "目标单位", TEXT, ""),
    (("unit_source", "单位来源"), "单位来源", TEXT, ""),
    (("direction", "方向"), "方向", TEXT, ""),
    (("kind", "类型", "目标类型"), "目标类型", TEXT, ""),
    (("reason", "偏差原因"), "偏差原因", TEXT, ""),
    (("weight", "权重"), "权重", NUM, ""),
    (("actual_text", "实际完成情况"), "实际完成值", TEXT, ""),
])

STATED_FIELDS = _fields([
    (("subject", "主题"), "主题", TEXT, ""),
    (("amount", "金额"), "金额", NUM, "money"),
    (("change", "增减额"), "增减额", NUM, "money"),
    (("word", "增减词"), "增减词", TEXT, ""),
    (("percent", "增减率", "增幅"), "增减率", NUM, "ratio"),
    (("share", "占比"), "占比", NUM, "ratio"),
    (("reason", "原因"), "原因", TEXT, ""),
    (("section", "章节"), "章节", TEXT, ""),
    (("sentence", "句子"), "句子", TEXT, ""),
    (("unit", "单位"), "单位", TEXT, ""),
])

# places(x): the decimals a stated number was printed with
PLACES_COLUMNS = {"增减率": "增减率位数", "占比": "占比位数"}

PROJECT_TABLE = "项目支出表"
PROJECT_ALIASES = {"name": "项目名称", "名称": "项目名称", "budget": "总计", "预算": "总计", "content": "项目内容"}

AGGREGATES = ("sum", "count", "min", "max")
CODE_SETS = ("children", "descendants", "leaves", "mapped")
FUNCTIONS = (*AGGREGATES, *CODE_SETS, "abs", "round", "places", "has", "exists", "level", "has_children",
             "is_leaf", "parent", "code_named", "len", "startswith")
ROW_NUMBER = "行号"  # every table's rows have their 1-based position under this name
STATED_TABLES = ("说明", "stated")  # `sum(s.金额 for s in 说明 where …)`
INDICATOR_TABLES = ("指标", "indicators")
ALL_COLUMNS = ("金额列", "amounts")  # `for each column k in 金额列`: every money column of the table

ROLE_TYPES = {"code": CODE, "name": TEXT, "money": NUM, "count": NUM, "text": TEXT, "side": TEXT,
              "seq": TEXT, "rowtype": TEXT, "level": NUM}
ROLE_DIMS = {"money": "money", "count": "", "level": ""}


def table_spec(kind: str) -> TableSpec | None:
    return templates().get(kind)


def column_type(spec: TableSpec, column: str) -> tuple[str, str] | None:
    """(type, dimension) of a table column, or None when the kind has no such column."""
    if column == ROW_NUMBER:
        return NUM, ""
    col = spec.column(column)
    if col is None:
        return None
    return ROLE_TYPES.get(col.role, TEXT), ROLE_DIMS.get(col.role, "")


def suggest(word: str, candidates: Iterable[str], limit: int = 1) -> list[str]:
    """The closest candidates to ``word`` (distance at most a third of its length, at least 1)."""
    scored = sorted((osa_distance(word, c), abs(len(c) - len(word)), c) for c in set(candidates))
    cutoff = max(1, len(word) // 3)
    return [c for d, _, c in scored if d <= cutoff][:limit]


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    found = suggest(word, candidates)
    return f"did you mean '{found[0]}'?" if found else None


__all__ = ["CLASSIFICATIONS", "GRADE"]

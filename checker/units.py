"""Units, their dimensions and conversions, ordered grades, and exact decimal parsing.

A quantity is compared with another only after both are converted to one unit of the same dimension:
万元 ↔ 元 convert, 小时 ↔ 分钟 convert, 年 ↔ 个月 convert; 天 ↔ 个月 do not (months differ in length),
and 封 never meets 分钟.  Counted things (封, 次, 台 …) are each their own dimension; a bare number is
a count that fits any of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True, slots=True)
class Unit:
    symbol: str
    dimension: str
    factor: Decimal  # how many base units of the dimension one of this unit is

    @property
    def is_count(self) -> bool:
        return self.dimension.startswith("count:") or self.dimension == "count"


def _units() -> dict[str, Unit]:
    table: list[tuple[str, str, str]] = [
        ("元", "money", "1"), ("万元", "money", "10000"), ("亿元", "money", "100000000"),
        ("%", "ratio", "1"), ("‰", "ratio", "0.1"),
        ("秒", "duration", "1"), ("分钟", "duration", "60"), ("小时", "duration", "3600"),
        ("天", "duration", "86400"), ("工作日", "workday", "1"),
        ("个月", "calendar", "1"), ("季度", "calendar", "3"), ("年", "calendar", "12"),
        ("分", "score", "1"),
    ]
    out = {sym: Unit(sym, dim, Decimal(f)) for sym, dim, f in table}
    for sym in COUNT_UNITS:
        out[sym] = Unit(sym, f"count:{sym}", Decimal(1))
    out[""] = Unit("", "count", Decimal(1))
    return out


COUNT_UNITS = (
    "封", "次", "个", "台", "套", "人", "人次", "件", "项", "批", "张", "份", "家", "户", "辆", "场",
    "期", "篇", "条", "块", "本", "名", "所", "座", "处", "栋", "间", "米", "公里", "平方米", "亩", "吨",
    "册", "部", "门", "类", "宗", "单", "笔", "课时", "学时", "天次", "班", "届", "组", "支",
)
ALIASES = {"月": "个月", "分钟内": "分钟", "小时内": "小时", "年内": "年", "日": "天", "万": "万元",
           "％": "%", "分鐘": "分钟", "周年": "年", "个工作日": "工作日"}
UNITS = _units()
MONEY_UNITS = ("元", "万元", "亿元")


class UnitMismatch(ValueError):
    """Two units of different dimensions were compared or converted."""


def unit(symbol: str) -> Unit | None:
    """The unit a symbol names (aliases included), or None when it is unknown."""
    symbol = symbol.strip()
    return UNITS.get(ALIASES.get(symbol, symbol))


def canonical_symbol(symbol: str) -> str:
    return ALIASES.get(symbol.strip(), symbol.strip())


def compatible(a: str, b: str) -> bool:
    ua, ub = unit(a), unit(b)
    if ua is None or ub is None:
        return a == b
    if ua.dimension == ub.dimension:
        return True
    return ua.is_count and ub.is_count and "count" in (ua.dimension, ub.dimension)


def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """``value`` in ``from_unit`` expressed in ``to_unit``; raises UnitMismatch across dimensions."""
    if canonical_symbol(from_unit) == canonical_symbol(to_unit):
        return value
    ua, ub = unit(from_unit), unit(to_unit)
    if ua is None or ub is None or not compatible(from_unit, to_unit):
        raise UnitMismatch(f"{from_unit or '(无单位)'} 与 {to_unit or '(无单位)'} 不能换算")
    return value * ua.factor / ub.factor


# --- grades ----------------------------------------------------------------------------------------

GRADE_SCALES: tuple[tuple[str, ...], ...] = (
    ("优", "良", "中", "差"),
    ("优秀", "良好", "合格", "不合格"),
    ("满意", "基本满意", "不满意"),
    ("好", "较好", "一般", "较差", "差"),
)


def grade_rank(word: str) -> tuple[int, int] | None:
    """(scale, rank) of a grade word, higher rank better; None when the word is not a grade."""
    word = word.strip()
    for s, scale in enumerate(GRADE_SCALES):
        if word in scale:
            return s, len(scale) - scale.index(word)
    return None


def is_grade(word: str) -> bool:
    return grade_rank(word) is not None


# --- exact numbers ---------------------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
DASHES = {"-", "—", "－", "–", "——", "/"}


def parse_decimal(text: str) -> Decimal | None:
    """An exact Decimal from published text (``1,925.14``, ``-3.5``, ``（3.5）`` is not accepted).

    Returns None when the text is not a number.  Blank and dash cells are handled by the caller.
    """
    cleaned = text.strip().replace("，", ",").replace("＋", "+").replace("－", "-").replace(" ", "")
    if not _NUMBER.match(cleaned):
        return None
    try:
        return Decimal(cleaned.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
        return None


def format_decimal(value: Decimal, places: int | None = 2) -> str:
    """A Decimal printed as published: fixed ``places`` decimals, no exponent."""
    if places is None:
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return f"{value:.{places}f}"


# --- targets ---------------------------------------------------------------------------------------

COMPARATORS = {
    ">=": ">=", "≥": ">=", "≧": ">=", "＞＝": ">=", ">＝": ">=", "＞=": ">=",
    "大于等于": ">=", "不低于": ">=", "不少于": ">=", "不小于": ">=", "至少": ">=",
    "<=": "<=", "≤": "<=", "≦": "<=", "＜＝": "<=", "<＝": "<=", "＜=": "<=",
    "小于等于": "<=", "不超过": "<=", "不高于": "<=", "不多于": "<=", "至多": "<=", "最多": "<=",
    "==": "==", "＝＝": "==", "＝": "==", "等于": "==",
    "!=": "!=", "≠": "!=", "<>": "!=",
    ">": ">", "＞": ">", "大于": ">", "高于": ">", "多于": ">", "超过": ">",
    "<": "<", "＜": "<", "小于": "<", "低于": "<", "少于": "<",
}
QUALIFIERS = {"以上": ">=", "及以上": ">=", "以下": "<=", "及以下": "<=", "以内": "<=", "之内": "<=", "内": "<="}
MULTIPLIERS = {"万": Decimal(10000), "千": Decimal(1000), "亿": Decimal(100000000)}
DIRECTIONS = {">=": "正向", ">": "正向", "<=": "反向", "<": "反向", "==": "等于"}


@dataclass(frozen=True, slots=True)
class Target:
    """A target as operator + quantity: ``≥100000`` 封, ``≤5`` 分钟, ``100%`` (bare means equals), ``优``.

    ``kind`` is 数值 (a number with a unit), 等级 (a grade, compared by order) or 定性 (a phrase judged by a
    person).  ``direction`` is 正向 (more is better), 反向 (less is better), 等于 or 定性.
    """

    raw: str
    operator: str = ""
    value: Decimal | None = None
    unit: str = ""
    grade: str = ""
    phrase: str = ""

    @property
    def kind(self) -> str:
        if self.grade:
            return "等级"
        return "数值" if self.value is not None else "定性"

    @property
    def direction(self) -> str:
        if self.kind == "定性":
            return "定性"
        return DIRECTIONS.get(self.operator, "等于")

    def describe(self) -> str:
        if self.kind == "定性":
            return self.phrase or self.raw
        quantity = self.grade or f"{format_decimal(self.value, None) if self.value is not None else ''}{self.unit}"
        return f"{self.operator} {quantity}"

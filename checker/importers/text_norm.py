"""Small text helpers for published disclosure text: wrapped cells, numbering, numerals, meta lines.

A PDF converted to text wraps labels inside a cell with spaces ("一般公 共预算", "政务服务事项 及公文专递包
邮经费") and sometimes leaves HTML paragraph tags.  ``join_wrapped`` undoes both: whitespace next to a
CJK character is a wrap and goes, a space between two ASCII words stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

_CJK = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’—…·"
_WS_NEAR_CJK = re.compile(rf"\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+")
_TAGS = re.compile(r"</?(?:p|br|span|div|b|i|strong|td|tr)\b[^>]*>", re.IGNORECASE)


def strip_tags(text: str) -> str:
    """HTML tags the converter left in a cell ("<p>…</p>") replaced by a space."""
    return _TAGS.sub(" ", text)


def join_wrapped(text: str) -> str:
    """One line of text without wrap spaces: whitespace next to CJK removed, other runs made one space."""
    text = _WS_NEAR_CJK.sub("", strip_tags(text))
    return re.sub(r"\s+", " ", text).strip()


def collapse(text: str) -> str:
    """Tags dropped and whitespace runs made one space (for values kept "as written", e.g. 指标值)."""
    return re.sub(r"\s+", " ", strip_tags(text)).strip()


def compact(text: str) -> str:
    """All whitespace removed."""
    return re.sub(r"\s+", "", text)


def as_objects(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as plain object columns (as ``empty_frame`` makes them), integer columns kept."""
    text = [c for c in frame.columns if not pd.api.types.is_integer_dtype(frame[c].dtype)]
    return frame.astype(dict.fromkeys(text, "object"))


def join_lines(left: str, right: str) -> str:
    """Two pieces of one wrapped paragraph: a space only between two ASCII letters or digits."""
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return f"{left} {right}"
    return left + right


# --- numerals and numbering ------------------------------------------------------------------------

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
CN_NUMERAL = "零〇一二两三四五六七八九十百"


def cn_number(text: str) -> int | None:
    """A Chinese numeral up to 999 ("十四" → 14, "二十七" → 27), or an Arabic one; None otherwise."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(ch not in CN_NUMERAL for ch in text):
        return None
    total, digit = 0, 0
    for ch in text:
        if ch == "百":
            total, digit = total + (digit or 1) * 100, 0
        elif ch == "十":
            total, digit = total + (digit or 1) * 10, 0
        else:
            digit = _CN_DIGITS[ch]
    return total + digit


@dataclass(frozen=True, slots=True)
class Numbering:
    """A row label split into its published numbering and the name: "（一）一般公共预算" → （一）, 2."""

    seq: str
    level: int
    name: str


_OF_WHICH = re.compile(r"^其中[：:]\s*")
_LEVELS = (
    (re.compile(rf"^([{CN_NUMERAL}]+)[、.．]\s*"), 1),
    (re.compile(rf"^([（(][{CN_NUMERAL}]+[）)])\s*"), 2),
    (re.compile(r"^(\d{1,2})[.．、](?!\d)\s*"), 3),
)


def strip_of_which(label: str) -> tuple[bool, str]:
    """Whether a label starts with "其中：", and the label without it."""
    stripped = _OF_WHICH.sub("", label)
    return stripped != label, stripped


def split_numbering(label: str) -> Numbering:
    """Published numbering of a row label: "一、" → level 1, "（一）" → 2, "1." → 3, none → 0."""
    _, text = strip_of_which(join_wrapped(label))
    for pattern, level in _LEVELS:
        m = pattern.match(text)
        if m and m.end() < len(text):
            return Numbering(m.group(1), level, text[m.end():])
    return Numbering("", 0, text)


# --- lines that are not content ---------------------------------------------------------------------

_DEPARTMENT = re.compile(r"^(?:部门|单位)名称\s*[：:]\s*(?P<name>.*)$")
_UNIT = re.compile(r"^(?:金额|计量)?单位\s*[：:]\s*(?P<unit>亿元|万元|元)\s*$")
_PAGE = re.compile(r"^(?:[-—－]?\s*\d{1,3}\s*[-—－]?|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|续表\d*|续上表)$")
_TABLE_NUMBER = re.compile(r"^表\s*(?P<n>[\d一二三四五六七八九十]+(?:[-－]\d+)?)$")
_NOTE = re.compile(r"^(?:注|备注)\s*[：:]\s*(?P<text>.*)$")


@dataclass(frozen=True, slots=True)
class Meta:
    """What a 部门名称/单位 line declares."""

    department: str = ""
    unit: str = ""


def meta_line(text: str) -> Meta | None:
    """The department or unit a line declares ("部门名称：…", "单位：万元", or both in tab cells)."""
    cells = [c.strip() for c in text.split("\t") if c.strip()]
    if not cells:
        return None
    department, unit = "", ""
    for cell in cells:
        dept = _DEPARTMENT.match(cell)
        money = _UNIT.match(compact(cell))
        if dept:
            department = join_wrapped(dept.group("name"))
        elif money:
            unit = money.group("unit")
        else:
            return None
    return Meta(department, unit)


def is_page_furniture(text: str) -> bool:
    """A page number or a "续表" marker: layout, not content."""
    return bool(_PAGE.match(text.strip()))


def table_number(text: str) -> str | None:
    """"表 3" → "3" (a Chinese numeral is converted); None for other lines."""
    m = _TABLE_NUMBER.match(text.strip())
    if not m:
        return None
    n = m.group("n")
    value = cn_number(n)
    return str(value) if value is not None else n


def note_text(text: str) -> str | None:
    """The text of a "注：…" line, or None when the line is not a note."""
    m = _NOTE.match(text.strip())
    return join_wrapped(m.group("text")) if m else None


_PART = re.compile(r"^第[一二三四五六七八九十\d]+部分")
_SECTION = re.compile(rf"^(?:[{CN_NUMERAL}]+、|[（(][{CN_NUMERAL}]+[）)])")


def is_heading(text: str) -> bool:
    """A part or section heading ("第三部分 …", "五、“三公”经费预算情况"), not a numbered paragraph."""
    flat = compact(text)
    if _PART.match(flat):
        return True
    return bool(_SECTION.match(flat)) and len(flat) <= 40 and not flat.endswith(("。", "；", ";", "，"))

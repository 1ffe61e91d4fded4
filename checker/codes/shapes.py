"""What a classification code looks like: the three classifications, their levels and prefix structure.

Codes are strings.  A child's code extends its parent's: 功能分类 类 3 digits → 款 5 → 项 7
(201 → 20103 → 2010301); 部门经济分类 and 政府经济分类 类 3 → 款 5 (301 → 30101, 501 → 50101).
The classifications are told apart by their first digit (2, 3, 5), which is how ``classification_of``
places a bare code.  Published codes carry decoration (``[301]``, full-width digits, spaces): every
code is passed through ``normalise_code`` before it is compared.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

FUNCTION = "功能分类"
DEPT_ECON = "部门经济分类"
GOV_ECON = "政府经济分类"
MAPPING = "经济分类对照"  # the 部门 → 政府 mapping: a "classification" only in the sense of a list kind
CLASSIFICATIONS = (FUNCTION, DEPT_ECON, GOV_ECON)
LEVEL_WORDS = {1: "类", 2: "款", 3: "项"}


@dataclass(frozen=True, slots=True)
class Shape:
    """How the codes of one classification are written: first digit and the length of each level."""

    classification: str
    title: str
    first: str
    lengths: tuple[int, ...]

    def level(self, code: str) -> int | None:
        """1-based level of a code of this classification, or None when its shape does not fit."""
        if not (code.isascii() and code.isdigit() and code.startswith(self.first)):
            return None
        return self.lengths.index(len(code)) + 1 if len(code) in self.lengths else None

    def parent(self, code: str) -> str | None:
        """The code's parent by prefix (None for a 类 or a code of the wrong shape)."""
        level = self.level(code)
        return code[: self.lengths[level - 2]] if level and level > 1 else None

    def ancestors(self, code: str) -> tuple[str, ...]:
        """Every ancestor by prefix, nearest first."""
        level = self.level(code) or 1
        return tuple(code[: self.lengths[i]] for i in range(level - 2, -1, -1))

    @property
    def depth(self) -> int:
        """How many levels the classification has."""
        return len(self.lengths)


SHAPES: dict[str, Shape] = {
    FUNCTION: Shape(FUNCTION, "支出功能分类", "2", (3, 5, 7)),
    DEPT_ECON: Shape(DEPT_ECON, "部门预算支出经济分类", "3", (3, 5)),
    GOV_ECON: Shape(GOV_ECON, "政府预算支出经济分类", "5", (3, 5)),
}


def shape(classification: str) -> Shape:
    """The shape of a classification; KeyError names the known ones."""
    try:
        return SHAPES[classification]
    except KeyError:
        raise KeyError(f"unknown classification {classification!r}; known: {', '.join(SHAPES)}") from None


def classification_of(code: str) -> str | None:
    """The classification a code belongs to by its shape alone (None when it fits none)."""
    code = normalise_code(code)
    return next((c for c, s in SHAPES.items() if s.level(code) is not None), None)


_CODE_NOISE = re.compile(r"[\s\[\]【】]")


def normalise_code(code: object) -> str:
    """A code as compared: NFKC (full-width digits), no spaces, no brackets; "" for a missing value."""
    if code is None or (isinstance(code, float) and np.isnan(code)) or code is pd.NA:
        return ""
    if isinstance(code, int | np.integer):
        return str(int(code))
    return _CODE_NOISE.sub("", unicodedata.normalize("NFKC", str(code)))


_ENUMERATION = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d+[.、])")


def normalise_name(name: object) -> str:
    """A name as compared: NFKC (full-width brackets), no whitespace, no leading "一、" / "（一）" / "1."."""
    if name is None or (isinstance(name, float) and np.isnan(name)) or name is pd.NA:
        return ""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(name)))
    return _ENUMERATION.sub("", text)

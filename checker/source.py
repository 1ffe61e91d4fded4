"""Source text, spans and excerpts with carets padded by display width.

CJK characters occupy two terminal columns; a caret under a Chinese name must be padded by display
width, not by character count (lark's own context lands wrong there).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A 1-based line/column range in one source (end is exclusive, on ``end_line``)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, path: str, line: int, column: int, width: int = 1) -> Span:
        return cls(path, line, column, line, column + max(width, 1))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


def char_width(ch: str) -> int:
    """Terminal columns one character takes: 2 for wide and full-width forms, 0 for combining marks."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


@dataclass(frozen=True, slots=True)
class SourceText:
    """The text of one source, kept so diagnostics can quote its lines."""

    path: str
    text: str

    def line(self, number: int) -> str:
        lines = self.text.splitlines()
        if 1 <= number <= len(lines):
            return lines[number - 1]
        return ""


MAX_EXCERPT = 120


def excerpt(source_line: str, span: Span) -> list[str]:
    """The gutter-numbered source line and a caret line under the span (display-width padded).

    Tabs are shown as one space so character positions stay put.  Very long lines (a 10 MB line of
    garbage) are cut around the span so the excerpt stays readable.
    """
    shown = source_line.replace("\t", " ")
    start = max(span.column - 1, 0)
    stop = span.end_column - 1 if span.end_line == span.line else len(shown)
    stop = max(stop, start + 1)
    if len(shown) > MAX_EXCERPT:
        offset = max(0, start - MAX_EXCERPT // 2)
        lead = "…" if offset else ""
        shown = lead + shown[offset : offset + MAX_EXCERPT] + "…"
        start, stop = start - offset + len(lead), min(stop - offset + len(lead), len(shown))
    pad = display_width(shown[:start])
    marks = max(display_width(shown[start:stop]), 1)
    gutter = str(span.line)
    return [
        f"{' ' * len(gutter)} |",
        f"{gutter} | {shown}",
        f"{' ' * len(gutter)} | {' ' * pad}{'^' * marks}",
    ]

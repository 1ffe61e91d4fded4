"""Horizontal bar charts as inline SVG, drawn by hand (no library, no network).

Values are floats for geometry only: every number a reader sees is the exact text the caller passes.
Label widths are measured in display columns, so Chinese names get the room they need.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from checker.source import display_width

WIDTH = 760
BAR = 18
GAP = 8
TOP = 8
CHAR = 8  # px per display column at 12px (wide capitals included)
MAX_LABEL = 34  # display columns before a label is cut


@dataclass(frozen=True, slots=True)
class Segment:
    """One coloured part of a bar."""

    series: str
    value: float
    colour: str


@dataclass(frozen=True, slots=True)
class BarRow:
    """One bar: its label, its segments (one for a plain bar) and the exact value to print beside it."""

    label: str
    segments: tuple[Segment, ...]
    text: str


def _cut(label: str) -> str:
    if display_width(label) <= MAX_LABEL:
        return label
    out = ""
    for ch in label:
        if display_width(out + ch) > MAX_LABEL - 1:
            return out + "…"
        out += ch
    return out


def bar_chart(title: str, rows: Sequence[BarRow], legend: Mapping[str, str] | None = None,
              chart_id: str = "chart") -> str:
    """An SVG bar chart, one row per bar, optionally with a legend of series → colour."""
    label_w = min(max((display_width(_cut(r.label)) for r in rows), default=4), MAX_LABEL) * CHAR + 12
    text_w = max((len(r.text) for r in rows), default=4) * CHAR + 12
    plot_w = max(WIDTH - label_w - text_w, 120)
    top = TOP + (24 if legend else 0)
    height = top + len(rows) * (BAR + GAP) + TOP
    biggest = max((sum(max(s.value, 0.0) for s in r.segments) for r in rows), default=0.0) or 1.0
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" role="img" '
             f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    if legend:
        parts.append(_legend(legend))
    for i, row in enumerate(rows):
        parts.append(_bar(row, top + i * (BAR + GAP), label_w, plot_w / biggest))
    parts.append("</svg>")
    return "".join(parts)


def _bar(row: BarRow, y: int, label_w: int, scale: float) -> str:
    mid = y + BAR / 2 + 4
    out = [f'<g class="bar"><title>{escape(row.label)}: {escape(row.text)}</title>',
           f'<text x="{label_w - 8}" y="{mid:.0f}" text-anchor="end">{escape(_cut(row.label))}</text>']
    x = float(label_w)
    for s in row.segments:
        w = max(s.value, 0.0) * scale
        out.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR}" fill="{escape(s.colour)}">'
                   f"<title>{escape(s.series)}</title></rect>")
        x += w
    out.append(f'<text x="{x + 6:.1f}" y="{mid:.0f}" class="value">{escape(row.text)}</text></g>')
    return "".join(out)


def _legend(legend: Mapping[str, str]) -> str:
    out, x = ['<g class="legend">'], 8
    for series, colour in legend.items():
        out.append(f'<rect x="{x}" y="{TOP}" width="12" height="12" fill="{escape(colour)}"/>'
                   f'<text x="{x + 16}" y="{TOP + 11}">{escape(series)}</text>')
        x += 16 + display_width(series) * CHAR + 16
    out.append("</g>")
    return "".join(out)

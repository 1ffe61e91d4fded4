"""What a PDF is before it is data: a scan without text (E316), a blank template (E317), a document
missing standard tables (W304).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from checker.dataset.model import Table
from checker.dataset.templates import templates
from checker.diagnostics import Diagnostic, DiagnosticError
from checker.importers.pdf_layout import PageLayout, page_of

PLACEHOLDER = re.compile(r"(?<![A-Za-z])[XxＸ]{2,}(?![A-Za-z])")
SourceLine = tuple[int, str]
_SHOWN = 6  # placeholders quoted in a template's message


def page_ranges(pages: Iterable[int]) -> str:
    """[1, 2, 3, 5] → "1–3, 5"."""
    out: list[str] = []
    run: list[int] = []
    for p in sorted(set(pages)):
        if run and p != run[-1] + 1:
            out.append(_run(run))
            run = []
        run.append(p)
    if run:
        out.append(_run(run))
    return ", ".join(out)


def _run(run: list[int]) -> str:
    return str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}"


def text_layer(pages: list[PageLayout], path: Path) -> list[Diagnostic]:
    """E316 raised when no page has text (a scan); E316 problems for single pages that are only images."""
    if not any(p.chars for p in pages):
        images = sum(p.images for p in pages)
        what = (f"its {len(pages)} page(s) are images ({images} in all): it is a scan" if images
                else f"its {len(pages)} page(s) carry no text (a scan, or text drawn as outlines)")
        raise DiagnosticError([Diagnostic(
            "E316", f"{path.name} has no text layer — {what}; its tables and figures cannot be read",
            where=str(path), hint="run OCR on it first (e.g. ocrmypdf), or give its text or its tables as CSV/XLSX")])
    scanned = [p.number for p in pages if not p.chars and p.images]
    if not scanned:
        return []
    return [Diagnostic(
        "E316", f"page(s) {page_ranges(scanned)} of {path.name} have no text layer (scanned images); "
        "what they print is not read", where=str(path), hint="run OCR on the PDF, or give those tables as CSV")]


def placeholders(lines: Iterable[SourceLine]) -> list[SourceLine]:
    """The lines that hold a template placeholder (XX, XXX, XX%), in reading order."""
    return sorted((key, text) for key, text in lines if PLACEHOLDER.search(text))


def holds_figures(tables: Iterable[Table]) -> bool:
    """Whether any table has a non-zero amount."""
    return any(bool(t.frame[c].ne(0).any()) for t in tables for c in t.money_columns if c in t.frame)


def is_template(title: str, tables: Iterable[Table], found: list[SourceLine]) -> bool:
    """A blank template: placeholders in its title (上海市 XX 局), or placeholders and no figure at all."""
    if not found:
        return False
    return bool(PLACEHOLDER.search(title)) or not holds_figures(tables)


def template_error(path: Path, found: list[SourceLine], figures: bool) -> DiagnosticError:
    """One E317 saying the document is a template, with where its placeholders are."""
    shown = "; ".join(f"p.{page_of(k)} {_excerpt(t)!r}" for k, t in found[:_SHOWN])
    more = f" and {len(found) - _SHOWN} more" if len(found) > _SHOWN else ""
    tables = "" if figures else "; its tables hold no figures"
    pages = {page_of(k) for k, _ in found}
    return DiagnosticError([Diagnostic(
        "E317", f"{path.name} is a blank template, not a published disclosure: {len(found)} line(s) with "
        f"placeholders (XX, XXX, XX%) on page{'s' if len(pages) > 1 else ''} {page_ranges(pages)}{tables} — "
        f"{shown}{more}", where=str(path),
        hint="fill in the template (department, figures, reasons) and import the published document")])


def placeholder_problems(found: list[SourceLine], where: str) -> list[Diagnostic]:
    """E317 for each line of a filled-in document that still holds a placeholder."""
    return [Diagnostic("E317", f"template placeholder left in the document: {_excerpt(text)!r}",
                       where=f"{where}:{key}", hint="replace it with the figure or the name it stands for")
            for key, text in found]


def _excerpt(text: str, width: int = 24) -> str:
    """The line, or the part of it around its first placeholder."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    m = PLACEHOLDER.search(text)
    start = min(max((m.start() if m else 0) - width // 3, 0), len(text) - width)
    return ("…" if start else "") + text[start:start + width] + ("…" if start + width < len(text) else "")


def missing_tables(found: Iterable[str], document: str, where: str) -> list[Diagnostic]:
    """W304 naming the standard tables of the document type (预算/决算) that were not found."""
    have = set(found)
    missing = [s.kind for s in templates().values()
               if s.document == document and not s.optional and s.kind not in have]
    if not missing:
        return []
    return [Diagnostic(
        "W304", f"{len(missing)} standard {document} table(s) not found: {'、'.join(missing)}",
        where=where, hint="each must be published, empty or not; check the titles (checker/data/tables.toml)")]

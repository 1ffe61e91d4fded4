"""Getting data in: published disclosure text and PDF, the canonical CSV folder / XLSX workbook, actuals.

``load_dataset(path)`` is the one entry point the rest of the pipeline uses.
"""

from __future__ import annotations

from pathlib import Path

from checker.dataset.model import Dataset


def load_dataset(path: Path) -> Dataset:
    """Read any supported source into a Dataset (problems are collected on it, not raised).

    A folder with ``manifest.toml`` or an ``.xlsx`` workbook: the canonical format; ``.txt``: the text of
    a published disclosure; ``.pdf``: a published PDF.  Unreadable input raises DiagnosticError (E301).
    """
    raise NotImplementedError  # filled in by the canonical-format work

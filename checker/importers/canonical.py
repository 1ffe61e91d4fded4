"""The canonical format: a folder of CSV files shaped like the published tables, plus ``manifest.toml``.

Users fill it in or export to it; ``checker import`` writes it.  The same content as one XLSX workbook
lives in ``workbook`` and is re-exported here.  docs/canonical-format.md describes both.

A folder holding one folder per unit (each with its manifest) is many units: ``write_canonical`` writes
that for a many-unit Dataset, and ``load_dataset`` reads it back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from checker.dataset.model import Dataset, UnitMeta
from checker.importers.assemble import assemble, entry_of, manifest_of
from checker.importers.cells import read_csv
from checker.importers.figures import indicator_texts, stated_texts
from checker.importers.frames import table_texts
from checker.importers.manifest import read_manifest, render_manifest
from checker.importers.merge import split_units
from checker.importers.workbook import read_workbook, write_workbook

__all__ = ["INDICATORS_FILE", "MANIFEST", "STATED_FILE", "read_canonical", "read_workbook", "write_canonical",
           "write_workbook"]

MANIFEST = "manifest.toml"
INDICATORS_FILE = "indicators.csv"
STATED_FILE = "stated_figures.csv"


def read_canonical(folder: Path) -> Dataset:
    """A canonical dataset folder → Dataset.

    Raises DiagnosticError E305 without ``manifest.toml``, E306 for a bad manifest, E301 when nothing
    could be read; every other problem (bad cells, unknown columns, missing files) is on ``problems``.
    """
    folder = Path(folder)
    manifest = read_manifest(folder / MANIFEST)
    key = manifest.key or manifest.unit_code or folder.resolve().name
    return assemble(manifest, key, lambda name: read_csv(folder / name), str(folder))


def write_canonical(dataset: Dataset, folder: Path) -> list[Path]:
    """Write ``dataset`` as a canonical folder; returns the files written.

    Amounts are written as decimal text in each table's unit with at least its published decimals
    (nothing is rounded away); ``_doc`` becomes the 来源 column.  A many-unit dataset is written as one
    sub-folder per unit.  Files are UTF-8 with a BOM, which spreadsheet programs need to read Chinese.
    """
    folder = Path(folder)
    parts = split_units(dataset)
    if len(parts) > 1:
        return [p for part in parts for p in write_canonical(part, folder / _safe(part.units[0].key))]
    folder.mkdir(parents=True, exist_ok=True)
    unit = dataset.units[0] if dataset.units else UnitMeta(key=folder.resolve().name)
    written, entries = [], []
    for i, table in enumerate(dataset.tables.values(), 1):
        name = f"{i:02d}_{_safe(table.kind)}.csv"
        written.append(_write_csv(table_texts(table), folder / name))
        entries.append(entry_of(table, name))
    indicators = stated = ""
    if not dataset.indicators.empty:
        indicators = INDICATORS_FILE
        written.append(_write_csv(indicator_texts(dataset.indicators), folder / indicators))
    if not dataset.stated.empty:
        stated = STATED_FILE
        written.append(_write_csv(stated_texts(dataset.stated), folder / stated))
    manifest = manifest_of(unit, entries, indicators, stated)
    (folder / MANIFEST).write_text(render_manifest(manifest), encoding="utf-8")
    return [folder / MANIFEST, *written]


def _write_csv(texts: pd.DataFrame, path: Path) -> Path:
    texts.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
    return path


def _safe(name: str) -> str:
    """A file-name-safe form of a kind or unit key (path separators and reserved characters replaced)."""
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("._") or "unit"

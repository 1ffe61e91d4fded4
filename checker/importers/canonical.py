"""The canonical format: a folder of CSV files shaped like the published tables, plus ``manifest.toml``.

Users fill it in or export to it; ``checker import`` writes it.  The same content as one XLSX workbook
lives in ``workbook`` and is re-exported here.  docs/canonical-format.md describes both.

A folder holding one folder per unit (each with its manifest) is many units: ``write_canonical`` writes
that for a many-unit Dataset, and ``load_dataset`` reads it back.  So is one folder whose manifest names a
units file and whose files hold all units' rows (``stacked``: ``write_canonical(..., stacked=True)``,
read by ``stacked.read_stacked``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from checker.dataset.model import Dataset, UnitMeta
from checker.importers.actuals import with_actuals
from checker.importers.assemble import assemble, entry_of, manifest_of
from checker.importers.cells import read_csv
from checker.importers.figures import indicator_texts, stated_texts
from checker.importers.frames import table_texts
from checker.importers.manifest import Manifest, read_manifest, render_manifest
from checker.importers.merge import split_units
from checker.importers.stacked import UNIT_COLUMN, UNITS_COLUMNS, read_stacked
from checker.importers.workbook import read_workbook, write_workbook

__all__ = ["INDICATORS_FILE", "MANIFEST", "STATED_FILE", "UNITS_FILE", "read_canonical", "read_workbook",
           "write_canonical", "write_workbook"]

MANIFEST = "manifest.toml"
INDICATORS_FILE = "indicators.csv"
STATED_FILE = "stated_figures.csv"
UNITS_FILE = "units.csv"


def read_canonical(folder: Path, jobs: int = 1, actuals: Sequence[Path] = ()) -> Dataset:
    """A canonical dataset folder → Dataset.

    Raises DiagnosticError E305 without ``manifest.toml``, E306 for a bad manifest, E301 when nothing
    could be read; every other problem (bad cells, unknown columns, missing files) is on ``problems``.
    A manifest naming a units file is a folder of many units (``read_stacked``, in ``jobs`` processes).
    ``actuals`` are applied to what is read (``apply_actuals``, file by file).
    """
    folder = Path(folder)
    manifest = read_manifest(folder / MANIFEST)
    if manifest.units:
        return read_stacked(folder, manifest, jobs, actuals)
    key = manifest.key or manifest.unit_code or folder.resolve().name
    return with_actuals(assemble(manifest, key, lambda name: read_csv(folder / name), str(folder)), actuals)


def write_canonical(dataset: Dataset, folder: Path, stacked: bool = False) -> list[Path]:
    """Write ``dataset`` as a canonical folder; returns the files written.

    Amounts are written as decimal text in each table's unit with at least its published decimals
    (nothing is rounded away); ``_doc`` becomes the 来源 column.  A many-unit dataset is written as one
    sub-folder per unit, or — ``stacked`` — as one folder: units.csv and one file per table kind holding
    every unit's rows.  Files are UTF-8 with a BOM, which spreadsheet programs need to read Chinese.
    """
    folder = Path(folder)
    if stacked:
        return _write_stacked(dataset, folder)
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


def _write_stacked(dataset: Dataset, folder: Path) -> list[Path]:
    """Every unit in one folder: units.csv, and each file's rows led by their unit's key (单位)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [[u.key, u.department, u.unit_code, u.year, u.document, u.source, "\n".join(u.headings)]
            for u in dataset.units]
    units = pd.DataFrame(rows, columns=list(UNITS_COLUMNS))
    if units["headings"].eq("").all():
        units = units.drop(columns="headings")
    written, entries = [_write_csv(units, folder / UNITS_FILE)], []
    for i, table in enumerate(dataset.tables.values(), 1):
        name = f"{i:02d}_{_safe(table.kind)}.csv"
        written.append(_write_csv(_led(table_texts(table), table.frame), folder / name))
        entries.append(entry_of(table, name))
    indicators = stated = ""
    if not dataset.indicators.empty:
        indicators = INDICATORS_FILE
        written.append(_write_csv(_led(indicator_texts(dataset.indicators), dataset.indicators),
                                  folder / indicators))
    if not dataset.stated.empty:
        stated = STATED_FILE
        written.append(_write_csv(_led(stated_texts(dataset.stated), dataset.stated), folder / stated))
    manifest = Manifest(document="", indicators=indicators, stated=stated, tables=tuple(entries),
                        units=UNITS_FILE)
    (folder / MANIFEST).write_text(render_manifest(manifest), encoding="utf-8")
    return [folder / MANIFEST, *written]


def _led(texts: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """The cell texts with each row's unit key (``_ds``) in front, under 单位."""
    keys = frame["_ds"] if "_ds" in frame else pd.Series("", index=frame.index)
    keys = keys.fillna("").astype(str)
    return pd.concat([keys.rename(UNIT_COLUMN), texts], axis=1)


def _write_csv(texts: pd.DataFrame, path: Path) -> Path:
    texts.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
    return path


def _safe(name: str) -> str:
    """A file-name-safe form of a kind or unit key (path separators and reserved characters replaced)."""
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("._") or "unit"

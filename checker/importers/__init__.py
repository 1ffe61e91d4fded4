"""Getting data in: published disclosure text and PDF, the canonical CSV folder / XLSX workbook, actuals.

``load_dataset(path)`` is the one entry point the rest of the pipeline uses; ``load_many(paths)`` reads
several sources into one many-unit Dataset.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from checker.dataset.model import Dataset
from checker.diagnostics import Diagnostic, DiagnosticError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def load_dataset(path: Path, jobs: int = 1, actuals: Sequence[Path] = ()) -> Dataset:
    """Read any supported source into a Dataset (problems are collected on it, not raised), with
    ``actuals`` (indicator actuals, actual spending) applied file by file.

    A folder with ``manifest.toml`` or an ``.xlsx`` workbook: the canonical format (many units when the
    manifest names a units file); a folder of such folders: many units; ``.txt``: the text of a published
    disclosure; ``.pdf``: a published PDF.  ``jobs`` > 1 lets a large many-unit folder be read by two processes.
    Unreadable input raises DiagnosticError (E301, or E305/E306 for a missing or bad manifest).
    """
    from checker.importers.actuals import with_actuals
    from checker.importers.canonical import MANIFEST, read_canonical
    from checker.importers.folders import read_folders

    path = Path(path)
    if path.is_dir():
        units = [] if (path / MANIFEST).is_file() else sorted(p for p in path.iterdir() if (p / MANIFEST).is_file())
        if not units:
            return read_canonical(path, jobs, actuals)  # a stacked folder applies them as it reads the indicators
        return with_actuals(read_folders(units), actuals)  # = load_many(units), cells converted all at once
    return with_actuals(_read_file(path), actuals)


def _read_file(path: Path) -> Dataset:
    from checker.importers.canonical import read_workbook

    if not path.exists():
        raise DiagnosticError([_unreadable(path, "no such file or folder")])
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return read_workbook(path)
    if suffix == ".txt":
        return _import_text(path)
    if suffix == ".pdf":
        from checker.importers.pdf import import_pdf

        return import_pdf(path)
    raise DiagnosticError([_unreadable(path, "not a dataset folder, .xlsx workbook, .txt or .pdf",
                                       "a canonical CSV file belongs in a folder with manifest.toml")])


def _import_text(path: Path) -> Dataset:
    try:
        from checker.importers.text import import_text
    except ModuleNotFoundError as exc:  # the text importer is being written beside this module
        if exc.name != "checker.importers.text":
            raise
        raise DiagnosticError([_unreadable(path, "text import is not available in this build")]) from exc
    dataset: Dataset = import_text(path)
    return dataset


def _unreadable(path: Path, why: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic("E301", f"cannot read {path}: {why}", where=str(path), hint=hint)


def load_many(paths: Iterable[Path], jobs: int = 1, actuals: Sequence[Path] = ()) -> Dataset:
    """Several sources → one Dataset: frames of one kind concatenated, ``_ds`` keeping units apart; then
    ``actuals`` applied to it, file by file (``apply_actuals``; one source applies them as it is read).

    A unit key met twice is renamed (``key#2``) with a W303 problem.  A source that cannot be read is a
    problem of the result; DiagnosticError only when no source could be read, or an actuals file cannot be.
    """
    from checker.importers.actuals import with_actuals
    from checker.importers.merge import merge

    paths = list(paths)
    datasets: list[Dataset] = []
    sources: list[str] = []
    errors: list[Diagnostic] = []
    for path in paths:
        try:
            datasets.append(load_dataset(Path(path), jobs, actuals if len(paths) == 1 else ()))
            sources.append(str(path))
        except DiagnosticError as exc:
            errors.extend(exc.diagnostics)
    if not datasets:
        raise DiagnosticError(errors or [Diagnostic("E301", "no sources given")])
    merged = merge(datasets, sources)
    merged.problems[:0] = errors
    return with_actuals(merged, actuals) if len(paths) > 1 else merged

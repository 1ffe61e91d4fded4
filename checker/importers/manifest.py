"""The manifest of a canonical dataset: who the data is about and which file holds which table.

In a folder it is ``manifest.toml``; in a workbook, the "manifest" sheet (key/value rows) and the
"tables" sheet (one row per table).  Both are read into the same ``Manifest``.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from checker.dataset.model import MONEY_FACTOR
from checker.diagnostics import Diagnostic, DiagnosticError
from checker.importers.cells import decode
from checker.source import Span

DOCUMENTS = ("预算", "决算")
DATASET_KEYS = ("key", "department", "unit_code", "year", "document", "source", "headings", "indicators", "stated")
UNITS_KEY = "units"  # a folder of many units (docs/canonical-format.md, "Many units in one folder")
TABLE_KEYS = ("kind", "file", "title", "number", "unit", "notes", "source", "places", "headers")


@dataclass(frozen=True, slots=True)
class TableEntry:
    """One table of the manifest: its kind, the file (or sheet) holding it, and how it was published."""

    kind: str
    file: str
    title: str = ""
    number: str = ""
    unit: str = "万元"
    notes: str = ""
    source: str = ""
    places: int = 2
    headers: Mapping[str, str] = field(default_factory=dict)  # canonical column → header as published


@dataclass(frozen=True, slots=True)
class Manifest:
    """The ``[dataset]`` keys, the ``[[tables]]`` entries and the optional indicator/stated files."""

    key: str = ""
    department: str = ""
    unit_code: str = ""
    year: str = ""
    document: str = "预算"
    source: str = ""
    headings: tuple[str, ...] = ()
    indicators: str = ""
    stated: str = ""
    tables: tuple[TableEntry, ...] = ()
    units: str = ""  # the file listing the units, when the folder holds many (each file then has 单位)


def read_manifest(path: Path) -> Manifest:
    """``manifest.toml`` → Manifest; E305 when it is missing, E306 when it is not valid or incomplete."""
    if not path.is_file():
        raise DiagnosticError([Diagnostic(
            "E305", f"{path.parent} has no manifest.toml", where=str(path.parent),
            hint="write manifest.toml (docs/canonical-format.md) or import a disclosure with `checker import`",
        )])
    text = decode(path.read_bytes(), str(path))
    try:
        raw = parse_toml(text)
    except tomllib.TOMLDecodeError as exc:
        raise DiagnosticError([_toml_error(str(path), text, exc)]) from exc
    return manifest_from_dict(raw, str(path), many=True)


def parse_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads(text)``, with a ``[[tables]]`` part that many units' manifests share parsed once.

    The text is cut before its first line ``[[tables]]`` when what comes before holds no multi-line
    string (so the cut cannot be inside one); the two parts must define different top-level keys, as
    in the whole file.  Otherwise, and for every error (its line and column), the whole text is parsed.
    """
    head, cut, tail = text.partition("\n[[tables]]")
    if not cut or '"""' in head or "'''" in head:
        return tomllib.loads(text)
    try:
        first, rest = tomllib.loads(head), _shared_part(cut[1:] + tail)
    except tomllib.TOMLDecodeError:
        return tomllib.loads(text)
    if first.keys() & rest.keys():
        return tomllib.loads(text)
    return {**first, **rest}


@lru_cache(maxsize=64)
def _shared_part(text: str) -> dict[str, Any]:
    """The parsed ``[[tables]]`` part (shared between manifests: ``manifest_from_dict`` only reads it)."""
    return tomllib.loads(text)


def _toml_error(path: str, text: str, exc: tomllib.TOMLDecodeError) -> Diagnostic:
    message = str(exc)
    found = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if not found:
        return Diagnostic("E306", f"manifest.toml is not valid TOML: {message}", where=path)
    line, column = int(found[1]), int(found[2])
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    return Diagnostic("E306", f"manifest.toml is not valid TOML: {message[: found.start()].strip()}",
                      span=Span.point(path, line, column), source_line=source_line)


def manifest_from_dict(raw: Mapping[str, Any], where: str, many: bool = False) -> Manifest:
    """Validate a parsed manifest (TOML, or the workbook's sheets); all problems are raised at once (E306).

    ``many``: the manifest may say ``units`` (a folder of many units; a workbook holds one).
    """
    problems: list[str] = []
    dataset = raw.get("dataset")
    if not isinstance(dataset, Mapping):
        problems.append("the [dataset] table is missing")
        dataset = {}
    problems += [f"unknown key {k!r} at the top" for k in raw if k not in ("dataset", "tables")]
    known = (*DATASET_KEYS, UNITS_KEY) if many else DATASET_KEYS
    problems += [f"unknown key {k!r} in [dataset]" for k in dataset if k not in known]
    units = _text(dataset.get(UNITS_KEY))
    if units:
        problems += [f"{k} is given for each unit in {units}, not in [dataset]" for k in ("key", "unit_code")
                     if k in dataset]
    document = _text(dataset.get("document", "预算"))
    if document not in DOCUMENTS:
        problems.append(f"document must be 预算 or 决算, not {document!r}")
    tables = raw.get("tables", [])
    if not isinstance(tables, list):
        problems.append("tables must be an array of tables ([[tables]])")
        tables = []
    entries = [_table_entry(t, i, problems) for i, t in enumerate(tables, 1)]
    kinds = [e.kind for e in entries if e is not None]
    problems += [f"table kind {k!r} is listed twice" for k in sorted({k for k in kinds if kinds.count(k) > 1})]
    if problems:
        raise DiagnosticError([Diagnostic("E306", f"bad manifest: {p}", where=where) for p in problems])
    return Manifest(
        key=_text(dataset.get("key")), department=_text(dataset.get("department")),
        unit_code=_text(dataset.get("unit_code")), year=_text(dataset.get("year")), document=document,
        source=_text(dataset.get("source")), headings=tuple(_text(h) for h in dataset.get("headings", ())),
        indicators=_text(dataset.get("indicators")), stated=_text(dataset.get("stated")),
        tables=tuple(e for e in entries if e is not None), units=units,
    )


def _table_entry(raw: Any, index: int, problems: list[str]) -> TableEntry | None:
    if not isinstance(raw, Mapping):
        problems.append(f"tables entry {index} is not a table")
        return None
    label = f"tables entry {index} ({_text(raw.get('kind')) or 'no kind'})"
    problems += [f"{label}: unknown key {k!r}" for k in raw if k not in TABLE_KEYS]
    problems += [f"{label}: {k} is missing" for k in ("kind", "file") if not _text(raw.get(k))]
    unit = _text(raw.get("unit")) or "万元"
    if unit not in MONEY_FACTOR:
        problems.append(f"{label}: unit must be 万元 or 元, not {unit!r}")
    places = raw.get("places", 2)
    if not isinstance(places, int) or isinstance(places, bool) or not 0 <= places <= 6:
        problems.append(f"{label}: places must be a whole number from 0 to 6")
        places = 2
    headers = raw.get("headers", {})
    if not isinstance(headers, Mapping):
        problems.append(f"{label}: headers must be a table of canonical name = published header")
        headers = {}
    return TableEntry(
        kind=_text(raw.get("kind")), file=_text(raw.get("file")), title=_text(raw.get("title")),
        number=_text(raw.get("number")), unit=unit, notes=_text(raw.get("notes")),
        source=_text(raw.get("source")), places=places, headers={str(k): _text(v) for k, v in headers.items()},
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- writing ---------------------------------------------------------------------------------------


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def render_manifest(manifest: Manifest) -> str:
    """Manifest → TOML text (the inverse of ``read_manifest``), empty optional keys left out.

    A manifest of many units (``units``) has no unit of its own: only the keys it gives are written.
    """
    lines = ["# checker canonical dataset: see docs/canonical-format.md", "", "[dataset]"]
    if manifest.units:
        lines.append(f"{UNITS_KEY} = {_toml_value(manifest.units)}")
    for key in DATASET_KEYS:
        value = getattr(manifest, key)
        if value or (key in ("department", "year", "document") and not manifest.units):
            lines.append(f"{key} = {_toml_value(value)}")
    for entry in manifest.tables:
        lines += ["", "[[tables]]"]
        for key in TABLE_KEYS[:-1]:
            value = getattr(entry, key)
            if key in ("kind", "file", "title", "unit") or (value != 2 if key == "places" else value):
                lines.append(f"{key} = {_toml_value(value)}")
        if entry.headers:
            lines.append("[tables.headers]")
            lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in entry.headers.items()]
    return "\n".join(lines) + "\n"

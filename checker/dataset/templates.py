"""Standard table kinds (templates): the schema importers map onto and rules are compiled against.

The kinds live in ``checker/data/tables.toml`` — jurisdictions vary, so templates are data.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from checker.resources import data

ROLES = ("code", "name", "money", "count", "text", "side", "seq", "rowtype", "level")
CLASSIFICATIONS = ("功能分类", "部门经济分类", "政府经济分类")


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    name: str
    role: str
    aliases: tuple[str, ...] = ()
    classification: str | None = None

    def matches(self, header_path: str) -> bool:
        """Whether a published header (its path joined by "/", whitespace removed) names this column."""
        candidates = {header_path, header_path.rsplit("/", 1)[-1]}
        for pattern in (re.escape(self.name), *self.aliases):
            if any(re.fullmatch(pattern, c) for c in candidates):
                return True
        return False


@dataclass(frozen=True, slots=True)
class TableSpec:
    kind: str
    document: str
    titles: tuple[str, ...]
    layout: str
    columns: tuple[ColumnSpec, ...]
    extra: str | None = None
    optional: bool = False  # a document of its type need not print it (not reported missing)

    def column(self, name: str) -> ColumnSpec | None:
        return next((c for c in self.columns if c.name == name), None)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def columns_with(self, role: str) -> tuple[ColumnSpec, ...]:
        return tuple(c for c in self.columns if c.role == role)

    def code_column(self, classification: str) -> ColumnSpec | None:
        return next((c for c in self.columns if c.role == "code" and c.classification == classification), None)

    @property
    def classifications(self) -> tuple[str, ...]:
        return tuple(c.classification for c in self.columns if c.role == "code" and c.classification)

    def matches_title(self, title: str) -> bool:
        compact = normalise_title(title)
        return any(re.fullmatch(p, compact) for p in self.titles)

    def resolve_header(self, header_path: str) -> ColumnSpec | None:
        """The column a published header names, trying exact names before aliases."""
        compact = compact_text(header_path)
        exact = self.column(compact)
        if exact is not None:
            return exact
        return next((c for c in self.columns if c.matches(compact)), None)


def compact_text(text: str) -> str:
    """Whitespace removed (published headers wrap inside cells: "一般公 共预算")."""
    return re.sub(r"\s+", "", text)


_TITLE_NOISE = re.compile(r"^(表\s*[\d一二三四五六七八九十]+[、.．:：]?|[\d一二三四五六七八九十]+[、.．])")


def normalise_title(title: str) -> str:
    """A title without whitespace, numbering ("表 3", "三、"), or a leading year ("2021年")."""
    compact = compact_text(title)
    compact = _TITLE_NOISE.sub("", compact)
    compact = re.sub(r"^\d{4}年(度)?", "", compact)
    return compact


@cache
def templates() -> dict[str, TableSpec]:
    """All table kinds, by kind name."""
    with data("tables.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    out: dict[str, TableSpec] = {}
    for t in raw["table"]:
        cols = tuple(
            ColumnSpec(c["name"], c["role"], tuple(c.get("aliases", ())), c.get("classification"))
            for c in t["columns"]
        )
        out[t["kind"]] = TableSpec(t["kind"], t["document"], tuple(t["titles"]), t["layout"], cols, t.get("extra"),
                                   bool(t.get("optional", False)))
    return out


def spec_for_title(title: str) -> TableSpec | None:
    """The table kind a published title names, or None."""
    return next((s for s in templates().values() if s.matches_title(title)), None)

"""The table kinds of ``tables.toml`` as Markdown, for docs/canonical-format.md.

    python -m checker.dataset.kinds_doc docs/canonical-format.md

rewrites the part of the document between ``<!-- kinds:begin -->`` and ``<!-- kinds:end -->``; a test
checks that the document holds exactly what this renders, so the two never drift apart.
"""

from __future__ import annotations

import sys
from pathlib import Path

from checker.dataset.templates import TableSpec, templates

BEGIN, END = "<!-- kinds:begin -->", "<!-- kinds:end -->"
PIPE = "\\|"  # a pipe inside a Markdown table cell, even inside a code span
EXTRA = {"money": "kept as amounts", "text": "kept as text", None: "reported (E310) and kept as text"}


def render_kinds() -> str:
    """One section per document (预算, 决算), one table kind after another with its columns."""
    lines = [BEGIN, "<!-- generated from checker/data/tables.toml by checker/dataset/kinds_doc.py -->", ""]
    for document in ("预算", "决算"):
        lines += [f"### {document}", ""]
        for spec in (s for s in templates().values() if s.document == document):
            lines += _kind(spec)
    lines.append(END)
    return "\n".join(lines)


def _kind(spec: TableSpec) -> list[str]:
    lines = [f"#### {spec.kind}", "",
             f"Layout `{spec.layout}`; other columns are {EXTRA.get(spec.extra, EXTRA[None])}.", "",
             "| column | role | published headers recognised |", "|---|---|---|"]
    for column in spec.columns:
        role = f"{column.role} ({column.classification})" if column.classification else column.role
        aliases = (", ".join(f"`{a}`" for a in column.aliases) or "—").replace("|", PIPE)
        lines.append(f"| {column.name} | {role} | {aliases} |")
    return [*lines, ""]


def update(path: Path) -> bool:
    """Rewrite the generated part of ``path``; True when it changed."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    new = text[:start] + render_kinds() + text[end:]
    path.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: {'updated' if update(Path(name)) else 'unchanged'}")

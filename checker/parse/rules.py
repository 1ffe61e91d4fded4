"""Rule files → AST (placeholder until the language lands)."""

from __future__ import annotations


def parse_rules(text: str, path: str = "<rules>"):  # noqa: ANN201 - filled in by the language work
    raise NotImplementedError

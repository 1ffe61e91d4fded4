"""Reading rule files and following their includes (relative to the including file; cycles reported).

Rules can read no file but the includes they declare.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checker import ast
from checker.diagnostics import Diagnostic
from checker.parse.rules import parse_rules, read_rule_text


@dataclass(slots=True)
class LoadedFile:
    """A parsed rule file with the settings it inherits from the file that included it."""

    path: str
    text: str
    tree: ast.RuleFile
    unit: str = "万元"
    tolerance: ast.Tolerance | None = None
    params: list[ast.Param] = field(default_factory=list)
    _lines: list[str] = field(default_factory=list)

    def line(self, number: int) -> str:
        if not self._lines:
            self._lines = self.text.splitlines()
        return self._lines[number - 1] if 0 < number <= len(self._lines) else ""


def load_files(paths: Sequence[Path], sources: Sequence[tuple[str, str]] = ()) -> tuple[list[LoadedFile], list[Diagnostic]]:
    """Parse the given files and texts and everything they include, each once."""
    loaded: dict[str, LoadedFile] = {}
    diagnostics: list[Diagnostic] = []
    for path in paths:
        text, diags = read_rule_text(path)
        diagnostics.extend(diags)
        if text is not None:
            _load(str(path), text, None, loaded, diagnostics, ())
    for name, text in sources:
        _load(name, text, None, loaded, diagnostics, ())
    return list(loaded.values()), diagnostics


def _load(path: str, text: str, parent: LoadedFile | None, loaded: dict[str, LoadedFile],
          diagnostics: list[Diagnostic], stack: tuple[str, ...]) -> LoadedFile | None:
    key = _key(path)
    if key in loaded:
        return loaded[key]
    tree, diags = parse_rules(text, path)
    diagnostics.extend(diags)
    f = LoadedFile(path, text, tree,
                   unit=tree.unit or (parent.unit if parent else "万元"),
                   tolerance=tree.tolerance or (parent.tolerance if parent else None),
                   params=list(tree.params) + (list(parent.params) if parent else []))
    loaded[key] = f
    for inc in tree.includes:
        _include(f, inc, loaded, diagnostics, (*stack, key))
    return f


def _include(f: LoadedFile, inc: ast.Include, loaded: dict[str, LoadedFile], diagnostics: list[Diagnostic],
             stack: tuple[str, ...]) -> None:
    target = (Path(f.path).parent / inc.path) if not Path(inc.path).is_absolute() else Path(inc.path)
    key = _key(str(target))
    if key in stack:
        diagnostics.append(Diagnostic("E212", f"include cycle: {' → '.join(Path(s).name for s in (*stack, key))}",
                                      inc.span, source_line=f.line(inc.span.line), hint="remove one of the includes"))
        return
    if key in loaded:
        return
    if not target.is_file():
        diagnostics.append(Diagnostic("E211", f"included file not found: {inc.path}", inc.span,
                                      source_line=f.line(inc.span.line),
                                      hint="give a path relative to the including file"))
        return
    text, diags = read_rule_text(target)
    diagnostics.extend(diags)
    if text is not None:
        child = _load(str(target), text, f, loaded, diagnostics, stack)
        if child is not None:
            f.params.extend(child.tree.params)


def _key(path: str) -> str:
    try:
        return str(Path(path).resolve())
    except OSError:  # pragma: no cover
        return path

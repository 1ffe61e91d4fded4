"""Rule files → Program: includes followed, names resolved against the table templates and the code
graph, units and types checked — all before any data is touched.  Compile once, evaluate many."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from checker import ast
from checker.compile import program as p
from checker.compile.includes import LoadedFile, load_files
from checker.compile.policy import compile_policy
from checker.compile.rules import compile_rule, compile_target
from checker.diagnostics import Diagnostic
from checker.source import Span

__all__ = ["CompileResult", "compile_files", "compile_sources"]


class CompileResult:
    """The program and every diagnostic of every phase (syntax and compile)."""

    def __init__(self, program: p.Program, diagnostics: list[Diagnostic]):
        self.program = program
        self.diagnostics = diagnostics

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


def compile_files(paths: Sequence[Path], known_codes: Iterable[str] | None = None) -> CompileResult:
    """Compile rule files (and what they include).  ``known_codes`` lets literal codes be checked."""
    files, diagnostics = load_files(paths)
    return _compile(files, diagnostics, known_codes)


def compile_sources(sources: Sequence[tuple[str, str]], known_codes: Iterable[str] | None = None) -> CompileResult:
    """Compile rule texts given as (path, text) — for tests and the rule-case runner."""
    files, diagnostics = load_files([], sources)
    return _compile(files, diagnostics, known_codes)


def _compile(files: list[LoadedFile], diagnostics: list[Diagnostic], known_codes: Iterable[str] | None) -> CompileResult:
    rules: list[p.CompiledRule] = []
    targets: list[p.CompiledTarget] = []
    policies: list[p.PolicySpec] = []
    seen: dict[str, Span] = {}
    for f in files:
        params, param_diags = _params(f)
        diagnostics.extend(param_diags)
        items: list[ast.Rule | ast.TargetRule] = [*f.tree.rules, *f.tree.targets]
        for item in items:
            if _duplicate(item, seen, f, diagnostics):
                continue
            if isinstance(item, ast.Rule):
                compiled, diags = compile_rule(item, f, params)
                rules.extend(compiled)
            else:
                target, diags = compile_target(item, f)
                targets.extend([target] if target is not None else [])
            diagnostics.extend(diags)
        for pol in f.tree.policies:
            policy, diags = compile_policy(pol, f)
            diagnostics.extend(diags)
            if policy is not None:
                policies.append(policy)
    if known_codes is not None:
        diagnostics.extend(_check_codes(rules, set(known_codes), files))
    program = p.Program(tuple(rules), tuple(targets), tuple(policies),
                        tuple(f.path for f in files), tuple(f.tree.name for f in files))
    return CompileResult(program, diagnostics)


def _duplicate(item: ast.Rule | ast.TargetRule, seen: dict[str, Span], f: LoadedFile,
               diagnostics: list[Diagnostic]) -> bool:
    first = seen.get(item.id)
    if first is None:
        seen[item.id] = item.id_span
        return False
    diagnostics.append(Diagnostic(
        "E206", f"duplicate rule id '{item.id}' (first defined at {first})", item.id_span,
        source_line=f.line(item.id_span.line), hint="give every rule its own id; ids track findings across runs",
    ))
    return True


def _params(f: LoadedFile) -> tuple[dict[str, p.Const], list[Diagnostic]]:
    from checker.compile.resolve import CompileProblem, Scope, number_const

    out: dict[str, p.Const] = {}
    diags: list[Diagnostic] = []
    scope = Scope(default_unit=f.unit, lines=lambda s: f.line(s.line))
    for param in f.params:
        try:
            if isinstance(param.value, ast.Number):
                out[param.name] = number_const(param.value, scope)
            else:
                out[param.name] = p.Const(p.TEXT, param.value.value, "", param.value.value)
        except CompileProblem as exc:
            diags.append(exc.diagnostic)
    return out, diags


def _check_codes(rules: list[p.CompiledRule], known: set[str], files: list[LoadedFile]) -> list[Diagnostic]:
    """Literal codes in rules that the code graph does not know (with a did-you-mean)."""
    from checker.compile.schema import suggest

    out = []
    for rule in rules:
        for cell in _cells(rule.assertion):
            if cell.key.kind == "code" and cell.key.value not in known:
                near = suggest(cell.key.value, [c for c in known if len(c) == len(cell.key.value)])
                f = next((x for x in files if x.path == cell.span.path), None)
                out.append(Diagnostic(
                    "E203", f"unknown code '{cell.key.value}' in {cell.table}", cell.span,
                    source_line=f.line(cell.span.line) if f else None,
                    hint=f"did you mean '{near[0]}'?" if near else "check the digits against the code list",
                ))
    return out


def _cells(expr: object) -> list[p.Cell]:
    found: list[p.Cell] = []
    if isinstance(expr, p.Cell):
        found.append(expr)
    for name in getattr(expr, "__slots__", ()):
        value = getattr(expr, name, None)
        values = value if isinstance(value, tuple) else (value,)
        for v in values:
            if hasattr(v, "__slots__") and not isinstance(v, Span | p.Key):
                found.extend(_cells(v))
    return found

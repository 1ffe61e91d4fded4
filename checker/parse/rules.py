"""Rule files → ``ast.RuleFile`` plus syntax diagnostics in our own words (never lark's raw message).

A file that parses is built in one pass.  A file with mistakes is split at its statements (lines that
begin with ``rule``, ``target``, ``include`` …) and each statement is parsed on its own, so every
mistake in every statement is reported, not only the first.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from checker import ast
from checker.diagnostics import Diagnostic
from checker.findings import SEVERITY_WORDS
from checker.parse.grammar import parser
from checker.parse.transform import Builder
from checker.source import Span

_STATEMENT = re.compile(r"^[ \t\u3000]*(ruleset|unit|tolerance|include|param|rule|target|policy)\b", re.M)
MAX_DIAGNOSTICS_PER_FILE = 50


def read_rule_text(path: Path) -> tuple[str | None, list[Diagnostic]]:
    """The text of a rule file: UTF-8 (with or without BOM), else GB18030; E107 when neither decodes."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Diagnostic("E107", f"cannot read rule file: {exc.strerror or exc}", where=str(path))]
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, []
    return None, [Diagnostic("E107", "not a text file in UTF-8 or GB18030", where=str(path),
                             hint="save the rules as UTF-8 text")]


def parse_rules(text: str, path: str = "<rules>") -> tuple[ast.RuleFile, list[Diagnostic]]:
    """Parse one rule file's text.  Returns what could be built and every syntax problem found."""
    try:
        items = _parse_chunk(text, path, 0)
        return _assemble(path, items), _check_items(items, text)
    except (UnexpectedInput, VisitError):
        pass
    items, diagnostics = [], []
    for offset, chunk in _chunks(text):
        try:
            items.extend(_parse_chunk(chunk, path, offset))
        except UnexpectedInput as exc:
            diagnostics.append(describe_error(exc, chunk, text, path, offset))
        except VisitError as exc:  # pragma: no cover - a builder bug, reported rather than raised
            diagnostics.append(Diagnostic("E100", f"cannot build this statement ({exc.orig_exc})",
                                          Span.point(path, offset + 1, 1)))
        if len(diagnostics) >= MAX_DIAGNOSTICS_PER_FILE:
            break
    return _assemble(path, items), diagnostics + _check_items(items, text)


def _parse_chunk(chunk: str, path: str, offset: int) -> list[Any]:
    tree = parser().parse(chunk, start="start")
    return list(Builder(path, offset).transform(tree))


def _chunks(text: str) -> list[tuple[int, str]]:
    """(line offset, text) of each statement; text before the first statement is its own chunk."""
    starts = [m.start() for m in _STATEMENT.finditer(text)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    bounds = [*starts, len(text)]
    return [(text.count("\n", 0, a), text[a:b]) for a, b in itertools.pairwise(bounds) if text[a:b].strip()]


def _assemble(path: str, items: list[Any]) -> ast.RuleFile:
    header = next((i for i in items if isinstance(i, tuple) and i[0] == "header"), None)
    unit = next((i[1] for i in items if isinstance(i, tuple) and i[0] == "unit"), "")
    tolerance = next((i[1] for i in items if isinstance(i, tuple) and i[0] == "tolerance"), None)
    return ast.RuleFile(
        path=path,
        name=header[1] if header else "",
        version=header[2] if header else "",
        unit=unit,
        tolerance=tolerance,
        params=tuple(i for i in items if isinstance(i, ast.Param)),
        includes=tuple(i for i in items if isinstance(i, ast.Include)),
        rules=tuple(i for i in items if isinstance(i, ast.Rule)),
        targets=tuple(i for i in items if isinstance(i, ast.TargetRule)),
        policies=tuple(i for i in items if isinstance(i, ast.Policy)),
    )


def _check_items(items: list[Any], text: str) -> list[Diagnostic]:
    """Checks that need no schema: severities are words we know."""
    lines = text.splitlines()
    out = []
    for item in items:
        span = (item.severity_span if isinstance(item, ast.Rule)
                else item.severity_span if isinstance(item, ast.TargetRule) else None)
        if span is None or item.severity.lower() in SEVERITY_WORDS:
            continue
        out.append(Diagnostic(
            "E104", f"unknown severity '{item.severity}'", span, source_line=_line(lines, span.line),
            hint="a rule's severity is error, warning or info (错误, 警告, 提示)",
        ))
    return out


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 0 < number <= len(lines) else ""


# ------------------------------------------------------------------------------------ error wording

_WORDS = {
    "COMPARATOR": "a comparison (>=, <=, ==, ≥, ≤, ≠)", "NAME": "a name", "STRING": "a quoted string",
    "NUMBER": "a number", "RULE_ID": "a rule id (letters, digits, '-')", "UNIT": "a unit",
    "LSQB": "'['", "RSQB": "']'", "LPAR": "'('", "RPAR": "')'", "COLON": "':'", "COMMA": "','",
    "PLUS": "'+'", "MINUS": "'-'", "STAR": "'*'", "SLASH": "'/'", "DOT": "'.'", "EQUAL": "'='",
    "QUALIFIER": "以上/以内", "MULTIPLIER": "万/千/亿", "$END": "the end of the file",
}


def _word(terminal: str) -> str:
    if terminal in _WORDS:
        return _WORDS[terminal]
    return f"'{terminal.lower()}'" if terminal.isupper() else terminal


def _expected(names: set[str]) -> str:
    words = sorted({_word(n) for n in names if not n.startswith("__")})
    if len(words) > 6:
        words = [*words[:6], "…"]
    return ", ".join(words)


def describe_error(exc: UnexpectedInput, chunk: str, text: str, path: str, offset: int) -> Diagnostic:
    """Turn lark's exception into one of our diagnostics, classifying the mistakes we know."""
    line = (exc.line if isinstance(exc.line, int) and exc.line > 0 else chunk.count("\n") + 1) + offset
    column = exc.column if isinstance(exc.column, int) and exc.column > 0 else 1
    source_line = _line(text.splitlines(), line)
    rest = source_line[column - 1 :]
    span = Span.point(path, line, column)

    def diag(code: str, message: str, width: int = 1, hint: str | None = None) -> Diagnostic:
        return Diagnostic(code, message, Span.point(path, line, column, width), source_line=source_line, hint=hint)

    if rest.startswith(("=>", "=<")):
        right = ">=" if rest.startswith("=>") else "<="
        return diag("E102", f"expected a comparison operator (>=, <=, ==), found '{rest[:2]}'", 2,
                    f"write '{right}' (or {'≥' if right == '>=' else '≤'})")
    if isinstance(exc, UnexpectedCharacters) and rest and rest[0] in "\"'“" and _unclosed(rest):
        return diag("E103", "unclosed quote: the string is not closed on this line", 1,
                    f"close it with {'”' if rest[0] == '“' else rest[0]}")
    if isinstance(exc, UnexpectedEOF) or (isinstance(exc, UnexpectedToken) and exc.token.type == "$END"):
        last = _last_token(exc)
        if last is not None and last.type == "COMPARATOR":
            return Diagnostic("E109", f"missing value after '{last}'", span, source_line=source_line,
                              hint="give the value and its unit, e.g. '>= 100000 封'")
        expected = getattr(exc, "expected", None) or getattr(exc, "accepts", None) or set()
        return Diagnostic("E101", f"unexpected end of file; expected {_expected(set(expected))}",
                          Span.point(path, line, max(column, 1)), source_line=source_line,
                          hint="finish the statement; close every bracket and quote")
    if isinstance(exc, UnexpectedToken):
        return _token_error(exc, diag)
    char = rest[:1] or "?"
    return diag("E108", f"unexpected character '{char}'", 1,
                "remove it, or put it inside a quoted string")


def _token_error(exc: UnexpectedToken, diag: Any) -> Diagnostic:
    tok = exc.token
    expected = set(exc.expected or ())
    width = max(len(str(tok)), 1)
    last = _last_token(exc)
    if tok.type in ("EQUAL", "__ANON_0") or str(tok) == "=":
        return diag("E106", "'=' does not compare; write '==' (or ＝)", 1, "write '==' to compare two values")
    if last is not None and str(last) == "within":
        return diag("E215", f"a tolerance must follow 'within', found '{tok}'", width,
                    "write 'within 0.01', 'within per_term 0.005' or 'within relative 0.1%'")
    if tok.type == "NAME" and "STRING" in expected and re.search(r"[\u3400-\u9fff]", str(tok)):
        return diag("E105", f"unquoted name '{tok}'", width, f"quote it: \"{tok}\"")
    if tok.type == "SLASH" and last is not None and last.type == "NAME" and re.search(r"[\u3400-\u9fff]", str(last)):
        return diag("E105", f"unquoted name '{last}' before '/'", 1,
                    f"quote project and indicator names: \"{last}\"/\"…\"")
    if last is not None and last.type == "COMPARATOR" and tok.type not in ("NUMBER", "NAME", "STRING"):
        return diag("E109", f"missing value after '{last}'", width, "give the value and its unit")
    return diag("E100", f"expected {_expected(expected)}, found {_describe_token(tok)}", width,
                "compare with the examples in docs/language.md")


def _describe_token(tok: Any) -> str:
    kind = {"NAME": "name", "NUMBER": "number", "STRING": "string", "RULE_ID": "word"}.get(tok.type, "")
    return f"{kind} '{tok}'".strip() if kind else f"'{tok}'"


def _last_token(exc: Any) -> Any:
    history = getattr(exc, "token_history", None)
    if history:
        return history[-1]
    state = getattr(exc, "state", None)
    value_stack = getattr(state, "value_stack", None) if state is not None else None
    if value_stack:
        last = value_stack[-1]
        return last if hasattr(last, "type") else None
    return None


def _unclosed(rest: str) -> bool:
    close = "”" if rest[0] == "“" else rest[0]
    return close not in rest[1:]

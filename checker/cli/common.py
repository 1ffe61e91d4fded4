"""What every command shares: turning our errors into messages and exit code 2, never a traceback."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from pathlib import Path

import click

from checker.compile import compile_files
from checker.compile.program import Program
from checker.diagnostics import Diagnostic, DiagnosticError
from checker.resources import shipped

EXIT_OK, EXIT_FINDINGS, EXIT_INCOMPLETE = 0, 1, 2
F = TypeVar("F", bound=Callable[..., Any])


def echo_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    for d in diagnostics:
        click.echo(d.render(), err=True)


def guarded(func: F) -> F:
    """Run a command; our diagnostics print and exit 2; an unreadable file is one line and exit 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DiagnosticError as exc:
            echo_diagnostics(exc.diagnostics)
            sys.exit(EXIT_INCOMPLETE)
        except (OSError, UnicodeError) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_INCOMPLETE)

    return wrapper  # type: ignore[return-value]


def rule_paths(items: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Rule files named directly or found in folders (``*.rules``), and the names that do not exist."""
    found: list[Path] = []
    missing: list[Path] = []
    for item in items:
        if item.is_dir():
            found.extend(sorted(item.glob("*.rules")))
        elif item.exists():
            found.append(item)
        else:
            missing.append(item)
    return found, missing


def shipped_program() -> Program:
    """The standard rulesets that ship with checker, compiled."""
    return compile_files(sorted(shipped("rulesets").glob("*.rules"))).program

"""What every command shares: turning our errors into messages and exit code 2, never a traceback."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click

from checker.diagnostics import Diagnostic, DiagnosticError

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

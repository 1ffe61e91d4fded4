"""What every command shares: turning our errors into messages and exit code 2, never a traceback."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from checker.compile import compile_files
from checker.compile.program import Program
from checker.diagnostics import Diagnostic, DiagnosticError
from checker.report import Report
from checker.report.render import render
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
        except Exception as exc:  # a bug of ours: one line for the user, the traceback on request
            if os.environ.get("CHECKER_DEBUG"):
                raise
            click.echo(f"internal error: {type(exc).__name__}: {exc} — the check could not be completed; "
                       "run again with CHECKER_DEBUG=1 for the traceback and report it", err=True)
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


EXTENSIONS = {"text": "txt", "json": "json", "junit": "xml", "markdown": "md", "html": "html", "xlsx": "xlsx"}


def write_reports(report: Report, formats: Iterable[str], output: Path) -> list[Path]:
    """Write each format: into ``output`` as checker.<ext> when it is a folder (or several formats)."""
    formats = list(formats)
    folder = output.is_dir() or len(formats) > 1 or output.suffix == ""
    if folder:
        output.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = output / f"checker.{EXTENSIONS[fmt]}" if folder else output
        body = render(report, fmt)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")
        written.append(path)
    return written


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr for long runs, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update

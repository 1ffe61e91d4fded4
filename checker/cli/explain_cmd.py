"""`checker explain CODE`: what a diagnostic code (or a shipped rule id) means, an example, the fix."""

from __future__ import annotations

import sys

import click

from checker.cli.common import EXIT_INCOMPLETE, shipped_program
from checker.compile.schema import suggest
from checker.diagnostics import CATALOGUE, explain


@click.command("explain")
@click.argument("code")
def explain_command(code: str) -> None:
    """Explain a diagnostic code (E102, W301 …) or a rule of the shipped rulesets (BD-T1-BALANCE …)."""
    text = explain(code)
    if text is not None:
        click.echo(text)
        return
    program = shipped_program()
    rule = next((r for r in program.rules if r.id == code), None)
    if rule is not None:
        click.echo(f"{rule.id} ({rule.severity}): {rule.title}\n\n{rule.description}\n\ndefined at {rule.location}")
        return
    target = next((t for t in program.targets if t.id == code), None)
    if target is not None:
        click.echo(f"{target.id} ({target.severity}): {target.title}\n\ndefined at {target.location}")
        return
    near = suggest(code.upper(), [*CATALOGUE, *program.rule_ids], limit=3)
    hint = f" — did you mean {', '.join(near)}?" if near else ""
    click.echo(f"error: unknown code '{code}'{hint}", err=True)
    sys.exit(EXIT_INCOMPLETE)

"""`checker explain CODE`: what a diagnostic code (or a shipped rule id) means, an example, the fix."""

from __future__ import annotations

import sys

import click

from checker.cli.common import EXIT_INCOMPLETE, shipped_program
from checker.codes import RULES
from checker.compile.schema import suggest
from checker.diagnostics import CATALOGUE, explain


@click.command("explain")
@click.argument("code")
def explain_command(code: str) -> None:
    """Explain a diagnostic code (E102 …), a code-graph check (CODE-NAME …) or a shipped rule (BD-T1-BALANCE …)."""
    text = explain(code)
    if text is not None:
        click.echo(text)
        return
    graph_rule = RULES.get(code.upper())
    if graph_rule is not None:
        click.echo(f"{graph_rule.id} ({graph_rule.severity.label}): {graph_rule.title}\n\n{graph_rule.explanation}\n\n"
                   "a check of the classification-code graph (docs/codes.md)")
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
    near = suggest(code.upper(), [*CATALOGUE, *RULES, *program.rule_ids], limit=3)
    hint = f" — did you mean {', '.join(near)}?" if near else ""
    click.echo(f"error: unknown code '{code}'{hint}", err=True)
    sys.exit(EXIT_INCOMPLETE)

"""The command line: the only place that prints, reads options or exits.

Each command lives in its own module and only parses options, calls the library, renders and exits.
Exit codes: 0 all passed, 1 findings at or above --fail-on, 2 the check could not be completed.
"""

from __future__ import annotations

import click

from checker import __version__
from checker.cli import commands


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="checker")
def main() -> None:
    """Check Chinese department budgets, final accounts and performance targets against rules."""


for _command in commands.ALL:
    main.add_command(_command)

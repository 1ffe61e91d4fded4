"""The registry of commands (one module each; add yours to ALL)."""

from __future__ import annotations

import click

ALL: list[click.Command] = []

from checker.cli.codes_cmd import codes_command  # noqa: E402

ALL.append(codes_command)

from checker.cli.import_cmd import import_command  # noqa: E402
from checker.cli.inspect_cmd import inspect_command  # noqa: E402

ALL += [import_command, inspect_command]

from checker.cli.explain_cmd import explain_command  # noqa: E402
from checker.cli.lint_cmd import lint_command  # noqa: E402

ALL += [lint_command, explain_command]

from checker.cli.diff_cmd import diff_command  # noqa: E402

ALL.append(diff_command)

from checker.cli.check_cmd import check_command  # noqa: E402

ALL.insert(0, check_command)

from checker.cli.test_cmd import test_command  # noqa: E402

ALL.append(test_command)

from checker.cli.score_cmd import score_command  # noqa: E402

ALL.append(score_command)

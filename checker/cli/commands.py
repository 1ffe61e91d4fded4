"""The registry of commands (one module each; add yours to ALL)."""

from __future__ import annotations

import click

ALL: list[click.Command] = []

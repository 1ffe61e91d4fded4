"""Lark → AST: rule files and published targets, with syntax diagnostics in our own words."""

from checker.parse.rules import parse_rules
from checker.parse.targets import TargetSyntaxError, parse_target

__all__ = ["TargetSyntaxError", "parse_rules", "parse_target"]

"""Where shipped files live: inside the installed wheel, or at the top of a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def shipped(kind: str) -> Path:
    """The folder of a shipped kind of file: ``grammar``, ``rulesets`` or ``examples``.

    A wheel carries them under ``checker/_shipped``; a source checkout keeps them at the top level.
    """
    inside = _PACKAGE / "_shipped" / kind
    if inside.is_dir():
        return inside
    return _CHECKOUT / kind


def data(name: str) -> Path:
    """A data file that lives in the package itself (``checker/data``)."""
    return _PACKAGE / "data" / name

"""JSON text exactly as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it, made fast for large
plain data (a province's scores are ~500,000 indicator objects; the standard library writes indented JSON
in pure Python).

A container whose members are all plain scalars (an indicator's scores, a finding) is written by the C
encoder in one call, with an item separator that puts each member on its own indented line; only the
containers around them are walked here.  Without the C encoder this is ``json.dumps``.
"""

from __future__ import annotations

import gc
import json
from functools import lru_cache
from typing import Any

INDENT = "  "
_SCALARS = frozenset({str, int, float, bool, type(None)})


def dumps(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, the same text."""
    if json.encoder.c_make_encoder is None:  # type: ignore[attr-defined]
        return json.dumps(value, ensure_ascii=False, indent=2)
    out: list[str] = []
    paused = gc.isenabled()
    gc.disable()  # millions of small strings and containers, no cycles: the collector would rescan them all
    try:
        _write(value, 0, out)
    finally:
        if paused:
            gc.enable()
    return "".join(out)


@lru_cache(maxsize=32)
def _encoder(level: int) -> Any:
    """The C encoder writing the members of a container at ``level`` one per line."""
    return json.encoder.c_make_encoder(  # type: ignore[attr-defined]
        None, _unserialisable, json.encoder.encode_basestring, None, ": ", ",\n" + INDENT * (level + 1),
        False, False, True)


def _unserialisable(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _flat(value: Any, level: int) -> str:
    """A container of scalars (not empty): "{" newline, members one per line, newline "}"."""
    text = "".join(_encoder(level)(value, level))
    return f"{text[0]}\n{INDENT * (level + 1)}{text[1:-1]}\n{INDENT * level}{text[-1]}"


def _records(value: list[Any] | tuple[Any, ...], level: int) -> str:
    """A list of non-empty dicts of scalars in one C call: members and elements come out separated alike,
    then each boundary between elements (``},`` newline ``{`` — a string never holds a raw newline) and
    the brackets get their own lines."""
    deep, inner, outer = INDENT * (level + 2), INDENT * (level + 1), INDENT * level
    text = "".join(_encoder(level + 1)(value, level + 1))
    text = text[2:-2].replace(f"}},\n{deep}{{", f"\n{inner}}},\n{inner}{{\n{deep}")
    return f"[\n{inner}{{\n{deep}{text}\n{inner}}}\n{outer}]"


def _is_record(value: Any) -> bool:
    return type(value) is dict and bool(value) and _SCALARS.issuperset(map(type, value.values()))


def _write(value: Any, level: int, out: list[str]) -> None:
    if isinstance(value, dict):
        if not value:
            out.append("{}")
        elif _SCALARS.issuperset(map(type, value.values())):
            out.append(_flat(value, level))
        else:
            _members(value, level, out)
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
        elif _SCALARS.issuperset(map(type, value)):
            out.append(_flat(value, level))
        elif all(map(_is_record, value)):
            out.append(_records(value, level))
        else:
            _members(value, level, out)
    else:
        out.append("".join(_encoder(level)(value, level)))


def _members(value: dict[Any, Any] | list[Any] | tuple[Any, ...], level: int, out: list[str]) -> None:
    """A container with containers in it, member by member (scalars written here, containers by ``_write``)."""
    inner, keyed, encode = "\n" + INDENT * (level + 1), isinstance(value, dict), _encoder(level + 1)
    out.append("{" if keyed else "[")
    items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
    for n, (key, member) in enumerate(items):
        head = ("," if n else "") + inner + (_key(key) + ": " if keyed else "")
        kind = type(member)
        if kind is str:
            out.append(head + _string(member))
        elif kind in _SCALARS:
            out.append(head + "".join(encode(member, level + 1)))
        else:
            out.append(head)
            _write(member, level + 1, out)
    out.append("\n" + INDENT * level + ("}" if keyed else "]"))


_string = json.encoder.encode_basestring


def _key(key: Any) -> str:
    """A member name as json writes it (numbers, true/false/null as strings)."""
    if type(key) is str:
        return _name(key)
    if isinstance(key, bool) or key is None:
        return _string({True: "true", False: "false", None: "null"}[key])
    if isinstance(key, str):
        return _string(key)
    if isinstance(key, int | float):
        return _string(json.dumps(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


@lru_cache(maxsize=4096)
def _name(key: str) -> str:
    """A str member name, written once (objects of one kind repeat their names)."""
    return _string(key)

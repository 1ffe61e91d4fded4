"""Did-you-mean for codes: optimal string alignment distance, where swapping two adjacent digits is one edit.

``difflib`` ranks codes badly (it has no notion of a transposition); a typed ``2010310`` for ``2010301`` is
one slip, not two.
"""

from __future__ import annotations

from collections.abc import Mapping

from checker.codes.shapes import normalise_code


def osa_distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two adjacent characters) turning ``a`` into ``b``."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, start=1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def is_transposition(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with exactly two adjacent characters swapped."""
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
    return len(a) == len(b) and len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def suggest(code: str, candidates: Mapping[str, str], lengths: tuple[int, ...], n: int = 3) -> list[str]:
    """Up to ``n`` codes from ``candidates`` (code → placed_by) near ``code``, nearest first.

    Candidates are codes of the same level (same length; for a length that is no level, the levels one
    digit away).  At most 1 edit for a 3-digit code, 2 for longer ones.  Ties: a swap of adjacent digits
    first, then a longer shared prefix (same parent), then listed codes, then the numerically nearest.
    """
    code = normalise_code(code)
    near = {len(code)} if len(code) in lengths else {len(code) - 1, len(code) + 1}
    limit = 1 if len(code) <= 3 else 2
    ranked = []
    for other, placed_by in candidates.items():
        if len(other) not in near or other == code:
            continue
        distance = osa_distance(code, other)
        if distance <= limit:
            ranked.append((distance, not is_transposition(code, other), -_shared_prefix(code, other),
                           placed_by != "list", _numeric_gap(code, other), other))
    return [r[-1] for r in sorted(ranked)[:n]]


def _shared_prefix(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def _numeric_gap(a: str, b: str) -> int:
    return abs(int(a) - int(b)) if a.isdigit() and b.isdigit() and len(a) == len(b) else 10 ** 9

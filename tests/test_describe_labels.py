"""Row labels name each row within its unit: its code, else its name, else its position; a label met again
in the same unit gets " #k"."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from checker.evaluate.describe import _deduplicate


def _one_by_one(labels: list[str], ds: list[str]) -> list[str]:
    seen: dict[tuple[str, str], int] = {}
    out = []
    for d, label in zip(ds, labels, strict=True):
        k = seen.get((d, label), 0) + 1
        seen[(d, label)] = k
        out.append(label if k == 1 else f"{label} #{k}")
    return out


@given(st.lists(st.tuples(st.sampled_from(["U1", "U2", "U3"]), st.sampled_from(["201", "20101", "合计", "", "第3行"])),
                max_size=40))
def test_repeats_within_a_unit_are_numbered_in_order(rows: list[tuple[str, str]]) -> None:
    ds = [d for d, _ in rows]
    labels = [label for _, label in rows]
    assert _deduplicate(labels, np.array(ds, dtype=object)).tolist() == _one_by_one(labels, ds)


def test_the_same_label_in_two_units_is_not_a_repeat() -> None:
    got = _deduplicate(["201", "201", "201"], np.array(["U1", "U2", "U1"], dtype=object)).tolist()
    assert got == ["201", "201", "201 #2"]

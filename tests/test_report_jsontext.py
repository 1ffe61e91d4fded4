"""The fast JSON writer writes exactly what ``json.dumps(value, ensure_ascii=False, indent=2)`` writes."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.report.jsontext import dumps

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12),
                    st.sampled_from(["},\n    {", "}{", "\n", "中文", "\u2028", "\x00", '"', "\\"]))
KEYS = st.one_of(st.text(max_size=6), st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.lists(inner, max_size=3).map(tuple),
    st.dictionaries(KEYS, inner, max_size=5),
    st.lists(st.dictionaries(st.text(max_size=4), SCALARS, min_size=1, max_size=4), max_size=4)), max_leaves=40)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_the_same_text_as_json_dumps(value: object) -> None:
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("value", [{}, [], {"a": []}, [{}], [{"a": 1}, {}], [[{"a": "}\n  {"}]], ({"k": None},)],
                         ids=["empty-dict", "empty-list", "empty-member", "list-of-empty", "record-and-empty",
                              "brace-in-text", "tuple"])
def test_edges(value: object) -> None:
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_what_json_cannot_write_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        dumps({"a": [{"b": object()}]})

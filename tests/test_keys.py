"""Keys are compared without whitespace: ``normalise_key`` removes exactly what ``\\s`` matches, from texts
and from numbers written as keys, and reads a missing key as ""."""

from __future__ import annotations

import re

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from checker.evaluate.context import normalise_key

SPACE = re.compile(r"\s+")


@given(st.lists(st.one_of(st.text(alphabet=" \t\n\u3000\u00a0\u2003\x1cab项目1", max_size=8), st.integers(),
                          st.none()), max_size=30))
def test_whitespace_is_removed_as_the_pattern_says(values: list[object]) -> None:
    got = normalise_key(pd.Series(values, dtype=object)).tolist()
    assert got == ["" if v is None else SPACE.sub("", str(v)) for v in values]


def test_missing_and_blank_keys_are_empty() -> None:
    got = normalise_key(pd.Series([None, float("nan"), pd.NA, " ", "\u30002010301 "], dtype=object)).tolist()
    assert got == ["", "", "", "", "2010301"]

"""Whole-column reading gives exactly what reading cell by cell gives: the numpy parse of plain amounts
against the one-text-at-a-time parser, and transforms run once per distinct value."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.importers.cells import _MAX_INT_DIGITS, _amount, normalise_codes, parse_amounts
from checker.importers.vector import per_distinct, plain_amounts

TEXTS = st.text(alphabet="0123456789.+-, ０e\x00", max_size=24)
EXPONENTS = st.sampled_from([0, 2, 6, 10])


@settings(max_examples=400, deadline=None)
@given(st.lists(TEXTS, max_size=30), EXPONENTS)
def test_parse_amounts_equals_the_cell_by_cell_parse(texts: list[str], exponent: int) -> None:
    parsed = parse_amounts(pd.Series(texts, dtype=object), exponent)
    expected = [_amount(t, exponent) for t in texts]
    assert parsed.micros.tolist() == [v for v, _, _ in expected]
    assert parsed.decimals.tolist() == [d for _, _, d in expected]
    assert parsed.blank.tolist() == [s == 1 for _, s, _ in expected]
    assert parsed.bad.tolist() == [s == 2 for _, s, _ in expected]
    assert parsed.rounded.tolist() == [s == 3 for _, s, _ in expected]


@pytest.mark.parametrize(("text", "exponent", "plain", "value", "decimals"), [
    ("1925.14", 6, True, 1_925_140_000, 2),
    ("-0.00", 6, True, 0, 2),
    ("+7", 2, True, 700, 0),
    ("007.5", 6, True, 7_500_000, 1),
    ("999999999999", 6, True, 999_999_999_999_000_000, 0),
    ("9999999999999", 6, False, 0, 0),  # 13 whole digits do not fit 18 − 6: the slow path says why
    ("1.2345678", 6, False, 0, 0),  # more decimals than micros hold: rounded by the slow path
    ("1,925.14", 6, False, 0, 0), ("１２", 6, False, 0, 0), (" 12", 6, False, 0, 0), ("-", 6, False, 0, 0),
    ("5.", 6, False, 0, 0), (".5", 6, False, 0, 0), ("1e5", 6, False, 0, 0), ("1\x002", 6, False, 0, 0),
    ("12\x00", 6, False, 0, 0), ("", 6, False, 0, 0), ("+-5", 6, False, 0, 0),
])
def test_plain_amounts(text: str, exponent: int, plain: bool, value: int, decimals: int) -> None:
    mask, values, digits = plain_amounts(np.array([text], dtype=object), exponent, _MAX_INT_DIGITS)
    assert (bool(mask[0]), int(values[0]) if plain else 0, int(digits[0]) if plain else 0) == (plain, value, decimals)


def test_per_distinct_keeps_index_order_and_missing_values() -> None:
    texts = pd.Series([" a", "b ", " a", None], index=[10, 11, 12, 13], dtype=object)
    assert per_distinct(texts, lambda s: s.str.strip()).equals(texts.str.strip())
    codes = pd.Series(["[301]", "３０１", "2010301 ", "[301]"], index=[5, 6, 7, 8])
    assert normalise_codes(codes).tolist() == ["301", "301", "2010301", "301"]
    assert normalise_codes(codes).index.tolist() == [5, 6, 7, 8]

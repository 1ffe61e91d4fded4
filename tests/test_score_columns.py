"""The whole-column shortcuts of scoring give what the one-value-at-a-time Decimal forms give: money and
rates from integer micros, text columns stripped once per distinct value."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.score.columns import Texts, text
from checker.score.explain import money, money_texts, percent, rate_texts

MICROS = st.integers(min_value=-(10**14), max_value=10**14)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), MICROS, st.sampled_from([0, -1, 5000, -5000, 4999, 15000])), max_size=30))
def test_money_texts_are_money(values: list[int | None]) -> None:
    got = money_texts(np.array(values, dtype=object)).tolist()
    assert got == [None if v is None else money(v) for v in values]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(MICROS, MICROS.filter(bool)), max_size=30))
def test_rate_texts_are_the_percent_of_the_decimal_rate(pairs: list[tuple[int, int]]) -> None:
    pairs += [(1, 20000), (3, 20000), (1, 8), (-1, 8), (0, -5), (2, 3), (10**14, 7)]  # half-way, -0, thirds
    spent, budget = (np.array([p[i] for p in pairs], dtype=object) for i in (0, 1))
    rate = np.array([Decimal(s) / b for s, b in pairs], dtype=object)
    assert rate_texts(spent, budget, rate).tolist() == [percent(r)[:-1] for r in rate]


def test_text_is_the_stripped_text_of_every_kind_of_column() -> None:
    frame = pd.DataFrame({
        "words": pd.Series([" a", "a", None, "b ", "", "a"], dtype="str"),
        "mixed": pd.Series([1, "1", None, " x ", 1.5, True], dtype=object),
        "ints": pd.Series([2, None, 2, 3, 4, 5], dtype="Int64"),
    })
    for column in ("words", "mixed", "ints"):
        plain = frame[column].astype(object).where(frame[column].notna(), "").astype(str).str.strip()
        assert text(frame, column).tolist() == plain.tolist()
    codes, values = Texts(frame).codes("words")
    assert values[codes].tolist() == ["a", "a", "", "b", "", "a"] and codes.tolist() == [0, 0, 1, 2, 1, 0]
    assert text(frame, "absent").tolist() == [""] * 6

"""Each indicator's marks (分值): its level's weight, spread over the level's indicators.

A level that a project has no indicator in gives its weight to the levels it has, in proportion to their
weights (财预〔2020〕10号 allows adjusting the level weights), so a project is always scored out of 100:
a project with only 产出 indicators has 产出 = 50 + 30 + 10 = 90.  Within a level the marks go by the
indicators' declared 权重 when every indicator of the level has one (``spread declared``), else equally.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd

from checker.compile.program import PolicySpec
from checker.score.measure import ZERO, per_text
from checker.score.policy import level_weights
from checker.units import parse_decimal

LEVEL_COLUMNS = ("key", "level", "weight", "marks", "count", "by_weight")


def declared_weights(weights: pd.Series) -> pd.Series:
    """权重 as written (``10``, ``10%``, ``10分``) → positive Decimal, else None."""
    texts = weights.astype(object).where(weights.notna(), "").astype(str).str.strip()
    return per_text(texts, _weight)


def _weight(text: str) -> Decimal | None:
    value = parse_decimal(text.rstrip("%％分").strip()) if text else None
    return value if value is not None and value > 0 else None


def spread_marks(keys: pd.Series, levels: pd.Series, weights: pd.Series,
                 policy: PolicySpec) -> tuple[pd.Series, pd.DataFrame]:
    """(marks per indicator, one row per project and level: ``LEVEL_COLUMNS``)."""
    table = level_weights(policy)
    rows = pd.DataFrame({"key": keys, "level": levels, "w": weights})
    rows["has"] = rows["w"].notna()
    rows["w0"] = rows["w"].where(rows["has"], ZERO)
    by = rows.groupby(["key", "level"], sort=False)
    lv = pd.DataFrame({"count": by.size(), "all": by["has"].all(), "wsum": by["w0"].sum()}).reset_index()
    lv["weight"] = lv["level"].map(table).where(lv["level"].isin(table), ZERO).astype(object)
    present = lv.groupby("key", sort=False)["weight"].sum()
    total: Any = sum(table.values(), ZERO)
    present = lv["key"].map(present.where(present > 0, total))
    lv["marks"] = lv["weight"] * total / present if total > 0 else lv["weight"]
    lv["by_weight"] = lv["all"] & (policy.spread == "declared")
    merged = rows.merge(lv, on=["key", "level"], how="left")
    part = merged["w0"].where(merged["by_weight"], Decimal(1))
    whole = merged["wsum"].where(merged["by_weight"], merged["count"].astype(object))
    marks = pd.Series((merged["marks"] * part / whole).to_numpy(dtype=object), index=keys.index, dtype=object)
    return marks, lv.loc[:, list(LEVEL_COLUMNS)]


def missing_levels(lv: pd.DataFrame, policy: PolicySpec) -> pd.DataFrame:
    """One row per project key, one boolean column per weighed level: True where the project has no
    indicator of that level."""
    keys = pd.Index(lv["key"].unique())
    weighed = [k for k, v in level_weights(policy).items() if v > 0]
    return pd.DataFrame({level: ~keys.isin(lv.loc[lv["level"].eq(level), "key"]) for level in weighed}, index=keys)

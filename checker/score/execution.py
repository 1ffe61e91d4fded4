"""预算执行率 per project: 全年执行数 ÷ 全年预算数, scored weight × rate, at most the weight.

执行数 and 预算数 come from ``Dataset.spending`` (rows with a 项目, summed per project); when the spending
gives no 预算数, the project's 总计 in 项目支出表 (the budget at the start of the year, 年初预算数) is used.
Project names match with whitespace ignored.  Amounts stay micros of 万元 (exact integers).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from checker.compile.program import PolicySpec
from checker.dataset.model import Dataset
from checker.score.measure import MISSING, NO_TARGET, ONE, SCORED, text
from checker.score.policy import execution_weight

NO_BUDGET = "no_budget"
EXECUTION_COLUMNS = ("initial", "budget", "spent", "rate", "marks", "score", "status")


def compact(names: pd.Series) -> pd.Series:
    """Names with all whitespace removed (how projects are matched)."""
    return names.str.replace(r"\s+", "", regex=True)


def execution(projects: pd.DataFrame, dataset: Dataset, policy: PolicySpec) -> pd.DataFrame:
    """For ``projects`` (columns ``ds``, ``project``): ``EXECUTION_COLUMNS``; micros of 万元 as ints.

    status: scored; ``missing`` (no 执行数 for the project); ``no_budget`` (no 预算数 anywhere); ``no_target``
    (a budget of 0: no rate can be computed).
    """
    keys = pd.MultiIndex.from_arrays([projects["ds"], compact(projects["project"])])
    spent, budget = _spending(dataset, keys)
    initial = _initial(dataset, keys)
    budget = budget.where(budget.notna(), initial)
    weight: Any = execution_weight(policy)
    out = pd.DataFrame({"initial": initial.to_numpy(dtype=object), "budget": budget.to_numpy(dtype=object),
                        "spent": spent.to_numpy(dtype=object)}, index=projects.index)
    status = np.select([out["spent"].isna(), out["budget"].isna(), out["budget"].eq(0)],
                       [MISSING, NO_BUDGET, NO_TARGET], SCORED)
    out["status"] = status
    ok = out["status"].eq(SCORED)
    out["rate"] = None
    out["rate"] = out["rate"].astype(object)
    out.loc[ok, "rate"] = _divide(out.loc[ok, "spent"], out.loc[ok, "budget"])
    out["marks"] = weight
    out["score"] = None
    out["score"] = out["score"].astype(object)
    out.loc[ok.to_numpy(), "score"] = weight * np.minimum(out.loc[ok, "rate"].to_numpy(dtype=object), ONE)
    return out


def _divide(num: pd.Series, den: pd.Series) -> np.ndarray:
    """Exact-as-Decimal quotients of integer micros."""
    return np.frompyfunc(Decimal, 1, 1)(num.to_numpy(dtype=object)) / den.to_numpy(dtype=object)


def _spending(dataset: Dataset, keys: pd.MultiIndex) -> tuple[pd.Series, pd.Series]:
    frame = dataset.spending
    empty = pd.Series(None, index=keys, dtype=object)
    if frame is None or frame.empty or "项目" not in frame:
        return empty, empty
    named = frame[text(frame, "项目").ne("")]
    ds = text(named, "_ds")
    only = dataset.keys[0] if len(dataset.units) == 1 else ""
    group = [ds.where(ds.ne(""), only), compact(text(named, "项目"))]
    sums = named.groupby(group)[["执行数", "预算数"]].sum(min_count=1)
    found = sums.reindex(keys)
    return _ints(found["执行数"]), _ints(found["预算数"])


def _initial(dataset: Dataset, keys: pd.MultiIndex) -> pd.Series:
    table = dataset.table("项目支出表")
    if table is None or "总计" not in table.frame or "项目名称" not in table.frame:
        return pd.Series(None, index=keys, dtype=object)
    f = table.frame
    rows = f[text(f, "行类型").eq("明细")] if "行类型" in f else f
    sums = rows.groupby([text(rows, "_ds"), compact(text(rows, "项目名称"))])["总计"].sum(min_count=1)
    return _ints(sums.reindex(keys))


def _ints(values: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce").astype("Int64")
    return numbers.astype(object).where(numbers.notna(), None)


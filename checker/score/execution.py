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
from checker.score.columns import Coded, Texts, codes_of, objects
from checker.score.measure import MISSING, NO_TARGET, ONE, SCORED
from checker.score.policy import execution_weight

NO_BUDGET = "no_budget"
EXECUTION_COLUMNS = ("initial", "budget", "spent", "rate", "marks", "score", "status")


def execution(projects: pd.DataFrame, dataset: Dataset, policy: PolicySpec) -> pd.DataFrame:
    """For ``projects`` (columns ``ds``, ``project``): ``EXECUTION_COLUMNS``; micros of 万元 as ints.

    status: scored; ``missing`` (no 执行数 for the project); ``no_budget`` (no 预算数 anywhere); ``no_target``
    (a budget of 0: no rate can be computed).
    """
    (spend_names, spending), (table_names, table) = _spending_rows(dataset), _table_rows(dataset)
    mine, spend_keys, table_keys = _keys([(codes_of(projects["ds"]), codes_of(projects["project"])), spend_names,
                                          table_names])
    n = len(projects)
    spent, budget = (_sums(spend_keys, spending[c], mine) for c in ("执行数", "预算数"))
    initial = _sums(table_keys, table["总计"], mine)
    budget = np.where([b is None for b in budget.tolist()], initial, budget)
    status = np.select([spent == None, budget == None, budget == 0],  # noqa: E711 (elementwise)
                       [MISSING, NO_BUDGET, NO_TARGET], SCORED).astype(object)
    ok = status == SCORED
    weight: Any = execution_weight(policy)
    rate, score = np.full(n, None, dtype=object), np.full(n, None, dtype=object)
    rate[ok] = np.frompyfunc(Decimal, 1, 1)(spent[ok]) / budget[ok]  # exact as Decimal
    score[ok] = weight * np.minimum(rate[ok], ONE)
    return pd.DataFrame({"initial": initial, "budget": budget, "spent": spent, "status": status, "rate": rate,
                         "marks": weight, "score": score}, index=projects.index).astype(
        {"status": "str", "marks": object})


Names = tuple[Coded, Coded]  # (unit, project name) of each row, coded


def _spending_rows(dataset: Dataset) -> tuple[Names, pd.DataFrame]:
    """The (unit, project) and the rows of the spending that name a project (a spending file without _ds
    belongs to the only unit)."""
    frame = dataset.spending
    if frame is None or frame.empty or "项目" not in frame:
        frame = pd.DataFrame({"_ds": [], "项目": [], "执行数": [], "预算数": []})
    texts = Texts(frame)
    named = texts("项目").ne("").to_numpy()
    only = dataset.keys[0] if len(dataset.units) == 1 else ""
    ds, ds_values = texts.codes("_ds")
    ds_values = objects([v or only for v in ds_values.tolist()])
    name, name_values = texts.codes("项目")
    return ((ds[named], ds_values), (name[named], name_values)), frame[named]


def _table_rows(dataset: Dataset) -> tuple[Names, pd.DataFrame]:
    """The (unit, project) and the detail rows of 项目支出表 (their 总计 is the budget at the start)."""
    table = dataset.table("项目支出表")
    f = table.frame if table is not None else None
    if f is None or "总计" not in f or "项目名称" not in f:
        f = pd.DataFrame({"_ds": [], "项目名称": [], "总计": []})
    texts = Texts(f)
    rows = texts("行类型").eq("明细").to_numpy() if "行类型" in f else np.ones(len(f), dtype=bool)
    (ds, ds_values), (name, name_values) = texts.codes("_ds"), texts.codes("项目名称")
    return ((ds[rows], ds_values), (name[rows], name_values)), f[rows]


def _keys(sources: list[Names]) -> list[np.ndarray]:
    """An integer key per row of each source, the same where the unit and the project name with whitespace
    removed are (names compacted once per distinct name of each source)."""
    ds = pd.factorize(np.concatenate([s[0][1] for s in sources]))[0]
    names = pd.factorize(np.concatenate([compact(s[1][1]) for s in sources]))[0]
    width = int(names.max()) + 1 if len(names) else 1
    ds_start = np.cumsum([0] + [len(s[0][1]) for s in sources])
    name_start = np.cumsum([0] + [len(s[1][1]) for s in sources])
    rows = [ds[ds_start[i] + s[0][0]].astype(np.int64) * width + names[name_start[i] + s[1][0]]
            for i, s in enumerate(sources)]
    key, _ = pd.factorize(np.concatenate(rows)) if rows else (np.zeros(0, dtype=np.intp), None)
    return np.split(key, np.cumsum([len(r) for r in rows])[:-1])


def compact(names: np.ndarray) -> np.ndarray:
    """Names with all whitespace removed (how projects are matched); a name without any is kept as it is."""
    return objects([name if " " not in name and name.isprintable() else "".join(name.split())
                    for name in names.tolist()])  # whitespace is " " or unprintable; str.split's is re's \s


def _sums(keys: np.ndarray, values: pd.Series, wanted: np.ndarray) -> np.ndarray:
    """Per wanted key: the sum of the values at that key (micros, exact ints), None where it has none."""
    numbers = pd.to_numeric(values, errors="coerce").astype("Int64")
    present = numbers.notna().to_numpy()
    size = int(max(keys.max(initial=-1), wanted.max(initial=-1))) + 1
    total, count = np.zeros(size, dtype=np.int64), np.bincount(keys[present], minlength=size)
    np.add.at(total, keys[present], numbers.to_numpy(dtype=np.int64, na_value=0)[present])
    out = np.full(len(wanted), None, dtype=object)
    has = count[wanted] > 0
    out[has] = total[wanted[has]].astype(object)
    return out

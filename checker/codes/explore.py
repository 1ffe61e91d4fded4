"""What ``checker codes`` shows: the tree of a dataset's codes with their amounts, and one code's neighbourhood.

Amounts are each table's first money column (合计, 总计 or 预算数) as printed on the code's row, summed
over units — micros of 万元, formatted by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from checker.codes.extract import code_columns, provenance
from checker.codes.graph import CodeGraph
from checker.codes.rows import coded_rows
from checker.codes.shapes import (
    CLASSIFICATIONS,
    DEPT_ECON,
    GOV_ECON,
    SHAPES,
    classification_of,
    normalise_code,
)
from checker.dataset.model import Dataset


def amount_columns(dataset: Dataset) -> dict[str, str]:
    """table kind → the money column shown for it (the first one the table declares)."""
    return {col.kind: col.table.money_columns[0] for col in code_columns(dataset) if col.table.money_columns}


def code_amounts(dataset: Dataset, rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """classification, code, table, amount (micros of 万元, summed over units and repeated rows)."""
    rows = coded_rows(dataset) if rows is None else rows
    shown = amount_columns(dataset)
    parts = []
    for kind, part in rows.loc[rows["level"] > 0].groupby("table", sort=False, observed=True):
        column = shown.get(str(kind))
        if column is None:
            continue
        values = dataset.tables[str(kind)].frame[column].to_numpy()[part["pos"].to_numpy()]
        parts.append(part[["classification", "code", "table"]].assign(amount=values))
    if not parts:
        return pd.DataFrame(columns=["classification", "code", "table", "amount"])
    frame = pd.concat(parts, ignore_index=True)
    summed = frame.groupby(["classification", "code", "table"], sort=False, observed=True)["amount"].sum().reset_index()
    return summed.astype({"classification": object, "code": object, "table": object})


def tree(graph: CodeGraph, dataset: Dataset, classification: str) -> pd.DataFrame:
    """The nodes a dataset uses (and their ancestors), in tree order, with one amount column per table."""
    amounts = code_amounts(dataset)
    amounts = amounts.loc[amounts["classification"] == classification]
    used = set(amounts["code"])
    for code in list(used):
        used.update(graph.ancestors(classification, code))
    nodes = graph.nodes(classification)
    nodes = nodes.loc[nodes["code"].isin(used)]
    wide = amounts.pivot(index="code", columns="table", values="amount") if not amounts.empty else pd.DataFrame()
    tables = [k for k in dataset.tables if k in wide.columns]
    out = nodes.merge(wide[tables], left_on="code", right_index=True, how="left") if tables else nodes
    return out.sort_values("code", kind="stable").reset_index(drop=True)


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """One code and what surrounds it: its place in the tree, the mapping, and where the dataset prints it."""

    classification: str
    code: str
    name: str
    level: int
    placed_by: str
    ancestors: tuple[str, ...]
    children: tuple[str, ...]
    descendants: tuple[str, ...]
    mapped: tuple[str, ...]
    appearances: pd.DataFrame  # table, title, data_location, document_location, dataset, amount


def neighbourhood(graph: CodeGraph, dataset: Dataset | None, code: str) -> Neighbourhood | None:
    """The neighbourhood of ``code`` (classification by shape), or None when the graph does not hold it."""
    code = normalise_code(code)
    cls = classification_of(code)
    if cls is None or not graph.has(cls, code):
        return None
    mapped = graph.mapped_gov(code) if cls == DEPT_ECON else graph.mapped_dept(code) if cls == GOV_ECON else ()
    return Neighbourhood(
        cls, code, graph.name(cls, code) or "", graph.level(cls, code) or 0, graph.placed_by(cls, code) or "",
        graph.ancestors(cls, code), graph.children(cls, code), graph.descendants(cls, code), mapped,
        _appearances(dataset, cls, code) if dataset is not None else _no_appearances(),
    )


def _no_appearances() -> pd.DataFrame:
    return pd.DataFrame(columns=["table", "title", "data_location", "document_location", "dataset", "amount"])


def _appearances(dataset: Dataset, classification: str, code: str) -> pd.DataFrame:
    rows = coded_rows(dataset)
    hits = rows.loc[(rows["classification"] == classification) & (rows["code"] == code)]
    shown = amount_columns(dataset)
    records = []
    for kind, pos in zip(hits["table"].astype(object), hits["pos"], strict=True):
        table = dataset.tables[kind]
        ds, data_location, document_location = provenance(dataset, kind, pos)
        amount = table.frame[shown[kind]].iloc[int(pos)] if kind in shown else None
        records.append((kind, table.display_title, data_location, document_location, ds, amount))
    return pd.DataFrame(records, columns=_no_appearances().columns) if records else _no_appearances()


def suggestions(graph: CodeGraph, code: str, n: int = 3) -> list[str]:
    """Did-you-mean for a code the graph does not hold (every classification its shape could belong to)."""
    code = normalise_code(code)
    cls = classification_of(code)
    candidates = [cls] if cls else [c for c, s in SHAPES.items() if code.startswith(s.first)]
    out: list[str] = []
    for c in candidates or CLASSIFICATIONS:
        out.extend(graph.suggest(c, code, n))
    return out[:n]

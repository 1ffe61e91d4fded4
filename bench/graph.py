"""Benchmark (not a test): build the code graph for 10,000 synthetic units' data (~2 million coded rows).

    python bench/graph.py [--units 10000] [--seed 7] [--repeat 3]

Prints the time and peak memory of ``CodeGraph.build`` — with the shipped partial lists, and with a
synthetic complete official list — beside a hand-written baseline (plain dicts from prefixes over the same
codes) in the same run, and, for scale, the time of the graph's checks over the whole dataset.
"""

from __future__ import annotations

import argparse
import gc
import resource
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from checker.codes import CodeGraph, CodeList, check_dataset, normalise_code
from checker.codes.extract import code_columns
from checker.dataset.model import Column, Dataset, Table, UnitMeta
from checker.dataset.templates import templates

FUNCTION_TABLES = ("收入总表", "支出总表", "一般公共预算支出表")
ECON_TABLE = "基本支出经济分类表"


def universe(rng: np.random.Generator) -> tuple[list[str], list[tuple[str, str]]]:
    """~3,000 功能分类 项 under ~25 类, and ~300 部门 → 政府 款 pairs (realistic widths per level)."""
    items = []
    for lei in rng.choice(np.arange(201, 235), size=25, replace=False):
        for kuan in rng.choice(np.arange(1, 60), size=int(rng.integers(8, 16)), replace=False):
            for xiang in rng.choice(np.arange(1, 100), size=int(rng.integers(5, 15)), replace=False):
                items.append(f"{lei}{kuan:02d}{xiang:02d}")
    shipped = CodeGraph.build()
    pairs = []
    for dept_lei, gov_lei in ((301, 501), (302, 502), (303, 509), (310, 503), (313, 510), (399, 599)):
        for k in range(1, 51):
            dept = f"{dept_lei}{k:02d}"
            known = shipped.mapped_gov(dept)  # agree with the shipped mapping where it has the code
            pairs.append((dept, known[0] if known else f"{gov_lei}{(k % 12) + 1:02d}"))
    return sorted(items), pairs


def names_of(codes: pd.Series, cls: str, graph: CodeGraph) -> np.ndarray:
    """Each code's listed name where the shipped lists have one, else a synthetic 科目<code>."""
    distinct = pd.unique(codes)
    named = {c: graph.name(cls, normalise_code(c)) or f"科目{normalise_code(c)}" for c in distinct}
    return codes.map(named).to_numpy(dtype=object)


def misname(rng: np.random.Generator, names: np.ndarray, rate: float = 0.0005) -> np.ndarray:
    """A few published names that differ (what CODE-NAME and CODE-LIST-NAME are for)."""
    names = names.copy()
    names[rng.random(len(names)) < rate] = "错误名称"
    return names


def table(kind: str, frame: pd.DataFrame) -> Table:
    spec = templates()[kind]
    n = len(frame)
    for c in spec.columns:
        if c.name not in frame.columns:
            frame[c.name] = np.zeros(n, dtype=np.int64) if c.role == "money" else ""
    frame["_row"] = frame.groupby("_ds").cumcount().to_numpy() + 1
    frame["_file"] = frame["_ds"].to_numpy(dtype=object) + f"/{kind}.csv"
    frame["_line"] = frame["_row"] + 1
    frame["_doc"] = ""
    columns = [Column(c.name, c.name, c.role, c.classification) for c in spec.columns]
    return Table(kind, kind, "万元", columns, frame[[*spec.column_names, "_ds", "_row", "_file", "_line", "_doc"]])


def function_codes(rng: np.random.Generator, units: np.ndarray, items: list[str], per_unit: int) -> pd.DataFrame:
    """Each unit: ``per_unit`` 项 with all their 款 and 类, in code order (tables 2, 3, 6 share them)."""
    chosen = np.array(items, dtype=object)[rng.integers(0, len(items), size=(len(units), per_unit))]
    leaf = pd.DataFrame({"_ds": np.repeat(units, per_unit), "code": chosen.ravel()})
    codes = pd.concat([leaf, leaf.assign(code=leaf["code"].str[:5]), leaf.assign(code=leaf["code"].str[:3])])
    return codes.drop_duplicates().sort_values(["_ds", "code"], kind="stable")


def function_frame(rng: np.random.Generator, codes: pd.DataFrame, graph: CodeGraph) -> pd.DataFrame:
    amounts = rng.integers(0, 10**10, size=len(codes))
    names = misname(rng, names_of(codes["code"], "功能分类", graph))
    return pd.DataFrame({"_ds": codes["_ds"].to_numpy(dtype=object), "科目编码": codes["code"].to_numpy(dtype=object),
                         "科目名称": names, "合计": amounts, "总计": amounts})


def econ_frame(rng: np.random.Generator, units: np.ndarray, pairs: list[tuple[str, str]], per_unit: int,
               graph: CodeGraph) -> pd.DataFrame:
    """Each unit: ``per_unit`` 款 pairs and their 类 pairs, published as "[501]" like the seed's table 9."""
    chosen = np.array(pairs, dtype=object)[rng.integers(0, len(pairs), size=len(units) * per_unit)]
    kuan = pd.DataFrame({"_ds": np.repeat(units, per_unit), "d": chosen[:, 0], "g": chosen[:, 1]})
    lei = kuan.assign(d=kuan["d"].str[:3], g=kuan["g"].str[:3])
    rows = pd.concat([lei, kuan]).drop_duplicates().sort_values(["_ds", "g", "d"], kind="stable")
    return pd.DataFrame({"_ds": rows["_ds"].to_numpy(dtype=object),
                         "政府经济分类编码": ("[" + rows["g"] + "]").to_numpy(dtype=object),
                         "政府经济分类名称": misname(rng, names_of(rows["g"], "政府经济分类", graph)),
                         "部门经济分类编码": ("[" + rows["d"] + "]").to_numpy(dtype=object),
                         "部门经济分类名称": misname(rng, names_of(rows["d"], "部门经济分类", graph)),
                         "预算数": rng.integers(0, 10**9, size=len(rows))})


def synthetic(n_units: int, seed: int) -> tuple[Dataset, list[str], list[tuple[str, str]]]:
    rng = np.random.default_rng(seed)
    items, pairs = universe(rng)
    units = np.array([f"U{i:05d}" for i in range(n_units)], dtype=object)
    codes = function_codes(rng, units, items, 25)
    shipped = CodeGraph.build()
    tables = {k: table(k, function_frame(rng, codes, shipped)) for k in FUNCTION_TABLES}
    tables[ECON_TABLE] = table(ECON_TABLE, econ_frame(rng, units, pairs, 30, shipped))
    dataset = Dataset(units=[UnitMeta(str(u), year="2024") for u in units], tables=tables)
    return dataset, items, pairs


def official_lists(items: list[str], pairs: list[tuple[str, str]]) -> list[CodeList]:
    """A complete synthetic 功能分类 list of the universe, and a complete mapping."""
    codes = sorted(set(items) | {c[:5] for c in items} | {c[:3] for c in items})
    lengths = {3: "1", 5: "2", 7: "3"}
    shipped = CodeGraph.build()
    frame = pd.DataFrame({"code": codes, "name": [shipped.name("功能分类", c) or f"科目{c}" for c in codes], "level": [lengths[len(c)] for c in codes],
                          "parent": [c[:-2] if len(c) > 3 else "" for c in codes], "_file": "official.csv",
                          "_line": range(2, len(codes) + 2)}, dtype=object)
    mapping = pd.DataFrame({"gov_code": [g for _, g in pairs], "gov_name": "", "dept_code": [d for d, _ in pairs],
                            "dept_name": "", "_file": "mapping.csv", "_line": range(2, len(pairs) + 2)}, dtype=object)
    return [CodeList("功能分类", frame, "2024"), CodeList("经济分类对照", mapping, "2024")]


def baseline(dataset: Dataset) -> dict[str, Any]:
    """The same placement by hand: distinct codes per classification, parents by prefix, plain dicts."""
    lengths = {"功能分类": (3, 5, 7), "部门经济分类": (3, 5), "政府经济分类": (3, 5)}
    out: dict[str, Any] = {}
    for cls, sizes in lengths.items():
        codes: set[str] = set()
        for col in code_columns(dataset):
            if col.classification == cls:
                codes.update(normalise_code(v) for v in pd.unique(col.table.frame[col.column].dropna()))
        codes = {c for c in codes if len(c) in sizes and c.isdigit()}
        codes |= {c[:n] for c in codes for n in sizes if n < len(c)}
        parent = {c: c[: sizes[sizes.index(len(c)) - 1]] for c in codes if len(c) > sizes[0]}
        children: dict[str, list[str]] = {}
        for child, p in parent.items():
            children.setdefault(p, []).append(child)
        descendants: dict[str, list[str]] = {}
        for code in codes:
            for n in sizes:
                if n < len(code):
                    descendants.setdefault(code[:n], []).append(code)
        out[cls] = (parent, children, descendants)
    return out


def timed(label: str, func: Callable[[], object], repeat: int) -> object:
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<44} {best * 1000:9.1f} ms   peak {peak / 2**20:8.1f} MiB (tracemalloc)")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    start = time.perf_counter()
    dataset, items, pairs = synthetic(args.units, args.seed)
    rows = sum(len(t.frame) for t in dataset.tables.values())
    coded = sum(len(c.table.frame) for c in code_columns(dataset))
    print(f"{args.units} units, {rows:,} table rows, {coded:,} coded cells "
          f"({', '.join(f'{k} {len(t.frame):,}' for k, t in dataset.tables.items())}); "
          f"generated in {time.perf_counter() - start:.1f} s")
    lists = official_lists(items, pairs)

    timed("baseline: dicts by prefix", lambda: baseline(dataset), args.repeat)
    graph = timed("CodeGraph.build (shipped partial lists)", lambda: CodeGraph.build(dataset=dataset), args.repeat)
    timed("CodeGraph.build (+ complete official lists)", lambda: CodeGraph.build(lists=lists, dataset=dataset),
          args.repeat)
    timed("CodeGraph.build (official lists, no dataset)", lambda: CodeGraph.build(lists=lists), args.repeat)
    assert isinstance(graph, CodeGraph)
    print(f"graph: {', '.join(f'{c} {len(graph.nodes(c)):,} codes' for c in ('功能分类', '部门经济分类', '政府经济分类'))}, "
          f"{len(graph.descendant_pairs('功能分类')):,} descendant pairs")
    findings = timed("check_dataset (all CODE-* checks)", lambda: check_dataset(graph, dataset), 1)
    print(f"findings: {len(findings):,}" if isinstance(findings, list) else "")
    print(f"max RSS of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()

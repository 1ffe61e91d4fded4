"""The classification-code graph: 功能分类, 部门经济分类, 政府经济分类 and the 部门 → 政府 mapping.

networkx lives here and only here.  Build a ``CodeGraph`` once per fiscal year (and dataset), merge its
precomputed frames into the data, and run its checks::

    graph = CodeGraph.build(year="2021", lists=load_code_lists(Path("2021.xlsx")), dataset=dataset)
    graph.descendant_pairs("功能分类")     # DataFrame[ancestor, descendant]
    findings = check_dataset(graph, dataset)

See docs/codes.md.
"""

from checker.codes.checks import CHECKS, check_dataset
from checker.codes.context import RULES, CodeRule
from checker.codes.explore import Neighbourhood, code_amounts, neighbourhood, suggestions, tree
from checker.codes.graph import CodeGraph, ListInfo
from checker.codes.lists import ANY_DEPT, CodeList, load_code_lists, shipped_lists
from checker.codes.shapes import (
    CLASSIFICATIONS,
    DEPT_ECON,
    FUNCTION,
    GOV_ECON,
    MAPPING,
    SHAPES,
    classification_of,
    normalise_code,
    normalise_name,
)
from checker.codes.suggest import osa_distance

__all__ = [
    "ANY_DEPT", "CHECKS", "CLASSIFICATIONS", "DEPT_ECON", "FUNCTION", "GOV_ECON", "MAPPING", "RULES", "SHAPES",
    "CodeGraph", "CodeList", "CodeRule", "ListInfo", "Neighbourhood", "check_dataset", "classification_of",
    "code_amounts", "load_code_lists", "neighbourhood", "normalise_code", "normalise_name", "osa_distance",
    "shipped_lists", "suggestions", "tree",
]

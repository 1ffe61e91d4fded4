"""The checks the code graph makes on a dataset, each vectorised over the coded rows (merge/groupby).

Detection never loops over data rows in Python; only the (few) findings are built one by one, fetching
provenance for the rows they point at.  Every rule id is listed in ``RULES`` and in docs/codes.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from checker.codes.check_codes import check_mapping, check_shape, check_unlisted
from checker.codes.check_names import check_list_names, check_names
from checker.codes.check_tree import check_coverage, check_duplicates, check_orphans
from checker.codes.context import Context
from checker.dataset.model import Dataset
from checker.findings import Finding, report_order

if TYPE_CHECKING:
    from checker.codes.graph import CodeGraph

Check = Callable[[Context], list[Finding]]
CHECKS: dict[str, Check] = {
    "CODE-SHAPE": check_shape, "CODE-MAPPING": check_mapping, "CODE-NAME": check_names,
    "CODE-LIST-NAME": check_list_names, "CODE-ORPHAN": check_orphans, "CODE-DUPLICATE": check_duplicates,
    "CODE-COVERAGE": check_coverage, "CODE-UNLISTED": check_unlisted,
}


def check_dataset(graph: CodeGraph, dataset: Dataset, only: tuple[str, ...] = ()) -> list[Finding]:
    """Every code check on the dataset (or those whose ids are in ``only``), failing findings in report order."""
    context = Context(graph, dataset)
    found: list[Finding] = []
    for rule_id, check in CHECKS.items():
        if not only or rule_id in only:
            found.extend(check(context))
    return report_order(found)

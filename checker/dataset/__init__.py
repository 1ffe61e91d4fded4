"""The dataset model: tables with provenance, indicators, stated figures; and the standard table kinds."""

from checker.dataset.model import Column, Dataset, Table, UnitMeta

__all__ = ["Column", "Dataset", "Table", "UnitMeta"]

"""checker: rule-based performance-indicator and fiscal-compliance checks for Chinese department budgets.

The pipeline (each stage a module, importing only downward)::

    importers ─▶ dataset ─┐
    codes (graph) ────────┼─▶ evaluate ─▶ findings ─▶ report
    parse ─▶ compile ─────┘
"""

__version__ = "0.1.0"

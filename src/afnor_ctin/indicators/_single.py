"""Evaluate one catalogued indicator for a dataset's own territory."""

from __future__ import annotations

from typing import Any

from afnor_ctin.dataset import Dataset
from afnor_ctin.indicators._engine import Context
from afnor_ctin.period import Period
from afnor_ctin.report.result import IndicatorResult


def evaluate_one(code: str, dataset: Dataset, period: Period, options: dict[str, Any]) -> IndicatorResult:
    """Compute indicator ``code`` of the catalogue for ``dataset.territory`` over ``period``."""
    from afnor_ctin.catalog import catalog

    spec = catalog.get(code)
    return spec.evaluate(dataset, period, **options)


__all__ = ["Context", "evaluate_one"]

"""Indicator results, reports and their renderers."""

from afnor_ctin.report.result import (
    REFERENTIAL,
    ComponentValue,
    Flag,
    IndicatorResult,
    Referential,
    Report,
    Status,
    issue_to_dict,
)

__all__ = [
    "REFERENTIAL",
    "ComponentValue",
    "Flag",
    "IndicatorResult",
    "Referential",
    "Report",
    "Status",
    "issue_to_dict",
]

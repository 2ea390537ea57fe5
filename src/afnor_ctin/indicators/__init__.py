"""The 11 indicators, one pure function each: ``(dataset, period, /, **options) -> IndicatorResult``.

They read the dataset's columnar views only (numpy, no loop over records) and know nothing of file
formats or French labels (the catalogue, :mod:`afnor_ctin.catalog`, holds the metadata).
"""

from afnor_ctin.indicators.activity import (
    fragile_area_coverage,
    people_supported,
    support_actions,
    territorial_balance,
)
from afnor_ctin.indicators.coordination import coordination_activity
from afnor_ctin.indicators.offer import actor_mapping, mediators_in_post, territorial_coverage
from afnor_ctin.indicators.resources import funding_sustainability, professional_training, solidarity_equipment

__all__ = [
    "actor_mapping",
    "coordination_activity",
    "fragile_area_coverage",
    "funding_sustainability",
    "mediators_in_post",
    "people_supported",
    "professional_training",
    "solidarity_equipment",
    "support_actions",
    "territorial_balance",
    "territorial_coverage",
]

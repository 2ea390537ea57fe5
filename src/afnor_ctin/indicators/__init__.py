"""The 11 indicators, one pure function each: ``(dataset, period, /, **parameters) -> IndicatorResult``.

Each function evaluates the frozen built-in definition of its indicator
(:data:`afnor_ctin.catalog.BUILTIN`): registering or replacing an indicator in the catalogue never
changes what these functions return. The computation itself lives in :mod:`afnor_ctin.compute`.
"""

from collections.abc import Mapping
from types import MappingProxyType

from afnor_ctin.catalog.spec import IndicatorFunction
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
    "FUNCTIONS",
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

#: The public function of each built-in indicator, by code.
FUNCTIONS: Mapping[str, IndicatorFunction] = MappingProxyType(
    {
        "I01": actor_mapping,
        "I02": territorial_coverage,
        "I03": mediators_in_post,
        "I04": support_actions,
        "I05": people_supported,
        "I06": territorial_balance,
        "I07": fragile_area_coverage,
        "I08": solidarity_equipment,
        "I09": professional_training,
        "I10": funding_sustainability,
        "I11": coordination_activity,
    }
)

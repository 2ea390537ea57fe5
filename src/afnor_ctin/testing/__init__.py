"""Public test helpers: Hypothesis strategies and small known datasets.

The strategies (:mod:`afnor_ctin.testing.strategies`) need Hypothesis, installed with the ``test``
extra; they are imported on first use so that the known datasets work without it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example, worked_example_territory

if TYPE_CHECKING:
    from afnor_ctin.testing.strategies import (
        actions,
        actors,
        beneficiaries,
        datasets,
        dates,
        fundings,
        identifiers,
        insee_codes,
        mediators,
        names,
        periods,
        places,
        qpv_codes,
        territories,
    )

_STRATEGIES = frozenset(
    {
        "actions",
        "actors",
        "beneficiaries",
        "dates",
        "datasets",
        "fundings",
        "identifiers",
        "insee_codes",
        "mediators",
        "names",
        "periods",
        "places",
        "qpv_codes",
        "territories",
    }
)

__all__ = [
    "WORKED_EXAMPLE_PERIOD",
    "actions",
    "actors",
    "beneficiaries",
    "datasets",
    "dates",
    "fundings",
    "identifiers",
    "insee_codes",
    "mediators",
    "names",
    "periods",
    "places",
    "qpv_codes",
    "territories",
    "worked_example",
    "worked_example_territory",
]


def __getattr__(name: str) -> Any:
    """Import the Hypothesis strategies lazily (they need the ``test`` extra)."""
    if name in _STRATEGIES:
        return getattr(importlib.import_module("afnor_ctin.testing.strategies"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

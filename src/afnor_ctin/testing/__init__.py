"""Public test helpers: Hypothesis strategies and small known datasets.

The strategies (:mod:`afnor_ctin.testing.strategies`) need Hypothesis, installed with the ``test``
extra; they are imported on first use so that the known datasets work without it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example, worked_example_territory

if TYPE_CHECKING:  # ``name as name``: re-exported for type checkers, imported lazily at run time
    from afnor_ctin.testing.strategies import actions as actions
    from afnor_ctin.testing.strategies import actors as actors
    from afnor_ctin.testing.strategies import beneficiaries as beneficiaries
    from afnor_ctin.testing.strategies import datasets as datasets
    from afnor_ctin.testing.strategies import dates as dates
    from afnor_ctin.testing.strategies import fundings as fundings
    from afnor_ctin.testing.strategies import identifiers as identifiers
    from afnor_ctin.testing.strategies import insee_codes as insee_codes
    from afnor_ctin.testing.strategies import mediators as mediators
    from afnor_ctin.testing.strategies import names as names
    from afnor_ctin.testing.strategies import periods as periods
    from afnor_ctin.testing.strategies import places as places
    from afnor_ctin.testing.strategies import qpv_codes as qpv_codes
    from afnor_ctin.testing.strategies import territories as territories

#: The strategies of :mod:`afnor_ctin.testing.strategies` offered here (``FIRST_DAY``… are not).
_STRATEGIES = (  # noqa: SIM905  (two lines, not one name per line)
    "actions actors beneficiaries dates datasets fundings identifiers insee_codes mediators names periods places "
    "qpv_codes territories"
).split()

__all__ = ["WORKED_EXAMPLE_PERIOD", "worked_example", "worked_example_territory", *_STRATEGIES]


def __getattr__(name: str) -> Any:
    """Import the Hypothesis strategies lazily (they need the ``test`` extra)."""
    if name in _STRATEGIES:
        return getattr(importlib.import_module("afnor_ctin.testing.strategies"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

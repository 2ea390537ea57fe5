"""Bundled territorial reference data and commune resolution (offline, no network access).

- Tables (:mod:`~afnor_ctin.reference.tables`): COG 2026 communes with their legal populations,
  EPCI composition at 1 January 2025, départements and régions, QPV of the 2024 generation, La
  Poste's base officielle des codes postaux, and the COG history of former communes since 1943.
- :func:`resolve_commune` (:mod:`~afnor_ctin.reference.resolve`): the INSEE code of the commune a
  row speaks of, from its code, name, postal code or coordinates, with the rule that decided.
- :mod:`~afnor_ctin.reference.geometry`: simplified commune boundaries, ``commune_shapes()`` and
  ``commune_at()``.

This package sits below the domain model: it imports nothing from ``afnor_ctin.model`` or
``afnor_ctin.io``; ``Territory.from_epci()`` builds model records from it. Sources and licences
are in :data:`ATTRIBUTION`.
"""

from afnor_ctin.reference import records, resolve, tables
from afnor_ctin.reference.attribution import ATTRIBUTION
from afnor_ctin.reference.geometry import codes_without_shape, commune_at, commune_shapes
from afnor_ctin.reference.names import name_key, normalize_postal_code
from afnor_ctin.reference.records import *  # noqa: F403  (the records, listed in records.__all__)
from afnor_ctin.reference.resolve import *  # noqa: F403  (Resolution, Rule, Unresolved, resolve_commune)
from afnor_ctin.reference.tables import *  # noqa: F403  (the cached lookups, listed in tables.__all__)

__all__ = [
    "ATTRIBUTION",
    "codes_without_shape",
    "commune_at",
    "commune_shapes",
    "name_key",
    "normalize_postal_code",
    *records.__all__,
    *resolve.__all__,
    *tables.__all__,
]

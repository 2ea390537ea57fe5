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

from afnor_ctin.reference.attribution import ATTRIBUTION
from afnor_ctin.reference.geometry import codes_without_shape, commune_at, commune_shapes
from afnor_ctin.reference.names import name_key, normalize_postal_code
from afnor_ctin.reference.records import (
    ChangeKind,
    FormerCommune,
    PostalEntry,
    ReferenceCommune,
    ReferenceDepartement,
    ReferenceEpci,
    ReferenceQpv,
    ReferenceRegion,
)
from afnor_ctin.reference.resolve import Resolution, Rule, Unresolved, resolve_commune
from afnor_ctin.reference.tables import (
    communes,
    communes_of_departement,
    departement,
    departements,
    epci,
    epcis,
    former_communes,
    postal_entries,
    qpvs,
    qpvs_of,
    regions,
)

__all__ = [
    "ATTRIBUTION",
    "ChangeKind",
    "FormerCommune",
    "PostalEntry",
    "ReferenceCommune",
    "ReferenceDepartement",
    "ReferenceEpci",
    "ReferenceQpv",
    "ReferenceRegion",
    "Resolution",
    "Rule",
    "Unresolved",
    "codes_without_shape",
    "commune_at",
    "commune_shapes",
    "communes",
    "communes_of_departement",
    "departement",
    "departements",
    "epci",
    "epcis",
    "former_communes",
    "name_key",
    "normalize_postal_code",
    "postal_entries",
    "qpvs",
    "qpvs_of",
    "regions",
    "resolve_commune",
]

"""Compatibility names for the bundled reference data, now in :mod:`afnor_ctin.reference`.

Kept so that existing imports work unchanged; new code uses :mod:`afnor_ctin.reference` (the tables
and commune resolution) and ``Territory.from_epci()`` / ``Territory.from_departement()`` (model records).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from afnor_ctin import reference
from afnor_ctin.model.records import Qpv, Territory, normalize_insee
from afnor_ctin.reference import ATTRIBUTION, ReferenceCommune, ReferenceEpci, communes, epcis

__all__ = [
    "ATTRIBUTION",
    "ReferenceCommune",
    "ReferenceEpci",
    "communes",
    "departement_territory",
    "departements",
    "epci_of",
    "epci_territory",
    "epcis",
    "qpvs",
]


@cache
def departements() -> Mapping[str, str]:
    """Names of the départements, by code."""
    return MappingProxyType({code: dep.name for code, dep in reference.departements().items()})


@cache
def qpvs() -> tuple[Qpv, ...]:
    """QPVs of the 2024 generation as model records, one per (QPV, commune) pair."""
    return tuple(
        Qpv(code=q.code, name=q.name, code_insee=q.code_insee, population=q.population) for q in reference.qpvs()
    )


def epci_territory(siren: str) -> Territory:
    """The territory of an EPCI: same as ``Territory.from_epci(siren)``."""
    return Territory.from_epci(siren)


def departement_territory(code: str) -> Territory:
    """The territory of a département: same as ``Territory.from_departement(code)``."""
    return Territory.from_departement(code)


def epci_of(code_insee: str) -> str | None:
    """SIREN of the EPCI of a commune (arrondissement codes accepted), or ``None``."""
    commune = communes().get(normalize_insee(code_insee))
    return None if commune is None else commune.epci

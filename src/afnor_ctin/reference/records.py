"""Plain frozen records of the bundled reference tables.

They describe the reference data as published (COG codes as strings, populations as integers) and
carry no behaviour: the model layer builds its own validated records (``Territory``, ``Commune``,
``Qpv``) from them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

__all__ = [
    "ChangeKind",
    "FormerCommune",
    "PostalEntry",
    "ReferenceCommune",
    "ReferenceDepartement",
    "ReferenceEpci",
    "ReferenceQpv",
    "ReferenceRegion",
]


@attrs.frozen(kw_only=True)
class ReferenceCommune:
    """One commune of the COG 2026, with its EPCI and département.

    Attributes
    ----------
    code_insee:
        INSEE code (``"17300"``, ``"2A004"``); Paris, Lyon and Marseille are whole communes.
    name:
        COG 2026 name, with its article (``"La Rochelle"``).
    population:
        Population municipale [inhabitants] of millésime :attr:`population_year`.
    population_year:
        Millésime of the population (2023; 2017 for Mayotte).
    departement:
        Code of the département (``"17"``, ``"2A"``, ``"971"``).
    epci:
        SIREN of the EPCI à fiscalité propre, ``None`` for the four island communes without one.
    """

    code_insee: str
    name: str
    population: int
    population_year: int
    departement: str
    epci: str | None


@attrs.frozen(kw_only=True)
class ReferenceEpci:
    """One EPCI à fiscalité propre (composition at 1 January 2025).

    Attributes
    ----------
    siren:
        SIREN of the EPCI (9 digits).
    name:
        DGCL short name (``"CA de La Rochelle"``).
    nature:
        DGCL legal nature: ``CC``, ``CA``, ``CU``, ``METRO`` or ``MET69``.
    departement:
        Département of the EPCI's seat (member communes can lie in other départements).
    population:
        Sum of the member communes' populations [inhabitants].
    communes:
        INSEE codes of the member communes, sorted.
    """

    siren: str
    name: str
    nature: str
    departement: str
    population: int
    communes: tuple[str, ...]


@attrs.frozen(kw_only=True)
class ReferenceDepartement:
    """One département of the COG.

    Attributes
    ----------
    code:
        Département code (``"17"``, ``"2A"``, ``"974"``).
    name:
        Name with its article (``"Charente-Maritime"``).
    region:
        Code of its région (``"75"``).
    chef_lieu:
        INSEE code of its chef-lieu.
    """

    code: str
    name: str
    region: str
    chef_lieu: str


@attrs.frozen(kw_only=True)
class ReferenceRegion:
    """One région of the COG.

    Attributes
    ----------
    code:
        Région code (``"75"``).
    name:
        Name (``"Nouvelle-Aquitaine"``).
    chef_lieu:
        INSEE code of its chef-lieu.
    """

    code: str
    name: str
    chef_lieu: str


@attrs.frozen(kw_only=True)
class ReferenceQpv:
    """One (QPV, commune) pair of the 2024 generation of quartiers prioritaires.

    Attributes
    ----------
    code:
        ANCT code (``"QN01701M"``).
    name:
        Name of the QPV.
    code_insee:
        Commune hosting (part of) the QPV.
    population:
        Population municipale of the whole QPV [inhabitants], ``None`` when unknown (Mayotte).
    """

    code: str
    name: str
    code_insee: str
    population: int | None


@attrs.frozen(kw_only=True)
class PostalEntry:
    """One row of La Poste's base officielle des codes postaux.

    Attributes
    ----------
    postal_code:
        Five-digit postal code (``"04600"``).
    code_insee:
        Current commune (COG 2026); arrondissements are mapped to their commune (13211 → 13055).
        Rows of the collectivités d'outre-mer and Monaco keep La Poste's code, outside the COG table.
    routing_label:
        Libellé d'acheminement: upper case, no accents, ``ST``/``STE`` abbreviated.
    line_5:
        « Ligne 5 » of the address: hamlet, lieu-dit or former commune; empty when none.
    commune_name:
        COG 2026 name of :attr:`code_insee` (COM name outside the COG table).
    code_insee_laposte:
        The code exactly as La Poste gives it (differs only for the 57 arrondissement rows).
    """

    postal_code: str
    code_insee: str
    routing_label: str
    line_5: str
    commune_name: str
    code_insee_laposte: str


class ChangeKind(StrEnum):
    """Why a (code, name) pair of the COG history is no longer a commune of its own."""

    DELEGATED = "commune déléguée"
    ASSOCIATED = "commune associée"
    NEW_COMMUNE = "commune nouvelle"
    MERGER = "fusion simple"
    MERGER_ASSOCIATION = "fusion-association"
    CODE_CHANGE = "changement de code"
    SUPPRESSION = "suppression"
    FORMER_NAME = "ancien nom"
    ARRONDISSEMENT = "arrondissement"


@attrs.frozen(kw_only=True)
class FormerCommune:
    """A former or infra-communal (code, name) pair of the COG history, since 1943.

    Attributes
    ----------
    code:
        Former INSEE code; equal to :attr:`current_code` for a former name of a current commune or for
        a commune déléguée that kept its parent's code.
    name:
        Name that code bore, with its article.
    current_code:
        COG 2026 commune that holds the territory now.
    date:
        Date of the COG event after which the pair stopped being a commune of its own, was renamed or
        became delegated/associated; ``None`` for arrondissements.
    kind:
        :class:`ChangeKind` of that event.
    """

    code: str
    name: str
    current_code: str
    date: dt.date | None
    kind: ChangeKind

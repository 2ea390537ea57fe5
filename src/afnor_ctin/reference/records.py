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

    ``code_insee`` is its INSEE code (``"17300"``, ``"2A004"``; Paris, Lyon and Marseille are whole
    communes) and ``name`` its COG 2026 name with its article (``"La Rochelle"``). ``population`` is the
    population municipale [inhabitants] of millésime ``population_year`` (2023; 2017 for Mayotte).
    ``departement`` is the code of its département (``"17"``, ``"2A"``, ``"971"``) and ``epci`` the SIREN
    of its EPCI à fiscalité propre, ``None`` for the four island communes without one.
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

    Its ``code`` (``"17"``, ``"2A"``, ``"974"``), ``name`` with its article, the code of its ``region``
    and the INSEE code of its ``chef_lieu``.
    """

    code: str
    name: str
    region: str
    chef_lieu: str


@attrs.frozen(kw_only=True)
class ReferenceRegion:
    """One région of the COG: its ``code`` (``"75"``), ``name`` and the INSEE code of its ``chef_lieu``."""

    code: str
    name: str
    chef_lieu: str


@attrs.frozen(kw_only=True)
class ReferenceQpv:
    """One (QPV, commune) pair of the 2024 generation of quartiers prioritaires.

    The QPV's ANCT ``code`` (``"QN01701M"``) and ``name``, the commune hosting (part of) it
    (``code_insee``), and the population municipale of the whole QPV [inhabitants] (``population``,
    ``None`` when unknown, for Mayotte).
    """

    code: str
    name: str
    code_insee: str
    population: int | None


@attrs.frozen(kw_only=True)
class PostalEntry:
    """One row of La Poste's base officielle des codes postaux.

    ``postal_code`` is the five-digit postal code (``"04600"``) and ``code_insee`` the current commune
    (COG 2026) it serves, arrondissements mapped to their commune (13211 → 13055); rows of the
    collectivités d'outre-mer and Monaco keep La Poste's code, outside the COG table.
    ``routing_label`` is the libellé d'acheminement (upper case, no accents, ``ST``/``STE``
    abbreviated); ``line_5`` the « ligne 5 » of the address (hamlet, lieu-dit or former commune),
    empty when none; ``commune_name`` the COG 2026 name of ``code_insee`` (the COM name outside the COG
    table); ``code_insee_laposte`` the code exactly as La Poste gives it (it differs only on the 57
    arrondissement rows).
    """

    postal_code: str
    code_insee: str
    routing_label: str
    line_5: str
    commune_name: str
    code_insee_laposte: str


@attrs.frozen(kw_only=True)
class FormerCommune:
    """A former or infra-communal (code, name) pair of the COG history, since 1943.

    ``code`` is the former INSEE code (equal to ``current_code`` for a former name of a current commune
    or for a commune déléguée that kept its parent's code) and ``name`` a name it bore, with its
    article. ``current_code`` is the COG 2026 commune that holds the territory now. ``date`` is the date
    of the COG event after which the pair stopped being a commune of its own, was renamed or became
    delegated or associated (``None`` for arrondissements), and ``kind`` the :class:`ChangeKind` of
    that event.
    """

    code: str
    name: str
    current_code: str
    date: dt.date | None
    kind: ChangeKind


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

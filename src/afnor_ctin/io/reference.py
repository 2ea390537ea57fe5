"""Bundled territorial reference data (offline): COG communes, EPCI composition, QPV 2024.

Sources (Licence Ouverte / Open Licence 2.0): INSEE *Code officiel géographique* 2026 and legal
populations 2023 (Mayotte: 2017), DGCL composition of the EPCI at 1 January 2025, ANCT QPV of the
2024 generation, all as gathered by the ``@etalab/decoupage-administratif`` and related public
repositories. See :data:`ATTRIBUTION` and the documentation page « Données de référence ».

The tables are read once, lazily, from gzip-compressed CSV files shipped inside the package.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Mapping
from functools import cache
from importlib import resources

import attrs

from afnor_ctin.errors import UnknownCodeError
from afnor_ctin.model.enums import TerritoryLevel
from afnor_ctin.model.records import Commune, Qpv, Territory, normalize_insee

__all__ = [
    "ATTRIBUTION",
    "ReferenceCommune",
    "ReferenceEpci",
    "communes",
    "departement_territory",
    "departements",
    "epci_territory",
    "epcis",
    "qpvs",
]

#: Attribution and vintage of the bundled reference data (also in the package metadata and docs).
ATTRIBUTION: Mapping[str, str] = {
    "communes": "INSEE, Code officiel géographique 2026 ; populations légales millésime 2023 "
    "(Mayotte : 2017) — Licence Ouverte 2.0, via @etalab/decoupage-administratif 6.0.0",
    "epci": "DGCL, liste et composition des EPCI à fiscalité propre au 1er janvier 2025 — Licence Ouverte 2.0",
    "qpv": "ANCT, quartiers prioritaires de la politique de la ville, génération 2024 "
    "(décret n° 2023-1314) — Licence Ouverte 2.0",
    "departements": "INSEE, Code officiel géographique (départements) — Licence Ouverte 2.0",
}


@attrs.frozen(kw_only=True)
class ReferenceCommune:
    """One commune of the reference table, with its EPCI and département."""

    code_insee: str
    name: str
    population: int
    population_year: int
    departement: str
    epci: str | None


@attrs.frozen(kw_only=True)
class ReferenceEpci:
    """One EPCI à fiscalité propre of the reference table."""

    siren: str
    name: str
    nature: str
    departement: str
    population: int
    communes: tuple[str, ...]


def _rows(name: str) -> list[dict[str, str]]:
    raw = resources.files("afnor_ctin.io").joinpath("data").joinpath(name).read_bytes()
    text = gzip.decompress(raw).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def communes() -> Mapping[str, ReferenceCommune]:
    """Every commune of metropolitan France and the DROM, by INSEE code (34,875 entries)."""
    return {
        r["code_insee"]: ReferenceCommune(
            code_insee=r["code_insee"],
            name=r["nom"],
            population=int(r["population"]),
            population_year=int(r["annee_population"]),
            departement=r["dep"],
            epci=r["code_epci"] or None,
        )
        for r in _rows("communes-epci.csv.gz")
    }


@cache
def epcis() -> Mapping[str, ReferenceEpci]:
    """Every EPCI à fiscalité propre, by SIREN (1,255 entries)."""
    members: dict[str, list[str]] = {}
    for commune in communes().values():
        if commune.epci is not None:
            members.setdefault(commune.epci, []).append(commune.code_insee)
    return {
        r["code_epci"]: ReferenceEpci(
            siren=r["code_epci"],
            name=r["nom_epci"],
            nature=r["nature_epci"],
            departement=r["dep_siege"],
            population=int(r["population"]),
            communes=tuple(sorted(members.get(r["code_epci"], ()))),
        )
        for r in _rows("epci.csv.gz")
    }


@cache
def departements() -> Mapping[str, str]:
    """Names of the départements, by code."""
    return {r["DEP"]: r["LIBELLE"] for r in _rows("departements.csv.gz")}


@cache
def qpvs() -> tuple[Qpv, ...]:
    """QPVs of the 2024 generation, one record per (QPV, commune) pair."""
    known = communes()
    out: list[Qpv] = []
    for r in _rows("qpv-2024-communes.csv.gz"):
        if r["code_insee"] not in known:
            continue
        out.append(
            Qpv(
                code=r["code_qpv"],
                name=r["nom_qpv"],
                code_insee=r["code_insee"],
                population=int(r["population_qpv"]) if r["population_qpv"] else None,
            )
        )
    return tuple(out)


def _territory(code: str, name: str, level: TerritoryLevel, codes: tuple[str, ...]) -> Territory:
    table = communes()
    members = tuple(
        Commune(
            code_insee=c,
            name=table[c].name,
            population=table[c].population,
            population_year=table[c].population_year,
        )
        for c in codes
    )
    inside = set(codes)
    return Territory(
        code=code,
        name=name,
        level=level,
        communes=members,
        qpvs=tuple(q for q in qpvs() if q.code_insee in inside),
    )


def epci_territory(siren: str) -> Territory:
    """The territory of an EPCI: its member communes, populations and QPVs.

    Raises
    ------
    UnknownCodeError
        When ``siren`` is not an EPCI of the reference data.
    """
    epci = epcis().get(siren.strip())
    if epci is None:
        raise UnknownCodeError(
            f"EPCI « {siren} » inconnu des données de référence (SIREN à 9 chiffres attendu, "
            "composition au 1er janvier 2025)"
        )
    return _territory(epci.siren, epci.name, TerritoryLevel.EPCI, epci.communes)


def departement_territory(code: str) -> Territory:
    """The territory of a département: all its communes, populations and QPVs.

    Raises
    ------
    UnknownCodeError
        When ``code`` is not a département of the reference data.
    """
    dep = code.strip().upper()
    names = departements()
    if dep not in names:
        raise UnknownCodeError(f"département « {code} » inconnu des données de référence")
    codes = tuple(sorted(c.code_insee for c in communes().values() if c.departement == dep))
    return _territory(dep, names[dep], TerritoryLevel.DEPARTEMENT, codes)


def epci_of(code_insee: str) -> str | None:
    """SIREN of the EPCI of a commune (arrondissement codes accepted), or ``None``."""
    commune = communes().get(normalize_insee(code_insee))
    return None if commune is None else commune.epci

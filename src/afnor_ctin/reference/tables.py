"""Cached lookups over the bundled reference tables (read once, lazily, from gzipped CSV).

Every function returns immutable data and reads its file only on its first call; the tables live in
``afnor_ctin/reference/data/`` (see :data:`~afnor_ctin.reference.ATTRIBUTION` for sources and licences).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import operator
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, TypeVar

from afnor_ctin.errors import UnknownCodeError
from afnor_ctin.reference._lazy import LazyMapping
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

T = TypeVar("T")

__all__ = [
    "communes",
    "communes_of_departement",
    "departement",
    "departements",
    "epci",
    "epcis",
    "former_communes",
    "postal_entries",
    "qpvs",
    "qpvs_of",
    "raw_table",
    "read_data",
    "regions",
]


#: File names of the two large tables, read by :func:`raw_table` for the resolution indexes.
POSTAL_TABLE = "codes-postaux.csv.gz"
HISTORY_TABLE = "communes-historique.csv.gz"


def read_data(name: str) -> bytes:
    """Return the raw bytes of one bundled data file (``"communes-epci.csv.gz"``…)."""
    return resources.files("afnor_ctin.reference").joinpath("data").joinpath(name).read_bytes()


def _rows(name: str) -> list[dict[str, str]]:
    text = gzip.decompress(read_data(name)).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def raw_table(name: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Header and rows of one bundled CSV table, as read (cached; the large tables are read once)."""
    reader = csv.reader(io.StringIO(gzip.decompress(read_data(name)).decode("utf-8-sig")))
    header = tuple(next(reader))
    return header, tuple(map(tuple, reader))


class _Communes(LazyMapping[ReferenceCommune]):
    """The communes of the COG by INSEE code, each :class:`ReferenceCommune` made on its first access.

    A read needs the records of its territory's communes only, and the codes of the others; making
    the 34,875 records up front was most of the cost of the first read.
    """

    __slots__ = ("_members", "_searches")

    def __init__(self, lines: dict[str, str]) -> None:
        super().__init__(lines)
        self._members: dict[str, tuple[str, ...]] | None = None
        self._searches = 0

    def make(self, key: str, source: Any) -> ReferenceCommune:
        """The commune of INSEE code ``key``, from its line of the table."""
        _code, name, epci, _, population, year, dep, _ = _cells(source)
        return ReferenceCommune(
            code_insee=key,
            name=name,
            population=int(population),
            population_year=int(year),
            departement=dep,
            epci=epci or None,
        )

    def members_of(self, siren: str) -> tuple[str, ...]:
        """The INSEE codes of the communes of one EPCI, in table order.

        The first few EPCIs asked for are found by a text search of the lines (a read needs one);
        then every EPCI's members are listed at once (:meth:`epci_members`).
        """
        if self._members is None and self._searches < _SEARCHES:
            self._searches += 1
            return tuple(code for code, line in self._sources.items() if siren in line and _epci_of(line) == siren)
        return self.epci_members().get(siren, ())

    def epci_members(self) -> Mapping[str, tuple[str, ...]]:
        """The INSEE codes of the communes of each EPCI (by SIREN), in table order (computed once)."""
        if self._members is None:
            members: dict[str, list[str]] = {}
            for code, line in self._sources.items():
                epci = _epci_of(line)
                if epci:
                    members.setdefault(epci, []).append(code)
            self._members = {epci: tuple(codes) for epci, codes in members.items()}
        return MappingProxyType(self._members)


def _cells(line: str) -> list[str]:
    """The cells of one line of a bundled CSV table."""
    return next(csv.reader((line,))) if '"' in line else line.split(",")


def _epci_of(line: str) -> str:
    """The SIREN of the EPCI of a line of the commune table (empty if none)."""
    return _cells(line)[2] if '"' in line else line.split(",", 3)[2]


#: EPCIs whose members :meth:`_Communes.members_of` finds by a search of the lines, before listing all.
_SEARCHES = 8


#: The header of the commune table (``communes-epci.csv.gz``).
_COMMUNE_HEADER = "code_insee,nom,code_epci,nom_epci,population,annee_population,dep,nature_epci"


@cache
def _commune_table() -> _Communes:
    """The commune table, each line kept as text until its commune is asked for.

    Splitting the 34,875 lines up front (:mod:`csv`) was most of the cost of a first read; the
    INSEE code, first on its line, never needs quotes.
    """
    header, *lines = gzip.decompress(read_data("communes-epci.csv.gz")).decode("utf-8-sig").splitlines()
    assert header == _COMMUNE_HEADER, header
    # Every INSEE code has five characters (``2A004``, ``97101``): the lines are keyed at C speed.
    assert all(map(operator.methodcaller("startswith", ",", 5), lines))
    return _Communes(dict(zip(map(operator.itemgetter(slice(0, 5)), lines), lines, strict=True)))


def communes() -> Mapping[str, ReferenceCommune]:
    """Every commune of metropolitan France and the DROM (COG 2026), by INSEE code (34,875 entries)."""
    return _commune_table()


class _Epcis(LazyMapping[ReferenceEpci]):
    """The EPCIs by SIREN, each :class:`ReferenceEpci` made on its first access (a read needs one)."""

    __slots__ = ()

    def make(self, key: str, source: Any) -> ReferenceEpci:
        """The EPCI of SIREN ``key``, from its row of the table."""
        return ReferenceEpci(
            siren=key,
            name=source["nom_epci"],
            nature=source["nature_epci"],
            departement=source["dep_siege"],
            population=int(source["population"]),
            communes=tuple(sorted(_commune_table().members_of(key))),
        )


@cache
def epcis() -> Mapping[str, ReferenceEpci]:
    """Every EPCI à fiscalité propre (composition at 1 January 2025), by SIREN (1,255 entries)."""
    return _Epcis({r["code_epci"]: r for r in _rows("epci.csv.gz")})


@cache
def departements() -> Mapping[str, ReferenceDepartement]:
    """Every département (101 entries), by code."""
    return MappingProxyType(
        {
            r["DEP"]: ReferenceDepartement(code=r["DEP"], name=r["LIBELLE"], region=r["REG"], chef_lieu=r["CHEFLIEU"])
            for r in _rows("departements.csv.gz")
        }
    )


@cache
def regions() -> Mapping[str, ReferenceRegion]:
    """Every région (18 entries), by code."""
    return MappingProxyType(
        {
            r["REG"]: ReferenceRegion(code=r["REG"], name=r["LIBELLE"], chef_lieu=r["CHEFLIEU"])
            for r in _rows("regions.csv.gz")
        }
    )


@cache
def qpvs() -> tuple[ReferenceQpv, ...]:
    """QPVs of the 2024 generation, one record per (QPV, commune) pair, for communes of the COG table."""
    known = communes()
    return tuple(
        ReferenceQpv(
            code=r["code_qpv"],
            name=r["nom_qpv"],
            code_insee=r["code_insee"],
            population=int(r["population_qpv"]) if r["population_qpv"] else None,
        )
        for r in _rows("qpv-2024-communes.csv.gz")
        if r["code_insee"] in known
    )


def qpvs_of(codes: Iterable[str]) -> tuple[ReferenceQpv, ...]:
    """The (QPV, commune) pairs whose commune is one of ``codes``, in table order."""
    inside = set(codes)
    return tuple(q for q in qpvs() if q.code_insee in inside)


@cache
def postal_entries() -> tuple[PostalEntry, ...]:
    """Every row of La Poste's base officielle des codes postaux (39,192 entries), in table order."""
    header, rows = raw_table(POSTAL_TABLE)
    assert header == (
        "code_postal",
        "code_insee",
        "libelle_acheminement",
        "ligne_5",
        "nom_commune",
        "code_insee_laposte",
    )
    return tuple(
        PostalEntry(
            postal_code=postal,
            code_insee=code,
            routing_label=label,
            line_5=line_5,
            commune_name=name,
            code_insee_laposte=laposte,
        )
        for postal, code, label, line_5, name, laposte in rows
    )


@cache
def former_communes() -> tuple[FormerCommune, ...]:
    """Every former or infra-communal (code, name) pair of the COG history since 1943 (7,084 entries)."""
    header, rows = raw_table(HISTORY_TABLE)
    assert header == ("ancien_code", "ancien_nom", "code_actuel", "date_effet", "type")
    kinds = {kind.value: kind for kind in ChangeKind}
    return tuple(
        FormerCommune(
            code=code,
            name=name,
            current_code=current,
            date=dt.date.fromisoformat(date) if date else None,
            kind=kinds[kind],
        )
        for code, name, current, date, kind in rows
    )


def _find(table: Mapping[str, T], code: str, unknown: str) -> T:
    found = table.get(code)
    if found is None:
        raise UnknownCodeError(unknown)
    return found


def epci(siren: str) -> ReferenceEpci:
    """The EPCI whose SIREN is ``siren`` (surrounding spaces ignored); :class:`UnknownCodeError` if none.

    >>> epci("241700434").name
    'CA de La Rochelle'
    """
    why = "SIREN à 9 chiffres attendu, composition au 1er janvier 2025"
    return _find(epcis(), siren.strip(), f"EPCI « {siren} » inconnu des données de référence ({why})")


def departement(code: str) -> ReferenceDepartement:
    """The département whose code is ``code`` (any case, spaces ignored); :class:`UnknownCodeError` if none.

    >>> departement("2a").name
    'Corse-du-Sud'
    """
    return _find(departements(), code.strip().upper(), f"département « {code} » inconnu des données de référence")


@cache
def _communes_by_departement() -> Mapping[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for commune in communes().values():
        out.setdefault(commune.departement, []).append(commune.code_insee)
    return MappingProxyType({dep: tuple(sorted(codes)) for dep, codes in out.items()})


def communes_of_departement(code: str) -> tuple[str, ...]:
    """INSEE codes of the communes of a département, sorted.

    >>> len(communes_of_departement("17"))
    462

    Raises
    ------
    UnknownCodeError
        When ``code`` is not a département of the reference data.
    """
    return _communes_by_departement().get(departement(code).code, ())

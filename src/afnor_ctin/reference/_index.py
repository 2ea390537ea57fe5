"""Lookup indexes of commune resolution, built once from the bundled tables."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cache
from types import MappingProxyType

import attrs

from afnor_ctin.reference.names import name_key, without_article
from afnor_ctin.reference.records import ChangeKind
from afnor_ctin.reference.tables import HISTORY_TABLE, POSTAL_TABLE, communes, raw_table

__all__ = ["Indexes", "NameIndex", "indexes", "outside_cog"]

#: Collectivités d'outre-mer and other places La Poste serves outside the COG table, by code prefix.
_OUTSIDE_COG = {
    "975": "collectivité d'outre-mer (Saint-Pierre-et-Miquelon)",
    "977": "collectivité d'outre-mer (Saint-Barthélemy)",
    "978": "collectivité d'outre-mer (Saint-Martin)",
    "984": "collectivité d'outre-mer (Terres australes et antarctiques françaises)",
    "986": "collectivité d'outre-mer (Wallis-et-Futuna)",
    "987": "collectivité d'outre-mer (Polynésie française)",
    "988": "collectivité d'outre-mer (Nouvelle-Calédonie)",
    "989": "collectivité d'outre-mer (Clipperton)",
    "980": "Monaco",
    "991": "Monaco",
}


def outside_cog(code: str) -> str | None:
    """Where an INSEE or postal code outside the COG table lies (« collectivité d'outre-mer (…) »), if known."""
    return _OUTSIDE_COG.get(code[:3])


class NameIndex:
    """Codes by (scope, name key), looked up exactly first, then without the leading article."""

    def __init__(self) -> None:
        self._exact: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
        self._bare: defaultdict[tuple[str, str], set[str]] = defaultdict(set)

    def add(self, scope: str, key: str, code: str) -> None:
        """Index ``code`` under ``key`` (a :func:`~afnor_ctin.reference.names.name_key`) in ``scope``."""
        if key:
            self._exact[scope, key].add(code)
            self._bare[scope, without_article(key)].add(code)

    def find(self, scopes: Iterable[str], key: str) -> frozenset[str]:
        """Codes named ``key`` in any of ``scopes``: exact matches, else matches without the article."""
        scopes = tuple(scopes)
        for table, wanted in ((self._exact, key), (self._bare, without_article(key))):
            found = frozenset(c for s in scopes if (s, wanted) in table for c in table[s, wanted])
            if found:
                return found
        return frozenset()


@attrs.frozen
class Indexes:
    """Every lookup table of the resolution.

    Attributes
    ----------
    postal_codes:
        Postal code → codes it serves (COG or not), in table order.
    postal_communes:
        Postal code → the codes it serves that are communes of the COG table.
    postal_departements:
        Postal code → départements of those communes.
    postal_names:
        Scope postal code: COG names and libellés d'acheminement.
    postal_line5:
        Scope postal code: ligne 5 of La Poste.
    departement_names:
        Scope département: current COG names.
    former_names:
        Scope département: names of the COG history and ligne 5, pointing to the current commune.
    former_codes:
        Former code → (current code, kind of change, former name).
    keys_of_code:
        Current code → every key naming it (COG name, labels, ligne 5, former names; with and without article).
    outside_names:
        Codes outside the COG table served by La Poste (collectivités d'outre-mer, Monaco) → name.
    outside_keys:
        Name keys of those places (names, labels and ligne 5; with and without article) → code.
    """

    postal_codes: Mapping[str, tuple[str, ...]]
    postal_communes: Mapping[str, frozenset[str]]
    postal_departements: Mapping[str, tuple[str, ...]]
    postal_names: NameIndex
    postal_line5: NameIndex
    departement_names: NameIndex
    former_names: NameIndex
    former_codes: Mapping[str, tuple[str, ChangeKind, str]]
    keys_of_code: Mapping[str, frozenset[str]]
    outside_names: Mapping[str, str]
    outside_keys: Mapping[str, str]


@cache
def indexes() -> Indexes:
    """Build the indexes once (about 80,000 names) and keep them."""
    table = communes()
    postal: dict[str, list[str]] = {}
    postal_names, postal_line5 = NameIndex(), NameIndex()
    departement_names, former_names = NameIndex(), NameIndex()
    keys: defaultdict[str, set[str]] = defaultdict(set)
    outside: dict[str, str] = {}
    outside_keys: dict[str, str] = {}

    def remember(code: str, key: str) -> None:
        keys[code].update((key, without_article(key)))

    for commune in table.values():
        key = name_key(commune.name)
        departement_names.add(commune.departement, key, commune.code_insee)
        remember(commune.code_insee, key)
    seen: set[tuple[str, str, str]] = set()
    for postal_code, code, label, line_5, name, _ in raw_table(POSTAL_TABLE)[1]:
        if (postal_code, code, label) not in seen:  # the rows of one label differ only by their ligne 5
            seen.add((postal_code, code, label))
            served = postal.setdefault(postal_code, [])
            if code not in served:
                served.append(code)
            for key in {name_key(name), name_key(label)}:
                postal_names.add(postal_code, key, code)
                if code in table:
                    remember(code, key)
                else:
                    outside.setdefault(code, name)
                    outside_keys.setdefault(key, code)
                    outside_keys.setdefault(without_article(key), code)
        if line_5:
            key = name_key(line_5)
            if code in table:
                postal_line5.add(postal_code, key, code)
                former_names.add(table[code].departement, key, code)
                remember(code, key)
            else:
                outside_keys.setdefault(key, code)
                outside_keys.setdefault(without_article(key), code)
    former: dict[str, tuple[str, ChangeKind, str]] = {}
    kinds = {kind.value: kind for kind in ChangeKind}
    for code, name, current, _, kind in raw_table(HISTORY_TABLE)[1]:
        key = name_key(name)
        former_names.add(table[current].departement, key, current)
        remember(current, key)
        if code != current and code not in table:
            former.setdefault(code, (current, kinds[kind], name))
    return Indexes(
        postal_codes=MappingProxyType({k: tuple(v) for k, v in postal.items()}),
        postal_communes=MappingProxyType({k: frozenset(c for c in v if c in table) for k, v in postal.items()}),
        postal_departements=MappingProxyType(
            {k: tuple(sorted({table[c].departement for c in v if c in table})) for k, v in postal.items()}
        ),
        postal_names=postal_names,
        postal_line5=postal_line5,
        departement_names=departement_names,
        former_names=former_names,
        former_codes=MappingProxyType(former),
        keys_of_code=MappingProxyType({k: frozenset(v) for k, v in keys.items()}),
        outside_names=MappingProxyType(outside),
        outside_keys=MappingProxyType(outside_keys),
    )

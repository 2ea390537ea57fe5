"""Lookup indexes of commune resolution, built once from the bundled tables."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from types import MappingProxyType

import attrs

from afnor_ctin.reference.names import name_key, without_article
from afnor_ctin.reference.records import ChangeKind
from afnor_ctin.reference.tables import communes, former_communes, postal_entries

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
        self._exact: dict[tuple[str, str], set[str]] = {}
        self._bare: dict[tuple[str, str], set[str]] = {}

    def add(self, scope: str, key: str, code: str) -> None:
        """Index ``code`` under ``key`` (a :func:`~afnor_ctin.reference.names.name_key`) in ``scope``."""
        if key:
            self._exact.setdefault((scope, key), set()).add(code)
            self._bare.setdefault((scope, without_article(key)), set()).add(code)

    def find(self, scopes: Iterable[str], key: str) -> frozenset[str]:
        """Codes named ``key`` in any of ``scopes``: exact matches, else matches without the article."""
        scopes = tuple(scopes)
        for table, wanted in ((self._exact, key), (self._bare, without_article(key))):
            found = frozenset(c for s in scopes for c in table.get((s, wanted), ()))
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
    keys: dict[str, set[str]] = {}
    outside: dict[str, str] = {}
    outside_keys: dict[str, str] = {}

    def remember(code: str, key: str) -> None:
        keys.setdefault(code, set()).update((key, without_article(key)))

    for commune in table.values():
        key = name_key(commune.name)
        departement_names.add(commune.departement, key, commune.code_insee)
        remember(commune.code_insee, key)
    for entry in postal_entries():
        codes = postal.setdefault(entry.postal_code, [])
        if entry.code_insee not in codes:
            codes.append(entry.code_insee)
        label = name_key(entry.routing_label)
        postal_names.add(entry.postal_code, name_key(entry.commune_name), entry.code_insee)
        postal_names.add(entry.postal_code, label, entry.code_insee)
        if entry.code_insee not in table:
            outside[entry.code_insee] = entry.commune_name
            for key in (name_key(entry.commune_name), label, name_key(entry.line_5)):
                if key:
                    outside_keys.setdefault(key, entry.code_insee)
                    outside_keys.setdefault(without_article(key), entry.code_insee)
            continue
        remember(entry.code_insee, label)
        if entry.line_5:
            line_5 = name_key(entry.line_5)
            postal_line5.add(entry.postal_code, line_5, entry.code_insee)
            former_names.add(table[entry.code_insee].departement, line_5, entry.code_insee)
            remember(entry.code_insee, line_5)
    former: dict[str, tuple[str, ChangeKind, str]] = {}
    for row in former_communes():
        key = name_key(row.name)
        former_names.add(table[row.current_code].departement, key, row.current_code)
        remember(row.current_code, key)
        if row.code != row.current_code and row.code not in table:
            former.setdefault(row.code, (row.current_code, row.kind, row.name))
    return Indexes(
        postal_codes=MappingProxyType({k: tuple(v) for k, v in postal.items()}),
        postal_names=postal_names,
        postal_line5=postal_line5,
        departement_names=departement_names,
        former_names=former_names,
        former_codes=MappingProxyType(former),
        keys_of_code=MappingProxyType({k: frozenset(v) for k, v in keys.items()}),
        outside_names=MappingProxyType(outside),
        outside_keys=MappingProxyType(outside_keys),
    )

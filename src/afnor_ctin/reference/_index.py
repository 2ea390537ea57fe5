"""Lookup indexes of commune resolution, built from the bundled tables.

The tables are grouped once by postal code, département and commune (no name is normalised then);
the name keys of a group are computed the first time a resolution looks into it, so that the first
resolution stays cheap and a file touches only the groups it needs.
"""

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


_Keys = tuple[dict[str, set[str]], dict[str, set[str]]]  # exact key -> codes, key without article -> codes


class NameIndex:
    """Codes by (scope, name key), looked up exactly first, then without the leading article.

    Built from ``(name, code)`` pairs grouped by scope (a postal code or a département); the keys of
    a scope are computed on its first lookup.
    """

    def __init__(self, names: Mapping[str, list[tuple[str, str]]]) -> None:
        self._names = names
        self._keys: dict[str, _Keys] = {}

    def _scope(self, scope: str) -> _Keys:
        keys = self._keys.get(scope)
        if keys is None:
            exact: defaultdict[str, set[str]] = defaultdict(set)
            bare: defaultdict[str, set[str]] = defaultdict(set)
            for name, code in self._names.get(scope, ()):
                if key := name_key(name):
                    exact[key].add(code)
                    bare[without_article(key)].add(code)
            keys = self._keys[scope] = (dict(exact), dict(bare))
        return keys

    def find(self, scopes: Iterable[str], key: str) -> frozenset[str]:
        """Codes named ``key`` in any of ``scopes``: exact matches, else matches without the article."""
        tables = [self._scope(s) for s in scopes]
        for n, wanted in ((0, key), (1, without_article(key))):
            found = frozenset(c for t in tables if wanted in t[n] for c in t[n][wanted])
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
        Scope postal code: ligne 5 of La Poste (communes of the COG table only).
    departement_names:
        Scope département: current COG names.
    former_names:
        Scope département: names of the COG history and ligne 5, pointing to the current commune.
    former_codes:
        Former code → (current code, kind of change, former name).
    names_of_code:
        Current code → every name it bears (COG name, labels, ligne 5, former names).
    outside_names:
        Codes outside the COG table served by La Poste (collectivités d'outre-mer, Monaco) → name.
    """

    postal_codes: Mapping[str, tuple[str, ...]]
    postal_communes: Mapping[str, frozenset[str]]
    postal_departements: Mapping[str, tuple[str, ...]]
    postal_names: NameIndex
    postal_line5: NameIndex
    departement_names: NameIndex
    former_names: NameIndex
    former_codes: Mapping[str, tuple[str, ChangeKind, str]]
    names_of_code: Mapping[str, tuple[str, ...]]
    outside_names: Mapping[str, str]


@cache
def indexes() -> Indexes:
    """Group the tables once and keep the groups; name keys are computed when first looked up."""
    table = dict(communes())
    served: dict[str, list[str]] = {}
    by_postal: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
    line5_by_postal: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
    by_departement: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
    former_by_departement: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
    names: defaultdict[str, list[str]] = defaultdict(list)
    outside: dict[str, str] = {}
    for commune in table.values():
        by_departement[commune.departement].append((commune.name, commune.code_insee))
        names[commune.code_insee].append(commune.name)
    for postal_code, code, label, line_5, name, _ in raw_table(POSTAL_TABLE)[1]:
        codes = served.setdefault(postal_code, [])
        if code not in codes:
            codes.append(code)
            by_postal[postal_code].append((name, code))
        by_postal[postal_code].append((label, code))
        current = table.get(code)
        if current is None:
            outside.setdefault(code, name)
            continue
        names[code].append(label)
        if line_5:
            line5_by_postal[postal_code].append((line_5, code))
            former_by_departement[current.departement].append((line_5, code))
            names[code].append(line_5)
    former: dict[str, tuple[str, ChangeKind, str]] = {}
    kinds = {kind.value: kind for kind in ChangeKind}
    for code, name, current_code, _, kind in raw_table(HISTORY_TABLE)[1]:
        former_by_departement[table[current_code].departement].append((name, current_code))
        names[current_code].append(name)
        if code != current_code and code not in table:
            former.setdefault(code, (current_code, kinds[kind], name))
    return Indexes(
        postal_codes=MappingProxyType({k: tuple(v) for k, v in served.items()}),
        postal_communes=MappingProxyType({k: frozenset(c for c in v if c in table) for k, v in served.items()}),
        postal_departements=MappingProxyType(
            {k: tuple(sorted({table[c].departement for c in v if c in table})) for k, v in served.items()}
        ),
        postal_names=NameIndex(by_postal),
        postal_line5=NameIndex(line5_by_postal),
        departement_names=NameIndex(by_departement),
        former_names=NameIndex(former_by_departement),
        former_codes=MappingProxyType(former),
        names_of_code=MappingProxyType({k: tuple(dict.fromkeys(v)) for k, v in names.items()}),
        outside_names=MappingProxyType(outside),
    )


@cache
def keys_of_code(code: str) -> frozenset[str]:
    """Every name key of a current commune, with and without its article."""
    keys = {name_key(name) for name in indexes().names_of_code.get(code, ())}
    return frozenset(keys | {without_article(k) for k in keys})


@cache
def outside_keys() -> Mapping[str, str]:
    """Name keys (with and without article) of the places La Poste serves outside the COG table → code."""
    out: dict[str, str] = {}
    table = communes()
    for _, code, label, line_5, name, _ in raw_table(POSTAL_TABLE)[1]:
        if code not in table:
            for key in (name_key(name), name_key(label), name_key(line_5)):
                if key:
                    out.setdefault(key, code)
                    out.setdefault(without_article(key), code)
    return MappingProxyType(out)

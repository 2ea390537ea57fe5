"""Bundled example datasets, to try the library without data of one's own.

Every example is generated in memory (no file to read) and cached for the life of the process.

>>> sorted(EXAMPLES)
['la-rochelle']
>>> load_example("la-rochelle").territory.name
'CA de La Rochelle (données fictives)'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from types import MappingProxyType

from afnor_ctin.dataset import Dataset
from afnor_ctin.errors import UnknownCodeError
from afnor_ctin.examples import la_rochelle

__all__ = ["EXAMPLES", "load_example"]

#: Name of each bundled example → French description (shown by the command line and the docs).
EXAMPLES: Mapping[str, str] = MappingProxyType(
    {
        "la-rochelle": (
            "CA de La Rochelle (données fictives) : territoire réel (28 communes, populations légales 2023, "
            "3 QPV 2024) avec des acteurs, lieux, médiateurs, actions, bénéficiaires pseudonymes, "
            "financements et scores IFN fictifs de 2021 à 2024, qui reproduisent les faits de l'étude de cas "
            "de la CTIN rochelaise (8 conseillers numériques, 400 000 € de l'État sur deux ans, offre dense à "
            "La Rochelle et dans ses QPV, feuille de route adoptée en mai 2023). Données fictives : ne "
            "décrivent pas l'activité réelle des structures du territoire."
        ),
    }
)

_BUILDERS: Mapping[str, Callable[[], Dataset]] = {"la-rochelle": la_rochelle.generate}


@cache
def _load(name: str) -> Dataset:
    return _BUILDERS[name]()


def load_example(name: str) -> Dataset:
    """Return a bundled example dataset by name (built once per process, then cached).

    Parameters
    ----------
    name:
        One of the keys of :data:`EXAMPLES` (case and surrounding spaces ignored), e.g. ``"la-rochelle"``.

    Returns
    -------
    Dataset
        The example dataset (immutable, so the cached instance is shared safely).

    Raises
    ------
    afnor_ctin.errors.UnknownCodeError
        When no example has this name; the French message lists the known names.
    """
    key = name.strip().lower()
    if key not in _BUILDERS:
        known = ", ".join(sorted(EXAMPLES))
        raise UnknownCodeError(f"exemple « {name} » inconnu ; exemples disponibles : {known}")
    return _load(key)

"""The territories inside a territory: its EPCIs, départements or régions, from the bundled reference.

A national dataset is evaluated for every EPCI (or département, or région) it covers: the
subdivisions are built from the dataset's own territory, so that each keeps the populations, IFN
scores and QPVs the dataset states, and only the communes the territory has.

>>> from afnor_ctin.model import Territory
>>> [t.code for t in subdivisions(Territory.from_departement("17"), "departement")]
['17']
>>> len(subdivisions(Territory.from_departement("17"), "epci"))
13
"""

from __future__ import annotations

from collections.abc import Iterable

from afnor_ctin import reference
from afnor_ctin.errors import InvalidInputError
from afnor_ctin.model.enums import TerritoryLevel
from afnor_ctin.model.records import Commune, Qpv, Territory

__all__ = ["LEVELS", "departement_of", "subdivisions"]

#: The subdivisions a territory is split into, by the name used on the command line.
LEVELS = ("epci", "departement", "region")


def departement_of(code_insee: str) -> str:
    """The département of a commune: from the reference, else from its code (``"17"``, ``"2A"``, ``"971"``)."""
    commune = reference.communes().get(code_insee)
    if commune is not None:
        return commune.departement
    return code_insee[:3] if code_insee.startswith("97") else code_insee[:2]


def _groups(codes: Iterable[str], by: str) -> dict[str, tuple[str, list[str]]]:
    """Group code → (name, INSEE codes), sorted by group code."""
    table = reference.communes()
    departements = reference.departements()
    found: dict[str, tuple[str, list[str]]] = {}
    for code in codes:
        if by == "epci":
            commune = table.get(code)
            key = None if commune is None else commune.epci
            if key is None:
                continue
            name = reference.epcis()[key].name
        else:
            dep = departement_of(code)
            if dep not in departements:
                continue
            if by == "departement":
                key, name = dep, departements[dep].name
            else:
                key = departements[dep].region
                name = reference.regions()[key].name
        found.setdefault(key, (name, []))[1].append(code)
    return dict(sorted(found.items()))


def subdivisions(territory: Territory, by: str) -> list[Territory]:
    """The EPCIs, départements or régions of ``territory``, each with the communes of it that it holds.

    Parameters
    ----------
    territory:
        The territory to split (e.g. the national territory of a national dataset).
    by:
        ``"epci"``, ``"departement"`` or ``"region"`` (see :data:`LEVELS`).

    Returns
    -------
    list[Territory]
        One territory per subdivision with at least one commune of ``territory``, sorted by code;
        communes keep the populations and IFN scores of ``territory``, and QPVs follow their commune.
        Communes the reference does not place (e.g. an EPCI-less island commune) are in none.

    Raises
    ------
    afnor_ctin.errors.InvalidInputError
        For an unknown ``by``.
    """
    if by not in LEVELS:
        raise InvalidInputError(f"découpage inconnu : « {by} » (attendu : {', '.join(LEVELS)})")
    level = {"epci": TerritoryLevel.EPCI, "departement": TerritoryLevel.DEPARTEMENT}.get(by, TerritoryLevel.AUTRE)
    by_code: dict[str, Commune] = {c.code_insee: c for c in territory.communes}
    qpvs: dict[str, list[Qpv]] = {}
    for q in territory.qpvs:
        qpvs.setdefault(q.code_insee, []).append(q)
    out = []
    for code, (name, members) in _groups(by_code, by).items():
        communes = tuple(by_code[c] for c in members)
        out.append(
            Territory(
                code=code,
                name=name,
                level=level,
                communes=communes,
                qpvs=tuple(q for c in communes for q in qpvs.get(c.code_insee, ())),
            )
        )
    return out

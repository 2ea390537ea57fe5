"""The seven entities of a dataset, described once.

One :class:`Entity` per collection of records, in dependency order (an entity refers only to the
entities before it): its French name (the native file ``<name>.csv``, the XLSX sheet, the JSON key,
the key of :meth:`Dataset.counts <afnor_ctin.dataset.Dataset.counts>`), its English attribute (of
:class:`~afnor_ctin.dataset.Dataset`, of :class:`~afnor_ctin.columns.Columns` and keyword of
:func:`~afnor_ctin.dataset.check_integrity`), its record class, its column table, its identifier
column and its references to other entities. The integrity checks, the columnar conversion, the
native reader and writer, the format schema, the Table Schemas and the Parquet cache all read this
table.

>>> " ".join(e.name for e in ENTITIES)
'acteurs lieux mediateurs actions beneficiaires participations financements'
>>> tuple((r.column, r.target) for r in ENTITY["lieux"].references)
(('acteur_id', 'acteurs'),)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, TypedDict

import attrs

from afnor_ctin.columns import (
    ActionTable,
    ActorTable,
    BeneficiaryTable,
    FundingTable,
    MediatorTable,
    ParticipationTable,
    PlaceTable,
)
from afnor_ctin.model.records import Action, Actor, Beneficiary, Funding, Mediator, Participation, Place

__all__ = ["ENTITIES", "ENTITY", "NOUNS", "Entity", "Records", "Reference", "given_records"]


@attrs.frozen(kw_only=True)
class Reference:
    """A reference from the records of one entity to the identifiers of another.

    Attributes
    ----------
    column:
        Native column name (``acteur_id``), as named in issues.
    attribute:
        Record attribute (``actor_id``).
    field:
        Field of the column table holding the positions of the referenced records (``actor``).
    target:
        Name of the referenced entity (``acteurs``).
    multi:
        True for a multi-valued reference (a tuple of ids, a :class:`~afnor_ctin.columns.Csr` column).
    optional:
        True when the reference may be empty (``None`` in records, ``-1`` in columns).
    """

    column: str
    attribute: str
    field: str
    target: str
    multi: bool = False
    optional: bool = False


@attrs.frozen(kw_only=True)
class Entity:
    """One collection of records of a dataset.

    Attributes
    ----------
    name:
        French name: the native file ``<name>.csv``, the XLSX sheet and the JSON key.
    attribute:
        English name of the collection (``Dataset.actors``, ``Columns.actors``).
    record:
        The record class.
    table:
        The column table class of :mod:`afnor_ctin.columns`.
    label:
        French label, as shown to people (« Médiateurs »).
    id_column:
        Column of the identifier, unique within the entity; ``None`` for participations, which are
        identified by the pair (action, beneficiary).
    references:
        References to the entities before it, in the order the integrity checks test them.
    singular:
        French singular noun of one record (« action »), as in « action rejetée ».
    feminine:
        True when :attr:`singular` is feminine.
    """

    name: str
    attribute: str
    record: type[Any]
    table: type[Any]
    label: str
    id_column: str | None
    references: tuple[Reference, ...] = ()
    singular: str = ""
    feminine: bool = False

    @property
    def filename(self) -> str:
        """The native CSV file name, e.g. ``actions.csv``."""
        return f"{self.name}.csv"


def _entity(name: str, attribute: str, record: type[Any], table: type[Any], label: str, *refs: Reference) -> Entity:
    singular, feminine = _NOUNS[name]
    return Entity(
        singular=singular,
        feminine=feminine,
        name=name,
        attribute=attribute,
        record=record,
        table=table,
        label=label,
        id_column=None if name == "participations" else "id",
        references=refs,
    )


def _ref(
    column: str, attribute: str, field: str, target: str, *, multi: bool = False, optional: bool = False
) -> Reference:
    return Reference(column=column, attribute=attribute, field=field, target=target, multi=multi, optional=optional)


_NOUNS = {
    "acteurs": ("acteur", False),
    "lieux": ("lieu", False),
    "mediateurs": ("médiateur", False),
    "actions": ("action", True),
    "beneficiaires": ("bénéficiaire", False),
    "participations": ("participation", True),
    "financements": ("financement", False),
}
_ACTOR = _ref("acteur_id", "actor_id", "actor", "acteurs")

#: The seven entities, in dependency order.
ENTITIES: tuple[Entity, ...] = (
    _entity("acteurs", "actors", Actor, ActorTable, "Acteurs"),
    _entity("lieux", "places", Place, PlaceTable, "Lieux", _ACTOR),
    _entity(
        "mediateurs",
        "mediators",
        Mediator,
        MediatorTable,
        "Médiateurs",
        _ACTOR,
        _ref("lieu_ids", "place_ids", "places", "lieux", multi=True),
    ),
    _entity(
        "actions",
        "actions",
        Action,
        ActionTable,
        "Actions",
        _ACTOR,
        _ref("mediateur_id", "mediator_id", "mediator", "mediateurs", optional=True),
        _ref("lieu_id", "place_id", "place", "lieux", optional=True),
        _ref("acteurs_participants", "participating_actor_ids", "participating", "acteurs", multi=True),
    ),
    _entity("beneficiaires", "beneficiaries", Beneficiary, BeneficiaryTable, "Bénéficiaires"),
    _entity(
        "participations",
        "participations",
        Participation,
        ParticipationTable,
        "Participations",
        _ref("action_id", "action_id", "action", "actions"),
        _ref("beneficiaire_id", "beneficiary_id", "beneficiary", "beneficiaires"),
    ),
    _entity(
        "financements",
        "fundings",
        Funding,
        FundingTable,
        "Financements",
        _ACTOR,
        _ref("mediateur_ids", "mediator_ids", "mediators", "mediateurs", multi=True),
    ),
)

#: The entities by name (``"actions"`` → :class:`Entity`).
ENTITY: Mapping[str, Entity] = MappingProxyType({e.name: e for e in ENTITIES})


class Records(TypedDict, total=False):
    """The records of a dataset, by entity attribute (any iterables; an entity left out has none).

    The keyword arguments of :class:`~afnor_ctin.dataset.Dataset` and
    :func:`~afnor_ctin.integrity.check_integrity`, one per entity of :data:`ENTITIES`.
    """

    actors: Iterable[Actor]
    places: Iterable[Place]
    mediators: Iterable[Mediator]
    actions: Iterable[Action]
    beneficiaries: Iterable[Beneficiary]
    participations: Iterable[Participation]
    fundings: Iterable[Funding]


def given_records(records: Mapping[str, Any], caller: str) -> dict[str, Iterable[Any]]:
    """Every entity attribute → its records (none when left out), in dependency order.

    Raises
    ------
    TypeError
        When a keyword names no entity (the message, in French, names ``caller`` and the keyword).

    >>> given_records({"actions": ()}, "f")["actors"]
    ()
    >>> given_records({"actor": ()}, "f")
    Traceback (most recent call last):
    TypeError: f() : argument inconnu « actor » (attendus : actors, places, ...)
    """
    attributes = [e.attribute for e in ENTITIES]
    unknown = [key for key in records if key not in attributes]
    if unknown:
        raise TypeError(f"{caller}() : argument inconnu « {unknown[0]} » (attendus : {', '.join(attributes)})")
    return {a: records.get(a, ()) for a in attributes}


#: The French singular of each entity and whether it is feminine (``actions`` → ``("action", True)``).
NOUNS: Mapping[str, tuple[str, bool]] = MappingProxyType({e.name: (e.singular, e.feminine) for e in ENTITIES})

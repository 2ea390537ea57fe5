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

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

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

__all__ = ["ENTITIES", "ENTITY", "Entity", "Reference"]


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
    """

    name: str
    attribute: str
    record: type[Any]
    table: type[Any]
    label: str
    id_column: str | None
    references: tuple[Reference, ...] = ()

    @property
    def filename(self) -> str:
        """The native CSV file name, e.g. ``actions.csv``."""
        return f"{self.name}.csv"


def _actor(field: str = "actor") -> Reference:
    return Reference(column="acteur_id", attribute="actor_id", field=field, target="acteurs")


#: The seven entities, in dependency order.
ENTITIES: tuple[Entity, ...] = (
    Entity(name="acteurs", attribute="actors", record=Actor, table=ActorTable, label="Acteurs", id_column="id"),
    Entity(
        name="lieux",
        attribute="places",
        record=Place,
        table=PlaceTable,
        label="Lieux",
        id_column="id",
        references=(_actor(),),
    ),
    Entity(
        name="mediateurs",
        attribute="mediators",
        record=Mediator,
        table=MediatorTable,
        label="Médiateurs",
        id_column="id",
        references=(
            _actor(),
            Reference(column="lieu_ids", attribute="place_ids", field="places", target="lieux", multi=True),
        ),
    ),
    Entity(
        name="actions",
        attribute="actions",
        record=Action,
        table=ActionTable,
        label="Actions",
        id_column="id",
        references=(
            _actor(),
            Reference(
                column="mediateur_id", attribute="mediator_id", field="mediator", target="mediateurs", optional=True
            ),
            Reference(column="lieu_id", attribute="place_id", field="place", target="lieux", optional=True),
            Reference(
                column="acteurs_participants",
                attribute="participating_actor_ids",
                field="participating",
                target="acteurs",
                multi=True,
            ),
        ),
    ),
    Entity(
        name="beneficiaires",
        attribute="beneficiaries",
        record=Beneficiary,
        table=BeneficiaryTable,
        label="Bénéficiaires",
        id_column="id",
    ),
    Entity(
        name="participations",
        attribute="participations",
        record=Participation,
        table=ParticipationTable,
        label="Participations",
        id_column=None,
        references=(
            Reference(column="action_id", attribute="action_id", field="action", target="actions"),
            Reference(
                column="beneficiaire_id", attribute="beneficiary_id", field="beneficiary", target="beneficiaires"
            ),
        ),
    ),
    Entity(
        name="financements",
        attribute="fundings",
        record=Funding,
        table=FundingTable,
        label="Financements",
        id_column="id",
        references=(
            _actor(),
            Reference(
                column="mediateur_ids", attribute="mediator_ids", field="mediators", target="mediateurs", multi=True
            ),
        ),
    ),
)

#: The entities by name (``"actions"`` → :class:`Entity`).
ENTITY: Mapping[str, Entity] = MappingProxyType({e.name: e for e in ENTITIES})

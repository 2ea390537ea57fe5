"""The :class:`Dataset`: an immutable, referentially consistent set of records with columnar views.

A dataset is built from records (:meth:`Dataset.__init__`) or, for very large inputs, directly from
columns (:meth:`Dataset.from_columns`). Either way the same rules hold (:mod:`afnor_ctin.rules`,
checked by :func:`check_integrity` or :func:`~afnor_ctin.integrity.check_columns`), and it stores
numpy columns (:mod:`afnor_ctin.columns`) that the indicators read, and rebuilds records on demand
(:attr:`Dataset.actions`…), exactly (:mod:`afnor_ctin.columnar`).

>>> from afnor_ctin.model import Territory
>>> ds = Dataset(Territory.from_epci("241700434"))
>>> len(ds.actions), len(ds.columns.communes)
(0, 28)
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any, Unpack

import attrs
import numpy as np
import numpy.typing as npt

from afnor_ctin.columnar import records, to_columns
from afnor_ctin.columns import Columns, Csr, commune_table, table_columns, with_communes, with_id_dtype
from afnor_ctin.display import dataset_table, summary_html
from afnor_ctin.entities import ENTITIES, ENTITY, Records, given_records
from afnor_ctin.errors import DataError, InvalidInputError, UnknownCodeError
from afnor_ctin.french import format_number as n
from afnor_ctin.integrity import IntegrityResult, check_columns, check_integrity
from afnor_ctin.model.records import Action, Actor, Beneficiary, Funding, Mediator, Participation, Place, Territory
from afnor_ctin.period import Period
from afnor_ctin.rules import Rejection, action_commune

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ENTITIES", "Dataset", "IntegrityResult", "Rejection", "check_integrity"]


class Dataset:
    """An immutable, referentially consistent CTIN dataset with columnar numpy views.

    Parameters
    ----------
    territory:
        The :class:`~afnor_ctin.model.Territory` the data describes.
    **records:
        The records by entity: ``actors``, ``places``, ``mediators``, ``actions``, ``beneficiaries``,
        ``participations``, ``fundings`` (:class:`~afnor_ctin.entities.Records`; any iterables, copied,
        never mutated).

    Raises
    ------
    afnor_ctin.errors.DataError
        When ids repeat or references do not resolve; every problem is listed in ``issues``.
        Readers of files report such rows instead (see :func:`check_integrity`).
    TypeError
        When a keyword names no entity.
    """

    __slots__ = ("__dict__", "_columns", "_territory")
    _columns: Columns
    _territory: Territory

    def __init__(
        self,
        territory: Territory,
        **records: Unpack[Records],
    ) -> None:
        given_records(records, "Dataset")
        result = check_integrity(**records)
        if result.rejections:
            raise DataError([r.to_issue() for r in result.rejections])
        kept = {e.attribute: getattr(result, e.attribute) for e in ENTITIES}
        object.__setattr__(self, "_territory", territory)
        object.__setattr__(self, "_columns", read_only(to_columns(territory, kept)))
        # The records given are the records held: keep them to avoid rebuilding.
        self.__dict__.update(kept)

    @classmethod
    def from_columns(cls, territory: Territory, columns: Columns) -> Dataset:
        """Wrap prepared columns (fast path for very large inputs; no record is built).

        The columns follow the conventions of :mod:`afnor_ctin.columns`. What can be derived is
        derived, whatever the columns hold: the commune vocabulary's membership, population and IFN
        score (from the territory, whose communes are added when missing), and the commune of every
        action (:func:`afnor_ctin.rules.action_commune`). Then the rules of the records are checked
        on the columns (:func:`~afnor_ctin.integrity.check_columns`).

        Raises
        ------
        afnor_ctin.errors.InvalidInputError
            When a position is out of range or a table's arrays differ in length.
        afnor_ctin.errors.DataError
            When rows break the rules (repeated ids, references to rejected rows, action without a
            commune, participations out of bounds…); every problem is listed in ``issues``, as
            :class:`Dataset` does for records.
        """
        derived = derive(territory, columns)
        _, rejections = check_columns(derived)
        if rejections:
            raise DataError([r.to_issue() for r in rejections])
        return _wrap(territory, derived)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("un Dataset est immuable")

    def __repr__(self) -> str:
        outside = self.outside_communes()
        extra = f" (+ {n(outside)} hors territoire)" if outside else ""
        counts = ", ".join(f"{n(count)} {ENTITY[name].label.lower()}" for name, count in self.counts().items())
        return (
            f"<Dataset {self._territory.name} ({self._territory.code}) : "
            f"{n(len(self._territory.communes))} communes{extra}, {counts}>"
        )

    def outside_communes(self) -> int:
        """Number of communes the data cites that are not the territory's (actions or places elsewhere)."""
        return max(0, len(self._columns.communes.codes) - len(self._territory.communes))

    # -- core attributes -------------------------------------------------------------------------
    @property
    def territory(self) -> Territory:
        """The territory the data describes."""
        return self._territory

    @property
    def columns(self) -> Columns:
        """The columnar numpy views used by the indicators."""
        return self._columns

    def counts(self) -> dict[str, int]:
        """Number of records per entity (French entity names, as the native files)."""
        return {e.name: len(getattr(self._columns, e.attribute)) for e in ENTITIES}

    def _repr_html_(self) -> str:
        """Compact French HTML summary (territory and counts per entity), shown by Jupyter."""
        return summary_html(self._territory, self.counts(), outside=self.outside_communes())

    def to_pandas(self, entity: str) -> pd.DataFrame:
        """The records of one entity as a pandas DataFrame, with the native format's columns.

        Parameters
        ----------
        entity:
            French entity name, as the native files: ``acteurs``, ``lieux``, ``mediateurs``, ``actions``,
            ``beneficiaires``, ``participations``, ``financements``, or ``communes`` (the territory's).

        Raises
        ------
        afnor_ctin.errors.UnknownCodeError
            When ``entity`` is not one of these names.
        afnor_ctin.errors.MissingExtraError
            When pandas is not installed (``pip install 'afnor-ctin[notebook]'``).
        """
        frame: pd.DataFrame = dataset_table(self, entity)
        return frame

    # -- records (rebuilt on demand from the columns when not held) ------------------------------
    @cached_property
    def actors(self) -> tuple[Actor, ...]:
        """The actors."""
        return records(self._columns, "actors")

    @cached_property
    def places(self) -> tuple[Place, ...]:
        """The places."""
        return records(self._columns, "places")

    @cached_property
    def mediators(self) -> tuple[Mediator, ...]:
        """The mediators."""
        return records(self._columns, "mediators")

    @cached_property
    def actions(self) -> tuple[Action, ...]:
        """The actions."""
        return records(self._columns, "actions")

    @cached_property
    def beneficiaries(self) -> tuple[Beneficiary, ...]:
        """The beneficiaries (pseudonymous)."""
        return records(self._columns, "beneficiaries")

    @cached_property
    def participations(self) -> tuple[Participation, ...]:
        """The participations (identified beneficiary × support action)."""
        return records(self._columns, "participations")

    @cached_property
    def fundings(self) -> tuple[Funding, ...]:
        """The fundings."""
        return records(self._columns, "fundings")

    # -- lookups ----------------------------------------------------------------------------------
    @cached_property
    def _indexes(self) -> dict[str, dict[str, int]]:
        c = self._columns
        return {
            e.name: {str(k): i for i, k in enumerate(getattr(c, e.attribute).ids)}
            for e in ENTITIES
            if e.id_column is not None
        }

    def index_of(self, entity: str, id: str) -> int:
        """Row position of record ``id`` in the columns of ``entity`` (French entity name).

        Raises
        ------
        afnor_ctin.errors.UnknownCodeError
            When there is no such record.
        """
        try:
            return self._indexes[entity][id]
        except KeyError:
            raise UnknownCodeError(f"aucun enregistrement « {id} » dans {entity}") from None

    def actor(self, id: str) -> Actor:
        """The actor with this id (raises :class:`~afnor_ctin.errors.UnknownCodeError`)."""
        return self.actors[self.index_of("acteurs", id)]

    def place(self, id: str) -> Place:
        """The place with this id (raises :class:`~afnor_ctin.errors.UnknownCodeError`)."""
        return self.places[self.index_of("lieux", id)]

    def mediator(self, id: str) -> Mediator:
        """The mediator with this id (raises :class:`~afnor_ctin.errors.UnknownCodeError`)."""
        return self.mediators[self.index_of("mediateurs", id)]

    def action(self, id: str) -> Action:
        """The action with this id (raises :class:`~afnor_ctin.errors.UnknownCodeError`)."""
        return self.actions[self.index_of("actions", id)]

    def beneficiary(self, id: str) -> Beneficiary:
        """The beneficiary with this id (raises :class:`~afnor_ctin.errors.UnknownCodeError`)."""
        return self.beneficiaries[self.index_of("beneficiaires", id)]

    def funding(self, id: str) -> Funding:
        """The funding with this id (raises :class:`~afnor_ctin.errors.UnknownCodeError`)."""
        return self.fundings[self.index_of("financements", id)]

    # -- selection --------------------------------------------------------------------------------
    def replace(self, territory: Territory | None = None, **collections: Iterable[Any]) -> Dataset:
        """A new dataset with the territory and/or some record collections replaced.

        Collections are named in English, e.g. ``ds.replace(actions=[...])``.
        """
        current: dict[str, Any] = {e.attribute: getattr(self, e.attribute) for e in ENTITIES}
        unknown = set(collections) - set(current)
        if unknown:
            raise TypeError(f"collections inconnues : {', '.join(sorted(unknown))}")
        current.update(collections)
        return Dataset(territory or self._territory, **current)

    def filter(self, *, territory: Territory | None = None, period: Period | None = None) -> Dataset:
        """A smaller dataset restricted to a territory and/or a period.

        - ``territory``: actions whose commune is in it, places located in it (or itinerant and
          serving it), mediators working in those places or employed by an actor of it, actors of
          it or referenced by what is kept, their fundings; participations and beneficiaries of the
          kept actions.
        - ``period``: actions dated in it; places, mediators and fundings whose dates overlap it.

        Stock and "first seen" measures (I05 ``nouveaux``) depend on the whole history: evaluate
        the unfiltered dataset over a period rather than a period-filtered dataset for them.
        """
        t = territory or self._territory
        inside = {c.code_insee for c in t.communes}
        places = [
            p
            for p in self.places
            if (territory is None or p.code_insee in inside or (p.itinerant and inside & set(p.served_communes)))
            and (
                period is None
                or (
                    (p.opening_date is None or p.opening_date <= period.end)
                    and (p.closing_date is None or p.closing_date >= period.start)
                )
            )
        ]
        place_ids = {p.id for p in places}
        actor_commune = {a.id: a.code_insee for a in self.actors}
        vocabulary = self._columns.communes.codes
        actions = []
        for a, commune in zip(self.actions, self._columns.actions.commune.tolist(), strict=True):
            if territory is not None and vocabulary[commune] not in inside:
                continue
            if period is not None and not period.contains(a.date):
                continue
            if a.place_id is not None and a.place_id not in place_ids:
                place_ids.add(a.place_id)
            actions.append(a)
        places = [p for p in self.places if p.id in place_ids]
        used_mediators = {a.mediator_id for a in actions if a.mediator_id is not None}
        mediators = [
            replace_places(m, place_ids)
            for m in self.mediators
            if m.id in used_mediators
            or (
                (territory is None or place_ids & set(m.place_ids) or actor_commune.get(m.actor_id) in inside)
                and (
                    period is None
                    or (m.start_date <= period.end and (m.end_date is None or m.end_date >= period.start))
                )
            )
        ]
        mediator_ids = {m.id for m in mediators}
        actor_ids: set[str] = {a.id for a in self.actors if territory is None or a.code_insee in inside}
        actor_ids.update(p.actor_id for p in places)
        actor_ids.update(m.actor_id for m in mediators)
        for a in actions:
            actor_ids.add(a.actor_id)
            actor_ids.update(a.participating_actor_ids)
        fundings = [
            attrs.evolve(f, mediator_ids=tuple(m for m in f.mediator_ids if m in mediator_ids))
            for f in self.fundings
            if f.actor_id in actor_ids
            and (period is None or (f.start_date <= period.end and f.end_date >= period.start))
        ]
        action_ids = {a.id for a in actions}
        participations = [p for p in self.participations if p.action_id in action_ids]
        beneficiary_ids = {p.beneficiary_id for p in participations}
        return Dataset(
            t,
            actors=[a for a in self.actors if a.id in actor_ids],
            places=places,
            mediators=mediators,
            actions=actions,
            beneficiaries=[b for b in self.beneficiaries if b.id in beneficiary_ids],
            participations=participations,
            fundings=fundings,
        )


def _frozen_view(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        view = value.view()
        view.flags.writeable = False
        return view
    if isinstance(value, Csr):
        return Csr(_frozen_view(value.indptr), _frozen_view(value.values))
    return value


def read_only(columns: Columns) -> Columns:
    """The same columns as read-only views: a dataset's arrays cannot be written through it.

    The caller's arrays are not touched (views are made read-only, not the arrays themselves).
    """
    tables = {}
    for field in attrs.fields(Columns):
        table = getattr(columns, field.name)
        if attrs.has(type(table)):
            raw = table_columns(table, deferred=True)  # deferred ids stay so (read-only once converted)
            tables[field.name] = attrs.evolve(table, **{name: _frozen_view(value) for name, value in raw.items()})
        else:
            tables[field.name] = _frozen_view(table)
    return Columns(**tables)


def replace_places(mediator: Mediator, keep: set[str]) -> Mediator:
    """The mediator with its places restricted to ``keep``."""
    kept = tuple(p for p in mediator.place_ids if p in keep)
    return mediator if kept == mediator.place_ids else attrs.evolve(mediator, place_ids=kept)


def _wrap(territory: Territory, columns: Columns) -> Dataset:
    ds = Dataset.__new__(Dataset)
    object.__setattr__(ds, "_territory", territory)
    object.__setattr__(ds, "_columns", read_only(columns))
    return ds


def from_checked_columns(territory: Territory, columns: Columns) -> Dataset:
    """A dataset of columns whose rows already follow the rules, derived parts derived (see :func:`derive`).

    For the readers that apply the rules while they read (the native reader, block by block), so
    that no rule runs twice on one path; anyone else calls :meth:`Dataset.from_columns`.
    """
    return _wrap(territory, derive(territory, columns))


def derive(territory: Territory, columns: Columns) -> Columns:
    """The columns with what can be derived derived: the commune vocabulary and the commune of each action.

    Identifier columns take the one id dtype (:data:`~afnor_ctin.columns.ID_DTYPE`). The vocabulary
    becomes the sorted union of the given codes and the territory's communes, with
    membership, population and IFN score from the territory (commune positions follow); the
    commune of an action is its place's, else its own (:func:`afnor_ctin.rules.action_commune`).

    Raises
    ------
    afnor_ctin.errors.InvalidInputError
        When a position is out of range or a table's arrays differ in length.
    """
    check_shapes(columns)
    columns = with_id_dtype(columns)
    columns = with_communes(columns, commune_table(territory.communes, map(str, columns.communes.codes)))
    actions = columns.actions
    commune = action_commune(actions.place, actions.code_insee, columns.places.commune)
    return attrs.evolve(columns, actions=attrs.evolve(actions, commune=commune))


#: Fields derived by :func:`derive`: their lengths are not checked.
_DERIVED = {("communes", "in_territory"), ("communes", "population"), ("communes", "ifn"), ("actions", "commune")}

#: Commune positions: (table, field, optional).
_COMMUNE_FIELDS = (
    ("actors", "commune", True),
    ("places", "commune", False),
    ("places", "served", False),
    ("actions", "code_insee", True),
    ("beneficiaries", "residence", True),
)


def check_shapes(columns: Columns) -> None:
    """Check that every table's arrays have one length and every position is in range.

    Raises
    ------
    afnor_ctin.errors.InvalidInputError
        When they do not (the message names the table and the column).
    """
    tables = [(e.name, e.attribute) for e in ENTITIES] + [("communes", "communes")]
    for name, attribute in tables:
        table = getattr(columns, attribute)
        n = len(table)
        for column, value in table_columns(table, deferred=True).items():
            if (attribute, column) in _DERIVED:
                continue
            if len(value) != n:
                raise InvalidInputError(f"colonnes de {name} : « {column} » a {len(value)} valeurs au lieu de {n}")

    def in_range(label: str, column: npt.NDArray[Any] | Csr, size: int, optional: bool) -> None:
        values = column.values if isinstance(column, Csr) else column
        if len(values) == 0:
            return
        lo = -1 if optional else 0
        if int(values.min()) < lo or int(values.max()) >= size:
            raise InvalidInputError(f"colonnes : « {label} » contient une position hors limites")

    for entity in ENTITIES:
        table = getattr(columns, entity.attribute)
        for ref in entity.references:
            target = len(getattr(columns, ENTITY[ref.target].attribute))
            in_range(f"{entity.name}.{ref.field}", getattr(table, ref.field), target, ref.optional)
    for attribute, field, optional in _COMMUNE_FIELDS:
        label = f"{ENTITIES[[e.attribute for e in ENTITIES].index(attribute)].name}.{field}"
        in_range(label, getattr(getattr(columns, attribute), field), len(columns.communes), optional)
    in_range("actions.trained", columns.actions.trained, len(columns.persons), False)

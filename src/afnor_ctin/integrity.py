"""Referential integrity of a dataset, for records and for columns: what is kept, what is rejected and why.

:func:`check_integrity` screens records, :func:`check_columns` screens columns; both apply the rules
of :mod:`afnor_ctin.rules` to the entities of :mod:`afnor_ctin.entities` in dependency order, so that
a row referring to a rejected row is rejected in turn, and both report the same
:class:`~afnor_ctin.rules.Rejection` for the same data.

>>> from afnor_ctin.model import Actor, ActorType, Place
>>> result = check_integrity(
...     actors=[Actor(id="A", name="Asso", type=ActorType.ASSO)],
...     places=[Place(id="P", actor_id="B", name="Lieu", code_insee="17300")],
... )
>>> tuple((r.entity, r.column, r.value, r.code.value) for r in result.rejections)
(('lieux', 'acteur_id', 'B', 'reference_inconnue'),)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Unpack

import attrs
import numpy as np
import numpy.typing as npt

from afnor_ctin.cascade import Cascade, Rejected, record_place
from afnor_ctin.columns import Columns, Csr, codes, table_columns
from afnor_ctin.entities import ENTITIES, ENTITY, NOUNS, Entity, Records, Reference, given_records
from afnor_ctin.model.enums import ActionType
from afnor_ctin.model.records import (
    SUPPORT_ACTION_TYPES,
    Action,
    Actor,
    Beneficiary,
    Funding,
    Mediator,
    Participation,
    Place,
)
from afnor_ctin.rules import ABSENT, UNRESOLVED, Participations, Rejection, Screen, rows_with, seats

__all__ = ["IntegrityResult", "check_columns", "check_integrity", "index_of_ids", "support_codes"]

I64 = npt.NDArray[np.int64]


@attrs.frozen(kw_only=True)
class IntegrityResult:
    """Records kept by :func:`check_integrity` and the rejections, per entity."""

    actors: tuple[Actor, ...]
    places: tuple[Place, ...]
    mediators: tuple[Mediator, ...]
    actions: tuple[Action, ...]
    beneficiaries: tuple[Beneficiary, ...]
    participations: tuple[Participation, ...]
    fundings: tuple[Funding, ...]
    rejections: tuple[Rejection, ...]


def support_codes() -> npt.NDArray[np.bool_]:
    """For every action type code, whether the type is a support action (individual support or workshop)."""
    return codes.selects(ActionType, SUPPORT_ACTION_TYPES)


def index_of_ids(ids: Iterable[Any]) -> dict[str, int]:
    """Identifier → position of its first occurrence."""
    index: dict[str, int] = {}
    for i, key in enumerate(ids):
        index.setdefault(str(key), i)
    return index


def _sorted(rejections: Iterable[Rejection]) -> tuple[Rejection, ...]:
    order = {e.name: n for n, e in enumerate(ENTITIES)}
    return tuple(sorted(rejections, key=lambda r: (order[r.entity], r.index)))


# ------------------------------------------------------------------------------------------------
# Records
# ------------------------------------------------------------------------------------------------
def _resolve(refs: Sequence[str | None], index: Mapping[str, int]) -> I64:
    """Positions of referenced ids among the kept records (:data:`ABSENT` for none, :data:`UNRESOLVED`)."""
    return np.array([ABSENT if ref is None else index.get(ref, UNRESOLVED) for ref in refs], dtype=np.int64).reshape(-1)


def _screen_records(
    entity: Entity,
    rows: list[Any],
    kept: Mapping[str, list[Any]],
    index: Mapping[str, Mapping[str, int]],
    cascade: Cascade,
) -> Screen:
    screen = Screen(entity.name, len(rows), cascade)
    if entity.name == "participations":
        actions = kept["actions"]
        screen.check_participations(
            _resolve([p.action_id for p in rows], index["actions"]),
            _resolve([p.beneficiary_id for p in rows], index["beneficiaires"]),
            np.array([a.type in SUPPORT_ACTION_TYPES for a in actions], dtype=bool),
            seats([ABSENT if a.participants is None else a.participants for a in actions]),
            Participations.start(len(actions), len(kept["beneficiaires"]), remember=False),
            lambda i: rows[i].action_id,
            lambda i: rows[i].beneficiary_id,
        )
        return screen
    screen.check_ids([r.id for r in rows])
    for ref in entity.references:
        known = index[ref.target]
        values = [getattr(r, ref.attribute) for r in rows]
        if ref.multi:
            missing = [next((x for x in refs if x not in known), None) for refs in values]
        else:
            missing = [None if x is None or x in known else x for x in values]
        screen.check_reference(ref.column, ref.target, [m is not None for m in missing], missing.__getitem__)
    return screen


def check_integrity(
    *,
    rejected: Rejected | None = None,
    where: Mapping[str, Callable[[int], str]] | None = None,
    lines: Mapping[str, Sequence[int]] | None = None,
    **records: Unpack[Records],
) -> IntegrityResult:
    """Keep the records whose ids are unique and whose references resolve; report the others.

    Entities are checked in dependency order, so a record that refers to a rejected record is
    rejected in turn, under the rule :data:`~afnor_ctin.rules.REJECTED_REFERENCE` that names the
    rejected record and keeps its root cause. Rules (:mod:`afnor_ctin.rules`): ids unique per
    entity (the first occurrence wins); every ``*_id`` refers to a kept record; a participation
    refers to a support action, at most once per beneficiary, and an action has at most
    ``participants`` participation rows.

    Parameters
    ----------
    rejected:
        Rows rejected before these records were built (by entity name and id, with their cause):
        a record referring to one of them is a cascade, not an unknown reference. Updated with the
        records rejected here.
    where:
        For each entity name, where its record ``i`` is, as named in the messages (by default
        :func:`~afnor_ctin.rules.record_place`).
    lines:
        For each entity name, the line of record ``i`` in its file: when rows of one id are
        rejected, here and in ``rejected``, the first one in the file is named (by default the
        first record).
    **records:
        The records of each entity (:class:`~afnor_ctin.entities.Records`; any iterables), in input order.

    Raises
    ------
    TypeError
        When a keyword names no entity.
    """
    given = given_records(records, "check_integrity")
    kept: dict[str, list[Any]] = {}
    index: dict[str, dict[str, int]] = {}
    rejections: list[Rejection] = []
    cascade = Cascade({} if rejected is None else rejected, NOUNS)
    for entity in ENTITIES:
        rows = list(given[entity.attribute])
        screen = _screen_records(entity, rows, kept, index, cascade)
        kept[entity.name] = [row for row, keep in zip(rows, screen.kept.tolist(), strict=True) if keep]
        if entity.id_column is not None:
            index[entity.name] = index_of_ids(r.id for r in kept[entity.name])
            at = None if lines is None or entity.name not in lines else lines[entity.name].__getitem__
            cascade.remember(screen, _record_id(rows), _where(entity.name, where), at)
        rejections.extend(screen.rejections)
    return IntegrityResult(
        **{e.attribute: tuple(kept[e.name]) for e in ENTITIES},
        rejections=_sorted(rejections),
    )


# ------------------------------------------------------------------------------------------------
# Columns
# ------------------------------------------------------------------------------------------------
def _through(positions: npt.NDArray[Any], kept: npt.NDArray[np.bool_]) -> I64:
    """Positions of references, with those pointing to a rejected row made :data:`UNRESOLVED`."""
    out = np.asarray(positions, dtype=np.int64).copy()
    present = np.flatnonzero(out >= 0)
    if len(present):
        out[present[~kept[out[present]]]] = UNRESOLVED
    return out


def _check_reference(screen: Screen, table: Any, ref: Reference, kept: npt.NDArray[np.bool_], ids: Any) -> None:
    column = getattr(table, ref.field)
    if ref.multi:
        values = _through(column.values, kept)
        broken = rows_with(column.indptr, values, UNRESOLVED)

        def value(i: int) -> str:
            row = column.values[column.indptr[i] : column.indptr[i + 1]]
            return str(ids[row[np.flatnonzero(~kept[row])[0]]])

    else:
        broken = _through(column, kept) == UNRESOLVED

        def value(i: int) -> str:
            return str(ids[column[i]])

    screen.check_reference(ref.column, ref.target, broken, value)


def _record_id(rows: Sequence[Any]) -> Callable[[int], object]:
    """The identifier of record ``i``."""
    return lambda i: rows[i].id


def _where(name: str, where: Mapping[str, Callable[[int], str]] | None) -> Callable[[int], str]:
    """Where record ``i`` of entity ``name`` is, as named in messages."""
    given = None if where is None else where.get(name)
    return given if given is not None else lambda i: record_place(name, i)


def _screen_columns(
    entity: Entity, columns: Columns, kept: Mapping[str, npt.NDArray[np.bool_]], cascade: Cascade
) -> Screen:
    table = getattr(columns, entity.attribute)
    screen = Screen(entity.name, len(table), cascade)
    if entity.name == "participations":
        actions = columns.actions
        action_ids, beneficiary_ids = actions.ids, columns.beneficiaries.ids
        screen.check_participations(
            _through(table.action, kept["actions"]),
            _through(table.beneficiary, kept["beneficiaires"]),
            support_codes()[actions.type] if len(actions) else np.zeros(0, dtype=bool),
            seats(actions.participants),
            Participations.start(len(actions), len(columns.beneficiaries), remember=False),
            lambda i: action_ids[table.action[i]],
            lambda i: beneficiary_ids[table.beneficiary[i]],
        )
        return screen
    if entity.name == "actions":
        screen.check_action(
            table.place != ABSENT,
            table.code_insee != ABSENT,
            support_codes()[table.type] if len(table) else np.zeros(0, dtype=bool),
            table.participants,
        )
    screen.check_ids(table.ids)
    for ref in entity.references:
        target = getattr(columns, ENTITY[ref.target].attribute)
        _check_reference(screen, table, ref, kept[ref.target], target.ids)
    return screen


def _take(table: Any, rows: npt.NDArray[np.intp]) -> Any:
    values = {}
    for name, column in table_columns(table).items():
        values[name] = column.take(rows) if isinstance(column, Csr) else column[rows]
    return type(table)(**values)


def _renumber(positions: npt.NDArray[Any], new: I64) -> npt.NDArray[np.int32]:
    out = np.asarray(positions, dtype=np.int32).copy()
    present = out >= 0
    out[present] = new[out[present]]
    return out


def _keep(columns: Columns, kept: Mapping[str, npt.NDArray[np.bool_]]) -> Columns:
    """The columns of the kept rows only, references renumbered."""
    if all(mask.all() for mask in kept.values()):
        return columns
    new = {name: np.cumsum(mask, dtype=np.int64) - 1 for name, mask in kept.items()}
    tables = {}
    for entity in ENTITIES:
        table = _take(getattr(columns, entity.attribute), np.flatnonzero(kept[entity.name]))
        changes: dict[str, Any] = {}
        for ref in entity.references:
            column = getattr(table, ref.field)
            if ref.multi:
                changes[ref.field] = Csr(column.indptr, _renumber(column.values, new[ref.target]))
            else:
                changes[ref.field] = _renumber(column, new[ref.target])
        tables[entity.attribute] = attrs.evolve(table, **changes)
    return attrs.evolve(columns, **tables)


def check_columns(columns: Columns) -> tuple[Columns, tuple[Rejection, ...]]:
    """Keep the rows of ``columns`` that follow the rules; report the others (as :func:`check_integrity`).

    The rules are those of :func:`check_integrity`, plus the invariants of an action (a commune
    without a place, at least one participant for a support action), which records enforce when
    they are built. References are positions: a reference to a rejected row is a reference to an
    unknown record, except for a rejected row, which is named (as :func:`check_integrity` does).

    Returns
    -------
    tuple[Columns, tuple[Rejection, ...]]
        The columns of the kept rows (references renumbered) and the rejections, by entity and row.
    """
    kept: dict[str, npt.NDArray[np.bool_]] = {}
    rejections: list[Rejection] = []
    cascade = Cascade({}, NOUNS)
    for entity in ENTITIES:
        screen = _screen_columns(entity, columns, kept, cascade)
        kept[entity.name] = screen.kept
        if entity.id_column is not None:
            cascade.remember(screen, getattr(columns, entity.attribute).ids.__getitem__, _where(entity.name, None))
        rejections.extend(screen.rejections)
    return _keep(columns, kept), _sorted(rejections)

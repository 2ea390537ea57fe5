"""Records to columns and back: the encoding of :mod:`afnor_ctin.columns` applied to the model's records.

:func:`to_columns` encodes the records of a dataset; :func:`records` decodes one entity's columns
into records, exactly (``records(to_columns(...), "actions")`` gives the actions back). Identifiers
become positions (the first record of an id when it repeats), enumeration members their code
(:data:`afnor_ctin.columns.codes`), sets of members bit masks, dates day numbers.

>>> from afnor_ctin.testing.examples import worked_example
>>> ds = worked_example()
>>> used = ("actors", "places", "mediators", "actions")
>>> columns = to_columns(ds.territory, {name: getattr(ds, name) for name in used})
>>> records(columns, "actions") == ds.actions
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from afnor_ctin.columns import (
    DAY_MAX,
    DAY_MIN,
    ActionTable,
    ActorTable,
    BeneficiaryTable,
    Columns,
    Csr,
    FundingTable,
    MediatorTable,
    ParticipationTable,
    PlaceTable,
    codes,
    commune_table,
    day_number,
    from_day_number,
    id_array,
    objects,
)
from afnor_ctin.integrity import index_of_ids
from afnor_ctin.model import enums
from afnor_ctin.model.records import Action, Actor, Beneficiary, Funding, Mediator, Participation, Place, Territory
from afnor_ctin.rules import ABSENT, action_commune

__all__ = ["record", "records", "to_columns"]


def _day(day: dt.date | None, missing: np.int32) -> int:
    return int(missing) if day is None else day_number(day)


def _number(value: int | None) -> int:
    return ABSENT if value is None else value


def _optional(index: Mapping[str, int]) -> dict[str | None, int]:
    """The index, with ``None`` (an empty reference) at :data:`~afnor_ctin.rules.ABSENT`."""
    out: dict[str | None, int] = {None: ABSENT}
    out.update(index)
    return out


def _ints(values: Iterable[int], dtype: Any) -> Any:
    return np.fromiter(values, dtype=dtype)


def to_columns(territory: Territory, collections: Mapping[str, Sequence[Any]]) -> Columns:
    """The columns of a dataset's records (English collection names: ``{"actions": [...], ...}``).

    Records are expected to hold together (see :func:`afnor_ctin.dataset.check_integrity`): an id
    refers to the first record with that id; a reference to no record raises ``KeyError``.
    """
    actors: Sequence[Actor] = collections.get("actors", ())
    places: Sequence[Place] = collections.get("places", ())
    mediators: Sequence[Mediator] = collections.get("mediators", ())
    actions: Sequence[Action] = collections.get("actions", ())
    beneficiaries: Sequence[Beneficiary] = collections.get("beneficiaries", ())
    participations: Sequence[Participation] = collections.get("participations", ())
    fundings: Sequence[Funding] = collections.get("fundings", ())

    mentioned: set[str] = {a.code_insee for a in actors if a.code_insee is not None}
    mentioned.update(p.code_insee for p in places)
    for p in places:
        mentioned.update(p.served_communes)
    mentioned.update(a.code_insee for a in actions if a.code_insee is not None)
    mentioned.update(b.residence_code_insee for b in beneficiaries if b.residence_code_insee is not None)
    communes = commune_table(territory.communes, mentioned)
    commune = {str(c): i for i, c in enumerate(communes.codes)}
    commune_of = _optional(commune)

    actor_idx = index_of_ids(a.id for a in actors)
    place_idx = index_of_ids(p.id for p in places)
    mediator_idx = index_of_ids(m.id for m in mediators)
    action_idx = index_of_ids(a.id for a in actions)
    beneficiary_idx = index_of_ids(b.id for b in beneficiaries)
    place_of = _optional(place_idx)
    mediator_of = _optional(mediator_idx)
    persons: dict[str, int] = {}
    for a in actions:
        for person in a.trained_person_ids:
            persons.setdefault(person, len(persons))

    def enum_column(items: Iterable[Any], kind: type[Any], dtype: Any) -> Any:
        return _ints(map(codes.lookup(kind).__getitem__, items), dtype)

    place_table = PlaceTable(
        ids=id_array([p.id for p in places]),
        actor=_ints((actor_idx[p.actor_id] for p in places), np.int32),
        names=objects([p.name for p in places]),
        commune=_ints((commune[p.code_insee] for p in places), np.int32),
        qpv=objects([p.code_qpv for p in places]),
        services=_ints((codes.mask(p.services) for p in places), np.uint16),
        itinerant=np.array([p.itinerant for p in places], dtype=bool),
        served=Csr.from_lists([[commune[c] for c in p.served_communes] for p in places], np.int32),
        opening=_ints((_day(p.opening_date, DAY_MIN) for p in places), np.int32),
        closing=_ints((_day(p.closing_date, DAY_MAX) for p in places), np.int32),
        updated=_ints((_day(p.updated_on, DAY_MIN) for p in places), np.int32),
    )
    place = _ints((place_of[a.place_id] for a in actions), np.int32)
    code_insee = _ints((commune_of[a.code_insee] for a in actions), np.int32)
    return Columns(
        communes=communes,
        actors=ActorTable(
            ids=id_array([a.id for a in actors]),
            names=objects([a.name for a in actors]),
            type=enum_column((a.type for a in actors), enums.ActorType, np.int16),
            siret=objects([a.siret for a in actors]),
            commune=_ints((commune_of[a.code_insee] for a in actors), np.int32),
            governance=np.array([a.governance_member for a in actors], dtype=bool),
        ),
        places=place_table,
        mediators=MediatorTable(
            ids=id_array([m.id for m in mediators]),
            actor=_ints((actor_idx[m.actor_id] for m in mediators), np.int32),
            role=enum_column((m.role for m in mediators), enums.MediatorRole, np.int8),
            start=_ints((day_number(m.start_date) for m in mediators), np.int32),
            end=_ints((_day(m.end_date, DAY_MAX) for m in mediators), np.int32),
            fte=np.array([np.nan if m.fte is None else m.fte for m in mediators], dtype=np.float64),
            places=Csr.from_lists([[place_idx[p] for p in m.place_ids] for m in mediators], np.int32),
            certifications=_ints((codes.mask(m.certifications) for m in mediators), np.uint8),
        ),
        actions=ActionTable(
            ids=id_array([a.id for a in actions]),
            type=enum_column((a.type for a in actions), enums.ActionType, np.int8),
            day=_ints((day_number(a.date) for a in actions), np.int32),
            actor=_ints((actor_idx[a.actor_id] for a in actions), np.int32),
            mediator=_ints((mediator_of[a.mediator_id] for a in actions), np.int32),
            place=place,
            code_insee=code_insee,
            commune=action_commune(place, code_insee, place_table.commune),
            channel=enum_column((a.channel for a in actions), enums.Channel, np.int8),
            duration=_ints((_number(a.duration_min) for a in actions), np.int32),
            participants=_ints((_number(a.participants) for a in actions), np.int32),
            thematiques=Csr.from_lists([[codes.of(t) for t in a.thematiques] for a in actions], np.int8),
            quantity=_ints((_number(a.quantity) for a in actions), np.int32),
            subtype=enum_column((a.subtype for a in actions), enums.SubType, np.int8),
            participating=Csr.from_lists(
                [[actor_idx[x] for x in a.participating_actor_ids] for a in actions], np.int32
            ),
            trained=Csr.from_lists([[persons[x] for x in a.trained_person_ids] for a in actions], np.int32),
        ),
        beneficiaries=BeneficiaryTable(
            ids=id_array([b.id for b in beneficiaries]),
            gender=enum_column((b.gender for b in beneficiaries), enums.Gender, np.int8),
            age_band=enum_column((b.age_band for b in beneficiaries), enums.AgeBand, np.int8),
            status=enum_column((b.status for b in beneficiaries), enums.SocialStatus, np.int8),
            residence=_ints((commune_of[b.residence_code_insee] for b in beneficiaries), np.int32),
        ),
        participations=ParticipationTable(
            action=_ints((action_idx[p.action_id] for p in participations), np.int32),
            beneficiary=_ints((beneficiary_idx[p.beneficiary_id] for p in participations), np.int32),
        ),
        fundings=FundingTable(
            ids=id_array([f.id for f in fundings]),
            funder=enum_column((f.funder for f in fundings), enums.Funder, np.int8),
            actor=_ints((actor_idx[f.actor_id] for f in fundings), np.int32),
            agreed=np.array([f.amount_agreed for f in fundings], dtype=np.float64),
            paid=np.array([np.nan if f.amount_paid is None else f.amount_paid for f in fundings], dtype=np.float64),
            start=_ints((day_number(f.start_date) for f in fundings), np.int32),
            end=_ints((day_number(f.end_date) for f in fundings), np.int32),
            mediators=Csr.from_lists([[mediator_idx[m] for m in f.mediator_ids] for f in fundings], np.int32),
        ),
        persons=id_array(list(persons)),
    )


# ------------------------------------------------------------------------------------------------
# Records from columns
# ------------------------------------------------------------------------------------------------
def _day_or_none(value: int, missing: np.int32) -> dt.date | None:
    return None if value == missing else from_day_number(value)


def _none_if(value: int) -> int | None:
    return None if value < 0 else int(value)


def _member(kind: type[Any], code: int) -> Any:
    return None if code < 0 else codes.members(kind)[code]


def _actor(c: Columns, i: int) -> Actor:
    t, commune = c.actors, c.communes.codes
    return Actor(
        id=t.ids[i],
        name=t.names[i],
        type=codes.members(enums.ActorType)[t.type[i]],
        siret=t.siret[i],
        code_insee=None if t.commune[i] < 0 else commune[t.commune[i]],
        governance_member=bool(t.governance[i]),
    )


def _place(c: Columns, i: int) -> Place:
    t, commune = c.places, c.communes.codes
    return Place(
        id=t.ids[i],
        actor_id=c.actors.ids[t.actor[i]],
        name=t.names[i],
        code_insee=commune[t.commune[i]],
        code_qpv=t.qpv[i],
        services=codes.unmask(enums.Service, int(t.services[i])),
        itinerant=bool(t.itinerant[i]),
        served_communes=tuple(commune[j] for j in t.served.row(i)),
        opening_date=_day_or_none(t.opening[i], DAY_MIN),
        closing_date=_day_or_none(t.closing[i], DAY_MAX),
        updated_on=_day_or_none(t.updated[i], DAY_MIN),
    )


def _mediator(c: Columns, i: int) -> Mediator:
    t = c.mediators
    return Mediator(
        id=t.ids[i],
        actor_id=c.actors.ids[t.actor[i]],
        role=codes.members(enums.MediatorRole)[t.role[i]],
        start_date=from_day_number(t.start[i]),
        end_date=_day_or_none(t.end[i], DAY_MAX),
        fte=None if np.isnan(t.fte[i]) else float(t.fte[i]),
        place_ids=tuple(c.places.ids[j] for j in t.places.row(i)),
        certifications=codes.unmask(enums.Certification, int(t.certifications[i])),
    )


def _action(c: Columns, i: int) -> Action:
    t, commune, thematique = c.actions, c.communes.codes, codes.members(enums.Thematique)
    return Action(
        id=t.ids[i],
        type=codes.members(enums.ActionType)[t.type[i]],
        date=from_day_number(t.day[i]),
        actor_id=c.actors.ids[t.actor[i]],
        mediator_id=None if t.mediator[i] < 0 else c.mediators.ids[t.mediator[i]],
        place_id=None if t.place[i] < 0 else c.places.ids[t.place[i]],
        code_insee=None if t.code_insee[i] < 0 else commune[t.code_insee[i]],
        channel=_member(enums.Channel, t.channel[i]),
        duration_min=_none_if(t.duration[i]),
        participants=_none_if(t.participants[i]),
        thematiques=tuple(thematique[j] for j in t.thematiques.row(i)),
        quantity=_none_if(t.quantity[i]),
        subtype=_member(enums.SubType, t.subtype[i]),
        participating_actor_ids=tuple(c.actors.ids[j] for j in t.participating.row(i)),
        trained_person_ids=tuple(c.persons[j] for j in t.trained.row(i)),
    )


def _beneficiary(c: Columns, i: int) -> Beneficiary:
    t = c.beneficiaries
    return Beneficiary(
        id=t.ids[i],
        gender=_member(enums.Gender, t.gender[i]),
        age_band=_member(enums.AgeBand, t.age_band[i]),
        status=_member(enums.SocialStatus, t.status[i]),
        residence_code_insee=None if t.residence[i] < 0 else c.communes.codes[t.residence[i]],
    )


def _participation(c: Columns, i: int) -> Participation:
    t = c.participations
    return Participation(action_id=c.actions.ids[t.action[i]], beneficiary_id=c.beneficiaries.ids[t.beneficiary[i]])


def _funding(c: Columns, i: int) -> Funding:
    t = c.fundings
    return Funding(
        id=t.ids[i],
        funder=codes.members(enums.Funder)[t.funder[i]],
        actor_id=c.actors.ids[t.actor[i]],
        amount_agreed=float(t.agreed[i]),
        amount_paid=None if np.isnan(t.paid[i]) else float(t.paid[i]),
        start_date=from_day_number(t.start[i]),
        end_date=from_day_number(t.end[i]),
        mediator_ids=tuple(c.mediators.ids[j] for j in t.mediators.row(i)),
    )


_DECODERS: Mapping[str, Callable[[Columns, int], Any]] = {
    "actors": _actor,
    "places": _place,
    "mediators": _mediator,
    "actions": _action,
    "beneficiaries": _beneficiary,
    "participations": _participation,
    "fundings": _funding,
}


def record(columns: Columns, collection: str, row: int) -> Any:
    """The record of one row of a collection (English name, e.g. ``"actions"``).

    Raises
    ------
    afnor_ctin.errors.InvalidInputError
        When the row breaks an invariant of its record class.
    """
    return _DECODERS[collection](columns, row)


def records(columns: Columns, collection: str) -> tuple[Any, ...]:
    """The records of one collection (English name, e.g. ``"actions"``), rebuilt from ``columns``.

    Raises
    ------
    afnor_ctin.errors.InvalidInputError
        When a row breaks an invariant of its record class.
    """
    decode = _DECODERS[collection]
    return tuple(decode(columns, i) for i in range(len(getattr(columns, collection))))

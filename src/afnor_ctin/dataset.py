"""The :class:`Dataset`: an immutable, referentially consistent set of records with columnar views.

A dataset is built from records (:meth:`Dataset.__init__`) or, for very large inputs, directly from
columns (:meth:`Dataset.from_columns`). Either way it stores numpy columns (:mod:`afnor_ctin.columns`)
that the indicators read, and rebuilds records on demand (:attr:`Dataset.actions`…), exactly.

>>> from afnor_ctin.model import Territory
>>> ds = Dataset(Territory.from_epci("241700434"))
>>> len(ds.actions), len(ds.columns.communes)
(0, 28)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cached_property
from typing import Any, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from afnor_ctin.columns import (
    DAY_MAX,
    DAY_MIN,
    ActionTable,
    ActorTable,
    BeneficiaryTable,
    Columns,
    CommuneTable,
    Csr,
    FundingTable,
    MediatorTable,
    ParticipationTable,
    PlaceTable,
    day_number,
    from_day_number,
)
from afnor_ctin.errors import DataError, Issue, Severity, UnknownCodeError
from afnor_ctin.model.enums import (
    ActionType,
    ActorType,
    AgeBand,
    Certification,
    Channel,
    Funder,
    Gender,
    MediatorRole,
    Service,
    SocialStatus,
    SubType,
    Thematique,
)
from afnor_ctin.model.records import (
    SUPPORT_ACTION_TYPES,
    Action,
    Actor,
    Beneficiary,
    Funding,
    Mediator,
    Participation,
    Place,
    Territory,
)
from afnor_ctin.period import Period

__all__ = ["ENTITIES", "Dataset", "IntegrityResult", "check_integrity"]

#: Entity names, in dependency order (the native file of each is ``<name>.csv``).
ENTITIES: tuple[str, ...] = (
    "acteurs",
    "lieux",
    "mediateurs",
    "actions",
    "beneficiaires",
    "participations",
    "financements",
)

ACTION_TYPES: tuple[ActionType, ...] = tuple(ActionType)
ACTOR_TYPES: tuple[ActorType, ...] = tuple(ActorType)
SERVICES: tuple[Service, ...] = tuple(Service)
ROLES: tuple[MediatorRole, ...] = tuple(MediatorRole)
CERTIFICATIONS: tuple[Certification, ...] = tuple(Certification)
CHANNELS: tuple[Channel, ...] = tuple(Channel)
THEMATIQUES: tuple[Thematique, ...] = tuple(Thematique)
SUBTYPES: tuple[SubType, ...] = tuple(SubType)
GENDERS: tuple[Gender, ...] = tuple(Gender)
AGE_BANDS: tuple[AgeBand, ...] = tuple(AgeBand)
STATUSES: tuple[SocialStatus, ...] = tuple(SocialStatus)
FUNDERS: tuple[Funder, ...] = tuple(Funder)

T = TypeVar("T")
R = TypeVar("R")


# --------------------------------------------------------------------------------------------
# Referential integrity
# --------------------------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class Rejection:
    """A record excluded by the integrity check: entity, position in its input, column, value, reason."""

    entity: str
    index: int
    column: str
    value: str
    code: str
    message: str

    def to_issue(self, file: str | None = None, line: int | None = None) -> Issue:
        """The matching :class:`~afnor_ctin.errors.Issue` (severity ``erreur``)."""
        return Issue(
            code=self.code,
            severity=Severity.ERROR,
            message=self.message,
            file=file if file is not None else f"{self.entity}.csv",
            line=line,
            column=self.column,
            value=self.value,
        )


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


def check_integrity(
    *,
    actors: Iterable[Actor] = (),
    places: Iterable[Place] = (),
    mediators: Iterable[Mediator] = (),
    actions: Iterable[Action] = (),
    beneficiaries: Iterable[Beneficiary] = (),
    participations: Iterable[Participation] = (),
    fundings: Iterable[Funding] = (),
) -> IntegrityResult:
    """Keep the records whose ids are unique and whose references resolve; report the others.

    Entities are checked in dependency order, so a record that refers to a rejected record is
    rejected in turn. Rules: ids unique per entity (the first occurrence wins); every ``*_id``
    refers to a kept record; a participation refers to a support action, at most once per
    beneficiary, and an action has at most ``participants`` participation rows.
    """
    rejections: list[Rejection] = []

    def unique(entity: str, records: Iterable[T], key: Callable[[T], str]) -> list[T]:
        seen: set[str] = set()
        kept: list[T] = []
        for i, record in enumerate(records):
            k = key(record)
            if k in seen:
                rejections.append(
                    Rejection(
                        entity=entity,
                        index=i,
                        column="id",
                        value=k,
                        code="identifiant_en_double",
                        message=f"identifiant « {k} » déjà utilisé plus haut dans {entity}",
                    )
                )
                continue
            seen.add(k)
            kept.append(record)
        return kept

    def refs(
        entity: str,
        records: Sequence[T],
        checks: Sequence[tuple[str, Callable[[T], Iterable[str]], set[str], str]],
        index_of: Mapping[int, int] | None = None,
    ) -> list[T]:
        kept: list[T] = []
        for pos, record in enumerate(records):
            bad: Rejection | None = None
            for column, getter, known, target in checks:
                for ref in getter(record):
                    if ref not in known:
                        bad = Rejection(
                            entity=entity,
                            index=index_of[pos] if index_of is not None else pos,
                            column=column,
                            value=ref,
                            code="reference_inconnue",
                            message=f"« {ref} » ne correspond à aucun identifiant connu de {target}",
                        )
                        break
                if bad is not None:
                    break
            if bad is None:
                kept.append(record)
            else:
                rejections.append(bad)
        return kept

    def positions(records: Iterable[T], key: Callable[[T], str]) -> tuple[list[T], dict[int, int]]:
        lst = list(records)
        seen: set[str] = set()
        out: list[T] = []
        mapping: dict[int, int] = {}
        for i, r in enumerate(lst):
            k = key(r)
            if k in seen:
                continue
            seen.add(k)
            mapping[len(out)] = i
            out.append(r)
        return out, mapping

    def one(value: str | None) -> tuple[str, ...]:
        return () if value is None else (value,)

    actor_list = list(actors)
    kept_actors = unique("acteurs", actor_list, lambda r: r.id)
    actor_ids = {a.id for a in kept_actors}

    place_list = list(places)
    unique("lieux", place_list, lambda r: r.id)
    place_first, place_pos = positions(place_list, lambda r: r.id)
    kept_places = refs("lieux", place_first, [("acteur_id", lambda r: (r.actor_id,), actor_ids, "acteurs")], place_pos)
    place_ids = {p.id for p in kept_places}

    mediator_list = list(mediators)
    unique("mediateurs", mediator_list, lambda r: r.id)
    med_first, med_pos = positions(mediator_list, lambda r: r.id)
    kept_mediators = refs(
        "mediateurs",
        med_first,
        [
            ("acteur_id", lambda r: (r.actor_id,), actor_ids, "acteurs"),
            ("lieu_ids", lambda r: r.place_ids, place_ids, "lieux"),
        ],
        med_pos,
    )
    mediator_ids = {m.id for m in kept_mediators}

    action_list = list(actions)
    unique("actions", action_list, lambda r: r.id)
    act_first, act_pos = positions(action_list, lambda r: r.id)
    kept_actions = refs(
        "actions",
        act_first,
        [
            ("acteur_id", lambda r: (r.actor_id,), actor_ids, "acteurs"),
            ("mediateur_id", lambda r: one(r.mediator_id), mediator_ids, "mediateurs"),
            ("lieu_id", lambda r: one(r.place_id), place_ids, "lieux"),
            ("acteurs_participants", lambda r: r.participating_actor_ids, actor_ids, "acteurs"),
        ],
        act_pos,
    )

    beneficiary_list = list(beneficiaries)
    kept_beneficiaries = unique("beneficiaires", beneficiary_list, lambda r: r.id)
    beneficiary_ids = {b.id for b in kept_beneficiaries}

    support = {a.id: (a.participants or 1) for a in kept_actions if a.type in SUPPORT_ACTION_TYPES}
    all_action_ids = {a.id for a in kept_actions}
    used: dict[str, int] = {}
    seen_pairs: set[tuple[str, str]] = set()
    kept_participations: list[Participation] = []
    for i, p in enumerate(participations):
        reason: tuple[str, str, str, str] | None = None
        if p.action_id not in all_action_ids:
            reason = (
                "action_id",
                p.action_id,
                "reference_inconnue",
                f"« {p.action_id} » ne correspond à aucun identifiant connu de actions",
            )
        elif p.action_id not in support:
            reason = (
                "action_id",
                p.action_id,
                "participation_hors_accompagnement",
                f"l'action « {p.action_id} » n'est pas un accompagnement individuel ni un atelier collectif",
            )
        elif p.beneficiary_id not in beneficiary_ids:
            reason = (
                "beneficiaire_id",
                p.beneficiary_id,
                "reference_inconnue",
                f"« {p.beneficiary_id} » ne correspond à aucun identifiant connu de beneficiaires",
            )
        elif (p.action_id, p.beneficiary_id) in seen_pairs:
            reason = (
                "beneficiaire_id",
                p.beneficiary_id,
                "participation_en_double",
                f"le bénéficiaire « {p.beneficiary_id} » figure déjà pour l'action « {p.action_id} »",
            )
        elif used.get(p.action_id, 0) >= support[p.action_id]:
            reason = (
                "action_id",
                p.action_id,
                "participations_en_exces",
                f"plus de lignes de participation que de participants ({support[p.action_id]}) "
                f"pour l'action « {p.action_id} »",
            )
        if reason is not None:
            column, value, code, message = reason
            rejections.append(
                Rejection(entity="participations", index=i, column=column, value=value, code=code, message=message)
            )
            continue
        seen_pairs.add((p.action_id, p.beneficiary_id))
        used[p.action_id] = used.get(p.action_id, 0) + 1
        kept_participations.append(p)

    funding_list = list(fundings)
    unique("financements", funding_list, lambda r: r.id)
    fund_first, fund_pos = positions(funding_list, lambda r: r.id)
    kept_fundings = refs(
        "financements",
        fund_first,
        [
            ("acteur_id", lambda r: (r.actor_id,), actor_ids, "acteurs"),
            ("mediateur_ids", lambda r: r.mediator_ids, mediator_ids, "mediateurs"),
        ],
        fund_pos,
    )
    order = {name: n for n, name in enumerate(ENTITIES)}
    rejections.sort(key=lambda r: (order[r.entity], r.index))
    return IntegrityResult(
        actors=tuple(kept_actors),
        places=tuple(kept_places),
        mediators=tuple(kept_mediators),
        actions=tuple(kept_actions),
        beneficiaries=tuple(kept_beneficiaries),
        participations=tuple(kept_participations),
        fundings=tuple(kept_fundings),
        rejections=tuple(rejections),
    )


# --------------------------------------------------------------------------------------------
# Columns from records
# --------------------------------------------------------------------------------------------
def _code_map(members: Sequence[Any]) -> dict[Any, int]:
    return {m: i for i, m in enumerate(members)}


def _opt_day(day: dt.date | None, missing: np.int32) -> int:
    return int(missing) if day is None else day_number(day)


def _mask(items: Iterable[Any], codes: Mapping[Any, int]) -> int:
    m = 0
    for item in items:
        m |= 1 << codes[item]
    return m


def _obj(values: list[Any]) -> npt.NDArray[np.object_]:
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr


def _build_columns(
    territory: Territory,
    actors: Sequence[Actor],
    places: Sequence[Place],
    mediators: Sequence[Mediator],
    actions: Sequence[Action],
    beneficiaries: Sequence[Beneficiary],
    participations: Sequence[Participation],
    fundings: Sequence[Funding],
) -> Columns:
    codes: set[str] = {c.code_insee for c in territory.communes}
    codes.update(a.code_insee for a in actors if a.code_insee is not None)
    codes.update(p.code_insee for p in places)
    for p in places:
        codes.update(p.served_communes)
    codes.update(a.code_insee for a in actions if a.code_insee is not None)
    codes.update(b.residence_code_insee for b in beneficiaries if b.residence_code_insee is not None)
    vocab = sorted(codes)
    cidx = {c: i for i, c in enumerate(vocab)}
    member = {c.code_insee: c for c in territory.communes}
    communes = CommuneTable(
        codes=_obj(vocab),
        in_territory=np.array([c in member for c in vocab], dtype=bool),
        population=np.array([member[c].population if c in member else 0 for c in vocab], dtype=np.int64),
        ifn=np.array(
            [member[c].ifn_score if c in member and member[c].ifn_score is not None else np.nan for c in vocab],
            dtype=np.float64,
        ),
    )

    def cnull(code: str | None) -> int:
        return -1 if code is None else cidx[code]

    actor_idx = {a.id: i for i, a in enumerate(actors)}
    actor_types = _code_map(ACTOR_TYPES)
    actor_table = ActorTable(
        ids=_obj([a.id for a in actors]),
        names=_obj([a.name for a in actors]),
        type=np.array([actor_types[a.type] for a in actors], dtype=np.int16),
        siret=_obj([a.siret for a in actors]),
        commune=np.array([cnull(a.code_insee) for a in actors], dtype=np.int32),
        governance=np.array([a.governance_member for a in actors], dtype=bool),
    )

    place_idx = {p.id: i for i, p in enumerate(places)}
    service_codes = _code_map(SERVICES)
    place_table = PlaceTable(
        ids=_obj([p.id for p in places]),
        actor=np.array([actor_idx[p.actor_id] for p in places], dtype=np.int32),
        names=_obj([p.name for p in places]),
        commune=np.array([cidx[p.code_insee] for p in places], dtype=np.int32),
        qpv=_obj([p.code_qpv for p in places]),
        services=np.array([_mask(p.services, service_codes) for p in places], dtype=np.uint16),
        itinerant=np.array([p.itinerant for p in places], dtype=bool),
        served=Csr.from_lists([[cidx[c] for c in p.served_communes] for p in places], np.int32),
        opening=np.array([_opt_day(p.opening_date, DAY_MIN) for p in places], dtype=np.int32),
        closing=np.array([_opt_day(p.closing_date, DAY_MAX) for p in places], dtype=np.int32),
        updated=np.array([_opt_day(p.updated_on, DAY_MIN) for p in places], dtype=np.int32),
    )

    mediator_idx = {m.id: i for i, m in enumerate(mediators)}
    roles = _code_map(ROLES)
    certs = _code_map(CERTIFICATIONS)
    mediator_table = MediatorTable(
        ids=_obj([m.id for m in mediators]),
        actor=np.array([actor_idx[m.actor_id] for m in mediators], dtype=np.int32),
        role=np.array([roles[m.role] for m in mediators], dtype=np.int8),
        start=np.array([day_number(m.start_date) for m in mediators], dtype=np.int32),
        end=np.array([_opt_day(m.end_date, DAY_MAX) for m in mediators], dtype=np.int32),
        fte=np.array([np.nan if m.fte is None else m.fte for m in mediators], dtype=np.float64),
        places=Csr.from_lists([[place_idx[p] for p in m.place_ids] for m in mediators], np.int32),
        certifications=np.array([_mask(m.certifications, certs) for m in mediators], dtype=np.uint8),
    )

    persons: dict[str, int] = {}
    for a in actions:
        for person in a.trained_person_ids:
            persons.setdefault(person, len(persons))
    types = _code_map(ACTION_TYPES)
    channels = _code_map(CHANNELS)
    thematiques = _code_map(THEMATIQUES)
    subtypes = _code_map(SUBTYPES)
    place_commune = place_table.commune
    action_place = np.array([-1 if a.place_id is None else place_idx[a.place_id] for a in actions], dtype=np.int32)
    action_code = np.array([cnull(a.code_insee) for a in actions], dtype=np.int32)
    effective = np.where(
        action_place >= 0, place_commune[np.maximum(action_place, 0)] if len(places) else -1, action_code
    ).astype(np.int32)

    def opt(v: int | None) -> int:
        return -1 if v is None else v

    action_table = ActionTable(
        ids=_obj([a.id for a in actions]),
        type=np.array([types[a.type] for a in actions], dtype=np.int8),
        day=np.array([day_number(a.date) for a in actions], dtype=np.int32),
        actor=np.array([actor_idx[a.actor_id] for a in actions], dtype=np.int32),
        mediator=np.array(
            [-1 if a.mediator_id is None else mediator_idx[a.mediator_id] for a in actions], dtype=np.int32
        ),
        place=action_place,
        code_insee=action_code,
        commune=effective,
        channel=np.array([-1 if a.channel is None else channels[a.channel] for a in actions], dtype=np.int8),
        duration=np.array([opt(a.duration_min) for a in actions], dtype=np.int32),
        participants=np.array([opt(a.participants) for a in actions], dtype=np.int32),
        thematiques=Csr.from_lists([[thematiques[t] for t in a.thematiques] for a in actions], np.int8),
        quantity=np.array([opt(a.quantity) for a in actions], dtype=np.int32),
        subtype=np.array([-1 if a.subtype is None else subtypes[a.subtype] for a in actions], dtype=np.int8),
        participating=Csr.from_lists([[actor_idx[x] for x in a.participating_actor_ids] for a in actions], np.int32),
        trained=Csr.from_lists([[persons[x] for x in a.trained_person_ids] for a in actions], np.int32),
    )

    beneficiary_idx = {b.id: i for i, b in enumerate(beneficiaries)}
    genders = _code_map(GENDERS)
    ages = _code_map(AGE_BANDS)
    statuses = _code_map(STATUSES)
    beneficiary_table = BeneficiaryTable(
        ids=_obj([b.id for b in beneficiaries]),
        gender=np.array([-1 if b.gender is None else genders[b.gender] for b in beneficiaries], dtype=np.int8),
        age_band=np.array([-1 if b.age_band is None else ages[b.age_band] for b in beneficiaries], dtype=np.int8),
        status=np.array([-1 if b.status is None else statuses[b.status] for b in beneficiaries], dtype=np.int8),
        residence=np.array([cnull(b.residence_code_insee) for b in beneficiaries], dtype=np.int32),
    )
    action_idx = {a.id: i for i, a in enumerate(actions)}
    participation_table = ParticipationTable(
        action=np.array([action_idx[p.action_id] for p in participations], dtype=np.int32),
        beneficiary=np.array([beneficiary_idx[p.beneficiary_id] for p in participations], dtype=np.int32),
    )
    funders = _code_map(FUNDERS)
    funding_table = FundingTable(
        ids=_obj([f.id for f in fundings]),
        funder=np.array([funders[f.funder] for f in fundings], dtype=np.int8),
        actor=np.array([actor_idx[f.actor_id] for f in fundings], dtype=np.int32),
        agreed=np.array([f.amount_agreed for f in fundings], dtype=np.float64),
        paid=np.array([np.nan if f.amount_paid is None else f.amount_paid for f in fundings], dtype=np.float64),
        start=np.array([day_number(f.start_date) for f in fundings], dtype=np.int32),
        end=np.array([day_number(f.end_date) for f in fundings], dtype=np.int32),
        mediators=Csr.from_lists([[mediator_idx[m] for m in f.mediator_ids] for f in fundings], np.int32),
    )
    return Columns(
        communes=communes,
        actors=actor_table,
        places=place_table,
        mediators=mediator_table,
        actions=action_table,
        beneficiaries=beneficiary_table,
        participations=participation_table,
        fundings=funding_table,
        persons=_obj(list(persons)),
    )


# --------------------------------------------------------------------------------------------
# Records from columns
# --------------------------------------------------------------------------------------------
def _day_or_none(value: int, missing: np.int32) -> dt.date | None:
    return None if value == missing else from_day_number(value)


def _bits(mask: int, members: Sequence[T]) -> tuple[T, ...]:
    return tuple(m for i, m in enumerate(members) if mask >> i & 1)


def _none_if(value: int) -> int | None:
    return None if value < 0 else int(value)


class Dataset:
    """An immutable, referentially consistent CTIN dataset with columnar numpy views.

    Parameters
    ----------
    territory:
        The :class:`~afnor_ctin.model.Territory` the data describes.
    actors, places, mediators, actions, beneficiaries, participations, fundings:
        The records (any iterables; they are copied, never mutated).

    Raises
    ------
    afnor_ctin.errors.DataError
        When ids repeat or references do not resolve; every problem is listed in ``issues``.
        Readers of files report such rows instead (see :func:`check_integrity`).
    """

    __slots__ = ("__dict__", "_columns", "_territory")
    _columns: Columns
    _territory: Territory

    def __init__(
        self,
        territory: Territory,
        *,
        actors: Iterable[Actor] = (),
        places: Iterable[Place] = (),
        mediators: Iterable[Mediator] = (),
        actions: Iterable[Action] = (),
        beneficiaries: Iterable[Beneficiary] = (),
        participations: Iterable[Participation] = (),
        fundings: Iterable[Funding] = (),
    ) -> None:
        result = check_integrity(
            actors=actors,
            places=places,
            mediators=mediators,
            actions=actions,
            beneficiaries=beneficiaries,
            participations=participations,
            fundings=fundings,
        )
        if result.rejections:
            raise DataError([r.to_issue() for r in result.rejections])
        columns = _build_columns(
            territory,
            result.actors,
            result.places,
            result.mediators,
            result.actions,
            result.beneficiaries,
            result.participations,
            result.fundings,
        )
        object.__setattr__(self, "_territory", territory)
        object.__setattr__(self, "_columns", read_only(columns))
        # The records given are the records held: keep them to avoid rebuilding.
        self.__dict__.update(
            actors=result.actors,
            places=result.places,
            mediators=result.mediators,
            actions=result.actions,
            beneficiaries=result.beneficiaries,
            participations=result.participations,
            fundings=result.fundings,
        )

    @classmethod
    def from_columns(cls, territory: Territory, columns: Columns) -> Dataset:
        """Wrap prepared columns (fast path for very large inputs; no record is built).

        The columns must follow the conventions of :mod:`afnor_ctin.columns`; positions are
        checked to be in range.

        Raises
        ------
        afnor_ctin.errors.InvalidInputError
            When a position is out of range or a table's arrays differ in length.
        """
        _check_columns(columns)
        ds = cls.__new__(cls)
        object.__setattr__(ds, "_territory", territory)
        object.__setattr__(ds, "_columns", read_only(columns))
        return ds

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("un Dataset est immuable")

    def __repr__(self) -> str:
        c = self._columns
        return (
            f"<Dataset {self._territory.name} ({self._territory.code}) : {len(c.communes.codes)} communes, "
            f"{len(c.actors)} acteurs, {len(c.places)} lieux, {len(c.mediators)} médiateurs, "
            f"{len(c.actions)} actions, {len(c.beneficiaries)} bénéficiaires, "
            f"{len(c.participations)} participations, {len(c.fundings)} financements>"
        )

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
        c = self._columns
        return {
            "acteurs": len(c.actors),
            "lieux": len(c.places),
            "mediateurs": len(c.mediators),
            "actions": len(c.actions),
            "beneficiaires": len(c.beneficiaries),
            "participations": len(c.participations),
            "financements": len(c.fundings),
        }

    def _repr_html_(self) -> str:
        """Compact French HTML summary (territory and counts per entity), shown by Jupyter."""
        from afnor_ctin.report.notebook import dataset_html

        return dataset_html(self)

    # -- records (rebuilt on demand from the columns when not held) ------------------------------
    @cached_property
    def actors(self) -> tuple[Actor, ...]:
        """The actors."""
        t = self._columns.actors
        codes = self._columns.communes.codes
        return tuple(
            Actor(
                id=t.ids[i],
                name=t.names[i],
                type=ACTOR_TYPES[t.type[i]],
                siret=t.siret[i],
                code_insee=None if t.commune[i] < 0 else codes[t.commune[i]],
                governance_member=bool(t.governance[i]),
            )
            for i in range(len(t))
        )

    @cached_property
    def places(self) -> tuple[Place, ...]:
        """The places."""
        t = self._columns.places
        codes = self._columns.communes.codes
        actor_ids = self._columns.actors.ids
        return tuple(
            Place(
                id=t.ids[i],
                actor_id=actor_ids[t.actor[i]],
                name=t.names[i],
                code_insee=codes[t.commune[i]],
                code_qpv=t.qpv[i],
                services=_bits(int(t.services[i]), SERVICES),
                itinerant=bool(t.itinerant[i]),
                served_communes=tuple(codes[j] for j in t.served.row(i)),
                opening_date=_day_or_none(t.opening[i], DAY_MIN),
                closing_date=_day_or_none(t.closing[i], DAY_MAX),
                updated_on=_day_or_none(t.updated[i], DAY_MIN),
            )
            for i in range(len(t))
        )

    @cached_property
    def mediators(self) -> tuple[Mediator, ...]:
        """The mediators."""
        t = self._columns.mediators
        actor_ids = self._columns.actors.ids
        place_ids = self._columns.places.ids
        return tuple(
            Mediator(
                id=t.ids[i],
                actor_id=actor_ids[t.actor[i]],
                role=ROLES[t.role[i]],
                start_date=from_day_number(t.start[i]),
                end_date=_day_or_none(t.end[i], DAY_MAX),
                fte=None if np.isnan(t.fte[i]) else float(t.fte[i]),
                place_ids=tuple(place_ids[j] for j in t.places.row(i)),
                certifications=_bits(int(t.certifications[i]), CERTIFICATIONS),
            )
            for i in range(len(t))
        )

    @cached_property
    def actions(self) -> tuple[Action, ...]:
        """The actions."""
        c = self._columns
        t = c.actions
        codes = c.communes.codes
        return tuple(
            Action(
                id=t.ids[i],
                type=ACTION_TYPES[t.type[i]],
                date=from_day_number(t.day[i]),
                actor_id=c.actors.ids[t.actor[i]],
                mediator_id=None if t.mediator[i] < 0 else c.mediators.ids[t.mediator[i]],
                place_id=None if t.place[i] < 0 else c.places.ids[t.place[i]],
                code_insee=None if t.code_insee[i] < 0 else codes[t.code_insee[i]],
                channel=None if t.channel[i] < 0 else CHANNELS[t.channel[i]],
                duration_min=_none_if(t.duration[i]),
                participants=_none_if(t.participants[i]),
                thematiques=tuple(THEMATIQUES[j] for j in t.thematiques.row(i)),
                quantity=_none_if(t.quantity[i]),
                subtype=None if t.subtype[i] < 0 else SUBTYPES[t.subtype[i]],
                participating_actor_ids=tuple(c.actors.ids[j] for j in t.participating.row(i)),
                trained_person_ids=tuple(c.persons[j] for j in t.trained.row(i)),
            )
            for i in range(len(t))
        )

    @cached_property
    def beneficiaries(self) -> tuple[Beneficiary, ...]:
        """The beneficiaries (pseudonymous)."""
        t = self._columns.beneficiaries
        codes = self._columns.communes.codes
        return tuple(
            Beneficiary(
                id=t.ids[i],
                gender=None if t.gender[i] < 0 else GENDERS[t.gender[i]],
                age_band=None if t.age_band[i] < 0 else AGE_BANDS[t.age_band[i]],
                status=None if t.status[i] < 0 else STATUSES[t.status[i]],
                residence_code_insee=None if t.residence[i] < 0 else codes[t.residence[i]],
            )
            for i in range(len(t))
        )

    @cached_property
    def participations(self) -> tuple[Participation, ...]:
        """The participations (identified beneficiary × support action)."""
        t = self._columns.participations
        a = self._columns.actions.ids
        b = self._columns.beneficiaries.ids
        return tuple(Participation(action_id=a[t.action[i]], beneficiary_id=b[t.beneficiary[i]]) for i in range(len(t)))

    @cached_property
    def fundings(self) -> tuple[Funding, ...]:
        """The fundings."""
        t = self._columns.fundings
        actor_ids = self._columns.actors.ids
        mediator_ids = self._columns.mediators.ids
        return tuple(
            Funding(
                id=t.ids[i],
                funder=FUNDERS[t.funder[i]],
                actor_id=actor_ids[t.actor[i]],
                amount_agreed=float(t.agreed[i]),
                amount_paid=None if np.isnan(t.paid[i]) else float(t.paid[i]),
                start_date=from_day_number(t.start[i]),
                end_date=from_day_number(t.end[i]),
                mediator_ids=tuple(mediator_ids[j] for j in t.mediators.row(i)),
            )
            for i in range(len(t))
        )

    # -- lookups ----------------------------------------------------------------------------------
    @cached_property
    def _indexes(self) -> dict[str, dict[str, int]]:
        c = self._columns
        return {
            name: {str(k): i for i, k in enumerate(ids)}
            for name, ids in (
                ("acteurs", c.actors.ids),
                ("lieux", c.places.ids),
                ("mediateurs", c.mediators.ids),
                ("actions", c.actions.ids),
                ("beneficiaires", c.beneficiaries.ids),
                ("financements", c.fundings.ids),
            )
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
    def replace(self, territory: Territory | None = None, **records: Iterable[Any]) -> Dataset:
        """A new dataset with the territory and/or some record collections replaced.

        Collections are named in English, e.g. ``ds.replace(actions=[...])``.
        """
        current: dict[str, Any] = {
            "actors": self.actors,
            "places": self.places,
            "mediators": self.mediators,
            "actions": self.actions,
            "beneficiaries": self.beneficiaries,
            "participations": self.participations,
            "fundings": self.fundings,
        }
        unknown = set(records) - set(current)
        if unknown:
            raise TypeError(f"collections inconnues : {', '.join(sorted(unknown))}")
        current.update(records)
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
        place_commune = {p.id: p.code_insee for p in self.places}
        actor_commune = {a.id: a.code_insee for a in self.actors}
        actions = []
        for a in self.actions:
            commune = place_commune[a.place_id] if a.place_id is not None else a.code_insee
            if territory is not None and commune not in inside:
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
            tables[field.name] = attrs.evolve(
                table, **{f.name: _frozen_view(getattr(table, f.name)) for f in attrs.fields(type(table))}
            )
        else:
            tables[field.name] = _frozen_view(table)
    return Columns(**tables)


def replace_places(mediator: Mediator, keep: set[str]) -> Mediator:
    """The mediator with its places restricted to ``keep``."""
    kept = tuple(p for p in mediator.place_ids if p in keep)
    return mediator if kept == mediator.place_ids else attrs.evolve(mediator, place_ids=kept)


def _check_columns(columns: Columns) -> None:
    from afnor_ctin.errors import InvalidInputError

    sizes = {
        "acteurs": len(columns.actors),
        "lieux": len(columns.places),
        "mediateurs": len(columns.mediators),
        "actions": len(columns.actions),
        "beneficiaires": len(columns.beneficiaries),
        "communes": len(columns.communes),
        "personnes": len(columns.persons),
    }
    for name, table in (
        ("acteurs", columns.actors),
        ("lieux", columns.places),
        ("mediateurs", columns.mediators),
        ("actions", columns.actions),
        ("beneficiaires", columns.beneficiaries),
        ("participations", columns.participations),
        ("financements", columns.fundings),
        ("communes", columns.communes),
    ):
        n = len(table)
        for field in attrs.fields(type(table)):
            value = getattr(table, field.name)
            length = len(value)
            if length != n:
                raise InvalidInputError(f"colonnes de {name} : « {field.name} » a {length} valeurs au lieu de {n}")

    def in_range(label: str, values: npt.NDArray[Any], size: int, optional: bool) -> None:
        if len(values) == 0:
            return
        lo = -1 if optional else 0
        if int(values.min()) < lo or int(values.max()) >= size:
            raise InvalidInputError(f"colonnes : « {label} » contient une position hors limites")

    in_range("lieux.actor", columns.places.actor, sizes["acteurs"], False)
    in_range("lieux.commune", columns.places.commune, sizes["communes"], False)
    in_range("mediateurs.actor", columns.mediators.actor, sizes["acteurs"], False)
    in_range("actions.actor", columns.actions.actor, sizes["acteurs"], False)
    in_range("actions.place", columns.actions.place, sizes["lieux"], True)
    in_range("actions.mediator", columns.actions.mediator, sizes["mediateurs"], True)
    in_range("actions.commune", columns.actions.commune, sizes["communes"], False)
    in_range("participations.action", columns.participations.action, sizes["actions"], False)
    in_range("participations.beneficiary", columns.participations.beneficiary, sizes["beneficiaires"], False)
    in_range("financements.actor", columns.fundings.actor, sizes["acteurs"], False)

"""Domain records: frozen, keyword-only attrs classes whose invariants are validators.

Records are the validated unit of the library. They carry English attribute names; the French
column names of the native format live in :mod:`afnor_ctin.io`. Every invariant violation raises
:class:`~afnor_ctin.errors.InvalidInputError` with a French message naming the field and the value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from afnor_ctin.errors import InvalidInputError
from afnor_ctin.model._validators import (
    DATE,
    INSEE_PATTERN,
    OPT_DATE,
    OPT_INT,
    OPT_NUM,
    OPT_STR,
    QPV_PATTERN,
    SIRET_PATTERN,
    STR,
    certifications_in_order,
    fail,
    identifiers,
    insee,
    insee_tuple,
    instance,
    members_of,
    non_empty,
    non_negative,
    normalize_insee,
    optional_instance,
    services_in_order,
    tuple_copy,
)
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
    TerritoryLevel,
    Thematique,
)
from afnor_ctin.rules import (
    ABSENT,
    COMMUNE_REQUIRED,
    PARTICIPANTS_REQUIRED,
    field_subject,
    lacks_commune,
    lacks_participants,
)

__all__ = [
    "INSEE_PATTERN",
    "QPV_PATTERN",
    "SIRET_PATTERN",
    "SUPPORT_ACTION_TYPES",
    "Action",
    "Actor",
    "Beneficiary",
    "Commune",
    "Funding",
    "Mediator",
    "Participation",
    "Place",
    "Qpv",
    "Territory",
    "normalize_insee",
]

#: Action types that count as public support (accompaniments).
SUPPORT_ACTION_TYPES: frozenset[ActionType] = frozenset(
    {ActionType.ACCOMPAGNEMENT_INDIVIDUEL, ActionType.ATELIER_COLLECTIF}
)


@attrs.frozen(kw_only=True)
class Commune:
    """A commune of a territory, with its legal population.

    Attributes
    ----------
    code_insee:
        COG code (5 characters); arrondissement codes are mapped to their commune.
    name:
        Commune name.
    population:
        *Population municipale* [inhabitants].
    population_year:
        Vintage of :attr:`population`, when known.
    ifn_score:
        *Indice de fragilité numérique* on the 0–10 scale (higher = more fragile), when known.
    """

    code_insee: str = attrs.field(converter=normalize_insee, validator=insee)
    name: str = attrs.field(validator=[STR, non_empty])
    population: int = attrs.field(validator=[instance(int, "entier"), non_negative])
    population_year: int | None = attrs.field(default=None, validator=OPT_INT)
    ifn_score: float | None = attrs.field(default=None, validator=[OPT_NUM, non_negative])

    @ifn_score.validator
    def _check_ifn(self, attribute: attrs.Attribute[Any], value: float | None) -> None:
        if value is not None and value > 10:
            raise fail(attribute.name, value, "score entre 0 et 10 attendu")

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[Any]]) -> tuple[Commune, ...]:
        """Communes from ``(code_insee, name, population, population_year, ifn_score)`` rows.

        Each row is checked against the rules of the constructor, but a row that follows them
        (the usual case: a stored territory) is built without running the field validators one by
        one, which is most of the cost on the 35,000 communes of France. Any other row goes
        through the constructor, which normalises its code or raises its error.
        """
        out = []
        for code, name, population, year, ifn in rows:
            plain = (
                type(code) is str
                and INSEE_PATTERN.match(code) is not None
                and normalize_insee(code) == code
                and type(name) is str
                and bool(name.strip())
                and type(population) is int
                and population >= 0
                and (year is None or type(year) is int)
                and (ifn is None or (type(ifn) in (int, float) and 0 <= ifn <= 10))
            )
            if not plain:
                out.append(cls(code_insee=code, name=name, population=population, population_year=year, ifn_score=ifn))
                continue
            commune = object.__new__(cls)
            for field, value in zip(_COMMUNE_FIELDS, (code, name, population, year, ifn), strict=True):
                object.__setattr__(commune, field, value)
            out.append(commune)
        return tuple(out)


_COMMUNE_FIELDS = tuple(f.name for f in attrs.fields(Commune))


@attrs.frozen(kw_only=True)
class Qpv:
    """A *quartier prioritaire de la politique de la ville* and the commune that contains it."""

    code: str = attrs.field(validator=STR)
    name: str = attrs.field(validator=[STR, non_empty])
    code_insee: str = attrs.field(converter=normalize_insee, validator=insee)
    population: int | None = attrs.field(default=None, validator=[OPT_INT, non_negative])

    @code.validator
    def _check_code(self, attribute: attrs.Attribute[Any], value: str) -> None:
        if not QPV_PATTERN.match(value):
            raise fail(attribute.name, value, "code QPV attendu : QN ou QP suivi de 6 caractères")


def _insee_codes(value: Any) -> tuple[str, ...]:
    return tuple(normalize_insee(c) for c in value)


@attrs.frozen(kw_only=True)
class Territory:
    """The territory evaluated: a set of communes with populations, a central commune and QPVs.

    Attributes
    ----------
    code:
        Territory code: EPCI SIREN, département code, or a free code.
    name:
        Territory name.
    level:
        :class:`~afnor_ctin.model.enums.TerritoryLevel`.
    communes:
        The member communes (at least one; codes unique).
    qpvs:
        QPVs located in the member communes.
    central_commune:
        INSEE code of the *ville-centre*; ``None`` means the most populous commune (see :attr:`centre`).
    """

    code: str = attrs.field(validator=[STR, non_empty])
    name: str = attrs.field(validator=[STR, non_empty])
    level: TerritoryLevel = attrs.field(validator=instance(TerritoryLevel, "niveau de territoire"))
    communes: tuple[Commune, ...] = attrs.field(converter=tuple_copy)
    qpvs: tuple[Qpv, ...] = attrs.field(default=(), converter=tuple_copy)
    central_commune: str | None = attrs.field(
        default=None, converter=attrs.converters.optional(normalize_insee), validator=insee
    )

    @communes.validator
    def _check_communes(self, attribute: attrs.Attribute[Any], value: tuple[Commune, ...]) -> None:
        if not value:
            raise fail(attribute.name, "", "au moins une commune attendue")
        seen: set[str] = set()
        for commune in value:
            if not isinstance(commune, Commune):
                raise fail(attribute.name, commune, "Commune attendue")
            if commune.code_insee in seen:
                raise fail(attribute.name, commune.code_insee, "commune en double")
            seen.add(commune.code_insee)

    @qpvs.validator
    def _check_qpvs(self, attribute: attrs.Attribute[Any], value: tuple[Qpv, ...]) -> None:
        codes = {c.code_insee for c in self.communes}
        seen: set[tuple[str, str]] = set()
        for qpv in value:
            if not isinstance(qpv, Qpv):
                raise fail(attribute.name, qpv, "Qpv attendu")
            if qpv.code_insee not in codes:
                raise fail(attribute.name, qpv.code, f"commune {qpv.code_insee} hors du territoire")
            if (qpv.code, qpv.code_insee) in seen:
                raise fail(attribute.name, qpv.code, "QPV en double")
            seen.add((qpv.code, qpv.code_insee))

    @central_commune.validator
    def _check_centre(self, attribute: attrs.Attribute[Any], value: str | None) -> None:
        if value is not None and value not in {c.code_insee for c in self.communes}:
            raise fail(attribute.name, value, "la ville-centre doit être une commune du territoire")

    @property
    def centre(self) -> str:
        """INSEE code of the central commune (given, else the most populous; ties: lowest code)."""
        if self.central_commune is not None:
            return self.central_commune
        return min(self.communes, key=lambda c: (-c.population, c.code_insee)).code_insee

    @property
    def population(self) -> int:
        """Total population of the member communes [inhabitants]."""
        return sum(c.population for c in self.communes)

    def commune(self, code_insee: str) -> Commune:
        """Return the member commune with this code (arrondissement codes accepted).

        Raises
        ------
        afnor_ctin.errors.UnknownCodeError
            When the commune is not a member of the territory.
        """
        from afnor_ctin.errors import UnknownCodeError

        code = normalize_insee(code_insee)
        for commune in self.communes:
            if commune.code_insee == code:
                return commune
        raise UnknownCodeError(f"commune « {code_insee} » absente du territoire {self.name}")

    @classmethod
    def from_epci(cls, siren: str) -> Territory:
        """Build an EPCI territory from the bundled reference data (no network access).

        A thin alias over :func:`afnor_ctin.reference.epci`: the member communes of the EPCI
        composition at 1 January 2025, with their INSEE legal populations and the QPVs of the 2024
        generation, as model records.

        >>> t = Territory.from_epci("241700434")
        >>> t.name, len(t.communes), t.population
        ('CA de La Rochelle', 28, 182435)

        Raises
        ------
        afnor_ctin.errors.UnknownCodeError
            When the SIREN is not the code of an EPCI of the reference data.
        """
        from afnor_ctin import reference

        epci = reference.epci(siren)
        return cls._from_reference(epci.siren, epci.name, TerritoryLevel.EPCI, epci.communes)

    @classmethod
    def from_departement(cls, code: str) -> Territory:
        """Build a département territory (all its communes) from the bundled reference data.

        A thin alias over :func:`afnor_ctin.reference.departement` and
        :func:`afnor_ctin.reference.communes_of_departement`.

        Raises
        ------
        afnor_ctin.errors.UnknownCodeError
            When the code is not a département of the reference data.
        """
        from afnor_ctin import reference

        dep = reference.departement(code)
        return cls._from_reference(
            dep.code, dep.name, TerritoryLevel.DEPARTEMENT, reference.communes_of_departement(dep.code)
        )

    @classmethod
    def _from_reference(cls, code: str, name: str, level: TerritoryLevel, codes: tuple[str, ...]) -> Territory:
        from afnor_ctin import reference

        table = reference.communes()
        return cls(
            code=code,
            name=name,
            level=level,
            communes=tuple(
                Commune(
                    code_insee=c,
                    name=table[c].name,
                    population=table[c].population,
                    population_year=table[c].population_year,
                )
                for c in codes
            ),
            qpvs=tuple(
                Qpv(code=q.code, name=q.name, code_insee=q.code_insee, population=q.population)
                for q in reference.qpvs_of(codes)
            ),
        )


@attrs.frozen(kw_only=True)
class Actor:
    """A structure of the territory's digital-inclusion ecosystem.

    Attributes
    ----------
    id:
        Identifier, unique within the dataset's actors.
    name:
        Name of the structure.
    type:
        data·inclusion structure typology (:class:`~afnor_ctin.model.enums.ActorType`).
    siret:
        SIRET (14 digits) or RNA number (``W`` + 9 digits), when known.
    code_insee:
        Commune of the actor's seat, when known.
    governance_member:
        Member of the territorial coordination's governance.
    """

    id: str = attrs.field(validator=[STR, non_empty])
    name: str = attrs.field(validator=[STR, non_empty])
    type: ActorType = attrs.field(validator=instance(ActorType, "type d'acteur"))
    siret: str | None = attrs.field(default=None, validator=OPT_STR)
    code_insee: str | None = attrs.field(
        default=None, converter=attrs.converters.optional(normalize_insee), validator=insee
    )
    governance_member: bool = attrs.field(default=False, validator=instance(bool, "booléen"))

    @siret.validator
    def _check_siret(self, attribute: attrs.Attribute[Any], value: str | None) -> None:
        if value is not None and not SIRET_PATTERN.match(value):
            raise fail(attribute.name, value, "SIRET à 14 chiffres ou RNA W + 9 chiffres attendu")


@attrs.frozen(kw_only=True)
class Place:
    """A place where digital mediation is offered (a *lieu de médiation numérique*).

    Attributes
    ----------
    id, actor_id, name:
        Identifier, carrying actor and name.
    code_insee:
        Commune where the place is.
    code_qpv:
        QPV the place is located in, when known.
    services:
        Services of the national standard offered there (a set: kept in :class:`Service` order).
    itinerant:
        Itinerant place (bus, permanences) serving :attr:`served_communes`.
    served_communes:
        INSEE codes served by an itinerant place.
    opening_date, closing_date:
        First and last day open (``None``: unknown / still open).
    updated_on:
        Day the place's information was last updated (``date_maj``).
    """

    id: str = attrs.field(validator=[STR, non_empty])
    actor_id: str = attrs.field(validator=[STR, non_empty])
    name: str = attrs.field(validator=[STR, non_empty])
    code_insee: str = attrs.field(converter=normalize_insee, validator=insee)
    code_qpv: str | None = attrs.field(default=None, validator=OPT_STR)
    services: tuple[Service, ...] = attrs.field(default=(), converter=services_in_order, validator=members_of(Service))
    itinerant: bool = attrs.field(default=False, validator=instance(bool, "booléen"))
    served_communes: tuple[str, ...] = attrs.field(default=(), converter=_insee_codes, validator=insee_tuple)
    opening_date: dt.date | None = attrs.field(default=None, validator=OPT_DATE)
    closing_date: dt.date | None = attrs.field(default=None, validator=OPT_DATE)
    updated_on: dt.date | None = attrs.field(default=None, validator=OPT_DATE)

    @code_qpv.validator
    def _check_qpv(self, attribute: attrs.Attribute[Any], value: str | None) -> None:
        if value is not None and not QPV_PATTERN.match(value):
            raise fail(attribute.name, value, "code QPV attendu : QN ou QP suivi de 6 caractères")

    @closing_date.validator
    def _check_dates(self, attribute: attrs.Attribute[Any], value: dt.date | None) -> None:
        if value is not None and self.opening_date is not None and value < self.opening_date:
            raise fail(attribute.name, value, f"antérieure à la date d'ouverture {self.opening_date}")

    def is_active(self, at: dt.date) -> bool:
        """True when the place is open on day ``at`` (unknown opening counts as open)."""
        return (self.opening_date is None or self.opening_date <= at) and (
            self.closing_date is None or self.closing_date >= at
        )


@attrs.frozen(kw_only=True)
class Mediator:
    """A person who helps people with digital tools (pseudonymous id, no name).

    Attributes
    ----------
    id, actor_id:
        Pseudonymous person id and employer actor.
    role:
        :class:`~afnor_ctin.model.enums.MediatorRole`.
    start_date, end_date:
        First and last day in post (``end_date`` ``None``: still in post).
    fte:
        Full-time equivalent in (0, 1]; ``None`` means 1.
    place_ids:
        Places where the person works.
    certifications:
        Certifications and habilitations held (a set: kept in :class:`Certification` order).
    """

    id: str = attrs.field(validator=[STR, non_empty])
    actor_id: str = attrs.field(validator=[STR, non_empty])
    role: MediatorRole = attrs.field(validator=instance(MediatorRole, "rôle"))
    start_date: dt.date = attrs.field(validator=DATE)
    end_date: dt.date | None = attrs.field(default=None, validator=OPT_DATE)
    fte: float | None = attrs.field(default=None, validator=OPT_NUM)
    place_ids: tuple[str, ...] = attrs.field(default=(), validator=identifiers)
    certifications: tuple[Certification, ...] = attrs.field(
        default=(), converter=certifications_in_order, validator=members_of(Certification)
    )

    @end_date.validator
    def _check_end(self, attribute: attrs.Attribute[Any], value: dt.date | None) -> None:
        if value is not None and value < self.start_date:
            raise fail(attribute.name, value, f"antérieure à la date de début {self.start_date}")

    @fte.validator
    def _check_fte(self, attribute: attrs.Attribute[Any], value: float | None) -> None:
        if value is not None and not (0 < value <= 1):
            raise fail(attribute.name, value, "ETP strictement positif et au plus 1 attendu")

    def in_post(self, at: dt.date) -> bool:
        """True when the person is in post on day ``at``."""
        return self.start_date <= at and (self.end_date is None or self.end_date >= at)


@attrs.frozen(kw_only=True)
class Action:
    """One action carried out by an actor: support, training, equipment, connection or coordination.

    Attributes
    ----------
    id, type, date, actor_id:
        Identifier, :class:`~afnor_ctin.model.enums.ActionType`, day, and carrying actor.
    mediator_id, place_id:
        Mediator who did it and place where it happened, when known.
    code_insee:
        Commune where it happened (required without a place).
    channel:
        :class:`~afnor_ctin.model.enums.Channel`; ``None`` means the default (place → ``lieu_activite``,
        else ``autre_lieu``), see :attr:`effective_channel`.
    duration_min:
        Duration [min].
    participants:
        Number of people (support actions: ≥ 1; ``None`` means 1).
    thematiques:
        Coop thématiques.
    quantity:
        Equipment / connectivity: devices or households.
    subtype:
        Coordination event type, or kind of equipment.
    participating_actor_ids:
        Coordination: actors present; training: employers of the trainees.
    trained_person_ids:
        Training: pseudonymous ids of the people trained.
    """

    id: str = attrs.field(validator=[STR, non_empty])
    type: ActionType = attrs.field(validator=instance(ActionType, "type d'action"))
    date: dt.date = attrs.field(validator=DATE)
    actor_id: str = attrs.field(validator=[STR, non_empty])
    mediator_id: str | None = attrs.field(default=None, validator=OPT_STR)
    place_id: str | None = attrs.field(default=None, validator=OPT_STR)
    code_insee: str | None = attrs.field(
        default=None, converter=attrs.converters.optional(normalize_insee), validator=insee
    )
    channel: Channel | None = attrs.field(default=None, validator=optional_instance(Channel, "canal"))
    duration_min: int | None = attrs.field(default=None, validator=[OPT_INT, non_negative])
    participants: int | None = attrs.field(default=None, validator=[OPT_INT, non_negative])
    thematiques: tuple[Thematique, ...] = attrs.field(default=(), validator=members_of(Thematique))
    quantity: int | None = attrs.field(default=None, validator=[OPT_INT, non_negative])
    subtype: SubType | None = attrs.field(default=None, validator=optional_instance(SubType, "sous-type"))
    participating_actor_ids: tuple[str, ...] = attrs.field(default=(), validator=identifiers)
    trained_person_ids: tuple[str, ...] = attrs.field(default=(), validator=identifiers)

    def __attrs_post_init__(self) -> None:
        if lacks_commune(self.place_id is not None, self.code_insee is not None):
            raise InvalidInputError(COMMUNE_REQUIRED.message(subject=field_subject("code_insee"), value=""))
        participants = ABSENT if self.participants is None else self.participants
        if lacks_participants(self.type in SUPPORT_ACTION_TYPES, participants):
            raise InvalidInputError(
                PARTICIPANTS_REQUIRED.message(subject=field_subject("participants"), value=participants)
            )

    @property
    def is_support(self) -> bool:
        """True for public support actions (individual support or workshop)."""
        return self.type in SUPPORT_ACTION_TYPES

    @property
    def effective_channel(self) -> Channel:
        """The channel, with the format's default when it is not given."""
        if self.channel is not None:
            return self.channel
        return Channel.LIEU_ACTIVITE if self.place_id is not None else Channel.AUTRE_LIEU


@attrs.frozen(kw_only=True)
class Beneficiary:
    """A person supported, known only by a pseudonymous id and coarse categories."""

    id: str = attrs.field(validator=[STR, non_empty])
    gender: Gender | None = attrs.field(default=None, validator=optional_instance(Gender, "genre"))
    age_band: AgeBand | None = attrs.field(default=None, validator=optional_instance(AgeBand, "tranche d'âge"))
    status: SocialStatus | None = attrs.field(default=None, validator=optional_instance(SocialStatus, "statut"))
    residence_code_insee: str | None = attrs.field(
        default=None, converter=attrs.converters.optional(normalize_insee), validator=insee
    )


@attrs.frozen(kw_only=True)
class Participation:
    """Link between an identified beneficiary and a support action."""

    action_id: str = attrs.field(validator=[STR, non_empty])
    beneficiary_id: str = attrs.field(validator=[STR, non_empty])


@attrs.frozen(kw_only=True)
class Funding:
    """A funding agreed to an actor for a period.

    Attributes
    ----------
    id, funder, actor_id:
        Identifier, :class:`~afnor_ctin.model.enums.Funder` and recipient actor.
    amount_agreed, amount_paid:
        Amounts agreed and paid so far [€].
    start_date, end_date:
        First and last day of the funded period.
    mediator_ids:
        Posts (mediators) this funding pays for.
    """

    id: str = attrs.field(validator=[STR, non_empty])
    funder: Funder = attrs.field(validator=instance(Funder, "financeur"))
    actor_id: str = attrs.field(validator=[STR, non_empty])
    amount_agreed: float = attrs.field(validator=[instance((int, float), "montant"), non_negative])
    amount_paid: float | None = attrs.field(default=None, validator=[OPT_NUM, non_negative])
    start_date: dt.date = attrs.field(validator=DATE)
    end_date: dt.date = attrs.field(validator=DATE)
    mediator_ids: tuple[str, ...] = attrs.field(default=(), validator=identifiers)

    @end_date.validator
    def _check_end(self, attribute: attrs.Attribute[Any], value: dt.date) -> None:
        if value < self.start_date:
            raise fail(attribute.name, value, f"antérieure à la date de début {self.start_date}")

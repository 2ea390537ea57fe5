"""Domain records: frozen, keyword-only attrs classes whose invariants are validators.

Records are the validated unit of the library. They carry English attribute names; the French
column names of the native format live in :mod:`afnor_ctin.io`. Every invariant violation raises
:class:`~afnor_ctin.errors.InvalidInputError` with a French message naming the field and the value.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import attrs

from afnor_ctin.errors import InvalidInputError
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

__all__ = [
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

INSEE_PATTERN = re.compile(r"^(?:[013-9]\d|2[AB1-9])\d{3}$")
QPV_PATTERN = re.compile(r"^Q[NP][0-9A-Z]{6}$")
SIRET_PATTERN = re.compile(r"^(?:\d{14}|W\d{9})$")


def normalize_insee(code: str) -> str:
    """Map Paris, Lyon and Marseille arrondissement codes to their commune's code.

    >>> normalize_insee("75112"), normalize_insee("69383"), normalize_insee("13208"), normalize_insee("17300")
    ('75056', '69123', '13055', '17300')
    """
    if len(code) == 5:
        if code.startswith("751") and "75101" <= code <= "75120":
            return "75056"
        if code.startswith("6938") and "69381" <= code <= "69389":
            return "69123"
        if code.startswith("132") and "13201" <= code <= "13216":
            return "13055"
    return code


def _fail(field: str, value: object, why: str) -> InvalidInputError:
    return InvalidInputError(f"champ « {field} » : valeur « {value} » invalide ({why})")


def _insee(_: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None and not INSEE_PATTERN.match(value):
        raise _fail(attribute.name, value, "code INSEE attendu, 5 caractères comme 17300 ou 2A004")


def _insee_tuple(_: Any, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for code in value:
        if not INSEE_PATTERN.match(code):
            raise _fail(attribute.name, code, "code INSEE attendu, 5 caractères comme 17300 ou 2A004")


def _non_empty(_: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value or not value.strip():
        raise _fail(attribute.name, value, "valeur obligatoire vide")


def _non_negative(_: Any, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is None:
        return
    if isinstance(value, float) and not math.isfinite(value):
        raise _fail(attribute.name, value, "nombre fini attendu")
    if value < 0:
        raise _fail(attribute.name, value, "nombre positif ou nul attendu")


def _instance(kind: type | tuple[type, ...], what: str) -> Any:
    def check(_: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
            raise _fail(attribute.name, value, f"{what} attendu")

    return check


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _optional_instance(kind: type | tuple[type, ...], what: str) -> Any:
    inner = _instance(kind, what)

    def check(obj: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            inner(obj, attribute, value)

    return check


def _members(kind: type) -> Any:
    def check(_: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        if not isinstance(value, tuple):
            raise _fail(attribute.name, value, "tuple attendu")
        for item in value:
            if not isinstance(item, kind):
                raise _fail(attribute.name, item, f"{kind.__name__} attendu")
        if len(set(value)) != len(value):
            raise _fail(attribute.name, "|".join(map(str, value)), "valeur répétée")

    return check


_SERVICE_ORDER = {member: i for i, member in enumerate(Service)}
_CERTIFICATION_ORDER = {member: i for i, member in enumerate(Certification)}


def _services_in_order(value: tuple[Service, ...]) -> tuple[Service, ...]:
    """Put services in definition order: a place's services are a set (the columns keep a bit mask)."""
    if isinstance(value, tuple) and all(isinstance(item, Service) for item in value):
        return tuple(sorted(value, key=_SERVICE_ORDER.__getitem__))
    return value


def _certifications_in_order(value: tuple[Certification, ...]) -> tuple[Certification, ...]:
    """Put certifications in definition order: they are a set (the columns keep a bit mask)."""
    if isinstance(value, tuple) and all(isinstance(item, Certification) for item in value):
        return tuple(sorted(value, key=_CERTIFICATION_ORDER.__getitem__))
    return value


def _ids(_: Any, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    if not isinstance(value, tuple):
        raise _fail(attribute.name, value, "tuple d'identifiants attendu")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise _fail(attribute.name, item, "identifiant non vide attendu")
    if len(set(value)) != len(value):
        raise _fail(attribute.name, "|".join(value), "identifiant répété")


_STR = _instance(str, "texte")
_OPT_STR = _optional_instance(str, "texte")
_DATE = _instance(dt.date, "date")
_OPT_DATE = _optional_instance(dt.date, "date")
_OPT_INT = _optional_instance(int, "entier")
_OPT_NUM = _optional_instance((int, float), "nombre")


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

    code_insee: str = attrs.field(converter=normalize_insee, validator=_insee)
    name: str = attrs.field(validator=[_STR, _non_empty])
    population: int = attrs.field(validator=[_instance(int, "entier"), _non_negative])
    population_year: int | None = attrs.field(default=None, validator=_OPT_INT)
    ifn_score: float | None = attrs.field(default=None, validator=[_OPT_NUM, _non_negative])

    @ifn_score.validator
    def _check_ifn(self, attribute: attrs.Attribute[Any], value: float | None) -> None:
        if value is not None and value > 10:
            raise _fail(attribute.name, value, "score entre 0 et 10 attendu")


@attrs.frozen(kw_only=True)
class Qpv:
    """A *quartier prioritaire de la politique de la ville* and the commune that contains it."""

    code: str = attrs.field(validator=_STR)
    name: str = attrs.field(validator=[_STR, _non_empty])
    code_insee: str = attrs.field(converter=normalize_insee, validator=_insee)
    population: int | None = attrs.field(default=None, validator=[_OPT_INT, _non_negative])

    @code.validator
    def _check_code(self, attribute: attrs.Attribute[Any], value: str) -> None:
        if not QPV_PATTERN.match(value):
            raise _fail(attribute.name, value, "code QPV attendu : QN ou QP suivi de 6 caractères")


def _insee_codes(value: Any) -> tuple[str, ...]:
    return tuple(normalize_insee(c) for c in value)


def _commune_tuple(value: Any) -> tuple[Commune, ...]:
    return tuple(value)


def _qpv_tuple(value: Any) -> tuple[Qpv, ...]:
    return tuple(value)


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

    code: str = attrs.field(validator=[_STR, _non_empty])
    name: str = attrs.field(validator=[_STR, _non_empty])
    level: TerritoryLevel = attrs.field(validator=_instance(TerritoryLevel, "niveau de territoire"))
    communes: tuple[Commune, ...] = attrs.field(converter=_commune_tuple)
    qpvs: tuple[Qpv, ...] = attrs.field(default=(), converter=_qpv_tuple)
    central_commune: str | None = attrs.field(
        default=None, converter=attrs.converters.optional(normalize_insee), validator=_insee
    )

    @communes.validator
    def _check_communes(self, attribute: attrs.Attribute[Any], value: tuple[Commune, ...]) -> None:
        if not value:
            raise _fail(attribute.name, "", "au moins une commune attendue")
        seen: set[str] = set()
        for commune in value:
            if not isinstance(commune, Commune):
                raise _fail(attribute.name, commune, "Commune attendue")
            if commune.code_insee in seen:
                raise _fail(attribute.name, commune.code_insee, "commune en double")
            seen.add(commune.code_insee)

    @qpvs.validator
    def _check_qpvs(self, attribute: attrs.Attribute[Any], value: tuple[Qpv, ...]) -> None:
        codes = {c.code_insee for c in self.communes}
        seen: set[tuple[str, str]] = set()
        for qpv in value:
            if not isinstance(qpv, Qpv):
                raise _fail(attribute.name, qpv, "Qpv attendu")
            if qpv.code_insee not in codes:
                raise _fail(attribute.name, qpv.code, f"commune {qpv.code_insee} hors du territoire")
            if (qpv.code, qpv.code_insee) in seen:
                raise _fail(attribute.name, qpv.code, "QPV en double")
            seen.add((qpv.code, qpv.code_insee))

    @central_commune.validator
    def _check_centre(self, attribute: attrs.Attribute[Any], value: str | None) -> None:
        if value is not None and value not in {c.code_insee for c in self.communes}:
            raise _fail(attribute.name, value, "la ville-centre doit être une commune du territoire")

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

    id: str = attrs.field(validator=[_STR, _non_empty])
    name: str = attrs.field(validator=[_STR, _non_empty])
    type: ActorType = attrs.field(validator=_instance(ActorType, "type d'acteur"))
    siret: str | None = attrs.field(default=None, validator=_OPT_STR)
    code_insee: str | None = attrs.field(
        default=None, converter=attrs.converters.optional(normalize_insee), validator=_insee
    )
    governance_member: bool = attrs.field(default=False, validator=_instance(bool, "booléen"))

    @siret.validator
    def _check_siret(self, attribute: attrs.Attribute[Any], value: str | None) -> None:
        if value is not None and not SIRET_PATTERN.match(value):
            raise _fail(attribute.name, value, "SIRET à 14 chiffres ou RNA W + 9 chiffres attendu")


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

    id: str = attrs.field(validator=[_STR, _non_empty])
    actor_id: str = attrs.field(validator=[_STR, _non_empty])
    name: str = attrs.field(validator=[_STR, _non_empty])
    code_insee: str = attrs.field(converter=normalize_insee, validator=_insee)
    code_qpv: str | None = attrs.field(default=None, validator=_OPT_STR)
    services: tuple[Service, ...] = attrs.field(default=(), converter=_services_in_order, validator=_members(Service))
    itinerant: bool = attrs.field(default=False, validator=_instance(bool, "booléen"))
    served_communes: tuple[str, ...] = attrs.field(default=(), converter=_insee_codes, validator=_insee_tuple)
    opening_date: dt.date | None = attrs.field(default=None, validator=_OPT_DATE)
    closing_date: dt.date | None = attrs.field(default=None, validator=_OPT_DATE)
    updated_on: dt.date | None = attrs.field(default=None, validator=_OPT_DATE)

    @code_qpv.validator
    def _check_qpv(self, attribute: attrs.Attribute[Any], value: str | None) -> None:
        if value is not None and not QPV_PATTERN.match(value):
            raise _fail(attribute.name, value, "code QPV attendu : QN ou QP suivi de 6 caractères")

    @closing_date.validator
    def _check_dates(self, attribute: attrs.Attribute[Any], value: dt.date | None) -> None:
        if value is not None and self.opening_date is not None and value < self.opening_date:
            raise _fail(attribute.name, value, f"antérieure à la date d'ouverture {self.opening_date}")

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

    id: str = attrs.field(validator=[_STR, _non_empty])
    actor_id: str = attrs.field(validator=[_STR, _non_empty])
    role: MediatorRole = attrs.field(validator=_instance(MediatorRole, "rôle"))
    start_date: dt.date = attrs.field(validator=_DATE)
    end_date: dt.date | None = attrs.field(default=None, validator=_OPT_DATE)
    fte: float | None = attrs.field(default=None, validator=_OPT_NUM)
    place_ids: tuple[str, ...] = attrs.field(default=(), validator=_ids)
    certifications: tuple[Certification, ...] = attrs.field(
        default=(), converter=_certifications_in_order, validator=_members(Certification)
    )

    @end_date.validator
    def _check_end(self, attribute: attrs.Attribute[Any], value: dt.date | None) -> None:
        if value is not None and value < self.start_date:
            raise _fail(attribute.name, value, f"antérieure à la date de début {self.start_date}")

    @fte.validator
    def _check_fte(self, attribute: attrs.Attribute[Any], value: float | None) -> None:
        if value is not None and not (0 < value <= 1):
            raise _fail(attribute.name, value, "ETP strictement positif et au plus 1 attendu")

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

    id: str = attrs.field(validator=[_STR, _non_empty])
    type: ActionType = attrs.field(validator=_instance(ActionType, "type d'action"))
    date: dt.date = attrs.field(validator=_DATE)
    actor_id: str = attrs.field(validator=[_STR, _non_empty])
    mediator_id: str | None = attrs.field(default=None, validator=_OPT_STR)
    place_id: str | None = attrs.field(default=None, validator=_OPT_STR)
    code_insee: str | None = attrs.field(
        default=None, converter=attrs.converters.optional(normalize_insee), validator=_insee
    )
    channel: Channel | None = attrs.field(default=None, validator=_optional_instance(Channel, "canal"))
    duration_min: int | None = attrs.field(default=None, validator=[_OPT_INT, _non_negative])
    participants: int | None = attrs.field(default=None, validator=[_OPT_INT, _non_negative])
    thematiques: tuple[Thematique, ...] = attrs.field(default=(), validator=_members(Thematique))
    quantity: int | None = attrs.field(default=None, validator=[_OPT_INT, _non_negative])
    subtype: SubType | None = attrs.field(default=None, validator=_optional_instance(SubType, "sous-type"))
    participating_actor_ids: tuple[str, ...] = attrs.field(default=(), validator=_ids)
    trained_person_ids: tuple[str, ...] = attrs.field(default=(), validator=_ids)

    def __attrs_post_init__(self) -> None:
        if self.place_id is None and self.code_insee is None:
            raise _fail("code_insee", "", "obligatoire quand l'action n'a pas de lieu")
        if self.type in SUPPORT_ACTION_TYPES and self.participants is not None and self.participants < 1:
            raise _fail("participants", self.participants, "au moins 1 pour une action d'accompagnement")

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

    id: str = attrs.field(validator=[_STR, _non_empty])
    gender: Gender | None = attrs.field(default=None, validator=_optional_instance(Gender, "genre"))
    age_band: AgeBand | None = attrs.field(default=None, validator=_optional_instance(AgeBand, "tranche d'âge"))
    status: SocialStatus | None = attrs.field(default=None, validator=_optional_instance(SocialStatus, "statut"))
    residence_code_insee: str | None = attrs.field(
        default=None, converter=attrs.converters.optional(normalize_insee), validator=_insee
    )


@attrs.frozen(kw_only=True)
class Participation:
    """Link between an identified beneficiary and a support action."""

    action_id: str = attrs.field(validator=[_STR, _non_empty])
    beneficiary_id: str = attrs.field(validator=[_STR, _non_empty])


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

    id: str = attrs.field(validator=[_STR, _non_empty])
    funder: Funder = attrs.field(validator=_instance(Funder, "financeur"))
    actor_id: str = attrs.field(validator=[_STR, _non_empty])
    amount_agreed: float = attrs.field(validator=[_instance((int, float), "montant"), _non_negative])
    amount_paid: float | None = attrs.field(default=None, validator=[_OPT_NUM, _non_negative])
    start_date: dt.date = attrs.field(validator=_DATE)
    end_date: dt.date = attrs.field(validator=_DATE)
    mediator_ids: tuple[str, ...] = attrs.field(default=(), validator=_ids)

    @end_date.validator
    def _check_end(self, attribute: attrs.Attribute[Any], value: dt.date) -> None:
        if value < self.start_date:
            raise _fail(attribute.name, value, f"antérieure à la date de début {self.start_date}")

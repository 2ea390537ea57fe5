r"""Hypothesis strategies for property-based tests of code that uses :mod:`afnor_ctin`.

The strategies generate valid, referentially coherent data: every generated :class:`~afnor_ctin.Dataset`
is accepted by its constructor. Text fields mix plain names with tricky-but-valid text (accents,
apostrophes, ``;``, ``,``, quotes, line breaks, a leading ``=``, ``+``, ``-`` or ``@``) so that readers
and writers are exercised; they never contain NUL, surrogates or other control characters besides
``\n`` and ``\t``, and never start or end with white space. Dates lie within 2019–2026.

Typical use::

    from hypothesis import given
    from afnor_ctin.testing.strategies import datasets, periods

    @given(datasets(), periods())
    def test_something(ds, period): ...

The module needs Hypothesis (the ``test`` extra of the package).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, TypeVar

from hypothesis import strategies as st

from afnor_ctin.dataset import Dataset
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
from afnor_ctin.model.records import (
    SUPPORT_ACTION_TYPES,
    Action,
    Actor,
    Beneficiary,
    Commune,
    Funding,
    Mediator,
    Participation,
    Place,
    Qpv,
    Territory,
)
from afnor_ctin.period import Period

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "actions",
    "actors",
    "beneficiaries",
    "datasets",
    "dates",
    "fundings",
    "identifiers",
    "insee_codes",
    "mediators",
    "names",
    "periods",
    "places",
    "qpv_codes",
    "territories",
]

T = TypeVar("T")

#: First day of every generated date.
FIRST_DAY = dt.date(2019, 1, 1)
#: Last day of every generated date.
LAST_DAY = dt.date(2026, 12, 31)

#: Hand-picked valid names that have broken CSV/XLSX readers and writers before.
_TRICKY_NAMES: tuple[str, ...] = (
    "Médiathèque d'Aytré",
    "Centre social l’Escale",
    "Asso « Num ; Lien »",
    'Espace "Le Lien", Mireuil',
    "=SOMME(A1:A9)",
    "+33 conseil",
    "-1 (permanence)",
    "@accueil",
    "Bus numérique\nLigne 2",
    "Œuvre & Çà, là-bas",
    "Tab\tséparé",
    "ÉPN Saint-Éloi ; Villeneuve-les-Salines",
    "0012",
    "Ünïcödé 日本 ✓",
)

_TEXT_ALPHABET = st.characters(
    codec="utf-8",
    exclude_categories=("Cc", "Cs", "Zl", "Zp"),
    include_characters="\n\t;,\"'’=+-@|",
)


def _clean(text: str) -> str:
    return text.strip()


@lru_cache(maxsize=64)
def names(*, max_size: int = 40) -> st.SearchStrategy[str]:
    """Valid names: non-empty, no surrounding white space, often tricky for CSV/XLSX.

    Parameters
    ----------
    max_size:
        Maximum length of the free-form names (the hand-picked tricky names may be longer).
    """
    free = st.text(_TEXT_ALPHABET, min_size=1, max_size=max_size).map(_clean).filter(bool)
    plain = st.from_regex(r"[A-Z][a-z]{2,12}( [A-Z][a-z]{2,12}){0,2}", fullmatch=True)
    return st.one_of(plain, st.sampled_from(_TRICKY_NAMES), free)


@lru_cache(maxsize=4096)
def dates(start: dt.date = FIRST_DAY, end: dt.date = LAST_DAY) -> st.SearchStrategy[dt.date]:
    """Days between ``start`` and ``end`` (default: 2019-01-01 to 2026-12-31)."""
    return st.dates(min_value=start, max_value=end)


def insee_codes(*, exclude: Sequence[str] = ()) -> st.SearchStrategy[str]:
    """Valid INSEE commune codes, mostly fictitious ``99xxx`` codes, some real ones (Corsica included).

    Parameters
    ----------
    exclude:
        Codes never generated (e.g. the communes of a territory, to draw outside communes).
    """
    banned = frozenset(exclude)
    fictitious = st.integers(1, 999).map(lambda n: f"99{n:03d}")
    real = st.sampled_from(("17300", "17299", "2A004", "2B033", "75056", "69123", "13055", "01001", "97411"))
    return st.one_of(fictitious, real).filter(lambda code: code not in banned)


def qpv_codes() -> st.SearchStrategy[str]:
    """Valid QPV codes: ``QN`` (or legacy ``QP``) followed by 6 digits or capital letters."""
    return st.from_regex(r"Q[NP][0-9A-Z]{6}", fullmatch=True)


_ID_STYLES: tuple[Callable[[str, int], str], ...] = (
    lambda prefix, i: f"{prefix}{i + 1}",
    lambda prefix, i: f"{i + 1:04d}",
    lambda prefix, i: f"{prefix.lower()} n°{i + 1} é",
    lambda prefix, i: f"{prefix}-{i + 1};x,y",
)


def identifiers(prefix: str, count: int) -> st.SearchStrategy[tuple[str, ...]]:
    """``count`` distinct identifiers in one of several styles (plain, zero-padded digits, accents, ``;``/``,``).

    Parameters
    ----------
    prefix:
        Entity prefix, e.g. ``"ACT"``.
    count:
        Number of identifiers.

    Notes
    -----
    Identifiers never contain ``|`` (the separator of multi-valued cells) nor surrounding white space.
    Zero-padded digits are shared between entities on purpose: ids are unique per entity only.
    """
    return st.sampled_from(_ID_STYLES).map(lambda style: tuple(style(prefix, i) for i in range(count)))


# Strategies are built once per distinct argument: building and validating them dominates otherwise.
@lru_cache(maxsize=4096)
def _sample(items: tuple[T, ...]) -> st.SearchStrategy[T]:
    return st.sampled_from(items)


@lru_cache(maxsize=4096)
def _subset(items: tuple[T, ...], max_size: int | None = None) -> st.SearchStrategy[tuple[T, ...]]:
    if not items:
        return st.just(())
    return st.lists(_sample(items), unique=True, max_size=max_size).map(tuple)


@lru_cache(maxsize=4096)
def _optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.one_of(st.none(), strategy)


# ------------------------------------------------------------------------------------------------
# Territory and periods
# ------------------------------------------------------------------------------------------------
@st.composite
def territories(draw: st.DrawFn, *, min_communes: int = 1, max_communes: int = 6) -> Territory:
    """Territories of 1–6 fictitious communes (``99001``…), populations ≥ 0 with at least one > 0.

    IFN scores (0–10), QPVs and the central commune are optional.

    Parameters
    ----------
    draw:
        Supplied by Hypothesis; not passed by callers.
    min_communes, max_communes:
        Bounds of the number of member communes (at most 120).
    """
    n = draw(st.integers(min_communes, max_communes))
    codes = draw(st.lists(st.integers(1, 120), min_size=n, max_size=n, unique=True))
    populations = draw(st.lists(st.integers(0, 200_000), min_size=n, max_size=n))
    if not any(populations):
        populations[draw(st.integers(0, n - 1))] = draw(st.integers(1, 200_000))
    communes = []
    for code, population in zip(codes, populations, strict=True):
        ifn = draw(_optional(st.integers(0, 1000).map(lambda k: k / 100)))
        year = draw(_optional(st.integers(2019, 2023)))
        communes.append(
            Commune(
                code_insee=f"99{code:03d}",
                name=draw(names()),
                population=population,
                population_year=year,
                ifn_score=ifn,
            )
        )
    member_codes = [c.code_insee for c in communes]
    qpv_codes_drawn = draw(st.lists(qpv_codes(), unique=True, max_size=3))
    qpvs = [
        Qpv(
            code=code,
            name=draw(names()),
            code_insee=draw(st.sampled_from(member_codes)),
            population=draw(_optional(st.integers(0, 20_000))),
        )
        for code in qpv_codes_drawn
    ]
    return Territory(
        code=draw(st.one_of(st.just("EX001"), st.from_regex(r"2\d{8}", fullmatch=True))),
        name=draw(names()),
        level=draw(st.sampled_from(TerritoryLevel)),
        communes=communes,
        qpvs=qpvs,
        central_commune=draw(_optional(st.sampled_from(member_codes))),
    )


@st.composite
def periods(draw: st.DrawFn, *, first_year: int = 2019, last_year: int = 2026) -> Period:
    """Periods within ``first_year``–``last_year``: whole years, quarters, months or spans of days.

    Parameters
    ----------
    draw:
        Supplied by Hypothesis; not passed by callers.
    first_year, last_year:
        Calendar years the periods lie in (default 2019–2026).
    """
    year = draw(st.integers(first_year, last_year))
    kind = draw(st.sampled_from(("year", "quarter", "month", "span")))
    if kind == "year":
        return Period.year(year)
    if kind == "quarter":
        return Period.quarter(year, draw(st.integers(1, 4)))
    if kind == "month":
        return Period.month(year, draw(st.integers(1, 12)))
    bounds = dates(dt.date(first_year, 1, 1), dt.date(last_year, 12, 31))
    start, end = sorted((draw(bounds), draw(bounds)))
    return Period.between(start, end)


# ------------------------------------------------------------------------------------------------
# Records
# ------------------------------------------------------------------------------------------------
@lru_cache(maxsize=4096)
def _communes(inside: tuple[str, ...], outside: tuple[str, ...]) -> st.SearchStrategy[str]:
    if not outside:
        return _sample(inside)
    if not inside:
        return _sample(outside)
    return st.one_of(_sample(inside), _sample(inside), _sample(outside))


def _outside(inside: Sequence[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(insee_codes(exclude=inside), unique=True, min_size=1, max_size=3)


def _siret() -> st.SearchStrategy[str]:
    return st.one_of(st.from_regex(r"\d{14}", fullmatch=True), st.from_regex(r"W\d{9}", fullmatch=True))


@st.composite
def actors(
    draw: st.DrawFn, *, id: str = "ACT1", inside: Sequence[str] = ("99001",), outside: Sequence[str] = ("99900",)
) -> Actor:
    """One actor: governance member or not, seat in ``inside`` or ``outside`` communes, or unknown.

    Parameters
    ----------
    draw:
        Supplied by Hypothesis; not passed by callers.
    id:
        Identifier of the actor.
    inside, outside:
        INSEE codes of the territory's communes and of communes outside it.
    """
    return Actor(
        id=id,
        name=draw(names()),
        type=draw(_sample(tuple(ActorType))),
        siret=draw(_optional(_siret())),
        code_insee=draw(_optional(_communes(tuple(inside), tuple(outside)))),
        governance_member=draw(st.booleans()),
    )


@st.composite
def places(
    draw: st.DrawFn,
    *,
    id: str = "PL1",
    actor_ids: Sequence[str] = ("ACT1",),
    inside: Sequence[str] = ("99001",),
    outside: Sequence[str] = ("99900",),
    qpvs: Sequence[Qpv] = (),
) -> Place:
    """One place of one of ``actor_ids``: fixed or itinerant, open, closed or undated, with services.

    Parameters
    ----------
    draw:
        Supplied by Hypothesis; not passed by callers.
    id:
        Identifier of the place.
    actor_ids:
        Actors that may carry the place (at least one).
    inside, outside:
        INSEE codes of the territory's communes and of communes outside it.
    qpvs:
        QPVs of the territory; a place in a commune with QPVs may be located in one.
    """
    code = draw(_communes(tuple(inside), tuple(outside)))
    local_qpvs = [q.code for q in qpvs if q.code_insee == code]
    qpv = draw(_optional(_sample(tuple(local_qpvs)))) if local_qpvs else None
    itinerant = draw(st.booleans())
    served = draw(_subset((*inside, *outside), max_size=4)) if itinerant else ()
    opening = draw(_optional(dates()))
    closing = draw(_optional(dates(opening or FIRST_DAY)))
    return Place(
        id=id,
        actor_id=draw(_sample(tuple(actor_ids))),
        name=draw(names()),
        code_insee=code,
        code_qpv=qpv,
        services=draw(_subset(tuple(Service))),
        itinerant=itinerant,
        served_communes=served,
        opening_date=opening,
        closing_date=closing,
        updated_on=draw(_optional(dates())),
    )


@st.composite
def mediators(
    draw: st.DrawFn, *, id: str = "M1", actor_ids: Sequence[str] = ("ACT1",), place_ids: Sequence[str] = ()
) -> Mediator:
    """One mediator: role, dates, ``fte`` ``None`` or in (0, 1], certifications, places among ``place_ids``.

    Parameters
    ----------
    draw:
        Supplied by Hypothesis; not passed by callers.
    id:
        Pseudonymous identifier of the mediator.
    actor_ids:
        Possible employers (at least one).
    place_ids:
        Places the mediator may work in.
    """
    start = draw(dates())
    return Mediator(
        id=id,
        actor_id=draw(_sample(tuple(actor_ids))),
        role=draw(_sample(tuple(MediatorRole))),
        start_date=start,
        end_date=draw(_optional(dates(start))),
        fte=draw(_optional(st.integers(1, 100).map(lambda k: k / 100))),
        place_ids=draw(_subset(tuple(place_ids), max_size=3)),
        certifications=draw(_subset(tuple(Certification), max_size=3)),
    )


_COORDINATION_SUBTYPES = (
    SubType.ASSEMBLEE,
    SubType.COMITE,
    SubType.GROUPE_DE_TRAVAIL,
    SubType.ECHANGE,
    SubType.REUNION_COORDINATION,
    SubType.WEBINAIRE,
    SubType.EVENEMENT,
    SubType.PARTENARIAT,
    SubType.AUTRE,
)
_TRAINED_OTHERS = ("P1", "P2", "P3", "P4", "P5")
_EQUIPMENT_SUBTYPES = (SubType.RECONDITIONNE, SubType.NEUF, SubType.PRET, SubType.DON)


@st.composite
def actions(
    draw: st.DrawFn,
    *,
    id: str = "A1",
    actor_ids: Sequence[str] = ("ACT1",),
    place_ids: Sequence[str] = (),
    mediator_ids: Sequence[str] = (),
    inside: Sequence[str] = ("99001",),
    outside: Sequence[str] = ("99900",),
    types: Sequence[ActionType] = tuple(ActionType),
) -> Action:
    """One action of any of ``types`` with the fields that type carries in practice.

    Support actions have ``participants`` ``None`` or ≥ 1, thématiques and channels; coordination
    has a coordination sub-type and participating actors; training has participating actors and
    trained persons (mediator ids or other pseudonymous ids); equipment and connection have a
    quantity. The action has a place, a commune (in or outside the territory), or both.

    Parameters
    ----------
    draw:
        Supplied by Hypothesis; not passed by callers.
    id:
        Identifier of the action.
    actor_ids, place_ids, mediator_ids:
        Records the action may refer to (``actor_ids`` not empty).
    inside, outside:
        INSEE codes of the territory's communes and of communes outside it.
    types:
        Action types to draw from.
    """
    kind = draw(_sample(tuple(types)))
    place_id = draw(_optional(_sample(tuple(place_ids)))) if place_ids else None
    code = draw(_communes(tuple(inside), tuple(outside)))
    code_insee = code if place_id is None else draw(_optional(st.just(code)))
    fields: dict[str, Any] = {}
    if kind in SUPPORT_ACTION_TYPES:
        top = 1 if kind is ActionType.ACCOMPAGNEMENT_INDIVIDUEL else 25
        fields["participants"] = draw(_optional(st.integers(1, top)))
        fields["thematiques"] = draw(_subset(tuple(Thematique), max_size=4))
        fields["channel"] = draw(_optional(_sample(tuple(Channel))))
    elif kind is ActionType.COORDINATION:
        fields["subtype"] = draw(_optional(_sample(tuple(_COORDINATION_SUBTYPES))))
        fields["participating_actor_ids"] = draw(_subset(tuple(actor_ids), max_size=6))
    elif kind is ActionType.FORMATION_PROFESSIONNELS:
        fields["participating_actor_ids"] = draw(_subset(tuple(actor_ids), max_size=4))
        others = _TRAINED_OTHERS
        fields["trained_person_ids"] = draw(_subset((*mediator_ids, *others), max_size=5))
        fields["participants"] = draw(_optional(st.integers(0, 20)))
    else:
        fields["quantity"] = draw(_optional(st.integers(0, 50)))
        if kind is ActionType.EQUIPEMENT_SOLIDAIRE:
            fields["subtype"] = draw(_optional(_sample(tuple(_EQUIPMENT_SUBTYPES))))
    return Action(
        id=id,
        type=kind,
        date=draw(dates()),
        actor_id=draw(_sample(tuple(actor_ids))),
        mediator_id=draw(_optional(_sample(tuple(mediator_ids)))) if mediator_ids else None,
        place_id=place_id,
        code_insee=code_insee,
        duration_min=draw(_optional(st.integers(0, 480))),
        **fields,
    )


@st.composite
def beneficiaries(
    draw: st.DrawFn, *, id: str = "B1", inside: Sequence[str] = ("99001",), outside: Sequence[str] = ("99900",)
) -> Beneficiary:
    """One pseudonymous beneficiary with optional gender, age band, status and residence.

    Parameters
    ----------
    draw:
        Supplied by Hypothesis; not passed by callers.
    id:
        Pseudonymous identifier.
    inside, outside:
        INSEE codes of the territory's communes and of communes outside it.
    """
    return Beneficiary(
        id=id,
        gender=draw(_optional(_sample(tuple(Gender)))),
        age_band=draw(_optional(_sample(tuple(AgeBand)))),
        status=draw(_optional(_sample(tuple(SocialStatus)))),
        residence_code_insee=draw(_optional(_communes(tuple(inside), tuple(outside)))),
    )


@st.composite
def fundings(
    draw: st.DrawFn, *, id: str = "F1", actor_ids: Sequence[str] = ("ACT1",), mediator_ids: Sequence[str] = ()
) -> Funding:
    """One funding: amount agreed in euros and cents, paid ``None`` or at most agreed, mediators funded.

    Parameters
    ----------
    draw:
        Supplied by Hypothesis; not passed by callers.
    id:
        Identifier of the funding.
    actor_ids:
        Possible recipients (at least one).
    mediator_ids:
        Mediators the funding may pay for.
    """
    agreed_cents = draw(st.integers(0, 50_000_000))
    paid_cents = draw(_optional(st.integers(0, agreed_cents)))
    start = draw(dates())
    return Funding(
        id=id,
        funder=draw(_sample(tuple(Funder))),
        actor_id=draw(_sample(tuple(actor_ids))),
        amount_agreed=agreed_cents / 100,
        amount_paid=None if paid_cents is None else paid_cents / 100,
        start_date=start,
        end_date=draw(dates(start)),
        mediator_ids=draw(_subset(tuple(mediator_ids), max_size=3)),
    )


# ------------------------------------------------------------------------------------------------
# Datasets
# ------------------------------------------------------------------------------------------------
@st.composite
def datasets(
    draw: st.DrawFn,
    *,
    territory: Territory | st.SearchStrategy[Territory] | None = None,
    max_actors: int = 6,
    max_places: int = 8,
    max_mediators: int = 8,
    max_actions: int = 60,
    max_beneficiaries: int = 30,
    max_fundings: int = 6,
    action_types: Sequence[ActionType] = tuple(ActionType),
) -> Dataset:
    """Referentially coherent datasets, always accepted by :class:`~afnor_ctin.Dataset`.

    Parameters
    ----------
    draw:
        Supplied by Hypothesis; not passed by callers.
    territory:
        A fixed territory, a strategy of territories, or ``None`` for :func:`territories`.
    max_actors, max_places, max_mediators, max_actions, max_beneficiaries, max_fundings:
        Upper bounds of the number of records of each entity (all may be 0).
    action_types:
        Types of the generated actions.

    Notes
    -----
    Places, mediators, actions and fundings need an actor: without actors they are empty.
    Participations link support actions only, once per (action, beneficiary), with at most
    ``participants`` rows per action. Some communes are outside the territory.
    """
    if territory is None:
        terr = draw(territories())
    elif isinstance(territory, Territory):
        terr = territory
    else:
        terr = draw(territory)
    inside = [c.code_insee for c in terr.communes]
    outside = draw(_outside(inside))

    n_actors = draw(st.integers(0, max_actors))
    actor_ids = draw(identifiers("ACT", n_actors))
    actor_list = [draw(actors(id=i, inside=inside, outside=outside)) for i in actor_ids]

    place_list: list[Place] = []
    mediator_list: list[Mediator] = []
    action_list: list[Action] = []
    funding_list: list[Funding] = []
    if actor_ids:
        n_places = draw(st.integers(0, max_places))
        place_ids = draw(identifiers("PL", n_places))
        place_list = [
            draw(places(id=i, actor_ids=actor_ids, inside=inside, outside=outside, qpvs=terr.qpvs)) for i in place_ids
        ]
        n_mediators = draw(st.integers(0, max_mediators))
        mediator_ids = draw(identifiers("M", n_mediators))
        mediator_list = [draw(mediators(id=i, actor_ids=actor_ids, place_ids=place_ids)) for i in mediator_ids]
        n_actions = draw(st.integers(0, max_actions))
        action_ids = draw(identifiers("A", n_actions))
        action_list = [
            draw(
                actions(
                    id=i,
                    actor_ids=actor_ids,
                    place_ids=place_ids,
                    mediator_ids=mediator_ids,
                    inside=inside,
                    outside=outside,
                    types=action_types,
                )
            )
            for i in action_ids
        ]
        n_fundings = draw(st.integers(0, max_fundings))
        funding_list = [
            draw(fundings(id=i, actor_ids=actor_ids, mediator_ids=mediator_ids))
            for i in draw(identifiers("F", n_fundings))
        ]

    n_beneficiaries = draw(st.integers(0, max_beneficiaries))
    beneficiary_ids = draw(identifiers("B", n_beneficiaries))
    beneficiary_list = [draw(beneficiaries(id=i, inside=inside, outside=outside)) for i in beneficiary_ids]

    participation_list: list[Participation] = []
    if beneficiary_ids:
        for action in action_list:
            if action.type not in SUPPORT_ACTION_TYPES:
                continue
            cap = action.participants or 1
            chosen = draw(_subset(tuple(beneficiary_ids), max_size=cap))
            participation_list.extend(Participation(action_id=action.id, beneficiary_id=b) for b in chosen)

    return Dataset(
        terr,
        actors=actor_list,
        places=place_list,
        mediators=mediator_list,
        actions=action_list,
        beneficiaries=beneficiary_list,
        participations=participation_list,
        fundings=funding_list,
    )

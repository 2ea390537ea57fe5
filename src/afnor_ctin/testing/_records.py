"""Hypothesis strategies of single records: actors, places, mediators, actions, beneficiaries, fundings.

Part of :mod:`afnor_ctin.testing.strategies` (import them from there).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from hypothesis import strategies as st

from afnor_ctin.model import enums
from afnor_ctin.model.records import SUPPORT_ACTION_TYPES, Action, Actor, Beneficiary, Funding, Mediator, Place, Qpv
from afnor_ctin.testing._values import FIRST_DAY, dates, insee_codes, names, optional, sample, subset

__all__ = ["actions", "actors", "beneficiaries", "fundings", "mediators", "outside_communes", "places"]


# ------------------------------------------------------------------------------------------------
# Records
# ------------------------------------------------------------------------------------------------
@lru_cache(maxsize=4096)
def _communes(inside: tuple[str, ...], outside: tuple[str, ...]) -> st.SearchStrategy[str]:
    if not outside:
        return sample(inside)
    if not inside:
        return sample(outside)
    return st.one_of(sample(inside), sample(inside), sample(outside))


def outside_communes(inside: Sequence[str]) -> st.SearchStrategy[list[str]]:
    """One to three INSEE codes outside the communes ``inside``."""
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
        type=draw(sample(tuple(enums.ActorType))),
        siret=draw(optional(_siret())),
        code_insee=draw(optional(_communes(tuple(inside), tuple(outside)))),
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
    qpv = draw(optional(sample(tuple(local_qpvs)))) if local_qpvs else None
    itinerant = draw(st.booleans())
    served = draw(subset((*inside, *outside), max_size=4)) if itinerant else ()
    opening = draw(optional(dates()))
    closing = draw(optional(dates(opening or FIRST_DAY)))
    return Place(
        id=id,
        actor_id=draw(sample(tuple(actor_ids))),
        name=draw(names()),
        code_insee=code,
        code_qpv=qpv,
        services=draw(subset(tuple(enums.Service))),
        itinerant=itinerant,
        served_communes=served,
        opening_date=opening,
        closing_date=closing,
        updated_on=draw(optional(dates())),
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
        actor_id=draw(sample(tuple(actor_ids))),
        role=draw(sample(tuple(enums.MediatorRole))),
        start_date=start,
        end_date=draw(optional(dates(start))),
        fte=draw(optional(st.integers(1, 100).map(lambda k: k / 100))),
        place_ids=draw(subset(tuple(place_ids), max_size=3)),
        certifications=draw(subset(tuple(enums.Certification), max_size=3)),
    )


_COORDINATION_SUBTYPES = (
    enums.SubType.ASSEMBLEE,
    enums.SubType.COMITE,
    enums.SubType.GROUPE_DE_TRAVAIL,
    enums.SubType.ECHANGE,
    enums.SubType.REUNION_COORDINATION,
    enums.SubType.WEBINAIRE,
    enums.SubType.EVENEMENT,
    enums.SubType.PARTENARIAT,
    enums.SubType.AUTRE,
)
_TRAINED_OTHERS = ("P1", "P2", "P3", "P4", "P5")
_EQUIPMENT_SUBTYPES = (enums.SubType.RECONDITIONNE, enums.SubType.NEUF, enums.SubType.PRET, enums.SubType.DON)


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
    types: Sequence[enums.ActionType] = tuple(enums.ActionType),
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
    kind = draw(sample(tuple(types)))
    place_id = draw(optional(sample(tuple(place_ids)))) if place_ids else None
    code = draw(_communes(tuple(inside), tuple(outside)))
    code_insee = code if place_id is None else draw(optional(st.just(code)))
    fields: dict[str, Any] = {}
    if kind in SUPPORT_ACTION_TYPES:
        top = 1 if kind is enums.ActionType.ACCOMPAGNEMENT_INDIVIDUEL else 25
        fields["participants"] = draw(optional(st.integers(1, top)))
        fields["thematiques"] = draw(subset(tuple(enums.Thematique), max_size=4))
        fields["channel"] = draw(optional(sample(tuple(enums.Channel))))
    elif kind is enums.ActionType.COORDINATION:
        fields["subtype"] = draw(optional(sample(tuple(_COORDINATION_SUBTYPES))))
        fields["participating_actor_ids"] = draw(subset(tuple(actor_ids), max_size=6))
    elif kind is enums.ActionType.FORMATION_PROFESSIONNELS:
        fields["participating_actor_ids"] = draw(subset(tuple(actor_ids), max_size=4))
        others = _TRAINED_OTHERS
        fields["trained_person_ids"] = draw(subset((*mediator_ids, *others), max_size=5))
        fields["participants"] = draw(optional(st.integers(0, 20)))
    else:
        fields["quantity"] = draw(optional(st.integers(0, 50)))
        if kind is enums.ActionType.EQUIPEMENT_SOLIDAIRE:
            fields["subtype"] = draw(optional(sample(tuple(_EQUIPMENT_SUBTYPES))))
    return Action(
        id=id,
        type=kind,
        date=draw(dates()),
        actor_id=draw(sample(tuple(actor_ids))),
        mediator_id=draw(optional(sample(tuple(mediator_ids)))) if mediator_ids else None,
        place_id=place_id,
        code_insee=code_insee,
        duration_min=draw(optional(st.integers(0, 480))),
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
        gender=draw(optional(sample(tuple(enums.Gender)))),
        age_band=draw(optional(sample(tuple(enums.AgeBand)))),
        status=draw(optional(sample(tuple(enums.SocialStatus)))),
        residence_code_insee=draw(optional(_communes(tuple(inside), tuple(outside)))),
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
    paid_cents = draw(optional(st.integers(0, agreed_cents)))
    start = draw(dates())
    return Funding(
        id=id,
        funder=draw(sample(tuple(enums.Funder))),
        actor_id=draw(sample(tuple(actor_ids))),
        amount_agreed=agreed_cents / 100,
        amount_paid=None if paid_cents is None else paid_cents / 100,
        start_date=start,
        end_date=draw(dates(start)),
        mediator_ids=draw(subset(tuple(mediator_ids), max_size=3)),
    )

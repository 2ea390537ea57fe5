"""The common conventions of the indicator specification, one named function each.

Each convention is memoised: once per :class:`~afnor_ctin.compute.context.Scope` when it does not
depend on the period (``per_dataset``), once per :class:`~afnor_ctin.compute.context.Context`
otherwise (``per_period``). T is the territory (a group of communes), P the period, ``at`` its last
day (the reference date of stock indicators).

==============================  ======================================================================
convention                      definition
==============================  ======================================================================
:func:`action_commune`          the commune of its place when it has one, else its ``code_insee``
:func:`action_group`            an action is in T when its commune is
:func:`in_period`               an action is in P when start ≤ date ≤ end
:func:`actions_in_t_and_p`      both
:func:`support_action`          types ``accompagnement_individuel`` and ``atelier_collectif``
:func:`support_in_t_and_p`      support actions in T and P
:func:`participants`            ``participants``, 1 when not given
:func:`rows_by_type`            the positions of the actions of each type
:func:`accompaniments`          Σ participants of the support actions in T and P
:func:`place_pairs`             a place is in T by its commune, or a served commune when itinerant
:func:`active_place`            (no opening or opening ≤ at) and (no closing or closing ≥ at)
:func:`actor_pairs`             an actor is in T by its commune or one of its places
:func:`governance_members`      the governance members located in T
:func:`mediator_pairs`          a mediator is in T by one of its places or its employer's commune
:func:`in_force`                (no start or start ≤ at) and (no end or end ≥ at)
:func:`in_post`                 a mediator in force at ``at``
:func:`months_since_update`     place freshness: days since ``date_maj`` ÷ 30.44
:func:`shift_months`            calendar months from the reference date
==============================  ======================================================================
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from afnor_ctin.columns import DAY_MIN, day_number
from afnor_ctin.compute.codes import INDIVIDUAL, ON_SITE, OTHER_PLACE, WORKSHOP
from afnor_ctin.compute.context import Context, per_dataset, per_period
from afnor_ctin.compute.kernels import F64, I32, I64, B, Pairs, expand, fan_out
from afnor_ctin.period import add_months

__all__ = [
    "DAYS_PER_MONTH",
    "DENSITY_BASE",
    "RATE_BASE",
    "accompaniments",
    "accompaniments_by_commune",
    "action_commune",
    "action_group",
    "actions_in_t_and_p",
    "active_place",
    "active_place_pairs",
    "actor_pairs",
    "channel",
    "first_participation_day",
    "governance_members",
    "in_force",
    "in_period",
    "in_post",
    "mediator_pairs",
    "mediators_in_post",
    "months_since_update",
    "participants",
    "place_in_qpv",
    "place_pairs",
    "rows_by_type",
    "rows_of_type",
    "shift_months",
    "support_action",
    "support_in_t_and_p",
    "support_rows",
]


#: Days in a month for place freshness (the national platforms' convention).
DAYS_PER_MONTH = 30.44
#: Inhabitants per density unit: places and mediators per 10,000 inhabitants.
DENSITY_BASE = 10_000
#: Inhabitants per rate unit: accompaniments per 1,000 inhabitants.
RATE_BASE = 1_000


# -- actions -------------------------------------------------------------------------------------------
def action_commune(ctx: Context) -> I32:
    """The commune of each action: its place's when it has one, else its ``code_insee`` (``-1``: none).

    Computed when the dataset is built (``ActionTable.commune``).
    """
    return ctx.c.actions.commune


@per_dataset
def action_group(ctx: Context) -> I32:
    """Group of each action (the group of its commune; ``-1`` outside every group)."""
    return ctx.groups.of(action_commune(ctx))


@per_period
def in_period(ctx: Context) -> B:
    """True for the actions dated in P."""
    day = ctx.c.actions.day
    return (day >= ctx.start) & (day <= ctx.end)


@per_period
def actions_in_t_and_p(ctx: Context) -> I32:
    """Group of each action in T and P, ``-1`` otherwise."""
    return np.where(in_period(ctx), action_group(ctx), np.int32(-1)).astype(np.int32)


@per_dataset
def support_action(ctx: Context) -> B:
    """True for support actions: individual support and collective workshops."""
    t = ctx.c.actions.type
    return np.asarray((t == INDIVIDUAL) | (t == WORKSHOP), dtype=bool)


@per_period
def support_in_t_and_p(ctx: Context) -> I32:
    """Group of each support action in T and P, ``-1`` otherwise."""
    return np.where(support_action(ctx), actions_in_t_and_p(ctx), np.int32(-1)).astype(np.int32)


@per_period
def support_rows(ctx: Context) -> I32:
    """Positions of the support actions in T and P (32-bit: half the memory of numpy's default)."""
    return np.flatnonzero(support_in_t_and_p(ctx) >= 0).astype(np.int32)


@per_dataset
def rows_by_type(ctx: Context) -> dict[int, I64]:
    """Positions of the actions of each type but the support actions (by type code), in dataset order.

    Indicators reading a rare type (equipment, training, coordination) work on its rows rather
    than on every action. The support actions, most of the rows, are left out: they have
    :func:`support_rows`, and keeping their positions would hold a copy of every action's.
    """
    t = ctx.c.actions.type
    counts = np.bincount(t) if len(t) else np.zeros(0, dtype=np.int64)
    support = (INDIVIDUAL, WORKSHOP)
    return {code: np.flatnonzero(t == code) for code in np.flatnonzero(counts).tolist() if code not in support}


def rows_of_type(ctx: Context, code: int) -> I64:
    """Positions of the actions of type ``code`` (see :func:`rows_by_type`)."""
    if code in (INDIVIDUAL, WORKSHOP):
        return np.flatnonzero(ctx.c.actions.type == code)
    return rows_by_type(ctx).get(code, np.zeros(0, dtype=np.int64))


@per_dataset
def participants(ctx: Context) -> I32:
    """Participants of each action, 1 when not given (the column's 32-bit integers)."""
    p = ctx.c.actions.participants
    return np.where(p < 0, np.int32(1), p).astype(np.int32, copy=False)


@per_dataset
def channel(ctx: Context) -> npt.NDArray[np.int8]:
    """Channel code of each action; when not given, ``lieu_activite`` at a place, else ``autre_lieu``."""
    a = ctx.c.actions
    default = np.where(a.place >= 0, ON_SITE, OTHER_PLACE).astype(np.int8)
    return np.where(a.channel >= 0, a.channel, default).astype(np.int8)


@per_period
def accompaniments_by_commune(ctx: Context) -> F64:
    """Accompaniments (Σ participants of the support actions in T and P) per commune (extended vocabulary)."""
    rows = support_rows(ctx)
    weights = participants(ctx)[rows]
    return np.bincount(action_commune(ctx)[rows], weights=weights, minlength=len(ctx.groups.codes)).astype(np.float64)


@per_period
def accompaniments(ctx: Context) -> F64:
    """Accompaniments (Σ participants of the support actions in T and P) per group."""
    return ctx.groups.total(accompaniments_by_commune(ctx))


@per_dataset
def first_participation_day(ctx: Context) -> I64:
    """Day of the first participation of each beneficiary in the whole dataset."""
    p = ctx.c.participations
    out = np.full(len(ctx.c.beneficiaries), np.iinfo(np.int64).max, dtype=np.int64)
    if len(p):
        np.minimum.at(out, p.beneficiary, ctx.c.actions.day[p.action].astype(np.int64))
    return out


def in_force(ctx: Context, start: I32, end: I32) -> B:
    """True where ``[start, end]`` (day numbers, open ends as sentinels) contains the reference date."""
    return (start <= ctx.end) & (end >= ctx.end)


# -- places, actors, mediators -------------------------------------------------------------------------
@per_dataset
def place_pairs(ctx: Context) -> Pairs:
    """Places in each group: by the place's commune or, for an itinerant place, a served commune."""
    p = ctx.c.places
    rows, served = expand(p.served, p.itinerant)
    return Pairs.attributed(ctx.groups.of(p.commune), rows, ctx.groups.of(served))


@per_period
def active_place(ctx: Context) -> B:
    """True for the places open at the reference date."""
    return in_force(ctx, ctx.c.places.opening, ctx.c.places.closing)


@per_period
def active_place_pairs(ctx: Context) -> Pairs:
    """Active places in each group."""
    return place_pairs(ctx).where(active_place(ctx))


def months_since_update(ctx: Context, places: I64) -> tuple[F64, B]:
    """Months from each place's last update to the reference date (days ÷ 30.44), and « no date »."""
    updated = ctx.c.places.updated[places].astype(np.int64)
    return (ctx.end - updated) / DAYS_PER_MONTH, updated == DAY_MIN


@per_dataset
def place_in_qpv(ctx: Context) -> B:
    """True for the places located in a QPV (``code_qpv`` given)."""
    return ctx.c.places.qpv.astype(bool)


@per_dataset
def actor_pairs(ctx: Context) -> Pairs:
    """Actors in each group: by the actor's commune or one of its places."""
    places = place_pairs(ctx)
    return Pairs.attributed(ctx.groups.of(ctx.c.actors.commune), ctx.c.places.actor[places.ids], places.group)


@per_dataset
def governance_members(ctx: Context) -> Pairs:
    """Governance members located in each group.

    A member that cannot be located (no commune, no place) counts nowhere; it is reported as
    « acteur non localisé » by :func:`afnor_ctin.evaluate.data_issues`.
    """
    return actor_pairs(ctx).where(ctx.c.actors.governance)


@per_period
def in_post(ctx: Context) -> B:
    """True for the mediators in post at the reference date."""
    return in_force(ctx, ctx.c.mediators.start, ctx.c.mediators.end)


@per_dataset
def mediator_pairs(ctx: Context) -> Pairs:
    """Mediators in each group: by one of their places or their employer's commune."""
    m = ctx.c.mediators
    places = place_pairs(ctx)
    rows, worked_at = expand(m.places, np.ones(len(m), dtype=bool))
    matched, group_of_place = fan_out(places.ids, places.group, worked_at)
    employer_group = ctx.groups.of(ctx.c.actors.commune[m.actor]) if len(m) else np.zeros(0, dtype=np.int32)
    return Pairs.attributed(employer_group, rows[matched], group_of_place)


@per_period
def mediators_in_post(ctx: Context) -> Pairs:
    """Mediators in post in each group at the reference date (I03's value; also read by I09 and I10)."""
    return mediator_pairs(ctx).where(in_post(ctx))


def shift_months(ctx: Context, months: int) -> int:
    """Day number of the reference date shifted by calendar months (negative: earlier)."""
    return day_number(add_months(ctx.period.end, months))

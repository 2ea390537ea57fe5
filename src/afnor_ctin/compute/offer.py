"""The offer: actors mapped (I01), territorial coverage (I02), mediators in post (I03)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from afnor_ctin.compute import conventions as cv
from afnor_ctin.compute.codes import ACTOR_TYPES, AIDANTS_CONNECT, ROLES
from afnor_ctin.compute.context import Context, Outcome, not_computable, outcomes, per_period
from afnor_ctin.compute.kernels import B, Pairs, by_category, category_counts, count_by, expand, floats, ints, share
from afnor_ctin.results import ComponentValue

__all__ = [
    "compute_actor_mapping",
    "compute_mediators_in_post",
    "compute_territorial_coverage",
    "covered_communes",
    "mapped_actors",
]


def _per_inhabitants(count: float, population: float) -> float | None:
    """``count`` per :data:`~afnor_ctin.compute.conventions.DENSITY_BASE` inhabitants (``None`` without population)."""
    return None if population == 0 else float(count / population * cv.DENSITY_BASE)


# -- I01 -----------------------------------------------------------------------------------------------
def place_carriers(ctx: Context) -> Pairs:
    """Actors carrying an active place in T at the reference date."""
    places = cv.active_place_pairs(ctx)
    return Pairs(ctx.c.places.actor[places.ids].astype(np.int64), places.group)


def action_carriers(ctx: Context) -> Pairs:
    """Actors carrying an action (of any type) in T and P (distinct pairs: millions of actions, few actors)."""
    return Pairs.distinct(ctx.c.actions.actor, cv.actions_in_t_and_p(ctx), len(ctx.c.actors))


@per_period
def mapped_actors(ctx: Context) -> Pairs:
    """The actors *mapped in T* (I01): active-place carriers ∪ governance members ∪ action carriers."""
    return Pairs.union(place_carriers(ctx), cv.governance_members(ctx), action_carriers(ctx), n_ids=len(ctx.c.actors))


def compute_actor_mapping(ctx: Context, *, up_to_date_months: float, to_check_months: float) -> list[Outcome]:
    """I01 for every group: the number of distinct actors mapped in T.

    Place freshness over the active places, in months since their last update: up to date
    (≤ ``up_to_date_months``), to check (up to ``to_check_months``), to refresh (beyond, or no date).
    """
    n = ctx.n
    value = ints(mapped_actors(ctx).count(n))
    places = cv.active_place_pairs(ctx)
    months, no_date = cv.months_since_update(ctx, places.ids)
    up_to_date = ~no_date & (months <= up_to_date_months)
    to_check = ~no_date & (months > up_to_date_months) & (months <= to_check_months)
    to_refresh = no_date | (months > to_check_months)
    lieux_actifs = ints(places.count(n))
    a_jour = ints(places.select(up_to_date).count(n))
    a_verifier = ints(places.select(to_check).count(n))
    a_actualiser = ints(places.select(to_refresh).count(n))
    actors = mapped_actors(ctx)
    by_type = category_counts(actors.group, ctx.c.actors.type[actors.ids], len(ACTOR_TYPES), n)
    par_type = by_category(ACTOR_TYPES, by_type, positive_only=True)
    located = cv.active_place(ctx) & (ctx.groups.of(ctx.c.places.commune) >= 0)
    per_commune = np.bincount(ctx.c.places.commune[located], minlength=len(ctx.groups.codes))
    breakdowns = ctx.groups.breakdowns(per_commune, as_int=True)
    components: dict[str, Sequence[ComponentValue]] = {
        "lieux_actifs": lieux_actifs,
        "a_jour": a_jour,
        "a_verifier": a_verifier,
        "a_actualiser": a_actualiser,
        "taux_fraicheur": list(map(share, a_jour, lieux_actifs)),
        "par_type": par_type,
    }
    return outcomes(value, components, by_commune=breakdowns)


# -- I02 -----------------------------------------------------------------------------------------------
@per_period
def covered_communes(ctx: Context) -> B:
    """Communes covered at the reference date (I02): an active place is in it, or an active itinerant one serves it."""
    p = ctx.c.places
    active = cv.active_place(ctx)
    out = np.zeros(len(ctx.groups.codes), dtype=bool)
    out[p.commune[active]] = True
    _, served = expand(p.served, active & p.itinerant)
    out[served] = True
    return out


def compute_territorial_coverage(ctx: Context) -> list[Outcome]:
    """I02 for every group: the share of T's population living in a covered commune."""
    groups, n = ctx.groups, ctx.n
    covered = covered_communes(ctx)
    population = groups.population
    covered_population = floats(groups.total(population * covered))
    total_population = floats(groups.total(population))
    n_communes = floats(groups.total(np.ones(len(population))))
    n_covered = floats(groups.total(covered.astype(np.float64)))
    places = ints(cv.active_place_pairs(ctx).count(n))
    located = cv.active_place(ctx) & (groups.of(ctx.c.places.commune) >= 0)
    per_commune = np.bincount(ctx.c.places.commune[located], minlength=len(groups.codes)).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        density = np.where(population > 0, per_commune / population * cv.DENSITY_BASE, np.nan)
    breakdowns = groups.breakdowns(density)
    uncovered = groups.member_lists(~covered)
    out = []
    for g in range(n):
        components = {
            "communes_couvertes": int(n_covered[g]),
            "part_communes": share(n_covered[g], n_communes[g]),
            "lieux_pour_10000_hab": _per_inhabitants(places[g], total_population[g]),
            "communes_non_couvertes": uncovered[g],
        }
        breakdown = breakdowns[g]
        if total_population[g] == 0:
            out.append(not_computable("population totale nulle", components, breakdown))
        else:
            value = covered_population[g] / total_population[g]
            out.append(Outcome(value=value, components=components, by_commune=breakdown))
    return out


# -- I03 -----------------------------------------------------------------------------------------------
def compute_mediators_in_post(ctx: Context, *, active_window_months: int) -> list[Outcome]:
    """I03 for every group: the number of distinct mediators in post in T at the reference date.

    Active mediators are in post and author of an action dated in the last ``active_window_months``
    calendar months up to the reference date.
    """
    c, n, groups = ctx.c, ctx.n, ctx.groups
    in_post = cv.mediators_in_post(ctx)
    value = ints(in_post.count(n))
    par_role = by_category(ROLES, category_counts(in_post.group, c.mediators.role[in_post.ids], len(ROLES), n))
    fte = c.mediators.fte[in_post.ids]
    etp = floats(count_by(in_post.group, n, np.where(np.isnan(fte), 1.0, fte)))
    a = c.actions
    since = cv.shift_months(ctx, -active_window_months)
    recent_actions = (a.day >= since) & (a.day <= ctx.end) & (a.mediator >= 0)
    recent = np.zeros(len(c.mediators), dtype=bool)
    recent[a.mediator[recent_actions]] = True
    actifs = ints(in_post.where(recent).count(n))
    habilites = ints(in_post.where((c.mediators.certifications & AIDANTS_CONNECT) != 0).count(n))
    total_population = floats(groups.total(groups.population))
    components: dict[str, Sequence[ComponentValue]] = {
        "par_role": par_role,
        "etp": [round(x, 6) for x in etp],
        "pour_10000_hab": list(map(_per_inhabitants, value, total_population)),
        "actifs": actifs,
        "habilites_aidants_connect": habilites,
    }
    return outcomes(value, components)

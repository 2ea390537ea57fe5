"""The offer: actors mapped (I01), territorial coverage (I02), mediators in post (I03)."""

from __future__ import annotations

import numpy as np

from afnor_ctin.columns import DAY_MIN
from afnor_ctin.dataset import Dataset
from afnor_ctin.indicators._engine import (
    DAYS_PER_MONTH,
    Context,
    Outcome,
    category_counts,
    count_by,
    not_computable,
    share,
)
from afnor_ctin.indicators._single import evaluate_one
from afnor_ctin.model.enums import ActorType, Certification, MediatorRole
from afnor_ctin.period import Period
from afnor_ctin.report.result import IndicatorResult

__all__ = ["actor_mapping", "mediators_in_post", "territorial_coverage"]

_ACTOR_TYPES = tuple(ActorType)
_ROLES = tuple(MediatorRole)
_AIDANTS_CONNECT = 1 << tuple(Certification).index(Certification.AIDANTS_CONNECT)


def compute_actor_mapping(ctx: Context) -> list[Outcome]:
    """I01 for every group of ``ctx``."""
    c, n = ctx.c, ctx.n
    place, pgroup = ctx.active_place_pairs
    lieux_actifs = np.bincount(pgroup, minlength=n)
    updated = c.places.updated[place].astype(np.int64)
    missing = updated == DAY_MIN
    months = (ctx.end - updated) / DAYS_PER_MONTH
    a_jour = np.bincount(pgroup[~missing & (months <= 12)], minlength=n)
    a_verifier = np.bincount(pgroup[~missing & (months > 12) & (months <= 18)], minlength=n)
    a_actualiser = np.bincount(pgroup[missing | (months > 18)], minlength=n)
    actors, agroup = ctx.mapped_actor_pairs
    by_type = category_counts(agroup, c.actors.type[actors], len(_ACTOR_TYPES), n)
    located = ctx.groups.of(c.places.commune) >= 0
    active_located = ctx.active_places & located
    per_commune = np.bincount(c.places.commune[active_located], minlength=len(ctx.groups.codes))
    out = []
    for g in range(n):
        out.append(
            Outcome(
                value=int(ctx.mapped_actor_count[g]),
                components={
                    "lieux_actifs": int(lieux_actifs[g]),
                    "a_jour": int(a_jour[g]),
                    "a_verifier": int(a_verifier[g]),
                    "a_actualiser": int(a_actualiser[g]),
                    "taux_fraicheur": share(a_jour[g], lieux_actifs[g]),
                    "par_type": {_ACTOR_TYPES[k].value: int(v) for k, v in enumerate(by_type[g]) if v > 0},
                },
                by_commune=ctx.groups.breakdown(g, per_commune, as_int=True),
            )
        )
    return out


def actor_mapping(dataset: Dataset, period: Period, /) -> IndicatorResult:
    """I01 — Mapping of actors [acteurs].

    Number of distinct actors *mapped in T*: actors with at least one active place in T at the
    reference date, governance members, or carriers of at least one action (any type) in T and P.

    Parameters
    ----------
    dataset:
        The data; its territory is T.
    period:
        The period P; stock measures are taken at ``period.end``.

    Returns
    -------
    IndicatorResult
        Components ``lieux_actifs``, ``a_jour`` (≤ 12 months since ``date_maj``), ``a_verifier``
        (12–18), ``a_actualiser`` (> 18 or no date), ``taux_fraicheur`` [part], ``par_type``;
        breakdown: active places by commune.

    Notes
    -----
    Months since the last update are counted as days / 30.44 (the national platforms' convention).

    Examples
    --------
    >>> from afnor_ctin.testing.examples import worked_example, WORKED_EXAMPLE_PERIOD
    >>> r = actor_mapping(worked_example(), WORKED_EXAMPLE_PERIOD)
    >>> r.value, r.components["lieux_actifs"], r.components["a_jour"]
    (3, 3, 1)
    """
    return evaluate_one("I01", dataset, period, {})


def compute_territorial_coverage(ctx: Context) -> list[Outcome]:
    """I02 for every group of ``ctx``."""
    groups, n = ctx.groups, ctx.n
    covered = ctx.covered
    population = groups.population
    covered_pop = groups.total(population * covered)
    total_pop = groups.total(population)
    n_communes = groups.total(np.ones(len(population)))
    n_covered = groups.total(covered.astype(np.float64))
    _, pgroup = ctx.active_place_pairs
    places = np.bincount(pgroup, minlength=n)
    located = ctx.active_places & (groups.of(ctx.c.places.commune) >= 0)
    per_commune_places = np.bincount(ctx.c.places.commune[located], minlength=len(groups.codes)).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        density = np.where(population > 0, per_commune_places / population * 10_000, np.nan)
    out = []
    for g in range(n):
        members = groups.members[g]
        components = {
            "communes_couvertes": int(n_covered[g]),
            "part_communes": share(n_covered[g], n_communes[g]),
            "lieux_pour_10000_hab": None if total_pop[g] == 0 else float(places[g] / total_pop[g] * 10_000),
            "communes_non_couvertes": tuple(str(x) for x in groups.codes[members[~covered[members]]]),
        }
        breakdown = groups.breakdown(g, density)
        if total_pop[g] == 0:
            out.append(not_computable("population totale nulle", components, breakdown))
        else:
            out.append(Outcome(value=float(covered_pop[g] / total_pop[g]), components=components, by_commune=breakdown))
    return out


def territorial_coverage(dataset: Dataset, period: Period, /) -> IndicatorResult:
    """I02 — Territorial coverage of the offer [part].

    Share of T's population living in a commune covered at the reference date: a commune is
    covered when an active place is located in it, or when an active itinerant place serves it.

    Returns
    -------
    IndicatorResult
        Components ``communes_couvertes``, ``part_communes`` [part], ``lieux_pour_10000_hab``,
        ``communes_non_couvertes`` (INSEE codes); breakdown: places per 10,000 inhabitants.
        Not computable when the total population is 0.

    Notes
    -----
    value = Σ population(covered communes) / Σ population(communes of T)

    Examples
    --------
    >>> from afnor_ctin.testing.examples import worked_example, WORKED_EXAMPLE_PERIOD
    >>> round(territorial_coverage(worked_example(), WORKED_EXAMPLE_PERIOD).value, 4)
    0.8667
    """
    return evaluate_one("I02", dataset, period, {})


def compute_mediators_in_post(ctx: Context) -> list[Outcome]:
    """I03 for every group of ``ctx``."""
    c, n, groups = ctx.c, ctx.n, ctx.groups
    med, group = ctx.mediator_post_pairs
    value = ctx.mediators_in_post_count
    by_role = category_counts(group, c.mediators.role[med], len(_ROLES), n)
    fte = c.mediators.fte[med]
    etp = count_by(group, n, np.where(np.isnan(fte), 1.0, fte))
    a = c.actions
    lo = ctx.at_minus_months(-2)
    recent_actions = (a.day >= lo) & (a.day <= ctx.end) & (a.mediator >= 0)
    recent = np.zeros(len(c.mediators), dtype=bool)
    recent[a.mediator[recent_actions]] = True
    actifs = np.bincount(group[recent[med]], minlength=n)
    habilites = np.bincount(group[(c.mediators.certifications[med] & _AIDANTS_CONNECT) != 0], minlength=n)
    total_pop = groups.total(groups.population)
    out = []
    for g in range(n):
        out.append(
            Outcome(
                value=int(value[g]),
                components={
                    "par_role": {r.value: int(by_role[g, k]) for k, r in enumerate(_ROLES)},
                    "etp": round(float(etp[g]), 6),
                    "pour_10000_hab": None if total_pop[g] == 0 else float(value[g] / total_pop[g] * 10_000),
                    "actifs": int(actifs[g]),
                    "habilites_aidants_connect": int(habilites[g]),
                },
            )
        )
    return out


def mediators_in_post(dataset: Dataset, period: Period, /) -> IndicatorResult:
    """I03 — Digital mediators and helpers [personnes].

    Number of distinct mediators in post in T at the reference date (start ≤ at and no end or
    end ≥ at); a mediator is in T when one of its places is in T or its employer's commune is.

    Returns
    -------
    IndicatorResult
        Components ``par_role``, ``etp`` (Σ FTE, default 1), ``pour_10000_hab``, ``actifs`` (in post
        and author of an action dated in [at − 2 months, at]), ``habilites_aidants_connect``.

    Examples
    --------
    >>> from afnor_ctin.testing.examples import worked_example, WORKED_EXAMPLE_PERIOD
    >>> r = mediators_in_post(worked_example(), WORKED_EXAMPLE_PERIOD)
    >>> r.value, r.components["etp"], r.components["actifs"]
    (3, 1.7, 1)
    """
    return evaluate_one("I03", dataset, period, {})

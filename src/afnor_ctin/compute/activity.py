"""Activity: support actions (I04), people supported (I05), territorial balance (I06), fragile communes (I07)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
import numpy.typing as npt

from afnor_ctin.compute import conventions as cv
from afnor_ctin.compute.codes import AGE_BANDS, CHANNELS, GENDERS, REMOTE, STATUSES, THEMATIQUES, WORKSHOP
from afnor_ctin.compute.context import Context, Outcome, not_computable, outcomes, per_period
from afnor_ctin.compute.kernels import (
    F64,
    I64,
    Pairs,
    by_category,
    category_counts,
    count_by,
    floats,
    index_dtype,
    ints,
    share,
)
from afnor_ctin.compute.offer import covered_communes
from afnor_ctin.results import ComponentValue, Flag

__all__ = [
    "SupportTally",
    "compute_fragile_area_coverage",
    "compute_people_supported",
    "compute_support_actions",
    "compute_territorial_balance",
    "support_tally",
]


# -- I04 -----------------------------------------------------------------------------------------------
@attrs.frozen(eq=False)
class SupportTally:
    """The support actions in T and P tallied by (group, individual/workshop, channel, month).

    Each array has shape ``(groups, 2, channels, months)``: one pass over the actions serves every
    I04 component.
    """

    actions: F64
    accompaniments: F64
    minutes: F64
    months: tuple[str, ...]


def _months(ctx: Context) -> tuple[I64, tuple[str, ...]]:
    """Month index (from the period's first month) of each day of the period, and the month keys."""
    days = np.arange(ctx.start, ctx.end + 1, dtype=np.int64).astype("datetime64[D]")
    month_of_day = days.astype("datetime64[M]").astype(np.int64)
    first = int(month_of_day[0])
    keys = tuple(str(np.datetime64(first + k, "M")) for k in range(int(month_of_day[-1]) - first + 1))
    return month_of_day - first, keys


@per_period
def support_tally(ctx: Context) -> SupportTally:
    """The :class:`SupportTally` of the support actions in T and P."""
    rows = cv.support_rows(ctx)
    a = ctx.c.actions
    month_of_day, months = _months(ctx)
    n_channels, n_months = len(CHANNELS), len(months)
    size = ctx.n * 2 * n_channels * n_months
    key = cv.support_in_t_and_p(ctx)[rows].astype(index_dtype(size))
    key *= 2
    key += a.type[rows] == WORKSHOP
    key *= n_channels
    key += cv.channel(ctx)[rows]
    key *= n_months
    key += month_of_day[a.day[rows] - ctx.start].astype(key.dtype)
    shape = (ctx.n, 2, n_channels, n_months)
    actions = np.bincount(key, minlength=size).reshape(shape).astype(np.float64)
    people = np.bincount(key, weights=cv.participants(ctx)[rows], minlength=size).reshape(shape)
    minutes = np.bincount(key, weights=np.maximum(a.duration[rows], 0), minlength=size).reshape(shape)
    return SupportTally(actions, people.astype(np.float64), minutes.astype(np.float64), months)


def compute_support_actions(ctx: Context) -> list[Outcome]:
    """I04 for every group: the number of support actions in T and P."""
    n = ctx.n
    tally = support_tally(ctx)
    value = ints(tally.actions.sum(axis=(1, 2, 3)))
    individual, workshops = (ints(column) for column in tally.actions.sum(axis=(2, 3)).T)
    by_channel = tally.actions.sum(axis=(1, 3))
    by_month: list[list[int]] = tally.actions.sum(axis=(1, 2)).astype(np.int64).tolist()
    hours = floats(tally.minutes.sum(axis=(1, 2, 3)) / 60)
    accompaniments = ints(cv.accompaniments(ctx))
    # Group of every thématique value, repeated from its action's group (no row index needed).
    them_group = np.repeat(cv.support_in_t_and_p(ctx), ctx.c.actions.thematiques.lengths())
    by_them = category_counts(them_group, ctx.c.actions.thematiques.values, len(THEMATIQUES), n)
    par_thematique = by_category(THEMATIQUES, by_them, positive_only=True)
    par_canal = by_category(CHANNELS, by_channel)
    rows = cv.support_rows(ctx)
    per_commune = np.bincount(cv.action_commune(ctx)[rows], minlength=len(ctx.groups.codes))
    breakdowns = ctx.groups.breakdowns(per_commune, as_int=True)
    components: dict[str, Sequence[ComponentValue]] = {
        "individuels": individual,
        "ateliers": workshops,
        "accompagnements": accompaniments,
        "heures": hours,
        "par_thematique": par_thematique,
        "par_canal": par_canal,
        "par_mois": [dict(zip(tally.months, row, strict=True)) for row in by_month],
    }
    return outcomes(value, components, by_commune=breakdowns)


# -- I05 -----------------------------------------------------------------------------------------------
def _distribution(
    groups: npt.NDArray[np.int32], codes: npt.NDArray[np.int8], members: tuple[object, ...], n: int
) -> F64:
    """Counts per group of category codes, ``-1`` (unknown) counted as ``non_communique``."""
    unknown = len(members) - 1  # non_communique is the last member of every beneficiary category
    return category_counts(groups, np.where(codes < 0, unknown, codes), len(members), n)


def compute_people_supported(ctx: Context) -> list[Outcome]:
    """I05 for every group: distinct identified beneficiaries of support actions in T and P, plus anonymous ones."""
    c, n = ctx.c, ctx.n
    p = c.participations
    row_group = cv.support_in_t_and_p(ctx)[p.action] if len(p) else np.zeros(0, dtype=np.int32)
    identified = Pairs.distinct(p.beneficiary, row_group, len(c.beneficiaries))
    anonymous = ints(np.maximum(cv.accompaniments(ctx) - count_by(row_group, n), 0))
    first = cv.first_participation_day(ctx)[identified.ids]
    new = identified.select((first >= ctx.start) & (first <= ctx.end))
    b = c.beneficiaries
    genders = _distribution(identified.group, b.gender[identified.ids], GENDERS, n)
    ages = _distribution(identified.group, b.age_band[identified.ids], AGE_BANDS, n)
    statuses = _distribution(identified.group, b.status[identified.ids], STATUSES, n)
    par_genre, par_tranche_age = by_category(GENDERS, genders), by_category(AGE_BANDS, ages)
    par_statut = by_category(STATUSES, statuses)
    n_identified, n_new = ints(identified.count(n)), ints(new.count(n))
    out = []
    for g in range(n):
        anon = anonymous[g]
        out.append(
            Outcome(
                value=n_identified[g] + anon,
                flags=(Flag.UPPER_BOUND,) if anon > 0 else (),
                components={
                    "identifies": n_identified[g],
                    "anonymes": anon,
                    "nouveaux": n_new[g],
                    "par_genre": par_genre[g],
                    "par_tranche_age": par_tranche_age[g],
                    "par_statut": par_statut[g],
                },
            )
        )
    return out


# -- I06 -----------------------------------------------------------------------------------------------
def _qpv_split(ctx: Context) -> tuple[F64, F64, F64]:
    """Accompaniments at a place in a QPV; at a place outside or in a commune without QPV; undetermined."""
    a, n, groups = ctx.c.actions, ctx.n, ctx.groups
    rows = cv.support_rows(ctx)  # the other actions count nowhere
    group, weights = cv.support_in_t_and_p(ctx)[rows], cv.participants(ctx)[rows]
    place = a.place[rows]
    with_place = place >= 0
    in_qpv = cv.place_in_qpv(ctx)
    at_qpv_place = with_place & in_qpv[np.maximum(place, 0)] if len(in_qpv) else np.zeros(len(rows), dtype=bool)
    commune_qpv = groups.has_qpv[np.maximum(cv.action_commune(ctx)[rows], 0)] if len(rows) else np.zeros(0, dtype=bool)
    # 0: at a QPV place; 1: at another place, or without place in a commune without QPV; 2: undetermined.
    where = np.where(at_qpv_place, 0, np.where(with_place | ~commune_qpv, 1, 2)).astype(np.int8)
    table = category_counts(group, where, 3, n, weights)
    return table[:, 0], table[:, 1], table[:, 2]


def compute_territorial_balance(ctx: Context) -> list[Outcome]:
    """I06 for every group: (share of accompaniments outside the centre) ÷ (share of the population outside it)."""
    n, groups = ctx.n, ctx.groups
    acc = cv.accompaniments_by_commune(ctx)
    population = groups.population
    total = groups.total(acc)
    total_population = groups.total(population)
    centre_acc = acc[groups.centre] if n else np.zeros(0)
    centre_population = population[groups.centre] if n else np.zeros(0, dtype=np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_1000 = np.where(population > 0, acc / population * cv.RATE_BASE, np.nan)
    breakdowns = groups.breakdowns(per_1000)
    remote = ints(support_tally(ctx).accompaniments[:, :, REMOTE, :].sum(axis=(1, 2)))
    qpv, outside_qpv, undetermined = (floats(column) for column in _qpv_split(ctx))
    outside_centre = floats(total - centre_acc)
    population_outside_centre = floats(total_population - centre_population)
    totals, total_populations = floats(total), floats(total_population)
    centres = [str(code) for code in groups.codes[groups.centre]] if n else []
    out = []
    for g in range(n):
        outside, population_outside = outside_centre[g], population_outside_centre[g]
        part_hors = share(outside, totals[g])
        part_population = share(population_outside, total_populations[g])
        components = {
            "part_hors_centre": part_hors,
            "part_population_hors_centre": part_population,
            "ville_centre": centres[g],
            "a_distance": remote[g],
            "qpv": int(qpv[g]),
            "hors_qpv": int(outside_qpv[g]),
            "qpv_indetermine": int(undetermined[g]),
            "part_qpv": share(qpv[g], qpv[g] + outside_qpv[g]),
        }
        breakdown = breakdowns[g]
        if totals[g] == 0:
            out.append(not_computable("aucun accompagnement sur la période", components, breakdown))
        elif population_outside == 0 or part_hors is None or part_population is None:
            reason = "toute la population du territoire vit dans la ville-centre"
            out.append(not_computable(reason, components, breakdown))
        else:
            out.append(Outcome(value=part_hors / part_population, components=components, by_commune=breakdown))
    return out


# -- I07 -----------------------------------------------------------------------------------------------
def compute_fragile_area_coverage(ctx: Context, *, ifn_threshold: float) -> list[Outcome]:
    """I07 for every group: the share of fragile communes (IFN ≥ ``ifn_threshold``) that are reached.

    A fragile commune is reached when it is covered at the reference date (as in I02) or had at
    least one support action in P.
    """
    n, groups = ctx.n, ctx.groups
    ifn = groups.ifn
    scored = ~np.isnan(ifn)
    with np.errstate(invalid="ignore"):
        fragile = scored & (ifn >= ifn_threshold)
    rows = cv.support_rows(ctx)
    supported = np.bincount(cv.action_commune(ctx)[rows], minlength=len(groups.codes)) > 0
    reached = fragile & (covered_communes(ctx) | supported)
    acc = cv.accompaniments_by_commune(ctx)
    population = groups.population.astype(np.float64)
    n_fragile = floats(groups.total(fragile.astype(np.float64)))
    n_reached = floats(groups.total(reached.astype(np.float64)))
    n_scored = floats(groups.total(scored.astype(np.float64)))
    n_unscored = floats(groups.total((~scored).astype(np.float64)))
    acc_fragile = floats(groups.total(np.where(fragile, acc, 0.0)))
    population_fragile = floats(groups.total(np.where(fragile, population, 0.0)))
    other = scored & ~fragile
    acc_other = floats(groups.total(np.where(other, acc, 0.0)))
    population_other = floats(groups.total(np.where(other, population, 0.0)))
    threshold = f"{ifn_threshold:g}".replace(".", ",")
    out = []
    for g in range(n):
        rate_fragile = share(acc_fragile[g] * cv.RATE_BASE, population_fragile[g])
        rate_other = share(acc_other[g] * cv.RATE_BASE, population_other[g])
        ratio = None if rate_fragile is None or rate_other is None else share(rate_fragile, rate_other)
        components = {
            "communes_fragiles": int(n_fragile[g]),
            "atteintes": int(n_reached[g]),
            "sans_score": int(n_unscored[g]),
            "seuil_ifn": float(ifn_threshold),
            "ratio_taux": ratio,
        }
        if n_scored[g] == 0:
            out.append(not_computable("aucun score IFN fourni", components))
        elif n_fragile[g] == 0:
            out.append(not_computable(f"aucune commune fragile (score IFN ≥ {threshold})", components))
        else:
            out.append(Outcome(value=float(n_reached[g] / n_fragile[g]), components=components))
    return out

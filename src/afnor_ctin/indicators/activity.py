"""Activity: support actions (I04), people supported (I05), territorial balance (I06), fragile communes (I07)."""

from __future__ import annotations

import numpy as np

from afnor_ctin.dataset import Dataset
from afnor_ctin.indicators._engine import (
    A_DISTANCE,
    Context,
    Outcome,
    category_counts,
    count_by,
    distinct_by,
    not_computable,
    pair_keys,
    share,
)
from afnor_ctin.indicators._single import evaluate_one
from afnor_ctin.model.enums import AgeBand, Channel, Gender, SocialStatus, Thematique
from afnor_ctin.period import Period
from afnor_ctin.report.result import Flag, IndicatorResult

__all__ = ["fragile_area_coverage", "people_supported", "support_actions", "territorial_balance"]

_THEMATIQUES = tuple(Thematique)
_CHANNELS = tuple(Channel)
_GENDERS = tuple(Gender)
_AGES = tuple(AgeBand)
_STATUSES = tuple(SocialStatus)


def compute_support_actions(ctx: Context) -> list[Outcome]:
    """I04 for every group of ``ctx``."""
    c, n, groups = ctx.c, ctx.n, ctx.groups
    a = c.actions
    counts, _, minutes = ctx.support_cube
    _, month_labels = ctx.months
    value = counts.sum(axis=(1, 2, 3))
    by_kind = counts.sum(axis=(2, 3))
    by_channel = counts.sum(axis=(1, 3))
    by_month = counts.sum(axis=(1, 2))
    total_minutes = minutes.sum(axis=(1, 2, 3))
    # Group of every thématique value, repeated from its action's group (no row index needed).
    them_group = np.repeat(ctx.support_group, a.thematiques.lengths())
    by_them = category_counts(them_group, a.thematiques.values, len(_THEMATIQUES), n)
    per_commune = ctx.support_by_commune[0]
    out = []
    for g in range(n):
        out.append(
            Outcome(
                value=int(value[g]),
                components={
                    "individuels": int(by_kind[g, 0]),
                    "ateliers": int(by_kind[g, 1]),
                    "accompagnements": int(ctx.accompaniments[g]),
                    "heures": float(total_minutes[g] / 60),
                    "par_thematique": {t.value: int(v) for t, v in zip(_THEMATIQUES, by_them[g], strict=True) if v},
                    "par_canal": {ch.value: int(v) for ch, v in zip(_CHANNELS, by_channel[g], strict=True)},
                    "par_mois": {m: int(v) for m, v in zip(month_labels, by_month[g], strict=True)},
                },
                by_commune=groups.breakdown(g, per_commune, as_int=True),
            )
        )
    return out


def support_actions(dataset: Dataset, period: Period, /) -> IndicatorResult:
    """I04 — Digital support and training actions [actions].

    Number of support actions (``accompagnement_individuel`` and ``atelier_collectif``) in T and P.

    Returns
    -------
    IndicatorResult
        Components ``individuels``, ``ateliers``, ``accompagnements`` (Σ participants, default 1),
        ``heures`` [h] (Σ ``duree_min`` / 60; no duration adds nothing), ``par_thematique`` (an action
        counts once per thématique: not additive), ``par_canal``, ``par_mois``; breakdown by commune.

    Examples
    --------
    >>> from afnor_ctin.testing.examples import worked_example, WORKED_EXAMPLE_PERIOD
    >>> r = support_actions(worked_example(), WORKED_EXAMPLE_PERIOD)
    >>> r.value, r.components["accompagnements"], r.components["heures"]
    (6, 11, 6.25)
    """
    return evaluate_one("I04", dataset, period, {})


def _distribution(groups: np.ndarray, codes: np.ndarray, members: tuple[object, ...], n: int) -> np.ndarray:
    """Counts per group of category codes, ``-1`` (unknown) counted as ``non_communique``."""
    unknown = len(members) - 1  # non_communique is the last member of every beneficiary category
    return category_counts(groups, np.where(codes < 0, unknown, codes), len(members), n)


def compute_people_supported(ctx: Context) -> list[Outcome]:
    """I05 for every group of ``ctx``."""
    c, n = ctx.c, ctx.n
    p = c.participations
    n_benef = len(c.beneficiaries)
    pgroup = ctx.support_group[p.action] if len(p) else np.zeros(0, dtype=np.int32)
    identified = distinct_by(pgroup, p.beneficiary, n_benef, n)
    rows = count_by(pgroup, n)
    anonymous = np.maximum(ctx.accompaniments - rows, 0)
    keys = pair_keys(pgroup, p.beneficiary, n_benef)
    width = max(n_benef, 1)
    benef, bgroup = keys % width, (keys // width).astype(np.int32)
    first = ctx.base.first_participation_day[benef]
    new = (first >= ctx.start) & (first <= ctx.end)
    nouveaux = np.bincount(bgroup[new], minlength=n)
    b = c.beneficiaries
    genders = _distribution(bgroup, b.gender[benef], _GENDERS, n)
    ages = _distribution(bgroup, b.age_band[benef], _AGES, n)
    statuses = _distribution(bgroup, b.status[benef], _STATUSES, n)
    out = []
    for g in range(n):
        anon = int(anonymous[g])
        out.append(
            Outcome(
                value=int(identified[g]) + anon,
                flags=(Flag.UPPER_BOUND,) if anon > 0 else (),
                components={
                    "identifies": int(identified[g]),
                    "anonymes": anon,
                    "nouveaux": int(nouveaux[g]),
                    "par_genre": {m.value: int(v) for m, v in zip(_GENDERS, genders[g], strict=True)},
                    "par_tranche_age": {m.value: int(v) for m, v in zip(_AGES, ages[g], strict=True)},
                    "par_statut": {m.value: int(v) for m, v in zip(_STATUSES, statuses[g], strict=True)},
                },
            )
        )
    return out


def people_supported(dataset: Dataset, period: Period, /) -> IndicatorResult:
    """I05 — People supported [personnes].

    Distinct identified beneficiaries of support actions in T and P (participation rows), plus
    anonymous participants (Σ participants − identified participation rows).

    Returns
    -------
    IndicatorResult
        Flag ``upper_bound`` when anonymous participants > 0 (an anonymous person seen twice counts
        twice). Components ``identifies``, ``anonymes``, ``nouveaux`` (identified beneficiaries whose
        first participation in the whole dataset falls in P), ``par_genre``, ``par_tranche_age``,
        ``par_statut`` (identified beneficiaries; unknown counts as ``non_communique``).

    Examples
    --------
    >>> from afnor_ctin.testing.examples import worked_example, WORKED_EXAMPLE_PERIOD
    >>> r = people_supported(worked_example(), WORKED_EXAMPLE_PERIOD)
    >>> r.value, r.components["anonymes"], r.components["nouveaux"], [f.value for f in r.flags]
    (10, 5, 4, ['upper_bound'])
    """
    return evaluate_one("I05", dataset, period, {})


def compute_territorial_balance(ctx: Context) -> list[Outcome]:
    """I06 for every group of ``ctx``."""
    c, n, groups = ctx.c, ctx.n, ctx.groups
    a = c.actions
    acc = ctx.accompaniments_by_commune
    population = groups.population
    total = groups.total(acc)
    total_pop = groups.total(population)
    centre_acc = acc[groups.centre] if n else np.zeros(0)
    centre_pop = population[groups.centre] if n else np.zeros(0, dtype=np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_1000 = np.where(population > 0, acc / population * 1000, np.nan)
    group = ctx.support_group
    weights = ctx.base.participants
    a_distance = ctx.support_cube[1][:, :, A_DISTANCE, :].sum(axis=(1, 2))
    with_place = a.place >= 0
    place_qpv = ctx.base.place_has_qpv
    at_qpv_place = with_place & place_qpv[np.maximum(a.place, 0)] if len(place_qpv) else np.zeros(len(a), bool)
    commune_qpv = groups.has_qpv[np.maximum(a.commune, 0)] if len(a) else np.zeros(0, dtype=bool)
    qpv = count_by(np.where(at_qpv_place, group, -1), n, weights)
    hors = count_by(np.where((with_place & ~at_qpv_place) | (~with_place & ~commune_qpv), group, -1), n, weights)
    indetermine = count_by(np.where(~with_place & commune_qpv, group, -1), n, weights)
    out = []
    for g in range(n):
        outside = float(total[g] - centre_acc[g])
        pop_outside = float(total_pop[g] - centre_pop[g])
        part_hors = share(outside, total[g])
        part_pop = share(pop_outside, total_pop[g])
        components = {
            "part_hors_centre": part_hors,
            "part_population_hors_centre": part_pop,
            "ville_centre": str(groups.codes[groups.centre[g]]),
            "a_distance": int(a_distance[g]),
            "qpv": int(qpv[g]),
            "hors_qpv": int(hors[g]),
            "qpv_indetermine": int(indetermine[g]),
            "part_qpv": share(qpv[g], qpv[g] + hors[g]),
        }
        breakdown = groups.breakdown(g, per_1000)
        if total[g] == 0:
            out.append(not_computable("aucun accompagnement sur la période", components, breakdown))
        elif pop_outside == 0 or part_hors is None or part_pop is None:
            out.append(
                not_computable("toute la population du territoire vit dans la ville-centre", components, breakdown)
            )
        else:
            out.append(Outcome(value=part_hors / part_pop, components=components, by_commune=breakdown))
    return out


def territorial_balance(dataset: Dataset, period: Period, /) -> IndicatorResult:
    """I06 — Territorial balance of support [indice].

    (share of accompaniments located outside the central commune) ÷ (share of T's population living
    outside it): 1 means activity proportional to population, < 1 concentrated in the centre.

    Returns
    -------
    IndicatorResult
        Components ``part_hors_centre``, ``part_population_hors_centre``, ``a_distance``, the QPV split
        ``qpv`` / ``hors_qpv`` / ``qpv_indetermine`` and ``part_qpv`` = qpv / (qpv + hors_qpv);
        breakdown: accompaniments per 1,000 inhabitants. Not computable without accompaniment or when
        all the population lives in the central commune.

    Examples
    --------
    >>> from afnor_ctin.testing.examples import worked_example, WORKED_EXAMPLE_PERIOD
    >>> r = territorial_balance(worked_example(), WORKED_EXAMPLE_PERIOD)
    >>> round(r.value, 4), r.components["qpv"], r.components["part_qpv"]
    (1.0909, 6, 0.6)
    """
    return evaluate_one("I06", dataset, period, {})


def compute_fragile_area_coverage(ctx: Context, *, ifn_threshold: float = 7.0) -> list[Outcome]:
    """I07 for every group of ``ctx``."""
    c, n, groups = ctx.c, ctx.n, ctx.groups
    ifn = groups.ifn
    scored = ~np.isnan(ifn)
    with np.errstate(invalid="ignore"):
        fragile = scored & (ifn >= ifn_threshold)
    sel = ctx.support_group >= 0
    supported = np.bincount(c.actions.commune[sel], minlength=len(groups.codes)) > 0
    reached = fragile & (ctx.covered | supported)
    acc = ctx.accompaniments_by_commune
    population = groups.population.astype(np.float64)
    n_fragile = groups.total(fragile.astype(np.float64))
    n_reached = groups.total(reached.astype(np.float64))
    n_scored = groups.total(scored.astype(np.float64))
    n_unscored = groups.total((~scored).astype(np.float64))
    acc_fragile = groups.total(np.where(fragile, acc, 0.0))
    pop_fragile = groups.total(np.where(fragile, population, 0.0))
    other = scored & ~fragile
    acc_other = groups.total(np.where(other, acc, 0.0))
    pop_other = groups.total(np.where(other, population, 0.0))
    threshold = f"{ifn_threshold:g}".replace(".", ",")
    out = []
    for g in range(n):
        rate_fragile = share(acc_fragile[g] * 1000, pop_fragile[g])
        rate_other = share(acc_other[g] * 1000, pop_other[g])
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


def fragile_area_coverage(dataset: Dataset, period: Period, /, *, ifn_threshold: float = 7.0) -> IndicatorResult:
    """I07 — Coverage of digitally fragile communes [part].

    Share of *fragile* communes (IFN score ≥ ``ifn_threshold``) that are reached: covered at the
    reference date (as in I02) or with at least one support action in P.

    Parameters
    ----------
    dataset, period:
        The data and the period.
    ifn_threshold:
        IFN score from which a commune is fragile, on the 0–10 scale (library convention: 7.0).

    Returns
    -------
    IndicatorResult
        Components ``communes_fragiles``, ``atteintes``, ``sans_score``, ``seuil_ifn``, ``ratio_taux``
        (accompaniments per 1,000 inhabitants in fragile communes ÷ the same in scored non-fragile
        communes). Not computable without any IFN score or without a fragile commune.

    Examples
    --------
    >>> from afnor_ctin.testing.examples import worked_example, WORKED_EXAMPLE_PERIOD
    >>> r = fragile_area_coverage(worked_example(), WORKED_EXAMPLE_PERIOD)
    >>> r.value, round(r.components["ratio_taux"], 4)
    (1.0, 1.1429)
    """
    return evaluate_one("I07", dataset, period, {"ifn_threshold": ifn_threshold})

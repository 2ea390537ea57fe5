"""Activity: support actions (I04), people supported (I05), territorial balance (I06), fragile communes (I07)."""

from __future__ import annotations

from afnor_ctin.catalog.builtin import BUILTIN
from afnor_ctin.dataset import Dataset
from afnor_ctin.period import Period
from afnor_ctin.results import IndicatorResult

__all__ = ["fragile_area_coverage", "people_supported", "support_actions", "territorial_balance"]


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
    >>> r.value, r.by_commune
    (6, {'99001': 4, '99002': 1, '99003': 1})
    >>> r.components["accompagnements"], r.components["heures"], r.components["par_canal"]["a_distance"]
    (11, 6.25, 1)
    """
    return BUILTIN["I04"].evaluate(dataset, period)


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
    return BUILTIN["I05"].evaluate(dataset, period)


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
    return BUILTIN["I06"].evaluate(dataset, period)


def fragile_area_coverage(dataset: Dataset, period: Period, /, **parameters: float) -> IndicatorResult:
    """I07 — Coverage of digitally fragile communes [part].

    Share of *fragile* communes (IFN score ≥ ``ifn_threshold``) that are reached: covered at the
    reference date (as in I02) or with at least one support action in P.

    Parameters
    ----------
    dataset, period:
        The data and the period.
    **parameters:
        ``ifn_threshold``: IFN score from which a commune is fragile, on the 0–10 scale (built-in
        value: ``catalog.get("I07").parameters``).

    Returns
    -------
    IndicatorResult
        Components ``communes_fragiles``, ``atteintes``, ``sans_score``, ``seuil_ifn`` (the threshold
        applied), ``ratio_taux`` (accompaniments per 1,000 inhabitants in fragile communes ÷ the same in
        scored non-fragile communes). Not computable without any IFN score or without a fragile commune.

    Examples
    --------
    >>> from afnor_ctin.testing.examples import worked_example, WORKED_EXAMPLE_PERIOD
    >>> r = fragile_area_coverage(worked_example(), WORKED_EXAMPLE_PERIOD)
    >>> r.value, round(r.components["ratio_taux"], 4), r.components["seuil_ifn"]
    (1.0, 1.1429, 7.0)
    >>> strict = fragile_area_coverage(worked_example(), WORKED_EXAMPLE_PERIOD, ifn_threshold=7.8)
    >>> strict.components["communes_fragiles"]
    1
    """
    return BUILTIN["I07"].run(dataset, period, parameters)

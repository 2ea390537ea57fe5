"""Resources: solidarity equipment (I08), training of professionals (I09), funding (I10)."""

from __future__ import annotations

from afnor_ctin.catalog.builtin import BUILTIN
from afnor_ctin.dataset import Dataset
from afnor_ctin.period import Period
from afnor_ctin.results import IndicatorResult

__all__ = ["funding_sustainability", "professional_training", "solidarity_equipment"]


def solidarity_equipment(dataset: Dataset, period: Period, /) -> IndicatorResult:
    """I08 — Solidarity equipment and connectivity [équipements et connexions].

    Σ ``quantite`` of ``equipement_solidaire`` and ``connexion_solidaire`` actions in T and P (each
    device or household connection counts one; an action without quantity counts one). Flag
    ``declarative``.

    Returns
    -------
    IndicatorResult
        Components ``equipements``, ``connexions``, ``lieux_materiel_solidaire`` (active places offering
        solidarity-priced equipment). Not computable when T has no action of either type at any date
        (a missing declaration is not zero); the components are still computed.

    Examples
    --------
    >>> from afnor_ctin.testing.examples import worked_example, WORKED_EXAMPLE_PERIOD
    >>> r = solidarity_equipment(worked_example(), WORKED_EXAMPLE_PERIOD)
    >>> r.value, r.unit
    (17, 'équipements et connexions')
    >>> r.components["equipements"], r.components["connexions"]
    (12, 5)
    """
    return BUILTIN["I08"].evaluate(dataset, period)


def professional_training(dataset: Dataset, period: Period, /, **parameters: int) -> IndicatorResult:
    """I09 — Training of professionals and helpers [personnes].

    Distinct people trained (``personnes_formees``) by ``formation_professionnels`` actions in T and P.

    Parameters
    ----------
    dataset, period:
        The data and the period.
    **parameters:
        ``pooled_minimum_actors``: distinct ``acteurs_participants`` that make a session pooled.

    Returns
    -------
    IndicatorResult
        Components ``sessions``, ``sessions_mutualisees`` (at least ``pooled_minimum_actors`` distinct
        ``acteurs_participants``), ``part_mutualisees``, ``part_mediateurs_certifies`` (mediators in
        post, as in I03, holding at least one certification ÷ I03).

    Examples
    --------
    >>> from afnor_ctin.testing.examples import worked_example, WORKED_EXAMPLE_PERIOD
    >>> r = professional_training(worked_example(), WORKED_EXAMPLE_PERIOD)
    >>> r.value, r.components["sessions_mutualisees"], round(r.components["part_mediateurs_certifies"], 4)
    (3, 1, 0.6667)
    """
    return BUILTIN["I09"].run(dataset, period, parameters)


def funding_sustainability(dataset: Dataset, period: Period, /, **parameters: int) -> IndicatorResult:
    """I10 — Funding and sustainability [€].

    Funding agreed for P: for each funding whose recipient actor is in T, ``montant_accorde`` ×
    (days of the funded period inside P) ÷ (days of the funded period), inclusive day counts, summed.

    Parameters
    ----------
    dataset, period:
        The data and the period.
    **parameters:
        ``secured_horizon_months`` [months]: a post is secured when a funding covers the reference
        date shifted by this many calendar months.

    Returns
    -------
    IndicatorResult
        Components ``par_financeur`` [€], ``part_hors_etat`` (funders not starting with ``etat_``),
        ``taux_versement`` (Σ paid ÷ Σ agreed over fundings overlapping P whose paid amount is known),
        ``part_postes_securises`` (mediators in post named by a funding covering the shifted date ÷ I03),
        ``cout_par_accompagnement`` [€] (value ÷ accompaniments of I04). Not computable when no funding
        of T is recorded.

    Examples
    --------
    >>> from afnor_ctin.testing.examples import worked_example, WORKED_EXAMPLE_PERIOD
    >>> r = funding_sustainability(worked_example(), WORKED_EXAMPLE_PERIOD)
    >>> round(r.value, 2), round(r.components["cout_par_accompagnement"], 2)
    (76117.71, 6919.79)
    """
    return BUILTIN["I10"].run(dataset, period, parameters)

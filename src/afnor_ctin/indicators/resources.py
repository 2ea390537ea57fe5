"""Resources: solidarity equipment (I08), training of professionals (I09), funding (I10)."""

from __future__ import annotations

import numpy as np

from afnor_ctin.dataset import Dataset
from afnor_ctin.indicators._engine import (
    CONNEXION,
    EQUIPEMENT,
    FORMATION,
    Context,
    Outcome,
    category_counts,
    count_by,
    distinct_by,
    expand,
    not_computable,
    share,
)
from afnor_ctin.indicators._single import evaluate_one
from afnor_ctin.model.enums import Funder, Service
from afnor_ctin.period import Period
from afnor_ctin.report.result import Flag, IndicatorResult

__all__ = ["funding_sustainability", "professional_training", "solidarity_equipment"]

_SOLIDARITY_SERVICE = 1 << tuple(Service).index(Service.ACQUISITION_DE_MATERIEL_INFORMATIQUE_A_PRIX_SOLIDAIRE)
_FUNDERS = tuple(Funder)
_STATE = np.array([f.value.startswith("etat_") for f in _FUNDERS], dtype=bool)


def compute_solidarity_equipment(ctx: Context) -> list[Outcome]:
    """I08 for every group of ``ctx``."""
    c, n = ctx.c, ctx.n
    a = c.actions
    quantity = np.where(a.quantity >= 0, a.quantity, 1).astype(np.float64)
    equip = count_by(np.where(a.type == EQUIPEMENT, ctx.action_group_p, -1), n, quantity)
    conn = count_by(np.where(a.type == CONNEXION, ctx.action_group_p, -1), n, quantity)
    place, pgroup = ctx.active_place_pairs
    offering = (c.places.services[place] & _SOLIDARITY_SERVICE) != 0
    lieux = np.bincount(pgroup[offering], minlength=n)
    declared = ctx.base.group_has_equipment
    out = []
    for g in range(n):
        components = {
            "equipements": int(equip[g]),
            "connexions": int(conn[g]),
            "lieux_materiel_solidaire": int(lieux[g]),
        }
        if not declared[g]:
            out.append(
                not_computable(
                    "aucune déclaration d'équipement ou de connexion solidaire (une absence de déclaration "
                    "n'est pas un zéro)",
                    components,
                    flags=(Flag.DECLARATIVE,),
                )
            )
        else:
            out.append(Outcome(value=int(equip[g] + conn[g]), components=components, flags=(Flag.DECLARATIVE,)))
    return out


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
    >>> r.value, r.components["equipements"], r.components["connexions"]
    (17, 12, 5)
    """
    return evaluate_one("I08", dataset, period, {})


def compute_professional_training(ctx: Context) -> list[Outcome]:
    """I09 for every group of ``ctx``."""
    c, n = ctx.c, ctx.n
    a = c.actions
    group = np.where(a.type == FORMATION, ctx.action_group_p, -1).astype(np.int32)
    rows, persons = expand(a.trained, group >= 0)
    value = distinct_by(group[rows], persons, len(c.persons), n)
    sessions = count_by(group, n)
    pooled = count_by(np.where(a.participating.lengths() >= 2, group, -1), n)
    med, mgroup = ctx.mediator_post_pairs
    certified = np.bincount(mgroup[c.mediators.certifications[med] != 0], minlength=n)
    in_post = ctx.mediators_in_post_count
    out = []
    for g in range(n):
        out.append(
            Outcome(
                value=int(value[g]),
                components={
                    "sessions": int(sessions[g]),
                    "sessions_mutualisees": int(pooled[g]),
                    "part_mutualisees": share(pooled[g], sessions[g]),
                    "part_mediateurs_certifies": share(certified[g], in_post[g]),
                },
            )
        )
    return out


def professional_training(dataset: Dataset, period: Period, /) -> IndicatorResult:
    """I09 — Training of professionals and helpers [personnes].

    Distinct people trained (``personnes_formees``) by ``formation_professionnels`` actions in T and P.

    Returns
    -------
    IndicatorResult
        Components ``sessions``, ``sessions_mutualisees`` (≥ 2 distinct ``acteurs_participants``),
        ``part_mutualisees``, ``part_mediateurs_certifies`` (mediators in post, as in I03, holding at
        least one certification ÷ I03).

    Examples
    --------
    >>> from afnor_ctin.testing.examples import worked_example, WORKED_EXAMPLE_PERIOD
    >>> r = professional_training(worked_example(), WORKED_EXAMPLE_PERIOD)
    >>> r.value, r.components["sessions_mutualisees"], round(r.components["part_mediateurs_certifies"], 4)
    (3, 1, 0.6667)
    """
    return evaluate_one("I09", dataset, period, {})


def compute_funding_sustainability(ctx: Context) -> list[Outcome]:
    """I10 for every group of ``ctx``."""
    c, n = ctx.c, ctx.n
    f = c.fundings
    fund, group = ctx.base.funding_group
    start = f.start.astype(np.int64)
    end = f.end.astype(np.int64)
    overlap = np.maximum(0, np.minimum(end, ctx.end) - np.maximum(start, ctx.start) + 1)
    length = end - start + 1
    allocated = f.agreed * overlap / length
    value = count_by(group, n, allocated[fund])
    by_funder = category_counts(group, f.funder[fund], len(_FUNDERS), n, allocated[fund])
    non_state = count_by(np.where(~_STATE[f.funder[fund]], group, -1), n, allocated[fund])
    known_paid = (overlap > 0) & ~np.isnan(f.paid)
    paid_group = np.where(known_paid[fund], group, -1)
    paid = count_by(paid_group, n, np.nan_to_num(f.paid)[fund])
    agreed = count_by(paid_group, n, f.agreed[fund])
    target = ctx.at_minus_months(12)
    secured_funding = (f.start <= target) & (f.end >= target)
    _, secured_mediators = expand(f.mediators, secured_funding)
    secured = np.zeros(len(c.mediators), dtype=bool)
    secured[secured_mediators] = True
    med, mgroup = ctx.mediator_post_pairs
    secured_posts = np.bincount(mgroup[secured[med]], minlength=n)
    has_funding = np.bincount(group, minlength=n) > 0
    in_post = ctx.mediators_in_post_count
    out = []
    for g in range(n):
        total = float(value[g])
        components = {
            "par_financeur": {fu.value: float(v) for fu, v in zip(_FUNDERS, by_funder[g], strict=True) if v > 0},
            "part_hors_etat": share(non_state[g], total),
            "taux_versement": share(paid[g], agreed[g]),
            "part_postes_securises": share(secured_posts[g], in_post[g]),
            "cout_par_accompagnement": share(total, ctx.accompaniments[g]),
        }
        if not has_funding[g]:
            out.append(not_computable("aucun financement renseigné pour le territoire", components))
        else:
            out.append(Outcome(value=total, components=components))
    return out


def funding_sustainability(dataset: Dataset, period: Period, /) -> IndicatorResult:
    """I10 — Funding and sustainability [€].

    Funding agreed for P: for each funding whose recipient actor is in T, ``montant_accorde`` ×
    (days of the funded period inside P) ÷ (days of the funded period), inclusive day counts, summed.

    Returns
    -------
    IndicatorResult
        Components ``par_financeur`` [€], ``part_hors_etat`` (funders not starting with ``etat_``),
        ``taux_versement`` (Σ paid ÷ Σ agreed over fundings overlapping P whose paid amount is known),
        ``part_postes_securises`` (mediators in post named by a funding covering at + 12 months ÷ I03),
        ``cout_par_accompagnement`` [€] (value ÷ accompaniments of I04). Not computable when no funding
        of T is recorded.

    Examples
    --------
    >>> from afnor_ctin.testing.examples import worked_example, WORKED_EXAMPLE_PERIOD
    >>> r = funding_sustainability(worked_example(), WORKED_EXAMPLE_PERIOD)
    >>> round(r.value, 2), round(r.components["cout_par_accompagnement"], 2)
    (76117.71, 6919.79)
    """
    return evaluate_one("I10", dataset, period, {})

"""Resources: solidarity equipment (I08), training of professionals (I09), funding (I10)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from afnor_ctin.compute import conventions as cv
from afnor_ctin.compute.codes import (
    CONNECTION,
    EQUIPMENT,
    FUNDERS,
    SOLIDARITY_EQUIPMENT_SERVICE,
    STATE_FUNDER,
    TRAINING,
)
from afnor_ctin.compute.context import Context, Outcome, not_computable, outcomes, per_dataset
from afnor_ctin.compute.kernels import (
    B,
    Pairs,
    by_category,
    category_counts,
    count_by,
    distinct_by,
    expand,
    fan_out,
    floats,
    ints,
    share,
)
from afnor_ctin.results import ComponentValue, Flag

__all__ = [
    "compute_funding_sustainability",
    "compute_professional_training",
    "compute_solidarity_equipment",
    "funding_pairs",
]


# -- I08 -----------------------------------------------------------------------------------------------
@per_dataset
def declared_equipment(ctx: Context) -> B:
    """True for the groups with at least one equipment or connection action, at any date."""
    t = ctx.c.actions.type
    selected = (t == EQUIPMENT) | (t == CONNECTION)
    return count_by(cv.action_group(ctx)[selected], ctx.n) > 0


def compute_solidarity_equipment(ctx: Context) -> list[Outcome]:
    """I08 for every group: Σ quantities of the equipment and connection actions in T and P."""
    c, n = ctx.c, ctx.n
    a = c.actions
    in_t_and_p = cv.actions_in_t_and_p(ctx)

    def total_quantity(code: int) -> npt.NDArray[np.float64]:
        rows = cv.rows_of_type(ctx, code)
        quantity = np.where(a.quantity[rows] >= 0, a.quantity[rows], 1).astype(np.float64)
        return count_by(in_t_and_p[rows], n, quantity)

    equipment, connections = floats(total_quantity(EQUIPMENT)), floats(total_quantity(CONNECTION))
    places = cv.active_place_pairs(ctx)
    offering = (c.places.services & SOLIDARITY_EQUIPMENT_SERVICE) != 0
    lieux = ints(places.where(offering).count(n))
    declared: list[bool] = declared_equipment(ctx).tolist()
    out = []
    for g in range(n):
        components = {
            "equipements": int(equipment[g]),
            "connexions": int(connections[g]),
            "lieux_materiel_solidaire": lieux[g],
        }
        if not declared[g]:
            reason = (
                "aucune déclaration d'équipement ou de connexion solidaire (une absence de déclaration "
                "n'est pas un zéro)"
            )
            out.append(not_computable(reason, components, flags=(Flag.DECLARATIVE,)))
        else:
            value = int(equipment[g] + connections[g])
            out.append(Outcome(value=value, components=components, flags=(Flag.DECLARATIVE,)))
    return out


# -- I09 -----------------------------------------------------------------------------------------------
def compute_professional_training(ctx: Context, *, pooled_minimum_actors: int) -> list[Outcome]:
    """I09 for every group: distinct people trained by the professional-training actions in T and P.

    A session is pooled when at least ``pooled_minimum_actors`` distinct actors took part.
    """
    c, n = ctx.c, ctx.n
    a = c.actions
    training = cv.rows_of_type(ctx, TRAINING)
    session_group = cv.actions_in_t_and_p(ctx)[training]
    group = np.full(len(a), -1, dtype=np.int32)
    group[training] = session_group
    rows, persons = expand(a.trained, group >= 0)
    value = ints(distinct_by(group[rows], persons, len(c.persons), n))
    sessions = ints(count_by(session_group, n))
    actors = a.participating.indptr[training + 1] - a.participating.indptr[training]
    pooled = ints(count_by(np.where(actors >= pooled_minimum_actors, session_group, -1), n))
    in_post = cv.mediators_in_post(ctx)
    certified = ints(in_post.where(c.mediators.certifications != 0).count(n))
    n_in_post = ints(in_post.count(n))
    components: dict[str, Sequence[ComponentValue]] = {
        "sessions": sessions,
        "sessions_mutualisees": pooled,
        "part_mutualisees": list(map(share, pooled, sessions)),
        "part_mediateurs_certifies": list(map(share, certified, n_in_post)),
    }
    return outcomes(value, components)


# -- I10 -----------------------------------------------------------------------------------------------
@per_dataset
def funding_pairs(ctx: Context) -> Pairs:
    """Fundings in each group: a funding is in T when its recipient actor is."""
    actors = cv.actor_pairs(ctx)
    funding, group = fan_out(actors.ids, actors.group, ctx.c.fundings.actor)
    return Pairs(funding, group)


def compute_funding_sustainability(ctx: Context, *, secured_horizon_months: int) -> list[Outcome]:
    """I10 for every group: the funding agreed for P, prorated by days.

    A mediator's post is secured when a funding naming the mediator covers the reference date
    shifted by ``secured_horizon_months`` calendar months.
    """
    c, n = ctx.c, ctx.n
    f = c.fundings
    pairs = funding_pairs(ctx)
    fund, group = pairs.ids, pairs.group
    start = f.start.astype(np.int64)
    end = f.end.astype(np.int64)
    overlap = np.maximum(0, np.minimum(end, ctx.end) - np.maximum(start, ctx.start) + 1)
    allocated = f.agreed * overlap / (end - start + 1)
    values = floats(count_by(group, n, allocated[fund]))
    by_funder = category_counts(group, f.funder[fund], len(FUNDERS), n, allocated[fund])
    par_financeur = by_category(FUNDERS, by_funder, as_int=False, positive_only=True)
    non_state = floats(count_by(np.where(~STATE_FUNDER[f.funder[fund]], group, -1), n, allocated[fund]))
    known_paid = (overlap > 0) & ~np.isnan(f.paid)
    paid_group = np.where(known_paid[fund], group, -1)
    paid = floats(count_by(paid_group, n, np.nan_to_num(f.paid)[fund]))
    agreed = floats(count_by(paid_group, n, f.agreed[fund]))
    target = cv.shift_months(ctx, secured_horizon_months)
    _, secured_mediators = expand(f.mediators, (f.start <= target) & (f.end >= target))
    secured = np.zeros(len(c.mediators), dtype=bool)
    secured[secured_mediators] = True
    in_post = cv.mediators_in_post(ctx)
    secured_posts = ints(in_post.where(secured).count(n))
    n_in_post = ints(in_post.count(n))
    has_funding: list[bool] = (np.bincount(group, minlength=n) > 0).tolist()
    accompaniments = floats(cv.accompaniments(ctx))
    out = []
    for g in range(n):
        total = values[g]
        components = {
            "par_financeur": par_financeur[g],
            "part_hors_etat": share(non_state[g], total),
            "taux_versement": share(paid[g], agreed[g]),
            "part_postes_securises": share(secured_posts[g], n_in_post[g]),
            "cout_par_accompagnement": share(total, accompaniments[g]),
        }
        if not has_funding[g]:
            out.append(not_computable("aucun financement renseigné pour le territoire", components))
        else:
            out.append(Outcome(value=total, components=components))
    return out

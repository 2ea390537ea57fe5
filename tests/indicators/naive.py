"""A deliberately naive pure-Python restatement of the indicator specification.

It reads the records (not the columns), loops over them and follows the text of
``spec/indicators.md`` literally. It is slow and only meant to cross-check the library.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from afnor_ctin import Dataset, Period
from afnor_ctin.model import SUPPORT_ACTION_TYPES, ActionType, Certification, Service
from afnor_ctin.period import add_months


def _share(a: float, b: float) -> float | None:
    return None if b == 0 else a / b


def naive(ds: Dataset, period: Period, ifn_threshold: float = 7.0) -> dict[str, dict[str, Any]]:
    t = ds.territory
    inside = {c.code_insee for c in t.communes}
    pop = {c.code_insee: c.population for c in t.communes}
    at = period.end
    places = {p.id: p for p in ds.places}

    def action_commune(a):
        return places[a.place_id].code_insee if a.place_id is not None else a.code_insee

    def in_tp(a):
        return action_commune(a) in inside and period.start <= a.date <= period.end

    def place_in_t(p):
        return p.code_insee in inside or (p.itinerant and any(c in inside for c in p.served_communes))

    def active(p, day=at):
        return (p.opening_date is None or p.opening_date <= day) and (p.closing_date is None or p.closing_date >= day)

    active_places = [p for p in ds.places if active(p) and place_in_t(p)]
    actors_with_place_in_t = {p.actor_id for p in ds.places if place_in_t(p)}
    located_actor = {a.id for a in ds.actors if a.code_insee in inside} | actors_with_place_in_t
    governance = {a.id for a in ds.actors if a.governance_member and a.id in located_actor}
    out: dict[str, dict[str, Any]] = {}

    # I01
    mapped = {p.actor_id for p in active_places} | governance | {a.actor_id for a in ds.actions if in_tp(a)}
    fresh = {"a_jour": 0, "a_verifier": 0, "a_actualiser": 0}
    for p in active_places:
        if p.updated_on is None:
            fresh["a_actualiser"] += 1
            continue
        months = (at - p.updated_on).days / 30.44
        fresh["a_jour" if months <= 12 else "a_verifier" if months <= 18 else "a_actualiser"] += 1
    out["I01"] = {"value": len(mapped), "lieux_actifs": len(active_places), **fresh}

    # I02
    covered = set()
    for p in ds.places:
        if active(p):
            covered.add(p.code_insee)
            if p.itinerant:
                covered.update(p.served_communes)
    covered &= inside
    total_pop = sum(pop.values())
    out["I02"] = {
        "value": _share(sum(pop[c] for c in covered), total_pop),
        "communes_couvertes": len(covered),
    }

    # I03
    def mediator_in_t(m):
        employer = next(a for a in ds.actors if a.id == m.actor_id)
        return employer.code_insee in inside or any(place_in_t(places[p]) for p in m.place_ids)

    in_post = [m for m in ds.mediators if m.in_post(at) and mediator_in_t(m)]
    lo = add_months(at, -2)
    recent_authors = {a.mediator_id for a in ds.actions if a.mediator_id and lo <= a.date <= at}
    out["I03"] = {
        "value": len(in_post),
        "etp": sum(1.0 if m.fte is None else m.fte for m in in_post),
        "actifs": sum(1 for m in in_post if m.id in recent_authors),
        "habilites_aidants_connect": sum(1 for m in in_post if Certification.AIDANTS_CONNECT in m.certifications),
    }

    # I04
    support = [a for a in ds.actions if a.type in SUPPORT_ACTION_TYPES and in_tp(a)]
    acc = sum(a.participants or 1 for a in support)
    out["I04"] = {
        "value": len(support),
        "individuels": sum(1 for a in support if a.type is ActionType.ACCOMPAGNEMENT_INDIVIDUEL),
        "ateliers": sum(1 for a in support if a.type is ActionType.ATELIER_COLLECTIF),
        "accompagnements": acc,
        "heures": sum(a.duration_min or 0 for a in support) / 60,
    }

    # I05
    support_ids = {a.id for a in support}
    rows = [p for p in ds.participations if p.action_id in support_ids]
    identified = {p.beneficiary_id for p in rows}
    action_date = {a.id: a.date for a in ds.actions}
    first: dict[str, dt.date] = {}
    for p in ds.participations:
        d = action_date[p.action_id]
        first[p.beneficiary_id] = min(first.get(p.beneficiary_id, d), d)
    anonymous = max(acc - len(rows), 0)
    out["I05"] = {
        "value": len(identified) + anonymous,
        "identifies": len(identified),
        "anonymes": anonymous,
        "nouveaux": sum(1 for b in identified if period.start <= first[b] <= period.end),
    }

    # I06
    centre = t.centre
    outside_acc = sum(a.participants or 1 for a in support if action_commune(a) != centre)
    pop_out = total_pop - pop[centre]
    part = _share(outside_acc, acc)
    part_pop = _share(pop_out, total_pop)
    qpv_communes = {q.code_insee for q in t.qpvs}
    split = {"qpv": 0, "hors_qpv": 0, "qpv_indetermine": 0}
    for a in support:
        n = a.participants or 1
        if a.place_id is not None:
            split["qpv" if places[a.place_id].code_qpv else "hors_qpv"] += n
        else:
            split["qpv_indetermine" if a.code_insee in qpv_communes else "hors_qpv"] += n
    value6 = None if acc == 0 or pop_out == 0 or part is None or part_pop is None else part / part_pop
    out["I06"] = {"value": value6, **split}

    # I07
    ifn = {c.code_insee: c.ifn_score for c in t.communes}
    fragile = {c for c, s in ifn.items() if s is not None and s >= ifn_threshold}
    supported_communes = {action_commune(a) for a in support}
    reached = {c for c in fragile if c in covered or c in supported_communes}
    value7 = None
    if any(s is not None for s in ifn.values()) and fragile:
        value7 = len(reached) / len(fragile)
    out["I07"] = {"value": value7, "communes_fragiles": len(fragile), "atteintes": len(reached)}

    # I08
    kinds = (ActionType.EQUIPEMENT_SOLIDAIRE, ActionType.CONNEXION_SOLIDAIRE)
    declared = any(a.type in kinds and action_commune(a) in inside for a in ds.actions)
    equip = sum(
        a.quantity if a.quantity is not None else 1
        for a in ds.actions
        if a.type is ActionType.EQUIPEMENT_SOLIDAIRE and in_tp(a)
    )
    conn = sum(
        a.quantity if a.quantity is not None else 1
        for a in ds.actions
        if a.type is ActionType.CONNEXION_SOLIDAIRE and in_tp(a)
    )
    solid = Service.ACQUISITION_DE_MATERIEL_INFORMATIQUE_A_PRIX_SOLIDAIRE
    out["I08"] = {
        "value": equip + conn if declared else None,
        "equipements": equip,
        "connexions": conn,
        "lieux_materiel_solidaire": sum(1 for p in active_places if solid in p.services),
    }

    # I09
    trainings = [a for a in ds.actions if a.type is ActionType.FORMATION_PROFESSIONNELS and in_tp(a)]
    out["I09"] = {
        "value": len({x for a in trainings for x in a.trained_person_ids}),
        "sessions": len(trainings),
        "sessions_mutualisees": sum(1 for a in trainings if len(set(a.participating_actor_ids)) >= 2),
    }

    # I10
    fundings_t = [f for f in ds.fundings if f.actor_id in located_actor]
    total = 0.0
    for f in fundings_t:
        total += (
            f.amount_agreed * period.overlap_days(f.start_date, f.end_date) / ((f.end_date - f.start_date).days + 1)
        )
    target = add_months(at, 12)
    secured = {m for f in ds.fundings if f.start_date <= target <= f.end_date for m in f.mediator_ids}
    out["I10"] = {
        "value": total if fundings_t else None,
        "part_postes_securises": _share(sum(1 for m in in_post if m.id in secured), len(in_post)),
    }

    # I11
    events = [a for a in ds.actions if a.type is ActionType.COORDINATION and in_tp(a)]
    mobilised = {x for a in events for x in a.participating_actor_ids} | governance
    out["I11"] = {
        "value": len(events),
        "acteurs_mobilises": len(mobilised),
        "taux_mobilisation": _share(len(mobilised), len(mapped)),
    }
    return out

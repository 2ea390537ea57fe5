"""A straightforward pandas implementation of the 11 CTIN indicators, per territory (comparison baseline).

This is how an analyst would compute the definitions of ``spec/indicators.md`` in a notebook:
plain DataFrames (one per entity, multi-valued cells exploded into long tables), ``merge`` with a
commune → territory membership table, ``groupby`` and ``nunique``. It computes the headline value
and the main scalar components of each indicator, for many territories at once (one row per
territory, columns ``"I01"``, ``"I01.lieux_actifs"``…, NaN when undefined).

It deliberately shares no code with :mod:`afnor_ctin.indicators` (only the dataset's columns as
input), so that agreement between the two is evidence that both follow the specification.

Usage::

    frames = dataframes(dataset)
    members = memberships(dataset, territories)
    table = compute(frames, members, period)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from afnor_ctin.columns import Csr, day_number
from afnor_ctin.dataset import Dataset
from afnor_ctin.model import ActionType, Certification, Channel, Funder, MediatorRole, Service, Territory
from afnor_ctin.period import Period, add_months

ACTION_TYPES = list(ActionType)
INDIV = ACTION_TYPES.index(ActionType.ACCOMPAGNEMENT_INDIVIDUEL)
ATELIER = ACTION_TYPES.index(ActionType.ATELIER_COLLECTIF)
FORMATION = ACTION_TYPES.index(ActionType.FORMATION_PROFESSIONNELS)
EQUIPEMENT = ACTION_TYPES.index(ActionType.EQUIPEMENT_SOLIDAIRE)
CONNEXION = ACTION_TYPES.index(ActionType.CONNEXION_SOLIDAIRE)
COORDINATION = ACTION_TYPES.index(ActionType.COORDINATION)
A_DISTANCE = list(Channel).index(Channel.A_DISTANCE)
AIDANTS_CONNECT_BIT = 1 << list(Certification).index(Certification.AIDANTS_CONNECT)
MATERIEL_BIT = 1 << list(Service).index(Service.ACQUISITION_DE_MATERIEL_INFORMATIQUE_A_PRIX_SOLIDAIRE)
STATE_FUNDERS = [i for i, f in enumerate(Funder) if f.value.startswith("etat_")]
#: Mediator roles in the order of their codes.
ROLES = tuple(role.value for role in MediatorRole)
IFN_THRESHOLD = 7.0
DAYS_PER_MONTH = 30.44


def _long(csr: Csr, row: str, value: str) -> pd.DataFrame:
    return pd.DataFrame({row: csr.row_index(), value: csr.values.astype(np.int64)})


def dataframes(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """Plain DataFrames built from the dataset's columns (positions as keys, codes as integers)."""
    c = dataset.columns
    a, p, m, f = c.actions, c.places, c.mediators, c.fundings
    qpv = np.array([v is not None for v in p.qpv], dtype=bool)
    return {
        "actors": pd.DataFrame(
            {"actor": np.arange(len(c.actors)), "commune": c.actors.commune, "governance": c.actors.governance}
        ),
        "places": pd.DataFrame(
            {
                "place": np.arange(len(p)),
                "actor": p.actor,
                "commune": p.commune,
                "has_qpv": qpv,
                "services": p.services.astype(np.int64),
                "itinerant": p.itinerant,
                "opening": p.opening,
                "closing": p.closing,
                "updated": p.updated,
            }
        ),
        "served": _long(p.served, "place", "commune"),
        "mediators": pd.DataFrame(
            {
                "mediator": np.arange(len(m)),
                "actor": m.actor,
                "role": m.role,
                "start": m.start,
                "end": m.end,
                "fte": m.fte,
                "certifications": m.certifications.astype(np.int64),
            }
        ),
        "mediator_places": _long(m.places, "mediator", "place"),
        "actions": pd.DataFrame(
            {
                "action": np.arange(len(a)),
                "type": a.type,
                "day": a.day,
                "actor": a.actor,
                "mediator": a.mediator,
                "place": a.place,
                "commune": a.commune,
                "channel": a.channel,
                "duration": a.duration,
                "participants": a.participants,
                "quantity": a.quantity,
                "subtype": a.subtype,
            }
        ),
        "participating": _long(a.participating, "action", "actor"),
        "trained": _long(a.trained, "action", "person"),
        "participations": pd.DataFrame(
            {"action": c.participations.action, "beneficiary": c.participations.beneficiary}
        ),
        "fundings": pd.DataFrame(
            {
                "funding": np.arange(len(f)),
                "funder": f.funder,
                "actor": f.actor,
                "agreed": f.agreed,
                "paid": f.paid,
                "start": f.start,
                "end": f.end,
            }
        ),
        "funding_mediators": _long(f.mediators, "funding", "mediator"),
    }


def memberships(dataset: Dataset, territories: Sequence[Territory]) -> pd.DataFrame:
    """One row per (territory, member commune): position in the dataset's communes, population, IFN, centre, QPV."""
    position = {code: i for i, code in enumerate(dataset.columns.communes.codes)}
    rows = []
    for t in territories:
        centre = t.centre
        with_qpv = {q.code_insee for q in t.qpvs}
        for commune in t.communes:
            if commune.code_insee not in position:
                continue
            rows.append(
                (
                    t.code,
                    position[commune.code_insee],
                    commune.population,
                    np.nan if commune.ifn_score is None else commune.ifn_score,
                    commune.code_insee == centre,
                    commune.code_insee in with_qpv,
                )
            )
    return pd.DataFrame(rows, columns=["group", "commune", "population", "ifn", "centre", "qpv_commune"])


def write_memberships(members: pd.DataFrame, path: str | Path) -> Path:
    """Write :func:`memberships` as a Parquet file (missing IFN scores as nulls), the table every peer reads.

    The other baselines (DuckDB, polars) read the dataset's Parquet folder and this commune →
    territory table, the reference table an analyst joins to, rather than the library's territories.
    """
    out = Path(path)
    # Communes as 32-bit positions, like the dataset's position columns they are joined to.
    members.astype({"commune": "int32"}).to_parquet(out, index=False)
    return out


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    return (num / den.where(den != 0)).astype(float)


def compute(frames: dict[str, pd.DataFrame], members: pd.DataFrame, period: Period) -> pd.DataFrame:
    """The 11 indicators (headline values and main scalar components), one row per territory."""
    start, at = day_number(period.start), day_number(period.end)
    groups = pd.Index(members["group"].unique(), name="group")
    out = pd.DataFrame(index=groups)
    geo = members[["group", "commune"]]
    population = members.groupby("group")["population"].sum().reindex(groups)

    actors, places, mediators = frames["actors"], frames["places"], frames["mediators"]
    actions, fundings = frames["actions"], frames["fundings"]

    # -- shared selections ---------------------------------------------------------------------
    itinerant_served = frames["served"].merge(places.loc[places["itinerant"], ["place"]], on="place")
    place_group = (
        pd.concat([places[["place", "commune"]], itinerant_served])
        .merge(geo, on="commune")[["place", "group"]]
        .drop_duplicates()
    )
    active = places[(places["opening"] <= at) & (places["closing"] >= at)]
    active_place_group = place_group.merge(active, on="place")
    actor_group = (
        pd.concat(
            [
                actors[["actor", "commune"]].merge(geo, on="commune")[["actor", "group"]],
                place_group.merge(places[["place", "actor"]], on="place")[["actor", "group"]],
            ]
        )
        .drop_duplicates()
        .merge(actors[["actor", "governance"]], on="actor")
    )
    in_period = actions[(actions["day"] >= start) & (actions["day"] <= at)].merge(geo, on="commune")
    support = in_period[in_period["type"].isin([INDIV, ATELIER])].copy()
    support["n"] = support["participants"].where(support["participants"] >= 0, 1)
    accompaniments = support.groupby("group")["n"].sum().reindex(groups, fill_value=0)

    # -- I01 -------------------------------------------------------------------------------------
    mapped = pd.concat(
        [
            active_place_group[["group", "actor"]],
            actor_group.loc[actor_group["governance"], ["group", "actor"]],
            in_period[["group", "actor"]],
        ]
    )
    out["I01"] = mapped.groupby("group")["actor"].nunique().reindex(groups, fill_value=0)
    months = (at - active_place_group["updated"]) / DAYS_PER_MONTH
    missing = active_place_group["updated"] <= np.iinfo(np.int32).min + 1
    fresh = active_place_group.assign(
        a_jour=~missing & (months <= 12),
        a_verifier=~missing & (months > 12) & (months <= 18),
        a_actualiser=missing | (months > 18),
    )
    counts = fresh.groupby("group")[["a_jour", "a_verifier", "a_actualiser"]].sum().reindex(groups, fill_value=0)
    lieux = active_place_group.groupby("group").size().reindex(groups, fill_value=0)
    out["I01.lieux_actifs"] = lieux
    for name in counts:
        out[f"I01.{name}"] = counts[name]
    out["I01.taux_fraicheur"] = _ratio(counts["a_jour"], lieux)

    # -- I02 -------------------------------------------------------------------------------------
    covered_codes = pd.concat(
        [active[["commune"]], itinerant_served.merge(active[["place"]], on="place")[["commune"]]]
    ).drop_duplicates()
    covered = members.merge(covered_codes, on="commune")
    covered_pop = covered.groupby("group")["population"].sum().reindex(groups, fill_value=0)
    n_communes = members.groupby("group").size().reindex(groups)
    out["I02"] = _ratio(covered_pop, population)
    out["I02.communes_couvertes"] = covered.groupby("group").size().reindex(groups, fill_value=0)
    out["I02.part_communes"] = out["I02.communes_couvertes"] / n_communes
    out["I02.lieux_pour_10000_hab"] = _ratio(lieux * 10_000, population)

    # -- I03 -------------------------------------------------------------------------------------
    mediator_group = pd.concat(
        [
            frames["mediator_places"].merge(place_group, on="place")[["mediator", "group"]],
            mediators[["mediator", "actor"]]
            .merge(actors[["actor", "commune"]], on="actor")
            .merge(geo, on="commune")[["mediator", "group"]],
        ]
    ).drop_duplicates()
    in_post = mediators[(mediators["start"] <= at) & (mediators["end"] >= at)]
    posted = mediator_group.merge(in_post, on="mediator")
    i03 = posted.groupby("group")["mediator"].nunique().reindex(groups, fill_value=0)
    out["I03"] = i03
    for code, role in enumerate(ROLES):
        out[f"I03.{role}"] = posted[posted["role"] == code].groupby("group").size().reindex(groups, fill_value=0)
    out["I03.etp"] = posted["fte"].fillna(1.0).groupby(posted["group"]).sum().reindex(groups, fill_value=0.0)
    out["I03.pour_10000_hab"] = _ratio(i03 * 10_000, population)
    lo = day_number(add_months(period.end, -2))
    recent = actions.loc[(actions["day"] >= lo) & (actions["day"] <= at) & (actions["mediator"] >= 0), "mediator"]
    authors = pd.DataFrame({"mediator": recent.unique()})
    out["I03.actifs"] = posted.merge(authors, on="mediator").groupby("group").size().reindex(groups, fill_value=0)
    habilites = posted[(posted["certifications"] & AIDANTS_CONNECT_BIT) != 0]
    out["I03.habilites_aidants_connect"] = habilites.groupby("group").size().reindex(groups, fill_value=0)

    # -- I04 -------------------------------------------------------------------------------------
    out["I04"] = support.groupby("group").size().reindex(groups, fill_value=0)
    out["I04.individuels"] = support[support["type"] == INDIV].groupby("group").size().reindex(groups, fill_value=0)
    out["I04.ateliers"] = support[support["type"] == ATELIER].groupby("group").size().reindex(groups, fill_value=0)
    out["I04.accompagnements"] = accompaniments
    minutes = support["duration"].clip(lower=0).groupby(support["group"]).sum()
    out["I04.heures"] = (minutes / 60).reindex(groups, fill_value=0.0)

    # -- I05 -------------------------------------------------------------------------------------
    rows = frames["participations"].merge(support[["action", "group"]], on="action")
    identified = rows.groupby("group")["beneficiary"].nunique().reindex(groups, fill_value=0)
    anonymous = accompaniments - rows.groupby("group").size().reindex(groups, fill_value=0)
    out["I05"] = identified + anonymous
    out["I05.identifies"] = identified
    out["I05.anonymes"] = anonymous
    all_rows = frames["participations"].merge(actions[["action", "day"]], on="action")
    first = all_rows.groupby("beneficiary")["day"].min()
    new = first[(first >= start) & (first <= at)].index
    newcomers = rows[rows["beneficiary"].isin(new)]
    out["I05.nouveaux"] = newcomers.groupby("group")["beneficiary"].nunique().reindex(groups, fill_value=0)

    # -- I06 -------------------------------------------------------------------------------------
    by_commune = support.merge(members[["group", "commune", "centre", "qpv_commune"]], on=["group", "commune"])
    outside = by_commune.loc[~by_commune["centre"]].groupby("group")["n"].sum().reindex(groups, fill_value=0)
    pop_outside = members.loc[~members["centre"]].groupby("group")["population"].sum().reindex(groups, fill_value=0)
    share_outside = _ratio(outside, accompaniments)
    share_pop_outside = _ratio(pop_outside, population)
    out["I06"] = _ratio(share_outside, share_pop_outside)
    out["I06.part_hors_centre"] = share_outside
    out["I06.part_population_hors_centre"] = share_pop_outside
    distance = support[support["channel"] == A_DISTANCE]
    out["I06.a_distance"] = distance.groupby("group")["n"].sum().reindex(groups, fill_value=0)
    located = by_commune.merge(places[["place", "has_qpv"]], on="place", how="left")
    at_place = located["place"] >= 0
    split = np.select(
        [at_place & located["has_qpv"].fillna(False).astype(bool), at_place, located["qpv_commune"]],
        ["qpv", "hors_qpv", "qpv_indetermine"],
        default="hors_qpv",
    )
    qpv_split = located.assign(split=split).pivot_table(
        index="group", columns="split", values="n", aggfunc="sum", fill_value=0
    )
    qpv_split = qpv_split.reindex(index=groups, columns=["qpv", "hors_qpv", "qpv_indetermine"], fill_value=0)
    for name in qpv_split:
        out[f"I06.{name}"] = qpv_split[name]
    out["I06.part_qpv"] = _ratio(qpv_split["qpv"], qpv_split["qpv"] + qpv_split["hors_qpv"])

    # -- I07 -------------------------------------------------------------------------------------
    acc_commune = support.groupby(["group", "commune"])["n"].sum().rename("acc").reset_index()
    scored = members.merge(acc_commune, on=["group", "commune"], how="left").fillna({"acc": 0})
    scored["covered"] = scored["commune"].isin(covered_codes["commune"])
    fragile = scored[scored["ifn"] >= IFN_THRESHOLD]
    n_fragile = fragile.groupby("group").size().reindex(groups, fill_value=0)
    reached = fragile[fragile["covered"] | (fragile["acc"] > 0)].groupby("group").size().reindex(groups, fill_value=0)
    n_scored = scored["ifn"].notna().groupby(scored["group"]).sum().reindex(groups, fill_value=0)
    out["I07"] = _ratio(reached, n_fragile).where(n_scored > 0)
    out["I07.communes_fragiles"] = n_fragile
    out["I07.atteintes"] = reached
    out["I07.sans_score"] = n_communes - n_scored
    other = scored[scored["ifn"] < IFN_THRESHOLD]
    rate_fragile = _ratio(fragile.groupby("group")["acc"].sum() * 1000, fragile.groupby("group")["population"].sum())
    rate_other = _ratio(other.groupby("group")["acc"].sum() * 1000, other.groupby("group")["population"].sum())
    out["I07.ratio_taux"] = _ratio(rate_fragile.reindex(groups), rate_other.reindex(groups))

    # -- I08 -------------------------------------------------------------------------------------
    equipment = in_period[in_period["type"].isin([EQUIPEMENT, CONNEXION])]
    ever = actions[actions["type"].isin([EQUIPEMENT, CONNEXION])].merge(geo, on="commune")
    declared = pd.Series(True, index=ever["group"].unique()).reindex(groups, fill_value=False)
    total = equipment["quantity"].clip(lower=0).groupby(equipment["group"]).sum().reindex(groups, fill_value=0)
    out["I08"] = total.where(declared)
    for name, code in (("equipements", EQUIPEMENT), ("connexions", CONNEXION)):
        sel = equipment[equipment["type"] == code]
        out[f"I08.{name}"] = sel["quantity"].clip(lower=0).groupby(sel["group"]).sum().reindex(groups, fill_value=0)
    solidaire = active_place_group[(active_place_group["services"] & MATERIEL_BIT) != 0]
    out["I08.lieux_materiel_solidaire"] = solidaire.groupby("group").size().reindex(groups, fill_value=0)

    # -- I09 -------------------------------------------------------------------------------------
    sessions = in_period[in_period["type"] == FORMATION]
    trained = frames["trained"].merge(sessions[["action", "group"]], on="action")
    out["I09"] = trained.groupby("group")["person"].nunique().reindex(groups, fill_value=0)
    n_sessions = sessions.groupby("group").size().reindex(groups, fill_value=0)
    partners = frames["participating"].merge(sessions[["action", "group"]], on="action")
    per_session = partners.groupby(["group", "action"])["actor"].nunique()
    pooled = (per_session >= 2).groupby(level="group").sum().reindex(groups, fill_value=0)
    out["I09.sessions"] = n_sessions
    out["I09.sessions_mutualisees"] = pooled
    out["I09.part_mutualisees"] = _ratio(pooled, n_sessions)
    certified = posted[posted["certifications"] != 0].groupby("group").size().reindex(groups, fill_value=0)
    out["I09.part_mediateurs_certifies"] = _ratio(certified, i03)

    # -- I10 -------------------------------------------------------------------------------------
    funded = fundings.merge(actor_group[["actor", "group"]], on="actor")
    overlap = (np.minimum(funded["end"], at) - np.maximum(funded["start"], start) + 1).clip(lower=0)
    funded["prorata"] = funded["agreed"] * overlap / (funded["end"] - funded["start"] + 1)
    value = funded.groupby("group")["prorata"].sum().reindex(groups, fill_value=0.0)
    # Undefined when no funding goes to an actor of the territory (the library's reading of
    # « aucun financement » for a territory evaluated within a larger dataset).
    has_funding = funded.groupby("group").size().reindex(groups, fill_value=0) > 0
    out["I10"] = value.where(has_funding)
    not_state = funded[~funded["funder"].isin(STATE_FUNDERS)].groupby("group")["prorata"].sum()
    out["I10.part_hors_etat"] = _ratio(not_state.reindex(groups, fill_value=0.0), value)
    # Payment rate over the fundings overlapping P whose paid amount is known.
    overlapping = funded[(overlap > 0) & funded["paid"].notna()]
    paid = overlapping["paid"].groupby(overlapping["group"]).sum().reindex(groups, fill_value=0.0)
    agreed = overlapping.groupby("group")["agreed"].sum().reindex(groups, fill_value=0.0)
    out["I10.taux_versement"] = _ratio(paid, agreed)
    horizon = day_number(add_months(period.end, 12))
    securing = fundings[(fundings["start"] <= horizon) & (fundings["end"] >= horizon)]
    secured_ids = frames["funding_mediators"].merge(securing[["funding"]], on="funding")["mediator"].unique()
    secured = posted[posted["mediator"].isin(secured_ids)].groupby("group").size().reindex(groups, fill_value=0)
    out["I10.part_postes_securises"] = _ratio(secured, i03)
    out["I10.cout_par_accompagnement"] = _ratio(value, accompaniments)

    # -- I11 -------------------------------------------------------------------------------------
    events = in_period[in_period["type"] == COORDINATION]
    out["I11"] = events.groupby("group").size().reindex(groups, fill_value=0)
    present = frames["participating"].merge(events[["action", "group"]], on="action")[["group", "actor"]]
    mobilised = pd.concat([present, actor_group.loc[actor_group["governance"], ["group", "actor"]]])
    out["I11.acteurs_mobilises"] = mobilised.groupby("group")["actor"].nunique().reindex(groups, fill_value=0)
    out["I11.taux_mobilisation"] = _ratio(out["I11.acteurs_mobilises"], out["I01"])
    return out


def library_table(reports: Mapping[str, Mapping[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    """The library's reports (``Report.to_dict()`` by territory code) in the shape of :func:`compute`."""
    rows = {}
    for code, report in reports.items():
        row: dict[str, float] = {}
        for result in report["indicators"]:
            components = result["components"]
            values = {result["code"]: result["value"], **{f"{result['code']}.{k}": v for k, v in components.items()}}
            if result["code"] == "I03":
                values.update({f"I03.{role}": n for role, n in components["par_role"].items()})
            for key, value in values.items():
                if key in columns:
                    row[key] = np.nan if value is None else float(value)
        rows[code] = row
    return pd.DataFrame.from_dict(rows, orient="index").reindex(columns=list(columns))


def compare(ours: pd.DataFrame, theirs: pd.DataFrame, rtol: float = 1e-9, label: str = "pandas") -> list[str]:
    """Cells where two tables of :func:`compute`'s shape differ (both NaN counts as equal).

    ``ours`` is a baseline's table (named ``label`` in the messages), ``theirs`` the library's.
    """
    theirs = theirs.reindex(index=ours.index, columns=ours.columns)
    a, b = ours.to_numpy(dtype=float), theirs.to_numpy(dtype=float)
    same = np.isclose(a, b, rtol=rtol, atol=1e-9) | (np.isnan(a) & np.isnan(b))
    rows, cols = np.nonzero(~same)
    return [
        f"{ours.index[r]} {ours.columns[k]}: {label}={float(a[r, k])!r} bibliothèque={float(b[r, k])!r}"
        for r, k in zip(rows, cols, strict=True)
    ]

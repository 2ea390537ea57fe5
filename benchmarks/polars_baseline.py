"""The 11 CTIN indicators per territory with lazy polars, as a polars user would write them (comparison baseline).

The input is the same as for :mod:`duckdb_baseline`: the dataset's Parquet folder
(:func:`afnor_ctin.io.parquet.write_parquet`) and the commune → territory membership table
(:func:`pandas_baseline.write_memberships`). :func:`load` scans the files with
``pl.scan_parquet`` (a row's position from ``with_row_index``, list columns exploded into long
tables) and, by default, collects them into memory; :func:`compute` builds one lazy query over
them — shared selections, then one aggregation per indicator joined on the territory — and
collects it once, giving the same table as :func:`pandas_baseline.compute` (``"I01"``,
``"I01.lieux_actifs"``…, NaN when undefined).

It restates ``spec/indicators.md`` after ``pandas_baseline.py`` and shares no code with
:mod:`afnor_ctin.indicators` (only the numeric codes of the enumerations). polars runs on all
cores (its default thread pool).

Usage::

    lazy = load("national/", "membres.parquet")
    table = compute(lazy, Period.year(2024))
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import polars as pl

import pandas_baseline as pb
from afnor_ctin.columns import DAY_MIN, day_number
from afnor_ctin.period import Period, add_months

POSITION = pl.Int32
#: Frame name → (file, row-position column, columns kept, list column exploded as ``(name, new name)``).
FRAMES: dict[str, tuple[str, str | None, list[str], tuple[str, str] | None]] = {
    "actors": ("acteurs", "actor", ["commune", "governance"], None),
    "places": (
        "lieux",
        "place",
        ["actor", "commune", "qpv", "services", "itinerant", "opening", "closing", "updated"],
        None,
    ),
    "served": ("lieux", "place", [], ("served", "commune")),
    "mediators": ("mediateurs", "mediator", ["actor", "role", "start", "end", "fte", "certifications"], None),
    "mediator_places": ("mediateurs", "mediator", [], ("places", "place")),
    "actions": (
        "actions",
        "action",
        ["type", "day", "actor", "mediator", "place", "commune", "channel", "duration", "participants", "quantity"],
        None,
    ),
    "participating": ("actions", "action", [], ("participating", "actor")),
    "trained": ("actions", "action", [], ("trained", "person")),
    "participations": ("participations", None, ["action", "beneficiary"], None),
    "fundings": ("financements", "funding", ["funder", "actor", "agreed", "paid", "start", "end"], None),
    "funding_mediators": ("financements", "funding", [], ("mediators", "mediator")),
}


def _scan(folder: Path, file: str, index: str | None, keep: list[str], explode: tuple[str, str] | None) -> pl.LazyFrame:
    lazy = pl.scan_parquet(folder / f"{file}.parquet")
    columns = list(keep)
    if index is not None:
        lazy = lazy.with_row_index(index).with_columns(pl.col(index).cast(POSITION))
        columns.insert(0, index)
    if explode is None:
        return lazy.select(columns)
    name, new = explode
    return lazy.select(*columns, pl.col(name).alias(new)).explode(new).drop_nulls(new)


def load(folder: str | Path, members: str | Path, *, materialize: bool = True) -> dict[str, pl.LazyFrame]:
    """One lazy frame per entity (and ``members``), collected into memory unless ``materialize=False``.

    With ``materialize=False`` the frames are plain scans: :func:`compute` then reads the Parquet
    files itself (projection and predicate pushdown included).
    """
    root = Path(folder)
    lazy = {"members": pl.scan_parquet(members)}
    lazy.update({name: _scan(root, *spec) for name, spec in FRAMES.items()})
    if not materialize:
        return lazy
    return {name: frame.lazy() for name, frame in zip(lazy, pl.collect_all(list(lazy.values())), strict=True)}


def _ratio(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    return pl.when(den != 0).then(num / den)


def _sum_n(condition: pl.Expr | None = None) -> pl.Expr:
    n = pl.col("n") if condition is None else pl.col("n").filter(condition)
    return n.sum()


def compute(f: Mapping[str, pl.LazyFrame], period: Period) -> pd.DataFrame:
    """The 11 indicators (headline values and main scalar components), one row per territory."""
    start, at = day_number(period.start), day_number(period.end)
    lo, horizon = day_number(add_months(period.end, -2)), day_number(add_months(period.end, 12))
    members, places, actors, actions = f["members"], f["places"], f["actors"], f["actions"]
    mediators, fundings, participating = f["mediators"], f["fundings"], f["participating"]
    geo = members.select("group", "commune")
    c = pl.col
    territory = members.group_by("group").agg(
        population=c("population").sum(),
        n_communes=pl.len(),
        n_scored=c("ifn").count(),
        pop_outside=c("population").filter(~c("centre")).sum(),
    )

    # -- shared selections ---------------------------------------------------------------------
    itinerant_served = f["served"].join(places.filter(c("itinerant")).select("place"), on="place")
    place_group = (
        pl.concat([places.select("place", "commune"), itinerant_served])
        .join(geo, on="commune")
        .select("place", "group")
        .unique()
    )
    active = places.filter((c("opening") <= at) & (c("closing") >= at))
    active_place_group = place_group.join(active, on="place")
    actor_group = (
        pl.concat(
            [
                actors.join(geo, on="commune").select("actor", "group"),
                place_group.join(places.select("place", "actor"), on="place").select("actor", "group"),
            ]
        )
        .unique()
        .join(actors.select("actor", "governance"), on="actor")
    )
    governance = actor_group.filter(c("governance")).select("group", "actor")
    in_period = actions.filter(c("day").is_between(start, at)).join(
        members.select("group", "commune", "centre", "qpv_commune"), on="commune"
    )
    support = in_period.filter(c("type").is_in([pb.INDIV, pb.ATELIER])).with_columns(
        n=pl.when(c("participants") >= 0).then(c("participants")).otherwise(1).cast(pl.Int64)
    )
    covered_codes = pl.concat(
        [active.select("commune"), itinerant_served.join(active.select("place"), on="place").select("commune")]
    ).unique()
    mediator_group = pl.concat(
        [
            f["mediator_places"].join(place_group, on="place").select("mediator", "group"),
            mediators.join(actors.select("actor", "commune"), on="actor")
            .join(geo, on="commune")
            .select("mediator", "group"),
        ]
    ).unique()
    recent_authors = actions.filter(c("day").is_between(lo, at) & (c("mediator") >= 0)).select("mediator").unique()
    secured_mediators = (
        f["funding_mediators"]
        .join(fundings.filter((c("start") <= horizon) & (c("end") >= horizon)).select("funding"), on="funding")
        .select("mediator")
        .unique()
    )
    posted = (
        mediator_group.join(mediators.filter((c("start") <= at) & (c("end") >= at)), on="mediator")
        .join(recent_authors.with_columns(active_author=pl.lit(True)), on="mediator", how="left")
        .join(secured_mediators.with_columns(secured=pl.lit(True)), on="mediator", how="left")
    )

    # -- I01, I02 ----------------------------------------------------------------------------
    i01 = (
        pl.concat([active_place_group.select("group", "actor"), governance, in_period.select("group", "actor")])
        .group_by("group")
        .agg(mapped=c("actor").n_unique())
    )
    months = (at - c("updated").cast(pl.Int64)) / pb.DAYS_PER_MONTH
    missing = c("updated") <= int(DAY_MIN)
    freshness = active_place_group.group_by("group").agg(
        lieux=pl.len(),
        a_jour=(~missing & (months <= 12)).sum(),
        a_verifier=(~missing & (months > 12) & (months <= 18)).sum(),
        a_actualiser=(missing | (months > 18)).sum(),
        lieux_materiel=((c("services").cast(pl.Int64) & pb.MATERIEL_BIT) != 0).sum(),
    )
    coverage = (
        members.join(covered_codes, on="commune")
        .group_by("group")
        .agg(covered_pop=c("population").sum(), communes_couvertes=pl.len())
    )

    # -- I03, I09 (certified), I10 (secured posts) -------------------------------------------
    i03 = posted.group_by("group").agg(
        in_post=c("mediator").n_unique(),
        **{role: (c("role") == code).sum() for code, role in enumerate(pb.ROLES)},
        etp=c("fte").fill_nan(1.0).fill_null(1.0).sum(),
        actifs=c("active_author").fill_null(False).sum(),
        habilites=((c("certifications").cast(pl.Int64) & pb.AIDANTS_CONNECT_BIT) != 0).sum(),
        certifies=(c("certifications") != 0).sum(),
        securises=c("secured").fill_null(False).sum(),
    )

    # -- I04, I06 ----------------------------------------------------------------------------
    at_place = c("place") >= 0
    i04 = (
        support.join(places.select("place", has_qpv=c("qpv").is_not_null()), on="place", how="left")
        .with_columns(c("has_qpv").fill_null(False))
        .group_by("group")
        .agg(
            actions=pl.len(),
            individuels=(c("type") == pb.INDIV).sum(),
            ateliers=(c("type") == pb.ATELIER).sum(),
            accompagnements=_sum_n(),
            heures=c("duration").clip(lower_bound=0).cast(pl.Int64).sum() / 60,
            hors_centre=_sum_n(~c("centre")),
            a_distance=_sum_n(c("channel") == pb.A_DISTANCE),
            qpv=_sum_n(at_place & c("has_qpv")),
            hors_qpv=_sum_n((at_place & ~c("has_qpv")) | (~at_place & ~c("qpv_commune"))),
            qpv_indetermine=_sum_n(~at_place & c("qpv_commune")),
        )
    )

    # -- I05 -----------------------------------------------------------------------------------
    participations = f["participations"]
    first = (
        participations.join(actions.select("action", "day"), on="action")
        .group_by("beneficiary")
        .agg(first_day=c("day").min())
    )
    i05 = (
        participations.join(support.select("action", "group"), on="action")
        .join(first, on="beneficiary")
        .group_by("group")
        .agg(
            identifies=c("beneficiary").n_unique(),
            participation_rows=pl.len(),
            nouveaux=c("beneficiary").filter(c("first_day").is_between(start, at)).n_unique(),
        )
    )

    # -- I07 -----------------------------------------------------------------------------------
    acc_commune = support.group_by("group", "commune").agg(acc=c("n").sum())
    fragile, other = c("ifn") >= pb.IFN_THRESHOLD, c("ifn") < pb.IFN_THRESHOLD
    i07 = (
        members.join(acc_commune, on=["group", "commune"], how="left")
        .join(covered_codes.with_columns(covered=pl.lit(True)), on="commune", how="left")
        .with_columns(c("acc").fill_null(0), c("covered").fill_null(False))
        .group_by("group")
        .agg(
            fragiles=fragile.sum(),
            atteintes=(fragile & (c("covered") | (c("acc") > 0))).sum(),
            rate_fragile=_ratio(c("acc").filter(fragile).sum() * 1000, c("population").filter(fragile).sum()),
            rate_other=_ratio(c("acc").filter(other).sum() * 1000, c("population").filter(other).sum()),
        )
    )

    # -- I08 -----------------------------------------------------------------------------------
    equipment_types = [pb.EQUIPEMENT, pb.CONNEXION]
    declared = (
        actions.filter(c("type").is_in(equipment_types))
        .join(geo, on="commune")
        .select("group")
        .unique()
        .with_columns(declared=pl.lit(True))
    )
    quantity = c("quantity").clip(lower_bound=0).cast(pl.Int64)
    i08 = (
        in_period.filter(c("type").is_in(equipment_types))
        .group_by("group")
        .agg(
            equipment_total=quantity.sum(),
            equipements=quantity.filter(c("type") == pb.EQUIPEMENT).sum(),
            connexions=quantity.filter(c("type") == pb.CONNEXION).sum(),
        )
    )

    # -- I09 -----------------------------------------------------------------------------------
    sessions = in_period.filter(c("type") == pb.FORMATION).select("action", "group")
    trained = f["trained"].join(sessions, on="action").group_by("group").agg(trained=c("person").n_unique())
    partners = participating.group_by("action").agg(partners=c("actor").n_unique())
    i09 = (
        sessions.join(partners, on="action", how="left")
        .group_by("group")
        .agg(sessions=pl.len(), mutualisees=(c("partners").fill_null(0) >= 2).sum())
    )

    # -- I10 -----------------------------------------------------------------------------------
    overlap = (pl.min_horizontal(c("end"), at).cast(pl.Int64) - pl.max_horizontal(c("start"), start) + 1).clip(
        lower_bound=0
    )
    length = c("end").cast(pl.Int64) - c("start") + 1
    paid_known = (overlap > 0) & c("paid").is_not_null() & c("paid").is_not_nan()
    i10 = (
        fundings.join(actor_group.select("actor", "group"), on="actor")
        .with_columns(prorata=c("agreed") * overlap / length, paid_known=paid_known)
        .group_by("group")
        .agg(
            agreed_for_p=c("prorata").sum(),
            hors_etat=c("prorata").filter(~c("funder").is_in(pb.STATE_FUNDERS)).sum(),
            paid=c("paid").filter(c("paid_known")).sum(),
            agreed=c("agreed").filter(c("paid_known")).sum(),
            funded=pl.len() > 0,
        )
    )

    # -- I11 -----------------------------------------------------------------------------------
    events = in_period.filter(c("type") == pb.COORDINATION).select("action", "group")
    i11 = (
        pl.concat([participating.join(events, on="action").select("group", "actor"), governance])
        .group_by("group")
        .agg(mobilises=c("actor").n_unique())
    )
    event_counts = events.group_by("group").agg(events=pl.len())

    # -- one row per territory -----------------------------------------------------------------
    t = territory
    for part in (i01, freshness, coverage, i03, i04, i05, i07, declared, i08, trained, i09, i10, event_counts, i11):
        t = t.join(part, on="group", how="left")
    flags, ratios = ("declared", "funded"), ("rate_fragile", "rate_other")
    t = t.with_columns(pl.exclude("group", *flags, *ratios).fill_null(0), pl.col(*flags).fill_null(False))
    share_outside = _ratio(c("hors_centre"), c("accompagnements"))
    share_pop_outside = _ratio(c("pop_outside"), c("population"))
    anonymous = c("accompagnements") - c("participation_rows")
    table = t.select(
        "group",
        **{
            "I01": c("mapped"),
            "I01.lieux_actifs": c("lieux"),
            "I01.a_jour": c("a_jour"),
            "I01.a_verifier": c("a_verifier"),
            "I01.a_actualiser": c("a_actualiser"),
            "I01.taux_fraicheur": _ratio(c("a_jour"), c("lieux")),
            "I02": _ratio(c("covered_pop"), c("population")),
            "I02.communes_couvertes": c("communes_couvertes"),
            "I02.part_communes": c("communes_couvertes") / c("n_communes"),
            "I02.lieux_pour_10000_hab": _ratio(c("lieux") * 10_000, c("population")),
            "I03": c("in_post"),
            **{f"I03.{role}": c(role) for role in pb.ROLES},
            "I03.etp": c("etp"),
            "I03.pour_10000_hab": _ratio(c("in_post") * 10_000, c("population")),
            "I03.actifs": c("actifs"),
            "I03.habilites_aidants_connect": c("habilites"),
            "I04": c("actions"),
            "I04.individuels": c("individuels"),
            "I04.ateliers": c("ateliers"),
            "I04.accompagnements": c("accompagnements"),
            "I04.heures": c("heures"),
            "I05": c("identifies") + anonymous,
            "I05.identifies": c("identifies"),
            "I05.anonymes": anonymous,
            "I05.nouveaux": c("nouveaux"),
            "I06": _ratio(share_outside, share_pop_outside),
            "I06.part_hors_centre": share_outside,
            "I06.part_population_hors_centre": share_pop_outside,
            "I06.a_distance": c("a_distance"),
            "I06.qpv": c("qpv"),
            "I06.hors_qpv": c("hors_qpv"),
            "I06.qpv_indetermine": c("qpv_indetermine"),
            "I06.part_qpv": _ratio(c("qpv"), c("qpv") + c("hors_qpv")),
            "I07": pl.when(c("n_scored") > 0).then(_ratio(c("atteintes"), c("fragiles"))),
            "I07.communes_fragiles": c("fragiles"),
            "I07.atteintes": c("atteintes"),
            "I07.sans_score": c("n_communes") - c("n_scored"),
            "I07.ratio_taux": _ratio(c("rate_fragile"), c("rate_other")),
            "I08": pl.when(c("declared")).then(c("equipment_total")),
            "I08.equipements": c("equipements"),
            "I08.connexions": c("connexions"),
            "I08.lieux_materiel_solidaire": c("lieux_materiel"),
            "I09": c("trained"),
            "I09.sessions": c("sessions"),
            "I09.sessions_mutualisees": c("mutualisees"),
            "I09.part_mutualisees": _ratio(c("mutualisees"), c("sessions")),
            "I09.part_mediateurs_certifies": _ratio(c("certifies"), c("in_post")),
            "I10": pl.when(c("funded")).then(c("agreed_for_p")),
            "I10.part_hors_etat": _ratio(c("hors_etat"), c("agreed_for_p")),
            "I10.taux_versement": _ratio(c("paid"), c("agreed")),
            "I10.part_postes_securises": _ratio(c("securises"), c("in_post")),
            "I10.cout_par_accompagnement": _ratio(c("agreed_for_p"), c("accompagnements")),
            "I11": c("events"),
            "I11.acteurs_mobilises": c("mobilises"),
            "I11.taux_mobilisation": _ratio(c("mobilises"), c("mapped")),
        },
    ).collect()
    return table.to_pandas().set_index("group").astype(float)

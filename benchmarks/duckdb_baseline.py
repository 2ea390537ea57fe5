"""The 11 CTIN indicators per territory in SQL, as a DuckDB user would write them (comparison baseline).

The input is what an analyst would be handed: the dataset's Parquet folder
(:func:`afnor_ctin.io.parquet.write_parquet`: positions, enumeration codes, day numbers, bit
masks, multi-valued cells as list columns) and a commune → territory membership table
(:func:`pandas_baseline.write_memberships`). :func:`load` turns the files into tables (one per
entity, list columns unnested into long tables, a row's position taken from
``file_row_number``); :func:`compute` is a single SQL query with one common table expression per
shared selection and per indicator, giving the headline value and the main scalar components of
each indicator, one row per territory — the same table as :func:`pandas_baseline.compute`
(``"I01"``, ``"I01.lieux_actifs"``…, NaN when undefined).

It restates ``spec/indicators.md`` after ``pandas_baseline.py`` and shares no code with
:mod:`afnor_ctin.indicators` (only the numeric codes of the enumerations), so that agreement with
the library is evidence that both follow the specification. DuckDB runs on all cores (its default).

Usage::

    con = load("national/", "membres.parquet")
    table = compute(con, Period.year(2024))
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

import pandas_baseline as pb
from afnor_ctin.columns import DAY_MIN, day_number
from afnor_ctin.period import Period, add_months

#: Table name → (Parquet file, name of the row's position or None, selected columns).
TABLES: dict[str, tuple[str, str | None, str]] = {
    "actors": ("acteurs", "actor", "commune, governance"),
    "places": (
        "lieux",
        "place",
        "actor, commune, qpv IS NOT NULL AS has_qpv, services, itinerant, opening, closing, updated",
    ),
    "served": ("lieux", "place", "unnest(served) AS commune"),
    "mediators": ("mediateurs", "mediator", 'actor, role, start, "end", fte, certifications'),
    "mediator_places": ("mediateurs", "mediator", "unnest(places) AS place"),
    "actions": (
        "actions",
        "action",
        "type, day, actor, mediator, place, commune, channel, duration, participants, quantity",
    ),
    "participating": ("actions", "action", "unnest(participating) AS actor"),
    "trained": ("actions", "action", "unnest(trained) AS person"),
    "participations": ("participations", None, "action, beneficiary"),
    "fundings": ("financements", "funding", 'funder, actor, agreed, paid, start, "end"'),
    "funding_mediators": ("financements", "funding", "unnest(mediators) AS mediator"),
}
#: ``file_row_number``: a row's position. ``can_have_nan``: pyarrow leaves NaN out of a column's
#: min/max statistics (as the Parquet specification asks) and writes no ``nan_count``; without this
#: option DuckDB takes the statistics as proof that a float column holds no NaN and folds
#: ``isnan(fte)`` to ``false`` when querying the files directly (duckdb/duckdb#25521), so that
#: unknown FTEs and paid amounts would turn sums into NaN.
READ_OPTIONS = "file_row_number = true, can_have_nan = true"


def _literal(path: str | Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def load(folder: str | Path, members: str | Path, *, materialize: bool = True) -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB database with one table per entity (and ``members``) from the Parquet files.

    With ``materialize=False`` the tables are views over the files: every query then reads the
    Parquet files again (what a user querying the files directly gets).
    """
    con = duckdb.connect()
    kind = "TABLE" if materialize else "VIEW"
    con.execute(f"CREATE {kind} members AS SELECT * FROM read_parquet({_literal(members)})")
    for name, (file, position, columns) in TABLES.items():
        source = _literal(Path(folder) / f"{file}.parquet")
        select = columns if position is None else f"file_row_number::INTEGER AS {position}, {columns}"
        con.execute(f"CREATE {kind} {name} AS SELECT {select} FROM read_parquet({source}, {READ_OPTIONS})")
    return con


QUERY = """
WITH
territory AS (
    SELECT "group", sum(population) AS population, count(*) AS n_communes, count(ifn) AS n_scored,
           coalesce(sum(population) FILTER (WHERE NOT centre), 0) AS pop_outside
    FROM members GROUP BY "group"
),
-- shared selections ----------------------------------------------------------------------------
itinerant_served AS MATERIALIZED (
    SELECT s.place, s.commune FROM served s JOIN places p USING (place) WHERE p.itinerant
),
place_group AS MATERIALIZED (
    SELECT DISTINCT x.place, m."group"
    FROM (SELECT place, commune FROM places UNION ALL SELECT place, commune FROM itinerant_served) x
    JOIN members m USING (commune)
),
active AS MATERIALIZED (SELECT * FROM places WHERE opening <= {at} AND closing >= {at}),
active_place_group AS MATERIALIZED (
    SELECT pg."group", a.actor, a.services, a.updated FROM place_group pg JOIN active a USING (place)
),
actor_group AS MATERIALIZED (
    SELECT DISTINCT x.actor, x."group", a.governance
    FROM (
        SELECT a.actor, m."group" FROM actors a JOIN members m USING (commune)
        UNION ALL
        SELECT p.actor, pg."group" FROM place_group pg JOIN places p USING (place)
    ) x
    JOIN actors a USING (actor)
),
in_period AS MATERIALIZED (
    SELECT a.*, m."group", m.centre, m.qpv_commune
    FROM actions a JOIN members m USING (commune)
    WHERE a.day BETWEEN {start} AND {at}
),
support AS MATERIALIZED (
    SELECT *, CASE WHEN participants >= 0 THEN participants ELSE 1 END AS n
    FROM in_period WHERE type IN ({indiv}, {atelier})
),
covered_codes AS MATERIALIZED (
    SELECT commune FROM active
    UNION
    SELECT s.commune FROM itinerant_served s JOIN active a USING (place)
),
mediator_group AS (
    SELECT mp.mediator, pg."group" FROM mediator_places mp JOIN place_group pg USING (place)
    UNION
    SELECT md.mediator, m."group" FROM mediators md JOIN actors a USING (actor) JOIN members m ON m.commune = a.commune
),
recent_authors AS (
    SELECT DISTINCT mediator FROM actions WHERE day BETWEEN {lo} AND {at} AND mediator >= 0
),
secured_mediators AS (
    SELECT DISTINCT fm.mediator FROM funding_mediators fm JOIN fundings f USING (funding)
    WHERE f.start <= {horizon} AND f."end" >= {horizon}
),
posted AS MATERIALIZED (
    SELECT mg."group", md.mediator, md.role, md.fte, md.certifications,
           md.mediator IN (SELECT mediator FROM recent_authors) AS active_author,
           md.mediator IN (SELECT mediator FROM secured_mediators) AS secured
    FROM mediator_group mg JOIN mediators md USING (mediator)
    WHERE md.start <= {at} AND md."end" >= {at}
),
-- I01 ------------------------------------------------------------------------------------------
i01 AS (
    SELECT "group", count(DISTINCT actor) AS mapped FROM (
        SELECT "group", actor FROM active_place_group
        UNION ALL SELECT "group", actor FROM actor_group WHERE governance
        UNION ALL SELECT "group", actor FROM in_period
    ) GROUP BY "group"
),
freshness AS (
    SELECT "group", count(*) AS lieux,
           count(*) FILTER (WHERE NOT missing AND months <= 12) AS a_jour,
           count(*) FILTER (WHERE NOT missing AND months > 12 AND months <= 18) AS a_verifier,
           count(*) FILTER (WHERE missing OR months > 18) AS a_actualiser,
           count(*) FILTER (WHERE (services & {materiel}) != 0) AS lieux_materiel
    FROM (
        SELECT "group", services, updated <= {day_min} AS missing,
               ({at} - updated::BIGINT) / {days_per_month}::DOUBLE AS months
        FROM active_place_group
    ) GROUP BY "group"
),
-- I02 ------------------------------------------------------------------------------------------
coverage AS (
    SELECT m."group", sum(m.population) AS covered_pop, count(*) AS communes_couvertes
    FROM members m JOIN covered_codes USING (commune) GROUP BY m."group"
),
-- I03, I09 (certified), I10 (secured posts) ---------------------------------------------------
i03 AS (
    SELECT "group", count(DISTINCT mediator) AS in_post,
           count(*) FILTER (WHERE role = 0) AS conseiller_numerique,
           count(*) FILTER (WHERE role = 1) AS coordinateur,
           count(*) FILTER (WHERE role = 2) AS mediateur,
           count(*) FILTER (WHERE role = 3) AS aidant,
           sum(CASE WHEN fte IS NULL OR isnan(fte) THEN 1.0 ELSE fte END) AS etp,
           count(*) FILTER (WHERE active_author) AS actifs,
           count(*) FILTER (WHERE (certifications & {aidants_connect}) != 0) AS habilites,
           count(*) FILTER (WHERE certifications != 0) AS certifies,
           count(*) FILTER (WHERE secured) AS securises
    FROM posted GROUP BY "group"
),
-- I04, I06 -------------------------------------------------------------------------------------
i04 AS (
    SELECT "group", count(*) AS actions,
           count(*) FILTER (WHERE type = {indiv}) AS individuels,
           count(*) FILTER (WHERE type = {atelier}) AS ateliers,
           sum(n) AS accompagnements,
           sum(greatest(duration, 0)) / 60 AS heures,
           coalesce(sum(n) FILTER (WHERE NOT centre), 0) AS hors_centre,
           coalesce(sum(n) FILTER (WHERE channel = {a_distance}), 0) AS a_distance,
           coalesce(sum(n) FILTER (WHERE place >= 0 AND has_qpv), 0) AS qpv,
           coalesce(sum(n) FILTER (WHERE (place >= 0 AND NOT has_qpv) OR (place < 0 AND NOT qpv_commune)), 0)
               AS hors_qpv,
           coalesce(sum(n) FILTER (WHERE place < 0 AND qpv_commune), 0) AS qpv_indetermine
    FROM (SELECT s.*, coalesce(p.has_qpv, false) AS has_qpv FROM support s LEFT JOIN places p USING (place))
    GROUP BY "group"
),
-- I05 ------------------------------------------------------------------------------------------
first_participation AS (
    SELECT p.beneficiary, min(a.day) AS first_day
    FROM participations p JOIN actions a USING (action) GROUP BY p.beneficiary
),
i05 AS (
    SELECT s."group", count(DISTINCT r.beneficiary) AS identifies, count(*) AS n_rows,
           count(DISTINCT r.beneficiary) FILTER (WHERE f.first_day BETWEEN {start} AND {at}) AS nouveaux
    FROM participations r JOIN support s USING (action) JOIN first_participation f USING (beneficiary)
    GROUP BY s."group"
),
-- I07 ------------------------------------------------------------------------------------------
scored AS (
    SELECT m.*, coalesce(acc.n, 0) AS acc, m.commune IN (SELECT commune FROM covered_codes) AS covered
    FROM members m
    LEFT JOIN (SELECT "group", commune, sum(n) AS n FROM support GROUP BY ALL) acc USING ("group", commune)
),
i07 AS (
    SELECT "group",
           count(*) FILTER (WHERE ifn >= {ifn}) AS fragiles,
           count(*) FILTER (WHERE ifn >= {ifn} AND (covered OR acc > 0)) AS atteintes,
           sum(acc) FILTER (WHERE ifn >= {ifn}) * 1000
               / NULLIF(sum(population) FILTER (WHERE ifn >= {ifn}), 0) AS rate_fragile,
           sum(acc) FILTER (WHERE ifn < {ifn}) * 1000
               / NULLIF(sum(population) FILTER (WHERE ifn < {ifn}), 0) AS rate_other
    FROM scored GROUP BY "group"
),
-- I08 ------------------------------------------------------------------------------------------
declared AS (
    SELECT DISTINCT m."group", true AS declared
    FROM actions a JOIN members m USING (commune) WHERE a.type IN ({equipement}, {connexion})
),
i08 AS (
    SELECT "group", sum(greatest(quantity, 0)) AS total,
           coalesce(sum(greatest(quantity, 0)) FILTER (WHERE type = {equipement}), 0) AS equipements,
           coalesce(sum(greatest(quantity, 0)) FILTER (WHERE type = {connexion}), 0) AS connexions
    FROM in_period WHERE type IN ({equipement}, {connexion}) GROUP BY "group"
),
-- I09 ------------------------------------------------------------------------------------------
sessions AS MATERIALIZED (SELECT action, "group" FROM in_period WHERE type = {formation}),
trained_people AS (
    SELECT s."group", count(DISTINCT t.person) AS trained FROM trained t JOIN sessions s USING (action) GROUP BY ALL
),
i09 AS (
    SELECT s."group", count(*) AS sessions, count(*) FILTER (WHERE partners.n >= 2) AS mutualisees
    FROM sessions s
    LEFT JOIN (SELECT action, count(DISTINCT actor) AS n FROM participating GROUP BY action) partners USING (action)
    GROUP BY s."group"
),
-- I10 ------------------------------------------------------------------------------------------
funded AS MATERIALIZED (
    SELECT ag."group", f.funder, f.agreed, f.paid,
           agreed * greatest(least(f."end", {at})::BIGINT - greatest(f.start, {start}) + 1, 0)
               / (f."end"::BIGINT - f.start + 1) AS prorata,
           least(f."end", {at})::BIGINT - greatest(f.start, {start}) + 1 > 0 AND NOT isnan(f.paid) AS paid_known
    FROM fundings f JOIN actor_group ag USING (actor)
),
i10 AS (
    SELECT "group", sum(prorata) AS agreed_for_p,
           coalesce(sum(prorata) FILTER (WHERE funder NOT IN ({state_funders})), 0) AS hors_etat,
           coalesce(sum(paid) FILTER (WHERE paid_known), 0) AS paid,
           coalesce(sum(agreed) FILTER (WHERE paid_known), 0) AS agreed
    FROM funded GROUP BY "group"
),
-- I11 ------------------------------------------------------------------------------------------
events AS MATERIALIZED (SELECT action, "group" FROM in_period WHERE type = {coordination}),
i11 AS (
    SELECT "group", count(DISTINCT actor) AS mobilises FROM (
        SELECT e."group", pa.actor FROM participating pa JOIN events e USING (action)
        UNION ALL SELECT "group", actor FROM actor_group WHERE governance
    ) GROUP BY "group"
),
-- one row per territory --------------------------------------------------------------------------
c AS (
    SELECT t.*,
           coalesce(i01.mapped, 0) AS mapped, coalesce(fr.lieux, 0) AS lieux, coalesce(fr.a_jour, 0) AS a_jour,
           coalesce(fr.a_verifier, 0) AS a_verifier, coalesce(fr.a_actualiser, 0) AS a_actualiser,
           coalesce(fr.lieux_materiel, 0) AS lieux_materiel,
           coalesce(cv.covered_pop, 0) AS covered_pop, coalesce(cv.communes_couvertes, 0) AS communes_couvertes,
           coalesce(i03.in_post, 0) AS in_post, coalesce(i03.conseiller_numerique, 0) AS conseiller_numerique,
           coalesce(i03.coordinateur, 0) AS coordinateur, coalesce(i03.mediateur, 0) AS mediateur,
           coalesce(i03.aidant, 0) AS aidant, coalesce(i03.etp, 0) AS etp, coalesce(i03.actifs, 0) AS actifs,
           coalesce(i03.habilites, 0) AS habilites, coalesce(i03.certifies, 0) AS certifies,
           coalesce(i03.securises, 0) AS securises,
           coalesce(i04.actions, 0) AS actions, coalesce(i04.individuels, 0) AS individuels,
           coalesce(i04.ateliers, 0) AS ateliers, coalesce(i04.accompagnements, 0) AS accompagnements,
           coalesce(i04.heures, 0) AS heures, coalesce(i04.hors_centre, 0) AS hors_centre,
           coalesce(i04.a_distance, 0) AS a_distance, coalesce(i04.qpv, 0) AS qpv,
           coalesce(i04.hors_qpv, 0) AS hors_qpv, coalesce(i04.qpv_indetermine, 0) AS qpv_indetermine,
           coalesce(i05.identifies, 0) AS identifies, coalesce(i05.n_rows, 0) AS participation_rows,
           coalesce(i05.nouveaux, 0) AS nouveaux,
           coalesce(i07.fragiles, 0) AS fragiles, coalesce(i07.atteintes, 0) AS atteintes,
           i07.rate_fragile, i07.rate_other,
           coalesce(d.declared, false) AS declared, coalesce(i08.total, 0) AS equipment_total,
           coalesce(i08.equipements, 0) AS equipements, coalesce(i08.connexions, 0) AS connexions,
           coalesce(tp.trained, 0) AS trained, coalesce(i09.sessions, 0) AS sessions,
           coalesce(i09.mutualisees, 0) AS mutualisees,
           i10."group" IS NOT NULL AS funded, coalesce(i10.agreed_for_p, 0) AS agreed_for_p,
           coalesce(i10.hors_etat, 0) AS hors_etat, coalesce(i10.paid, 0) AS paid,
           coalesce(i10.agreed, 0) AS agreed,
           coalesce(ev.events, 0) AS events, coalesce(i11.mobilises, 0) AS mobilises
    FROM territory t
    LEFT JOIN i01 USING ("group") LEFT JOIN freshness fr USING ("group") LEFT JOIN coverage cv USING ("group")
    LEFT JOIN i03 USING ("group") LEFT JOIN i04 USING ("group") LEFT JOIN i05 USING ("group")
    LEFT JOIN i07 USING ("group") LEFT JOIN declared d USING ("group") LEFT JOIN i08 USING ("group")
    LEFT JOIN trained_people tp USING ("group") LEFT JOIN i09 USING ("group") LEFT JOIN i10 USING ("group")
    LEFT JOIN (SELECT "group", count(*) AS events FROM events GROUP BY "group") ev USING ("group")
    LEFT JOIN i11 USING ("group")
)
SELECT "group",
    mapped AS "I01", lieux AS "I01.lieux_actifs", a_jour AS "I01.a_jour", a_verifier AS "I01.a_verifier",
    a_actualiser AS "I01.a_actualiser", a_jour / NULLIF(lieux, 0) AS "I01.taux_fraicheur",
    covered_pop / NULLIF(population, 0) AS "I02", communes_couvertes AS "I02.communes_couvertes",
    communes_couvertes / n_communes AS "I02.part_communes",
    lieux * 10000 / NULLIF(population, 0) AS "I02.lieux_pour_10000_hab",
    in_post AS "I03", conseiller_numerique AS "I03.conseiller_numerique", coordinateur AS "I03.coordinateur",
    mediateur AS "I03.mediateur", aidant AS "I03.aidant", etp AS "I03.etp",
    in_post * 10000 / NULLIF(population, 0) AS "I03.pour_10000_hab", actifs AS "I03.actifs",
    habilites AS "I03.habilites_aidants_connect",
    actions AS "I04", individuels AS "I04.individuels", ateliers AS "I04.ateliers",
    accompagnements AS "I04.accompagnements", heures AS "I04.heures",
    identifies + accompagnements - participation_rows AS "I05", identifies AS "I05.identifies",
    accompagnements - participation_rows AS "I05.anonymes", nouveaux AS "I05.nouveaux",
    (hors_centre / NULLIF(accompagnements, 0)) / NULLIF(pop_outside / NULLIF(population, 0), 0) AS "I06",
    hors_centre / NULLIF(accompagnements, 0) AS "I06.part_hors_centre",
    pop_outside / NULLIF(population, 0) AS "I06.part_population_hors_centre",
    a_distance AS "I06.a_distance", qpv AS "I06.qpv", hors_qpv AS "I06.hors_qpv",
    qpv_indetermine AS "I06.qpv_indetermine", qpv / NULLIF(qpv + hors_qpv, 0) AS "I06.part_qpv",
    CASE WHEN n_scored > 0 THEN atteintes / NULLIF(fragiles, 0) END AS "I07",
    fragiles AS "I07.communes_fragiles", atteintes AS "I07.atteintes", n_communes - n_scored AS "I07.sans_score",
    rate_fragile / NULLIF(rate_other, 0) AS "I07.ratio_taux",
    CASE WHEN declared THEN equipment_total END AS "I08", equipements AS "I08.equipements",
    connexions AS "I08.connexions", lieux_materiel AS "I08.lieux_materiel_solidaire",
    trained AS "I09", sessions AS "I09.sessions", mutualisees AS "I09.sessions_mutualisees",
    mutualisees / NULLIF(sessions, 0) AS "I09.part_mutualisees",
    certifies / NULLIF(in_post, 0) AS "I09.part_mediateurs_certifies",
    CASE WHEN funded THEN agreed_for_p END AS "I10", hors_etat / NULLIF(agreed_for_p, 0) AS "I10.part_hors_etat",
    paid / NULLIF(agreed, 0) AS "I10.taux_versement", securises / NULLIF(in_post, 0) AS "I10.part_postes_securises",
    agreed_for_p / NULLIF(accompagnements, 0) AS "I10.cout_par_accompagnement",
    events AS "I11", mobilises AS "I11.acteurs_mobilises", mobilises / NULLIF(mapped, 0) AS "I11.taux_mobilisation"
FROM c
"""


def query(period: Period) -> str:
    """The SQL of :func:`compute` for ``period`` (day numbers and codes written in as literals)."""
    start, at = day_number(period.start), day_number(period.end)
    return QUERY.format(
        start=start,
        at=at,
        lo=day_number(add_months(period.end, -2)),
        horizon=day_number(add_months(period.end, 12)),
        day_min=int(DAY_MIN),
        days_per_month=pb.DAYS_PER_MONTH,
        ifn=pb.IFN_THRESHOLD,
        indiv=pb.INDIV,
        atelier=pb.ATELIER,
        formation=pb.FORMATION,
        equipement=pb.EQUIPEMENT,
        connexion=pb.CONNEXION,
        coordination=pb.COORDINATION,
        a_distance=pb.A_DISTANCE,
        aidants_connect=pb.AIDANTS_CONNECT_BIT,
        materiel=pb.MATERIEL_BIT,
        state_funders=", ".join(str(code) for code in pb.STATE_FUNDERS),
    )


def compute(con: duckdb.DuckDBPyConnection, period: Period) -> pd.DataFrame:
    """The 11 indicators (headline values and main scalar components), one row per territory."""
    table = con.sql(query(period)).df()
    return table.set_index("group").astype(float)

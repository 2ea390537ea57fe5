"""Exemple « la-rochelle » : CA de La Rochelle, données d'activité fictives (2021–2024).

Ce jeu de données sert à essayer la bibliothèque, la documentation et la ligne de commande
(``afnor-ctin rapport --exemple la-rochelle``). **Les données d'activité sont fictives** : elles sont
générées par un tirage pseudo-aléatoire reproductible et ne décrivent pas l'activité réelle des
structures de l'agglomération.

Ce qui est réel
    Le territoire : la communauté d'agglomération de La Rochelle (SIREN 241700434), ses 28 communes
    et leurs populations légales millésime 2023, ses trois QPV de la génération 2024 (Mireuil,
    Villeneuve-Les-Salines, Port-Neuf), tels que les fournit ``Territory.from_epci("241700434")``.
    Les faits de l'étude de cas publiée sur la CTIN rochelaise, que l'exemple reproduit :

    - huit conseillers numériques (rôle ``conseiller_numerique``) entrés en poste en 2021, financés
      par l'État (``etat_conseiller_numerique``) pour 400 000 € au total sur deux ans ;
    - un diagnostic où l'offre (lieux, médiateurs, accompagnements) est dense à La Rochelle (17300)
      et dans ses QPV, mais mince dans les autres communes, dont plusieurs n'ont aucun lieu ;
    - des travaux de feuille de route (actions ``coordination``) qui ont réuni 200 participants de
      février 2021 à mai 2023, mois de l'adoption de la feuille de route, puis plus d'animation
      régulière en 2024 (communauté « informelle ») ;
    - des besoins de matériel et de connexion à tarif solidaire (actions ``equipement_solidaire`` et
      ``connexion_solidaire``, un lieu proposant l'acquisition de matériel à prix solidaire) ;
    - les partenaires cités : communes, CCAS, associations, centres sociaux, médiathèques, France
      Services, CPAM, Caf, La Poste, Département de la Charente-Maritime, l'agglomération comme
      coordinatrice, une association de médiation numérique à domicile ;
    - un coordinateur à l'agglomération à mi-temps (rôle ``coordinateur``, 0,5 ETP) ;
    - la formation des professionnels (``formation_professionnels``), de plus en plus mutualisée.

Ce qui est inventé
    Les noms des structures (génériques ou inventés), les lieux, les médiateurs
    (identifiants pseudonymes ``MED-…``), les actions, les bénéficiaires (identifiants pseudonymes
    ``BEN-…``, catégories de genre, d'âge, de statut et commune de résidence), les financements (seul
    le total de 400 000 € de l'État pour les conseillers numériques de 2021 vient de l'étude de cas ;
    sa répartition, les renouvellements de 2023 et les autres financements sont inventés), le bus
    numérique ouvert en 2023, et les **scores IFN** des communes (indice de fragilité
    numérique) : aucun fichier public de scores par commune n'est disponible ; les scores de l'exemple
    suivent une règle plausible (plus fragile dans les petites communes rurales) et ne doivent pas
    être cités.

Paramètres
    ``seed`` (2021 par défaut) fixe le tirage des actions, des bénéficiaires, des participations et
    des acteurs présents aux réunions. Le territoire, les acteurs, les lieux, les médiateurs, les
    financements, le calendrier des réunions de coordination et les scores IFN ne dépendent pas de la
    graine. Une même graine donne toujours le même jeu de données.

Volumes (graine 2021)
    Environ 40 000 actions d'accompagnement (individuels et ateliers collectifs) de 2021 à 2024, une
    majorité de participants identifiés par un bénéficiaire pseudonyme, les autres anonymes.

The fixed facts are data files shipped with the library: the actors, places, mediators and
fundings in its native format (``afnor_ctin/examples/la-rochelle/``, read by
:func:`afnor_ctin.io.native.read_dataset`), the pace of each mediator, the calendar of the
coordination events and the training sessions in ``la-rochelle-activite.csv``,
``la-rochelle-reunions.csv`` and ``la-rochelle-formations.csv``. The activity is drawn with numpy
straight into :mod:`afnor_ctin.columns` (:mod:`afnor_ctin.examples._activity`) and
the whole dataset is checked by :meth:`~afnor_ctin.dataset.Dataset.from_columns`.

>>> ds = generate()
>>> ds.territory.name
'CA de La Rochelle (données fictives)'
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from functools import cache
from importlib import resources
from typing import Any

import attrs
import numpy as np

from afnor_ctin.columns import ActionTable, Columns, Csr, codes, commune_table, day_number, objects, with_communes
from afnor_ctin.dataset import Dataset
from afnor_ctin.examples._activity import (
    THEMES_DEMARCHES,
    THEMES_MEDIATION,
    ActionBlock,
    day_weights,
    people,
    sparse,
    themes,
    working_days,
)
from afnor_ctin.io.native import read_dataset
from afnor_ctin.model import ActionType, ActorType, Channel, Mediator, SubType, Territory
from afnor_ctin.rules import action_commune

__all__ = [
    "BUS",
    "CENTRE",
    "COORDINATION_EVENTS",
    "DEFAULT_SEED",
    "FIRST_DAY",
    "LAST_DAY",
    "SIREN",
    "TERRITORY_NAME",
    "facts",
    "fictional_ifn_score",
    "generate",
    "territory",
]

#: SIREN of the CA de La Rochelle.
SIREN = "241700434"
#: INSEE code of La Rochelle, the central commune.
CENTRE = "17300"
#: Name shown everywhere: says that the activity data are fictional.
TERRITORY_NAME = "CA de La Rochelle (données fictives)"
#: Default seed of :func:`generate`.
DEFAULT_SEED = 2021
#: First and last day covered by the generated activity.
FIRST_DAY = dt.date(2021, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)

#: The itinerant place opened after the roadmap: its sessions are recorded in the communes it serves.
BUS = "lieu-bus-numerique"

#: Communes where the home-visit association works (La Rochelle and communes without a place of their own).
_HOME_VISITS = (
    "17300",
    "17010",
    "17153",
    "17190",
    "17193",
    "17222",
    "17391",
    "17413",
    "17420",
    "17443",
    "17466",
    "17483",
)
#: Communes outside the CA where a few beneficiaries live (Aigrefeuille-d'Aunis, Marans, Rivedoux-Plage).
_OUTSIDE = ("17003", "17218", "17297")


# --------------------------------------------------------------------------------------------
# Territory and IFN scores
# --------------------------------------------------------------------------------------------
def fictional_ifn_score(population: int, *, has_qpv: bool = False, code_insee: str = "") -> float:
    """Fictional *indice de fragilité numérique* of a commune on the 0–10 scale (higher = more fragile).

    No licensed per-commune IFN file is public, so the example uses a plausible rule: small rural
    communes are more fragile (score about 7.0 at 2,500 inhabitants, rising by 1.8 per factor ten
    fewer inhabitants), communes with a QPV get one point more, and a small fixed offset derived
    from the INSEE code (±0.3) avoids ties. Never cite these values as real scores.

    >>> fictional_ifn_score(963, code_insee="17245"), fictional_ifn_score(79851, has_qpv=True, code_insee="17300")
    (7.8, 5.3)
    """
    score = 7.0 + 1.8 * math.log10(2_500 / max(population, 1)) + (1.0 if has_qpv else 0.0)
    if code_insee.isdigit():
        score += (int(code_insee) % 7 - 3) / 10
    return round(min(10.0, max(0.0, score)), 1)


def territory() -> Territory:
    """The real territory of the CA de La Rochelle, renamed as fictional data, with fictional IFN scores.

    Communes, legal populations and QPVs come from :meth:`Territory.from_epci`; the central commune
    is La Rochelle (17300).
    """
    base = Territory.from_epci(SIREN)
    with_qpv = {q.code_insee for q in base.qpvs}
    communes = tuple(
        attrs.evolve(
            c,
            ifn_score=fictional_ifn_score(c.population, has_qpv=c.code_insee in with_qpv, code_insee=c.code_insee),
        )
        for c in base.communes
    )
    return attrs.evolve(base, name=TERRITORY_NAME, communes=communes, central_commune=CENTRE)


# --------------------------------------------------------------------------------------------
# Fixed facts: data files read by the library's own reader
# --------------------------------------------------------------------------------------------
@cache
def facts() -> Dataset:
    """The fixed facts of the example: its actors, places, mediators and fundings (fictional names).

    Read by :func:`~afnor_ctin.io.native.read_dataset` from the native-format files shipped in
    ``afnor_ctin/examples/la-rochelle/`` (strictly: any issue is an error of the library).
    """
    with resources.as_file(resources.files(__package__).joinpath("la-rochelle")) as folder:
        dataset, _report = read_dataset(folder, strict=True)
    return dataset


@attrs.frozen
class _Staff:
    """One mediator of the example and how active it is (``la-rochelle-activite.csv``)."""

    mediator: Mediator
    #: "lieu" (at its places), "bus" (stops in the served communes), "domicile" (home visits), "aidant",
    #: or "coordination" (no support action).
    kind: str
    rate: float  # support actions per working day at full time
    workshops: float  # share of workshops among the actions at a place


def _staff(known: Dataset) -> tuple[_Staff, ...]:
    """The mediators of the facts with their pace, in the same order."""
    pace = {row["mediateur_id"]: row for row in _rows("la-rochelle-activite.csv")}
    return tuple(
        _Staff(
            m, pace[m.id]["activite"], float(pace[m.id]["accompagnements_par_jour"]), float(pace[m.id]["part_ateliers"])
        )
        for m in known.mediators
    )


def _code(member: Any) -> int:
    return codes.of(member)


def _rows(name: str) -> list[dict[str, str]]:
    """The rows of one of the example's CSV files shipped in the package."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


#: Fixed calendar of the coordination events (date, sous-type, participants): 200 participants in
#: total, from the launch of the coordination (February 2021) to the roadmap adopted in May 2023
#: (read from ``la-rochelle-reunions.csv``).
COORDINATION_EVENTS: tuple[tuple[dt.date, SubType, int], ...] = tuple(
    (dt.date.fromisoformat(r["date"]), SubType(r["sous_type"]), int(r["participants"]))
    for r in _rows("la-rochelle-reunions.csv")
)

#: Training sessions of professionals (date, carrier actor, place, duration [min], trainees, shared by
#: several employers): internal sessions first, shared (« mutualisées ») ones after the diagnostic
#: (read from ``la-rochelle-formations.csv``).
_TRAININGS: tuple[tuple[dt.date, str, str, int, int, bool], ...] = tuple(
    (
        dt.date.fromisoformat(r["date"]),
        r["acteur_id"],
        r["lieu_id"],
        int(r["duree_min"]),
        int(r["personnes_formees"]),
        r["mutualisee"] == "oui",
    )
    for r in _rows("la-rochelle-formations.csv")
)


# --------------------------------------------------------------------------------------------
# The activity (numpy)
# --------------------------------------------------------------------------------------------
def generate(*, seed: int = DEFAULT_SEED) -> Dataset:
    """Generate the fictional La Rochelle example dataset (see the module documentation).

    Parameters
    ----------
    seed:
        Seed of :func:`numpy.random.default_rng` for the activity data (actions, beneficiaries,
        participations, actors present at coordination events). Same seed, same dataset.

    Returns
    -------
    Dataset
        The real territory of the CA de La Rochelle named « CA de La Rochelle (données fictives) »,
        with fictional actors, places, mediators, actions, beneficiaries and fundings over 2021–2024.
    """
    rng = np.random.default_rng(seed)
    terr = territory()
    known = facts()
    staff = _staff(known)
    # Commune vocabulary: the territory's communes and a few neighbouring communes of residence.
    small = with_communes(
        known.columns, commune_table(terr.communes, [*map(str, known.columns.communes.codes), *_OUTSIDE])
    )
    communes, actor_table, place_table = small.communes, small.actors, small.places
    cidx = {str(c): i for i, c in enumerate(communes.codes)}

    actor_pos = {str(a): i for i, a in enumerate(small.actors.ids)}
    place_pos = {str(p): i for i, p in enumerate(small.places.ids)}
    staff_pos = {s.mediator.id: i for i, s in enumerate(staff)}
    population = communes.population.astype(np.float64)
    pop_weights = population / population.sum()
    # Home visits: in the communes the association serves, more often where the IFN score is high.
    served = np.isin(communes.codes, _HOME_VISITS)
    home_weights = np.where(served, population * np.exp(0.6 * np.nan_to_num(communes.ifn, nan=0.0)), 0.0)
    home_weights /= home_weights.sum()

    block = ActionBlock()
    working = working_days(FIRST_DAY, LAST_DAY)
    weights = day_weights(working)
    opening, closing = place_table.opening, place_table.closing
    place_commune = place_table.commune
    ch = codes.lookup(Channel)
    support_kinds = {"lieu", "bus", "aidant", "domicile"}
    bus_stops = np.array([cidx[c] for c in known.place(BUS).served_communes], dtype=np.int64)

    for s in staff:
        if s.kind not in support_kinds:
            continue
        start = max(day_number(s.mediator.start_date), int(working[0]))
        end = (
            min(day_number(s.mediator.end_date), int(working[-1]))
            if s.mediator.end_date is not None
            else int(working[-1])
        )
        mask = (working >= start) & (working <= end)
        days, w = working[mask], weights[mask]
        if len(days) == 0:
            continue
        fte = 1.0 if s.mediator.fte is None else s.mediator.fte
        n = int(rng.poisson(s.rate * fte * w.sum()))
        day = np.sort(rng.choice(days, size=n, p=w / w.sum()))
        med = staff_pos[s.mediator.id]
        actor = actor_pos[s.mediator.actor_id]
        place = np.full(n, -1, dtype=np.int64)
        code = np.full(n, -1, dtype=np.int64)
        if s.kind == "domicile":
            channel = np.where(rng.random(n) < 0.88, ch[Channel.DOMICILE], ch[Channel.A_DISTANCE])
            code = rng.choice(len(communes), size=n, p=home_weights)
            workshop = np.zeros(n, dtype=bool)
        elif s.kind == "bus":
            # Sessions at the bus stops: recorded in the commune served, not at the bus's base.
            channel = np.where(rng.random(n) < 0.95, ch[Channel.AUTRE_LIEU], ch[Channel.A_DISTANCE])
            code = rng.choice(bus_stops, size=n)
            workshop = (channel == ch[Channel.AUTRE_LIEU]) & (rng.random(n) < s.workshops)
        else:
            mine = np.array([place_pos[p] for p in s.mediator.place_ids], dtype=np.int64)
            is_open = (opening[mine][None, :] <= day[:, None]) & (closing[mine][None, :] >= day[:, None])
            keys = np.where(is_open, rng.random((n, len(mine))), -1.0)
            chosen = mine[np.argmax(keys, axis=1)]
            has_place = is_open.any(axis=1)
            probs = [0.9, 0.0, 0.0, 0.1] if s.kind == "aidant" else [0.86, 0.03, 0.03, 0.08]
            channel = rng.choice(len(Channel), size=n, p=probs)
            channel[~has_place & (channel == ch[Channel.LIEU_ACTIVITE])] = ch[Channel.AUTRE_LIEU]
            base = np.where(has_place, place_commune[chosen], actor_table.commune[actor])
            at_place = channel == ch[Channel.LIEU_ACTIVITE]
            place = np.where(at_place, chosen, -1)
            code = np.where(at_place, -1, base)
            workshop = at_place & (rng.random(n) < s.workshops)
        kind = np.where(workshop, _code(ActionType.ATELIER_COLLECTIF), _code(ActionType.ACCOMPAGNEMENT_INDIVIDUEL))
        participants = np.where(workshop, np.minimum(2 + rng.poisson(4.0, size=n), 12), 1)
        if s.kind == "aidant":
            duration = rng.choice([15, 20, 30, 45], size=n, p=[0.3, 0.3, 0.3, 0.1])
        elif s.kind == "domicile":
            duration = rng.choice([60, 90, 120], size=n, p=[0.5, 0.35, 0.15])
        else:
            duration = rng.choice([30, 45, 60, 90], size=n, p=[0.3, 0.3, 0.3, 0.1])
        duration = np.where(workshop, rng.choice([90, 120, 150, 180], size=n), duration)
        duration = np.where(rng.random(n) < 0.05, -1, duration)
        drawn = themes(rng, n, THEMES_DEMARCHES if s.kind == "aidant" else THEMES_MEDIATION)
        block.add(
            n,
            type=kind,
            day=day,
            actor=actor,
            mediator=med,
            place=place,
            code_insee=code,
            channel=channel,
            duration=duration,
            participants=participants,
            thematiques=drawn,
        )
    n_support = block.size

    participating: dict[int, list[int]] = {}
    trained: dict[int, list[str]] = {}

    # Coordination events, carried by the agglomeration.
    regulars = [actor_pos[a.id] for a in known.actors if a.id != "cda"]
    for when, subtype, count in COORDINATION_EVENTS:
        present = rng.choice(regulars, size=min(len(regulars), max(3, count // 3)), replace=False)
        row = block.add(
            1,
            type=_code(ActionType.COORDINATION),
            day=day_number(when),
            actor=actor_pos["cda"],
            mediator=staff_pos["MED-09"],
            code_insee=cidx[CENTRE],
            duration=120 if subtype is not SubType.ASSEMBLEE else 180,
            participants=count,
            subtype=_code(subtype),
        )
        participating[row] = sorted([actor_pos["cda"], *(int(p) for p in present)])

    # Training of professionals: trainees are mediators in post or other front-desk agents.
    externals = [f"PRO-{i:03d}" for i in range(1, 61)]
    front_desks = {ActorType.CCAS, ActorType.MUNI, ActorType.CAF, ActorType.CPAM, ActorType.LA_POSTE, ActorType.RFS}
    employers = [actor_pos[a.id] for a in known.actors if a.type in front_desks]
    for when, carrier, place_id, minutes, count, shared in _TRAININGS:
        d = day_number(when)
        in_post = [
            s
            for s in staff
            if day_number(s.mediator.start_date) <= d
            and (s.mediator.end_date is None or day_number(s.mediator.end_date) >= d)
            and (shared or s.mediator.actor_id == carrier)
        ]
        n_staff = min(len(in_post), count // 2 + int(rng.integers(0, 2)))
        chosen_staff = [in_post[int(i)] for i in rng.choice(len(in_post), size=n_staff, replace=False)]
        outside = [externals[int(i)] for i in rng.choice(len(externals), size=count - n_staff, replace=False)]
        firms = {actor_pos[carrier]} if not shared else {actor_pos[s.mediator.actor_id] for s in chosen_staff}
        if shared:
            firms.update(int(e) for e in rng.choice(employers, size=max(1, len(outside) // 2), replace=True))
        row = block.add(
            1,
            type=_code(ActionType.FORMATION_PROFESSIONNELS),
            day=d,
            actor=actor_pos[carrier],
            place=place_pos[place_id],
            duration=minutes,
        )
        participating[row] = sorted(firms)
        trained[row] = sorted(s.mediator.id for s in chosen_staff) + sorted(outside)

    # Solidarity equipment (refurbished devices) and connections at a social tariff.
    equipment_days = working[(working >= day_number(dt.date(2022, 2, 1)))]
    n_eq = 70
    eq_day = np.sort(rng.choice(equipment_days, size=n_eq, replace=False))
    eq_sub = rng.choice(
        [_code(SubType.RECONDITIONNE), _code(SubType.DON), _code(SubType.PRET)], size=n_eq, p=[0.7, 0.15, 0.15]
    )
    block.add(
        n_eq,
        type=_code(ActionType.EQUIPEMENT_SOLIDAIRE),
        day=eq_day,
        actor=actor_pos["asso-reemploi"],
        mediator=staff_pos["MED-16"],
        place=place_pos["lieu-reemploi"],
        quantity=rng.integers(2, 16, size=n_eq),
        subtype=eq_sub,
    )
    connection_days = working[(working >= day_number(dt.date(2022, 6, 1)))]
    for carrier, place_id, mediator, n_cx in (
        ("ccas-la-rochelle", "lieu-ccas-la-rochelle", "MED-25", 30),
        ("france-services-mireuil", "lieu-fs-mireuil", "MED-20", 18),
    ):
        block.add(
            n_cx,
            type=_code(ActionType.CONNEXION_SOLIDAIRE),
            day=np.sort(rng.choice(connection_days, size=n_cx, replace=False)),
            actor=actor_pos[carrier],
            mediator=staff_pos[mediator],
            place=place_pos[place_id],
            quantity=rng.integers(1, 7, size=n_cx),
        )

    # Order every action by day (stable: generation order within a day) and number them.
    day_all = block.column("day")
    order = np.argsort(day_all, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    n_actions = len(order)

    def col(name: str, dtype: Any) -> Any:
        return block.column(name)[order].astype(dtype)

    place_col, code_col = col("place", np.int32), col("code_insee", np.int32)
    persons: dict[str, int] = {}
    trained_rows: dict[int, list[int]] = {}
    for row in sorted(trained, key=lambda r: int(rank[r])):
        trained_rows[int(rank[row])] = [persons.setdefault(p, len(persons)) for p in trained[row]]
    action_table = ActionTable(
        ids=objects([f"ACT-{i:06d}" for i in range(1, n_actions + 1)]),
        type=col("type", np.int8),
        day=col("day", np.int32),
        actor=col("actor", np.int32),
        mediator=col("mediator", np.int32),
        place=place_col,
        code_insee=code_col,
        commune=action_commune(place_col, code_col, place_table.commune),
        channel=col("channel", np.int8),
        duration=col("duration", np.int32),
        participants=col("participants", np.int32),
        thematiques=Csr.concat(block.thematiques).take(order),
        quantity=col("quantity", np.int32),
        subtype=col("subtype", np.int8),
        participating=sparse(n_actions, {int(rank[r]): v for r, v in participating.items()}, np.int32),
        trained=sparse(n_actions, trained_rows, np.int32),
    )

    beneficiaries, participations = people(rng, action_table, rank[:n_support], communes, pop_weights)
    columns = Columns(
        communes=communes,
        actors=actor_table,
        places=place_table,
        mediators=small.mediators,
        actions=action_table,
        beneficiaries=beneficiaries,
        participations=participations,
        fundings=small.fundings,
        persons=objects(list(persons)),
    )
    return Dataset.from_columns(terr, columns)

import datetime as dt
import re
from collections import Counter
from typing import Any

import attrs
import numpy as np
import pytest

from afnor_ctin.columns import Columns, Csr, table_columns
from afnor_ctin.dataset import Dataset
from afnor_ctin.examples import la_rochelle
from afnor_ctin.model import (
    ActionType,
    ActorType,
    Channel,
    Funder,
    MediatorRole,
    Service,
    SubType,
    Territory,
)

SUPPORT = {ActionType.ACCOMPAGNEMENT_INDIVIDUEL, ActionType.ATELIER_COLLECTIF}


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return la_rochelle.generate()


def column_differences(a: Columns, b: Columns) -> list[str]:
    """Names of the columns that differ (values or dtype) between two column sets."""

    def same(x: Any, y: Any) -> bool:
        if isinstance(x, Csr):
            return isinstance(y, Csr) and same(x.indptr, y.indptr) and same(x.values, y.values)
        if x.dtype != y.dtype or x.shape != y.shape:
            return False
        return bool(np.array_equal(x, y, equal_nan=x.dtype.kind == "f"))

    out = []
    for table in attrs.fields(Columns):
        left, right = getattr(a, table.name), getattr(b, table.name)
        if isinstance(left, np.ndarray):
            if not same(left, right):
                out.append(table.name)
            continue
        rights = table_columns(right)
        out.extend(f"{table.name}.{name}" for name, x in table_columns(left).items() if not same(x, rights[name]))
    return out


# -- determinism ------------------------------------------------------------------------------------
def test_same_seed_gives_identical_columns(ds: Dataset) -> None:
    assert column_differences(ds.columns, la_rochelle.generate().columns) == []
    assert column_differences(la_rochelle.generate(seed=7).columns, la_rochelle.generate(seed=7).columns) == []


def test_another_seed_changes_the_activity_but_not_the_structure(ds: Dataset) -> None:
    other = la_rochelle.generate(seed=7)
    differences = column_differences(ds.columns, other.columns)
    assert "actions.day" in differences
    assert "beneficiaries.ids" in differences or "participations.beneficiary" in differences
    assert not [d for d in differences if d.split(".")[0] in {"actors", "places", "mediators", "fundings"}]
    assert other.territory == ds.territory


# -- consistency ------------------------------------------------------------------------------------
def test_records_materialise_and_rebuild_an_equal_dataset(ds: Dataset) -> None:
    records = {
        name: getattr(ds, name)
        for name in ("actors", "places", "mediators", "actions", "beneficiaries", "participations", "fundings")
    }
    assert {name: len(r) for name, r in records.items()} == {
        "actors": len(ds.columns.actors),
        "places": len(ds.columns.places),
        "mediators": len(ds.columns.mediators),
        "actions": len(ds.columns.actions),
        "beneficiaries": len(ds.columns.beneficiaries),
        "participations": len(ds.columns.participations),
        "fundings": len(ds.columns.fundings),
    }
    rebuilt = Dataset(ds.territory, **records)
    assert column_differences(ds.columns, rebuilt.columns) == []
    assert rebuilt.actions == ds.actions
    assert rebuilt.participations == ds.participations


def test_support_actions_respect_the_format_rules(ds: Dataset) -> None:
    a = ds.columns.actions
    support = np.isin(a.type, [0, 1])
    assert (a.participants[support] >= 1).all()
    assert (a.commune >= 0).all()
    # an action without a place has a commune of its own
    assert (a.code_insee[a.place < 0] >= 0).all()
    p = ds.columns.participations
    rows = np.bincount(p.action, minlength=len(a))
    assert (rows <= np.maximum(a.participants, 0)).all()
    assert support[p.action].all()
    pairs = p.action.astype(np.int64) * len(ds.columns.beneficiaries) + p.beneficiary
    assert len(np.unique(pairs)) == len(pairs)


def test_all_activity_lies_in_2021_2024(ds: Dataset) -> None:
    dates = {a.date for a in ds.actions}
    assert min(dates) >= dt.date(2021, 1, 1)
    assert max(dates) <= dt.date(2024, 12, 31)
    assert {d.year for d in dates} == {2021, 2022, 2023, 2024}


# -- territory --------------------------------------------------------------------------------------
def test_the_territory_is_the_real_ca_with_fictional_ifn_scores(ds: Dataset) -> None:
    real = Territory.from_epci("241700434")
    t = ds.territory
    assert t.code == "241700434"
    assert t.name == "CA de La Rochelle (données fictives)"
    assert t.centre == "17300"
    assert [(c.code_insee, c.name, c.population, c.population_year) for c in t.communes] == [
        (c.code_insee, c.name, c.population, c.population_year) for c in real.communes
    ]
    assert t.qpvs == real.qpvs
    assert {q.name for q in t.qpvs} == {"Mireuil", "Villeneuve-Les-Salines", "Port-Neuf"}
    scores = {c.code_insee: c.ifn_score for c in t.communes}
    assert all(s is not None and 0 <= s <= 10 for s in scores.values())
    small = [c.ifn_score for c in t.communes if c.population < 2_500 and c.ifn_score is not None]
    large = [c.ifn_score for c in t.communes if c.population > 5_000 and c.ifn_score is not None]
    assert min(small) > max(large)
    fragile = [c for c in t.communes if (c.ifn_score or 0) >= 7.0]
    assert 0 < len(fragile) < len(t.communes)


def test_fictional_ifn_score_grows_as_population_shrinks() -> None:
    scores = [la_rochelle.fictional_ifn_score(p) for p in (500, 1_000, 5_000, 50_000)]
    assert scores == sorted(scores, reverse=True)
    assert la_rochelle.fictional_ifn_score(5_000, has_qpv=True) > la_rochelle.fictional_ifn_score(5_000)
    assert 0 <= la_rochelle.fictional_ifn_score(1) <= 10


# -- the facts of the case study ---------------------------------------------------------------------
def test_eight_conseillers_numeriques_started_in_2021(ds: Dataset) -> None:
    cn = [m for m in ds.mediators if m.role is MediatorRole.CONSEILLER_NUMERIQUE]
    assert len(cn) == 8
    assert {m.start_date.year for m in cn} == {2021}


def test_the_state_funded_the_eight_posts_with_400000_euros_over_two_years(ds: Dataset) -> None:
    grants = [f for f in ds.fundings if f.funder is Funder.ETAT_CONSEILLER_NUMERIQUE and f.start_date.year == 2021]
    assert sum(f.amount_agreed for f in grants) == pytest.approx(400_000)
    for f in grants:
        two_years = f.start_date.replace(year=f.start_date.year + 2) - dt.timedelta(days=1)
        assert f.end_date == two_years
    named = [m for f in grants for m in f.mediator_ids]
    cn = {m.id for m in ds.mediators if m.role is MediatorRole.CONSEILLER_NUMERIQUE}
    assert sorted(named) == sorted(cn)


def test_coordination_gathered_about_200_participants_until_the_may_2023_roadmap(ds: Dataset) -> None:
    events = [a for a in ds.actions if a.type is ActionType.COORDINATION]
    assert 190 <= sum(a.participants or 0 for a in events) <= 210
    assert max(a.date for a in events).year == 2023
    assert any(a.date.year == 2023 and a.date.month == 5 for a in events)
    assert min(a.date for a in events) >= dt.date(2021, 2, 1)
    for a in events:
        assert a.subtype is not None
        assert len(a.participating_actor_ids) >= 2
        assert a.actor_id == "cda"


def test_the_offer_is_dense_in_la_rochelle_and_its_qpvs_and_thin_elsewhere(ds: Dataset) -> None:
    t = ds.territory
    population = {c.code_insee: c.population for c in t.communes}
    centre_pop = population["17300"]
    other_pop = t.population - centre_pop
    places_centre = sum(p.code_insee == "17300" for p in ds.places)
    places_other = sum(p.code_insee != "17300" for p in ds.places)
    assert places_centre / centre_pop > 1.5 * places_other / other_pop
    qpv_places = Counter(p.code_qpv for p in ds.places if p.code_qpv is not None)
    assert set(qpv_places) == {q.code for q in t.qpvs}
    assert sum(qpv_places.values()) >= 5
    reached = {p.code_insee for p in ds.places} | {c for p in ds.places for c in p.served_communes}
    without_place = [c for c in t.communes if c.code_insee not in reached]
    assert len(without_place) >= 5
    assert all(c.population < 5_000 for c in without_place)

    a = ds.columns.actions
    codes = ds.columns.communes.codes
    support = np.isin(a.type, [0, 1])
    seats = np.bincount(a.commune[support], weights=a.participants[support], minlength=len(codes))
    centre = int(np.flatnonzero(codes == "17300")[0])
    assert seats[centre] / centre_pop > 2 * (seats.sum() - seats[centre]) / other_pop

    qpv_place = np.array([q is not None for q in ds.columns.places.qpv])
    at_qpv = support & (a.place >= 0) & qpv_place[np.maximum(a.place, 0)]
    qpv_pop = sum(q.population or 0 for q in t.qpvs)
    assert a.participants[at_qpv].sum() / qpv_pop > seats[centre] / centre_pop


def test_solidarity_equipment_and_connections(ds: Dataset) -> None:
    equipment = [a for a in ds.actions if a.type is ActionType.EQUIPEMENT_SOLIDAIRE]
    connections = [a for a in ds.actions if a.type is ActionType.CONNEXION_SOLIDAIRE]
    assert equipment
    assert connections
    assert all((a.quantity or 0) > 0 for a in equipment + connections)
    assert {a.subtype for a in equipment} <= {SubType.RECONDITIONNE, SubType.NEUF, SubType.PRET, SubType.DON}
    assert any(Service.ACQUISITION_DE_MATERIEL_INFORMATIQUE_A_PRIX_SOLIDAIRE in p.services for p in ds.places)


def test_the_partners_of_the_case_study_are_actors(ds: Dataset) -> None:
    types = {a.type for a in ds.actors}
    assert {
        ActorType.EPCI,
        ActorType.CD,
        ActorType.CAF,
        ActorType.CPAM,
        ActorType.LA_POSTE,
        ActorType.CCAS,
        ActorType.ASSO,
        ActorType.CS,
        ActorType.BIB,
        ActorType.RFS,
        ActorType.MUNI,
    } <= types
    coordinator = ds.actor("cda")
    assert coordinator.type is ActorType.EPCI
    assert coordinator.governance_member
    home_visits = [a for a in ds.actions if a.channel is Channel.DOMICILE]
    assert {a.actor_id for a in home_visits} & {"asso-domicile"}


def test_training_of_professionals_becomes_shared(ds: Dataset) -> None:
    sessions = [a for a in ds.actions if a.type is ActionType.FORMATION_PROFESSIONNELS]
    assert sessions
    assert all(a.trained_person_ids for a in sessions)
    shared = [a for a in sessions if len(a.participating_actor_ids) >= 2]
    assert shared
    assert len(shared) < len(sessions)
    mediator_ids = {m.id for m in ds.mediators}
    assert any(set(a.trained_person_ids) & mediator_ids for a in sessions)


def test_other_funders(ds: Dataset) -> None:
    funders = {f.funder for f in ds.fundings}
    assert {Funder.EPCI, Funder.DEPARTEMENT, Funder.CAF, Funder.ETAT_FRANCE_NUMERIQUE_ENSEMBLE} <= funders
    fne = [f for f in ds.fundings if f.funder is Funder.ETAT_FRANCE_NUMERIQUE_ENSEMBLE]
    assert min(f.start_date for f in fne).year == 2023


# -- volumes ------------------------------------------------------------------------------------------
def test_volumes_are_realistic(ds: Dataset) -> None:
    a = ds.columns.actions
    support = np.isin(a.type, [0, 1])
    assert 30_000 <= support.sum() <= 50_000
    workshops = a.type == 1
    assert workshops.sum() > 1_000
    assert np.median(a.participants[workshops]) >= 4
    seats = a.participants[support].sum()
    identified = len(ds.columns.participations)
    assert 0.5 < identified / seats < 1
    assert len(ds.columns.beneficiaries) < identified  # people come back
    channels = Counter(int(c) for c in a.channel[support])
    for channel in (Channel.A_DISTANCE, Channel.DOMICILE, Channel.LIEU_ACTIVITE):
        assert channels[list(Channel).index(channel)] > 100
    assert (a.duration[support] > 0).mean() > 0.9
    assert (a.thematiques.lengths()[support] >= 1).all()


def test_beneficiaries_are_pseudonymous_and_described_by_categories(ds: Dataset) -> None:
    b = ds.columns.beneficiaries
    assert all(re.fullmatch(r"BEN-\d{6}", i) for i in b.ids)
    assert all(re.fullmatch(r"MED-\d{2}", i) for i in ds.columns.mediators.ids)
    assert (b.gender >= 0).mean() > 0.9
    assert (b.age_band >= 0).all()
    assert (b.status >= 0).all()
    assert (b.residence >= 0).all()
    inside = ds.columns.communes.in_territory[b.residence]
    assert 0.9 < inside.mean() < 1


# -- fixed facts as data ------------------------------------------------------------------------------
def test_fixed_facts_are_native_files_read_by_the_library(tmp_path: Any) -> None:
    from importlib import resources

    from afnor_ctin.io.native import read_dataset

    folder = resources.files("afnor_ctin.examples").joinpath("la-rochelle")
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["acteurs.csv", "financements.csv", "lieux.csv", "mediateurs.csv", "territoire.csv"]
    with resources.as_file(folder) as path:
        known, report = read_dataset(path)
    assert report.ok
    assert not report.warnings
    assert known.counts() == {
        "acteurs": 34,
        "lieux": 28,
        "mediateurs": 34,
        "actions": 0,
        "beneficiaires": 0,
        "participations": 0,
        "financements": 52,
    }
    assert la_rochelle.facts().actors == known.actors


def test_every_mediator_has_a_pace_and_every_pace_a_mediator() -> None:
    import csv
    from importlib import resources

    text = resources.files("afnor_ctin.examples").joinpath("la-rochelle-activite.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert [r["mediateur_id"] for r in rows] == [m.id for m in la_rochelle.facts().mediators]
    assert {r["activite"] for r in rows} == {"lieu", "bus", "domicile", "aidant", "coordination"}

import numpy as np
import pytest

import national
from afnor_ctin.columns import day_number
from afnor_ctin.dataset import Dataset
from afnor_ctin.io import reference
from afnor_ctin.model import ActionType, TerritoryLevel

SCALE = 0.001


@pytest.fixture(scope="module")
def territory():
    return national.national_territory(seed=5)


@pytest.fixture(scope="module")
def dataset(territory) -> Dataset:
    return national.generate(SCALE, seed=5, territory=territory)


def test_territory_has_every_reference_commune(territory) -> None:
    assert territory.level is TerritoryLevel.AUTRE
    assert territory.name == "France (synthétique)"
    ref = reference.communes()
    assert len(territory.communes) == len(ref)
    assert territory.population == sum(c.population for c in ref.values())
    assert all(c.ifn_score is not None and 0 <= c.ifn_score <= 10 for c in territory.communes)


def test_counts_follow_the_scale(dataset: Dataset) -> None:
    counts = dataset.counts()
    ref = national.REFERENCE_COUNTS
    for entity, key in (("acteurs", "actors"), ("lieux", "places"), ("mediateurs", "mediators")):
        assert counts[entity] == round(ref[key] * SCALE)
    assert counts["beneficiaires"] == round(ref["beneficiaries"] * SCALE)
    support = np.isin(dataset.columns.actions.type, [0, 1]).sum()
    assert support == round(ref["support_actions"] * SCALE)
    # Participation rows are drawn around the target; at tiny scales few beneficiaries live in each
    # commune, so more draws repeat a beneficiary within a workshop and are dropped.
    assert 0.75 * ref["participations"] * SCALE <= counts["participations"] <= 1.05 * ref["participations"] * SCALE


def test_seeded(territory) -> None:
    a = national.generate(SCALE, seed=9, territory=territory).columns.actions
    b = national.generate(SCALE, seed=9, territory=territory).columns.actions
    c = national.generate(SCALE, seed=10, territory=territory).columns.actions
    np.testing.assert_array_equal(a.commune, b.commune)
    assert not np.array_equal(a.commune, c.commune)


def test_activity_is_denser_in_populous_communes(dataset: Dataset) -> None:
    c = dataset.columns
    support = c.actions.type <= 1
    per_commune = np.bincount(c.actions.commune[support], minlength=len(c.communes))
    pop = c.communes.population
    big, small = pop >= 50_000, (pop > 0) & (pop < 2_000)
    rate_big = per_commune[big].sum() / pop[big].sum()
    rate_small = per_commune[small].sum() / pop[small].sum()
    assert rate_big > 1.5 * rate_small


def test_columns_are_consistent(dataset: Dataset) -> None:
    c = dataset.columns
    a = c.actions
    # Effective commune = the place's commune when there is a place.
    with_place = a.place >= 0
    np.testing.assert_array_equal(a.commune[with_place], c.places.commune[a.place[with_place]])
    assert (a.day >= day_number(national.dt.date(2024, 1, 1))).all()
    assert (a.day <= day_number(national.dt.date(2024, 12, 31))).all()
    # Participations: support actions only, unique pairs, never more rows than participants.
    p = c.participations
    assert np.isin(a.type[p.action], [0, 1]).all()
    pairs = p.action.astype(np.int64) * len(c.beneficiaries) + p.beneficiary
    assert len(np.unique(pairs)) == len(pairs)
    seats = np.maximum(a.participants, 1)
    assert (np.bincount(p.action, minlength=len(a)) <= seats).all()
    # Anonymous participants exist next to identified ones.
    assert seats[a.type <= 1].sum() > len(p)
    # Every other action type is present.
    types = set(np.unique(a.type).tolist())
    assert types == set(range(len(ActionType)))


def test_records_rebuilt_from_columns_are_valid(dataset: Dataset) -> None:
    # Rebuilding records runs every validator of the model on a sample.
    sub = Dataset(
        dataset.territory,
        actors=dataset.actors,
        places=dataset.places,
        mediators=dataset.mediators,
        fundings=dataset.fundings,
    )
    assert sub.counts()["lieux"] == len(dataset.columns.places)
    assert dataset.actions[0].id == "ACN0"
    assert dataset.action("ACN3").id == "ACN3"


def test_epci_territories(territory) -> None:
    epcis = national.epci_territories(territory)
    assert len(epcis) == len(reference.epcis())
    codes = [c.code_insee for t in epcis for c in t.communes]
    assert len(codes) == len(set(codes))
    ifn = {c.code_insee: c.ifn_score for c in territory.communes}
    assert all(c.ifn_score == ifn[c.code_insee] for t in epcis for c in t.communes)

import numpy as np
import pytest

import national
from afnor_ctin import reference
from afnor_ctin.columns import day_number
from afnor_ctin.dataset import Dataset
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


def test_parse_years() -> None:
    assert national.parse_years("2024") == (2024,)
    assert national.parse_years("2021-2025") == (2021, 2022, 2023, 2024, 2025)
    assert national.parse_years("2023, 2021") == (2021, 2023)


@pytest.fixture(scope="module")
def two_years(territory) -> Dataset:
    return national.generate(SCALE, seed=5, territory=territory, years=(2022, 2023))


def test_each_year_has_the_volumes_of_one_year(dataset: Dataset, two_years: Dataset) -> None:
    one, two = dataset.columns, two_years.columns
    assert len(two.actions) == 2 * len(one.actions)
    assert len(two.places) == len(one.places)
    n_b1 = round(national.REFERENCE_COUNTS["beneficiaries"] * SCALE)
    assert len(two.beneficiaries) == n_b1 + round(n_b1 * national.NEW_BENEFICIARIES_PER_YEAR)
    a = two.actions
    year_of = np.where(a.day >= day_number(national.dt.date(2023, 1, 1)), 1, 0)
    assert (a.day >= day_number(national.dt.date(2022, 1, 1))).all()
    assert (a.day <= day_number(national.dt.date(2023, 12, 31))).all()
    support = a.type <= 1
    per_year = np.bincount(year_of[support], minlength=2)
    assert (per_year == round(national.REFERENCE_COUNTS["support_actions"] * SCALE)).all()
    # Actions are laid out year after year; every type is present each year.
    assert (np.diff(year_of) >= 0).all()
    for y in (0, 1):
        assert set(np.unique(a.type[year_of == y]).tolist()) == set(range(len(ActionType)))


def test_beneficiaries_arrive_year_after_year(two_years: Dataset) -> None:
    c = two_years.columns
    p = c.participations
    n_b1 = round(national.REFERENCE_COUNTS["beneficiaries"] * SCALE)
    first_year = c.actions.day[p.action] < day_number(national.dt.date(2023, 1, 1))
    # Beneficiaries of the second cohort never take part in the first year's actions, but do in the second.
    assert (p.beneficiary[first_year] < n_b1).all()
    assert (p.beneficiary[~first_year] >= n_b1).sum() > 0
    assert np.isin(c.actions.type[p.action], [0, 1]).all()
    pairs = p.action.astype(np.int64) * len(c.beneficiaries) + p.beneficiary
    assert (np.diff(pairs) > 0).all()  # sorted and distinct
    for rows in (first_year, ~first_year):
        target = national.REFERENCE_COUNTS["participations"] * SCALE
        assert 0.75 * target <= rows.sum() <= 1.05 * target


def test_series_over_the_generated_years(two_years: Dataset) -> None:
    from afnor_ctin.evaluate import evaluate_series
    from afnor_ctin.period import Period

    series = evaluate_series(two_years, [Period.year(2022), Period.year(2023)])
    results = [{r.code: r for r in report.results} for report in series.reports]
    support = round(national.REFERENCE_COUNTS["support_actions"] * SCALE)
    assert [r["I04"].value for r in results] == [support, support]
    identified = [r["I05"].components["identifies"] for r in results]
    newcomers = [r["I05"].components["nouveaux"] for r in results]
    assert newcomers[0] == identified[0]  # the first year: every identified beneficiary is new
    assert 0 < newcomers[1] < identified[1]

"""Property: after statistical secrecy, the interval audit recovers no masked count exactly."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afnor_ctin import Period, evaluate
from afnor_ctin.catalog import catalog
from afnor_ctin.dataset import Dataset
from afnor_ctin.examples import load_example
from afnor_ctin.report.render import apply_secrecy
from afnor_ctin.results import Report
from afnor_ctin.secrecy import audit, build_system
from afnor_ctin.testing import datasets

_SMALL = datasets(max_actors=4, max_places=5, max_mediators=5, max_actions=25, max_beneficiaries=12, max_fundings=3)
#: The whole span of the generated dates (every action counted: larger counts, more complements), or part of it.
_PERIODS = st.sampled_from(("2019..2026", "2019..2026", "2022", "2024", "2024-T2"))
_THRESHOLDS = st.sampled_from((3, 5, 10, 11))
_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]


@settings(suppress_health_check=_SLOW)
@given(dataset=_SMALL, period=_PERIODS, threshold=_THRESHOLDS)
def test_no_masked_count_is_recovered(dataset: Dataset, period: str, threshold: int) -> None:
    report = evaluate(dataset, Period.parse(period))
    _check(report, threshold)


@pytest.fixture(scope="module")
def la_rochelle() -> Dataset:
    return load_example("la-rochelle")


@settings(max_examples=12, suppress_health_check=[*_SLOW, HealthCheck.function_scoped_fixture])
@given(month=st.integers(0, 35), quarter=st.booleans(), threshold=_THRESHOLDS)
def test_no_masked_count_is_recovered_in_the_la_rochelle_example(
    la_rochelle: Dataset, month: int, quarter: bool, threshold: int
) -> None:
    year, index = 2022 + month // 12, month % 12
    period = Period.quarter(year, index // 3 + 1) if quarter else Period.month(year, index + 1)
    _check(evaluate(la_rochelle, period), threshold)


def _check(report: Report, threshold: int) -> None:
    published, masking = apply_secrecy(report, threshold)
    result = audit(published)
    assert result.recovered == ()
    assert result.narrow == ()  # nor recovered as the only integer of its interval
    assert result.inconsistent == ()
    counts = build_system(report, catalog).counts()
    for path, interval in result.intervals.items():  # every interval holds the true count
        if path in counts:
            assert interval.low - 1e-6 <= counts[path] <= interval.high + 1e-6, path
    shown = build_system(published, catalog).counts()
    assert not [p for p, v in shown.items() if 0 < round(v, 6) < threshold]  # no small count published
    assert all(v > 0 for p, v in counts.items() if masking.masked(*p))  # zeros are never masked


@settings(max_examples=60, suppress_health_check=_SLOW)
@given(dataset=_SMALL, period=_PERIODS)
def test_the_catalogue_relations_hold_for_every_dataset(dataset: Dataset, period: str) -> None:
    system = build_system(evaluate(dataset, Period.parse(period)), catalog)
    counts = system.counts()
    assert [r.source for r in system.relations if not r.holds(counts)] == []

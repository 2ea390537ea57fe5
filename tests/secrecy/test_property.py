"""Property: after statistical secrecy, the interval audit recovers no masked count exactly."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afnor_ctin import Period, evaluate
from afnor_ctin.catalog import catalog
from afnor_ctin.dataset import Dataset
from afnor_ctin.report.render import apply_secrecy
from afnor_ctin.secrecy import audit, build_system
from afnor_ctin.testing import datasets

_SMALL = datasets(max_actors=4, max_places=5, max_mediators=5, max_actions=25, max_beneficiaries=12, max_fundings=3)


def _true_counts(dataset: Dataset, period: Period) -> dict[tuple[str, ...], float]:
    return build_system(evaluate(dataset, period), catalog).counts()


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(dataset=_SMALL, year=st.integers(2022, 2025), threshold=st.sampled_from((3, 5, 10, 11)))
def test_no_masked_count_is_recovered(dataset: Dataset, year: int, threshold: int) -> None:
    period = Period.year(year)
    report = evaluate(dataset, period)
    published, masking = apply_secrecy(report, threshold)
    result = audit(published)
    assert result.recovered == ()
    assert result.inconsistent == ()
    counts = build_system(report, catalog).counts()
    for path, interval in result.intervals.items():  # every interval holds the true count
        if path in counts:
            assert interval.low - 1e-6 <= counts[path] <= interval.high + 1e-6, path
    shown = build_system(published, catalog).counts()
    assert not [p for p, v in shown.items() if 0 < round(v, 6) < threshold]  # no small count published
    assert all(v > 0 for p, v in counts.items() if masking.masked(*p))  # zeros are never masked


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(dataset=_SMALL, year=st.integers(2022, 2025))
def test_the_catalogue_relations_hold_for_every_dataset(dataset: Dataset, year: int) -> None:
    system = build_system(evaluate(dataset, Period.year(year)), catalog)
    counts = system.counts()
    assert [r.source for r in system.relations if not r.holds(counts)] == []

"""The interval audit finds what a report reveals, and the planned suppressions leave nothing recovered."""

from __future__ import annotations

import attrs
import pytest

from afnor_ctin import Period, evaluate
from afnor_ctin.catalog import Identity, catalog
from afnor_ctin.errors import InvalidInputError, MissingExtraError
from afnor_ctin.report.render import apply_secrecy
from afnor_ctin.report.render.secrecy import Masking, hide
from afnor_ctin.results import Report
from afnor_ctin.secrecy import Path, audit, build_system
from afnor_ctin.testing import worked_example


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate(worked_example(), Period.year(2024))


def _published(report: Report, *paths: Path) -> Report:
    """``report`` with only ``paths`` masked (a suppression that ignores the relations)."""
    return hide(report, Masking(threshold=2, paths=frozenset(paths)))


def test_a_part_masked_alone_is_recovered_from_its_total(report: Report) -> None:
    anonymous = ("I05", "components", "anonymes")
    result = audit(_published(report, anonymous))
    assert result.recovered == (anonymous,)
    assert result.intervals[anonymous].low == pytest.approx(5)
    assert not result.safe


def test_the_parts_of_identified_people_recover_them(report: Report) -> None:
    # identifies and anonymes both masked: value = identifies + anonymes, but par_genre adds up to identifies
    paths = [("I05", "components", "identifies"), ("I05", "components", "anonymes")]
    assert set(audit(_published(report, *paths)).recovered) == set(paths)


def test_remote_accompaniments_bound_the_remote_actions(report: Report) -> None:
    # I04 par_canal: one remote action; I06 a_distance, one remote accompaniment, bounds it from above
    paths = [("I04", "components", "par_canal", "a_distance"), ("I04", "components", "par_canal", "autre_lieu")]
    result = audit(_published(report, *paths))
    assert result.intervals[paths[0]].high == pytest.approx(1)
    assert result.intervals[paths[0]].low == pytest.approx(0)
    assert result.safe


def test_the_central_commune_is_recovered_from_the_share_outside_it(report: Report) -> None:
    # Alpha's and Beta's accompaniments masked: their sum is known, and part_hors_centre gives Alpha's
    alpha, beta = ("I06", "by_commune", "99001"), ("I06", "by_commune", "99002")
    assert set(audit(_published(report, alpha, beta)).recovered) == {alpha, beta}
    hidden_share = audit(_published(report, alpha, beta, ("I06", "components", "part_hors_centre")))
    assert hidden_share.safe
    assert hidden_share.intervals[alpha].high == pytest.approx(8)  # 11 accompaniments − Gamma's 3 − 0 for Beta


def test_a_density_by_commune_reveals_the_places_of_another_indicator(report: Report) -> None:
    places, density = ("I01", "by_commune", "99002"), ("I02", "by_commune", "99002")
    assert audit(_published(report, places)).recovered == (places,)  # I02 publishes 3.33 places per 10,000
    assert audit(_published(report, density)).recovered == (density,)  # I01 publishes 1 place
    both = audit(_published(report, places, density))
    assert both.safe
    assert both.intervals[places].low == pytest.approx(0)
    assert both.intervals[places].high == pytest.approx(1)  # Alpha 2 + Gamma 0 + Beta ≤ 3 active places


@pytest.mark.parametrize("threshold", [2, 3, 5, 10, 11, 100])
def test_planned_secrecy_leaves_nothing_recovered(report: Report, threshold: int) -> None:
    published, masking = apply_secrecy(report, threshold)
    result = audit(published)
    assert result.safe
    assert result.inconsistent == ()
    assert set(result.intervals) >= {p for p in masking.paths if p in build_system(report, catalog).counts()}


def test_planned_secrecy_protects_the_cases_of_a_naive_suppression(report: Report) -> None:
    published, masking = apply_secrecy(report, 2)  # only the counts equal to 1 are primary
    assert masking.masked("I04", "components", "par_canal", "a_distance")
    assert published.results[3].components["par_canal"]["domicile"] == 0  # a zero is published
    i06 = published.results[5]
    assert i06.components["a_distance"] is None  # 1 accompaniment
    assert i06.by_commune is not None
    assert i06.by_commune["99002"] is None  # 1 accompaniment in Beta
    assert audit(published).safe


def test_inconsistent_published_values_are_reported(report: Report) -> None:
    i04 = report.results[3]
    wrong = attrs.evolve(i04, components={**i04.components, "ateliers": 7})  # 4 + 7 ≠ 6
    broken = attrs.evolve(report, results=(*report.results[:3], wrong, *report.results[4:]))
    result = audit(_published(broken, ("I04", "components", "individuels"), ("I04", "by_commune", "99001")))
    assert result.inconsistent
    assert any("individuels + ateliers = value" in source for source in result.inconsistent)


def test_identities_are_read_from_their_equation() -> None:
    identity = Identity(equation="part * I04.accompagnements = sum(by_commune) - by_commune[centre]", reason="x")
    assert [(t.sign, t.factor, t.ref) for t in identity.left] == [(1, "part", "I04.accompagnements")]
    assert [(t.sign, t.ref, t.total, t.key) for t in identity.right] == [
        (1, "by_commune", True, None),
        (-1, "by_commune", False, "centre"),
    ]
    assert not identity.inequality
    assert Identity(equation="by_commune[*] <= I01.by_commune[*]", reason="x").each_commune
    for bad in ("a + b", "a = ", "a = b = c", "a + * b = c", "a b = c"):
        with pytest.raises(InvalidInputError, match="identité"):
            Identity(equation=bad, reason="x")


def test_without_scipy_the_error_says_how_to_install_it(report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "scipy.optimize", None)
    with pytest.raises(MissingExtraError, match="pip install 'scipy"):
        apply_secrecy(report, 5)

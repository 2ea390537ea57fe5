"""The public strategies generate what they promise: valid, coherent, varied data."""

import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afnor_ctin import ActionType, Dataset, Period, Territory
from afnor_ctin.entities import ENTITIES
from afnor_ctin.integrity import check_columns, check_integrity
from afnor_ctin.model import SUPPORT_ACTION_TYPES
from afnor_ctin.testing import datasets, names, periods, territories
from afnor_ctin.testing.strategies import FIRST_DAY, LAST_DAY


@given(territories())
def test_territories_are_small_and_populated(territory: Territory) -> None:
    assert 1 <= len(territory.communes) <= 6
    assert all(c.population >= 0 for c in territory.communes)
    assert territory.population > 0
    assert all(c.ifn_score is None or 0 <= c.ifn_score <= 10 for c in territory.communes)


@given(periods())
def test_periods_lie_within_2019_2026(period: Period) -> None:
    assert dt.date(2019, 1, 1) <= period.start <= period.end <= dt.date(2026, 12, 31)


@given(names())
def test_names_are_valid_text(name: str) -> None:
    assert name == name.strip()
    assert name
    assert "\x00" not in name
    assert "\r" not in name
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in name)


@given(datasets())
def test_generated_datasets_follow_every_rule_as_records_and_as_columns(ds: Dataset) -> None:
    records = {e.attribute: getattr(ds, e.attribute) for e in ENTITIES}
    assert check_integrity(**records).rejections == ()
    kept, rejections = check_columns(ds.columns)
    assert rejections == ()
    assert {e.name: len(getattr(kept, e.attribute)) for e in ENTITIES} == ds.counts()


@given(datasets())
def test_generated_datasets_respect_the_format_rules(ds: Dataset) -> None:
    support = {a.id: a for a in ds.actions if a.type in SUPPORT_ACTION_TYPES}
    rows: dict[str, int] = {}
    for p in ds.participations:
        assert p.action_id in support
        rows[p.action_id] = rows.get(p.action_id, 0) + 1
    for action_id, n in rows.items():
        assert n <= (support[action_id].participants or 1)
    for f in ds.fundings:
        assert f.amount_paid is None or f.amount_paid <= f.amount_agreed
    for m in ds.mediators:
        assert m.fte is None or 0 < m.fte <= 1
    days = [a.date for a in ds.actions] + [m.start_date for m in ds.mediators] + [f.end_date for f in ds.fundings]
    assert all(FIRST_DAY <= d <= LAST_DAY for d in days)
    for a in ds.actions:
        if a.type in SUPPORT_ACTION_TYPES:
            assert a.participants is None or a.participants >= 1
        if a.type is not ActionType.FORMATION_PROFESSIONNELS:
            assert a.trained_person_ids == ()


@given(st.data())
def test_datasets_accept_a_fixed_territory(data: st.DataObject) -> None:
    territory = Territory.from_epci("241700434")
    ds = data.draw(datasets(territory=territory, max_actions=5))
    assert ds.territory is territory
    assert len(ds.actions) <= 5


def test_datasets_cover_every_case_of_the_format() -> None:
    """Over a few hundred examples every promised feature shows up at least once."""
    seen: set[str] = set()

    @settings(max_examples=100, deadline=None, database=None)
    @given(datasets())
    def collect(ds: Dataset) -> None:
        inside = {c.code_insee for c in ds.territory.communes}
        seen.update(a.type.value for a in ds.actions)
        if any(a.governance_member for a in ds.actors):
            seen.add("gouvernance")
        if any(a.code_insee is None for a in ds.actors):
            seen.add("acteur_sans_commune")
        if any(p.itinerant and p.served_communes for p in ds.places):
            seen.add("itinerant")
        if any(p.closing_date is not None for p in ds.places):
            seen.add("ferme")
        if any(p.opening_date is None for p in ds.places):
            seen.add("sans_date")
        if any(a.code_insee is not None and a.code_insee not in inside for a in ds.actions):
            seen.add("hors_territoire")
        if any(a.place_id is not None for a in ds.actions):
            seen.add("avec_lieu")
        if ds.participations:
            seen.add("participations")
        if any(f.mediator_ids for f in ds.fundings):
            seen.add("financement_postes")
        if any(n[:1] in "=+-@" for n in [a.name for a in ds.actors] + [p.name for p in ds.places]):
            seen.add("formule")

    collect()
    expected = {t.value for t in ActionType} | {
        "gouvernance",
        "acteur_sans_commune",
        "itinerant",
        "ferme",
        "sans_date",
        "hors_territoire",
        "avec_lieu",
        "participations",
        "financement_postes",
        "formule",
    }
    assert expected <= seen, expected - seen


def test_known_datasets_do_not_need_hypothesis() -> None:
    """``afnor_ctin.testing`` imports the strategies (and Hypothesis) only on first use."""
    code = (
        "import sys, afnor_ctin.testing as t; t.worked_example(); before = 'hypothesis' in sys.modules; "
        "t.datasets; print(before, 'hypothesis' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True"]


def test_unknown_name_of_the_testing_package() -> None:
    import afnor_ctin.testing

    with pytest.raises(AttributeError, match="nope"):
        afnor_ctin.testing.nope  # noqa: B018

"""Columnar tables: Csr operations, day numbers, enum codes and consistency with the records."""

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from afnor_ctin import ActionType, Channel, Dataset
from afnor_ctin.columns import DAY_MAX, DAY_MIN, Csr, day_number, enum_code, from_day_number
from afnor_ctin.dataset import ACTION_TYPES, CERTIFICATIONS, SERVICES, THEMATIQUES
from afnor_ctin.testing import datasets, worked_example

rows_strategy = st.lists(st.lists(st.integers(-5, 50), max_size=5), max_size=12)


def test_csr_from_lists_row_lengths_and_row_index() -> None:
    csr = Csr.from_lists([[1, 2], [], [3], [4, 5, 6]], np.int32)
    assert len(csr) == 4
    assert csr.indptr.tolist() == [0, 2, 2, 3, 6]
    assert csr.row(0).tolist() == [1, 2]
    assert csr.row(1).tolist() == []
    assert csr.lengths().tolist() == [2, 0, 1, 3]
    assert csr.row_index().tolist() == [0, 0, 2, 3, 3, 3]
    assert csr.values.dtype == np.int32


def test_csr_take_examples() -> None:
    csr = Csr.from_lists([[1, 2], [], [3], [4, 5, 6]], np.int32)
    taken = csr.take(np.array([3, 0, 3, 1]))
    assert [taken.row(i).tolist() for i in range(len(taken))] == [[4, 5, 6], [1, 2], [4, 5, 6], []]
    assert len(csr.take(np.array([], dtype=np.int64))) == 0
    only_empty = csr.take(np.array([1, 1]))
    assert only_empty.indptr.tolist() == [0, 0, 0]
    assert only_empty.values.dtype == np.int32


def test_csr_empty() -> None:
    csr = Csr.empty(3)
    assert len(csr) == 3
    assert [csr.row(i).tolist() for i in range(3)] == [[], [], []]
    assert csr.row_index().tolist() == []
    assert len(Csr.empty(0)) == 0


@given(rows_strategy, st.data())
def test_csr_take_selects_rows_in_order(rows: list[list[int]], data: st.DataObject) -> None:
    csr = Csr.from_lists(rows, np.int64)
    picks = data.draw(st.lists(st.integers(0, len(rows) - 1), max_size=15)) if rows else []
    taken = csr.take(np.array(picks, dtype=np.int64))
    assert len(taken) == len(picks)
    assert [taken.row(i).tolist() for i in range(len(taken))] == [rows[p] for p in picks]


@given(rows_strategy)
def test_csr_round_trip_and_row_index(rows: list[list[int]]) -> None:
    csr = Csr.from_lists(rows, np.int64)
    assert [csr.row(i).tolist() for i in range(len(csr))] == rows
    assert csr.row_index().tolist() == [i for i, r in enumerate(rows) for _ in r]
    assert csr.lengths().tolist() == [len(r) for r in rows]


@given(st.dates())
def test_day_numbers_round_trip(day: dt.date) -> None:
    assert from_day_number(day_number(day)) == day
    assert day_number(day) == (day - dt.date(1970, 1, 1)).days


def test_day_number_examples_and_sentinels() -> None:
    assert day_number(dt.date(1970, 1, 1)) == 0
    assert day_number(dt.date(2024, 1, 1)) == 19723
    assert day_number(dt.date(1, 1, 1)) > DAY_MIN
    assert day_number(dt.date(9999, 12, 31)) < DAY_MAX


def test_enum_code() -> None:
    assert enum_code(None, ACTION_TYPES) == -1
    assert enum_code(ActionType.COORDINATION, ACTION_TYPES) == 5
    assert enum_code(Channel.A_DISTANCE, list(Channel)) == 3


def test_worked_example_columns() -> None:
    c = worked_example().columns
    assert c.communes.codes.tolist() == ["99001", "99002", "99003"]
    assert c.communes.in_territory.tolist() == [True, True, True]
    assert c.communes.population.tolist() == [10_000, 3_000, 2_000]
    assert c.communes.ifn.tolist() == [4.0, 7.5, 8.0]


@given(datasets())
def test_columns_agree_with_the_records(ds: Dataset) -> None:
    c = ds.columns
    codes = c.communes.codes.tolist()
    assert codes == sorted(set(codes))
    members = {m.code_insee: m for m in ds.territory.communes}
    assert set(members) <= set(codes)
    for i, code in enumerate(codes):
        assert bool(c.communes.in_territory[i]) == (code in members)
        assert c.communes.population[i] == (members[code].population if code in members else 0)
    place_commune = {p.id: p.code_insee for p in ds.places}
    for i, a in enumerate(ds.actions):
        assert c.actions.ids[i] == a.id
        assert ACTION_TYPES[c.actions.type[i]] is a.type
        assert from_day_number(c.actions.day[i]) == a.date
        effective = place_commune[a.place_id] if a.place_id is not None else a.code_insee
        assert codes[c.actions.commune[i]] == effective
        assert [THEMATIQUES[k] for k in c.actions.thematiques.row(i)] == list(a.thematiques)
        assert c.actions.participants[i] == (-1 if a.participants is None else a.participants)
        assert [c.actors.ids[k] for k in c.actions.participating.row(i)] == list(a.participating_actor_ids)
        assert [c.persons[k] for k in c.actions.trained.row(i)] == list(a.trained_person_ids)
    for i, p in enumerate(ds.places):
        assert [SERVICES[k] for k in range(len(SERVICES)) if c.places.services[i] >> k & 1] == list(p.services)
        assert c.places.closing[i] == (DAY_MAX if p.closing_date is None else day_number(p.closing_date))
        assert c.places.opening[i] == (DAY_MIN if p.opening_date is None else day_number(p.opening_date))
    for i, m in enumerate(ds.mediators):
        assert [CERTIFICATIONS[k] for k in range(len(CERTIFICATIONS)) if c.mediators.certifications[i] >> k & 1] == (
            list(m.certifications)
        )
        assert np.isnan(c.mediators.fte[i]) == (m.fte is None)
    for i, p in enumerate(ds.participations):
        assert c.actions.ids[c.participations.action[i]] == p.action_id
        assert c.beneficiaries.ids[c.participations.beneficiary[i]] == p.beneficiary_id
    assert len(set(c.persons.tolist())) == len(c.persons)


@pytest.mark.parametrize("table", ["actors", "places", "mediators", "actions", "beneficiaries", "fundings"])
def test_table_lengths(table: str) -> None:
    ds = worked_example()
    assert len(getattr(ds.columns, table)) == len(getattr(ds, table))

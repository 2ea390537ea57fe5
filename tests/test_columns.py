"""Columnar tables: Csr operations, day numbers, enum codes and consistency with the records."""

import datetime as dt

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from afnor_ctin import ActionType, Certification, Channel, Dataset, Service, Territory, TerritoryLevel, Thematique
from afnor_ctin.columns import (
    DAY_MAX,
    DAY_MIN,
    ID_DTYPE,
    ActionTable,
    CommuneTable,
    Csr,
    DeferredIds,
    codes,
    commune_table,
    day_number,
    from_day_number,
    objects,
    table_columns,
    with_communes,
)
from afnor_ctin.model import Commune
from afnor_ctin.testing import datasets, worked_example

ACTION_TYPES = codes.members(ActionType)
SERVICES = codes.members(Service)
CERTIFICATIONS = codes.members(Certification)
THEMATIQUES = codes.members(Thematique)

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


def test_enum_codes_are_positions_in_definition_order() -> None:
    assert codes.of(ActionType.COORDINATION) == 5
    assert codes.of(Channel.A_DISTANCE) == 3
    assert codes.members(Channel) == tuple(Channel)
    assert codes.lookup(Channel)[None] == -1
    assert codes.lookup(Channel)[Channel.DOMICILE] == 2
    for kind in (ActionType, Channel, Service, Thematique):
        assert [codes.of(m) for m in kind] == list(range(len(kind)))


def test_bit_masks_round_trip() -> None:
    chosen = (Service.LOISIRS_ET_CREATIONS_NUMERIQUES, Service.AIDE_AUX_DEMARCHES_ADMINISTRATIVES)
    mask = codes.mask(chosen)
    assert mask == codes.bit(chosen[0]) | codes.bit(chosen[1]) == (1 << 5) | 1
    assert codes.unmask(Service, mask) == (Service.AIDE_AUX_DEMARCHES_ADMINISTRATIVES, chosen[0])
    selects = codes.selects(Channel, {Channel.DOMICILE})
    assert selects.tolist() == [False, False, True, False]


def test_objects_keeps_values_as_they_are() -> None:
    array = objects([("a", "b"), None, "x"])
    assert array.dtype == object
    assert array.shape == (3,)
    assert array[0] == ("a", "b")


def test_commune_table_puts_members_and_outside_codes_in_order() -> None:
    members = [
        Commune(code_insee="99002", name="B", population=20, ifn_score=3.5),
        Commune(code_insee="99001", name="A", population=10),
    ]
    table = commune_table(members, ["99900", "99001"])
    assert table.codes.tolist() == ["99001", "99002", "99900"]
    assert table.in_territory.tolist() == [True, True, False]
    assert table.population.tolist() == [10, 20, 0]
    assert np.isnan(table.ifn[[0, 2]]).all()
    assert table.ifn[1] == 3.5


def test_with_communes_moves_every_commune_position() -> None:
    ds = worked_example()
    bigger = commune_table(ds.territory.communes, ["00001", "99999"])
    moved = with_communes(ds.columns, bigger)
    old, new = ds.columns, moved
    for table, field in (("actors", "commune"), ("places", "commune"), ("actions", "commune")):
        before = [old.communes.codes[i] if i >= 0 else None for i in getattr(getattr(old, table), field)]
        after = [new.communes.codes[i] if i >= 0 else None for i in getattr(getattr(new, table), field)]
        assert before == after
        positions = zip(getattr(getattr(old, table), field), getattr(getattr(new, table), field), strict=True)
        assert any(i != j for i, j in positions)
    assert with_communes(ds.columns, ds.columns.communes).communes is ds.columns.communes


def _flipped(positions: np.ndarray) -> np.ndarray:
    """Commune positions in a vocabulary of three codes in reverse order (``-1`` stays)."""
    return np.where(positions >= 0, 2 - positions, -1).astype(np.int32)


def test_from_columns_derives_the_commune_table_from_the_territory() -> None:
    ds = worked_example()
    c = ds.columns
    reversed_codes = CommuneTable(codes=objects(list(reversed(c.communes.codes.tolist()))))
    given = attrs.evolve(
        c,
        communes=reversed_codes,
        actors=attrs.evolve(c.actors, commune=_flipped(c.actors.commune)),
        places=attrs.evolve(
            c.places,
            commune=_flipped(c.places.commune),
            served=Csr(c.places.served.indptr, _flipped(c.places.served.values)),
        ),
        actions=attrs.evolve(c.actions, code_insee=_flipped(c.actions.code_insee), commune=np.zeros(0, dtype=np.int32)),
        beneficiaries=attrs.evolve(c.beneficiaries, residence=_flipped(c.beneficiaries.residence)),
    )
    rebuilt = Dataset.from_columns(ds.territory, given)
    assert rebuilt.columns.communes.codes.tolist() == c.communes.codes.tolist()
    assert rebuilt.columns.communes.population.tolist() == c.communes.population.tolist()
    assert rebuilt.columns.actions.commune.tolist() == c.actions.commune.tolist()
    assert rebuilt.actions == ds.actions
    assert rebuilt.places == ds.places


def test_from_columns_adds_the_communes_of_the_territory() -> None:
    territory = Territory(
        code="T",
        name="T",
        level=TerritoryLevel.AUTRE,
        communes=[
            Commune(code_insee="99001", name="A", population=5),
            Commune(code_insee="99002", name="B", population=7),
        ],
    )
    empty = Dataset(territory).columns
    partial = attrs.evolve(empty, communes=CommuneTable(codes=objects(["99002"])))
    rebuilt = Dataset.from_columns(territory, partial)
    assert rebuilt.columns.communes.codes.tolist() == ["99001", "99002"]
    assert rebuilt.columns.communes.population.tolist() == [5, 7]


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


def test_deferred_ids_convert_once_across_threads_and_pickle_as_arrays() -> None:
    import pickle
    import threading
    from concurrent.futures import ThreadPoolExecutor

    calls: list[int] = []
    started = threading.Event()

    def convert() -> np.ndarray:
        calls.append(1)
        started.wait(1)  # let the other threads ask for the ids meanwhile
        return np.array(["a", "bb", "é"], dtype=object)

    deferred = DeferredIds(3, convert)
    assert len(deferred) == 3
    assert not deferred.converted
    assert calls == []
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(deferred.array) for _ in range(4)]
        started.set()
        arrays = [f.result() for f in futures]
    assert calls == [1]
    assert all(a is arrays[0] for a in arrays)
    assert arrays[0].dtype == ID_DTYPE
    assert not arrays[0].flags.writeable
    assert list(pickle.loads(pickle.dumps(deferred))) == ["a", "bb", "é"]


def test_deferred_ids_of_the_wrong_length_are_refused() -> None:
    deferred = DeferredIds(2, lambda: np.array(["a"], dtype=object))
    with pytest.raises(ValueError, match="1 identifiants convertis au lieu de 2"):
        deferred.array()


def test_a_table_takes_deferred_ids_and_gives_them_converted() -> None:
    table = worked_example().columns.actions
    columns = table_columns(table)
    deferred = DeferredIds(len(table), lambda: np.asarray(columns["ids"]))
    lazy = ActionTable(**{**columns, "ids": deferred})
    assert len(lazy) == len(table)
    assert not deferred.converted
    assert table_columns(lazy, deferred=True)["ids"] is deferred
    assert list(lazy.ids) == list(table.ids)
    assert deferred.converted
    assert set(table_columns(lazy)) == set(columns)
    assert "ids" in columns

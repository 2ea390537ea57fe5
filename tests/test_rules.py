"""The rules of the data, one function each: whole columns, blocks and single records give the same answers."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from afnor_ctin import Action, ActionType, InvalidInputError
from afnor_ctin.rules import (
    ABSENT,
    COMMUNE_REQUIRED,
    PARTICIPANTS_REQUIRED,
    UNRESOLVED,
    Participations,
    Screen,
    action_commune,
    column_subject,
    field_subject,
    lacks_commune,
    lacks_participants,
    participation_limits,
    repeated,
    rows_with,
    seats,
)


def sequential_limits(rows: list[tuple[int, int]], cap: list[int]) -> tuple[list[bool], list[bool]]:
    """The participation limits taken one row at a time, as a reader of one row after another would."""
    kept: set[tuple[int, int]] = set()
    used = [0] * len(cap)
    repeat, excess = [], []
    for action, beneficiary in rows:
        r = (action, beneficiary) in kept
        e = not r and used[action] >= cap[action]
        repeat.append(r)
        excess.append(e)
        if not r and not e:
            kept.add((action, beneficiary))
            used[action] += 1
    return repeat, excess


participation_rows = st.integers(1, 4).flatmap(
    lambda n_actions: st.tuples(
        st.lists(st.tuples(st.integers(0, n_actions - 1), st.integers(0, 3)), max_size=30),
        st.lists(st.integers(1, 3), min_size=n_actions, max_size=n_actions),
        st.integers(1, 8),
    )
)


@given(participation_rows)
def test_participation_limits_by_blocks_equal_one_row_at_a_time(
    case: tuple[list[tuple[int, int]], list[int], int],
) -> None:
    rows, cap, block = case
    expected = sequential_limits(rows, cap)
    state = Participations.start(len(cap), 4)
    repeat: list[bool] = []
    excess: list[bool] = []
    for start in range(0, len(rows), block):
        part = rows[start : start + block]
        action = np.array([a for a, _ in part], dtype=np.int64)
        beneficiary = np.array([b for _, b in part], dtype=np.int64)
        r, e = participation_limits(action, beneficiary, np.array(cap), np.ones(len(part), dtype=bool), state)
        repeat += r.tolist()
        excess += e.tolist()
    assert (repeat, excess) == expected
    assert state.used.tolist() == [min(c, len({b for a, b in rows if a == i})) for i, c in enumerate(cap)]


def test_participation_limits_ignore_rows_already_rejected() -> None:
    state = Participations.start(1, 3)
    alive = np.array([False, True, True])
    repeat, excess = participation_limits(np.zeros(3), np.array([0, 1, 2]), np.array([1]), alive, state)
    assert repeat.tolist() == [False, False, False]
    assert excess.tolist() == [False, False, True]


@given(st.lists(st.sampled_from("abcde"), max_size=20), st.data())
def test_repeated_keys(keys: list[str], data: st.DataObject) -> None:
    alive = np.array(data.draw(st.lists(st.booleans(), min_size=len(keys), max_size=len(keys))), dtype=bool)
    seen = {"e"}
    found = repeated(keys, alive, seen)
    expected, known = [], {"e"}
    for key, live in zip(keys, alive.tolist(), strict=True):
        expected.append(live and key in known)
        if live:
            known.add(key)
    assert found.tolist() == expected
    assert seen == known


def test_invariants_on_columns_and_on_scalars() -> None:
    assert lacks_commune(np.array([True, False, False]), np.array([False, True, False])).tolist() == [
        False,
        False,
        True,
    ]
    assert bool(lacks_commune(False, False))
    assert not lacks_commune(True, False)
    participants = np.array([ABSENT, 0, 1, 0])
    assert lacks_participants(np.array([True, True, True, False]), participants).tolist() == [False, True, False, False]
    assert seats(participants).tolist() == [1, 1, 1, 1]
    assert seats([5, ABSENT]).tolist() == [5, 1]


def test_record_validators_use_the_same_rules_and_messages() -> None:
    with pytest.raises(InvalidInputError) as caught:
        Action(id="A", type=ActionType.COORDINATION, date=dt.date(2024, 1, 1), actor_id="X")
    assert str(caught.value) == COMMUNE_REQUIRED.message(subject=field_subject("code_insee"), value="")
    with pytest.raises(InvalidInputError) as caught:
        Action(
            id="A",
            type=ActionType.ATELIER_COLLECTIF,
            date=dt.date(2024, 1, 1),
            actor_id="X",
            code_insee="17300",
            participants=0,
        )
    assert str(caught.value) == PARTICIPANTS_REQUIRED.message(subject=field_subject("participants"), value=0)


def test_commune_of_an_action() -> None:
    place_commune = np.array([7, 8])
    found = action_commune(np.array([1, ABSENT, 0]), np.array([ABSENT, 3, 4]), place_commune)
    assert found.tolist() == [8, 3, 7]
    assert action_commune(np.array([ABSENT]), np.array([2]), np.zeros(0, dtype=np.int32)).tolist() == [2]


def test_rows_with_a_value_of_a_multi_valued_column() -> None:
    indptr, values = np.array([0, 2, 2, 3, 5]), np.array([1, UNRESOLVED, 4, 5, UNRESOLVED])
    assert rows_with(indptr, values, UNRESOLVED).tolist() == [True, False, False, True]


def test_screen_rejects_each_row_once_with_the_first_rule_it_breaks() -> None:
    screen = Screen("actions", 3)
    screen.check_action(
        np.array([False, False, True]), np.array([False, True, True]), np.array([True, True, True]), np.array([0, 0, 2])
    )
    screen.check_ids(["A", "B", "A"])
    assert [(r.index, r.column, r.code.value) for r in screen.sorted_rejections()] == [
        (0, "code_insee", "valeur_invalide"),
        (1, "participants", "valeur_invalide"),
    ]
    assert screen.kept.tolist() == [False, False, True]
    assert screen.rejections[0].message == COMMUNE_REQUIRED.message(subject=column_subject("code_insee"), value="")

"""The record path and the columnar path apply the same rules: same records kept, same issues, both directions.

Direction 1: random records, some breaking the rules (repeated ids, participations out of bounds),
go through :func:`check_integrity` / :class:`Dataset` and, encoded as columns, through
:func:`check_columns` / :meth:`Dataset.from_columns`.

Direction 2: random columns, some rows breaking the rules (actions without a commune, support
actions without participants, repeated ids, participations out of bounds), go through
:func:`check_columns` / :meth:`Dataset.from_columns` and, decoded row by row into records, through
the record validators and :func:`check_integrity` / :class:`Dataset`.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from afnor_ctin import ActionType, Dataset, InvalidInputError, Participation
from afnor_ctin.cascade import Cause, Rejected, record_place
from afnor_ctin.columnar import record, records, to_columns
from afnor_ctin.columns import Columns, Csr, codes, table_columns
from afnor_ctin.dataset import check_integrity, derive
from afnor_ctin.entities import ENTITIES, ENTITY
from afnor_ctin.errors import DataError, IssueCode
from afnor_ctin.integrity import check_columns
from afnor_ctin.rules import FIELD_SUBJECT, Rejection, column_subject
from afnor_ctin.testing import datasets

ORDER = {e.name: n for n, e in enumerate(ENTITIES)}
SUPPORT = (ActionType.ACCOMPAGNEMENT_INDIVIDUEL, ActionType.ATELIER_COLLECTIF)


def _collections(ds: Dataset) -> dict[str, list[Any]]:
    return {e.attribute: list(getattr(ds, e.attribute)) for e in ENTITIES}


def _same_issues(records_path: Any, columns_path: Any) -> None:
    """Both build a dataset, or both raise DataError with the same issues."""
    expected: tuple[Any, ...] = ()
    try:
        left = records_path()
    except DataError as exc:
        expected = exc.issues
    if expected:
        with pytest.raises(DataError) as caught:
            columns_path()
        assert caught.value.issues == expected
        return
    right = columns_path()
    for e in ENTITIES:
        assert getattr(right, e.attribute) == getattr(left, e.attribute)


# ------------------------------------------------------------------------------------------------
# Direction 1: records first
# ------------------------------------------------------------------------------------------------
@st.composite
def broken_records(draw: st.DrawFn) -> tuple[Dataset, dict[str, list[Any]]]:
    """A valid dataset's records with rule-breaking records inserted at random places."""
    ds = draw(datasets())
    collections = _collections(ds)
    for e in ENTITIES:
        rows = collections[e.attribute]
        if e.id_column is None or len(rows) < 1:
            continue
        for _ in range(draw(st.integers(0, 2))):
            # A record of the entity given the id of another one: same id, other content.
            copy = attrs.evolve(draw(st.sampled_from(rows)), id=draw(st.sampled_from(rows)).id)
            rows.insert(draw(st.integers(0, len(rows))), copy)
    participations = collections["participations"]
    for _ in range(draw(st.integers(0, 2)) if participations else 0):  # a participation given twice
        participations.insert(draw(st.integers(0, len(participations))), draw(st.sampled_from(participations)))
    if ds.actions and ds.beneficiaries:
        for _ in range(draw(st.integers(0, 6))):
            action, beneficiary = draw(st.sampled_from(ds.actions)), draw(st.sampled_from(ds.beneficiaries))
            extra = Participation(action_id=action.id, beneficiary_id=beneficiary.id)
            for _ in range(draw(st.integers(1, 2))):  # twice: a participation given twice (rarely drawn above)
                participations.insert(draw(st.integers(0, len(participations))), extra)
    return ds, collections


@given(broken_records())
def test_records_and_their_columns_keep_the_same_rows_and_report_the_same_issues(
    case: tuple[Dataset, dict[str, list[Any]]],
) -> None:
    ds, collections = case
    result = check_integrity(**collections)
    kept_columns, rejections = check_columns(derive(ds.territory, to_columns(ds.territory, collections)))
    assert rejections == result.rejections
    for e in ENTITIES:
        assert records(kept_columns, e.attribute) == getattr(result, e.attribute), e.name
    _same_issues(
        lambda: Dataset(ds.territory, **collections),
        lambda: Dataset.from_columns(ds.territory, to_columns(ds.territory, collections)),
    )


def test_the_records_strategy_breaks_rules_often() -> None:
    """Direction 1 compares issues, not only clean datasets: most codes of the rules show up."""
    seen: set[IssueCode] = set()

    @settings(max_examples=100, deadline=None, derandomize=True, database=None)
    @given(broken_records())
    def collect(case: tuple[Dataset, dict[str, list[Any]]]) -> None:
        seen.update(r.code for r in check_integrity(**case[1]).rejections)

    collect()
    assert {
        IssueCode.IDENTIFIANT_EN_DOUBLE,
        IssueCode.PARTICIPATION_EN_DOUBLE,
        IssueCode.PARTICIPATIONS_EN_EXCES,
        IssueCode.PARTICIPATION_HORS_ACCOMPAGNEMENT,
    } <= seen


# ------------------------------------------------------------------------------------------------
# Direction 2: columns first
# ------------------------------------------------------------------------------------------------
def _append(table: Any, rows: list[int]) -> Any:
    """The table with copies of ``rows`` appended at its end."""
    picked = np.asarray(rows, dtype=np.intp)
    fields = {}
    for name, column in table_columns(table).items():
        if isinstance(column, Csr):
            more = column.take(picked)
            fields[name] = Csr(
                np.concatenate([column.indptr, column.indptr[-1] + more.indptr[1:]]),
                np.concatenate([column.values, more.values]).astype(column.values.dtype),
            )
        elif len(column) == len(table):
            fields[name] = np.concatenate([column, column[picked]]).astype(column.dtype)
        else:
            fields[name] = column
    return type(table)(**fields)


@st.composite
def broken_columns(draw: st.DrawFn) -> tuple[Dataset, Columns]:
    """A valid dataset's columns with rule-breaking rows: copies at the end, actions made invalid, participations."""
    ds = draw(datasets())
    columns = ds.columns
    tables: dict[str, Any] = {}
    for e in ENTITIES:
        table = getattr(columns, e.attribute)
        if e.id_column is not None and len(table) and draw(st.booleans()):
            copies = draw(st.lists(st.integers(0, len(table) - 1), min_size=1, max_size=3))
            table = _append(table, copies)
        tables[e.attribute] = table
    actions = tables["actions"]
    ids = [str(i) for i in actions.ids]
    unique = [i for i in range(len(actions)) if ids.count(ids[i]) == 1]
    if unique:
        place, code = actions.place.copy(), actions.code_insee.copy()
        for i in draw(st.lists(st.sampled_from(unique), max_size=3, unique=True)):
            place[i] = code[i] = -1  # neither a place nor a commune
        participants = actions.participants.copy()
        support = codes.selects(ActionType, SUPPORT)[actions.type]
        candidates = [i for i in unique if support[i]]
        if candidates:
            for i in draw(st.lists(st.sampled_from(candidates), max_size=2, unique=True)):
                participants[i] = 0
        tables["actions"] = attrs.evolve(actions, place=place, code_insee=code, participants=participants)
    n_actions, n_beneficiaries = len(columns.actions), len(columns.beneficiaries)
    given = list(zip(columns.participations.action.tolist(), columns.participations.beneficiary.tolist(), strict=True))
    if n_actions and n_beneficiaries:
        pairs = draw(
            st.lists(st.tuples(st.integers(0, n_actions - 1), st.integers(0, n_beneficiaries - 1)), max_size=6)
        )
        pairs += draw(st.lists(st.sampled_from(given), max_size=2)) if given else []  # a participation given twice
        p = tables["participations"]
        tables["participations"] = attrs.evolve(
            p,
            action=np.concatenate([p.action, np.array([a for a, _ in pairs], dtype=np.int32)]),
            beneficiary=np.concatenate([p.beneficiary, np.array([b for _, b in pairs], dtype=np.int32)]),
        )
    return ds, attrs.evolve(columns, **tables)


def _records_of_columns(columns: Columns) -> tuple[dict[str, list[Any]], list[Rejection], dict[str, list[int]]]:
    """Row by row: the records that build, the invariant rejections of those that do not, the rows kept."""
    built: dict[str, list[Any]] = {}
    rejected: list[Rejection] = []
    rows: dict[str, list[int]] = {}
    for e in ENTITIES:
        built[e.attribute], rows[e.name] = [], []
        for i in range(len(getattr(columns, e.attribute))):
            try:
                built[e.attribute].append(record(columns, e.attribute, i))
            except InvalidInputError as exc:
                message = str(exc)
                match = FIELD_SUBJECT.search(message)
                assert match is not None
                value = "" if match.group(1) == "code_insee" else str(columns.actions.participants[i])
                rejected.append(
                    Rejection(
                        entity=e.name,
                        index=i,
                        column=match.group(1),
                        value=value,
                        code=IssueCode.VALEUR_INVALIDE,
                        message=message.replace(match.group(0), column_subject(match.group(1))),
                    )
                )
                continue
            rows[e.name].append(i)
    return built, rejected, rows


@given(broken_columns())
def test_columns_and_their_records_keep_the_same_rows_and_report_the_same_issues(
    case: tuple[Dataset, Columns],
) -> None:
    ds, given_columns = case
    columns = derive(ds.territory, given_columns)
    kept_columns, rejections = check_columns(columns)
    built, invalid, rows = _records_of_columns(columns)
    # The rows that failed to build are named by the records that refer to them, as the native reader does.
    before: Rejected = {}
    for r in invalid:
        ids = getattr(columns, ENTITY[r.entity].attribute).ids
        before.setdefault(r.entity, {})[str(ids[r.index])] = Cause(
            code=r.code, where=record_place(r.entity, r.index), line=r.index
        )
    where = {e.name: partial(lambda name, i: record_place(name, rows[name][i]), e.name) for e in ENTITIES}
    result = check_integrity(**built, rejected=before, where=where, lines=rows)
    moved = [attrs.evolve(r, index=rows[r.entity][r.index]) for r in result.rejections]
    expected = sorted([*invalid, *moved], key=lambda r: (ORDER[r.entity], r.index))
    assert list(rejections) == expected
    for e in ENTITIES:
        assert records(kept_columns, e.attribute) == getattr(result, e.attribute), e.name


@given(broken_columns())
def test_from_columns_raises_what_the_columns_break(case: tuple[Dataset, Columns]) -> None:
    ds, columns = case
    _, rejections = check_columns(derive(ds.territory, columns))
    assume(rejections)
    with pytest.raises(DataError) as caught:
        Dataset.from_columns(ds.territory, columns)
    assert caught.value.issues == tuple(r.to_issue() for r in rejections)


def test_the_columns_strategy_breaks_every_kind_of_rule() -> None:
    seen: set[str] = set()

    @settings(max_examples=100, deadline=None, derandomize=True, database=None)
    @given(broken_columns())
    def collect(case: tuple[Dataset, Columns]) -> None:
        _, rejections = check_columns(derive(case[0].territory, case[1]))
        seen.update(f"{r.code}:{r.column}" for r in rejections)

    collect()
    assert {
        "valeur_invalide:code_insee",
        "valeur_invalide:participants",
        "identifiant_en_double:id",
        "participation_en_double:beneficiaire_id",
        "participations_en_exces:action_id",
        "reference_rejetee:action_id",
    } <= seen

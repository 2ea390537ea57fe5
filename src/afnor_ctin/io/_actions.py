"""The large files of the native format, straight into columns: ``actions.csv`` and ``participations.csv``.

No record is built: each block of rows parsed column by column (:func:`afnor_ctin.io._rows.parse_blocks`)
is encoded (:data:`afnor_ctin.columns.codes`, positions of the referenced records) and screened by
the rules of :mod:`afnor_ctin.rules` — the invariants of an action, unique ids, known references,
the limits of participations — exactly as the record path screens records, with the same issues.
The kept rows are appended to the columns.
"""

from __future__ import annotations

import heapq
import itertools
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial
from typing import Any, cast

import attrs
import numpy as np
import numpy.typing as npt

from afnor_ctin.cascade import Cascade, row_place
from afnor_ctin.columns import (
    ActionTable,
    Blocks,
    Columns,
    Csr,
    Ids,
    ParticipationTable,
    codes,
    commune_table,
    day_number,
    id_array,
    objects,
    with_communes,
)
from afnor_ctin.entities import NOUNS
from afnor_ctin.errors import Issue, Severity, issues_on_lines
from afnor_ctin.integrity import support_codes
from afnor_ctin.io._arrow import arrow_blocks
from afnor_ctin.io._rows import LINE, Block, cell_text, parse_blocks
from afnor_ctin.io._sources import Context, Table
from afnor_ctin.io._territory import Verdict
from afnor_ctin.io.schema import SCHEMAS
from afnor_ctin.model.enums import ActionType, Channel, SubType, Thematique
from afnor_ctin.model.records import Territory
from afnor_ctin.rules import ABSENT, UNRESOLVED, Participations, Screen, seats

__all__ = ["ActionColumns", "assemble", "read_actions", "read_participations"]

I32 = npt.NDArray[np.int32]
_EMPTY: tuple[int, ...] = ()
_UNRESOLVED = itertools.repeat(UNRESOLVED)


def _mapped(column: list[Any], known: dict[Any, Any], convert: Callable[[Any], Any]) -> Iterator[Any]:
    """``convert`` applied to each value of a column, computed once per distinct value (kept in ``known``)."""
    for value in [value for value in dict.fromkeys(column) if value not in known]:
        known[value] = convert(value)
    return map(known.__getitem__, column)


def _number(value: int | None) -> int:
    return ABSENT if value is None else value


def _positions(ids: Sequence[Any], index: Mapping[Any, int]) -> I32:
    """Positions of referenced ids (:data:`ABSENT` for an empty cell, :data:`UNRESOLVED` for an unknown id)."""
    found = list(map(index.get, ids))
    if None in found:
        found = [UNRESOLVED if position is None else position for position in found]
    return np.fromiter(found, dtype=np.int32, count=len(found))


def _position(index: Mapping[Any, int], key: Any) -> int:
    return index.get(key, UNRESOLVED)


def _each(
    block: Block,
    attr: str,
    convert: Callable[[Any], Any],
    dtype: npt.DTypeLike,
    keep: npt.NDArray[np.bool_] | None = None,
    known: dict[Any, Any] | None = None,
) -> npt.NDArray[Any]:
    """``convert`` applied to the value of ``attr`` in each row of the block (in the rows of ``keep`` only, if given).

    With the distinct values of the column (:attr:`Block.distinct`), ``convert`` runs once per
    distinct value met and the results are spread by the rows' indices; otherwise once per row
    (once per distinct value with a cache ``known``).
    """
    found = block.distinct.get(attr)
    if found is None:
        column = block.values[attr]
        if keep is not None:
            column = list(itertools.compress(column, keep))
        results = map(convert, column) if known is None else _mapped(column, known, convert)
        return np.fromiter(results, dtype=dtype, count=len(column))
    distinct, ix = found
    if keep is not None:
        ix = ix[keep]
    used = np.flatnonzero(np.bincount(ix, minlength=len(distinct)))  # the distinct values met (faster than a mask)
    met = list(map(distinct.__getitem__, used.tolist()))
    table = np.empty(len(distinct), dtype=dtype)
    table[used] = np.fromiter(map(convert, met) if known is None else _mapped(met, known, convert), dtype, len(met))
    return table.take(ix)


def _multi(
    block: Block,
    attr: str,
    convert: Callable[[Any], tuple[int, ...]],
    dtype: npt.DTypeLike,
    keep: npt.NDArray[np.bool_] | None,
    known: dict[Any, tuple[int, ...]],
) -> Csr:
    """The codes of a multi-valued column (``convert`` applied to each value) in the rows of ``keep`` (``None``: all).

    With the distinct values of the column (:attr:`Block.distinct`), the rows of codes are built
    once per distinct value met, then taken by the rows' indices.
    """
    found = block.distinct.get(attr)
    if found is None:
        column = block.values[attr]
        if keep is not None:
            column = list(itertools.compress(column, keep))
        return Csr.from_lists(list(_mapped(column, known, convert)), dtype)
    distinct, ix = found
    if keep is not None:
        ix = ix[keep]
    used = np.flatnonzero(np.bincount(ix, minlength=len(distinct)))  # the distinct values met, in order
    local = np.empty(len(distinct), dtype=np.intp)
    local[used] = np.arange(len(used))
    met = list(map(distinct.__getitem__, used.tolist()))
    return Csr.from_lists(list(_mapped(met, known, convert)), dtype).take(local.take(ix))


def _add_in_line_order(issues: list[Issue], *runs: list[Issue]) -> None:
    """Add runs of issues, each in line order, to ``issues``, merged in line order (one run is added as it is)."""
    filled = [run for run in runs if run]
    if len(filled) == 1:
        issues.extend(filled[0])
    elif filled:
        issues.extend(heapq.merge(*filled, key=LINE))


def _value(values: Mapping[str, Any], attr: str) -> Callable[[int], Any]:
    """The value of ``attr`` in row ``i`` of a block (the column's values are made only if one is asked for)."""
    return lambda i: values[attr][i]


def _kept(column: Sequence[Any] | Ids, keep: npt.NDArray[np.bool_]) -> Sequence[Any] | Ids:
    """The values of the kept rows of a column (a list or an array)."""
    if isinstance(column, np.ndarray):
        return column[keep]
    return list(itertools.compress(column, keep))


def _new_values(block: Block, attr: str, keep: npt.NDArray[np.bool_] | None, known: Mapping[Any, Any]) -> list[Any]:
    """The values of ``attr`` met in the rows of ``keep`` (``None``: all), but ``None`` and those of ``known``.

    They come in the order of their first rows.
    """
    found = block.distinct.get(attr)
    if found is None:
        column = block.values[attr]
        met = dict.fromkeys(column if keep is None else itertools.compress(column, keep))
        return [value for value in met if value is not None and value not in known]
    distinct, ix = found
    if keep is not None:
        ix = ix[keep]
    used = np.flatnonzero(np.bincount(ix, minlength=len(distinct))).tolist()
    fresh = [i for i in used if distinct[i] is not None and distinct[i] not in known]
    if len(fresh) > 1:  # usually in the first block only: sort them by their first rows
        values, first = np.unique(ix, return_index=True)
        fresh.sort(key=dict(zip(values.tolist(), first.tolist(), strict=True)).__getitem__)
    return list(dict.fromkeys(distinct[i] for i in fresh))  # two raw cells may give one value (`` 17300``)


def _first_unknown(given: list[tuple[str, ...] | None], found: list[tuple[int, ...]], i: int) -> str:
    """The first identifier of a multi-valued reference that matched no record."""
    return (given[i] or ())[found[i].index(UNRESOLVED)]


@attrs.define
class _Locator:
    """Which communes of the actions deserve a warning: by code (computed once per code) and by place."""

    verdict: Verdict
    place_communes: Sequence[str]
    by_code: dict[str | None, bool] = attrs.Factory(dict)

    @property
    def by_place(self) -> npt.NDArray[np.bool_]:
        flags = [self.verdict(c) is not None for c in self.place_communes]
        return np.array(flags or [False], dtype=bool)


def _located(
    locator: _Locator,
    by_place: npt.NDArray[np.bool_],
    place: I32,
    keep: npt.NDArray[np.bool_],
    label: str,
    block: Block,
) -> list[Issue]:
    """The warnings of the kept actions of a block whose commune is outside the territory or unknown to the COG.

    The message of a warning depends only on the commune and whether it is the place's: the flagged
    rows are grouped by place (through it) or by commune code (their own), each group's issues built
    at once (:func:`afnor_ctin.errors.issues_on_lines`), then put back in row order.
    """
    verdict, place_communes = locator.verdict, locator.place_communes
    own = _each(block, "code_insee", lambda c: verdict(c) is not None, bool, known=locator.by_code)
    flagged = np.where(place >= 0, by_place[np.maximum(place, 0)], own)
    rows = np.flatnonzero(flagged & keep)
    if not len(rows):
        return []
    at = place[rows].astype(np.intp)
    found = block.distinct.get("code_insee")
    if found is None:
        code_insee: list[str | None] = block.values["code_insee"]
        index: dict[str | None, int] = {}
        own_key = np.fromiter(
            (index.setdefault(code_insee[i], len(index)) for i in rows.tolist()), dtype=np.intp, count=len(rows)
        )
        own_codes: Sequence[Any] = list(index)
    else:
        own_codes, ix = found
        own_key = ix[rows].astype(np.intp)
    # A place's key is its position, a commune's own code ``-1 - its position`` among the codes.
    shapes, inverse = np.unique(np.where(at >= 0, at, -1 - own_key), return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[order], np.arange(len(shapes) + 1)).tolist()
    grouped = list(map(block.lines.__getitem__, rows[order].tolist()))  # the lines, group after group
    flat: list[Issue | None] = []
    missed = False
    for k, key in enumerate(shapes.tolist()):
        through_place = key >= 0
        code = place_communes[key] if through_place else own_codes[-1 - key]
        said = verdict(code)
        group = grouped[bounds[k] : bounds[k + 1]]
        if said is None:
            missed = True
            flat.extend(itertools.repeat(None, len(group)))
            continue
        issue_code, message = said
        flat.extend(
            issues_on_lines(
                group,
                code=issue_code,
                severity=Severity.WARNING,
                message=f"par son lieu, {message}" if through_place else message,
                file=label,
                column="lieu_id" if through_place else "code_insee",
                value=code,
            )
        )
    back = np.empty(len(order), dtype=np.intp)
    back[order] = np.arange(len(order))
    issues = list(map(flat.__getitem__, back.tolist()))  # in row order
    return [issue for issue in issues if issue is not None] if missed else cast("list[Issue]", issues)


def _place(label: str, lines: Sequence[int]) -> Callable[[int], str]:
    """Where row ``i`` of a block is, as named in messages."""
    return lambda i: row_place(label, lines[i])


def _with_none(index: Mapping[str, int]) -> dict[str | None, int]:
    out: dict[str | None, int] = {None: ABSENT}
    out.update(index)
    return out


@attrs.define
class ActionColumns:
    """The action rows kept so far, block by block; commune codes are local (:attr:`codes` order).

    The multi-valued columns are kept as one :class:`~afnor_ctin.columns.Csr` per block, joined by
    :meth:`Csr.concat <afnor_ctin.columns.Csr.concat>`.
    """

    #: The ids of the kept rows, block by block (lists, or arrays of :data:`~afnor_ctin.columns.ID_DTYPE`).
    chunks: list[Sequence[str] | Ids] = attrs.Factory(list)
    numbers: Blocks = attrs.Factory(Blocks)
    thematiques: list[Csr] = attrs.Factory(list)
    participating: list[Csr] = attrs.Factory(list)
    trained: list[Csr] = attrs.Factory(list)
    codes: dict[str, int] = attrs.Factory(dict)
    persons: dict[str, int] = attrs.Factory(dict)

    def column(self, name: str, dtype: npt.DTypeLike) -> npt.NDArray[Any]:
        """One numeric column, all blocks together."""
        return self.numbers.column(name, dtype)

    @property
    def ids(self) -> Ids:
        """The ids of the kept rows, as one column of :data:`~afnor_ctin.columns.ID_DTYPE` (joined once)."""
        joined = self.chunks[0] if len(self.chunks) == 1 else None
        if not isinstance(joined, np.ndarray):
            joined = np.concatenate([id_array(chunk) for chunk in self.chunks]) if self.chunks else id_array([])
            self.chunks = [joined]
        return joined

    def __len__(self) -> int:
        return sum(map(len, self.chunks))


def _raw(block: Block, positions: Mapping[str, int]) -> Callable[[str], Callable[[int], object] | None]:
    """The raw cell of a column of the block, for issues (``None`` for a column the file lacks)."""

    def cells(column: str) -> Callable[[int], object] | None:
        pos = positions.get(column, -1)

        def cell(i: int) -> str | None:
            row = block.cells[i]
            return cell_text(row[pos]) if 0 <= pos < len(row) else None

        return cell

    return cells


def read_actions(
    table: Table | None,
    ctx: Context,
    actor_idx: Mapping[str, int],
    mediator_idx: Mapping[str, int],
    place_idx: Mapping[str, int],
    *,
    place_communes: Sequence[str] = (),
    verdict: Verdict | None = None,
) -> ActionColumns:
    """Read ``actions.csv`` into columns: each row is kept or reported with the rule it breaks.

    A kept action whose commune (its place's, else its own) is outside the territory or unknown to
    the COG is loaded with a warning (``verdict``).

    Parameters
    ----------
    table:
        The actions file (``None`` when absent).
    ctx:
        The load's issues and counts.
    actor_idx, mediator_idx, place_idx:
        Positions of the kept actors, mediators and places by id.
    place_communes:
        The commune of each kept place, by position.
    verdict:
        What a commune code says about the territory (:func:`afnor_ctin.io._territory.commune_verdict`).
    """
    out = ActionColumns()
    if table is None:
        return out
    parsed = parse_blocks(SCHEMAS["actions"], table, ctx, engine=arrow_blocks)
    label = table.label
    counts = ctx.counts["actions"]
    positions = {name: pos for pos, _a, _p, _r, name in parsed.plan}
    seen: set[str] = set()
    cascade = Cascade(ctx.rejected, NOUNS)
    locator = None if verdict is None else _Locator(verdict, place_communes)
    by_place = np.zeros(1, dtype=bool) if locator is None else locator.by_place
    mediator_of, place_of = _with_none(mediator_idx), _with_none(place_idx)
    type_of, channel_of, subtype_of = codes.lookup(ActionType), codes.lookup(Channel), codes.lookup(SubType)
    support = support_codes()
    code_of: dict[str | None, int] = {None: ABSENT}
    day_of: dict[Any, int] = {}
    number_of: dict[int | None, int] = {}
    themes_of: dict[Any, tuple[int, ...]] = {None: _EMPTY}

    def theme_codes(themes: tuple[Thematique, ...]) -> tuple[int, ...]:
        return tuple(map(codes.of, themes))

    for block in parsed.blocks:
        values = block.values
        ids: Sequence[str] | Ids = values["id"]  # a list, or an array of ids (ID_DTYPE) from the columnar engine
        participating_ids: list[tuple[str, ...] | None] = values["participating_actor_ids"]
        kind = _each(block, "type", type_of.__getitem__, np.int8)
        place = _each(block, "place_id", partial(_position, place_of), np.int32)
        participants = _each(block, "participants", _number, np.int32, known=number_of)
        n = len(ids)
        any_participating = participating_ids.count(None) != n
        if not any_participating:
            participating = [_EMPTY] * n
            unknown_participant = np.zeros(n, dtype=bool)
        else:
            participating = [
                tuple(actor_idx.get(i, UNRESOLVED) for i in refs) if refs else _EMPTY for refs in participating_ids
            ]
            unknown_participant = np.fromiter(map(operator.contains, participating, _UNRESOLVED), bool, n)

        screen = Screen("actions", len(ids), cascade)
        screen.check_action(
            place != ABSENT,
            _each(block, "code_insee", partial(operator.is_not, None), bool),
            support[kind] if len(kind) else np.zeros(0, dtype=bool),
            participants,
            _raw(block, positions),
        )
        if "id" not in block.unique:  # every id of the file differs: the rule cannot be broken
            screen.check_ids(ids, seen)
        actor = _each(block, "actor_id", partial(_position, actor_idx), np.int32)
        mediator = _each(block, "mediator_id", partial(_position, mediator_of), np.int32)
        screen.check_reference("acteur_id", "acteurs", actor == UNRESOLVED, _value(values, "actor_id"))
        screen.check_reference("mediateur_id", "mediateurs", mediator == UNRESOLVED, _value(values, "mediator_id"))
        screen.check_reference("lieu_id", "lieux", place == UNRESOLVED, _value(values, "place_id"))
        screen.check_reference(
            "acteurs_participants",
            "acteurs",
            unknown_participant,
            partial(_first_unknown, participating_ids, participating),
        )
        keep = screen.kept
        located = [] if locator is None else _located(locator, by_place, place, keep, label, block)
        rejected = [r.to_issue(label, block.lines[r.index]) for r in screen.sorted_rejections()]
        _add_in_line_order(ctx.issues, block.issues, rejected, located)
        cascade.remember(screen, ids.__getitem__, _place(label, block.lines), block.lines.__getitem__)
        kept = int(keep.sum())
        counts[1] += len(keep) - kept
        whole = kept == len(keep)

        def pick(column: list[Any], whole: bool = whole, keep: npt.NDArray[np.bool_] = keep) -> list[Any]:
            return column if whole else list(itertools.compress(column, keep))

        for code in _new_values(block, "code_insee", None if whole else keep, code_of):
            code_of[code] = out.codes[code] = len(out.codes)
        out.chunks.append(ids if whole else _kept(ids, keep))
        out.numbers.append("type", kind[keep])
        chosen_rows = None if whole else keep
        out.numbers.append("day", _each(block, "date", day_number, np.int32, chosen_rows, day_of))
        out.numbers.append("actor", actor[keep])
        out.numbers.append("mediator", mediator[keep])
        out.numbers.append("place", place[keep])
        out.numbers.append("code_insee", _each(block, "code_insee", code_of.__getitem__, np.int32, chosen_rows))
        out.numbers.append("channel", _each(block, "channel", channel_of.__getitem__, np.int8, chosen_rows))
        out.numbers.append("duration", _each(block, "duration_min", _number, np.int32, chosen_rows, number_of))
        out.numbers.append("participants", participants[keep])
        out.numbers.append("quantity", _each(block, "quantity", _number, np.int32, chosen_rows, number_of))
        out.numbers.append("subtype", _each(block, "subtype", subtype_of.__getitem__, np.int8, chosen_rows))
        out.thematiques.append(_multi(block, "thematiques", theme_codes, np.int8, chosen_rows, themes_of))
        out.participating.append(
            Csr.from_lists(pick(participating), np.int32) if any_participating else Csr.empty(kept)
        )
        persons = out.persons
        trained_ids = pick(values["trained_person_ids"])
        if trained_ids.count(None) == len(trained_ids):  # no trained person in the block
            out.trained.append(Csr.empty(kept))
        else:
            out.trained.append(
                Csr.from_lists(
                    [
                        tuple(persons.setdefault(p, len(persons)) for p in people) if people else _EMPTY
                        for people in trained_ids
                    ],
                    np.int32,
                )
            )
    return out


def read_participations(
    table: Table | None, ctx: Context, actions: ActionColumns, beneficiary_idx: Mapping[str, int]
) -> ParticipationTable:
    """Read ``participations.csv`` into columns, as :func:`read_actions` reads ``actions.csv``.

    ``actions`` are the kept actions, ``beneficiary_idx`` the positions of the kept beneficiaries by id.
    """
    action_col: list[I32] = []
    beneficiary_col: list[I32] = []
    if table is not None:
        parsed = parse_blocks(SCHEMAS["participations"], table, ctx, engine=arrow_blocks)
        label = table.label
        counts = ctx.counts["participations"]
        action_idx = {key: i for i, key in enumerate(actions.ids.tolist())}
        kinds = actions.column("type", np.intp)
        is_support = support_codes()[kinds] if len(kinds) else np.zeros(0, dtype=bool)
        cap = seats(actions.column("participants", np.int64))
        state = Participations.start(len(actions), len(beneficiary_idx))
        for block in parsed.blocks:
            action_ids: list[str] = block.values["action_id"]
            beneficiary_ids: list[str] = block.values["beneficiary_id"]
            action = _positions(action_ids, action_idx)
            beneficiary = _positions(beneficiary_ids, beneficiary_idx)
            screen = Screen("participations", len(action_ids), Cascade(ctx.rejected, NOUNS))
            screen.check_participations(
                action, beneficiary, is_support, cap, state, action_ids.__getitem__, beneficiary_ids.__getitem__
            )
            rejected = [r.to_issue(label, block.lines[r.index]) for r in screen.sorted_rejections()]
            _add_in_line_order(ctx.issues, block.issues, rejected)
            keep = screen.kept
            counts[1] += len(keep) - int(keep.sum())
            action_col.append(action[keep])
            beneficiary_col.append(beneficiary[keep])
    return ParticipationTable(
        action=np.concatenate(action_col) if action_col else np.zeros(0, dtype=np.int32),
        beneficiary=np.concatenate(beneficiary_col) if beneficiary_col else np.zeros(0, dtype=np.int32),
    )


def assemble(
    territory: Territory, base: Columns, actions: ActionColumns, participations: ParticipationTable
) -> Columns:
    """The columns of ``base`` with the action and participation tables read by the fast path.

    The commune vocabulary grows with the communes of the actions.
    """
    columns = with_communes(base, commune_table(territory.communes, [*map(str, base.communes.codes), *actions.codes]))
    position = {str(c): i for i, c in enumerate(columns.communes.codes)}
    local = np.array([position[c] for c in actions.codes] or [0], dtype=np.int32)
    recorded = actions.column("code_insee", np.int32)
    table = ActionTable(
        ids=actions.ids,
        type=actions.column("type", np.int8),
        day=actions.column("day", np.int32),
        actor=actions.column("actor", np.int32),
        mediator=actions.column("mediator", np.int32),
        place=actions.column("place", np.int32),
        code_insee=np.where(recorded >= 0, local[np.maximum(recorded, 0)], ABSENT).astype(np.int32),
        channel=actions.column("channel", np.int8),
        duration=actions.column("duration", np.int32),
        participants=actions.column("participants", np.int32),
        thematiques=Csr.concat(actions.thematiques, np.int8),
        quantity=actions.column("quantity", np.int32),
        subtype=actions.column("subtype", np.int8),
        participating=Csr.concat(actions.participating, np.int32),
        trained=Csr.concat(actions.trained, np.int32),
    )
    return attrs.evolve(columns, actions=table, participations=participations, persons=objects(list(actions.persons)))

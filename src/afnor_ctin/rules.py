"""Each data rule of the model, written once with its French message, for records and for columns.

Three kinds of rules:

- the **invariants of an action**: a commune is required when the action has no place
  (:func:`lacks_commune`), a support action has at least one participant (:func:`lacks_participants`);
- the **integrity rules** between records: identifiers are unique within an entity (:func:`repeated`),
  references resolve to a kept record (:func:`unresolved`), a participation links a support action
  at most once per beneficiary and at most ``participants`` times per action
  (:func:`participation_limits`, :func:`seats`);
- the **commune of an action**: its place's commune, else its own (:func:`action_commune`).

Each rule is a function over numpy columns that says where it is broken (a whole file, a block of
rows, or one record: scalars are columns of one value), and a :class:`Rule` that holds its
:class:`~afnor_ctin.errors.IssueCode` and its French message template. A :class:`Screen` applies
rules in order to the rows of one table, the first rule a row breaks rejecting it. The record path
(the validators of :mod:`afnor_ctin.model.records`, :func:`afnor_ctin.dataset.check_integrity`) and
the columnar fast paths (the native reader, :meth:`Dataset.from_columns
<afnor_ctin.dataset.Dataset.from_columns>`) call the same functions, so that the same rows are
rejected with the same codes and messages.

>>> lacks_commune(has_place=False, has_commune=False), lacks_commune(np.array([True, False]), np.array([False, True]))
(np.True_, array([False, False]))
>>> COMMUNE_REQUIRED.message(subject=column_subject("code_insee"), value="")
"colonne « code_insee » : valeur «  » invalide (obligatoire quand l'action n'a pas de lieu)"
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from afnor_ctin.cascade import Cascade, Cause
from afnor_ctin.errors import Issue, IssueCode, Severity

__all__ = [
    "ABSENT",
    "COMMUNE_REQUIRED",
    "DUPLICATE_ID",
    "FIELD_SUBJECT",
    "NOT_A_SUPPORT_ACTION",
    "PARTICIPANTS_REQUIRED",
    "REJECTED_REFERENCE",
    "REPEATED_PARTICIPATION",
    "TOO_MANY_PARTICIPATIONS",
    "UNKNOWN_REFERENCE",
    "UNRESOLVED",
    "Participations",
    "Rejection",
    "Rule",
    "Screen",
    "action_commune",
    "column_subject",
    "field_subject",
    "invalid_value",
    "lacks_commune",
    "lacks_participants",
    "participation_limits",
    "repeated",
    "rows_with",
    "seats",
    "unresolved",
]

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.integer[Any]]

#: Position (or code) standing for an empty cell: no reference, no commune, no number.
ABSENT = -1
#: Position of a reference whose identifier matches no kept record.
UNRESOLVED = -2


@attrs.frozen
class Rule:
    """A data rule's issue code and French message template (``str.format`` fields).

    Every template names ``{value}``, the value at fault.
    """

    code: IssueCode
    template: str

    def message(self, **values: object) -> str:
        """The French message, with the template's fields filled in."""
        return self.template.format(**values)


#: Identifiers are unique within an entity: the first row wins.
DUPLICATE_ID = Rule(IssueCode.IDENTIFIANT_EN_DOUBLE, "identifiant « {value} » déjà utilisé plus haut dans {entity}")
#: A reference names a kept record of its target entity.
UNKNOWN_REFERENCE = Rule(
    IssueCode.REFERENCE_INCONNUE, "« {value} » ne correspond à aucun identifiant connu de {target}"
)
#: A reference names a row that was itself rejected: the row goes too, under the same root cause.
REJECTED_REFERENCE = Rule(IssueCode.REFERENCE_REJETEE, "{row} : son {parent} {value}, {where}, a été {parent_state}")
#: A participation refers to a support action (individual support or workshop).
NOT_A_SUPPORT_ACTION = Rule(
    IssueCode.PARTICIPATION_HORS_ACCOMPAGNEMENT,
    "l'action « {value} » n'est pas un accompagnement individuel ni un atelier collectif",
)
#: A beneficiary takes part in an action at most once.
REPEATED_PARTICIPATION = Rule(
    IssueCode.PARTICIPATION_EN_DOUBLE, "le bénéficiaire « {value} » figure déjà pour l'action « {action} »"
)
#: An action has at most ``participants`` participation rows (1 when not given).
TOO_MANY_PARTICIPATIONS = Rule(
    IssueCode.PARTICIPATIONS_EN_EXCES,
    "plus de lignes de participation que de participants ({cap}) pour l'action « {value} »",
)


def _invalid(reason: str) -> str:
    """The template of a value that breaks a rule of its field (see :func:`invalid_value`)."""
    return "{subject} : valeur « {value} » invalide (" + reason.replace("{", "{{").replace("}", "}}") + ")"


#: An action without a place names its commune.
COMMUNE_REQUIRED = Rule(IssueCode.VALEUR_INVALIDE, _invalid("obligatoire quand l'action n'a pas de lieu"))
#: A support action has at least one participant.
PARTICIPANTS_REQUIRED = Rule(IssueCode.VALEUR_INVALIDE, _invalid("au moins 1 pour une action d'accompagnement"))

#: How a record's field is named in the messages of :class:`~afnor_ctin.errors.InvalidInputError`.
FIELD_SUBJECT = re.compile(r"champ « (\w+) »")


def field_subject(attribute: str) -> str:
    """The subject of a message about a record attribute: ``champ « code_insee »``."""
    return f"champ « {attribute} »"


def column_subject(column: str) -> str:
    """The subject of a message about a column of a file: ``colonne « code_insee »``."""
    return f"colonne « {column} »"


def invalid_value(subject: str, value: object, reason: str) -> str:
    """The message of a value that breaks a rule of its field.

    >>> invalid_value(field_subject("etp"), 1.5, "au plus 1")
    'champ « etp » : valeur « 1.5 » invalide (au plus 1)'
    """
    return _invalid(reason).format(subject=subject, value=value)


# ------------------------------------------------------------------------------------------------
# Invariants of an action
# ------------------------------------------------------------------------------------------------
def lacks_commune(has_place: npt.ArrayLike, has_commune: npt.ArrayLike) -> Any:
    """Where an action breaks :data:`COMMUNE_REQUIRED`: it has neither a place nor a commune."""
    return np.logical_not(np.logical_or(has_place, has_commune))


def lacks_participants(is_support: npt.ArrayLike, participants: npt.ArrayLike) -> Any:
    """Where an action breaks :data:`PARTICIPANTS_REQUIRED`: a support action with fewer than one participant.

    ``participants`` is :data:`ABSENT` when not given (which means one).
    """
    given = np.not_equal(participants, ABSENT)
    return np.logical_and(is_support, np.logical_and(given, np.less(participants, 1)))


def action_commune(place: IntArray, code_insee: IntArray, place_commune: IntArray) -> npt.NDArray[np.int32]:
    """The commune of each action: its place's commune when it has a place, else its own ``code_insee``.

    Parameters
    ----------
    place:
        Position of each action's place (:data:`ABSENT` without a place).
    code_insee:
        Commune position recorded on each action (:data:`ABSENT` when empty).
    place_commune:
        Commune position of each place.
    """
    place = np.asarray(place)
    if len(place_commune) == 0:
        return np.asarray(code_insee, dtype=np.int32).copy()
    out = np.asarray(place_commune)[np.maximum(place, 0)].astype(np.int32, copy=False)  # a new array
    np.copyto(out, code_insee, where=place < 0, casting="unsafe")
    return out


# ------------------------------------------------------------------------------------------------
# Integrity rules
# ------------------------------------------------------------------------------------------------
def repeated(
    keys: Sequence[Hashable] | npt.NDArray[Any], alive: BoolArray | None = None, seen: set[Any] | None = None
) -> BoolArray:
    """Where :data:`DUPLICATE_ID` is broken: a key met before, among the ``alive`` rows or in ``seen``.

    Parameters
    ----------
    keys:
        The identifiers (any hashable values), in row order.
    alive:
        The rows still in (by default all); the others neither break the rule nor count.
    seen:
        Keys of earlier rows (previous blocks of the same file); the keys of the alive rows are added.
    """
    n = len(keys)
    out = np.zeros(n, dtype=bool)
    known: set[Any] = set() if seen is None else seen
    mask = np.ones(n, dtype=bool) if alive is None else alive
    whole = bool(mask.all())
    if isinstance(keys, np.ndarray):  # one C-level conversion to Python values, then C-level sets
        live: Sequence[Hashable] = (keys if whole else keys[mask]).tolist()
    else:
        live = keys if whole else list(itertools.compress(keys, mask))
    distinct = set(live)
    if len(distinct) == len(live) and known.isdisjoint(distinct):
        known |= distinct
        return out
    rows = range(n) if whole else np.flatnonzero(mask).tolist()
    for i, key in zip(rows, live, strict=True):
        if key in known:
            out[i] = True
        else:
            known.add(key)
    return out


def unresolved(positions: npt.ArrayLike) -> BoolArray:
    """Where :data:`UNKNOWN_REFERENCE` is broken by a single reference (position :data:`UNRESOLVED`)."""
    return np.equal(positions, UNRESOLVED)


def rows_with(indptr: IntArray, values: IntArray, value: int) -> BoolArray:
    """Rows of a multi-valued column (``indptr``, ``values`` of a :class:`~afnor_ctin.columns.Csr`) holding ``value``.

    With ``value`` :data:`UNRESOLVED`: where a multi-valued reference breaks :data:`UNKNOWN_REFERENCE`.
    """
    n = len(indptr) - 1
    hits = np.flatnonzero(np.asarray(values) == value)
    out = np.zeros(n, dtype=bool)
    if len(hits):
        out[np.searchsorted(indptr, hits, side="right") - 1] = True
    return out


def seats(participants: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """The participation rows an action may have: its participants, one when not given."""
    return np.maximum(np.asarray(participants, dtype=np.int64), 1)


@attrs.define
class Participations:
    """What :func:`participation_limits` remembers between two blocks of the same file.

    Attributes
    ----------
    width:
        Number of beneficiaries (pairs are keyed ``action * width + beneficiary``).
    used:
        Participation rows kept so far for each action.
    pairs:
        Keys of the (action, beneficiary) pairs kept so far.
    """

    width: int
    used: npt.NDArray[np.int64]
    pairs: set[int] = attrs.Factory(set)
    #: False when every row comes in one call: the kept pairs need not be remembered.
    remember: bool = True

    @classmethod
    def start(cls, actions: int, beneficiaries: int, *, remember: bool = True) -> Participations:
        """The state before the first row (``remember=False`` when all the rows come in one call)."""
        return cls(width=max(beneficiaries, 1), used=np.zeros(actions, dtype=np.int64), remember=remember)


def participation_limits(
    action: IntArray, beneficiary: IntArray, cap: IntArray, alive: BoolArray, state: Participations
) -> tuple[BoolArray, BoolArray]:
    """Where :data:`REPEATED_PARTICIPATION` and :data:`TOO_MANY_PARTICIPATIONS` are broken, in row order.

    A row is kept when its (action, beneficiary) pair was not kept before and its action has kept
    fewer than ``cap`` rows so far; otherwise it repeats a kept pair (first result) or exceeds the
    cap (second result). Computed for whole columns at once, with the same outcome as taking the
    rows one by one.

    Parameters
    ----------
    action, beneficiary:
        Positions of the action and of the beneficiary of each row (read only where ``alive``).
    cap:
        :func:`seats` of every action.
    alive:
        The rows that passed the earlier rules (they alone count).
    state:
        The pairs and counts kept by the earlier rows; updated with the rows kept here.
    """
    n = len(alive)
    repeat = np.zeros(n, dtype=bool)
    excess = np.zeros(n, dtype=bool)
    rows = np.flatnonzero(alive)
    if len(rows) == 0:
        return repeat, excess
    acts = np.asarray(action, dtype=np.int64)[rows]
    keys = acts * state.width + np.asarray(beneficiary, dtype=np.int64)[rows]
    cap = np.asarray(cap, dtype=np.int64)
    if not state.pairs and _all_distinct(keys):
        # Common case: no pair repeats; rows are kept in order until their action is full.
        counts = np.bincount(acts, minlength=len(state.used)) + state.used
        if (counts <= cap[: len(counts)]).all():
            state.used += np.bincount(acts, minlength=len(state.used))
            if state.remember:
                state.pairs.update(keys.tolist())
            return repeat, excess
    _, first_at, inverse = np.unique(keys, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    first = np.zeros(len(rows), dtype=bool)
    first[first_at] = True
    if state.pairs:
        before = np.fromiter(map(state.pairs.__contains__, keys.tolist()), dtype=bool, count=len(keys))
        first &= ~before
    else:
        before = np.zeros(len(keys), dtype=bool)
    # Rank of each first occurrence among the first occurrences of its action, after the rows kept before.
    candidates = np.flatnonzero(first)
    order = candidates[np.argsort(acts[candidates], kind="stable")]
    grouped = acts[order]
    starts = np.r_[0, np.flatnonzero(grouped[1:] != grouped[:-1]) + 1] if len(order) else np.zeros(0, np.int64)
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    over = np.zeros(len(rows), dtype=bool)
    over[order] = rank + state.used[grouped] >= cap[grouped]
    kept = first & ~over
    kept_pair = np.zeros(len(first_at), dtype=bool)
    kept_pair[inverse[kept]] = True
    later = ~first
    repeat[rows] = later & (before | kept_pair[inverse])
    excess[rows] = over | (later & ~repeat[rows])
    if state.remember:
        state.pairs.update(keys[kept].tolist())
    np.add.at(state.used, acts[kept], 1)
    return repeat, excess


def _all_distinct(keys: npt.NDArray[np.int64]) -> bool:
    """Whether no key repeats (linear when the keys come sorted, as rows grouped by action do)."""
    if len(keys) < 2:
        return True
    if bool((keys[1:] > keys[:-1]).all()):
        return True
    ordered = np.sort(keys)
    return bool((ordered[1:] != ordered[:-1]).all())


# ------------------------------------------------------------------------------------------------
# Applying rules to the rows of a table
# ------------------------------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class Rejection:
    """A row excluded by a rule: entity, position in its input, column, value, code and French message.

    ``cause`` is the root cause of a row rejected because a row it refers to was rejected
    (:data:`REJECTED_REFERENCE`), ``None`` otherwise.
    """

    entity: str
    index: int
    column: str
    value: str | None
    code: IssueCode
    message: str
    cause: IssueCode | None = None

    def to_issue(self, file: str | None = None, line: int | None = None) -> Issue:
        """The matching :class:`~afnor_ctin.errors.Issue` (severity ``erreur``)."""
        return Issue(
            code=self.code,
            severity=Severity.ERROR,
            message=self.message,
            file=file if file is not None else f"{self.entity}.csv",
            line=line,
            column=self.column,
            value=self.value,
            cause=self.cause,
        )


Describe = Callable[[int], object]


class Screen:
    """The rows of one table going through rules in order: the first rule a row breaks rejects it.

    Parameters
    ----------
    entity:
        French name of the entity (``actions``), as named in the rejections.
    size:
        Number of rows.
    cascade:
        The rows rejected before (of the entities referred to), to reject a row that refers to one of
        them under :data:`REJECTED_REFERENCE` rather than :data:`UNKNOWN_REFERENCE`.
    """

    def __init__(self, entity: str, size: int, cascade: Cascade | None = None) -> None:
        self.entity = entity
        self.kept: BoolArray = np.ones(size, dtype=bool)
        self.rejections: list[Rejection] = []
        self.cascade = cascade

    def reject(
        self,
        broken: npt.ArrayLike,
        rule: Rule,
        column: str,
        value: Describe,
        *,
        cell: Describe | None = None,
        cause: Callable[[int], IssueCode] | None = None,
        **fields: Describe,
    ) -> None:
        """Reject the rows still kept where ``broken`` is true.

        Parameters
        ----------
        broken:
            Where the rule is broken (one boolean per row).
        rule:
            The rule: its code and message template.
        column:
            The column at fault, as named in the issue.
        value:
            The value at fault of row ``i`` (``value(i)``), as named in the message.
        cell:
            The raw cell of row ``i`` named in the issue, when it differs from the value (as read in
            a file); ``None`` for a cell absent from the file.
        cause:
            The root cause of row ``i``'s rejection, for a cascade.
        fields:
            The other fields of the message template, for row ``i``.
        """
        rows = np.flatnonzero(np.logical_and(broken, self.kept))
        if len(rows) == 0:
            return
        self.kept[rows] = False
        for i in rows.tolist():
            shown = value(i)
            text = "" if shown is None else str(shown)
            raw = text if cell is None else cell(i)
            message = rule.message(value=text, **{name: describe(i) for name, describe in fields.items()})
            self.rejections.append(
                Rejection(
                    entity=self.entity,
                    index=i,
                    column=column,
                    value=None if raw is None else str(raw),
                    code=rule.code,
                    message=message,
                    cause=None if cause is None else cause(i),
                )
            )

    def check_ids(self, ids: Sequence[Hashable] | npt.NDArray[Any], seen: set[Any] | None = None) -> None:
        """Apply :data:`DUPLICATE_ID` to the identifiers of the rows still kept."""
        self.reject(repeated(ids, self.kept, seen), DUPLICATE_ID, "id", ids.__getitem__, entity=lambda _i: self.entity)

    def sorted_rejections(self) -> list[Rejection]:
        """The rejections in row order."""
        return sorted(self.rejections, key=lambda r: r.index)

    def check_action(
        self,
        has_place: npt.ArrayLike,
        has_commune: npt.ArrayLike,
        is_support: npt.ArrayLike,
        participants: IntArray,
        cells: Callable[[str], Describe | None] = lambda _column: None,
    ) -> None:
        """Apply the invariants of an action, in order: :data:`COMMUNE_REQUIRED`, :data:`PARTICIPANTS_REQUIRED`.

        ``cells(column)`` gives the raw cells of a column when the rows come from a file.
        """
        self.reject(
            lacks_commune(has_place, has_commune),
            COMMUNE_REQUIRED,
            "code_insee",
            lambda _i: "",
            cell=cells("code_insee"),
            subject=lambda _i: column_subject("code_insee"),
        )
        self.reject(
            lacks_participants(is_support, participants),
            PARTICIPANTS_REQUIRED,
            "participants",
            lambda i: int(participants[i]),
            cell=cells("participants"),
            subject=lambda _i: column_subject("participants"),
        )

    def check_reference(self, column: str, target: str, broken: npt.ArrayLike, value: Describe) -> None:
        """Apply :data:`REJECTED_REFERENCE`, then :data:`UNKNOWN_REFERENCE` to one reference column.

        ``value(i)`` is the identifier at fault; it names a rejected row when it is in the
        :class:`Cascade` of the screen.
        """
        cascade = self.cascade
        known = cascade.rejected.get(target) if cascade is not None else None
        if cascade is not None and known:
            causes: dict[int, Cause] = {}
            for i in np.flatnonzero(np.logical_and(broken, self.kept)).tolist():
                found = known.get(str(value(i)))
                if found is not None:
                    causes[i] = found
            if causes:
                noun, feminine = cascade.nouns[self.entity]
                parent, parent_feminine = cascade.nouns[target]
                row = f"{noun} rejetée" if feminine else f"{noun} rejeté"
                state = "rejetée" if parent_feminine else "rejeté"
                hit = np.zeros(len(self.kept), dtype=bool)
                hit[list(causes)] = True
                self.reject(
                    hit,
                    REJECTED_REFERENCE,
                    column,
                    value,
                    cause=lambda i: causes[i].code,
                    row=lambda _i: row,
                    parent=lambda _i: parent,
                    where=lambda i: causes[i].where,
                    parent_state=lambda _i: state,
                )
        self.reject(broken, UNKNOWN_REFERENCE, column, value, target=lambda _i: target)

    def check_participations(
        self,
        action: IntArray,
        beneficiary: IntArray,
        is_support: BoolArray,
        cap: IntArray,
        state: Participations,
        action_id: Describe,
        beneficiary_id: Describe,
    ) -> None:
        """Apply the rules of participations, in order.

        The action is known (:data:`UNKNOWN_REFERENCE`), is a support action
        (:data:`NOT_A_SUPPORT_ACTION`), the beneficiary is known, the pair is new
        (:data:`REPEATED_PARTICIPATION`) and the action has room left (:data:`TOO_MANY_PARTICIPATIONS`).

        Parameters
        ----------
        action, beneficiary:
            Positions of each row's action and beneficiary (:data:`UNRESOLVED` when unknown).
        is_support:
            For every action, whether it is a support action.
        cap:
            :func:`seats` of every action.
        state:
            What the earlier rows of the same file kept (updated).
        action_id, beneficiary_id:
            The identifiers of row ``i``, as named in the messages.
        """
        action = np.asarray(action, dtype=np.int64)
        beneficiary = np.asarray(beneficiary, dtype=np.int64)
        self.check_reference("action_id", "actions", unresolved(action), action_id)
        known = action >= 0
        support = np.zeros(len(action), dtype=bool)
        support[known] = np.asarray(is_support, dtype=bool)[action[known]]
        self.reject(known & ~support, NOT_A_SUPPORT_ACTION, "action_id", action_id)
        self.check_reference("beneficiaire_id", "beneficiaires", unresolved(beneficiary), beneficiary_id)
        repeat, excess = participation_limits(action, beneficiary, cap, self.kept, state)
        self.reject(repeat, REPEATED_PARTICIPATION, "beneficiaire_id", beneficiary_id, action=action_id)
        self.reject(excess, TOO_MANY_PARTICIPATIONS, "action_id", action_id, cap=lambda i: int(cap[action[i]]))

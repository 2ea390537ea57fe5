"""Columnar numpy views of a dataset's records, built once and shared by every indicator, and their encodings.

Each entity is a table of equally long numpy arrays. References between entities are integer
positions (``-1`` when absent); enumerations are small integer codes (the member's position in its
enumeration, ``-1`` when absent; see :data:`codes`); sets of members are bit masks; dates are day
numbers (days since 1970-01-01) with sentinels for open ends; multi-valued cells are :class:`Csr`
arrays. Communes are positions in the dataset's commune vocabulary (:class:`CommuneTable`, built by
:func:`commune_table`).

The tables keep everything needed to rebuild the records exactly (see :mod:`afnor_ctin.dataset`).
Every encoding is written here once: the code of an enumeration member (:data:`codes`), object
arrays of text (:func:`objects`), the commune vocabulary (:func:`commune_table`,
:func:`with_communes`) and day numbers (:func:`day_number`).

>>> from afnor_ctin.model import ActionType
>>> codes.of(ActionType.COORDINATION), codes.members(ActionType)[5] is ActionType.COORDINATION
(5, True)
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from enum import Enum
from functools import cache
from typing import Any, Protocol, TypeAlias, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

__all__ = [
    "DAY_MAX",
    "DAY_MIN",
    "ID_DTYPE",
    "ActionTable",
    "ActorTable",
    "BeneficiaryTable",
    "Blocks",
    "Columns",
    "CommuneTable",
    "Csr",
    "DeferredIds",
    "FundingTable",
    "Ids",
    "MediatorTable",
    "ParticipationTable",
    "PlaceTable",
    "RecordTable",
    "codes",
    "column_names",
    "commune_table",
    "day_number",
    "from_day_number",
    "id_array",
    "objects",
    "table_columns",
    "with_communes",
    "with_id_dtype",
]

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
I8 = npt.NDArray[np.int8]
F64 = npt.NDArray[np.float64]
B = npt.NDArray[np.bool_]
Obj = npt.NDArray[np.object_]
#: An identifier column: of :data:`ID_DTYPE` in a dataset; readers and generators may give any
#: array of ``str`` (object arrays included), which the dataset converts (:func:`with_id_dtype`).
Ids: TypeAlias = npt.NDArray[Any]

#: The one dtype of every identifier column (actors, places, mediators, actions, beneficiaries,
#: fundings, trained persons): numpy's variable-width UTF-8 string dtype. An id is a Python ``str``
#: when read (``ids[i]``), but the column holds no Python object per row, which keeps tens of
#: millions of ids cheap; ids of up to 15 bytes are stored inline (16 bytes per row).
ID_DTYPE = np.dtypes.StringDType()

#: Day number standing for "no start" (open in the past).
DAY_MIN = np.int32(np.iinfo(np.int32).min + 1)
#: Day number standing for "no end" (open in the future).
DAY_MAX = np.int32(np.iinfo(np.int32).max)
_EPOCH = dt.date(1970, 1, 1).toordinal()

E = TypeVar("E", bound=Enum)


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01 of a date."""
    return day.toordinal() - _EPOCH


def from_day_number(number: int) -> dt.date:
    """Inverse of :func:`day_number`."""
    return dt.date.fromordinal(int(number) + _EPOCH)


@cache
def _members(kind: type[Enum]) -> tuple[Any, ...]:
    return tuple(kind)


@cache
def _index(kind: type[Enum]) -> Mapping[Any, int]:
    return {member: i for i, member in enumerate(kind)}


@cache
def _lookup(kind: type[Enum]) -> Mapping[Any, int]:
    return {None: -1, **_index(kind)}


class EnumCodes:
    """The one table of integer codes of enumeration members: a member's position in its enumeration.

    Every column of enumeration codes, every bit mask and every reader or generator that writes them
    uses this table (through the module-level instance :data:`codes`), so that the code of a member
    is defined once.
    """

    def members(self, kind: type[E]) -> tuple[E, ...]:
        """The members of ``kind`` in code order (``members(kind)[code]`` decodes a code)."""
        return _members(kind)

    def of(self, member: Enum) -> int:
        """The code of ``member``."""
        return _index(type(member))[member]

    def lookup(self, kind: type[E]) -> Mapping[E | None, int]:
        """Member → code for every member of ``kind``, and ``None`` → ``-1`` (to map whole columns)."""
        return _lookup(kind)

    def bit(self, member: Enum) -> int:
        """The bit of ``member`` in a bit mask of a set of members (``1 << code``)."""
        return 1 << self.of(member)

    def mask(self, members: Iterable[Enum]) -> int:
        """The bit mask of a set of members."""
        mask = 0
        for member in members:
            mask |= self.bit(member)
        return mask

    def unmask(self, kind: type[E], mask: int) -> tuple[E, ...]:
        """The members of ``kind`` whose bit is set in ``mask``, in code order."""
        return tuple(m for i, m in enumerate(_members(kind)) if mask >> i & 1)

    def selects(self, kind: type[E], selected: Collection[E]) -> npt.NDArray[np.bool_]:
        """A lookup table over the codes of ``kind``: ``True`` for the members in ``selected``."""
        return np.array([m in selected for m in _members(kind)], dtype=bool)


#: The table of enumeration codes (see :class:`EnumCodes`).
codes = EnumCodes()


@attrs.define
class Blocks:
    """Numeric columns growing block by block (readers and generators): one array per block and column."""

    parts: dict[str, list[npt.NDArray[Any]]] = attrs.Factory(dict)

    def append(self, name: str, values: npt.ArrayLike) -> None:
        """Append the values of one block to column ``name``."""
        self.parts.setdefault(name, []).append(np.asarray(values))

    def column(self, name: str, dtype: npt.DTypeLike) -> npt.NDArray[Any]:
        """Column ``name``, every block together, as ``dtype``."""
        parts = self.parts.get(name, [])
        return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)


def objects(values: Iterable[Any]) -> Obj:
    """A one-dimensional object array holding ``values`` as they are (text columns, id vocabularies)."""
    items = values if isinstance(values, list) else list(values)
    array = np.empty(len(items), dtype=object)
    array[:] = items
    return array


def id_array(values: Iterable[Any] | npt.NDArray[Any]) -> Ids:
    """An identifier column of :data:`ID_DTYPE` holding ``values`` (no copy when it already is one)."""
    if isinstance(values, np.ndarray):
        if values.dtype == ID_DTYPE:
            # Each array of variable-width strings has its own dtype instance (it holds the
            # array's allocator): ``np.asarray(values, dtype=ID_DTYPE)`` would copy every id.
            return values
        return np.asarray(values, dtype=ID_DTYPE)
    items = values if isinstance(values, list) else list(values)
    return np.array(items, dtype=ID_DTYPE) if items else np.zeros(0, dtype=ID_DTYPE)


@attrs.frozen(eq=False)
class Csr:
    """A multi-valued column in compressed sparse row form.

    Row ``i`` holds ``values[indptr[i]:indptr[i + 1]]``.
    """

    indptr: I64
    values: npt.NDArray[Any]

    @classmethod
    def from_lists(cls, rows: Sequence[Sequence[Any]], dtype: npt.DTypeLike) -> Csr:
        """Build from a sequence of per-row sequences of numbers."""
        lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        values = np.fromiter(itertools.chain.from_iterable(rows), dtype=dtype, count=int(indptr[-1]))
        return cls(indptr, values)

    @classmethod
    def concat(cls, parts: Sequence[Csr], dtype: npt.DTypeLike | None = None) -> Csr:
        """The rows of ``parts``, one after the other; values of ``dtype`` (default: the parts' own).

        >>> Csr.concat([Csr.from_lists([(1,), ()], np.int8), Csr.from_lists([(2, 3)], np.int8)]).indptr.tolist()
        [0, 1, 1, 3]
        """
        if not parts:
            return cls.empty(0, np.int32 if dtype is None else dtype)
        values = np.concatenate([part.values for part in parts])
        if not len(values):  # no row holds a value (a column the file lacks)
            indptr = np.zeros(sum(map(len, parts)) + 1, dtype=np.int64)
        else:
            lengths = np.concatenate([part.lengths() for part in parts])
            indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
            np.cumsum(lengths, out=indptr[1:])
        return cls(indptr, values if dtype is None else values.astype(dtype, copy=False))

    @classmethod
    def empty(cls, n: int, dtype: npt.DTypeLike = np.int32) -> Csr:
        """``n`` empty rows."""
        return cls(np.zeros(n + 1, dtype=np.int64), np.zeros(0, dtype=dtype))

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def row(self, i: int) -> npt.NDArray[Any]:
        """Values of row ``i``."""
        return self.values[self.indptr[i] : self.indptr[i + 1]]

    def lengths(self) -> I64:
        """Number of values of each row."""
        return np.diff(self.indptr)

    def row_index(self) -> I64:
        """For each value, the row it belongs to (same length as :attr:`values`)."""
        n_rows, n_values = len(self), len(self.values)
        if n_values * 4 < n_rows:
            # Sparse column (e.g. coordination participants over millions of actions): search, don't repeat.
            return np.searchsorted(self.indptr, np.arange(n_values, dtype=np.int64), side="right") - 1
        return np.repeat(np.arange(n_rows, dtype=np.int64), self.lengths())

    def take(self, rows: npt.NDArray[np.integer[Any]]) -> Csr:
        """The sub-array made of ``rows``, in that order."""
        lengths = self.lengths()[rows]
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        if len(rows) == 0 or indptr[-1] == 0:
            return Csr(indptr, self.values[:0])
        starts = self.indptr[:-1][rows]
        offsets = np.arange(indptr[-1], dtype=np.int64) - np.repeat(indptr[:-1], lengths)
        return Csr(indptr, self.values[np.repeat(starts, lengths) + offsets])


@attrs.frozen(eq=False, kw_only=True)
class CommuneTable:
    """The commune vocabulary: every INSEE code the dataset mentions, sorted.

    Only ``codes`` need be given: :meth:`Dataset.from_columns <afnor_ctin.dataset.Dataset.from_columns>`
    derives the other columns from the territory (see :func:`commune_table`).

    Attributes
    ----------
    codes:
        INSEE codes (object array of ``str``), sorted; positions are the commune indices.
    in_territory:
        True for the territory's member communes.
    population:
        Population of member communes (0 elsewhere).
    ifn:
        IFN score of member communes (NaN when unknown or outside).
    """

    codes: Obj
    in_territory: B = attrs.field(factory=lambda: np.zeros(0, dtype=bool))
    population: I64 = attrs.field(factory=lambda: np.zeros(0, dtype=np.int64))
    ifn: F64 = attrs.field(factory=lambda: np.zeros(0, dtype=np.float64))

    def __len__(self) -> int:
        return len(self.codes)


class Member(Protocol):
    """What :func:`commune_table` reads from a member commune (a :class:`~afnor_ctin.model.Commune`)."""

    @property
    def code_insee(self) -> str:
        """INSEE code."""

    @property
    def population(self) -> int:
        """Population [inhabitants]."""

    @property
    def ifn_score(self) -> float | None:
        """IFN score, when known."""


def commune_table(members: Iterable[Member], codes: Iterable[str] = ()) -> CommuneTable:
    """The commune vocabulary of a dataset: the member communes and ``codes``, sorted, with their attributes.

    Parameters
    ----------
    members:
        The territory's communes (:attr:`Territory.communes <afnor_ctin.model.Territory.communes>`).
    codes:
        Other INSEE codes the dataset mentions (communes outside the territory).
    """
    by_code = {c.code_insee: c for c in members}
    vocabulary = sorted(set(by_code).union(codes))
    inside = [by_code.get(code) for code in vocabulary]
    return CommuneTable(
        codes=objects(vocabulary),
        in_territory=np.array([c is not None for c in inside], dtype=bool),
        population=np.array([0 if c is None else c.population for c in inside], dtype=np.int64),
        ifn=np.array([np.nan if c is None or c.ifn_score is None else c.ifn_score for c in inside], dtype=np.float64),
    )


class DeferredIds:
    """An identifier column whose conversion to :data:`ID_DTYPE` waits for its first use.

    A columnar file already holds its ids as text buffers; turning tens of millions of them into
    :data:`ID_DTYPE` is most of the cost of reading it, and evaluating indicators never reads an
    id (records are referred to by position). :func:`~afnor_ctin.io.parquet.read_parquet` therefore
    gives a table its ids as a ``DeferredIds``: :attr:`RecordTable.ids` calls ``convert`` on first
    use, once (under a lock, so threads may share the table), and keeps the read-only result.
    A pickled ``DeferredIds`` is its converted column.
    """

    __slots__ = ("_array", "_convert", "_length", "_lock")

    def __init__(self, length: int, convert: Callable[[], Ids]) -> None:
        self._length = length
        self._convert: Callable[[], Ids] | None = convert
        self._array: Ids | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self._length

    @property
    def converted(self) -> bool:
        """Whether the ids were already converted."""
        return self._array is not None

    def array(self) -> Ids:
        """The ids as a read-only array of :data:`ID_DTYPE`, converted on the first call.

        Raises
        ------
        ValueError
            When the conversion does not give one id per row.
        """
        if self._array is None:
            with self._lock:
                if self._array is None:
                    assert self._convert is not None
                    array = id_array(self._convert())
                    if len(array) != self._length:
                        raise ValueError(f"{len(array)} identifiants convertis au lieu de {self._length}")
                    view = array.view()
                    view.flags.writeable = False
                    self._array, self._convert = view, None  # the source buffers are released
        return self._array

    def __reduce__(self) -> tuple[Callable[[Ids], Ids], tuple[Ids]]:
        return (id_array, (self.array(),))


@attrs.frozen(eq=False, kw_only=True)
class RecordTable:
    """A table of identified records: one row per id of ``ids``, in the order of the records.

    ``ids`` may be given as a :class:`DeferredIds`, converted when :attr:`ids` is first read.
    """

    _ids: Ids | DeferredIds = attrs.field(alias="ids")

    @property
    def ids(self) -> Ids:
        """The id of each row."""
        raw = self._ids
        return raw.array() if isinstance(raw, DeferredIds) else raw

    def __len__(self) -> int:
        return len(self._ids)


def column_names(cls: type[Any]) -> list[str]:
    """The column names of a table class, as its constructor takes them (``ids``, ``type``…)."""
    return [f.alias for f in attrs.fields(cls)]


def table_columns(table: Any, *, deferred: bool = False) -> dict[str, Any]:
    """The columns of a table, by name (see :func:`column_names`).

    With ``deferred``, an id column still waiting for its conversion stays a :class:`DeferredIds`
    (for what only needs its length or passes it on); otherwise every column is an array or a
    :class:`Csr`.
    """
    fields = attrs.fields(type(table))
    if deferred:
        return {f.alias: getattr(table, f.name) for f in fields}
    return {f.alias: getattr(table, f.alias) for f in fields}


@attrs.frozen(eq=False, kw_only=True)
class ActorTable(RecordTable):
    """Actors: ``type`` codes follow :class:`~afnor_ctin.model.enums.ActorType` order."""

    names: Obj
    type: npt.NDArray[np.int16]
    siret: Obj
    commune: I32
    governance: B


@attrs.frozen(eq=False, kw_only=True)
class PlaceTable(RecordTable):
    """Places: ``services`` is a bit mask over :class:`~afnor_ctin.model.enums.Service` order."""

    actor: I32
    names: Obj
    commune: I32
    qpv: Obj
    services: npt.NDArray[np.uint16]
    itinerant: B
    served: Csr
    opening: I32
    closing: I32
    updated: I32


@attrs.frozen(eq=False, kw_only=True)
class MediatorTable(RecordTable):
    """Mediators: ``fte`` is NaN when not given (means 1); ``certifications`` is a bit mask."""

    actor: I32
    role: I8
    start: I32
    end: I32
    fte: F64
    places: Csr
    certifications: npt.NDArray[np.uint8]


@attrs.frozen(eq=False, kw_only=True)
class ActionTable(RecordTable):
    """Actions; ``commune`` is the commune of the action (its place's, else ``code_insee``).

    ``code_insee`` keeps the commune as recorded (``-1`` when empty); ``participants``,
    ``duration``, ``quantity``, ``channel`` and ``subtype`` are ``-1`` when not given. ``commune``
    need not be given: :meth:`Dataset.from_columns <afnor_ctin.dataset.Dataset.from_columns>` derives
    it (see :func:`afnor_ctin.rules.action_commune`) and replaces any value given.
    """

    type: I8
    day: I32
    actor: I32
    mediator: I32
    place: I32
    code_insee: I32
    channel: I8
    duration: I32
    participants: I32
    thematiques: Csr
    quantity: I32
    subtype: I8
    participating: Csr
    trained: Csr
    commune: I32 = attrs.field(factory=lambda: np.zeros(0, dtype=np.int32))


@attrs.frozen(eq=False, kw_only=True)
class BeneficiaryTable(RecordTable):
    """Beneficiaries: categories as enum codes (``-1`` when unknown)."""

    gender: I8
    age_band: I8
    status: I8
    residence: I32


@attrs.frozen(eq=False, kw_only=True)
class ParticipationTable:
    """Participations: positions of the action and of the beneficiary."""

    action: I32
    beneficiary: I32

    def __len__(self) -> int:
        return len(self.action)


@attrs.frozen(eq=False, kw_only=True)
class FundingTable(RecordTable):
    """Fundings: ``paid`` is NaN when not given."""

    funder: I8
    actor: I32
    agreed: F64
    paid: F64
    start: I32
    end: I32
    mediators: Csr


@attrs.frozen(eq=False, kw_only=True)
class Columns:
    """All the tables of a dataset, plus the vocabulary of trained-person ids."""

    communes: CommuneTable
    actors: ActorTable
    places: PlaceTable
    mediators: MediatorTable
    actions: ActionTable
    beneficiaries: BeneficiaryTable
    participations: ParticipationTable
    fundings: FundingTable
    persons: Ids


def _moved(positions: npt.NDArray[np.integer[Any]], remap: I32) -> I32:
    """Commune positions mapped to a new vocabulary (``-1`` stays ``-1``)."""
    return np.where(positions >= 0, remap[np.maximum(positions, 0)], -1).astype(np.int32)


def with_communes(columns: Columns, table: CommuneTable) -> Columns:
    """The same columns on another commune vocabulary ``table`` (a superset of the current codes).

    Every commune position (actors' seats, places, served communes, actions, beneficiaries'
    residence) is mapped to the position of the same code in ``table``.

    Raises
    ------
    KeyError
        When a code of the current vocabulary is not in ``table``.
    """
    old = [str(code) for code in columns.communes.codes]
    new = [str(code) for code in table.codes]
    if old == new:
        return attrs.evolve(columns, communes=table)
    position = {code: i for i, code in enumerate(new)}
    remap = np.array([position[code] for code in old] or [0], dtype=np.int32)
    places, actions = columns.places, columns.actions
    return attrs.evolve(
        columns,
        communes=table,
        actors=attrs.evolve(columns.actors, commune=_moved(columns.actors.commune, remap)),
        places=attrs.evolve(
            places,
            commune=_moved(places.commune, remap),
            served=Csr(places.served.indptr, _moved(places.served.values, remap)),
        ),
        actions=attrs.evolve(
            actions, code_insee=_moved(actions.code_insee, remap), commune=_moved(actions.commune, remap)
        ),
        beneficiaries=attrs.evolve(columns.beneficiaries, residence=_moved(columns.beneficiaries.residence, remap)),
    )


def with_id_dtype(columns: Columns) -> Columns:
    """The same columns with every identifier column of :data:`ID_DTYPE` (columns already so are kept).

    A :class:`DeferredIds` column is kept as it is: it converts to :data:`ID_DTYPE` when first read.
    """
    tables: dict[str, Any] = {}
    for field in attrs.fields(Columns):
        table = getattr(columns, field.name)
        if field.name == "persons":
            tables[field.name] = id_array(table)
        elif isinstance(table, RecordTable) and not isinstance(table._ids, DeferredIds):
            tables[field.name] = attrs.evolve(table, ids=id_array(table.ids))
    return attrs.evolve(columns, **tables)

"""Columnar numpy views of a dataset's records, built once and shared by every indicator.

Each entity is a table of equally long numpy arrays. References between entities are integer
positions (``-1`` when absent); enumerations are small integer codes (the member's position in its
enumeration, ``-1`` when absent); dates are day numbers (days since 1970-01-01) with sentinels for
open ends; multi-valued cells are :class:`Csr` arrays. Communes are positions in the dataset's
commune vocabulary (:class:`CommuneTable`).

The tables keep everything needed to rebuild the records exactly (see :mod:`afnor_ctin.dataset`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import Enum
from typing import Any, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

__all__ = [
    "DAY_MAX",
    "DAY_MIN",
    "ActionTable",
    "ActorTable",
    "BeneficiaryTable",
    "Columns",
    "CommuneTable",
    "Csr",
    "FundingTable",
    "MediatorTable",
    "ParticipationTable",
    "PlaceTable",
    "day_number",
    "enum_code",
    "from_day_number",
]

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
I8 = npt.NDArray[np.int8]
F64 = npt.NDArray[np.float64]
B = npt.NDArray[np.bool_]
Obj = npt.NDArray[np.object_]

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


def enum_code(member: Enum | None, members: Sequence[Enum]) -> int:
    """Position of ``member`` in ``members`` (``-1`` for ``None``)."""
    return -1 if member is None else members.index(member)


@attrs.frozen(eq=False)
class Csr:
    """A multi-valued column in compressed sparse row form.

    Row ``i`` holds ``values[indptr[i]:indptr[i + 1]]``.
    """

    indptr: I64
    values: npt.NDArray[Any]

    @classmethod
    def from_lists(cls, rows: Sequence[Sequence[Any]], dtype: npt.DTypeLike) -> Csr:
        """Build from a sequence of per-row sequences."""
        lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        flat = [v for r in rows for v in r]
        return cls(indptr, np.asarray(flat, dtype=dtype).reshape(-1))

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
    in_territory: B
    population: I64
    ifn: F64

    def __len__(self) -> int:
        return len(self.codes)


@attrs.frozen(eq=False, kw_only=True)
class ActorTable:
    """Actors: ``type`` codes follow :class:`~afnor_ctin.model.enums.ActorType` order."""

    ids: Obj
    names: Obj
    type: npt.NDArray[np.int16]
    siret: Obj
    commune: I32
    governance: B

    def __len__(self) -> int:
        return len(self.ids)


@attrs.frozen(eq=False, kw_only=True)
class PlaceTable:
    """Places: ``services`` is a bit mask over :class:`~afnor_ctin.model.enums.Service` order."""

    ids: Obj
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

    def __len__(self) -> int:
        return len(self.ids)


@attrs.frozen(eq=False, kw_only=True)
class MediatorTable:
    """Mediators: ``fte`` is NaN when not given (means 1); ``certifications`` is a bit mask."""

    ids: Obj
    actor: I32
    role: I8
    start: I32
    end: I32
    fte: F64
    places: Csr
    certifications: npt.NDArray[np.uint8]

    def __len__(self) -> int:
        return len(self.ids)


@attrs.frozen(eq=False, kw_only=True)
class ActionTable:
    """Actions; ``commune`` is the effective commune (the place's, else ``code_insee``).

    ``code_insee`` keeps the commune as recorded (``-1`` when empty); ``participants``,
    ``duration``, ``quantity``, ``channel`` and ``subtype`` are ``-1`` when not given.
    """

    ids: Obj
    type: I8
    day: I32
    actor: I32
    mediator: I32
    place: I32
    code_insee: I32
    commune: I32
    channel: I8
    duration: I32
    participants: I32
    thematiques: Csr
    quantity: I32
    subtype: I8
    participating: Csr
    trained: Csr

    def __len__(self) -> int:
        return len(self.ids)


@attrs.frozen(eq=False, kw_only=True)
class BeneficiaryTable:
    """Beneficiaries: categories as enum codes (``-1`` when unknown)."""

    ids: Obj
    gender: I8
    age_band: I8
    status: I8
    residence: I32

    def __len__(self) -> int:
        return len(self.ids)


@attrs.frozen(eq=False, kw_only=True)
class ParticipationTable:
    """Participations: positions of the action and of the beneficiary."""

    action: I32
    beneficiary: I32

    def __len__(self) -> int:
        return len(self.action)


@attrs.frozen(eq=False, kw_only=True)
class FundingTable:
    """Fundings: ``paid`` is NaN when not given."""

    ids: Obj
    funder: I8
    actor: I32
    agreed: F64
    paid: F64
    start: I32
    end: I32
    mediators: Csr

    def __len__(self) -> int:
        return len(self.ids)


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
    persons: Obj

"""Groups of communes: the territories evaluated together, mapped onto a dataset's communes.

A single territory is one group; a national evaluation is one group per EPCI. Groups are disjoint
sets of communes; every record is attributed to the group of its commune with one gather
(``commune_group[commune]``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from afnor_ctin.compute.kernels import F64, I64, B
from afnor_ctin.dataset import Dataset
from afnor_ctin.errors import InvalidInputError
from afnor_ctin.model.records import Territory
from afnor_ctin.results import CommuneBreakdown

__all__ = ["Groups"]

T = TypeVar("T")


def _most_populous(inhabitants: I64, owner: npt.NDArray[np.int32], starts: list[int], codes: list[str]) -> list[int]:
    """Index of the most populous commune of each territory (ties: lowest code), as :attr:`Territory.centre`.

    The communes of territory ``g`` are ``starts[g]:starts[g + 1]`` of ``inhabitants``, ``owner`` and ``codes``.
    """
    if not len(inhabitants):
        return []
    top = np.maximum.reduceat(inhabitants, starts)
    candidates = np.flatnonzero(inhabitants == top[owner])
    owners = owner[candidates]
    first = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
    out: list[int] = candidates[first].tolist()
    bounds = np.r_[first, len(candidates)]
    for g in np.flatnonzero(np.diff(bounds) > 1).tolist():  # rare: equal populations, the lowest code wins
        out[g] = min(candidates[bounds[g] : bounds[g + 1]].tolist(), key=codes.__getitem__)
    return out


def _check_disjoint(
    territories: Sequence[Territory], position: npt.NDArray[np.int64], owner: npt.NDArray[np.int32]
) -> None:
    """Raise when a commune belongs to two of the territories (a territory lists each commune once).

    The error names the first territory, in the order given, that shares a commune with an earlier one.
    """
    order = np.argsort(position, kind="stable")
    shared = position[order][1:] == position[order][:-1]
    if shared.any():
        name = territories[int(owner[order][1:][shared].min())].name
        raise InvalidInputError(
            f"le territoire « {name} » partage des communes avec un autre territoire évalué ensemble"
        )


class Groups:
    """Disjoint groups of communes (territories) mapped onto a dataset's commune vocabulary.

    The vocabulary is extended with the territories' communes that the data never mentions, so
    that their population still counts.
    """

    def __init__(self, dataset: Dataset, territories: Sequence[Territory]) -> None:
        vocab = dataset.columns.communes.codes
        index = {str(c): i for i, c in enumerate(vocab)}
        communes = [c for t in territories for c in t.communes]
        member_codes = [c.code_insee for c in communes]
        position = np.fromiter(map(index.get, member_codes, itertools.repeat(-1)), dtype=np.int64, count=len(communes))
        unknown = np.flatnonzero(position < 0).tolist()  # communes the data never mentions
        extra = list(dict.fromkeys(member_codes[k] for k in unknown))
        index.update(zip(extra, range(len(vocab), len(vocab) + len(extra)), strict=True))
        for k in unknown:
            position[k] = index[member_codes[k]]
        size = len(vocab) + len(extra)
        codes = np.empty(size, dtype=object)
        codes[: len(vocab)] = vocab
        codes[len(vocab) :] = extra
        sizes = np.fromiter(map(len, (t.communes for t in territories)), dtype=np.int64, count=len(territories))
        owner = np.repeat(np.arange(len(territories), dtype=np.int32), sizes)
        _check_disjoint(territories, position, owner)
        group = np.full(size, -1, dtype=np.int32)
        group[position] = owner
        population = np.zeros(size, dtype=np.int64)
        inhabitants = np.fromiter((c.population for c in communes), dtype=np.int64, count=len(communes))
        population[position] = inhabitants
        ifn = np.full(size, np.nan, dtype=np.float64)
        ifn[position] = np.fromiter(
            (np.nan if c.ifn_score is None else c.ifn_score for c in communes), dtype=np.float64, count=len(communes)
        )
        has_qpv = np.zeros(size, dtype=bool)
        has_qpv[[index[q.code_insee] for t in territories for q in t.qpvs]] = True
        bounds = np.cumsum(sizes)[:-1].tolist()
        starts = [0, *bounds]
        self.territories: tuple[Territory, ...] = tuple(territories)
        self.n: int = len(territories)
        self.codes: npt.NDArray[np.object_] = codes
        self.commune_group: npt.NDArray[np.int32] = group
        self.population: I64 = population
        self.ifn: F64 = ifn
        self.has_qpv: B = has_qpv
        given = [t.central_commune for t in territories]
        largest = _most_populous(inhabitants, owner, starts, member_codes) if None in given else []
        self.centre: I64 = np.array(
            [index[code] if code is not None else int(position[largest[g]]) for g, code in enumerate(given)],
            dtype=np.int64,
        )
        self.members: tuple[I64, ...] = tuple(np.split(position, bounds)) if len(territories) else ()
        self._positions = position
        self._starts: list[int] = starts
        #: INSEE codes of the communes of each group, in :attr:`members` order.
        self.member_codes: tuple[list[str], ...] = tuple(
            member_codes[start : start + int(n)] for start, n in zip(starts, sizes.tolist(), strict=True)
        )

    @classmethod
    def single(cls, dataset: Dataset) -> Groups:
        """One group: the dataset's own territory."""
        return cls(dataset, (dataset.territory,))

    def of(self, commune: npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.int32]:
        """Group of each commune position (``-1`` for ``-1`` or communes outside every group)."""
        commune = np.asarray(commune)
        if len(commune) == 0:
            return np.zeros(0, dtype=np.int32)
        out = self.commune_group[np.maximum(commune, 0)]
        return np.where(commune >= 0, out, np.int32(-1)).astype(np.int32)

    def total(self, per_commune: npt.NDArray[Any]) -> F64:
        """Sum of a per-commune (extended vocabulary) array within each group."""
        inside = self.commune_group >= 0
        weights = per_commune[inside].astype(np.float64)
        return np.bincount(self.commune_group[inside], weights=weights, minlength=self.n).astype(np.float64)

    def breakdowns(self, per_commune: npt.NDArray[Any], *, as_int: bool = False) -> list[CommuneBreakdown]:
        """For each group, the values of ``per_commune`` for its communes, keyed by INSEE code.

        The values become Python numbers in one conversion (``int`` with ``as_int``, else ``float``;
        ``None`` for NaN); each group's breakdown shares the list of its communes' codes.
        """
        found = _python_values(per_commune[self._positions], as_int)
        return [CommuneBreakdown(codes, values) for codes, values in self._per_group(found)]

    def member_lists(self, selected: B) -> list[tuple[str, ...]]:
        """For each group, the INSEE codes of its communes that ``selected`` (per commune) marks, in member order."""
        keep: list[bool] = selected[self._positions].tolist()
        return [tuple(itertools.compress(codes, marks)) for codes, marks in self._per_group(keep)]

    def _per_group(self, found: list[T]) -> Iterator[tuple[list[str], list[T]]]:
        """Each group's member codes with its slice of ``found`` (one item per member, in :attr:`members` order)."""
        for codes, start in zip(self.member_codes, self._starts, strict=True):
            yield codes, found[start : start + len(codes)]


def _python_values(values: npt.NDArray[Any], as_int: bool) -> list[int | float | None]:
    """Numbers of a numpy array as Python numbers (``int`` or ``float``), ``None`` for NaN or ``None``."""
    if values.dtype.kind == "f":
        missing = np.isnan(values)
        if as_int:
            found: list[int | float | None] = np.where(missing, 0, values).astype(np.int64).tolist()
        else:
            found = values.tolist()
        if missing.any():
            for k in np.flatnonzero(missing).tolist():
                found[k] = None
        return found
    if values.dtype.kind in "iub":
        numbers: list[int | float | None] = (values.astype(np.int64) if as_int else values.astype(np.float64)).tolist()
        return numbers
    return [  # object arrays: None for missing values
        None if v is None or (isinstance(v, float) and np.isnan(v)) else (int(v) if as_int else float(v))
        for v in values.tolist()
    ]

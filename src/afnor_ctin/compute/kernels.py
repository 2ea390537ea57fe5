"""Columnar kernels: grouped sums and counts, distinct ``(id, group)`` pairs, joins.

Every aggregation works on a *group* index per row (``-1`` for rows outside every group):
``np.bincount`` for sums and counts, bitmaps or sorted keys for distinct counts. No Python loop
runs over rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from afnor_ctin.columns import Csr

__all__ = [
    "BITMAP_LIMIT",
    "F64",
    "I32",
    "I64",
    "B",
    "Ints",
    "Pairs",
    "category_counts",
    "count_by",
    "distinct_by",
    "expand",
    "fan_out",
    "floats",
    "ints",
    "pair_keys",
    "share",
    "sorted_unique",
]

#: Array types of the compute layer.
I64: TypeAlias = npt.NDArray[np.int64]
I32: TypeAlias = npt.NDArray[np.int32]
F64: TypeAlias = npt.NDArray[np.float64]
B: TypeAlias = npt.NDArray[np.bool_]
Ints: TypeAlias = npt.NDArray[np.integer[Any]]

#: Largest key space for which distinct keys are found with a bitmap rather than a sort.
BITMAP_LIMIT = 64_000_000


def index_dtype(size: int) -> type[np.signedinteger[Any]]:
    """The narrowest index type for keys below ``size`` (int32 halves the memory traffic)."""
    return np.int32 if size < 2**31 - 1 else np.int64


def count_by(group: Ints, n: int, weights: npt.NDArray[Any] | None = None) -> F64:
    """Per-group sum of ``weights`` (or count) over rows whose group is ``>= 0``.

    Rows of group ``-1`` fall in a discarded leading bin, which avoids a boolean selection.
    """
    shifted = group.astype(index_dtype(n + 1), copy=False) + 1
    return np.bincount(shifted, weights=weights, minlength=n + 1)[1:].astype(np.float64)


def sorted_unique(keys: I64, upper: int | None = None) -> I64:
    """Distinct values of a non-negative integer array, sorted.

    With ``upper`` (all keys < upper) no larger than :data:`BITMAP_LIMIT`, a bitmap is used (one
    scatter, linear time); otherwise a sort and a comparison of neighbours (both faster than
    ``np.unique`` on large arrays).
    """
    if len(keys) == 0:
        return keys.astype(np.int64)
    if upper is not None and upper <= BITMAP_LIMIT:
        seen = np.zeros(upper, dtype=bool)
        seen[keys] = True
        return np.flatnonzero(seen).astype(np.int64)
    keys = np.sort(keys)
    keep = np.empty(len(keys), dtype=bool)
    keep[0] = True
    np.not_equal(keys[1:], keys[:-1], out=keep[1:])
    return keys[keep]


def pair_keys(group: Ints, ids: Ints, n_ids: int) -> I64:
    """Distinct ``group * n_ids + id`` keys for rows whose group and id are ``>= 0`` (in no particular order).

    Small key spaces use a bitmap. Large ones (e.g. 3 million beneficiaries × 1,255 EPCIs) use the
    fact that an id nearly always falls in a single group: each id's pair with one of its groups is
    taken directly, and only the rows of the other groups are sorted.
    """
    keep = (group >= 0) & (ids >= 0)
    g, i = group[keep], ids[keep]  # as given (32-bit positions and groups): half the memory traffic
    width = max(n_ids, 1)
    upper = (int(g.max()) + 1) * width if len(g) else 0
    if upper <= BITMAP_LIMIT:
        key = g.astype(index_dtype(upper))
        key *= width
        key += i
        return sorted_unique(key, upper)
    first = np.full(width, -1, dtype=np.int32)
    first[i] = g
    primary_ids = np.flatnonzero(first >= 0)
    primary = first[primary_ids].astype(np.int64) * width + primary_ids
    other = g != first[i]
    secondary = sorted_unique(g[other].astype(np.int64) * width + i[other])
    return np.concatenate([primary, secondary])


def distinct_by(group: Ints, ids: Ints, n_ids: int, n: int) -> I64:
    """Per-group number of distinct ``ids`` over rows whose group and id are ``>= 0``."""
    keys = pair_keys(group, ids, n_ids)
    return np.bincount(keys // max(n_ids, 1), minlength=n).astype(np.int64)


def category_counts(group: Ints, codes: Ints, n_codes: int, n: int, weights: npt.NDArray[Any] | None = None) -> F64:
    """A ``(n, n_codes)`` table of (weighted) counts of ``codes`` per group (group or code ``< 0`` ignored)."""
    width = n_codes + 1
    dtype = index_dtype((n + 1) * width)
    flat = group.astype(dtype, copy=False) + 1
    flat *= width
    flat += codes
    flat += 1
    table = np.bincount(flat, weights=weights, minlength=(n + 1) * width).reshape(n + 1, width)
    return table[1:, 1:].astype(np.float64)


def by_category(
    members: Sequence[Enum], table: npt.NDArray[Any], *, as_int: bool = True, positive_only: bool = False
) -> list[dict[str, Any]]:
    """One ``{slug: value}`` mapping per group from a ``(groups, categories)`` table (e.g. :func:`category_counts`).

    Values become Python numbers in one conversion of the whole table (``int`` truncation or
    ``float``); ``positive_only`` leaves out the categories whose value is not above zero.
    """
    keys = [str(m.value) for m in members]
    rows: list[list[Any]] = (table.astype(np.int64) if as_int else table.astype(np.float64)).tolist()
    if positive_only:
        return [{k: v for k, v in zip(keys, row, strict=True) if v > 0} for row in rows]
    return [dict(zip(keys, row, strict=True)) for row in rows]


def expand(csr: Csr, rows: B) -> tuple[I64, npt.NDArray[Any]]:
    """``(row, value)`` pairs of a multi-valued column restricted to the selected rows."""
    row_of = csr.row_index()
    keep = rows[row_of] if len(row_of) else np.zeros(0, dtype=bool)
    return row_of[keep], csr.values[keep]


def fan_out(keys: Ints, values: Ints, lookup: Ints) -> tuple[I64, I32]:
    """Join: for each position ``i`` of ``lookup``, every ``values[j]`` such that ``keys[j] == lookup[i]``.

    Returns the positions ``i`` (repeated once per match) and the matched values.
    """
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    lo = np.searchsorted(sorted_keys, lookup, side="left")
    hi = np.searchsorted(sorted_keys, lookup, side="right")
    counts = hi - lo
    positions = np.repeat(np.arange(len(lookup), dtype=np.int64), counts)
    starts = np.repeat(lo, counts)
    offsets = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    matched = values[order][starts + offsets] if len(starts) else np.zeros(0, dtype=np.int32)
    return positions, matched.astype(np.int32)


@attrs.frozen(eq=False)
class Pairs:
    """Distinct ``(id, group)`` pairs: which entities (actors, places, mediators…) are in which group."""

    ids: I64
    group: I32

    @classmethod
    def distinct(cls, ids: Ints, group: Ints, n_ids: int) -> Pairs:
        """The distinct pairs among rows whose id and group are ``>= 0``."""
        keys = pair_keys(group, ids, n_ids)
        width = max(n_ids, 1)
        return cls(keys % width, (keys // width).astype(np.int32))

    @classmethod
    def attributed(cls, own_group: Ints, ids: Ints, groups: Ints) -> Pairs:
        """Entity ``i`` is in ``own_group[i]``, and in ``groups[k]`` for ``i = ids[k]``: the distinct pairs."""
        n = len(own_group)
        every = np.concatenate([np.arange(n, dtype=np.int64), ids.astype(np.int64, copy=False)])
        return cls.distinct(every, np.concatenate([own_group, groups]), n)

    @classmethod
    def union(cls, *parts: Pairs, n_ids: int) -> Pairs:
        """The distinct pairs found in any of ``parts``."""
        ids = np.concatenate([p.ids.astype(np.int64, copy=False) for p in parts])
        group = np.concatenate([p.group for p in parts]).astype(np.int32)
        return cls.distinct(ids, group, n_ids)

    def where(self, selected: B) -> Pairs:
        """The pairs whose id is selected (``selected`` is indexed by id)."""
        keep = selected[self.ids] if len(self.ids) else np.zeros(0, dtype=bool)
        return Pairs(self.ids[keep], self.group[keep])

    def select(self, rows: B) -> Pairs:
        """The pairs selected by a mask over the pairs themselves."""
        return Pairs(self.ids[rows], self.group[rows])

    def count(self, n: int) -> I64:
        """Number of pairs per group."""
        return np.bincount(self.group, minlength=n).astype(np.int64)

    def __len__(self) -> int:
        return len(self.ids)


def ints(values: npt.NDArray[Any]) -> list[int]:
    """A per-group array as Python ``int`` (truncated, as ``int()``) in one conversion, for loops over groups."""
    out: list[int] = values.astype(np.int64).tolist()
    return out


def floats(values: npt.NDArray[Any]) -> list[float]:
    """A per-group array as Python ``float``, in one conversion (see :func:`ints`)."""
    out: list[float] = values.astype(np.float64).tolist()
    return out


def share(num: float, den: float) -> float | None:
    """``num / den`` or ``None`` when the denominator is 0."""
    return None if den == 0 else float(num) / float(den)

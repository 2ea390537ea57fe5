"""The evaluation context every compute function reads, with memoisation per context.

A :class:`Scope` is a dataset and the groups of communes evaluated together; what depends only on
them (e.g. which actors are in which territory) is computed once per scope and shared by every
period of a series. A :class:`Context` is a scope and a period; what depends on the period (e.g.
the support actions in T and P) is computed once per context and shared by every indicator.

Compute functions are ``(ctx, *, parameters) -> list[Outcome]``: one :class:`Outcome` per group.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar, cast

import attrs

from afnor_ctin.columns import Columns, day_number
from afnor_ctin.compute.groups import Groups
from afnor_ctin.dataset import Dataset
from afnor_ctin.period import Period
from afnor_ctin.results import ComponentValue, Flag

__all__ = ["Context", "Memo", "Outcome", "Scope", "not_computable", "outcomes", "per_dataset", "per_period"]

T = TypeVar("T")


class Scope:
    """A dataset and the groups of communes evaluated together (shared across periods)."""

    def __init__(self, dataset: Dataset, groups: Groups) -> None:
        self.dataset = dataset
        self.groups = groups
        self.c: Columns = dataset.columns
        self.memo = Memo()

    @classmethod
    def single(cls, dataset: Dataset) -> Scope:
        """The scope of the dataset's own territory."""
        return cls(dataset, Groups.single(dataset))


class Context:
    """A :class:`Scope` and a period: what every compute function reads.

    Attributes
    ----------
    scope, groups, c:
        The scope, its groups and the dataset's columns.
    period:
        The period P; ``start`` and ``end`` are its day numbers; ``end`` is the reference date.
    n:
        Number of groups.
    """

    def __init__(self, scope: Scope, period: Period) -> None:
        self.scope = scope
        self.period = period
        self.groups = scope.groups
        self.c = scope.c
        self.n = scope.groups.n
        self.start = day_number(period.start)
        self.end = day_number(period.end)
        self.memo = Memo()

    @classmethod
    def single(cls, dataset: Dataset, period: Period) -> Context:
        """The context of the dataset's own territory over ``period``."""
        return cls(Scope.single(dataset), period)


class Memo:
    """Values computed once, safe to share between threads: one lock per key.

    Indicators may be computed on several threads (:func:`afnor_ctin.evaluate.evaluate_territories`);
    a convention two of them need is computed by the first and waited for by the second. Conventions
    only call conventions they depend on (no cycle), so the locks cannot deadlock.
    """

    def __init__(self) -> None:
        self._values: dict[Callable[..., Any], Any] = {}
        self._locks: dict[Callable[..., Any], threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, fn: Callable[[Context], T], ctx: Context) -> T:
        """``fn(ctx)``, computed on first use."""
        try:
            return cast(T, self._values[fn])
        except KeyError:
            pass
        with self._guard:
            lock = self._locks.setdefault(fn, threading.Lock())
        with lock:
            if fn not in self._values:
                self._values[fn] = fn(ctx)
        return cast(T, self._values[fn])

    def __contains__(self, fn: object) -> bool:
        return fn in self._values


def per_period(fn: Callable[[Context], T]) -> Callable[[Context], T]:
    """Memoise a convention that depends on the period: computed once per :class:`Context`."""

    @functools.wraps(fn)
    def memoised(ctx: Context) -> T:
        return ctx.memo.get(fn, ctx)

    return memoised


def per_dataset(fn: Callable[[Context], T]) -> Callable[[Context], T]:
    """Memoise a convention that does not depend on the period: computed once per :class:`Scope`."""

    @functools.wraps(fn)
    def memoised(ctx: Context) -> T:
        return ctx.scope.memo.get(fn, ctx)

    return memoised


@attrs.frozen(kw_only=True)
class Outcome:
    """What a compute function finds for one group, before the catalogue adds code, labels and unit."""

    value: int | float | None
    components: Mapping[str, ComponentValue] = attrs.field(factory=dict)
    by_commune: Mapping[str, int | float | None] | None = None
    flags: tuple[Flag, ...] = ()
    reason: str | None = None


def outcomes(
    value: Sequence[int | float | None],
    components: Mapping[str, Sequence[ComponentValue]],
    *,
    by_commune: Sequence[Mapping[str, int | float | None]] | None = None,
) -> list[Outcome]:
    """One :class:`Outcome` per group from per-group columns: ``value[g]``, each component's ``[g]``.

    For the indicators whose value is always computable; ``by_commune``, when given, holds each
    group's breakdown.
    """
    names = tuple(components)
    rows = list(zip(*components.values(), strict=True)) if names else [()] * len(value)
    breakdowns = [None] * len(value) if by_commune is None else by_commune
    return [
        Outcome(value=v, components=dict(zip(names, row, strict=True)), by_commune=b)
        for v, row, b in zip(value, rows, breakdowns, strict=True)
    ]


def not_computable(
    reason: str,
    components: Mapping[str, ComponentValue] | None = None,
    by_commune: Mapping[str, int | float | None] | None = None,
    flags: tuple[Flag, ...] = (),
) -> Outcome:
    """An outcome whose value is undefined, with its French reason."""
    return Outcome(value=None, components=components or {}, by_commune=by_commune, reason=reason, flags=flags)

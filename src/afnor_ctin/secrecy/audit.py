"""The interval audit: what the published values of a report say about each value it does not publish.

For every count a report does not publish, the audit computes the smallest and the largest value it can
take given everything the report publishes (the relations of :mod:`afnor_ctin.secrecy.system`, counts
non-negative, integrality relaxed), by linear programming (:func:`scipy.optimize.linprog`, HiGHS).
A count whose interval has zero width is *recovered*: the report reveals it exactly.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping
from typing import Any

import attrs
import numpy as np

from afnor_ctin.catalog import Catalog, catalog
from afnor_ctin.errors import MissingExtraError
from afnor_ctin.results import Report
from afnor_ctin.secrecy.system import Path, Relation, System, build_system

__all__ = ["Audit", "Interval", "audit", "intervals"]

#: Width under which an interval is a single value.
TOLERANCE = 1e-6


@attrs.frozen(kw_only=True)
class Interval:
    """The values an unpublished count can take given the published ones.

    Attributes
    ----------
    low, high:
        Bounds [count] (``high`` is ``inf`` when nothing published bounds it above).
    """

    low: float
    high: float

    @property
    def width(self) -> float:
        """``high − low``."""
        return self.high - self.low

    @property
    def single_integer(self) -> bool:
        """True when the interval holds one integer only: the count is recovered once known to be whole."""
        if math.isinf(self.high):
            return False
        return math.floor(self.high + TOLERANCE) - math.ceil(self.low - TOLERANCE) < 1

    @property
    def exact(self) -> bool:
        """True when the interval is one value: the count is recovered."""
        return self.width <= TOLERANCE * max(1.0, abs(self.low))


@attrs.frozen(kw_only=True)
class Audit:
    """The result of :func:`audit`.

    Attributes
    ----------
    intervals:
        The interval of every count the report does not publish.
    recovered:
        The counts whose interval has zero width, in path order.
    narrow:
        The counts whose interval, wider than zero, holds a single integer: recovered by whoever uses
        that counts are whole numbers (the planning of :func:`~afnor_ctin.secrecy.plan` avoids them too).
    inconsistent:
        The relations (French) that no value satisfies with the published ones: the report is not
        the one its indicators compute, or the catalogue's records do not describe it; the counts
        they involve have no interval.
    """

    intervals: Mapping[Path, Interval]
    recovered: tuple[Path, ...]
    narrow: tuple[Path, ...] = ()
    inconsistent: tuple[str, ...] = ()

    @property
    def safe(self) -> bool:
        """True when no unpublished count is recovered, exactly or as the only integer of its interval."""
        return not self.recovered and not self.narrow


class _Components:
    """Union-find over the unknowns linked by a relation."""

    def __init__(self) -> None:
        self.parent: dict[Path, Path] = {}

    def find(self, p: Path) -> Path:
        root = self.parent.setdefault(p, p)
        while root != self.parent[root]:
            root = self.parent[root]
        while p != root:
            p, self.parent[p] = self.parent[p], root
        return root

    def union(self, a: Path, b: Path) -> None:
        self.parent[self.find(a)] = self.find(b)


def _reduce(relation: Relation, known: Mapping[Path, float]) -> tuple[dict[Path, float], float]:
    free: dict[Path, float] = {}
    constant = relation.constant
    for path, c in relation.coefficients.items():
        if path in known:
            constant += c * known[path]
        else:
            free[path] = c
    return free, constant


def intervals(
    system: System,
    unknown: Collection[Path],
    hidden: Collection[Path] = (),
    truth: Mapping[Path, float] | None = None,
) -> tuple[dict[Path, Interval], list[str]]:
    """The interval of every count in ``unknown``, the other published counts being known.

    Parameters
    ----------
    system:
        The cells and relations of a report.
    unknown:
        Count cells to bound.
    hidden:
        Derived cells not published: the relations they are a factor of do not hold.
    truth:
        The true counts, when known (planning): an interval is then computed only as far as needed to
        tell whether it holds another integer than the true count (its largest value first; when that
        reaches the next integer, ``low`` is the true count, not the smallest value).

    Returns
    -------
    (dict, list)
        The intervals, and the sources of the relations found inconsistent.
    """
    targets = set(unknown)
    hidden = set(hidden)
    known = {p: v for p, v in system.counts().items() if p not in targets}
    unknowns = {p for p, c in system.cells.items() if c.role == "count" and p not in known}
    parts = _Components()
    reduced: list[tuple[dict[Path, float], float, Relation]] = []
    for relation in system.relations:
        if relation.factors & hidden:
            continue
        free, constant = _reduce(relation, known)
        if not free:
            continue
        reduced.append((free, constant, relation))
        first, *others = free
        for other in others:
            parts.union(first, other)
    by_root: dict[Path, list[tuple[dict[Path, float], float, Relation]]] = {}
    for item in reduced:
        by_root.setdefault(parts.find(next(iter(item[0]))), []).append(item)
    out: dict[Path, Interval] = {}
    inconsistent: list[str] = []
    for target in sorted(targets & unknowns):
        if parts.find(target) not in by_root:
            out[target] = Interval(low=0.0, high=math.inf)
    for group in by_root.values():
        wanted = sorted({p for free, _, _ in group for p in free} & targets)
        if wanted:
            solved = _solve(group, wanted, truth or {})
            if solved is None:
                inconsistent.extend(r.source for _, _, r in group)
            else:
                out.update(solved)
    return out, sorted(set(inconsistent))


def _linprog() -> Callable[..., Any]:
    """:func:`scipy.optimize.linprog`, or a French error naming the command that installs scipy."""
    try:
        from scipy.optimize import linprog
    except ImportError as exc:
        raise MissingExtraError(
            "le secret statistique a besoin de scipy, qui n'est pas installé : pip install 'scipy>=1.11'"
        ) from exc
    return linprog  # type: ignore[no-any-return]


def _solve(
    group: list[tuple[dict[Path, float], float, Relation]], wanted: list[Path], truth: Mapping[Path, float]
) -> dict[Path, Interval] | None:
    variables = sorted({p for free, _, _ in group for p in free})
    index = {p: i for i, p in enumerate(variables)}
    eq = [(free, c) for free, c, r in group if not r.inequality]
    ub = [(free, c) for free, c, r in group if r.inequality]

    def matrix(rows: list[tuple[dict[Path, float], float]]) -> tuple[np.ndarray | None, np.ndarray | None]:
        if not rows:
            return None, None
        a = np.zeros((len(rows), len(variables)))
        for i, (free, _) in enumerate(rows):
            for p, c in free.items():
                a[i, index[p]] = c
        return a, -np.array([c for _, c in rows])

    a_eq, b_eq = matrix(eq)
    a_ub, b_ub = matrix(ub)
    linprog = _linprog()
    out: dict[Path, Interval] = {}
    for path in wanted:
        bounds: dict[float, float] = {}
        for sense in (-1.0, 1.0):
            objective = np.zeros(len(variables))
            objective[index[path]] = sense
            res = linprog(objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
            if res.status == 2:
                return None
            # unbounded: only above, counts being non-negative
            bounds[sense] = math.inf if res.status == 3 else sense * float(res.fun)
            known = truth.get(path)
            if known is not None and bounds[sense] >= known + 1 - TOLERANCE:
                bounds[1.0] = known
                break
        out[path] = Interval(low=max(bounds[1.0], 0.0), high=bounds[-1.0])
    return out


def audit(report: Report, specs: Catalog | None = None) -> Audit:
    """Bound every count a published report does not show, from the values it shows.

    The report is read as a system of linear relations: the components adding up to a total, the
    shares and rates with their numerator and denominator, the identities between indicators and the
    breakdowns by commune, all taken from the catalogue's records. For each count the report does not
    publish (a ``None`` value: masked by statistical secrecy, or not computable), two linear programs
    (HiGHS, through :func:`scipy.optimize.linprog`) find its smallest and largest value consistent
    with every published value, counts being non-negative and integrality relaxed. An interval of
    zero width means the count is recovered exactly.

    Parameters
    ----------
    report:
        A published report: masked values are ``None`` (as :func:`~afnor_ctin.report.render.apply_secrecy`
        returns them).
    specs:
        The catalogue describing the indicators (default: :data:`afnor_ctin.catalog.catalog`).

    Returns
    -------
    Audit
        The interval of each unpublished count and the counts recovered.

    Examples
    --------
    >>> from afnor_ctin import Period, evaluate
    >>> from afnor_ctin.report.render import apply_secrecy
    >>> from afnor_ctin.testing import worked_example
    >>> report = evaluate(worked_example(), Period.year(2024), indicators=["I04", "I05"])
    >>> published, masking = apply_secrecy(report, 5)
    >>> result = audit(published)
    >>> result.safe
    True
    >>> result.intervals[("I05", "components", "nouveaux")].low
    0.0
    """
    system = build_system(report, catalog if specs is None else specs)
    unknown = [p for p, c in system.cells.items() if c.role == "count" and c.value is None]
    hidden = [p for p, c in system.cells.items() if c.role == "derived" and c.value is None]
    found, inconsistent = intervals(system, unknown, hidden)
    recovered = tuple(sorted(p for p, i in found.items() if i.exact))
    narrow = tuple(sorted(p for p, i in found.items() if i.single_integer and not i.exact))
    return Audit(intervals=found, recovered=recovered, narrow=narrow, inconsistent=tuple(inconsistent))

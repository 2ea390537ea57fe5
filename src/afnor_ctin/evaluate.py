"""Evaluate indicators: one territory, a series of periods, or many territories in one pass.

>>> from afnor_ctin.testing.examples import worked_example
>>> report = evaluate(worked_example(), Period.year(2024))
>>> report["I04"].value, len(report)
(6, 11)
>>> series = evaluate_series(worked_example(), list(Period.year(2024).quarters()))
>>> [r["I04"].value for r in series]
[3, 1, 1, 1]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from afnor_ctin.catalog import IndicatorSpec, catalog
from afnor_ctin.dataset import Dataset
from afnor_ctin.errors import InvalidInputError, Issue, Severity
from afnor_ctin.indicators._engine import Base, Context, Groups
from afnor_ctin.model.records import Territory
from afnor_ctin.period import Period
from afnor_ctin.report.result import IndicatorResult, Report

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Series", "data_issues", "evaluate", "evaluate_series", "evaluate_territories"]

#: Progress callback: ``(done, total, label)``.
Progress = Callable[[int, int | None, str], None]


def _select(indicators: Iterable[str] | None) -> tuple[IndicatorSpec, ...]:
    if indicators is None:
        return tuple(catalog)
    return tuple(catalog.get(code) for code in indicators)


def _check_options(specs: Sequence[IndicatorSpec], options: dict[str, Any]) -> None:
    known: set[str] = set()
    for spec in specs:
        known.update(spec.options)
    unknown = set(options) - known
    if unknown:
        raise InvalidInputError(f"option(s) inconnue(s) : {', '.join(sorted(unknown))}")


def data_issues(dataset: Dataset) -> tuple[Issue, ...]:
    """Data-quality issues that affect the indicators, found in the dataset itself.

    Actors with neither a commune nor a place cannot be located (« acteur non localisé »): their
    fundings and governance role are attributed to no territory (I01, I10, I11).
    """
    c = dataset.columns
    unlocated = np.setdiff1d(np.flatnonzero(c.actors.commune < 0), c.places.actor)
    return tuple(
        Issue(
            code="acteur_non_localise",
            severity=Severity.WARNING,
            message=(
                f"acteur non localisé : « {c.actors.ids[i]} » n'a ni code INSEE ni lieu ; ses financements ne sont "
                "rattachés à aucun territoire"
            ),
            file="acteurs.csv",
            column="code_insee",
            value=str(c.actors.ids[i]),
        )
        for i in unlocated.tolist()
    )


def _run(
    specs: Sequence[IndicatorSpec], ctx: Context, options: dict[str, Any], dataset: Dataset
) -> list[list[IndicatorResult]]:
    """Results per group (outer list) and per indicator (inner list)."""
    per_indicator: list[list[IndicatorResult]] = []
    for spec in specs:
        if spec.grouped is not None:
            outcomes = spec.grouped(ctx, **spec.check_options(options))
            per_indicator.append([spec.result(o) for o in outcomes])
        else:
            per_indicator.append(
                [
                    spec.evaluate(
                        dataset if t is dataset.territory else dataset.filter(territory=t),
                        ctx.period,
                        **spec.check_options(options),
                    )
                    for t in ctx.groups.territories
                ]
            )
    return [[per_indicator[k][g] for k in range(len(specs))] for g in range(ctx.n)]


def evaluate(
    dataset: Dataset,
    period: Period,
    *,
    indicators: Iterable[str] | None = None,
    issues: Iterable[Issue] = (),
    **options: Any,
) -> Report:
    """Evaluate indicators for the dataset's territory over a period.

    Parameters
    ----------
    dataset:
        The data; its territory is evaluated.
    period:
        The period (stock indicators at its last day).
    indicators:
        Codes to evaluate (default: the whole catalogue, in catalogue order).
    issues:
        Data-quality issues to carry in the report (e.g. the load report's), added to those found
        in the dataset itself.
    **options:
        Indicator options, e.g. ``ifn_threshold=6.5``.

    Raises
    ------
    afnor_ctin.errors.UnknownCodeError
        For an unknown indicator code.
    afnor_ctin.errors.InvalidInputError
        For an unknown option.
    """
    specs = _select(indicators)
    _check_options(specs, options)
    ctx = Context(Base(dataset, Groups.single(dataset)), period)
    results = _run(specs, ctx, options, dataset)[0]
    return Report(
        territory=dataset.territory,
        period=period,
        results=tuple(results),
        issues=tuple(issues) + data_issues(dataset),
    )


@attrs.frozen(kw_only=True)
class Series:
    """Reports of one territory over successive periods."""

    territory: Territory
    reports: tuple[Report, ...]

    @property
    def periods(self) -> tuple[Period, ...]:
        """The periods, in order."""
        return tuple(r.period for r in self.reports)

    def __iter__(self) -> Iterator[Report]:
        return iter(self.reports)

    def __len__(self) -> int:
        return len(self.reports)

    def __getitem__(self, index: int) -> Report:
        return self.reports[index]

    def values(self, code: str) -> list[int | float | None]:
        """Headline values of one indicator over the periods."""
        return [r[code].value for r in self.reports]

    def to_long(self) -> list[dict[str, Any]]:
        """Long-format rows: one per (period, indicator) with start, end, code, label, value, unit, status."""
        return [
            {
                "debut": r.period.start.isoformat(),
                "fin": r.period.end.isoformat(),
                "periode": r.period.label,
                "code": res.code,
                "indicateur": res.label,
                "valeur": res.value,
                "unite": res.unit,
                "statut": res.status.value,
            }
            for r in self.reports
            for res in r.results
        ]

    def to_pandas(self) -> pd.DataFrame:
        """The rows of :meth:`to_long` as a pandas DataFrame (needs ``pip install 'afnor-ctin[notebook]'``).

        ``debut`` and ``fin`` are pandas timestamps.

        Raises
        ------
        afnor_ctin.report.notebook.MissingExtraError
            When pandas is not installed.
        """
        from afnor_ctin.report.notebook import series_to_pandas

        return series_to_pandas(self.to_long())


def evaluate_series(
    dataset: Dataset,
    periods: Iterable[Period],
    *,
    indicators: Iterable[str] | None = None,
    issues: Iterable[Issue] = (),
    **options: Any,
) -> Series:
    """Evaluate indicators over successive periods, sharing the period-independent work.

    The columnar attributions (communes, places, mediators, actors, first participations) are
    computed once for all periods.
    """
    specs = _select(indicators)
    _check_options(specs, options)
    base = Base(dataset, Groups.single(dataset))
    found = tuple(issues) + data_issues(dataset)
    reports = []
    for period in periods:
        results = _run(specs, Context(base, period), options, dataset)[0]
        reports.append(Report(territory=dataset.territory, period=period, results=tuple(results), issues=found))
    return Series(territory=dataset.territory, reports=tuple(reports))


def _layers(territories: Sequence[Territory]) -> list[list[int]]:
    """Split territories into layers of pairwise disjoint ones (greedy, order kept)."""
    layers: list[tuple[list[int], set[str]]] = []
    for i, t in enumerate(territories):
        codes = {c.code_insee for c in t.communes}
        for members, used in layers:
            if not used & codes:
                members.append(i)
                used |= codes
                break
        else:
            layers.append(([i], set(codes)))
    return [members for members, _ in layers]


def evaluate_territories(
    dataset: Dataset,
    period: Period,
    territories: Iterable[Territory],
    *,
    indicators: Iterable[str] | None = None,
    progress: Progress | None = None,
    **options: Any,
) -> dict[str, Report]:
    """Evaluate many territories from one dataset (e.g. every EPCI of a national dataset).

    Disjoint territories are evaluated together: one columnar pass per indicator for all of them.
    Overlapping territories (e.g. EPCIs and départements) are split into layers of disjoint ones.
    Results are identical to evaluating each territory separately on a dataset whose territory is
    that territory.

    Returns
    -------
    dict[str, Report]
        One report per territory, keyed by territory code, in the order given.
    """
    specs = _select(indicators)
    _check_options(specs, options)
    terr = list(territories)
    codes = [t.code for t in terr]
    if len(set(codes)) != len(codes):
        raise InvalidInputError("des territoires évalués ensemble portent le même code")
    out: dict[str, Report] = {}
    layers = _layers(terr)
    for n_layer, members in enumerate(layers):
        chosen = [terr[i] for i in members]
        ctx = Context(Base(dataset, Groups(dataset, chosen)), period)
        per_group = _run(specs, ctx, options, dataset)
        for t, results in zip(chosen, per_group, strict=True):
            out[t.code] = Report(territory=t, period=period, results=tuple(results))
        if progress is not None:
            progress(n_layer + 1, len(layers), "territoires évalués")
    return {code: out[code] for code in codes}

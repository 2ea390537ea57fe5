"""Evaluate indicators: one territory, a series of periods, or many territories in one pass.

Every evaluation follows a referential (:class:`~afnor_ctin.referential.Referential`): which
indicators are evaluated, how they are worded and their parameter values. By default, the bundled
``ctin-2021-reconstructed``; keyword parameters (``ifn_threshold=6.0``) override its values, and the
report states the referential and every parameter value it used.

>>> from afnor_ctin.testing.examples import worked_example
>>> report = evaluate(worked_example(), Period.year(2024))
>>> report["I04"].value, len(report), report.referential.id
(6, 11, 'ctin-2021-reconstructed')
>>> series = evaluate_series(worked_example(), list(Period.year(2024).quarters()))
>>> [r["I04"].value for r in series]
[3, 1, 1, 1]
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs
import numpy as np

from afnor_ctin.catalog import IndicatorSpec, Kind, catalog
from afnor_ctin.compute.context import Context, Scope
from afnor_ctin.compute.groups import Groups
from afnor_ctin.dataset import Dataset
from afnor_ctin.errors import InvalidInputError, Issue, Severity
from afnor_ctin.model.records import Territory
from afnor_ctin.period import Period
from afnor_ctin.referential import REFERENTIAL, ParameterValue, Referential
from afnor_ctin.results import IndicatorResult, Report, Series

__all__ = ["Plan", "Series", "data_issues", "evaluate", "evaluate_series", "evaluate_territories", "plan"]

#: Above this many actions, the flow indicators of a multi-threaded evaluation compute one at a
#: time (see :func:`_run`): each allocates temporaries as long as the actions (about 40 bytes per
#: action). Below it (a few hundred megabytes at most), they compute side by side.
SERIAL_FLOWS_FROM = 4_000_000

#: Progress callback: ``(done, total, label)``.
Progress = Callable[[int, int | None, str], None]


@attrs.frozen(kw_only=True)
class Plan:
    """What an evaluation computes: the indicators as the referential words them, with their parameter values.

    Attributes
    ----------
    referential:
        The referential in effect, with the parameter value of every indicator evaluated.
    specs:
        The indicators, each as :meth:`~afnor_ctin.catalog.IndicatorSpec.under` the referential.
    values:
        The parameter values of each indicator, by keyword.
    """

    referential: Referential
    specs: tuple[IndicatorSpec, ...]
    values: tuple[Mapping[str, ParameterValue], ...]


def plan(indicators: Iterable[str] | None = None, referential: Referential | None = None, **parameters: Any) -> Plan:
    """Check and resolve what to evaluate.

    Parameters
    ----------
    indicators:
        Codes to evaluate (default: every indicator of the catalogue the referential keeps, in
        catalogue order).
    referential:
        The referential (default: the bundled one).
    **parameters:
        Parameter values by keyword, overriding the referential's (e.g. ``ifn_threshold=6.0``).

    Raises
    ------
    afnor_ctin.errors.UnknownCodeError
        For an unknown indicator code.
    afnor_ctin.errors.InvalidInputError
        For an invalid referential, an indicator it leaves out, an unknown parameter or an invalid value.
    """
    ref = catalog.check(REFERENTIAL if referential is None else referential)

    def enabled(spec: IndicatorSpec) -> bool:
        entry = ref.entry(spec.code)
        return entry is None or entry.enabled

    if indicators is None:
        specs = tuple(spec for spec in catalog if enabled(spec))
    else:
        specs = tuple(catalog.get(code) for code in indicators)
        for spec in specs:
            if not enabled(spec):
                raise InvalidInputError(
                    f"l'indicateur {spec.code} est écarté par le référentiel « {ref.id} » (actif = false)"
                )
    known = {p.name for spec in specs for p in spec.parameters}
    unknown = sorted(set(parameters) - known)
    if unknown:
        raise InvalidInputError(
            f"paramètre(s) inconnu(s) : {', '.join(unknown)} (paramètres : {', '.join(sorted(known)) or 'aucun'})"
        )
    values = []
    for spec in specs:
        own = {name: v for name, v in parameters.items() if name in {p.name for p in spec.parameters}}
        values.append(spec.values(ref, **own))
    for spec, vals in zip(specs, values, strict=True):
        if spec.parameters:
            ref = ref.with_parameters(spec.code, {p.key: vals[p.name] for p in spec.parameters})
    bound = tuple(spec.under(ref, vals) for spec, vals in zip(specs, values, strict=True))
    return Plan(referential=ref, specs=bound, values=tuple(values))


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


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while many results are built, then restore it.

    Evaluating every territory builds tens of thousands of small containers (components, breakdowns
    by commune, results) that form no reference cycle; each collection would also walk every object
    already alive (the dataset's records, the reference tables). Pausing the collector takes a
    quarter off the evaluation of the 1,255 EPCIs at small scale. A collector the caller already
    paused stays paused.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _threads(threads: int | None) -> int:
    """Threads to compute indicators on: ``threads``, or one per core (``os.cpu_count()``)."""
    if threads is None:
        return max(os.cpu_count() or 1, 1)
    if threads < 1:
        raise InvalidInputError(f"nombre de fils d'exécution invalide : {threads} (au moins 1)")
    return threads


def _run(todo: Plan, ctx: Context, threads: int = 1) -> list[list[IndicatorResult]]:
    """Results per group (outer list) and per indicator (inner list).

    With ``threads > 1`` the indicators are computed on a thread pool: numpy releases the GIL in
    most of its loops, and the conventions they share are computed once (:class:`~afnor_ctin.compute.context.Memo`).
    From :data:`SERIAL_FLOWS_FROM` actions, at most one flow indicator computes at a time: each
    allocates temporaries as long as the actions (hundreds of megabytes on national data), while the
    stock indicators, which read the offer tables, run alongside. Each result is the same as on one thread.
    """
    dataset = ctx.scope.dataset
    one_flow = threading.Lock()
    serial_flows = threads > 1 and len(ctx.c.actions) >= SERIAL_FLOWS_FROM

    def one(spec: IndicatorSpec, values: Mapping[str, ParameterValue]) -> list[IndicatorResult]:
        if spec.compute is not None:
            with one_flow if spec.kind is Kind.FLOW and serial_flows else contextlib.nullcontext():
                return [spec.result(o) for o in spec.compute(ctx, **values)]
        return [
            spec.evaluate_one(dataset if t is dataset.territory else dataset.filter(territory=t), ctx.period, values)
            for t in ctx.groups.territories
        ]

    pairs = list(zip(todo.specs, todo.values, strict=True))
    if threads <= 1 or len(pairs) <= 1:
        per_indicator = [one(spec, values) for spec, values in pairs]
    else:
        with ThreadPoolExecutor(max_workers=min(threads, len(pairs))) as pool:
            futures = [pool.submit(one, spec, values) for spec, values in pairs]
            per_indicator = [f.result() for f in futures]
    return [[per_indicator[k][g] for k in range(len(todo.specs))] for g in range(ctx.n)]


def evaluate(
    dataset: Dataset,
    period: Period,
    *,
    indicators: Iterable[str] | None = None,
    issues: Iterable[Issue] = (),
    referential: Referential | None = None,
    **parameters: Any,
) -> Report:
    """Evaluate indicators for the dataset's territory over a period.

    Parameters
    ----------
    dataset:
        The data; its territory is evaluated.
    period:
        The period (stock indicators at its last day).
    indicators:
        Codes to evaluate (default: the whole catalogue, in catalogue order, less the indicators the
        referential leaves out).
    issues:
        Data-quality issues to carry in the report (e.g. the load report's), added to those found
        in the dataset itself.
    referential:
        The referential to follow (default: the bundled ``ctin-2021-reconstructed``): which indicators,
        their wording and their parameter values.
    **parameters:
        Parameter values by keyword, overriding the referential's, e.g. ``ifn_threshold=6.5``
        (``catalog.get(code).parameters`` lists them).

    Raises
    ------
    afnor_ctin.errors.UnknownCodeError
        For an unknown indicator code.
    afnor_ctin.errors.InvalidInputError
        For an invalid referential, an unknown parameter or an invalid parameter value.
    """
    todo = plan(indicators, referential, **parameters)
    results = _run(todo, Context(Scope.single(dataset), period))[0]
    return Report(
        territory=dataset.territory,
        period=period,
        referential=todo.referential,
        results=tuple(results),
        issues=tuple(issues) + data_issues(dataset),
    )


def evaluate_series(
    dataset: Dataset,
    periods: Iterable[Period],
    *,
    indicators: Iterable[str] | None = None,
    issues: Iterable[Issue] = (),
    referential: Referential | None = None,
    progress: Progress | None = None,
    **parameters: Any,
) -> Series:
    """Evaluate indicators over successive periods, sharing the period-independent work.

    The columnar attributions (communes, places, mediators, actors, first participations) are
    computed once for all periods. ``indicators``, ``issues``, ``referential`` and ``parameters`` are
    those of :func:`evaluate`. ``progress``, when given, is called as ``progress(done, total, label)``
    after each period (``label``: the French label of the period just evaluated).
    """
    todo = plan(indicators, referential, **parameters)
    scope = Scope.single(dataset)
    found = tuple(issues) + data_issues(dataset)
    reports = []
    wanted = tuple(periods)
    for done, period in enumerate(wanted, start=1):
        results = _run(todo, Context(scope, period))[0]
        reports.append(
            Report(
                territory=dataset.territory,
                period=period,
                referential=todo.referential,
                results=tuple(results),
                issues=found,
            )
        )
        if progress is not None:
            progress(done, len(wanted), period.label)
    return Series(territory=dataset.territory, reports=tuple(reports))


def _layers(territories: Sequence[Territory]) -> list[list[int]]:
    """Split territories into layers of pairwise disjoint ones (greedy, order kept)."""
    every = [c.code_insee for t in territories for c in t.communes]
    if territories and len(set(every)) == len(every):  # disjoint already (e.g. the EPCIs): one layer
        return [list(range(len(territories)))]
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
    referential: Referential | None = None,
    threads: int | None = None,
    **parameters: Any,
) -> dict[str, Report]:
    """Evaluate many territories from one dataset (e.g. every EPCI of a national dataset).

    Disjoint territories are evaluated together: one columnar pass per indicator for all of them.
    Overlapping territories (e.g. EPCIs and départements) are split into layers of disjoint ones.
    Results are identical to evaluating each territory separately on a dataset whose territory is
    that territory.

    Parameters
    ----------
    dataset:
        The data (e.g. a national dataset).
    period:
        The period.
    territories:
        The territories to evaluate; codes must be distinct.
    indicators:
        Codes to evaluate, as in :func:`evaluate`.
    progress:
        Called after each layer of disjoint territories with ``(done, total, label)``.
    referential:
        The referential to follow, as in :func:`evaluate`.
    threads:
        Threads the indicators are computed on (default: one per core); the reports are the same
        whatever the number.
    **parameters:
        Parameter values by keyword, as in :func:`evaluate`.

    Returns
    -------
    dict[str, Report]
        One report per territory, keyed by territory code, in the order given.
    """
    todo = plan(indicators, referential, **parameters)
    terr = list(territories)
    codes = [t.code for t in terr]
    if len(set(codes)) != len(codes):
        raise InvalidInputError("des territoires évalués ensemble portent le même code")
    n_threads = _threads(threads)
    out: dict[str, Report] = {}
    layers = _layers(terr)
    for n_layer, members in enumerate(layers):
        chosen = [terr[i] for i in members]
        with _collector_paused():
            per_group = _run(todo, Context(Scope(dataset, Groups(dataset, chosen)), period), n_threads)
            for t, results in zip(chosen, per_group, strict=True):
                out[t.code] = Report(territory=t, period=period, referential=todo.referential, results=tuple(results))
        if progress is not None:
            progress(n_layer + 1, len(layers), "territoires évalués")
    return {code: out[code] for code in codes}

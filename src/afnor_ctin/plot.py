"""Plotting helpers for notebooks (matplotlib, optional, imported lazily).

Install with ``pip install 'afnor-ctin[notebook]'``; without matplotlib every function raises
:class:`~afnor_ctin.report.notebook.MissingExtraError` with that command. Each function draws on the
given Axes (or on a new figure) and returns what it drew on, so that it can be tuned further.

Shares (unit ``part``) are drawn as percentages; an indicator that is not computable for a period
leaves a gap instead of a made-up zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from afnor_ctin.report.notebook import require

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from afnor_ctin.dataset import Dataset
    from afnor_ctin.evaluate import Series
    from afnor_ctin.results import IndicatorResult, Report

__all__ = ["MAX_TICKS", "ROTATE_BEYOND", "plot_communes", "plot_indicators", "plot_series"]

#: At most this many period labels on the x axis of :func:`plot_series` (the others are thinned out).
MAX_TICKS = 12
#: Beyond this many labels, they are rotated so that they do not overlap.
ROTATE_BEYOND = 4


def _pyplot() -> Any:
    return require("matplotlib.pyplot")


def _scale(unit: str) -> tuple[float, str]:
    """Factor and axis label of a unit (shares become percentages)."""
    if unit == "part":
        return 100.0, "%"
    return 1.0, unit


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    _, new = _pyplot().subplots(figsize=figsize)
    result: Axes = new
    return result


def _series_points(series: Series, code: str) -> tuple[list[str], list[float], str, str]:
    """Period labels, scaled values (NaN for a gap), axis label and title of one indicator."""
    if len(series) == 0:
        from afnor_ctin.errors import InvalidInputError

        raise InvalidInputError("la série ne contient aucune période")
    first = series[0][code]
    factor, unit = _scale(first.unit)
    values = [float("nan") if v is None else float(v) * factor for v in series.values(code)]
    labels = [p.label for p in series.periods]
    return labels, values, unit, f"{first.code} — {first.label}"


def plot_series(series: Series, code: str, *, ax: Axes | None = None) -> Axes:
    """One indicator over successive periods (line with markers).

    Parameters
    ----------
    series:
        The reports over periods (:func:`afnor_ctin.evaluate_series`).
    code:
        Indicator code, e.g. ``"I04"``.
    ax:
        Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    afnor_ctin.errors.UnknownCodeError
        When the series has no such indicator.
    afnor_ctin.report.notebook.MissingExtraError
        When matplotlib is not installed.
    """
    labels, values, unit, heading = _series_points(series, code)
    axes = _axes(ax, (7.0, 3.5))
    positions = list(range(len(labels)))
    axes.plot(positions, values, marker="o")
    step = -(-len(labels) // MAX_TICKS)  # at most MAX_TICKS labels: every step-th period
    shown = positions[::step]
    axes.set_xticks(shown, [labels[i] for i in shown])
    if len(shown) > ROTATE_BEYOND:
        axes.tick_params(axis="x", labelrotation=45)
        for tick in axes.get_xticklabels():
            tick.set_horizontalalignment("right")
    if all(v >= 0 for v in values if v == v):  # counts, shares, amounts: the axis starts at 0
        axes.set_ylim(bottom=0)
    axes.set_title(heading)
    axes.set_xlabel("Période")
    axes.set_ylabel(unit)
    axes.grid(True, alpha=0.3)
    return axes


def plot_communes(
    result: IndicatorResult,
    *,
    dataset: Dataset | Report | None = None,
    names: dict[str, str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The breakdown of one indicator by commune (horizontal bars, largest at the top).

    Parameters
    ----------
    result:
        An indicator result that has a breakdown by commune (``by_commune``).
    dataset:
        The dataset (or report) whose territory names the communes on the labels.
    names:
        INSEE code → commune name, for the labels; overrides ``dataset``'s names (default: the codes).
    ax:
        Axes to draw on (default: a new figure sized to the number of communes).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    afnor_ctin.errors.InvalidInputError
        When the indicator has no breakdown by commune.
    """
    if result.by_commune is None:
        from afnor_ctin.errors import InvalidInputError

        raise InvalidInputError(f"{result.code} n'a pas de répartition par commune")
    items = sorted(((k, v) for k, v in result.by_commune.items() if v is not None), key=lambda kv: float(kv[1] or 0))
    known = {c.code_insee: c.name for c in dataset.territory.communes} if dataset is not None else {}
    known.update(names or {})
    labels = [known.get(k, k) for k, _ in items]
    values = [float(v or 0) for _, v in items]
    axes = _axes(ax, (7.0, max(2.5, 0.28 * len(items) + 1.0)))
    axes.barh(labels, values)
    axes.set_title(f"{result.code} — {result.label}")
    axes.set_xlabel("valeur par commune")
    axes.grid(True, axis="x", alpha=0.3)
    return axes


def plot_indicators(series: Series, codes: Sequence[str], *, ncols: int = 2) -> Figure:
    """Several indicators over periods, side by side (one small chart each).

    Parameters
    ----------
    series:
        The reports over periods.
    codes:
        Indicator codes, e.g. ``["I03", "I04", "I05"]``.
    ncols:
        Number of charts per row.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, one axes per indicator (unused axes hidden).
    """
    from afnor_ctin.errors import InvalidInputError

    if not codes:
        raise InvalidInputError("indiquez au moins un code d'indicateur")
    if ncols < 1:
        raise InvalidInputError(f"ncols : entier ≥ 1 attendu (reçu {ncols})")
    plt = _pyplot()
    ncols = min(ncols, len(codes))
    nrows = -(-len(codes) // ncols)
    figure, grid = plt.subplots(nrows, ncols, figsize=(4.5 * ncols, 3.0 * nrows), squeeze=False)
    cells = [a for row in grid for a in row]
    for axes, code in zip(cells, codes, strict=False):
        plot_series(series, code, ax=axes)
        axes.set_title(axes.get_title(), fontsize="small")
    for axes in cells[len(codes) :]:
        axes.set_visible(False)
    figure.tight_layout()
    result: Figure = figure
    return result

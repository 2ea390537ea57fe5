"""Plotting helpers, drawn with the Agg backend."""

from __future__ import annotations

import builtins
import math
import sys
from typing import Any

import pytest

from afnor_ctin import InvalidInputError, Period, evaluate, evaluate_series
from afnor_ctin.report.notebook import MissingExtraError
from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
plt = pytest.importorskip("matplotlib.pyplot")

from afnor_ctin.plot import plot_communes, plot_indicators, plot_series  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def series() -> Any:
    return evaluate_series(worked_example(), list(Period.year(2024).quarters()))


def test_plot_series_draws_the_values_in_period_order(series: Any) -> None:
    ax = plot_series(series, "I04")
    (line,) = ax.get_lines()
    assert list(line.get_ydata()) == [float(v) for v in series.values("I04")]
    assert [t.get_text() for t in ax.get_xticklabels()] == [p.label for p in series.periods]
    assert ax.get_title().startswith("I04 — ")
    assert ax.get_ylabel() == "actions"


def test_plot_series_shares_in_percent_and_gaps_for_not_computable(series: Any) -> None:
    ax = plot_series(series, "I02")
    assert list(ax.get_lines()[0].get_ydata()) == pytest.approx([v * 100 for v in series.values("I02")])
    assert ax.get_ylabel() == "%"
    early = evaluate_series(worked_example(), [Period.year(2019), Period.year(2024)], indicators=["I06"])
    ydata = plot_series(early, "I06").get_lines()[0].get_ydata()
    assert math.isnan(ydata[0])
    assert ydata[1] == pytest.approx(early.values("I06")[1])


def test_plot_series_on_given_axes_and_unknown_code(series: Any) -> None:
    _, ax = plt.subplots()
    assert plot_series(series, "I05", ax=ax) is ax
    with pytest.raises(LookupError):
        plot_series(series, "I99")


def test_plot_communes_sorted_bars_with_names() -> None:
    report = evaluate(worked_example(), WORKED_EXAMPLE_PERIOD)
    result = report["I04"]
    names = {c.code_insee: c.name for c in worked_example().territory.communes}
    ax = plot_communes(result, names=names)
    widths = [bar.get_width() for bar in ax.patches]
    assert sorted(widths) == widths
    assert sorted(widths) == sorted(float(v) for v in result.by_commune.values())
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert set(labels) == {names[k] for k in result.by_commune}
    with pytest.raises(InvalidInputError, match="répartition par commune"):
        plot_communes(report["I03"])


def test_plot_indicators_one_axes_per_code(series: Any) -> None:
    figure = plot_indicators(series, ["I01", "I04", "I05"], ncols=2)
    visible = [ax for ax in figure.axes if ax.get_visible()]
    assert [ax.get_title()[:3] for ax in visible] == ["I01", "I04", "I05"]
    assert len(figure.axes) == 4
    with pytest.raises(InvalidInputError):
        plot_indicators(series, [])


def test_without_matplotlib_a_french_install_hint(monkeypatch: pytest.MonkeyPatch, series: Any) -> None:
    real_import = builtins.__import__

    def no_matplotlib(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("matplotlib"):
            raise ImportError("pas de matplotlib")
        return real_import(name, *args, **kwargs)

    for name in [m for m in sys.modules if m.startswith("matplotlib")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    with pytest.raises(MissingExtraError, match=r"afnor-ctin\[notebook\]"):
        plot_series(series, "I04")


def test_plot_series_by_month_thins_and_rotates_labels_and_starts_at_zero() -> None:
    from afnor_ctin.plot import MAX_TICKS

    months = list(Period.between("2023-01-01", "2024-12-31").months())
    ax = plot_series(evaluate_series(worked_example(), months, indicators=["I04"]), "I04")
    labels = [t for t in ax.get_xticklabels() if t.get_text()]
    assert 1 < len(labels) <= MAX_TICKS
    assert labels[0].get_text() == "janvier 2023"
    assert all(t.get_rotation() == 45 for t in labels)
    assert ax.get_ylim()[0] == 0


def test_plot_communes_takes_the_names_from_the_dataset() -> None:
    ds = worked_example()
    result = evaluate(ds, WORKED_EXAMPLE_PERIOD)["I04"]
    assert result.by_commune
    ax = plot_communes(result, dataset=ds)
    names = {c.name for c in ds.territory.communes}
    assert {t.get_text() for t in ax.get_yticklabels()} <= names

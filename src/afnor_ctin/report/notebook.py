"""Notebook display: compact French HTML summaries and pandas tables.

Jupyter shows a :class:`~afnor_ctin.report.result.Report`, an
:class:`~afnor_ctin.report.result.IndicatorResult` or a :class:`~afnor_ctin.dataset.Dataset` through
their ``_repr_html_`` methods, which call the functions of this module. pandas is optional: it is
imported only by the ``to_pandas`` functions, with a French message when it is missing.

>>> from afnor_ctin.testing.examples import worked_example
>>> "Participations" in dataset_html(worked_example())
True
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from afnor_ctin.display import html_table
from afnor_ctin.errors import MissingExtraError
from afnor_ctin.report.render._format import (
    flags_text,
    format_component,
    format_value,
    period_text,
    title,
)

if TYPE_CHECKING:
    import pandas as pd

    from afnor_ctin.dataset import Dataset
    from afnor_ctin.report.result import IndicatorResult, Report

__all__ = [
    "REPORT_COLUMNS",
    "SERIES_COLUMNS",
    "MissingExtraError",
    "dataset_html",
    "report_html",
    "report_to_pandas",
    "require",
    "result_html",
    "rows_to_pandas",
    "series_to_pandas",
]


def require(module: str) -> Any:
    """Import an optional dependency, or raise :class:`MissingExtraError` with the install command.

    Parameters
    ----------
    module:
        Module name, e.g. ``"pandas"`` or ``"matplotlib.pyplot"``.
    """
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        top = module.split(".")[0]
        raise MissingExtraError(
            f"cette fonction a besoin de {top}, qui n'est pas installé : pip install 'afnor-ctin[notebook]'"
        ) from exc


def _e(text: object) -> str:
    return html.escape(str(text))


def _value(result: IndicatorResult) -> str:
    return format_value(result.value, result.unit) if result.computable else "non calculable"


def report_html(report: Report) -> str:
    """A compact French HTML summary of a report: code, indicateur, valeur, statut, drapeaux."""
    caption = (
        f"<b>{_e(title(report))}</b> — période {_e(period_text(report))} — référentiel "
        f"{_e(report.referential.id)}, révision {report.referential.revision}"
    )
    rows = [
        [
            (_e(r.code), False),
            (_e(r.label), False),
            (_e(_value(r)), True),
            (_e(r.status.label), False),
            (_e(flags_text(r)), False),
        ]
        for r in report.results
    ]
    out = html_table(["Code", "Indicateur", "Valeur", "Statut", "Drapeaux"], rows, caption)
    if report.issues:
        out += f"<p>{len(report.issues)} signalement(s) sur les données.</p>"
    return out


def result_html(result: IndicatorResult) -> str:
    """A compact French HTML summary of one result: value, status, flags, reason and components."""
    rows = [[("Valeur", False), (_e(_value(result)), True)], [("Statut", False), (_e(result.status.label), False)]]
    if result.flags:
        rows.append([("Drapeaux", False), (_e(flags_text(result)), False)])
    if result.reason:
        rows.append([("Raison", False), (_e(result.reason), False)])
    rows += [
        [(f"<code>{_e(name)}</code>", False), (_e(format_component(name, value, code=result.code)), True)]
        for name, value in result.components.items()
    ]
    if result.by_commune is not None:
        rows.append([("Communes", False), (f"{len(result.by_commune)} (répartition : <code>by_commune</code>)", True)])
    return html_table(["", ""], rows, f"<b>{_e(result.code)} — {_e(result.label)}</b>")


def dataset_html(dataset: Dataset) -> str:
    """A compact French HTML summary of a dataset: territory, communes and counts per entity."""
    return dataset._repr_html_()


def rows_to_pandas(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    """A pandas DataFrame from row dictionaries (pandas imported lazily)."""
    pandas = require("pandas")
    frame: pd.DataFrame = pandas.DataFrame(list(rows), columns=list(columns))
    return frame


#: Columns of :func:`report_to_pandas`.
REPORT_COLUMNS = (
    "code",
    "indicateur",
    "valeur",
    "unite",
    "statut",
    "drapeaux",
    "raison",
    "territoire",
    "debut",
    "fin",
)


def report_to_pandas(report: Report) -> pd.DataFrame:
    """One row per indicator: code, label, value, unit, status, flags, reason, territory and period."""
    rows = [
        {
            "code": r.code,
            "indicateur": r.label,
            "valeur": r.value,
            "unite": r.unit,
            "statut": r.status.value,
            "drapeaux": ",".join(f.value for f in r.flags),
            "raison": r.reason,
            "territoire": report.territory.code,
            "debut": report.period.start.isoformat(),
            "fin": report.period.end.isoformat(),
        }
        for r in report.results
    ]
    return rows_to_pandas(rows, REPORT_COLUMNS)


#: Columns of :func:`series_to_pandas` (those of :meth:`afnor_ctin.evaluate.Series.to_long`).
SERIES_COLUMNS = ("debut", "fin", "periode", "code", "indicateur", "valeur", "unite", "statut")


def series_to_pandas(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """Long format, one row per (period, indicator); ``debut`` and ``fin`` as pandas timestamps."""
    pandas = require("pandas")
    frame = rows_to_pandas(rows, SERIES_COLUMNS)
    for column in ("debut", "fin"):
        frame[column] = pandas.to_datetime(frame[column])
    return frame

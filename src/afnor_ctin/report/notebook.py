"""Notebook display: compact French HTML tables, the dataset summary and pandas tables.

Jupyter shows a :class:`~afnor_ctin.dataset.Dataset` through its ``_repr_html_`` method
(:mod:`afnor_ctin.display`, which :func:`dataset_html` calls); reports and results are shown by
:mod:`afnor_ctin.report.display`, which uses the table builder of :mod:`afnor_ctin.display`. pandas
is optional: it is imported only by the ``to_pandas`` functions, with a French message when it is
missing.

>>> from afnor_ctin.testing.examples import worked_example
>>> "Participations" in dataset_html(worked_example())
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from afnor_ctin.display import html_table
from afnor_ctin.errors import MissingExtraError
from afnor_ctin.results import Report

if TYPE_CHECKING:
    import pandas as pd

    from afnor_ctin.dataset import Dataset

__all__ = [
    "REPORT_COLUMNS",
    "SERIES_COLUMNS",
    "MissingExtraError",
    "dataset_html",
    "html_table",
    "report_to_pandas",
    "require",
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

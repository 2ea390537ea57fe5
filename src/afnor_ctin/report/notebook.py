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
from afnor_ctin.results import Report, Status

if TYPE_CHECKING:
    import pandas as pd

    from afnor_ctin.dataset import Dataset

__all__ = [
    "COMMUNE_COLUMNS",
    "REPORT_COLUMNS",
    "SERIES_COLUMNS",
    "MissingExtraError",
    "communes_to_pandas",
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


#: Columns of :func:`report_to_pandas`: French labels and their stable codes in separate columns.
REPORT_COLUMNS = (
    "code",
    "indicateur",
    "valeur",
    "unite",
    "statut",
    "code_statut",
    "drapeaux",
    "codes_drapeaux",
    "raison",
    "territoire",
    "debut",
    "fin",
)


def _dates(frame: pd.DataFrame) -> pd.DataFrame:
    pandas = require("pandas")
    for column in ("debut", "fin"):
        frame[column] = pandas.to_datetime(frame[column])
    return frame


def report_to_pandas(report: Report) -> pd.DataFrame:
    """One row per indicator: code, label, value, unit, status and flags (label and code), reason, period.

    ``statut`` and ``drapeaux`` are the French labels, ``code_statut`` and ``codes_drapeaux`` the stable
    codes (``ok``, ``upper_bound``…); ``debut`` and ``fin`` are pandas timestamps.
    """
    rows = [
        {
            "code": r.code,
            "indicateur": r.label,
            "valeur": r.value,
            "unite": r.unit,
            "statut": r.status.label,
            "code_statut": r.status.value,
            "drapeaux": ", ".join(f.label for f in r.flags),
            "codes_drapeaux": ",".join(f.value for f in r.flags),
            "raison": r.reason,
            "territoire": report.territory.code,
            "debut": report.period.start.isoformat(),
            "fin": report.period.end.isoformat(),
        }
        for r in report.results
    ]
    return _dates(rows_to_pandas(rows, REPORT_COLUMNS))


#: Columns of :func:`communes_to_pandas`.
COMMUNE_COLUMNS = ("code", "indicateur", "code_insee", "commune", "valeur", "unite", "territoire", "debut", "fin")


def communes_to_pandas(report: Report) -> pd.DataFrame:
    """One row per commune and indicator with a breakdown by commune (names from the territory)."""
    names = {c.code_insee: c.name for c in report.territory.communes}
    rows = [
        {
            "code": r.code,
            "indicateur": r.label,
            "code_insee": insee,
            "commune": names.get(insee, ""),
            "valeur": value,
            "unite": r.unit,
            "territoire": report.territory.code,
            "debut": report.period.start.isoformat(),
            "fin": report.period.end.isoformat(),
        }
        for r in report.results
        if r.by_commune is not None
        for insee, value in r.by_commune.items()
    ]
    return _dates(rows_to_pandas(rows, COMMUNE_COLUMNS))


#: Columns of :func:`series_to_pandas` (those of :meth:`afnor_ctin.evaluate.Series.to_long`, status split).
SERIES_COLUMNS = ("debut", "fin", "periode", "code", "indicateur", "valeur", "unite", "statut", "code_statut")


def series_to_pandas(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """Long format, one row per (period, indicator); ``debut`` and ``fin`` as pandas timestamps.

    ``statut`` is the French label of the status and ``code_statut`` its stable code.
    """
    labelled = [{**row, "statut": Status(row["statut"]).label, "code_statut": row["statut"]} for row in rows]
    return _dates(rows_to_pandas(labelled, SERIES_COLUMNS))

"""Notebook display: compact French HTML tables, the dataset summary and pandas tables.

Jupyter shows a :class:`~afnor_ctin.dataset.Dataset` through its ``_repr_html_`` method, which calls
:func:`dataset_html`; reports and results are shown by :mod:`afnor_ctin.report.display`, which uses
the table builder of this module. pandas is optional: it is imported only by the ``to_pandas``
functions, with a French message when it is missing. This module reads no catalogue, so that the
dataset's display imports nothing above it.

>>> from afnor_ctin.testing.examples import worked_example
>>> "Participations" in dataset_html(worked_example())
True
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from afnor_ctin.errors import CtinError
from afnor_ctin.report.french import format_number, format_value
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

_STYLE = (
    "<style>"
    ".ctin-table{border-collapse:collapse;font-size:0.9em}"
    ".ctin-table th,.ctin-table td{padding:0.2em 0.6em;border-bottom:1px solid #ddd;text-align:left}"
    ".ctin-table td.num{text-align:right;white-space:nowrap}"
    "</style>"
)

_ENTITY_LABELS = {
    "acteurs": "Acteurs",
    "lieux": "Lieux",
    "mediateurs": "Médiateurs",
    "actions": "Actions",
    "beneficiaires": "Bénéficiaires",
    "participations": "Participations",
    "financements": "Financements",
}


class MissingExtraError(CtinError, ImportError):
    """An optional dependency (pandas, matplotlib) is not installed."""


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


def html_table(header: Sequence[str], rows: Sequence[Sequence[tuple[str, bool]]], caption: str = "") -> str:
    """A compact HTML table; each cell is (already escaped HTML, right-aligned)."""
    out = [_STYLE, '<table class="ctin-table">']
    if caption:
        out.append(f"<caption>{caption}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in header) + "</tr></thead><tbody>")
    for row in rows:
        cells = "".join(f'<td class="num">{c}</td>' if right else f"<td>{c}</td>" for c, right in row)
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def dataset_html(dataset: Dataset) -> str:
    """A compact French HTML summary of a dataset: territory, communes and counts per entity."""
    t = dataset.territory
    population = sum(c.population for c in t.communes)
    rows = [
        [("Territoire", False), (_e(f"{t.name} ({t.level.label} {t.code})"), False)],
        [("Communes", False), (_e(format_number(len(t.communes))), True)],
        [("Population", False), (_e(format_value(population, "habitants")), True)],
        [("QPV", False), (_e(str(len(t.qpvs))), True)],
    ]
    rows += [
        [(_e(_ENTITY_LABELS.get(name, name)), False), (_e(format_number(count)), True)]
        for name, count in dataset.counts().items()
    ]
    return html_table(["", ""], rows, "<b>Jeu de données CTIN</b>")


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

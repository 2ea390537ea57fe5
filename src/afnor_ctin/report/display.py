"""Jupyter display of reports and results: compact French HTML summaries with the catalogue's labels.

Importing this module installs the presenters of :class:`~afnor_ctin.results.Report`,
:class:`~afnor_ctin.results.IndicatorResult` and :class:`~afnor_ctin.results.Series`
(``_repr_html_`` and ``to_pandas``; see :func:`afnor_ctin.results.install_presenter`);
:mod:`afnor_ctin` imports it.

>>> from afnor_ctin.testing.examples import worked_example, WORKED_EXAMPLE_PERIOD
>>> from afnor_ctin import evaluate
>>> "Lieux actifs" in result_html(evaluate(worked_example(), WORKED_EXAMPLE_PERIOD)["I01"])
True
"""

from __future__ import annotations

import html

from afnor_ctin.catalog import catalog
from afnor_ctin.report.french import flags_text, format_value, period_text, referential_text, title
from afnor_ctin.report.notebook import communes_to_pandas, html_table, report_to_pandas, series_to_pandas
from afnor_ctin.report.render._format import component_label, format_component
from afnor_ctin.results import IndicatorResult, Report, Series, install_presenter

__all__ = ["SERIES_HTML_PERIODS", "report_html", "result_html", "series_html"]


def _e(text: object) -> str:
    return html.escape(str(text))


def _value(result: IndicatorResult) -> str:
    return format_value(result.value, result.unit) if result.computable else "non calculable"


def report_html(report: Report) -> str:
    """A compact French HTML summary of a report: code, indicateur, valeur, statut, drapeaux."""
    caption = (
        f"<b>{_e(title(report))}</b> — période {_e(period_text(report))} — référentiel {_e(referential_text(report))}"
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
    """A compact French HTML summary of one result: value, status, flags, reason and labelled components."""
    spec = catalog.get(result.code) if result.code in catalog else None
    rows = [[("Valeur", False), (_e(_value(result)), True)], [("Statut", False), (_e(result.status.label), False)]]
    if result.flags:
        rows.append([("Drapeaux", False), (_e(flags_text(result)), False)])
    if result.reason:
        rows.append([("Raison", False), (_e(result.reason), False)])
    for name, value in result.components.items():
        record = None if spec is None else spec.component(name)
        label = (
            f"{_e(component_label(record, name))} (<code>{_e(name)}</code>)" if record else f"<code>{_e(name)}</code>"
        )
        rows.append([(label, False), (_e(format_component(value, record, name=name, code=result.code)), True)])
    if result.by_commune is not None:
        rows.append([("Communes", False), (f"{len(result.by_commune)} (répartition : <code>by_commune</code>)", True)])
    return html_table(["", ""], rows, f"<b>{_e(result.code)} — {_e(result.label)}</b>")


#: At most this many periods in the notebook table of a series (the first and last halves beyond).
SERIES_HTML_PERIODS = 12


def series_html(series: Series) -> str:
    """A compact French HTML table of a series: indicators as rows, periods as columns.

    Beyond :data:`SERIES_HTML_PERIODS` periods, the first and last ones are shown around a « … » column.
    """
    reports = list(series.reports)
    if not reports:
        return "<p>Série vide : aucune période.</p>"
    half = SERIES_HTML_PERIODS // 2
    shown: list[Report | None] = list(reports)
    if len(reports) > SERIES_HTML_PERIODS:
        shown = [*reports[:half], None, *reports[-half:]]
    header = ["Code", "Indicateur", *(r.period.label if r else "…" for r in shown)]
    rows = []
    for result in reports[0].results:
        cells = [(_e(result.code), False), (_e(result.label), False)]
        for report in shown:
            try:
                text = "…" if report is None else _value(report[result.code])
            except LookupError:
                text = "—"
            cells.append((_e(text), True))
        rows.append(cells)
    first, last = reports[0].period.label, reports[-1].period.label
    caption = f"<b>{_e(title(reports[0]))}</b> — {len(reports)} période(s), de {_e(first)} à {_e(last)}"
    return html_table(header, rows, caption)


def _series_to_pandas(series: Series) -> object:
    return series_to_pandas(series.to_long())


install_presenter("report_html", report_html)
install_presenter("result_html", result_html)
install_presenter("series_html", series_html)
install_presenter("report_pandas", report_to_pandas)
install_presenter("communes_pandas", communes_to_pandas)
install_presenter("series_pandas", _series_to_pandas)

"""The XLSX workbook of a report or of a series of reports (``afnor-ctin report/trend --format xlsx``).

Sheets, in order:

- « Synthèse »: territory, period(s) with their dates, the referential by its title (id and revision
  next to it), notes and the secrecy legend; then, before any figure, the data quality of
  :class:`~afnor_ctin.report.render.quality.QualitySummary` (the verdicts first, rows read, loaded
  and rejected per file, rows ignored, incomplete indicators, the issues grouped by cause); then one
  row per indicator (code linked to its sheet, French label, value with its number format and unit,
  status, flags, headline sentence) — for a series, one column per period.
- One sheet per indicator (« I01 Cartographie des acteurs »): the headline sentence
  (:func:`~afnor_ctin.report.render._explain.headline_sentence`); its definition; the headline; the
  components with the French labels of the catalogue's component records; each mapping (by role,
  by funder…) keyed by its enumeration's labels, with a native bar chart; the breakdown by commune
  (INSEE code, commune name, the figure's unit in the header) with its bar chart. For a series: one
  row per value and one column per period, with a line chart of the headline over the periods, then
  the breakdown by commune with one column per period.
- « Qualité »: every issue, cause after cause (severity, code, file, line, column, value, message).
- « Données »: the flat table of :func:`~afnor_ctin.report.render.tabular.rows`, labelled.

Shares are formatted in per cent, amounts in euros, counts with thousands separators, dates as
``DD/MM/YYYY``; header rows are frozen and column widths fitted. Text cells are protected against
formula injection; masked values (statistical secrecy) are :data:`~.secrecy.MARKER`. The file is
written through a temporary sibling and :func:`os.replace`, never half-written.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink

from afnor_ctin.catalog import Component, ComponentKind, IndicatorSpec, Keys
from afnor_ctin.errors import Issue, Severity
from afnor_ctin.io.atomic import atomic_path
from afnor_ctin.report.french import commune_names, flags_text, is_fictional, referential_text, title
from afnor_ctin.report.render._explain import headline_sentence
from afnor_ctin.report.render._format import Context, component_label
from afnor_ctin.report.render._sheet import INTEGER, Sheet, XCell, number_format, unit_text
from afnor_ctin.report.render.quality import QualitySummary, quality_summary
from afnor_ctin.report.render.secrecy import MARKER, Masking, legend
from afnor_ctin.report.render.tabular import COLUMNS, number_cell, table_rows
from afnor_ctin.results import ComponentValue, IndicatorResult, Report

__all__ = ["SUMMARY", "sheet_name", "write_xlsx"]

#: Name of the summary sheet, the first of the workbook.
SUMMARY = "Synthèse"

_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
_ISSUES = "Qualité"  # the sheet listing every issue
_FROZEN_MAX = 25  # a summary table whose header is lower than this row is not frozen (it would fill the screen)
_CHART_COLUMN = 5  # charts sit right of the tables (which use columns A to C)


def sheet_name(result: IndicatorResult) -> str:
    """The name of an indicator's sheet: code and label, within Excel's 31 characters.

    >>> sheet_name(IndicatorResult(code="I04", label="Actions d'accompagnement", label_en="", value=1, unit=""))
    "I04 Actions d'accompagnement"
    """
    return f"{result.code} {result.label}".translate(_FORBIDDEN)[:31].rstrip()


def _date(value: dt.date) -> dt.date:
    return dt.date(value.year, value.month, value.day)


def _status(result: IndicatorResult) -> str:
    return result.status.label if result.computable or not result.reason else f"{result.status.label} : {result.reason}"


def _unit_of(record: Component | None) -> str:
    if record is None:
        return ""
    return "€" if record.kind in (ComponentKind.AMOUNT, ComponentKind.AMOUNTS) else record.unit


def _masked(masking: Masking | None, *path: str) -> bool:
    return masking is not None and masking.masked(*path)


def _headline(result: IndicatorResult, masking: Masking | None) -> XCell:
    return MARKER if _masked(masking, result.code) else number_cell(result.value)


# -- summary -------------------------------------------------------------------------------------------
def _heading(sheet: Sheet, reports: Sequence[Report], ctx: Context) -> None:
    first, last = reports[0], reports[-1]
    sheet.line(f"Indicateurs CTIN — {title(first)}", bold=True, size=14)
    if is_fictional(first):
        sheet.line("DONNÉES FICTIVES : ce classeur ne décrit pas un territoire réel.", bold=True)
    if len(reports) > 1:
        span = f"{first.period.label} à {last.period.label}"
        sheet.line("Périodes", span, _date(first.period.start), _date(last.period.end))
    else:
        sheet.line("Période", first.period.label, _date(first.period.start), _date(first.period.end))
    sheet.line(f"Référentiel : {referential_text(first)}")
    for note in ctx.notes:
        sheet.line(note)
    threshold = ctx.threshold()
    if threshold is not None:
        sheet.line(legend(threshold))
    sheet.skip()
    _quality(sheet, ctx.quality or quality_summary(reports))


def _link(sheet: Sheet, column: int, result: IndicatorResult) -> None:
    cell = sheet.cell(column, result.code)
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"{quote_sheetname(sheet_name(result))}!A1")
    cell.style = "Hyperlink"


def _sentence(result: IndicatorResult, report: Report, ctx: Context, masking: Masking | None) -> str:
    return headline_sentence(result, ctx.specs.get(result.code), masking, commune_names(report))


def _freeze_table(sheet: Sheet, header: int, columns: int = 0) -> None:
    """Freeze the rows down to the table's header, unless they would fill the screen."""
    if header <= _FROZEN_MAX:
        sheet.freeze_above(header + 1, columns=columns)


def _summary(sheet: Sheet, report: Report, ctx: Context) -> None:
    _heading(sheet, [report], ctx)
    sheet.line("Indicateurs", bold=True, size=12)
    header = sheet.header("Code", "Indicateur", "Valeur", "Unité", "Statut", "Drapeaux", "En clair")
    masking = ctx.mask(0)
    for result in report.results:
        record = ctx.record(result.code, "value")
        value = _headline(result, masking)
        _link(sheet, 1, result)
        sheet.cell(7, _sentence(result, report, ctx, masking), fit=False)  # a sentence, last: it overflows
        sheet.put(
            [None, result.label, value, unit_text(result.unit), _status(result), flags_text(result)],
            [None, None, number_format(result.unit, record, result.value)],
        )
    _freeze_table(sheet, header)


def _series_summary(sheet: Sheet, reports: Sequence[Report], ctx: Context) -> None:
    _heading(sheet, reports, ctx)
    sheet.line("Évolution des indicateurs", bold=True, size=12)
    last = reports[-1]
    periods = [r.period.label for r in reports]
    header = sheet.header("Code", "Indicateur", "Unité", *periods, f"En clair ({last.period.label})")
    for result in reports[0].results:
        record = ctx.record(result.code, "value")
        found = dict(_over_periods(reports, result.code))
        values = [_headline(found[i], ctx.mask(i)) if i in found else None for i in range(len(reports))]
        _link(sheet, 1, result)
        final = found.get(len(reports) - 1)
        if final is not None:
            sentence = _sentence(final, last, ctx, ctx.mask(len(reports) - 1))
            sheet.cell(4 + len(reports), sentence, fit=False)  # a sentence, last: it overflows
        fmt = number_format(result.unit, record, result.value)
        sheet.put([None, result.label, unit_text(result.unit), *values], [None, None, None] + [fmt] * len(values))
    _freeze_table(sheet, header, columns=3)


def _over_periods(reports: Sequence[Report], code: str) -> list[tuple[int, IndicatorResult]]:
    """The result of ``code`` in each report (with the report's index), in period order."""
    found = []
    for i, report in enumerate(reports):
        result = next((r for r in report.results if r.code == code), None)
        if result is not None:
            found.append((i, result))
    return found


def _issues(summary: QualitySummary) -> list[Issue]:
    """Every issue of the summary, cause after cause."""
    return [i for group in summary.groups for i in group.issues]


def _file_rows(summary: QualitySummary) -> list[list[XCell]]:
    """Per file: rows read, loaded, rejected (counted from the errors when the load is unknown), issues."""
    issues = _issues(summary)
    counts = {f.file: f for f in summary.files}
    out: list[list[XCell]] = []
    for name in dict.fromkeys([*counts, *sorted({i.file or "" for i in issues})]):
        mine = [i for i in issues if (i.file or "") == name]
        known = counts.get(name)
        errors = {i.line for i in mine if i.severity is Severity.ERROR and i.line is not None}
        by_severity = Counter(i.severity for i in mine)
        out.append(
            [
                name or "(hors fichier)",
                None if known is None else known.read,
                None if known is None else known.loaded,
                len(errors) if known is None else known.rejected,
                by_severity[Severity.ERROR],
                by_severity[Severity.WARNING],
                by_severity[Severity.INFO],
            ]
        )
    return out


def _quality(sheet: Sheet, summary: QualitySummary) -> None:
    """The data-quality block the summary opens with: verdicts, rows per file, ignored rows, causes."""
    sheet.line("Qualité des données", bold=True, size=12)
    for verdict in summary.verdicts:
        sheet.line(verdict, bold=True)
    if not summary.verdicts and not summary.groups:
        sheet.line(summary.no_issue_sentence())
    for fact in summary.facts():
        sheet.line(fact)
    rows = _file_rows(summary)
    if not rows:
        sheet.skip()
        return
    sheet.header(
        "Fichier", "Lignes lues", "Lignes chargées", "Lignes rejetées", "Erreurs", "Avertissements", "Informations"
    )
    for row in rows:
        sheet.put(row, [None, *[INTEGER] * 6])
    if summary.groups:
        sheet.skip()
        sheet.header("Code", "Gravité", "Signalements", "Cause")
        for group in summary.groups:
            sheet.cell(4, group.cause.label, fit=False)  # a sentence, last: it overflows to the right
            sheet.put([group.cause.value, group.severity.value, group.count], [None, None, INTEGER])
        link = sheet.cell(1, "Le détail de chaque signalement est dans la feuille « Qualité ».", fit=False)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"{quote_sheetname(_ISSUES)}!A1")
        link.style = "Hyperlink"
        sheet.skip()
    sheet.skip()


# -- one indicator ---------------------------------------------------------------------------------------
def _title(sheet: Sheet, result: IndicatorResult, spec: IndicatorSpec | None, sentence: str) -> None:
    """The sheet's title, the headline sentence, then the definition."""
    sheet.line(f"{result.code} — {result.label}", bold=True, size=14)
    sheet.line(sentence, bold=True)
    if spec is not None:
        sheet.line(spec.definition)


def _scalar(value: ComponentValue, record: Component | None, names: Mapping[str, str]) -> XCell:
    if isinstance(value, tuple):  # a list of communes: counted here, listed in a table of its own
        return len(value)
    if isinstance(value, str) and record is not None and record.keys is Keys.COMMUNES:
        return f"{value} {names.get(value, '')}".strip()
    return number_cell(value)


def _indicator(sheet: Sheet, report: Report, result: IndicatorResult, ctx: Context, masking: Masking | None) -> None:
    spec = ctx.specs.get(result.code)
    names = commune_names(report)
    code = result.code
    _title(sheet, result, spec, headline_sentence(result, spec, masking, names))
    sheet.header("Mesure", "Valeur", "Unité", "Statut", "Drapeaux")
    headline = ctx.record(code, "value")
    sheet.put(
        [
            result.label if headline is None else headline.label,
            _headline(result, masking),
            unit_text(result.unit),
            _status(result),
            flags_text(result),
        ],
        [None, number_format(result.unit, headline, result.value)],
    )
    sheet.freeze_above(sheet.row)
    sheet.skip()
    scalars = [(n, v) for n, v in result.components.items() if not isinstance(v, Mapping)]
    if scalars:
        sheet.line("Composantes", bold=True)
        sheet.header("Composante", "Valeur", "Unité")
        for name, value in scalars:
            record = ctx.record(code, name)
            shown = MARKER if _masked(masking, code, "components", name) else _scalar(value, record, names)
            unit = "communes" if isinstance(value, tuple) else _unit_of(record)
            fmt = number_format(unit, None, shown) if isinstance(value, tuple) else number_format(unit, record, value)
            sheet.put([component_label(record, name), shown, unit_text(unit)], [None, fmt])
        sheet.skip()
    for name, codes in result.components.items():
        if isinstance(codes, tuple) and codes and not _masked(masking, code, "components", name):
            sheet.line(component_label(ctx.record(code, name), name), bold=True)
            sheet.header("Code INSEE", "Commune")
            sheet.table([c, names.get(c, "")] for c in codes)
            sheet.skip()
    for name, entries in result.components.items():
        if isinstance(entries, Mapping):
            _mapping(sheet, result, name, entries, ctx.record(code, name), masking, names)
    if result.by_commune is not None:
        _communes(sheet, result, ctx.record(code, "by_commune"), masking, names)
    sheet.finish()


def _mapping(
    sheet: Sheet,
    result: IndicatorResult,
    name: str,
    value: Mapping[str, int | float | None],
    record: Component | None,
    masking: Masking | None,
    names: Mapping[str, str],
) -> None:
    label = component_label(record, name)
    unit = _unit_of(record)
    if _masked(masking, result.code, "components", name) or not value:
        sheet.line(label, MARKER if value else "aucune valeur", bold=True)
        sheet.skip()
        return
    header = sheet.header(label, unit_text(unit) or "valeur")
    fmt = number_format(unit, record, next(iter(value.values())))
    for key, v in value.items():
        shown = MARKER if _masked(masking, result.code, "components", name, str(key)) else number_cell(v)
        sheet.put([str(key) if record is None else record.key_label(str(key), names), shown], [None, fmt])
    last = sheet.row - 1
    sheet.bar_chart(
        title=label,
        labels=1,
        values=2,
        header=header,
        last=last,
        anchor_column=_CHART_COLUMN,
        axis_title=unit_text(unit),
        fmt=fmt,
    )
    sheet.skip()


def _communes(
    sheet: Sheet, result: IndicatorResult, record: Component | None, masking: Masking | None, names: Mapping[str, str]
) -> None:
    values = result.by_commune or {}
    label = "Répartition par commune" if record is None else f"{record.label} — par commune"
    unit = _unit_of(record) or result.unit
    sheet.line(label, bold=True)
    if not values:
        sheet.line("aucune commune")
        return
    header = sheet.header("Code INSEE", "Commune", unit_text(unit))
    fmt = number_format(unit, record, next(iter(values.values())))
    for insee, v in values.items():
        shown = MARKER if _masked(masking, result.code, "by_commune", insee) else number_cell(v)
        sheet.put([insee, names.get(insee, ""), shown], [None, None, fmt])
    sheet.bar_chart(
        title=label,
        labels=2,
        values=3,
        header=header,
        last=sheet.row - 1,
        anchor_column=_CHART_COLUMN,
        axis_title=unit_text(unit),
        fmt=fmt,
    )


# -- one indicator over the periods ----------------------------------------------------------------------
def _series_rows(found: Sequence[tuple[int, IndicatorResult]], ctx: Context) -> list[tuple[str, str, str, list[XCell]]]:
    """(label, unit, number format, value per period) of the headline and every numeric component."""
    code = found[0][1].code
    periods = {i: (result, ctx.mask(i)) for i, result in found}
    headline = ctx.record(code, "value")
    first = found[0][1]
    out = [
        (
            first.label if headline is None else headline.label,
            first.unit,
            number_format(first.unit, headline, first.value),
            [_headline(r, m) for r, m in periods.values()],
        )
    ]
    paths: dict[tuple[str, str | None], None] = {}
    for _, result in found:
        for name, value in result.components.items():
            if isinstance(value, Mapping):
                paths.update({(name, str(k)): None for k in value})
            elif isinstance(value, int | float) and not isinstance(value, bool):
                paths[(name, None)] = None
    for name, key in paths:
        record = ctx.record(code, name)
        unit = _unit_of(record)
        label = component_label(record, name)
        if key is not None:
            label = f"{label} : {key if record is None else record.key_label(key)}"
        cells: list[XCell] = []
        for result, masking in periods.values():
            value = result.components.get(name)
            path = (code, "components", name) if key is None else (code, "components", name, key)
            hidden = _masked(masking, *path) or (key is not None and _masked(masking, *path[:3]))
            entry = value.get(key) if isinstance(value, Mapping) and key is not None else value
            cells.append(MARKER if hidden else number_cell(entry))
        sample = next((c for c in cells if isinstance(c, int | float)), None)
        out.append((label, unit, number_format(unit, record, sample), cells))
    return out


def _series_indicator(sheet: Sheet, reports: Sequence[Report], code: str, ctx: Context) -> None:
    found = _over_periods(reports, code)
    result = found[0][1]
    index, final = found[-1]
    sentence = _sentence(final, reports[index], ctx, ctx.mask(index))
    _title(sheet, result, ctx.specs.get(code), f"{reports[index].period.label} — {sentence}")
    labels = [reports[i].period.label for i, _ in found]
    header = sheet.header("Mesure", "Unité", *labels)
    rows = _series_rows(found, ctx)
    for label, unit, fmt, cells in rows:
        sheet.put([label, unit_text(unit), *cells], [None, None] + [fmt] * len(cells))
    sheet.freeze_above(header + 1, columns=2)
    sheet.line_chart(
        title=rows[0][0],
        row=header + 1,
        header=header,
        first=3,
        last=2 + len(labels),
        axis_title=unit_text(result.unit),
        fmt=rows[0][2],
    )
    if any(r.by_commune for _, r in found):
        _series_communes(sheet, [reports[i].period.label for i, _ in found], found, ctx, commune_names(reports[-1]))
    sheet.finish()


def _series_communes(
    sheet: Sheet,
    labels: Sequence[str],
    found: Sequence[tuple[int, IndicatorResult]],
    ctx: Context,
    names: Mapping[str, str],
) -> None:
    """The breakdown by commune over the periods: one row per commune, one column per period."""
    code = found[0][1].code
    record = ctx.record(code, "by_commune")
    unit = _unit_of(record) or found[0][1].unit
    communes = list(dict.fromkeys(k for _, r in found for k in r.by_commune or {}))
    fmt = number_format(unit, record, next((v for _, r in found for v in (r.by_commune or {}).values()), None))
    sheet.skip()
    label = "Répartition par commune" if record is None else f"{record.label} — par commune"
    sheet.line(f"{label} ({unit_text(unit)})", bold=True)
    sheet.header("Code INSEE", "Commune", *labels)
    for insee in communes:
        cells: list[XCell] = []
        for i, result in found:
            value = (result.by_commune or {}).get(insee)
            cells.append(MARKER if _masked(ctx.mask(i), code, "by_commune", insee) else number_cell(value))
        sheet.put([insee, names.get(insee, ""), *cells], [None, None] + [fmt] * len(cells))


# -- the workbook ----------------------------------------------------------------------------------------
def _issues_sheet(sheet: Sheet, issues: Sequence[Issue]) -> None:
    header = sheet.header("gravité", "code", "cause", "fichier", "ligne", "colonne", "valeur", "message")
    sheet.table(
        [i.severity.value, str(i.code), i.code.label, i.file, i.line, i.column, i.value, i.message] for i in issues
    )
    sheet.filter(header)
    sheet.finish()


def _data_sheet(sheet: Sheet, reports: Sequence[Report], ctx: Context, series: bool) -> None:
    header = sheet.header(*(["période", *COLUMNS] if series else COLUMNS))
    sheet.table(table_rows(reports, ctx, series, labels=True))
    sheet.filter(header)
    sheet.finish()


def _new(workbook: Any, name: str) -> Sheet:
    return Sheet(workbook.create_sheet(name))


def write_xlsx(
    reports: Sequence[Report],
    path: Path,
    ctx: Context | None = None,
    *,
    series: bool = False,
    overwrite: bool = False,
) -> None:
    """Write one report (``series=False``) or a series as an XLSX workbook (sheets: see the module).

    Parameters
    ----------
    reports:
        The report, or the reports of the series in period order (already masked under secrecy).
    path:
        The workbook to write, atomically (see :func:`afnor_ctin.io.atomic.atomic_path`).
    ctx:
        Catalogue entries, masking and notes.
    series:
        True for a series: one column per period and line charts over the periods.
    overwrite:
        Replace ``path`` when it exists; otherwise :class:`~afnor_ctin.io.atomic.OverwriteError`.
    """
    ctx = ctx or Context()
    workbook = Workbook()
    summary = Sheet(workbook.active)
    workbook.active.title = SUMMARY
    if reports:
        first = reports[0]
        if series:
            _series_summary(summary, reports, ctx)
            for result in first.results:
                _series_indicator(_new(workbook, sheet_name(result)), reports, result.code, ctx)
        else:
            _summary(summary, first, ctx)
            for result in first.results:
                _indicator(_new(workbook, sheet_name(result)), first, result, ctx, ctx.mask(0))
    summary.finish()
    summary_of = ctx.quality or (quality_summary(reports) if reports else QualitySummary())
    _issues_sheet(_new(workbook, _ISSUES), _issues(summary_of))
    _data_sheet(_new(workbook, "Données"), reports, ctx, series)
    with atomic_path(path, overwrite=overwrite) as temporary:
        workbook.save(temporary)

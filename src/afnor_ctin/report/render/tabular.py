"""The flat table of a report (CSV, and the « Données » sheet of the XLSX workbook): one row per value.

Columns: ``code, indicateur, composante, commune, valeur, unité, statut, drapeaux`` (preceded by
``période`` for a series). CSV names components by their machine keys (``par_role : mediateur``);
XLSX by their French labels (« Par rôle : Médiateur »); both give the unit of the catalogue's
component records. CSV files are UTF-8 with a BOM, ``;``-separated with a decimal comma, as
French spreadsheets expect. Text cells starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return are prefixed with ``'`` so that no spreadsheet evaluates them as formulas.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator, Mapping, Sequence

from afnor_ctin.io.schema import FORMULA_TRIGGERS
from afnor_ctin.report.render._format import Context, commune_names, component_label, flags_text
from afnor_ctin.report.render.secrecy import MARKER, Masking
from afnor_ctin.results import Report

__all__ = ["COLUMNS", "Cell", "csv_cell", "number_cell", "protect", "render_csv", "rows", "table_rows"]

#: Column names of the tabular outputs.
COLUMNS = ("code", "indicateur", "composante", "commune", "valeur", "unité", "statut", "drapeaux")

Cell = str | int | float | None


def protect(text: str) -> str:
    """Neutralise a text cell against formula injection (prefix ``'`` when it starts dangerously).

    >>> protect("=1+1"), protect("Alpha")
    ("'=1+1", 'Alpha')
    """
    return "'" + text if text[:1] in FORMULA_TRIGGERS else text


def number_cell(value: object) -> Cell:
    """A value as a table cell: a finite number, ``None`` or text (booleans and codes as text)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return str(value)


def rows(
    report: Report, masking: Masking | None = None, ctx: Context | None = None, *, labels: bool = False
) -> Iterator[list[Cell]]:
    """The data rows of one report (values are numbers, ``None``, text or :data:`MARKER`).

    ``labels`` names components and mapping keys by their French labels instead of their keys.
    """
    ctx = ctx or Context()
    names = commune_names(report)

    def masked(*path: str) -> bool:
        return masking is not None and masking.masked(*path)

    for r in report.results:
        status = r.status.label if r.computable or not r.reason else f"{r.status.label} : {r.reason}"
        flags = flags_text(r)
        value: Cell = MARKER if masked(r.code) else number_cell(r.value)
        yield [r.code, r.label, "", "", value, r.unit, status, flags]
        for name, comp in r.components.items():
            record = ctx.record(r.code, name)
            unit = "" if record is None else record.unit
            shown = component_label(record, name) if labels else name
            if masked(r.code, "components", name):
                yield [r.code, r.label, shown, "", MARKER, unit, status, flags]
            elif isinstance(comp, Mapping):
                for key, v in comp.items():
                    cell: Cell = MARKER if masked(r.code, "components", name, str(key)) else number_cell(v)
                    entry = record.key_label(str(key), names) if labels and record is not None else key
                    yield [r.code, r.label, f"{shown} : {entry}", "", cell, unit, status, flags]
            elif isinstance(comp, tuple):
                yield [r.code, r.label, shown, "", ", ".join(comp), unit, status, flags]
            else:
                yield [r.code, r.label, shown, "", number_cell(comp), unit, status, flags]
        breakdown = ctx.record(r.code, "by_commune")
        by_name = breakdown.label if labels and breakdown is not None else "par commune"
        by_unit = "" if breakdown is None else breakdown.unit
        for insee, v in (r.by_commune or {}).items():
            cell = MARKER if masked(r.code, "by_commune", insee) else number_cell(v)
            commune = f"{insee} {names.get(insee, '')}".strip()
            yield [r.code, r.label, by_name, commune, cell, by_unit, status, flags]


def table_rows(reports: Sequence[Report], ctx: Context, series: bool, *, labels: bool = False) -> Iterator[list[Cell]]:
    """The rows of every report, preceded by the period's label for a series (see :func:`rows`)."""
    for i, report in enumerate(reports):
        for row in rows(report, ctx.mask(i), ctx, labels=labels):
            yield [report.period.label, *row] if series else row


def csv_cell(value: Cell) -> str:
    """A cell as French CSV text: empty for ``None``, decimal comma, text protected against formulas.

    >>> csv_cell(0.5), csv_cell(12), csv_cell("=SOMME(A1)"), csv_cell(None)
    ('0,5', '12', "'=SOMME(A1)", '')
    """
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(round(value, 10)).replace(".", ",")
    return protect(value)


def render_csv(reports: Sequence[Report], ctx: Context | None = None, *, series: bool = False) -> str:
    """Render one report (``series=False``) or a series as CSV text (``;``, decimal comma, BOM).

    Each row ends with the id and revision of the referential the values follow (columns
    ``référentiel``, ``révision``).
    """
    ctx = ctx or Context()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    followed = [protect(reports[0].referential.id), str(reports[0].referential.revision)] if reports else ["", ""]
    writer.writerow([*(["période", *COLUMNS] if series else COLUMNS), "référentiel", "révision"])
    for row in table_rows(reports, ctx, series):
        writer.writerow([*(csv_cell(c) for c in row), *followed])
    return "\ufeff" + buffer.getvalue()

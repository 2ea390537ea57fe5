"""Writing a worksheet block by block: protected cells, number formats, fitted widths, native charts.

The building blocks of :mod:`~afnor_ctin.report.render.xlsx`. Every text cell goes through
:func:`~afnor_ctin.report.render.tabular.protect` (no formula injection); numbers get the Excel
number format of their unit (:func:`number_format`); column widths are fitted to the cells of the
tables (titles and sentences overflow to the right and do not widen a column); charts are openpyxl's
native ``BarChart`` and ``LineChart`` pointing at the cells of a table.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from afnor_ctin.catalog import Component, ComponentKind
from afnor_ctin.report.render.secrecy import MARKER
from afnor_ctin.report.render.tabular import protect

__all__ = [
    "DATE",
    "DECIMAL",
    "EURO",
    "INTEGER",
    "PERCENT",
    "Sheet",
    "XCell",
    "number_format",
    "unit_text",
]

#: A cell written by :class:`Sheet`: text, number, date or empty.
XCell = str | int | float | dt.date | None

#: Excel number formats (Excel and LibreOffice show them with the reader's separators).
PERCENT = "0.0%"
EURO = '#,##0.00 "€"'
INTEGER = "#,##0"
DECIMAL = "#,##0.00"
DATE = "DD/MM/YYYY"

_HEADER_FILL = PatternFill("solid", start_color="DCE6F1", end_color="DCE6F1")
_ROW_CM = 0.53  # height of a default row, in centimetres (15 points)


def number_format(unit: str, record: Component | None = None, value: object = None) -> str:
    """The Excel number format of a value: by its record's kind, else by its unit and type.

    >>> number_format("part"), number_format("€"), number_format("actions", value=3)
    ('0.0%', '#,##0.00 "€"', '#,##0')
    """
    if record is not None:
        if record.kind in (ComponentKind.AMOUNT, ComponentKind.AMOUNTS):
            return EURO
        if record.kind is ComponentKind.SHARE or record.unit == "part":
            return PERCENT
        if record.kind.is_count or record.kind is ComponentKind.COMMUNES:
            return INTEGER
        return DECIMAL
    if unit == "part":
        return PERCENT
    if unit == "€":
        return EURO
    return INTEGER if isinstance(value, int) and not isinstance(value, bool) else DECIMAL


def unit_text(unit: str) -> str:
    """A unit as a reader sees it: a share (``part``) is shown in per cent."""
    return "%" if unit == "part" else unit


def _shown_length(value: XCell, fmt: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, bool) or not isinstance(value, int | float):
        return max((len(line) for line in str(value).splitlines()), default=0)
    if not math.isfinite(value):
        return 1
    number = float(value) * 100 if fmt == PERCENT else float(value)
    decimals = 0 if fmt == INTEGER else 1 if fmt == PERCENT else 2
    return len(f"{number:,.{decimals}f}") + (2 if fmt in (PERCENT, EURO) else 0)


class Sheet:
    """A worksheet written from top to bottom, one line or table row at a time.

    Parameters
    ----------
    ws:
        The openpyxl worksheet.
    """

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.row = 1
        self._widths: dict[int, int] = {}

    def cell(self, column: int, value: XCell, fmt: str | None = None, *, fit: bool = True) -> Any:
        """Write one cell of the current row (text protected, ``fmt`` as number format)."""
        c = self.ws.cell(row=self.row, column=column, value=protect(value) if isinstance(value, str) else value)
        if fmt is not None and value is not None and not isinstance(value, str):
            c.number_format = fmt
        elif value == MARKER:
            c.alignment = Alignment(horizontal="right")  # in place of a number, aligned as numbers are
        if fit:
            self._widths[column] = max(self._widths.get(column, 0), _shown_length(value, fmt))
        return c

    def line(self, *values: XCell, bold: bool = False, size: int | None = None) -> int:
        """A line of text: a lone title or sentence does not widen its column, a label and values do."""
        for column, value in enumerate(values, start=1):
            # a label followed by values is measured, a lone sentence overflows to the right
            c = self.cell(column, value, DATE if isinstance(value, dt.date) else None, fit=len(values) > 1)
            if bold or size:
                c.font = Font(bold=bold, size=size)
        self.row += 1
        return self.row - 1

    def header(self, *names: str) -> int:
        """A bold, shaded table header; returns its row number."""
        for column, name in enumerate(names, start=1):
            c = self.cell(column, name)
            c.font = Font(bold=True)
            c.fill = _HEADER_FILL
            c.alignment = Alignment(vertical="top", wrap_text=False)
        self.row += 1
        return self.row - 1

    def put(self, values: Sequence[XCell], formats: Sequence[str | None] = ()) -> int:
        """A table row, each value with its number format; returns its row number."""
        for column, value in enumerate(values, start=1):
            fmt = formats[column - 1] if column - 1 < len(formats) else None
            self.cell(column, value, DATE if isinstance(value, dt.date) and fmt is None else fmt)
        self.row += 1
        return self.row - 1

    def table(self, rows: Iterable[Sequence[XCell]]) -> None:
        """Many table rows without number formats, appended at once (the fast path of a long table).

        The rows go below the last row written: call it right after :meth:`header` or :meth:`put`.
        """
        widths = self._widths
        for values in rows:
            self.ws.append([protect(v) if isinstance(v, str) else v for v in values])
            for column, value in enumerate(values, start=1):
                widths[column] = max(widths.get(column, 0), _shown_length(value, None))
        self.row = self.ws.max_row + 1

    def skip(self, rows: int = 1) -> None:
        """Leave ``rows`` empty rows."""
        self.row += rows

    def freeze_above(self, row: int, columns: int = 0) -> None:
        """Freeze the rows above ``row`` (and the first ``columns`` columns)."""
        self.ws.freeze_panes = f"{get_column_letter(columns + 1)}{row}"

    def filter(self, header: int) -> None:
        """Freeze the table that starts at row ``header`` and put filter buttons on its header."""
        self.freeze_above(header + 1)
        last = max(self.row - 1, header)
        self.ws.auto_filter.ref = f"A{header}:{get_column_letter(self.ws.max_column)}{last}"

    def finish(self, minimum: int = 8, maximum: int = 60) -> None:
        """Fit the columns and set the print layout.

        Every column's width becomes its longest table cell (between ``minimum`` and ``maximum``);
        the sheet prints in landscape, one page wide, with the frozen rows repeated on every page.
        """
        for column, length in self._widths.items():
            width = min(max(length + 2, minimum), maximum)
            self.ws.column_dimensions[get_column_letter(column)].width = width
        setup = self.ws.page_setup
        setup.orientation = "landscape"
        setup.paperSize = self.ws.PAPERSIZE_A4
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        frozen = self.ws.freeze_panes
        if frozen:
            top = int("".join(ch for ch in frozen if ch.isdigit())) - 1
            if top >= 1:
                self.ws.print_title_rows = f"1:{top}"

    def bar_chart(
        self,
        *,
        title: str,
        labels: int,
        values: int,
        header: int,
        last: int,
        anchor_column: int,
        axis_title: str,
        fmt: str,
    ) -> Any:
        """A horizontal bar chart of a table: labels in column ``labels``, values in column ``values``.

        The table's header is row ``header`` (its value cell names the series), its rows run to
        ``last``; the chart is anchored at the header's row in column ``anchor_column``. Rows below
        are skipped so that the next block starts under the chart.
        """
        chart = BarChart()
        chart.type = "bar"
        chart.title = title
        chart.legend = None
        chart.y_axis.title = axis_title
        chart.y_axis.number_format = fmt
        chart.y_axis.majorGridlines = None
        for axis in (chart.x_axis, chart.y_axis):
            axis.delete = False
        chart.x_axis.scaling.orientation = "maxMin"  # first row on top, as in the table
        data = Reference(self.ws, min_col=values, min_row=header, max_row=last)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(self.ws, min_col=labels, min_row=header + 1, max_row=last))
        chart.width = 16
        chart.height = max(7.5, 0.55 * (last - header) + 2.5)
        self.ws.add_chart(chart, f"{get_column_letter(anchor_column)}{header}")
        self._below(header, chart.height)
        return chart

    def line_chart(self, *, title: str, row: int, header: int, first: int, last: int, axis_title: str, fmt: str) -> Any:
        """A line chart of row ``row``, columns ``first`` to ``last``, over the periods of row ``header``.

        The chart is anchored right of the table, at the header's row.
        """
        chart = LineChart()
        chart.title = title
        chart.legend = None
        chart.y_axis.title = axis_title
        chart.y_axis.number_format = fmt
        for axis in (chart.x_axis, chart.y_axis):
            axis.delete = False
        values = Reference(self.ws, min_col=first, max_col=last, min_row=row, max_row=row)
        series = Series(values, title=title)
        series.marker.symbol = "circle"
        series.smooth = False  # a straight line between periods: no invented values between them
        chart.series.append(series)
        chart.set_categories(Reference(self.ws, min_col=first, max_col=last, min_row=header, max_row=header))
        chart.width = 16
        chart.height = 7.5
        self.ws.add_chart(chart, f"{get_column_letter(last + 2)}{header}")
        return chart

    def _below(self, top: int, height_cm: float) -> None:
        self.row = max(self.row, top + math.ceil(height_cm / _ROW_CM) + 1)

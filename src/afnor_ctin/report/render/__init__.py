"""Renderers of reports and series: text, Markdown, JSON, CSV, XLSX, HTML and PDF.

:func:`render` is the entry point: it applies statistical secrecy first (see
:mod:`~afnor_ctin.report.render.secrecy`), so that no format can leak a masked value, then calls the
pure renderer of the format.

>>> from afnor_ctin.results import IndicatorResult, Report
>>> from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example_territory
>>> report = Report(territory=worked_example_territory(), period=WORKED_EXAMPLE_PERIOD, results=(
...     IndicatorResult(code="I10", label="Financement et pérennité", label_en="Funding", value=76117.71, unit="€"),))
>>> "76\u00a0117,71\u00a0€" in render(report, "text")
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

from afnor_ctin.catalog import IndicatorSpec, catalog
from afnor_ctin.errors import InvalidInputError, UnknownCodeError
from afnor_ctin.io.atomic import atomic_write_text
from afnor_ctin.report.render._format import Context, format_number, format_value
from afnor_ctin.report.render.html import HtmlTheme, render_html, render_series_html
from afnor_ctin.report.render.json import render_json, render_series_json
from afnor_ctin.report.render.markdown import render_markdown, render_series_markdown
from afnor_ctin.report.render.pdf import write_pdf
from afnor_ctin.report.render.quality import QualitySummary, quality_summary
from afnor_ctin.report.render.secrecy import MARKER, Masking, apply_secrecy, legend
from afnor_ctin.report.render.tabular import protect, render_csv
from afnor_ctin.report.render.text import render_series_text, render_text
from afnor_ctin.results import Report

__all__ = [
    "FORMATS",
    "MARKER",
    "Context",
    "Format",
    "HtmlTheme",
    "Masking",
    "QualitySummary",
    "apply_secrecy",
    "catalogue_specs",
    "format_number",
    "format_value",
    "legend",
    "protect",
    "quality_summary",
    "render",
]

Format = Literal["text", "markdown", "json", "csv", "xlsx", "html", "pdf"]

#: The output formats, in the order the command lists them.
FORMATS: tuple[str, ...] = ("text", "markdown", "json", "csv", "xlsx", "html", "pdf")

#: Formats that produce bytes and therefore need an output file.
BINARY_FORMATS = frozenset({"xlsx", "pdf"})


def catalogue_specs(report: Report) -> dict[str, IndicatorSpec]:
    """The catalogue's entries as the report's referential words them (labels, texts, parameters)."""
    return {spec.code: spec.under(report.referential) for spec in catalog}


def render(
    reports: Report | Sequence[Report],
    fmt: str,
    *,
    output: Path | None = None,
    secrecy: int | None = None,
    specs: Mapping[str, IndicatorSpec] | None = None,
    notes: Sequence[str] = (),
    quality: QualitySummary | None = None,
    template_dir: Path | None = None,
    overwrite: bool = False,
) -> str | None:
    """Render a report, or a series of reports over successive periods, in one format.

    Parameters
    ----------
    reports:
        One :class:`Report`, or a sequence of reports (a series: the evolution is rendered).
    fmt:
        One of :data:`FORMATS`.
    output:
        File to write; required for binary formats (``xlsx``, ``pdf``).
    secrecy:
        Statistical secrecy threshold ``N``: counts below ``N`` and the values derived from them
        are replaced by :data:`MARKER` (``None``: no masking).
    specs:
        Catalogue entries by code (definitions, provenance, component records); default: the
        catalogue, as the first report's referential words it (:func:`catalogue_specs`).
    notes:
        French notes printed under the title (e.g. how the period was chosen).
    quality:
        The data-quality summary every format opens with (default: the one of the reports' issues,
        see :func:`~afnor_ctin.report.render.quality.quality_summary`).
    template_dir:
        For ``html`` and ``pdf``: a territory's folder of templates, logo and colours
        (:class:`~afnor_ctin.report.render.html.HtmlTheme`).
    overwrite:
        Replace ``output`` when it exists. The file is written atomically (a temporary sibling,
        then renamed, see :mod:`afnor_ctin.io.atomic`): a failed write leaves the previous file intact.

    Returns
    -------
    str or None
        The rendered text (also written to ``output`` when given), or ``None`` for binary formats.

    Raises
    ------
    UnknownCodeError
        For an unknown format.
    InvalidInputError
        When a binary format has no ``output`` or the secrecy threshold is invalid.
    afnor_ctin.io.atomic.OverwriteError
        When ``output`` exists and ``overwrite`` is false.
    afnor_ctin.io.atomic.WriteError
        When the file system refuses the write (full disk, permission…).
    """
    if fmt not in FORMATS:
        raise UnknownCodeError(f"format « {fmt} » inconnu (formats : {', '.join(FORMATS)})")
    if fmt in BINARY_FORMATS and output is None:
        raise InvalidInputError(f"le format {fmt} est binaire : indiquez un fichier de sortie")
    series = not isinstance(reports, Report)
    items: list[Report] = list(reports) if not isinstance(reports, Report) else [reports]
    masking: list[Masking | None] = [None] * len(items)
    if secrecy is not None:
        pairs = [apply_secrecy(r, secrecy) for r in items]
        items = [p[0] for p in pairs]
        masking = [p[1] for p in pairs]
    if specs is None:
        specs = catalogue_specs(items[0]) if items else {}
    if quality is None:
        quality = quality_summary(items if series else items[0]) if items else QualitySummary()
    ctx = Context(specs=specs, masking=masking, notes=tuple(notes), quality=quality)
    theme = None if template_dir is None else HtmlTheme.from_folder(template_dir)
    if fmt == "xlsx":
        from afnor_ctin.report.render.xlsx import write_xlsx  # openpyxl is imported for this format only

        assert output is not None
        write_xlsx(items, output, ctx, series=series, overwrite=overwrite)
        return None
    if fmt == "csv":
        text = render_csv(items, ctx, series=series)
    elif fmt in ("html", "pdf"):
        text = render_series_html(items, ctx, theme=theme) if series else render_html(items[0], ctx, theme=theme)
        if fmt == "pdf":
            assert output is not None
            write_pdf(text, output, overwrite=overwrite)
            return None
    elif series:
        text = {"text": render_series_text, "markdown": render_series_markdown, "json": render_series_json}[fmt](
            items, ctx
        )
    else:
        text = {"text": render_text, "markdown": render_markdown, "json": render_json}[fmt](items[0], ctx)
    if output is not None:
        atomic_write_text(output, text, overwrite=overwrite)
    return text

"""Plain-text rendering for the terminal: aligned tables, French number formatting."""

from __future__ import annotations

import shutil
from collections.abc import Sequence

from afnor_ctin.report.render._detail import indicator_detail
from afnor_ctin.report.render._format import (
    NBSP,
    Context,
    commune_names,
    flags_text,
    format_number,
    headline_text,
    is_fictional,
    issue_line,
    period_text,
    referential_text,
    short_provenance,
    title,
)
from afnor_ctin.report.render.quality import QualitySummary, quality_summary
from afnor_ctin.report.render.secrecy import MARKER, Masking, legend
from afnor_ctin.results import IndicatorResult, Report

__all__ = ["PERIODS_PER_BLOCK", "render_series_text", "render_text", "table"]


def table(header: Sequence[str], rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()) -> list[str]:
    """Lines of an aligned text table (columns in ``right`` are right-aligned)."""
    widths = [len(h) for h in header]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(cells: Sequence[str]) -> str:
        out = [c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(cells)]
        return "  ".join(out).rstrip()

    return [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def _head(report: Report, ctx: Context) -> list[str]:
    lines = []
    if is_fictional(report):
        lines += ["*** DONNÉES FICTIVES — ce rapport ne décrit aucun territoire réel ***", ""]
    lines += [
        f"Indicateurs CTIN — {title(report)}",
        f"Période : {period_text(report)}",
        f"Référentiel : {referential_text(report)}",
    ]
    lines += list(ctx.notes)
    threshold = ctx.threshold()
    if threshold is not None:
        lines.append(f"Secret statistique : {legend(threshold)}")
    return lines


def render_text(report: Report, ctx: Context | None = None) -> str:
    """Render one report as aligned French text.

    Parameters
    ----------
    report:
        The report (already masked when statistical secrecy applies).
    ctx:
        Catalogue entries, masking and notes.

    Returns
    -------
    str
        The text, ending with a newline.
    """
    ctx = ctx or Context()
    mask = ctx.mask(0)
    lines = _head(report, ctx)
    summary = ctx.quality or quality_summary(report)
    lines += ["", "Qualité des données", *(f"  {line}" for line in summary.lines())]
    rows = []
    for r in report.results:
        spec = ctx.specs.get(r.code)
        origin = short_provenance(spec.provenance if spec else None)
        rows.append([r.code, r.label, headline_text(r, mask), r.status.label, flags_text(r), origin])
    lines += ["", *table(["Code", "Indicateur", "Valeur", "Statut", "Drapeaux", "Provenance"], rows, right=[2])]
    names = commune_names(report)
    for r in report.results:
        detail = indicator_detail(r, report, ctx, mask, names)
        lines += ["", f"{r.code} — {r.label}", f"  {detail.sentence}"]
        lines += [f"  {label} : {text}" for label, text in detail.items()]
        if detail.communes:
            unit = f" : {detail.breakdown[0]}, en {detail.breakdown[1]}" if detail.breakdown else ""
            lines.append(f"  Par commune{unit} :")
            lines += ["    " + s for s in table(["Commune", "Nom", "Valeur"], detail.communes, right=[2])]
    lines += _problems(summary)
    return "\n".join(lines) + "\n"


def _problems(summary: QualitySummary) -> list[str]:
    """The issues grouped by cause, after the indicators."""
    lines: list[str] = []
    for group in summary.groups:
        lines += ["", f"Signalements — {group.cause.label} ({group.count})"]
        lines += [f"  {issue_line(i)}" for i in group.issues]
    return lines


#: At most this many periods side by side in one block of :func:`render_series_text`.
PERIODS_PER_BLOCK = 6


def _series_cell(result: IndicatorResult, masking: Masking | None) -> str:
    """A value of the evolution table: the number, its unit given once in the legend."""
    text = headline_text(result, masking)
    if text in (MARKER, "non calculable"):
        return "n. c." if text == "non calculable" else text
    if result.unit in ("part", "€", "indice") or result.value is None:
        return text.removesuffix(f"{NBSP}€")
    return format_number(result.value)


def _unit(result: IndicatorResult) -> str:
    return {"part": "%", "indice": "indice"}.get(result.unit, result.unit)


def render_series_text(reports: Sequence[Report], ctx: Context | None = None, *, width: int | None = None) -> str:
    """Render the evolution of the indicators over successive periods.

    Indicators are rows and periods columns, in blocks of at most :data:`PERIODS_PER_BLOCK` periods
    and as many as fit in ``width`` characters (default: the terminal's width, ``$COLUMNS``, else 80);
    a legend gives each indicator's label and unit once.
    """
    ctx = ctx or Context()
    if not reports:
        return "Aucune période.\n"
    width = width or shutil.get_terminal_size((80, 24)).columns
    lines: list[str] = []
    first = reports[0]
    if is_fictional(first):
        lines += ["*** DONNÉES FICTIVES — ce rapport ne décrit aucun territoire réel ***", ""]
    lines += [
        f"Évolution des indicateurs CTIN — {title(first)}",
        f"Périodes : {reports[0].period.label} à {reports[-1].period.label} ({len(reports)} périodes)",
        *ctx.notes,
    ]
    threshold = ctx.threshold()
    if threshold is not None:
        lines.append(f"Secret statistique : {legend(threshold)}")
    codes = [r.code for r in first.results]
    summary = ctx.quality or quality_summary(reports)
    lines += ["", "Qualité des données", *(f"  {line}" for line in summary.lines())]
    legend_rows = [[r.code, r.label, _unit(r)] for r in first.results]
    lines += ["", *table(["Code", "Indicateur", "Unité"], legend_rows)]
    cells: dict[str, list[str]] = {}
    for code in codes:
        row = cells.setdefault(code, [])
        for i, report in enumerate(reports):
            try:
                row.append(_series_cell(report[code], ctx.mask(i)))
            except LookupError:
                row.append("—")
    labels = [r.period.label for r in reports]
    column = max([len(label) for label in labels] + [len(c) for row in cells.values() for c in row])
    fit = max(1, (width - len("Code")) // (column + 2))
    step = min(PERIODS_PER_BLOCK, fit)
    for start in range(0, len(reports), step):
        part = range(start, min(start + step, len(reports)))
        rows = [[code, *(cells[code][i] for i in part)] for code in codes]
        lines += ["", *table(["Code", *(labels[i] for i in part)], rows, right=range(1, 1 + len(part)))]
    if any("n. c." in row for row in cells.values()):
        lines += ["", "n. c. : non calculable pour cette période (voir le rapport de la période)."]
    lines += _problems(summary)
    return "\n".join(lines) + "\n"

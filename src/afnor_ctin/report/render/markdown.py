"""Markdown rendering (GitHub-flavoured tables), in French."""

from __future__ import annotations

from collections.abc import Sequence

from afnor_ctin.report.render._detail import indicator_detail
from afnor_ctin.report.render._format import (
    Context,
    commune_names,
    flags_text,
    headline_text,
    is_fictional,
    issue_line,
    period_text,
    referential_text,
    title,
)
from afnor_ctin.report.render.quality import QualitySummary, quality_summary
from afnor_ctin.report.render.secrecy import legend
from afnor_ctin.results import Report

__all__ = ["render_markdown", "render_series_markdown"]


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _head(report: Report, ctx: Context, heading: str) -> list[str]:
    lines = [f"# {heading} — {_cell(title(report))}", ""]
    if is_fictional(report):
        lines += ["> **Données fictives** : ce rapport ne décrit aucun territoire réel.", ""]
    lines.append(f"- Période : {period_text(report)}")
    lines.append(f"- Référentiel : {_cell(referential_text(report))}")
    lines += [f"- {n}" for n in ctx.notes]
    threshold = ctx.threshold()
    if threshold is not None:
        lines.append(f"- Secret statistique : {legend(threshold)}")
    return lines


def render_markdown(report: Report, ctx: Context | None = None) -> str:
    """Render one report as a Markdown document (summary table, details, data quality)."""
    ctx = ctx or Context()
    mask = ctx.mask(0)
    lines = _head(report, ctx, "Indicateurs CTIN")
    summary = ctx.quality or quality_summary(report)
    lines += _quality(summary)
    lines += ["", "## Synthèse", "", _row(["Code", "Indicateur", "Valeur", "Statut", "Drapeaux"])]
    lines.append("|---|---|---:|---|---|")
    for r in report.results:
        lines.append(_row([r.code, r.label, headline_text(r, mask), r.status.label, flags_text(r)]))
    names = commune_names(report)
    lines += ["", "## Détail"]
    for r in report.results:
        detail = indicator_detail(r, report, ctx, mask, names)
        lines += ["", f"### {r.code} — {_cell(r.label)}", "", detail.sentence, ""]
        lines += [f"- {_cell(label)} : {_cell(text)}" for label, text in detail.items()]
        if detail.communes:
            heading = "Valeur" if detail.breakdown is None else f"{detail.breakdown[0]} ({detail.breakdown[1]})"
            lines += ["", _row(["Commune", "Nom", heading]), "|---|---|---:|"]
            lines += [_row(list(row)) for row in detail.communes]
    lines += _problems(summary)
    return "\n".join(lines) + "\n"


def _quality(summary: QualitySummary) -> list[str]:
    lines = ["", "## Qualité des données", ""]
    lines += [f"> **{_cell(v)}**" for v in summary.verdicts]
    lines += [f"- {_cell(line)}" for line in summary.lines() if line not in summary.verdicts]
    return lines


def _problems(summary: QualitySummary) -> list[str]:
    lines: list[str] = []
    if summary.groups:
        lines += ["", "## Signalements par cause"]
    for group in summary.groups:
        lines += ["", f"### {_cell(group.cause.label)} ({group.count})", ""]
        lines += [f"- {_cell(issue_line(i))}" for i in group.issues]
    return lines


def render_series_markdown(reports: Sequence[Report], ctx: Context | None = None) -> str:
    """Render the evolution of the indicators over successive periods as a Markdown table."""
    ctx = ctx or Context()
    if not reports:
        return "Aucune période.\n"
    lines = _head(reports[0], ctx, "Évolution des indicateurs CTIN")
    lines[lines.index(f"- Période : {period_text(reports[0])}")] = (
        f"- Périodes : {reports[0].period.label} à {reports[-1].period.label}"
    )
    summary = ctx.quality or quality_summary(reports)
    lines += _quality(summary)
    lines += ["", _row(["Code", "Indicateur", *(r.period.label for r in reports)])]
    lines.append("|---|---|" + "---:|" * len(reports))
    for result in reports[0].results:
        cells = [result.code, result.label]
        for i, report in enumerate(reports):
            try:
                cells.append(headline_text(report[result.code], ctx.mask(i)))
            except LookupError:
                cells.append("—")
        lines.append(_row(cells))
    lines += _problems(summary)
    return "\n".join(lines) + "\n"

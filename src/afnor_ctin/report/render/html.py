"""Standalone HTML report: one file, inline CSS, no script, no network, printable on A4."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

import attrs

from afnor_ctin.errors import Issue
from afnor_ctin.report.render._format import (
    Context,
    commune_names,
    commune_value,
    component_label,
    flags_text,
    format_component,
    headline_text,
    is_fictional,
    kind_label,
    parameters_text,
    period_text,
    provenance_label,
    referential_text,
    short_provenance,
    title,
)
from afnor_ctin.report.render.secrecy import legend
from afnor_ctin.results import IndicatorResult, Report

__all__ = ["render_html", "render_series_html"]

_CSS = """
@page { size: A4; margin: 15mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #1e1e1e; margin: 0 auto;
       max-width: 190mm; line-height: 1.35; }
h1 { font-size: 17pt; color: #000091; margin: 0 0 4pt; }
h2 { font-size: 13pt; color: #000091; border-bottom: 1.5pt solid #000091; padding-bottom: 2pt; margin-top: 14pt; }
h3 { font-size: 11pt; margin: 10pt 0 3pt; }
.meta { color: #3a3a3a; margin: 0 0 8pt; }
.banner { background: #fff4e5; border: 2pt solid #b34000; color: #b34000; font-weight: bold; padding: 6pt;
          margin: 6pt 0; text-align: center; }
.secret { background: #eef; border-left: 3pt solid #000091; padding: 4pt 6pt; margin: 6pt 0; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 0.5pt solid #bbb; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th { background: #f0f0f6; }
td.num { text-align: right; white-space: nowrap; }
.bar { display: inline-block; height: 8pt; background: #6a6af4; vertical-align: middle; }
.barcell { width: 35%; }
.status-not_computable { color: #b34000; }
.indicator { page-break-inside: avoid; }
.page { page-break-before: always; }
.small { font-size: 8.5pt; color: #555; }
dl { margin: 0; } dt { font-weight: bold; margin-top: 6pt; } dd { margin: 0 0 0 10pt; }
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _bar(value: float | None, top: float) -> str:
    if value is None or top <= 0 or not math.isfinite(float(value)):
        return ""
    width = max(0.0, min(100.0, 100.0 * float(value) / top))
    return f'<span class="bar" style="width:{width:.1f}%"></span>'


def _document(heading: str, body: list[str]) -> str:
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="fr">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{_e(heading)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


def _header(report: Report, ctx: Context, heading: str, period: str) -> list[str]:
    out = [f"<h1>{_e(heading)}</h1>"]
    if is_fictional(report):
        out.append('<p class="banner">Données fictives : ce rapport ne décrit aucun territoire réel.</p>')
    out.append(f'<p class="meta">Territoire : <strong>{_e(title(report))}</strong><br>')
    out.append(f"Période : <strong>{_e(period)}</strong><br>")
    out.append(f"Référentiel : {_e(referential_text(report))}</p>")
    for note in ctx.notes:
        out.append(f'<p class="meta">{_e(note)}</p>')
    threshold = ctx.threshold()
    if threshold is not None:
        out.append(f'<p class="secret">Secret statistique : {_e(legend(threshold))}.</p>')
    return out


def _provenance(ctx: Context, code: str) -> str:
    spec = ctx.specs.get(code)
    return "" if spec is None else provenance_label(spec.provenance)


def _detail(r: IndicatorResult, report: Report, ctx: Context) -> list[str]:
    mask = ctx.mask(0)
    out = [f'<section class="indicator" id="{_e(r.code)}">', f"<h3>{_e(r.code)} — {_e(r.label)}</h3>"]
    out.append(
        f"<p>Valeur : <strong>{_e(headline_text(r, mask))}</strong> ({_e(r.unit)}) — statut : "
        f'<span class="status-{_e(r.status.value)}">{_e(r.status.label)}</span>'
        + (f" — drapeaux : {_e(flags_text(r))}" if r.flags else "")
        + "</p>"
    )
    if r.reason:
        out.append(f"<p>{'Non calculable' if not r.computable else 'Note'} : {_e(r.reason)}</p>")
    prov = _provenance(ctx, r.code)
    if prov:
        out.append(f'<p class="small">Provenance : {_e(prov)}</p>')
    parameters = parameters_text(ctx.specs.get(r.code), report)
    if parameters:
        out.append(f'<p class="small">Paramètres : {_e(parameters)}</p>')
    names = commune_names(report)
    if r.components:
        out.append("<table><tr><th>Composante</th><th>Valeur</th></tr>")
        for name, value in r.components.items():
            record = ctx.record(r.code, name)
            text = format_component(value, record, name=name, code=r.code, masking=mask, communes=names)
            out.append(f'<tr><td>{_e(component_label(record, name))}</td><td class="num">{_e(text)}</td></tr>')
        out.append("</table>")
    if r.by_commune:
        breakdown = ctx.record(r.code, "by_commune")
        heading = "Valeur" if breakdown is None else f"{breakdown.label} ({breakdown.unit})"
        shown = [
            v
            for k, v in r.by_commune.items()
            if v is not None and not (mask is not None and mask.masked(r.code, "by_commune", k))
        ]
        top = max((float(v) for v in shown), default=0.0)
        out.append(f'<table><tr><th>Commune</th><th>{_e(heading)}</th><th class="barcell"></th></tr>')
        for insee, v in r.by_commune.items():
            hidden = mask is not None and mask.masked(r.code, "by_commune", insee)
            out.append(
                f"<tr><td>{_e(insee)} {_e(names.get(insee, ''))}</td>"
                f'<td class="num">{_e(commune_value(r, insee, v, mask))}</td>'
                f'<td class="barcell">{"" if hidden else _bar(v, top)}</td></tr>'
            )
        out.append("</table>")
    out.append("</section>")
    return out


def _quality(report: Report) -> list[str]:
    out = ['<h2 class="page">Qualité des données</h2>']
    if not report.issues:
        return [*out, "<p>Aucun signalement.</p>"]
    out.append(f"<p>{len(report.issues)} signalement(s).</p>")
    out.append(
        "<table><tr><th>Gravité</th><th>Fichier</th><th>Ligne</th><th>Colonne</th><th>Valeur</th><th>Message</th></tr>"
    )
    for i in report.issues:
        cells = [
            i.severity.value,
            i.file or "",
            "" if i.line is None else i.line,
            i.column or "",
            i.value or "",
            i.message,
        ]
        out.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
    out.append("</table>")
    return out


def _definitions(codes: Sequence[str], ctx: Context) -> list[str]:
    specs = [ctx.specs[c] for c in codes if c in ctx.specs]
    if not specs:
        return []
    out = ['<h2 class="page">Définitions</h2>', "<dl>"]
    for spec in specs:
        out.append(f"<dt>{_e(spec.code)} — {_e(spec.label)}</dt>")
        out.append(f"<dd>{_e(spec.definition)}</dd>")
        out.append(f"<dd>Formule : {_e(spec.formula)}</dd>")
        out.append(f"<dd>Unité : {_e(spec.unit)} ; nature : {_e(kind_label(spec.kind))}</dd>")
        out.append(f"<dd>Provenance : {_e(provenance_label(spec.provenance))}</dd>")
        if spec.parameters:
            out.append(f"<dd>Paramètres : {_e(', '.join(f'{p.label} ({p.key})' for p in spec.parameters))}</dd>")
    out.append("</dl>")
    return out


def render_html(report: Report, ctx: Context | None = None) -> str:
    """Render one report as a standalone French HTML page (inline CSS, no script, A4 print).

    Parameters
    ----------
    report:
        The report (already masked when statistical secrecy applies).
    ctx:
        Catalogue entries (definitions, provenance), masking and notes.

    Returns
    -------
    str
        The HTML document; every text from the data is escaped.
    """
    ctx = ctx or Context()
    mask = ctx.mask(0)
    body = _header(
        report, ctx, "Indicateurs de la coordination territoriale pour l'inclusion numérique", period_text(report)
    )
    body += [
        "<h2>Synthèse</h2>",
        "<table>",
        "<tr><th>Code</th><th>Indicateur</th><th>Valeur</th><th>Unité</th>"
        "<th>Statut</th><th>Drapeaux</th><th>Provenance</th></tr>",
    ]
    for r in report.results:
        spec = ctx.specs.get(r.code)
        origin = short_provenance(spec.provenance if spec else None)
        body.append(
            f'<tr><td><a href="#{_e(r.code)}">{_e(r.code)}</a></td><td>{_e(r.label)}</td>'
            f'<td class="num">{_e(headline_text(r, mask))}</td><td>{_e(r.unit)}</td>'
            f'<td class="status-{_e(r.status.value)}">{_e(r.status.label)}</td><td>{_e(flags_text(r))}</td>'
            f"<td>{_e(origin)}</td></tr>"
        )
    body.append("</table>")
    body.append(
        '<p class="small">Provenance : « nommé » = indicateur cité dans le référentiel Afnor ; « reconstitué » = '
        "définition établie par la bibliothèque, le référentiel Afnor complet n'étant pas public.</p>"
    )
    body.append('<h2 class="page">Détail par indicateur</h2>')
    for r in report.results:
        body += _detail(r, report, ctx)
    body += _quality(report)
    body += _definitions([r.code for r in report.results], ctx)
    return _document(f"Indicateurs CTIN — {title(report)}", body)


def render_series_html(reports: Sequence[Report], ctx: Context | None = None) -> str:
    """Render the evolution of the indicators as a standalone HTML page (one table per indicator)."""
    ctx = ctx or Context()
    if not reports:
        return _document("Évolution des indicateurs CTIN", ["<p>Aucune période.</p>"])
    first = reports[0]
    span = f"{first.period.label} à {reports[-1].period.label}"
    body = _header(
        first, ctx, "Évolution des indicateurs de la coordination territoriale pour l'inclusion numérique", span
    )
    for result in first.results:
        code = result.code
        body.append(f'<section class="indicator"><h3>{_e(code)} — {_e(result.label)} ({_e(result.unit)})</h3>')
        prov = _provenance(ctx, code)
        if prov:
            body.append(f'<p class="small">Provenance : {_e(prov)}</p>')
        values: list[tuple[str, float | None, str]] = []
        for i, report in enumerate(reports):
            try:
                r = report[code]
            except LookupError:
                continue
            mask = ctx.mask(i)
            hidden = mask is not None and mask.masked(code)
            number = None if hidden or r.value is None else float(r.value)
            values.append((report.period.label, number, headline_text(r, mask)))
        top = max((abs(v) for _, v, _ in values if v is not None and math.isfinite(v)), default=0.0)
        body.append('<table><tr><th>Période</th><th>Valeur</th><th class="barcell"></th></tr>')
        for label, number, text in values:
            body.append(
                f'<tr><td>{_e(label)}</td><td class="num">{_e(text)}</td>'
                f'<td class="barcell">{_bar(None if number is None else abs(number), top)}</td></tr>'
            )
        body.append("</table></section>")
    issues = [i for r in reports for i in r.issues]
    body += _quality(_with_issues(first, issues))
    body += _definitions([r.code for r in first.results], ctx)
    return _document(f"Évolution des indicateurs CTIN — {title(first)}", body)


def _with_issues(report: Report, issues: Sequence[Issue]) -> Report:
    """A copy of ``report`` carrying the distinct ``issues`` of a whole series."""
    return attrs.evolve(report, issues=tuple(dict.fromkeys(issues)))

"""Standalone HTML report from Jinja2 templates: one file, inline CSS and SVG, no script, no network.

The templates ship in :mod:`afnor_ctin.report` (``templates/``): ``base.html.j2`` (page, cover,
footer), ``report.html.j2`` (one period), ``series.html.j2`` (evolution), ``_macros.html.j2``
(sections) and ``style.css.j2`` (screen from 400 px, then A4 print). A territory passes its own
folder (:class:`HtmlTheme`, ``--modele-html DOSSIER``): any template of the same name in it replaces
the bundled one, ``logo.svg`` / ``logo.png`` is embedded on the cover and ``couleurs.toml``
(``principale = "#…"``, ``accent = "#…"``) sets the colours.

Python prepares the French view (labels from the catalogue records and the model enums, formatted
values, figures); the templates only lay it out, with autoescaping on.
"""

from __future__ import annotations

import base64
import importlib.metadata
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import jinja2
from markupsafe import Markup

from afnor_ctin.errors import InvalidInputError
from afnor_ctin.report.render._explain import headline_sentence
from afnor_ctin.report.render._figures import breakdown_chart, commune_figures, series_chart
from afnor_ctin.report.render._format import (
    Context,
    commune_names,
    commune_value,
    component_label,
    flags_text,
    format_component,
    headline_text,
    is_fictional,
    parameters_text,
    period_text,
    provenance_label,
    title,
)
from afnor_ctin.report.render.quality import QualitySummary, quality_summary
from afnor_ctin.report.render.secrecy import legend
from afnor_ctin.results import IndicatorResult, Report

__all__ = ["HtmlTheme", "render_html", "render_series_html"]

_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
_LOGOS = (("logo.svg", "image/svg+xml"), ("logo.png", "image/png"), ("logo.jpg", "image/jpeg"))


def _colour(value: object, source: str) -> str:
    if not isinstance(value, str) or not _COLOUR.match(value):
        raise InvalidInputError(f"{source} : couleur « {value} » invalide (attendu : #RRVVBB)")
    return value


@attrs.frozen(kw_only=True)
class HtmlTheme:
    """A territory's look of the HTML report: its templates, logo and colours.

    Attributes
    ----------
    template_dir:
        Folder whose templates replace the bundled ones of the same name (``None``: bundled only).
    logo:
        The logo as a ``data:`` URI (embedded: the report stays one self-contained file), or ``None``.
    primary, accent:
        Colours of titles and of the headline mark (``#RRVVBB``).
    """

    template_dir: Path | None = None
    logo: str | None = None
    primary: str = attrs.field(default="#000091", validator=lambda _, a, v: _colour(v, a.name))
    accent: str = attrs.field(default="#6a6af4", validator=lambda _, a, v: _colour(v, a.name))

    @classmethod
    def from_folder(cls, folder: Path) -> HtmlTheme:
        """The theme of a territory's folder (templates, ``logo.svg``/``logo.png``, ``couleurs.toml``).

        Raises
        ------
        InvalidInputError
            When the folder does not exist, or ``couleurs.toml`` is unreadable or holds a bad colour.
        """
        if not folder.is_dir():
            raise InvalidInputError(f"dossier de modèle HTML introuvable : « {folder} »")
        logo = None
        for name, mime in _LOGOS:
            path = folder / name
            if path.is_file():
                logo = f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
                break
        colours: dict[str, Any] = {}
        path = folder / "couleurs.toml"
        if path.is_file():
            try:
                colours = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise InvalidInputError(f"{path} : fichier TOML illisible ({exc})") from exc
        return cls(
            template_dir=folder,
            logo=logo,
            primary=_colour(colours.get("principale", "#000091"), f"{path}, principale"),
            accent=_colour(colours.get("accent", "#6a6af4"), f"{path}, accent"),
        )


_EMPTY = (
    '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{{ heading }}</title>\n'
    "</head>\n<body>\n<h1>{{ heading }}</h1>\n<p>Aucune période.</p>\n</body>\n</html>\n"
)
_BUNDLED = jinja2.PackageLoader("afnor_ctin.report", "templates")
_ENVIRONMENTS: dict[Path | None, jinja2.Environment] = {}


def _environment(folder: Path | None) -> jinja2.Environment:
    env = _ENVIRONMENTS.get(folder)
    if env is None:
        loader: jinja2.BaseLoader = _BUNDLED
        if folder is not None:
            loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(folder), _BUNDLED])
        env = jinja2.Environment(
            loader=loader,
            autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        _ENVIRONMENTS[folder] = env
    return env


def _page(report: Report, ctx: Context, theme: HtmlTheme, heading: str, period: str) -> dict[str, Any]:
    referential = report.referential
    threshold = ctx.threshold()
    return {
        "theme": theme,
        "page_title": f"{heading} — {title(report)}",
        "heading": heading,
        "fictional": is_fictional(report),
        "territory": title(report),
        "period_label": "Période",
        "period": period,
        "referential_title": referential.title or referential.id,
        "referential_id": referential.id,
        "referential_revision": referential.revision,
        "footer_short": f"{report.territory.name} — {period}".replace('"', "'"),
        "notes": list(ctx.notes),
        "secrecy": None if threshold is None else legend(threshold),
        "version": importlib.metadata.version("afnor-ctin"),
    }


def _quality_view(summary: QualitySummary, limit: int = 50) -> dict[str, Any]:
    groups = []
    for g in summary.groups:
        rows = [
            {
                "severity": i.severity.value,
                "file": i.file or "",
                "line": "" if i.line is None else i.line,
                "column": i.column or "",
                "value": i.value or "",
                "message": i.message,
            }
            for i in g.issues[:limit]
        ]
        more = f"… et {g.count - limit} autres signalements de cette cause." if g.count > limit else ""
        groups.append({"title": f"{g.cause.label} ({g.count})", "issues": rows, "more": more})
    ok = None
    if not summary.failed and not summary.groups:
        ok = summary.no_issue_sentence()
    return {
        "verdicts": list(summary.verdicts),
        "ok_sentence": ok,
        "entities": [
            {"label": f.file, "read": f.read, "loaded": f.loaded, "rejected": f.rejected} for f in summary.files
        ],
        "ignored": summary.ignored_lines() + list(summary.notes),
        "incomplete": " ; ".join(summary.incomplete),
        "count_text": f"{summary.issue_count} signalement{'s' if summary.issue_count >= 2 else ''}",
        "groups": groups,
    }


_VIEWBOX = re.compile(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"')


def _print_width(svg: str, height_mm: float = 75.0, width_mm: float = 90.0, least_mm: float = 70.0) -> int:
    """Printed width [mm] of a figure: at most ``height_mm`` high and ``width_mm`` wide, at least ``least_mm``.

    The floor keeps the text of a tall chart (a bar per thematique) legible on paper (about 5 pt for
    the 14-unit labels of a 560-unit wide chart): such a chart is printed taller than ``height_mm``
    rather than shrunk.
    """
    found = _VIEWBOX.search(svg)
    if found is None:
        return int(width_mm)
    width, height = float(found.group(1)), float(found.group(2))
    if height <= 0:
        return int(width_mm)
    return int(max(min(least_mm, width_mm), min(width_mm, height_mm * width / height)))


def _split_sentence(sentence: str, headline: str) -> tuple[str, str]:
    head, sep, tail = sentence.partition(f" : {headline}")
    return (f"{head} : ", tail) if sep else (f"{sentence} ", "")


def _section(r: IndicatorResult, report: Report, ctx: Context) -> dict[str, Any]:
    mask = ctx.mask(0)
    spec = ctx.specs.get(r.code)
    names = commune_names(report)
    headline = headline_text(r, mask)
    head, tail = _split_sentence(headline_sentence(r, spec, mask, names), headline)
    components = []
    for name, value in r.components.items():
        record = ctx.record(r.code, name)
        text = format_component(value, record, name=name, code=r.code, masking=mask, communes=names)
        pairs = text.split(" ; ") if isinstance(value, Mapping) and value else []
        components.append((component_label(record, name), text, pairs))
    communes = None
    if r.by_commune:
        record = ctx.record(r.code, "by_commune")
        communes = {
            "heading": "Par commune" if record is None else record.label,
            "unit": "Valeur" if record is None else record.unit[:1].upper() + record.unit[1:],
            "rows": [(names.get(insee, insee), commune_value(r, insee, v, mask)) for insee, v in r.by_commune.items()],
        }
    chart = breakdown_chart(r, spec, mask)
    return {
        "code": r.code,
        "label": r.label,
        "headline": headline,
        "sentence_head": head,
        "sentence_tail": tail,
        "status": r.status.label,
        "status_class": r.status.value,
        "flags": flags_text(r),
        "provenance": "" if spec is None else provenance_label(spec.provenance),
        "reason": r.reason or "",
        "reason_label": "Non calculable" if not r.computable else "Note",
        "definition": "" if spec is None else spec.definition,
        "parameters": parameters_text(spec, report, keys=False),
        "components": components,
        "charts": [] if chart is None else [(chart[0], Markup(chart[1]), _print_width(chart[1]))],
        "maps": commune_figures(r, spec, report, mask),
        "communes": communes,
    }


def render_html(
    report: Report,
    ctx: Context | None = None,
    *,
    theme: HtmlTheme | None = None,
    quality: QualitySummary | None = None,
) -> str:
    """Render one report as a standalone French HTML page (inline CSS and SVG, no script, A4 print).

    Parameters
    ----------
    report:
        The report (already masked when statistical secrecy applies).
    ctx:
        Catalogue entries (labels, definitions, provenance), masking and notes.
    theme:
        The territory's templates, logo and colours (default: the bundled look).
    quality:
        The data-quality summary printed first (default: the one of the report's issues).

    Returns
    -------
    str
        The HTML document; every text from the data is escaped.
    """
    ctx = ctx or Context()
    theme = theme or HtmlTheme()
    summary = quality or ctx.quality or quality_summary(report)
    heading = "Indicateurs de la coordination territoriale pour l'inclusion numérique"
    page = _page(report, ctx, theme, heading, period_text(report))
    page["quality"] = _quality_view(summary)
    page["sections"] = [_section(r, report, ctx) for r in report.results]
    return _environment(theme.template_dir).get_template("report.html.j2").render(page)


def _series_section(code: str, reports: Sequence[Report], ctx: Context) -> dict[str, Any] | None:
    rows: list[tuple[str, str]] = []
    points: list[tuple[str, float | None]] = []
    first: IndicatorResult | None = None
    for i, report in enumerate(reports):
        try:
            r = report[code]
        except LookupError:
            continue
        first = first or r
        mask = ctx.mask(i)
        hidden = mask is not None and mask.masked(code)
        points.append((report.period.label, None if hidden or r.value is None else float(r.value)))
        rows.append((report.period.label, headline_text(r, mask)))
    if first is None:
        return None
    spec = ctx.specs.get(code)
    return {
        "code": code,
        "label": first.label,
        "unit": "pourcentage" if first.unit == "part" else first.unit,
        "provenance": "" if spec is None else provenance_label(spec.provenance),
        "chart": Markup(series_chart(code, points, spec, first.unit)),
        "rows": rows,
    }


def render_series_html(
    reports: Sequence[Report],
    ctx: Context | None = None,
    *,
    theme: HtmlTheme | None = None,
    quality: QualitySummary | None = None,
) -> str:
    """Render the evolution of the indicators as a standalone HTML page (a trend chart per indicator).

    ``reports`` are the reports of successive periods, in order; ``ctx``, ``theme`` and ``quality``
    are those of :func:`render_html` (the default summary covers the issues of every period).
    Returns the HTML document.
    """
    ctx = ctx or Context()
    theme = theme or HtmlTheme()
    env = _environment(theme.template_dir)
    heading = "Évolution des indicateurs de la coordination territoriale pour l'inclusion numérique"
    if not reports:
        return env.from_string(_EMPTY).render(heading=heading)
    span = f"{reports[0].period.label} à {reports[-1].period.label}"
    page = _page(reports[0], ctx, theme, heading, span)
    page["period_label"] = "Périodes"
    page["quality"] = _quality_view(quality or ctx.quality or quality_summary(reports))
    sections = (_series_section(r.code, reports, ctx) for r in reports[0].results)
    page["sections"] = [s for s in sections if s is not None]
    return env.get_template("series.html.j2").render(page)


def theme_of(template_dir: Path | str | None) -> HtmlTheme | None:
    """The theme of a folder given on the command line or by a caller (``None``: bundled look)."""
    return None if template_dir is None else HtmlTheme.from_folder(Path(template_dir))

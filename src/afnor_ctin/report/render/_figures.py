"""The figures of the HTML and PDF reports: which breakdown, which map, which trend, from the catalogue.

- the main breakdown of an indicator is its first mapping component whose keys form an enumeration
  (« Acteurs par type », « Par financeur »), drawn as a bar chart with the enumeration's labels;
- every per-commune figure is a commune map: the indicator's breakdown by commune, in the unit of its
  ``by_commune`` record, and, for an indicator with a parameter compared to the communes' IFN score
  (fragility threshold), the IFN score of each commune with the threshold as class limit;
- in a series, each indicator is one trend chart (bars for flows, a line for stocks).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from afnor_ctin.catalog import Component, ComponentKind, IndicatorSpec
from afnor_ctin.reference.geometry import commune_shapes
from afnor_ctin.report.figures import CommuneMap, MapValue, bar_chart, commune_map, format_quantity, trend_chart
from afnor_ctin.report.render.secrecy import MARKER, Masking
from afnor_ctin.results import IndicatorResult, Report

__all__ = ["MapFigure", "breakdown_chart", "commune_figures", "series_chart"]


@attrs.frozen(kw_only=True)
class MapFigure:
    """A commune map with the French caption and the names of the communes it could not draw.

    ``table`` is ``(heading, column, rows)`` of a table of the communes printed under the map when
    the map shows classes of a value the report does not otherwise list (the IFN score), else ``None``.
    """

    caption: str
    map: CommuneMap
    without_shape: tuple[str, ...]
    table: tuple[str, str, tuple[tuple[str, str], ...]] | None = None


def _main_breakdown(result: IndicatorResult, spec: IndicatorSpec) -> Component | None:
    for record in spec.components:
        if record.kind.is_mapping and isinstance(record.keys, type) and result.components.get(record.name):
            return record
    return None


def breakdown_chart(
    result: IndicatorResult, spec: IndicatorSpec | None, masking: Masking | None
) -> tuple[str, str] | None:
    """``(caption, svg)`` of the bar chart of the main breakdown of ``result`` (``None`` without one)."""
    if spec is None or not result.computable:
        return None
    record = _main_breakdown(result, spec)
    if record is None:
        return None
    mapping = result.components[record.name]
    assert isinstance(mapping, Mapping)
    values: dict[str, float | None] = {}
    for key, value in mapping.items():
        hidden = masking is not None and masking.masked(result.code, "components", record.name, str(key))
        number = None if hidden or not isinstance(value, int | float) else float(value)
        values[record.key_label(str(key))] = number
    unit = "€" if record.kind is ComponentKind.AMOUNTS else record.unit
    caption = f"{result.code} — {record.label}"
    svg = bar_chart(
        values,
        title=caption,
        unit=unit,
        description=f"{spec.label} : {record.label.lower()}",
        missing_label=MARKER if masking is not None else "non disponible",
        sort=record.kind is not ComponentKind.COUNTS or len(values) > 6,
    )
    return caption, svg


def _map(report: Report, values: Mapping[str, MapValue], **options: object) -> MapFigure:
    territory = report.territory
    names = {c.code_insee: c.name for c in territory.communes}
    shapes = commune_shapes(c.code_insee for c in territory.communes)
    drawn = commune_map(
        shapes,
        values,
        names=names,
        qpv_communes={q.code_insee for q in territory.qpvs},
        centre=territory.central_commune,
        **options,  # type: ignore[arg-type]
    )
    missing = tuple(f"{code} {names.get(code, '')}".strip() for code in drawn.without_shape)
    return MapFigure(caption=str(options["title"]), map=drawn, without_shape=missing)


def commune_figures(
    result: IndicatorResult, spec: IndicatorSpec | None, report: Report, masking: Masking | None
) -> list[MapFigure]:
    """The commune maps of ``result``: its breakdown by commune, and the IFN scores against a threshold."""
    if spec is None or not result.computable:
        return []
    out: list[MapFigure] = []
    record = spec.component("by_commune")
    if result.by_commune and record is not None:
        values = {
            code: None if masking is not None and masking.masked(result.code, "by_commune", code) else value
            for code, value in result.by_commune.items()
        }
        out.append(
            _map(
                report,
                values,
                title=f"{result.code} — {record.label}",
                unit=record.unit,
                description=f"{spec.label} : {record.label.lower()}, en {record.unit}",
                missing_label=MARKER if masking is not None else "pas de donnée",
            )
        )
    scores = {c.code_insee: c.ifn_score for c in report.territory.communes}
    threshold = next(
        (
            c
            for c in spec.components
            if c.kind is ComponentKind.PARAMETER and isinstance(result.components.get(c.name), float | int)
        ),
        None,
    )
    if threshold is not None and any(v is not None for v in scores.values()):
        limit = result.components[threshold.name]
        assert isinstance(limit, int | float)
        shown = format_quantity(float(limit), "")
        fragile, other = f"fragile (IFN ≥ {shown})", f"non fragile (IFN < {shown})"
        fragility: dict[str, MapValue] = {
            code: None if v is None else (fragile if v >= limit else other) for code, v in scores.items()
        }
        names = {c.code_insee: c.name for c in report.territory.communes}
        rows = tuple(
            (names[code], "—" if v is None else f"{format_quantity(v, '')}{' (fragile)' if v >= limit else ''}")
            for code, v in scores.items()
        )
        drawn = _map(
            report,
            fragility,
            title=f"{result.code} — Communes fragiles (score IFN ≥ {shown})",
            categories={fragile: f"Commune {fragile}", other: f"Commune {other}"},
            missing_label="sans score IFN",
            description=f"{spec.label} : communes dont le score de fragilité numérique (IFN) atteint le seuil",
        )
        out.append(attrs.evolve(drawn, table=("Score IFN des communes", "Score IFN (0–10)", rows)))
    return out


def series_chart(code: str, points: Sequence[tuple[str, float | None]], spec: IndicatorSpec | None, unit: str) -> str:
    """The trend chart of indicator ``code`` over the periods ``points`` (label, headline or ``None``)."""
    label = code if spec is None else f"{code} — {spec.label}"
    flow = spec is not None and str(spec.kind) == "flow"
    return trend_chart(
        dict(points),
        title=label,
        unit=unit,
        description=f"Évolution de l'indicateur {label}",
        style="bars" if flow else "line",
    )

"""JSON rendering: :meth:`Report.to_dict` (a list with the periods for a series), with French labels.

The machine keys of :meth:`Report.to_dict` are kept as they are; a French label is added next to
each of them, from the catalogue's :class:`~afnor_ctin.catalog.Component` records and the
enumerations' labels:

- ``territory.level_label`` (« EPCI »), ``issues[].code_label`` (the issue code's description),
  ``referential.parameter_labels`` (indicator code → parameter key → ``{"label", "unit"}``);
- in each indicator: ``status_label`` (« calculé »), ``flag_labels`` (« borne haute »),
  ``component_labels`` (component key → ``{"label", "unit"}``, plus ``"keys"``: mapping key or
  INSEE code → label, for mappings and lists of communes) and ``by_commune_labels``
  (``{"label", "unit", "keys": {INSEE code: commune name}}``, ``null`` without breakdown).

A component the catalogue does not describe is labelled by its key, with an empty unit.

Under statistical secrecy every masked value is the string :data:`~.secrecy.MARKER` and the document
gains a ``"secret_statistique"`` member ``{"seuil": N, "marqueur": "secret", "masques": [paths]}``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from afnor_ctin.catalog import Component, IndicatorSpec, Keys
from afnor_ctin.errors import IssueCode
from afnor_ctin.report.render._explain import headline_sentence
from afnor_ctin.report.render._format import Context, commune_names
from afnor_ctin.report.render.quality import quality_summary
from afnor_ctin.report.render.secrecy import MARKER, Masking
from afnor_ctin.results import ComponentValue, Flag, IndicatorResult, Report, Status

__all__ = ["render_json", "render_series_json", "report_document"]


def _put_marker(doc: dict[str, Any], masking: Masking) -> None:
    by_code = {item["code"]: item for item in doc["indicators"]}
    for path in masking.paths:
        item = by_code.get(path[0])
        if item is None:
            continue
        if len(path) == 1:
            item["value"] = MARKER
            continue
        target: Any = item[path[1]]
        for key in path[2:-1]:
            target = target[key]
        if isinstance(target, dict) and path[-1] in target:
            target[path[-1]] = MARKER
    doc["secret_statistique"] = {
        "seuil": masking.threshold,
        "marqueur": MARKER,
        "masques": sorted("/".join(p) for p in masking.paths),
    }


def _keys(value: ComponentValue, record: Component, communes: Mapping[str, str]) -> dict[str, str] | None:
    """Label of every key (mapping) or code (list of communes, one commune) of a component value."""
    if isinstance(value, Mapping):
        return {str(k): record.key_label(str(k), communes) for k in value}
    codes = (value,) if isinstance(value, str) else value if isinstance(value, tuple) else ()
    if record.keys is Keys.COMMUNES and codes:
        return {c: communes.get(c, c) for c in codes}
    return None


def _component_labels(
    result: IndicatorResult, spec: IndicatorSpec | None, communes: Mapping[str, str]
) -> dict[str, dict[str, Any]]:
    labels: dict[str, dict[str, Any]] = {}
    for name, value in result.components.items():
        record = None if spec is None else spec.component(name)
        if record is None:
            labels[name] = {"label": name, "unit": ""}
            continue
        entry: dict[str, Any] = {"label": record.label, "unit": record.unit}
        keys = _keys(value, record, communes)
        if keys is not None:
            entry["keys"] = keys
        labels[name] = entry
    return labels


def _by_commune_labels(
    result: IndicatorResult, spec: IndicatorSpec | None, communes: Mapping[str, str]
) -> dict[str, Any] | None:
    if result.by_commune is None:
        return None
    record = None if spec is None else spec.by_commune
    return {
        "label": "par commune" if record is None else record.label,
        "unit": "" if record is None else record.unit,
        "keys": {code: communes.get(code, code) for code in result.by_commune},
    }


def _add_labels(doc: dict[str, Any], report: Report, specs: Mapping[str, IndicatorSpec]) -> None:
    """Put a French label next to every machine key of the document (see the module's docstring)."""
    communes = commune_names(report)
    doc["territory"]["level_label"] = report.territory.level.label
    for item, result in zip(doc["indicators"], report.results, strict=True):
        spec = specs.get(result.code)
        item["status_label"] = Status(item["status"]).label
        item["flag_labels"] = [Flag(f).label for f in item["flags"]]
        item["component_labels"] = _component_labels(result, spec, communes)
        item["by_commune_labels"] = _by_commune_labels(result, spec, communes)
    for issue in doc["issues"]:
        issue["code_label"] = IssueCode(issue["code"]).label
    doc["referential"]["parameter_labels"] = _parameter_labels(doc["referential"]["parameters"], specs)


def _parameter_labels(
    parameters: Mapping[str, Mapping[str, Any]], specs: Mapping[str, IndicatorSpec]
) -> dict[str, dict[str, dict[str, str]]]:
    """Indicator code → parameter key → ``{"label", "unit"}`` (the key itself when not described)."""
    labels: dict[str, dict[str, dict[str, str]]] = {}
    for code, values in parameters.items():
        spec = specs.get(code)
        described = {} if spec is None else {p.key: p for p in spec.parameters}
        labels[code] = {
            key: {"label": key, "unit": ""}
            if key not in described
            else {"label": described[key].label, "unit": described[key].unit}
            for key in values
        }
    return labels


def report_document(
    report: Report,
    masking: Masking | None = None,
    notes: Sequence[str] = (),
    specs: Mapping[str, IndicatorSpec] | None = None,
) -> dict[str, Any]:
    """The JSON-serialisable document of one report, with its French labels and secrecy markers.

    Parameters
    ----------
    report:
        The report (already masked when secrecy applies).
    masking:
        Its masking, when secrecy applies: masked values become :data:`MARKER`.
    notes:
        French notes (member ``notes``).
    specs:
        Catalogue entries by code, for the labels and units of the components (default: none,
        components labelled by their keys).
    """
    doc = report.to_dict()
    _add_labels(doc, report, specs or {})
    if masking is not None:
        _put_marker(doc, masking)
    if notes:
        doc["notes"] = list(notes)
    return doc


def _sentences(doc: dict[str, Any], report: Report, ctx: Context, index: int) -> None:
    """Add to each indicator its French headline sentence (``sentence``)."""
    names = commune_names(report)
    for item, result in zip(doc["indicators"], report.results, strict=True):
        item["sentence"] = headline_sentence(result, ctx.specs.get(result.code), ctx.mask(index), names)


def _labelled(report: Report, ctx: Context, index: int) -> dict[str, Any]:
    doc = report_document(report, ctx.mask(index), specs=ctx.specs)
    _sentences(doc, report, ctx, index)
    return doc


def render_json(report: Report, ctx: Context | None = None) -> str:
    """Render one report as JSON (UTF-8 text, indented), with the data-quality summary and French sentences."""
    ctx = ctx or Context()
    doc = report_document(report, ctx.mask(0), ctx.notes, ctx.specs)
    doc["quality"] = (ctx.quality or quality_summary(report)).to_dict()
    _sentences(doc, report, ctx, 0)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render_series_json(reports: Sequence[Report], ctx: Context | None = None) -> str:
    """Render a series as ``{"periods": [...], "reports": [...]}``."""
    ctx = ctx or Context()
    doc: dict[str, Any] = {
        "periods": [
            {"label": r.period.label, "start": r.period.start.isoformat(), "end": r.period.end.isoformat()}
            for r in reports
        ],
        "reports": [_labelled(r, ctx, i) for i, r in enumerate(reports)],
        "quality": (ctx.quality or quality_summary(reports)).to_dict(),
    }
    if ctx.notes:
        doc["notes"] = list(ctx.notes)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

"""JSON rendering: :meth:`Report.to_dict` (a list with the periods for a series).

Under statistical secrecy every masked value is the string :data:`~.secrecy.MARKER` and the document
gains a ``"secret_statistique"`` member ``{"seuil": N, "marqueur": "secret", "masques": [paths]}``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from afnor_ctin.report.render._explain import headline_sentence
from afnor_ctin.report.render._format import Context, commune_names
from afnor_ctin.report.render.quality import quality_summary
from afnor_ctin.report.render.secrecy import MARKER, Masking
from afnor_ctin.results import Report

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


def report_document(report: Report, masking: Masking | None = None, notes: Sequence[str] = ()) -> dict[str, Any]:
    """The JSON-serialisable document of one report (with the secrecy markers when masked)."""
    doc = report.to_dict()
    if masking is not None:
        _put_marker(doc, masking)
    if notes:
        doc["notes"] = list(notes)
    return doc


def _sentences(doc: dict[str, Any], report: Report, ctx: Context, index: int) -> None:
    """Add to each indicator its French sentence and the French labels of its keys (``labels``)."""
    names = commune_names(report)
    for item, result in zip(doc["indicators"], report.results, strict=True):
        item["sentence"] = headline_sentence(result, ctx.specs.get(result.code), ctx.mask(index), names)
        labels: dict[str, Any] = {}
        for name, value in result.components.items():
            record = ctx.record(result.code, name)
            if record is None:
                continue
            if isinstance(value, Mapping) and value:
                keys = {str(k): record.key_label(str(k), names) for k in value}
                labels[name] = {"label": record.label, "keys": keys}
            else:
                labels[name] = {"label": record.label}
        if labels:
            item["labels"] = labels


def _labelled(report: Report, ctx: Context, index: int) -> dict[str, Any]:
    doc = report_document(report, ctx.mask(index))
    _sentences(doc, report, ctx, index)
    return doc


def render_json(report: Report, ctx: Context | None = None) -> str:
    """Render one report as JSON (UTF-8 text, indented), with the data-quality summary and French sentences."""
    ctx = ctx or Context()
    doc = report_document(report, ctx.mask(0), ctx.notes)
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

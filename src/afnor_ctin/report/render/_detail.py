"""What the text and Markdown renderers print under each indicator, computed once for both."""

from __future__ import annotations

import attrs

from afnor_ctin.report.render._explain import headline_sentence
from afnor_ctin.report.render._format import (
    Context,
    commune_value,
    component_label,
    format_component,
    parameters_text,
    provenance_label,
)
from afnor_ctin.report.render.secrecy import Masking
from afnor_ctin.results import IndicatorResult, Report

__all__ = ["Detail", "indicator_detail"]


@attrs.frozen(kw_only=True)
class Detail:
    """The French lines of one indicator's section, before any layout.

    Attributes
    ----------
    sentence:
        The headline sentence (what the value measures and how it relates to its components).
    note:
        The reason attached to a computed value, if any.
    provenance:
        The French provenance label, when the catalogue knows the indicator.
    parameters:
        The parameters in force, as French text (empty when the indicator has none).
    components:
        ``(label, formatted value)`` for each component.
    breakdown:
        The label and unit of the per-commune figure (« Valeur » when the catalogue does not describe it).
    communes:
        ``(INSEE code, commune name, formatted value)`` for each commune of the breakdown.
    """

    sentence: str
    note: str | None
    provenance: str | None
    parameters: str
    components: tuple[tuple[str, str], ...]
    breakdown: tuple[str, str] | None
    communes: tuple[tuple[str, str, str], ...]

    def items(self) -> list[tuple[str, str]]:
        """The ``(label, text)`` lines under the sentence: note, provenance, parameters, components."""
        lines = [("Note", self.note), ("Provenance", self.provenance), ("Paramètres", self.parameters)]
        return [(label, text) for label, text in lines if text] + list(self.components)


def indicator_detail(
    result: IndicatorResult, report: Report, ctx: Context, mask: Masking | None, names: dict[str, str]
) -> Detail:
    """The section of ``result`` in ``report``: labels from the catalogue, values masked by ``mask``."""
    spec = ctx.specs.get(result.code)
    components = []
    for name, value in result.components.items():
        record = ctx.record(result.code, name)
        text = format_component(value, record, name=name, code=result.code, masking=mask, communes=names)
        components.append((component_label(record, name), text))
    record = ctx.record(result.code, "by_commune")
    return Detail(
        sentence=headline_sentence(result, spec, mask, names),
        note=result.reason if result.reason and result.computable else None,
        provenance=None if spec is None else provenance_label(spec.provenance),
        parameters=parameters_text(spec, report),
        components=tuple(components),
        breakdown=None if record is None else (record.label, record.unit),
        communes=tuple(
            (insee, names.get(insee, ""), commune_value(result, insee, v, mask))
            for insee, v in (result.by_commune or {}).items()
        ),
    )

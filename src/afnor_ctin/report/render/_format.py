"""The shared view of a report used by every renderer: labels, units and formatting from the catalogue.

What a component is (label, kind, unit, key vocabulary) comes from the catalogue's
:class:`~afnor_ctin.catalog.records.Component` records; a component the catalogue does not describe
is shown by its key, as a plain number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from afnor_ctin.catalog import Component, ComponentKind, IndicatorSpec, Keys
from afnor_ctin.referential import Provenance
from afnor_ctin.report.figures.numbers import unit_for
from afnor_ctin.report.french import (
    NBSP,
    commune_names,
    flags_text,
    format_number,
    format_value,
    is_fictional,
    issue_line,
    period_text,
    referential_text,
    title,
)
from afnor_ctin.report.render.quality import QualitySummary
from afnor_ctin.report.render.secrecy import MARKER, Masking
from afnor_ctin.results import ComponentValue, IndicatorResult, Report

__all__ = [
    "NBSP",
    "Context",
    "commune_names",
    "commune_value",
    "component_label",
    "flags_text",
    "format_component",
    "format_number",
    "format_value",
    "headline_text",
    "is_fictional",
    "issue_line",
    "kind_label",
    "parameters_text",
    "period_text",
    "provenance_label",
    "referential_text",
    "title",
]

_PROVENANCE = {
    "named": "nommé (indicateur cité dans le référentiel Afnor)",
    "reconstructed": "reconstitué (définition de la bibliothèque, le référentiel Afnor n'étant pas public)",
}

_KIND = {"stock": "stock (à la date de fin)", "flow": "flux (sur la période)"}


@attrs.frozen(kw_only=True)
class Context:
    """Everything a renderer needs besides the report(s).

    Attributes
    ----------
    specs:
        Catalogue entries by code, as the report's referential words them (definitions, provenance,
        component records); may be empty (components are then shown by their keys).
    masking:
        One :class:`Masking` per report when statistical secrecy was applied, else empty.
    notes:
        French notes printed under the title (e.g. how the period was chosen).
    quality:
        The data-quality summary the report opens with (``None``: built from the report's issues).
    """

    specs: Mapping[str, IndicatorSpec] = attrs.field(factory=dict)
    masking: Sequence[Masking | None] = ()
    notes: Sequence[str] = ()
    quality: QualitySummary | None = None

    def mask(self, index: int = 0) -> Masking | None:
        """The masking of report ``index`` (``None`` without secrecy)."""
        return self.masking[index] if index < len(self.masking) else None

    def threshold(self) -> int | None:
        """The secrecy threshold, when secrecy was applied."""
        for m in self.masking:
            if m is not None:
                return m.threshold
        return None

    def record(self, code: str, name: str) -> Component | None:
        """The record of component ``name`` of indicator ``code`` (``by_commune``: the breakdown)."""
        spec = self.specs.get(code)
        return None if spec is None else spec.component(name)


def provenance_label(provenance: str) -> str:
    """French wording of a provenance (``named`` / ``reconstructed``)."""
    return _PROVENANCE.get(provenance, provenance)


def short_provenance(provenance: Provenance | None) -> str:
    """« nommé » or « reconstitué » (empty when unknown)."""
    if provenance is None:
        return ""
    return "nommé" if provenance is Provenance.NAMED else "reconstitué"


def kind_label(kind: str) -> str:
    """French wording of a kind (``stock`` / ``flow``)."""
    return _KIND.get(kind, kind)


def component_label(record: Component | None, name: str) -> str:
    """The French label of a component (its key when the catalogue does not describe it)."""
    return name if record is None else record.label


def _unit_of(record: Component | None) -> str:
    if record is None:
        return ""
    if record.kind in (ComponentKind.AMOUNT, ComponentKind.AMOUNTS):
        return "€"
    return record.unit


def _plain(value: float | None, unit: str) -> str:
    """A number as printed in a component; ``part``, ``€`` and ``indice`` follow :func:`format_value`."""
    if value is None:
        return "—"
    if unit in ("part", "€", "indice"):
        return format_value(value, unit)
    return format_number(value)


def _code_text(code: str, communes: Mapping[str, str]) -> str:
    name = communes.get(code)
    return f"{code} {name}" if name else code


def format_component(
    value: ComponentValue,
    record: Component | None = None,
    *,
    name: str = "",
    code: str = "",
    masking: Masking | None = None,
    communes: Mapping[str, str] | None = None,
) -> str:
    """French text of a component value (a number with its unit, a list of codes or ``libellé : valeur`` pairs).

    Parameters
    ----------
    value:
        The value (already masked when secrecy applies).
    record:
        Its catalogue record (labels of keys, unit); ``None``: shown by keys, as plain numbers.
    name, code:
        Component name and indicator code, to look up ``masking``.
    masking:
        The masking of the report, when secrecy applies.
    communes:
        INSEE code → commune name, to name the communes of a list of codes.
    """
    communes = communes or {}
    name = name or ("" if record is None else record.name)
    if masking is not None and masking.masked(code, "components", name):
        return MARKER
    if value is None:
        return "—"
    unit = _unit_of(record)
    if isinstance(value, str):
        return _code_text(value, communes) if record is not None and record.keys is Keys.COMMUNES else value
    if isinstance(value, tuple):
        return ", ".join(_code_text(v, communes) for v in value) if value else "aucune"
    if isinstance(value, Mapping):
        if not value:
            return "aucun"
        parts = []
        for k, v in value.items():
            label = str(k) if record is None else record.key_label(str(k), communes)
            shown = MARKER if masking is not None and masking.masked(code, "components", name, str(k)) else None
            parts.append(f"{label} : {shown or _plain(v, unit if unit in ('part', '€') else '')}")
        return " ; ".join(parts)
    text = _plain(value, unit)
    if record is None or unit in ("part", "€", "indice", ""):
        return text
    return f"{text}{NBSP}{unit_for(value, unit)}"


def headline_text(result: IndicatorResult, masking: Masking | None) -> str:
    """The headline value as printed: formatted value, :data:`MARKER` or ``non calculable``."""
    if masking is not None and masking.masked(result.code):
        return MARKER
    if not result.computable:
        return "non calculable"
    return format_value(result.value, result.unit)


def commune_value(result: IndicatorResult, insee: str, value: float | None, masking: Masking | None) -> str:
    """A breakdown entry as printed."""
    if masking is not None and masking.masked(result.code, "by_commune", insee):
        return MARKER
    return _plain(value, "")


def parameters_text(spec: IndicatorSpec | None, report: Report, *, keys: bool = True) -> str:
    """The parameter values a report used for one indicator, in French (empty without parameter).

    With ``keys``, each value is followed by the parameter's key in the referential file
    (``(seuil_ifn)``), for the readers who write one; the reports for elected officials leave it out.
    """
    if spec is None or not spec.parameters:
        return ""
    entry = report.referential.entry(spec.code)
    given = {} if entry is None else entry.parameters
    parts = []
    for p in spec.parameters:
        value = given.get(p.key, p.default)
        shown = format_number(value) if isinstance(value, int | float) and not isinstance(value, bool) else str(value)
        key = f" ({p.key})" if keys else ""
        parts.append(f"{p.label} = {shown}{NBSP + p.unit if p.unit else ''}{key}")
    return " ; ".join(parts)

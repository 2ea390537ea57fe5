"""French number formatting and the shared view of a report used by every renderer."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Protocol

import attrs

from afnor_ctin.errors import Issue
from afnor_ctin.report.render.secrecy import MARKER, Masking
from afnor_ctin.report.result import ComponentValue, IndicatorResult, Report

__all__ = [
    "Context",
    "SpecInfo",
    "component_unit",
    "format_component",
    "format_number",
    "format_value",
    "issue_line",
    "provenance_label",
]

NBSP = "\u00a0"

_PROVENANCE = {
    "named": "nommé (indicateur cité dans le référentiel Afnor)",
    "reconstructed": "reconstitué (définition de la bibliothèque, le référentiel Afnor n'étant pas public)",
}

_KIND = {"stock": "stock (à la date de fin)", "flow": "flux (sur la période)"}


class SpecInfo(Protocol):
    """What the renderers read from a catalogue entry (:class:`afnor_ctin.catalog.IndicatorSpec`)."""

    @property
    def code(self) -> str:
        """Indicator code."""

    @property
    def label(self) -> str:
        """French label."""

    @property
    def definition(self) -> str:
        """French definition."""

    @property
    def formula(self) -> str:
        """French formula."""

    @property
    def unit(self) -> str:
        """Unit."""

    @property
    def kind(self) -> str:
        """``stock`` or ``flow``."""

    @property
    def provenance(self) -> str:
        """``named`` or ``reconstructed``."""


@attrs.frozen(kw_only=True)
class Context:
    """Everything a renderer needs besides the report(s).

    Attributes
    ----------
    specs:
        Catalogue entries by code (definitions, provenance); may be empty.
    masking:
        One :class:`Masking` per report when statistical secrecy was applied, else empty.
    notes:
        French notes printed under the title (e.g. how the period was chosen).
    """

    specs: Mapping[str, SpecInfo] = attrs.field(factory=dict)
    masking: Sequence[Masking | None] = ()
    notes: Sequence[str] = ()

    def mask(self, index: int = 0) -> Masking | None:
        """The masking of report ``index`` (``None`` without secrecy)."""
        return self.masking[index] if index < len(self.masking) else None

    def threshold(self) -> int | None:
        """The secrecy threshold, when secrecy was applied."""
        for m in self.masking:
            if m is not None:
                return m.threshold
        return None


def provenance_label(provenance: str) -> str:
    """French wording of a provenance (``named`` / ``reconstructed``)."""
    return _PROVENANCE.get(provenance, provenance)


def kind_label(kind: str) -> str:
    """French wording of a kind (``stock`` / ``flow``)."""
    return _KIND.get(kind, kind)


def _group(digits: str) -> str:
    out = []
    while len(digits) > 3:
        out.append(digits[-3:])
        digits = digits[:-3]
    out.append(digits)
    return NBSP.join(reversed(out))


def format_number(value: float, decimals: int | None = None) -> str:
    """French form of a number: ``76 117,71`` (non-breaking space, decimal comma).

    ``decimals=None`` prints integers without decimals and other numbers with up to 2 decimals.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return "—"
    if decimals is None:
        if float(value).is_integer():
            decimals = 0
        else:
            text = f"{float(value):.2f}".rstrip("0")
            decimals = len(text.split(".")[1])
    text = f"{abs(float(value)):.{decimals}f}"
    whole, _, frac = text.partition(".")
    sign = "-" if value < 0 and float(text) != 0 else ""
    return sign + _group(whole) + ("," + frac if frac else "")


def format_value(value: float | None, unit: str) -> str:
    """French form of a headline value with its unit: ``86,7 %``, ``76 117,71 €``, ``3 acteurs``."""
    if value is None:
        return "—"
    if unit == "part":
        return f"{format_number(float(value) * 100, 1)}{NBSP}%"
    if unit == "€":
        return f"{format_number(value, 2)}{NBSP}€"
    if unit == "indice":
        return format_number(value, 2)
    return f"{format_number(value)}{NBSP}{unit}"


def component_unit(name: str) -> str:
    """Unit guessed from a component's name: shares are ``part``, money ``€``, else a plain number."""
    if name.startswith(("part_", "taux_")):
        return "part"
    if name.startswith(("cout_", "montant")) or name == "par_financeur":
        return "€"
    return ""


def _plain(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "part":
        return f"{format_number(float(value) * 100, 1)}{NBSP}%"
    if unit == "€":
        return f"{format_number(value, 2)}{NBSP}€"
    return format_number(value)


def format_component(
    name: str, value: ComponentValue, *, code: str = "", masking: Masking | None = None, key: str | None = None
) -> str:
    """French text of a component value (a number, a list of codes or ``clé : valeur`` pairs)."""
    unit = component_unit(name)
    if masking is not None and masking.masked(code, "components", name):
        return MARKER
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, tuple):
        return ", ".join(value) if value else "aucune"
    if isinstance(value, Mapping):
        if not value:
            return "aucun"
        parts = []
        for k, v in value.items():
            if masking is not None and masking.masked(code, "components", name, str(k)):
                parts.append(f"{k} : {MARKER}")
            else:
                parts.append(f"{k} : {_plain(v, unit)}")
        return " ; ".join(parts)
    return _plain(value, unit)


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


def commune_names(report: Report) -> dict[str, str]:
    """INSEE code → commune name for the report's territory."""
    return {c.code_insee: c.name for c in report.territory.communes}


def flags_text(result: IndicatorResult) -> str:
    """Flags in French, comma-separated."""
    return ", ".join(f.label for f in result.flags)


def issue_line(issue: Issue) -> str:
    """One French line for an issue: severity, location, message, value."""
    where = issue.location()
    value = f" (valeur « {issue.value} »)" if issue.value not in (None, "") else ""
    head = f"[{issue.severity.value}]"
    return f"{head} {where} : {issue.message}{value}" if where else f"{head} {issue.message}{value}"


def is_fictional(report: Report) -> bool:
    """True when the territory's name says the data is fictional (« données fictives »)."""
    folded = unicodedata.normalize("NFKD", report.territory.name.lower())
    return "donnees fictives" in "".join(c for c in folded if not unicodedata.combining(c))


def title(report: Report) -> str:
    """``Territory name (level code)``."""
    t = report.territory
    return f"{t.name} ({t.level.label} {t.code})"


def period_text(report: Report) -> str:
    """``2024 (du 01/01/2024 au 31/12/2024)``."""
    p = report.period
    span = f"du {p.start.format('DD/MM/YYYY')} au {p.end.format('DD/MM/YYYY')}"
    return p.label if p.label == span else f"{p.label} ({span})"

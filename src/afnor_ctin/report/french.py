r"""French number formatting and the French texts of a report's heading (no catalogue needed).

>>> format_number(76117.71452), format_value(13000 / 15000, "part")
('76\xa0117,71', '86,7\xa0%')
"""

from __future__ import annotations

import unicodedata

from afnor_ctin.errors import Issue
from afnor_ctin.french import NBSP, format_number
from afnor_ctin.report.figures.numbers import unit_for
from afnor_ctin.results import IndicatorResult, Report

__all__ = [
    "NBSP",
    "commune_names",
    "flags_text",
    "format_number",
    "format_value",
    "is_fictional",
    "issue_line",
    "period_text",
    "referential_text",
    "title",
]


def format_value(value: float | None, unit: str) -> str:
    """French form of a value with its unit: ``86,7 %`` (``part``), ``76 117,71 €``, ``3 acteurs``."""
    if value is None:
        return "—"
    if unit == "part":
        return f"{format_number(float(value) * 100, 1)}{NBSP}%"
    if unit == "€":
        return f"{format_number(value, 2)}{NBSP}€"
    if unit == "indice":
        return format_number(value, 2)
    return f"{format_number(value)}{NBSP}{unit_for(value, unit)}" if unit else format_number(value)


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


def referential_text(report: Report) -> str:
    """The referential a report follows: ``title — id, révision N``."""
    r = report.referential
    ident = f"{r.id}, révision {r.revision}"
    return f"{r.title} — {ident}" if r.title else ident

"""The plain-French sentence that opens each indicator section, generated from the catalogue records.

The sentence says what the headline measures (the label of its ``value`` record) and how it relates
to its components: the ratio it is (``of``), the parts it adds up (``parts_of="value"``), and the
other published values of the same kind a reader could take for it (« à distinguer de »).
"""

from __future__ import annotations

from collections.abc import Mapping

from afnor_ctin.catalog import Component, IndicatorSpec
from afnor_ctin.report.render._format import format_component, headline_text
from afnor_ctin.report.render.secrecy import Masking
from afnor_ctin.results import IndicatorResult

__all__ = ["headline_sentence", "lower_first"]


def lower_first(label: str) -> str:
    """``label`` with a lower-case first letter, unless it starts an acronym (« ETP », « QPV »)."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _scalar(result: IndicatorResult, record: Component) -> bool:
    value = result.components.get(record.name)
    return record.name in result.components and not isinstance(value, Mapping | tuple | str)


def _named(
    result: IndicatorResult,
    record: Component,
    masking: Masking | None,
    communes: Mapping[str, str],
) -> str:
    value = result.components[record.name]
    text = format_component(value, record, name=record.name, code=result.code, masking=masking, communes=communes)
    return f"{lower_first(record.label)} ({text})"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]


def headline_sentence(
    result: IndicatorResult,
    spec: IndicatorSpec | None,
    masking: Masking | None = None,
    communes: Mapping[str, str] | None = None,
) -> str:
    """One French sentence: what the headline of ``result`` measures and how it relates to its components.

    Parameters
    ----------
    result:
        The indicator's result (already masked when secrecy applies).
    spec:
        Its catalogue entry; ``None``: the sentence only names the value.
    masking:
        The masking of the report, when statistical secrecy applies.
    communes:
        INSEE code → commune name.

    Returns
    -------
    str
        E.g. « Actions d'accompagnement : 12 292 actions ; c'est la somme des accompagnements
        individuels (10 818 actions) et des ateliers collectifs (1 474 actions) ; à distinguer de :
        accompagnements (participants) (19 631 accompagnements). »

    Examples
    --------
    >>> from afnor_ctin.catalog import catalog
    >>> from afnor_ctin.results import IndicatorResult
    >>> r = IndicatorResult(code="I08", label="Équipement", label_en="Equipment", value=3,
    ...     unit="équipements et connexions", components={"equipements": 2, "connexions": 1})
    >>> sentence = headline_sentence(r, catalog.get("I08")).replace(chr(160), " ")
    >>> sentence.partition(" ; ")[2]
    'somme de : équipements solidaires (2 équipements) et connexions solidaires (1 connexion).'
    """
    communes = communes or {}
    value_record = None if spec is None else spec.component("value")
    label = result.label if value_record is None else value_record.label
    head = f"{label} : {headline_text(result, masking)}"
    if not result.computable:
        return f"{head}{' (' + result.reason + ')' if result.reason else ''}."
    if spec is None or value_record is None:
        return f"{head}."
    records = {c.name: c for c in spec.components if _scalar(result, c)}
    clauses: list[str] = []
    used: set[str] = set()
    of = value_record.of
    if of is not None and len(of.numerator) == 1 and len(of.denominator) == 1:
        num, den = records.get(of.numerator[0]), records.get(of.denominator[0])
        if num is not None and den is not None:
            clauses.append(
                f"rapport de : {_named(result, num, masking, communes)} à {_named(result, den, masking, communes)}"
            )
            used |= {num.name, den.name}
    parts = [c for c in records.values() if c.parts_of == "value"]
    if parts and not clauses:
        clauses.append("somme de : " + _join([_named(result, c, masking, communes) for c in parts]))
        used |= {c.name for c in parts}
    others = [
        c
        for c in records.values()
        if c.name not in used
        and c.parts_of is None
        and not c.references
        and (c.kind is value_record.kind or c.unit == value_record.unit)
    ]
    others += [c for c in records.values() if c.name not in used and c.of is not None and c.kind is value_record.kind]
    if others:
        clauses.append("à distinguer de : " + _join([_named(result, c, masking, communes) for c in others[:3]]))
    return head + "".join(f" ; {c}" for c in clauses) + "."

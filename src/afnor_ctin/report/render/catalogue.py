"""The catalogue in French text: the listing of the indicators, one indicator explained, a referential summarised.

What ``afnor-ctin indicateurs``, ``afnor-ctin expliquer`` and ``afnor-ctin referentiel FICHIER`` print.
"""

from __future__ import annotations

from collections.abc import Sequence

from afnor_ctin.catalog import IndicatorSpec
from afnor_ctin.referential import Referential
from afnor_ctin.report.render._format import provenance_label
from afnor_ctin.report.render.text import table

__all__ = ["catalogue_text", "explain_text", "referential_summary"]


def _heading(referential: Referential) -> str:
    return f"{referential.title} — {referential.id}, révision {referential.revision}"


def catalogue_text(specs: Sequence[IndicatorSpec], referential: Referential) -> str:
    """The indicators as ``referential`` words them: code, label, unit, kind, provenance, computed or left out."""
    rows = []
    for s in specs:
        entry = referential.entry(s.code)
        kept = "oui" if entry is None or entry.enabled else "non (écarté)"
        rows.append([s.code, s.label, s.unit, s.kind.label, s.provenance.label, kept])
    lines = [f"Référentiel : {_heading(referential)}", ""]
    lines += table(["Code", "Indicateur", "Unité", "Nature", "Provenance", "Calculé"], rows)
    return "\n".join(lines) + "\n"


def explain_text(spec: IndicatorSpec, referential: Referential) -> str:
    """One indicator explained: texts, components with labels and units, breakdown, flags, parameters."""
    values = spec.values(referential)
    parameters = "; ".join(
        f"{p.label} : {p.key} = {values[p.name]!r} {p.unit} ({p.range_text()} ; en Python : {p.name})"
        for p in spec.parameters
    )
    components = "\n".join(f"  - {c.name} : {c.label} [{c.unit}] — {c.kind.label}" for c in spec.components)
    breakdown = spec.by_commune
    lines = [
        f"{spec.code} — {spec.label}",
        "",
        f"Définition : {spec.definition}",
        f"Formule : {spec.formula}",
        f"Unité : {spec.unit}",
        f"Nature : {spec.kind.label}",
        f"Provenance : {provenance_label(spec.provenance)}",
        f"Composantes :\n{components}" if components else "Composantes : aucune",
        f"Répartition par commune : {f'{breakdown.label} [{breakdown.unit}]' if breakdown else 'aucune'}",
        f"Drapeaux possibles : {', '.join(f.label for f in spec.flags) or 'aucun'}",
        f"Paramètres : {parameters or 'aucun'}",
        f"Référentiel : {_heading(referential)}",
    ]
    return "\n".join(lines) + "\n"


def referential_summary(referential: Referential, specs: Sequence[IndicatorSpec]) -> str:
    """A checked referential: what it is, the indicators it leaves out and the parameters it changes."""
    lines = [f"Référentiel « {referential.source} » valide : {_heading(referential)}"]
    for spec in specs:
        entry = referential.entry(spec.code)
        if entry is None:
            continue
        if not entry.enabled:
            lines.append(f"  {spec.code} écarté (actif = false)")
        changed = [
            f"{p.key} = {entry.parameters[p.key]!r} (intégré : {p.default!r})"
            for p in spec.parameters
            if p.key in entry.parameters and entry.parameters[p.key] != p.default
        ]
        if changed:
            lines.append(f"  {spec.code} : {', '.join(changed)}")
    return "\n".join(lines) + "\n"

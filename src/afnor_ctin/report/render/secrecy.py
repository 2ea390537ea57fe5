"""Statistical secrecy (*secret statistique*): masking small counts in a :class:`Report`.

Masking is a transformation of the report, applied once before any renderer runs, so that no output
format can leak a masked value: masked numbers are replaced by ``None`` in the returned report and
their places are listed in a :class:`Masking` so that renderers print the :data:`MARKER` there.

The suppressions are planned over the whole report by :func:`afnor_ctin.secrecy.plan` (threshold ``N``):

1. **Primary** — every count of statistical units strictly between 0 and ``N`` is masked; a zero
   count is not secret and stays published. Mappings and breakdowns by commune are masked entry by
   entry (for a breakdown of rates per inhabitants, the count behind each entry).
2. **Derived** — every share, rate, ratio, duration or cost computed from a masked value is masked.
3. **Complementary** (*secret secondaire*) — the report is a system of linear relations (components
   adding up to a total, shares with their numerator and denominator, identities between indicators,
   all read from the catalogue's records); while the interval audit (:func:`afnor_ctin.secrecy.audit`)
   recovers a masked count exactly from the published values, the cheapest value of a relation that
   pins it is masked too.

Population figures, counts and shares of *communes* (public geography), codes, parameters and amounts
of money are never masked by themselves.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from afnor_ctin.catalog import PUBLIC_QUANTITIES, Catalog, ComponentKind, catalog
from afnor_ctin.errors import InvalidInputError
from afnor_ctin.results import ComponentValue, Report
from afnor_ctin.secrecy import Path, plan

__all__ = ["MARKER", "Masking", "Path", "apply_secrecy", "hide", "legend", "rule_text"]

#: Text printed in place of a masked value, in every format.
MARKER = "secret"


@attrs.frozen(kw_only=True)
class Masking:
    """What statistical secrecy masked in one report.

    Attributes
    ----------
    threshold:
        The threshold ``N``: counts below it are masked.
    paths:
        The :data:`Path` of every masked value.
    """

    threshold: int
    paths: frozenset[Path] = frozenset()

    def masked(self, *path: str) -> bool:
        """True when the value at ``path`` was masked."""
        return tuple(path) in self.paths

    def __len__(self) -> int:
        return len(self.paths)


def legend(threshold: int) -> str:
    """French explanation of the marker, printed by every human-readable format."""
    return (
        f"« {MARKER} » : secret statistique — effectif inférieur à {threshold}, valeur qui permettrait "
        "de le retrouver, ou valeur calculée à partir d'un tel effectif"
    )


def rule_text(code: str, name: str, specs: Catalog | None = None) -> str:
    """How statistical secrecy treats one value, in French (the rule derived from its record).

    Parameters
    ----------
    code:
        Indicator code.
    name:
        ``value`` (the headline), a component name or ``by_commune``.
    specs:
        The catalogue (default: :data:`afnor_ctin.catalog.catalog`).

    Returns
    -------
    str
        The rule, in French.

    Examples
    --------
    >>> rule_text("I09", "part_mutualisees")
    'part : masquée avec sessions_mutualisees ou sessions'
    """
    specs = catalog if specs is None else specs
    record = specs.get(code).component(name) if code in specs else None
    if record is None:
        return "non décrit : un entier est un effectif, un autre nombre suit les effectifs masqués de l'indicateur"
    if record.kind.is_count:
        return "effectif : masqué de 1 à N − 1, ou en secret secondaire (pour qu'aucun effectif masqué ne se déduise)"
    if name == "by_commune" and record.kind is ComponentKind.RATE and record.per is not None:
        return f"taux : masqué où l'effectif reconstitué (taux × population ÷ {record.per}) est de 1 à N − 1"

    def counted(ref: str) -> bool:
        found = specs.record(code, ref)
        return found is not None and not found.kind.is_public

    refs = [r for r in record.references if r not in PUBLIC_QUANTITIES and counted(r)]
    if not refs:
        return "jamais masqué (pas un effectif)" if record.kind.is_public else "jamais masqué (quantités publiques)"
    kind = "part : masquée" if record.kind is ComponentKind.SHARE else "masqué"
    of = record.of
    reveals = of is not None and not of.numerator and bool(of.denominator) and all(counted(r) for r in of.denominator)
    hidden = " ; aussi quand l'effectif qu'elle révèle est de 1 à N − 1" if reveals else ""
    return f"{kind} avec {' ou '.join(refs)}{hidden}"


def _mask_value(value: ComponentValue, path: Path, paths: frozenset[Path]) -> ComponentValue:
    if path in paths:
        return None
    if isinstance(value, Mapping):
        return {k: (None if (*path, str(k)) in paths else v) for k, v in value.items()}
    return value


def apply_secrecy(report: Report, threshold: int, specs: Catalog | None = None) -> tuple[Report, Masking]:
    """Mask the small counts of ``report``, every value derived from them and their complements.

    No masked count can be recovered exactly from the published values: :func:`afnor_ctin.secrecy.audit`
    finds no interval of zero width in the returned report.

    Parameters
    ----------
    report:
        The report to protect.
    threshold:
        ``N`` [count]: counts strictly below it are masked (``N ≥ 1``).
    specs:
        The catalogue whose component records give the rules (default: :data:`afnor_ctin.catalog.catalog`).

    Returns
    -------
    (Report, Masking)
        A copy of the report where every masked value is ``None``, and the places masked.

    Raises
    ------
    InvalidInputError
        When ``threshold`` is below 1.
    """
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise InvalidInputError(f"seuil de secret statistique « {threshold} » invalide (entier ≥ 1 attendu)")
    masking = Masking(threshold=threshold, paths=plan(report, threshold, catalog if specs is None else specs))
    return hide(report, masking), masking


def hide(report: Report, masking: Masking) -> Report:
    """A copy of ``report`` where every value ``masking`` names is ``None``.

    Parameters
    ----------
    report:
        The report as computed.
    masking:
        The places to mask (:func:`apply_secrecy` plans them).

    Returns
    -------
    Report
        The report as published.
    """
    frozen, threshold = masking.paths, masking.threshold
    results = []
    for result in report.results:
        code = result.code
        components = {
            name: _mask_value(value, (code, "components", name), frozen) for name, value in result.components.items()
        }
        by_commune = None
        if result.by_commune is not None:
            by_commune = {
                k: (None if (code, "by_commune", str(k)) in frozen else v) for k, v in result.by_commune.items()
            }
        headline_masked = (code,) in frozen
        results.append(
            attrs.evolve(
                result,
                value=None if headline_masked else result.value,
                reason=f"secret statistique (seuil {threshold})" if headline_masked else result.reason,
                components=components,
                by_commune=by_commune,
            )
        )
    return attrs.evolve(report, results=tuple(results))

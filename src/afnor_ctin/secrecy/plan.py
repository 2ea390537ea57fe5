"""Planning the suppressions of one report: primary, derived and complementary (*secret secondaire*).

1. **Primary** — every count strictly between 0 and the threshold ``N`` is masked (a zero count is not
   secret, and stays published). A share or rate with an unpublished numerator (« part des
   accompagnements hors ville-centre ») is masked when the count it reveals, share × denominator,
   is between 0 and ``N``.
2. **Derived** — every share, rate, ratio, duration or amount computed from a masked value is masked.
3. **Complementary** — the interval audit (:func:`afnor_ctin.secrecy.audit.intervals`) bounds each
   masked count from the published values; while one is recovered (its interval holds a single
   integer: zero width, or too narrow for a second whole number), the cheapest published
   value of a relation that pins it (the smallest non-zero count, or the share coefficient of the
   relation) is masked too, derived values follow, and the audit runs again.

Published zeros stay in the system: they are never masked and never used to protect another cell.
A relation the report itself does not satisfy (a report built by hand, or an indicator its records
describe loosely) is left out of the planning; the property tests check that every relation of the
catalogue holds for the reports the indicators compute.
"""

from __future__ import annotations

from collections.abc import Iterable

from afnor_ctin.catalog import Catalog
from afnor_ctin.results import Report
from afnor_ctin.secrecy.audit import intervals
from afnor_ctin.secrecy.system import Path, Relation, System, build_system, reference_path

__all__ = ["plan"]

#: The cost of masking a share or rate rather than a count: masking it hides one number and what
#: derives from it.
_FACTOR_COST = 0.5


def _primary(system: System, report: Report, catalog: Catalog, threshold: int) -> set[Path]:
    masked = {
        p
        for p, c in system.cells.items()
        if c.role == "count" and c.count is not None and 0 < round(c.count, 6) < threshold
    }
    for result in report.results:
        if result.code not in catalog:
            continue
        spec = catalog.get(result.code)
        for record in (spec.headline, *spec.components):
            if record is None or record.of is None or record.of.numerator or not record.of.denominator:
                continue
            path: Path = (result.code,) if record.name == "value" else (result.code, "components", record.name)
            cell = system.cells.get(path)
            if cell is None or cell.value is None:
                continue
            denominator = 0.0
            for ref in record.of.denominator:
                ref_path = reference_path(result.code, ref)
                ref_cell = system.cells.get(ref_path)
                if ref_cell is None or ref_cell.role != "count" or ref_cell.count is None:
                    break
                denominator += ref_cell.count
            else:
                if _small(round(cell.value * denominator), threshold):
                    masked.add(path)
    return masked


def _small(count: float | None, threshold: int) -> bool:
    """True for a count strictly between 0 and the threshold (a zero is not secret)."""
    return count is not None and 0 < round(count, 6) < threshold


def _derived(system: System, masked: set[Path]) -> set[Path]:
    """``masked`` with every derived cell computed from a masked cell, to a fixed point."""
    out = set(masked)
    derived = [(p, c.references) for p, c in system.cells.items() if c.role == "derived" and c.value is not None]
    changed = True
    while changed:
        changed = False
        for path, references in derived:
            if path not in out and references & out:
                out.add(path)
                changed = True
    return out


def _options(system: System, relation: Relation, masked: set[Path]) -> list[tuple[float, Path]]:
    """What may be masked to loosen ``relation``: its share coefficients, its published non-zero counts."""
    options: list[tuple[float, Path]] = [(_FACTOR_COST, f) for f in relation.factors]
    for path in relation.coefficients:
        count = system.cells[path].count
        if path not in masked and count is not None and round(count, 6) > 0:
            options.append((count, path))
    return options


def _complement(system: System, relations: Iterable[Relation], target: Path, masked: set[Path]) -> Path | None:
    """The cheapest published value of a relation pinning ``target`` (directly, or through other masked cells)."""
    active = [r for r in relations if not r.factors & masked]
    reached, frontier = {target}, [target]
    while frontier:
        linked = [r for r in active if any(p in r.coefficients for p in frontier)]
        options = [o for r in linked for o in _options(system, r, masked)]
        if options:
            return min(options)[1]
        frontier = [p for r in linked for p in r.coefficients if p in masked and p not in reached]
        reached.update(frontier)
    return None


def plan(report: Report, threshold: int, catalog: Catalog) -> frozenset[Path]:
    """The paths to mask in ``report`` so that no masked count is recovered exactly.

    Parameters
    ----------
    report:
        The report, as computed.
    threshold:
        ``N`` [count]: counts between 0 and ``N`` (excluded) are masked.
    catalog:
        The catalogue whose records give the cells and relations.

    Returns
    -------
    frozenset of Path
        Every masked path: counts and the values derived from them.
    """
    system = build_system(report, catalog)
    counts = system.counts()
    relations = tuple(r for r in system.relations if r.holds(counts))
    system = System(cells=system.cells, relations=relations)
    masked = _derived(system, _primary(system, report, catalog, threshold))
    for _ in range(len(system.cells) + 1):
        targets = [p for p in masked if system.cells[p].role == "count"]
        hidden = [p for p in masked if system.cells[p].role == "derived"]
        found, _ = intervals(system, targets, hidden, truth=counts)
        recovered = sorted(p for p, i in found.items() if i.single_integer)
        if not recovered:
            break
        extra: set[Path] = set()
        for target in recovered:
            choice = _complement(system, relations, target, masked | extra)
            if choice is not None:
                extra.add(choice)
        if not extra:
            break
        masked = _derived(system, masked | extra)
    return frozenset(masked)

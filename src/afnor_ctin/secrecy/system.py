"""The linear system of one report: its cells and the relations the published values satisfy.

Every number a report publishes is a *cell*, located by a :data:`Path`. A cell is either

- a **count** (a count of statistical units, one entry of a mapping of counts, one entry of a breakdown
  by commune of counts, or the count behind an entry of a breakdown by commune of rates, rebuilt as
  rate × population of the commune ÷ ``per``): a non-negative unknown of the system;
- **public** (communes, codes, parameters, amounts of money): never masked, a constant of the system;
- **derived** (shares, rates, ratios, durations, full-time equivalents…): computed from the cells it
  references; masked as soon as one of them is, and, when published, a coefficient of the relations
  it takes part in.

The relations are read from the catalogue, never kept here:

- components sharing one ``parts_of`` add up to it; the entries of a mapping or breakdown with a
  ``parts_of`` add up to it;
- a published share, rate or ratio whose sides (``of``) are counts or public values gives
  ``numerator = value × denominator`` (÷ ``per`` for a rate);
- the indicators' :class:`~afnor_ctin.catalog.records.Identity` records (cross-indicator identities,
  inequalities, per-commune identities).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TypeAlias

import attrs

from afnor_ctin.catalog import PUBLIC_QUANTITIES, Catalog, Component, ComponentKind, Identity, Term
from afnor_ctin.results import IndicatorResult, Report, Status

__all__ = ["Cell", "Path", "Relation", "System", "build_system", "reference_path"]

#: Location of a value in a report: ``(code,)`` for the headline value, ``(code, "components", name)``
#: or ``(code, "components", name, key)`` for a component (or one of its entries), and
#: ``(code, "by_commune", insee)`` for a breakdown entry.
Path: TypeAlias = tuple[str, ...]

#: Units of a headline that count statistical units (for indicators without records).
COUNT_UNITS = frozenset(
    {"acteurs", "personnes", "actions", "équipements et connexions", "événements", "lieux", "sessions"}
)

_Expr: TypeAlias = tuple[dict[Path, float], float]


@attrs.frozen(kw_only=True)
class Cell:
    """One published number of a report.

    Attributes
    ----------
    path:
        Where it is (:data:`Path`).
    value:
        The number as published, or ``None`` when it is not (masked or not computable).
    role:
        ``count``, ``public`` or ``derived`` (see the module documentation).
    scale:
        For a count: the count is ``value × scale`` (1, or population ÷ ``per`` for a rate by commune).
    references:
        For a derived cell: the cells it is computed from.
    """

    path: Path
    value: float | None
    role: str
    scale: float = 1.0
    references: frozenset[Path] = frozenset()

    @property
    def count(self) -> float | None:
        """The count this cell publishes (``value × scale``), for a count cell."""
        return None if self.value is None else self.value * self.scale


@attrs.frozen(kw_only=True)
class Relation:
    """``Σ coefficient × count + constant = 0`` (or ``≤ 0`` for an inequality).

    Attributes
    ----------
    coefficients:
        Coefficient of each count cell.
    constant:
        Sum of the public values (and published counts already known when the relation was written).
    inequality:
        True for ``≤ 0``.
    factors:
        The derived cells whose published values are in the coefficients: the relation holds only while
        they are published.
    source:
        Where the relation comes from (French).
    """

    coefficients: Mapping[Path, float]
    constant: float
    inequality: bool
    factors: frozenset[Path]
    source: str

    def residual(self, counts: Mapping[Path, float]) -> float:
        """Left-hand side for the given counts (0, or ≤ 0 for an inequality, when the relation holds)."""
        return sum(c * counts.get(p, 0.0) for p, c in self.coefficients.items()) + self.constant

    def holds(self, counts: Mapping[Path, float]) -> bool:
        """True when the relation holds for ``counts``, up to rounding."""
        scale = 1.0 + abs(self.constant) + sum(abs(c * counts.get(p, 0.0)) for p, c in self.coefficients.items())
        residual = self.residual(counts)
        return residual <= 1e-7 * scale if self.inequality else abs(residual) <= 1e-7 * scale


@attrs.frozen(kw_only=True)
class System:
    """The cells of a report and the relations between them."""

    cells: Mapping[Path, Cell]
    relations: tuple[Relation, ...]

    def counts(self) -> dict[Path, float]:
        """The published count of every count cell that is published."""
        return {p: c.count for p, c in self.cells.items() if c.role == "count" and c.count is not None}


def reference_path(code: str, ref: str) -> Path:
    """The path a reference of indicator ``code`` names (``I04.par_canal.a_distance``: one entry of a mapping).

    >>> reference_path("I06", "I04.accompagnements")
    ('I04', 'components', 'accompagnements')
    """
    parts = ref.split(".")
    if parts[0][:1] == "I" and parts[0][1:].isdigit():
        code, parts = parts[0], parts[1:]
    if not parts or parts == ["value"]:
        return (code,)
    head = (code, "by_commune") if parts[0] == "by_commune" else (code, "components", parts[0])
    return (*head, *parts[1:])


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


class _Builder:
    """Reads one report with the catalogue's records."""

    def __init__(self, report: Report, catalog: Catalog) -> None:
        self.catalog = catalog
        self.results = {r.code: r for r in report.results}
        self.population = {c.code_insee: c.population for c in report.territory.communes}
        self.total_population = float(sum(p for p in self.population.values() if p is not None))
        self.cells: dict[Path, Cell] = {}
        self.children: dict[Path, list[Path]] = {}
        self.relations: list[Relation] = []

    # -- cells ---------------------------------------------------------------------------------------
    def record(self, code: str, name: str) -> Component | None:
        return self.catalog.get(code).component(name) if code in self.catalog else None

    def units(self, result: IndicatorResult) -> Iterator[tuple[Path, str, object]]:
        code = result.code
        if result.value is not None or result.status is not Status.NOT_COMPUTABLE:
            yield (code,), "value", result.value  # an undefined headline is no hidden value
        for name, value in result.components.items():
            yield (code, "components", name), name, value
        if result.by_commune is not None:
            yield (code, "by_commune"), "by_commune", result.by_commune

    def read(self) -> None:
        for code, result in self.results.items():
            fallback_derived: list[Path] = []
            for unit, name, value in self.units(result):
                record = self.record(code, name)
                entries = value.items() if isinstance(value, Mapping) else None
                if entries is None and (
                    isinstance(value, str | tuple) or (value is not None and _number(value) is None)
                ):
                    continue
                pairs = [((*unit, str(k)), v) for k, v in entries] if entries is not None else [(unit, value)]
                if entries is not None:
                    self.children[unit] = [p for p, _ in pairs]
                for path, v in pairs:
                    cell = self.cell(code, record, unit, name, path, v, result)
                    if cell is not None:
                        self.cells[path] = cell
                        if cell.role == "derived" and record is None:
                            fallback_derived.append(path)
            counts = frozenset(p for p in self.cells if p[0] == code and self.cells[p].role == "count")
            for path in fallback_derived:
                self.cells[path] = attrs.evolve(self.cells[path], references=counts)
        for path, cell in self.cells.items():  # references name units: now that every cell is read, their cells
            if cell.role == "derived" and cell.references:
                members = frozenset(m for unit in cell.references for m in self.members(unit))
                self.cells[path] = attrs.evolve(cell, references=members)

    def cell(
        self,
        code: str,
        record: Component | None,
        unit: Path,
        name: str,
        path: Path,
        value: object,
        result: IndicatorResult,
    ) -> Cell | None:
        number = _number(value)
        if value is not None and number is None:
            return None
        if record is None:
            if (name == "value" and result.unit in COUNT_UNITS) or isinstance(value, int):
                return Cell(path=path, value=number, role="count")
            if name == "value" and result.unit == "€":
                return Cell(path=path, value=number, role="public")
            return Cell(path=path, value=number, role="derived")
        if record.kind.is_count:
            return Cell(path=path, value=number, role="count")
        if name == "by_commune" and record.kind is ComponentKind.RATE and record.per is not None:
            population = self.population.get(path[-1])
            if population:
                return Cell(path=path, value=number, role="count", scale=population / record.per)
            return Cell(path=path, value=number, role="derived", references=frozenset())
        refs = [r for r in record.references if r not in PUBLIC_QUANTITIES]
        if not refs and record.kind.is_public:
            return Cell(path=path, value=number, role="public")
        return Cell(path=path, value=number, role="derived", references=frozenset(self.unit(code, r) for r in refs))

    # -- references ----------------------------------------------------------------------------------
    unit = staticmethod(reference_path)

    def members(self, unit: Path) -> list[Path]:
        if unit in self.cells:
            return [unit]
        return list(self.children.get(unit, ()))

    def expr(self, code: str, term: Term, commune: str | None = None) -> _Expr | None:
        """``term`` as a linear expression of counts (without its factor), or ``None`` when it has none."""
        if term.ref in PUBLIC_QUANTITIES:
            if term.ref == "communes":
                return {}, float(len(self.population))
            return {}, self.total_population
        unit = self.unit(code, term.ref)
        if term.total:
            if unit not in self.children:
                return None
            paths = self.children[unit]
        elif term.key is not None:
            key = commune if term.key == "*" else self.code_of(unit[0], term.key)
            if key is None:
                return None
            paths = [(*unit, key)]
        else:
            paths = self.members(unit)
            if len(paths) != 1 or paths[0] != unit:
                return self.absent_entry(unit)
        coefficients: dict[Path, float] = {}
        constant = 0.0
        for path in paths:
            cell = self.cells.get(path)
            if cell is None or cell.role == "derived":
                return None
            if cell.role == "public":
                if cell.value is None:
                    return None
                constant += cell.value
            else:
                coefficients[path] = coefficients.get(path, 0.0) + 1.0
        return coefficients, constant

    def absent_entry(self, path: Path) -> _Expr | None:
        """An entry a mapping leaves out because it is zero (``keep_zeros`` false) is the constant 0."""
        if len(path) != 4 or path[:3] not in self.children:
            return None
        record = self.record(path[0], path[2])
        return ({}, 0.0) if record is not None and not record.keep_zeros else None

    def code_of(self, code: str, name: str) -> str | None:
        result = self.results.get(code)
        value = None if result is None else result.components.get(name)
        return value if isinstance(value, str) else None

    # -- relations -----------------------------------------------------------------------------------
    def add(self, left: list[tuple[float, _Expr]], inequality: bool, factors: frozenset[Path], source: str) -> None:
        coefficients: dict[Path, float] = {}
        constant = 0.0
        for weight, (coeffs, const) in left:
            for path, c in coeffs.items():
                coefficients[path] = coefficients.get(path, 0.0) + weight * c
            constant += weight * const
        coefficients = {p: c for p, c in coefficients.items() if c != 0.0}
        if coefficients:
            self.relations.append(
                Relation(
                    coefficients=coefficients,
                    constant=constant,
                    inequality=inequality,
                    factors=factors,
                    source=source,
                )
            )

    def parts(self, code: str) -> None:
        spec = self.catalog.get(code)
        totals: dict[str, list[Term]] = {}
        for record in (*spec.components, *((spec.by_commune,) if spec.by_commune else ())):
            if record.parts_of is None:
                continue
            ref = "by_commune" if record.name == "by_commune" else record.name
            totals.setdefault(record.parts_of, []).append(Term(sign=1, ref=ref, total=record.kind.is_mapping))
        for total, terms in totals.items():
            mappings = [t for t in terms if t.total or t.ref == "by_commune"]
            scalars = [t for t in terms if t not in mappings]
            groups = [[t] for t in mappings] + ([scalars] if scalars else [])
            for group in groups:
                group = [attrs.evolve(t, total=True) if t.ref == "by_commune" else t for t in group]
                sides = [self.expr(code, t) for t in group]
                whole = self.expr(code, Term(sign=1, ref=total))
                if whole is None or any(s is None for s in sides):
                    continue
                names = " + ".join(t.ref for t in group)
                left = [(1.0, s) for s in sides if s is not None] + [(-1.0, whole)]
                self.add(left, False, frozenset(), f"{code} : {names} = {total}")

    def shares(self, code: str) -> None:
        result = self.results[code]
        for unit, name, _ in self.units(result):
            record = self.record(code, name)
            cell = self.cells.get(unit)
            if record is None or record.of is None or cell is None or cell.role != "derived" or cell.value is None:
                continue
            if not record.of.numerator or not record.of.denominator:
                continue
            numerator = self.side(code, record.of.numerator)
            denominator = self.side(code, record.of.denominator)
            if numerator is None or denominator is None:
                continue
            factor = cell.value / record.per if record.kind is ComponentKind.RATE and record.per else cell.value
            source = f"{code} : {name} = {record.of.text()}"
            self.add([(1.0, numerator), (-factor, denominator)], False, frozenset({unit}), source)

    def side(self, code: str, refs: tuple[str, ...]) -> _Expr | None:
        coefficients: dict[Path, float] = {}
        constant = 0.0
        for ref in refs:
            e = self.expr(code, Term(sign=1, ref=ref))
            if e is None:
                return None
            for p, c in e[0].items():
                coefficients[p] = coefficients.get(p, 0.0) + c
            constant += e[1]
        return coefficients, constant

    def identity(self, code: str, identity: Identity) -> None:
        communes = list(self.population) if identity.each_commune else [None]
        for commune in communes:
            left: list[tuple[float, _Expr]] = []
            factors: set[Path] = set()
            for side, sign in ((identity.left, 1.0), (identity.right, -1.0)):
                for term in side:
                    e = self.expr(code, term, commune)
                    weight = sign * term.sign
                    if term.factor is not None:
                        path = self.unit(code, term.factor)
                        factor = self.cells.get(path)
                        if factor is None or factor.value is None:
                            e = None
                        else:
                            weight *= factor.value
                            factors.add(path)
                    if e is None:
                        break
                    left.append((weight, e))
                else:
                    continue
                break
            else:
                self.add(left, identity.inequality, frozenset(factors), f"{code} : {identity.equation}")

    def build(self) -> System:
        self.read()
        for code in self.results:
            if code not in self.catalog:
                continue
            self.parts(code)
            self.shares(code)
            for identity in self.catalog.get(code).identities:
                self.identity(code, identity)
        return System(cells=dict(self.cells), relations=tuple(self.relations))


def build_system(report: Report, catalog: Catalog) -> System:
    """The cells of ``report`` and the relations between them, read from ``catalog``'s records.

    Parameters
    ----------
    report:
        A report, masked or not (a masked value is ``None``).
    catalog:
        The catalogue whose records describe the indicators.

    Returns
    -------
    System
        Its cells and relations.
    """
    return _Builder(report, catalog).build()

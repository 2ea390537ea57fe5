"""Statistical secrecy (*secret statistique*): masking small counts in a :class:`Report`.

Masking is a transformation of the report, applied once before any renderer runs, so that no output
format can leak a masked value: masked numbers are replaced by ``None`` in the returned report and
their places are listed in a :class:`Masking` so that renderers print the :data:`MARKER` there.

Rule (threshold ``N``)
----------------------
1. **Counts** — every count of statistical units (actors, places, mediators, actions, people,
   participations, devices, events, sessions) strictly below ``N`` is masked, zeros included.
   Mappings of counts (by role, by channel, by month, by type…) are masked entry by entry.
2. **Secondary suppression** — when exactly one cell of a group with a published total is masked
   (the entries of a mapping of counts, a breakdown by commune, or components that add up, such as
   ``individuels`` + ``ateliers``), the smallest other cell is masked too, so that no masked count can
   be recovered by subtraction.
3. **Derived values** — a value computed from a masked count is masked too:

   - shares and rates whose numerator is masked, or whose numerator, rebuilt as
     ``share × denominator``, is below ``N``;
   - per-inhabitant ratios by commune: the count behind each entry is rebuilt as
     ``ratio × population ÷ base`` from the territory's populations and masked when below ``N``;
   - totals expressed in another unit (hours, full-time equivalents, cost per accompaniment…)
     when the count they are made of is masked.

4. **Not masked** — population figures, counts and shares of *communes* (public geography), and
   amounts of money (I10 value, amounts by funder, payment rate) are not statistical counts.

The rules are derived from the catalogue's component records
(:class:`~afnor_ctin.catalog.records.Component`), never kept apart:

- a ``count`` or a mapping of ``counts`` is a count (rule 1); a breakdown by commune of counts too;
- a ``share`` whose denominator is a count (``of``) is masked as in rule 3, its numerator rebuilt;
- a breakdown by commune of ``rate`` per inhabitants (``per``) is masked where the rebuilt count is
  below ``N``;
- any other value computed from published values (``of``, ``derived_from``) is masked as soon as one
  of them is;
- communes, codes, parameters and amounts (rule 4) are never masked by themselves;
- the components sharing one ``parts_of`` total form a group for secondary suppression (rule 2).

Components an indicator does not describe (registered indicators) fall back to: integers and
mappings of integers are counts; other numbers are masked as soon as anything else in the same
indicator is masked.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, TypeAlias

import attrs

from afnor_ctin.catalog import PUBLIC_QUANTITIES, Catalog, Component, ComponentKind, IndicatorSpec, catalog
from afnor_ctin.errors import InvalidInputError
from afnor_ctin.results import ComponentValue, IndicatorResult, Report

__all__ = ["MARKER", "Masking", "Path", "apply_secrecy", "legend", "rule_text"]

#: Text printed in place of a masked value, in every format.
MARKER = "secret"

#: Location of a value in a report: ``(code,)`` for the headline value, ``(code, "components", name)``
#: or ``(code, "components", name, key)`` for a component (or one of its entries), and
#: ``(code, "by_commune", insee)`` for a breakdown entry.
Path: TypeAlias = tuple[str, ...]

_COUNT_UNITS = frozenset(
    {"acteurs", "personnes", "actions", "équipements et connexions", "événements", "lieux", "sessions"}
)


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
        f"« {MARKER} » : secret statistique — effectif inférieur à {threshold}, "
        "ou valeur calculée à partir d'un tel effectif"
    )


# -- rules ---------------------------------------------------------------------------------------
# A rule decides, from the original value and a context, whether a value (or each entry of a
# mapping) is masked.  References ("ref") name another value: "value" (headline of the same
# indicator), a component name of the same indicator, "I04" (headline of another indicator) or
# "I04.accompagnements" (component of another indicator).


@attrs.frozen
class _Count:
    """A count (or a mapping of counts)."""


@attrs.frozen
class _Keep:
    """Not a statistical count: never masked."""


@attrs.frozen
class _With:
    """Masked when any of ``refs`` is masked (or when any entry of a mapping ``ref`` is masked)."""

    refs: tuple[str, ...]


@attrs.frozen
class _Share:
    """A share ``numerator ÷ denominator`` (sums of references).

    Masked with either side, or when ``share × denominator < N``.
    """

    denominator: tuple[str, ...]
    numerator: tuple[str, ...] = ()


@attrs.frozen
class _Rate:
    """By-commune ratio per ``base`` inhabitants: masked where ``ratio × population ÷ base < N``."""

    base: int


@attrs.frozen
class _Fallback:
    """Unknown component: integers are counts, other numbers follow anything masked in the indicator."""


_Rule: TypeAlias = _Count | _Keep | _With | _Share | _Rate | _Fallback

_COUNT, _KEEP, _FALLBACK = _Count(), _Keep(), _Fallback()


class _Rules:
    """The masking rule of every value of every indicator, derived from the catalogue's records."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def spec(self, code: str) -> IndicatorSpec | None:
        return self.catalog.get(code) if code in self.catalog else None

    def record(self, code: str, name: str) -> Component | None:
        spec = self.spec(code)
        return None if spec is None else spec.component(name)

    def _counts(self, code: str, refs: tuple[str, ...]) -> bool:
        """True when every reference names a count."""

        def is_count(ref: str) -> bool:
            record = self.catalog.record(code, ref)
            return record is not None and record.kind.is_count

        return bool(refs) and all(is_count(r) for r in refs)

    def of(self, code: str, name: str, *, breakdown: bool = False) -> _Rule:
        record = self.record(code, name)
        if record is None:
            return _FALLBACK
        if record.kind.is_count:
            return _COUNT
        if breakdown and record.kind is ComponentKind.RATE and record.per is not None:
            return _Rate(record.per)
        if record.kind is ComponentKind.SHARE and record.of is not None:
            if not self._counts(code, record.of.denominator):
                return _KEEP
            numerator = record.of.numerator if self._counts(code, record.of.numerator) else ()
            return _Share(record.of.denominator, numerator)
        refs = tuple(r for r in record.references if r not in PUBLIC_QUANTITIES)
        return _With(refs) if refs else _KEEP

    def groups(self, code: str) -> tuple[tuple[str, ...], ...]:
        """The components adding up to one total (same ``parts_of``), for secondary suppression."""
        spec = self.spec(code)
        if spec is None:
            return ()
        totals: dict[str, list[str]] = {}
        for c in spec.components:
            if c.parts_of is not None and not c.kind.is_mapping:
                totals.setdefault(c.parts_of, []).append(c.name)
        return tuple(tuple(names) for names in totals.values() if len(names) > 1)


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

    >>> rule_text("I09", "part_mutualisees")
    'part : masquée avec sessions ou sessions_mutualisees, ou quand part × (sessions) < N'
    """
    rule = _Rules(catalog if specs is None else specs).of(code, name, breakdown=name == "by_commune")
    if isinstance(rule, _Count):
        return "effectif : masqué sous N (secret secondaire compris)"
    if isinstance(rule, _Keep):
        return "jamais masqué (pas un effectif)"
    if isinstance(rule, _With):
        return "masqué avec " + " ou ".join(rule.refs)
    if isinstance(rule, _Share):
        sides = " ou ".join(dict.fromkeys((*rule.denominator, *rule.numerator)))
        return f"part : masquée avec {sides}, ou quand part × ({' + '.join(rule.denominator)}) < N"
    if isinstance(rule, _Rate):
        return f"taux : masqué où l'effectif reconstitué (taux × population ÷ {rule.base}) est sous N"
    return "non décrit : un entier est un effectif, un autre nombre suit les effectifs masqués de l'indicateur"


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _below(value: object, threshold: int) -> bool:
    return _is_number(value) and math.isfinite(float(value)) and float(value) < threshold  # type: ignore[arg-type]


class _Masker:
    """Decides masking for one report, resolving cross references lazily (with memoisation)."""

    def __init__(self, report: Report, threshold: int, rules: _Rules) -> None:
        self.report = report
        self.rules = rules
        self.threshold = threshold
        self.results = {r.code: r for r in report.results}
        self.population = {c.code_insee: c.population for c in report.territory.communes}
        self._memo: dict[Path, frozenset[Path]] = {}
        self._busy: set[Path] = set()

    # A "unit" is the headline (code,), a component (code, "components", name) or the breakdown
    # (code, "by_commune"); its decision is the set of masked paths inside it.
    def unit(self, path: Path) -> frozenset[Path]:
        if path in self._memo:
            return self._memo[path]
        if path in self._busy:  # a cycle in the rules: be conservative
            return frozenset({path})
        self._busy.add(path)
        try:
            decided = self._decide(path)
        finally:
            self._busy.discard(path)
        self._memo[path] = decided
        return decided

    def secondary(self) -> None:
        """Secondary suppression: no group with a published total keeps exactly one masked cell."""
        for code, result in self.results.items():
            groups: list[list[tuple[Path, object]]] = []
            for names in self.rules.groups(code):
                groups.append(
                    [((code, "components", n), result.components[n]) for n in names if n in result.components]
                )
            units: list[Path] = [(code, "components", n) for n in result.components]
            if result.by_commune is not None:
                units.append((code, "by_commune"))
            for unit in units:
                value = result.by_commune if unit[1] == "by_commune" else result.components[unit[2]]
                if not isinstance(value, Mapping):
                    continue
                if self._rule_is_count(unit):
                    groups.append([((*unit, str(k)), v) for k, v in value.items()])
                elif isinstance(rate := self._rule(unit), _Rate):
                    groups.append([((*unit, str(k)), self._rebuilt(k, v, rate.base)) for k, v in value.items()])
            for group in groups:
                self._protect_group(group)

    def _rule(self, unit: Path) -> _Rule:
        code = unit[0]
        if unit[1] == "by_commune":
            return self.rules.of(code, "by_commune", breakdown=True)
        return self.rules.of(code, unit[2])

    def _rebuilt(self, insee: object, ratio: object, base: int) -> float | None:
        population = self.population.get(str(insee))
        if population is None or not _is_number(ratio):
            return None
        return float(ratio) * population / base  # type: ignore[arg-type]

    def _protect_group(self, group: list[tuple[Path, object]]) -> None:
        def masked(path: Path) -> bool:
            unit = path if path[1] == "components" and len(path) == 3 else path[:-1]
            return path in self.unit(unit)

        hidden = [p for p, _ in group if masked(p)]
        if len(hidden) != 1:
            return
        candidates = [(float(v), p) for p, v in group if not masked(p) and _is_number(v)]  # type: ignore[arg-type]
        if not candidates:
            return
        _, extra = min(candidates)
        unit = extra if extra[1] == "components" and len(extra) == 3 else extra[:-1]
        self._memo[unit] = self.unit(unit) | {extra}

    def ref_masked(self, code: str, ref: str) -> bool:
        if "." in ref:
            other, name = ref.split(".", 1)
            if other not in self.results:
                return False
            if name == "by_commune":
                return bool(self.unit((other, "by_commune")))
            if name not in self.results[other].components:
                return False
            return bool(self.unit((other, "components", name)))
        if ref == "value":
            return bool(self.unit((code,)))
        if ref.startswith("I") and ref[1:].isdigit():
            return ref in self.results and bool(self.unit((ref,)))
        if ref not in self.results[code].components:
            return False
        return bool(self.unit((code, "components", ref)))

    def ref_value(self, code: str, ref: str) -> object:
        if "." in ref:
            other, name = ref.split(".", 1)
            result = self.results.get(other)
            return None if result is None else result.components.get(name)
        if ref == "value":
            return self.results[code].value
        if ref.startswith("I") and ref[1:].isdigit():
            other_result = self.results.get(ref)
            return None if other_result is None else other_result.value
        return self.results[code].components.get(ref)

    def _decide(self, path: Path) -> frozenset[Path]:
        code = path[0]
        result = self.results[code]
        if len(path) == 1:
            return self._apply(self._headline(code), code, path, result.value)
        if path[1] == "by_commune":
            if result.by_commune is None:
                return frozenset()
            return self._apply(self.rules.of(code, "by_commune", breakdown=True), code, path, result.by_commune)
        name = path[2]
        return self._apply(self.rules.of(code, name), code, path, result.components.get(name))

    def _headline(self, code: str) -> _Rule:
        rule = self.rules.of(code, "value")
        return _headline_fallback(self.results[code]) if isinstance(rule, _Fallback) else rule

    def _apply(self, rule: _Rule, code: str, path: Path, value: Any) -> frozenset[Path]:
        if value is None or isinstance(value, str | tuple) or isinstance(rule, _Keep):
            return frozenset()
        if isinstance(rule, _Fallback):
            if _all_integers(value):
                rule = _COUNT
            else:
                hit = self._any_count_masked(code, path)
                return self._each(path, value, lambda v: hit)
        if isinstance(rule, _Count):
            return self._each(path, value, lambda v: _below(v, self.threshold))
        if isinstance(rule, _Rate):
            return self._rate(path, value, rule.base)
        if isinstance(rule, _With):
            hit = any(self.ref_masked(code, ref) for ref in rule.refs)
            return self._each(path, value, lambda v: hit)
        # share
        hidden = any(self.ref_masked(code, ref) for ref in (*rule.denominator, *rule.numerator))
        denominator: float | None = 0.0
        for ref in rule.denominator:
            part = self.ref_value(code, ref)
            denominator = (
                denominator + float(part) if denominator is not None and isinstance(part, int | float) else None
            )

        def share_masked(v: object) -> bool:
            if hidden:
                return True
            if _is_number(v) and _is_number(denominator):
                return _below(round(float(v) * float(denominator)), self.threshold)  # type: ignore[arg-type]
            return False

        return self._each(path, value, share_masked)

    def _any_count_masked(self, code: str, path: Path) -> bool:
        others: list[Path] = [(code,), *[(code, "components", n) for n in self.results[code].components]]
        others.append((code, "by_commune"))
        return any(self.unit(p) for p in others if p != path and p != path[:2] and self._rule_is_count(p))

    def _rule_is_count(self, path: Path) -> bool:
        code = path[0]
        if len(path) == 1:
            return isinstance(self._headline(code), _Count)
        if path[1] == "by_commune":
            return isinstance(self.rules.of(code, "by_commune", breakdown=True), _Count)
        rule = self.rules.of(code, path[2])
        if isinstance(rule, _Count):
            return True
        if isinstance(rule, _Fallback):
            return _all_integers(self.results[code].components.get(path[2]))
        return False

    def _each(self, path: Path, value: Any, test: Callable[[object], bool]) -> frozenset[Path]:
        if isinstance(value, Mapping):
            return frozenset((*path, str(k)) for k, v in value.items() if v is not None and test(v))
        return frozenset({path}) if test(value) else frozenset()

    def _rate(self, path: Path, value: Any, base: int) -> frozenset[Path]:
        if not isinstance(value, Mapping):
            return frozenset({path}) if self.threshold > 0 else frozenset()
        masked: set[Path] = set()
        for key, ratio in value.items():
            if ratio is None:
                continue
            population = self.population.get(str(key))
            if population is None or not _is_number(ratio):
                masked.add((*path, str(key)))
                continue
            count = round(float(ratio) * population / base)
            if count < self.threshold:
                masked.add((*path, str(key)))
        return frozenset(masked)


def _headline_fallback(result: IndicatorResult) -> _Rule:
    if result.unit in _COUNT_UNITS:
        return _COUNT
    if result.unit == "€":
        return _KEEP
    return _FALLBACK


def _all_integers(value: object) -> bool:
    values = list(value.values()) if isinstance(value, Mapping) else [value]
    numbers = [v for v in values if v is not None]
    return bool(numbers) and all(isinstance(v, int) and not isinstance(v, bool) for v in numbers)


def _mask_value(value: ComponentValue, path: Path, paths: frozenset[Path]) -> ComponentValue:
    if path in paths:
        return None
    if isinstance(value, Mapping):
        return {k: (None if (*path, str(k)) in paths else v) for k, v in value.items()}
    return value


def apply_secrecy(report: Report, threshold: int, specs: Catalog | None = None) -> tuple[Report, Masking]:
    """Mask the small counts of ``report`` and every value derived from them.

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
    masker = _Masker(report, threshold, _Rules(catalog if specs is None else specs))
    masker.secondary()
    paths: set[Path] = set()
    for result in report.results:
        paths |= masker.unit((result.code,))
        for name in result.components:
            paths |= masker.unit((result.code, "components", name))
        paths |= masker.unit((result.code, "by_commune"))
    frozen = frozenset(paths)
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
    return attrs.evolve(report, results=tuple(results)), Masking(threshold=threshold, paths=frozen)

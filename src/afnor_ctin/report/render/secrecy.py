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

Rule per indicator (components not listed fall back to: integers and mappings of integers are counts;
other numbers are masked as soon as anything else in the same indicator is masked):

====  ==========================  =========================================================================
code  headline                    components
====  ==========================  =========================================================================
I01   count                       lieux_actifs, a_jour, a_verifier, a_actualiser, by type: counts;
                                  taux_fraicheur: a_jour ÷ lieux_actifs; by commune: counts
I02   not masked (population)     lieux_pour_10000_hab: masked with I01 lieux_actifs; by commune: places
                                  per 10,000 inhabitants (rebuilt count)
I03   count                       par_role, actifs, habilites_aidants_connect: counts; etp, pour_10000_hab:
                                  with the headline
I04   count                       individuels, ateliers, accompagnements, by thématique/canal/mois: counts;
                                  heures: with the headline; by commune: counts
I05   count                       identifies, anonymes, nouveaux, distributions: counts
I06   with part_hors_centre       part_hors_centre: share of I04 accompagnements; a_distance, qpv,
                                  hors_qpv, qpv_indetermine: counts; part_qpv: qpv ÷ (qpv + hors_qpv);
                                  per 1,000 inhabitants by commune (rebuilt count)
I07   not masked (communes)       ratio_taux: masked when I04 accompagnements or any I06 commune entry is
I08   count                       equipements, connexions, lieux_materiel_solidaire: counts
I09   count                       sessions, sessions_mutualisees: counts; part_mutualisees:
                                  sessions_mutualisees ÷ sessions; part_mediateurs_certifies: share of I03
I10   not masked (money)          part_postes_securises: share of I03; cout_par_accompagnement: masked
                                  with I04 accompagnements
I11   count                       par_type, acteurs_mobilises: counts; taux_mobilisation:
                                  acteurs_mobilises ÷ I01
====  ==========================  =========================================================================
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, TypeAlias

import attrs

from afnor_ctin.errors import InvalidInputError
from afnor_ctin.report.result import ComponentValue, IndicatorResult, Report

__all__ = ["MARKER", "Masking", "Path", "apply_secrecy", "legend"]

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
    """A share ``numerator ÷ denominator``: masked with either, or when ``share × denominator < N``."""

    denominator: str
    numerator: str | None = None


@attrs.frozen
class _Rate:
    """By-commune ratio per ``base`` inhabitants: masked where ``ratio × population ÷ base < N``."""

    base: int


@attrs.frozen
class _Fallback:
    """Unknown component: integers are counts, other numbers follow anything masked in the indicator."""


_Rule: TypeAlias = _Count | _Keep | _With | _Share | _Rate | _Fallback

_COUNT, _KEEP, _FALLBACK = _Count(), _Keep(), _Fallback()

_HEADLINE: dict[str, _Rule] = {
    "I01": _COUNT,
    "I02": _KEEP,
    "I03": _COUNT,
    "I04": _COUNT,
    "I05": _COUNT,
    "I06": _With(("part_hors_centre",)),
    "I07": _KEEP,
    "I08": _COUNT,
    "I09": _COUNT,
    "I10": _KEEP,
    "I11": _COUNT,
}

_COMPONENTS: dict[str, dict[str, _Rule]] = {
    "I01": {"taux_fraicheur": _Share("lieux_actifs", "a_jour")},
    "I02": {
        "communes_couvertes": _KEEP,
        "part_communes": _KEEP,
        "communes_non_couvertes": _KEEP,
        "lieux_pour_10000_hab": _With(("I01.lieux_actifs",)),
    },
    "I03": {"etp": _With(("value",)), "pour_10000_hab": _With(("value",))},
    "I04": {"heures": _With(("value",))},
    "I06": {
        "part_hors_centre": _Share("I04.accompagnements"),
        "part_population_hors_centre": _KEEP,
        "part_qpv": _With(("qpv", "hors_qpv")),
        "accompagnements_pour_1000_hab": _Rate(1000),
        "pour_1000_hab": _Rate(1000),
    },
    "I07": {
        "communes_fragiles": _KEEP,
        "atteintes": _KEEP,
        "sans_score": _KEEP,
        "seuil_ifn": _KEEP,
        "ratio_taux": _With(("I04.accompagnements", "I06.by_commune")),
    },
    "I09": {
        "part_mutualisees": _Share("sessions", "sessions_mutualisees"),
        "part_mediateurs_certifies": _Share("I03"),
    },
    "I10": {
        "par_financeur": _KEEP,
        "part_hors_etat": _KEEP,
        "taux_versement": _KEEP,
        "part_postes_securises": _Share("I03"),
        "cout_par_accompagnement": _With(("I04.accompagnements",)),
    },
    "I11": {"taux_mobilisation": _Share("I01", "acteurs_mobilises")},
}

#: Components that add up to a published total: when exactly one of them is masked, the smallest
#: other one is masked too (secondary suppression), so that the masked one cannot be recovered by
#: subtraction. Entries of count mappings and of count breakdowns by commune are treated alike.
_ADDITIVE: dict[str, tuple[tuple[str, ...], ...]] = {
    "I01": (("a_jour", "a_verifier", "a_actualiser"),),
    "I04": (("individuels", "ateliers"),),
    "I05": (("identifies", "anonymes"),),
    "I06": (("qpv", "hors_qpv", "qpv_indetermine"),),
    "I08": (("equipements", "connexions"),),
}

_BY_COMMUNE: dict[str, _Rule] = {
    "I01": _COUNT,
    "I02": _Rate(10_000),
    "I03": _COUNT,
    "I04": _COUNT,
    "I05": _COUNT,
    "I06": _Rate(1000),
}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _below(value: object, threshold: int) -> bool:
    return _is_number(value) and math.isfinite(float(value)) and float(value) < threshold  # type: ignore[arg-type]


class _Masker:
    """Decides masking for one report, resolving cross references lazily (with memoisation)."""

    def __init__(self, report: Report, threshold: int) -> None:
        self.report = report
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
            for names in _ADDITIVE.get(code, ()):
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
            return _BY_COMMUNE.get(code, _FALLBACK)
        return _COMPONENTS.get(code, {}).get(unit[2], _FALLBACK)

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
            rule = _HEADLINE.get(code) or _headline_fallback(result)
            return self._apply(rule, code, path, result.value)
        if path[1] == "by_commune":
            if result.by_commune is None:
                return frozenset()
            rule = _BY_COMMUNE.get(code, _FALLBACK)
            return self._apply(rule, code, path, result.by_commune)
        name = path[2]
        rule = _COMPONENTS.get(code, {}).get(name, _FALLBACK)
        return self._apply(rule, code, path, result.components.get(name))

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
        hidden = self.ref_masked(code, rule.denominator) or (
            rule.numerator is not None and self.ref_masked(code, rule.numerator)
        )
        denominator = self.ref_value(code, rule.denominator)

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
            return isinstance(_HEADLINE.get(code) or _headline_fallback(self.results[code]), _Count)
        if path[1] == "by_commune":
            return isinstance(_BY_COMMUNE.get(code), _Count)
        rule = _COMPONENTS.get(code, {}).get(path[2], _FALLBACK)
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


def apply_secrecy(report: Report, threshold: int) -> tuple[Report, Masking]:
    """Mask the small counts of ``report`` and every value derived from them.

    Parameters
    ----------
    report:
        The report to protect.
    threshold:
        ``N`` [count]: counts strictly below it are masked (``N ≥ 1``).

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
    masker = _Masker(report, threshold)
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

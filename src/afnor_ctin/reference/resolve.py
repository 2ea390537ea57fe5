"""Commune resolution: the INSEE code of the commune a row of a file speaks of.

:func:`resolve_commune` takes whatever a row offers (an INSEE code, a commune name, a postal code,
a département, an address, coordinates) and tries, in this order, each rule of :class:`Rule`:

1. the code: a current INSEE code (``commune_par_code``), an arrondissement code
   (``commune_par_arrondissement``), a former code of the COG history (``commune_ancienne``), a
   4-digit code whose leading zero was lost (``code_insee_complete``) — each checked against the name,
   the postal code and the coordinates given with it;
2. the name of a municipal arrondissement, ``MARSEILLE 11``, ``LYON 3E`` (``commune_par_arrondissement``);
3. (postal code, name) in La Poste's table: COG name, libellé d'acheminement, ligne 5
   (``commune_par_code_postal_nom``);
4. the name among the current communes of the postal code's département (``commune_par_nom_departement``);
5. the name among the former names of that département: COG history and ligne 5 (``commune_par_ancien_nom``);
6. the only commune of the postal code (``commune_unique_code_postal``);
7. the commune named by the last part of the address, after its postal code or a separator, among the
   postal code's communes, or in its département for a CEDEX code (``commune_par_adresse``);
8. the commune whose boundary contains the coordinates (``commune_par_coordonnees``);
9. the only commune of the postal code named, as whole words, in the name of the place or structure
   (« CCAS de Roanne », 42300: Roanne among Mably, Roanne, Villerest) (``commune_par_nom_structure``).

Names are compared by :func:`~afnor_ctin.reference.names.name_key` (case, accents, punctuation,
``ST``/``STE``, ``CEDEX …``), then without their leading article. Every result is a
:class:`Resolution` that says which rule decided, how confident it is, and what looked wrong.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType

import attrs

from afnor_ctin.reference import geometry
from afnor_ctin.reference._index import indexes, keys_of_code, outside_cog, outside_keys
from afnor_ctin.reference.names import (
    arrondissement_commune,
    departements_of_postal_code,
    name_key,
    normalize_postal_code,
    without_article,
)
from afnor_ctin.reference.records import ChangeKind
from afnor_ctin.reference.tables import communes, departements

__all__ = ["Resolution", "Rule", "Unresolved", "resolve_commune"]


class Rule(StrEnum):
    """The rule that found the commune; values are the stable codes of the information issues."""

    CODE = "commune_par_code"
    ARRONDISSEMENT = "commune_par_arrondissement"
    FORMER_CODE = "commune_ancienne"
    COMPLETED_CODE = "code_insee_complete"
    POSTAL_CODE_NAME = "commune_par_code_postal_nom"
    DEPARTEMENT_NAME = "commune_par_nom_departement"
    FORMER_NAME = "commune_par_ancien_nom"
    ONLY_COMMUNE_OF_POSTAL_CODE = "commune_unique_code_postal"
    ADDRESS = "commune_par_adresse"
    COORDINATES = "commune_par_coordonnees"
    LABEL = "commune_par_nom_structure"

    @property
    def message(self) -> str:
        """French description of the rule, as shown in an information issue."""
        return _RULES[self][0]

    @property
    def confidence(self) -> float:
        """Confidence of a resolution by this rule alone, in [0, 1]."""
        return _RULES[self][1]


#: French message and confidence of each rule: the one place where they are defined.
_RULES: Mapping[Rule, tuple[str, float]] = MappingProxyType(
    {
        Rule.CODE: ("code INSEE d'une commune en vigueur", 1.0),
        Rule.ARRONDISSEMENT: ("arrondissement municipal rattaché à sa commune", 0.95),
        Rule.FORMER_CODE: ("ancien code INSEE remplacé par celui de la commune actuelle (historique du COG)", 0.95),
        Rule.COMPLETED_CODE: ("code INSEE à 4 chiffres complété de son zéro initial", 0.95),
        Rule.POSTAL_CODE_NAME: (
            "nom trouvé pour ce code postal dans la base de La Poste (nom, libellé d'acheminement ou ligne 5)",
            0.95,
        ),
        Rule.DEPARTEMENT_NAME: ("nom d'une commune du département", 0.85),
        Rule.FORMER_NAME: ("ancien nom ou lieu-dit d'une commune du département", 0.75),
        Rule.ONLY_COMMUNE_OF_POSTAL_CODE: ("seule commune desservie par ce code postal", 0.7),
        Rule.ADDRESS: ("nom de commune écrit en fin d'adresse, après le code postal ou un séparateur", 0.7),
        Rule.COORDINATES: ("commune dont le contour contient les coordonnées", 0.6),
        Rule.LABEL: ("seule commune du code postal nommée dans le nom du lieu ou de la structure", 0.6),
    }
)

#: Rules that recognised the written name: a name and a postal code that agree on them outweigh a code.
_NAME_RULES = frozenset({Rule.ARRONDISSEMENT, Rule.POSTAL_CODE_NAME, Rule.DEPARTEMENT_NAME, Rule.FORMER_NAME})


class Unresolved(StrEnum):
    """Why no commune was found; values are stable issue codes."""

    NO_INPUT = "commune_non_renseignee"
    NOT_FOUND = "commune_introuvable"
    AMBIGUOUS = "commune_ambigue"
    OUTSIDE_COG = "commune_hors_cog"


@attrs.frozen(kw_only=True)
class Resolution:
    """The outcome of :func:`resolve_commune`.

    ``code_insee`` is the INSEE code of the current (COG 2026) commune found and ``name`` its COG name;
    ``rule`` is the :class:`Rule` that decided and ``confidence`` how much the result can be trusted,
    in [0, 1]. When nothing was found, ``code_insee``, ``rule`` and ``name`` are ``None``, the
    confidence is 0, ``failure`` says why (:class:`Unresolved`) and ``reason`` explains it in French.
    ``warnings`` are French descriptions of what looked wrong (a code that contradicts the name and
    the postal code…), ``notes`` of the harmless corrections made (leading zero restored, ``CEDEX``
    dropped…), and ``candidates`` the communes that matched equally well, when several did.
    """

    code_insee: str | None
    rule: Rule | None
    confidence: float
    name: str | None = None
    failure: Unresolved | None = None
    reason: str | None = None
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()

    @property
    def resolved(self) -> bool:
        """True when a commune was found."""
        return self.code_insee is not None

    @property
    def fallback(self) -> bool:
        """True when the commune was found by any rule other than a valid current code."""
        return self.rule is not None and self.rule is not Rule.CODE

    @property
    def message(self) -> str:
        """One French sentence for an issue: the commune and the rule, or the reason of the failure."""
        if self.code_insee is None or self.rule is None:
            text = self.reason or "commune introuvable"
        else:
            text = f"commune {self.name} ({self.code_insee}) retenue : {self.rule.message}"
        extra = [*self.notes, *self.warnings]
        return f"{text} ; {' ; '.join(extra)}" if extra else text

    def _with(self, *, warnings: Sequence[str] = (), notes: Sequence[str] = ()) -> Resolution:
        if not warnings and not notes:
            return self
        return attrs.evolve(self, warnings=(*self.warnings, *warnings), notes=(*self.notes, *notes))


@attrs.frozen
class _Query:
    """The cleaned inputs of one resolution (hashable, so name lookups are memoised)."""

    key: str  # name key of the written name, "" when none
    postal: str | None
    departements: tuple[str, ...]  # given with the row
    address: str  # name key of the last part of the address
    label: str  # name key of the place's or structure's name, "" when none
    lon: float | None
    lat: float | None

    def at(self) -> str | None:
        """Commune containing the coordinates, when there are coordinates."""
        return None if self.lon is None or self.lat is None else geometry.commune_at(self.lon, self.lat)


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------
def _resolved(code: str, rule: Rule, note: str | None = None) -> Resolution:
    notes = (note,) if note else ()
    return Resolution(code_insee=code, rule=rule, confidence=rule.confidence, name=communes()[code].name, notes=notes)


def _failed(failure: Unresolved, reason: str, candidates: Iterable[str] = ()) -> Resolution:
    return Resolution(
        code_insee=None, rule=None, confidence=0.0, failure=failure, reason=reason, candidates=tuple(sorted(candidates))
    )


def _label(code: str) -> str:
    commune = communes()[code]
    return f"{code} ({commune.name}, {commune.departement})"


def _names(code: str, key: str) -> bool:
    """Tell whether ``key`` names commune ``code`` (current or former name, label, ligne 5, arrondissement)."""
    keys = keys_of_code(code)
    return key in keys or without_article(key) in keys or arrondissement_commune(key) == code


def _blank(value: object) -> object:
    """``None`` for the empty cells of spreadsheets and data frames (blank text, NaN), else the value."""
    if isinstance(value, float) and math.isnan(value):
        return None
    return None if isinstance(value, str) and not value.strip() else value


def _clean_code(value: object) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace(" ", "").strip().upper()
    return text or None


def _coordinate(value: object, bound: float) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value.replace(",", ".") if isinstance(value, str) else value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and -bound <= number <= bound else None


def _departement(value: object) -> str | None:
    text = _clean_code(value)
    if text is not None and text.isdigit() and len(text) == 1:
        text = "0" + text
    return text if text in departements() else None


#: What separates the parts of an address: commas, semicolons, line breaks, dashes between spaces, postal codes.
_ADDRESS_PARTS = re.compile(r"[,;\n]|\s[-–]\s|\d{5}")

#: Postal box numbers, which are no part of a commune name (« BP 503 », « CS 63998 », « TSA 10001 »).
_POSTAL_BOX = re.compile(r"\b(?:BP|B\.P\.|CS|TSA)\s*\d+\b", re.IGNORECASE)


def _address_key(value: object) -> str:
    """Name key of the last part of an address (``"… 33270 Floirac"`` → ``"FLOIRAC"``), ``""`` if none."""
    if not isinstance(value, str):
        return ""
    parts = [key for part in _ADDRESS_PARTS.split(value) if (key := name_key(_POSTAL_BOX.sub(" ", part)))]
    return parts[-1] if len(parts) > 1 else ""


# --------------------------------------------------------------------------------------------
# the rules
# --------------------------------------------------------------------------------------------
def _by_code(text: str) -> Resolution | None:
    """Rule 1: current, arrondissement, former or 4-digit code; ``None`` when ``text`` is no known code."""
    code, rule, notes = text, Rule.CODE, []
    if len(code) == 4 and code.isdigit():
        code, rule = "0" + code, Rule.COMPLETED_CODE
        notes.append(f"code INSEE « {text} » complété en {code}")
    if code in communes():
        return _resolved(code, rule)._with(notes=notes)
    former = indexes().former_codes.get(code)
    if former is None:
        return None
    current, kind, former_name = former
    if kind is ChangeKind.ARRONDISSEMENT:
        notes.append(f"arrondissement {code} ({former_name})")
        return _resolved(current, Rule.ARRONDISSEMENT if rule is Rule.CODE else rule)._with(notes=notes)
    notes.append(f"ancien code {code} ({former_name}, {kind.value})")
    return _resolved(current, Rule.FORMER_CODE if rule is Rule.CODE else rule)._with(notes=notes)


def _decide(codes: frozenset[str], query: _Query, rule: Rule, note: str) -> Resolution | None:
    """The resolution by ``rule`` when ``codes`` holds one commune, or one that contains the coordinates."""
    if len(codes) == 1:
        return _resolved(next(iter(codes)), rule, note)
    at = query.at() if codes else None
    if at not in codes or at is None:
        return None
    return _resolved(at, rule, f"{note} ; {len(codes)} communes possibles, départagées par les coordonnées")


#: How far [m] a point may lie outside the simplified outline of a commune served by its postal code.
_BORDER_TOLERANCE_M = 500.0


def _nearest(codes: Iterable[str], lon: float, lat: float) -> tuple[str, float] | None:
    """The commune of ``codes`` nearest to the point, when it is within the border tolerance."""
    distances = sorted((d, c) for c in codes if (d := geometry.distance_to_commune(c, lon, lat)) is not None)
    if distances and distances[0][0] <= _BORDER_TOLERANCE_M:
        return distances[0][1], distances[0][0]
    return None


@attrs.frozen
class _Context:
    """What the name rules share: the query, the postal code's communes and the départements in scope."""

    query: _Query
    in_cog: frozenset[str]  # the communes of the COG table that the postal code serves
    scope: tuple[str, ...]  # départements where a name is looked for


def _by_postal_name(ctx: _Context) -> Resolution | frozenset[str]:
    """Rule 3: (postal code, name) in La Poste's table; the tied candidates when several match."""
    index, key, postal = indexes(), ctx.query.key, ctx.query.postal
    if not key or not postal:
        return frozenset()
    tied: frozenset[str] = frozenset()
    for names, where in (
        (index.postal_names, "au nom ou au libellé d'acheminement"),
        (index.postal_line5, "en ligne 5"),
    ):
        found = names.find((postal,), key)
        if found and not found & ctx.in_cog:
            code = min(found)
            place = outside_cog(code) or "hors de la table des communes"
            name = index.outside_names.get(code, code)
            return _failed(
                Unresolved.OUTSIDE_COG, f"« {key} » ({postal}) est {name} ({code}), hors du champ du COG : {place}"
            )
        decided = _decide(found, ctx.query, Rule.POSTAL_CODE_NAME, f"« {key} » trouvé {where} du code postal {postal}")
        if decided is not None:
            return decided
        tied = tied or found
    return tied


def _by_departement_name(ctx: _Context) -> Resolution | frozenset[str]:
    """Rules 4 and 5: the name among current, then former names of the départements in scope."""
    index, key = indexes(), ctx.query.key
    tied: frozenset[str] = frozenset()
    if not key or not ctx.scope:
        return tied
    for names, rule in ((index.departement_names, Rule.DEPARTEMENT_NAME), (index.former_names, Rule.FORMER_NAME)):
        found = names.find(ctx.scope, key)
        if len(found) > 1 and found & ctx.in_cog:
            found = found & ctx.in_cog
        decided = _decide(found, ctx.query, rule, f"« {key} » trouvé dans le département {', '.join(ctx.scope)}")
        if decided is not None:
            return decided
        tied = tied or found
    return tied


def _by_address(ctx: _Context) -> Resolution | None:
    """Rule 7: the commune named by the last part of the address."""
    index, address, postal = indexes(), ctx.query.address, ctx.query.postal
    if not address or address == ctx.query.key or not (ctx.in_cog or ctx.scope):
        return None
    if postal and ctx.in_cog:
        found = index.postal_names.find((postal,), address) & ctx.in_cog
    else:  # a CEDEX or unknown postal code: the communes of its département
        found = index.departement_names.find(ctx.scope, address)
    return _decide(found, ctx.query, Rule.ADDRESS, f"« {address} » en fin d'adresse")


def _by_coordinates(ctx: _Context) -> Resolution | None:
    """Rule 8: the commune containing the point (a commune of the postal code when one is near enough)."""
    query, table = ctx.query, communes()
    at = query.at()
    if at is None or query.lon is None or query.lat is None:
        return None
    point = f"point ({query.lon:.5f}, {query.lat:.5f})"
    if ctx.in_cog and at not in ctx.in_cog:  # near a border, the simplified outline may put it next door
        near = _nearest(ctx.in_cog, query.lon, query.lat)
        if near is not None:
            at, point = near[0], f"{point} à {near[1]:.0f} m de {table[near[0]].name}"
    found = _resolved(at, Rule.COORDINATES, point)
    if query.key and not _names(at, query.key):
        found = found._with(warnings=[f"nom « {query.key} » différent de {table[at].name}"])
    if ctx.in_cog and at not in ctx.in_cog:
        found = found._with(warnings=[f"le code postal {query.postal} ne dessert pas {table[at].name}"])
    return found


def _by_label(ctx: _Context) -> Resolution | None:
    """Rule 9: the only commune of the postal code named, as whole words, in the place's or structure's name.

    A name inside a longer one that also matches does not count (``COURTES`` in ``SAINT TRIVIER DE
    COURTES``), nor a name of fewer than 3 letters.
    """
    label, table = ctx.query.label, communes()
    if not label or len(ctx.in_cog) < 2:
        return None
    padded = f" {label} "
    named: dict[str, str] = {}
    for code in ctx.in_cog:
        key = name_key(table[code].name)
        for variant in (key, without_article(key)):
            if len(variant) >= 3 and f" {variant} " in padded:
                named[code] = key
                break
    found = [c for c, key in named.items() if not any(key in other and key != other for other in named.values())]
    if len(found) != 1:
        return None
    return _resolved(found[0], Rule.LABEL, f"{table[found[0]].name} nommée dans « {label} »")


def _failure(ctx: _Context, tied: frozenset[str]) -> Resolution:
    """Why the name rules found nothing."""
    key, postal, scope = ctx.query.key, ctx.query.postal, ", ".join(ctx.scope)
    if tied:
        return _failed(Unresolved.AMBIGUOUS, f"nom « {key} » ambigu : {len(tied)} communes possibles", tied)
    if len(ctx.in_cog) > 1:
        what = f"le nom « {key} » n'est aucune d'elles" if key else "sans nom de commune"
        return _failed(
            Unresolved.AMBIGUOUS, f"code postal {postal} commun à {len(ctx.in_cog)} communes, {what}", ctx.in_cog
        )
    if key and not scope:
        return _failed(Unresolved.NOT_FOUND, f"nom « {key} » sans code postal ni département : commune introuvable")
    if key:
        return _failed(Unresolved.NOT_FOUND, f"aucune commune nommée « {key} » dans le département {scope}")
    if postal:
        return _failed(
            Unresolved.NOT_FOUND, f"code postal {postal} inconnu de la base de La Poste, sans nom de commune"
        )
    return _failed(Unresolved.NO_INPUT, "ni code INSEE, ni nom, ni code postal, ni coordonnées exploitables")


@lru_cache(maxsize=1 << 15)
def _by_name(query: _Query) -> Resolution:
    """Rules 2 to 8, from the name, the postal code, the département, the address and the coordinates."""
    table, key, postal = communes(), query.key, query.postal
    city = arrondissement_commune(key) if key else None
    if city is not None:
        return _resolved(city, Rule.ARRONDISSEMENT, f"« {key} » est un arrondissement de {table[city].name}")
    index = indexes()
    served: tuple[str, ...] = ()
    in_cog: frozenset[str] = frozenset()
    scope = set(query.departements)
    if postal:
        served, in_cog = index.postal_codes.get(postal, ()), index.postal_communes.get(postal, frozenset())
        scope.update(departements_of_postal_code(postal), index.postal_departements.get(postal, ()))
    ctx = _Context(query=query, in_cog=in_cog, scope=tuple(sorted(scope)))
    by_postal = _by_postal_name(ctx)
    if isinstance(by_postal, Resolution):
        return by_postal
    if served and not in_cog:
        place = outside_cog(served[0]) or "hors de la table des communes"
        return _failed(Unresolved.OUTSIDE_COG, f"code postal {postal} hors du champ du COG : {place}")
    by_departement = _by_departement_name(ctx)
    if isinstance(by_departement, Resolution):
        return by_departement
    unknown_name = [f"nom « {key} » non reconnu"] if key else []
    if len(in_cog) == 1:
        (code,) = in_cog
        return _resolved(code, Rule.ONLY_COMMUNE_OF_POSTAL_CODE, f"code postal {postal}")._with(warnings=unknown_name)
    by_address = _by_address(ctx)
    if by_address is not None:
        return by_address._with(warnings=unknown_name)
    return _by_coordinates(ctx) or _by_label(ctx) or _failure(ctx, by_postal or by_departement)


def _check_outside(found: Resolution, query: _Query, served: str) -> Resolution:
    """A code of the COG given with the postal code of a collectivité d'outre-mer (or Monaco)."""
    assert found.code_insee is not None
    index, key = indexes(), query.key
    place = outside_cog(served) or "hors de la table des communes"
    conflict = f"le code INSEE {_label(found.code_insee)} contredit le code postal {query.postal} ({place})"
    other = (outside_keys().get(key) or outside_keys().get(without_article(key))) if key else None
    if key and (other is not None or not _names(found.code_insee, key)):
        where = f"{index.outside_names[other]} ({other})" if other else f"« {key} »"
        reason = f"{where}, code postal {query.postal} : hors du champ du COG : {place}"
        return _failed(Unresolved.OUTSIDE_COG, reason)._with(warnings=[f"{conflict} et le nom « {key} »"])
    return attrs.evolve(found, confidence=0.5)._with(warnings=[f"{conflict} ; code INSEE conservé, à vérifier"])


def _check_code(found: Resolution, query: _Query) -> Resolution:
    """Confront a commune found by its code with the name, postal code and coordinates given with it."""
    code = found.code_insee
    assert code is not None
    key, postal = query.key, query.postal
    served = indexes().postal_codes.get(postal, ()) if postal else ()
    if postal is None:
        postal_ok = None
    elif served:
        postal_ok = code in served
    else:  # a CEDEX or unknown postal code: only its département can be checked
        postal_ok = communes()[code].departement in departements_of_postal_code(postal) or None
    if served and postal and not indexes().postal_communes[postal]:
        return _check_outside(found, query, served[0])
    if key and not _names(code, key):
        other = _by_name(query)
        if other.code_insee not in (None, code) and other.rule in _NAME_RULES:
            against = [f"le code postal {postal}"] if postal_ok is False else []
            if query.at() == other.code_insee:
                against.append("les coordonnées")
            if against:
                conflict = f"le code INSEE {_label(code)} contredit le nom « {key} » et {' et '.join(against)}"
                return other._with(warnings=[f"{conflict}, concordants : {other.name} ({other.code_insee}) retenue"])
        found = attrs.evolve(found, confidence=found.confidence * 0.8)
        found = found._with(warnings=[f"nom « {key} » différent de celui de la commune du code INSEE, {found.name}"])
    if postal_ok is False:
        found = attrs.evolve(found, confidence=found.confidence * 0.9)
        found = found._with(warnings=[f"le code postal {postal} ne dessert pas la commune du code INSEE, {found.name}"])
    wrong = [d for d in query.departements if d != communes()[code].departement]
    if wrong:
        found = found._with(warnings=[f"département {wrong[0]} différent de celui de la commune du code INSEE"])
    return found


def resolve_commune(
    *,
    code: object = None,
    name: object = None,
    postal_code: object = None,
    latitude: object = None,
    longitude: object = None,
    departement: object = None,
    address: object = None,
    label: object = None,
) -> Resolution:
    """Find the current commune (COG 2026) a row speaks of, and say how.

    Parameters
    ----------
    code:
        INSEE code as read (text or number; 4-digit codes get their leading zero back).
    name:
        Commune name as written (any case, accents or not, ``ST``, ``CEDEX 2``, ``MARSEILLE 11``…).
    postal_code:
        Postal code as read (text or number; ``4600`` is ``04600``).
    latitude, longitude:
        WGS 84 coordinates [degrees], used to break ties, to check a code, and as the last resort.
    departement:
        Département code, when the row gives one instead of (or with) a postal code.
    address:
        Postal address, whose last part (after the postal code, a comma, a line break or a dash) may
        name the commune when the name is missing or matches nothing.
    label:
        Name of the place or structure the row describes (« CCAS de Roanne »): the last resort, when
        the postal code serves several communes and exactly one of them is named in it.

    Returns
    -------
    Resolution
        The commune, the :class:`Rule` that found it, a confidence, and French warnings and notes; or
        no commune, with the :class:`Unresolved` cause and a French reason.

    Notes
    -----
    The rules are tried in the order of the module's documentation. A given code is not trusted
    blindly: when it contradicts the name, and the postal code or the coordinates agree with the
    name on another commune, the name wins and a warning names both.

    Examples
    --------
    >>> resolve_commune(name="SAINT AUBAN", postal_code=4600).code_insee
    '04049'
    >>> r = resolve_commune(name="LE MANS CEDEX 2", postal_code="72018")
    >>> r.code_insee, r.rule.value
    ('72181', 'commune_par_nom_departement')
    >>> resolve_commune(code="63236", name="Nouméa", postal_code="98800").failure.value
    'commune_hors_cog'
    """
    notes: list[str] = []
    warnings: list[str] = []
    code, postal_code, departement = (_blank(v) for v in (code, postal_code, departement))
    key = name_key(name) if isinstance(name, str) else ""
    if key and "CEDEX" in str(name).upper():
        notes.append("mention « CEDEX » et ce qui la suit ignorées")
    postal = normalize_postal_code(postal_code)
    if postal is not None and str(postal_code).strip() != postal:
        notes.append(f"code postal « {postal_code} » lu {postal}")
    elif postal is None and postal_code not in (None, ""):
        warnings.append(f"code postal « {postal_code} » invalide, ignoré")
    dep = _departement(departement)
    if dep is None and departement not in (None, ""):
        warnings.append(f"département « {departement} » inconnu, ignoré")
    query = _Query(
        key=key,
        postal=postal,
        departements=(dep,) if dep else (),
        address=_address_key(address),
        label=name_key(label) if isinstance(label, str) else "",
        lon=_coordinate(longitude, 180.0),
        lat=_coordinate(latitude, 90.0),
    )
    text = _clean_code(code)
    if text is not None:
        found = _by_code(text)
        if found is not None:
            return _check_code(found, query)._with(notes=notes, warnings=warnings)
        place = outside_cog(text) if len(text) == 5 and text.isdigit() else None
        if place is not None and not key and postal is None:
            return _failed(Unresolved.OUTSIDE_COG, f"code INSEE {text} hors du champ du COG : {place}")
        warnings.append(
            f"code INSEE {text} hors du champ du COG : {place}" if place else f"code INSEE « {text} » inconnu"
        )
    found = _by_name(query)
    if found.failure is Unresolved.NO_INPUT and warnings:  # values were given, none of them usable
        return _failed(Unresolved.NOT_FOUND, f"aucune valeur exploitable : {' ; '.join(warnings)}")._with(notes=notes)
    return found._with(notes=notes, warnings=warnings)

"""The records the catalogue describes indicators with: components and parameters.

A :class:`Component` says what one published number (or list, or mapping) *is*: its French label,
its :class:`ComponentKind`, its unit, what it is a share or rate *of*, whether it adds up over
communes and to which total, and for a mapping the vocabulary of its keys. Statistical secrecy,
number formatting, the renderers' labels, the generated documentation and the common tests all
read these records.

References
----------
``of``, ``derived_from`` and ``parts_of`` name other published values:

- ``value`` (the headline of the same indicator), a component name, ``by_commune``;
- ``I04`` (the headline of another indicator), ``I04.accompagnements``, ``I06.by_commune``;
- the public quantities of the territory: ``population`` and ``communes`` (number of communes).

In the record of a breakdown by commune, ``population`` is the commune's.
"""

from __future__ import annotations

import math
import re
import typing
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from afnor_ctin.errors import InvalidInputError
from afnor_ctin.model.enums import LabelledEnum
from afnor_ctin.period import Period
from afnor_ctin.referential import ParameterValue

__all__ = [
    "PUBLIC_QUANTITIES",
    "Component",
    "ComponentKind",
    "Identity",
    "Keys",
    "Kind",
    "Of",
    "Parameter",
    "Term",
]

#: Public quantities of the territory a reference may name (never masked).
PUBLIC_QUANTITIES = {"population": "population du territoire", "communes": "nombre de communes du territoire"}


class Kind(LabelledEnum):
    """Stock (measured at the reference date) or flow (counted over the period)."""

    STOCK = "stock"
    FLOW = "flow"

    __labels__: ClassVar[dict[str, str]] = {"stock": "stock (à la date de référence)", "flow": "flux (sur la période)"}


class ComponentKind(LabelledEnum):
    """What a published value is."""

    COUNT = "count"
    COMMUNES = "communes"
    SHARE = "share"
    RATE = "rate"
    RATIO = "ratio"
    AMOUNT = "amount"
    DURATION = "duration"
    FTE = "fte"
    PARAMETER = "parameter"
    CODE = "code"
    CODES = "codes"
    COUNTS = "counts"
    AMOUNTS = "amounts"

    __labels__: ClassVar[dict[str, str]] = {
        "count": "effectif (unités statistiques)",
        "communes": "nombre de communes",
        "share": "part (fraction de 0 à 1)",
        "rate": "taux (pour un nombre d'habitants ou d'unités)",
        "ratio": "rapport de deux parts ou taux (indice)",
        "amount": "montant (euros)",
        "duration": "durée",
        "fte": "équivalents temps plein",
        "parameter": "valeur d'un paramètre",
        "code": "code INSEE",
        "codes": "liste de codes INSEE",
        "counts": "effectifs par catégorie",
        "amounts": "montants par catégorie",
    }

    @property
    def is_mapping(self) -> bool:
        """True for mappings (key → value)."""
        return self in (ComponentKind.COUNTS, ComponentKind.AMOUNTS)

    @property
    def is_count(self) -> bool:
        """True for counts of statistical units (actors, places, people, actions…) and mappings of them."""
        return self in (ComponentKind.COUNT, ComponentKind.COUNTS)

    @property
    def is_public(self) -> bool:
        """True for what is never a statistical count: communes, codes, parameters, money."""
        return self in _PUBLIC_KINDS


_PUBLIC_KINDS = frozenset(
    {
        ComponentKind.COMMUNES,
        ComponentKind.PARAMETER,
        ComponentKind.CODE,
        ComponentKind.CODES,
        ComponentKind.AMOUNT,
        ComponentKind.AMOUNTS,
    }
)


class Keys(LabelledEnum):
    """Key vocabularies of mappings that are not enumerations."""

    MONTHS = "months"
    COMMUNES = "communes"

    __labels__: ClassVar[dict[str, str]] = {"months": "mois (AAAA-MM)", "communes": "communes (code INSEE)"}


def _refs(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen
class Of:
    """The numerator and denominator of a share, rate or ratio, each a sum of references.

    An empty side is a quantity that is not published (e.g. the accompaniments outside the central
    commune).
    """

    numerator: tuple[str, ...] = attrs.field(default=(), converter=_refs)
    denominator: tuple[str, ...] = attrs.field(default=(), converter=_refs)

    def text(self) -> str:
        """``a ÷ (b + c)`` in words, ``…`` standing for an unpublished side."""

        def side(refs: tuple[str, ...]) -> str:
            if not refs:
                return "…"
            return refs[0] if len(refs) == 1 else "(" + " + ".join(refs) + ")"

        return f"{side(self.numerator)} ÷ {side(self.denominator)}"


@attrs.frozen(kw_only=True)
class Component:
    """What one published value of an indicator is (a component, the headline or the breakdown).

    Attributes
    ----------
    name:
        Machine key (``lieux_actifs``; ``value`` for the headline, ``by_commune`` for the breakdown).
    label:
        French label (« Lieux actifs »).
    kind:
        :class:`ComponentKind`.
    unit:
        French unit (« lieux », « € », « heures », « part », « accompagnements pour 1 000 habitants »).
    per:
        For a rate per inhabitants: the number of inhabitants (1 000, 10 000).
    of:
        For a share, rate or ratio: its numerator and denominator (:class:`Of`).
    derived_from:
        Other published values it is computed from (e.g. hours from the actions counted).
    additive_over_communes:
        True when the value of a territory is the sum of the values of its communes.
    parts_of:
        The published total this value adds up to with the components sharing the same ``parts_of``
        (``individuels`` + ``ateliers`` = ``value``); for a mapping, the total its entries add up to.
    keep_zeros:
        For a mapping: True when every key of the vocabulary is published, zeros included.
    keys:
        For a mapping, the breakdown by commune or a list of codes: the vocabulary of its keys or
        codes (an enumeration whose labels name them, or :class:`Keys`). The breakdown's ``kind``
        is the kind of its entries.
    """

    name: str
    label: str
    kind: ComponentKind
    unit: str
    per: int | None = None
    of: Of | None = None
    derived_from: tuple[str, ...] = attrs.field(default=(), converter=_refs)
    additive_over_communes: bool = False
    parts_of: str | None = None
    keep_zeros: bool = True
    keys: type[LabelledEnum] | Keys | None = None

    def __attrs_post_init__(self) -> None:
        if self.kind.is_mapping and self.keys is None:
            raise InvalidInputError(f"composante « {self.name} » : un dictionnaire indique le vocabulaire de ses clés")
        if self.kind is ComponentKind.SHARE and self.of is None:
            raise InvalidInputError(f"composante « {self.name} » : une part indique ce dont elle est la part (of)")

    @property
    def references(self) -> tuple[str, ...]:
        """Every published value this one is computed from (``of`` sides, then ``derived_from``)."""
        of = () if self.of is None else (*self.of.numerator, *self.of.denominator)
        return tuple(dict.fromkeys((*of, *self.derived_from)))

    def key_label(self, key: str, communes: Mapping[str, str] | None = None) -> str:
        """French label of a mapping key (the key itself when unknown)."""
        if isinstance(self.keys, type):
            member = self.keys.lookup(key)
            return key if member is None else member.label
        if self.keys is Keys.MONTHS:
            try:
                return Period.parse(key).label
            except ValueError:
                return key
        return (communes or {}).get(key, key)

    def key_vocabulary(self) -> tuple[str, ...] | None:
        """Every possible key when the vocabulary is an enumeration, else ``None``."""
        return tuple(str(m) for m in self.keys) if isinstance(self.keys, type) else None


_TERM = re.compile(
    r"\s*(?P<sign>[+-])?\s*(?:(?P<factor>[A-Za-z0-9_.]+)\s*\*\s*)?"
    r"(?:sum\((?P<sum>[A-Za-z0-9_.]+)\)|(?P<ref>[A-Za-z0-9_.]+)(?:\[(?P<key>[A-Za-z0-9_*]+)\])?)\s*"
)


@attrs.frozen(kw_only=True)
class Term:
    """One term of an :class:`Identity`: ``sign × factor × reference``.

    Attributes
    ----------
    sign:
        ``+1`` or ``-1``.
    ref:
        The published value (a reference as in :mod:`afnor_ctin.catalog.records`; ``I04.par_canal.a_distance``
        names one entry of a mapping). An entry of a breakdown by commune of rates stands for the count behind it
        (rate × population of the commune ÷ ``per``).
    factor:
        A published share or rate multiplying the value, or ``None``.
    total:
        True for ``sum(ref)``: the sum of the entries of a mapping or breakdown.
    key:
        For ``ref[key]``: ``*`` (the identity holds for every commune) or the name of a component of the
        same indicator whose value is the key (``by_commune[ville_centre]``).
    """

    sign: int
    ref: str
    factor: str | None = None
    total: bool = False
    key: str | None = None


def _side(text: str, equation: str) -> tuple[Term, ...]:
    terms: list[Term] = []
    position = 0
    while position < len(text):
        match = _TERM.match(text, position)
        if match is None or match.end() == position or (terms and match["sign"] is None):
            raise InvalidInputError(f"identité « {equation} » : terme illisible à partir de « {text[position:]} »")
        sign = -1 if match["sign"] == "-" else 1
        ref = match["sum"] or match["ref"]
        terms.append(Term(sign=sign, ref=ref, factor=match["factor"], total=bool(match["sum"]), key=match["key"]))
        position = match.end()
    if not terms:
        raise InvalidInputError(f"identité « {equation} » : un côté est vide")
    return tuple(terms)


@attrs.frozen(kw_only=True)
class Identity:
    """A linear relation between published values that holds for every dataset.

    Written as an equation, ``left = right`` or ``left <= right``, each side a sum of terms
    ``[factor *] reference`` (see :class:`Term`), e.g.
    ``part_hors_centre * I04.accompagnements = I04.accompagnements - by_commune[ville_centre]``.
    Statistical secrecy reads these relations with the components' ``parts_of`` and ``of`` to know what
    the published values reveal together.

    Attributes
    ----------
    equation:
        The relation, as text.
    reason:
        Why it holds, in French.
    """

    equation: str
    reason: str
    left: tuple[Term, ...] = attrs.field(init=False)
    right: tuple[Term, ...] = attrs.field(init=False)
    inequality: bool = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        relation = "<=" if "<=" in self.equation else "="
        sides = self.equation.split(relation)
        if len(sides) != 2:
            raise InvalidInputError(f"identité « {self.equation} » : une relation « = » ou « <= » attendue")
        object.__setattr__(self, "left", _side(sides[0], self.equation))
        object.__setattr__(self, "right", _side(sides[1], self.equation))
        object.__setattr__(self, "inequality", relation == "<=")

    @property
    def each_commune(self) -> bool:
        """True when the identity holds for every commune (a term ``ref[*]``)."""
        return any(t.key == "*" for t in (*self.left, *self.right))


@attrs.frozen(kw_only=True)
class Parameter:
    """A parameter of an indicator: a keyword-only parameter of its compute function.

    Attributes
    ----------
    name:
        Keyword of the compute function (``ifn_threshold``), used by ``evaluate(…, ifn_threshold=6.0)``.
    key:
        Key in a referential file (``seuil_ifn``).
    label:
        French label.
    type:
        ``int``, ``float``, ``bool`` or ``str`` (read from the compute function's annotation).
    default:
        Value in the built-in referential.
    unit:
        French unit (« mois », « points (échelle 0–10) »).
    minimum, maximum:
        Valid range, bounds included (``None``: unbounded).
    at_least:
        Name of another parameter of the same indicator this one may not be below.
    """

    name: str
    key: str
    label: str
    type: type[int] | type[float] | type[bool] | type[str]
    default: ParameterValue
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    at_least: str | None = None

    def __attrs_post_init__(self) -> None:
        problem = self.problem(self.default)
        if problem is not None:
            raise InvalidInputError(f"paramètre « {self.name} » : valeur par défaut invalide : {problem}")

    def range_text(self) -> str:
        """The valid range in French (« de 0 à 10 », « au moins 1 », « quelconque »)."""
        low, high = (None if b is None else _number(b) for b in (self.minimum, self.maximum))
        if low is not None and high is not None:
            return f"de {low} à {high}"
        if low is not None:
            return f"au moins {low}"
        return f"au plus {high}" if high is not None else "quelconque"

    def problem(self, value: Any) -> str | None:
        """Why ``value`` is not valid for this parameter (French), or ``None`` when it is."""
        if self.type is bool:
            return None if isinstance(value, bool) else f"booléen attendu : true ou false (reçu {value!r})"
        if self.type is str:
            return None if isinstance(value, str) else f"texte attendu (reçu {value!r})"
        allowed: tuple[type, ...] = (int,) if self.type is int else (int, float)
        if isinstance(value, bool) or not isinstance(value, allowed):
            expected = "nombre entier" if self.type is int else "nombre"
            return f"{expected} attendu (reçu {value!r})"
        number = float(typing.cast(float, value))
        if not math.isfinite(number):
            return f"nombre fini attendu (reçu {value!r})"
        if (self.minimum is not None and number < self.minimum) or (self.maximum is not None and number > self.maximum):
            return f"valeur {_number(number)} hors de l'intervalle admis ({self.range_text()})"
        return None

    def convert(self, value: ParameterValue) -> ParameterValue:
        """A valid value in this parameter's type (an integer given for a decimal becomes a float)."""
        return float(value) if self.type is float else value


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")

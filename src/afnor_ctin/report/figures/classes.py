"""Classes of a commune map: quantiles of numeric values, or categories (booleans, labels).

Numeric values are grouped by **quantiles** (:func:`numpy.quantile`, ``inverted_cdf``): each class holds
about as many communes as the others, so a territory dominated by its ville-centre still shows
differences between its other communes (natural breaks would give the ville-centre a class of its own
and put nearly every other commune in the first one). Ties always fall in the same class, so a map may
have fewer classes than asked. When the values are non-negative and some are zero, zero is a class of
its own (« aucun lieu » is not « peu de lieux »). When there are no more distinct values than classes,
each distinct value is a class. Explicit class limits may be given instead.

Each class is labelled by the smallest and largest value it holds (``1 – 12``): the legend describes the
data, not an interval nobody reaches. Colours: ColorBrewer's sequential *Blues* schemes (Cynthia A.
Brewer, Penn State, Apache License 2.0), readable by colour-blind people and in grey print; categories
use the Okabe–Ito palette, designed for colour-blind readers.


Examples
--------
>>> [(c.label, c.communes) for c in classify({"a": 0, "b": 3, "c": 5, "d": 40}, classes=3, unit="actions")]
[('0', ('a',)), ('3 – 5', ('b', 'c')), ('40', ('d',))]
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import attrs
import numpy as np

from afnor_ctin.errors import InvalidInputError
from afnor_ctin.report.figures.numbers import Formatter, format_quantity, tick_unit

__all__ = ["CATEGORY_COLOURS", "MAX_CLASSES", "SEQUENTIAL", "MapClass", "MapValue", "classify"]

#: A value drawn on a commune map: a number, a boolean, a category label, or ``None`` (no data).
MapValue = float | bool | str | None

#: ColorBrewer *Blues*, light to dark, for 1 to 7 classes.
SEQUENTIAL: Mapping[int, tuple[str, ...]] = {
    1: ("#6baed6",),
    2: ("#9ecae1", "#3182bd"),
    3: ("#deebf7", "#9ecae1", "#3182bd"),
    4: ("#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"),
    5: ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"),
    6: ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"),
    7: ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"),
}
#: Okabe–Ito colours for categories, in order of the categories.
CATEGORY_COLOURS = ("#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7")
#: Most classes (or categories) a map can show.
MAX_CLASSES = 7


@attrs.frozen(kw_only=True)
class MapClass:
    """One class of a commune map, as its legend shows it.

    Attributes
    ----------
    label:
        French legend text, in the figure's unit (``1 – 12``, ``83,8 %``, ``commune fragile``).
    fill:
        Fill colour of its communes.
    communes:
        INSEE codes of the communes in the class, sorted.
    lower:
        Lower bound of a numeric class: its smallest value for quantile classes; for explicit limits,
        the limit below it (excluded, ``None`` for the first class). ``None`` for a category.
    upper:
        Upper bound of a numeric class: its largest value for quantile classes; for explicit limits,
        the limit above it (included, ``None`` for the last class). ``None`` for a category.
    category:
        The value of a categorical class (``None`` for a numeric one).
    """

    label: str
    fill: str
    communes: tuple[str, ...]
    lower: float | None = None
    upper: float | None = None
    category: str | bool | None = None


def classify(
    values: Mapping[str, MapValue],
    *,
    classes: int | Sequence[float] = 5,
    categories: Mapping[str, str] | Mapping[bool, str] | None = None,
    unit: str = "",
    formatter: Formatter = format_quantity,
) -> tuple[MapClass, ...]:
    """Group communes into the classes of a map.

    Parameters
    ----------
    values:
        INSEE code → value; ``None`` (no data) belongs to no class. All values must be numbers, or all
        booleans, or all strings.
    classes:
        Number of quantile classes (1 to 7), or increasing class limits ``(l1, l2, …)`` giving the
        classes ``≤ l1``, ``]l1, l2]``, …, ``> ln`` (numeric values only; empty classes are kept).
    categories:
        For booleans or strings: value → French label, in legend order (default: ``oui``/``non``
        for booleans, the sorted strings for strings).
    unit:
        Unit of numeric values (see :func:`~afnor_ctin.report.figures.numbers.format_quantity`).
    formatter:
        How numbers are written in the labels.

    Returns
    -------
    tuple of MapClass
        The classes, light to dark (numeric) or in category order.

    Raises
    ------
    afnor_ctin.errors.InvalidInputError
        Mixed value types, a non-finite number, a value outside ``categories``, or too many classes.
    """
    present = {code: v for code, v in sorted(values.items()) if v is not None}
    kinds = {_kind(code, v) for code, v in present.items()}
    if len(kinds) > 1:
        raise InvalidInputError("les valeurs de la carte mêlent nombres, booléens et textes : un seul type par carte")
    if kinds & {"bool", "str"}:
        return _categories(present, categories)
    numbers = {code: float(v) for code, v in present.items() if not isinstance(v, str)}
    if not isinstance(classes, int):
        return _explicit(numbers, tuple(float(b) for b in classes), unit, formatter)
    if not 1 <= classes <= MAX_CLASSES:
        raise InvalidInputError(f"nombre de classes {classes} : il doit être compris entre 1 et {MAX_CLASSES}")
    return _quantiles(numbers, classes, unit, formatter)


def _kind(code: str, value: float | bool | str) -> str:
    if isinstance(value, bool | np.bool_):
        return "bool"
    if isinstance(value, str):
        return "str"
    if not np.isfinite(value):
        raise InvalidInputError(f"commune {code} : valeur « {value} » non finie, impossible à représenter")
    return "number"


def _categories(
    present: Mapping[str, float | bool | str], categories: Mapping[str, str] | Mapping[bool, str] | None
) -> tuple[MapClass, ...]:
    if categories is None:
        if all(isinstance(v, bool | np.bool_) for v in present.values()):
            categories = {True: "oui", False: "non"}
        else:
            categories = {str(v): str(v) for v in sorted({str(v) for v in present.values()})}
    labels: dict[object, str] = dict(categories.items())
    for code, v in present.items():
        if v not in labels:
            raise InvalidInputError(f"commune {code} : valeur « {v} » absente des catégories de la carte")
    if len(labels) > len(CATEGORY_COLOURS):
        raise InvalidInputError(f"{len(labels)} catégories : une carte en montre au plus {len(CATEGORY_COLOURS)}")
    return tuple(
        MapClass(
            label=label,
            fill=CATEGORY_COLOURS[i],
            communes=tuple(code for code, v in present.items() if v == key),
            category=key if isinstance(key, bool | str) else str(key),
        )
        for i, (key, label) in enumerate(labels.items())
    )


def _range(lower: float, upper: float, unit: str, formatter: Formatter) -> str:
    short = tick_unit(unit)
    if lower == upper:
        return formatter(lower, short)
    return f"{formatter(lower, short)} – {formatter(upper, short)}"


def _build(
    numbers: Mapping[str, float], index: np.ndarray, count: int, unit: str, formatter: Formatter
) -> tuple[MapClass, ...]:
    codes = np.array(list(numbers), dtype=object)
    values = np.fromiter(numbers.values(), dtype=float, count=len(numbers))
    used = [i for i in range(count) if (index == i).any()]
    colours = SEQUENTIAL[max(len(used), 1)]
    out = []
    for colour, i in zip(colours, used, strict=False):
        members = index == i
        lower, upper = float(values[members].min()), float(values[members].max())
        out.append(
            MapClass(
                label=_range(lower, upper, unit, formatter),
                fill=colour,
                communes=tuple(str(c) for c in codes[members]),
                lower=lower,
                upper=upper,
            )
        )
    return tuple(out)


def _quantiles(numbers: Mapping[str, float], k: int, unit: str, formatter: Formatter) -> tuple[MapClass, ...]:
    if not numbers:
        return ()
    values = np.fromiter(numbers.values(), dtype=float, count=len(numbers))
    zero_class = k >= 2 and values.min() == 0 and values.max() > 0
    rest = values[values > 0] if zero_class else values
    k_rest = k - 1 if zero_class else k
    distinct = np.unique(rest)
    if len(distinct) <= k_rest:
        limits = distinct[:-1]
    else:
        limits = np.unique(np.quantile(rest, np.arange(1, k_rest) / k_rest, method="inverted_cdf"))
    index = np.searchsorted(limits, values, side="left")
    if zero_class:
        index = np.where(values == 0, 0, index + 1)
    return _build(numbers, index, len(limits) + 1 + zero_class, unit, formatter)


def _explicit(
    numbers: Mapping[str, float], limits: tuple[float, ...], unit: str, formatter: Formatter
) -> tuple[MapClass, ...]:
    if not limits or len(limits) + 1 > MAX_CLASSES or any(b <= a for a, b in itertools.pairwise(limits)):
        raise InvalidInputError(
            f"limites de classes {list(limits)} : il faut de 1 à {MAX_CLASSES - 1} limites strictement croissantes"
        )
    values = np.fromiter(numbers.values(), dtype=float, count=len(numbers))
    codes = list(numbers)
    index = np.searchsorted(np.array(limits), values, side="left")
    short = tick_unit(unit)
    text = [formatter(b, short) for b in limits]
    labels = [f"≤ {text[0]}"]
    labels += [f"> {a} et ≤ {b}" for a, b in itertools.pairwise(text)]
    labels.append(f"> {text[-1]}")
    colours = SEQUENTIAL[len(labels)]
    bounds = [-np.inf, *limits, np.inf]
    return tuple(
        MapClass(
            label=label,
            fill=colours[i],
            communes=tuple(c for c, j in zip(codes, index, strict=True) if j == i),
            lower=None if i == 0 else bounds[i],
            upper=None if i == len(labels) - 1 else bounds[i + 1],
        )
        for i, label in enumerate(labels)
    )

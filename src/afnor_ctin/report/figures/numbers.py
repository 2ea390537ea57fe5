r"""Numbers in figures: the default French formatter, axis units and round axis ticks.

Every number a figure prints goes through one :data:`Formatter`: a callable ``(value, unit) -> str``.
The default, :func:`format_quantity`, writes French numbers (``12 292``, ``83,8 %``, ``1 250 €``) with a
non-breaking space between thousands and before the unit; the report layer may pass its own (the
catalogue's formatting) to every figure function.

Units follow the catalogue: ``part`` is a fraction shown as a percentage (0.838 → ``83,8 %``), ``%`` a
value already in percent, ``€`` an amount, ``indice`` a ratio without unit, anything else a French unit
word printed after the number (``actions``, ``accompagnements pour 1 000 habitants``).


Examples
--------
>>> format_quantity(12292, "actions")
'12\xa0292\xa0actions'
>>> format_quantity(0.838, "part")
'83,8\xa0%'
>>> format_quantity(1250, "€")
'1\xa0250\xa0€'
>>> format_quantity(1, "acteurs")
'1\xa0acteur'
>>> nice_ticks(8297)
(0.0, 2000.0, 4000.0, 6000.0, 8000.0, 10000.0)
"""

from __future__ import annotations

import math
from collections.abc import Callable

__all__ = ["SYMBOL_UNITS", "Formatter", "axis_caption", "format_quantity", "nice_ticks", "tick_unit"]

#: ``(value, unit) -> text``: how a figure writes a number with its unit.
Formatter = Callable[[float, str], str]

#: Units written as a symbol next to every number (so tick labels carry them); the others are words,
#: written once as the axis caption.
SYMBOL_UNITS = frozenset({"part", "%", "€"})

NBSP = "\u00a0"


def _french(value: float, decimals: int, *, strip: bool) -> str:
    """``value`` with ``decimals`` decimals, non-breaking thousands separator and decimal comma."""
    text = format(abs(value), f",.{decimals}f")
    if strip and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.strip("0.,") == "":
        value = 0.0  # no "-0"
    sign = "-" if value < 0 else ""
    return sign + text.translate({ord(","): NBSP, ord("."): ","})


def _singular(unit: str) -> str:
    """French singular of a plural unit (used below 2): ``acteurs`` → ``acteur``, ``lieux`` → ``lieu``.

    Only the words before a complement introduced by ``pour``/``par``/``de`` change:
    ``accompagnements pour 1 000 habitants`` → ``accompagnement pour 1 000 habitants``.
    """
    words = unit.split(" ")
    out = []
    for i, word in enumerate(words):
        if word in ("pour", "par", "de", "d'", "du", "des"):
            out.extend(words[i:])
            break
        if (word.endswith("eux") and len(word) > 3) or (word.endswith("s") and len(word) > 2):
            word = word[:-1]
        out.append(word)
    return " ".join(out)


def unit_for(value: float, unit: str) -> str:
    """``unit`` agreed with ``value``: singular below 2 (``0 acteur``, ``1 lieu``), plural from 2.

    >>> unit_for(1, "lieux"), unit_for(27, "lieux")
    ('lieu', 'lieux')
    """
    return _singular(unit) if abs(value) < 2 else unit


def format_quantity(value: float, unit: str) -> str:
    r"""French text of a number with its unit, as figures print it.

    Parameters
    ----------
    value:
        The number (a share in [0, 1] when ``unit`` is ``part``).
    unit:
        ``part`` (shown as a percentage), ``%``, ``€``, ``indice``, a French unit word, or ``""``.

    Returns
    -------
    str
        ``83,8 %`` (one decimal, none for a whole percentage), ``1 250 €`` (whole euros from 1 000 €
        or for whole amounts, else cents), ``0,63`` for an ``indice``, ``12 292 actions`` (integers
        without decimals, other numbers with one decimal from 1 and two below); the unit word is put
        in the singular below 2 (``1 acteur``). Infinite or NaN values give ``—``.

    Examples
    --------
    >>> format_quantity(1.0, "part"), format_quantity(14.4598, "€"), format_quantity(158.257, "")
    ('100\xa0%', '14,46\xa0€', '158,3')
    """
    if not math.isfinite(value):
        return "—"
    if unit in ("part", "%"):
        percent = value * 100 if unit == "part" else value
        return f"{_french(percent, 1, strip=True)}{NBSP}%"
    if unit == "€":
        whole = float(value).is_integer() or abs(value) >= 1000
        return f"{_french(value, 0 if whole else 2, strip=False)}{NBSP}€"
    if unit == "indice":
        return _french(value, 2, strip=False)
    if float(value).is_integer():
        text = _french(value, 0, strip=False)
    else:
        text = _french(value, 1 if abs(value) >= 1 else 2, strip=True)
    if not unit:
        return text
    return f"{text}{NBSP}{unit_for(value, unit)}"


def tick_unit(unit: str) -> str:
    """The unit passed to the formatter for axis ticks and bar values: symbols kept, words dropped."""
    return unit if unit in SYMBOL_UNITS else ""


def axis_caption(unit: str) -> str:
    """The caption written once on a value axis: the unit word, or ``""`` when ticks carry a symbol."""
    if unit in SYMBOL_UNITS:
        return ""
    return unit


def nice_ticks(maximum: float, count: int = 5) -> tuple[float, ...]:
    """Round axis ticks from 0 up to at least ``maximum`` (steps of 1, 2, 2.5 or 5 times a power of ten).

    Parameters
    ----------
    maximum:
        The largest value to show (negative or zero values give the ticks of 1).
    count:
        About how many intervals to draw.

    Returns
    -------
    tuple of float
        Increasing ticks starting at 0, the last one ≥ ``maximum``.

    Examples
    --------
    >>> nice_ticks(0.838)
    (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
    >>> nice_ticks(0)
    (0.0, 1.0)
    """
    if not math.isfinite(maximum) or maximum <= 0:
        return (0.0, 1.0)
    raw = maximum / max(count, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= raw * (1 - 1e-9))
    intervals = math.ceil(maximum / step - 1e-9)
    return tuple(round(i * step, 12) for i in range(intervals + 1))

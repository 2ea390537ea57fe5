r"""Numbers and durations in French form, for every text a user reads (CLI, reports, messages).

>>> format_number(102957), format_number(76117.71452), format_duration(0.3)
('102\xa0957', '76\xa0117,71', '0,3\xa0s')
"""

from __future__ import annotations

import math

__all__ = ["NBSP", "format_duration", "format_number"]

#: Non-breaking space, between thousands and before units.
NBSP = "\u00a0"


def _group(digits: str) -> str:
    out = []
    while len(digits) > 3:
        out.append(digits[-3:])
        digits = digits[:-3]
    out.append(digits)
    return NBSP.join(reversed(out))


def format_number(value: float, decimals: int | None = None) -> str:
    """French form of a number: ``76 117,71`` (non-breaking space, decimal comma).

    ``decimals=None`` prints integers without decimals and other numbers with up to 2 decimals.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return "—"
    if decimals is None:
        if float(value).is_integer():
            decimals = 0
        else:
            text = f"{float(value):.2f}".rstrip("0")
            decimals = len(text.split(".")[1])
    text = f"{abs(float(value)):.{decimals}f}"
    whole, _, frac = text.partition(".")
    sign = "-" if value < 0 and float(text) != 0 else ""
    return sign + _group(whole) + ("," + frac if frac else "")


def format_duration(seconds: float) -> str:
    """French form of a duration [s]: ``0,3 s`` under a minute, ``2 min 05 s`` above."""
    if seconds < 60:
        return f"{format_number(seconds, 1)}{NBSP}s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{format_number(minutes)}{NBSP}min{NBSP}{rest:02d}{NBSP}s"

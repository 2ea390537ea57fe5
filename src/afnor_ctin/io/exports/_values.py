"""Cell values of the exports: text, dates, numbers, multi-valued cells, and codecs of the model's enumerations."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from typing import Generic, TypeVar

from afnor_ctin.errors import InvalidInputError
from afnor_ctin.model.enums import LabelledEnum, normalize_label

__all__ = [
    "CellValueError",
    "Codec",
    "label_key",
    "parse_bool",
    "parse_date",
    "parse_int",
    "parse_number",
    "split_multi",
    "text",
]

E = TypeVar("E", bound=LabelledEnum)
_DECODE_CACHE = 10_000
_NULLS = frozenset({"", "null", "none", "nan", "\\n", "non défini", "non renseigné"})
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
#: Spaces found inside numbers of French exports: no-break and narrow no-break spaces as thousands separators.
_NUMBER_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
_TRUE = frozenset({"true", "vrai", "oui", "1", "yes", "o"})
_FALSE = frozenset({"false", "faux", "non", "0", "no", "n"})


#: :func:`~afnor_ctin.model.enums.normalize_label`, remembered: the values of closed lists and headers repeat.
label_key = functools.lru_cache(maxsize=1 << 16)(normalize_label)


#: Largest whole number of an export cell (the columns of the model are 32-bit).
_INT_MAX = 2_147_483_647


class CellValueError(InvalidInputError):
    """A cell holds a value of the wrong kind (a date, a number…); the message names it in French."""

    def __init__(self, message: str, value: object) -> None:
        super().__init__(message)
        self.value = None if value is None else str(value)


def text(value: object) -> str | None:
    """Stripped text of a cell; empty, ``null`` and missing give ``None``."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value).strip()
    return None if s.casefold() in _NULLS else s


def parse_date(value: object) -> dt.date | None:
    """A day from an Excel serial, a date(time), ``YYYY-MM-DD…`` or ``dd/mm/yyyy…``.

    Raises
    ------
    CellValueError
        When the value is present but is not a day.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 1 <= value < 2958466:
            raise CellValueError(f"date illisible « {value} »", value)
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    s = text(value)
    if s is None:
        return None
    m = _ISO.match(s) or _DMY.match(s)
    if m:
        year, month, day = (int(m[1]), int(m[2]), int(m[3])) if m.re is _ISO else (int(m[3]), int(m[2]), int(m[1]))
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise CellValueError(f"date impossible « {s} »", s) from None
    if re.fullmatch(r"\d+(\.\d+)?", s):
        return parse_date(float(s))
    raise CellValueError(f"date illisible « {s} »", s)


def parse_number(value: object) -> float | None:
    """A finite number from a number or numeric text (``12,5``, ``1 094``, ``50 000 €``).

    Raises
    ------
    CellValueError
        When the value is present but is not a finite number.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        f = float(value)
    else:
        s = text(value)
        if s is None:
            return None
        cleaned = s.translate(_NUMBER_SPACES).removesuffix("€").replace(",", ".")
        if not cleaned.isascii() or "_" in cleaned:
            raise CellValueError(f"nombre illisible « {s[:40]} »", s)
        try:
            f = float(cleaned)
        except ValueError:
            raise CellValueError(f"nombre illisible « {s} »", s) from None
    if f != f or f in (float("inf"), float("-inf")):
        raise CellValueError(f"nombre illisible « {value} »", value)
    return f


def parse_int(value: object) -> int | None:
    """A whole number from a number or numeric text (``12``, ``12.0``, ``1 094``).

    Raises
    ------
    CellValueError
        When the value is present but is not a whole number.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        f = parse_number(value)
        if f is None:
            return None
        if not f.is_integer():
            raise CellValueError(f"nombre entier attendu, lu « {value} »", value)
        number = int(f)
    if abs(number) > _INT_MAX:
        raise CellValueError(f"nombre trop grand « {str(value)[:40]} » (au plus {_INT_MAX})", value)
    return number


def parse_bool(value: object) -> bool | None:
    """``True``/``False`` from a boolean cell (``TRUE``, ``False``, ``oui``, ``non``, ``1``, ``0``…).

    Raises
    ------
    CellValueError
        When the value is present but is not a yes/no answer.
    """
    if isinstance(value, bool):
        return value
    s = text(value)
    if s is None:
        return None
    key = s.casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellValueError(f"oui ou non attendu, lu « {s} »", s)


def split_multi(value: object, separators: str) -> list[str]:
    """Split a multi-valued cell (list, or text joined by any of ``separators``), dropping blanks."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        items = [text(v) for v in value]
        return [i for i in items if i]
    s = text(value)
    if s is None:
        return []
    if s.startswith("{") and s.endswith("}"):
        s = s[1:-1]
        separators = ","
    parts = re.split("[" + re.escape(separators) + "]", s) if separators else [s]
    out: list[str] = []
    for p in parts:
        p = p.strip().strip('"').strip()
        if p and p.casefold() != "null":
            out.append(p)
    return out


class Codec(Generic[E]):
    """Map a source's strings (codes or labels, current and historical) to a model enumeration.

    Parameters
    ----------
    enum:
        The model enumeration; its slugs and labels are always accepted.
    extra:
        Source strings (labels of the source, historical labels) to slug of ``enum``.
    """

    def __init__(self, enum: type[E], extra: Mapping[str, str] | None = None) -> None:
        self.enum = enum
        self.extra: dict[str, str] = dict(extra or {})
        self._keys: dict[str, E] = {}
        for label, slug in self.extra.items():
            self._keys[normalize_label(label)] = enum(slug)
        self._seen: dict[str, E | None] = {}

    def decode(self, value: str) -> E | None:
        """Return the member for ``value`` (case, accents, apostrophes ignored), or ``None``."""
        try:
            return self._seen[value]
        except KeyError:
            pass
        key = normalize_label(value)
        found = self._keys.get(key)
        member = found if found is not None else self.enum.lookup(value)
        if len(self._seen) < _DECODE_CACHE:
            self._seen[value] = member
        return member

    def encode(self, member: E) -> str:
        """The French label of ``member``."""
        return member.label

    def source_labels(self, member: E) -> tuple[str, ...]:
        """Every source string that decodes to ``member``, including historical ones."""
        return tuple(label for label, slug in self.extra.items() if slug == str(member))

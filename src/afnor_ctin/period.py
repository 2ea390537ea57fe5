"""Periods of evaluation: whole years, quarters, months or any span of days.

A :class:`Period` is a closed interval of local days (Europe/Paris), both ends included. Stock
indicators are measured at its :attr:`Period.end`, the *reference date*.

>>> p = Period.parse("2024-T2")
>>> str(p.start), str(p.end), p.days, p.label
('2024-04-01', '2024-06-30', 91, 'T2 2024')
>>> [m.label for m in Period.year(2024).quarters()]
['T1 2024', 'T2 2024', 'T3 2024', 'T4 2024']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import attrs
import pendulum

from afnor_ctin.errors import InvalidInputError

__all__ = ["LOCAL_TZ", "MAX_YEAR", "MIN_YEAR", "Period", "add_months", "to_local_date"]

#: Time zone in which every date of the library is expressed.
LOCAL_TZ = pendulum.timezone("Europe/Paris")

_MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def to_local_date(value: dt.date | dt.datetime | str) -> pendulum.Date:
    """Return the local (Europe/Paris) calendar day of a date, datetime or ISO string.

    Aware datetimes are converted to Paris time before the day is taken; naive datetimes are taken
    as Paris time. ``2024-03-31T23:30:00Z`` is 1 April in Paris:

    >>> str(to_local_date("2024-03-31T23:30:00Z"))
    '2024-04-01'
    >>> str(to_local_date(dt.date(2024, 5, 1)))
    '2024-05-01'

    Raises
    ------
    InvalidInputError
        When a string is not an ISO date or datetime.
    """
    if isinstance(value, str):
        try:
            parsed = pendulum.parse(value.strip(), tz=LOCAL_TZ)
        except (ValueError, TypeError, pendulum.parsing.exceptions.ParserError) as exc:
            # pendulum's parser raises TypeError on some truncated times such as "0:".
            raise InvalidInputError(f"date « {value} » illisible (format ISO attendu)") from exc
        if isinstance(parsed, pendulum.DateTime):
            return parsed.in_timezone(LOCAL_TZ).date()
        if isinstance(parsed, pendulum.Date):
            return parsed
        raise InvalidInputError(f"date « {value} » illisible (une date est attendue, pas une durée)")
    if isinstance(value, dt.datetime):
        instance = pendulum.instance(value, tz=LOCAL_TZ)
        return instance.in_timezone(LOCAL_TZ).date()
    return pendulum.Date(value.year, value.month, value.day)


def add_months(day: dt.date, months: int) -> pendulum.Date:
    """Calendar month arithmetic, clamping to the end of month.

    >>> str(add_months(dt.date(2024, 12, 31), -2)), str(add_months(dt.date(2024, 12, 31), 12))
    ('2024-10-31', '2025-12-31')
    >>> str(add_months(dt.date(2024, 3, 31), -1))
    '2024-02-29'
    """
    return pendulum.Date(day.year, day.month, day.day).add(months=months)


def _to_date(value: Any) -> pendulum.Date:
    if isinstance(value, dt.datetime):
        return to_local_date(value)
    if isinstance(value, dt.date):
        return pendulum.Date(value.year, value.month, value.day)
    if isinstance(value, str):
        return to_local_date(value)
    raise InvalidInputError(f"date attendue, reçu « {value!r} »")


_PARSE_YEAR = re.compile(r"^([0-9]{4})$")
_PARSE_QUARTER = re.compile(r"^([0-9]{4})-?[TQ]([1-4])$", re.IGNORECASE)
_PARSE_MONTH = re.compile(r"^([0-9]{4})-([0-9]{1,2})$")

#: First and last years a period may cover (the indicators look back and ahead by months and years).
MIN_YEAR, MAX_YEAR = 1900, 2199


def _check_year(day: dt.date) -> None:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise InvalidInputError(f"date {day.isoformat()} hors des années prises en charge ({MIN_YEAR} à {MAX_YEAR})")


_PARSE_RANGE = re.compile(r"^(.+?)\s*(?:\.\.|/)\s*(.+)$")


@attrs.frozen(kw_only=True, order=True)
class Period:
    """A closed interval of local days ``[start, end]``.

    Attributes
    ----------
    start:
        First day included.
    end:
        Last day included; the *reference date* of stock indicators.
    """

    start: pendulum.Date = attrs.field(converter=_to_date)
    end: pendulum.Date = attrs.field(converter=_to_date)

    @start.validator
    def _check_start(self, attribute: attrs.Attribute[Any], value: pendulum.Date) -> None:
        _check_year(value)

    @end.validator
    def _check(self, attribute: attrs.Attribute[Any], value: pendulum.Date) -> None:
        _check_year(value)
        if value < self.start:
            raise InvalidInputError(
                f"période invalide : la fin {value.isoformat()} précède le début {self.start.isoformat()}"
            )

    # -- constructors --------------------------------------------------------------------------
    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year ``year`` (:data:`MIN_YEAR` to :data:`MAX_YEAR`)."""
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise InvalidInputError(f"année {year} hors des années prises en charge ({MIN_YEAR} à {MAX_YEAR})")
        return cls(start=pendulum.Date(year, 1, 1), end=pendulum.Date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Quarter ``quarter`` (1–4) of ``year``."""
        if not 1 <= quarter <= 4:
            raise InvalidInputError(f"trimestre « {quarter} » invalide (1 à 4 attendu)")
        start = cls.year(year).start.replace(month=3 * quarter - 2)
        return cls(start=start, end=start.add(months=3).subtract(days=1))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """Month ``month`` (1–12) of ``year``."""
        if not 1 <= month <= 12:
            raise InvalidInputError(f"mois « {month} » invalide (1 à 12 attendu)")
        start = cls.year(year).start.replace(month=month)
        return cls(start=start, end=start.add(months=1).subtract(days=1))

    @classmethod
    def between(cls, start: dt.date | str, end: dt.date | str) -> Period:
        """The days from ``start`` to ``end``, both included."""
        return cls(start=_to_date(start), end=_to_date(end))

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``"2024"``, ``"2024-T2"`` / ``"2024-Q2"``, ``"2024-03"`` or ``"2024-01-01..2024-06-30"``.

        >>> Period.parse("2024-03").label
        'mars 2024'
        >>> Period.parse("2024-01-01..2024-06-30").days
        182

        Raises
        ------
        InvalidInputError
            With a French message giving the accepted forms.
        """
        raw = text.strip()
        try:
            if m := _PARSE_YEAR.match(raw):
                return cls.year(int(m.group(1)))
            if m := _PARSE_QUARTER.match(raw):
                return cls.quarter(int(m.group(1)), int(m.group(2)))
            if m := _PARSE_MONTH.match(raw):
                return cls.month(int(m.group(1)), int(m.group(2)))
            if m := _PARSE_RANGE.match(raw):
                return cls.between(m.group(1), m.group(2))
        except (InvalidInputError, ValueError) as exc:
            raise InvalidInputError(f"période « {text} » invalide : {exc}") from exc
        raise InvalidInputError(
            f"période « {text} » illisible ; formes acceptées : 2024, 2024-T2, 2024-Q2, 2024-03, 2024-01-01..2024-06-30"
        )

    # -- queries ---------------------------------------------------------------------------------
    @property
    def at(self) -> pendulum.Date:
        """Reference date of stock indicators (the last day)."""
        return self.end

    @property
    def days(self) -> int:
        """Number of days in the period (both ends included)."""
        return (self.end - self.start).in_days() + 1

    def contains(self, day: dt.date) -> bool:
        """True when ``day`` (a local date; datetimes are converted to Paris time) is in the period."""
        return self.start <= _to_date(day) <= self.end

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.contains(day)

    def overlap_days(self, start: dt.date, end: dt.date) -> int:
        """Number of days of ``[start, end]`` inside the period (0 when disjoint)."""
        lo = max(self.start, _to_date(start))
        hi = min(self.end, _to_date(end))
        return max(0, (hi - lo).in_days() + 1) if hi >= lo else 0

    @property
    def kind(self) -> str:
        """``"year"``, ``"quarter"``, ``"month"`` or ``"span"``."""
        s, e = self.start, self.end
        if s.day == 1 and s.month == 1 and e == pendulum.Date(s.year, 12, 31):
            return "year"
        if s.day == 1 and e == s.add(months=3).subtract(days=1) and s.month in (1, 4, 7, 10):
            return "quarter"
        if s.day == 1 and e == s.add(months=1).subtract(days=1):
            return "month"
        return "span"

    @property
    def label(self) -> str:
        """French label: ``2024``, ``T2 2024``, ``mars 2024`` or ``du 01/01/2024 au 30/06/2024``."""
        kind = self.kind
        if kind == "year":
            return str(self.start.year)
        if kind == "quarter":
            return f"T{(self.start.month - 1) // 3 + 1} {self.start.year}"
        if kind == "month":
            return f"{_MONTHS_FR[self.start.month - 1]} {self.start.year}"
        return f"du {self.start.format('DD/MM/YYYY')} au {self.end.format('DD/MM/YYYY')}"

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    # -- splitting -------------------------------------------------------------------------------
    def months(self) -> Iterator[Period]:
        """The calendar months overlapping the period, each clipped to it."""
        return self._split(1)

    def quarters(self) -> Iterator[Period]:
        """The calendar quarters overlapping the period, each clipped to it."""
        return self._split(3)

    def years(self) -> Iterator[Period]:
        """The calendar years overlapping the period, each clipped to it."""
        return self._split(12)

    def _split(self, step: int) -> Iterator[Period]:
        first_month = ((self.start.month - 1) // step) * step + 1
        cursor = pendulum.Date(self.start.year, first_month, 1)
        while cursor <= self.end:
            nxt = cursor.add(months=step)
            yield Period(start=max(cursor, self.start), end=min(nxt.subtract(days=1), self.end))
            cursor = nxt

"""Validators and converters of the record fields: each raises :class:`~afnor_ctin.errors.InvalidInputError`.

The messages name the field and the value (:func:`afnor_ctin.rules.invalid_value`); the native
reader renames the field after its column.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any

import attrs

from afnor_ctin.columns import codes
from afnor_ctin.errors import InvalidInputError
from afnor_ctin.model.enums import Certification, Service
from afnor_ctin.rules import field_subject, invalid_value

__all__ = [
    "DATE",
    "INSEE_PATTERN",
    "OPT_DATE",
    "OPT_INT",
    "OPT_NUM",
    "OPT_STR",
    "QPV_PATTERN",
    "SIRET_PATTERN",
    "STR",
    "certifications_in_order",
    "dict_copy",
    "fail",
    "identifiers",
    "insee",
    "insee_tuple",
    "instance",
    "members_of",
    "non_empty",
    "non_negative",
    "normalize_insee",
    "optional_instance",
    "services_in_order",
    "tuple_copy",
]

INSEE_PATTERN = re.compile(r"^(?:[013-9]\d|2[AB1-9])\d{3}$")
QPV_PATTERN = re.compile(r"^Q[NP][0-9A-Z]{6}$")
SIRET_PATTERN = re.compile(r"^(?:\d{14}|W\d{9})$")


def normalize_insee(code: str) -> str:
    """Map Paris, Lyon and Marseille arrondissement codes to their commune's code.

    >>> normalize_insee("75112"), normalize_insee("69383"), normalize_insee("13208"), normalize_insee("17300")
    ('75056', '69123', '13055', '17300')
    """
    if len(code) == 5:
        if code.startswith("751") and "75101" <= code <= "75120":
            return "75056"
        if code.startswith("6938") and "69381" <= code <= "69389":
            return "69123"
        if code.startswith("132") and "13201" <= code <= "13216":
            return "13055"
    return code


def fail(field: str, value: object, why: str) -> InvalidInputError:
    """The error of a field whose value breaks a rule (message from :func:`afnor_ctin.rules.invalid_value`)."""
    return InvalidInputError(invalid_value(field_subject(field), value, why))


def insee(_: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None and not INSEE_PATTERN.match(value):
        raise fail(attribute.name, value, "code INSEE attendu, 5 caractères comme 17300 ou 2A004")


def insee_tuple(_: Any, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for code in value:
        if not INSEE_PATTERN.match(code):
            raise fail(attribute.name, code, "code INSEE attendu, 5 caractères comme 17300 ou 2A004")


def non_empty(_: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value or not value.strip():
        raise fail(attribute.name, value, "valeur obligatoire vide")


def non_negative(_: Any, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is None:
        return
    if isinstance(value, float) and not math.isfinite(value):
        raise fail(attribute.name, value, "nombre fini attendu")
    if value < 0:
        raise fail(attribute.name, value, "nombre positif ou nul attendu")


def instance(kind: type | tuple[type, ...], what: str) -> Any:
    def check(_: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in as_tuple(kind)):
            raise fail(attribute.name, value, f"{what} attendu")

    return check


def as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def optional_instance(kind: type | tuple[type, ...], what: str) -> Any:
    inner = instance(kind, what)

    def check(obj: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            inner(obj, attribute, value)

    return check


def members_of(kind: type) -> Any:
    def check(_: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        if not isinstance(value, tuple):
            raise fail(attribute.name, value, "tuple attendu")
        for item in value:
            if not isinstance(item, kind):
                raise fail(attribute.name, item, f"{kind.__name__} attendu")
        if len(set(value)) != len(value):
            raise fail(attribute.name, "|".join(map(str, value)), "valeur répétée")

    return check


def tuple_copy(value: Iterable[Any]) -> tuple[Any, ...]:
    """Converter of a tuple field: any iterable of records, frozen into a tuple in its order."""
    return tuple(value)


def dict_copy(value: Mapping[str, Any]) -> dict[str, Any]:
    """Converter of a mapping field: a copy, so that the caller's mapping can change without effect."""
    return dict(value)


def _in_code_order(value: Any, kind: type[Enum]) -> Any:
    """A set of ``kind`` members in code order (the columns keep a bit mask); anything else as it is."""
    if isinstance(value, tuple) and all(isinstance(item, kind) for item in value):
        return tuple(sorted(value, key=codes.of))
    return value


def services_in_order(value: Any) -> Any:
    """Converter of :attr:`Place.services <afnor_ctin.model.Place.services>`: a set, kept in code order."""
    return _in_code_order(value, Service)


def certifications_in_order(value: Any) -> Any:
    """Converter of :attr:`Mediator.certifications <afnor_ctin.model.Mediator.certifications>`: a set, in code order."""
    return _in_code_order(value, Certification)


def identifiers(_: Any, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    if not isinstance(value, tuple):
        raise fail(attribute.name, value, "tuple d'identifiants attendu")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise fail(attribute.name, item, "identifiant non vide attendu")
    if len(set(value)) != len(value):
        raise fail(attribute.name, "|".join(value), "identifiant répété")


STR = instance(str, "texte")
OPT_STR = optional_instance(str, "texte")
DATE = instance(dt.date, "date")
OPT_DATE = optional_instance(dt.date, "date")
OPT_INT = optional_instance(int, "entier")
OPT_NUM = optional_instance((int, float), "nombre")

"""The cattrs converter between records and plain dictionaries keyed by the native column names.

Dates become ISO strings (``AAAA-MM-JJ``), enumerations their slug, multi-valued attributes lists;
keys are the French column names of :mod:`afnor_ctin.io.schema`. The writers of the native format
(CSV, XLSX, JSON) all go through :func:`unstructure_record`; :func:`structure_record` is its inverse.

>>> from afnor_ctin.model import Participation
>>> unstructure_record(Participation(action_id="A1", beneficiary_id="B1"))
{'action_id': 'A1', 'beneficiaire_id': 'B1'}
>>> structure_record({"action_id": "A1", "beneficiaire_id": "B1"}, Participation)
Participation(action_id='A1', beneficiary_id='B1')
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any, TypeVar

import attrs
import cattrs
import pendulum
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from afnor_ctin.entities import ENTITIES
from afnor_ctin.io.schema import SCHEMAS
from afnor_ctin.model.enums import LabelledEnum
from afnor_ctin.model.records import Commune, Qpv, Territory
from afnor_ctin.period import to_local_date

__all__ = ["RECORD_FILES", "converter", "structure_record", "unstructure_record"]

R = TypeVar("R")

#: The native file of each record class (the territory's own row is ``territoire``).
RECORD_FILES: dict[type, str] = {
    Territory: "territoire",
    Commune: "communes",
    Qpv: "qpv",
    **{entity.record: entity.name for entity in ENTITIES},
}


def _structure_date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.datetime | str):
        day = to_local_date(value)
        return dt.date(day.year, day.month, day.day)
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    raise TypeError(f"date attendue, reçu « {value!r} »")


@cache
def converter() -> cattrs.Converter:
    """The shared converter (built once): date, pendulum and enum hooks, French keys.

    Territory dictionaries hold only the ``territoire`` columns; communes and QPVs are separate.
    """
    conv = cattrs.Converter()
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_unstructure_hook(pendulum.Date, dt.date.isoformat)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_structure_hook(pendulum.Date, lambda v, t: to_local_date(_structure_date(v, t)))
    conv.register_unstructure_hook(LabelledEnum, lambda member: member.value)
    conv.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, LabelledEnum), lambda value, kind: kind.parse(value)
    )
    for cls, name in RECORD_FILES.items():
        schema = SCHEMAS[name]
        overrides: dict[str, Any] = {}
        for field in attrs.fields(cls):
            column = schema.column_for(field.name)
            overrides[field.name] = override(omit=True) if column is None else override(rename=column.name)
        conv.register_unstructure_hook(cls, make_dict_unstructure_fn(cls, conv, **overrides))
        if cls is not Territory:
            conv.register_structure_hook(cls, make_dict_structure_fn(cls, conv, **overrides))
    return conv


def unstructure_record(record: Any) -> dict[str, Any]:
    """A record as a dictionary keyed by its native column names (``None`` for empty cells)."""
    result: dict[str, Any] = converter().unstructure(record)
    return result


def structure_record(data: dict[str, Any], cls: type[R]) -> R:
    """Build a record of class ``cls`` from a dictionary keyed by native column names.

    Raises
    ------
    cattrs.BaseValidationError
        When a value cannot be converted or breaks an invariant of the record.
    """
    return converter().structure(data, cls)

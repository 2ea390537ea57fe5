"""Table Schemas (frictionless specification) of the native CSV files.

One schema per file of :data:`afnor_ctin.io.schema.FILES`, generated from that table so that it
cannot drift: fields with a type (``string``, ``integer``, ``number``, ``date``, ``boolean``), a
French title and description, constraints (``required``, ``enum`` with the slugs, ``pattern`` for
INSEE, QPV and SIRET codes and for multi-valued cells, ``minimum``), ``missingValues``,
``primaryKey`` and ``foreignKeys``.

The schemas describe the canonical form written by :func:`afnor_ctin.io.native.write_dataset`
(slugs, ISO dates, ``oui``/``non``, decimal point). The readers of the library are more lenient
(French labels, ``JJ/MM/AAAA`` dates, decimal comma): a file valid against its schema is always
read, not the other way round.

The same schemas are shipped as JSON files in the package (``afnor_ctin/io/tableschema/*.json``):

>>> table_schema("participations")["primaryKey"]
['action_id', 'beneficiaire_id']
>>> shipped_schema("actions") == table_schema("actions")
True
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

from afnor_ctin.io.schema import SCHEMAS, ColumnSchema, FileSchema
from afnor_ctin.model.records import INSEE_PATTERN, QPV_PATTERN, SIRET_PATTERN

__all__ = ["PROFILE", "schema_names", "shipped_schema", "table_schema", "to_json"]

#: Profile URL of the Table Schema specification the schemas follow.
PROFILE = "tableschema"

_TYPES = {"str": "string", "id": "string", "int": "integer", "dec": "number", "date": "date", "bool": "boolean"}

_FORMATS = {"insee": INSEE_PATTERN, "qpv": QPV_PATTERN, "siret": SIRET_PATTERN}


#: Primary keys of the territory files; the others come from :data:`afnor_ctin.entities.ENTITIES`.
_TERRITORY_KEYS: dict[str, list[str]] = {"territoire": ["code"], "communes": ["code_insee"], "qpv": ["code_qpv"]}


def _primary_key(file: FileSchema) -> list[str]:
    entity = file.entity
    if entity is None:
        return _TERRITORY_KEYS[file.name]
    if entity.id_column is not None:
        return [entity.id_column]
    return [ref.column for ref in entity.references]


def _body(pattern: re.Pattern[str]) -> str:
    """The pattern without its anchors."""
    return pattern.pattern.removeprefix("^").removesuffix("$")


def _field(column: ColumnSchema) -> dict[str, Any]:
    base = column.base_type
    field: dict[str, Any] = {
        "name": column.name,
        "type": "string" if base == "enum" or column.multi else _TYPES[base],
        "title": column.name.replace("_", " ").capitalize(),
        "description": column.description,
    }
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    item: str | None = None
    if column.enum is not None:
        slugs = [str(member) for member in column.enum]
        if column.multi:
            item = "(?:" + "|".join(re.escape(s) for s in slugs) + ")"
        else:
            constraints["enum"] = slugs
    elif column.format is not None:
        item = "(?:" + _body(_FORMATS[column.format]) + ")"
    if item is not None:
        constraints["pattern"] = f"{item}(?:\\|{item})*" if column.multi else item[3:-1]
    elif column.multi:
        constraints["pattern"] = "[^|]+(?:\\|[^|]+)*"
    if base in ("int", "dec") and not column.multi:
        constraints["minimum"] = 0
    if base == "bool":
        field["trueValues"] = ["oui", "vrai", "true", "1"]
        field["falseValues"] = ["non", "faux", "false", "0"]
    if base == "date":
        field["format"] = "%Y-%m-%d"
    if column.multi:
        field["description"] += " (valeurs multiples séparées par « | »)"
    if constraints:
        field["constraints"] = constraints
    return field


def _schema(file: FileSchema) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
        "profile": PROFILE,
        "name": file.name,
        "title": file.filename,
        "description": file.description,
        "fields": [_field(c) for c in file.columns],
        "missingValues": [""],
        "primaryKey": _primary_key(file),
    }
    references = file.entity.references if file.entity is not None else ()
    foreign = [
        {"fields": ref.column, "reference": {"resource": ref.target, "fields": "id"}}
        for ref in references
        if not ref.multi
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def schema_names() -> tuple[str, ...]:
    """Names of the files that have a schema (every file of the native format), in format order."""
    return tuple(SCHEMAS)


def table_schema(name: str) -> dict[str, Any]:
    """The Table Schema of one native CSV file, generated from :mod:`afnor_ctin.io.schema`.

    Parameters
    ----------
    name:
        File name with or without ``.csv`` (``"actions"``, ``"actions.csv"``).

    Returns
    -------
    dict
        A JSON-serialisable Table Schema.

    Raises
    ------
    afnor_ctin.errors.UnknownCodeError
        When the native format has no such file.
    """
    from afnor_ctin.errors import UnknownCodeError

    key = name.strip().removesuffix(".csv")
    if key not in SCHEMAS:
        known = ", ".join(SCHEMAS)
        raise UnknownCodeError(f"fichier « {name} » inconnu du format natif ; fichiers : {known}")
    return _schema(SCHEMAS[key])


def to_json(schema: dict[str, Any]) -> str:
    """The JSON text of a schema as shipped (UTF-8, indented, final newline)."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def shipped_schema(name: str) -> dict[str, Any]:
    """The Table Schema of one native CSV file, read from the JSON file shipped in the package."""
    table_schema(name)  # validates the name
    key = name.strip().removesuffix(".csv")
    text = resources.files("afnor_ctin.io").joinpath("tableschema", f"{key}.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded

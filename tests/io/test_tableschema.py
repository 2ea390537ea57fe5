"""Table Schemas of the native CSV files: shipped = generated, well-formed, complete, and valid data."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from afnor_ctin import UnknownCodeError
from afnor_ctin.io.schema import FILES, SCHEMAS
from afnor_ctin.io.tableschema import schema_names, shipped_schema, table_schema, to_json

SHIPPED = Path(__file__).resolve().parents[2] / "src" / "afnor_ctin" / "io" / "tableschema"

#: The structure of a Table Schema (frictionless specification), as a JSON Schema.
TABLE_SCHEMA_JSON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["fields"],
    "properties": {
        "fields": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name", "type"],
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "type": {"enum": ["string", "integer", "number", "date", "boolean"]},
                    "title": {"type": "string"},
                    "description": {"type": "string"},
                    "format": {"type": "string"},
                    "trueValues": {"type": "array", "items": {"type": "string"}},
                    "falseValues": {"type": "array", "items": {"type": "string"}},
                    "constraints": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {
                            "required": {"type": "boolean"},
                            "enum": {"type": "array", "minItems": 1, "uniqueItems": True},
                            "pattern": {"type": "string"},
                            "minimum": {"type": "number"},
                        },
                    },
                },
            },
        },
        "missingValues": {"type": "array", "items": {"type": "string"}},
        "primaryKey": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "foreignKeys": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["fields", "reference"],
                "properties": {
                    "fields": {"type": "string"},
                    "reference": {
                        "type": "object",
                        "required": ["resource", "fields"],
                        "properties": {"resource": {"type": "string"}, "fields": {"type": "string"}},
                    },
                },
            },
        },
    },
}


def test_one_shipped_file_per_native_file_equal_to_the_generated_schema() -> None:
    assert sorted(p.stem for p in SHIPPED.glob("*.json")) == sorted(f.name for f in FILES)
    for name in schema_names():
        text = (SHIPPED / f"{name}.json").read_text(encoding="utf-8")
        assert text == to_json(table_schema(name)), f"{name}.json : lancer python scripts/gen_docs.py --tableschema"
        assert shipped_schema(name) == json.loads(text)


@pytest.mark.parametrize("name", [f.name for f in FILES])
def test_schema_is_valid_and_describes_every_column(name: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = table_schema(name)
    jsonschema.validate(schema, TABLE_SCHEMA_JSON_SCHEMA)
    file = SCHEMAS[name]
    fields = {f["name"]: f for f in schema["fields"]}
    assert list(fields) == list(file.column_names)
    for column in file.columns:
        field = fields[column.name]
        assert field["description"].startswith(column.description)
        assert field.get("constraints", {}).get("required", False) is column.required
        if column.enum is not None and not column.multi:
            assert field["constraints"]["enum"] == [str(m) for m in column.enum]
        for pattern in [field.get("constraints", {}).get("pattern")]:
            if pattern is not None:
                re.compile(pattern)
    for key in schema["primaryKey"]:
        assert key in fields
    for fk in schema.get("foreignKeys", []):
        assert fk["fields"] in fields
        assert fk["reference"]["resource"] in SCHEMAS


def test_patterns_accept_codes_and_multi_values_and_reject_garbage() -> None:
    def pattern(file: str, column: str) -> re.Pattern[str]:
        field = next(f for f in table_schema(file)["fields"] if f["name"] == column)
        return re.compile(field["constraints"]["pattern"])

    insee = pattern("lieux", "code_insee")
    assert insee.fullmatch("17300")
    assert insee.fullmatch("2A004")
    assert not insee.fullmatch("1730")
    served = pattern("lieux", "communes_desservies")
    assert served.fullmatch("17300|17028")
    assert not served.fullmatch("17300|")
    themes = pattern("actions", "thematiques")
    first = next(iter(SCHEMAS["actions"].column("thematiques").enum or ()))
    assert themes.fullmatch(f"{first}|{first}")
    assert not themes.fullmatch("pas_une_thematique")


def test_unknown_file_name() -> None:
    assert table_schema("actions.csv") == table_schema("actions")
    with pytest.raises(UnknownCodeError, match="inconnu"):
        table_schema("personnes")


@pytest.mark.slow
def test_bundled_example_is_valid_against_the_schemas(tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    from afnor_ctin import write_dataset
    from afnor_ctin.examples import load_example

    folder = tmp_path / "exemple"
    write_dataset(load_example("la-rochelle"), folder)
    resources = []
    for name in schema_names():
        path = folder / f"{name}.csv"
        assert path.exists()
        resources.append(
            frictionless.Resource(
                name=name,
                path=path.name,
                basepath=str(folder),
                schema=frictionless.Schema.from_descriptor(table_schema(name)),
            )
        )
    report = frictionless.Package(resources=resources).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]

    bad = folder / "actions.csv"
    lines = bad.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("type")] = "pas_un_type"
    bad.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    alone = {k: v for k, v in table_schema("actions").items() if k != "foreignKeys"}  # no package around it
    resource = frictionless.Resource(
        path=bad.name, basepath=str(folder), schema=frictionless.Schema.from_descriptor(alone)
    )
    errors = resource.validate().flatten(["rowNumber", "fieldName", "type"])
    assert errors == [[2, "type", "constraint-error"]]

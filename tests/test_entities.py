"""The one table of the seven entities agrees with the records, the columns and the format schema."""

from __future__ import annotations

from pathlib import Path

import attrs
import openpyxl
import pytest

from afnor_ctin.columns import Columns, column_names
from afnor_ctin.dataset import Dataset
from afnor_ctin.entities import ENTITIES, ENTITY, Records
from afnor_ctin.integrity import check_integrity
from afnor_ctin.io.convert import RECORD_FILES
from afnor_ctin.io.parquet import TABLES
from afnor_ctin.io.schema import FILES, SCHEMAS
from afnor_ctin.io.template import write_template
from afnor_ctin.model import Actor, ActorType
from afnor_ctin.testing.examples import worked_example_territory


def test_entities_are_in_dependency_order() -> None:
    seen: set[str] = set()
    for entity in ENTITIES:
        assert {ref.target for ref in entity.references} <= seen, entity.name
        seen.add(entity.name)


def test_each_entity_matches_its_record_class_column_table_and_file() -> None:
    columns = {f.name for f in attrs.fields(Columns)}
    for entity in ENTITIES:
        record_fields = {f.name for f in attrs.fields(entity.record)}
        table_fields = set(column_names(entity.table))
        schema = SCHEMAS[entity.name]
        assert schema.entity is entity
        assert entity.attribute in columns
        assert hasattr(Dataset, entity.attribute)
        if entity.id_column is not None:
            assert schema.column(entity.id_column).attribute == "id"
            assert "id" in record_fields
            assert "ids" in table_fields
        for ref in entity.references:
            assert schema.column(ref.column).attribute == ref.attribute
            assert ref.attribute in record_fields
            assert ref.field in table_fields
            assert schema.column(ref.column).multi is ref.multi
            assert schema.column(ref.column).required is not ref.optional or ref.multi


def test_the_record_keywords_are_the_entity_attributes_in_order() -> None:
    assert list(Records.__annotations__) == [e.attribute for e in ENTITIES]


def test_a_keyword_that_names_no_entity_is_rejected() -> None:
    actor = Actor(id="ACT1", name="CCAS", type=ActorType.CCAS, code_insee="99001")
    with pytest.raises(TypeError, match="Dataset\\(\\) : argument inconnu « actor »"):
        Dataset(worked_example_territory(), actor=[actor])  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="check_integrity\\(\\) : argument inconnu « acteurs »"):
        check_integrity(acteurs=[actor])  # type: ignore[call-arg]
    kept = check_integrity(actors=[actor, actor])
    assert kept.actors == (actor,)
    assert [r.entity for r in kept.rejections] == ["acteurs"]


def test_the_format_the_converter_and_the_parquet_cache_use_the_entities() -> None:
    assert [f.name for f in FILES if f.entity is not None] == [e.name for e in ENTITIES]
    assert [f.name for f in FILES if f.entity is None] == ["territoire", "communes", "qpv"]
    assert {e.record: e.name for e in ENTITIES}.items() <= RECORD_FILES.items()
    assert {e.name: (e.attribute, e.table) for e in ENTITIES}.items() <= TABLES.items()
    assert ENTITY["participations"].id_column is None


def test_template_instructions_name_the_file_a_column_refers_to(tmp_path: Path) -> None:
    path = tmp_path / "modele.xlsx"
    write_template(path)
    rows = list(openpyxl.load_workbook(path)["Instructions"].iter_rows(values_only=True))
    types = {row[1]: row[3] for row in rows if row and row[1]}
    assert types["acteurs_participants"] == (
        "identifiant (texte) d'une ligne de la feuille acteurs ; plusieurs valeurs séparées par « | »"
    )
    assert types["beneficiaire_id"] == "identifiant (texte) d'une ligne de la feuille beneficiaires"

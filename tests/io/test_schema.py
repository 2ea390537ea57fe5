"""The native format's tables, read from the bundled data file."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from afnor_ctin.entities import ENTITY
from afnor_ctin.io import schema
from afnor_ctin.model import enums

TEXT = resources.files("afnor_ctin").joinpath("data", schema.FORMAT_FILE).read_text(encoding="utf-8")


def test_the_bundled_file_describes_the_territory_files_then_every_entity_in_order() -> None:
    names = [f.name for f in schema.FILES]
    assert names[:3] == ["territoire", "communes", "qpv"]
    assert names[3:] == list(ENTITY)
    assert schema.SCHEMAS["territoire"].required
    assert not any(f.required for f in schema.FILES[1:])


def test_columns_read_from_the_file_keep_their_types_enumerations_and_examples() -> None:
    actions = schema.SCHEMAS["actions"]
    assert actions.column("type").enum is enums.ActionType
    assert actions.column("thematiques").multi
    assert actions.column("thematiques").enum is enums.Thematique
    assert actions.column("code_insee").format == "insee"
    assert actions.column("duree_min").attribute == "duration_min"
    assert actions.column("id").attribute == "id"  # the attribute defaults to the column name
    assert actions.required_columns == ("id", "type", "date", "acteur_id")
    assert len(actions.example) == len(actions.columns)
    assert actions.example[2] == "12/03/2024"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('type = "enum|"', 'type = "liste"', 1), "mal décrite"),
        (lambda t: t.replace('enumeration = "Service"', 'enumeration = "Couleur"', 1), "n'est pas une énumération"),
        (
            lambda t: t.replace('enumeration = "Service"', 'enumeration = "normalize_label"', 1),
            "n'est pas une énumération",
        ),
        (lambda t: t.replace('exemple = "17300"', 'exempel = "17300"', 1), "mal décrite"),
        (lambda t: re.sub(r'(nom = "communes"\n)', r'\1couleur = "bleu"\n', t, count=1), "clés inconnues"),
        (lambda t: re.sub(r'(nom = "communes"\n)description = [^\n]*\n', r"\1", t, count=1), "clés manquantes"),
        (lambda t: t.replace('nom = "population"\n', "", 1), "mal décrite"),
    ],
)
def test_a_malformed_description_names_the_file_and_the_entry(edit: object, message: str) -> None:
    text = edit(TEXT)  # type: ignore[operator]
    assert text != TEXT
    with pytest.raises(ValueError, match=message) as raised:
        schema._files(text)
    assert schema.FORMAT_FILE in str(raised.value)

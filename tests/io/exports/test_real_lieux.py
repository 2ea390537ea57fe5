"""The lieux standard on real files: generation from the vocabulary, v0 → v1 services, forced generation."""

import json

import pytest
from real_exports import DATA, accounted, raw_json

from afnor_ctin.errors import Severity, UnknownCodeError
from afnor_ctin.io.exports import import_files, read_export
from afnor_ctin.io.exports.lieux_vocabulary import SERVICES_V0, V0_VOCABULARIES, V1_VOCABULARIES
from afnor_ctin.io.native import read_dataset
from afnor_ctin.model.enums import Service, normalize_label
from afnor_ctin.model.records import normalize_insee

PACA = "lieux-paca-2023-{}.json"
HINAURA = "lieux-hinaura-2022-v0.json"


@pytest.mark.parametrize(
    ("name", "generation", "rows"),
    [(PACA.format("v0"), "v0-json", 646), (PACA.format("v1"), "v1-json", 646), (HINAURA, "v0-json", 687)],
)
def test_generation_from_vocabulary_and_accounting(real_file, name, generation, rows):
    path = real_file(name)
    raw = raw_json(path)
    assert len(raw) == rows == len({r["id"] for r in raw})
    reading = read_export(path)
    assert (reading.format, reading.generation) == ("lieux", generation)
    accounted(reading)
    (count,) = reading.files
    assert count.read == rows
    assert count.merged == 0
    # every row finds its commune (test_real_communes checks which one)
    assert [i for i in reading.issues if i.severity is Severity.ERROR] == []
    assert count.rejected == 0
    assert len(reading.places) == count.imported == rows


def test_v1_file_keeps_v0_keys_but_is_read_as_v1(real_file):
    raw = raw_json(real_file(PACA.format("v1")))
    assert any("labels_nationaux" in r and "publics_accueillis" in r for r in raw)  # v0 keys in a v1 file
    reading = read_export(real_file(PACA.format("v1")))
    assert reading.generation == "v1-json"
    assert "v1" in reading.description


def test_every_v0_service_label_is_recognised_and_mapped(real_file):
    path = real_file(PACA.format("v0"))
    raw = {r["id"]: r for r in raw_json(path)}
    mentions = [s for r in raw.values() for s in r["services"].split(";")]
    assert len(mentions) == 2170  # fact of the real files' README
    reading = read_export(path)
    assert not reading.unmapped
    for place in reading.places:
        expected = {Service(SERVICES_V0[s]) for s in raw[place.id]["services"].split(";")}
        assert set(place.services) == expected


def test_v0_and_v1_readings_of_the_same_places_agree(real_file):
    """The ANCT's own v1 conversion of the PACA file agrees with the v0 → v1 map, but for one v0 service it dropped."""
    v0_raw = {r["id"]: r for r in raw_json(real_file(PACA.format("v0")))}
    v1_raw = raw_json(real_file(PACA.format("v1")))
    assert sum(len(r["services"].split("|")) for r in v1_raw) == 1364
    v0 = {p.id: p for p in read_export(real_file(PACA.format("v0"))).places}
    v1 = {p.id: p for p in read_export(real_file(PACA.format("v1"))).places}
    assert set(v0) == set(v1)
    differing = {pid for pid in v0 if set(v0[pid].services) != set(v1[pid].services)}
    citizenship = {pid for pid in v0 if "Promouvoir la citoyenneté numérique" in v0_raw[pid]["services"]}
    assert differing <= citizenship
    for pid in differing:
        assert set(v0[pid].services) - set(v1[pid].services) == {Service.COMPREHENSION_DU_MONDE_NUMERIQUE}


def test_given_insee_codes_are_kept_and_epoch_dates_ignored(real_file):
    path = real_file(PACA.format("v0"))
    raw = {r["id"]: r for r in raw_json(path)}
    places = {p.id: p for p in read_export(path).places}
    with_code = [pid for pid, r in raw.items() if r.get("code_insee")]
    assert len(with_code) == 17
    for pid in with_code:
        assert places[pid].code_insee == normalize_insee(raw[pid]["code_insee"])
    epoch = [pid for pid, r in raw.items() if r["date_maj"] == "1970-01-01"]
    assert len(epoch) == 99
    assert all(places[pid].updated_on is None for pid in epoch if pid in places)
    assert all(p.updated_on is not None for pid, p in places.items() if pid not in epoch)


def test_forced_generation(real_file):
    reading = read_export(real_file(PACA.format("v1")), generation="v0")
    assert reading.generation == "v0-json"
    assert reading.issues[0].code == "generation_forcee"
    assert read_export(real_file(PACA.format("v0")), format="lieux", generation="v1-json").generation == "v1-json"
    with pytest.raises(UnknownCodeError, match="génération « v7 » inconnue"):
        read_export(real_file(PACA.format("v0")), generation="v7")
    with pytest.raises(UnknownCodeError, match="pour le format « lieux »"):
        read_export(real_file(PACA.format("v0")), format="lieux", generation="services-v0")


def test_generation_fixed_by_the_file_cannot_be_forced_to_another():
    reading = read_export(DATA / "coop_accompagnements.xlsx", generation="activites-2024-09")
    assert reading.files[0].read == 0
    assert reading.issues[0].code == "fichier_illisible"
    assert "incompatible" in reading.issues[0].message


def test_identifiers_with_the_list_separator_are_kept_whole(tmp_path):
    reading = read_export(DATA / "lieux_v1_ids_pipe.csv")
    assert {p.id for p in reading.places} == {"hub|17|0001", "hub|17|0002"}
    result = import_files([DATA / "lieux_v1_ids_pipe.csv"], into=tmp_path / "jeu")
    dataset, _ = read_dataset(tmp_path / "jeu")
    assert {p.id for p in dataset.places} == {"hub|17|0001", "hub|17|0002"}
    assert {p.id for p in result.dataset.places} == {"hub|17|0001", "hub|17|0002"}


def test_vocabularies_are_the_schemas_enumerations():
    schemas = DATA / "schemas"
    for name, vocabularies in (("lieux-v0.1.1", V0_VOCABULARIES), ("lieux-v1.0.2", V1_VOCABULARIES)):
        schema = json.loads((schemas / f"{name}.schema.json").read_text(encoding="utf-8"))
        fields = {f["name"]: f for f in schema["fields"]}
        for field, values in vocabularies.items():
            pattern = fields[field]["constraints"]["pattern"]
            for value in values:
                escaped = value.replace("+", "\\+").replace("(", "\\(").replace(")", "\\)").replace(".", "\\.")
                assert escaped in pattern or value in pattern, (field, value)
            assert pattern.count("|") - pattern.count("\\|") >= len(values), field
    assert {normalize_label(v) for v in SERVICES_V0} == {normalize_label(v) for v in V0_VOCABULARIES["services"]}
    assert {Service(s).label for s in SERVICES_V0.values()} <= set(V1_VOCABULARIES["services"])

"""data·inclusion services on the real 2022 file: services, never actors; attached to their structures."""

from real_exports import DATA, accounted, raw_json

from afnor_ctin.errors import Severity
from afnor_ctin.io.exports import import_files, read_export
from afnor_ctin.model.enums import Service

SERVICES = "data-inclusion-services-2022.json"
STRUCTURES = DATA / "data_inclusion_structures_services.json"


def _digital(row) -> bool:
    return any(t.startswith("numerique") for t in row["thematiques"]) or "numerique" in (row["types"] or [])


def test_services_file_alone_creates_no_actor_and_says_the_structures_file_is_needed(real_file):
    raw = raw_json(real_file(SERVICES))
    assert len(raw) == 4261
    assert len({r["structure_id"] for r in raw}) == 1303
    assert sum(1 for r in raw if any(t.startswith("numerique") for t in r["thematiques"])) == 262
    digital = sum(1 for r in raw if _digital(r))
    reading = read_export(real_file(SERVICES))
    assert (reading.format, reading.generation) == ("data_inclusion", "services-v0")
    assert not reading.actors
    assert not reading.places
    accounted(reading)
    (count,) = reading.files
    assert (count.read, count.imported, count.rejected) == (4261, digital, 4261 - digital)
    assert len(reading.service_offers) == digital
    (needed,) = [i for i in reading.issues if i.code == "services_sans_structures"]
    assert needed.severity is Severity.ERROR
    assert "fichier des structures" in needed.message
    outside = [i for i in reading.issues if i.code == "hors_champ"]
    assert len(outside) == 4261 - digital
    assert all(i.severity is Severity.INFO and i.line for i in outside)


def test_import_without_structures_rejects_every_service_with_its_cause(real_file):
    result = import_files([real_file(SERVICES)], territory="241700434")
    assert not result.dataset.actors
    (count,) = result.files
    assert count.imported == count.merged == 0
    assert count.rejected == count.read == 4261
    unknown = [i for i in result.issues if i.code == "structure_inconnue"]
    assert len(unknown) == sum(1 for r in raw_json(real_file(SERVICES)) if _digital(r))
    assert sum(1 for i in result.issues if i.code == "services_sans_structures") == 1


def test_services_attached_to_their_structures_places(real_file):
    raw = raw_json(real_file(SERVICES))
    result = import_files([STRUCTURES, real_file(SERVICES)])
    assert result.territory.code == "241700434"
    places = {p.id: p for p in result.dataset.places}
    # « Initiation informatique » and « Accompagnement démarches en ligne » of structure 0154f912…
    assert set(places["di-0154f912-8aeb-4b74-9f7e-3905c25c1d78"].services) == {
        Service.AIDE_AUX_DEMARCHES_ADMINISTRATIVES,
        Service.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN,
        Service.COMPREHENSION_DU_MONDE_NUMERIQUE,
        Service.INSERTION_PROFESSIONNELLE_VIA_LE_NUMERIQUE,
        Service.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE,
        Service.LOISIRS_ET_CREATIONS_NUMERIQUES,
    }
    assert places["di-010c714a-71ce-44aa-a8bf-45d63ae4d1e8"].services  # its « FRANCE SERVICES » service
    counts = {f.file: f for f in result.files}
    services = counts[SERVICES]
    located = {"0154f912-8aeb-4b74-9f7e-3905c25c1d78", "010c714a-71ce-44aa-a8bf-45d63ae4d1e8"}
    attached = [r for r in raw if _digital(r) and r["structure_id"] in located]
    assert services.merged == len(attached) == 3
    assert services.imported == 0
    assert services.read == services.merged + services.rejected
    # the third structure has no address: its digital service cannot be placed
    unknown = {i.value for i in result.issues if i.code == "structure_inconnue"}
    assert "04737d9e-695b-4d01-83c0-b95b4bcc2c5c" in unknown
    assert {a.id for a in result.dataset.actors} == {
        "siret-21170300400017",
        "di-0154f912-8aeb-4b74-9f7e-3905c25c1d78",
        "di-04737d9e-695b-4d01-83c0-b95b4bcc2c5c",
    }
    assert {m.merged for m in result.merges if m.rule == "structure_data_inclusion"} == {r["id"] for r in attached}

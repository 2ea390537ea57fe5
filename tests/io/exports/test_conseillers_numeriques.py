"""Structures employing conseillers numériques (CSV) and their permanences (JSON of the national cartography)."""

import datetime as dt

from real_exports import DATA, accounted

from afnor_ctin.errors import Severity
from afnor_ctin.io.exports import read_export
from afnor_ctin.model.enums import Funder, MediatorRole, Service


def test_structures_posts_and_estimated_fundings():
    reading = read_export(DATA / "conseillers_numeriques.csv")
    assert (reading.format, reading.generation) == ("conseillers_numeriques", "structures")
    accounted(reading)
    (count,) = reading.files
    assert (count.read, count.imported, count.merged, count.rejected) == (5, 4, 0, 1)
    (rejected,) = [i for i in reading.issues if i.severity is Severity.ERROR]
    assert (rejected.line, rejected.column) == (6, "Date de validation en comité de sélection")
    actors = {a.id: a for a in reading.actors}
    assert set(actors) == {"siret-21170300400017", "siret-77567227200345", "siret-20004071500011"}
    assert actors["siret-20004071500011"].code_insee == "01173"  # « 1173 »: leading zero lost
    assert len(reading.mediators) == 2 + 1 + 1 + 1
    assert {m.role for m in reading.mediators} == {MediatorRole.CONSEILLER_NUMERIQUE}
    rochelle = sorted(m.start_date for m in reading.mediators if m.actor_id == "siret-21170300400017")
    assert rochelle == [dt.date(2021, 4, 15), dt.date(2021, 4, 15), dt.date(2022, 2, 2)]
    assert all("Jeanne" not in m.id for m in reading.mediators)
    fundings = sorted(reading.fundings, key=lambda f: (f.actor_id, f.start_date))
    assert [(f.actor_id, f.amount_agreed, f.start_date, f.end_date) for f in fundings] == [
        ("siret-20004071500011", 50000.0, dt.date(2021, 5, 10), dt.date(2023, 5, 9)),
        ("siret-21170300400017", 100000.0, dt.date(2021, 4, 15), dt.date(2023, 4, 14)),
        ("siret-21170300400017", 50000.0, dt.date(2022, 2, 2), dt.date(2024, 2, 1)),
        ("siret-77567227200345", 70000.0, dt.date(2021, 6, 3), dt.date(2023, 6, 2)),
    ]
    assert {f.funder for f in fundings} == {Funder.ETAT_CONSEILLER_NUMERIQUE}
    assert all(len(f.mediator_ids) >= 1 for f in fundings)
    marked = {(a.id, a.kind) for a in reading.annotations}
    for f in fundings:
        assert (f.id, "montant_estime") in marked
        assert (f.id, "periode_estimee") in marked
    assert ("siret-20004071500011", "label_france_services") in marked
    assert any(i.code == "estimation" for i in reading.issues)


def test_permanences_json_of_the_national_cartography():
    reading = read_export(DATA / "permanences_cn.json")
    assert (reading.format, reading.generation) == ("conseillers_numeriques", "permanences")
    accounted(reading)
    places = {p.id: p for p in reading.places}
    assert set(places) == {"cnfs-permanence-62592a1d05457b0790816e01", "cnfs-permanence-62592a1d05457b0790816e02"}
    first = places["cnfs-permanence-62592a1d05457b0790816e01"]
    assert first.actor_id == "siret-21170300400017"
    assert first.code_insee == "17300"
    second = places["cnfs-permanence-62592a1d05457b0790816e02"]
    assert second.actor_id == "cnfs-structure-60994a7e838083d339a08e02"  # all-zero pivot: the structure
    assert second.code_insee == "17028"  # postal code as a JSON number
    assert set(second.services) == {  # « , »-joined v0 services
        Service.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE,
        Service.AIDE_AUX_DEMARCHES_ADMINISTRATIVES,
    }
    assert not reading.mediators  # aidants[] (names, e-mails, phones of people) is never read
    assert "Testeur" not in repr(reading)

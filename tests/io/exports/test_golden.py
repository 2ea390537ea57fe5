import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from afnor_ctin.errors import Severity
from afnor_ctin.io._xlsx import iter_sheet_rows
from afnor_ctin.io.exports import import_files, read_export
from afnor_ctin.model.enums import ActionType, ActorType, AgeBand, Channel, Service, Thematique

DATA = Path(__file__).parent / "data"


def _accounted(reading):
    for f in reading.files:
        assert f.read == f.imported + f.merged + f.rejected
        errors = [i for i in reading.issues if i.severity is Severity.ERROR and i.line is not None]
        assert len(errors) == f.rejected


@pytest.mark.parametrize(
    ("name", "fmt", "generation"),
    [
        ("lieux_v1.csv", "lieux", "v1-csv"),
        ("lieux_v0.csv", "lieux", "v0-csv"),
        ("lieux_v1.json", "lieux", "v1-json"),
        ("coop_accompagnements.xlsx", "coop", "accompagnements-2025"),
        ("coop_activites_2025-05.xlsx", "coop", "activites-2025-05"),
        ("coop_activites_2024-10.xlsx", "coop", "activites-2024-10"),
        ("coop_activites_2024-09.xlsx", "coop", "activites-2024-09"),
        ("coop_api_page1.json", "coop", "api"),
        ("cra_v1_dump.csv", "cra_v1", "csv"),
        ("cra_v1_api.json", "cra_v1", "api"),
        ("cra_v1_archive.xlsx", "cra_v1", "xlsx"),
        ("data_inclusion_v0.json", "data_inclusion", "v0"),
        ("data_inclusion_v1.json", "data_inclusion", "v1"),
    ],
)
def test_detection_from_content_and_accounting(name, fmt, generation, tmp_path):
    # the name must not matter: copy under a neutral name
    neutral = tmp_path / "fichier.dat"
    neutral.write_bytes((DATA / name).read_bytes())
    reading = read_export(neutral)
    assert (reading.format, reading.generation) == (fmt, generation)
    assert reading.description
    _accounted(reading)


def test_lieux_v1():
    r = read_export(DATA / "lieux_v1.csv")
    places = {p.id: p for p in r.places}
    assert set(places) == {"lieu-1", "lieu-2", "lieu-3"}
    # one SIRET carries two places
    assert places["lieu-1"].actor_id == places["lieu-2"].actor_id == "siret-21170300400017"
    assert set(places["lieu-1"].services) == {
        Service.AIDE_AUX_DEMARCHES_ADMINISTRATIVES,
        Service.COMPREHENSION_DU_MONDE_NUMERIQUE,
    }
    assert places["lieu-2"].code_insee == "17300"  # resolved from commune + postal code
    assert places["lieu-2"].itinerant
    assert not places["lieu-1"].itinerant
    assert places["lieu-3"].code_insee == "75056"  # arrondissement normalised
    assert places["lieu-1"].updated_on == dt.date(2024, 4, 2)
    actors = {a.id: a for a in r.actors}
    assert actors["siret-21170300400017"].type is ActorType.BIB
    assert actors["siret-21170300400017"].name == "Ville de La Rochelle"
    zero = actors[places["lieu-3"].actor_id]
    assert zero.siret is None
    assert zero.id.startswith("acteur-")
    assert {(u.column, u.value) for u in r.unmapped} == {("typologie", "FABRIQUE"), ("services", "Cours de cuisine")}
    (rejected,) = [i for i in r.issues if i.severity is Severity.ERROR]
    assert (rejected.file, rejected.line, rejected.column) == ("lieux_v1.csv", 5, "code_insee")


def test_lieux_v0_semicolon_and_legacy_services():
    (place,) = read_export(DATA / "lieux_v0.csv").places
    assert set(place.services) == {
        Service.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN,
        Service.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE,
        Service.AIDE_AUX_DEMARCHES_ADMINISTRATIVES,
    }


def test_coop_current_generation_groups_rows_by_id_cra():
    r = read_export(DATA / "coop_accompagnements.xlsx")
    assert r.files[0].read == 7
    assert (r.files[0].imported, r.files[0].merged, r.files[0].rejected) == (3, 2, 2)
    actions = {a.id: a for a in r.actions}
    workshop = actions["cra-atelier"]
    assert workshop.type is ActionType.ATELIER_COLLECTIF
    assert workshop.participants == 3
    assert workshop.date == dt.date(2025, 9, 2)
    assert set(workshop.thematiques) == {Thematique.NAVIGATION_SUR_INTERNET, Thematique.EMAIL}
    assert workshop.channel is Channel.LIEU_ACTIVITE
    assert workshop.place_id is not None
    indiv = actions["cra-indiv"]
    assert indiv.code_insee == "17028"
    assert indiv.thematiques == (Thematique.SANTE,)
    legacy = actions["cra-demarche"]
    assert legacy.type is ActionType.ACCOMPAGNEMENT_INDIVIDUEL
    assert legacy.thematiques == (Thematique.AIDE_AUX_DEMARCHES_ADMINISTRATIVES,)
    assert sum(1 for p in r.participations if p.action_id == "cra-atelier") == 3
    ages = {b.age_band for b in r.beneficiaries}
    assert AgeBand.DOUZE_DIX_HUIT in ages  # historical label « Mineur »
    residences = {b.residence_code_insee for b in r.beneficiaries}
    assert "75056" in residences
    (mediator,) = r.mediators
    assert "Martin" not in mediator.id
    assert mediator.id.startswith("med-")
    assert mediator.start_date == dt.date(2025, 9, 2)
    assert {u.value for u in r.unmapped} == {"Thématique inventée", "Type inconnu"}


def test_coop_previous_generations():
    r = read_export(DATA / "coop_activites_2024-10.xlsx")
    (action,) = r.actions
    assert action.type is ActionType.ACCOMPAGNEMENT_INDIVIDUEL
    assert Thematique.AIDE_AUX_DEMARCHES_ADMINISTRATIVES in action.thematiques
    assert action.code_insee == "17200"  # « Lagord 17140 »
    assert action.date == dt.date(2024, 10, 15)
    r = read_export(DATA / "coop_activites_2025-05.xlsx")
    workshop, action = r.actions
    assert action.code_insee == "17028"
    assert action.thematiques == (Thematique.BUREAUTIQUE,)
    (ben,) = r.beneficiaries
    assert "Dupont" not in ben.id
    assert ben.residence_code_insee == "17028"  # « Aytré 17440 », commune de résidence
    # « Médiathèque 17000 »: not a commune name, but 17000 serves La Rochelle only; said and kept
    assert (workshop.code_insee, workshop.place_id) == ("17300", None)
    (doubt,) = [i for i in r.issues if i.code == "commune_a_verifier"]
    assert (doubt.severity, doubt.line, doubt.column) == (Severity.WARNING, 4, "Lieu")
    assert doubt.message == "nom « MEDIATHEQUE » non reconnu : commune La Rochelle (17300) retenue, à vérifier"
    assert any(i.code == "commune_unique_code_postal" and i.line == 4 for i in r.issues)


def test_coop_api_pages_merge():
    res = import_files([DATA / "coop_api_page1.json", DATA / "coop_api_page2.json"], territory="241700434")
    ids = {a.id for a in res.dataset.actions}
    assert ids == {"api-1", "api-2", "api-3"}  # api-4 was deleted
    # api-2's place is unknown without the lieux file: it keeps its commune only
    assert res.dataset.action("api-2").place_id is None
    assert any(i.code == "lieu_inconnu" and i.value == "api-2" for i in res.issues)
    files = {f.file: f for f in res.files}
    assert (files["coop_api_page2.json"].imported, files["coop_api_page2.json"].merged) == (0, 1)
    assert files["coop_api_page2.json"].rejected == 1
    for f in res.files:
        assert f.read == f.imported + f.merged + f.rejected
    assert any(a.dimension == "age" and a.category == "soixante_dix_plus" for a in res.aggregates)


def test_coop_api_place_resolved_with_lieux():
    res = import_files([DATA / "lieux_v1.csv", DATA / "coop_api_page1.json"])
    assert res.territory.code == "241700434"
    assert res.territory_inferred
    a2 = res.dataset.action("api-2")
    assert a2.place_id == "lieu-1"
    assert a2.actor_id == "siret-21170300400017"
    assert a2.participants == 8


def test_cra_v1_dump_quirks():
    r = read_export(DATA / "cra_v1_dump.csv")
    actions = {a.id: a for a in r.actions}
    first = actions["cra-v1-61a0000000000000000000a1"]
    assert first.duration_min == 15
    assert set(first.thematiques) == {Thematique.PRENDRE_EN_MAIN_DU_MATERIEL, Thematique.NAVIGATION_SUR_INTERNET}
    assert first.actor_id == "siret-21170300400017"
    second = actions["cra-v1-61a0000000000000000000a2"]
    assert second.duration_min == 45  # bucket 30-60
    assert second.code_insee == "01004"  # leading zero restored
    assert second.participants == 4
    assert second.type is ActionType.ATELIER_COLLECTIF
    assert second.thematiques == (Thematique.SECURITE_NUMERIQUE,)
    assert not r.beneficiaries  # histograms stay aggregates
    ages = {(a.category, a.count) for a in r.aggregates if a.id == second.id and a.dimension == "age"}
    assert ages == {("age_de_18_a_35_ans", 1), ("age_de_35_a_60_ans", 1), ("age_plus_60_ans", 1)}


def test_cra_v1_api_and_xlsx():
    (a,) = read_export(DATA / "cra_v1_api.json").actions
    assert a.code_insee == "13055"
    assert a.duration_min == 45
    assert set(a.thematiques) == {Thematique.AIDE_AUX_DEMARCHES_ADMINISTRATIVES, Thematique.PRENDRE_EN_MAIN_DU_MATERIEL}
    r = read_export(DATA / "cra_v1_archive.xlsx")
    acts = {a.id: a for a in r.actions}
    assert set(acts["cra-v1-xlsx-1"].thematiques) == {Thematique.PRENDRE_EN_MAIN_DU_MATERIEL, Thematique.EMAIL}
    assert acts["cra-v1-xlsx-1"].place_id is not None
    assert acts["cra-v1-xlsx-2"].channel is Channel.A_DISTANCE


def test_data_inclusion():
    r0 = read_export(DATA / "data_inclusion_v0.json")
    actors = {a.id: a for a in r0.actors}
    assert actors["siret-26170176900015"].type is ActorType.CCAS
    assert actors["rna-W171000001"].type is ActorType.AUTRE
    assert [p.id for p in r0.places] == ["di-dora--s1"]
    r1 = read_export(DATA / "data_inclusion_v1.json")
    assert {a.type for a in r1.actors} == {ActorType.RFS, ActorType.AUTRE}


def test_forced_format_and_unknown_file(tmp_path):
    r = read_export(DATA / "lieux_v1.csv", format="cra_v1")
    assert r.files[0].read == 0
    assert not r.places
    assert r.issues[0].severity is Severity.ERROR
    junk = tmp_path / "x.xlsx"
    junk.write_bytes(b"PK\x03\x04garbage")
    assert read_export(junk).issues[0].code == "fichier_illisible"


def test_import_writes_side_files(tmp_path):
    res = import_files(
        sorted(p for p in DATA.iterdir() if p.is_file() and p.suffix != ".py"), into=tmp_path, territory="241700434"
    )
    text = (tmp_path / "non_reconnus.csv").read_text(encoding="utf-8")
    assert "Cours de cuisine" in text
    assert "FABRIQUE" in text
    assert len(text.strip().splitlines()) == len(res.unmapped) + 1
    lines = res.summary_lines()
    assert lines[0].startswith("Territoire : CA de La Rochelle")
    assert any("coop_accompagnements.xlsx" in line and "2 fusionnée(s)" in line for line in lines)


@pytest.mark.parametrize("name", ["coop_accompagnements.xlsx", "cra_v1_archive.xlsx", "coop_activites_2024-09.xlsx"])
def test_streaming_reader_matches_openpyxl(name):
    wb = openpyxl.load_workbook(DATA / name, read_only=True)
    expected = []
    for row in wb.active.iter_rows(values_only=True):
        values = [(v - dt.datetime(1899, 12, 30)).days if isinstance(v, dt.datetime) else v for v in row]
        while values and values[-1] is None:
            values.pop()
        expected.append(values)
    wb.close()
    got = [
        [int(v) if isinstance(v, float) and v.is_integer() else v for v in row] for row in iter_sheet_rows(DATA / name)
    ]
    assert got == expected


def test_native_fundings_merged_with_exports():
    res = import_files([DATA / "lieux_v1.csv", DATA / "financements.csv"])
    assert [f.id for f in res.dataset.fundings] == ["f1"]
    codes = {i.code for i in res.issues if i.severity is Severity.ERROR}
    assert "reference_inconnue" in codes  # f3's actor is unknown
    (count,) = [f for f in res.files if f.file == "financements.csv"]
    # f2's funder is unknown (rejected when read); f3 is dropped by the integrity check: its row counts as rejected
    assert (count.read, count.imported, count.merged, count.rejected) == (3, 1, 0, 2)
    (dropped,) = [i for i in res.issues if i.code == "reference_inconnue"]
    assert (dropped.file, dropped.line, dropped.column) == ("financements.csv", 4, "acteur_id")

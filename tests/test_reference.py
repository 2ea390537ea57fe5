"""Bundled reference data: COG communes, EPCI composition, QPV 2024, départements, postal codes, history."""

import ast
import datetime as dt
import gzip
from pathlib import Path

import pytest

from afnor_ctin import Territory, TerritoryLevel, UnknownCodeError, reference

LA_ROCHELLE = "241700434"
PACKAGE = Path(reference.__file__).parent


def test_la_rochelle_agglomeration() -> None:
    t = Territory.from_epci(LA_ROCHELLE)
    assert t.code == LA_ROCHELLE
    assert t.name == "CA de La Rochelle"
    assert t.level is TerritoryLevel.EPCI
    assert len(t.communes) == 28
    assert t.population == 182_435
    assert t.centre == "17300"
    assert t.commune("17300").name == "La Rochelle"
    assert sorted((q.code, q.name) for q in t.qpvs) == [
        ("QN01701M", "Mireuil"),
        ("QN01702M", "Villeneuve-Les-Salines"),
        ("QN01707M", "Port-Neuf"),
    ]
    assert {q.code_insee for q in t.qpvs} == {"17300"}
    assert all(c.population_year is not None for c in t.communes)


def test_epci_siren_is_stripped() -> None:
    assert Territory.from_epci(f" {LA_ROCHELLE} ").code == LA_ROCHELLE


@pytest.mark.parametrize("siren", ["000000000", "", "17300", "la rochelle"])
def test_unknown_epci(siren: str) -> None:
    with pytest.raises(UnknownCodeError) as info:
        Territory.from_epci(siren)
    assert f"EPCI « {siren} » inconnu" in str(info.value)
    assert isinstance(info.value, LookupError)


def test_reference_table_sizes_and_totals() -> None:
    assert len(reference.epcis()) == 1255
    assert len(reference.communes()) == 34_875
    assert sum(c.population for c in reference.communes().values()) == 68_350_798
    assert len(reference.departements()) == 101
    assert len(reference.regions()) == 18
    assert len(reference.postal_entries()) == 39_192
    assert len(reference.former_communes()) == 7_084


def test_epci_members_are_the_communes_pointing_to_it() -> None:
    epci = reference.epcis()[LA_ROCHELLE]
    assert len(epci.communes) == 28
    assert list(epci.communes) == sorted(epci.communes)
    assert all(reference.communes()[c].epci == LA_ROCHELLE for c in epci.communes)
    assert epci.departement == "17"
    assert reference.epci(LA_ROCHELLE) is epci


def test_corsica_departement() -> None:
    t = Territory.from_departement("2A")
    assert t.code == "2A"
    assert t.name == "Corse-du-Sud"
    assert t.level is TerritoryLevel.DEPARTEMENT
    assert all(c.code_insee.startswith("2A") for c in t.communes)
    assert t.commune("2A004").name == "Ajaccio"
    assert t.centre == "2A004"
    assert Territory.from_departement("2a") == t


def test_departement_communes_all_belong_to_it() -> None:
    t = Territory.from_departement("17")
    la_rochelle = Territory.from_epci(LA_ROCHELLE)
    assert {c.code_insee for c in la_rochelle.communes} <= {c.code_insee for c in t.communes}
    assert {q.code for q in la_rochelle.qpvs} <= {q.code for q in t.qpvs}
    assert len(t.communes) == len(reference.communes_of_departement("17")) == 462
    assert reference.departement("17").region == "75"
    assert reference.regions()["75"].name == "Nouvelle-Aquitaine"


@pytest.mark.parametrize("code", ["20", "2C", "999", ""])
def test_unknown_departement(code: str) -> None:
    with pytest.raises(UnknownCodeError, match=f"département « {code} » inconnu"):
        Territory.from_departement(code)


def test_qpvs_are_valid_records_in_known_communes() -> None:
    qpvs = reference.qpvs()
    assert len(qpvs) > 1000
    communes = reference.communes()
    assert all(q.code_insee in communes for q in qpvs)
    assert {q.code for q in reference.qpvs_of(["17300"])} == {"QN01701M", "QN01702M", "QN01707M"}


def test_postal_table_keeps_leading_zeros_and_lines_5() -> None:
    rows = [e for e in reference.postal_entries() if e.postal_code == "04600"]
    assert {(e.code_insee, e.line_5) for e in rows} == {("04049", "ST AUBAN"), ("04127", "")}
    arrondissements = [e for e in reference.postal_entries() if e.code_insee_laposte == "13211"]
    assert {(e.postal_code, e.code_insee, e.line_5) for e in arrondissements} == {
        ("13011", "13055", ""),
        ("13011", "13055", "LA VALENTINE"),
    }


def test_history_points_to_current_communes() -> None:
    current = reference.communes()
    history = reference.former_communes()
    assert all(f.current_code in current for f in history)
    pierrefitte = [f for f in history if f.code == "93059"]
    assert [(f.current_code, f.kind, f.date) for f in pierrefitte] == [
        ("93066", reference.ChangeKind.DELEGATED, dt.date(2025, 1, 1))
    ]
    assert sum(f.kind is reference.ChangeKind.ARRONDISSEMENT for f in history) == 45


def test_attribution_names_every_table() -> None:
    assert set(reference.ATTRIBUTION) == {
        "communes",
        "epci",
        "qpv",
        "departements",
        "codes_postaux",
        "historique",
        "geometrie",
    }
    assert all("Licence Ouverte" in text for text in reference.ATTRIBUTION.values())
    assert "La Poste, Base officielle des codes postaux" in reference.ATTRIBUTION["codes_postaux"]
    assert "IGN – ADMIN EXPRESS COG édition 2018" in reference.ATTRIBUTION["geometrie"]


HEADERS = {
    "codes-postaux.csv.gz": "code_postal,code_insee,libelle_acheminement,ligne_5,nom_commune,code_insee_laposte",
    "communes-epci.csv.gz": "code_insee,nom,code_epci,nom_epci,population,annee_population,dep,nature_epci",
    "communes-historique.csv.gz": "ancien_code,ancien_nom,code_actuel,date_effet,type",
    "departements.csv.gz": "DEP,REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE",
    "epci.csv.gz": "code_epci,nom_epci,nature_epci,mode_financement,dep_siege,nb_communes,population,"
    "population_totale,nb_communes_population_2017",
    "qpv-2024-communes.csv.gz": "code_qpv,nom_qpv,code_insee,nom_commune,code_epci,population_qpv",
    "regions.csv.gz": "REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE",
}


def test_every_bundled_file_is_gzipped_with_its_columns() -> None:
    files = sorted(p.name for p in (PACKAGE / "data").iterdir())
    assert files == sorted([*HEADERS, "communes-simplifiees.topojson.gz"])
    for name, header in HEADERS.items():
        text = gzip.decompress(reference.tables.read_data(name)).decode("utf-8-sig")
        assert text.splitlines()[0] == header, name
    topology = gzip.decompress(reference.tables.read_data("communes-simplifiees.topojson.gz"))
    assert topology.startswith(b'{"type":"Topology"')


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_reference_package_imports_nothing_above_it() -> None:
    allowed = {"afnor_ctin.errors"}
    for path in PACKAGE.glob("*.py"):
        ours = {n for n in _imports(path) if n.startswith("afnor_ctin")}
        above = {n for n in ours if n not in allowed and not n.startswith("afnor_ctin.reference")}
        assert not above, f"{path.name} imports {above}"


def test_the_communes_are_made_on_demand_and_stay_the_same() -> None:
    from afnor_ctin.reference import communes, epcis

    table = communes()
    assert table["17300"] is table["17300"]
    assert table["17300"].name == "La Rochelle"
    assert "99999" not in table
    assert table.get("99999") is None
    with pytest.raises(KeyError):
        table["99999"]
    assert len(list(table.values())) == len(table) == 34875
    members = {c.code_insee for c in table.values() if c.epci == "241700434"}
    assert set(epcis()["241700434"].communes) == members

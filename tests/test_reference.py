"""Bundled reference data: COG communes, EPCI composition, QPV 2024, départements."""

import pytest

from afnor_ctin import Territory, TerritoryLevel, UnknownCodeError
from afnor_ctin.io import reference

LA_ROCHELLE = "241700434"


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


def test_epci_members_are_the_communes_pointing_to_it() -> None:
    epci = reference.epcis()[LA_ROCHELLE]
    assert len(epci.communes) == 28
    assert list(epci.communes) == sorted(epci.communes)
    assert all(reference.communes()[c].epci == LA_ROCHELLE for c in epci.communes)
    assert epci.departement == "17"


def test_epci_of_accepts_arrondissements() -> None:
    assert reference.epci_of("17300") == LA_ROCHELLE
    assert reference.epci_of("75112") == reference.epci_of("75056")
    assert reference.epci_of("75056") is not None
    assert reference.epci_of("99999") is None


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


@pytest.mark.parametrize("code", ["20", "2C", "999", ""])
def test_unknown_departement(code: str) -> None:
    with pytest.raises(UnknownCodeError, match=f"département « {code} » inconnu"):
        Territory.from_departement(code)


def test_qpvs_are_valid_records_in_known_communes() -> None:
    qpvs = reference.qpvs()
    assert len(qpvs) > 1000
    communes = reference.communes()
    assert all(q.code_insee in communes for q in qpvs)


def test_attribution_names_every_table() -> None:
    assert set(reference.ATTRIBUTION) == {"communes", "epci", "qpv", "departements"}
    assert all("Licence Ouverte" in text for text in reference.ATTRIBUTION.values())

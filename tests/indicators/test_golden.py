"""The worked example of the indicator specification, value for value (golden test)."""

import pytest

from afnor_ctin import Flag, Status, evaluate
from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example


@pytest.fixture(scope="module")
def report():
    return evaluate(worked_example(), WORKED_EXAMPLE_PERIOD)


def test_every_indicator_is_computed(report):
    assert [r.code for r in report] == [f"I{i:02d}" for i in range(1, 12)]
    assert all(r.status is Status.OK for r in report)


def test_i01_actor_mapping(report):
    r = report["I01"]
    assert r.value == 3
    c = r.components
    assert (c["lieux_actifs"], c["a_jour"], c["a_verifier"], c["a_actualiser"]) == (3, 1, 1, 1)
    assert c["taux_fraicheur"] == pytest.approx(1 / 3)
    assert c["par_type"] == {"CCAS": 1, "ASSO": 1, "BIB": 1}
    assert r.by_commune == {"99001": 2, "99002": 1, "99003": 0}


def test_i02_territorial_coverage(report):
    r = report["I02"]
    assert r.value == pytest.approx(13_000 / 15_000)
    assert round(r.value, 4) == 0.8667
    assert r.components["communes_couvertes"] == 2
    assert r.components["part_communes"] == pytest.approx(2 / 3)
    assert r.components["lieux_pour_10000_hab"] == pytest.approx(2.0)
    assert r.components["communes_non_couvertes"] == ("99003",)
    assert r.by_commune == pytest.approx({"99001": 2.0, "99002": 10_000 / 3_000, "99003": 0.0})


def test_i03_mediators_in_post(report):
    r = report["I03"]
    assert r.value == 3
    c = r.components
    assert c["par_role"] == {"conseiller_numerique": 1, "coordinateur": 0, "mediateur": 1, "aidant": 1}
    assert c["etp"] == pytest.approx(1.7)
    assert c["actifs"] == 1
    assert c["pour_10000_hab"] == pytest.approx(2.0)
    assert c["habilites_aidants_connect"] == 1


def test_i04_support_actions(report):
    r = report["I04"]
    assert r.value == 6
    c = r.components
    assert (c["individuels"], c["ateliers"], c["accompagnements"]) == (4, 2, 11)
    assert c["heures"] == pytest.approx(6.25)
    assert c["par_canal"] == {"lieu_activite": 4, "autre_lieu": 1, "domicile": 0, "a_distance": 1}
    assert c["par_mois"]["2024-03"] == 2
    assert sum(c["par_mois"].values()) == 6
    assert len(c["par_mois"]) == 12
    assert r.by_commune == {"99001": 4, "99002": 1, "99003": 1}


def test_i05_people_supported(report):
    r = report["I05"]
    assert r.value == 10
    assert r.flags == (Flag.UPPER_BOUND,)
    c = r.components
    assert (c["identifies"], c["anonymes"], c["nouveaux"]) == (5, 5, 4)
    assert c["par_genre"]["non_communique"] == 5


def test_i06_territorial_balance(report):
    r = report["I06"]
    assert r.value == pytest.approx((4 / 11) / (5_000 / 15_000))
    assert round(r.value, 4) == 1.0909
    c = r.components
    assert c["part_hors_centre"] == pytest.approx(4 / 11)
    assert round(c["part_hors_centre"], 4) == 0.3636
    assert c["part_population_hors_centre"] == pytest.approx(1 / 3)
    assert r.by_commune == pytest.approx({"99001": 0.7, "99002": 1 / 3, "99003": 1.5})
    assert (c["a_distance"], c["qpv"], c["hors_qpv"], c["qpv_indetermine"]) == (1, 6, 4, 1)
    assert c["part_qpv"] == pytest.approx(0.6)


def test_i07_fragile_area_coverage(report):
    r = report["I07"]
    assert r.value == 1.0
    c = r.components
    assert (c["communes_fragiles"], c["atteintes"], c["sans_score"]) == (2, 2, 0)
    assert c["ratio_taux"] == pytest.approx(0.8 / 0.7)
    assert round(c["ratio_taux"], 4) == 1.1429


def test_i08_solidarity_equipment(report):
    r = report["I08"]
    assert r.value == 17
    assert r.flags == (Flag.DECLARATIVE,)
    assert r.components == {"equipements": 12, "connexions": 5, "lieux_materiel_solidaire": 1}


def test_i09_professional_training(report):
    r = report["I09"]
    assert r.value == 3
    c = r.components
    assert (c["sessions"], c["sessions_mutualisees"]) == (1, 1)
    assert c["part_mutualisees"] == 1.0
    assert c["part_mediateurs_certifies"] == pytest.approx(2 / 3)


def test_i10_funding_sustainability(report):
    r = report["I10"]
    expected = 100_000 * 366 / 731 + 20_000 + 12_000 * 184 / 365
    assert r.value == pytest.approx(expected)
    assert round(r.value, 2) == 76_117.71
    c = r.components
    assert {k: round(v, 2) for k, v in c["par_financeur"].items()} == {
        "etat_conseiller_numerique": 50_068.40,
        "epci": 20_000.0,
        "caf": 6_049.32,
    }
    assert round(c["part_hors_etat"], 4) == 0.3422
    assert c["taux_versement"] == pytest.approx(95_000 / 132_000)
    assert round(c["taux_versement"], 4) == 0.7197
    assert c["part_postes_securises"] == pytest.approx(1 / 3)
    assert round(c["cout_par_accompagnement"], 2) == 6_919.79


def test_i11_coordination_activity(report):
    r = report["I11"]
    assert r.value == 2
    c = r.components
    assert c["par_type"] == {"comite": 1, "groupe_de_travail": 1}
    assert c["acteurs_mobilises"] == 3
    assert c["taux_mobilisation"] == 1.0


def test_to_dict_shape(report):
    d = report.to_dict()
    assert set(d) == {"territory", "period", "referential", "indicators", "issues"}
    assert d["territory"] == {"code": "EX001", "name": "Territoire d'exemple", "level": "autre"}
    assert d["period"] == {"start": "2024-01-01", "end": "2024-12-31"}
    # The referential keeps its keys and values, and also states its title and the parameters used.
    ref = d["referential"]
    assert {k: ref[k] for k in ("id", "revision")} == {"id": "ctin-2021-reconstructed", "revision": 1}
    assert set(ref) == {"id", "revision", "title", "parameters"}
    assert ref["title"].startswith("Indicateurs CTIN 2021")
    assert ref["parameters"]["I07"] == {"seuil_ifn": 7.0}
    first = d["indicators"][0]
    assert set(first) == {"code", "label", "value", "unit", "status", "flags", "reason", "components", "by_commune"}
    assert d["indicators"][1]["value"] == pytest.approx(13 / 15)
    assert d["indicators"][4]["flags"] == ["upper_bound"]
    assert d["indicators"][1]["components"]["communes_non_couvertes"] == ["99003"]

import math

import pytest

pd = pytest.importorskip("pandas")

import pandas_baseline as pb  # noqa: E402
from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example  # noqa: E402

# The expected values of the worked example, as printed in the specification's table.
EXPECTED = {
    "I01": 3,
    "I01.lieux_actifs": 3,
    "I01.a_jour": 1,
    "I01.a_verifier": 1,
    "I01.a_actualiser": 1,
    "I01.taux_fraicheur": 1 / 3,
    "I02": 13_000 / 15_000,
    "I02.communes_couvertes": 2,
    "I02.part_communes": 2 / 3,
    "I02.lieux_pour_10000_hab": 2.0,
    "I03": 3,
    "I03.conseiller_numerique": 1,
    "I03.mediateur": 1,
    "I03.aidant": 1,
    "I03.etp": 1.7,
    "I03.actifs": 1,
    "I03.pour_10000_hab": 2.0,
    "I03.habilites_aidants_connect": 1,
    "I04": 6,
    "I04.individuels": 4,
    "I04.ateliers": 2,
    "I04.accompagnements": 11,
    "I04.heures": 6.25,
    "I05": 10,
    "I05.identifies": 5,
    "I05.anonymes": 5,
    "I05.nouveaux": 4,
    "I06": (4 / 11) / (5_000 / 15_000),
    "I06.part_hors_centre": 4 / 11,
    "I06.a_distance": 1,
    "I06.qpv": 6,
    "I06.hors_qpv": 4,
    "I06.qpv_indetermine": 1,
    "I06.part_qpv": 0.6,
    "I07": 1.0,
    "I07.communes_fragiles": 2,
    "I07.atteintes": 2,
    "I07.sans_score": 0,
    "I07.ratio_taux": 0.8 / 0.7,
    "I08": 17,
    "I08.equipements": 12,
    "I08.connexions": 5,
    "I08.lieux_materiel_solidaire": 1,
    "I09": 3,
    "I09.sessions": 1,
    "I09.sessions_mutualisees": 1,
    "I09.part_mutualisees": 1.0,
    "I09.part_mediateurs_certifies": 2 / 3,
    "I10": 100_000 * 366 / 731 + 20_000 + 12_000 * 184 / 365,
    "I10.part_hors_etat": (20_000 + 12_000 * 184 / 365) / (100_000 * 366 / 731 + 20_000 + 12_000 * 184 / 365),
    "I10.taux_versement": 95_000 / 132_000,
    "I10.part_postes_securises": 1 / 3,
    "I10.cout_par_accompagnement": (100_000 * 366 / 731 + 20_000 + 12_000 * 184 / 365) / 11,
    "I11": 2,
    "I11.acteurs_mobilises": 3,
    "I11.taux_mobilisation": 1.0,
}


@pytest.fixture(scope="module")
def table():
    ds = worked_example()
    return pb.compute(pb.dataframes(ds), pb.memberships(ds, [ds.territory]), WORKED_EXAMPLE_PERIOD)


def test_one_row_for_the_single_territory(table) -> None:
    assert list(table.index) == ["EX001"]


@pytest.mark.parametrize(("column", "expected"), sorted(EXPECTED.items()))
def test_worked_example(table, column: str, expected: float) -> None:
    assert math.isclose(table.loc["EX001", column], expected, rel_tol=1e-9), column


def test_spec_rounding_of_i10(table) -> None:
    assert round(table.loc["EX001", "I10"], 2) == 76_117.71
    assert round(table.loc["EX001", "I10.cout_par_accompagnement"], 2) == 6_919.79


def test_undefined_values_are_nan() -> None:
    ds = worked_example()
    # The year 2030 has no activity: ratios over accompaniments or sessions are undefined (NaN).
    from afnor_ctin.period import Period

    table = pb.compute(pb.dataframes(ds), pb.memberships(ds, [ds.territory]), Period.year(2030))
    row = table.loc["EX001"]
    assert row["I04"] == 0
    assert math.isnan(row["I06"])
    assert math.isnan(row["I10.cout_par_accompagnement"])
    assert math.isnan(row["I09.part_mutualisees"])

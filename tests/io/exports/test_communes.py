"""The commune lookup shared by the importers: the resolution's rule, doubts and failures become issues."""

import pytest

from afnor_ctin.errors import Severity
from afnor_ctin.io.exports._collect import Collector, RowRejected
from afnor_ctin.io.exports._communes import CommuneFields, Written, locate, locate_or_keep, written_in
from afnor_ctin.reference import Unresolved, resolve_commune


def _issues(col: Collector) -> list[tuple[str, Severity, int | None, str | None]]:
    return [(i.code, i.severity, i.line, i.column) for i in col.issues]


def test_a_valid_code_says_nothing():
    col = Collector("f.csv")
    assert locate(col, 2, Written(code="17300", name="La Rochelle", postal="17000")) == "17300"
    assert col.issues == []


def test_a_fallback_names_its_rule_and_the_values_written():
    col = Collector("f.csv")
    written = Written(name="SAINT AUBAN", postal=4600, column="commune")
    assert locate(col, 3, written) == "04049"
    (info,) = col.issues
    assert (info.code, info.severity, info.line, info.column, info.value) == (
        "commune_par_code_postal_nom",
        Severity.INFO,
        3,
        "commune",
        "SAINT AUBAN 4600",
    )
    assert info.message == resolve_commune(name="SAINT AUBAN", postal_code=4600).message
    assert "Château-Arnoux-Saint-Auban (04049)" in info.message
    assert "ligne 5" in info.message


def test_a_code_contradicted_by_the_name_and_the_postal_code_is_a_warning_naming_both():
    col = Collector("fs.csv")
    written = Written(code="17346", name="Tonnay-Charente", postal="17430", latitude=45.9423043, longitude=-0.8884002)
    assert locate(col, 590, written) == "17449"
    assert [(c, s) for c, s, _, _ in _issues(col)] == [
        ("commune_par_code_postal_nom", Severity.INFO),
        ("commune_a_verifier", Severity.WARNING),
    ]
    warning = col.issues[1].message
    assert "17346 (Saint-Hippolyte, 17)" in warning
    assert "« TONNAY CHARENTE »" in warning
    assert warning.endswith("commune Tonnay-Charente (17449) retenue, à vérifier")


def test_a_failure_rejects_the_row_with_its_cause_and_the_candidates():
    col = Collector("ac.json")
    with pytest.raises(RowRejected) as info:
        locate(col, 7, Written(postal=64680, column="Code postal"))
    rejected = info.value
    assert (rejected.code, rejected.column, rejected.value) == ("commune_ambigue", "Code postal", "64680")
    assert rejected.message == (
        "code postal 64680 commun à 3 communes, sans nom de commune ; "
        "communes possibles : Buziet (64156), Herrère (64261), Ogeu-les-Bains (64421)"
    )
    assert col.issues == []  # the collector records the rejection


@pytest.mark.parametrize(
    ("written", "cause"),
    [
        (Written(code="63236", name="Nouméa", postal="98800"), Unresolved.OUTSIDE_COG),
        (Written(name="Nulle-Part", postal="99999"), Unresolved.NOT_FOUND),
        (Written(code="99999"), Unresolved.NOT_FOUND),
        (Written(), Unresolved.NO_INPUT),
    ],
)
def test_every_cause_is_the_code_of_the_rejection(written, cause):
    with pytest.raises(RowRejected) as info:
        locate(Collector("f.csv"), 1, written)
    assert info.value.code == cause.value


def test_a_row_kept_without_commune_gets_the_cause_as_a_warning_at_every_row():
    col = Collector("ac.json")
    written = Written(postal="64680", column="Code postal")
    for line in (1, 2):
        assert locate_or_keep(col, line, written, otherwise="structure gardée sans commune") is None
    assert _issues(col) == [("commune_ambigue", Severity.WARNING, n, "Code postal") for n in (1, 2)]
    assert col.issues[0].message.endswith("Ogeu-les-Bains (64421) : structure gardée sans commune")
    # no location at all: nothing to report; a cause not kept rejects the row
    assert locate_or_keep(col, 3, Written(), otherwise="gardée") is None
    assert len(col.issues) == 2
    with pytest.raises(RowRejected, match="NULLE PART"):
        locate_or_keep(col, 4, Written(name="Nulle-Part", postal="99999"), otherwise="-", kept=[Unresolved.AMBIGUOUS])


def test_the_same_values_are_resolved_once_per_file_and_rejected_at_every_row():
    col = Collector("f.csv")
    for line in (1, 2, 3):
        assert locate(col, line, Written(name="CHAMONIX", postal="74400")) == "74056"
    assert [(c, n) for c, _, n, _ in _issues(col)] == [("commune_unique_code_postal", 1), ("commune_a_verifier", 1)]
    for _ in range(2):
        with pytest.raises(RowRejected):
            locate(col, 4, Written(name="Nulle-Part", postal="33270"))
    assert len(col.located) == 2


def test_cells_of_any_type_are_read():
    col = Collector("f.json")
    row = {"code_insee": None, "commune": ["Aytré"], "code_postal": 17440.0, "latitude": "46,13", "longitude": "x"}
    written = written_in(col, 5, row)
    assert (written.name, written.latitude, written.longitude) == ("['Aytré']", None, None)
    assert [c for c, *_ in _issues(col)] == ["valeur_ignoree"]  # unreadable coordinates are said
    assert Written(code=" null ", name=" ", postal=17440) == Written(postal=17440, column="autre")
    fields = CommuneFields(insee="insee_com", name="lib_com", departement="insee_dep", address=None)
    written = written_in(col, 6, {"insee_com": "17028", "lib_com": "Aytré", "insee_dep": "Charente-Maritime"}, fields)
    assert (written.departement, written.column, written.address) == ("17", "insee_com", None)
    assert locate(col, 6, written) == "17028"

"""The native reader resolves commune codes with the reference rules: former codes, lost leading zeros."""

from __future__ import annotations

from pathlib import Path

from native_helpers import assert_accounted, make_folder

from afnor_ctin.errors import IssueCode, Severity
from afnor_ctin.io.native import read_dataset

#: Former code 17040 (La Benâte, commune déléguée) is now 17277 (Saint-Pierre-La-Noue); 1053 is 01053.
COMMUNES = "code_insee,nom,population\n17277,Saint-Pierre-La-Noue,1000\n01053,Bourg-en-Bresse,40000\n"
ACTEURS = "id,nom,type,code_insee\nACT1,CCAS,CCAS,1053\n"
LIEUX = "id,acteur_id,nom,code_insee,itinerant,communes_desservies\nPL1,ACT1,Espace,17040,oui,17040|01053\n"
ACTIONS = (
    "id,type,date,acteur_id,lieu_id,code_insee\n"
    "A1,accompagnement_individuel,2024-03-05,ACT1,,17040\n"
    "A2,accompagnement_individuel,2024-03-06,ACT1,,17277\n"
    "A3,accompagnement_individuel,2024-03-07,ACT1,,1053\n"
)


def _read(tmp_path: Path):  # type: ignore[no-untyped-def]
    territoire = "code,nom,niveau\nEX001,Territoire test,autre\n"
    folder = make_folder(
        tmp_path,
        {"territoire": territoire, "communes": COMMUNES, "acteurs": ACTEURS, "lieux": LIEUX, "actions": ACTIONS},
        defaults=False,
    )
    return read_dataset(folder)


def test_former_and_four_digit_codes_are_read_as_current_codes(tmp_path: Path) -> None:
    ds, report = _read(tmp_path)
    assert_accounted(ds, report)
    assert report.ok
    assert ds.actors[0].code_insee == "01053"
    assert ds.places[0].code_insee == "17277"
    assert ds.places[0].served_communes == ("17277", "01053")
    assert [a.code_insee for a in ds.actions] == ["17277", "17277", "01053"]


def test_each_correction_is_an_information_issue_naming_its_rule(tmp_path: Path) -> None:
    _ds, report = _read(tmp_path)
    notes = [(i.file, i.line, i.column, i.value, i.code) for i in report.issues if i.severity is Severity.INFO]
    assert ("acteurs.csv", 2, "code_insee", "1053", IssueCode.CODE_INSEE_COMPLETE) in notes
    assert ("lieux.csv", 2, "code_insee", "17040", IssueCode.COMMUNE_ANCIENNE) in notes
    assert ("lieux.csv", 2, "communes_desservies", "17040|01053", IssueCode.COMMUNE_ANCIENNE) in notes
    assert ("actions.csv", 2, "code_insee", "17040", IssueCode.COMMUNE_ANCIENNE) in notes
    assert ("actions.csv", 4, "code_insee", "1053", IssueCode.CODE_INSEE_COMPLETE) in notes
    assert not [n for n in notes if n[:2] == ("actions.csv", 3)]  # a current code needs no note
    (former,) = [i for i in report.issues if i.file == "lieux.csv" and i.column == "code_insee"]
    assert "17040" in former.message
    assert "Saint-Pierre-La-Noue" in former.message or "17277" in former.message


def test_an_unknown_code_is_still_reported_as_before(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, {"lieux": "id,acteur_id,nom,code_insee\nPL1,ACT1,Espace,123\n"})
    ds, report = read_dataset(folder)
    assert not ds.places
    (issue,) = [i for i in report.errors if i.file == "lieux.csv"]
    assert issue.code == IssueCode.FORMAT_INVALIDE
    assert issue.value == "123"

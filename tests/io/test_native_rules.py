"""Parsing rules of the native CSV format, one at a time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from native_helpers import assert_accounted, make_folder

from afnor_ctin.errors import DataError, IssueCode, Severity
from afnor_ctin.io.native import read_dataset, write_dataset
from afnor_ctin.model import Certification, Channel, Gender, Service

ACTIONS_HEADER = "id,type,date,acteur_id,lieu_id,code_insee,canal,duree_min,participants\n"


def issues_with(report, code):  # type: ignore[no-untyped-def]
    return [i for i in report.issues if i.code == code]


def test_utf8_with_bom_is_read_without_warning(tmp_path: Path) -> None:
    acteurs = "\ufeffid,nom,type\nACT1,Médiathèque d’Aytré,BIB\n"
    folder = make_folder(tmp_path, {"acteurs": acteurs.encode("utf-8"), "lieux": "id,acteur_id,nom,code_insee\n"})
    ds, report = read_dataset(folder)
    assert ds.actors[0].name == "Médiathèque d’Aytré"
    assert not report.warnings
    assert report.ok


def test_windows_1252_is_detected_with_a_warning(tmp_path: Path) -> None:
    acteurs = "id;nom;type\nACT1;Médiathèque Œuvre;BIB\n".encode("cp1252")
    folder = make_folder(tmp_path, {"acteurs": acteurs, "lieux": "id,acteur_id,nom,code_insee\n"})
    ds, report = read_dataset(folder)
    assert ds.actors[0].name == "Médiathèque Œuvre"
    (warning,) = issues_with(report, "encodage_windows_1252")
    assert warning.severity is Severity.WARNING
    assert warning.file == "acteurs.csv"
    assert "Windows-1252" in warning.message


def test_forced_encoding(tmp_path: Path) -> None:
    acteurs = "id;nom;type\nACT1;Médiathèque;BIB\n".encode("cp1252")
    folder = make_folder(tmp_path, {"acteurs": acteurs, "lieux": "id,acteur_id,nom,code_insee\n"})
    ds, report = read_dataset(folder, encoding="cp1252")
    assert ds.actors[0].name == "Médiathèque"
    assert not issues_with(report, "encodage_windows_1252")
    _, report = read_dataset(folder, encoding="utf-8")
    (error,) = issues_with(report, "encodage_illisible")
    assert error.file == "acteurs.csv"
    assert report.files == tuple(f for f in report.files if f.file != "acteurs.csv")


def test_unknown_encoding_name_is_refused(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, {})
    with pytest.raises(ValueError, match="encodage"):
        read_dataset(folder, encoding="pas-un-encodage")


def test_bytes_neither_utf8_nor_cp1252_are_an_error(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, {"acteurs": b"id,nom,type\nACT1,Caf\x81\xe9,CAF\n"})
    _, report = read_dataset(folder)
    assert [i.file for i in issues_with(report, "encodage_illisible")] == ["acteurs.csv"]


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_both_delimiters_and_quoting(tmp_path: Path, delimiter: str) -> None:
    d = delimiter
    communes = f'code_insee{d}nom{d}population{d}score_ifn\n99001{d}"Alpha{d} ""centre"""{d}1000{d}"4,5"\n'
    folder = make_folder(tmp_path, {"communes": communes})
    ds, report = read_dataset(folder)
    assert report.ok
    (commune,) = ds.territory.communes
    assert commune.name == 'Alpha, "centre"'.replace(",", d)
    assert commune.ifn_score == 4.5


def test_decimal_comma_and_point(tmp_path: Path) -> None:
    mediateurs = "id;acteur_id;role;date_debut;etp\nM1;ACT1;mediateur;2024-01-01;0,5\nM2;ACT1;aidant;2024-01-01;0.25\n"
    ds, report = read_dataset(make_folder(tmp_path, {"mediateurs": mediateurs}))
    assert report.ok
    assert [m.fte for m in ds.mediators] == [0.5, 0.25]


def test_dates_iso_french_and_datetimes(tmp_path: Path) -> None:
    actions = (
        ACTIONS_HEADER + "A1,accompagnement_individuel,2024-03-05,ACT1,PL1,,,,\n"
        "A2,accompagnement_individuel,05/03/2024,ACT1,PL1,,,,\n"
        "A3,accompagnement_individuel,2024-03-31T23:30:00Z,ACT1,PL1,,,,\n"
        "A4,accompagnement_individuel,2024-02-30,ACT1,PL1,,,,\n"
    )
    ds, report = read_dataset(make_folder(tmp_path, {"actions": actions}))
    assert [a.date for a in ds.actions] == [dt.date(2024, 3, 5), dt.date(2024, 3, 5), dt.date(2024, 4, 1)]
    (error,) = report.errors
    assert (error.code, error.file, error.line, error.column, error.value) == (
        "date_invalide",
        "actions.csv",
        5,
        "date",
        "2024-02-30",
    )
    assert_accounted(ds, report)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("oui", True), ("NON", False), ("true", True), ("False", False), ("1", True), ("0", False), ("Vrai", True)],
)
def test_booleans(tmp_path: Path, text: str, expected: bool) -> None:
    acteurs = f"id,nom,type,membre_gouvernance\nACT1,CCAS,CCAS,{text}\n"
    ds, report = read_dataset(make_folder(tmp_path, {"acteurs": acteurs, "lieux": "id,acteur_id,nom,code_insee\n"}))
    assert report.ok
    assert ds.actors[0].governance_member is expected


def test_bad_boolean_rejects_the_row(tmp_path: Path) -> None:
    acteurs = "id,nom,type,membre_gouvernance\nACT1,CCAS,CCAS,peut-être\n"
    ds, report = read_dataset(make_folder(tmp_path, {"acteurs": acteurs, "lieux": "id,acteur_id,nom,code_insee\n"}))
    assert ds.actors == ()
    (error,) = report.errors
    assert (error.code, error.line, error.column, error.value) == (
        "booleen_invalide",
        2,
        "membre_gouvernance",
        "peut-être",
    )


def test_multi_values(tmp_path: Path) -> None:
    mediateurs = (
        "id,acteur_id,role,date_debut,lieu_ids,certifications\n"
        "M1,ACT1,mediateur,2024-01-01,PL1,ccp1 | Certification Pix\n"
        "M2,ACT1,mediateur,2024-01-01,,pix|PIX\n"
    )
    ds, report = read_dataset(make_folder(tmp_path, {"mediateurs": mediateurs}))
    assert [m.id for m in ds.mediators] == ["M1"]
    assert ds.mediators[0].certifications == (Certification.CCP1, Certification.PIX)
    assert ds.mediators[0].place_ids == ("PL1",)
    (error,) = report.errors
    assert (error.code, error.line, error.column) == ("valeur_repetee", 3, "certifications")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lieu d’activité", Channel.LIEU_ACTIVITE),
        ("lieu d'activite", Channel.LIEU_ACTIVITE),
        ("  À DISTANCE ", Channel.A_DISTANCE),
        ("a_distance", Channel.A_DISTANCE),
        ("domicile", Channel.DOMICILE),
    ],
)
def test_enum_labels_and_slugs(tmp_path: Path, text: str, expected: Channel) -> None:
    actions = ACTIONS_HEADER + f"A1,Accompagnement INDIVIDUEL,2024-03-05,ACT1,PL1,,{text},30,\n"
    ds, report = read_dataset(make_folder(tmp_path, {"actions": actions}))
    assert report.ok
    assert ds.actions[0].channel is expected


def test_labels_in_multi_valued_enum(tmp_path: Path) -> None:
    lieux = (
        "id,acteur_id,nom,code_insee,services\n"
        "PL1,ACT1,Lieu,99001,Aide aux démarches administratives|loisirs_et_creations_numeriques\n"
    )
    ds, report = read_dataset(make_folder(tmp_path, {"lieux": lieux}))
    assert report.ok
    assert ds.places[0].services == (
        Service.AIDE_AUX_DEMARCHES_ADMINISTRATIVES,
        Service.LOISIRS_ET_CREATIONS_NUMERIQUES,
    )


def test_unknown_enum_value_rejects_the_row(tmp_path: Path) -> None:
    actions = (
        ACTIONS_HEADER + "A1,accompagnement_individuel,2024-03-05,ACT1,PL1,,,30,\n"
        "A2,visite_guidee,2024-03-06,ACT1,PL1,,,30,\n"
    )
    ds, report = read_dataset(make_folder(tmp_path, {"actions": actions}))
    assert [a.id for a in ds.actions] == ["A1"]
    (error,) = report.errors
    assert (error.code, error.file, error.line, error.column, error.value) == (
        "valeur_inconnue",
        "actions.csv",
        3,
        "type",
        "visite_guidee",
    )
    assert "accompagnement_individuel" in error.message
    counts = {f.file: f for f in report.files}["actions.csv"]
    assert (counts.read, counts.loaded, counts.rejected) == (2, 1, 1)


def test_unknown_column_is_warned_and_ignored(tmp_path: Path) -> None:
    acteurs = "id,nom,type,ma_colonne\nACT1,CCAS,CCAS,xyz\n"
    ds, report = read_dataset(make_folder(tmp_path, {"acteurs": acteurs, "lieux": "id,acteur_id,nom,code_insee\n"}))
    (warning,) = report.warnings
    assert (warning.code, warning.file, warning.column) == ("colonne_inconnue", "acteurs.csv", "ma_colonne")
    assert len(ds.actors) == 1
    assert report.ok


def test_personal_columns_are_never_read_nor_written(tmp_path: Path) -> None:
    beneficiaires = (
        "id,nom,prenom,email,telephone,annee_naissance,notes,genre\n"
        "B1,Dupont,Jeanne,jeanne@example.org,0601020304,1957,très secret,Féminin\n"
    )
    ds, report = read_dataset(make_folder(tmp_path, {"beneficiaires": beneficiaires}))
    assert ds.beneficiaries[0].gender is Gender.FEMININ
    ignored = issues_with(report, "colonne_personnelle_ignoree")
    assert {i.column for i in ignored} == {"nom", "prenom", "email", "telephone", "annee_naissance", "notes"}
    assert all(i.severity is Severity.INFO and i.value is None for i in ignored)
    secrets = ("Dupont", "Jeanne", "jeanne@example.org", "0601020304", "1957", "très secret")
    assert not any(s in str(i) for i in report.issues for s in secrets)
    assert not any(s in repr(ds.beneficiaries) for s in secrets)
    out = tmp_path / "sortie"
    write_dataset(ds, out)
    write_dataset(ds, tmp_path / "sortie.json")
    written = "".join(p.read_text(encoding="utf-8") for p in out.iterdir())
    written += (tmp_path / "sortie.json").read_text(encoding="utf-8")
    assert not any(s in written for s in secrets)


def test_missing_required_column_rejects_every_row(tmp_path: Path) -> None:
    actions = "id,type,acteur_id,lieu_id\nA1,coordination,ACT1,PL1\nA2,coordination,ACT1,PL1\n"
    ds, report = read_dataset(make_folder(tmp_path, {"actions": actions}))
    assert ds.actions == ()
    (error,) = report.errors
    assert (error.code, error.file, error.line, error.column) == ("colonne_manquante", "actions.csv", 1, "date")
    counts = {f.file: f for f in report.files}["actions.csv"]
    assert (counts.read, counts.loaded, counts.rejected) == (2, 0, 2)


def test_missing_required_value(tmp_path: Path) -> None:
    actions = ACTIONS_HEADER + "A1,coordination,,ACT1,PL1,,,,\n"
    _, report = read_dataset(make_folder(tmp_path, {"actions": actions}))
    (error,) = report.errors
    assert (error.code, error.line, error.column) == ("valeur_manquante", 2, "date")


def test_record_invariants_become_issues_on_the_row(tmp_path: Path) -> None:
    mediateurs = (
        "id,acteur_id,role,date_debut,date_fin,etp\n"
        "M1,ACT1,mediateur,2024-01-01,2023-01-01,\n"
        "M2,ACT1,mediateur,2024-01-01,,1.5\n"
        "M3,ACT1,mediateur,2024-01-01,,\n"
    )
    actions = (
        ACTIONS_HEADER + "A1,accompagnement_individuel,2024-03-05,ACT1,,,,,\n"
        "A2,accompagnement_individuel,2024-03-05,ACT1,PL1,,,,0\n"
        "A3,coordination,2024-03-05,ACT1,,99002,,,0\n"
    )
    ds, report = read_dataset(make_folder(tmp_path, {"mediateurs": mediateurs, "actions": actions}))
    assert [m.id for m in ds.mediators] == ["M3"]
    assert [a.id for a in ds.actions] == ["A3"]
    found = [(i.file, i.line, i.column) for i in report.errors]
    assert found == [
        ("mediateurs.csv", 2, "date_fin"),
        ("mediateurs.csv", 3, "etp"),
        ("actions.csv", 2, "code_insee"),
        ("actions.csv", 3, "participants"),
    ]
    assert all(i.code == "valeur_invalide" for i in report.errors)
    assert "« end_date »" not in report.errors[0].message


def test_referential_errors_are_mapped_to_their_line(tmp_path: Path) -> None:
    lieux = "id,acteur_id,nom,code_insee\nPL1,ACT1,Espace,99001\nPL2,ACT9,Fantôme,99001\nPL1,ACT1,Doublon,99001\n"
    mediateurs = "id,acteur_id,role,date_debut,lieu_ids\nM1,ACT1,mediateur,2024-01-01,PL1|PL2\n"
    actions = (
        ACTIONS_HEADER + "A1,accompagnement_individuel,2024-03-05,ACT1,PL1,,,,1\n"
        "A2,accompagnement_individuel,2024-03-05,ACT1,PL2,,,,\n"
        "A1,atelier_collectif,2024-03-05,ACT1,PL1,,,,\n"
        "A3,coordination,2024-03-05,ACT1,,99002,,,\n"
    )
    beneficiaires = "id\nB1\nB2\n"
    participations = "action_id,beneficiaire_id\nA1,B1\nA1,B2\nA3,B1\nA9,B1\nA1,B7\n"
    folder = make_folder(
        tmp_path,
        {
            "lieux": lieux,
            "mediateurs": mediateurs,
            "actions": actions,
            "beneficiaires": beneficiaires,
            "participations": participations,
        },
    )
    ds, report = read_dataset(folder)
    found = [(i.file, i.line, i.column, i.value, i.code) for i in report.errors]
    assert found == [
        ("lieux.csv", 3, "acteur_id", "ACT9", "reference_inconnue"),
        ("lieux.csv", 4, "id", "PL1", "identifiant_en_double"),
        ("mediateurs.csv", 2, "lieu_ids", "PL2", "reference_rejetee"),
        ("actions.csv", 3, "lieu_id", "PL2", "reference_rejetee"),
        ("actions.csv", 4, "id", "A1", "identifiant_en_double"),
        ("participations.csv", 3, "action_id", "A1", "participations_en_exces"),
        ("participations.csv", 4, "action_id", "A3", "participation_hors_accompagnement"),
        ("participations.csv", 5, "action_id", "A9", "reference_inconnue"),
        ("participations.csv", 6, "beneficiaire_id", "B7", "reference_inconnue"),
    ]
    assert report.errors[2].message == "médiateur rejeté : son lieu PL2, ligne 3 de lieux.csv, a été rejeté"
    assert report.errors[2].cause is IssueCode.REFERENCE_INCONNUE
    assert [a.id for a in ds.actions] == ["A1", "A3"]
    assert [(p.action_id, p.beneficiary_id) for p in ds.participations] == [("A1", "B1")]
    assert_accounted(ds, report)


def test_strict_mode_raises_with_every_issue(tmp_path: Path) -> None:
    actions = (
        ACTIONS_HEADER + "A1,inconnu,2024-03-05,ACT1,PL1,,,,\nA2,accompagnement_individuel,32/01/2024,ACT1,PL1,,,,\n"
    )
    folder = make_folder(tmp_path, {"actions": actions})
    with pytest.raises(DataError) as caught:
        read_dataset(folder, strict=True)
    assert [i.code for i in caught.value.issues if i.severity is Severity.ERROR] == ["valeur_inconnue", "date_invalide"]
    clean = make_folder(tmp_path / "propre", {})
    ds, report = read_dataset(clean, strict=True)
    assert report.ok
    assert len(ds.actors) == 2


def test_epci_without_communes_uses_reference_data(tmp_path: Path) -> None:
    folder = make_folder(
        tmp_path,
        {"territoire": "code;nom;niveau\n241700434;CA de La Rochelle;EPCI\n"},
        defaults=False,
    )
    ds, report = read_dataset(folder)
    assert report.ok
    assert len(ds.territory.communes) == 28
    assert ds.territory.qpvs


def test_unknown_epci_is_a_clear_error(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, {"territoire": "code,nom,niveau\n999999999,Inconnu,epci\n"}, defaults=False)
    with pytest.raises(DataError) as caught:
        read_dataset(folder)
    (error,) = caught.value.issues
    assert (error.code, error.file, error.line, error.column) == ("territoire_invalide", "territoire.csv", 2, "code")
    assert "999999999" in error.message


def test_custom_territory_needs_communes(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, {"territoire": "code,nom,niveau\nX,Libre,autre\n"}, defaults=False)
    with pytest.raises(DataError, match=r"communes\.csv"):
        read_dataset(folder)


def test_territory_must_have_exactly_one_row(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, {"territoire": "code,nom,niveau\nA,Un,autre\nB,Deux,autre\n"})
    ds, report = read_dataset(folder)
    assert ds.territory.code == "A"
    (error,) = report.errors
    assert (error.code, error.line) == ("territoire_lignes", 3)
    empty = make_folder(tmp_path / "vide", {"territoire": "code,nom,niveau\n"})
    with pytest.raises(DataError, match="territoire"):
        read_dataset(empty)


def test_qpv_outside_the_communes_is_rejected(tmp_path: Path) -> None:
    qpv = "code_qpv,nom,code_insee\nQN09901M,Quartier,99001\nQN09999X,Ailleurs,99009\n"
    ds, report = read_dataset(make_folder(tmp_path, {"qpv": qpv}))
    assert [q.code for q in ds.territory.qpvs] == ["QN09901M"]
    (error,) = report.errors
    assert (error.code, error.file, error.line, error.column) == ("commune_hors_territoire", "qpv.csv", 3, "code_insee")


def test_formula_escapes_are_reversed_on_reading(tmp_path: Path) -> None:
    acteurs = "id,nom,type\nACT1,'=SOMME(A1),CCAS\nACT2,'Alpha,ASSO\n"
    ds, _ = read_dataset(make_folder(tmp_path, {"acteurs": acteurs}))
    assert [a.name for a in ds.actors] == ["=SOMME(A1)", "'Alpha"]

"""Nothing is dropped silently: rows outside the territory, unknown communes, a name that does not match its code."""

from __future__ import annotations

from pathlib import Path

from afnor_ctin import read_dataset
from afnor_ctin.errors import IssueCode, Severity


def _folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "jeu"
    folder.mkdir()
    files.setdefault("territoire", "code,nom,niveau\n241700434,CA de La Rochelle,epci\n")
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def _found(report: object) -> list[tuple[str, str | None, int | None, str | None, IssueCode]]:
    return [(i.severity.value, i.file, i.line, i.column, i.code) for i in report.issues]  # type: ignore[attr-defined]


def test_actions_and_places_outside_the_territory_or_the_cog_are_reported_with_their_row(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        acteurs="id,nom,type\nACT1,CCAS,CCAS\n",
        lieux="id,acteur_id,nom,code_insee\nL1,ACT1,Espace,17300\nL2,ACT1,Ailleurs,01173\n",
        actions=(
            "id,type,date,acteur_id,lieu_id,code_insee\n"
            "A1,atelier_collectif,2024-03-12,ACT1,,17300\n"
            "A2,atelier_collectif,2024-03-12,ACT1,,01173\n"
            "A3,atelier_collectif,2024-03-12,ACT1,,99999\n"
            "A4,atelier_collectif,2204-03-12,ACT1,,17300\n"
            "A5,atelier_collectif,2024-03-12,ACT1,L2,\n"
            "A6,atelier_collectif,2024-03-12,ACT1,L1,\n"
        ),
    )

    dataset, report = read_dataset(folder)

    warn, error = Severity.WARNING.value, Severity.ERROR.value
    assert _found(report) == [
        (warn, "lieux.csv", 3, "code_insee", IssueCode.HORS_TERRITOIRE),
        (warn, "actions.csv", 3, "code_insee", IssueCode.HORS_TERRITOIRE),
        (warn, "actions.csv", 4, "code_insee", IssueCode.COMMUNE_INCONNUE),
        (error, "actions.csv", 5, "date", IssueCode.DATE_IMPROBABLE),
        (warn, "actions.csv", 6, "lieu_id", IssueCode.HORS_TERRITOIRE),
    ]
    assert "2204" in report.errors[0].message
    assert "CA de La Rochelle" in report.warnings[0].message
    # warnings keep their row; the implausible date rejects it, and the load report counts each
    assert dataset.counts()["actions"] == 5
    assert (report.rejected, len(report.warnings)) == (1, 4)


def test_a_name_that_does_not_match_the_siren_is_a_warning(tmp_path: Path) -> None:
    folder = _folder(tmp_path, territoire="code,nom,niveau\n200040715,CC du Pays de Gex,epci\n")

    dataset, report = read_dataset(folder)

    (issue,) = report.issues
    assert (issue.code, issue.severity, issue.line, issue.column) == (
        IssueCode.TERRITOIRE_INCOHERENT,
        Severity.WARNING,
        2,
        "nom",
    )
    assert "Grenoble" in issue.message
    assert f"{len(dataset.territory.communes)} communes" in issue.message


def test_names_that_only_differ_by_their_legal_form_are_consistent(tmp_path: Path) -> None:
    folder = _folder(tmp_path, territoire="code,nom,niveau\n241700434,Communauté d'agglomération de La Rochelle,epci\n")
    assert read_dataset(folder)[1].issues == ()


def test_an_unknown_commune_code_in_the_communes_file_is_a_warning(tmp_path: Path) -> None:
    folder = _folder(tmp_path, communes="code_insee,nom,population\n17300,La Rochelle,79961\n99999,Nulle part,10\n")

    _, report = read_dataset(folder)

    assert _found(report) == [("avertissement", "communes.csv", 3, "code_insee", IssueCode.COMMUNE_INCONNUE)]

"""Never an unhandled exception from data; what is read can be written back."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from tests.fuzz.hostile import CASES, DATA

from afnor_ctin.dataset import Dataset
from afnor_ctin.errors import DataError, InvalidInputError, IssueCode, Severity
from afnor_ctin.io.exports import import_files, read_export, write_side_files
from afnor_ctin.io.exports._base import Unmapped
from afnor_ctin.io.native import read_dataset, write_dataset
from afnor_ctin.testing.examples import worked_example


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "jeu"
    write_dataset(worked_example(), target)
    return target


@pytest.mark.parametrize("codec", ["rot13", "base64", "hex", "zlib", "idna", "unicode_escape", "undefined"])
def test_only_text_encodings_of_files_are_accepted(folder: Path, codec: str) -> None:
    with pytest.raises(InvalidInputError, match="n'est pas un encodage de fichier texte"):
        read_dataset(folder, encoding=codec)


def test_utf16_without_bom_is_an_issue(folder: Path) -> None:
    with pytest.raises(DataError) as caught:
        read_dataset(folder, encoding="utf-16")
    assert caught.value.issues[0].code is IssueCode.ENCODAGE_ILLISIBLE


def test_lone_surrogate_and_nul_are_replaced_with_a_warning(tmp_path: Path) -> None:
    source = tmp_path / "a.json"
    write_dataset(worked_example(), source)
    text = source.read_text(encoding="utf-8").replace('"nom": "', '"nom": "\\ud800\\u0000', 1)
    hostile = tmp_path / "b.json"
    hostile.write_text(text, encoding="utf-8")
    dataset, report = read_dataset(hostile)
    warnings = [i for i in report.issues if i.code is IssueCode.CARACTERE_REMPLACE]
    assert [i.severity for i in warnings] == [Severity.WARNING]
    for target in (tmp_path / "c", tmp_path / "c.json", tmp_path / "c.xlsx"):
        write_dataset(dataset, target)
        again, back = read_dataset(target)
        assert back.ok
        assert again.counts() == dataset.counts()


def test_full_width_digits_are_not_numbers(folder: Path) -> None:
    path = folder / "actions.csv"
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    cells = lines[1].split(",")
    cells[9] = "１２"
    lines[1] = ",".join(cells)
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    _, report = read_dataset(folder)
    assert [(i.code, i.line, i.column) for i in report.errors][:1] == [(IssueCode.NOMBRE_INVALIDE, 2, "participants")]


def test_one_bad_file_does_not_stop_a_multi_file_import(tmp_path: Path) -> None:
    empty_folder = tmp_path / "vide"
    empty_folder.mkdir()
    damaged = CASES["export-damaged-zip"][1](tmp_path)
    bad_json = CASES["cra-attributes-x"][1](tmp_path)
    good = DATA / "lieux_v1.csv"
    result = import_files([empty_folder, damaged, bad_json, good])
    assert result.dataset.counts()["lieux"] > 0
    errors = [i for i in result.issues if i.severity is Severity.ERROR]
    assert any(i.file == "coop.xlsx" for i in errors)
    assert any("territoire" in i.message for i in errors)


def test_raw_values_of_beneficiaries_are_not_linked_to_their_id(tmp_path: Path) -> None:
    unmapped = [
        Unmapped(entity="beneficiaires", id="B-7", column="statut", value="intérimaire", file="coop.xlsx", line=4),
        Unmapped(entity="actions", id="A-1", column="type", value="Cours de cuisine", file="coop.xlsx", line=5),
    ]
    write_side_files(tmp_path, unmapped, [])
    rows = (tmp_path / "non_reconnus.csv").read_text(encoding="utf-8").splitlines()
    assert rows[1:] == [
        "beneficiaires,,statut,intérimaire,coop.xlsx,4",
        "actions,A-1,type,Cours de cuisine,coop.xlsx,5",
    ]


def test_negative_participant_counts_reject_the_row(tmp_path: Path) -> None:
    source = DATA / "coop_api_page1.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    items = data["data"] if isinstance(data, dict) else data
    first = next(i for i in items if isinstance(i, dict) and isinstance(i.get("attributes"), dict))
    first["attributes"]["accompagnements"] = -3
    target = tmp_path / "coop.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    reading = read_export(target)
    assert any("négatif" in i.message for i in reading.issues if i.severity is Severity.ERROR)
    assert reading.files[0].rejected >= 1


def test_unreadable_coop_count_rejects_its_row_only(tmp_path: Path) -> None:
    data = json.loads((DATA / "coop_api_page1.json").read_text(encoding="utf-8"))
    items = data["data"] if isinstance(data, dict) else data
    activities = [i for i in items if isinstance(i, dict) and isinstance(i.get("attributes"), dict)]
    activities[0]["attributes"]["beneficiaires"]["genres"]["masculin"] = "beaucoup"
    target = tmp_path / "coop.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    reading = read_export(target)
    assert [(f.read, f.rejected) for f in reading.files] == [(len(activities), 1)]
    assert [i.column for i in reading.issues if i.severity is Severity.ERROR] == ["genres"]


@pytest.mark.parametrize("name", ["\rCA de test\r\nsuite", "a_x000D_b", "=1+2", "-moins"])
def test_spreadsheet_round_trip_keeps_carriage_returns_and_escapes(tmp_path: Path, name: str) -> None:
    ds = worked_example()
    records = ("actors", "places", "mediators", "actions", "beneficiaries", "participations", "fundings")
    changed = Dataset(attrs.evolve(ds.territory, name=name), **{k: getattr(ds, k) for k in records})
    write_dataset(changed, tmp_path / "jeu.xlsx")
    back, report = read_dataset(tmp_path / "jeu.xlsx")
    assert report.ok
    assert back.territory.name == name

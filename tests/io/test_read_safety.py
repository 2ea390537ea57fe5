"""Never an unhandled exception from data; what is read can be written back."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.fuzz.hostile import CASES, DATA

from afnor_ctin.errors import DataError, InvalidInputError, IssueCode, Severity
from afnor_ctin.io.exports import import_files
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

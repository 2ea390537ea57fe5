"""Bounded reading: a file over a documented limit is rejected with an issue naming the limit."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.fuzz.hostile import CASES, read_case

from afnor_ctin.errors import DataError, IssueCode, LoadReport, Severity
from afnor_ctin.io.exports import ExportReading, import_files
from afnor_ctin.io.limits import (
    MAX_JSON_DEPTH,
    LimitError,
    check_json_depth,
    column_number,
    json_object,
    loads_json,
)

#: Small hostile cases and the issue (code, words of the message) each must give.
EXPECTED = {
    "export-ref-AAAAAAA1": (IssueCode.LIMITE_DEPASSEE, "XFD"),
    "export-ref-ZZZZZZZ1": (IssueCode.LIMITE_DEPASSEE, "XFD"),
    "export-ref-e-acute": (IssueCode.LIMITE_DEPASSEE, "é1"),
    "export-row-99999999999": (IssueCode.LIMITE_DEPASSEE, "limite de lignes par feuille"),
    "export-string-index-999999": (IssueCode.FICHIER_ILLISIBLE, "chaîne partagée 999999"),
    "export-string-index-minus-1": (IssueCode.FICHIER_ILLISIBLE, "chaîne partagée -1"),
    "export-damaged-zip": (IssueCode.FICHIER_ILLISIBLE, "illisible"),
    "native-csv-cell-131073": (IssueCode.LIMITE_DEPASSEE, "longueur d'une cellule"),
    "native-csv-unclosed-quote": (IssueCode.CSV_INVALIDE, "guillemet non fermé"),
    "native-int-4300-digits": (IssueCode.VALEUR_HORS_LIMITES, "trop grand"),
    "native-xlsx-ref-AAAAAAA1": (IssueCode.LIMITE_DEPASSEE, "AAAAAAA1"),
    "native-xlsx-ref-99999999999": (IssueCode.LIMITE_DEPASSEE, "A99999999999"),
    "native-json-200000-keys": (IssueCode.LIMITE_DEPASSEE, "limite de clés par objet"),
    "native-json-deep": (IssueCode.LIMITE_DEPASSEE, "limite de profondeur"),
}


def issues_of(result: object) -> list[tuple[IssueCode, str]]:
    if isinstance(result, DataError | ExportReading):
        found = result.issues
    else:
        assert isinstance(result, tuple)
        report = result[1]
        assert isinstance(report, LoadReport)
        found = report.issues
    return [(i.code, i.message) for i in found if i.severity is Severity.ERROR]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_gives_the_issue_naming_the_limit(name: str, tmp_path: Path) -> None:
    code, words = EXPECTED[name]
    result = read_case(name, CASES[name][1](tmp_path))
    assert any(c is code and words in m for c, m in issues_of(result)), issues_of(result)


def test_one_bad_row_leaves_the_others_loaded(tmp_path: Path) -> None:
    for name in ("native-csv-cell-131073", "native-csv-unclosed-quote", "native-int-4300-digits"):
        folder = tmp_path / name
        folder.mkdir()
        dataset, report = read_case(name, CASES[name][1](folder))  # type: ignore[misc]
        actions = next(f for f in report.files if f.file == "actions.csv")
        assert (actions.read, actions.rejected) == (12, 1), name
        assert dataset.counts()["actions"] == 11


def test_export_numbers_beyond_32_bits_reject_the_row(tmp_path: Path) -> None:
    result = import_files([CASES["cra-1e20"][1](tmp_path)], territory="241700434")
    assert any(i.column == "nb_participants" for i in result.issues if i.severity is Severity.ERROR)


def test_territory_name_over_the_cell_limit(tmp_path: Path) -> None:
    name = "native-territory-name-64MiB"
    result = read_case(name, CASES[name][1](tmp_path))
    assert any(c is IssueCode.LIMITE_DEPASSEE for c, _ in issues_of(result))


def test_column_references() -> None:
    assert [column_number(x) for x in ("A", "Z", "AA", "XFD", "xfd")] == [1, 26, 27, 16384, 16384]
    assert [column_number(x) for x in ("", "XFE", "AAAA", "é", "A1")] == [None] * 5


def test_json_depth_is_counted_outside_strings() -> None:
    check_json_depth(b'{"a": "' + b"[" * 1000 + b'"}')
    check_json_depth(b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH)
    with pytest.raises(LimitError, match="profondeur"):
        check_json_depth(b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1))


def test_duplicate_json_keys_are_refused() -> None:
    assert json_object([("a", 1), ("b", 2)]) == {"a": 1, "b": 2}
    with pytest.raises(ValueError, match="« a » en double"):
        loads_json('{"a": 1, "b": 2, "a": 3}')

"""Malformed inputs only ever produce issues or a DataError, and every row stays accounted for."""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from native_helpers import assert_accounted, make_folder

from afnor_ctin.dataset import Dataset
from afnor_ctin.errors import DataError
from afnor_ctin.io.native import read_dataset, write_dataset
from afnor_ctin.testing.examples import worked_example

ENTITIES = ("actors", "places", "mediators", "actions", "beneficiaries", "participations", "fundings")


def _read_safely(path: Path) -> None:
    """Read; only DataError may escape; the loaded records are valid and consistent."""
    try:
        ds, report = read_dataset(path)
    except DataError as exc:
        issues = exc.issues
        assert issues
        return
    assert_accounted(ds, report)
    records = {name: getattr(ds, name) for name in ENTITIES}
    Dataset(ds.territory, **records)


def test_non_existent_path() -> None:
    with pytest.raises(DataError) as caught:
        read_dataset("/nonexistent/jeu")
    assert caught.value.issues[0].code == "chemin_introuvable"


def test_directory_without_territory(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, {}, defaults=False)
    (folder / "acteurs.csv").write_text("id,nom,type\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_dataset(folder)
    assert [i.code for i in caught.value.issues] == ["territoire_manquant"]


def test_unsupported_file_type(tmp_path: Path) -> None:
    path = tmp_path / "jeu.ods"
    path.write_bytes(b"x")
    with pytest.raises(DataError) as caught:
        read_dataset(path)
    assert caught.value.issues[0].code == "format_inconnu"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "fichier_vide"),
        (b"\n\n", "fichier_vide"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "fichier_binaire"),
        (b"\xff\xfei\x00d\x00", "encodage_illisible"),
    ],
)
def test_unreadable_actions_file(tmp_path: Path, content: bytes, code: str) -> None:
    ds, report = read_dataset(make_folder(tmp_path, {"actions": content}))
    assert [i.code for i in report.errors] == [code]
    assert ds.actions == ()
    assert_accounted(ds, report)


def test_duplicated_header(tmp_path: Path) -> None:
    acteurs = "id,nom,type,nom\nACT1,CCAS,CCAS,Autre nom\n"
    ds, report = read_dataset(make_folder(tmp_path, {"acteurs": acteurs, "lieux": "id,acteur_id,nom,code_insee\n"}))
    (error,) = report.errors
    assert (error.code, error.column) == ("colonne_en_double", "nom")
    assert ds.actors[0].name == "CCAS"


def test_ragged_rows(tmp_path: Path) -> None:
    acteurs = "id,nom,type\nACT1,CCAS\nACT2,Asso,ASSO,en trop\nACT3,Bib,BIB,,\n"
    ds, report = read_dataset(make_folder(tmp_path, {"acteurs": acteurs, "lieux": "id,acteur_id,nom,code_insee\n"}))
    assert [a.id for a in ds.actors] == ["ACT3"]
    assert [(i.code, i.line) for i in report.errors] == [("valeur_manquante", 2), ("nombre_de_cellules", 3)]
    assert_accounted(ds, report)


def test_truncated_quoted_field(tmp_path: Path) -> None:
    acteurs = 'id,nom,type\nACT1,CCAS,CCAS\nACT2,"Asso sans fin,ASSO\n'
    ds, report = read_dataset(make_folder(tmp_path, {"acteurs": acteurs, "lieux": "id,acteur_id,nom,code_insee\n"}))
    assert [a.id for a in ds.actors] == ["ACT1"]
    assert report.errors
    assert_accounted(ds, report)


def test_absurd_values(tmp_path: Path) -> None:
    actions = (
        "id,type,date,acteur_id,lieu_id,duree_min,participants\n"
        "A1,coordination,2024-01-01,ACT1,PL1,99999999999,\n"
        "A2,coordination,99999-01-01,ACT1,PL1,,\n"
        "A3,coordination,2024-01-01,ACT1,PL1,-5,\n"
        "A4,coordination,2024-01-01,ACT1,PL1,1e400,\n"
        "A5,coordination,2024-01-01,ACT1,PL1,,2.5\n"
    )
    ds, report = read_dataset(make_folder(tmp_path, {"actions": actions}))
    assert ds.actions == ()
    assert [i.code for i in report.errors] == [
        "valeur_hors_limites",
        "date_invalide",
        "nombre_invalide",
        "nombre_invalide",
        "nombre_invalide",
    ]


def test_corrupt_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "jeu.xlsx"
    path.write_bytes(b"PK\x03\x04 ceci n'est pas un classeur")
    with pytest.raises(DataError) as caught:
        read_dataset(path)
    assert caught.value.issues[0].code == "classeur_illisible"


def test_xlsx_with_damaged_sheet(tmp_path: Path) -> None:
    good = tmp_path / "bon.xlsx"
    write_dataset(worked_example(), good)
    bad = tmp_path / "jeu.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.endswith("sheet7.xml"):
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    _read_safely(bad)


@pytest.mark.parametrize(
    "content",
    [
        b"{",
        b"[]",
        b'{"format": "autre"}',
        b'{"version": 99, "territoire": {}}',
        b'{"territoire": {"code": "X", "nom": "Y", "niveau": "autre"}, "communes": "pas une liste"}',
        b"\xff\xfe",
    ],
)
def test_malformed_json(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "jeu.json"
    path.write_bytes(content)
    with pytest.raises(DataError) as caught:
        read_dataset(path)
    assert caught.value.issues


def test_json_elements_of_the_wrong_kind(tmp_path: Path) -> None:
    path = tmp_path / "jeu.json"
    write_dataset(worked_example(), path)
    text = path.read_text(encoding="utf-8").replace('"acteurs": [', '"acteurs": [42, {"id": ["x"]},', 1)
    path.write_text(text, encoding="utf-8")
    ds, report = read_dataset(path)
    assert [(i.code, i.file, i.line) for i in report.errors] == [
        ("json_invalide", "acteurs", 1),
        ("json_invalide", "acteurs", 2),
    ]
    assert len(ds.actors) == 3
    assert_accounted(ds, report)


@pytest.fixture(scope="module")
def valid_folder() -> Path:
    root = Path(tempfile.mkdtemp())
    write_dataset(worked_example(), root / "jeu")
    return root / "jeu"


_FILES = ("actions", "lieux", "mediateurs", "participations", "financements", "acteurs", "territoire")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None, max_examples=40)
@given(
    name=st.sampled_from(_FILES),
    edits=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), min_size=1, max_size=8),
    cut=st.none() | st.integers(0, 10_000),
)
def test_random_byte_corruption(valid_folder: Path, name: str, edits: list[tuple[int, int]], cut: int | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "jeu"
        folder.mkdir()
        for source in valid_folder.iterdir():
            (folder / source.name).write_bytes(source.read_bytes())
        target = folder / f"{name}.csv"
        data = bytearray(target.read_bytes())
        for position, byte in edits:
            data[position % len(data)] = byte
        if cut is not None:
            data = data[: cut % (len(data) + 1)]
        target.write_bytes(bytes(data))
        _read_safely(folder)


_CELL_VALUES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "0", "-1", "1,5", "oui", "99001", "ACT1", "PL1", "M1", "A1", "2024-02-30", "'=1", "a|a"]),
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None, max_examples=40)
@given(
    name=st.sampled_from(_FILES),
    edits=st.lists(st.tuples(st.integers(0, 1000), st.integers(0, 20), _CELL_VALUES), min_size=1, max_size=6),
)
def test_random_cell_edits(valid_folder: Path, name: str, edits: list[tuple[int, int, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "jeu"
        folder.mkdir()
        for source in valid_folder.iterdir():
            (folder / source.name).write_bytes(source.read_bytes())
        target = folder / f"{name}.csv"
        rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
        for row_index, column, value in edits:
            row = rows[row_index % len(rows)]
            row[column % len(row)] = value
        buffer = io.StringIO(newline="")
        csv.writer(buffer).writerows(rows)
        target.write_text(buffer.getvalue(), encoding="utf-8")
        _read_safely(folder)


@pytest.mark.parametrize(
    ("header", "code"),
    [
        (b"x" * 200_000 + b"id,nom,type,code_insee", "limite_depassee"),  # a header cell over the field limit
        (b",".join(b"c%d" % i for i in range(20_000)), "limite_depassee"),  # more columns than the limit
    ],
    ids=["cellule", "colonnes"],
)
def test_a_file_whose_header_cannot_be_read_is_refused_as_a_whole(tmp_path: Path, header: bytes, code: str) -> None:
    folder = tmp_path / "jeu"
    write_dataset(worked_example(), folder)
    actors = folder / "acteurs.csv"
    rows = actors.read_bytes().split(b"\n", 1)[1]
    actors.write_bytes(header + b"\n" + rows)
    _ds, report = read_dataset(folder)
    # Its rows can be neither loaded nor rejected one by one: the file is refused (no line), not left out.
    refused = [issue for issue in report.unreadable if issue.file == "acteurs.csv"]
    assert [issue.code for issue in refused] == [code]
    assert "en-tête" in refused[0].message
    assert "ligne 1" in refused[0].message

"""Atomic writes: a file or a folder is replaced as a whole or not at all, never through a symlink."""

from __future__ import annotations

import os
import resource
import signal
from pathlib import Path

import pytest

from afnor_ctin.errors import CtinError
from afnor_ctin.io.atomic import (
    OverwriteError,
    UnsafePathError,
    WriteError,
    atomic_path,
    atomic_write_bytes,
    atomic_write_text,
    replace_folder,
)
from afnor_ctin.io.native import read_dataset, write_dataset
from afnor_ctin.testing.examples import worked_example


def entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_existing_file_is_replaced_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    atomic_write_text(target, "premier")
    with pytest.raises(OverwriteError, match="existe déjà"):
        atomic_write_text(target, "second")
    assert target.read_text() == "premier"
    atomic_write_text(target, "second", overwrite=True)
    assert target.read_text() == "second"
    assert entries(tmp_path) == ["a.txt"]


def test_failed_write_keeps_previous_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "rapport.json"
    target.write_text("ancien")

    def fail_midway() -> None:
        with atomic_path(target, overwrite=True) as temporary:
            temporary.write_text("nouveau, incomplet")
            raise RuntimeError("échec au milieu")

    with pytest.raises(RuntimeError):
        fail_midway()
    assert target.read_text() == "ancien"
    assert entries(tmp_path) == ["rapport.json"]


def test_unencodable_text_is_a_library_error_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="caractère impossible"):
        atomic_write_text(tmp_path / "a.txt", "x\ud800")
    assert entries(tmp_path) == []


@pytest.mark.parametrize("dangling", [False, True])
def test_symlink_target_is_refused(tmp_path: Path, dangling: bool) -> None:
    outside = tmp_path / "dehors.txt"
    if not dangling:
        outside.write_text("à garder")
    inside = tmp_path / "dossier"
    inside.mkdir()
    (inside / "acteurs.csv").symlink_to(outside)
    with pytest.raises(UnsafePathError, match="lien symbolique"):
        atomic_write_bytes(inside / "acteurs.csv", b"x", overwrite=True)
    assert outside.exists() is not dangling
    if not dangling:
        assert outside.read_text() == "à garder"


def test_target_outside_the_allowed_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    with pytest.raises(UnsafePathError, match="hors du dossier"):
        atomic_write_bytes(tmp_path / "d" / ".." / "x.txt", b"x", within=tmp_path / "d")
    assert not (tmp_path / "x.txt").exists()


def test_full_device_gives_a_french_write_error() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("pas de /dev/full")
    with pytest.raises(WriteError, match="plus de place"):
        atomic_write_bytes("/dev/full", b"x" * 100_000)
    assert Path("/dev/full").is_char_device()


def test_replace_folder_swaps_the_whole_folder(tmp_path: Path) -> None:
    target = tmp_path / "jeu"
    with replace_folder(target) as fresh:
        (fresh / "a.csv").write_text("1")
        (fresh / "b.csv").write_text("1")
    with pytest.raises(OverwriteError):
        replace_folder(target).__enter__()
    with replace_folder(target, overwrite=True, managed={"a.csv", "b.csv"}) as fresh:
        (fresh / "a.csv").write_text("2")
    assert entries(target) == ["a.csv"]
    assert (target / "a.csv").read_text() == "2"
    assert entries(tmp_path) == ["jeu"]


def test_replace_folder_failure_leaves_old_folder(tmp_path: Path) -> None:
    target = tmp_path / "jeu"
    target.mkdir()
    (target / "a.csv").write_text("ancien")

    def fail_midway() -> None:
        with replace_folder(target, overwrite=True) as fresh:
            (fresh / "a.csv").write_text("nouveau")
            raise KeyError("échec")

    with pytest.raises(KeyError):
        fail_midway()
    assert (target / "a.csv").read_text() == "ancien"
    assert entries(tmp_path) == ["jeu"]


def test_folder_with_foreign_files_is_never_replaced(tmp_path: Path) -> None:
    target = tmp_path / "jeu"
    target.mkdir()
    (target / "mes-notes.docx").write_text("précieux")
    with pytest.raises(UnsafePathError, match=r"mes-notes\.docx"):
        write_dataset(worked_example(), target, overwrite=True)
    assert entries(target) == ["mes-notes.docx"]


def test_write_dataset_over_an_existing_dataset(tmp_path: Path) -> None:
    ds = worked_example()
    for name in ("jeu", "jeu.xlsx", "jeu.json"):
        target = tmp_path / name
        write_dataset(ds, target)
        with pytest.raises(OverwriteError):
            write_dataset(ds, target)
        write_dataset(ds, target, overwrite=True)
        back, report = read_dataset(target)
        assert report.ok
        assert back.counts() == ds.counts()
    assert entries(tmp_path) == ["jeu", "jeu.json", "jeu.xlsx"]


def test_empty_folder_is_filled_without_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "vide"
    target.mkdir()
    write_dataset(worked_example(), target)
    assert "actions.csv" in entries(target)


def test_file_size_limit_keeps_the_previous_dataset(tmp_path: Path) -> None:
    ds = worked_example()
    target = tmp_path / "jeu.json"
    write_dataset(ds, target)
    before = target.read_bytes()
    previous_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    previous_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (len(before) // 2, previous_limit[1]))
    try:
        with pytest.raises(CtinError, match="fichier trop grand"):
            write_dataset(ds, target, overwrite=True)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, previous_limit)
        signal.signal(signal.SIGXFSZ, previous_handler)
    assert target.read_bytes() == before
    assert entries(tmp_path) == ["jeu.json"]


def test_written_files_get_the_usual_permissions(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        write_dataset(worked_example(), tmp_path / "jeu")
        atomic_write_text(tmp_path / "a.txt", "x")
    finally:
        os.umask(mask)
    assert (tmp_path / "jeu").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o644
    assert {p.stat().st_mode & 0o777 for p in (tmp_path / "jeu").iterdir()} == {0o644}

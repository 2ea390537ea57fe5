"""`--remplacer`: no command replaces an existing output unless asked, and none writes through a symlink."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.cli.test_cli import one_line_error, run

DATA = Path(__file__).resolve().parents[1] / "io" / "exports" / "data"
EXPORT = DATA / "lieux_v1.csv"


@pytest.fixture(scope="module")
def example_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("ex") / "la-rochelle"
    assert run("example", "la-rochelle", target).returncode == 0
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_example_and_template_refuse_to_replace(tmp_path: Path) -> None:
    folder = tmp_path / "jeu"
    assert run("example", "la-rochelle", folder).returncode == 0
    before = snapshot(folder)
    assert "--remplacer" in one_line_error(run("example", "la-rochelle", folder), 1)
    assert snapshot(folder) == before
    assert run("example", "la-rochelle", folder, "--remplacer").returncode == 0
    assert snapshot(folder) == before
    book = tmp_path / "modele.xlsx"
    assert run("template", book).returncode == 0
    assert "existe déjà" in one_line_error(run("template", book), 1)
    assert run("template", book, "--overwrite").returncode == 0


def test_report_refuses_to_replace_an_output(example_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "rapport.json"
    out.write_text("ancien rapport")
    assert "existe déjà" in one_line_error(run("report", example_dir, "-p", "2024", "-f", "json", "-o", out), 1)
    assert out.read_text() == "ancien rapport"
    assert run("report", example_dir, "-p", "2024", "-f", "json", "-o", out, "--remplacer").returncode == 0
    assert out.read_text().startswith("{")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.json"]


def test_import_into_a_dataset_refuses_then_merges(example_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "jeu"
    shutil.copytree(example_dir, folder)
    before = snapshot(folder)
    assert "fusionner" in one_line_error(run("import", EXPORT, "--into", folder), 1)
    assert snapshot(folder) == before
    proc = run("import", folder, EXPORT, "--into", folder, "--remplacer")
    assert proc.returncode in (0, 1), proc.stderr
    actions = (folder / "actions.csv").read_text(encoding="utf-8").splitlines()
    assert len(actions) == len(before["actions.csv"].decode("utf-8").splitlines())
    lieux = (folder / "lieux.csv").read_text(encoding="utf-8").splitlines()
    assert len(lieux) > len(before["lieux.csv"].decode("utf-8").splitlines())


@pytest.mark.parametrize("name", ["acteurs.csv", "non_reconnus.csv"])
def test_import_never_writes_through_a_symlink(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "jeu"
    folder.mkdir()
    outside = tmp_path / "ailleurs.csv"
    if name == "acteurs.csv":
        outside.write_text("à garder")
    (folder / name).symlink_to(outside)
    proc = run("import", EXPORT, "--into", folder, "--remplacer")
    assert proc.returncode == 1
    assert outside.exists() is (name == "acteurs.csv")
    if outside.exists():
        assert outside.read_text() == "à garder"


def test_folder_target_that_is_a_symlink_is_refused(example_dir: Path, tmp_path: Path) -> None:
    real = tmp_path / "vrai"
    real.mkdir()
    link = tmp_path / "lien"
    link.symlink_to(real)
    assert "lien symbolique" in one_line_error(run("example", "la-rochelle", link, "--remplacer"), 1)
    assert list(real.iterdir()) == []

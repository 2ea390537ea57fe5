"""`validate` and `import` group the problems by cause and write them all to a file, as a user runs them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from tests.cli.test_cli import run

from afnor_ctin import write_dataset
from afnor_ctin.testing.examples import worked_example


@pytest.fixture
def broken(tmp_path: Path) -> tuple[Path, str]:
    """The worked example with one actor of unknown type (its actions, places… go with it)."""
    ds = worked_example()
    folder = tmp_path / "jeu"
    write_dataset(ds, folder)
    actor = next(a.id for a in ds.actors if any(x.actor_id == a.id for x in ds.actions))
    path = folder / "acteurs.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["id"] == actor:
            row["type"] = "telepathie"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder, actor


def test_validate_groups_the_cascade_under_its_root_cause(broken: tuple[Path, str]) -> None:
    folder, actor = broken
    proc = run("validate", folder)
    assert proc.returncode == 1
    text = proc.stdout
    assert "Signalements par cause : 1 cause" in text
    head = next(line for line in text.splitlines() if line.startswith("[erreur] valeur_inconnue"))
    assert "en cascade" in head
    assert "telepathie" in text
    assert f"action rejetée : son acteur {actor}, ligne " in text or "… et " in text
    assert len(text.splitlines()) < 30


def test_validate_writes_every_issue_as_json_csv_or_xlsx(broken: tuple[Path, str], tmp_path: Path) -> None:
    folder, actor = broken
    doc = json.loads(run("validate", folder, "--format", "json").stdout)
    (cause,) = doc["causes"]
    assert cause["cause"] == "valeur_inconnue"
    assert cause["en_cascade"] == cause["nombre"] - 1 > 0
    assert len(doc["problemes"]) == cause["nombre"]
    cascades = [p for p in doc["problemes"] if p["code"] == "reference_rejetee"]
    assert all(p["cause"] == "valeur_inconnue" for p in cascades)
    assert any(p["message"].startswith(f"action rejetée : son acteur {actor}, ligne ") for p in cascades)

    out = tmp_path / "problemes.xlsx"
    assert run("validate", folder, "-o", out).returncode == 1
    sheet = openpyxl.load_workbook(out)["problemes"]
    assert sheet.max_row - 1 == cause["nombre"]

    out = tmp_path / "problemes.csv"
    assert run("validate", folder, "--format", "csv", "-o", out).returncode == 1
    with out.open(encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.DictReader(fh, delimiter=";"))) == cause["nombre"]
    proc = run("validate", folder, "-o", tmp_path / "problemes.txt")
    assert proc.returncode == 2
    assert ".json, .csv ou .xlsx" in proc.stderr


def test_import_prints_the_grouped_problems_and_writes_them_next_to_the_data(tmp_path: Path) -> None:
    folder = tmp_path / "jeu"
    folder.mkdir()
    files = {
        "territoire.csv": "code,nom,niveau\n241700434,CA de La Rochelle,epci\n",
        "acteurs.csv": "id,nom,type\nACT1,Asso,telepathie\nACT2,CCAS,CCAS\n",
        "actions.csv": "id,type,date,acteur_id,code_insee\nA1,atelier_collectif,2024-03-12,ACT1,17300\n"
        "A2,atelier_collectif,2024-03-12,ACT2,17300\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    target = tmp_path / "importe"
    proc = run("import", folder, "--into", target)
    assert "Signalements par cause" in proc.stdout, proc.stderr
    assert "[erreur] valeur_inconnue" in proc.stdout
    with (target / "problemes.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    assert [(r["code"], r["cause"], r["fichier"]) for r in rows][:2] == [
        ("valeur_inconnue", "valeur_inconnue", "acteurs.csv"),
        ("reference_rejetee", "valeur_inconnue", "actions.csv"),
    ]
    # the files an import writes next to the data are not reported as unknown files
    proc = run("validate", target)
    assert proc.returncode == 0, proc.stdout
    assert "Aucun signalement." in proc.stdout

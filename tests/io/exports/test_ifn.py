"""Indice de fragilité numérique: readings, scores given to the territory, ``communes.csv`` updated in place."""

import csv
import os
import subprocess
import sys

from real_exports import DATA, accounted

from afnor_ctin.errors import Severity
from afnor_ctin.io.exports import import_files, read_export


def test_communes_with_their_score():
    reading = read_export(DATA / "ifn.csv")
    assert (reading.format, reading.generation) == ("ifn", "csv")
    accounted(reading)
    scores = {c.code_insee: c.ifn_score for c in reading.communes}
    assert scores == {"17300": 4.1, "17028": 3.6, "17200": 3.1, "17010": 6.2, "17379": 7.4, "75056": 2.9}
    assert {c.population > 0 for c in reading.communes} == {True}  # from the bundled COG
    outside = [i for i in reading.issues if i.code == "hors_champ"]
    assert [(i.line, i.value) for i in outside] == [(8, "epci")]
    (error,) = [i for i in reading.issues if i.severity is Severity.ERROR]
    assert (error.line, error.column, error.value) == (9, "total", "12")


def test_scores_go_to_the_territory_communes():
    result = import_files([DATA / "lieux_v1.csv", DATA / "ifn.csv"])
    scored = {c.code_insee: c.ifn_score for c in result.territory.communes if c.ifn_score is not None}
    assert scored == {"17300": 4.1, "17028": 3.6, "17200": 3.1, "17010": 6.2}
    count = {f.file: f for f in result.files}["ifn.csv"]
    assert (count.imported, count.rejected) == (4, 4)  # Paris and Saint-Médard-d'Aunis are outside the CDA
    assert any("4 commune(s) sur 28 notée(s)" in line for line in result.summary_lines())


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "afnor_ctin.cli", *args], capture_output=True, text=True, env=os.environ, check=False
    )


def test_cli_fills_score_ifn_of_an_existing_folder(tmp_path):
    folder = tmp_path / "territoire"
    first = _cli("import", str(DATA / "lieux_v1.csv"), "--into", str(folder))
    assert first.returncode in (0, 1), first.stderr
    places = (folder / "lieux.csv").read_bytes()
    before = list(csv.DictReader((folder / "communes.csv").open(encoding="utf-8")))
    assert not any(r["score_ifn"] for r in before)
    run = _cli("import", str(DATA / "ifn.csv"), "--into", str(folder))
    assert run.returncode == 1, run.stderr  # the row with a score of 12 is an error
    assert "Traceback" not in run.stderr
    assert "4 commune(s) sur 28 ont reçu un score IFN" in run.stdout
    after = list(csv.DictReader((folder / "communes.csv").open(encoding="utf-8")))
    assert [r["code_insee"] for r in after] == [r["code_insee"] for r in before]
    assert {r["code_insee"]: r["score_ifn"] for r in after if r["score_ifn"]} == {
        "17300": "4.1",
        "17028": "3.6",
        "17200": "3.1",
        "17010": "6.2",
    }
    assert (folder / "lieux.csv").read_bytes() == places  # nothing else changes
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_cli_without_a_territory_folder_is_a_clear_error(tmp_path):
    run = _cli("import", str(DATA / "ifn.csv"), "--into", str(tmp_path / "vide"))
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "territoire impossible à déduire" in run.stderr

"""``--referentiel FICHIER`` and ``afnor-ctin referentiel``, driven in a subprocess."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from afnor_ctin.referential import Referential

from .test_cli import one_line_error, run

IFN6 = """\
[referentiel]
titre = "CTIN 2021, communes fragiles dès un score IFN de 6"
revision = 2
id = "ctin-2021-ifn6"
[indicateurs.I08]
actif = false
[indicateurs.I07]
libelle = "Couverture des communes fragiles (IFN ≥ {seuil_ifn})"
parametres = { seuil_ifn = 6.0 }
"""


@pytest.fixture
def ifn6(tmp_path: Path) -> Path:
    path = tmp_path / "ifn6.toml"
    path.write_text(IFN6, encoding="utf-8")
    return path


def test_referentiel_prints_the_bundled_file_to_start_from(tmp_path: Path) -> None:
    proc = run("referentiel")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == Referential.default_toml()
    doc = tomllib.loads(proc.stdout)
    assert doc["referentiel"]["id"] == "ctin-2021-reconstructed"
    assert doc["indicateurs"]["I07"]["parametres"] == {"seuil_ifn": 7.0}
    copy = tmp_path / "copie.toml"
    copy.write_text(proc.stdout, encoding="utf-8")
    checked = run("referentiel", copy)
    assert checked.returncode == 0
    assert "valide" in checked.stdout


def test_report_follows_the_referential(ifn6: Path) -> None:
    proc = run("report", "--example", "la-rochelle", "--referentiel", ifn6, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["referential"]["id"] == "ctin-2021-ifn6"
    assert doc["referential"]["revision"] == 2
    assert doc["referential"]["title"].startswith("CTIN 2021, communes fragiles")
    assert doc["referential"]["parameters"]["I07"] == {"seuil_ifn": 6.0}
    codes = [i["code"] for i in doc["indicators"]]
    assert "I08" not in codes
    assert len(codes) == 10
    i07 = next(i for i in doc["indicators"] if i["code"] == "I07")
    assert i07["label"] == "Couverture des communes fragiles (IFN ≥ 6)"
    assert i07["components"]["seuil_ifn"] == 6.0
    default = json.loads(run("report", "--example", "la-rochelle", "--format", "json", "-i", "I07").stdout)
    assert default["indicators"][0]["components"]["communes_fragiles"] < i07["components"]["communes_fragiles"]
    text = run("report", "--example", "la-rochelle", "--referentiel", ifn6, "-i", "I07").stdout
    assert "Référentiel : CTIN 2021, communes fragiles dès un score IFN de 6 — ctin-2021-ifn6, révision 2" in text


def test_trend_indicators_and_explain_follow_the_referential(ifn6: Path) -> None:
    trend = run(
        "trend", "--example", "la-rochelle", "--from", "2023", "--to", "2024", "--referentiel", ifn6, "-f", "json"
    )
    assert trend.returncode == 0, trend.stderr
    assert {r["referential"]["id"] for r in json.loads(trend.stdout)["reports"]} == {"ctin-2021-ifn6"}
    listing = run("indicators", "--referentiel", ifn6)
    assert "ctin-2021-ifn6" in listing.stdout
    assert "non (écarté)" in listing.stdout
    explained = run("explain", "I07", "--referentiel", ifn6)
    assert "seuil_ifn = 6.0" in explained.stdout
    assert "supérieur ou égal à 6 " in explained.stdout  # the definition's placeholder is filled in
    summary = run("referentiel", ifn6)
    assert "seuil_ifn = 6.0 (intégré : 7.0)" in summary.stdout
    assert "I08 écarté" in summary.stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[referentiel\nid = 1", "syntaxe TOML invalide (ligne 1"),
        ('[referentiel]\nid = "x"\nrevision = 1\n', "referentiel.titre"),
        ('[referentiel]\nid = "x"\nrevision = "un"\ntitre = "t"\n', "referentiel.revision"),
        ('[referentiel]\nid = "x"\nrevision = 1\ntitre = "t"\n[indicateurs.I99]\nactif = true\n', "indicateurs.I99"),
        (
            '[referentiel]\nid = "x"\nrevision = 1\ntitre = "t"\n[indicateurs.I07.parametres]\nseuil = 6\n',
            "indicateurs.I07.parametres.seuil",
        ),
        (
            '[referentiel]\nid = "x"\nrevision = 1\ntitre = "t"\n[indicateurs.I07.parametres]\nseuil_ifn = "six"\n',
            "nombre attendu",
        ),
        (
            '[referentiel]\nid = "x"\nrevision = 1\ntitre = "t"\n[indicateurs.I07.parametres]\nseuil_ifn = 11\n',
            "hors de l'intervalle admis (de 0 à 10)",
        ),
        (
            '[referentiel]\nid = "x"\nrevision = 1\ntitre = "t"\n[indicateurs.I04]\nactif = "oui"\n',
            "indicateurs.I04.actif",
        ),
    ],
)
def test_an_invalid_referential_is_a_usage_error_naming_the_key_and_the_file(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "mauvais.toml"
    path.write_text(text, encoding="utf-8")
    for args in (
        ("report", "--example", "la-rochelle", "--referentiel", path),
        ("explain", "I07", "--referentiel", path),
        ("referentiel", path),
    ):
        line = one_line_error(run(*args), 2)
        assert expected in line, (args, line)
        assert "mauvais.toml" in line


def test_a_missing_referential_or_a_left_out_indicator_is_a_usage_error(ifn6: Path) -> None:
    assert "introuvable" in one_line_error(
        run("report", "--example", "la-rochelle", "--referentiel", "/nulle/part.toml"), 2
    )
    line = one_line_error(run("report", "--example", "la-rochelle", "--referentiel", ifn6, "-i", "I08"), 2)
    assert "I08" in line
    assert "écarté" in line

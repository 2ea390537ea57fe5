"""The built documentation site works offline and has no broken link (scripts/check_site.py)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_site", ROOT / "scripts" / "check_site.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_site = _checker()


def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    for name, text in pages.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


CLEAN = {
    "index.html": '<link rel="stylesheet" href="assets/site.css"><link rel="canonical" href="https://ex.org/">'
    '<a href="guide/#etape">guide</a> <a href="https://www.insee.fr/">INSEE</a>',
    "guide/index.html": '<h2 id="etape">Étape</h2><img src="../img/carte.svg">',
    "img/carte.svg": "<svg/>",
    "assets/site.css": "body{background:url(../img/carte.svg)}",
}


def test_a_clean_site_passes(tmp_path: Path) -> None:
    assert check_site.problems(_site(tmp_path, CLEAN)) == []


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("index.html", '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">', "extérieure"),
        ("index.html", '<script src="//cdn.example.org/require.js"></script>', "extérieure"),
        ("index.html", "<style>@import 'https://fonts.googleapis.com/css2';</style>", "extérieure"),
        ("assets/site.css", "@font-face{src:url(https://fonts.gstatic.com/roboto.woff2)}", "extérieure"),
        ("index.html", '<a href="../how-to/plusieurs-periodes.md">lien</a>', "lien cassé"),
        ("index.html", '<a href="guide/#absente">lien</a>', "ancre introuvable"),
    ],
)
def test_an_outside_request_or_a_broken_link_is_found(tmp_path: Path, name: str, text: str, expected: str) -> None:
    found = check_site.problems(_site(tmp_path, {**CLEAN, name: text}))
    assert len(found) == 1
    assert expected in found[0]


def test_the_built_site_loads_nothing_from_outside_and_has_no_broken_link(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    site = tmp_path / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    build = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert build.returncode == 0, build.stderr[-3000:]
    assert "Formatting signatures requires" not in build.stderr
    assert check_site.problems(site) == []
    assert len(list(site.rglob("*.html"))) > 30
    assert "fonts.googleapis.com" not in (site / "index.html").read_text(encoding="utf-8")

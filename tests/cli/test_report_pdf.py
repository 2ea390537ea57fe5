"""The PDF report (WeasyPrint), the data-quality exit status and the territory's HTML theme, through the command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from afnor_ctin.evaluate import evaluate
from afnor_ctin.examples import load_example
from afnor_ctin.period import Period
from afnor_ctin.report.render import catalogue_specs
from afnor_ctin.report.render._format import commune_names, format_component, headline_text

from .test_cli import run

PDFTOTEXT = shutil.which("pdftotext")
PDFTOPPM = shutil.which("pdftoppm")
try:
    import weasyprint  # noqa: F401

    WEASYPRINT = True
except (ImportError, OSError):
    WEASYPRINT = False

needs_pdf = [
    pytest.mark.skipif(not WEASYPRINT, reason="WeasyPrint absent : pip install 'afnor-ctin[pdf]'"),
    pytest.mark.skipif(
        PDFTOTEXT is None or PDFTOPPM is None, reason="poppler-utils absent (apt-get install poppler-utils)"
    ),
]


def _flat(text: str) -> str:
    # pdftotext drops the hyphen of a line broken after it: compare without hyphens
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'").replace("-", " ").split())


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not WEASYPRINT or PDFTOTEXT is None:
        pytest.skip("WeasyPrint ou pdftotext absent")
    out = tmp_path_factory.mktemp("pdf") / "rapport.pdf"
    proc = run("report", "--example", "la-rochelle", "--period", "2024", "-f", "pdf", "-o", out)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.slow
def test_pdf_holds_every_headline_and_component_value_on_at_most_14_pages(pdf: Path) -> None:
    assert PDFTOTEXT is not None
    text = subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    assert 2 <= len([p for p in pages if p.strip()]) <= 14
    flat = _flat(text)
    report = evaluate(load_example("la-rochelle"), Period.year(2024))
    specs = catalogue_specs(report)
    names = commune_names(report)
    for result in report.results:
        assert _flat(headline_text(result, None)) in flat, result.code
        for name, value in result.components.items():
            record = specs[result.code].component(name)
            shown = format_component(value, record, name=name, code=result.code, communes=names)
            parts = shown.split(" ; ") if isinstance(value, Mapping) else [shown]
            for part in parts:
                assert _flat(part) in flat, (result.code, name, part)
    cover = _flat(pages[0])
    assert "CA de La Rochelle" in cover
    assert "2024" in cover
    assert "Données fictives" in cover
    assert "page 2 sur" in flat  # page numbers in the margin


@pytest.mark.slow
def test_first_pdf_pages_are_not_blank(pdf: Path, tmp_path: Path) -> None:
    from PIL import Image

    assert PDFTOPPM is not None
    subprocess.run([PDFTOPPM, "-r", "20", "-l", "4", "-png", str(pdf), str(tmp_path / "p")], check=True)
    images = sorted(tmp_path.glob("p*.png"))
    assert len(images) == 4
    for path in images:
        with Image.open(path) as image:
            grey = image.convert("L")
            dark = sum(grey.histogram()[:200])
            assert dark > 0.005 * grey.width * grey.height, path.name


def test_pdf_without_weasyprint_is_a_french_error(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['weasyprint'] = None\n"
        "from afnor_ctin.cli import main\n"
        f"sys.exit(main(['report', '--example', 'la-rochelle', '-f', 'pdf', '-o', {str(tmp_path / 'r.pdf')!r}]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "pip install 'afnor-ctin[pdf]'" in proc.stderr
    assert not (tmp_path / "r.pdf").exists()


def test_pdf_needs_an_output_file() -> None:
    proc = run("report", "--example", "la-rochelle", "-f", "pdf")
    assert proc.returncode == 2
    assert "le format pdf est binaire" in proc.stderr


def test_period_without_data_renders_but_exits_1() -> None:
    proc = run("report", "--example", "la-rochelle", "--period", "2030", "-f", "markdown")
    assert proc.returncode == 1, proc.stderr
    assert "La période commence après la dernière action datée" in proc.stdout
    assert proc.stdout.index("## Qualité des données") < proc.stdout.index("## Synthèse")
    assert "La période commence après la dernière action datée" in proc.stderr


def test_rejection_threshold(tmp_path: Path) -> None:
    folder = tmp_path / "jeu"
    assert run("example", "la-rochelle", folder).returncode == 0
    actions = folder / "actions.csv"
    lines = actions.read_text(encoding="utf-8").splitlines()
    bad = [f"BAD-{i},accompagnement_individuel,pas une date,asso-numerique,,,17300,,,1,,,,," for i in range(200)]
    actions.write_text("\n".join([*lines, *bad]) + "\n", encoding="utf-8")
    proc = run("report", folder, "--period", "2024", "-f", "text")
    assert proc.returncode == 0, proc.stderr  # 200 of ~100 000 rows: under 5 %
    assert "rejetées : 200" in proc.stdout
    proc = run("report", folder, "--period", "2024", "-f", "text", "--seuil-rejets", "0.1")
    assert proc.returncode == 1, proc.stderr
    assert "au-delà du seuil de 0,1\u00a0% : les indicateurs sont sous-estimés" in proc.stdout
    assert "au-delà du seuil" in proc.stderr
    proc = run("report", folder, "--period", "2024", "--seuil-rejets", "120")
    assert proc.returncode == 2


def test_territory_template_folder(tmp_path: Path) -> None:
    (tmp_path / "modele").mkdir()
    (tmp_path / "modele" / "couleurs.toml").write_text('principale = "#7a1f5c"\n', encoding="utf-8")
    out = tmp_path / "r.html"
    proc = run("report", "--example", "la-rochelle", "-f", "html", "-o", out, "--modele-html", tmp_path / "modele")
    assert proc.returncode == 0, proc.stderr
    assert "--primary: #7a1f5c" in out.read_text(encoding="utf-8")
    proc = run("report", "--example", "la-rochelle", "-f", "html", "--modele-html", tmp_path / "absent")
    assert proc.returncode == 2

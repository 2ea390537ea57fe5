"""Screenshots of the La Rochelle report for the documentation.

The HTML report is rendered once (``afnor-ctin report --example la-rochelle --period 2024``), seen
by headless Chromium at 1280 and 400 px, then printed to PDF by WeasyPrint (the ``pdf`` extra) and
its cover and first indicator pages rendered to PNG by ``pdftoppm`` (poppler-utils):

- ``rapport-html-1280.png``, ``rapport-html-400.png``: the HTML report on a screen and a phone;
- ``rapport-pdf-page-1.png``: the PDF's cover; ``rapport-pdf-page-3.png``: I01 with its map.

``scripts/docs`` runs it before ``mkdocs build`` into a build folder that ``scripts/gen_docs.py``
puts in place of the committed images of ``docs/how-to/images/`` (the fallback when a tool is
missing). Run by hand::

    .venv/bin/python scripts/report_screenshots.py                 # rewrite docs/how-to/images/
    .venv/bin/python scripts/report_screenshots.py --sortie DOSSIER --si-possible
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "how-to" / "images"

#: Screen widths of the HTML screenshots, in CSS pixels, and the height of each capture.
WIDTHS = (1280, 400)
HEIGHT = 1500
#: PDF pages rendered (cover, then the first indicator with its map) and their resolution.
PAGES = (1, 3)
DPI = 60


def missing_tools() -> list[str]:
    """The French names of the tools this script needs and cannot find."""
    missing = []
    if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
        missing.append("chromium")
    if shutil.which("pdftoppm") is None:
        missing.append("pdftoppm (poppler-utils)")
    try:
        found = importlib.util.find_spec("weasyprint") is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        missing.append("weasyprint (extra pdf)")
    return missing


def _html(tmp: Path) -> Path:
    """Render the HTML report once, with the command a user runs."""
    out = tmp / "rapport.html"
    cli = [sys.executable, "-m", "afnor_ctin.cli", "report", "--example", "la-rochelle", "--period", "2024"]
    subprocess.run([*cli, "-f", "html", "-o", str(out)], check=True)
    return out


def _screenshots(chromium: str, html: Path, tmp: Path, out: Path) -> list[Path]:
    written = []
    for width in WIDTHS:
        target = out / f"rapport-html-{width}.png"
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--user-data-dir={tmp / 'profil'}",
                f"--window-size={width},{HEIGHT}",
                f"--screenshot={target}",
                html.as_uri(),
            ],
            check=True,
            capture_output=True,
        )
        written.append(target)
    return written


def _pdf_pages(pdftoppm: str, html: Path, tmp: Path, out: Path) -> list[Path]:
    from afnor_ctin.report.render.pdf import html_to_pdf

    pdf = tmp / "rapport.pdf"
    pdf.write_bytes(html_to_pdf(html.read_text(encoding="utf-8")))  # the same HTML, printed
    written = []
    for page in PAGES:
        stem = out / f"rapport-pdf-page-{page}"
        options = ["-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile", "-png"]
        subprocess.run([pdftoppm, *options, str(pdf), str(stem)], check=True)
        written.append(stem.with_suffix(".png"))
    return written


def main(argv: list[str] | None = None) -> int:
    """Write the PNG files; when a tool is missing, say so and return 1 (0 with ``--si-possible``)."""
    parser = argparse.ArgumentParser(description="Captures du rapport de La Rochelle pour la documentation.")
    parser.add_argument("--sortie", type=Path, default=IMAGES, help="dossier des images (défaut : %(default)s)")
    parser.add_argument(
        "--si-possible", action="store_true", help="sans chromium, pdftoppm ou weasyprint : une note, code 0"
    )
    args = parser.parse_args(argv)
    missing = missing_tools()
    if missing:
        print(
            f"Captures du rapport non régénérées, il manque : {', '.join(missing)} "
            f"(apt-get install chromium poppler-utils ; pip install -e '.[pdf]') : "
            "la documentation garde les images de docs/how-to/images/.",
            file=sys.stderr,
        )
        return 0 if args.si_possible else 1
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    pdftoppm = shutil.which("pdftoppm")
    assert chromium is not None  # checked by missing_tools()
    assert pdftoppm is not None
    args.sortie.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        html = _html(tmp)
        written = _screenshots(chromium, html, tmp, args.sortie)
        written += _pdf_pages(pdftoppm, html, tmp, args.sortie)
    seconds = time.perf_counter() - started
    print(f"Captures du rapport : {len(written)} images dans {args.sortie} en {seconds:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

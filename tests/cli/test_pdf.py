"""The HTML report printed to PDF by headless Chromium keeps every indicator on its pages."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .test_cli import LABELS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="chromium absent : impression PDF non testée (apt-get install chromium)")
@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext absent (apt-get install poppler-utils)")
def test_html_report_prints_to_pdf_with_every_indicator(tmp_path: Path) -> None:
    html = tmp_path / "rapport.html"
    proc = subprocess.run(
        [sys.executable, "-m", "afnor_ctin.cli", "report", "--example", "la-rochelle", "-f", "html", "-o", str(html)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    pdf = tmp_path / "rapport.pdf"
    assert CHROMIUM is not None
    assert PDFTOTEXT is not None
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={pdf}",
            "--no-pdf-header-footer",
            html.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert pdf.exists(), "Chromium n'a pas produit de PDF"
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    pages = text.count("\f") + 1
    assert pages >= 2
    flat = " ".join(text.split()).replace("’", "'")
    for label in LABELS:
        assert label.replace("’", "'") in flat, label

"""The XLSX workbook opens in LibreOffice Calc: converted to PDF headless, every sheet prints its values."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from afnor_ctin.evaluate import evaluate
from afnor_ctin.report.render import render
from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example

SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")

pytestmark = pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None,
    reason="LibreOffice (soffice) et pdftotext absents : apt-get install libreoffice-calc-nogui poppler-utils",
)


def _pdf_text(workbook: Path, tmp_path: Path) -> list[str]:
    """The text of each page of the workbook printed to PDF by LibreOffice."""
    assert SOFFICE is not None
    assert PDFTOTEXT is not None
    profile = (tmp_path / "profil").as_uri()  # a profile of its own: no clash with another LibreOffice
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run(
        [*command, "--outdir", str(tmp_path), str(workbook)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / f"{workbook.stem}.pdf"
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")


def test_workbook_opens_in_libreoffice_with_every_sheet_and_value(tmp_path: Path) -> None:
    report = evaluate(worked_example(), WORKED_EXAMPLE_PERIOD)
    out = tmp_path / "rapport.xlsx"
    render(report, "xlsx", output=out)
    pages = [p for p in _pdf_text(out, tmp_path) if p.strip()]
    text = "\n".join(pages)
    # one page wide: every sheet fits on its pages, the summary on the first
    assert "Indicateurs CTIN" in pages[0]
    for result in report.results:
        assert f"{result.code} — {result.label}" in text
    # number formats as LibreOffice prints them, whatever its locale's separators
    assert re.search(r"86[.,]7\s?%", pages[0])  # I02, a share
    assert re.search(r"76[ ,.\u00a0\u202f]?117[.,]71\s?€", pages[0])  # I10, an amount
    assert "Médiateur numérique" in text  # a mapping key by its label
    assert "Gamma" in text  # a commune by its name

"""Screenshots of the La Rochelle report for the documentation (docs/how-to/images/).

The HTML report seen by headless Chromium at 1280 and 400 px, and two pages of the PDF report
rendered by ``pdftoppm``. Needs chromium, poppler-utils and the ``pdf`` extra.

Run: ``.venv/bin/python scripts/report_screenshots.py``
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "how-to" / "images"


def main() -> int:
    """Write the PNG files; return 1 when a tool is missing."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    pdftoppm = shutil.which("pdftoppm")
    if chromium is None or pdftoppm is None:
        print("chromium et pdftoppm sont nécessaires (apt-get install chromium poppler-utils)", file=sys.stderr)
        return 1
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for fmt in ("html", "pdf"):
            cli = [sys.executable, "-m", "afnor_ctin.cli", "report", "--example", "la-rochelle", "--period", "2024"]
            subprocess.run([*cli, "-f", fmt, "-o", str(tmp / f"rapport.{fmt}")], check=True)
        for width, height in ((1280, 1500), (500, 1500)):
            subprocess.run(
                [
                    chromium,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--hide-scrollbars",
                    f"--user-data-dir={tmp / 'profil'}",
                    f"--window-size={width},{height}",
                    f"--screenshot={IMAGES / f'rapport-html-{width}.png'}",
                    (tmp / "rapport.html").as_uri(),
                ],
                check=True,
                capture_output=True,
            )
        for page in (1, 3, 4):
            stem = IMAGES / f"rapport-pdf-page-{page}"
            subprocess.run(
                [
                    pdftoppm,
                    "-r",
                    "60",
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    "-singlefile",
                    "-png",
                    str(tmp / "rapport.pdf"),
                    str(stem),
                ],
                check=True,
            )
    for path in sorted(IMAGES.glob("rapport-*.png")):
        print(path.relative_to(ROOT), path.stat().st_size, "octets")
    return 0


if __name__ == "__main__":
    sys.exit(main())

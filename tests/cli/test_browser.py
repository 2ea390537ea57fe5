"""The HTML report in headless Chromium at 1280 and 400 px: never wider than the window, headlines visible.

The report has no script: the test shows it in an iframe of the wanted width (headless Chromium
windows are at least 500 px wide) inside a probe page whose script writes the measures, read back
from Chromium's ``--dump-dom``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import escape, unescape
from pathlib import Path

import pytest

from .test_cli import run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

_PROBE = """<!DOCTYPE html>
<html><body style="margin:0">
<iframe id="report" style="width:{width}px;height:900px;border:0" srcdoc="{page}"></iframe>
<script>
window.addEventListener("load", () => {{
  const frame = document.getElementById("report").contentWindow;
  const doc = frame.document;
  const boxes = [...doc.querySelectorAll(".headline strong, #synthese td.num")].map(e => {{
    const r = e.getBoundingClientRect();
    return {{text: e.textContent, left: r.left, right: r.right, width: r.width}};
  }});
  const pre = document.createElement("pre");
  pre.id = "measure";
  pre.textContent = JSON.stringify(
    {{scrollWidth: doc.documentElement.scrollWidth, innerWidth: frame.innerWidth, boxes}});
  document.body.appendChild(pre);
}});
</script>
</body></html>"""


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def report_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "rapport.html"
    proc = run("report", "--example", "la-rochelle", "--period", "2024", "-f", "html", "-o", out)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.slow
@pytest.mark.skipif(
    CHROMIUM is None, reason="chromium absent : affichage dans un navigateur non testé (apt-get install chromium)"
)
@pytest.mark.parametrize("width", [1280, 400])
def test_report_fits_the_window_and_shows_every_headline(report_html: Path, width: int, tmp_path: Path) -> None:
    page = report_html.read_text(encoding="utf-8")
    assert "<script" not in page
    probe = tmp_path / "mesure.html"
    probe.write_text(_PROBE.format(width=width, page=escape(page, quote=True)), encoding="utf-8")
    proc = _chromium(
        f"--window-size={width + 40},1000",
        "--virtual-time-budget=10000",
        "--dump-dom",
        probe.as_uri(),
        profile=tmp_path / "profile",
    )
    found = re.search(r'<pre id="measure">(.*?)</pre>', proc.stdout, flags=re.S)
    assert found is not None, proc.stderr[-2000:]
    measure = json.loads(unescape(found.group(1)))
    assert measure["innerWidth"] == width
    assert measure["scrollWidth"] <= measure["innerWidth"]
    boxes = measure["boxes"]
    assert len(boxes) == 22  # 11 section headlines and 11 summary values
    for box in boxes:
        assert box["width"] > 0, box
        assert box["left"] >= 0, box
        assert box["right"] <= width, box

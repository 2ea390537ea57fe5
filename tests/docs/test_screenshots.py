"""The report screenshots of the docs: regenerated at build time, the committed ones as fallback."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
IMAGES = ROOT / "docs" / "how-to" / "images"


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


shots = _script("report_screenshots")
gen_docs = _script("gen_docs")


def _made() -> set[str]:
    """The file names the screenshot script writes."""
    return {f"rapport-html-{w}.png" for w in shots.WIDTHS} | {f"rapport-pdf-page-{p}.png" for p in shots.PAGES}


def test_every_image_the_docs_show_is_made_by_the_script_and_committed_as_fallback() -> None:
    shown = {
        Path(target).name
        for page in (ROOT / "docs").rglob("*.md")
        for target in re.findall(r"\]\(([^)]*images/rapport-[^)]+\.png)\)", page.read_text(encoding="utf-8"))
    }
    assert {"rapport-html-1280.png", "rapport-html-400.png", "rapport-pdf-page-3.png"} <= shown
    assert shown <= _made()
    assert {p.name for p in IMAGES.glob("rapport-*.png")} == _made()


def test_regenerated_screenshots_replace_the_committed_ones_in_the_build(tmp_path: Path) -> None:
    (tmp_path / "rapport-html-400.png").write_bytes(b"\x89PNG nouvelle")
    (tmp_path / "autre.png").write_bytes(b"ignored")
    assert gen_docs.captures(str(tmp_path)) == {"how-to/images/rapport-html-400.png": b"\x89PNG nouvelle"}
    assert gen_docs.captures(None) == {}
    assert gen_docs.captures(str(tmp_path / "absent")) == {}


def test_missing_tools_are_noted_and_the_build_goes_on(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(shots.shutil, "which", lambda name: None)
    assert shots.main(["--sortie", str(tmp_path), "--si-possible"]) == 0
    assert shots.main(["--sortie", str(tmp_path)]) == 1
    assert list(tmp_path.iterdir()) == []


def test_the_tutorial_notebook_is_published_with_its_outputs() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    (jupyter,) = [p["mkdocs-jupyter"] for p in config["plugins"] if isinstance(p, dict) and "mkdocs-jupyter" in p]
    assert jupyter["execute"] is True  # executed at build time: its outputs are those of this version
    assert jupyter["allow_errors"] is False  # a failing cell fails the build
    assert "tutorials/*.ipynb" in jupyter["include"]

"""Every example of the documentation runs: Python blocks and ``afnor-ctin`` command lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.docs.conftest import DOCS, load_gen_docs
from tests.docs.examples import ILLUSTRATIVE, Step, blocks, steps

pytest.importorskip("pandas")
pytest.importorskip("matplotlib")

RUNNER = Path(__file__).with_name("_runner.py")

HAND_WRITTEN = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))


def _run(page_steps: list[Step], tmp_path: Path) -> None:
    plan = tmp_path / "etapes.json"
    plan.write_text(json.dumps([s.to_json() for s in page_steps]), encoding="utf-8")
    work = tmp_path / "travail"
    work.mkdir()
    done = subprocess.run([sys.executable, str(RUNNER), str(plan)], cwd=work, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-4000:]


@pytest.mark.parametrize("page", HAND_WRITTEN)
def test_page_examples_run(page: str, tmp_path: Path) -> None:
    page_steps = steps(page, (DOCS / page).read_text(encoding="utf-8"))
    if not page_steps:
        pytest.skip("aucun exemple exécutable sur cette page")
    _run(page_steps, tmp_path)


def test_generated_page_examples_run(tmp_path: Path) -> None:
    pages = load_gen_docs().pages()
    all_steps = [s for path, text in sorted(pages.items()) for s in steps(path, text)]
    assert sum(s.kind == "python" for s in all_steps) >= 12  # one per indicator + the format page
    _run(all_steps, tmp_path)


def test_examples_are_found_and_few_are_illustrative() -> None:
    texts = {page: (DOCS / page).read_text(encoding="utf-8") for page in HAND_WRITTEN}
    found = [b for text in texts.values() for b in blocks(text)]
    python = [b for b in found if b.language == "python"]
    shell = [s for page, text in texts.items() for s in steps(page, text) if s.kind == "shell"]
    assert len(python) >= 20
    assert len(shell) >= 20
    illustrative = [b for b in found if b.illustrative]
    assert len(illustrative) <= 3
    assert all(b.language in ("python", "bash") for b in illustrative)


def test_extraction_rules() -> None:
    text = (
        "Texte\n\n```python\nx = 1\n```\n\n"
        f"{ILLUSTRATIVE}\n```python\nraise SystemExit\n```\n\n"
        "```bash\npip install afnor-ctin\nafnor-ctin validate jeu  # code de sortie 1\n$ afnor-ctin --version\n```\n"
        "    ```python\n    y = 2\n    ```\n"
    )
    found = steps("page.md", text)
    assert [s.kind for s in found] == ["python", "shell", "shell", "python"]
    assert found[0].code.strip() == "x = 1"
    assert found[0].code.count("\n") == 4
    assert found[1].expect == 1
    assert found[1].where == "page.md:14"
    assert found[2].code == "afnor-ctin --version"
    assert found[2].expect == 0
    assert found[3].code.strip() == "y = 2"

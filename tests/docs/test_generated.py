"""The generated reference pages follow the library, and the site builds in strict mode."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.docs.conftest import DOCS, ROOT

from afnor_ctin import catalog, evaluate
from afnor_ctin.errors import IssueCode
from afnor_ctin.io.schema import FILES
from afnor_ctin.report.render._format import format_value
from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example


def _nav_paths(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [p for item in node for p in _nav_paths(item)]
    if isinstance(node, dict):
        return [p for value in node.values() for p in _nav_paths(value)]
    return []


def test_one_page_per_indicator_with_live_worked_values(generated_pages: dict[str, str]) -> None:
    report = evaluate(worked_example(), WORKED_EXAMPLE_PERIOD)
    for spec in catalog:
        page = generated_pages[f"reference/indicateurs/{spec.code}.md"]
        assert page == generated_pages[spec.doc_path or ""]
        assert f"# {spec.code} — {spec.label}" in page
        for text in (spec.definition, spec.formula, spec.referential.id):
            assert text in page
        assert spec.label_en not in page  # French pages: no English subtitle
        assert "| | |" not in page  # every table has a header
        for component in spec.components:
            assert f"| `{component.name}` | {component.label} |" in page
        for parameter in spec.parameters:
            assert f"| `{parameter.key}` | `{parameter.name}` |" in page
        assert f"**Valeur : {format_value(report[spec.code].value, report[spec.code].unit)}**" in page
    index = generated_pages["reference/indicateurs/index.md"]
    assert all(f"[{spec.code}]({spec.code}.md)" in index for spec in catalog)


def test_format_page_lists_every_file_column_and_value(generated_pages: dict[str, str]) -> None:
    page = generated_pages["reference/format.md"]
    for file in FILES:
        section = page.split(f"## `{file.filename}`", 1)[1].split("\n## ", 1)[0]
        for column in file.columns:
            assert f"| `{column.name}` |" in section
            if column.enum is not None:
                assert all(f"| `{member}` |" in section for member in column.enum)


def test_codes_page_lists_every_issue_code(generated_pages: dict[str, str]) -> None:
    page = generated_pages["reference/codes.md"]
    assert all(f"| `{code}` | {code.label.split(' : ')[0]}" in page for code in IssueCode)


def test_cli_page_matches_the_installed_command_help(gen_docs: Any, generated_pages: dict[str, str]) -> None:
    page = generated_pages["reference/cli.md"]
    commands = gen_docs.cli_commands()
    french = {"rapport", "evolution", "valider", "indicateurs", "expliquer", "exemple", "modele", "importer"}
    assert french <= set(commands)
    assert "report" not in commands  # the English names are aliases, listed once in a table
    assert "| `rapport` | `report` |" in page
    env = {**os.environ, "COLUMNS": "100"}
    for command in ["", *commands]:
        args = [sys.executable, "-m", "afnor_ctin.cli", *([command] if command else []), "--help"]
        done = subprocess.run(args, capture_output=True, text=True, env=env, check=True)
        help_text = done.stdout.rstrip().replace("__main__.py", "afnor-ctin").replace("cli.py", "afnor-ctin")
        assert help_text in page, command


def test_changelog_is_included(generated_pages: dict[str, str]) -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert generated_pages["reference/journal.md"].endswith(changelog)


def test_navigation_lists_every_page_and_every_entry_exists(generated_pages: dict[str, str]) -> None:
    yaml = pytest.importorskip("yaml")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = _nav_paths(config["nav"])
    on_disk = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*") if p.suffix in (".md", ".ipynb")}
    available = on_disk | set(generated_pages)
    assert sorted(set(nav) - available) == []
    assert sorted(available - set(nav)) == []
    assert not (on_disk & set(generated_pages)), "une page générée ne doit pas être écrite dans docs/"


def test_internal_links_of_hand_written_pages_point_to_pages(generated_pages: dict[str, str]) -> None:
    available = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*")} | set(generated_pages)
    for page in DOCS.rglob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+\.(?:md|ipynb))(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            resolved = os.path.normpath((page.parent.relative_to(DOCS) / target).as_posix())
            assert resolved in available, f"{page.relative_to(DOCS)} → {target}"


@pytest.mark.slow
def test_site_builds_in_strict_mode(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    pytest.importorskip("mkdocstrings")
    pytest.importorskip("mkdocs_gen_files")
    pytest.importorskip("mkdocs_jupyter")
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    assert (site / "reference" / "indicateurs" / "I04" / "index.html").exists()
    assert (site / "tutorials" / "premier-calcul" / "index.html").exists()
    html = (site / "reference" / "format" / "index.html").read_text(encoding="utf-8")
    assert "duree_min" in html
    shutil.rmtree(site)

"""The French command line: French names with English aliases, suggestions, argparse in French,
French numbers, outputs named by their file name, and the evolution table (all in subprocesses)."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from babel.messages.extract import extract_python

from afnor_ctin.cli._parser import CATALOGUE, translations

from .test_cli import one_line_error as error_line
from .test_cli import run as run_cli

EXPORT = Path(__file__).resolve().parents[1] / "io" / "exports" / "data" / "coop_activites_2024-09.xlsx"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    proc = run_cli(*args)
    assert "Exception ignored" not in proc.stderr, proc.stderr
    return proc


# -- the catalogue --------------------------------------------------------------------------------
def test_every_message_of_the_catalogue_is_one_argparse_words() -> None:
    with open(argparse.__file__, "rb") as source:
        used = set()
        for _, _, message, _ in extract_python(source, ["_", "ngettext"], [], {}):
            messages = [message] if isinstance(message, str) else list(message or ())
            used.update(m for m in messages if m)
    from babel.messages.pofile import read_po

    with CATALOGUE.open("rb") as po:
        ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(po) if m.id}
    assert ids - used <= {"show program's version number and exit"}  # argparse's default help of --version
    for message in ("usage: ", "unrecognized arguments: %s", "the following arguments are required: %s"):
        assert message in ids
        assert translations().gettext(message) != message


# -- names ----------------------------------------------------------------------------------------
def test_help_is_french_and_lists_the_english_aliases() -> None:
    proc = run("--help")
    assert proc.returncode == 0
    assert proc.stdout.startswith("utilisation : afnor-ctin")
    for french, english in [("rapport", "report"), ("evolution", "trend"), ("valider", "validate")]:
        assert f"{french} ({english})" in proc.stdout
    help_text = run("rapport", "--help").stdout
    assert "affiche cette aide et termine" in help_text
    assert "usage:" not in help_text
    assert "--periode PÉRIODE, --period PÉRIODE" in help_text


def test_english_aliases_give_the_french_command_s_output() -> None:
    french = run("rapport", "--exemple", "la-rochelle", "--periode", "2024", "--format", "texte")
    english = run("report", "--example", "la-rochelle", "--period", "2024", "--format", "text")
    assert french.returncode == english.returncode == 0, english.stderr
    assert french.stdout == english.stdout
    assert "Cartographie des acteurs" in french.stdout


def test_a_mistyped_command_gets_a_suggestion() -> None:
    line = error_line(run("rapprot"), 2)
    assert "vouliez-vous dire « rapport » ?" in line
    assert "'report'" not in line  # the choices offered are the French names


def test_a_mistyped_option_gets_a_suggestion_and_the_command_s_usage() -> None:
    proc = run("rapport", "--exemple", "la-rochelle", "--priode", "2024")
    assert "vouliez-vous dire « --periode » ?" in error_line(proc, 2)
    assert proc.stderr.startswith("utilisation : afnor-ctin rapport")


def test_a_mistyped_choice_gets_a_suggestion() -> None:
    line = error_line(run("evolution", "--exemple", "la-rochelle", "--de", "2024", "--a", "2024", "--par", "mos"), 2)
    assert "choix invalide : 'mos'" in line
    assert "vouliez-vous dire « mois » ?" in line


def test_a_missing_argument_is_said_in_french() -> None:
    line = error_line(run("evolution", "--exemple", "la-rochelle", "--de", "2024"), 2)
    assert "argument(s) obligatoire(s) manquant(s) : --a/--to" in line


# -- evolution ------------------------------------------------------------------------------------
def _period_headers(text: str) -> list[str]:
    return [label for line in text.splitlines() if line.startswith("Code  ") for label in re.split(r"\s{2,}", line)[1:]]


def test_quarters_give_quarters_without_par() -> None:
    proc = run("evolution", "--exemple", "la-rochelle", "--de", "2024-T1", "--a", "2024-T4")
    assert proc.returncode == 0, proc.stderr
    assert _period_headers(proc.stdout) == ["Indicateur", "Unité", "T1 2024", "T2 2024", "T3 2024", "T4 2024"]


@pytest.mark.parametrize("columns", [60, 100])
def test_months_wrap_to_the_terminal_width_six_periods_at_most(columns: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    proc = run("evolution", "--exemple", "la-rochelle", "--de", "2024-01", "--a", "2024-12", "--par", "mois")
    assert proc.returncode == 0, proc.stderr
    table_lines = [line for line in proc.stdout.splitlines() if re.match(r"I\d\d  ", line)]
    assert max(len(line) for line in table_lines[11:]) <= columns  # the legend first, then the blocks
    headers = [line for line in proc.stdout.splitlines() if line.startswith("Code  ")][1:]
    assert all(1 <= len(re.split(r"\s{2,}", h)) - 1 <= 6 for h in headers)
    months = [label for h in headers for label in re.split(r"\s{2,}", h)[1:]]
    assert months[0] == "janvier 2024"
    assert months[-1] == "décembre 2024"
    assert len(months) == 12


def test_the_progress_bar_advances_with_each_period() -> None:
    proc = run("evolution", "--exemple", "la-rochelle", "--de", "2024-T1", "--a", "2024-T4", "--progression")
    assert proc.returncode == 0
    assert "4/4 (100\xa0%)" in proc.stderr
    assert re.search(r"\d+,\d\xa0s", proc.stderr)  # a French duration: « 0,3 s »
    assert not re.search(r"\d\.\d s", proc.stderr)


# -- outputs named by their file ------------------------------------------------------------------
def test_example_to_a_workbook_and_a_document(tmp_path: Path) -> None:
    book, doc = tmp_path / "x.xlsx", tmp_path / "x.json"
    assert run("exemple", "la-rochelle", book).returncode == 0
    assert run("exemple", "la-rochelle", doc).returncode == 0
    assert book.is_file()
    assert zipfile.is_zipfile(book)
    assert doc.is_file()
    assert json.loads(doc.read_text(encoding="utf-8"))
    for target in (book, doc):
        checked = run("valider", target)
        assert checked.returncode == 0, checked.stdout
        assert "rejetée" in checked.stdout


def test_a_folder_named_like_a_workbook_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "y.xlsx").mkdir()
    line = error_line(run("exemple", "la-rochelle", tmp_path / "y.xlsx"), 2)
    assert "est un dossier" in line


def test_import_to_a_workbook(tmp_path: Path) -> None:
    book = tmp_path / "import.xlsx"
    proc = run("importer", EXPORT, "--sortie", book)
    assert proc.returncode in (0, 1), proc.stderr
    assert zipfile.is_zipfile(book)
    assert not (tmp_path / "import.xlsx" / "actions.csv").exists()


def test_a_failed_write_is_one_french_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "fichier"
    blocker.write_text("", encoding="utf-8")
    line = error_line(run("exemple", "la-rochelle", blocker / "sous" / "x.json"), 2)
    assert "introuvable" in line


def test_validate_counts_in_french() -> None:
    proc = run("rapport", "--exemple", "la-rochelle", "--periode", "2024")
    assert re.search(r"\d\xa0\d{3}", proc.stdout)  # thousands separated


def test_a_system_error_is_one_french_sentence() -> None:
    line = error_line(run("exemple", "la-rochelle", "/proc/afnor-ctin-essai.json"), 1)
    assert "écriture impossible" in line
    assert "No such file" not in line


def test_explain_speaks_french_only() -> None:
    proc = run("expliquer", "I04")
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[0] == "I04 — Actions d’accompagnement et de formation au numérique"
    assert "Digital" not in proc.stdout

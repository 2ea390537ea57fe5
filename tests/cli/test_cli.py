"""The ``afnor-ctin`` command, driven as a user would: in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

LABELS = (
    "Cartographie des acteurs",
    "Couverture territoriale de l'offre",
    "Médiateurs et aidants numériques",
    "Actions d’accompagnement et de formation au numérique",
    "Personnes accompagnées",
    "Équilibre territorial des accompagnements",
    "Couverture des communes fragiles",
    "Équipement et connexion solidaires",
    "Formation des professionnels et aidants",
    "Financement et pérennité",
    "Animation de la coordination territoriale",
)


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "afnor_ctin.cli", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=300,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def one_line_error(proc: subprocess.CompletedProcess[str], code: int) -> str:
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    errors = [line for line in proc.stderr.splitlines() if line.startswith("afnor-ctin : erreur :")]
    assert len(errors) == 1, proc.stderr
    return errors[0]


@pytest.fixture(scope="module")
def example_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("ex") / "la-rochelle"
    proc = run("example", "la-rochelle", target)
    assert proc.returncode == 0, proc.stderr
    return target


def test_version_and_help() -> None:
    proc = run("--version")
    assert proc.returncode == 0
    assert proc.stdout.startswith("afnor-ctin ")
    for command in ("report", "trend", "validate", "indicators", "explain", "example", "template", "import"):
        proc = run(command, "--help")
        assert proc.returncode == 0, command
        assert "utilisation :" in proc.stdout
        assert "affiche cette aide" in proc.stdout


def test_usage_errors_exit_2() -> None:
    assert one_line_error(run("report", "--bogus"), 2).endswith("--bogus")
    assert "obligatoire" in one_line_error(run("explain"), 2)
    assert "I99" in one_line_error(run("explain", "I99"), 2)
    assert "I99" in one_line_error(run("report", "--example", "la-rochelle", "-i", "I04", "I99"), 2)
    assert "2024-13" in one_line_error(run("report", "--example", "la-rochelle", "--period", "2024-13"), 2)
    assert "xlsx" in one_line_error(run("report", "--example", "la-rochelle", "--format", "xlsx"), 2)
    assert "introuvable" in one_line_error(run("report", "/nonexistent/data"), 2)
    assert "introuvable" in one_line_error(run("validate", "/nonexistent/data"), 2)
    assert "jeu de données" in one_line_error(run("report"), 2)
    assert "nowhere" in one_line_error(run("report", "--example", "nowhere"), 2)
    assert "choix invalide" in one_line_error(run("report", "--format", "odt"), 2)
    assert "--secret" in one_line_error(run("report", "--example", "la-rochelle", "--secret-statistique", "0"), 2)
    assert "précède" in one_line_error(run("trend", "--example", "la-rochelle", "--from", "2024", "--to", "2022"), 2)
    assert run().returncode == 2


def test_indicators_and_explain() -> None:
    proc = run("indicators")
    assert proc.returncode == 0
    for label in LABELS:
        assert label in proc.stdout
    proc = run("explain", "i06")
    assert proc.returncode == 0
    fields = ("Définition", "Formule", "Composantes", "part_hors_centre", "Provenance", "reconstitué", "Paramètres")
    for field in fields:
        assert field in proc.stdout
    assert "Part des accompagnements hors ville-centre" in proc.stdout  # the component's French label
    assert "seuil_ifn = 7.0" in run("explain", "I07").stdout


def test_report_example_text_says_period_and_banner() -> None:
    proc = run("report", "--example", "la-rochelle")
    assert proc.returncode == 0, proc.stderr
    assert "Période par défaut : 2024" in proc.stdout
    assert "DONNÉES FICTIVES" in proc.stdout
    for label in LABELS:
        assert label in proc.stdout


def test_report_every_format(example_dir: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    for fmt in ("markdown", "json", "csv", "xlsx", "html"):
        out = tmp_path / f"rapport.{fmt}"
        proc = run("report", example_dir, "--period", "2024", "--format", fmt, "--output", out)
        assert proc.returncode == 0, (fmt, proc.stderr)
        assert out.stat().st_size > 0
    doc = json.loads((tmp_path / "rapport.json").read_text(encoding="utf-8"))
    assert [i["code"] for i in doc["indicators"]] == [f"I{n:02d}" for n in range(1, 12)]
    assert doc["period"] == {"start": "2024-01-01", "end": "2024-12-31"}
    rows = list(csv.reader(io.StringIO((tmp_path / "rapport.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["code", "indicateur", "composante", "commune", "valeur"]
    wb = load_workbook(tmp_path / "rapport.xlsx")
    assert wb.sheetnames[0] == "Synthèse"
    html = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    check_html(html)
    for label in LABELS:
        assert label.replace("'", "&#39;") in html
    assert 'class="banner"' in html


def test_report_selected_indicators_to_stdout_json() -> None:
    proc = run("report", "--example", "la-rochelle", "--period", "2023-T2", "-f", "json", "-i", "I04,I06")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert [i["code"] for i in doc["indicators"]] == ["I04", "I06"]
    assert doc["period"]["start"] == "2023-04-01"


def test_secrecy_through_the_command() -> None:
    plain = json.loads(run("report", "--example", "la-rochelle", "-f", "json").stdout)
    proc = run("report", "--example", "la-rochelle", "-f", "json", "--secret-statistique", "20")
    assert proc.returncode == 0, proc.stderr
    masked = json.loads(proc.stdout)
    paths = masked["secret_statistique"]["masques"]
    assert paths
    by_code = {i["code"]: i for i in plain["indicators"]}
    for path in paths:
        code, *rest = path.split("/")
        value = by_code[code] if rest else by_code[code]["value"]
        for key in rest:
            value = value[key]
        target = {i["code"]: i for i in masked["indicators"]}[code]
        shown = target if rest else target["value"]
        for key in rest:
            shown = shown[key]
        assert shown == "secret"
    # no integer count below the threshold is left anywhere in the masked document (a zero is not secret)
    for item in masked["indicators"]:
        if item["unit"] in ("acteurs", "personnes", "actions", "événements") and isinstance(item["value"], int):
            assert item["value"] == 0 or item["value"] >= 20
        for name, comp in item["components"].items():
            values = comp.values() if isinstance(comp, dict) else [comp]
            for v in values:
                if (
                    isinstance(v, int)
                    and not isinstance(v, bool)
                    and name not in ("communes_couvertes", "communes_fragiles", "atteintes", "sans_score")
                ):
                    assert v == 0 or v >= 20, (item["code"], name, v)
    csv_text = run("report", "--example", "la-rochelle", "-f", "csv", "--secret-statistique", "20").stdout
    assert "secret" in csv_text


def test_trend(tmp_path: Path) -> None:
    proc = run("trend", "--example", "la-rochelle", "--from", "2022", "--to", "2024")
    assert proc.returncode == 0, proc.stderr
    assert "2022" in proc.stdout
    assert "2024" in proc.stdout
    out = tmp_path / "trend.html"
    proc = run(
        "trend",
        "--example",
        "la-rochelle",
        "--from",
        "2024-T1",
        "--to",
        "2024-T4",
        "--by",
        "quarter",
        "-f",
        "html",
        "-o",
        out,
    )
    assert proc.returncode == 0, proc.stderr
    html = out.read_text(encoding="utf-8")
    check_html(html)
    assert "T4 2024" in html
    doc = json.loads(
        run(
            "trend", "--example", "la-rochelle", "--from", "2024-01", "--to", "2024-03", "--by", "month", "-f", "json"
        ).stdout
    )
    assert [p["label"] for p in doc["periods"]] == ["janvier 2024", "février 2024", "mars 2024"]


def test_validate_ok_and_errors(example_dir: Path, tmp_path: Path) -> None:
    proc = run("validate", example_dir)
    assert proc.returncode == 0, proc.stderr
    assert "actions.csv" in proc.stdout
    bad = tmp_path / "bad"
    shutil.copytree(example_dir, bad)
    actions = bad / "actions.csv"
    lines = actions.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("type")] = "telepathie"
    lines[1] = ",".join(cells)
    actions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run("validate", bad)
    assert proc.returncode == 1
    assert "telepathie" in proc.stdout
    row = next(line for line in proc.stdout.splitlines() if "telepathie" in line)
    assert "actions.csv" in row
    assert "ligne 2" in row
    assert "type" in row


def test_malformed_and_empty_datasets(example_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "territoire.csv").write_bytes(b"\x00\x01\x02garbage")
    proc = run("report", broken, "--period", "2024")
    assert proc.returncode == 1
    assert proc.stderr.startswith("afnor-ctin : erreur :")
    not_a_workbook = tmp_path / "data.xlsx"
    not_a_workbook.write_text("not a workbook", encoding="utf-8")
    assert run("report", not_a_workbook).returncode == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    shutil.copy(example_dir / "territoire.csv", empty / "territoire.csv")
    proc = run("report", empty, "--period", "2024")
    assert proc.returncode == 1, proc.stderr  # rendered, but a period without data is a data error
    assert "non calculable" in proc.stdout
    assert "aucune action datée" in proc.stdout
    assert run("validate", empty).returncode == 0


def test_template(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "modele.xlsx"
    proc = run("template", out)
    assert proc.returncode == 0, proc.stderr
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "Instructions"
    assert "actions" in wb.sheetnames
    assert wb["listes"].sheet_state == "hidden"
    header = [c.value for c in wb["actions"][1]]
    assert "duree_min" in header
    validations = wb["actions"].data_validations.dataValidation
    type_column = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[header.index("type")]
    assert any(str(v.sqref).startswith(f"{type_column}2:") for v in validations)
    listed = {c.value for c in wb["listes"]["A"]} | {c.value for row in wb["listes"].iter_rows() for c in row}
    assert "Accompagnement individuel" in listed
    instructions = " ".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row if c.value)
    assert "duree_min" in instructions
    assert ".xlsx" in one_line_error(run("template", tmp_path / "modele.txt"), 2)


def test_template_for_a_territory_validates_without_any_issue(tmp_path: Path) -> None:
    out = tmp_path / "modele.xlsx"
    proc = run("modele", "--territoire", "241700434", "-o", out)
    assert proc.returncode == 0, proc.stderr
    proc = run("validate", out)
    assert proc.returncode == 0, proc.stdout
    assert "0 erreur(s), 0 avertissement(s)" in proc.stdout
    assert "CA de La Rochelle (241700434)" in proc.stdout
    assert "inconnu" in one_line_error(run("modele", "--territoire", "999999999", "-o", out), 2)


def test_import_native_folder(example_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "imported"
    proc = run("import", example_dir, "--into", target)
    assert proc.returncode == 0, proc.stderr
    assert "Territoire : CA de La Rochelle" in proc.stdout
    assert (target / "actions.csv").exists()
    assert run("report", target, "--period", "2024").returncode == 0
    assert "introuvable" in one_line_error(run("import", tmp_path / "none.csv", "--into", target), 2)


VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


class _Balanced(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.errors.append("script")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        else:
            self.errors.append(tag)


def check_html(text: str) -> None:
    parser = _Balanced()
    parser.feed(text)
    parser.close()
    assert parser.errors == []
    assert parser.stack == []

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from afnor_ctin.errors import UnknownCodeError
from afnor_ctin.evaluate import evaluate
from afnor_ctin.io.atomic import OverwriteError
from afnor_ctin.report.render import FORMATS, catalogue_specs, render
from afnor_ctin.report.render._format import format_number, format_value
from afnor_ctin.report.render.tabular import COLUMNS, protect
from afnor_ctin.results import Report
from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example

from .conftest import LABELS, make_report

#: Every format but the PDF (printed by WeasyPrint, tested in tests/cli/test_report_pdf.py).
ON_SCREEN = tuple(f for f in FORMATS if f != "pdf")

NBSP = "\u00a0"
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


class Balanced(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()


def check_html(text: str) -> Balanced:
    parser = Balanced()
    parser.feed(text)
    parser.close()
    assert parser.errors == []
    assert parser.stack == []
    assert parser.scripts == 0
    return parser


def test_french_number_formatting() -> None:
    assert format_number(76117.71452) == f"76{NBSP}117,71"
    assert format_value(76117.71452, "€") == f"76{NBSP}117,71{NBSP}€"
    assert format_value(13000 / 15000, "part") == f"86,7{NBSP}%"
    assert format_value(1234567, "actions") == f"1{NBSP}234{NBSP}567{NBSP}actions"
    assert format_number(-1500.5) == f"-1{NBSP}500,5"


def test_text_shows_values_reasons_flags_and_issues(report: Report) -> None:
    text = render(report, "text", specs={})
    assert f"76{NBSP}117,71{NBSP}€" in text
    assert f"86,7{NBSP}%" in text
    assert "non calculable" in text
    assert "aucune action de coordination déclarée" in text
    assert "borne haute" in text
    assert "déclaratif" in text
    assert "actions.csv, ligne 12, colonne « type »" in text
    for label in LABELS.values():
        assert label in text


def test_text_table_is_aligned(report: Report) -> None:
    lines = render(report, "text", specs={}).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Code"))
    rule = lines[start + 1]
    body = lines[start + 2 : start + 13]
    value_end = [len(p) for p in rule.split("  ")]
    column_end = sum(value_end[:3]) + 2 * 2
    # right-aligned value column: every row's value ends at the same position
    assert {line[:column_end][-1] != " " for line in body} == {True}


def test_markdown_has_table_and_escapes_pipes(report: Report) -> None:
    import attrs

    weird = attrs.evolve(report, territory=attrs.evolve(report.territory, name="A | B"))
    text = render(weird, "markdown", specs={})
    assert "| I10 | Financement et pérennité |" in text
    assert "A \\| B" in text


LABEL_MEMBERS = {"status_label", "flag_labels", "component_labels", "by_commune_labels"}


def _without_labels(doc: dict[str, Any]) -> dict[str, Any]:
    doc = json.loads(json.dumps(doc))
    doc.pop("quality", None)
    del doc["territory"]["level_label"]
    for item in doc["indicators"]:
        for member in LABEL_MEMBERS:
            del item[member]
        item.pop("sentence", None)
    for issue in doc["issues"]:
        del issue["code_label"]
    del doc["referential"]["parameter_labels"]
    return doc


def test_json_is_report_to_dict_with_labels_next_to_the_keys(report: Report) -> None:
    doc = json.loads(render(report, "json", specs={}) or "")
    assert _without_labels(doc) == json.loads(json.dumps(report.to_dict()))
    assert doc["territory"]["level_label"] == report.territory.level.label
    assert [i["code_label"] for i in doc["issues"]] == [i.code.label for i in report.issues]
    i05 = next(i for i in doc["indicators"] if i["code"] == "I05")
    assert (i05["status"], i05["status_label"]) == ("ok", "calculé")
    assert (i05["flags"], i05["flag_labels"]) == (["upper_bound"], ["borne haute"])
    # without the catalogue, components are labelled by their keys
    assert i05["component_labels"]["identifies"] == {"label": "identifies", "unit": ""}


def test_json_labels_come_from_the_component_records() -> None:
    report = evaluate(worked_example(), WORKED_EXAMPLE_PERIOD)
    doc = json.loads(render(report, "json") or "")
    assert _without_labels(doc) == json.loads(json.dumps(report.to_dict()))
    items = {i["code"]: i for i in doc["indicators"]}
    i01 = items["I01"]["component_labels"]
    assert i01["lieux_actifs"] == {"label": "Lieux actifs", "unit": "lieux"}
    assert set(i01["par_type"]["keys"]) == set(items["I01"]["components"]["par_type"])
    i03 = items["I03"]
    assert i03["component_labels"]["par_role"]["keys"]["mediateur"] == "Médiateur numérique"
    assert items["I04"]["component_labels"]["par_mois"]["keys"]["2024-03"] == "mars 2024"
    assert items["I02"]["component_labels"]["communes_non_couvertes"]["keys"] == {"99003": "Gamma"}
    assert items["I06"]["component_labels"]["ville_centre"]["keys"] == {"99001": "Alpha"}
    by_commune = items["I06"]["by_commune_labels"]
    assert by_commune["unit"] == "accompagnements pour 1\u00a0000 habitants"
    assert by_commune["keys"] == {"99001": "Alpha", "99002": "Beta", "99003": "Gamma"}
    assert items["I05"]["by_commune_labels"] is None
    seuil = doc["referential"]["parameter_labels"]["I07"]["seuil_ifn"]
    assert seuil["label"] == catalogue_specs(report)["I07"].parameters[0].label
    assert set(doc["referential"]["parameter_labels"]) == set(doc["referential"]["parameters"])
    series = json.loads(render([report, report], "json") or "")
    assert series["reports"][1]["indicators"][2]["component_labels"] == i03["component_labels"]


def test_json_is_report_to_dict_with_quality_and_sentences(report: Report) -> None:
    doc = json.loads(render(report, "json", specs={}) or "")
    quality = doc.pop("quality")
    sentences = [item["sentence"] for item in doc["indicators"]]
    assert _without_labels(doc) == json.loads(json.dumps(report.to_dict()))
    assert quality["failed"] is False
    assert sorted(c["code"] for c in quality["causes"]) == sorted({i.code.value for i in report.issues})
    assert all(c["label"] for c in quality["causes"])
    assert sentences[0].startswith("Cartographie des acteurs : 3")


def test_series_json_lists_periods(report: Report) -> None:
    doc = json.loads(render([report, report], "json", specs={}) or "")
    assert len(doc["periods"]) == 2
    assert len(doc["reports"]) == 2
    assert doc["periods"][0]["start"] == "2024-01-01"


def test_csv_rows_and_formula_protection(report: Report) -> None:
    text = render(report, "csv", specs={}) or ""
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert tuple(rows[0]) == (*COLUMNS, "référentiel", "révision")
    assert {tuple(r[-2:]) for r in rows[1:]} == {(report.referential.id, str(report.referential.revision))}
    headline = [r for r in rows if r[0] == "I10" and r[2] == ""]
    assert headline[0][4].startswith("76117,71")
    by_commune = [r for r in rows if r[0] == "I04" and r[2] == "par commune"]
    assert [r[3] for r in by_commune] == ["99001 Alpha", "99002 Beta", "99003 Gamma"]
    assert next(r for r in rows if r[2] == "par_role : mediateur")[4] == "1"


def test_protect_formula_injection() -> None:
    for dangerous in ("=1+1", "+A1", "-2", "@SUM", "\tx", "\rx"):
        assert protect(dangerous) == "'" + dangerous
    assert protect("Alpha") == "Alpha"


def test_text_cells_are_protected_in_csv_and_xlsx(tmp_path: Path) -> None:
    import attrs
    from openpyxl import load_workbook

    from .conftest import ISSUES

    report = make_report(issues=ISSUES)
    report = attrs.evolve(report, territory=attrs.evolve(report.territory, name="=cmd|' /C calc'!A0"))
    out = tmp_path / "r.xlsx"
    assert render(report, "xlsx", output=out, specs={}) is None
    wb = load_workbook(out)
    cells = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]
    assert any(c.startswith("'=HYPERLINK") for c in cells)
    rows = wb["Données"]
    header = [c.value for c in next(rows.iter_rows(max_row=1))]
    assert tuple(header) == COLUMNS
    values = {(r[0], r[2]): r[4] for r in rows.iter_rows(min_row=2, values_only=True)}
    assert values[("I10", None)] == pytest.approx(76117.71)


def test_xlsx_requires_output(report: Report) -> None:
    from afnor_ctin.errors import InvalidInputError

    with pytest.raises(InvalidInputError):
        render(report, "xlsx")


def test_unknown_format(report: Report) -> None:
    with pytest.raises(UnknownCodeError):
        render(report, "odt")


def test_html_is_well_formed_escaped_and_complete(report: Report) -> None:
    text = render(report, "html") or ""
    check_html(text)
    for label in LABELS.values():
        assert label.replace("'", "&#39;") in text
    assert "acteur &lt;b&gt;non&lt;/b&gt; localisé &amp; ignoré" in text
    assert "<b>non</b>" not in text
    assert "@page" in text
    assert ".indicator { break-before: page; }" in text  # one indicator per printed page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
    assert "nowrap" not in text  # breakdown cells wrap instead of overflowing
    assert "<script" not in text
    assert "@font-face" not in text
    assert "http" not in text.replace("http://x", "").replace("http://www.w3.org/2000/svg", "")
    assert "reconstitué" in text
    assert "nommé" in text
    assert "Définition : " in text
    assert "Données fictives" not in text


def test_html_banner_for_fictional_data() -> None:
    text = render(make_report(name="CA de La Rochelle (données fictives)"), "html", specs={}) or ""
    check_html(text)
    assert 'class="banner"' in text
    text = render(make_report(name="CA de La Rochelle (DONNEES FICTIVES)"), "text", specs={}) or ""
    assert "DONNÉES FICTIVES" in text


def test_series_in_every_text_format(report: Report, tmp_path: Path) -> None:
    reports = [report, report]
    for fmt in ON_SCREEN:
        out = tmp_path / f"s.{fmt}"
        text = render(reports, fmt, output=out)
        assert out.exists()
        assert out.stat().st_size > 0
        if fmt == "html":
            check_html(text or "")
            assert "Évolution" in (text or "")


def test_real_worked_example_renders_in_every_format(tmp_path: Path) -> None:
    report = evaluate(worked_example(), WORKED_EXAMPLE_PERIOD)
    for fmt in ON_SCREEN:
        out = tmp_path / f"w.{fmt}"
        render(report, fmt, output=out)
        assert out.stat().st_size > 0
    text = (tmp_path / "w.text").read_text(encoding="utf-8")
    assert f"76{NBSP}117,71{NBSP}€" in text
    assert f"86,7{NBSP}%" in text


def test_human_formats_show_french_labels_and_units_from_the_records(tmp_path: Path) -> None:
    report = evaluate(worked_example(), WORKED_EXAMPLE_PERIOD)
    text = render(report, "text") or ""
    markdown = render(report, "markdown") or ""
    html = render(report, "html") or ""
    assert f"  Lieux actifs : 3{NBSP}lieux" in text
    assert f"- Lieux actifs : 3{NBSP}lieux" in markdown
    assert '<th scope="row">Lieux actifs</th>' in html
    html = html.replace('</th>\n<td class="num">', '</td><td class="num">').replace('<th scope="row">', "<td>")
    for out in (text, markdown, html):
        assert "Médiateur numérique : 1" in out  # a mapping key named by its enumeration's label
        assert "mars 2024 : 2" in out  # a month key
        assert "Taux de fraîcheur des lieux : 33,3" in out.replace('</td><td class="num">', " : ")
        assert "lieux_actifs" not in out
        assert "qpv_indetermine" not in out
        assert f"Durée des actions : 6,25{NBSP}heures" in out.replace('</td><td class="num">', " : ")
        assert "ctin-2021-reconstructed, révision 1" in out
    assert "Paramètres : Seuil de fragilité numérique (score IFN) = 7" in text


def test_json_keeps_machine_keys_with_french_labels_next_to_them() -> None:
    report = evaluate(worked_example(), WORKED_EXAMPLE_PERIOD)
    doc = json.loads(render(report, "json") or "")
    i01 = doc["indicators"][0]
    assert i01["components"]["lieux_actifs"] == 3
    assert i01["component_labels"]["lieux_actifs"]["label"] == "Lieux actifs"
    i03 = next(i for i in doc["indicators"] if i["code"] == "I03")
    assert i03["component_labels"]["par_role"]["keys"]["mediateur"] == "Médiateur numérique"
    series = json.loads(render([report, report], "json") or "")
    assert series["reports"][0]["indicators"][0]["component_labels"]["lieux_actifs"]["label"] == "Lieux actifs"


def test_csv_keeps_machine_keys_and_xlsx_shows_labels(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    report = evaluate(worked_example(), WORKED_EXAMPLE_PERIOD)
    rows = list(csv.reader(io.StringIO((render(report, "csv") or "")[1:]), delimiter=";"))
    by_key = {(r[0], r[2]): r for r in rows}
    assert by_key[("I01", "lieux_actifs")][5] == "lieux"
    assert by_key[("I03", "par_role : mediateur")][4] == "1"
    assert by_key[("I04", "heures")][5] == "heures"
    out = tmp_path / "r.xlsx"
    render(report, "xlsx", output=out)
    sheet = load_workbook(out)["Données"]
    labelled = {(r[0], r[2]): r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert labelled[("I01", "Lieux actifs")][5] == "lieux"
    assert labelled[("I03", "Par rôle : Médiateur numérique")][4] == 1
    assert ("I01", "lieux_actifs") not in labelled


def test_a_component_the_catalogue_does_not_describe_is_shown_by_its_key() -> None:
    import attrs

    report = evaluate(worked_example(), WORKED_EXAMPLE_PERIOD, indicators=["I04"])
    extra = attrs.evolve(report["I04"], components={**report["I04"].components, "autre_mesure": 7})
    text = render(attrs.evolve(report, results=(extra,)), "text") or ""
    assert "  autre_mesure : 7" in text


def test_written_reports_replace_the_file_whole(report: Report, tmp_path: Path) -> None:
    out = tmp_path / "rapport.md"
    out.write_text("ancien contenu", encoding="utf-8")
    with pytest.raises(OverwriteError):  # an existing file is replaced only when asked
        render(report, "markdown", output=out)
    assert out.read_text(encoding="utf-8") == "ancien contenu"
    text = render(report, "markdown", output=out, overwrite=True)
    assert out.read_text(encoding="utf-8") == text
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.md"]  # no temporary file left
    with pytest.raises(OSError, match="absent"):
        render(report, "markdown", output=tmp_path / "absent" / "rapport.md")
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.md"]

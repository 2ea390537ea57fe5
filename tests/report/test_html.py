"""The HTML report of the La Rochelle example: templates, French sentences, figures, maps, themes."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from afnor_ctin.errors import InvalidInputError
from afnor_ctin.evaluate import evaluate, evaluate_series
from afnor_ctin.examples import load_example
from afnor_ctin.period import Period
from afnor_ctin.report.render import catalogue_specs, render
from afnor_ctin.report.render._explain import headline_sentence
from afnor_ctin.report.render._format import headline_text
from afnor_ctin.report.render.html import HtmlTheme
from afnor_ctin.results import Report

from .test_render import check_html


@pytest.fixture(scope="module")
def rochelle() -> Report:
    return evaluate(load_example("la-rochelle"), Period.year(2024))


@pytest.fixture(scope="module")
def page(rochelle: Report) -> str:
    return render(rochelle, "html") or ""


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ")


def test_every_indicator_opens_with_its_sentence_and_headline(rochelle: Report, page: str) -> None:
    check_html(page)
    text = " ".join(_text(page).split())
    specs = catalogue_specs(rochelle)
    for result in rochelle.results:
        sentence = headline_sentence(result, specs[result.code], None, {})
        assert " ".join(sentence.replace("\u00a0", " ").split()) in text, result.code
    assert "Actions d'accompagnement : 12 292 actions ; somme de : accompagnements individuels" in text
    assert "à distinguer de : accompagnements (participants) (19 631 accompagnements)" in text
    assert "Part de la population couverte : 83,8 % ; à distinguer de : part des communes couvertes (53,6 %)" in text
    assert "0 événement ;" in text  # singular below 2


def test_french_labels_not_machine_keys(page: str) -> None:
    text = _text(page)
    for key in ("lieux_actifs", "taux_fraicheur", "qpv_indetermine", "etat_conseiller_numerique", "moins_de_douze"):
        assert key not in text
    assert "Bibliothèque / Médiathèque : 4" in text
    assert "accompagnements pour 1 000 habitants" in text  # unit of the per-commune column of I06
    assert "1 acteurs" not in text


def test_breakdown_charts_and_commune_maps(rochelle: Report, page: str) -> None:
    assert "<script" not in page
    maps = re.findall(r'<figure class="map">(.*?)</figure>', page, flags=re.S)
    captions = [re.search(r"<figcaption>(.*?)</figcaption>", m, flags=re.S).group(1) for m in maps]  # type: ignore[union-attr]
    for code in ("I01", "I02", "I04", "I06", "I07"):
        assert any(c.startswith(code) for c in captions), code
    communes = {c.code_insee: c.name for c in rochelle.territory.communes}
    first = maps[0]
    for insee, name in communes.items():
        assert re.search(rf'<path [^>]*data-insee="{insee}"[^>]*><title>{re.escape(name)} : ', unescape(first)), insee
    assert "La Rochelle" in first  # the ville-centre is named
    assert "quartier prioritaire" in first
    charts = re.findall(r'<figure class="chart"[^>]*>(.*?)</figure>', page, flags=re.S)
    assert any("I01 — Acteurs par type" in c for c in charts)
    assert any("I10 — Par financeur" in c for c in charts)


def test_data_quality_comes_before_any_indicator(page: str) -> None:
    assert page.index('id="qualite"') < page.index('id="synthese"') < page.index('id="I01"')


def test_series_has_one_trend_chart_per_indicator() -> None:
    dataset = load_example("la-rochelle")
    series = evaluate_series(dataset, [Period.year(y) for y in (2022, 2023, 2024)], indicators=["I04", "I06"])
    page = render(list(series), "html") or ""
    check_html(page)
    charts = re.findall(r'<figure class="chart"[^>]*>(.*?)</figure>', page, flags=re.S)
    assert len(charts) == 2
    for report in series:
        assert headline_text(report["I04"], None) in page


def test_territory_theme_replaces_templates_logo_and_colours(rochelle: Report, tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    (tmp_path / "couleurs.toml").write_text('principale = "#7a1f5c"\naccent = "#e4794a"\n', encoding="utf-8")
    (tmp_path / "report.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block content %}<p>Page de la CdA</p>{% endblock %}', encoding="utf-8"
    )
    page = render(rochelle, "html", template_dir=tmp_path) or ""
    assert "--primary: #7a1f5c" in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert "<p>Page de la CdA</p>" in page
    assert 'id="I01"' not in page


def test_bad_theme_is_a_french_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="introuvable"):
        HtmlTheme.from_folder(tmp_path / "absent")
    (tmp_path / "couleurs.toml").write_text('principale = "rouge"\n', encoding="utf-8")
    with pytest.raises(InvalidInputError, match="couleur « rouge » invalide"):
        HtmlTheme.from_folder(tmp_path)


def test_quality_summary_says_when_the_period_lies_outside_the_dated_actions() -> None:
    from afnor_ctin.report.render.quality import quality_summary

    dataset = load_example("la-rochelle")
    after = quality_summary(evaluate(dataset, Period.year(2026)), dataset=dataset)
    assert after.failed
    assert after.verdicts[0].startswith("La période commence après la dernière action datée")
    before = quality_summary(evaluate(dataset, Period.year(2019)), dataset=dataset)
    assert before.verdicts[0].startswith("La période se termine avant la première action datée")
    inside = quality_summary(evaluate(dataset, Period.year(2024)), dataset=dataset)
    assert not inside.failed
    assert inside.outside_period > 0  # actions of 2021-2023 are not counted in 2024
    partial = quality_summary(evaluate(dataset, Period.parse("2024-07-01..2025-06-30")), dataset=dataset)
    assert not partial.failed
    assert partial.notes == (
        "La période se prolonge après la dernière action datée (actions du 04/01/2021 au 31/12/2024).",
    )


def test_secrecy_reaches_maps_and_charts(rochelle: Report) -> None:
    from afnor_ctin.report.render import apply_secrecy

    _, masking = apply_secrecy(rochelle, 11)
    hidden = [(p[0], p[2]) for p in masking.paths if len(p) == 3 and p[1] == "by_commune"]
    assert hidden, "the example has communes under the threshold"
    page = unescape(render(rochelle, "html", secrecy=11) or "")
    names = {c.code_insee: c.name for c in rochelle.territory.communes}
    for code, insee in hidden:
        section = page[page.index(f'id="{code}"') :]
        section = section[: section.index("</section>")]
        title = re.search(rf'data-insee="{insee}"[^>]*><title>([^<]*)</title>', section)
        assert title is not None, (code, insee)
        assert title.group(1).startswith(f"{names[insee]} : secret"), title.group(1)


def test_no_machine_key_in_the_text_of_the_page(page: str) -> None:
    body = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    words = set(re.findall(r"\b\w+_\w+\b", _text(body)))
    assert not words, words


def test_fragile_communes_map_lists_each_ifn_score(rochelle: Report, page: str) -> None:
    section = page[page.index('id="I07"') :]
    section = unescape(section[: section.index("</section>")])
    assert "Score IFN des communes" in section
    for commune in rochelle.territory.communes:
        assert commune.ifn_score is not None
        fragile = " (fragile)" if commune.ifn_score >= 7 else ""
        score = f"{commune.ifn_score:g}".replace(".", ",")
        assert f'{commune.name}</th><td class="num">{score}{fragile}</td>' in section, commune.name


def test_a_period_without_actions_is_no_verdict_for_stock_indicators_only() -> None:
    from afnor_ctin.report.render.quality import quality_summary

    dataset = load_example("la-rochelle")
    stocks = evaluate(dataset, Period.year(2026), indicators=["I01", "I02"])
    summary = quality_summary(stocks, dataset=dataset)
    assert not summary.failed
    assert summary.notes[0].startswith("La période commence après la dernière action datée")
    flows = evaluate(dataset, Period.year(2026), indicators=["I01", "I04"])
    assert quality_summary(flows, dataset=dataset).failed


def test_quality_summary_counts_rows_per_file_when_files_were_read(rochelle: Report) -> None:
    from afnor_ctin.errors import FileCount, LoadReport
    from afnor_ctin.report.render.quality import quality_summary

    assert quality_summary(rochelle).lines() == [
        "Indicateurs incomplets ou à lire avec prudence : I05 — borne haute ; I08 — déclaratif."
    ]
    load = LoadReport(source="jeu", files=(FileCount(file="actions.csv", read=40, loaded=40, rejected=0),))
    page = render(rochelle, "html", quality=quality_summary(rochelle, load=load)) or ""
    assert "Aucun signalement : toutes les lignes lues ont été chargées." in page
    assert '<th scope="row">actions.csv</th><td class="num">40</td>' in page
    assert "Aucun signalement." in (render(rochelle, "html") or "")


def test_tall_charts_keep_legible_text_when_printed(page: str) -> None:
    # The thematique chart of I04 has a bar per thematique (27): printed 75 mm high it would be 32 mm
    # wide and its labels under 2 pt; it is printed at least 70 mm wide instead, taller.
    charts = [(int(w), int(h)) for w, h in re.findall(r'--print-width: (\d+)mm"><svg viewBox="0 0 \d+ (\d+)"', page)]
    assert charts, "no chart with a print width"
    assert min(width for width, _ in charts) >= 70
    assert max(height for _, height in charts) > 1000  # the check covers a chart much taller than wide

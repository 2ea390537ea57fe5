"""The XLSX workbook: opened with openpyxl, its sheets, labels, formats, frozen panes and charts are checked."""

from __future__ import annotations

import datetime as dt
import math
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import quote_sheetname

from afnor_ctin.errors import FileCount, Issue, IssueCode, LoadReport, Severity
from afnor_ctin.evaluate import evaluate
from afnor_ctin.model.enums import Funder
from afnor_ctin.period import Period
from afnor_ctin.report.render import MARKER, apply_secrecy, catalogue_specs, quality_summary, render
from afnor_ctin.report.render._explain import headline_sentence
from afnor_ctin.report.render._sheet import DATE, DECIMAL, EURO, INTEGER, PERCENT
from afnor_ctin.report.render.xlsx import SUMMARY, sheet_name, write_xlsx
from afnor_ctin.results import Report
from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example
from afnor_ctin.testing.strategies import datasets, periods

from .conftest import ISSUES, make_report


@pytest.fixture(scope="module")
def worked() -> Report:
    return evaluate(worked_example(), WORKED_EXAMPLE_PERIOD)


@pytest.fixture(scope="module")
def workbook(worked: Report, tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("xlsx") / "rapport.xlsx"
    assert render(worked, "xlsx", output=out) is None
    return load_workbook(out)


def _rows(ws: Any) -> Iterator[tuple[Any, ...]]:
    yield from ws.iter_rows()


def _find(ws: Any, text: str, column: int = 1) -> int:
    """Row number of the first cell of ``column`` holding ``text``."""
    for row in ws.iter_rows(min_col=column, max_col=column):
        if row[0].value == text:
            return int(row[0].row)
    raise AssertionError(f"{text!r} not in column {column} of {ws.title}")


def _chart_refs(chart: Any) -> tuple[str, str]:
    series = chart.series[0]
    cat = series.cat.numRef if series.cat.numRef is not None else series.cat.strRef
    return series.val.numRef.f, cat.f


def test_workbook_has_a_summary_then_one_sheet_per_indicator(workbook: Any, worked: Report) -> None:
    names = [sheet_name(r) for r in worked.results]
    assert workbook.sheetnames == [SUMMARY, *names, "Qualité", "Données"]
    assert names[0] == "I01 Cartographie des acteurs"
    assert all(len(n) <= 31 for n in names)


def test_summary_names_territory_period_referential_and_every_value(workbook: Any, worked: Report) -> None:
    ws = workbook[SUMMARY]
    texts = [c.value for row in _rows(ws) for c in row if isinstance(c.value, str)]
    assert any(worked.territory.name in t for t in texts)
    period_row = _find(ws, "Période")
    label, start, end = (ws.cell(period_row, c) for c in (2, 3, 4))
    assert label.value == worked.period.label
    assert start.value.date() == dt.date(2024, 1, 1)
    assert end.value.date() == dt.date(2024, 12, 31)
    assert start.number_format == DATE
    r = worked.referential
    assert f"Référentiel : {r.title} — {r.id}, révision {r.revision}" in texts
    header = _find(ws, "Indicateurs") + 1
    assert [c.value for c in ws[header]][:7] == [
        "Code",
        "Indicateur",
        "Valeur",
        "Unité",
        "Statut",
        "Drapeaux",
        "En clair",
    ]
    assert ws.freeze_panes == f"A{header + 1}"
    assert _find(ws, "Qualité des données") < header  # the data quality comes before any figure
    for offset, result in enumerate(worked.results, start=1):
        code, label, value, unit = (ws.cell(header + offset, c) for c in (1, 2, 3, 4))
        assert (code.value, label.value) == (result.code, result.label)
        assert value.value == pytest.approx(result.value)
        assert code.hyperlink.location == f"{quote_sheetname(sheet_name(result))}!A1"
        expected = {"part": PERCENT, "€": EURO, "indice": DECIMAL}.get(result.unit, INTEGER)
        assert value.number_format == expected, result.code
        assert unit.value == ("%" if result.unit == "part" else result.unit)


def test_summary_groups_the_issues_by_file_and_cause(tmp_path: Path) -> None:
    more = (
        Issue(code="valeur_inconnue", severity=Severity.ERROR, message="x", file="actions.csv", line=12),
        Issue(code="date_invalide", severity=Severity.ERROR, message="y", file="actions.csv", line=30, column="date"),
        Issue(code="valeur_inconnue", severity=Severity.WARNING, message="z", file="lieux.csv", line=2),
    )
    out = tmp_path / "q.xlsx"
    render(make_report(issues=ISSUES + more), "xlsx", output=out, specs={})
    ws = load_workbook(out)[SUMMARY]
    files = _find(ws, "Fichier")
    by_file = {r[0]: r[1:7] for r in ws.iter_rows(min_row=files + 1, max_row=files + 3, values_only=True)}
    # actions.csv: three errors on two lines (12 twice, 30) -> two rows rejected; rows read unknown
    assert by_file == {
        "actions.csv": (None, None, 2, 3, 0, 0),
        "(hors fichier)": (None, None, 0, 0, 1, 0),
        "lieux.csv": (None, None, 0, 0, 1, 0),
    }
    causes = _find(ws, "Cause", column=4)
    assert [c.value for c in ws[causes]][:4] == ["Code", "Gravité", "Signalements", "Cause"]
    rows = list(ws.iter_rows(min_row=causes + 1, max_row=causes + 3, max_col=4, values_only=True))
    # grouped by cause as in every format: errors first, the largest first, highest severity
    assert rows == [
        ("valeur_inconnue", "erreur", 3, IssueCode.VALEUR_INCONNUE.label),
        ("date_invalide", "erreur", 1, IssueCode.DATE_INVALIDE.label),
        ("acteur_non_localise", "avertissement", 1, IssueCode.ACTEUR_NON_LOCALISE.label),
    ]
    link = ws.cell(causes + 4, 1)
    assert link.hyperlink.location == f"{quote_sheetname('Qualité')}!A1"
    i11 = _find(ws, "I11")
    assert ws.cell(i11, 3).value is None
    assert ws.cell(i11, 5).value == "non calculable : aucune action de coordination déclarée"
    quality = load_workbook(out)["Qualité"]
    assert quality.max_row == 1 + len(ISSUES) + len(more)
    assert quality.freeze_panes == "A2"
    assert quality.auto_filter.ref == f"A1:H{1 + len(ISSUES) + len(more)}"
    assert quality["C2"].value == IssueCode.VALEUR_INCONNUE.label
    data = load_workbook(out)["Données"]
    assert data.auto_filter.ref == f"A1:H{data.max_row}"


def test_indicator_sheet_headline_components_and_mapping_chart(workbook: Any, worked: Report) -> None:
    result = worked["I03"]
    ws = workbook[sheet_name(result)]
    assert ws["A1"].value == "I03 — Médiateurs et aidants numériques"
    spec = catalogue_specs(worked)["I03"]
    assert ws["A2"].value.startswith("Médiateurs et aidants en poste : 3")
    assert ws["A3"].value == spec.definition
    assert [c.value for c in ws[4]][:3] == ["Mesure", "Valeur", "Unité"]
    assert (ws["A5"].value, ws["B5"].value, ws["B5"].number_format) == ("Médiateurs et aidants en poste", 3, INTEGER)
    assert ws.freeze_panes == "A6"
    etp = _find(ws, "Équivalents temps plein")
    assert (ws.cell(etp, 2).value, ws.cell(etp, 2).number_format, ws.cell(etp, 3).value) == (1.7, DECIMAL, "ETP")
    header = _find(ws, "Par rôle")
    by_role = result.components["par_role"]
    assert isinstance(by_role, dict)
    rows = list(ws.iter_rows(min_row=header + 1, max_row=header + len(by_role), max_col=2, values_only=True))
    record = spec.component("par_role")
    assert record is not None
    assert rows == [(record.key_label(k), v) for k, v in by_role.items()]
    assert ("Médiateur numérique", 1) in rows
    (chart,) = ws._charts
    title = quote_sheetname(ws.title)
    last = header + len(by_role)
    assert _chart_refs(chart) == (f"{title}!$B${header + 1}:$B${last}", f"{title}!$A${header + 1}:$A${last}")
    assert type(chart).__name__ == "BarChart"


def test_breakdown_by_commune_with_names_unit_and_chart(workbook: Any, worked: Report) -> None:
    result = worked["I06"]
    ws = workbook[sheet_name(result)]
    header = _find(ws, "Code INSEE")
    assert [c.value for c in ws[header]][:3] == ["Code INSEE", "Commune", "accompagnements pour 1\u00a0000 habitants"]
    assert ws.cell(header - 1, 1).value == "Accompagnements rapportés à la population — par commune"
    by_commune = result.by_commune or {}
    names = {c.code_insee: c.name for c in worked.territory.communes}
    rows = list(ws.iter_rows(min_row=header + 1, max_row=header + len(by_commune), max_col=3, values_only=True))
    assert rows == [(k, names[k], pytest.approx(v)) for k, v in by_commune.items()]
    assert {ws.cell(header + 1 + i, 3).number_format for i in range(len(by_commune))} == {DECIMAL}
    (chart,) = ws._charts
    title = quote_sheetname(ws.title)
    last = header + len(by_commune)
    assert _chart_refs(chart) == (f"{title}!$C${header + 1}:$C${last}", f"{title}!$B${header + 1}:$B${last}")
    share = _find(ws, "Part des accompagnements en QPV")
    assert ws.cell(share, 2).number_format == PERCENT
    centre = _find(ws, "Ville-centre")
    assert ws.cell(centre, 2).value == "99001 Alpha"


def test_amounts_in_euros_and_fitted_widths(workbook: Any, worked: Report) -> None:
    ws = workbook[sheet_name(worked["I10"])]
    header = _find(ws, "Par financeur")
    first = next(iter(worked["I10"].components["par_financeur"]))  # type: ignore[arg-type]
    assert first == "etat_conseiller_numerique"
    assert ws.cell(header + 1, 1).value == Funder(first).label
    assert ws.cell(header + 1, 2).number_format == EURO
    assert ws.cell(5, 2).number_format == EURO
    width = ws.column_dimensions["A"].width
    longest = max(len(str(c.value)) for c in ws["A"][3:] if c.value is not None)
    assert longest + 2 == width  # fitted to the longest cell of the tables (title, sentence, definition overflow)
    assert len(str(ws["A3"].value)) > width


def test_every_mapping_and_breakdown_has_its_chart(workbook: Any, worked: Report) -> None:
    for result in worked.results:
        ws = workbook[sheet_name(result)]
        mappings = [v for v in result.components.values() if isinstance(v, dict) and v]
        expected = len(mappings) + (1 if result.by_commune else 0)
        assert len(ws._charts) == expected, result.code


def test_series_workbook_one_column_per_period_and_a_line_chart_per_indicator(tmp_path: Path) -> None:
    dataset = worked_example()
    periods = [Period.parse(f"2024-T{q}") for q in range(1, 5)]
    reports = [evaluate(dataset, p) for p in periods]
    out = tmp_path / "serie.xlsx"
    render(reports, "xlsx", output=out)
    wb = load_workbook(out)
    summary = wb[SUMMARY]
    header = _find(summary, "Évolution des indicateurs") + 1
    assert [c.value for c in summary[header]][3:8] == [*(p.label for p in periods), f"En clair ({periods[-1].label})"]
    assert summary.freeze_panes == f"D{header + 1}"
    i04 = _find(summary, "I04")
    assert [summary.cell(i04, 4 + i).value for i in range(4)] == [r["I04"].value for r in reports]
    for result in reports[0].results:
        ws = wb[sheet_name(result)]
        assert ws["A2"].value.startswith(f"{periods[-1].label} — ")
        assert [c.value for c in ws[4]][:6] == ["Mesure", "Unité", *(p.label for p in periods)]
        assert ws.freeze_panes == "C5"
        values = [ws.cell(5, 3 + i).value for i in range(4)]
        assert values == [pytest.approx(r[result.code].value) for r in reports]
        (chart,) = ws._charts
        assert type(chart).__name__ == "LineChart"
        assert chart.series[0].smooth is False
        title = quote_sheetname(ws.title)
        assert _chart_refs(chart) == (f"{title}!$C$5:$F$5", f"{title}!$C$4:$F$4")
    i06 = wb[sheet_name(reports[0]["I06"])]
    communes = _find(i06, "Code INSEE")
    assert [c.value for c in i06[communes]][:6] == ["Code INSEE", "Commune", *(p.label for p in periods)]
    table = list(i06.iter_rows(min_row=communes + 1, max_row=communes + 3, max_col=6, values_only=True))
    assert [row[:2] for row in table] == [("99001", "Alpha"), ("99002", "Beta"), ("99003", "Gamma")]
    for row in table:
        assert list(row[2:]) == [pytest.approx((r["I06"].by_commune or {}).get(row[0])) for r in reports]
    i03 = wb[sheet_name(reports[0]["I03"])]
    role = _find(i03, "Par rôle : Médiateur numérique")
    expected = [r["I03"].components["par_role"]["mediateur"] for r in reports]  # type: ignore[index]
    assert [i03.cell(role, 3 + i).value for i in range(4)] == expected


def test_masked_cells_stay_masked(tmp_path: Path, worked: Report) -> None:
    out = tmp_path / "secret.xlsx"
    render(worked, "xlsx", output=out, secrecy=2)
    _, masking = apply_secrecy(worked, 2)
    assert ("I03", "components", "par_role", "mediateur") in masking.paths
    wb = load_workbook(out)
    ws = wb[sheet_name(worked["I03"])]
    marker = ws.cell(_find(ws, "Médiateur numérique"), 2)
    assert (marker.value, marker.alignment.horizontal) == (MARKER, "right")
    i06 = wb[sheet_name(worked["I06"])]
    for insee in ("99001", "99002", "99003"):
        masked = ("I06", "by_commune", insee) in masking.paths
        assert (i06.cell(_find(i06, insee), 3).value == MARKER) is masked
    summary = [c.value for row in _rows(wb[SUMMARY]) for c in row if isinstance(c.value, str)]
    assert any("secret statistique" in t for t in summary)


def test_write_is_atomic(tmp_path: Path, worked: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl import Workbook

    out = tmp_path / "rapport.xlsx"
    out.write_bytes(b"previous")

    def broken(self: Any, filename: Any) -> None:
        Path(filename).write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(Workbook, "save", broken)
    with pytest.raises(OSError, match="disk full"):
        write_xlsx([worked], out, overwrite=True)
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.xlsx"]


def test_written_file_has_ordinary_permissions(tmp_path: Path, worked: Report) -> None:
    previous = os.umask(0o022)
    try:
        out = tmp_path / "nouveau.xlsx"
        write_xlsx([worked], out)
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        kept = tmp_path / "existant.xlsx"
        kept.write_bytes(b"")
        kept.chmod(0o640)
        write_xlsx([worked], kept, overwrite=True)
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    finally:
        os.umask(previous)


def test_series_summary_keeps_each_value_under_its_period(tmp_path: Path) -> None:
    dataset = worked_example()
    first = evaluate(dataset, Period.parse("2024-T1"), indicators=["I01", "I04"])
    second = evaluate(dataset, Period.parse("2024-T2"), indicators=["I04"])
    third = evaluate(dataset, Period.parse("2024-T3"), indicators=["I01", "I04"])
    out = tmp_path / "serie.xlsx"
    render([first, second, third], "xlsx", output=out)
    ws = load_workbook(out)[SUMMARY]
    i01 = _find(ws, "I01")
    assert [ws.cell(i01, 4 + i).value for i in range(3)] == [first["I01"].value, None, third["I01"].value]


def test_a_list_of_communes_is_counted_then_listed_with_names(workbook: Any, worked: Report) -> None:
    ws = workbook[sheet_name(worked["I02"])]
    codes = worked["I02"].components["communes_non_couvertes"]
    assert codes == ("99003",)
    row = _find(ws, "Communes non couvertes")
    assert (ws.cell(row, 2).value, ws.cell(row, 2).number_format, ws.cell(row, 3).value) == (1, INTEGER, "communes")
    title = next(r for r in range(row + 1, ws.max_row + 1) if ws.cell(r, 1).value == "Communes non couvertes")
    assert [c.value for c in ws[title + 1]][:2] == ["Code INSEE", "Commune"]
    assert (ws.cell(title + 2, 1).value, ws.cell(title + 2, 2).value) == ("99003", "Gamma")
    assert ws.cell(title + 3, 1).value is None


@settings(max_examples=12, suppress_health_check=[HealthCheck.too_slow])
@given(ds=datasets(), period=periods(), threshold=st.none() | st.integers(1, 12))
def test_any_report_workbook_holds_the_report_values(ds: Any, period: Period, threshold: int | None) -> None:
    report = evaluate(ds, period)
    masked, masking = apply_secrecy(report, threshold) if threshold is not None else (report, None)

    def expected(value: object, *path: str) -> object:
        if masking is not None and masking.masked(*path):
            return MARKER
        return None if isinstance(value, float) and not math.isfinite(value) else value

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "r.xlsx"
        render(report, "xlsx", output=out, secrecy=threshold)
        wb = load_workbook(out)
    summary = wb[SUMMARY]
    header = _find(summary, "Indicateurs") + 1
    texts = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@"))]
    for offset, result in enumerate(masked.results, start=1):
        assert summary.cell(header + offset, 1).value == result.code
        assert summary.cell(header + offset, 3).value == pytest.approx(expected(result.value, result.code))
        ws = wb[sheet_name(result)]
        by_commune = result.by_commune or {}
        if by_commune:
            title = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value).endswith("— par commune"))
            top = title + 1
            assert ws.cell(top, 1).value == "Code INSEE"
            rows = ws.iter_rows(min_row=top + 1, max_row=top + len(by_commune), max_col=3, values_only=True)
            shown = {row[0]: row[2] for row in rows}
            assert shown == {k: pytest.approx(expected(v, result.code, "by_commune", k)) for k, v in by_commune.items()}
        mappings = [v for v in result.components.values() if isinstance(v, dict) and v]
        hidden = [
            n
            for n, v in result.components.items()
            if isinstance(v, dict) and v and expected(0, result.code, "components", n) == MARKER
        ]
        assert len(ws._charts) == len(mappings) - len(hidden) + (1 if by_commune else 0)


def test_summary_opens_with_the_data_quality_verdict_first(tmp_path: Path, worked: Report) -> None:
    load = LoadReport(
        source="donnees",
        files=(
            FileCount(file="actions.csv", read=40, loaded=10, rejected=30),
            FileCount(file="lieux.csv", read=5, loaded=5, rejected=0),
        ),
    )
    summary = quality_summary(worked, load=load)
    assert summary.failed
    out = tmp_path / "rejets.xlsx"
    render(worked, "xlsx", output=out, quality=summary)
    ws = load_workbook(out)[SUMMARY]
    heading = _find(ws, "Qualité des données")
    assert ws.cell(heading + 1, 1).value == summary.verdicts[0]
    assert ws.cell(heading + 1, 1).font.bold
    assert ws.cell(heading + 2, 1).value == summary.facts()[0]
    files = _find(ws, "Fichier")
    rows = {r[0]: r[1:4] for r in ws.iter_rows(min_row=files + 1, max_row=files + 2, values_only=True)}
    assert rows == {"actions.csv": (40, 10, 30), "lieux.csv": (5, 5, 0)}
    assert heading < files < _find(ws, "Indicateurs")


def test_every_indicator_says_its_headline_sentence(workbook: Any, worked: Report) -> None:
    specs = catalogue_specs(worked)
    names = {c.code_insee: c.name for c in worked.territory.communes}
    summary = workbook[SUMMARY]
    header = _find(summary, "Indicateurs") + 1
    assert summary.cell(header, 7).value == "En clair"
    for offset, result in enumerate(worked.results, start=1):
        sentence = headline_sentence(result, specs.get(result.code), None, names)
        assert workbook[sheet_name(result)]["A2"].value == sentence
        assert summary.cell(header + offset, 1).value == result.code
        assert summary.cell(header + offset, 7).value == sentence


def test_a_report_without_issue_says_so_first(tmp_path: Path) -> None:
    out = tmp_path / "propre.xlsx"
    render(make_report(issues=()), "xlsx", output=out, specs={})
    ws = load_workbook(out)[SUMMARY]
    assert ws.cell(_find(ws, "Qualité des données") + 1, 1).value == "Aucun signalement."
    with pytest.raises(AssertionError):
        _find(ws, "Fichier")
